"""Prevalence per group: article shares (union of passages), Wilson and article-bootstrap CIs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from compare_helpers import Article, build, outlet_articles
from statsmodels.stats.proportion import proportion_confint

from framing.compare.data import prepare
from framing.compare.intervals import cluster_bootstrap_ratio, rng_for
from framing.compare.prevalence import prevalence_table


def corpus_two_outlets():
    atlas = outlet_articles("Atlas Review", "en", 12, 5)
    # One Atlas article carries "threat" in two passages: it still counts once as an article.
    atlas[0].passages = [("threat",), ("threat", "cooperation"), ()]
    marsad = outlet_articles("Al Marsad", "ar", 4, 1, date="2025-12-03")
    return build(atlas + marsad)


def row(table, outlet, frame):
    match = table[(table["outlet"] == outlet) & (table["frame"] == frame)]
    assert len(match) == 1
    return match.iloc[0]


def test_counts_follow_the_union_of_passage_codes():
    corpus, scores = corpus_two_outlets()
    table = prevalence_table(prepare(scores, corpus, ["outlet"]), n_boot=300)
    threat = row(table, "Atlas Review", "threat")
    assert threat["n_articles"] == 12
    assert threat["n_passages"] == 36
    assert threat["n_with_frame"] == 5
    assert threat["n_passages_with_frame"] == 6
    assert threat["article_share"] == pytest.approx(5 / 12)
    assert threat["passage_share"] == pytest.approx(6 / 36)
    cooperation = row(table, "Atlas Review", "cooperation")
    assert (cooperation["n_with_frame"], cooperation["n_passages_with_frame"]) == (1, 1)


def test_article_share_interval_is_wilson():
    corpus, scores = corpus_two_outlets()
    table = prevalence_table(prepare(scores, corpus, ["outlet"]), n_boot=300, alpha=0.1)
    for outlet, frame, k, n in [("Atlas Review", "threat", 5, 12), ("Al Marsad", "threat", 1, 4)]:
        low, high = proportion_confint(k, n, alpha=0.1, method="wilson")
        r = row(table, outlet, frame)
        assert r["article_share_ci_low"] == pytest.approx(low)
        assert r["article_share_ci_high"] == pytest.approx(high)


def test_groups_without_the_frame_are_rows_with_a_wilson_interval():
    corpus, scores = corpus_two_outlets()
    table = prevalence_table(prepare(scores, corpus, ["outlet"]), n_boot=300)
    assert len(table) == 2 * 4  # every outlet x every frame
    rights = row(table, "Al Marsad", "rights_criticism")
    assert rights["n_with_frame"] == 0 and rights["article_share"] == 0
    z2 = 1.959963984540054**2
    assert rights["article_share_ci_low"] == 0
    assert rights["article_share_ci_high"] == pytest.approx(z2 / (4 + z2))


def test_passage_share_interval_resamples_articles_of_the_group():
    corpus, scores = corpus_two_outlets()
    data = prepare(scores, corpus, ["outlet"])
    table = prevalence_table(data, n_boot=400, seed=7)
    atlas = data.article_scores[
        (data.article_scores["outlet"] == "Atlas Review")
        & (data.article_scores["frame"] == "threat")
    ].sort_values("doc_id")
    _, low, high = cluster_bootstrap_ratio(
        atlas["n_passages_with_frame"].to_numpy(),
        atlas["n_passages"].to_numpy(),
        n_boot=400,
        rng=rng_for(7, "Atlas Review"),
    )
    threat = row(table, "Atlas Review", "threat")
    assert threat["passage_share_ci_low"] == pytest.approx(low[0])
    assert threat["passage_share_ci_high"] == pytest.approx(high[0])
    assert (
        threat["passage_share_ci_low"] < threat["passage_share"] < threat["passage_share_ci_high"]
    )


def test_mean_density_is_the_mean_of_passage_densities():
    corpus, scores = corpus_two_outlets()
    table = prevalence_table(prepare(scores, corpus, ["outlet"]), n_boot=300)
    atlas_ids = corpus.documents.loc[corpus.documents["outlet"] == "Atlas Review", "doc_id"]
    expected = scores[(scores["frame"] == "threat") & scores["doc_id"].isin(atlas_ids)]["density"]
    threat = row(table, "Atlas Review", "threat")
    assert threat["mean_density"] == pytest.approx(expected.mean())
    assert threat["mean_density_ci_low"] <= threat["mean_density"] <= threat["mean_density_ci_high"]


def test_intervals_that_cannot_be_trusted_say_so():
    articles = outlet_articles("Atlas Review", "en", 12, 6)
    articles += outlet_articles("Le Courrier", "fr", 3, 1)
    articles.append(
        Article("sahel-ar-1", "Sahel Watch", "ar", "2026-01-05", [("threat",), ("threat",)])
    )
    corpus, scores = build(articles)
    table = prevalence_table(prepare(scores, corpus, ["outlet"]), n_boot=300)
    assert row(table, "Atlas Review", "threat")["ci_note"] == ""
    assert "small n (3 articles" in row(table, "Le Courrier", "threat")["ci_note"]
    single = row(table, "Sahel Watch", "threat")
    assert "1 article" in single["ci_note"]
    assert math.isnan(single["passage_share_ci_low"]) and math.isnan(
        single["passage_share_ci_high"]
    )
    assert single["passage_share"] == 1.0
    # Wilson still gives an (honestly wide) interval for one article.
    assert single["article_share_ci_low"] == pytest.approx(
        proportion_confint(1, 1, method="wilson")[0]
    )
    none = row(table, "Atlas Review", "rights_criticism")
    assert none["passage_share_ci_low"] == none["passage_share_ci_high"] == 0
    assert "zero-width" in none["ci_note"]


def test_classifier_predictions_have_no_density():
    corpus, scores = build(outlet_articles("Atlas Review", "en", 12, 6), density=False)
    table = prevalence_table(prepare(scores, corpus, ["outlet"]), n_boot=300)
    assert table["mean_density"].isna().all()
    assert table["ci_note"].str.contains("no density").all()
    assert table["passage_share_ci_low"].notna().all()


def test_overall_table_and_combined_groupings():
    corpus, scores = corpus_two_outlets()
    data = prepare(scores, corpus, ["outlet", "language"])
    overall = prevalence_table(data, overall=True, n_boot=300)
    assert list(overall["frame"]) == ["threat", "cooperation", "soft_power", "rights_criticism"]
    assert overall.loc[0, "n_articles"] == 16 and overall.loc[0, "n_with_frame"] == 6
    cells = prevalence_table(data, n_boot=300)
    assert {"outlet", "language"} <= set(cells.columns)
    assert set(zip(cells["outlet"], cells["language"], strict=True)) == {
        ("Atlas Review", "en"),
        ("Al Marsad", "ar"),
    }


def test_same_seed_same_table_and_deduplicated_column():
    corpus, scores = corpus_two_outlets()
    data = prepare(scores, corpus, ["outlet"])
    a = prevalence_table(data, n_boot=300, seed=3)
    b = prevalence_table(data, n_boot=300, seed=3)
    assert a.equals(b)
    assert (~a["deduplicated"]).all()
    c = prevalence_table(data, n_boot=300, seed=4)
    boot = ["passage_share_ci_low", "passage_share_ci_high", "mean_density_ci_high"]
    assert not np.allclose(a[boot], c[boot])
