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
from dataclasses import dataclass
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


BREAK_AFTER = frozenset(".-/_·")
"""Characters after which an over-long word (a URL, a domain name) is best cut."""
SECTION_ROOM = 0.35
"""A section (level-1 heading) starts on the current page when this share of it is still free."""
MIN_FIGURE_SCALE = 0.75
FIGURE_GAP = 0.1
"""A figure may be shrunk to this share of its natural height to stay on the current page."""
TABLE_BLOCK_GAP = 0.12
KEEP_TOGETHER = 0.4
"""A table block whose rows take at most this share of a page is not split across pages."""


def _cut(word: str, width: float, size: float, bold: bool) -> int:
    """Where to cut an over-long word: after a break character if one fits, else at the width."""
    fitting = 1
    for end in range(len(word) - 1, 0, -1):
        if text_width(word[:end], size, bold) <= width:
            fitting = end
            break
    for end in range(fitting, 1, -1):
        if word[end - 1] in BREAK_AFTER:
            return end
    return fitting


def segments(word: str) -> list[str]:
    """``word`` split after its break characters: the pieces a column can wrap it into.

    >>> segments("courrier-maghreb.example")
    ['courrier-', 'maghreb.', 'example']
    """
    pieces, current = [], ""
    for char in word:
        current += char
        if char in BREAK_AFTER:
            pieces.append(current)
            current = ""
    return [*pieces, current] if current else pieces


@dataclass
class _Slot:
    """A figure placed on a page, drawn when the page is finished (all slots known)."""

    block: FigureBlock
    top: float
    height: float
    width: float

    @property
    def bottom(self) -> float:
        return self.top - self.height


@dataclass
class _Grid:
    """A block of a table, wrapped to its column widths: header lines and rows of cell lines."""

    widths: list[float]
    align: list[str]
    head: list[list[str]]
    rows: list[list[list[str]]]
    line_h: float

    def whole(self, limit: float) -> bool:
        """Whether the rows take at most ``limit`` inches (and so are kept on one page)."""
        return sum(_height(r, self.line_h) + 0.03 for r in self.rows) <= limit

    def kept_height(self, limit: float) -> float:
        """Header and rows kept together: every row if they take at most ``limit``, else two."""
        body = [_height(r, self.line_h) + 0.03 for r in self.rows]
        first = sum(body) if self.whole(limit) else sum(body[:2])
        return _height(self.head, self.line_h) + first + 0.2


