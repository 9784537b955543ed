"""Across-group tests, pairwise tests, effect sizes and multiple-comparison corrections."""

from __future__ import annotations

import math
from itertools import product

import numpy as np
import pytest
from compare_helpers import build, outlet_articles
from scipy.stats import chi2_contingency, fisher_exact, norm

from framing.compare.data import prepare
from framing.compare.significance import (
    adjust_pvalues,
    correct_family,
    independence_tests,
    monte_carlo_chi2_p,
    pair_statistics,
    pairwise_tests,
)
from framing.errors import CompareError

Z = norm.ppf(0.975)


def wilson(k, n):
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def data_for(groups, by=("outlet",)):
    """groups: (outlet, language, n, n_with_threat[, metadata])."""
    articles = []
    for outlet, language, n, k, *meta in groups:
        articles += outlet_articles(outlet, language, n, k, metadata=meta[0] if meta else None)
    corpus, scores = build(articles)
    return prepare(scores, corpus, list(by))


def threat(table):
    return table[table["frame"] == "threat"].iloc[0]


def test_chi_square_with_cramers_v_when_expected_counts_are_large():
    data = data_for(
        [("Atlas Review", "en", 30, 18), ("Le Courrier", "fr", 25, 8), ("Al Marsad", "ar", 30, 10)]
    )
    row = threat(independence_tests(data))
    observed = np.array([[10, 20], [18, 12], [8, 17]])  # sorted: Al Marsad, Atlas, Le Courrier
    chi2, p, dof, _ = chi2_contingency(observed, correction=False)
    assert row["test"] == "chi-square"
    assert row["statistic"] == pytest.approx(chi2)
    assert row["p_value"] == pytest.approx(p)
    assert row["dof"] == dof == 2
    assert row["cramers_v"] == pytest.approx(math.sqrt(chi2 / (85 * 1)))
    assert row["n_articles"] == 85 and row["n_groups"] == 3
    assert row["min_expected"] >= 5 and row["note"] == ""


def test_fisher_exact_for_a_small_two_by_two():
    data = data_for([("Atlas Review", "en", 6, 5), ("Le Courrier", "fr", 7, 1)])
    row = threat(independence_tests(data))
    assert row["test"] == "fisher-exact"
    assert row["p_value"] == pytest.approx(fisher_exact([[5, 1], [1, 6]]).pvalue)
    assert "expected count" in row["note"] and "Fisher" in row["note"]
    # The statistic reported is still Pearson's X2, V from it.
    chi2 = chi2_contingency([[5, 1], [1, 6]], correction=False)[0]
    assert row["statistic"] == pytest.approx(chi2)


def exact_p(rows_n, total_with, observed):
    """Exact conditional p-value: every table with these margins, hypergeometric weights."""

    def pearson(ks):
        table = np.array([[k, n - k] for k, n in zip(ks, rows_n, strict=True)])
        return chi2_contingency(table, correction=False)[0]

    big_n = sum(rows_n)
    stat = pearson(observed)
    p = 0.0
    for ks in product(*[range(n + 1) for n in rows_n]):
        if sum(ks) != total_with:
            continue
        weight = math.prod(math.comb(n, k) for n, k in zip(rows_n, ks, strict=True))
        if pearson(ks) >= stat - 1e-9:
            p += weight / math.comb(big_n, total_with)
    return p


def test_monte_carlo_p_value_for_a_small_larger_table():
    data = data_for(
        [("Atlas Review", "en", 7, 5), ("Le Courrier", "fr", 6, 1), ("Al Marsad", "ar", 8, 2)]
    )
    row = threat(independence_tests(data, seed=0))
    assert row["test"] == "chi-square monte-carlo"
    # Rows sorted by outlet: Al Marsad (2 of 8), Atlas Review (5 of 7), Le Courrier (1 of 6).
    expected = exact_p([8, 7, 6], 8, [2, 5, 1])
    assert row["p_value"] == pytest.approx(expected, abs=0.015)
    again = threat(independence_tests(data, seed=0))
    assert again["p_value"] == row["p_value"]


def test_monte_carlo_p_value_counts_ties_and_the_observed_table():
    # A table exactly at independence: every simulated table is at least as extreme.
    assert monte_carlo_chi2_p(np.array([[2, 2], [2, 2], [2, 2]]), n_simulations=99) == 1.0


def test_no_variation_and_a_single_group_are_not_tested():
    data = data_for([("Atlas Review", "en", 6, 0), ("Le Courrier", "fr", 7, 0)])
    row = threat(independence_tests(data))
    assert row["test"] == "none" and math.isnan(row["p_value"])
    assert "no article has the frame" in row["note"]
    single = threat(independence_tests(data_for([("Atlas Review", "en", 6, 3)])))
    assert single["test"] == "none" and "fewer than 2 groups" in single["note"]


def test_unknown_groups_are_left_out_of_tests_and_said_so():
    data = data_for(
        [
            ("Atlas Review", "en", 20, 12, {"stance": "official"}),
            ("Le Courrier", "fr", 20, 4, {"stance": "critical"}),
            ("Sahel Watch", "fr", 3, 3),  # no stance in the manifest
        ],
        by=["stance"],
    )
    row = threat(independence_tests(data))
    assert row["n_groups"] == 2 and row["n_articles"] == 40
    assert "3 articles in 'unknown' groups left out" in row["note"]
    pairs = pairwise_tests(data)
    assert set(pairs["group_a"]) | set(pairs["group_b"]) == {"critical", "official"}


