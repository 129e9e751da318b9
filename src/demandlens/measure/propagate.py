"""Optional: learn from the reviewed tickets which *other* tickets look unlike their theme's label.

A logistic regression on the ticket embeddings, trained on the review judgements (failure vs
not failure), scores every ticket. The scores only *point*: tickets that look unlike their
theme's label are flagged for a look, and themes where many tickets disagree are suggested
for a split. Nothing here writes or changes a label; the analyst decides.

Example:
    >>> import numpy as np, pandas as pd
    >>> X = np.array([[1.0, 0.0]] * 6 + [[0.0, 1.0]] * 6)
    >>> tickets = pd.DataFrame({"ticket_id": [f"t{i}" for i in range(12)],
    ...                         "theme_key": ["a"] * 12})
    >>> from demandlens.labels.schema import Review, ThemeLabel
    >>> judged = {"t0": "failure", "t1": "failure", "t6": "value", "t7": "value"}
    >>> labels = {"a": ThemeLabel(demand_type="failure", review=Review(sample=tuple(judged),
    ...     judgements={t: {"demand_type": d} for t, d in judged.items()}))}
    >>> flags = flag_unlike_label(tickets, X, labels)
    >>> sorted(flags["ticket_id"])[:2]
    ['t10', 't11']
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from ..errors import DemandLensError
from ..labels.view import judgements, theme_labels

__all__ = ["train_review_classifier", "predict_failure", "flag_unlike_label", "suggest_splits"]

log = logging.getLogger(__name__)


def _check(tickets: pd.DataFrame, X: np.ndarray) -> np.ndarray:
    X = np.asarray(X)
    if X.ndim != 2 or len(X) != len(tickets):
        raise DemandLensError(
            f"Embeddings must have one row per ticket: got shape {X.shape} for "
            f"{len(tickets)} tickets. Use run.embeddings or dl.embed_tickets(run.tickets, ...)."
        )
    return X


def train_review_classifier(
    tickets: pd.DataFrame, X: np.ndarray, labels: Any, C: float = 10.0
) -> LogisticRegression:
    """Fit failure-vs-not on the embeddings of every reviewed ticket.

    ``C`` is mild regularisation: embeddings are unit vectors and review sets are small. The
    lbfgs solver is deterministic, so there is no seed.

    Raises:
        DemandLensError: fewer than 2 reviewed tickets of each kind (failure / not failure).
    """
    X = _check(tickets, X)
    position = {t: i for i, t in enumerate(tickets["ticket_id"].astype(str))}
    rows, y = [], []
    for label in theme_labels(labels).values():
        for ticket_id, judgement in judgements(label).items():
            if ticket_id in position:
                rows.append(position[ticket_id])
                y.append(judgement["demand_type"] == "failure")
    y_arr = np.array(y, dtype=int)
    if len(y_arr) == 0 or min(y_arr.sum(), len(y_arr) - y_arr.sum()) < 2:
        raise DemandLensError(
            "Need at least 2 reviewed failure and 2 reviewed non-failure tickets to train on; "
            f"have {int(y_arr.sum())} failure and {int(len(y_arr) - y_arr.sum())} other. "
            "Review more tickets first."
        )
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=1000)
    model.fit(X[rows], y_arr)
    log.info("Trained on %d reviewed tickets (%d failure).", len(y_arr), int(y_arr.sum()))
    return model


def predict_failure(model: LogisticRegression, X: np.ndarray) -> np.ndarray:
    """Probability that each ticket is failure demand, according to ``model``."""
    return model.predict_proba(np.asarray(X))[:, 1]


def _scored(tickets, X, labels, model):
    X = _check(tickets, X)
    model = model or train_review_classifier(tickets, X, labels)
    lmap = theme_labels(labels)
    label_type = tickets["theme_key"].map(
        lambda k: lmap[k].demand_type if pd.notna(k) and k in lmap else None)
    return pd.DataFrame({
        "ticket_id": tickets["ticket_id"].astype(str).to_numpy(),
        "theme_key": tickets["theme_key"].to_numpy(),
        "label_demand_type": label_type.to_numpy(),
        "p_failure": predict_failure(model, X),
    })


def flag_unlike_label(
    tickets: pd.DataFrame, X: np.ndarray, labels: Any, model: LogisticRegression | None = None,
    threshold: float = 0.8,
) -> pd.DataFrame:
    """Tickets that the classifier confidently puts on the other side of their theme's label.

    A ticket in a ``failure`` theme is flagged when ``p_failure < 1 - threshold``; one in a
    ``value`` theme when ``p_failure > threshold``. Unlabelled and unclear themes are skipped.

    Returns:
        Columns ``ticket_id, theme_key, label_demand_type, p_failure``, most confident first.
    """
    scored = _scored(tickets, X, labels, model)
    unlike = ((scored["label_demand_type"] == "failure") & (scored["p_failure"] < 1 - threshold)) | (
        (scored["label_demand_type"] == "value") & (scored["p_failure"] > threshold)
    )
    out = scored[unlike].copy()
    out["distance"] = (out["p_failure"] - 0.5).abs()
    return out.sort_values("distance", ascending=False).drop(columns="distance").reset_index(
        drop=True
    )


def suggest_splits(
    tickets: pd.DataFrame, X: np.ndarray, labels: Any, model: LogisticRegression | None = None,
    min_disagree: float = 0.25, min_tickets: int = 5,
) -> pd.DataFrame:
    """Labelled themes where many tickets look unlike the label: candidates to split.

    Returns:
        One row per labelled theme: ``theme_key, size, label_demand_type,
        predicted_failure_share, disagree_share, suggest_split``, most mixed first.
    """
    scored = _scored(tickets, X, labels, model)
    scored = scored[scored["label_demand_type"].isin(["failure", "value"])]
    rows = []
    for key, grp in scored.groupby("theme_key"):
        label = grp["label_demand_type"].iloc[0]
        predicted = float((grp["p_failure"] > 0.5).mean())
        disagree = 1 - predicted if label == "failure" else predicted
        rows.append({"theme_key": key, "size": len(grp), "label_demand_type": label,
                     "predicted_failure_share": predicted, "disagree_share": disagree,
                     "suggest_split": bool(disagree >= min_disagree and
                                           disagree * len(grp) >= min_tickets)})
    cols = ["theme_key", "size", "label_demand_type", "predicted_failure_share",
            "disagree_share", "suggest_split"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values("disagree_share", ascending=False).reset_index(drop=True)