class PdfLayout:
    """Pages being filled top to bottom; ``y`` is the next free height (inches from the bottom)."""

    def __init__(self, footer: str) -> None:
        self.footer = footer
        self.pages: list[Figure] = []
        self.slots: list[list[_Slot]] = []
        self.y = 0.0
        self.tables = 0

    @property
    def width(self) -> float:
        return PAGE_WIDTH - 2 * MARGIN_X

    @property
    def usable_height(self) -> float:
        return PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    @property
    def page(self) -> Figure:
        return self.pages[-1] if self.pages else self.new_page()

    @property
    def at_top(self) -> bool:
        return bool(self.pages) and self.y >= PAGE_HEIGHT - MARGIN_TOP - 1e-6

    @property
    def room(self) -> float:
        """Free height left on the current page, in inches."""
        return self.y - MARGIN_BOTTOM if self.pages else self.usable_height

    def new_page(self) -> Figure:
        page = Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT))
        self.pages.append(page)
        self.slots.append([])
        self.y = PAGE_HEIGHT - MARGIN_TOP
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

    # Heights of what comes next (to keep a heading with it) --------------------

    def keep_height(self, following: Sequence[Block], depth: int = 0) -> float:
        """The least height the next block needs on the page of the heading before it."""
        if not following or depth > 2:
            return 0.0
        block, rest = following[0], following[1:]
        body = BODY_SIZE * LEADING / 72
        match block:
            case Heading():
                gap = 0.37 if block.level == 1 else 0.12
                return gap + self._heading_height(block) + self.keep_height(rest, depth + 1)
            case Paragraph(note=True):
                lines = wrap(block.text, self.width, NOTE_SIZE)
                own = len(lines) * NOTE_SIZE * LEADING / 72 + 0.08
                return own + self.keep_height(rest, depth + 1)
            case Paragraph() | Bullets():
                return 3 * body
            case Table():
                return self.table_keep_height(block)
            case FigureBlock():
                return FIGURE_GAP + MIN_FIGURE_SCALE * block.size[1] + self._caption_height(block)
            case ImageBlock():
                return 3.0
            case Kwic():
                return self._kwic_height(block)
        return 0.0

    def _heading_height(self, block: Heading) -> float:
        size = HEADING_SIZES.get(block.level, BODY_SIZE)
        lines = wrap(block.text, self.width, size, bold=True)
        return len(lines) * size * LEADING / 72 + 0.06

    def _kwic_height(self, block: Kwic) -> float:
        sizes = [
            KWIC_SIZE + (1 if block.is_rtl(r.language, r.match) else 0)
            for r in block.lines.itertuples(index=False)
        ]
        return min(sum(s * LEADING / 72 + 0.04 for s in sizes), self.usable_height / 3)

    def _caption_height(self, block: FigureBlock | ImageBlock) -> float:
        caption = wrap(f"Figure {block.number}. {block.caption}", self.width, NOTE_SIZE)
        return len(caption) * NOTE_SIZE * LEADING / 72 + 0.2

    # Blocks -----------------------------------------------------------------

    def title(self, block: Title) -> None:
        self.new_page()
        self.y = PAGE_HEIGHT - 1.9
        for text in wrap(block.title, self.width, 22, bold=True):
            self.line(text, size=22, bold=True)
        self.y -= 0.15
        for text in block.lines:
            self.line(text, size=10, color=MUTED)
        self.y -= 0.3
        if block.text:
            self.paragraph(Paragraph(block.text))

    def heading(self, block: Heading, keep: float = 0.0) -> None:
        """A heading, kept on one page with ``keep`` inches of what follows it.

        A section (level 1) starts a new page unless a good part of this one is
        still free, so short sections share pages.
        """
        size = HEADING_SIZES.get(block.level, BODY_SIZE)
        gap = 0.37 if block.level == 1 else 0.12
        needed = gap + self._heading_height(block) + keep
        crowded = self.room < needed or (
            block.level == 1 and self.room < SECTION_ROOM * self.usable_height
        )
        if not self.pages or (crowded and not self.at_top):
            self.new_page()
        if not self.at_top:
            self.y -= gap
        for text in wrap(block.text, self.width, size, bold=True):
            self.line(text, size=size, bold=True)
        self.y -= 0.06

    def paragraph(self, block: Paragraph, *, indent: float = 0.0, bullet: str = "") -> None:
        size = NOTE_SIZE if block.note else BODY_SIZE
        color = MUTED if block.note else "black"
        lines = wrap(block.text, self.width - indent, size)
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
        if block.data.empty:
            return
        if block.caption:
            self.tables += 1
        grids = self._grids(block)
        notes = [wrap(note, self.width, NOTE_SIZE - 0.5) for note in block.notes]
        notes_height = sum(len(n) * (NOTE_SIZE - 0.5) * LEADING / 72 + 0.03 for n in notes)
        for k, grid in enumerate(grids):
            caption = ""
            if block.caption and k == 0:
                caption = f"Table {self.tables}. {block.caption}"
            if k:
                self.y -= TABLE_BLOCK_GAP
            # The notes stay with the last rows of the table.
            self._grid(grid, caption, after=notes_height if k == len(grids) - 1 else 0.0)
        for lines in notes:
            for text in lines:
                self.ensure((NOTE_SIZE - 0.5) * LEADING / 72)
                self.line(text, size=NOTE_SIZE - 0.5, color=MUTED)
            self.y -= 0.03
        self.y -= 0.18

    def _grids(self, block: Table) -> list[_Grid]:
        """The table as blocks of columns that fit the page, each measured and wrapped.

        A table too wide for the page, with ``key_columns``, is split; the blocks
        share one width for every non-key column, so they line up.
        """
        data = block.data.astype(str)
        align = block.alignment()
        header = [str(c) for c in data.columns]
        line_h = TABLE_SIZE * LEADING / 72
        if block.key_columns and len(header) > block.key_columns + 1:
            chunks = _column_chunks(data, header, self.width, block.key_columns)
        else:
            chunks = [list(range(len(header)))]
        if len(chunks) == 1:
            widths = _column_widths(data, header, self.width, align)
        else:
            natural, compact, _ = _natural(data, header)
            key = block.key_columns
            widest = max(len(c) - key for c in chunks)
            share = (self.width - sum(compact[:key])) / widest
            columns = max(compact[key:], default=0.0)
            width = min(share, max(max(natural[key:], default=0.0), columns))
            widths = [*compact[:key], *[max(width, columns)] * (len(header) - key)]
        grids = []
        for columns in chunks:
            w = [widths[i] for i in columns]
            head = [
                wrap(header[i], width - 2 * CELL_PAD, TABLE_SIZE, bold=True)
                for i, width in zip(columns, w, strict=True)
            ]
            rows = [
                [
                    wrap(row[i], width - 2 * CELL_PAD, TABLE_SIZE)
                    for i, width in zip(columns, w, strict=True)
                ]
                for row in data.itertuples(index=False)
            ]
            grids.append(_Grid(w, [align[i] for i in columns], head, rows, line_h))
        return grids

    def table_keep_height(self, block: Table) -> float:
        """Height of the caption and of what :meth:`_grid` keeps with it (the first block)."""
        if block.data.empty:
            return 0.0
        caption = len(wrap(block.caption, self.width, NOTE_SIZE)) if block.caption else 0
        return caption * NOTE_SIZE * LEADING / 72 + self._grids(block)[0].kept_height(
            KEEP_TOGETHER * self.usable_height
        )

    def _grid(self, grid: _Grid, caption: str, *, after: float = 0.0) -> None:
        """One block of rows and columns, continued on the next page with its header.

        A short block is kept on one page, with ``after`` inches of what follows it.
        """
        needed = grid.kept_height(KEEP_TOGETHER * self.usable_height)
        if grid.whole(KEEP_TOGETHER * self.usable_height):
            needed += after
        if caption:
            lines = wrap(caption, self.width, NOTE_SIZE)
            self.ensure(needed + len(lines) * NOTE_SIZE * LEADING / 72)
            self.paragraph(Paragraph(caption, note=True))
        else:
            self.ensure(needed)
        widths, align, line_h = grid.widths, grid.align, grid.line_h
        self._table_header(grid.head, widths, align, line_h, first=True)
        for cells in grid.rows:
            height = _height(cells, line_h) + 0.03
            if self.y - height < MARGIN_BOTTOM:
                self.rule(MARGIN_X, MARGIN_X + sum(widths))
                self.new_page()
                self._table_header(grid.head, widths, align, line_h, first=False)
            self._cells(cells, widths, align, line_h, bold=False)
            self.y -= 0.03
        self.rule(MARGIN_X, MARGIN_X + sum(widths), 0.8)
        self.y -= 0.06

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
        # A frame's few lines stay together.
        self.ensure(self._kwic_height(block))
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

    def figure(self, block: FigureBlock) -> None:
        """Place a figure below what is on the page when it fits (shrunk a little at most).

        It is drawn when the page is finished (:meth:`finish`), so several figures
        can share one page.
        """
        caption_height = self._caption_height(block)
        natural = block.size[1]
        if not self.pages:
            self.new_page()
        gap = 0.0 if self.at_top else FIGURE_GAP
        if not self.at_top and MIN_FIGURE_SCALE * natural + caption_height + gap > self.room:
            self.new_page()
            gap = 0.0
        self.y -= gap
        height = min(natural, self.room - caption_height)
        slot = _Slot(block, top=self.y, height=height, width=min(block.size[0], self.width))
        self.slots[-1].append(slot)
        self.y = slot.bottom - 0.12
        for text in wrap(f"Figure {block.number}. {block.caption}", self.width, NOTE_SIZE):
            self.line(text, size=NOTE_SIZE)
        self.y -= 0.15

    def image(self, block: ImageBlock) -> None:
        caption_height = self._caption_height(block)
        pixels = imread(block.path)
        aspect = pixels.shape[0] / pixels.shape[1]
        if not self.pages or (
            not self.at_top and MIN_FIGURE_SCALE * self.width * aspect + caption_height > self.room
        ):
            self.new_page()
        width = min(self.width, (self.room - caption_height) / aspect)
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
        for text in wrap(f"Figure {block.number}. {block.caption}", self.width, NOTE_SIZE):
            self.line(text, size=NOTE_SIZE)
        self.y -= 0.15

    def finish(self) -> None:
        """Draw the figures of every page into their places, then number the pages."""
        for page, slots in zip(self.pages, self.slots, strict=True):
            if slots:
                self._draw_slots(page, slots)
        self.number_pages()

    def _draw_slots(self, page: Figure, slots: list[_Slot]) -> None:
        """One constrained-layout grid per page: a row per figure, rows of space between.

        The grid is as wide as the widest figure, centred; a narrower figure is
        centred in its row.
        """
        top, bottom = slots[0].top, slots[-1].bottom
        width = max(slot.width for slot in slots)
        page.set_layout_engine("constrained")
        page.get_layout_engine().set(
            rect=(
                (MARGIN_X + (self.width - width) / 2) / PAGE_WIDTH,
                bottom / PAGE_HEIGHT,
                width / PAGE_WIDTH,
                (top - bottom) / PAGE_HEIGHT,
            )
        )
        ratios: list[float] = []
        cells: list[_Slot | None] = []
        cursor = top
        for slot in slots:
            if cursor - slot.top > 1e-6:
                ratios.append(cursor - slot.top)
                cells.append(None)
            ratios.append(slot.height)
            cells.append(slot)
            cursor = slot.bottom
        grid = page.add_gridspec(len(ratios), 1, height_ratios=ratios)
        for index, slot in enumerate(cells):
            if slot is None:
                continue
            cell = grid[index]
            side = (width - slot.width) / 2
            if side > 0.01:
                cell = cell.subgridspec(1, 3, width_ratios=[side, slot.width, side])[1]
            slot.block.draw(page.add_subfigure(cell))

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
    blocks = list(blocks)
    with style_context():
        layout = PdfLayout(footer)
        for index, block in enumerate(blocks):
            _render(layout, block, blocks[index + 1 :])
        layout.finish()
        with atomic_path(path) as tmp, PdfPages(tmp, metadata=dict(metadata)) as pdf:
            for page in layout.pages:
                pdf.savefig(page)
    return path


