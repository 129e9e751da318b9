"""Propagation: flags tickets unlike their label and suggests splits; never edits labels."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from _labels_fixture import make_label
from demandlens.errors import DemandLensError
from demandlens.measure.propagate import flag_unlike_label, suggest_splits, train_review_classifier


def _setup():
    rng = np.random.default_rng(0)
    fail_dir, value_dir = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    # theme A (labelled failure): 14 failure-like + 6 value-like tickets; B pure value (20)
    X = np.vstack([fail_dir + rng.normal(0, .05, (14, 3)), value_dir + rng.normal(0, .05, (6, 3)),
                   value_dir + rng.normal(0, .05, (20, 3))])
    tickets = pd.DataFrame({"ticket_id": [f"t{i}" for i in range(40)],
                            "theme_key": ["A"] * 20 + ["B"] * 20})
    labels = {
        "A": make_label("failure", judgements={"t0": "failure", "t1": "failure",
                                               "t2": "failure", "t14": "value"}),
        "B": make_label("value", judgements={"t20": "value", "t21": "value"}),
    }
    return tickets, X, labels


def test_flags_the_value_like_tickets_in_a_failure_theme():
    tickets, X, labels = _setup()
    before = copy.deepcopy(labels)
    flags = flag_unlike_label(tickets, X, labels)
    assert set(flags["ticket_id"]) == {f"t{i}" for i in range(14, 20)}
    assert (flags["label_demand_type"] == "failure").all()
    assert labels == before  # predictions never touch the labels


def test_suggests_splitting_the_mixed_theme_only():
    tickets, X, labels = _setup()
    splits = suggest_splits(tickets, X, labels).set_index("theme_key")
    assert splits.loc["A", "suggest_split"] and not splits.loc["B", "suggest_split"]
    assert splits.loc["A", "disagree_share"] == pytest.approx(6 / 20)


def test_needs_both_kinds_of_reviewed_tickets():
    tickets, X, _ = _setup()
    only_failure = {"A": make_label("failure", judgements={"t0": "failure", "t1": "failure"})}
    with pytest.raises(DemandLensError, match="at least 2 reviewed"):
        train_review_classifier(tickets, X, only_failure)
    with pytest.raises(DemandLensError, match="one row per ticket"):
        flag_unlike_label(tickets, X[:5], only_failure)
