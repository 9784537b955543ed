"""One figure style for every plot: colour-blind-safe colours, journal sizes, fonts, saving.

Figures are built on :class:`matplotlib.figure.Figure` directly (no pyplot, no
global state): each plotting function draws inside :func:`style_context`, and
:func:`save_figure` writes a vector PDF and a 300 dpi PNG with reproducible bytes.

- Categories use the Okabe–Ito palette (distinguishable with the common colour
  vision deficiencies and in greyscale by marker shape); sequential values use
  viridis; values around a neutral point (lift around 1) use the ColorBrewer
  ``PuOr`` diverging map, also colour-blind safe.
- Sizes fit a journal column: 3.5 in (single) or 7 in (double) wide, 7–9 pt text.
- DejaVu Sans ships with matplotlib and has Arabic glyphs; matplotlib >= 3.11
  shapes Arabic and orders right-to-left text itself, so labels are passed as
  plain Unicode strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure, SubFigure

from framing.store import atomic_path

SINGLE_COLUMN = 3.5
"""Width in inches of a single journal column."""
DOUBLE_COLUMN = 7.0
"""Width in inches of a full (double-column) page width."""
DPI = 300
"""Resolution of PNG figures."""

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#000000",  # black
    "#F0E442",  # yellow (last: weak contrast on white)
)
MARKERS = ("o", "s", "D", "^", "v", "P", "X", "h")
SEQUENTIAL_CMAP = "viridis"
DIVERGING_CMAP = "PuOr_r"
MUTED = "#6E6E6E"
"""Grey for secondary marks: guides, missing values, notes."""

FONT_SIZE = 8
SMALL_FONT_SIZE = 7
TITLE_FONT_SIZE = 9

RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "axes.titlesize": TITLE_FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": SMALL_FONT_SIZE,
    "ytick.labelsize": SMALL_FONT_SIZE,
    "legend.fontsize": SMALL_FONT_SIZE,
    "legend.title_fontsize": SMALL_FONT_SIZE,
    "legend.frameon": False,
    "figure.titlesize": TITLE_FONT_SIZE,
    "figure.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "lines.linewidth": 1.2,
    "lines.markersize": 4,
    "axes.prop_cycle": matplotlib.cycler(color=list(OKABE_ITO)),
    "image.cmap": SEQUENTIAL_CMAP,
    # TrueType text in PDFs: editable by journals and extractable by readers. (Not
    # ps.fonttype: matplotlib 3.11's PDF writer reads it to size its glyph subsets, and
    # 42 there garbles the text that PDF readers extract from shaped Arabic.)
    "pdf.fonttype": 42,
    "svg.fonttype": "none",
    "savefig.dpi": DPI,
    "savefig.bbox": None,
}

FigureLike = Figure | SubFigure


@contextmanager
def style_context() -> Iterator[None]:
    """Apply the report style to figures created and drawn inside the block.

    >>> with style_context():
    ...     fig = new_figure(SINGLE_COLUMN, 2.0)
    >>> fig.get_size_inches().tolist()
    [3.5, 2.0]
    """
    with matplotlib.rc_context(RC):
        yield


def new_figure(width: float, height: float, figure: FigureLike | None = None) -> FigureLike:
    """A constrained-layout figure of ``width`` x ``height`` inches, or ``figure`` if given.

    Passing ``figure`` (a figure or a sub-figure of a report page) lets every
    plotting function draw into a region the caller owns.
    """
    if figure is not None:
        return figure
    return Figure(figsize=(width, height), layout="constrained")


def color(index: int) -> str:
    """The ``index``-th categorical colour (cycling through Okabe–Ito)."""
    return OKABE_ITO[index % len(OKABE_ITO)]


def marker(index: int) -> str:
    """The ``index``-th marker shape, so categories differ in shape as well as colour."""
    return MARKERS[index % len(MARKERS)]


def finish(fig: FigureLike) -> FigureLike:
    """Fix tick label sizes on every axes, so they hold even when saved outside the style.

    (Ticks are created lazily at draw time, from the rcParams in force then.)
    """
    for ax in fig.axes:
        ax.tick_params(labelsize=SMALL_FONT_SIZE)
    return fig


def save_figure(fig: Figure, stem: str | Path) -> list[Path]:
    """Write ``<stem>.pdf`` (vector) and ``<stem>.png`` (300 dpi); return both paths.

    Files are written atomically and without time stamps, so the same figure
    gives the same bytes.

    >>> import tempfile
    >>> with style_context():
    ...     fig = new_figure(SINGLE_COLUMN, 2.0)
    ...     _ = fig.add_subplot().plot([0, 1], [0, 1])
    >>> paths = save_figure(fig, Path(tempfile.mkdtemp()) / "line")
    >>> [p.suffix for p in paths]
    ['.pdf', '.png']
    """
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt, metadata in (
        ("pdf", {"CreationDate": None, "Creator": "framing"}),
        ("png", {"Software": "framing"}),
    ):
        path = stem.with_name(f"{stem.name}.{fmt}")
        with style_context(), atomic_path(path) as tmp:
            fig.savefig(tmp, format=fmt, dpi=DPI, metadata=metadata)
        written.append(path)
    return written
