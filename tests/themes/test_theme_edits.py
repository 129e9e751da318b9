import logging

import numpy as np
import pandas as pd
import pytest

from demandlens.errors import DemandLensError
from demandlens.labels.schema import ThemeLabel
from demandlens.run import Run
from demandlens.themes.edits import (
    child_key,
    merge_themes,
    move_tickets,
    replay,
    split_theme,
    theme_key,
)


@pytest.fixture(autouse=True)
def stub_describe(monkeypatch):
    """A stand-in describe step: keywords name the theme's size, so updates are visible."""
    calls = []

    def describe_themes(tickets, X, config):
        calls.append(len(tickets))
        assigned = tickets[tickets["theme_key"].notna()]
        rows = []
        for key, grp in assigned.groupby("theme_key"):
            rows.append({"theme_key": key, "keywords": {"en": [f"n{len(grp)}"]},
                         "top_keywords": f"n{len(grp)}",
                         "representative_ids": grp["ticket_id"].head(3).tolist(),
                         "languages": grp["language"].value_counts().to_dict()})
        return pd.DataFrame(rows)

    import demandlens.themes.refresh as refresh

    monkeypatch.setattr(refresh, "describe_themes", describe_themes)
    return calls


def _make_run(seed: int = 0) -> Run:
    """Themes A (two sub-groups 25+25), B (30), C (12) and 6 outliers in 12-D."""
    rng = np.random.default_rng(seed)
    d = 12
    dirs = np.eye(d)
    parts = [
        ("A", dirs[0] + dirs[1], 25), ("A", dirs[0] - dirs[1], 25),
        ("B", dirs[2], 30), ("C", dirs[3], 12), (None, dirs[4], 6),
    ]
    X, names = [], []
    for name, centre, m in parts:
        X.append(centre + rng.normal(0, 0.05, (m, d)))
        names += [name] * m
    X = np.vstack(X).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    ids = [f"T{i:03d}" for i in range(len(names))]
    keys = {"A": theme_key(seed, [i for i, n in zip(ids, names, strict=True) if n == "A"]),
            "B": theme_key(seed, [i for i, n in zip(ids, names, strict=True) if n == "B"]),
            "C": theme_key(seed, [i for i, n in zip(ids, names, strict=True) if n == "C"])}
    tid = {"A": 0, "B": 1, "C": 2}
    tickets = pd.DataFrame({
        "ticket_id": ids,
        "theme_id": [tid.get(n, -1) for n in names],
        "theme_key": pd.Series([keys.get(n) for n in names], dtype="string"),
        "is_outlier": [n is None for n in names],
        "reassigned": [False] * len(names),
        "language": ["sv", "en"] * (len(names) // 2),
        "text": [f"text {i}" for i in range(len(names))],
    })
    themes = pd.DataFrame({
        "theme_key": [keys[n] for n in "ABC"], "theme_id": [0, 1, 2],
        "size": [50, 30, 12], "share": [50 / 98, 30 / 98, 12 / 98],
        "keywords": [{"en": ["old"]}] * 3, "top_keywords": ["old"] * 3,
        "representative_ids": [[]] * 3, "languages": [{}] * 3,
        "status": ["new"] * 3, "previous_keys": [[]] * 3,
    })
    labels = tickets["theme_id"].to_numpy()
    cents = np.vstack([X[labels == t].mean(0) for t in range(3)])
    cents /= np.linalg.norm(cents, axis=1, keepdims=True)
    return Run(tickets=tickets, themes=themes, centroids=cents.astype(np.float32), embeddings=X)


def _check_consistent(run: Run) -> None:
    t = run.tickets
    counts = t["theme_key"].dropna().value_counts()
    assert dict(zip(run.themes["theme_key"], run.themes["size"], strict=True)) == counts.to_dict()
    assert run.themes["size"].sum() + int(t["theme_key"].isna().sum()) == len(t)
    assert (t["theme_key"].isna() == (t["theme_id"] == -1)).all()
    np.testing.assert_allclose(run.themes["share"], run.themes["size"] / len(t))
    assert run.centroids.shape == (len(run.themes), run.embeddings.shape[1])
    np.testing.assert_allclose(np.linalg.norm(run.centroids, axis=1), 1, rtol=1e-5)
    assert run.themes["theme_id"].is_unique


def test_theme_key_is_stable_and_seed_dependent():
    assert theme_key(1, ["b", "a"]) == theme_key(1, ["a", "b"])
    assert theme_key(1, ["a", "b"]) != theme_key(2, ["a", "b"])
    assert theme_key(1, ["a"]).startswith("th-") and len(theme_key(1, ["a"])) == 9


def test_merge_keeps_largest_key_and_accounts_for_every_ticket():
    run = _make_run()
    a, b, c = run.themes["theme_key"]
    before = run.tickets.copy()
    merged = merge_themes(run, [c, b], name="Billing")
    pd.testing.assert_frame_equal(run.tickets, before)  # input untouched
    assert len(run.operations) == 0
    _check_consistent(merged)
    assert set(merged.themes["theme_key"]) == {a, b}
    row = merged.themes.set_index("theme_key").loc[b]
    assert row["size"] == 42 and row["status"] == "merged" and row["top_keywords"] == "n42"
    assert merged.tickets["theme_key"].isin([b]).sum() == 42
    op = merged.operations[-1]
    assert op["op"] == "merge" and op["into"] == b and set(op["keys"]) == {b, c}
    assert op["name"] == "Billing" and "at" in op
    X = merged.embeddings[(merged.tickets["theme_key"] == b).fillna(False).to_numpy(dtype=bool)]
    expected = X.mean(0) / np.linalg.norm(X.mean(0))
    np.testing.assert_allclose(merged.centroids[list(merged.themes["theme_key"]).index(b)],
                               expected, rtol=1e-5)


def test_a_name_given_when_merging_is_kept_through_save_and_replay(tmp_path):
    from demandlens.labels.display import display_name

    run = _make_run()
    a, b, c = run.themes["theme_key"]
    merged = merge_themes(run, [c, b], name="  Billing questions ")
    assert display_name(b, merged.themes) == "Billing questions"
    assert display_name(a, merged.themes) != "Billing questions"  # others keep their keywords
    reopened = Run.open(merged.save(tmp_path / "run"))
    assert display_name(b, reopened.themes) == "Billing questions"
    replayed = replay(_make_run(), merged.operations)
    assert display_name(b, replayed.themes) == "Billing questions"
    # the analyst's label name wins over the merge name
    assert display_name(b, reopened.themes, {b: ThemeLabel(name="Invoices")}) == "Invoices"


def test_merge_rejects_unknown_or_single_keys():
    run = _make_run()
    with pytest.raises(DemandLensError, match="th-nope"):
        merge_themes(run, [run.themes["theme_key"][0], "th-nope"])
    with pytest.raises(DemandLensError):
        merge_themes(run, [run.themes["theme_key"][0]] * 2)


@pytest.mark.parametrize("n", [2, None])
def test_split_recovers_sub_groups(n):
    run = _make_run()
    a = run.themes["theme_key"][0]
    out = split_theme(run, a, n=n, seed=3)
    _check_consistent(out)
    kids = [child_key(a, 0), child_key(a, 1)]
    assert a not in set(out.themes["theme_key"])
    assert set(kids) <= set(out.themes["theme_key"])
    # each child is exactly one of the two generated sub-groups of 25
    for k in kids:
        rows = np.flatnonzero((out.tickets["theme_key"] == k).fillna(False).to_numpy(dtype=bool))
        assert len(rows) == 25 and ((rows < 25).all() or (rows >= 25).all())
    ids = out.themes.set_index("theme_key")["theme_id"]
    assert ids[kids[0]] == 0 and ids[kids[1]] == 3  # child 0 keeps the parent's id
    op = out.operations[-1]
    assert op["op"] == "split" and op["into"] == kids and op["n_found"] == 2


def test_split_without_loadable_embeddings_explains_what_is_needed(tmp_path):
    from demandlens.config import PipelineConfig

    run = _make_run()
    run.embeddings = None  # a reopened run whose vectors cannot be found
    run.config = PipelineConfig.from_dict(
        {"embed": {"backend": "precomputed", "path": str(tmp_path / "missing.npz")}}
    )
    with pytest.raises(DemandLensError, match="embeddings"):
        split_theme(run, run.themes["theme_key"][0])


def test_move_tickets_between_themes_and_to_outliers():
    run = _make_run()
    a, b, c = run.themes["theme_key"]
    moved = move_tickets(run, ["T000", "T001", "T095"], b)  # T095 is an outlier
    _check_consistent(moved)
    assert moved.themes.set_index("theme_key").loc[b, "size"] == 33
    assert not moved.tickets.set_index("ticket_id").loc["T095", "is_outlier"]
    c_ids = run.tickets.loc[run.tickets["theme_key"] == c, "ticket_id"].tolist()
    emptied = move_tickets(moved, c_ids, None)
    _check_consistent(emptied)
    assert c not in set(emptied.themes["theme_key"])  # empty theme removed
    assert emptied.tickets["is_outlier"].sum() == 6 - 1 + 12
    assert [op["op"] for op in emptied.operations] == ["move", "move"]
    with pytest.raises(DemandLensError, match="NOPE"):
        move_tickets(run, ["NOPE"], b)


def test_replay_reproduces_edits_on_a_fresh_run():
    run = _make_run()
    a, b, c = run.themes["theme_key"]
    edited = split_theme(merge_themes(run, [b, c]), a, n=2, seed=5)
    edited = move_tickets(edited, ["T000"], b)
    again = replay(_make_run(), edited.operations)
    pd.testing.assert_series_equal(again.tickets["theme_key"], edited.tickets["theme_key"])
    pd.testing.assert_frame_equal(
        again.themes[["theme_key", "theme_id", "size", "status"]],
        edited.themes[["theme_key", "theme_id", "size", "status"]],
    )
    np.testing.assert_allclose(again.centroids, edited.centroids)
    assert again.manifest["replay"]["skipped"] == []
    assert len(again.manifest["replay"]["applied"]) == 3


def test_replay_skips_and_reports_missing_keys(caplog):
    run = _make_run()
    a, b, c = run.themes["theme_key"]
    ops = [
        {"op": "merge", "keys": [b, "th-gone00"], "into": b, "name": None},
        {"op": "merge", "keys": [b, c], "into": b, "name": None},
        {"op": "move", "ticket_ids": ["T000", "T999"], "to": c},
    ]
    with caplog.at_level(logging.WARNING, logger="demandlens.themes.edits"):
        out = replay(run, ops)
    rep = out.manifest["replay"]
    assert [s["op"] for s in rep["skipped"]] == ["merge", "move"]
    assert "th-gone00" in rep["skipped"][0]["reason"]
    assert "th-gone00" in caplog.text
    # the valid merge applied; the move went to c, which was merged away, so it is skipped too
    assert set(out.themes["theme_key"]) == {a, b}
    _check_consistent(out)
