"""The manifest: a CSV giving, per input file, what the file itself does not say.

Columns: ``file`` (required; relative to the manifest's folder, or absolute),
then any of ``outlet``, ``language`` (ISO 639-1), ``date``, ``url``,
``title``, ``via_outlet``. Any other column (``stance``, ``event``, ...) is
kept as document metadata. Column names are compared ignoring case and
surrounding spaces; a name that looks like a misspelt known column
(``languge``) is an error rather than silently becoming metadata.

>>> manifest = Manifest.read("corpus/manifest.csv")  # doctest: +SKIP
>>> manifest.lookup("corpus/articles/001.txt")  # doctest: +SKIP
{'outlet': 'Le Matin', 'language': 'fr', 'event': 'riyadh_visit'}
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from framing.corpus.decode import decode_bytes
from framing.corpus.inputs import PathResolver
from framing.corpus.iso639 import ISO_639_1, to_iso639_1
from framing.corpus.readers.reader import SkippedInput
from framing.corpus.readers.table import header_names, quoting_break, sniff_delimiter
from framing.csv_safety import unescape_cell
from framing.errors import ManifestError, ResourceLimitError
from framing.limits import DEFAULT_LIMITS

#: The columns the pipeline uses; ``file`` is required.
KNOWN_COLUMNS: tuple[str, ...] = (
    "file",
    "outlet",
    "language",
    "date",
    "url",
    "title",
    "via_outlet",
)
#: Other spellings accepted for known columns.
ALIASES: dict[str, str] = {
    "path": "file",
    "filename": "file",
    "file_name": "file",
    "lang": "language",
    "via": "via_outlet",
}


@dataclass(frozen=True)
class ManifestRow:
    """One row: the file it names (resolved) and its non-empty values."""

    number: int  # 1-based data row, header excluded
    file: str  # as written in the manifest
    resolved: str  # the file's path, resolved against the manifest's folder
    values: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        """The resolved path (made when asked for: a manifest may name a million files)."""
        return Path(self.resolved)


@dataclass
class Manifest:
    """Per-file metadata read from a manifest CSV."""

    path: Path
    rows: list[ManifestRow]
    columns: list[str]
    _by_path: dict[str, ManifestRow] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # By the resolved path's text: a string hashes faster than a Path.
        self._by_path = {row.resolved: row for row in self.rows}

    @classmethod
    def read(cls, path: str | Path, *, max_bytes: int = DEFAULT_LIMITS.max_file_bytes) -> Manifest:
        """Read and validate a manifest CSV.

        Raises :class:`~framing.errors.ManifestError` for a missing ``file``
        column, a misspelt known column, a language that is not an ISO 639-1
        code, a row without a file, or two rows giving different values for
        the same file; :class:`~framing.errors.ResourceLimitError` for a file
        over ``max_bytes``. Cells are text: a formula (``=HYPERLINK(...)``) is
        kept as written, never evaluated. The ``'`` that framing puts before such
        a cell when it writes a manifest (:mod:`framing.csv_safety`) is removed.
        """
        path = Path(path)
        if not path.is_file():
            raise ManifestError("manifest not found", path=path, hint="check the --manifest path")
        size = path.stat().st_size
        if size > max_bytes:
            raise ResourceLimitError(
                f"the manifest is {size:,} bytes, over the limit of {max_bytes:,}",
                path=path,
                hint="a manifest holds one short row per file; check that this is the manifest",
            )
        text = decode_bytes(path.read_bytes(), path).text
        delimiter = sniff_delimiter(text, single_column=True) or ","
        broken = quoting_break(text, delimiter) if '"' in text else None
        if broken is not None:
            raise ManifestError(
                f"the quoting breaks in the row starting at line {broken[0]} ({broken[1]})",
                path=path,
                line=broken[0],
                hint='close the quote; a quote inside a quoted cell is written twice: ""',
            )
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        while records and not any(cell.strip() for cell in records[0]):
            records.pop(0)
        if not records:
            raise ManifestError(
                "the manifest is empty", path=path, hint="add a header: file,outlet,language,date"
            )
        columns = [_column_name(name, path) for name in header_names(records[0])]
        for name in KNOWN_COLUMNS:
            if columns.count(name) > 1:
                raise ManifestError(
                    f"two columns mean {name!r} (columns found: {', '.join(records[0])})",
                    path=path,
                    field=name,
                    hint="keep one of them",
                )
        if "file" not in columns:
            raise ManifestError(
                f"the manifest has no 'file' column (columns found: {', '.join(records[0])})",
                path=path,
                hint="name the column holding the article paths 'file'",
            )
        rows = _rows(records[1:], columns, path)
        return cls(path=path, rows=rows, columns=columns)

    def lookup(self, path: str | Path) -> dict[str, str] | None:
        """The manifest's non-empty values for a file (matched by resolved path), or None."""
        text = os.fspath(path)
        # A path equal to a row's resolved path is that file: resolving (slow) is not needed.
        row = self._by_path.get(text) if os.path.isabs(text) else None
        row = row or self._by_path.get(str(Path(text).resolve()))
        return dict(row.values) if row else None

    def files(self) -> list[Path]:
        """The files the manifest names that exist, in row order."""
        return [row.path for row in self.rows if os.path.isfile(row.resolved)]

    def missing_files(self) -> list[SkippedInput]:
        """One entry per row naming a file that does not exist (``manifest.csv#row 4``)."""
        missing = []
        for row in self.rows:
            if os.path.isfile(row.resolved):
                continue
            what = "is a folder, not a file" if row.path.is_dir() else "does not exist"
            missing.append(
                SkippedInput(
                    f"{self.path}#row {row.number}",
                    f"the manifest names {row.file!r}, which {what} (looked for {row.path})",
                )
            )
        return missing


