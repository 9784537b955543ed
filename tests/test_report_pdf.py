"""The report: a multi-page PDF (and HTML) with every section, figure, table and KWIC line."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest
import report_tables as T
from PIL import Image
from pypdf import PdfReader

from framing.compare import Comparison
from framing.corpus.corpus import Corpus
from framing.lexicon.model import Entry, Frame, Lexicon
from framing.report import FIGURE_KINDS, ReportContext, ReportFigure, build_report, save_figure
from framing.report.content import Table
from framing.report.layout import render_pdf
from framing.report.plan import omitted_figures, plan_figures
from framing.report.sections import SECTIONS

DATE = "2026-03-02"
# Five of the ten frames keep the test fast; they include frames that differ across outlets.
FRAMES = ["threat", "cooperation", "royal_leadership", "rights_criticism", "sovereignty"]


def _frames(table: pd.DataFrame, *columns: str) -> pd.DataFrame:
    keep = pd.Series(True, index=table.index)
    for column in columns or ("frame",):
        keep &= table[column].isin([*FRAMES, "micro", "macro", "(all)"])
    return table[keep].reset_index(drop=True)


def comparison(by: list[str], *, timeline: bool = True, **tables) -> Comparison:
    """A comparison holding the test tables, as framing.compare returns it."""
    settings = {"correction": "bh", "alpha": 0.05, "bootstrap": 2000, "seed": 11}
    settings |= {"period": "month", "rolling_window": 3}
    return Comparison(
        by=by,
        prevalence=_frames(T.prevalence(by)),
        prevalence_overall=pd.DataFrame(),
        tests=_frames(T.tests(by)),
        pairwise=_frames(T.pairwise(by)),
        regression=pd.DataFrame(),
        cooccurrence=_frames(T.cooccurrence(), "frame_a", "frame_b"),
        timeline=_frames(T.timeline(by[0])) if timeline else pd.DataFrame(),
        timeline_overall=pd.DataFrame(),
        manifest={"deduplicated": False, "settings": settings},
        **tables,
    )


def lexicon() -> Lexicon:
    entries = {
        "en": [Entry("terrorist cell", "phrase"), Entry("extremis*", "glob")],
        "fr": [Entry("cellule terroriste", "phrase")],
        "ar": [Entry("خلية إرهابية", "phrase"), Entry("إرهاب*", "glob"), Entry("تطرف")],
    }
    frames = [
        Frame(fid, label, entries=entries if fid == "threat" else {"en": [Entry(fid)]})
        for fid, label in T.FRAMES.items()
    ]
    return Lexicon(
        name="security_diplomacy", version="1.2.0", languages=["en", "fr", "ar"], frames=frames
    )


def context(**changes) -> ReportContext:
    corpus = Corpus(
        documents=T.documents(),
        passages=T.passages(),
        report={
            "corpus_hash": "5be1f0c2a9d4e7b3",
            "skipped": [
                {"source": "html/empty-page.html", "reason": "no article text after cleaning"}
            ],
        },
    )
    base = ReportContext(
        name="security_diplomacy",
        title="Security diplomacy in three languages",
        comparisons=[
            comparison(["language"], keyness=T.keyness(), events=_frames(T.events())),
            comparison(["outlet"], timeline=False),
        ],
        lexicon=lexicon(),
        threshold=1.0,
        min_distinct=1,
        corpus=corpus,
        evaluation=_frames(T.evaluation()),
        reliability=pd.DataFrame(
            {"frame": ["threat", "cooperation"], "alpha": [0.81, 0.67], "units": [120, 120]}
        ),
        classifier={"model": "logistic regression on tf-idf", "folds": 5},
        kwic=T.kwic(),
        date=DATE,
        command="framing run experiments/security_diplomacy.yaml",
        experiment_hash="9f2c61d0b7a3e845",
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    ctx = context()
    return ctx, build_report(ctx, out), out


@pytest.fixture(scope="module")
def pages(built):
    _, pdf, _ = built
    return [page.extract_text() for page in PdfReader(pdf).pages]


def test_every_section_heading_is_in_the_pdf(pages):
    text = "\n".join(pages)
    for heading in SECTIONS:
        assert re.search(rf"^{heading}$", text, flags=re.MULTILINE), heading
    for sub in ("Lexicon", "Classifier", "Statistics", "Skipped inputs", "By outlet"):
        assert sub in text


def test_pages_are_numbered_in_the_footer(pages):
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {total}" in text


def test_pdf_carries_the_lexicon_hash_the_corpus_hash_and_arabic_text(built, pages):
    ctx, _, _ = built
    text = "\n".join(pages)
    assert ctx.lexicon.hash in text
    assert "5be1f0c2a9d4e7b3" in text and "9f2c61d0b7a3e845" in text
    # pypdf returns Arabic words in logical order (lines may come out word-reversed).
    for word in ("المرصاد", "الحوار", "تفكيك", "إرهابية", "للتوجيهات"):
        assert word in text
    kwic = _section(pages, "Keywords in context", "Provenance")
    assert "dismantle a terrorist cell" in kwic
    assert "No match in: en." in kwic  # royal leadership has no English line


def _section(pages: list[str], heading: str, following: str) -> str:
    """The text of a section, from its heading line to the next section's."""
    text = "\n".join(pages)
    start = re.search(rf"^{heading}$", text, flags=re.MULTILINE).end()
    end = re.search(rf"^{following}$", text[start:], flags=re.MULTILINE).start()
    return " ".join(text[start : start + end].split())


