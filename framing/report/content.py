"""The report as a sequence of blocks, written once and rendered twice (PDF and HTML).

:mod:`framing.report.sections` turns a :class:`~framing.report.context.ReportContext`
into blocks; :mod:`framing.report.layout` (PDF pages) and :mod:`framing.report.html` lay them out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from framing.report.style import FigureLike


@dataclass(frozen=True)
class Title:
    """The title page: title, lines under it (name, date, version), an introduction."""

    title: str
    lines: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Heading:
    """A section (level 1) or sub-section (level 2, 3) heading."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``note`` paragraphs are smaller and grey (captions, cautions)."""

    text: str
    note: bool = False


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of display strings; ``align`` per column: ``l`` or ``r`` (numbers).

    ``notes`` are printed under the table, small. A table too wide for the page
    is split into blocks of columns, each repeating the first ``key_columns``
    (e.g. the frame name); ``key_columns=0`` keeps it whole (text wraps instead).
    """

    data: pd.DataFrame
    caption: str = ""
    align: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    key_columns: int = 0

    def alignment(self) -> list[str]:
        """``align`` padded with ``l`` to the number of columns."""
        return [*self.align, *["l"] * (len(self.data.columns) - len(self.align))][
            : len(self.data.columns)
        ]


@dataclass(frozen=True)
class FigureBlock:
    """A figure drawn by us: saved as files, and redrawn on the report page by ``draw``.

    ``draw(target)`` draws into ``target`` (a figure or sub-figure) and returns it;
    ``size`` is its natural size in inches; ``files`` the saved PDF and PNG.
    """

    number: int
    caption: str
    draw: Callable[[FigureLike | None], Figure]
    size: tuple[float, float]
    files: tuple[Path, ...] = ()
    kind: str = ""

    @property
    def png(self) -> Path | None:
        """The PNG file (for the HTML report)."""
        return next((p for p in self.files if p.suffix == ".png"), None)


@dataclass(frozen=True)
class ImageBlock:
    """A figure made elsewhere, included from its PNG file."""

    number: int
    caption: str
    path: Path


@dataclass(frozen=True)
class Kwic:
    """Keyword-in-context lines (``outlet, language, left, match, right``) for one frame."""

    lines: pd.DataFrame
    rtl_languages: frozenset[str] = field(
        default_factory=lambda: frozenset({"ar", "fa", "ur", "he"})
    )

    def is_rtl(self, language: str, match: str) -> bool:
        """Whether a line is laid out right-to-left (its language, or Arabic in the match)."""
        from framing.report.labels import has_arabic

        return str(language) in self.rtl_languages or has_arabic(match)


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (PDF only)."""


Block = Title | Heading | Paragraph | Bullets | Table | FigureBlock | ImageBlock | Kwic | PageBreak
