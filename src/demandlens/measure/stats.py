"""Small, dependency-free interval statistics used by quantify and estimate."""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = ["z_value", "wilson_interval", "newcombe_interval", "two_proportion_p_value"]


def z_value(confidence: float) -> float:
    """Two-sided standard-normal quantile, e.g. 1.96 for 0.95."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}.")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(k: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k / n``.

    Args:
        k: Successes (0 <= k <= n).
        n: Trials. ``n == 0`` gives ``(nan, nan)``: no data, no interval.
        confidence: Two-sided confidence level.

    Returns:
        ``(low, high)`` within [0, 1].

    Example:
        >>> [round(x, 4) for x in wilson_interval(5, 10)]
        [0.2366, 0.7634]
    """
    if n <= 0:
        return (math.nan, math.nan)
    if not 0 <= k <= n:
        raise ValueError(f"wilson_interval needs 0 <= k <= n, got k={k}, n={n}.")
    z = z_value(confidence)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def newcombe_interval(
    k1: int, n1: int, k2: int, n2: int, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Difference ``k2/n2 - k1/n1`` with Newcombe's hybrid score interval (his method 10).

    Built from the two Wilson intervals; returns ``(difference, low, high)``, all NaN when
    either period is empty.

    Example:
        >>> [round(x, 4) for x in newcombe_interval(56, 70, 48, 80)]
        [-0.2, -0.3339, -0.0524]
    """
    if n1 <= 0 or n2 <= 0:
        return (math.nan, math.nan, math.nan)
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, confidence)
    l2, u2 = wilson_interval(k2, n2, confidence)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return (d, low, high)


def two_proportion_p_value(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (NaN if undefined)."""
    if n1 <= 0 or n2 <= 0:
        return math.nan
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = (k2 / n2 - k1 / n1) / se
    return 2 * (1 - NormalDist().cdf(abs(z)))
