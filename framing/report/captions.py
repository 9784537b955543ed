"""Figure captions: what is measured, on how many articles, with which interval and test."""

from __future__ import annotations

from typing import Any

import pandas as pd

from framing.report.figures.heatmap import DAGGER, group_sizes, significant_frames
from framing.report.figures.prevalence import PANELS_FROM
from framing.report.findings import (
    CORRECTION_NAMES,
    grouping_name,
    grouping_phrase,
    total_articles,
)
from framing.report.labels import group_columns, isolate


def heatmap_caption(comparison: Any, *, alpha: float = 0.05, correction: str = "bh") -> str:
    """Caption of :func:`~framing.report.figures.heatmap.plot_heatmap` for one comparison."""
    n = total_articles(comparison.prevalence)
    grouping = grouping_phrase(comparison)
    marked = significant_frames(getattr(comparison, "tests", None), alpha)
    method = CORRECTION_NAMES.get(correction, correction)
    dagger = (
        f" {DAGGER} marks frames whose share differs across {grouping} (chi-square test, or an "
        f"exact/Monte-Carlo test when expected counts are below 5; {method}-adjusted "
        f"p < {alpha:g})."
        if marked
        else f" No frame's share differs significantly across {grouping} after {method} "
        f"correction (α = {alpha:g})."
    )
    return (
        f"Share of articles carrying each frame, by {grouping_name(comparison)} "
        f"(n = {n} articles; an article carries a frame when any of its passages does). "
        f"Column labels give each group's number of articles." + dagger
    )


def prevalence_caption(comparison: Any, *, level: str = "article", alpha: float = 0.05) -> str:
    """Caption of :func:`~framing.report.figures.prevalence.plot_prevalence`."""
    n = total_articles(comparison.prevalence)
    confidence = f"{100 * (1 - alpha):g}%"
    interval = (
        "Wilson score intervals"
        if level == "article"
        else "bootstrap intervals resampling articles (passages of one article are not independent)"
    )
    panels = ""
    if len(group_sizes(comparison.prevalence, group_columns(comparison.prevalence))) >= (
        PANELS_FROM
    ):
        panels = f" One panel per frame; the dashed line is the frame's share over all {level}s."
    return (
        f"Share of {level}s carrying each frame by {grouping_name(comparison)}"
        f", with {confidence} {interval} (n = {n} articles).{panels} Open markers: groups with "
        f"fewer than 10 articles or without a reliable interval (ci_note column of "
        f"prevalence.csv)."
    )


def timeline_caption(
    comparison: Any, *, window: int | None = None, table: pd.DataFrame | None = None
) -> str:
    """Caption of :func:`~framing.report.figures.timeline.plot_timeline`.

    ``table`` is the timeline drawn (default: the comparison's ``timeline``).
    """
    table = comparison.timeline if table is None else table
    undated = table[table["period"].astype(str).isin(["undated", "unknown"])]
    first_frame = table["frame"].iloc[0] if len(table) else None
    n_undated = int(undated.loc[undated["frame"] == first_frame, "n_articles"].sum())
    settings = (getattr(comparison, "manifest", None) or {}).get("settings", {})
    window = window or settings.get("window") or settings.get("rolling_window")
    period = settings.get("period", "month")
    rolling = f"{window}-{period} trailing" if window else "trailing"
    note = (
        f" {n_undated} undated articles are counted in the tables but cannot be placed in time."
        if n_undated
        else ""
    )
    return (
        f"Share of articles carrying each frame per {period}: markers show each {period}, the "
        f"line a {rolling} rolling share (articles pooled over the window) and the band its "
        f"95% Wilson interval. Months with few articles swing widely.{note}"
    )


def cooccurrence_caption(
    cooccurrence: pd.DataFrame, *, level: str = "article", measure: str = "jaccard"
) -> str:
    """Caption of :func:`~framing.report.figures.cooccurrence.plot_cooccurrence`."""
    rows = cooccurrence[cooccurrence["level"] == level] if "level" in cooccurrence else cooccurrence
    n = int(rows["n_total"].max()) if "n_total" in rows and len(rows) else None
    count = f" (n = {n} {level}s)" if n else ""
    what = (
        "Jaccard similarity: units carrying both frames over units carrying either"
        if measure == "jaccard"
        else "lift: units carrying both frames over the number expected if the frames were "
        "independent (above 1: together more often than chance)"
    )
    return f"Frame co-occurrence within {level}s{count}; {what}. The diagonal is left blank."


def keyness_caption(keyness: pd.DataFrame, *, top_n: int = 15) -> str:
    """Caption of :func:`~framing.report.figures.keyness.plot_keyness`."""
    from framing.report.figures.keyness import keyness_sides

    a, b = keyness_sides(keyness)
    return (
        f"Words most typical of {isolate(a)} (right) and of {isolate(b)} (left), up to {top_n} "
        f"each: z-scores of the log-odds ratio with an informative Dirichlet prior (Monroe, "
        f"Colaresi and Quinn 2008), on normalised tokens without stopwords; each word is "
        f"labelled with its counts in both groups. Pale bars: |z| < 1.96."
    )


def events_caption(events: pd.DataFrame) -> str:
    """Caption of :func:`~framing.report.figures.events.plot_events`."""
    n_events = events["event"].nunique() if "event" in events else 0
    return (
        f"Frame profile of each outlet and language covering the same event ({n_events} "
        f"events): share of the outlet's articles on the event carrying each frame. Most cells "
        f"rest on one to three articles: they show what was said, not stable tendencies."
    )


def classifier_caption(evaluation: pd.DataFrame) -> str:
    """Caption of :func:`~framing.report.figures.classifier_f1.plot_classifier_f1`."""
    methods = set(evaluation["method"].astype(str)) if "method" in evaluation else set()
    versus = " and of the lexicon baseline" if "lexicon" in methods else ""
    return (
        f"F1 of the classifier{versus} against the human codes, per frame and averaged "
        f"(micro: over all decisions; macro: mean of the frames), with 95% confidence "
        f"intervals; n is the number of passages coded positive for the frame."
    )
