"""Groupings, deduplication and the analysis frame."""

from __future__ import annotations

import pandas as pd
import pytest
from compare_helpers import Article, build, outlet_articles

from framing.compare.data import deduplicate, prepare
from framing.compare.groupings import date_part, group_columns, parse_by
from framing.errors import CompareError


@pytest.mark.parametrize(
    ("date", "year", "month", "week"),
    [
        ("2026-02-11", "2026", "2026-02", "2026-W07"),
        ("2025-11", "2025", "2025-11", "unknown"),
        ("2025", "2025", "unknown", "unknown"),
        ("--11-27", "unknown", "unknown", "unknown"),
        ("", "unknown", "unknown", "unknown"),
        ("2027-01-01", "2027", "2027-01", "2026-W53"),  # ISO week belongs to the previous year
        ("2026-02-31", "2026", "2026-02", "unknown"),  # not a real day: no week
    ],
)
def test_date_parts(date, year, month, week):
    assert (date_part(date, "year"), date_part(date, "month"), date_part(date, "week")) == (
        year,
        month,
        week,
    )


def documents():
    return pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "outlet": ["Atlas Review", "", "Al Marsad"],
            "language": ["en", "fr", "ar"],
            "via_outlet": ["", "", ""],
            "date": ["2026-02-11", "2025", "--11-27"],
            "metadata": [
                '{"stance": "official", "event": "riyadh-visit"}',
                '{"stance": "critical"}',
                "{}",
            ],
        }
    )


def test_groupings_from_columns_metadata_and_dates():
    table = group_columns(documents(), ["outlet", "stance", "month", "event"])
    assert table.values.tolist() == [
        ["d1", "Atlas Review", "official", "2026-02", "riyadh-visit"],
        ["d2", "unknown", "critical", "unknown", "unknown"],
        ["d3", "Al Marsad", "unknown", "unknown", "unknown"],
    ]


def test_unknown_grouping_names_the_choices():
    with pytest.raises(CompareError, match="no document column or metadata key named 'tone'") as e:
        group_columns(documents(), ["tone"])
    assert "stance" in str(e.value) and "month" in str(e.value) and "outlet" in str(e.value)


def test_parse_by():
    assert parse_by(["outlet,language"]) == ["outlet", "language"]
    assert parse_by("stance") == ["stance"]
    with pytest.raises(CompareError):
        parse_by(["outlet,outlet"])
    with pytest.raises(CompareError):
        parse_by(" , ")


def test_deduplicate_keeps_the_earliest_then_the_smallest_id():
    docs = pd.DataFrame(
        {
            "doc_id": ["w3", "w1", "w2", "solo", "y2", "y1", "z1", "z2"],
            "dup_cluster": ["wire", "wire", "wire", "", "yr", "yr", "nd", "nd"],
            "date": [
                "2026-02-12",
                "2026-02-11",
                "2026-02-11",
                "",
                "--02-10",
                "2026",
                "",
                "2026-03",
            ],
        }
    )
    kept, removed = deduplicate(docs)
    # w1 and w2 tie on the date: w1 wins by id; a dated (year-only) copy beats one without a year.
    assert sorted(kept["doc_id"]) == ["solo", "w1", "y1", "z2"]
    assert removed == 4


def wire_corpus():
    articles = [
        Article("atlas-1", "Atlas Review", "en", "2026-02-11", [("threat",), ()], dup_cluster="c1"),
        Article("relay-1", "Relay News", "en", "2026-02-12", [("threat",), ()], dup_cluster="c1"),
        Article("relay-2", "Relay News", "en", "2026-02-13", [(), ("cooperation",)]),
    ]
    return build(articles)


def test_prepare_with_dedupe_drops_copies_and_records_it():
    corpus, scores = wire_corpus()
    full = prepare(scores, corpus, ["outlet"])
    deduped = prepare(scores, corpus, ["outlet"], dedupe=True)
    assert len(full.articles) == 3 and not full.deduplicated
    assert sorted(deduped.articles["doc_id"]) == ["atlas-1", "relay-2"]
    assert deduped.deduplicated and deduped.info["n_duplicates_removed"] == 1
    assert set(deduped.passage_scores["doc_id"]) == {"atlas-1", "relay-2"}


def test_article_level_has_frame_is_the_union_of_passages():
    corpus, scores = wire_corpus()
    data = prepare(scores, corpus, ["outlet"])
    relay = data.article_scores.set_index(["doc_id", "frame"])
    assert relay.loc[("relay-2", "cooperation"), "has_frame"]
    assert relay.loc[("relay-2", "cooperation"), "n_passages_with_frame"] == 1
    assert not relay.loc[("relay-2", "threat"), "has_frame"]
    assert relay.loc[("atlas-1", "threat"), "n_passages"] == 2


def test_missing_score_rows_count_as_absent_and_are_recorded():
    corpus, scores = wire_corpus()
    scores = scores[~((scores["passage_id"] == "relay-2-p1") & (scores["frame"] == "cooperation"))]
    data = prepare(scores, corpus, ["outlet"])
    assert data.info["n_missing_score_rows"] == 1
    row = data.article_scores.set_index(["doc_id", "frame"]).loc[("relay-2", "cooperation")]
    assert not row["has_frame"]


def test_unscored_documents_are_counted_not_analysed():
    corpus, scores = wire_corpus()
    data = prepare(scores[scores["doc_id"] != "relay-2"], corpus, ["outlet"])
    assert data.info["n_documents_unscored"] == 1
    assert "relay-2" not in set(data.articles["doc_id"])


def test_scores_from_another_corpus_are_refused():
    corpus, scores = wire_corpus()
    stray = scores.copy()
    stray.loc[0, "doc_id"] = "elsewhere-1"
    with pytest.raises(CompareError, match="not in the corpus") as e:
        prepare(stray, corpus, ["outlet"])
    assert "--corpus" in str(e.value)
    stray = scores.copy()
    stray.loc[0, "passage_id"] = "atlas-1-p9"
    with pytest.raises(CompareError, match="scored passages are not in the corpus"):
        prepare(stray, corpus, ["outlet"])


def test_several_lexicons_need_a_choice_and_duplicates_are_refused():
    corpus, scores = wire_corpus()
    both = pd.concat([scores.assign(lexicon="security_v1"), scores.assign(lexicon="security_v2")])
    with pytest.raises(CompareError, match="several lexicons") as e:
        prepare(both, corpus, ["outlet"])
    assert "--lexicon" in str(e.value)
    one = prepare(both, corpus, ["outlet"], lexicon="security_v2")
    assert len(one.passage_scores) == len(scores)
    with pytest.raises(CompareError, match="duplicate passage x frame"):
        prepare(pd.concat([scores, scores]), corpus, ["outlet"])


def test_frames_subset_keeps_the_order_asked_and_refuses_unknown_frames():
    corpus, scores = build(outlet_articles("Atlas Review", "en", 3, 1))
    data = prepare(scores, corpus, ["outlet"], frames=["soft_power", "threat"])
    assert data.frames == ["soft_power", "threat"]
    assert set(data.passage_scores["frame"]) == {"soft_power", "threat"}
    with pytest.raises(CompareError, match="unknown frame") as e:
        prepare(scores, corpus, ["outlet"], frames=["sovereignty"])
    assert "cooperation" in str(e.value)


def test_missing_present_column_is_named():
    corpus, scores = wire_corpus()
    with pytest.raises(CompareError, match="lacks columns present"):
        prepare(scores.drop(columns="present"), corpus, ["outlet"])