def _render(layout: PdfLayout, block: Block, following: Sequence[Block] = ()) -> None:
    match block:
        case Title():
            layout.title(block)
        case Heading():
            layout.heading(block, keep=layout.keep_height(following))
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


def _natural(data, header: Sequence[str]) -> tuple[list[float], list[float], list[float]]:
    """Per column: natural width (one-line header), compact width (header wrapped), minimum."""
    natural, compact, minimum = [], [], []
    for name, column in zip(header, data.columns, strict=True):
        cells = max([text_width(str(v), TABLE_SIZE) for v in data[column]], default=0.0)
        head = text_width(name, TABLE_SIZE, bold=True)
        piece = max(
            (text_width(p, TABLE_SIZE, bold=True) for w in name.split() for p in segments(w)),
            default=0.0,
        )
        pad = 2 * CELL_PAD + 0.02
        natural.append(max(head, cells, 0.2) + pad)
        compact.append(max(piece, cells, 0.2) + pad)
        minimum.append(piece + pad)
    return natural, compact, minimum


def _column_chunks(data, header: Sequence[str], total: float, key: int) -> list[list[int]]:
    """Columns split into blocks that fit ``total`` inches, each led by the ``key`` columns.

    The blocks are as even as possible (9 groups: 5 + 4, not 8 + 1).
    """
    _, compact, _ = _natural(data, header)
    if sum(compact) <= total:
        return [list(range(len(header)))]
    lead = list(range(key))
    rest = list(range(key, len(header)))
    room = total - sum(compact[i] for i in lead)
    for count in range(2, len(rest) + 1):
        size, extra = divmod(len(rest), count)
        blocks, start = [], 0
        for k in range(count):
            end = start + size + (1 if k < extra else 0)
            blocks.append(rest[start:end])
            start = end
        if all(sum(compact[i] for i in b) <= room for b in blocks):
            return [lead + b for b in blocks]
    return [[*lead, i] for i in rest]


