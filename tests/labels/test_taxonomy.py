import os
import time

import pytest

from demandlens.labels.taxonomy import TaxonomyError, TaxonomyFile, load_taxonomy, parse_taxonomy


def test_default_taxonomy_has_processes_and_failure_types():
    tax = load_taxonomy()
    for pid in ("ordering", "delivery", "returns", "billing_payment", "account_login",
                "product_information", "customer_data", "subscriptions", "complaints_handling", "other"):
        assert pid in tax.process_ids
    assert {"not_done", "done_late", "done_wrong", "done_twice", "wrong_quantity",
            "wrong_condition", "unclear_information"} <= set(tax.failure_type_ids)
    assert all(p.description for p in tax.processes)


def test_unknown_process_message_suggests_close_match():
    with pytest.raises(TaxonomyError, match="Did you mean 'delivery'"):
        load_taxonomy().validate_process("delivry")
    with pytest.raises(TaxonomyError, match="sub-process"):
        load_taxonomy().validate_process("delivery", "moon_landing")


def test_bad_yaml_and_bad_shape_name_the_line():
    with pytest.raises(TaxonomyError, match="line 3"):
        parse_taxonomy("processes:\n  - id: a\n  - id: b: c\n", source="t.yaml")
    with pytest.raises(TaxonomyError, match=r"t.yaml, line 4: .*duplicate id 'a'"):
        parse_taxonomy("processes:\n  - id: a\n    name: A\n  - id: a\n", source="t.yaml")
    with pytest.raises(TaxonomyError, match="line 3: unknown field 'colour'"):
        parse_taxonomy("processes:\n  - id: a\n    colour: red\n", source="t.yaml")


def test_taxonomy_file_follows_edits_and_keeps_last_good(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text("processes:\n  - id: delivery\n    name: Delivery\n", encoding="utf-8")
    tf = TaxonomyFile(path)
    assert tf.current().process_ids == ["delivery"]
    path.write_text("processes:\n  - id: delivery\n  - id: warehouse\n", encoding="utf-8")
    os.utime(path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    assert tf.current().process_ids == ["delivery", "warehouse"]
    path.write_text("processes: [oops\n", encoding="utf-8")
    os.utime(path, ns=(time.time_ns() + 2 * 10**9, time.time_ns() + 2 * 10**9))
    assert tf.current().process_ids == ["delivery", "warehouse"]
    assert tf.error and "line" in tf.error


def test_processes_carry_nordic_aliases_for_the_picker():
    tax = load_taxonomy()
    assert "leverans" in tax.process("delivery").aliases
    assert "faktura" in tax.process("billing_payment").aliases
    own = parse_taxonomy("processes:\n  - id: lager\n    name: Warehouse\n    aliases: [lager, varehus]\n")
    assert own.process("lager").aliases == ("lager", "varehus")
    with pytest.raises(TaxonomyError, match="line 3: aliases must be a list"):
        parse_taxonomy("processes:\n  - id: a\n    aliases: leverans\n", source="t.yaml")
