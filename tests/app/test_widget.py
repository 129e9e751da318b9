"""The workbench's Python half: every message from the browser, through the pure functions.

The browser sends ``{"action": ..., ...}``; these tests send the same messages (``_send``) and
assert on the files the workbench writes and on what it sends back (its synced traits).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from _label_fixtures import tiny_run
from demandlens.app import widget_views as V
from demandlens.app.widget import KEYS, label
from demandlens.run import Run


def _file(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["themes"]


def _send(wb, action, **args):
    wb._on_msg(wb, {"action": action, **args}, None)


@pytest.fixture
def saved(tmp_path):
    """The tiny run saved to a folder (the workbench writes theme edits there), in memory with
    its embeddings so split can run."""
    run = tiny_run()
    run.save(tmp_path / "run")
    return run, tmp_path


def test_form_changes_are_saved_at_once_and_shown(saved):
    run, tmp = saved
    wb = label(run, labels_path="labels.yaml", project_dir=tmp)
    assert wb.selected == "th-aaa111" and [r["key"] for r in wb.themes][:1] == ["th-aaa111"]
    _send(wb, "set", field="name", value="Parcel late")
    _send(wb, "set", field="demand_type", value="failure")
    _send(wb, "set", field="failing_process", value="delivery")
    _send(wb, "set", field="sub_process", value="last_mile")
    got = _file(tmp / "labels.yaml")["th-aaa111"]
    assert (got["name"], got["demand_type"], got["failing_process"], got["sub_process"]) == (
        "Parcel late", "failure", "delivery", "last_mile")
    assert wb.theme["label"]["name"] == "Parcel late"
    assert wb.themes[0]["title"] == "Parcel late" and wb.themes[0]["labelled"]
    assert "unlabelled" not in {b["id"] for b in wb.themes[0]["badges"]}
    assert "1 of 3 themes labelled" in wb.status["progress"] and "labels.yaml" in wb.status["saved"]
    _send(wb, "select", key="th-bbb222")
    assert wb.theme["key"] == "th-bbb222" and wb.theme["label"] == {}


def test_bad_value_is_a_message_and_nothing_is_written(saved):
    run, tmp = saved
    wb = label(run, labels_path=tmp / "labels.yaml")
    _send(wb, "set", field="failing_process", value="shipping")
    assert wb.status["level"] == "error" and "Unknown process" in wb.status["message"]
    assert not (tmp / "labels.yaml").exists()


def test_review_draw_judge_undo_and_take_back(saved):
    run, tmp = saved
    wb = label(run, labels_path=tmp / "labels.yaml")
    _send(wb, "draw")
    review = _file(tmp / "labels.yaml")["th-aaa111"]["review"]
    assert len(review["sample"]) == 10 and isinstance(review["seed"], int)
    assert wb.theme["review"]["current"] == review["sample"][0]
    for dt in ("failure", "failure", "value"):
        _send(wb, "judge", demand_type=dt)
    judged = _file(tmp / "labels.yaml")["th-aaa111"]["review"]["judgements"]
    assert [j["demand_type"] for j in judged.values()] == ["failure", "failure", "value"]
    assert "On 3 reviews (2 failure, 1 value)" in wb.theme["review"]["explain"]
    _send(wb, "undo")
    judged = _file(tmp / "labels.yaml")["th-aaa111"]["review"]["judgements"]
    assert [j["demand_type"] for j in judged.values()] == ["failure", "failure"]
    assert wb.history["redo"] == [f"judged {review['sample'][2]} as value"]
    _send(wb, "unjudge", ticket_id=review["sample"][0])
    judged = _file(tmp / "labels.yaml")["th-aaa111"]["review"]["judgements"]
    assert list(judged) == [review["sample"][1]]
    assert wb.theme["review"]["current"] == review["sample"][0]  # judged again next
    _send(wb, "redo")  # the redo stack was cleared by the new edit
    assert "Nothing to redo" in wb.status["message"]
    _send(wb, "judge", demand_type="failure", failing_process="ordering")  # another process
    judged = _file(tmp / "labels.yaml")["th-aaa111"]["review"]["judgements"]
    assert judged[review["sample"][0]] == {"demand_type": "failure", "failing_process": "ordering"}


def test_explanation_says_what_the_fraction_rests_on(saved):
    run, tmp = saved
    wb = label(run, labels_path=tmp / "labels.yaml")
    assert "Not labelled yet" in wb.theme["review"]["explain"]
    _send(wb, "set", field="demand_type", value="failure")
    assert "Rests on the label only" in wb.theme["review"]["explain"]
    assert "Other" in wb.theme["review"]["other_means"]


def test_undo_and_redo_of_label_edits_reach_the_file(saved):
    run, tmp = saved
    wb = label(run, labels_path=tmp / "labels.yaml")
    _send(wb, "set", field="name", value="Late")
    _send(wb, "set", field="name", value="Later")
    _send(wb, "undo")
    assert _file(tmp / "labels.yaml")["th-aaa111"]["name"] == "Late"
    _send(wb, "undo")
    assert _file(tmp / "labels.yaml")["th-aaa111"]["name"] == ""  # the entry stays, emptied
    _send(wb, "redo")
    assert _file(tmp / "labels.yaml")["th-aaa111"]["name"] == "Late"
    assert wb.theme["label"]["name"] == "Late"


def test_merge_in_the_workbench_writes_the_run_folder(saved):
    # Before the anywidget workbench, merge said "saved" but only the labels file was written.
    run, tmp = saved
    wb = label(run, labels_path=tmp / "labels.yaml")
    _send(wb, "select", key="th-ccc333")
    _send(wb, "set", field="name", value="Opening hours")
    _send(wb, "merge", other="th-bbb222")
    assert "Merged th-ccc333 into th-bbb222" in wb.status["message"]
    on_disk = Run.open(tmp / "run")
    assert sorted(on_disk.themes["theme_key"]) == ["th-aaa111", "th-bbb222"]
    assert int(on_disk.themes.set_index("theme_key").at["th-bbb222", "size"]) == 10
    assert [op["op"] for op in on_disk.operations] == ["merge"]
    assert _file(tmp / "labels.yaml")["th-ccc333"]["merged_into"] == "th-bbb222"
    assert [r["key"] for r in wb.themes] == ["th-aaa111", "th-bbb222"] and wb.selected == "th-bbb222"
    assert "merged" in {b["id"] for b in wb.themes[1]["badges"]}
    _send(wb, "undo")
    on_disk = Run.open(tmp / "run")
    assert sorted(on_disk.themes["theme_key"]) == ["th-aaa111", "th-bbb222", "th-ccc333"]
    assert on_disk.operations == []
    assert "merged_into" not in _file(tmp / "labels.yaml")["th-ccc333"]
    _send(wb, "redo")
    assert [op["op"] for op in Run.open(tmp / "run").operations] == ["merge"]


def test_split_preview_then_accept_then_undo(saved):
    run, tmp = saved
    wb = label(run, labels_path=tmp / "labels.yaml")
    _send(wb, "split_preview", n=2)
    parts = wb.split_preview["parts"]
    assert len(parts) == 2 and sum(p["size"] for p in parts) == 12
    assert Run.open(tmp / "run").operations == []  # a preview writes nothing
    _send(wb, "split_accept")
    on_disk = Run.open(tmp / "run")
    assert [op["op"] for op in on_disk.operations] == ["split"]
    assert set(on_disk.themes["theme_key"]) == {"th-bbb222", "th-ccc333", *(p["key"] for p in parts)}
    assert wb.split_preview == {} and wb.selected == parts[0]["key"]
    _send(wb, "undo")
    assert Run.open(tmp / "run").operations == []
    assert "th-aaa111" in {r["key"] for r in wb.themes}


def test_move_tickets_and_assign_outliers(saved):
    run, tmp = saved
    wb = label(run, labels_path=tmp / "labels.yaml")
    _send(wb, "move", ticket_ids=["AAA-00", "AAA-01"], to=None)
    rows = {r["key"]: r for r in wb.themes}
    assert rows[V.OUTLIERS]["size"] == 2 and rows["th-aaa111"]["size"] == 10
    _send(wb, "select", key=V.OUTLIERS)
    assert {t["id"] for t in wb.theme["tickets"]} == {"AAA-00", "AAA-01"}
    _send(wb, "move", ticket_ids=["AAA-01"], to="th-ccc333")
    on_disk = Run.open(tmp / "run")
    keys = dict(zip(on_disk.tickets["ticket_id"], on_disk.tickets["theme_key"], strict=True))
    assert keys["AAA-01"] == "th-ccc333" and pd.isna(keys["AAA-00"])
    assert [op["op"] for op in on_disk.operations] == ["move", "move"]


def test_theme_edit_without_a_run_folder_says_so_and_changes_nothing(tmp_path):
    wb = label(tiny_run(), labels_path=tmp_path / "labels.yaml")
    _send(wb, "merge", other="th-bbb222")
    assert wb.status["level"] == "error" and "no folder" in wb.status["message"]
    assert len(wb.themes) == 3 and not wb.edits.can_undo


def test_search_finds_text_and_ids_and_jumps(saved):
    run, tmp = saved
    wb = label(run, labels_path=tmp / "labels.yaml")
    _send(wb, "search", q="öppettider")
    assert [h["theme_key"] for h in wb.search["hits"]] == ["th-ccc333", "th-ccc333"]
    assert "2 ticket(s) match" in wb.search["text"]
    _send(wb, "search", q="bbb-03")
    assert [h["ticket_id"] for h in wb.search["hits"]] == ["BBB-03"]
    _send(wb, "select", key="th-bbb222")
    _send(wb, "focus_ticket", ticket_id="BBB-03")
    assert [t["id"] for t in wb.theme["tickets"] if t["focus"]] == ["BBB-03"]


def test_only_a_page_of_tickets_is_sent(saved):
    run, tmp = saved
    wb = label(run, labels_path=tmp / "labels.yaml")
    wb.page_size = 5
    _send(wb, "page", page=0)
    assert len(wb.theme["tickets"]) == 5 and wb.theme["n_tickets"] == 12
    assert [t["id"] for t in wb.theme["tickets"]][:3] == ["AAA-00", "AAA-01", "AAA-03"]  # representatives first
    _send(wb, "page", page=2)
    assert (wb.theme["first"], wb.theme["last"]) == (11, 12)
    assert len(json.dumps(wb.theme)) < 40_000


def test_badges_and_ticket_columns_extend_with_one_line(saved, monkeypatch):
    run, tmp = saved
    monkeypatch.setattr(V, "BADGE_SOURCES", [*V.BADGE_SOURCES,
                                             lambda run, labels: {"th-bbb222": [V.Badge("spike", "spike")]}])
    monkeypatch.setattr(V, "TICKET_COLUMNS", [*V.TICKET_COLUMNS, ("theme_id", "tier")])
    wb = label(run, labels_path=tmp / "labels.yaml")
    assert "spike" in {b["id"] for b in next(r for r in wb.themes if r["key"] == "th-bbb222")["badges"]}
    assert ("spike", "spike") in {tuple(s) for s in wb.options["statuses"]}
    assert {"name": "theme_id", "title": "tier"} in wb.theme["columns"]
    assert wb.theme["tickets"][0]["cols"]["theme_id"] == "0"


def test_keys_table_is_sent_and_covers_the_keyboard_flow(saved):
    run, tmp = saved
    wb = label(run, labels_path=tmp / "labels.yaml")
    keys = " ".join(k for k, _ in KEYS)
    for k in ("j", "k", "1", "e", "p", "r", "f", "u", "/", "?"):
        assert k in keys
    assert wb.options["keys"] == [list(k) for k in KEYS]
    assert any(p["id"] == "delivery" and "leverans" in p["aliases"] for p in wb.options["processes"])


def test_unknown_process_in_file_is_a_message_not_a_crash(saved):
    run, tmp = saved
    (tmp / "labels.yaml").write_text(
        "version: 1\nthemes:\n  th-aaa111: {demand_type: failure, failing_process: shipping}\n",
        encoding="utf-8")
    wb = label(run, labels_path=tmp / "labels.yaml")
    assert "Unknown process" in wb.status["message"]
    assert wb.theme["label"]["failing_process"] == "shipping"  # kept, shown as not in taxonomy


def test_readme_keyboard_table_is_the_workbenchs():
    import re
    from pathlib import Path

    from demandlens.app.widget import keys_markdown

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- keys:start -->\n(.*?)\n<!-- keys:end -->", readme, re.S)
    assert table and table.group(1) == keys_markdown(), "run python scripts/screenshots.py --keys-only"
