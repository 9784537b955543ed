"""Do groups differ in how often their articles carry a frame?

Tests are on the article-level table groups x (with frame, without frame):
articles, not passages, are the independent units.

- Across all groups (``tests.csv``): Pearson's chi-square test of
  independence (no continuity correction) with Cramér's V. When an expected
  count is below 5 the chi-square approximation is not trusted: a 2 x 2 table
  gets Fisher's exact test; a larger table gets a Monte-Carlo p-value from
  random tables with the observed margins (Patefield's algorithm,
  :class:`scipy.stats.random_table`; the approach of R's
  ``chisq.test(simulate.p.value = TRUE)``), ``p = (1 + #{X2_sim >= X2_obs}) / (B + 1)``.
  ``statistic`` is always Pearson's X2; ``test`` says which p-value was used.
- Every pair of groups (``pairwise.csv``): two-proportion z-test (pooled
  variance), or Fisher's exact test when an expected count is below 5; risk
  difference with Newcombe's hybrid score interval (Wilson intervals of each
  share combined); odds ratio with Woolf's logit interval, after adding 0.5 to
  every cell (Haldane-Anscombe) when a cell is 0.
- Multiple comparisons: the p-values of one analysis (all frames, the
  across-group tests *and* the pairwise tests together) form one family,
  corrected with :func:`statsmodels.stats.multitest.multipletests`.

Groups whose value is ``unknown`` (missing metadata, a date lacking the part
grouped on) are shown in the prevalence table but left out of the tests,
because they are not a category; the ``note`` says how many articles that is.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency, fisher_exact, random_table
from scipy.stats.contingency import association, expected_freq
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from framing.compare.data import AnalysisData, drop_unknown
from framing.compare.intervals import rng_for
from framing.errors import CompareError

MIN_EXPECTED = 5
CORRECTIONS = {"bh": "fdr_bh", "holm": "holm", "bonferroni": "bonferroni", "none": None}


def article_counts(data: AnalysisData, *, drop_unknown_groups: bool = True) -> pd.DataFrame:
    """Per group and frame: ``n_articles`` and ``n_with_frame`` (articles), group columns first."""
    scores = data.article_scores
    dropped = 0
    if drop_unknown_groups:
        scores, dropped = drop_unknown(scores, data.by)
    counts = (
        scores.groupby([*data.by, "group", "frame"], sort=True)
        .agg(n_articles=("has_frame", "size"), n_with_frame=("has_frame", "sum"))
        .reset_index()
    )
    counts.attrs["n_unknown_articles"] = dropped // max(len(data.frames), 1)
    return counts


def independence_tests(
    data: AnalysisData, *, seed: int = 0, n_simulations: int = 9999
) -> pd.DataFrame:
    """One test per frame across the groups of ``data.by``; see the module docstring.

    Columns: ``frame, test, statistic, dof, p_value, cramers_v, n_groups,
    n_articles, min_expected, note``.

    Examples
    --------
    >>> tests = independence_tests(data, seed=0)  # doctest: +SKIP
    """
    counts = article_counts(data)
    unknown = counts.attrs["n_unknown_articles"]
    rows = []
    for frame in data.frames:
        part = counts[counts["frame"] == frame]
        with_frame = part["n_with_frame"].to_numpy(int)
        table = np.column_stack([with_frame, part["n_articles"].to_numpy(int) - with_frame])
        row = {"frame": frame, **_omnibus(table, rng_for(seed, "chi2", frame), n_simulations)}
        if unknown:
            row["note"] = _join(row["note"], f"{unknown} articles in 'unknown' groups left out")
        rows.append(row)
    columns = ["frame", "test", "statistic", "dof", "p_value", "cramers_v"]
    columns += ["n_groups", "n_articles", "min_expected", "note"]
    return pd.DataFrame(rows, columns=columns)


def _omnibus(table: np.ndarray, rng: np.random.Generator, n_simulations: int) -> dict:
    n_groups, n = len(table), int(table.sum())
    row: dict = {"n_groups": n_groups, "n_articles": n, "test": "none", "statistic": np.nan}
    row |= {"dof": np.nan, "p_value": np.nan, "cramers_v": np.nan, "min_expected": np.nan}
    if n_groups < 2:
        return row | {"note": "fewer than 2 groups: nothing to compare"}
    margin = table.sum(axis=0)
    if margin.min() == 0:
        which = "no article" if margin[0] == 0 else "every article"
        return row | {"note": f"{which} has the frame: no variation to test"}
    chi2, p_chi2, dof, expected = chi2_contingency(table, correction=False)
    row |= {"statistic": chi2, "dof": dof, "min_expected": expected.min()}
    row["cramers_v"] = association(table, method="cramer", correction=False)
    if expected.min() >= MIN_EXPECTED:
        return row | {
            "test": "chi-square",
            "p_value": p_chi2,
            "note": "",
        }
    if table.shape == (2, 2):
        p = fisher_exact(table, alternative="two-sided").pvalue
        note = f"expected count {expected.min():.2f} < {MIN_EXPECTED}: Fisher's exact test"
        return row | {"test": "fisher-exact", "p_value": p, "note": note}
    p = monte_carlo_chi2_p(table, n_simulations=n_simulations, rng=rng)
    note = (
        f"expected count {expected.min():.2f} < {MIN_EXPECTED}: Monte-Carlo p-value "
        f"({n_simulations} tables with the observed margins)"
    )
    return row | {"test": "chi-square monte-carlo", "p_value": p, "note": note}


def monte_carlo_chi2_p(
    table: np.ndarray, *, n_simulations: int = 9999, rng: np.random.Generator | int = 0
) -> float:
    """Monte-Carlo p-value of Pearson's X2 under independence, margins fixed.

    >>> p = monte_carlo_chi2_p(np.array([[4, 1], [1, 4], [2, 2]]), rng=0)
    >>> 0.1 < p < 0.5
    True
    """
    table = np.asarray(table)
    observed = _pearson(table[None])[0]
    sims = random_table(table.sum(axis=1), table.sum(axis=0)).rvs(n_simulations, random_state=rng)
    # A relative tolerance so ties (equal tables) count as "at least as extreme".
    extreme = _pearson(sims) >= observed * (1 - 1e-9)
    return float((1 + extreme.sum()) / (n_simulations + 1))


def _pearson(tables: np.ndarray) -> np.ndarray:
    """Pearson's X2 of a stack of tables sharing the same margins."""
    expected = expected_freq(tables[0])
    return (((tables - expected) ** 2) / expected).sum(axis=(1, 2))


