import yaml

from _label_fixtures import tiny_run
from demandlens import themes
from demandlens.app.widget import label


def _file(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["themes"]


def test_form_changes_are_saved_at_once(tmp_path):
    wb = label(tiny_run(), labels_path="labels.yaml", project_dir=tmp_path)
    assert wb.key == "th-aaa111"  # largest unlabelled theme first
    wb.name.value = "Parcel late"
    wb.key_box.value = "1"  # keyboard: failure
    wb.process.value = "delivery"
    wb.sub_process.value = "last_mile"
    saved = _file(tmp_path / "labels.yaml")["th-aaa111"]
    assert saved["name"] == "Parcel late" and saved["demand_type"] == "failure"
    assert (saved["failing_process"], saved["sub_process"]) == ("delivery", "last_mile")
    assert "1 of 3 themes labelled, covering 55% of tickets" in wb.status.value
    wb.key_box.value = "1j"
    assert wb.key == "th-bbb222" and wb.name.value == "" and wb.demand.value == ""


def test_review_sample_from_keys(tmp_path):
    wb = label(tiny_run(), labels_path=tmp_path / "labels.yaml")
    wb.key_box.value = "r"
    review = _file(tmp_path / "labels.yaml")["th-aaa111"]["review"]
    assert len(review["sample"]) == 10 and isinstance(review["seed"], int)
    wb.key_box.value = "rffv"
    judged = _file(tmp_path / "labels.yaml")["th-aaa111"]["review"]["judgements"]
    assert [j["demand_type"] for j in judged.values()] == ["failure", "failure", "value"]
    assert "from 3 reviewed tickets" in wb.review.estimate.value


def test_merge_from_ui_updates_list_and_keeps_labels(tmp_path):
    wb = label(tiny_run(), labels_path=tmp_path / "labels.yaml", theme_ops=themes)
    wb.step(1)
    wb.step(1)
    assert wb.key == "th-ccc333"
    wb.name.value = "Opening hours"
    wb.merge_current("th-bbb222")
    keys = [k for _, k in wb.themes.options]
    assert "th-ccc333" not in keys and wb.key == "th-bbb222"
    assert _file(tmp_path / "labels.yaml")["th-ccc333"]["merged_into"] == "th-bbb222"
    assert "Merged th-ccc333 into th-bbb222" in wb.status.value


def test_unknown_process_in_file_is_a_message_not_a_crash(tmp_path):
    (tmp_path / "labels.yaml").write_text(
        "version: 1\nthemes:\n  th-aaa111: {demand_type: failure, failing_process: shipping}\n",
        encoding="utf-8")
    wb = label(tiny_run(), labels_path=tmp_path / "labels.yaml")
    assert "Unknown process" in wb.status.value
    wb.themes.value = "th-aaa111"  # the analyst clicks the (labelled, so last) theme
    assert wb.process.value == "shipping"  # kept visible, marked "not in taxonomy"
