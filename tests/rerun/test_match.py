"""Theme matching on constructed cases, label carrying and the mapping report."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from demandlens.config import MatchConfig
from demandlens.labels.schema import ThemeLabel
from demandlens.rerun import carry_labels, mapping_report, match_themes

D = 12


def e(i: int) -> np.ndarray:
    v = np.zeros(D)
    v[i] = 1.0
    return v


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def mix(a: np.ndarray, b: np.ndarray, cos: float) -> np.ndarray:
    """A unit vector at cosine ``cos`` from unit ``a`` towards orthogonal unit ``b``."""
    return cos * a + np.sqrt(1 - cos**2) * b


def side(themes: dict[str, tuple[np.ndarray, list[str]]]):
    """Themes table, centroids and tickets from {key: (centroid, ticket ids)}."""
    keys = list(themes)
    table = pd.DataFrame({"theme_key": keys, "size": [len(themes[k][1]) for k in keys]})
    cents = np.vstack([unit(themes[k][0]) for k in keys]).astype(np.float32)
    tickets = pd.DataFrame(
        [(t, k) for k in keys for t in themes[k][1]], columns=["ticket_id", "theme_key"]
    )
    return table, cents, tickets


def ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def run_match(prev, cur, use_ids=True, **cfg):
    pt, pc, pk = side(prev)
    ct, cc, ck = side(cur)
    return match_themes(
        pt, pc, pk if use_ids else None, ct, cc, ck if use_ids else None, MatchConfig(**cfg)
    )


def by_current(mapping: pd.DataFrame) -> dict[str, tuple[str, list[str]]]:
    return {
        str(r.current_key): (r.status, list(r.previous_keys))
        for r in mapping.itertuples()
        if not pd.isna(r.current_key)
    }


def vanished(mapping: pd.DataFrame) -> list[str]:
    return sorted(k for r in mapping.itertuples() if r.status == "vanished" for k in r.previous_keys)


PREV = {
    "th-a": (e(0), ids("a", 20)),
    "th-b": (e(1), ids("b", 15)),
    "th-c": (e(2), ids("c", 10)),
}


@pytest.mark.parametrize("use_ids", [True, False])
def test_identical_runs_match_one_to_one(use_ids):
    cur = {"th-x": PREV["th-b"], "th-y": PREV["th-c"], "th-z": PREV["th-a"]}
    m = run_match(PREV, cur, use_ids)
    assert by_current(m) == {
        "th-x": ("matched", ["th-b"]),
        "th-y": ("matched", ["th-c"]),
        "th-z": ("matched", ["th-a"]),
    }
    assert vanished(m) == []
    assert np.allclose(m["similarity"], 1.0)
    assert (m["change"] == 0).all()
    if use_ids:
        assert np.allclose(m["overlap"], 1.0)
    else:
        assert m["overlap"].isna().all()


def test_fresh_tickets_match_by_centroid_despite_drift():
    # new month: no repeated ids, centroids drifted a little, sizes changed
    cur = {
        "th-x": (mix(e(0), e(5), 0.93), ids("n", 30)),
        "th-y": (mix(e(1), e(6), 0.9), ids("m", 5)),
        "th-z": (mix(e(2), e(7), 0.95), ids("o", 10)),
    }
    m = run_match(PREV, cur)
    assert {k: v[1] for k, v in by_current(m).items()} == {
        "th-x": ["th-a"], "th-y": ["th-b"], "th-z": ["th-c"]
    }
    row = m.set_index("current_key").loc["th-x"]
    assert (row.size_previous, row.size_current, row.change) == (20, 30, 10)
    assert m["overlap"].isna().all()


@pytest.mark.parametrize("use_ids", [True, False])
def test_split(use_ids):
    a1, a2 = e(0), mix(e(0), e(3), 0.6)  # two sub-themes, cosine 0.6
    parent = unit(12 * a1 + 8 * a2)
    prev = {**PREV, "th-a": (parent, ids("a", 20))}
    cur = {
        "th-a1": (a1, ids("a", 20)[:12]),
        "th-a2": (a2, ids("a", 20)[12:]),
        "th-bb": PREV["th-b"],
        "th-cc": PREV["th-c"],
    }
    m = run_match(prev, cur, use_ids)
    got = by_current(m)
    assert got["th-a1"] == ("split", ["th-a"])
    assert got["th-a2"] == ("split", ["th-a"])
    assert got["th-bb"] == ("matched", ["th-b"])
    assert vanished(m) == []


@pytest.mark.parametrize("use_ids", [True, False])
def test_merge(use_ids):
    b2 = mix(e(1), e(4), 0.6)
    prev = {**PREV, "th-b2": (b2, ids("d", 15))}
    merged = unit(15 * e(1) + 15 * b2)
    cur = {
        "th-m": (merged, ids("b", 15) + ids("d", 15)),
        "th-aa": PREV["th-a"],
        "th-cc": PREV["th-c"],
    }
    m = run_match(prev, cur, use_ids)
    got = by_current(m)
    assert got["th-m"][0] == "merged"
    assert sorted(got["th-m"][1]) == ["th-b", "th-b2"]
    assert got["th-aa"] == ("matched", ["th-a"])
    assert m.set_index("current_key").loc["th-m", "size_previous"] == 30
    assert vanished(m) == []


@pytest.mark.parametrize("use_ids", [True, False])
def test_new_and_vanished(use_ids):
    cur = {
        "th-aa": PREV["th-a"],
        "th-bb": PREV["th-b"],
        "th-new": (e(8), ids("z", 25)),
    }
    m = run_match(PREV, cur, use_ids)
    got = by_current(m)
    assert got["th-new"] == ("new", [])
    assert vanished(m) == ["th-c"]
    row = m[m["status"] == "vanished"].iloc[0]
    assert pd.isna(row.current_key) and row.size_current == 0 and row.change == -10
    assert m.set_index("current_key").loc["th-new", "change"] == 25


def test_near_duplicate_previous_theme_is_not_a_merge():
    # previous A and B are close (cosine 0.9); only A is back: A matched, B vanished
    b = mix(e(0), e(1), 0.9)
    prev = {"th-a": (e(0), ids("a", 20)), "th-b": (b, ids("b", 20))}
    cur = {"th-x": (e(0), ids("n", 20))}
    m = run_match(prev, cur, use_ids=False)
    assert by_current(m) == {"th-x": ("matched", ["th-a"])}
    assert vanished(m) == ["th-b"]


def test_ticket_overlap_matches_a_drifted_theme_and_decides_between_twins():
    # same tickets, centroid drifted to 0.7: only ticket ids can say it is the same theme
    prev = {"th-a": (e(0), ids("a", 20)), "th-b": (e(1), ids("b", 20))}
    cur = {"th-x": (mix(e(0), e(5), 0.7), ids("a", 20)), "th-y": (e(1), ids("b", 20))}
    with_ids = by_current(run_match(prev, cur, use_ids=True))
    without = by_current(run_match(prev, cur, use_ids=False))
    assert with_ids["th-x"] == ("matched", ["th-a"])
    assert without["th-x"] == ("new", [])
    # twins: two current themes equally close to both previous by centroid; ids decide
    twin_p = {"th-a": (e(0), ids("a", 10)), "th-b": (mix(e(0), e(1), 0.95), ids("b", 10))}
    twin_c = {"th-y": (mix(e(0), e(1), 0.95), ids("a", 10)), "th-x": (e(0), ids("b", 10))}
    got = by_current(run_match(twin_p, twin_c, use_ids=True))
    assert got == {"th-y": ("matched", ["th-a"]), "th-x": ("matched", ["th-b"])}


def test_threshold_is_respected():
    cur = {"th-x": (mix(e(0), e(5), 0.8), ids("n", 20))}
    assert by_current(run_match(PREV, cur, match_threshold=0.85))["th-x"][0] == "new"
    assert by_current(run_match(PREV, cur, match_threshold=0.75))["th-x"] == ("matched", ["th-a"])


def test_empty_sides():
    cur = {"th-x": PREV["th-a"]}
    pt, pc, pk = side(cur)
    empty = pd.DataFrame({"theme_key": [], "size": []})
    m = match_themes(empty, np.zeros((0, D)), None, pt, pc, pk)
    assert by_current(m) == {"th-x": ("new", [])}
    m = match_themes(pt, pc, pk, empty, np.zeros((0, D)), None)
    assert vanished(m) == ["th-x"]


# -- labels ---------------------------------------------------------------------------------------
def _label(name, demand_type, process, **kw):
    return ThemeLabel(
        name=name, demand_type=demand_type, failing_process=process, root_cause="rc " + name,
        notes="analyst note", labelled_by="anna", labelled_at="2026-01-01T00:00:00+00:00", **kw
    )


LABELS = {
    "th-a": _label("Late parcel", "failure", "delivery"),
    "th-b": _label("Wrong invoice", "failure", "billing"),
    "th-b2": _label("Invoice copy", "value", None),
    "th-c": _label("Opening hours", "value", None),
}


def _mapping(rows):
    return pd.DataFrame(
        rows, columns=["current_key", "previous_keys", "status", "size_previous", "size_current"]
    ).assign(change=lambda d: d.size_current - d.size_previous)


MAPPING = _mapping([
    ["th-a", ["th-a"], "matched", 20, 25],
    ["th-s1", ["th-b"], "split", 15, 9],
    ["th-s2", ["th-b"], "split", 15, 7],
    ["th-m", ["th-b2", "th-x"], "merged", 30, 28],
    ["th-n", [], "new", 0, 12],
    [None, ["th-c"], "vanished", 10, 0],
])


def test_carry_labels_adds_suggestions_and_reports_vanished_without_touching_them():
    new, report = carry_labels(MAPPING, LABELS)
    assert new["th-a"] == LABELS["th-a"]
    s1 = new["th-s1"]
    assert (s1.name, s1.demand_type, s1.failing_process) == ("Wrong invoice", "failure", "billing")
    assert s1.status == "needs_review" and tuple(s1.suggested_from) == ("th-b",)
    assert s1.labelled_by is None and s1.labelled_at is None
    assert new["th-m"].suggested_from == ("th-b2",) and new["th-m"].demand_type == "value"
    assert "th-n" not in new
    assert new["th-c"] == LABELS["th-c"] and new["th-c"].status == "active"
    assert report["needs_label"] == ["th-n"]
    assert report["vanished"] == ["th-c"]
    assert sorted(report["suggested"]) == ["th-m", "th-s1", "th-s2"]
    assert report["carried"] == ["th-a"]


def test_carry_labels_never_removes_or_alters_analyst_fields():
    existing = {**LABELS, "th-s1": _label("Analyst already named it", "value", None)}
    new, _ = carry_labels(MAPPING, existing)
    assert set(existing) <= set(new)
    for key, old in existing.items():
        changed = {
            f for f in ThemeLabel.__dataclass_fields__ if getattr(old, f) != getattr(new[key], f)
        }
        assert changed == set(), (key, changed)  # not even the status
    assert existing["th-c"].status == "active"  # input untouched
    again, report = carry_labels(MAPPING, new)
    assert again == new and report["vanished"] == ["th-c"] and report["suggested"] == []


def test_carry_labels_to_file_only_adds_and_leaves_the_file_alone_when_nothing_is_new(tmp_path):
    from types import SimpleNamespace

    from demandlens.labels import LabelStore, load_labels
    from demandlens.rerun import carry_labels_to_file

    path = tmp_path / "labels.yaml"
    LabelStore(path).save(LABELS)
    carry_labels_to_file(SimpleNamespace(mapping=MAPPING), path)
    after = load_labels(path)
    assert {k: after[k] for k in LABELS} == LABELS  # every entry as it was, status included
    assert sorted(set(after) - set(LABELS)) == ["th-m", "th-s1", "th-s2"]
    before = path.read_bytes()
    carry_labels_to_file(SimpleNamespace(mapping=MAPPING), path)  # second time: nothing to add
    assert path.read_bytes() == before


def test_carry_labels_flags_disagreeing_parents_and_works_on_plain_dicts():
    mapping = _mapping([["th-m", ["th-b", "th-b2"], "merged", 30, 30]])
    new, _ = carry_labels(mapping, LABELS)
    assert new["th-m"].suggested_from == ("th-b", "th-b2")
    assert new["th-m"].demand_type == "failure" and "differ" in new["th-m"].notes
    plain = {k: {"name": v.name, "demand_type": v.demand_type} for k, v in LABELS.items()}
    new, _ = carry_labels(MAPPING, plain)
    assert new["th-s1"]["status"] == "needs_review" and new["th-s1"]["suggested_from"] == ["th-b"]
    assert new["th-c"] == plain["th-c"]


def test_mapping_report_counts_changes():
    mapping = _mapping([
        ["th-a", ["th-a"], "matched", 20, 30],
        ["th-b", ["th-b"], "matched", 20, 10],
        ["th-c", ["th-c"], "matched", 20, 21],
        ["th-n1", [], "new", 0, 83],
        ["th-n2", [], "new", 0, 12],
        [None, ["th-d"], "vanished", 10, 0],
    ])
    themes = pd.DataFrame({"theme_key": ["th-n1", "th-a"],
                           "top_keywords": ["faktura, invoice, rechnung, bill", "paket, parcel"]})
    previous = pd.DataFrame({"theme_key": ["th-d"], "top_keywords": ["öppettider, hours"]})
    labels = {"th-a": ThemeLabel(name="Late parcel")}
    table, text = mapping_report(mapping, themes, labels=labels, previous_themes=previous)
    assert table.iloc[0]["current_key"] == "th-n1"
    assert table.iloc[0]["theme"] == "faktura, invoice, rechnung"  # named, not keyed
    assert table.iloc[0]["top_keywords"] == "faktura, invoice, rechnung, bill"
    assert table.set_index("current_key").loc["th-a", "theme"] == "Late parcel"
    assert table.iloc[-1]["status"] == "vanished"
    assert table.iloc[-1]["previous"] == "öppettider, hours"
    assert list(table.columns[:3]) == ["theme", "status", "previous"]
    assert "2 new themes (largest: 'faktura, invoice, rechnung', 83 tickets)" in text
    assert "1 grew" in text and "1 shrank" in text
    assert "1 vanished ('öppettider, hours')" in text
    assert "th-" not in text


@pytest.mark.parametrize("status", ["matched", "assigned"])
def test_a_vanished_theme_that_is_back_is_active_again(status):
    """An older demandlens marked th-c vanished; a later re-run finds it again: the stale
    status goes (re-runs no longer mark vanished themes at all)."""
    first = carry_labels(MAPPING, LABELS)[1]
    assert first["vanished"] == ["th-c"]
    gone = {**LABELS, "th-c": dataclasses.replace(LABELS["th-c"], status="vanished")}
    back = _mapping([["th-c", ["th-c"], status, 10, 12], ["th-a", ["th-a"], status, 20, 20]])
    new, report = carry_labels(back, gone)
    assert new["th-c"].status == "active" and report["revived"] == ["th-c"]
    assert report["carried"] == ["th-c", "th-a"]
    assert dataclasses.replace(new["th-c"], status="vanished") == gone["th-c"]  # nothing else
    again, report = carry_labels(back, new)
    assert again == new and report["revived"] == []
    plain = {"th-c": {"name": "Opening hours", "demand_type": "value", "status": "vanished"}}
    assert carry_labels(back, plain)[0]["th-c"]["status"] == "active"