def _column_name(raw: str, path: Path) -> str:
    raw = _text(raw)
    name = "_".join(raw.lower().replace("-", " ").split())
    name = ALIASES.get(name, name)
    if name in KNOWN_COLUMNS:
        return name
    close = difflib.get_close_matches(name, [*KNOWN_COLUMNS, *ALIASES], n=1, cutoff=0.8)
    if close:
        expected = ALIASES.get(close[0], close[0])
        raise ManifestError(
            f"unknown column {raw!r}: did you mean {expected!r}?",
            path=path,
            field=raw,
            hint=f"known columns are {', '.join(KNOWN_COLUMNS)}; others are kept as metadata",
        )
    return name


def _rows(records: list[list[str]], columns: list[str], path: Path) -> list[ManifestRow]:
    rows: list[ManifestRow] = []
    seen: dict[str, ManifestRow] = {}
    resolver = PathResolver()
    for number, record in enumerate(records, start=1):
        if not any(cell.strip() for cell in record):
            continue
        texts = (_text(cell) for cell in record)
        values = {column: text for column, text in zip(columns, texts, strict=False) if text}
        file = values.pop("file", "")
        if not file:
            raise ManifestError(
                f"row {number} has no file",
                path=path,
                field="file",
                hint="fill in or delete the row",
            )
        if "language" in values:
            values["language"] = _language(values["language"], number, path)
        resolved = _resolve(file, path, resolver)
        earlier = seen.get(resolved)
        if earlier is None:
            row = ManifestRow(number, file, resolved, values)
            seen[resolved] = row
            rows.append(row)
        elif earlier.values != values:
            raise ManifestError(
                f"rows {earlier.number} and {number} both describe {file!r} with different values",
                path=path,
                field="file",
                hint="keep one row per file",
            )
    return rows


def _text(cell: str) -> str:
    """A cell's text: without surrounding spaces, nor the ``'`` that escaped a formula."""
    return str(unescape_cell(cell.strip())).strip()


def _language(value: str, number: int, path: Path) -> str:
    code = value.strip().lower()
    if code in ISO_639_1:
        return code
    suggestion = to_iso639_1(value)
    guess = f"did you mean {suggestion!r}? " if suggestion else ""
    raise ManifestError(
        f"row {number}: language {value!r} is not an ISO 639-1 code",
        path=path,
        field="language",
        hint=f"{guess}use a two-letter code such as en, fr or ar",
    )


def _resolve(file: str, manifest: Path, resolver: PathResolver | None = None) -> str:
    """The resolved path of a row's file, as text (a manifest may name a million files)."""
    candidate = os.path.expanduser(file)
    if not os.path.isabs(candidate):
        candidate = os.path.join(manifest.parent, candidate)
    return (resolver or PathResolver()).resolve_text(candidate)
