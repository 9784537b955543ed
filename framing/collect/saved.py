"""What a collection leaves in RAW_DIR: raw files, never overwritten, and ``manifest.csv``.

:class:`RawStore` writes each item's bytes atomically under RAW_DIR. A file
that already exists is never replaced: the same bytes count as already
present; different bytes are kept both ways, the new version under a
suffixed name (``1234-2.json``).

:class:`CollectedManifest` keeps ``RAW_DIR/manifest.csv`` in the shape
``framing ingest --manifest`` reads: ``file`` (relative to RAW_DIR), then
``outlet, language, date, url, title``, then any extra columns (kept by
ingestion as document metadata). Rows already in the file are kept as they
are, edits included. Titles are scraped text: a cell a spreadsheet would run
as a formula (``=...``, ``-...``, ``@...``) is written with a leading ``'``
(:mod:`framing.csv_safety`), which this class and ``framing ingest --manifest``
remove on reading.

>>> import tempfile
>>> store = RawStore(tempfile.mkdtemp())
>>> store.save("html/example.ma/a.html", b"<p>one</p>").status
'saved'
>>> store.save("html/example.ma/a.html", b"<p>one</p>").status
'already_present'
>>> result = store.save("html/example.ma/a.html", b"<p>two</p>")
>>> result.status, result.file
('kept_both', 'html/example.ma/a-2.html')
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from framing.csv_safety import escape_cell, unescape_cell
from framing.errors import CollectError
from framing.store import atomic_path, write_text_atomic

MANIFEST_NAME = "manifest.csv"
#: The columns ingestion knows, written first; extra columns follow in the order first seen.
MANIFEST_COLUMNS = ("file", "outlet", "language", "date", "url", "title")
_MAX_VERSIONS = 1000

SaveStatus = Literal["saved", "already_present", "kept_both"]


@dataclass(frozen=True)
class SaveResult:
    """Where an item ended up.

    Attributes
    ----------
    file:
        The file holding the item, relative to RAW_DIR (POSIX separators).
    status:
        ``saved`` (new file), ``already_present`` (same bytes found) or
        ``kept_both`` (a different file had the name: this one is suffixed).
    existing:
        With ``kept_both``: the file that was there first.
    """

    file: str
    status: SaveStatus
    existing: str = ""


class RawStore:
    """Writes raw items under a root folder without ever overwriting one.

    Parameters
    ----------
    root:
        RAW_DIR.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def save(self, relative: str, data: bytes) -> SaveResult:
        """Write ``data`` at ``root/relative``, or find it there, or keep both versions."""
        wanted = PurePosixPath(relative)
        if wanted.is_absolute() or ".." in wanted.parts:
            raise ValueError(f"not a path inside the collection folder: {relative}")
        for version in range(1, _MAX_VERSIONS + 1):
            candidate = _versioned(wanted, version)
            path = self.root / candidate
            if not path.exists():
                with atomic_path(path) as tmp:
                    tmp.write_bytes(data)
                if version == 1:
                    return SaveResult(str(candidate), "saved")
                return SaveResult(str(candidate), "kept_both", existing=str(wanted))
            if path.is_file() and path.read_bytes() == data:
                return SaveResult(str(candidate), "already_present")
        raise CollectError(
            f"{_MAX_VERSIONS} different versions of this item are already saved",
            path=self.root / relative,
            hint="collect into a new folder",
        )


def _versioned(path: PurePosixPath, version: int) -> PurePosixPath:
    if version == 1:
        return path
    return path.with_name(f"{path.stem}-{version}{path.suffix}")


class CollectedManifest:
    """``RAW_DIR/manifest.csv``: one row per saved file, rows added, never changed.

    Parameters
    ----------
    path:
        The manifest file; read if it exists.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.columns: list[str] = list(MANIFEST_COLUMNS)
        self.rows: dict[str, dict[str, str]] = {}
        self._changed = False
        if self.path.exists():
            self._read()

    def _read(self) -> None:
        text = self.path.read_text(encoding="utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if reader.fieldnames is None:
            return
        header = [_read_cell(name.strip()) for name in reader.fieldnames]
        if "file" not in header:
            raise CollectError(
                "the folder already has a manifest without a 'file' column",
                path=self.path,
                hint="collect into another folder, or rename that manifest",
            )
        self.columns = [*MANIFEST_COLUMNS, *(c for c in header if c not in MANIFEST_COLUMNS)]
        for record in reader:
            row = {_read_cell(k.strip()): _read_cell(v or "") for k, v in record.items() if k}
            if row.get("file"):
                self.rows[row["file"]] = row

    def has(self, file: str) -> bool:
        """Whether ``file`` has a row."""
        return file in self.rows

    def add(self, row: dict[str, str]) -> None:
        """Add a row for ``row["file"]`` unless that file has one already."""
        file = row["file"]
        if file in self.rows:
            return
        clean = {key: _cell(value) for key, value in row.items() if _cell(value)}
        for key in sorted(clean):
            if key not in self.columns:
                self.columns.append(key)
        self.rows[file] = clean
        self._changed = True

    def write(self) -> None:
        """Write the manifest atomically (only when rows were added)."""
        if not self._changed:
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([escape_cell(column) for column in self.columns])
        for row in self.rows.values():
            writer.writerow([escape_cell(row.get(column, "")) for column in self.columns])
        write_text_atomic(self.path, buffer.getvalue())
        self._changed = False


def _read_cell(text: str) -> str:
    return str(unescape_cell(text))


def _cell(value: object) -> str:
    """A value as one CSV cell: text on one line."""
    if value is None:
        return ""
    return " ".join(str(value).split())
