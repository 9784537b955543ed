"""Import coded sheets into one long table of labels, checking every cell.

``LABELS.parquet`` has one row per passage, frame and coder (:data:`LABEL_COLUMNS`):

| column | meaning |
|---|---|
| passage_id, doc_id | the passage coded |
| coder | the coder's id (``adjudicated`` for an adjudication sheet) |
| frame | a frame id of the lexicon |
| label | 1, 0, or missing (the cell was left blank: not coded) |
| sheet | the file the label came from (its name) |
| row | the row in that file (the header is row 1, as a spreadsheet shows it) |
| language, text | the passage's language and text as the sheet (or the corpus) gives them |

Nothing in a sheet is ever evaluated: XLSX files are opened with
``data_only=False`` and a cell holding a formula is an error, not a value.
All problems found (up to a cap) are reported together, each with its file,
row and column, so a coder can fix a sheet in one pass.

An *adjudication sheet* (the ``disagreements.csv`` written by ``framing
agreement``, with its ``adjudicated`` column filled) is recognised by its
``frame`` and ``adjudicated`` columns; its labels get the coder id
``adjudicated`` and take precedence when labels are aggregated.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "ana.csv").write_text(
...     "passage_id,doc_id,text,threat,cooperation,notes,coder\\n"
...     "p1,d1,Police dismantled a cell.,1,0,,ana\\n"
...     "p2,d1,Rabat and Madrid signed a pact.,0,1,,ana\\n", encoding="utf-8")
>>> labels = import_labels([folder / "ana.csv"], frame_ids=["threat", "cooperation"])
>>> for row in labels[["passage_id", "frame", "coder", "label"]].values.tolist():
...     print(*row)
p1 threat ana 1
p1 cooperation ana 0
p2 threat ana 0
p2 cooperation ana 1
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from framing.classify.sheets import LEADING_COLUMNS, TRAILING_COLUMNS
from framing.csv_safety import unescape_cell
from framing.errors import LabelError
from framing.store import read_table, write_table

LABEL_COLUMNS: tuple[str, ...] = (
    "passage_id",
    "doc_id",
    "coder",
    "frame",
    "label",
    "sheet",
    "row",
    "language",
    "text",
)
#: The coder id of adjudicated labels.
ADJUDICATOR = "adjudicated"
#: Sheet columns that are not frames.
META_COLUMNS: frozenset[str] = frozenset(
    {*LEADING_COLUMNS, *TRAILING_COLUMNS, "title", "date", "url"}
)
ADJUDICATION_COLUMNS: frozenset[str] = frozenset({"frame", "adjudicated"})
MAX_PROBLEMS = 50
MAX_SHEET_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One bad cell or row: where it is and what is wrong."""

    path: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.path + (f":{self.row}" if self.row is not None else "")
        if self.column:
            where += f" [{self.column}]"
        return f"{where}: {self.message}"


class LabelValidationError(LabelError):
    """Several problems in coding sheets, all listed in the message (up to a cap)."""

    def __init__(self, problems: Sequence[Problem], cap: int = MAX_PROBLEMS) -> None:
        self.problems = list(problems)
        shown = "\n  ".join(str(p) for p in self.problems[:cap])
        more = len(self.problems) - cap
        tail = f"\n  ... and {more} more" if more > 0 else ""
        first = self.problems[0]
        super().__init__(
            f"{len(self.problems)} problem(s) in the coding sheets:\n  {shown}{tail}",
            path=first.path,
            hint="fix the cells listed and import again",
        )

    def __str__(self) -> str:  # the message already names every file and row
        return f"{self.message} ({self.hint})"


@dataclass
class Sheet:
    """The raw cells of a sheet: its header and ``(row number, {column: value})`` rows."""

    path: Path
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]


# -- reading sheets without evaluating anything -----------------------------------------------


