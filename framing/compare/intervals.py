"""Confidence intervals: Wilson for article shares, a clustered bootstrap for passage shares.

Passages of one article are not independent (an article about counter-terrorism
talks about it in many paragraphs), so passage-level quantities are bootstrapped
by resampling *articles* (clusters) with replacement, keeping all their
passages, and recomputing the ratio ``sum(numerator) / sum(denominator)``.
Resampling passages instead would treat correlated passages as independent
and give intervals that are too narrow.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from statsmodels.stats.proportion import proportion_confint

from framing.hashing import hash_text

# Cap on the number of weights held at once (resamples x clusters) to bound memory.
_MAX_WEIGHTS = 4_000_000


def wilson_interval(
    count: Sequence[int] | np.ndarray | int,
    nobs: Sequence[int] | np.ndarray | int,
    alpha: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``count / nobs`` (statsmodels); NaN where ``nobs == 0``.

    >>> low, high = wilson_interval([3, 0], [10, 10])
    >>> low.round(4).tolist(), high.round(4).tolist()
    ([0.1078, 0.0], [0.6032, 0.2775])
    """
    count = np.atleast_1d(np.asarray(count, dtype=float))
    nobs = np.atleast_1d(np.asarray(nobs, dtype=float))
    low = np.full(count.shape, np.nan)
    high = np.full(count.shape, np.nan)
    ok = nobs > 0
    if ok.any():
        low[ok], high[ok] = proportion_confint(count[ok], nobs[ok], alpha=alpha, method="wilson")
    # Exact bounds at 0 and n (the formula leaves rounding noise such as 1e-17).
    low[ok & (count == 0)] = 0.0
    high[ok & (count == nobs)] = 1.0
    return low, high


def rng_for(seed: int, *keys: object) -> np.random.Generator:
    """A generator seeded by ``seed`` and stable keys (a group, a frame).

    Each group gets its own stream, so adding a group or a frame never changes
    the intervals of the others.
    """
    words = [int(hash_text(repr(k), 8), 16) for k in keys]
    return np.random.default_rng(np.random.SeedSequence([int(seed), *words]))


def cluster_bootstrap_ratio(
    numerators: np.ndarray,
    denominators: np.ndarray,
    *,
    n_boot: int = 2000,
    alpha: float = 0.05,
    rng: np.random.Generator | int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Percentile bootstrap interval of ``sum(numerators) / sum(denominators)`` over clusters.

    Parameters
    ----------
    numerators:
        Per-cluster totals, shape ``(k,)`` or ``(k, m)`` for ``m`` quantities that
        share the same resamples (e.g. the frames of one group).
    denominators:
        Per-cluster totals, shape ``(k,)`` (e.g. passages per article) or ``(k, m)``.
    n_boot:
        Number of resamples.
    alpha:
        1 - confidence level; the interval is the ``alpha/2`` and ``1 - alpha/2``
        quantiles (linear interpolation) of the resampled ratios.
    rng:
        A generator or a seed. Each resample draws the number of times every
        cluster is taken as ``rng.multinomial(k, [1/k] * k)`` (the classic
        bootstrap: ``k`` draws with replacement), one row per resample.

    Returns
    -------
    estimate, low, high:
        Arrays of shape ``(m,)`` (or ``(1,)`` for a 1-D ``numerators``). With
        fewer than 2 clusters the interval is NaN: there is nothing to resample.

    Examples
    --------
    >>> est, low, high = cluster_bootstrap_ratio(np.array([2, 0, 1, 3]), np.array([4, 3, 2, 5]))
    >>> round(float(est[0]), 4), bool(low[0] < est[0] < high[0])
    (0.4286, True)
    """
    num = np.asarray(numerators, dtype=float)
    num = num[:, None] if num.ndim == 1 else num
    den = np.asarray(denominators, dtype=float)
    den = np.broadcast_to(den[:, None] if den.ndim == 1 else den, num.shape)
    k = len(den)
    total = den.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        estimate = np.where(total > 0, num.sum(axis=0) / np.where(total > 0, total, 1), np.nan)
    nan = np.full(num.shape[1], np.nan)
    if k < 2:
        return estimate, nan, nan.copy()
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    ratios = np.empty((n_boot, num.shape[1]))
    chunk = max(1, _MAX_WEIGHTS // k)
    pvals = np.full(k, 1.0 / k)
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        weights = generator.multinomial(k, pvals, size=size).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratios[start : start + size] = (weights @ num) / (weights @ den)
    with warnings.catch_warnings():  # all-NaN columns (no denominator) stay NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = np.nanquantile(ratios, [alpha / 2, 1 - alpha / 2], axis=0)
    return estimate, low, high
