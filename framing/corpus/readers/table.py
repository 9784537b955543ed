"""CSV and TSV exports: one article per row.

The delimiter (comma, semicolon or tab) is found from the content; quoted
cells may span lines. Columns are found with a
:class:`~framing.corpus.readers.columns.ColumnMap` (generic, Media Cloud,
Factiva and LexisNexis exports are recognised). Rows are numbered from 1,
header excluded (``export.csv#row 3``). Cells are only ever read as text.

>>> text = "title;text;source\\nVisite à Riyad;Premier paragraphe.;Le Matin\\n"
>>> document = CsvReader().read(text, "export.csv").documents[0]
>>> document.title, document.outlet, document.paragraphs
('Visite à Riyad', 'Le Matin', ['Premier paragraphe.'])
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from framing.corpus.readers.columns import (
    ColumnMap,
    detect_columns,
    document_from_record,
    resolve_columns,
)
from framing.corpus.readers.reader import ReadResult, SkippedInput
from framing.errors import InputError

DELIMITERS = (",", ";", "\t")
_SAMPLE = 65_536
_MAX_HEADER_CELL = 64
_TABLE_SUFFIXES = (".csv", ".tsv", ".tab")

# Article text can exceed the csv module's default cell limit of 128 KiB.
csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))


def sniff_delimiter(text: str, *, single_column: bool = False) -> str | None:
    """The delimiter giving a header of short names and rows of the same width, or None.

    With ``single_column`` a one-column table (a header of one short name) is
    accepted, with ``,`` as its delimiter.

    >>> sniff_delimiter("title;date\\nVisite;2026-02-11\\n")
    ';'
    >>> sniff_delimiter("Rabat, le 11 février - Le directeur a été reçu à Riyad.\\n") is None
    True
    """
    sample = text[:_SAMPLE]
    if sample.lstrip()[:1] in ("<", "{", "["):
        return None
    truncated = len(text) > len(sample)
    best: tuple[int, str] | None = None
    for delimiter in DELIMITERS:
        width = _consistent_width(sample, delimiter, truncated)
        if width and width >= 2 and (best is None or width > best[0]):
            best = (width, delimiter)
    if best:
        return best[1]
    if single_column and _consistent_width(sample, ",", truncated) == 1:
        return ","
    return None


def _consistent_width(sample: str, delimiter: str, truncated: bool) -> int | None:
    if delimiter not in sample and delimiter != ",":
        return None  # one column: never the best delimiter (a single column is tried with ",")
    try:
        rows = _rows(sample, delimiter, limit=21, header=_names_columns)
    except csv.Error:
        return None
    rows = [row for row in rows if row]
    if truncated and len(rows) > 1:
        rows = rows[:-1]  # the sample may end inside the last record
    if len(rows) < 2 or not _names_columns(rows[0]):
        return None
    header, data = rows[0], rows[1:]
    if sum(len(row) == len(header) for row in data) / len(data) < 0.8:
        return None
    return len(header)


def _names_columns(header: list[str]) -> bool:
    """Short cells, at most one empty (one unnamed index column is common)."""
    if any(len(cell.strip()) > _MAX_HEADER_CELL for cell in header):
        return False
    return sum(not cell.strip() for cell in header) <= 1


def _rows(
    text: str,
    delimiter: str,
    limit: int | None = None,
    header: Callable[[list[str]], bool] | None = None,
) -> list[list[str]]:
    """The first ``limit`` rows (empty ones included); with ``header``, none at all
    when the first non-empty row fails it (prose is not parsed further)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    seen_header = header is None
    for row in reader:
        if not seen_header and row:
            if not header(row):
                return []
            seen_header = True
        rows.append(row)
        if limit is not None and len(rows) >= limit:
            break
    return rows


