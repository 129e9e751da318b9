"""Emerging and fading themes: new or vanished since the previous run, and themes whose
weekly rate grew or shrank.

Growth compares a theme's tickets in the last ``recent_weeks`` ISO weeks with the weeks
before (this export's and, on a re-run, the previous run's), relative to all other tickets
(the export's volume), as a quasi-Poisson GLM per theme (statsmodels)::

    log E[tickets(theme, week)] = log rest(week) + a + b * recent(week)

``exp(b)`` is the rate ratio, reported with its Wald interval; the scale is the Pearson
chi-square over the residual degrees of freedom (at least 1), so week-to-week noise beyond
Poisson, spikes included, widens the interval instead of raising false alarms. p-values are
controlled over the themes with Benjamini-Hochberg.

Example:
    >>> import numpy as np
    >>> weekly = np.array([[10, 11, 9, 10, 10, 12, 20, 22, 19, 21],     # doubles
    ...                    [30, 29, 31, 30, 28, 30, 31, 30, 29, 30]])    # flat
    >>> rest = np.full((2, 10), 200.0)
    >>> g = growth_tests(weekly, rest, recent_weeks=4)
    >>> [round(float(r), 1) for r in g["ratio"]], bool(g["ci_low"].iloc[0] > 1)
    ([2.0, 1.0], True)
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from .stats import z_value

__all__ = ["growth_tests", "GROWTH_COLUMNS"]

log = logging.getLogger(__name__)

GROWTH_COLUMNS = ["observed", "expected", "ratio", "ci_low", "ci_high", "p", "q"]


def _one(y: np.ndarray, rest: np.ndarray, recent: np.ndarray, z: float) -> tuple:
    ok = rest > 0
    y, rest, recent = y[ok], rest[ok], recent[ok]
    n_recent, n_before = y[recent].sum(), y[~recent].sum()
    before_rate = n_before / max(rest[~recent].sum(), 1e-9)
    expected = before_rate * rest[recent].sum()
    if n_recent + n_before == 0 or not recent.any() or recent.all():
        return (n_recent, expected, np.nan, np.nan, np.nan, np.nan)
    if n_before == 0 or n_recent == 0:  # the MLE is at infinity / zero: no Wald interval
        return (n_recent, expected, np.inf if n_before == 0 else 0.0, np.nan, np.nan, np.nan)
    X = sm.add_constant(recent.astype(float), has_constant="add")
    model = sm.GLM(y, X, family=sm.families.Poisson(), offset=np.log(rest))
    with warnings.catch_warnings():  # a perfect fit (identical weeks) is a fine fit here
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        fit = model.fit()
        scale = max(1.0, float(fit.pearson_chi2) / max(float(fit.df_resid), 1.0))
        fit = model.fit(scale=scale)
    b, se = float(fit.params[1]), float(fit.bse[1])
    p = float(2 * stats.norm.sf(abs(b) / se)) if se > 0 else np.nan
    return (n_recent, expected, np.exp(b), np.exp(b - z * se), np.exp(b + z * se), p)


def growth_tests(
    weekly: np.ndarray,
    rest: np.ndarray,
    recent_weeks: int = 4,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Rate ratio of the last ``recent_weeks`` weeks against the weeks before, per row.

    Args:
        weekly: Tickets per unit (rows) and consecutive ISO week (columns).
        rest: All other tickets per unit and week (the volume offset), same shape.
        recent_weeks: Weeks at the end that form the recent window.
        confidence: Level of the rate-ratio interval.

    Returns:
        One row per unit with :data:`GROWTH_COLUMNS`: ``observed`` tickets in the recent
        window, ``expected`` there at the earlier rate, the ratio and its interval, the
        two-sided p-value and its Benjamini-Hochberg q-value (NaN where untestable).
    """
    weekly = np.asarray(weekly, dtype=float)
    rest = np.asarray(rest, dtype=float)
    n_weeks = weekly.shape[1] if weekly.ndim == 2 else 0
    recent = np.arange(n_weeks) >= n_weeks - recent_weeks
    z = z_value(confidence)
    rows = [_one(weekly[u], rest[u], recent, z) for u in range(len(weekly))]
    out = pd.DataFrame(rows, columns=GROWTH_COLUMNS[:-1], dtype=float)
    out["q"] = np.nan
    tested = out["p"].notna().to_numpy()
    if tested.any():
        out.loc[tested, "q"] = stats.false_discovery_control(out.loc[tested, "p"].to_numpy())
    return out
