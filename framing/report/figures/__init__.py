"""One module per figure; every function takes a comparison table and returns a Figure.

All accept ``title=`` (override the default title) and ``figure=`` (draw into an
existing figure or sub-figure, as the PDF report does), and use the style of
:mod:`framing.report.style`. Save with :func:`framing.report.style.save_figure`.
"""

from framing.report.figures.classifier_f1 import plot_classifier_f1
from framing.report.figures.cooccurrence import plot_cooccurrence
from framing.report.figures.events import plot_events
from framing.report.figures.heatmap import plot_heatmap
from framing.report.figures.keyness import plot_keyness
from framing.report.figures.prevalence import plot_prevalence
from framing.report.figures.timeline import plot_timeline

__all__ = [
    "plot_classifier_f1",
    "plot_cooccurrence",
    "plot_events",
    "plot_heatmap",
    "plot_keyness",
    "plot_prevalence",
    "plot_timeline",
]
