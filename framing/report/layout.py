"""A4 page layout: report blocks laid out on pages by matplotlib, written as one PDF.

Text is placed line by line (wrapped to measured widths, so Arabic and Latin
wrap alike), tables are text grids that continue on the next page with their
header repeated, figures are redrawn as vector graphics on their own page with
the caption below, and every page has a numbered footer. matplotlib shapes
Arabic and orders right-to-left text itself; text stays extractable (TrueType
fonts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.image import imread
from matplotlib.lines import Line2D
from matplotlib.textpath import TextToPath

from framing.report.content import (
    Block,
    Bullets,
    FigureBlock,
    Heading,
    ImageBlock,
    Kwic,
    PageBreak,
    Paragraph,
    Table,
    Title,
)
from framing.report.labels import GROUP_SEPARATOR, ltr
from framing.report.style import MUTED, style_context
from framing.store import atomic_path

PAGE_WIDTH, PAGE_HEIGHT = 8.27, 11.69  # A4, inches
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 0.85, 0.85, 0.9
FOOTER_Y = 0.45
BODY_SIZE, NOTE_SIZE, TABLE_SIZE, KWIC_SIZE = 9.5, 8.0, 7.0, 8.0
HEADING_SIZES = {1: 15.0, 2: 12.0, 3: 10.0}
LEADING = 1.4
CELL_PAD = 0.05
FONT = "DejaVu Sans"
RULE = "#444444"

_TEXT_TO_PATH = TextToPath()


@lru_cache(maxsize=50_000)
def _word_width(word: str, size: float, bold: bool) -> float:
    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(word, prop, ismath=False)
    return width / 72.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in inches at ``size`` points (sum of its measured words and spaces)."""
    words = text.split(" ")
    space = _word_width("a a", size, bold) - 2 * _word_width("a", size, bold)
    return sum(_word_width(w, size, bold) for w in words if w) + space * (len(words) - 1)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of ``text`` to ``width`` inches; over-long words are cut.

    >>> wrap("one two three", 0.5, 9.5)
    ['one', 'two', 'three']
    """
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold) <= width or not current:
                current = candidate
            else:
                lines.append(current)
                current = word
            while text_width(current, size, bold) > width and len(current) > 1:
                cut = _cut(current, width, size, bold)
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


def fit(text: str, width: float, size: float, *, keep: str = "start", bold: bool = False) -> str:
    """``text`` shortened by whole words to ``width``, with ``…`` where words were dropped.

    ``keep="end"`` keeps the end (the words nearest what follows), else the start.
    """
    words = str(text).split()
    if text_width(" ".join(words), size, bold) <= width:
        return " ".join(words)
    while words:
        words = words[1:] if keep == "end" else words[:-1]
        candidate = ("… " + " ".join(words)) if keep == "end" else (" ".join(words) + " …")
        if text_width(candidate, size, bold) <= width:
            return candidate
    return "…"


def _cut(word: str, width: float, size: float, bold: bool) -> int:
    for end in range(len(word) - 1, 0, -1):
        if text_width(word[:end], size, bold) <= width:
            return end
    return 1


class PdfLayout:
    """Pages being filled top to bottom; ``y`` is the next free height (inches from the bottom)."""

    def __init__(self, footer: str) -> None:
        self.footer = footer
        self.pages: list[Figure] = []
        self.y = 0.0
        self.tables = 0
        self.filled = False  # whether the page holds more than headings

    @property
    def width(self) -> float:
        return PAGE_WIDTH - 2 * MARGIN_X

    @property
    def page(self) -> Figure:
        return self.pages[-1] if self.pages else self.new_page()

    @property
    def at_top(self) -> bool:
        return bool(self.pages) and self.y >= PAGE_HEIGHT - MARGIN_TOP - 1e-6

    def new_page(self) -> Figure:
        page = Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT))
        self.pages.append(page)
        self.y = PAGE_HEIGHT - MARGIN_TOP
        self.filled = False
        return page

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` inches still fit on this one."""
        if not self.pages or self.y - height < MARGIN_BOTTOM:
            self.new_page()

    def line(
        self,
        text: str,
        x: float = MARGIN_X,
        *,
        size: float = BODY_SIZE,
        bold: bool = False,
        color: str = "black",
        ha: str = "left",
        advance: bool = True,
    ) -> None:
        """One line of text at height ``y`` (baseline one em below it)."""
        self.page.text(
            x,
            self.y - size / 72,
            text,
            transform=self.page.dpi_scale_trans,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            color=color,
            ha=ha,
            va="baseline",
            family=FONT,
        )
        if advance:
            self.y -= size * LEADING / 72

    def rule(self, x0: float, x1: float, width: float = 0.6) -> None:
        self.page.add_artist(
            Line2D(
                [x0, x1],
                [self.y, self.y],
                transform=self.page.dpi_scale_trans,
                color=RULE,
                linewidth=width,
            )
        )

    # Blocks -----------------------------------------------------------------

    def title(self, block: Title) -> None:
        self.new_page()
        self.y = PAGE_HEIGHT - 2.6
        for text in wrap(block.title, self.width, 22, bold=True):
            self.line(text, size=22, bold=True)
        self.y -= 0.15
        for text in block.lines:
            self.line(text, size=10, color=MUTED)
        self.y -= 0.3
        if block.text:
            self.paragraph(Paragraph(block.text))

    def heading(self, block: Heading) -> None:
        size = HEADING_SIZES.get(block.level, BODY_SIZE)
        if block.level == 1 and not self.at_top:
            self.new_page()
        else:
            self.ensure(size * LEADING / 72 * 2 + 4 * BODY_SIZE * LEADING / 72)
            if not self.at_top:
                self.y -= 0.12
        for text in wrap(block.text, self.width, size, bold=True):
            self.line(text, size=size, bold=True)
        self.y -= 0.06

    def paragraph(self, block: Paragraph, *, indent: float = 0.0, bullet: str = "") -> None:
        size = NOTE_SIZE if block.note else BODY_SIZE
        color = MUTED if block.note else "black"
        lines = wrap(block.text, self.width - indent, size)
        self.filled = True
        for i, text in enumerate(lines):
            self.ensure(size * LEADING / 72)
            if bullet and i == 0:
                self.line(bullet, MARGIN_X + indent - 0.15, size=size, advance=False)
            self.line(text, MARGIN_X + indent, size=size, color=color)
        self.y -= 0.08

    def bullets(self, block: Bullets) -> None:
        for item in block.items:
            self.paragraph(Paragraph(item), indent=0.2, bullet="•")

    def table(self, block: Table) -> None:
        data = block.data.astype(str)
        if data.empty:
            return
        align = block.alignment()
        header = [str(c) for c in data.columns]
        widths = _column_widths(data, header, self.width, align)
        line_h = TABLE_SIZE * LEADING / 72
        head_lines = [
            wrap(h, w - 2 * CELL_PAD, TABLE_SIZE, bold=True)
            for h, w in zip(header, widths, strict=True)
        ]
        rows = [
            [wrap(cell, w - 2 * CELL_PAD, TABLE_SIZE) for cell, w in zip(row, widths, strict=True)]
            for row in data.itertuples(index=False)
        ]
        if block.caption:
            self.tables += 1
            self.ensure(3 * line_h + _height(head_lines, line_h) + _height(rows[0], line_h))
            self.paragraph(Paragraph(f"Table {self.tables}. {block.caption}", note=True))
        self._table_header(head_lines, widths, align, line_h, first=True)
        for cells in rows:
            height = _height(cells, line_h) + 0.03
            if self.y - height < MARGIN_BOTTOM:
                self.rule(MARGIN_X, MARGIN_X + sum(widths))
                self.new_page()
                self._table_header(head_lines, widths, align, line_h, first=False)
            self._cells(cells, widths, align, line_h, bold=False)
            self.y -= 0.03
        self.rule(MARGIN_X, MARGIN_X + sum(widths), 0.8)
        self.y -= 0.18
        self.filled = True

    def _table_header(self, head_lines, widths, align, line_h, *, first: bool) -> None:
        self.ensure(_height(head_lines, line_h) + 2 * line_h)
        if not first:
            self.line("(continued)", size=TABLE_SIZE, color=MUTED)
        self.rule(MARGIN_X, MARGIN_X + sum(widths), 0.8)
        self.y -= 0.04
        self._cells(head_lines, widths, align, line_h, bold=True)
        self.rule(MARGIN_X, MARGIN_X + sum(widths), 0.5)
        self.y -= 0.04

    def _cells(self, cells, widths, align, line_h, *, bold: bool) -> None:
        top, x = self.y, MARGIN_X
        for lines, width, how in zip(cells, widths, align, strict=True):
            self.y = top
            for text in lines:
                anchor = x + width - CELL_PAD if how == "r" else x + CELL_PAD
                self.line(
                    text, anchor, size=TABLE_SIZE, bold=bold, ha="right" if how == "r" else "left"
                )
            x += width
        self.y = top - _height(cells, line_h)

    def kwic(self, block: Kwic) -> None:
        meta_width = 1.5
        x0 = MARGIN_X + meta_width + 0.1
        x1 = MARGIN_X + self.width
        center = (x0 + x1) / 2
        gap = 0.06
        for row in block.lines.itertuples(index=False):
            size = KWIC_SIZE + (1 if block.is_rtl(row.language, row.match) else 0)
            self.ensure(size * LEADING / 72 + 0.04)
            match = fit(str(row.match), (x1 - x0) / 2, size, bold=True)
            half = text_width(match, size, bold=True) / 2
            room_left = center - half - gap - x0
            room_right = x1 - (center + half + gap)
            meta = ltr(f"{row.outlet}{GROUP_SEPARATOR}{row.language}")
            self.line(
                fit(meta, meta_width, NOTE_SIZE - 1), size=NOTE_SIZE - 1, color=MUTED, advance=False
            )
            if block.is_rtl(row.language, row.match):
                # Right-to-left: the words before the match stand on its right.
                before = fit(str(row.left), room_right, size, keep="end")
                after = fit(str(row.right), room_left, size, keep="start")
                self.line(before, center + half + gap, size=size, advance=False)
                self.line(after, center - half - gap, size=size, ha="right", advance=False)
            else:
                before = fit(str(row.left), room_left, size, keep="end")
                after = fit(str(row.right), room_right, size, keep="start")
                self.line(before, center - half - gap, size=size, ha="right", advance=False)
                self.line(after, center + half + gap, size=size, advance=False)
            self.line(match, center, size=size, bold=True, ha="center")
            self.y -= 0.04
        self.y -= 0.1
        self.filled = True

    def figure(self, block: FigureBlock) -> None:
        caption = wrap(f"Figure {block.number}. {block.caption}", self.width, NOTE_SIZE)
        caption_height = len(caption) * NOTE_SIZE * LEADING / 72 + 0.2
        if self.filled or not self.pages or self.page.subfigs:
            self.new_page()
        width = min(block.size[0], self.width)
        height = min(block.size[1], self.y - MARGIN_BOTTOM - caption_height)
        left = MARGIN_X + (self.width - width) / 2
        bottom = self.y - height
        page = self.page
        page.set_layout_engine("constrained")
        page.get_layout_engine().set(
            rect=(left / PAGE_WIDTH, bottom / PAGE_HEIGHT, width / PAGE_WIDTH, height / PAGE_HEIGHT)
        )
        block.draw(page.add_subfigure(page.add_gridspec(1, 1)[0]))
        self.y = bottom - 0.15
        for text in caption:
            self.line(text, size=NOTE_SIZE)
        self.filled = True

    def image(self, block: ImageBlock) -> None:
        caption = wrap(f"Figure {block.number}. {block.caption}", self.width, NOTE_SIZE)
        caption_height = len(caption) * NOTE_SIZE * LEADING / 72 + 0.2
        if self.filled or not self.pages:
            self.new_page()
        pixels = imread(block.path)
        aspect = pixels.shape[0] / pixels.shape[1]
        width = min(self.width, (self.y - MARGIN_BOTTOM - caption_height) / aspect)
        height = width * aspect
        left = MARGIN_X + (self.width - width) / 2
        ax = self.page.add_axes(
            (
                left / PAGE_WIDTH,
                (self.y - height) / PAGE_HEIGHT,
                width / PAGE_WIDTH,
                height / PAGE_HEIGHT,
            )
        )
        ax.imshow(pixels, interpolation="lanczos")
        ax.set_axis_off()
        self.y -= height + 0.15
        for text in caption:
            self.line(text, size=NOTE_SIZE)
        self.filled = True

    def number_pages(self) -> None:
        total = len(self.pages)
        for index, page in enumerate(self.pages, start=1):
            page.text(
                PAGE_WIDTH / 2,
                FOOTER_Y,
                f"{self.footer} — page {index} of {total}",
                transform=page.dpi_scale_trans,
                ha="center",
                fontsize=NOTE_SIZE - 1,
                color=MUTED,
                family=FONT,
            )


