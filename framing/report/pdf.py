"""The report: draw and save every figure, then write ``report.pdf`` (and ``report.html``).

The pages are laid out by :mod:`framing.report.layout`, the HTML by
:mod:`framing.report.html`, from the blocks of :mod:`framing.report.sections`.
"""

from __future__ import annotations

from pathlib import Path

from framing.report.content import FigureBlock, ImageBlock
from framing.report.context import ReportContext
from framing.report.html import render_html
from framing.report.layout import render_pdf
from framing.report.plan import plan_figures
from framing.report.sections import report_blocks
from framing.report.style import save_figure

FIGURES_DIR = "figures"
PDF_FILE = "report.pdf"
HTML_FILE = "report.html"


def draw_figures(context: ReportContext, out_dir: str | Path) -> list[FigureBlock]:
    """Draw the figures ``context`` calls for and save each as PDF + PNG under ``out_dir``.

    Returns one block per figure (numbered in order) with its caption and files.
    """
    folder = Path(out_dir)
    blocks = []
    for number, planned in enumerate(plan_figures(context), start=1):
        figure = planned.draw(None)
        files = save_figure(figure, folder / planned.stem)
        size = tuple(float(v) for v in figure.get_size_inches())
        blocks.append(
            FigureBlock(
                number=number,
                caption=planned.caption,
                draw=planned.draw,
                size=(size[0], size[1]),
                files=tuple(files),
                kind=planned.kind,
            )
        )
    return blocks


def build_report(context: ReportContext, out_dir: str | Path) -> Path:
    """Write ``report.pdf`` (and ``report.html`` unless ``context.html`` is false) into ``out_dir``.

    Figures are saved under ``out_dir/figures/`` as ``<kind>_<grouping>.pdf`` and
    ``.png`` (300 dpi). Returns the path of the PDF.

    Examples
    --------
    >>> from framing.report import ReportContext, build_report
    >>> context = ReportContext(name="demo", comparisons=[comparison])  # doctest: +SKIP
    >>> build_report(context, "reports/demo")  # doctest: +SKIP
    PosixPath('reports/demo/report.pdf')
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figures: list[FigureBlock | ImageBlock] = list(draw_figures(context, out / FIGURES_DIR))
    for extra in context.extra_figures:
        figures.append(ImageBlock(len(figures) + 1, extra.caption, Path(extra.path)))
    blocks = report_blocks(context, figures)
    pdf = render_pdf(
        blocks, out / PDF_FILE, footer=context.display_title, metadata=_metadata(context)
    )
    if context.html:
        render_html(blocks, out / HTML_FILE, title=context.display_title)
    return pdf


def _metadata(context: ReportContext) -> dict:
    from framing import __version__

    keywords = ["framing analysis", "frames", "news"]
    if context.lexicon is not None:
        keywords.append(context.lexicon.name)
    languages = []
    if context.corpus is not None and "language" in context.corpus.documents:
        languages = sorted(context.corpus.documents["language"].astype(str).unique())
    return {
        "Title": context.display_title,
        "Author": context.author,
        "Subject": f"Framing analysis report: {context.name}",
        "Keywords": ", ".join([*keywords, *languages]),
        "Creator": f"framing {context.toolkit_version or __version__}",
        "CreationDate": context.creation_date,
    }
