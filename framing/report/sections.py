"""The report's sections, as blocks: summary, corpus, methods, figures, tables, KWIC, provenance."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from framing.report.content import (
    Block,
    Bullets,
    FigureBlock,
    Heading,
    ImageBlock,
    Kwic,
    Paragraph,
    Table,
    Title,
)
from framing.report.context import ReportContext, library_versions
from framing.report.corpus_summary import (
    duplicate_summary,
    month_table,
    outlet_table,
    skipped_table,
)
from framing.report.figures.heatmap import DAGGER, significant_frames
from framing.report.findings import (
    CORRECTION_NAMES,
    SMALL_N,
    comparison_folder,
    grouping_name,
    grouping_phrase,
    overall_prevalence,
    summary_findings,
    tested_pairs,
    total_articles,
)
from framing.report.labels import frame_label, frame_order, is_missing, isolate
from framing.report.plan import omitted_figures
from framing.report.tables import (
    evaluation_view,
    key_value_view,
    lexicon_view,
    overall_view,
    pairwise_footnotes,
    pairwise_view,
    prevalence_grid,
    small_groups,
    tests_footnotes,
    tests_view,
)

SECTIONS = (
    "Summary",
    "Corpus",
    "Methods",
    "Figures",
    "Tables",
    "Keywords in context",
    "Provenance",
)
"""The level-1 headings of every report, in order."""
MAX_PAIRWISE_ROWS = 25
"""Significant pairwise differences listed in the report (all are in ``pairwise.csv``)."""


def report_blocks(
    context: ReportContext, figures: Sequence[FigureBlock | ImageBlock] = ()
) -> list[Block]:
    """Every block of the report for ``context``, with ``figures`` in the Figures section."""
    return [
        *title_section(context),
        *summary_section(context),
        *corpus_section(context),
        *methods_section(context),
        *figures_section(figures, omitted_figures(context)),
        *tables_section(context),
        *kwic_section(context),
        *provenance_section(context),
    ]


def title_section(context: ReportContext) -> list[Block]:
    """The title page: title, experiment, date, toolkit and lexicon, the description."""
    from framing import __version__

    lines = [f"Experiment: {context.name}"]
    if context.date_text:
        lines.append(f"Date: {context.date_text}")
    lines.append(f"framing {context.toolkit_version or __version__}")
    if context.lexicon is not None:
        lex = context.lexicon
        lines.append(f"Lexicon: {lex.name} {lex.version} (hash {lex.hash})")
    intro = context.description or (
        "A framing analysis of news coverage: frames found by lexicon (and classifier) in every "
        "passage, compared across outlets, languages and time."
    )
    contents = "Contents: " + "; ".join(SECTIONS) + "."
    return [Title(context.display_title, tuple(lines), intro), Paragraph(contents, note=True)]


def summary_section(context: ReportContext) -> list[Block]:
    """Findings computed from the tables, phrased with their n."""
    findings = summary_findings(
        list(context.comparisons),
        context.labels,
        alpha=float(context.setting("alpha", 0.05)),
        correction=str(context.setting("correction", "bh")),
        evaluation=context.evaluation,
    )
    blocks: list[Block] = [Heading("Summary")]
    if findings:
        blocks.append(Bullets(tuple(findings)))
    else:
        blocks.append(Paragraph("No comparison was run, so there are no findings to summarise."))
    return blocks


def corpus_section(context: ReportContext) -> list[Block]:
    """Articles and passages by outlet, language and month; duplicates; skipped inputs."""
    blocks: list[Block] = [Heading("Corpus")]
    corpus = context.corpus
    if corpus is None:
        return [*blocks, Paragraph("No corpus was given to the report.")]
    documents, passages = corpus.documents, corpus.passages
    dup = duplicate_summary(documents)
    outlets = documents["outlet"].nunique() if "outlet" in documents else 0
    languages = ", ".join(sorted(documents["language"].astype(str).unique()))
    deduplicated = _deduplicated(context)
    n_languages = documents["language"].nunique() if "language" in documents else 0
    clusters = "group" if dup["clusters"] == 1 else "groups"
    text = (
        f"The corpus has {len(documents)} articles cut into {len(passages)} passages, from "
        f"{outlets} outlets in {n_languages} languages ({languages}). {dup['clusters']} "
        f"{clusters} of near-duplicate articles (e.g. one wire story republished) hold "
        f"{dup['articles_in_clusters']} articles; "
    )
    if deduplicated:
        text += (
            f"the comparisons keep one article per group (the earliest), setting "
            f"{dup['removed_by_dedupe']} aside."
        )
    else:
        text += "the comparisons count every article (no deduplication)."
    blocks.append(Paragraph(text))
    blocks.append(
        Table(
            outlet_table(documents, passages).astype(str),
            "Articles and passages by outlet and language.",
            ("l", "l", "r", "r", "l", "l", "r"),
        )
    )
    months = month_table(documents)
    blocks.append(
        Table(
            months.astype(str),
            "Articles by month and language ('undated': no month known).",
            ("l", *["r"] * (len(months.columns) - 1)),
        )
    )
    skipped = skipped_table(corpus.report)
    if skipped.empty:
        blocks.append(Paragraph("No input was skipped at ingest.", note=True))
    else:
        blocks.append(Heading("Skipped inputs", 2))
        blocks.append(Table(skipped, f"Inputs set aside at ingest ({len(skipped)}), and why."))
    return blocks


def methods_section(context: ReportContext) -> list[Block]:
    """Lexicon and decision rule, classifier evaluation and reliability, statistics."""
    blocks: list[Block] = [Heading("Methods"), Heading("Lexicon", 2)]
    lexicon = context.lexicon
    if lexicon is not None:
        blocks.append(
            Paragraph(
                f"Frames were found with the lexicon {lexicon.name}, version {lexicon.version} "
                f"(hash {lexicon.hash}): {len(lexicon.frames)} frames in "
                f"{', '.join(lexicon.languages) or 'no declared language'}. {_rule(context)}"
            )
        )
        view, align = lexicon_view(lexicon)
        blocks.append(Table(view, "Lexicon entries per frame and language.", align))
    else:
        blocks.append(Paragraph(f"No lexicon was given to the report. {_rule(context)}"))
    if context.classifier or context.evaluation is not None or context.reliability is not None:
        blocks.extend(_classifier_blocks(context))
    blocks.append(Heading("Statistics", 2))
    blocks.append(Paragraph(_statistics_text(context)))
    return blocks


def figures_section(
    figures: Sequence[FigureBlock | ImageBlock], notes: Sequence[str] = ()
) -> list[Block]:
    """Every figure with its caption, after ``notes`` (figures left out, and why)."""
    blocks: list[Block] = [Heading("Figures"), *(Paragraph(n, note=True) for n in notes)]
    if not figures:
        blocks.append(Paragraph("No figure was drawn."))
    return [*blocks, *figures]


def tables_section(context: ReportContext) -> list[Block]:
    """Frames over all articles, then per comparison: a compact frame × group table of article
    shares, the tests, and the significant pairwise differences (notes said once per table)."""
    blocks: list[Block] = [Heading("Tables")]
    if not context.comparisons:
        return [*blocks, Paragraph("No comparison was run.")]
    blocks.append(
        Paragraph(
            "Shares are of articles (an article carries a frame when any of its passages does), "
            "in percent with their Wilson 95% interval in brackets. The full tidy tables of each "
            "analysis, with passage shares, densities and every interval, are the CSV files "
            "named under each table.",
            note=True,
        )
    )
    first = context.comparisons[0]
    view, align = overall_view(overall_prevalence(first), context.labels)
    stored = getattr(first, "prevalence_overall", None)
    source = f"Source: {comparison_folder(first)}/prevalence_overall.csv."
    blocks.append(
        Table(
            view,
            f"Frames over all {total_articles(first.prevalence)} articles: articles with the "
            f"frame and their share"
            + (
                ", share of passages (article-bootstrap interval) and matched terms per 1,000 "
                "tokens."
                if "passage share [95% CI]" in view.columns
                else "."
            ),
            align,
            notes=(source,) if stored is not None and not stored.empty else (),
        )
    )
    for comparison in context.comparisons:
        blocks.extend(_comparison_tables(context, comparison))
    return blocks


def _comparison_tables(context: ReportContext, comparison: object) -> list[Block]:
    labels = context.labels
    alpha = float(context.setting("alpha", 0.05))
    method = CORRECTION_NAMES.get(str(context.setting("correction", "bh")), "")
    grouping, name = grouping_phrase(comparison), grouping_name(comparison)
    folder = comparison_folder(comparison)
    prevalence = comparison.prevalence  # type: ignore[attr-defined]
    tests = getattr(comparison, "tests", None)
    marked = significant_frames(tests, alpha)
    blocks: list[Block] = [Heading(f"By {name}", 2)]
    view, align = prevalence_grid(prevalence, labels, significant=marked)
    notes = []
    if marked:
        notes.append(
            f"{DAGGER} The frame's share differs across {grouping} ({method}-adjusted "
            f"p < {alpha:g}; tests below)."
        )
    small = small_groups(prevalence, SMALL_N)
    if small:
        n_groups = len(view.columns) - 1
        which = (
            f"all {n_groups} groups"
            if len(small) == n_groups
            else ", ".join(isolate(g) for g in small)
        )
        notes.append(
            f"Fewer than {SMALL_N} articles: {which}. Their intervals are wide: read their "
            f"shares as indications."
        )
    notes.append(
        f"Full table: {folder}/prevalence.csv (passage shares, mean densities, every interval "
        f"and a note per row)."
    )
    blocks.append(
        Table(
            view,
            f"Share of articles with each frame by {name}, % [95% CI]; n: articles in the group.",
            align,
            notes=tuple(notes),
            key_columns=1,
        )
    )
    if tests is not None and not tests.empty:
        view, align = tests_view(tests, labels)
        blocks.append(
            Table(
                view,
                f"Tests of difference across {grouping}, per frame ({method}-adjusted p; "
                f"Cramér's V: effect size from 0 to 1).",
                align,
                notes=tuple(tests_footnotes(tests)),
            )
        )
    blocks.extend(_pairwise_blocks(comparison, labels, alpha=alpha, folder=folder))
    return blocks


def _pairwise_blocks(comparison, labels, *, alpha: float, folder: str) -> list[Block]:
    pairwise = getattr(comparison, "pairwise", None)
    if pairwise is None or pairwise.empty:
        return []
    grouping = grouping_phrase(comparison)
    tested = tested_pairs(pairwise)
    view, align = pairwise_view(pairwise, labels, alpha=alpha)
    if view.empty:
        return [
            Paragraph(
                f"No pairwise difference between {grouping} was significant after correction "
                f"({tested} pairs tested; all in {folder}/pairwise.csv).",
            )
        ]
    shown = view.head(MAX_PAIRWISE_ROWS)
    notes = pairwise_footnotes(pairwise)
    if len(view) > len(shown):
        notes.append(f"The {len(view) - len(shown)} others are in {folder}/pairwise.csv.")
    return [
        Table(
            shown,
            f"Significant pairwise differences between {grouping} ({len(view)} of {tested} "
            f"tested pairs): share of articles in A and B (with the frame / articles), "
            f"difference in percentage points, odds ratio of A over B.",
            align,
            notes=tuple(notes),
        )
    ]


def kwic_section(context: ReportContext) -> list[Block]:
    """Keyword-in-context examples per frame, in every language of the corpus."""
    blocks: list[Block] = [Heading("Keywords in context")]
    kwic = context.kwic
    if kwic is None or kwic.empty:
        return [*blocks, Paragraph("No keyword-in-context lines were given.")]
    per = context.kwic_per_frame
    languages = _languages(context, kwic)
    blocks.append(
        Paragraph(
            f"Up to {per} matched passages per frame and language, with the matched words in "
            f"bold and their context. Arabic lines read from right to left: the words before "
            f"the match stand on its right.",
            note=True,
        )
    )
    labels = context.labels
    for frame in frame_order(kwic["frame"].astype(str), labels):
        rows = kwic[kwic["frame"].astype(str) == frame]
        blocks.append(Heading(frame_label(frame, labels), 3))
        chosen = pd.concat(
            [rows[rows["language"] == lang].head(per) for lang in languages], ignore_index=True
        )
        if not chosen.empty:
            blocks.append(Kwic(chosen[["outlet", "language", "left", "match", "right"]]))
        missing = [lang for lang in languages if (rows["language"] == lang).sum() == 0]
        if missing:
            blocks.append(Paragraph(f"No match in: {', '.join(missing)}.", note=True))
    return blocks


def provenance_section(context: ReportContext) -> list[Block]:
    """Versions, hashes, seed, date, command line and library versions."""
    view, align = key_value_view(context.provenance())
    libraries, lib_align = key_value_view(library_versions())
    libraries.columns = ["library", "version"]
    return [
        Heading("Provenance"),
        Paragraph(
            "What produced this report. The same inputs, lexicon, settings and seed give the "
            "same tables and figures.",
        ),
        Table(view, "Run provenance.", align),
        Table(libraries, "Library versions.", lib_align),
    ]


def _rule(context: ReportContext) -> str:
    if context.threshold is None:
        return ""
    distinct = context.min_distinct or 1
    terms = "term" if distinct == 1 else "distinct terms"
    return (
        f"A passage carries a frame when its weighted score reaches {context.threshold:g} with at "
        f"least {distinct} {terms}; an article carries it when any of its passages does."
    )


def _classifier_blocks(context: ReportContext) -> list[Block]:
    blocks: list[Block] = [Heading("Classifier", 2)]
    if context.classifier:
        view, align = key_value_view(context.classifier)
        blocks.append(Table(view, "Classifier settings.", align))
    if context.evaluation is not None and not context.evaluation.empty:
        view, align = evaluation_view(context.evaluation, context.labels)
        blocks.append(
            Table(
                view,
                "Evaluation against the human codes (cross-validated): the classifier and the "
                "lexicon baseline, per frame and averaged.",
                align,
            )
        )
    if context.reliability is not None and not context.reliability.empty:
        table = context.reliability.copy()
        for column in table.columns:
            if pd.api.types.is_float_dtype(table[column]):
                table[column] = [f"{v:.2f}" if not is_missing(v) else "–" for v in table[column]]
        if "frame" in table.columns:
            table["frame"] = [frame_label(str(f), context.labels) for f in table["frame"]]
        blocks.append(Table(table.astype(str), "Inter-coder reliability of the human codes."))
    return blocks


def _statistics_text(context: ReportContext) -> str:
    alpha = float(context.setting("alpha", 0.05))
    correction = str(context.setting("correction", "bh"))
    bootstrap = int(context.setting("bootstrap", 2000))
    seed = context.setting("seed", 0)
    method = CORRECTION_NAMES.get(correction, correction)
    adjusted = (
        "are not adjusted for multiple comparisons"
        if correction == "none"
        else f"are adjusted together with the {method} procedure"
    )
    return (
        "Articles are the unit of the tests: an article carries a frame when any of its passages "
        "does. Shares of articles have Wilson score intervals; shares of passages and mean "
        f"densities have percentile bootstrap intervals from {bootstrap} resamples of articles "
        f"(seed {seed}), because the passages of one article are not independent. Differences "
        "across groups are tested per frame with Pearson's chi-square test and Cramér's V; when "
        "an expected count is below 5, Fisher's exact test (2 × 2) or a Monte-Carlo p-value "
        "(larger tables) is used instead, as the test column says. Pairs of groups are compared "
        "with a two-proportion z-test or Fisher's exact test, with the risk difference and the "
        f"odds ratio and their intervals. The p-values of one grouping (all frames, across-group "
        f"and pairwise tests together) {adjusted}; significance is at α = {alpha:g}. Groups "
        "with a missing value ('unknown') are shown but left out of the tests. Groups with fewer "
        f"than {SMALL_N} articles are named under each table: their intervals are wide."
    )


def _deduplicated(context: ReportContext) -> bool:
    for comparison in context.comparisons:
        manifest = getattr(comparison, "manifest", None) or {}
        if "deduplicated" in manifest:
            return bool(manifest["deduplicated"])
        prevalence = comparison.prevalence
        if "deduplicated" in prevalence.columns and len(prevalence):
            return bool(prevalence["deduplicated"].iloc[0])
    return False


def _languages(context: ReportContext, kwic: pd.DataFrame) -> list[str]:
    """Languages expected: the corpus's, in the lexicon's order (else the lines')."""
    lexicon = list(context.lexicon.languages) if context.lexicon is not None else []
    corpus: list[str] = []
    if context.corpus is not None and "language" in context.corpus.documents:
        corpus = list(dict.fromkeys(context.corpus.documents["language"].astype(str)))
    if not corpus:
        corpus = lexicon or list(dict.fromkeys(kwic["language"].astype(str)))
    return [lang for lang in lexicon if lang in corpus] + [
        lang for lang in corpus if lang not in lexicon
    ]
