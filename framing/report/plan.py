"""Which figures a report shows: one plan entry per figure the context's tables support.

Per comparison (grouping): the heatmap, the prevalence dot plot, the timeline and
(when computed) keyness. Once per report: co-occurrence and events (from the
first comparison that has them) and the classifier's F1 (when evaluated).

A timeline with more than :data:`TIMELINE_MAX_GROUPS` lines per panel cannot be
read, so it is not drawn (:func:`omitted_figures` says so and where its numbers
are); when no grouping's timeline is drawn, the timeline of all articles is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from framing.report import captions
from framing.report.context import ReportContext
from framing.report.figures import (
    plot_classifier_f1,
    plot_cooccurrence,
    plot_events,
    plot_heatmap,
    plot_keyness,
    plot_prevalence,
    plot_timeline,
)
from framing.report.findings import comparison_folder, grouping_name
from framing.report.labels import group_columns
from framing.report.style import FigureLike

TIMELINE_MAX_GROUPS = 5
"""Most lines (groups) a timeline panel is drawn with."""


@dataclass(frozen=True)
class PlannedFigure:
    """A figure to draw: its kind, file stem, caption and drawing function."""

    kind: str
    stem: str
    caption: str
    draw: Callable[[FigureLike | None], Figure]


def plan_figures(context: ReportContext) -> list[PlannedFigure]:
    """The figures ``context`` calls for (``context.figures``), in report order."""
    wanted = set(context.figures)
    labels = context.labels
    alpha = float(context.setting("alpha", 0.05))
    correction = str(context.setting("correction", "bh"))
    planned: list[PlannedFigure] = []
    for comparison in context.comparisons:
        name = _name(comparison)
        prevalence = comparison.prevalence
        if "heatmap" in wanted and _has(prevalence):
            planned.append(
                PlannedFigure(
                    "heatmap",
                    f"heatmap_{name}",
                    captions.heatmap_caption(comparison, alpha=alpha, correction=correction),
                    _drawer(
                        plot_heatmap,
                        prevalence,
                        tests=getattr(comparison, "tests", None),
                        labels=labels,
                        alpha=alpha,
                    ),
                )
            )
        if "prevalence" in wanted and _has(prevalence):
            planned.append(
                PlannedFigure(
                    "prevalence",
                    f"prevalence_{name}",
                    captions.prevalence_caption(comparison, alpha=alpha),
                    _drawer(plot_prevalence, prevalence, labels=labels),
                )
            )
        timeline = getattr(comparison, "timeline", None)
        if "timeline" in wanted and _has_dates(timeline) and _readable(timeline):
            planned.append(
                PlannedFigure(
                    "timeline",
                    f"timeline_{name}",
                    captions.timeline_caption(comparison),
                    _drawer(plot_timeline, timeline, labels=labels),
                )
            )
        keyness = getattr(comparison, "keyness", None)
        if "keyness" in wanted and _has(keyness):
            planned.append(
                PlannedFigure(
                    "keyness",
                    f"keyness_{name}",
                    captions.keyness_caption(keyness),
                    _drawer(plot_keyness, keyness),
                )
            )
    overall = _overall_timeline(context)
    if (
        "timeline" in wanted
        and overall is not None
        and not any(p.kind == "timeline" for p in planned)
    ):
        planned.append(
            PlannedFigure(
                "timeline",
                "timeline_all",
                captions.timeline_caption(overall[0], table=overall[1]),
                _drawer(plot_timeline, overall[1], labels=labels),
            )
        )
    cooccurrence = _first(context, "cooccurrence")
    if "cooccurrence" in wanted and cooccurrence is not None:
        planned.append(
            PlannedFigure(
                "cooccurrence",
                "cooccurrence",
                captions.cooccurrence_caption(cooccurrence),
                _drawer(plot_cooccurrence, cooccurrence, labels=labels),
            )
        )
    events = _first(context, "events")
    if "events" in wanted and events is not None:
        planned.append(
            PlannedFigure(
                "events",
                "events",
                captions.events_caption(events),
                _drawer(plot_events, events, labels=labels),
            )
        )
    if "classifier_f1" in wanted and _has(context.evaluation):
        planned.append(
            PlannedFigure(
                "classifier_f1",
                "classifier_f1",
                captions.classifier_caption(context.evaluation),
                _drawer(plot_classifier_f1, context.evaluation, labels=labels),
            )
        )
    return planned


def omitted_figures(context: ReportContext) -> list[str]:
    """Sentences on the figures :func:`plan_figures` leaves out, and where their numbers are."""
    if "timeline" not in context.figures:
        return []
    skipped = [
        c
        for c in context.comparisons
        if _has_dates(getattr(c, "timeline", None)) and not _readable(c.timeline)
    ]
    if not skipped:
        return []
    which = [f"{grouping_name(c)} ({_n_lines(c.timeline)} groups)" for c in skipped]
    files = [f"{comparison_folder(c)}/timeline.csv" for c in skipped]
    drawn_any = any(_readable(getattr(c, "timeline", None)) for c in context.comparisons)
    instead = ""
    if not drawn_any and _overall_timeline(context) is not None:
        instead = " The timeline of all articles is drawn instead."
    its = "Its" if len(skipped) == 1 else "Their"
    return [
        f"Not drawn: the timeline by {_join(which, 'and by')}, because a panel with more than "
        f"{TIMELINE_MAX_GROUPS} lines cannot be read. {its} shares per period and intervals are "
        f"in {_join(files, 'and')}.{instead}"
    ]


def _readable(timeline: pd.DataFrame | None) -> bool:
    return timeline is not None and _n_lines(timeline) <= TIMELINE_MAX_GROUPS


def _n_lines(timeline: pd.DataFrame) -> int:
    columns = group_columns(timeline)
    return int(timeline.groupby(columns, sort=False).ngroups) if columns else 1


def _overall_timeline(context: ReportContext) -> tuple[Any, pd.DataFrame] | None:
    for comparison in context.comparisons:
        table = getattr(comparison, "timeline_overall", None)
        if _has_dates(table):
            return comparison, table
    return None


def _join(parts: list[str], last: str) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {last} " + parts[-1]


def _drawer(function: Callable[..., Figure], table: pd.DataFrame, **options: Any) -> Callable:
    def draw(target: FigureLike | None = None) -> Figure:
        return function(table, figure=target, **options)

    return draw


def _name(comparison: Any) -> str:
    by = getattr(comparison, "by", None) or group_columns(comparison.prevalence) or ["all"]
    return "-".join(by)


def _has(table: pd.DataFrame | None) -> bool:
    return table is not None and not table.empty


def _has_dates(timeline: pd.DataFrame | None) -> bool:
    if not _has(timeline):
        return False
    periods = timeline["period"].astype(str)
    dated = ~periods.isin(["undated", "unknown", ""])
    return bool((pd.to_numeric(timeline.loc[dated, "n_articles"], errors="coerce") > 0).any())


def _first(context: ReportContext, name: str) -> pd.DataFrame | None:
    for comparison in context.comparisons:
        table = getattr(comparison, name, None)
        if _has(table):
            return table
    return None
