"""Passage-level logistic regression with standard errors clustered by article."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from compare_helpers import Article, build, outlet_articles

from framing.compare.data import prepare
from framing.compare.regression import fit_frame, frame_regressions


def mixed_corpus():
    """Two outlets publishing in two languages each, so outlet and language are not aliased.

    Articles that carry the frame carry it in several passages (clustering).
    """
    articles = []
    plan = [
        ("Atlas Review", "en", 14, 9),
        ("Atlas Review", "fr", 8, 3),
        ("Le Courrier", "fr", 12, 3),
        ("Le Courrier", "en", 6, 2),
    ]
    for outlet, language, n, k in plan:
        for i in range(n):
            heavy = i < k
            passages = [("threat",) if heavy and p < 1 + i % 3 else () for p in range(4)]
            passages[3] = ("cooperation",) if i % 5 == 0 else ()
            articles.append(
                Article(
                    f"{outlet[:2]}-{language}-{i:02d}", outlet, language, "2026-01-10", passages
                )
            )
    return build(articles)


def passage_frame(corpus, scores, frame):
    df = scores[scores["frame"] == frame].merge(
        corpus.documents[["doc_id", "outlet", "language"]], on="doc_id"
    )
    df["y"] = df["present"].astype(float)
    return df.sort_values("passage_id").reset_index(drop=True)


def test_coefficients_match_statsmodels_formula_with_cluster_errors():
    corpus, scores = mixed_corpus()
    table = frame_regressions(prepare(scores, corpus, ["outlet", "language"]))
    threat = table[table["frame"] == "threat"].set_index("term")
    # Reference levels: most articles (Atlas Review 22 vs 20; en 20 vs fr 20 -> "en" sorts first).
    assert threat["reference"].iloc[0] == "outlet=Atlas Review; language=en"
    df = passage_frame(corpus, scores, "threat")
    formula = (
        'y ~ C(outlet, Treatment(reference="Atlas Review")) + '
        'C(language, Treatment(reference="en"))'
    )
    groups = pd.factorize(df["doc_id"])[0]
    ref = smf.glm(formula, df, family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": groups}
    )
    names = {
        "Intercept": "Intercept",
        "outlet[T.Le Courrier]": 'C(outlet, Treatment(reference="Atlas Review"))[T.Le Courrier]',
        "language[T.fr]": 'C(language, Treatment(reference="en"))[T.fr]',
    }
    assert list(threat.index) == list(names)
    for ours, theirs in names.items():
        assert threat.loc[ours, "coef"] == pytest.approx(ref.params[theirs], rel=1e-6)
        assert threat.loc[ours, "std_err"] == pytest.approx(ref.bse[theirs], rel=1e-6)
        assert threat.loc[ours, "p_value"] == pytest.approx(ref.pvalues[theirs], rel=1e-6)
        assert threat.loc[ours, "odds_ratio"] == pytest.approx(math.exp(ref.params[theirs]))
        low, high = np.exp(ref.conf_int().loc[theirs])
        assert threat.loc[ours, "ci_low"] == pytest.approx(low, rel=1e-6)
        assert threat.loc[ours, "ci_high"] == pytest.approx(high, rel=1e-6)
    assert (threat["n_obs"] == 160).all() and (threat["n_clusters"] == 40).all()
    assert threat["converged"].all()


def test_clustered_standard_errors_equal_the_sandwich_by_hand():
    corpus, scores = mixed_corpus()
    table = frame_regressions(prepare(scores, corpus, ["outlet", "language"]))
    threat = table[table["frame"] == "threat"]
    df = passage_frame(corpus, scores, "threat")
    x = np.column_stack(
        [np.ones(len(df)), df["outlet"] == "Le Courrier", df["language"] == "fr"]
    ).astype(float)
    y = df["y"].to_numpy()
    beta = threat["coef"].to_numpy()
    mu = 1 / (1 + np.exp(-x @ beta))
    bread = np.linalg.inv(x.T @ (x * (mu * (1 - mu))[:, None]))
    scores_by_article = pd.DataFrame(x * (y - mu)[:, None]).groupby(df["doc_id"].to_numpy()).sum()
    meat = scores_by_article.T.to_numpy() @ scores_by_article.to_numpy()
    g, n, k = len(scores_by_article), len(y), x.shape[1]
    correction = g / (g - 1) * (n - 1) / (n - k)
    se = np.sqrt(np.diag(bread @ meat @ bread) * correction)
    np.testing.assert_allclose(threat["std_err"], se, rtol=1e-5)
    # The score equations hold at the estimate (a real maximum likelihood fit).
    np.testing.assert_allclose(x.T @ (y - mu), 0, atol=1e-6)


def test_clustering_widens_errors_when_passages_of_an_article_agree():
    corpus, scores = mixed_corpus()
    table = frame_regressions(prepare(scores, corpus, ["outlet", "language"]))
    threat = table[table["frame"] == "threat"].set_index("term")
    df = passage_frame(corpus, scores, "threat")
    naive = smf.glm(
        'y ~ C(outlet, Treatment(reference="Atlas Review")) + C(language)',
        df,
        family=sm.families.Binomial(),
    ).fit()
    assert threat.loc["Intercept", "std_err"] > 1.1 * naive.bse["Intercept"]


def test_a_frame_without_positives_gets_a_note_not_a_crash():
    corpus, scores = mixed_corpus()
    table = frame_regressions(prepare(scores, corpus, ["outlet"]))
    rights = table[table["frame"] == "rights_criticism"]
    assert len(rights) == 1
    assert rights.iloc[0]["note"].startswith("no passage has the frame")
    assert math.isnan(rights.iloc[0]["coef"]) and not rights.iloc[0]["converged"]


def test_separated_level_is_reported_and_left_out():
    articles = outlet_articles("Atlas Review", "en", 15, 8)
    articles += outlet_articles("Le Courrier", "fr", 12, 4)
    articles += outlet_articles("Al Marsad", "ar", 10, 0)  # never the frame: separation
    corpus, scores = build(articles)
    table = frame_regressions(prepare(scores, corpus, ["outlet"]))
    threat = table[table["frame"] == "threat"].set_index("term")
    marsad = threat.loc["outlet[T.Al Marsad]"]
    assert "no passage of outlet=Al Marsad has the frame" in marsad["note"]
    assert "not estimable" in marsad["note"] and math.isnan(marsad["coef"])
    courrier = threat.loc["outlet[T.Le Courrier]"]
    assert courrier["n_obs"] == 27 * 3 and courrier["n_clusters"] == 27
    assert "separated level" in courrier["note"]
    # Without Al Marsad the estimate is the plain log odds ratio of passage shares.
    expected = math.log((4 / 32) / (8 / 37))
    assert courrier["coef"] == pytest.approx(expected, rel=1e-6)


def test_aliased_language_is_dropped_with_a_note():
    articles = outlet_articles("Atlas Review", "en", 15, 8)
    articles += outlet_articles("Al Marsad", "ar", 14, 3)
    corpus, scores = build(articles)
    table = frame_regressions(prepare(scores, corpus, ["outlet", "language"]))
    threat = table[table["frame"] == "threat"]
    # Each outlet writes in one language: language adds nothing the outlet does not say.
    assert list(threat["term"]) == ["Intercept", "outlet[T.Al Marsad]"]
    assert (threat["reference"] == "outlet=Atlas Review; language=en").all()
    assert threat["note"].str.contains(r"language\[T\.ar\] aliased").all()
    assert threat["note"].str.contains("few articles [(]29 clusters").all()


def test_unknown_levels_are_left_out_and_counted():
    articles = outlet_articles("Atlas Review", "en", 12, 6, metadata={"stance": "official"})
    articles += outlet_articles("Le Courrier", "fr", 12, 2, metadata={"stance": "critical"})
    articles += outlet_articles("Sahel Watch", "fr", 2, 1)
    corpus, scores = build(articles)
    data = prepare(scores, corpus, ["stance"])
    rows = data.passage_scores[data.passage_scores["frame"] == "threat"]
    table = fit_frame(rows, ["stance"], frame="threat")
    assert (table["n_obs"] == 72).all()
    assert table["note"].str.contains("6 passages with an unknown value left out").all()