def read_sheet(path: str | Path, problems: list[Problem]) -> Sheet | None:
    """Read a CSV or XLSX sheet's cells as written; formulas are reported, never evaluated."""
    path = Path(path)
    if not path.is_file():
        problems.append(Problem(str(path), None, None, "sheet not found"))
        return None
    if path.stat().st_size > MAX_SHEET_BYTES:
        problems.append(Problem(str(path), None, None, "sheet larger than 200 MB"))
        return None
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path, problems)
    if suffix in (".csv", ".tsv", ".txt"):
        return _read_csv(path, problems)
    problems.append(
        Problem(str(path), None, None, f"unknown sheet type {suffix!r}: use .csv or .xlsx")
    )
    return None


def _read_csv(path: Path, problems: list[Problem]) -> Sheet | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(str(path), None, None, f"not UTF-8 (byte {exc.start}); save the sheet as UTF-8")
        )
        return None
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not records:
        problems.append(Problem(str(path), None, None, "the sheet is empty"))
        return None
    columns = [_header(c) for c in records[0]]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) > len(columns) and any(v.strip() for v in record[len(columns) :]):
            problems.append(Problem(str(path), number, None, "more cells than header columns"))
        rows.append((number, dict(zip(columns, record, strict=False))))
    return Sheet(path, columns, rows)


def _delimiter(text: str) -> str:
    """The delimiter that splits the header row into the most columns (Excel writes ``;`` in
    French locales); the passages' own punctuation cannot mislead it."""
    header = text.split("\n", 1)[0]
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _read_xlsx(path: Path, problems: list[Problem]) -> Sheet | None:
    from openpyxl import load_workbook

    from framing.corpus.archive import check_archive
    from framing.errors import FramingError

    try:
        check_archive(path)  # an .xlsx is a zip: refuse a decompression bomb before opening it
    except FramingError as error:
        problems.append(Problem(str(path), None, None, error.message))
        return None
    try:
        # data_only=False: a formula is read as its text, so it is seen and refused,
        # never replaced by a cached value computed by whoever saved the file.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        problems.append(Problem(str(path), None, None, f"not a readable XLSX file ({exc})"))
        return None
    try:
        ws = workbook["coding"] if "coding" in workbook.sheetnames else workbook.worksheets[0]
        grid = list(ws.iter_rows())
    finally:
        workbook.close()
    if not grid:
        problems.append(Problem(str(path), None, None, "the sheet is empty"))
        return None
    columns = [_header(c.value) for c in grid[0]]
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        record = {}
        for column, cell in zip(columns, cells, strict=False):
            if cell.data_type == "f" or type(cell.value).__name__ in (
                "ArrayFormula",
                "DataTableFormula",
            ):
                problems.append(
                    Problem(
                        str(path),
                        number,
                        column or _letter(cell),
                        f"the cell holds a formula ({str(cell.value)[:40]!r}); formulas are never "
                        "evaluated: type the value (0 or 1) instead",
                    )
                )
                continue
            record[column] = cell.value
        rows.append((number, record))
    return Sheet(path, columns, rows)


def _letter(cell: Any) -> str:
    return getattr(cell, "column_letter", "") or "?"


def _header(value: Any) -> str:
    return "" if value is None else str(unescape_cell(str(value))).strip()


# -- cell values ---------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_label(value: Any) -> int | None:
    """0, 1 or ``None`` (blank) from a cell; ``ValueError`` for anything else.

    >>> [parse_label(v) for v in ("1", " 0 ", 1, 0.0, None, "")]
    [1, 0, 1, 0, None, None]
    """
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            raise ValueError(value) from None
    if number in (0.0, 1.0):
        return int(number)
    raise ValueError(value)


def _text(value: Any) -> str:
    if _is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(unescape_cell(str(value))).strip()


# -- import --------------------------------------------------------------------------------


@dataclass
class _Context:
    frame_ids: list[str] | None
    coder: str | None
    coder_from_filename: bool
    problems: list[Problem]


