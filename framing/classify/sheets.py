"""Coding sheets for human annotation: CSV and XLSX, formula escaping, the annotation guide.

A coding sheet has one row per passage and the columns :data:`SHEET_COLUMNS`
with one empty column per frame id between ``text`` and ``notes``. Coders
write 1 (the passage carries the frame) or 0 (it does not) and leave a cell
blank only when they did not code it.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula, so a passage that happens to begin with one of
them (a quoted ``-`` list item, an ``@handle``) could execute on a coder's
machine ("CSV injection"). Every such text cell is written with a leading
``'``, which spreadsheets show as text; :func:`unescape_cell` removes it again
on import (both come from :mod:`framing.csv_safety`, shared by every CSV framing
writes).

Examples
--------
>>> escape_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> unescape_cell(escape_cell("-- a dash first"))
'-- a dash first'
>>> escape_cell("Morocco hosts Interpol")
'Morocco hosts Interpol'
"""

from __future__ import annotations

import csv
import html
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

# The escaping lived here first: its names stay importable from this module.
from framing.csv_safety import ESCAPE_PREFIX as ESCAPE_PREFIX
from framing.csv_safety import FORMULA_TRIGGERS as FORMULA_TRIGGERS
from framing.csv_safety import escape_cell as escape_cell
from framing.csv_safety import unescape_cell as unescape_cell
from framing.errors import LabelError
from framing.lexicon.model import Lexicon
from framing.store import atomic_path, write_text_atomic

#: Columns before the frame columns, and after them.
LEADING_COLUMNS: tuple[str, ...] = ("passage_id", "doc_id", "outlet", "language", "text")
TRAILING_COLUMNS: tuple[str, ...] = ("notes", "coder")

_RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
_COLUMN_WIDTHS = {"passage_id": 18, "doc_id": 18, "outlet": 16, "language": 6, "text": 80}


def sheet_columns(frame_ids: Sequence[str]) -> list[str]:
    """The columns of a coding sheet for these frames, in order.

    >>> sheet_columns(["threat", "cooperation"])[4:]
    ['text', 'threat', 'cooperation', 'notes', 'coder']
    """
    return [*LEADING_COLUMNS, *frame_ids, *TRAILING_COLUMNS]


def coding_sheet(passages: pd.DataFrame, frame_ids: Sequence[str], coder: str = "") -> pd.DataFrame:
    """The table of a coding sheet: passage columns, empty frame columns, notes, coder.

    ``passages`` needs ``passage_id``, ``doc_id`` and ``text``; ``outlet`` and
    ``language`` are filled with ``""`` when absent. Cells are *not* escaped
    here: the writers do it.

    >>> p = pd.DataFrame({"passage_id": ["p1"], "doc_id": ["d1"], "text": ["Rabat hosts."]})
    >>> coding_sheet(p, ["threat"]).columns.tolist()
    ['passage_id', 'doc_id', 'outlet', 'language', 'text', 'threat', 'notes', 'coder']
    """
    missing = [c for c in ("passage_id", "doc_id", "text") if c not in passages.columns]
    if missing:
        raise LabelError(f"passages lack the columns {', '.join(missing)}")
    sheet = pd.DataFrame(index=range(len(passages)))
    for column in LEADING_COLUMNS:
        values = passages[column] if column in passages.columns else pd.Series([""] * len(sheet))
        sheet[column] = values.fillna("").astype(str).to_numpy()
    for frame_id in frame_ids:
        sheet[frame_id] = ""
    sheet["notes"] = ""
    sheet["coder"] = coder
    return sheet


