"""The PDF layout: wide tables split into column blocks, notes, headings kept with what follows,
figures sharing a page when they fit."""

from __future__ import annotations

import pandas as pd
import report_tables as T
from pypdf import PdfReader

from framing.report import plot_heatmap
from framing.report.content import FigureBlock, Heading, Paragraph, Table
from framing.report.layout import (
    MARGIN_X,
    PAGE_WIDTH,
    PdfLayout,
    _column_chunks,
    render_pdf,
    segments,
    wrap,
)

GROUPS = [
    ("alhiwar.example · ar", 6),
    ("almirsad.example · ar", 6),
    ("atlas-review.example · en", 4),
    ("atlas-review.example · fr", 3),
    ("courrier-maghreb.example · fr", 5),
    ("fpna.example · en", 3),
    ("fpna.example · fr", 3),
    ("policymonitor.example · en", 5),
    ("saharapress.example · ar", 3),
    ("sahelobserver.example · en", 5),
    ("tribune-rabat.example · fr", 4),
    ("atlas-review.example · ar", 2),
]


def _grid() -> pd.DataFrame:
    """A frame x group table of twelve groups, as the outlet x language grid has."""
    data = {"frame": list(T.FRAMES.values())}
    for k, (name, n) in enumerate(GROUPS):
        data[f"{name} (n={n})"] = [f"{(7 * k + 3 * i) % 101}% [{i}, {50 + k}]" for i in range(10)]
    return pd.DataFrame(data)


def _text(pdf) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def test_long_names_wrap_after_dots_and_hyphens():
    assert segments("tribune-rabat.example") == ["tribune-", "rabat.", "example"]
    assert wrap("courrier-maghreb.example (n=5)", 0.7, 7.0, bold=True) == [
        "courrier-",
        "maghreb.",
        "example",
        "(n=5)",
    ]


def test_a_wide_table_is_split_into_even_blocks_that_repeat_the_key_column(tmp_path):
    grid = _grid()
    header = [str(c) for c in grid.columns]
    chunks = _column_chunks(grid, header, PAGE_WIDTH - 2 * MARGIN_X, key=1)
    assert len(chunks) >= 2
    assert all(chunk[0] == 0 for chunk in chunks)  # the frame column leads every block
    sizes = [len(chunk) - 1 for chunk in chunks]
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == len(GROUPS)
    table = Table(
        grid,
        "Shares by outlet × language.",
        ("l", *["r"] * len(GROUPS)),
        notes=("Fewer than 10 articles: all.",),
        key_columns=1,
    )
    pdf = render_pdf([table], tmp_path / "grid.pdf", footer="t", metadata={})
    text = " ".join(" ".join(_text(pdf)).split())
    assert text.count("Rights and criticism") == len(chunks)
    assert text.count("Table 1.") == 1 and "Fewer than 10 articles: all." in text
    for column in grid.columns[1:]:
        for cell in grid[column]:
            assert cell in text
    assert "(n=2)" in text and "tribune-" in text


def test_a_table_without_key_columns_is_not_split(tmp_path):
    grid = _grid().iloc[:, :4]
    pdf = render_pdf([Table(grid, "Narrow.")], tmp_path / "narrow.pdf", footer="t", metadata={})
    assert " ".join(_text(pdf)).count("Rights and criticism") == 1


def test_a_heading_is_never_left_alone_at_the_bottom_of_a_page(tmp_path):
    filler = [Paragraph("A line of running text that fills the page. " * 12) for _ in range(8)]
    blocks = [*filler, Heading("By outlet", 2), Table(_grid().iloc[:, :5], "The grid.")]
    layout = PdfLayout("t")
    for block in filler:
        layout.paragraph(block)
    assert layout.room < 2.5  # little room is left: the heading must move with the table
    pdf = render_pdf(blocks, tmp_path / "keep.pdf", footer="t", metadata={})
    pages = _text(pdf)
    heading_page = next(i for i, p in enumerate(pages) if "By outlet" in p)
    assert "Table 1. The grid." in pages[heading_page]


def _figure(number: int, height: float) -> FigureBlock:
    prevalence = T.prevalence(["language"])

    def draw(target=None):
        return plot_heatmap(prevalence, labels=T.FRAMES, figure=target)

    return FigureBlock(number, f"A heatmap {height} inches tall.", draw, (6.0, height))


def test_small_figures_share_a_page_and_a_large_one_starts_the_next(tmp_path):
    blocks = [_figure(1, 3.5), _figure(2, 3.5), _figure(3, 8.0), _figure(4, 8.0)]
    pdf = render_pdf(blocks, tmp_path / "figures.pdf", footer="t", metadata={})
    pages = _text(pdf)
    assert len(pages) == 3
    assert "Figure 1." in pages[0] and "Figure 2." in pages[0]
    assert "Figure 3." in pages[1] and "Figure 4." in pages[2]
    # Each figure is drawn (vector text) on its page, not left as an empty slot.
    assert pages[0].count("Royal leadership") == 2
    assert pages[2].count("Royal leadership") == 1