def import_labels(
    paths: Iterable[str | Path],
    *,
    frame_ids: Sequence[str] | None = None,
    passages: pd.DataFrame | None = None,
    coder: str | None = None,
    coder_from_filename: bool = False,
    max_problems: int = MAX_PROBLEMS,
) -> pd.DataFrame:
    """Read and check coded sheets; the long table of labels (:data:`LABEL_COLUMNS`).

    Parameters
    ----------
    paths:
        CSV or XLSX coding sheets, and adjudication sheets, from any number of coders.
    frame_ids:
        The lexicon's frame ids: a column that is neither one of them nor a
        sheet column is an error. ``None`` takes the first sheet's frame
        columns as the frames.
    passages:
        The corpus passages (``passage_id``, ``doc_id``, ``text``,
        ``language``): unknown passage ids are errors, and ``doc_id``,
        ``text`` and ``language`` are taken from the corpus.
    coder:
        The coder id of sheets with no coder column (or an empty one).
    coder_from_filename:
        Use the file name (without suffix) as the coder id of such sheets.
    max_problems:
        How many problems the error lists (all are counted).

    Raises
    ------
    LabelValidationError
        Listing every bad cell: a formula, a value other than 0/1/blank, an
        unknown frame column, a sheet without coder id, an unknown passage,
        or two rows of one coder for one passage with different labels.
    """
    problems: list[Problem] = []
    ctx = _Context(
        list(frame_ids) if frame_ids is not None else None, coder, coder_from_filename, problems
    )
    records: list[dict[str, Any]] = []
    sheets = [sheet for sheet in (read_sheet(p, problems) for p in paths) if sheet is not None]
    if ctx.frame_ids is None:
        ctx.frame_ids = _frames_from_sheets(sheets)
    for sheet in sheets:
        if _is_adjudication(sheet):
            records += _adjudication_records(sheet, ctx)
        else:
            records += _coding_records(sheet, ctx)
    labels = _to_frame(records)
    labels = _merge_duplicates(labels, problems)
    if passages is not None:
        labels = _check_passages(labels, passages, problems)
    if problems:
        raise LabelValidationError(problems, cap=max_problems)
    return labels.drop(columns="_path").reset_index(drop=True)


def _is_adjudication(sheet: Sheet) -> bool:
    return set(sheet.columns) >= ADJUDICATION_COLUMNS


def _frames_from_sheets(sheets: list[Sheet]) -> list[str]:
    """Without a lexicon: the frame columns of the first coding sheet (else the frames named
    in the adjudication sheets)."""
    for sheet in sheets:
        if not _is_adjudication(sheet):
            return [c for c in sheet.columns if c and c not in META_COLUMNS]
    named = [_text(row.get("frame")) for sheet in sheets for _, row in sheet.rows]
    return [f for f in dict.fromkeys(named) if f]


def _frame_columns(sheet: Sheet, ctx: _Context) -> list[str]:
    assert ctx.frame_ids is not None
    known = set(ctx.frame_ids)
    frames = []
    for index, column in enumerate(sheet.columns):
        if column in META_COLUMNS:
            continue
        if column in known:
            frames.append(column)
        elif column == "" and all(_is_blank(r.get(column)) for _, r in sheet.rows):
            continue  # an unnamed, empty trailing column
        else:
            close = difflib.get_close_matches(column, ctx.frame_ids, n=1, cutoff=0.6)
            hint = (
                f"did you mean {close[0]!r}?"
                if close
                else f"known frames: {', '.join(ctx.frame_ids)}"
            )
            name = column or f"column {index + 1} (no header)"
            ctx.problems.append(
                Problem(
                    str(sheet.path),
                    1,
                    name,
                    f"unknown frame column {name!r} ({hint}); put remarks in the notes column",
                )
            )
    if "passage_id" not in sheet.columns:
        ctx.problems.append(
            Problem(str(sheet.path), 1, "passage_id", "the sheet has no passage_id column")
        )
    return frames