def write_sheet_csv(sheet: pd.DataFrame, path: str | Path) -> Path:
    """Write a coding sheet as CSV: UTF-8 with a byte-order mark (so Excel shows Arabic), every
    cell escaped, every field quoted."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow([escape_cell(c) for c in sheet.columns])
        for row in sheet.itertuples(index=False):
            writer.writerow([escape_cell(str(v)) for v in row])
    return Path(path)


def write_sheet_xlsx(sheet: pd.DataFrame, path: str | Path, frame_ids: Sequence[str]) -> Path:
    """Write a coding sheet as XLSX: text cells escaped and typed as text (never formulas),
    Arabic-script passages right-to-left, frame columns limited to 0/1 by data validation."""
    workbook = Workbook()
    sheet_ws = workbook.active
    sheet_ws.title = "coding"
    columns = list(sheet.columns)
    bold = Font(bold=True)
    for j, name in enumerate(columns, start=1):
        _set_text(sheet_ws.cell(row=1, column=j), name).font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    rtl = Alignment(wrap_text=True, vertical="top", horizontal="right", readingOrder=2)
    text_col = columns.index("text") + 1
    for i, row in enumerate(sheet.itertuples(index=False), start=2):
        record = dict(zip(columns, row, strict=True))
        for j, name in enumerate(columns, start=1):
            cell = _set_text(sheet_ws.cell(row=i, column=j), str(record[name]))
            if j == text_col:
                is_rtl = record.get("language") in _RTL_LANGUAGES or _mostly_rtl(record[name])
                cell.alignment = rtl if is_rtl else wrap
    _add_frame_validation(sheet_ws, columns, frame_ids, len(sheet))
    for j, name in enumerate(columns, start=1):
        sheet_ws.column_dimensions[get_column_letter(j)].width = _COLUMN_WIDTHS.get(name, 12)
    sheet_ws.freeze_panes = "F2"
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return Path(path)


def _set_text(cell, value: str):
    """Store ``value`` as a text cell, escaped; openpyxl would otherwise type ``=...`` as a
    formula."""
    cell.value = escape_cell(value) if value else None
    if value:
        cell.data_type = "s"
    return cell


def _add_frame_validation(ws, columns: list[str], frame_ids: Sequence[str], n_rows: int) -> None:
    if not frame_ids or n_rows == 0:
        return
    validation = DataValidation(
        type="list",
        formula1='"0,1"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="0 or 1",
        error="Write 1 if the passage carries this frame, 0 if not; leave blank if not coded.",
    )
    ws.add_data_validation(validation)
    fill = PatternFill("solid", fgColor="FFF7E0")
    for frame_id in frame_ids:
        letter = get_column_letter(columns.index(frame_id) + 1)
        validation.add(f"{letter}2:{letter}{n_rows + 1}")
        for row in range(2, n_rows + 2):
            ws[f"{letter}{row}"].fill = fill


def _mostly_rtl(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    rtl = sum("\u0590" <= c <= "\u08ff" for c in letters)
    return bool(letters) and rtl * 2 > len(letters)


def sheet_stem(sheet_path: str | Path) -> Path:
    """The sheet path without a ``.csv`` or ``.xlsx`` suffix (other suffixes are kept)."""
    path = Path(sheet_path)
    return path.with_suffix("") if path.suffix.lower() in (".csv", ".xlsx") else path


def _suffixed(stem: Path, suffix: str) -> Path:
    return stem.with_name(stem.name + suffix)


def sheet_paths(sheet_path: str | Path, n_coders: int = 1) -> list[tuple[str, Path]]:
    """(coder id, path stem) of each copy to write: one per coder.

    With one coder, the path as given (without its suffix); with several,
    ``<stem>_coder1``, ``<stem>_coder2``, ...

    >>> [(c, p.name) for c, p in sheet_paths("out/sheet.xlsx", 2)]
    [('coder1', 'sheet_coder1'), ('coder2', 'sheet_coder2')]
    """
    stem = sheet_stem(sheet_path)
    if n_coders < 1:
        raise LabelError("the number of coders must be at least 1", field="--coders")
    if n_coders == 1:
        return [("", stem)]
    return [(f"coder{k}", stem.with_name(f"{stem.name}_coder{k}")) for k in range(1, n_coders + 1)]


def write_coding_sheets(
    passages: pd.DataFrame,
    lexicon: Lexicon,
    sheet_path: str | Path,
    *,
    n_coders: int = 1,
) -> list[Path]:
    """Write the CSV and XLSX coding sheets (one copy per coder) and the annotation guide.

    Returns the paths written: ``<stem>.csv``, ``<stem>.xlsx`` per coder, then
    ``<stem>_guide.md`` and ``<stem>_guide.html`` (``stem`` is the sheet path
    without its suffix). With several coders the coder column of each copy is
    pre-filled with ``coder1``, ``coder2``, ...; coders may overwrite it with
    their initials.
    """
    frame_ids = lexicon.frame_ids
    written: list[Path] = []
    copies = sheet_paths(sheet_path, n_coders)
    for coder, stem in copies:
        sheet = coding_sheet(passages, frame_ids, coder=coder)
        written.append(write_sheet_csv(sheet, _suffixed(stem, ".csv")))
        written.append(write_sheet_xlsx(sheet, _suffixed(stem, ".xlsx"), frame_ids))
    guide = sheet_stem(sheet_path)
    written.append(write_text_atomic(_suffixed(guide, "_guide.md"), guide_markdown(lexicon)))
    written.append(write_text_atomic(_suffixed(guide, "_guide.html"), guide_html(lexicon)))
    return written


# -- the annotation guide ---------------------------------------------------------------------

CODING_RULES: tuple[str, ...] = (
    "The unit is the passage (one row): read the whole passage, and only that passage.",
    "Write 1 in a frame's column when the passage presents the topic through that lens, "
    "not merely because a word of the frame appears in it.",
    "Write 0 when it does not. Leave a cell blank only if you did not code it: "
    "a blank is read as 'not coded', never as 0.",
    "A passage may carry several frames, or none (all 0).",
    "Do not change the passage_id, doc_id or text columns, and do not add columns: "
    "use the notes column for remarks.",
    "Put your coder id (initials) in the coder column of every row you code.",
    "A text that starts with ' was escaped so that the spreadsheet does not run it as a "
    "formula; the ' is not part of the passage.",
)


def guide_markdown(lexicon: Lexicon) -> str:
    """The annotation guide in Markdown: coding rules, then one section per frame.

    >>> from framing.lexicon.model import Frame
    >>> lex = Lexicon("demo", frames=[Frame("threat", "Threat", "Terrorism and crime.")])
    >>> "## threat: Threat" in guide_markdown(lex)
    True
    """
    lines = [
        f"# Annotation guide: {lexicon.name} {lexicon.version}",
        "",
        f"Lexicon hash: `{lexicon.hash}`. Frames: {', '.join(lexicon.frame_ids)}.",
        "",
        "## Coding rules",
        "",
    ]
    lines += [f"{k}. {rule}" for k, rule in enumerate(CODING_RULES, start=1)]
    lines += ["", "## The frames", ""]
    for frame in lexicon.frames:
        lines += [f"## {frame.id}: {frame.label}", ""]
        lines += [frame.description or "(no description in the lexicon)", ""]
        lines += [f"Column `{frame.id}`: 1 = the passage presents the topic as {frame.label}.", ""]
    return "\n".join(lines).rstrip() + "\n"


def guide_html(lexicon: Lexicon) -> str:
    """The annotation guide as a self-contained HTML page (the same content as the Markdown)."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Annotation guide: {esc(lexicon.name)}</title>",
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}"
        "code{background:#f3f3f3}</style></head><body>",
        f"<h1>Annotation guide: {esc(lexicon.name)} {esc(lexicon.version)}</h1>",
        f"<p>Lexicon hash: <code>{esc(lexicon.hash)}</code>.</p>",
        "<h2>Coding rules</h2>",
        "<ol>",
        *[f"<li>{esc(rule)}</li>" for rule in CODING_RULES],
        "</ol>",
        "<h2>The frames</h2>",
    ]
    for frame in lexicon.frames:
        parts += [
            f'<h3 id="{esc(frame.id)}"><code>{esc(frame.id)}</code>: {esc(frame.label)}</h3>',
            f"<p>{esc(frame.description or '(no description in the lexicon)')}</p>",
        ]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
