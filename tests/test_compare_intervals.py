"""Wilson intervals and the article (cluster) bootstrap."""

from __future__ import annotations

import math

import numpy as np
import pytest

from framing.compare import intervals
from framing.compare.intervals import cluster_bootstrap_ratio, rng_for, wilson_interval


def wilson_by_hand(k: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson (1927): centre and half-width written out."""
    z = {0.05: 1.959963984540054, 0.1: 1.6448536269514722}[alpha]
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize(("k", "n"), [(3, 10), (0, 12), (9, 9), (17, 40), (1, 1)])
@pytest.mark.parametrize("alpha", [0.05, 0.1])
def test_wilson_matches_the_formula(k, n, alpha):
    low, high = wilson_interval(k, n, alpha)
    expected = wilson_by_hand(k, n, alpha)
    assert low[0] == pytest.approx(max(expected[0], 0.0), abs=1e-12)
    assert high[0] == pytest.approx(min(expected[1], 1.0), abs=1e-12)


def test_wilson_is_exact_at_the_bounds_and_nan_without_observations():
    low, high = wilson_interval([0, 5, 2], [5, 5, 0])
    assert low[0] == 0.0 and high[1] == 1.0
    assert math.isnan(low[2]) and math.isnan(high[2])
    # With 0 of n the upper bound is z^2 / (n + z^2).
    z2 = 1.959963984540054**2
    assert high[0] == pytest.approx(z2 / (5 + z2))


def test_bootstrap_matches_a_resampling_written_out_by_hand():
    """The documented algorithm: multinomial counts of each article, then ratio of sums."""
    with_frame = np.array([2, 0, 1, 3, 0, 1, 4])
    passages = np.array([4, 3, 2, 5, 3, 2, 6])
    est, low, high = cluster_bootstrap_ratio(with_frame, passages, n_boot=500, rng=11)
    rng = np.random.default_rng(11)
    k = len(passages)
    ratios = []
    for _ in range(500):
        taken = rng.multinomial(k, [1 / k] * k)
        ratios.append((taken * with_frame).sum() / (taken * passages).sum())
    assert est[0] == pytest.approx(11 / 25)
    assert low[0] == pytest.approx(np.quantile(ratios, 0.025))
    assert high[0] == pytest.approx(np.quantile(ratios, 0.975))


def test_bootstrap_is_zero_width_when_every_article_has_the_same_share():
    # Six articles, each with a quarter (or 2 of 8) of its passages carrying the frame.
    with_frame = np.array([1, 1, 2, 1, 2, 1])
    passages = np.array([4, 4, 8, 4, 8, 4])
    est, low, high = cluster_bootstrap_ratio(with_frame, passages, rng=0)
    assert est[0] == pytest.approx(0.25)
    assert low[0] == pytest.approx(0.25) and high[0] == pytest.approx(0.25)


def test_all_or_none_articles_give_the_article_level_bootstrap():
    """Every passage of an article identical: passage share = article share, same interval."""
    has = np.array([1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1])
    passages = np.full(len(has), 3)
    passage_level = cluster_bootstrap_ratio(has * 3, passages, rng=5)
    article_level = cluster_bootstrap_ratio(has, np.ones(len(has)), rng=5)
    for a, b in zip(passage_level, article_level, strict=True):
        assert a[0] == pytest.approx(b[0])
    # ... and that interval is the bootstrap of the article shares (mean of 0/1), by hand.
    rng = np.random.default_rng(5)
    k = len(has)
    shares = [(rng.multinomial(k, [1 / k] * k) * has).sum() / k for _ in range(2000)]
    assert passage_level[1][0] == pytest.approx(np.quantile(shares, 0.025))
    assert passage_level[2][0] == pytest.approx(np.quantile(shares, 0.975))


def test_resampling_passages_would_understate_the_uncertainty():
    """Clustered data: an article's passages all carry the frame or none do."""
    rng = np.random.default_rng(3)
    articles = rng.random(30) < 0.4
    per_article = rng.integers(3, 9, size=30)
    by_article = cluster_bootstrap_ratio(articles * per_article, per_article, rng=1)
    passages = np.repeat(articles, per_article).astype(float)
    by_passage = cluster_bootstrap_ratio(passages, np.ones(len(passages)), rng=1)
    assert by_article[0][0] == pytest.approx(by_passage[0][0])
    width_article = by_article[2][0] - by_article[1][0]
    width_passage = by_passage[2][0] - by_passage[1][0]
    assert width_passage < 0.7 * width_article


def test_bootstrap_is_deterministic_and_chunk_invariant(monkeypatch):
    num = np.array([[2, 0], [0, 1], [1, 1], [3, 0], [0, 2]])
    den = np.array([4, 3, 2, 5, 3])
    first = cluster_bootstrap_ratio(num, den, n_boot=300, rng=rng_for(0, "Atlas", "en"))
    again = cluster_bootstrap_ratio(num, den, n_boot=300, rng=rng_for(0, "Atlas", "en"))
    other = cluster_bootstrap_ratio(num, den, n_boot=300, rng=rng_for(1, "Atlas", "en"))
    monkeypatch.setattr(intervals, "_MAX_WEIGHTS", 7)  # 1 resample per chunk
    chunked = cluster_bootstrap_ratio(num, den, n_boot=300, rng=rng_for(0, "Atlas", "en"))
    for a, b, c in zip(first, again, chunked, strict=True):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(a, c)
    assert not np.allclose(first[1], other[1])


def test_bootstrap_needs_two_articles():
    est, low, high = cluster_bootstrap_ratio(np.array([2]), np.array([5]))
    assert est[0] == pytest.approx(0.4)
    assert math.isnan(low[0]) and math.isnan(high[0])


def test_two_dimensional_denominators_handle_missing_densities():
    # Frame 2 has no density in any passage (classifier predictions): NaN, no warning.
    num = np.array([[10.0, 0.0], [20.0, 0.0], [0.0, 0.0]])
    den = np.array([[2, 0], [2, 0], [1, 0]])
    est, low, high = cluster_bootstrap_ratio(num, den, n_boot=200, rng=0)
    assert est[0] == pytest.approx(6.0)
    assert math.isnan(est[1]) and math.isnan(low[1]) and math.isnan(high[1])
    assert low[0] <= est[0] <= high[0]
