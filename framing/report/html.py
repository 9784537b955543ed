"""The report as one HTML file: the same blocks as the PDF, figures linked as PNG files.

The browser does the Arabic shaping and bidirectional layout; Arabic keyword-in-context
lines are laid out right-to-left (``dir="rtl"``), so the words before the match
stand on its right. All text is escaped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from html import escape
from pathlib import Path

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
from framing.report.labels import GROUP_SEPARATOR, has_arabic
from framing.store import write_text_atomic

STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #111; }
h1 { font-size: 1.6rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
h2 { font-size: 1.25rem; margin-top: 1.8rem; } h3 { font-size: 1.05rem; margin-top: 1.2rem; }
.subtitle { color: #555; margin: 0; }
.note, caption, figcaption { color: #444; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 1rem 0 0.3rem; font-size: 0.85rem; }
.table-note { margin: 0.1rem 0; font-size: 0.8rem; } .wide { overflow-x: auto; }
caption { caption-side: top; text-align: left; padding-bottom: 0.3rem; }
th, td { padding: 0.15rem 0.5rem; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
th { border-bottom: 1px solid #444; text-align: left; } td.r, th.r { text-align: right; }
td.r, td.key { white-space: nowrap; }
figure { margin: 2rem 0; } figure img { max-width: 100%; height: auto; }
.kwic { display: grid; grid-template-columns: 11rem 1fr auto 1fr; gap: 0.5rem;
        font-size: 0.9rem; padding: 0.15rem 0; border-bottom: 1px dotted #ddd; }
.kwic .meta { color: #666; font-size: 0.8rem; }
.kwic .before { text-align: end; } .kwic .after { text-align: start; }
.kwic mark { background: #fde9b6; font-weight: bold; }
"""


def render_html(blocks: Iterable[Block], path: str | Path, *, title: str) -> Path:
    """Write the blocks as a standalone HTML file (figures referenced relative to it)."""
    path = Path(path)
    body = "\n".join(_block(block, path.parent) for block in blocks)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )
    return write_text_atomic(path, page)


def _block(block: Block, base: Path) -> str:
    match block:
        case Title():
            lines = "".join(f'<p class="subtitle">{escape(t)}</p>' for t in block.lines)
            text = f"<p>{escape(block.text)}</p>" if block.text else ""
            return f'<header><h1 class="title">{escape(block.title)}</h1>{lines}{text}</header>'
        case Heading():
            level = min(block.level, 3)
            anchor = block.text.lower().replace(" ", "-")
            return f'<h{level} id="{escape(anchor)}">{escape(block.text)}</h{level}>'
        case Paragraph():
            cls = ' class="note"' if block.note else ""
            return f"<p{cls}>{_text(block.text)}</p>"
        case Bullets():
            return "<ul>" + "".join(f"<li>{_text(i)}</li>" for i in block.items) + "</ul>"
        case Table():
            return _table(block)
        case FigureBlock():
            src = _relative(block.png, base) if block.png else ""
            return _figure(block.number, block.caption, src)
        case ImageBlock():
            return _figure(block.number, block.caption, _relative(block.path, base))
        case Kwic():
            return "\n".join(_kwic_line(block, row) for row in block.lines.itertuples(index=False))
        case PageBreak():
            return ""
    return ""


def _table(block: Table) -> str:
    # Key columns (the frame names of a wide grid) do not wrap; the grid scrolls instead.
    align = [a + (" key" if i < block.key_columns else "") for i, a in enumerate(block.alignment())]
    head = "".join(
        f'<th class="{a}">{escape(str(c))}</th>'
        for c, a in zip(block.data.columns, align, strict=True)
    )
    rows = "".join(
        "<tr>"
        + "".join(f'<td class="{a}">{_text(str(v))}</td>' for v, a in zip(row, align, strict=True))
        + "</tr>"
        for row in block.data.itertuples(index=False)
    )
    caption = f"<caption>{escape(block.caption)}</caption>" if block.caption else ""
    notes = "".join(f'<p class="note table-note">{_text(n)}</p>' for n in block.notes)
    table = f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    return f'<div class="wide">{table}</div>{notes}'


def _figure(number: int, caption: str, src: str) -> str:
    alt = escape(caption.split(".")[0])
    return (
        f'<figure><img src="{escape(src)}" alt="{alt}">'
        f"<figcaption>Figure {number}. {_text(caption)}</figcaption></figure>"
    )


def _kwic_line(block: Kwic, row: tuple) -> str:
    direction = "rtl" if block.is_rtl(row.language, row.match) else "ltr"
    meta = escape(f"{row.outlet}{GROUP_SEPARATOR}{row.language}")
    return (
        f'<div class="kwic" dir="{direction}" lang="{escape(str(row.language))}">'
        f'<span class="meta" dir="auto">{meta}</span>'
        f'<span class="before">{escape(str(row.left))}</span>'
        f"<mark>{escape(str(row.match))}</mark>"
        f'<span class="after">{escape(str(row.right))}</span></div>'
    )


def _text(text: str) -> str:
    """Escaped text; runs of Arabic words isolated in ``<bdi>`` so they keep their place.

    >>> _text("from 0% in الحوار المتمدن (0 of 5)")
    'from 0% in <bdi>الحوار المتمدن</bdi> (0 of 5)'
    """
    clean = text.replace("\u2068", "").replace("\u2069", "").replace("\u200e", "")
    if not has_arabic(clean):
        return escape(clean)
    pieces: list[str] = []
    run: list[str] = []
    for word in clean.split(" "):
        if has_arabic(word):
            run.append(word)
            continue
        if run:
            pieces.append(f"<bdi>{escape(' '.join(run))}</bdi>")
            run = []
        pieces.append(escape(word))
    if run:
        pieces.append(f"<bdi>{escape(' '.join(run))}</bdi>")
    return " ".join(pieces)


def _relative(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path, base)).as_posix()
