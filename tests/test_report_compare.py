"""The figures and the report read the tables `framing.compare` really writes."""

from __future__ import annotations

import pytest
import report_tables as T
from pypdf import PdfReader

from framing.compare import compare
from framing.lexicon.model import Entry, Frame, Lexicon
from framing.report import (
    ReportContext,
    build_report,
    plot_cooccurrence,
    plot_events,
    plot_heatmap,
    plot_keyness,
    plot_prevalence,
    plot_timeline,
)
from framing.report.figures.heatmap import significant_frames
from framing.report.kwic_examples import kwic_examples
from framing.report.labels import LRM

LABELS = {"threat": "Threat and counter-terrorism", "cooperation": "Cooperation and partnership"}


@pytest.fixture(scope="module")
def data():
    return T.corpus_and_scores()


@pytest.fixture(scope="module")
def by_outlet(data):
    corpus, scores = data
    return compare(
        scores,
        corpus,
        by=["outlet"],
        n_bootstrap=200,
        keyness="Atlas Security Review:المرصاد",
        events="event",
    )


def test_every_figure_accepts_the_compare_tables(by_outlet):
    heatmap = plot_heatmap(by_outlet.prevalence, tests=by_outlet.tests, labels=LABELS)
    assert [t.get_text() for t in heatmap.axes[0].get_xticklabels()] == [
        "Atlas Security Review (n=7)",
        "Courrier du Maghreb (n=6)",
        f"{LRM}المرصاد (n=7)",
    ]
    marked = significant_frames(by_outlet.tests)
    assert marked == set(by_outlet.tests.loc[by_outlet.tests["significant"], "frame"])
    rows = [t.get_text() for t in heatmap.axes[0].get_yticklabels()]
    assert rows[0].endswith("†") == ("threat" in marked)

    assert plot_prevalence(by_outlet.prevalence, labels=LABELS, level="passage").axes
    timeline = plot_timeline(by_outlet.timeline, labels=LABELS)
    assert "3 undated articles not shown" in timeline._suptitle.get_text()
    assert plot_cooccurrence(by_outlet.cooccurrence, labels=LABELS).axes[0].images
    keyness = plot_keyness(by_outlet.keyness, top_n=5)
    labels = [t.get_text() for t in keyness.axes[0].texts]
    assert any("المحققون" in label for label in labels)  # Arabic side of the contrast
    assert any("highway" in label for label in labels)  # and the English side
    events = plot_events(by_outlet.events, labels=LABELS)
    assert len([ax for ax in events.axes if ax.images]) == 2


def test_a_report_from_two_real_comparisons(data, by_outlet, tmp_path):
    corpus, scores = data
    by_language = compare(scores, corpus, by=["language"], n_bootstrap=200)
    lexicon = Lexicon(
        name="mini",
        version="0.3",
        languages=["en", "fr", "ar"],
        frames=[
            Frame(
                "threat",
                LABELS["threat"],
                entries={"en": [Entry("cell")], "fr": [Entry("cellule")], "ar": [Entry("الخلية")]},
            ),
            Frame(
                "cooperation",
                LABELS["cooperation"],
                entries={"en": [Entry("intelligence")], "ar": [Entry("تبادل")]},
            ),
        ],
    )
    examples = kwic_examples(corpus.passages_with_documents(("outlet",)), lexicon)
    assert set(examples.loc[examples["frame"] == "threat", "language"]) == {"en", "fr", "ar"}
    context = ReportContext(
        name="mini_run",
        comparisons=[by_outlet, by_language],
        lexicon=lexicon,
        corpus=corpus,
        kwic=examples,
        figures=("heatmap",),
        html=False,
    )
    pdf = build_report(context, tmp_path)
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    assert "The most frequent frame" in flat
    assert "bootstrap intervals from 200 resamples" in flat  # read from the manifest
    assert "No match in: fr." in flat  # the lexicon has no French cooperation entry
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == [
        "heatmap_language.pdf",
        "heatmap_language.png",
        "heatmap_outlet.pdf",
        "heatmap_outlet.png",
    ]