def test_summary_reports_findings_with_their_n(pages):
    flat = _section(pages, "Summary", "Corpus")
    assert "differed across outlets" in flat
    assert "n = 38" in flat
    assert "Royal leadership" in flat
    assert "macro-averaged F1" in flat
    # Every significant across-group test is named, in the analysis's own item.
    outlet = flat[flat.index("By outlet") :]
    for frame in T.tests(["outlet"]).query("p_adjusted < 0.05")["frame"]:
        if frame in FRAMES:
            assert T.FRAMES[frame] in outlet


def test_the_summary_follows_the_title_on_the_first_page(pages):
    assert pages[0].startswith("Security diplomacy in three")
    assert re.search(r"^Summary$", pages[0], flags=re.MULTILINE)


def test_tables_are_one_compact_grid_per_grouping(pages):
    tables = _section(pages, "Tables", "Keywords in context")
    # One prevalence grid per grouping: groups as columns with their n, frames as rows.
    sizes = T.articles().groupby("outlet").size()
    for outlet, n in sizes.items():
        # (pypdf moves the bracket of an Arabic name's "(n=…)": "الحوار( n=5)")
        assert re.search(rf"{outlet}\W{{1,3}}n={n}\)", tables), outlet
    for label in ("ar (n=12)", "en (n=15)", "fr (n=11)"):
        assert label in tables
    # The long-form note is said once per table, not once per row.
    assert tables.count("intervals are rough") == 0
    assert tables.count("Fewer than 10 articles: all 6 groups") == 1
    assert "compare/outlet/prevalence.csv" in tables
    assert "compare/language/prevalence.csv" in tables
    assert "Royal leadership †" in tables


def test_small_figures_share_a_page(pages):
    together = [p for p in pages if "Figure 1." in p and "Figure 2." in p]
    assert together, "the language heatmap and dot plot should share a page"


def test_pdf_metadata_is_set_from_the_context(built):
    ctx, pdf, _ = built
    info = PdfReader(pdf).metadata
    assert info["/Title"] == ctx.title
    assert info["/Author"] == "framing"
    assert info["/Subject"] == "Framing analysis report: security_diplomacy"
    assert "security_diplomacy" in info["/Keywords"] and "ar" in info["/Keywords"]
    assert info["/CreationDate"] == "D:20260302000000Z"


def test_every_planned_figure_exists_as_pdf_and_300_dpi_png(built):
    ctx, _, out = built
    planned = plan_figures(ctx)
    assert {p.kind for p in planned} == set(FIGURE_KINDS)
    stems = [p.stem for p in planned]
    assert stems == [
        "heatmap_language",
        "prevalence_language",
        "timeline_language",
        "keyness_language",
        "heatmap_outlet",
        "prevalence_outlet",
        "cooccurrence",
        "events",
        "classifier_f1",
    ]
    for stem in stems:
        pdf, png = out / "figures" / f"{stem}.pdf", out / "figures" / f"{stem}.png"
        assert pdf.read_bytes().startswith(b"%PDF")
        with Image.open(png) as image:
            assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)