def _sheet_coder(sheet: Sheet, ctx: _Context) -> str | None:
    """The coder id for rows with an empty coder cell, or ``None`` (each row must name one)."""
    named = {_text(r.get("coder")) for _, r in sheet.rows} - {""}
    if len(named) == 1:
        return named.pop()
    if named:
        return None
    if ctx.coder:
        return ctx.coder
    if ctx.coder_from_filename:
        return sheet.path.stem
    ctx.problems.append(
        Problem(
            str(sheet.path),
            None,
            "coder",
            f"sheet {sheet.path.name} has no coder id: fill its coder column, or pass "
            "--coder NAME (one coder) or --coder-from-filename",
        )
    )
    return None


def _coding_records(sheet: Sheet, ctx: _Context) -> list[dict[str, Any]]:
    frames = _frame_columns(sheet, ctx)
    if "passage_id" not in sheet.columns:
        return []
    default_coder = _sheet_coder(sheet, ctx)
    no_coder_reported = default_coder is None and not any(
        p.path == str(sheet.path) and p.column == "coder" for p in ctx.problems
    )
    records = []
    for number, row in sheet.rows:
        if all(_is_blank(v) for v in row.values()):
            continue
        passage_id = _text(row.get("passage_id"))
        if not passage_id:
            ctx.problems.append(
                Problem(str(sheet.path), number, "passage_id", "the row has no passage_id")
            )
            continue
        coder = _text(row.get("coder")) or default_coder
        if coder is None:
            if no_coder_reported:
                ctx.problems.append(
                    Problem(str(sheet.path), number, "coder", "the row has no coder id")
                )
            continue
        if coder == ADJUDICATOR:
            ctx.problems.append(
                Problem(
                    str(sheet.path),
                    number,
                    "coder",
                    f"{ADJUDICATOR!r} is reserved for adjudication sheets; use a coder's own id",
                )
            )
            continue
        base = _base_record(sheet, number, row, passage_id, coder)
        for frame in frames:
            label = _label(row.get(frame), sheet, number, frame, ctx)
            if label is not _BAD:
                records.append({**base, "frame": frame, "label": label})
    return records


def _adjudication_records(sheet: Sheet, ctx: _Context) -> list[dict[str, Any]]:
    assert ctx.frame_ids is not None
    records = []
    for number, row in sheet.rows:
        value = row.get("adjudicated")
        if _is_blank(value):
            continue  # not adjudicated (yet)
        passage_id = _text(row.get("passage_id"))
        frame = _text(row.get("frame"))
        if not passage_id:
            ctx.problems.append(
                Problem(str(sheet.path), number, "passage_id", "the row has no passage_id")
            )
            continue
        if frame not in ctx.frame_ids:
            ctx.problems.append(
                Problem(
                    str(sheet.path),
                    number,
                    "frame",
                    f"unknown frame {frame!r} (known frames: {', '.join(ctx.frame_ids)})",
                )
            )
            continue
        label = _label(value, sheet, number, "adjudicated", ctx)
        if label is not _BAD:
            base = _base_record(sheet, number, row, passage_id, ADJUDICATOR)
            records.append({**base, "frame": frame, "label": label})
    return records


_BAD = object()


def _label(value: Any, sheet: Sheet, number: int, column: str, ctx: _Context) -> Any:
    try:
        return parse_label(value)
    except ValueError:
        ctx.problems.append(
            Problem(str(sheet.path), number, column, f"label {value!r} is not 0, 1 or blank")
        )
        return _BAD


def _base_record(sheet: Sheet, number: int, row: dict, passage_id: str, coder: str) -> dict:
    return {
        "passage_id": passage_id,
        "doc_id": _text(row.get("doc_id")),
        "coder": coder,
        "sheet": sheet.path.name,
        "row": number,
        "language": _text(row.get("language")),
        "text": _text(row.get("text")),
        "_path": str(sheet.path),
    }


