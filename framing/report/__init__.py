"""Figures and the report: publication figures from the comparison tables, a PDF and HTML report.

>>> from framing.report import ReportContext, build_report
>>> context = ReportContext(name="security_diplomacy", comparisons=[comparison])  # doctest: +SKIP
>>> build_report(context, "reports/security_diplomacy")  # doctest: +SKIP
"""

from framing.report.context import FIGURE_KINDS, ReportContext, ReportFigure, library_versions
from framing.report.figures import (
    plot_classifier_f1,
    plot_cooccurrence,
    plot_events,
    plot_heatmap,
    plot_keyness,
    plot_prevalence,
    plot_timeline,
)
from framing.report.kwic_examples import kwic_examples
from framing.report.pdf import build_report, draw_figures
from framing.report.style import save_figure, style_context

__all__ = [
    "FIGURE_KINDS",
    "ReportContext",
    "ReportFigure",
    "build_report",
    "draw_figures",
    "kwic_examples",
    "library_versions",
    "plot_classifier_f1",
    "plot_cooccurrence",
    "plot_events",
    "plot_heatmap",
    "plot_keyness",
    "plot_prevalence",
    "plot_timeline",
    "save_figure",
    "style_context",
]