def pairwise_tests(data: AnalysisData, *, alpha: float = 0.05) -> pd.DataFrame:
    """Every pair of groups, per frame; see the module docstring.

    Columns: ``group_a, group_b, frame, n_a, n_with_a, share_a, n_b, n_with_b,
    share_b, test, statistic, p_value, risk_difference, rd_ci_low, rd_ci_high,
    rd_method, odds_ratio, or_ci_low, or_ci_high, or_method, note``. The odds
    ratio and risk difference compare group A to group B (A minus B, odds of A
    over odds of B).
    """
    counts = article_counts(data)
    rows = []
    groups = sorted(counts["group"].unique())
    indexed = counts.set_index(["group", "frame"])
    for frame in data.frames:
        for a, b in combinations(groups, 2):
            ca, cb = indexed.loc[(a, frame)], indexed.loc[(b, frame)]
            rows.append(
                {"group_a": a, "group_b": b, "frame": frame}
                | pair_statistics(
                    int(ca["n_with_frame"]),
                    int(ca["n_articles"]),
                    int(cb["n_with_frame"]),
                    int(cb["n_articles"]),
                    alpha=alpha,
                )
            )
    columns = ["group_a", "group_b", "frame", "n_a", "n_with_a", "share_a", "n_b", "n_with_b"]
    columns += ["share_b", "test", "statistic", "p_value", "risk_difference", "rd_ci_low"]
    columns += ["rd_ci_high", "rd_method", "odds_ratio", "or_ci_low", "or_ci_high", "or_method"]
    return pd.DataFrame(rows, columns=[*columns, "note"])


