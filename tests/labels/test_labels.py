import pandas as pd
import pytest

from demandlens.labels import (
    LabelConflictError,
    LabelsFileError,
    LabelStore,
    ThemeLabel,
    draw_review_sample,
    mark_merged,
    merge_labels,
    progress,
    record_judgement,
    remove_judgement,
    restore_label,
    set_label,
    start_review,
)
from demandlens.labels.taxonomy import TaxonomyError, load_taxonomy

TAX = load_taxonomy()


def test_set_label_validates_against_taxonomy_and_returns_new_dict():
    labels = {}
    new = set_label(labels, "th-1", taxonomy=TAX, name="Late", demand_type="failure",
                    failing_process="delivery", sub_process="last_mile", by="anna")
    assert labels == {} and new["th-1"].sub_process == "last_mile" and new["th-1"].labelled_by == "anna"
    with pytest.raises(ValueError, match="demand_type must be one of"):
        set_label(new, "th-1", demand_type="failed")
    with pytest.raises(TaxonomyError, match="Unknown failure type"):
        set_label(new, "th-1", taxonomy=TAX, failure_type="exploded")
    # changing the process clears a sub-process that belonged to the old one
    assert set_label(new, "th-1", taxonomy=TAX, failing_process="returns")["th-1"].sub_process is None


def test_review_sample_is_stratified_and_deterministic():
    df = pd.DataFrame({"ticket_id": [f"t{i:03d}" for i in range(100)],
                       "language": ["sv"] * 70 + ["da"] * 20 + ["en"] * 10})
    a = draw_review_sample(df, 10, seed=7)
    assert a == draw_review_sample(df.sample(frac=1, random_state=1), 10, seed=7)
    assert a != draw_review_sample(df, 10, seed=8)
    langs = df.set_index("ticket_id").loc[a, "language"].value_counts().to_dict()
    assert langs == {"sv": 7, "da": 2, "en": 1}
    assert sorted(draw_review_sample(df.head(4), 10, seed=1)) == list(df.head(4)["ticket_id"])


def test_judgements_are_recorded_in_the_review():
    labels = start_review({}, "th-1", ["a", "b", "c", "d"], seed=3)
    with pytest.raises(ValueError, match="not in the review sample"):
        record_judgement(labels, "th-1", "zzz", "failure")
    for tid, dt in zip("abcd", ["failure", "failure", "failure", "value"], strict=True):
        labels = record_judgement(labels, "th-1", tid, dt, failing_process="ordering" if tid == "a" else None)
    judged = [j["demand_type"] for j in labels["th-1"].review.judgements.values()]
    assert judged == ["failure", "failure", "failure", "value"]
    assert labels["th-1"].review.judgements["a"] == {"demand_type": "failure", "failing_process": "ordering"}


def test_progress_text():
    themes = pd.DataFrame({"theme_key": ["a", "b", "c"], "size": [60, 30, 10]})
    labels = {"a": ThemeLabel(demand_type="failure"), "b": ThemeLabel(name="no type yet")}
    p = progress(labels, themes)
    assert p["text"] == "1 of 3 themes labelled, covering 60% of tickets"
    assert progress(labels, themes, n_tickets=120)["ticket_coverage"] == pytest.approx(0.5)


def test_store_roundtrip_backups_and_human_yaml(tmp_path):
    store = LabelStore(tmp_path / "labels.yaml", backups=2)
    store.load()
    labels = set_label({}, "th-1", name="Försenat paket", demand_type="failure")
    for i in range(4):
        labels = store.save(set_label(labels, "th-1", notes=f"n{i}"))
    text = (tmp_path / "labels.yaml").read_text(encoding="utf-8")
    assert text.startswith("# demandlens labels") and "Försenat paket" in text
    body = text[text.index("themes:"):]
    assert body.index("name:") < body.index("demand_type:") < body.index("notes:")
    assert [p.name for p in store.backup_paths()] == [".labels.yaml.bak.1", ".labels.yaml.bak.2"]
    assert "notes: n2" in store.backup_paths()[0].read_text(encoding="utf-8")
    assert LabelStore(tmp_path / "labels.yaml").load() == labels


