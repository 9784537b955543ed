"""Frame co-occurrence at passage and article level."""

from __future__ import annotations

import math

import pytest
from compare_helpers import Article, build

from framing.compare.cooccurrence import cooccurrence_table
from framing.compare.data import prepare


def corpus():
    articles = [
        # threat and cooperation in the same passage, and soft power later in the article.
        Article(
            "a1", "Atlas Review", "en", "2026-02-11", [("threat", "cooperation"), ("soft_power",)]
        ),
        # threat and cooperation in the same article but different passages.
        Article("a2", "Le Courrier", "fr", "2026-02-12", [("threat",), ("cooperation",), ()]),
        Article("a3", "Al Marsad", "ar", "2026-02-12", [("threat",), ()]),
        Article("a4", "Al Marsad", "ar", "2026-02-13", [(), ()]),
    ]
    return build(articles)


def pair(table, a, b, level):
    rows = table[(table["frame_a"] == a) & (table["frame_b"] == b) & (table["level"] == level)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_counts_jaccard_and_lift_by_hand():
    c, scores = corpus()
    table = cooccurrence_table(prepare(scores, c, ["outlet"]))
    assert len(table) == 2 * 6  # 4 frames -> 6 pairs, at two levels
    passage = pair(table, "threat", "cooperation", "passage")
    # 9 passages: threat in 3, cooperation in 2, both in 1.
    assert (passage["n_both"], passage["n_a"], passage["n_b"], passage["n_total"]) == (1, 3, 2, 9)
    assert passage["jaccard"] == pytest.approx(1 / 4)
    assert passage["lift"] == pytest.approx(1 * 9 / (3 * 2))
    article = pair(table, "threat", "cooperation", "article")
    # 4 articles: threat in 3, cooperation in 2, both in 2.
    assert (article["n_both"], article["n_a"], article["n_b"], article["n_total"]) == (2, 3, 2, 4)
    assert article["jaccard"] == pytest.approx(2 / 3)
    assert article["lift"] == pytest.approx(2 * 4 / (3 * 2))
    assert article["expected"] == pytest.approx(3 * 2 / 4)


def test_frames_that_never_occur_give_nan_not_errors():
    c, scores = corpus()
    table = cooccurrence_table(prepare(scores, c, ["outlet"]))
    rights = pair(table, "soft_power", "rights_criticism", "article")
    assert rights["n_both"] == 0 and rights["n_b"] == 0
    assert rights["jaccard"] == 0  # soft power occurs, so the union is not empty
    assert math.isnan(rights["lift"])
    never = table[(table["n_a"] == 0) & (table["n_b"] == 0)]
    assert never.empty or never["jaccard"].isna().all()