def header_delimiter(text: str) -> str | None:
    """The delimiter that splits the first non-empty line into two or more short column names.

    Used for ``.csv``/``.tsv`` files whose rows do not parse evenly (an
    unclosed quote, say), so that they are read, and their problems reported,
    as tables rather than as prose.

    >>> header_delimiter('title;text;outlet\\nVisite;"Le directeur\\n')
    ';'
    """
    first = next((line for line in text[:_SAMPLE].split("\n") if line.strip()), "")
    best: tuple[int, str] | None = None
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([first], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        short = all(len(cell.strip()) <= _MAX_HEADER_CELL for cell in cells)
        named = len(cells) >= 2 and short and sum(not cell.strip() for cell in cells) <= 1
        if named and (best is None or len(cells) > best[0]):
            best = (len(cells), delimiter)
    return best[1] if best else None


def header_names(cells: list[str]) -> list[str]:
    """Column names made unique and non-empty (``column_3``, ``title_2``)."""
    names: list[str] = []
    for index, cell in enumerate(cells, start=1):
        name = cell.strip() or f"column_{index}"
        base, count = name, 1
        while name in names:
            count += 1
            name = f"{base}_{count}"
        names.append(name)
    return names


class CsvReader:
    """One article per row of a CSV or TSV file with a header row."""

    format = "csv"

    def sniff(self, text: str, path: Path | None) -> bool:
        """A header of short names, then rows of the same width.

        Two short comma-separated lines could also open a plain text article,
        so the table must also have a ``.csv``/``.tsv`` name, a column name
        that :func:`detect_columns` knows, or at least three columns and rows.
        """
        table_suffix = path is not None and path.suffix.lower() in _TABLE_SUFFIXES
        delimiter = sniff_delimiter(text, single_column=table_suffix)
        if delimiter is None:
            # A table whose rows do not parse evenly is still a table: read() reports why.
            return table_suffix and header_delimiter(text) is not None
        if table_suffix:
            return True
        rows = [row for row in _rows(text[:_SAMPLE], delimiter, limit=4) if row]
        known = detect_columns(rows[0]) != ColumnMap()
        return known or (len(rows[0]) >= 3 and len(rows) >= 4)

    def read(
        self, text: str, source: str, *, column_map: ColumnMap | None = None, **options: Any
    ) -> ReadResult:
        """Read every data row; rows without text are skipped with their number.

        Where the quoting breaks (a quote never closed, or text after a closing
        quote), the rows from there to the end are skipped with the line, and
        the rows before it are kept.
        """
        delimiter = sniff_delimiter(text, single_column=True) or header_delimiter(text) or ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        result = ReadResult()
        try:
            header = next((row for row in reader if any(cell.strip() for cell in row)), None)
            if header is None:
                raise InputError("the CSV file has no header row", path=source)
            names = header_names(header)
            mapping = resolve_columns(names, column_map, source=source)
            rows: list[tuple[int, int, list[str]]] = []
            end = reader.line_num
            for number, row in enumerate(reader, start=1):
                rows.append((number, end + 1, row))
                end = reader.line_num
            broken = quoting_break(text, delimiter) if '"' in text else None
            for number, first_line, row in rows:
                where = f"{source}#row {number}"
                if broken is not None and first_line >= broken[0]:
                    result.skipped.append(_broken_rows(where, broken, end))
                    break
                if any(cell.strip() for cell in row):
                    _add_row(result, names, row, mapping, where)
        except csv.Error as error:
            raise InputError(
                f"cannot parse the CSV: {error}",
                path=source,
                line=reader.line_num,
                hint="check the quoting around that line, or re-export the table",
            ) from None
        return result


def quoting_break(text: str, delimiter: str) -> tuple[int, str] | None:
    """(first line of the record, problem) where the table's quoting breaks, else None.

    The csv module, read leniently, silently recovers from a quote that is
    never closed by pairing it with the next quote in the file: every cell
    after it shifts (text in the title column, rows merged), and the last
    cell runs to the end of the file. Read strictly, it stops at the record
    where this happens.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error as error:
        return start, str(error)
    return None


def _broken_rows(where: str, broken: tuple[int, str], last_line: int) -> SkippedInput:
    line, problem = broken
    lines = f"lines {line}-{last_line} were" if last_line > line else f"line {line} was"
    return SkippedInput(
        where,
        f"the quoting breaks in the row starting at line {line} ({problem}): an unclosed "
        f"or stray quote shifts every cell after it, so {lines} not read (close the "
        'quote; a quote inside a quoted cell is written twice, ""), then read the file again',
    )


def _add_row(
    result: ReadResult, names: list[str], row: list[str], mapping: ColumnMap, where: str
) -> None:
    record: dict[str, Any] = dict(zip(names, row, strict=False))
    if len(row) > len(names):
        record["extra_cells"] = [cell for cell in row[len(names) :] if cell.strip()]
    read = document_from_record(record, mapping, source=where, source_format="csv")
    if isinstance(read, SkippedInput):
        result.skipped.append(read)
    else:
        result.documents.append(read)