def test_load_errors_name_the_line_and_unknown_process_warns(tmp_path):
    path = tmp_path / "labels.yaml"
    path.write_text("version: 1\nthemes:\n  th-1:\n    name: x\n    demand_type: maybe\n", encoding="utf-8")
    with pytest.raises(LabelsFileError, match="line 5: theme th-1: demand_type must be one of"):
        LabelStore(path).load()
    path.write_text("version: 1\nthemes:\n  th-1:\n    nmae: x\n", encoding="utf-8")
    with pytest.raises(LabelsFileError, match="line 4: .*unknown field 'nmae'"):
        LabelStore(path).load()
    path.write_text("version: 1\nthemes:\n  th-1: {name: x\n", encoding="utf-8")
    with pytest.raises(LabelsFileError, match="line 4"):
        LabelStore(path).load()
    path.write_text("version: 1\nthemes:\n  th-1: {demand_type: failure, failing_process: shipping}\n",
                    encoding="utf-8")
    store = LabelStore(path, taxonomy=TAX)
    assert store.load()["th-1"].failing_process == "shipping"
    assert "Unknown process 'shipping'" in store.warnings[0]


def test_two_writers_merge_or_conflict(tmp_path):
    path = tmp_path / "labels.yaml"
    a, b = LabelStore(path), LabelStore(path)
    la, lb = a.load(), b.load()
    la = a.save(set_label(la, "th-A", demand_type="failure"))
    lb = b.save(set_label(lb, "th-B", demand_type="value"))  # different keys: merged
    assert set(lb) == {"th-A", "th-B"} and set(LabelStore(path).load()) == {"th-A", "th-B"}
    lb = b.save(set_label(lb, "th-A", name="theirs"))  # b edits th-A, which a also edits
    before = path.read_text(encoding="utf-8")
    with pytest.raises(LabelConflictError, match="th-A"):
        a.save(set_label(la, "th-A", notes="ours"))
    assert path.read_text(encoding="utf-8") == before  # nothing silently overwritten


def test_merge_labels_and_mark_merged():
    base = {"x": ThemeLabel(name="x")}
    merged, conflicts = merge_labels(base, {**base, "y": ThemeLabel(name="y")}, {})
    assert merged == {"y": ThemeLabel(name="y")} and conflicts == []  # theirs deleted x, we added y
    out = mark_merged({"a": ThemeLabel(name="a"), "b": ThemeLabel(name="b")}, ["a", "b"], "b")
    assert out["a"].merged_into == "b" and out["b"].merged_into is None


def test_load_labels_reads_the_file_or_returns_nothing(tmp_path):
    from demandlens.labels.edits import LabelStore, load_labels, set_label

    path = tmp_path / "labels.yaml"
    assert load_labels(path) == {}
    LabelStore(path).save(set_label({}, "th-abc123", name="Parcel late", demand_type="failure"))
    loaded = load_labels(path)
    assert loaded["th-abc123"].name == "Parcel late"
    assert loaded["th-abc123"].demand_type == "failure"


def test_undo_puts_a_label_back_and_a_judgement_can_be_taken_back():
    labels = set_label({}, "th-1", taxonomy=TAX, name="Late", demand_type="failure")
    before = labels["th-1"]
    edited = set_label(labels, "th-1", taxonomy=TAX, demand_type="value", failing_process="delivery")
    assert restore_label(edited, "th-1", before)["th-1"] == before
    # undoing the first edit of a theme leaves an empty entry: the file never loses a key
    blank = restore_label(edited, "th-2", None)
    assert "th-2" in blank and not blank["th-2"].is_labelled and blank["th-1"] == edited["th-1"]
    reviewed = start_review(labels, "th-1", ["a", "b"], seed=1)
    reviewed = record_judgement(record_judgement(reviewed, "th-1", "a", "failure"), "th-1", "b", "value")
    taken = remove_judgement(reviewed, "th-1", "b")
    assert taken["th-1"].review.judgements == {"a": {"demand_type": "failure"}}
    assert taken["th-1"].review.sample == ("a", "b")  # still sampled: judged again next
    assert reviewed["th-1"].review.judgements["b"] == {"demand_type": "value"}  # input unchanged
    with pytest.raises(ValueError, match="has no judgement"):
        remove_judgement(taken, "th-1", "b")
