"""Summary findings, captions, report tables and the corpus description, computed from tables."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import report_tables as T

from framing.lexicon.model import Entry, Frame, Lexicon, Proximity
from framing.report.captions import heatmap_caption, timeline_caption
from framing.report.corpus_summary import (
    duplicate_summary,
    month_table,
    outlet_table,
    skipped_table,
)
from framing.report.findings import (
    absent_frames_sentence,
    classifier_sentence,
    difference_sentences,
    overall_prevalence,
    pairwise_sentence,
    small_groups_sentence,
    summary_findings,
    top_frames_sentence,
)
from framing.report.labels import frame_order, group_columns, p_value, with_n
from framing.report.tables import lexicon_view, pairwise_view, prevalence_view
from framing.report.tables import tests_view as view_of_tests


def comparison(by):
    return SimpleNamespace(
        by=by, prevalence=T.prevalence(by), tests=T.tests(by), pairwise=T.pairwise(by)
    )


def test_top_frames_are_counted_over_all_articles():
    arts = T.articles()
    counts = {frame: int(arts[frame].sum()) for frame in T.FRAMES}
    top = sorted(counts, key=lambda f: (-counts[f], f))[:3]
    overall = overall_prevalence(comparison(["outlet"]))
    assert dict(zip(overall["frame"], overall["n_with_frame"], strict=True)) == counts
    sentence = top_frames_sentence(overall, T.FRAMES)
    for frame in top:
        assert f"{T.FRAMES[frame]} ({counts[frame]} of {len(arts)} articles" in sentence
    assert sentence.index(T.FRAMES[top[0]]) < sentence.index(T.FRAMES[top[2]])


def test_absent_frames_are_named():
    overall = pd.DataFrame({"frame": ["threat", "modernization"], "n_with_frame": [4, 0]})
    assert absent_frames_sentence(overall, T.FRAMES) == (
        "Technology and modernisation was found in no article."
    )
    assert absent_frames_sentence(overall.iloc[:1]) == ""


def test_differences_name_the_test_effect_size_and_extreme_groups():
    comp = comparison(["outlet"])
    tests = comp.tests
    significant = tests[tests["p_adjusted"] < 0.05].sort_values("p_adjusted")
    sentences = difference_sentences(comp, T.FRAMES)
    assert len(sentences) == len(significant)
    first = significant.iloc[0]
    assert T.FRAMES[first["frame"]] in sentences[0]
    assert f"Cramér's V = {first['cramers_v']:.2f}" in sentences[0]
    assert p_value(first["p_adjusted"]) in sentences[0]
    shares = T.articles().groupby("outlet")[first["frame"]].mean()
    assert f"to {100 * shares.max():.0f}% in" in sentences[0]
    assert "n = 38" in sentences[0]


def test_no_difference_is_said_cautiously():
    comp = comparison(["language"])
    comp.tests = comp.tests.assign(p_adjusted=0.5)
    (sentence,) = difference_sentences(comp, T.FRAMES, correction="holm")
    assert sentence.startswith("No frame's prevalence differed significantly across languages")
    assert "Holm correction" in sentence
    assert "38 articles in 3 groups" in sentence


def test_pairwise_sentence_counts_significant_pairs_and_gives_the_largest():
    comp = comparison(["language"])
    pairs = comp.pairwise
    hits = pairs[pairs["significant"]]
    sentence = pairwise_sentence(comp, T.FRAMES)
    assert sentence.startswith(f"{len(hits)} of {len(pairs)} pairwise comparisons")
    largest = hits.loc[hits["risk_difference"].abs().idxmax()]
    assert f"{100 * largest['risk_difference']:+.0f} percentage points" in sentence


def test_small_groups_and_classifier_sentences():
    assert small_groups_sentence(comparison(["outlet"])).startswith("All 6 outlets have fewer")
    assert small_groups_sentence(comparison(["language"])) == ""
    evaluation = T.evaluation()
    macro = evaluation[evaluation["frame"] == "macro"].set_index("method")
    sentence = classifier_sentence(evaluation)
    assert f"the classifier {macro.loc['classifier', 'f1']:.2f}" in sentence
    assert f"the lexicon {macro.loc['lexicon', 'f1']:.2f}" in sentence
    assert classifier_sentence(None) == ""


def test_summary_ends_with_a_caution_and_is_empty_without_comparisons():
    findings = summary_findings([comparison(["outlet"])], T.FRAMES)
    assert findings[-1].startswith("These are descriptive associations")
    assert summary_findings([], T.FRAMES) == []


def test_captions_state_n_and_the_correction():
    caption = heatmap_caption(comparison(["outlet"]), correction="holm")
    assert "n = 38 articles" in caption and "Holm-adjusted p < 0.05" in caption
    timeline = SimpleNamespace(
        timeline=T.timeline("language"), manifest={"settings": {"rolling_window": 3}}
    )
    text = timeline_caption(timeline)
    assert "3-month trailing" in text and "6 undated articles" in text


def test_prevalence_view_formats_shares_with_intervals():
    view, align = prevalence_view(T.prevalence(["language"]), T.FRAMES)
    assert len(view) == 30 and len(align) == len(view.columns)
    row = view[(view["group"] == "ar") & (view["frame"] == "Royal leadership")].iloc[0]
    k = int(T.articles().query("language == 'ar'")["royal_leadership"].sum())
    assert row["articles"] == f"{k} / 12"
    assert row["article share [95% CI]"].startswith(f"{100 * k / 12:.0f}% [")


def test_pairwise_view_keeps_only_significant_pairs_in_arabic_and_latin():
    pairs = T.pairwise(["outlet"])
    view, _ = pairwise_view(pairs, T.FRAMES)
    assert len(view) == int(pairs["significant"].sum()) > 0
    assert set(view["group B"]) | set(view["group A"]) >= {"المرصاد"}
    assert view["difference [95% CI]"].str.endswith("]").all()
    tests, _ = view_of_tests(T.tests(["outlet"]), T.FRAMES)
    assert tests["frame"].tolist() == list(T.FRAMES.values())


def test_lexicon_view_counts_entries_per_frame_and_language():
    lexicon = Lexicon(
        name="mini",
        languages=["en", "ar"],
        frames=[
            Frame(
                "threat",
                "Threat",
                entries={"en": [Entry("terror*", "glob"), Entry("cell")], "ar": [Entry("إرهاب")]},
                exclusions={"en": [Entry("cell phone", "phrase")]},
                proximity=Proximity(5, {"en": [Entry("police")]}),
            ),
            Frame("cooperation", "Cooperation", entries={"ar": [Entry("تعاون")]}),
        ],
    )
    view, _ = lexicon_view(lexicon)
    assert view.to_dict("records") == [
        {"frame": "Threat", "en": "2", "ar": "1", "exclusions": "1", "proximity": "5 tokens"},
        {"frame": "Cooperation", "en": "0", "ar": "1", "exclusions": "0", "proximity": ""},
        {"frame": "Total", "en": "2", "ar": "2", "exclusions": "1", "proximity": ""},
    ]


def test_corpus_tables_count_articles_passages_months_and_duplicates():
    documents, passages = T.documents(), T.passages()
    outlets = outlet_table(documents, passages)
    total = outlets.iloc[-1]
    assert (total["articles"], total["passages"]) == (38, len(passages))
    assert total["undated"] == (documents["date"] == "").sum() == 6
    months = month_table(documents)
    assert months["month"].tolist() == [*T.MONTHS, "undated", "Total"]
    assert months.iloc[-1]["Total"] == 38
    assert months.set_index("month").loc["undated", "ar"] == 2
    assert duplicate_summary(documents) == {
        "clusters": 1,
        "articles_in_clusters": 2,
        "removed_by_dedupe": 1,
    }
    skipped = skipped_table({"skipped": [{"source": "a.html", "reason": "empty"}]})
    assert skipped.to_dict("records") == [{"input": "a.html", "reason": "empty"}]
    assert skipped_table(None).empty


def test_labels_order_frames_and_find_group_columns_of_compare_tables():
    assert frame_order(["threat", "macro", "cooperation"], {"cooperation": "C"}) == [
        "cooperation",
        "threat",
        "macro",
    ]
    pairwise_like = pd.DataFrame(
        {"grouping": ["outlet"], "outlet": ["Atlas"], "frame": ["threat"], "n_articles": [3]}
    )
    assert group_columns(pairwise_like) == ["outlet"]
    assert with_n("Atlas", np.float64(9.0)) == "Atlas (n=9)"
