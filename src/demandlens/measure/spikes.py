"""Spike tests: which theme (or failing process) had far more tickets in a week or on a day
than its baseline, with the false-alarm rate controlled over all the tests.

The baseline of a unit (a theme, or a process = the union of its themes) allows for the
export's overall volume and for weekday patterns. Each day's expected count is

    expected(unit, day) = rest(day) * rate(unit, weekday)

where ``rest`` is every other ticket of that day's ISO week, spread over its days by the
export's weekday pattern (so a summer dip or a campaign week moves the expectation with it,
and one quiet day's noise does not), and ``rate`` is the unit's tickets per rest-ticket on
that weekday.
This is the maximum-likelihood fit of the Poisson log-linear model
``log E[y] = log rest + weekday effect``, which has a closed form (ratios of sums); the
weekday rates are shrunk towards the unit's all-days rate with ``weekday_prior``
pseudo-tickets (a Gamma prior), so a weekday pattern is learnt only where the tickets show it.
A week's expected count is the sum of its days', so partial first and last weeks are fair.

* **Leave the period out:** a week is tested against rates learnt from the *other* weeks
  (at least ``min_baseline_weeks`` of them with tickets, or it is not tested).
* **Robust:** weeks that stand out (Poisson p < 0.001 and above ``min_ratio`` x expected)
  are dropped from the baseline and the fit repeated, so an incident does not hide a second
  one. A second pass removes the excess of the incidents found in other themes from ``rest``,
  so one big incident does not raise every other theme's expectation that week.
* **Overdispersion and baseline uncertainty:** p-values come from a negative binomial whose
  variance is ``mu + (alpha + 1 / baseline tickets + 1 / rest) * mu**2``; ``alpha`` is a
  moment estimate pooled over all units' baseline periods (0 for Poisson-like data), the
  second term is the uncertainty of a rate learnt from few tickets (the Gamma-Poisson
  predictive) and the third the noise of the week's volume offset itself (small exports).
* **Many tests:** q-values by Benjamini-Hochberg (``scipy.stats.false_discovery_control``),
  separately over the theme-weeks and over the theme-days; an alert needs ``q <= fdr``,
  ``observed >= min_ratio * expected`` and ``observed >= min_count``.

Example:
    >>> import pandas as pd
    >>> days = pd.date_range("2026-06-01", periods=84, freq="D")
    >>> counts = pd.DataFrame({"late": 6, "other": 40}, index=days)
    >>> counts.loc["2026-07-06":"2026-07-12", "late"] = 30       # ISO week 28: 5x
    >>> tests = spike_tests(counts, counts.sum(axis=1), AlertsConfig())
    >>> tests.weekly.loc[tests.weekly["alert"], ["unit", "period", "observed"]].values.tolist()
    [['late', '2026-W28', 210.0]]
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..config import AlertsConfig

__all__ = ["SpikeTests", "spike_tests", "daily_counts", "iso_week_labels", "TEST_COLUMNS"]

log = logging.getLogger(__name__)

#: Columns of :attr:`SpikeTests.weekly` and :attr:`SpikeTests.daily`.
TEST_COLUMNS = ["unit", "period", "week", "observed", "expected", "ratio", "p", "q", "alert",
                "baseline"]
_ROBUST_P = 0.001  # a week this unlikely (and above min_ratio) leaves the baseline
_MAX_ROUNDS = 6


@dataclass(frozen=True)
class SpikeTests:
    """Every unit x period test (:data:`TEST_COLUMNS`); ``alert`` marks the spikes."""

    weekly: pd.DataFrame
    daily: pd.DataFrame
    #: Pooled overdispersion ``alpha`` of the weekly and daily counts.
    dispersion: dict[str, float] = field(default_factory=dict)

    @property
    def alerts(self) -> pd.DataFrame:
        """Weekly and daily alerts in one table (weekly first)."""
        parts = [t[t["alert"]] for t in (self.weekly, self.daily)]
        return pd.concat(parts, ignore_index=True)


def iso_week_labels(dates: pd.DatetimeIndex | pd.Series) -> np.ndarray:
    """ISO week labels like ``2026-W28`` (same form as :func:`demandlens.measure.iso_week`)."""
    iso = pd.DatetimeIndex(dates).isocalendar()
    return (iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)).to_numpy()


def daily_counts(
    created_at: pd.Series, units: pd.Series, days: pd.DatetimeIndex | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    """Tickets per day (rows, every day of the range) and unit (columns), and all tickets
    per day (tickets without a unit, e.g. outliers, count in the total only)."""
    when = pd.to_datetime(pd.Series(created_at).reset_index(drop=True)).dt.normalize()
    units = pd.Series(units).reset_index(drop=True)
    dated = when.notna()
    when, units = when[dated], units[dated]
    if days is None:
        days = pd.date_range(when.min(), when.max(), freq="D") if len(when) else pd.DatetimeIndex([])
    has_unit = units.notna()
    counts = pd.crosstab(when[has_unit], units[has_unit].astype(str))
    counts = counts.reindex(index=days, fill_value=0).fillna(0).astype(float)
    total = when.value_counts().reindex(days, fill_value=0).astype(float)
    return counts, total


def _nb_sf(observed: np.ndarray, mean: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """P(Y >= observed) for a negative binomial with this mean, Var = mean + alpha mean^2."""
    out = np.ones_like(mean, dtype=float)
    pos = mean > 0
    size = 1.0 / np.maximum(alpha, 1e-12)
    prob = size / (size + np.where(pos, mean, 1.0))
    out[pos] = stats.nbinom.sf(observed[pos] - 1, size[pos], prob[pos])
    out[~pos & (observed > 0)] = 0.0
    return np.clip(out, 0.0, 1.0)


def _dispersion(obs, mu, est, mask) -> float:
    """Moment estimate of alpha: E[(y - mu)^2 - y - mu^2 * est] = alpha * mu^2."""
    mask = mask & (mu > 0)
    den = float((mu[mask] ** 2).sum())
    if den <= 0:
        return 0.0
    num = float(((obs - mu) ** 2 - obs - mu**2 * est)[mask].sum())
    return max(0.0, num / den)


def _bh(p: np.ndarray, tested: np.ndarray) -> np.ndarray:
    q = np.ones_like(p)
    if tested.any():
        q[tested] = stats.false_discovery_control(p[tested])
    return q


class _Design:
    """Day -> (week, weekday) cells; sums over cells are one matrix product."""

    def __init__(self, days: pd.DatetimeIndex) -> None:
        self.week_labels = iso_week_labels(days)
        self.weeks, self.week_of_day = np.unique(self.week_labels, return_inverse=True)
        self.cell = self.week_of_day * 7 + days.day_of_week.to_numpy()
        self.n_weeks = len(self.weeks)
        self.to_cells = np.zeros((len(days), self.n_weeks * 7))
        self.to_cells[np.arange(len(days)), self.cell] = 1.0
        self.present = self.to_cells.sum(axis=0).reshape(self.n_weeks, 7)  # days in the data

    def cells(self, per_day: np.ndarray) -> np.ndarray:  # [U, D] -> [U, W, 7]
        return (per_day @ self.to_cells).reshape(len(per_day), self.n_weeks, 7)

    def per_day(self, cells: np.ndarray) -> np.ndarray:  # [U, W, 7] -> [U, D]
        return cells.reshape(len(cells), -1)[:, self.cell]

    def smooth(self, rest: np.ndarray) -> np.ndarray:
        """The volume offset per cell: each week's rest spread over its days by the
        export's weekday pattern, so one quiet day's noise does not set that day's
        expectation (a week's count is far less noisy than a day's)."""
        R = self.cells(rest)
        share = R.sum(axis=1) + 1e-9  # [U, 7] weekday pattern of the volume
        spread = share[:, None, :] * self.present[None, :, :]
        spread /= np.maximum(spread.sum(axis=2, keepdims=True), 1e-12)
        return R.sum(axis=2, keepdims=True) * spread


def _fit(y, rest, design: _Design, config: AlertsConfig):
    """Leave-week-out robust baseline; returns weekly/daily expectations and p-values."""
    Y, R = design.cells(y), design.smooth(rest)
    obs_w = Y.sum(axis=2)
    keep = np.ones(obs_w.shape, dtype=bool)  # weeks in the baseline
    s = config.weekday_prior
    for _ in range(_MAX_ROUNDS):
        k = keep[:, :, None]
        Yb = (Y * k).sum(axis=1, keepdims=True) - Y * k  # baseline without the week itself
        Rb = (R * k).sum(axis=1, keepdims=True) - R * k
        rate_all = (Yb.sum(axis=2) + 0.5) / np.maximum(Rb.sum(axis=2), 1e-9)
        rate = (Yb + s) / (Rb + s / rate_all[:, :, None])  # weekday rates shrunk to rate_all
        mu_cells = R * rate
        mu_w = mu_cells.sum(axis=2)
        p_raw = stats.poisson.sf(obs_w - 1, np.maximum(mu_w, 1e-12))
        new_keep = ~((obs_w > config.min_ratio * mu_w) & (p_raw < _ROBUST_P))
        if (new_keep == keep).all():
            break
        keep = new_keep
    mu_day = design.per_day(mu_cells)
    noise_w = 1.0 / np.maximum(R.sum(axis=2), 1.0)  # the week's volume is itself a count
    est_w = 1.0 / (Yb.sum(axis=2) + 0.5) + noise_w
    alpha_w = _dispersion(obs_w, mu_w, est_w, keep)
    p_w = _nb_sf(obs_w, mu_w, alpha_w + est_w)
    est_d = design.per_day(1.0 / (Yb + s) + noise_w[:, :, None])
    alpha_d = _dispersion(y, mu_day, est_d, keep[:, design.week_of_day])
    p_d = _nb_sf(y, mu_day, alpha_d + est_d)
    return obs_w, mu_w, p_w, mu_day, p_d, keep, {"weekly": alpha_w, "daily": alpha_d}


def _table(units, periods, weeks, obs, mu, p, tested, keep, config) -> pd.DataFrame:
    U, P = obs.shape
    q = _bh(p.ravel(), tested.ravel()).reshape(p.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(mu > 0, obs / mu, np.inf)
    alert = (tested & (q <= config.fdr) & (obs >= config.min_ratio * mu)
             & (obs >= config.min_count))
    table = pd.DataFrame({
        "unit": np.repeat(np.asarray(units, dtype=object), P),
        "period": np.tile(periods, U),
        "week": np.tile(weeks, U),
        "observed": obs.ravel(),
        "expected": mu.ravel(),
        "ratio": ratio.ravel(),
        "p": p.ravel(),
        "q": q.ravel(),
        "alert": alert.ravel(),
        "baseline": keep.ravel(),
    })
    return table[tested.ravel()].reset_index(drop=True)


def spike_tests(
    counts: pd.DataFrame,
    total: pd.Series | np.ndarray,
    config: AlertsConfig | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    test_from: pd.Timestamp | str | None = None,
) -> SpikeTests:
    """Test every unit in every ISO week (and day, with ``config.daily``) for a spike.

    Args:
        counts: Tickets per day (index: consecutive days) and theme (columns; disjoint), as
            from :func:`daily_counts`.
        total: All tickets per day (including tickets in no theme).
        config: Thresholds; see :class:`~demandlens.config.AlertsConfig`.
        groups: Extra units made of several themes, e.g. ``{"delivery": [theme keys]}``.
        test_from: Days before this are baseline only (a previous run's history); their
            weeks and days are not tested.

    Returns:
        :class:`SpikeTests` with one row per tested unit x period.
    """
    config = config or AlertsConfig()
    days = pd.DatetimeIndex(counts.index)
    themes = [str(c) for c in counts.columns]
    groups = {str(g): [str(m) for m in ms] for g, ms in (groups or {}).items()}
    units = themes + list(groups)
    member = np.zeros((len(units), len(themes)))
    member[np.arange(len(themes)), np.arange(len(themes))] = 1.0
    index = {t: i for i, t in enumerate(themes)}
    for g, (name, ms) in enumerate(groups.items()):
        member[len(themes) + g, [index[m] for m in ms if m in index]] = 1.0
    if not len(days) or not units:
        empty = pd.DataFrame(columns=TEST_COLUMNS)
        return SpikeTests(empty, empty.copy(), {})
    y_theme = counts.to_numpy(dtype=float).T
    y = member @ y_theme
    total = np.asarray(total, dtype=float)
    design = _Design(days)
    rest = np.maximum(total[None, :] - y, 0.0)
    fit = _fit(y, rest, design, config)
    # second pass: other themes' incident excess is not "overall volume"
    obs_w, mu_w, p_w, mu_day = fit[:4]
    q = _bh(p_w.ravel(), np.ones(p_w.size, bool)).reshape(p_w.shape)
    strong = (q <= config.fdr) & (obs_w >= config.min_ratio * mu_w) & (obs_w >= config.min_count)
    n = len(themes)
    excess = np.maximum(y[:n] - mu_day[:n], 0.0) * strong[:n][:, design.week_of_day]
    if excess.any():
        rest = np.maximum(total[None, :] - y - (1.0 - member) @ excess, 0.0)
        fit = _fit(y, rest, design, config)
    obs_w, mu_w, p_w, mu_day, p_d, keep, dispersion = fit

    start = pd.Timestamp(test_from) if test_from is not None else days[0]
    in_test = np.asarray(days >= start)
    tested_day = np.broadcast_to(in_test, y.shape)
    tested_week = np.zeros(design.n_weeks, dtype=bool)
    tested_week[np.unique(design.week_of_day[in_test])] = True
    with_volume = (design.smooth(rest).sum(axis=2) > 0) & keep  # baseline weeks with tickets
    enough = (with_volume.sum(axis=1, keepdims=True) - with_volume) >= config.min_baseline_weeks
    tested_w = (np.broadcast_to(tested_week, obs_w.shape) & ((obs_w > 0) | (mu_w > 0))
                & enough)
    weekly = _table(units, design.weeks, design.weeks, obs_w, mu_w, p_w, tested_w, keep, config)
    if config.daily:
        tested_d = tested_day & ((y > 0) | (mu_day > 0)) & enough[:, design.week_of_day]
        daily = _table(units, days.strftime("%Y-%m-%d").to_numpy(), design.week_labels, y,
                       mu_day, p_d, tested_d, keep[:, design.week_of_day], config)
    else:
        daily = pd.DataFrame(columns=TEST_COLUMNS)
    log.info("Spike tests: %d unit-weeks, %d unit-days, %d + %d alerts (alpha %.3f / %.3f).",
             len(weekly), len(daily), int(weekly["alert"].sum()), int(daily["alert"].sum()),
             dispersion["weekly"], dispersion["daily"])
    return SpikeTests(weekly, daily, dispersion)