def pair_statistics(
    with_a: int, n_a: int, with_b: int, n_b: int, *, alpha: float = 0.05
) -> dict[str, object]:
    """Test, risk difference and odds ratio for one 2 x 2 table (group A vs group B).

    >>> stats = pair_statistics(12, 20, 4, 22)
    >>> stats["test"], round(stats["risk_difference"], 4), round(stats["odds_ratio"], 4)
    ('two-proportion z', 0.4182, 6.75)
    """
    table = np.array([[with_a, n_a - with_a], [with_b, n_b - with_b]])
    row: dict[str, object] = {"n_a": n_a, "n_with_a": with_a, "share_a": with_a / n_a}
    row |= {"n_b": n_b, "n_with_b": with_b, "share_b": with_b / n_b}
    row |= {"test": "none", "statistic": np.nan, "p_value": np.nan, "note": ""}
    row |= _risk_difference(with_a, n_a, with_b, n_b, alpha)
    row |= _odds_ratio(table, alpha)
    margin = table.sum(axis=0)
    if margin.min() == 0:
        which = "no article" if margin[0] == 0 else "every article"
        return row | {"note": f"{which} in either group has the frame: no variation to test"}
    if expected_freq(table).min() < MIN_EXPECTED:
        result = fisher_exact(table, alternative="two-sided")
        return row | {
            "test": "fisher-exact",
            "statistic": float(result.statistic),
            "p_value": float(result.pvalue),
            "note": f"expected count < {MIN_EXPECTED}: Fisher's exact test "
            "(statistic = sample odds ratio)",
        }
    z, p = proportions_ztest([with_a, with_b], [n_a, n_b])
    return row | {"test": "two-proportion z", "statistic": float(z), "p_value": float(p)}


def _risk_difference(with_a: int, n_a: int, with_b: int, n_b: int, alpha: float) -> dict:
    low, high = confint_proportions_2indep(
        with_a, n_a, with_b, n_b, method="newcomb", compare="diff", alpha=alpha
    )
    return {
        "risk_difference": with_a / n_a - with_b / n_b,
        "rd_ci_low": float(low),
        "rd_ci_high": float(high),
        "rd_method": "Newcombe hybrid score (Wilson)",
    }


def _odds_ratio(table: np.ndarray, alpha: float) -> dict:
    zero = (table == 0).any()
    shifted = table + 0.5 if zero else table
    result = Table2x2(shifted.astype(float))
    low, high = result.oddsratio_confint(alpha=alpha)
    method = "Woolf logit" + (
        ", Haldane-Anscombe +0.5 on every cell (a cell was 0)" if zero else ""
    )
    return {
        "odds_ratio": float(result.oddsratio),
        "or_ci_low": float(low),
        "or_ci_high": float(high),
        "or_method": method,
    }


def adjust_pvalues(p_values: np.ndarray | list[float], method: str = "bh") -> np.ndarray:
    """Adjusted p-values (NaN stays NaN and is not counted in the family).

    ``method`` is ``bh`` (Benjamini-Hochberg), ``holm``, ``bonferroni`` or ``none``.

    >>> adjust_pvalues([0.01, 0.04, 0.03, float("nan")], "holm").round(2).tolist()
    [0.03, 0.06, 0.06, nan]
    """
    if method not in CORRECTIONS:
        raise CompareError(
            f"unknown correction {method!r}",
            field="correction",
            hint=f"one of {', '.join(CORRECTIONS)}",
        )
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if not ok.any():
        return out
    out[ok] = (
        p[ok]
        if CORRECTIONS[method] is None
        else multipletests(p[ok], method=CORRECTIONS[method])[1]
    )
    return out


def correct_family(
    tests: pd.DataFrame, pairwise: pd.DataFrame, *, method: str = "bh", alpha: float = 0.05
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Correct the p-values of ``tests`` and ``pairwise`` together, as one family.

    Adds ``p_adjusted``, ``significant`` (``p_adjusted < alpha``), ``correction``
    and ``family_size`` (the number of p-values corrected together) to both.
    """
    p = np.concatenate([tests["p_value"].to_numpy(float), pairwise["p_value"].to_numpy(float)])
    adjusted = adjust_pvalues(p, method)
    size = int((~np.isnan(p)).sum())
    out = []
    for table, part in ((tests, adjusted[: len(tests)]), (pairwise, adjusted[len(tests) :])):
        table = table.copy()
        table["p_adjusted"] = part
        table["significant"] = np.where(np.isnan(part), False, part < alpha)
        table["correction"] = method
        table["family_size"] = size
        out.append(table)
    return out[0], out[1]


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)