def _column_widths(
    data, header: Sequence[str], total: float, align: Sequence[str] | None = None
) -> list[float]:
    """Natural column widths, shrunk to fit ``total`` inches; headers wrap first, then text.

    Headers may wrap (at spaces, and inside long names after ``.``, ``-``, ``/``)
    down to their cells' width. Numbers (``r`` columns) then keep that width
    while text columns absorb the excess; no column gets narrower than the
    longest piece of its header.
    """
    natural, compact, minimum = _natural(data, header)
    if sum(natural) <= total:
        return natural
    if sum(compact) <= total:
        # Give the spare room back to the columns whose headers wrap the most.
        return _grow(compact, natural, total)
    align = list(align or ["l"] * len(natural))
    numbers = {i for i, a in enumerate(align) if a == "r"}
    text = [i for i in range(len(natural)) if i not in numbers]
    room = total - sum(compact[i] for i in numbers)
    if text and room >= sum(minimum[i] for i in text):
        widths = list(compact)
        for i, width in zip(text, _water_fill([compact[i] for i in text], room), strict=True):
            widths[i] = max(width, minimum[i])
        return widths
    return [max(w, m) for w, m in zip(_water_fill(compact, total), minimum, strict=True)]


def _grow(widths: Sequence[float], limits: Sequence[float], total: float) -> list[float]:
    """``widths`` grown evenly towards ``limits`` until they add up to ``total``."""
    widths = list(widths)
    spare = total - sum(widths)
    while spare > 1e-6:
        open_ = [i for i in range(len(widths)) if widths[i] < limits[i] - 1e-6]
        if not open_:
            break
        step = spare / len(open_)
        for i in open_:
            grow = min(step, limits[i] - widths[i])
            widths[i] += grow
            spare -= grow
    return widths


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