def test_html_has_the_same_sections_figures_and_rtl_kwic(built):
    _, _, out = built
    html = (out / "report.html").read_text("utf-8")
    for heading in SECTIONS:
        assert f">{heading}</h1>" in html
    for src in re.findall(r'<img src="([^"]+)"', html):
        assert (out / src).is_file()
    assert len(re.findall(r"<figure>", html)) == 9
    rtl = re.findall(r'<div class="kwic" dir="rtl" lang="ar">.*?</div>', html)
    assert len(rtl) == (T.kwic()["language"] == "ar").sum() == 4
    assert "<mark>تفكيك خلية إرهابية</mark>" in html
    assert "<bdi>المرصاد</bdi>" in html  # Arabic names isolated inside English sentences


def test_the_same_context_gives_the_same_bytes(tmp_path):
    ctx = ReportContext(
        name="repeat",
        comparisons=[comparison(["language"], timeline=False)],
        lexicon=lexicon(),
        kwic=T.kwic(),
        figures=("heatmap",),
        date=DATE,
    )
    first = build_report(ctx, tmp_path / "a")
    second = build_report(ctx, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "a" / "report.html").read_text() == (
        tmp_path / "b" / "report.html"
    ).read_text()


def test_a_bare_context_still_gives_every_section(tmp_path):
    pdf = build_report(ReportContext(name="empty_run", html=False), tmp_path)
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in SECTIONS:
        assert heading in text
    assert "No comparison was run" in text
    assert "/CreationDate" not in reader.metadata  # no date given: none invented
    assert not (tmp_path / "report.html").exists()


def test_figures_made_elsewhere_are_included_with_their_caption(tmp_path):
    from matplotlib.figure import Figure

    external = Figure(figsize=(3, 2))
    external.add_subplot().bar(["en", "fr", "ar"], [15, 11, 12])
    png = save_figure(external, tmp_path / "extra" / "articles")[1]
    ctx = ReportContext(
        name="extra", figures=(), extra_figures=[ReportFigure(png, "Articles per language.")]
    )
    pdf = build_report(ctx, tmp_path / "out")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Figure 1. Articles per language." in text
    assert '<img src="../extra/articles.png"' in (tmp_path / "out" / "report.html").read_text()


def test_unknown_figure_kinds_are_refused():
    with pytest.raises(ValueError, match="unknown figure kind 'pie'"):
        ReportContext(name="x", figures=("heatmap", "pie"))


def test_long_tables_continue_on_the_next_page_with_their_header(tmp_path):
    rows = pd.DataFrame(
        {
            "outlet": [f"Outlet {i:03d}" for i in range(140)],
            "articles": [str(i) for i in range(140)],
        }
    )
    pdf = render_pdf(
        [Table(rows, "A long table.", ("l", "r"))], tmp_path / "t.pdf", footer="t", metadata={}
    )
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert len(pages) >= 2
    assert all("outlet" in page and "articles" in page for page in pages)
    assert "(continued)" in pages[1]
    assert "Outlet 000" in pages[0] and "Outlet 139" in pages[-1]


def test_kwic_lines_without_a_frame_column_are_refused_with_a_hint():
    lines = T.kwic().drop(columns="frame")
    with pytest.raises(ValueError, match=r"lack the column\(s\) frame.*kwic_examples"):
        ReportContext(name="x", kwic=lines)


def test_crowded_timelines_are_left_out_and_the_report_says_where_they_are():
    crowded = comparison(["outlet"])  # six outlets: six lines per panel
    ctx = context(comparisons=[comparison(["language"]), crowded])
    assert [p.stem for p in plan_figures(ctx) if p.kind == "timeline"] == ["timeline_language"]
    (note,) = omitted_figures(ctx)
    assert "timeline by outlet (6 groups)" in note and "compare/outlet/timeline.csv" in note
    assert "instead" not in note
    # Without any readable timeline, the timeline of all articles is drawn instead.
    overall = _frames(T.timeline("language")).query("language == 'ar'").drop(columns="language")
    alone = context(comparisons=[dataclasses.replace(crowded, timeline_overall=overall)])
    timelines = [p for p in plan_figures(alone) if p.kind == "timeline"]
    assert [p.stem for p in timelines] == ["timeline_all"]
    assert "drawn instead" in omitted_figures(alone)[0]
    assert len(timelines[0].draw(None).axes) >= len(FRAMES)
