"""Summary findings, captions, report tables and the corpus description, computed from tables."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import report_tables as T
from statsmodels.stats.proportion import proportion_confint

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
    analysis_finding,
    classifier_sentence,
    difference_sentences,
    overall_prevalence,
    pairwise_sentence,
    small_groups_sentence,
    summary_findings,
    top_frames_sentence,
)
from framing.report.labels import frame_order, group_columns, p_value, with_n
from framing.report.tables import (
    lexicon_view,
    pairwise_footnotes,
    pairwise_view,
    prevalence_grid,
    prevalence_view,
    small_groups,
)
from framing.report.tables import tests_footnotes as footnotes_of_tests
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


def _quiet(by):
    """A comparison in which nothing is significant."""
    comp = comparison(by)
    comp.tests = comp.tests.assign(p_adjusted=0.5)
    comp.pairwise = comp.pairwise.assign(p_adjusted=0.5, significant=False)
    return comp


def test_summary_has_one_item_per_analysis_with_findings_and_one_for_the_rest():
    outlet = comparison(["outlet"])
    findings = summary_findings([outlet, _quiet(["language"])], T.FRAMES)
    # Overall frames, the outlet finding, the quiet analysis, small groups, the caveat.
    assert len(findings) == 5
    found = findings[1]
    assert found.startswith("By outlet (n = 38 articles in 6 groups):")
    significant = T.tests(["outlet"]).query("p_adjusted < 0.05")
    for frame, v in zip(significant["frame"], significant["cramers_v"], strict=True):
        assert T.FRAMES[frame] in found and f"Cramér's V = {v:.2f}" in found
    hits = int(outlet.pairwise["significant"].sum())
    assert f"{hits} of {len(outlet.pairwise)} pairwise comparisons" in found
    assert findings[2] == (
        "No frame's prevalence differed significantly across languages (38 articles in 3 "
        "groups), and none of the 30 pairwise comparisons was significant, after "
        "Benjamini–Hochberg correction (α = 0.05). With these sample sizes only large "
        "differences could have been detected."
    )
    assert findings[3].startswith("All 6 outlets have fewer than 10 articles")


def test_analyses_without_findings_share_one_sentence_and_one_caution():
    findings = summary_findings([_quiet(["language"]), _quiet(["outlet"])], T.FRAMES)
    assert sum("differed significantly" in f for f in findings) == 1
    assert findings[1].startswith(
        "No frame's prevalence differed significantly across languages (38 articles in 3 "
        "groups) or outlets (38 in 6), and none of their pairwise comparisons (30 and 150)"
    )
    assert sum("fewer than 10 articles" in f for f in findings) == 1


def test_a_finding_names_every_significant_frame_beyond_the_detailed_ones():
    outlet = comparison(["outlet"])
    text = analysis_finding(outlet, T.FRAMES, limit=1)
    significant = T.tests(["outlet"]).query("p_adjusted < 0.05").sort_values("p_adjusted")
    assert text.count("The share of articles with") == 1
    for frame in significant["frame"]:
        assert T.FRAMES[frame] in text
    assert "also differed across outlets" in text
    assert analysis_finding(_quiet(["outlet"]), T.FRAMES) == ""
    only_pairs = comparison(["language"])
    only_pairs.tests = only_pairs.tests.assign(p_adjusted=0.5)
    text = analysis_finding(only_pairs, T.FRAMES)
    assert "no frame's prevalence differed significantly across languages as a whole, but 2 of" in (
        text
    )


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
    assert view["A − B, points [95% CI]"].str.endswith("]").all()
    assert "test" not in view.columns  # said once, under the table
    notes = pairwise_footnotes(pairs)
    assert notes == [f"Tests of the {len(pairs)} tested pairs: fisher ({len(pairs)})."]
    tests, _ = view_of_tests(T.tests(["outlet"]), T.FRAMES)
    assert tests["frame"].tolist() == list(T.FRAMES.values())


def test_prevalence_grid_has_a_row_per_frame_and_a_column_per_group():
    prevalence, tests = T.prevalence(["outlet"]), T.tests(["outlet"])
    marked = set(tests.loc[tests["p_adjusted"] < 0.05, "frame"])
    view, align = prevalence_grid(prevalence, T.FRAMES, significant=marked)
    sizes = T.articles().groupby("outlet").size()
    assert len(view) == len(T.FRAMES)
    assert len(view.columns) == 1 + len(sizes) == len(align)
    names = prevalence["outlet"].drop_duplicates()
    assert list(view.columns[1:]) == [with_n(name, sizes[name]) for name in names]
    for frame, label in zip(T.FRAMES, view["frame"], strict=True):
        assert label == T.FRAMES[frame] + (" †" if frame in marked else "")
    # Each cell is the article share with its Wilson interval, in percent.
    row = prevalence[(prevalence["outlet"] == "المرصاد") & (prevalence["frame"] == "threat")]
    k, n = int(row["n_with_frame"].iloc[0]), int(row["n_articles"].iloc[0])
    low, high = proportion_confint(k, n, method="wilson")
    cell = view.loc[list(T.FRAMES).index("threat"), with_n("المرصاد", 7)]
    assert cell == f"{100 * k / n:.0f}% [{100 * low:.0f}, {100 * high:.0f}]"
    assert small_groups(prevalence) == list(names)  # every outlet has fewer than 10 articles
    assert small_groups(T.prevalence(["language"])) == []


def test_tests_view_keeps_short_notes_and_says_the_fallback_test_once():
    tests = T.tests(["outlet"]).assign(
        min_expected=[0.8, 1.2, 0.5, 2.0, 1.1, 3.2, 0.9, 0.4, 2.5, 1.0],
        note=[
            "expected count 0.80 < 5: Monte-Carlo p-value (9999 tables with the observed margins)"
        ]
        * 9
        + ["12 articles in 'unknown' groups left out"],
    )
    view, align = view_of_tests(tests, T.FRAMES)
    assert list(view.columns) == [
        "frame",
        "test",
        "statistic",
        "p",
        "adjusted p",
        "Cramér's V",
        "min. expected",
        "note",
    ]
    assert len(align) == len(view.columns)
    assert view["note"].tolist() == [""] * 9 + ["12 articles in 'unknown' groups left out"]
    assert view["min. expected"].iloc[0] == "0.80"
    (footnote,) = footnotes_of_tests(tests)
    assert "below 5" in footnote and "9999 tables with the observed margins" in footnote
    assert footnotes_of_tests(tests.assign(note="")) == []


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