def _to_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    columns = [*LABEL_COLUMNS, "_path"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["label"] = pd.array(frame["label"].tolist(), dtype="Int8")
    frame["row"] = frame["row"].astype("int64")
    return frame


def _merge_duplicates(labels: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """One label per passage, frame and coder: repeated rows agree (a blank fills from the other)
    or are reported as a conflict naming both rows."""
    key = ["passage_id", "frame", "coder"]
    repeated = labels.duplicated(key, keep=False)
    if not repeated.any():
        return labels
    keep = []
    conflicts: dict[tuple, tuple] = {}
    for _, group in labels[repeated].groupby(key, sort=False):
        coded = group[group["label"].notna()]
        values = set(coded["label"].astype(int))
        if len(values) > 1:
            first, second = coded.iloc[0], coded[coded["label"] != coded.iloc[0]["label"]].iloc[0]
            pair = ((first["_path"], first["row"]), (second["_path"], second["row"]))
            conflicts.setdefault(pair, (first, second, []))[2].append(first["frame"])
            continue
        keep.append(coded.index[0] if len(coded) else group.index[0])
    for (a, b), (first, _second, frames) in conflicts.items():
        problems.append(
            Problem(
                a[0],
                int(a[1]),
                None,
                f"coder {first['coder']!r} coded passage {first['passage_id']!r} twice with "
                f"different labels ({', '.join(frames)}): here and at {b[0]}:{b[1]}; keep one row",
            )
        )
    return labels[~repeated | labels.index.isin(keep)]


def _check_passages(
    labels: pd.DataFrame, passages: pd.DataFrame, problems: list[Problem]
) -> pd.DataFrame:
    known = passages.drop_duplicates("passage_id").set_index("passage_id")
    unknown = ~labels["passage_id"].isin(known.index)
    for (sheet, row, passage_id), _ in labels[unknown].groupby(
        ["_path", "row", "passage_id"], sort=False
    ):
        problems.append(
            Problem(
                sheet, int(row), "passage_id", f"unknown passage {passage_id!r}: not in the corpus"
            )
        )
    found = labels[~unknown]
    corpus_doc = found["passage_id"].map(known["doc_id"])
    wrong = (found["doc_id"] != "") & (found["doc_id"] != corpus_doc)
    for (sheet, row, doc_id), group in found[wrong].groupby(["_path", "row", "doc_id"], sort=False):
        problems.append(
            Problem(
                sheet,
                int(row),
                "doc_id",
                f"doc_id {doc_id!r} does not match the corpus ({corpus_doc[group.index[0]]!r})",
            )
        )
    labels = labels.copy()
    labels.loc[~unknown, "doc_id"] = corpus_doc
    for column in ("text", "language"):
        if column in known.columns:
            labels.loc[~unknown, column] = found["passage_id"].map(known[column]).astype(str)
    return labels


# -- the labels table on disk ----------------------------------------------------------------


def write_labels(
    labels: pd.DataFrame, path: str | Path, metadata: dict[str, Any] | None = None
) -> Path:
    """Write LABELS.parquet (columns :data:`LABEL_COLUMNS`), with provenance metadata."""
    check_labels(labels, path)
    return write_table(labels[list(LABEL_COLUMNS)], path, metadata)


def read_labels(path: str | Path) -> pd.DataFrame:
    """Read and check a LABELS.parquet written by :func:`write_labels`."""
    labels = read_table(path)
    check_labels(labels, path)
    labels["label"] = labels["label"].astype("Int8")
    for column in ("language", "text"):
        if column not in labels.columns:
            labels[column] = ""
    return labels


def check_labels(labels: pd.DataFrame, path: str | Path | None = None) -> None:
    """Raise :class:`LabelError` if the table lacks a column or holds a label other than 0/1."""
    required = ("passage_id", "doc_id", "coder", "frame", "label")
    missing = [c for c in required if c not in labels.columns]
    if missing:
        raise LabelError(
            f"the labels table lacks the columns {', '.join(missing)}",
            path=path,
            hint="write it with `framing annotate import`",
        )
    values = pd.to_numeric(labels["label"], errors="coerce")
    bad = labels["label"].notna() & ~values.isin([0, 1])
    if bad.any():
        index = int(bad.to_numpy().nonzero()[0][0])
        raise LabelError(
            f"label {labels['label'].iloc[index]!r} is not 0, 1 or missing",
            path=path,
            line=index + 1,
            field="label",
        )