def render_pdf(
    blocks: Iterable[Block],
    path: str | Path,
    *,
    footer: str,
    metadata: Mapping[str, str | dt.datetime | None],
) -> Path:
    """Lay ``blocks`` out on A4 pages and write the PDF atomically; return its path."""
    path = Path(path)
    with style_context():
        layout = PdfLayout(footer)
        for block in blocks:
            _render(layout, block)
        layout.number_pages()
        with atomic_path(path) as tmp, PdfPages(tmp, metadata=dict(metadata)) as pdf:
            for page in layout.pages:
                pdf.savefig(page)
    return path


def _render(layout: PdfLayout, block: Block) -> None:
    match block:
        case Title():
            layout.title(block)
        case Heading():
            layout.heading(block)
        case Paragraph():
            layout.paragraph(block)
        case Bullets():
            layout.bullets(block)
        case Table():
            layout.table(block)
        case Kwic():
            layout.kwic(block)
        case FigureBlock():
            layout.figure(block)
        case ImageBlock():
            layout.image(block)
        case PageBreak():
            layout.new_page()


def _column_widths(
    data, header: Sequence[str], total: float, align: Sequence[str] | None = None
) -> list[float]:
    """Natural column widths, shrunk to fit ``total`` inches; text columns wrap first.

    Numbers (``r`` columns) keep their natural width when the text columns can
    absorb the excess; no column gets narrower than its longest header word.
    """
    natural, minimum = [], []
    for name, column in zip(header, data.columns, strict=True):
        cells = [text_width(str(v), TABLE_SIZE) for v in data[column]]
        head = text_width(name, TABLE_SIZE, bold=True)
        word = max((text_width(w, TABLE_SIZE, bold=True) for w in name.split()), default=0.0)
        natural.append(max([head, *cells, 0.2]) + 2 * CELL_PAD + 0.02)
        minimum.append(word + 2 * CELL_PAD + 0.02)
    if sum(natural) <= total:
        return natural
    align = list(align or ["l"] * len(natural))
    numbers = {i for i, a in enumerate(align) if a == "r"}
    text = [i for i in range(len(natural)) if i not in numbers]
    room = total - sum(natural[i] for i in numbers)
    if text and room >= sum(minimum[i] for i in text):
        widths = list(natural)
        for i, width in zip(text, _water_fill([natural[i] for i in text], room), strict=True):
            widths[i] = max(width, minimum[i])
        return widths
    return [max(w, m) for w, m in zip(_water_fill(natural, total), minimum, strict=True)]


def _water_fill(natural: Sequence[float], total: float) -> list[float]:
    """Columns narrower than a fair share keep their width; the others share what is left."""
    widths = list(natural)
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(widths)) if i not in fixed]
        share = (total - sum(widths[i] for i in fixed)) / max(len(free), 1)
        small = [i for i in free if natural[i] <= share]
        if not small:
            for i in free:
                widths[i] = share
            return widths
        fixed.update(small)


def _height(cells: Sequence[Sequence[str]], line_h: float) -> float:
    return max((len(lines) for lines in cells), default=1) * line_h