def test_pairwise_z_test_newcombe_and_woolf_by_hand():
    stats = pair_statistics(18, 30, 8, 25)
    p1, p2 = 18 / 30, 8 / 25
    pooled = 26 / 55
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / 30 + 1 / 25))
    assert stats["test"] == "two-proportion z"
    assert stats["statistic"] == pytest.approx(z)
    assert stats["p_value"] == pytest.approx(2 * norm.sf(abs(z)))
    (l1, u1), (l2, u2) = wilson(18, 30), wilson(8, 25)
    assert stats["risk_difference"] == pytest.approx(p1 - p2)
    assert stats["rd_ci_low"] == pytest.approx(p1 - p2 - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2))
    assert stats["rd_ci_high"] == pytest.approx(
        p1 - p2 + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    )
    log_or = math.log(18 * 17 / (12 * 8))
    se = math.sqrt(1 / 18 + 1 / 12 + 1 / 8 + 1 / 17)
    assert stats["odds_ratio"] == pytest.approx(math.exp(log_or))
    assert stats["or_ci_low"] == pytest.approx(math.exp(log_or - Z * se))
    assert stats["or_ci_high"] == pytest.approx(math.exp(log_or + Z * se))
    assert stats["or_method"] == "Woolf logit"


def test_pairwise_small_counts_use_fisher_and_haldane_anscombe():
    stats = pair_statistics(0, 9, 6, 10)
    assert stats["test"] == "fisher-exact"
    assert stats["p_value"] == pytest.approx(fisher_exact([[0, 9], [6, 4]]).pvalue)
    a, b, c, d = 0.5, 9.5, 6.5, 4.5
    log_or = math.log(a * d / (b * c))
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    assert stats["odds_ratio"] == pytest.approx(math.exp(log_or))
    assert stats["or_ci_high"] == pytest.approx(math.exp(log_or + Z * se))
    assert "Haldane-Anscombe" in stats["or_method"]


def test_pairwise_table_has_every_pair_per_frame():
    data = data_for(
        [("Atlas Review", "en", 12, 6), ("Le Courrier", "fr", 9, 2), ("Al Marsad", "ar", 10, 1)]
    )
    pairs = pairwise_tests(data)
    assert len(pairs) == 3 * 4
    first = pairs[pairs["frame"] == "threat"].iloc[0]
    assert (first["group_a"], first["group_b"]) == ("Al Marsad", "Atlas Review")
    assert (first["n_a"], first["n_with_a"], first["n_b"], first["n_with_b"]) == (10, 1, 12, 6)
    none = pairs[pairs["frame"] == "rights_criticism"]
    assert (none["test"] == "none").all() and none["p_value"].isna().all()


def test_holm_bh_and_bonferroni_against_hand_worked_values():
    p = [0.01, 0.04, 0.03, 0.005]
    # Holm: sorted 0.005*4, 0.01*3, 0.03*2, 0.04*1 -> 0.02, 0.03, 0.06, max(0.04, 0.06).
    np.testing.assert_allclose(adjust_pvalues(p, "holm"), [0.03, 0.06, 0.06, 0.02])
    # BH: 0.005*4/1, 0.01*4/2, 0.03*4/3, 0.04*4/4 = 0.02, 0.02, 0.04, 0.04 (running minimum).
    np.testing.assert_allclose(adjust_pvalues(p, "bh"), [0.02, 0.04, 0.04, 0.02])
    np.testing.assert_allclose(adjust_pvalues(p, "bonferroni"), [0.04, 0.16, 0.12, 0.02])
    np.testing.assert_allclose(adjust_pvalues(p, "none"), p)
    with_nan = adjust_pvalues([0.01, float("nan"), 0.04], "bonferroni")
    assert with_nan[0] == pytest.approx(0.02) and math.isnan(with_nan[1])
    with pytest.raises(CompareError, match="unknown correction"):
        adjust_pvalues(p, "sidak")


def test_tests_and_pairwise_are_corrected_as_one_family():
    data = data_for(
        [("Atlas Review", "en", 30, 18), ("Le Courrier", "fr", 25, 8), ("Al Marsad", "ar", 30, 10)]
    )
    tests, pairs = correct_family(
        independence_tests(data), pairwise_tests(data), method="holm", alpha=0.05
    )
    p = np.concatenate([tests["p_value"], pairs["p_value"]])
    tested = p[~np.isnan(p)]
    assert (tests["family_size"] == len(tested)).all() and len(tested) == 4  # threat only
    # Holm by hand on the family.
    order = np.argsort(tested)
    m = len(tested)
    holm = np.maximum.accumulate([min(1, (m - i) * tested[j]) for i, j in enumerate(order)])
    expected = np.empty(m)
    expected[order] = holm
    got = np.concatenate([tests["p_adjusted"], pairs["p_adjusted"]])
    np.testing.assert_allclose(got[~np.isnan(p)], expected)
    assert (tests["significant"] == (tests["p_adjusted"] < 0.05)).all()
    assert not pairs.loc[pairs["p_value"].isna(), "significant"].any()
