"""Checks on the shipped synthetic sample (data/sample) and its generator."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
TARGET_LANG = {"sv": 0.35, "da": 0.25, "nb": 0.20, "en": 0.20}


def _load_generator():
    name = "generate_sample"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "generate_sample.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def gen():
    return _load_generator()


@pytest.fixture(scope="module")
def tickets() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "tickets.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "gold.csv", dtype=str, keep_default_na=False)


OLD_TICKET_COLUMNS = ["id", "created_at", "channel", "subject", "body", "queue"]
OLD_GOLD_COLUMNS = ["id", "reason", "demand_type", "failing_process", "lang", "pii",
                    "mixed_language"]
#: SHA-256 of tickets.csv and gold.csv before customer ids were added (#20): the other
#: engineers' benchmarks and tests depend on these columns staying exactly as they were.
OLD_SHA256 = {
    "tickets": "fa83ac656301fc86c7d72722e36fcd609cd544b847b8a83ced6a7f4592c8734b",
    "gold": "2ceffdf18a066a8b723740d3ed750a95558d487fc677ec25f6db08da0d2108ab",
}


def test_columns(tickets, gold):
    assert list(tickets.columns) == OLD_TICKET_COLUMNS + ["customer_id"]
    assert list(gold.columns) == OLD_GOLD_COLUMNS + ["repeat_of"]


@pytest.mark.parametrize("name, old", [("tickets", OLD_TICKET_COLUMNS), ("gold", OLD_GOLD_COLUMNS)])
def test_old_columns_are_byte_identical(name, old):
    """Dropping the new columns and writing the file as the generator does gives back the
    exact bytes shipped before customer ids existed."""
    import hashlib

    frame = pd.read_csv(SAMPLE / f"{name}.csv", dtype=str, keep_default_na=False)[old]
    data = frame.to_csv(index=False, encoding="utf-8", lineterminator="\n").encode("utf-8")
    assert hashlib.sha256(data).hexdigest() == OLD_SHA256[name]


def test_customer_ids_and_repeat_chains(tickets, gold):
    ids = tickets["customer_id"]
    real = gold["reason"] != "auto_reply"
    assert ids[real].str.fullmatch(r"KND-\d{7}").all() and (ids[~real] == "").all()
    by_id = dict(zip(tickets["id"], range(len(tickets)), strict=True))
    when = pd.to_datetime(tickets["created_at"])
    chained = gold["repeat_of"] != ""
    failure = gold["demand_type"] == "failure"
    assert 0.10 <= (chained & failure).sum() / failure.sum() <= 0.20
    for row in gold[chained].itertuples():
        i, j = by_id[row.id], by_id[row.repeat_of]
        assert ids[i] == ids[j] and when[j] < when[i]  # same customer, earlier ticket
        assert gold["lang"][i] == gold["lang"][j]
    gaps = [(when[by_id[a]] - when[by_id[b]]).days for a, b in
            zip(gold.loc[chained, "id"], gold.loc[chained, "repeat_of"], strict=True)]
    assert 2 <= pd.Series(gaps).median() <= 6
    # customers also come back about unrelated matters: repeats that are not chains
    repeat_customers = ids[real].value_counts()
    assert (repeat_customers > 1).sum() > chained.sum() * 0.5


def test_customers_do_not_change_the_other_columns(gen):
    with_ids, gold_with = gen.generate(300, seed=11)
    without, gold_without = gen.generate(300, seed=11, customers=False)
    pd.testing.assert_frame_equal(with_ids.drop(columns=["customer_id"]), without)
    pd.testing.assert_frame_equal(gold_with.drop(columns=["repeat_of"]), gold_without)


def test_row_count(tickets, gold):
    assert 2000 <= len(tickets) <= 3000
    assert len(gold) == len(tickets)


def test_ids_unique_and_matching(tickets, gold):
    assert tickets["id"].is_unique
    assert gold["id"].is_unique
    assert set(gold["id"]) <= set(tickets["id"])
    assert tickets["id"].str.fullmatch(r"ZD-\d{6}").all()


def test_language_mix(gold):
    share = gold["lang"].value_counts(normalize=True)
    for lang, target in TARGET_LANG.items():
        assert abs(share.get(lang, 0.0) - target) <= 0.07, (lang, share.get(lang))


def test_reasons_and_demand(gold):
    real = gold[gold["demand_type"].isin(["failure", "value"])]
    assert real["reason"].nunique() >= 18
    failure_share = (gold["demand_type"] == "failure").mean()
    assert 0.4 <= failure_share <= 0.6
    processes = {
        "ordering", "delivery", "returns", "billing_payment", "account_login",
        "product_information", "customer_data", "subscriptions", "complaints_handling",
    }
    assert set(real["failing_process"]) <= processes
    # every reason maps to exactly one demand type and process
    assert (real.groupby("reason")[["demand_type", "failing_process"]].nunique() == 1).all().all()


def test_weeks_and_timestamps(tickets):
    ts = pd.to_datetime(tickets["created_at"], format="%Y-%m-%d %H:%M:%S")
    assert ts.dt.isocalendar().week.nunique() >= 11


def test_channels(tickets):
    assert set(tickets["channel"]) == {"email", "chat", "phone", "webform"}


def test_pii_column_values(gold):
    allowed = {"EMAIL", "PHONE", "PERSONNUMMER", "CPR", "FODSELSNUMMER", "CARD", "IBAN"}
    kinds = {k for v in gold["pii"] if v for k in v.split(";")}
    assert kinds == allowed


def test_identifier_checksums(gen):
    import random

    from stdnum import iban, luhn
    from stdnum.no import fodselsnummer
    from stdnum.se import personnummer

    r = random.Random(1)
    for _ in range(200):
        pnr = gen.make_personnummer(r)
        assert personnummer.is_valid(pnr), pnr
        assert luhn.is_valid(gen.make_card(r).replace(" ", "").replace("-", ""))
        assert fodselsnummer.is_valid(gen.make_fodselsnummer(r).replace(" ", ""))
        for cc in ("SE", "DK", "NO"):
            assert iban.is_valid(gen.make_iban(r, cc))
        order = gen.make_order(r)
        if len(order) == 10 and order.isdigit():
            assert not luhn.is_valid(order)


def test_generator_deterministic(gen):
    a_exp, a_gold = gen.generate(300, seed=11)
    b_exp, b_gold = gen.generate(300, seed=11)
    pd.testing.assert_frame_equal(a_exp, b_exp)
    pd.testing.assert_frame_equal(a_gold, b_gold)
    c_exp, _ = gen.generate(300, seed=12)
    assert not a_exp.equals(c_exp)
    assert (a_exp["body"] != c_exp["body"]).any()


def test_shipped_sample_is_reproducible(gen, tmp_path):
    """data/sample was produced by `generate_sample.py --n 2400 --seed 7` (regenerate if not)."""
    exp, gold_df = gen.generate(2400, seed=7)
    t, g = gen.write(exp, gold_df, tmp_path)
    assert t.read_bytes() == (SAMPLE / "tickets.csv").read_bytes()
    assert g.read_bytes() == (SAMPLE / "gold.csv").read_bytes()
