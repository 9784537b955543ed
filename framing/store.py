"""Parquet tables written atomically, with provenance in the file's metadata.

Every table the toolkit writes carries, under the ``framing`` key of the
Parquet schema metadata, a JSON object with the toolkit version and whatever
the producing stage records (input hashes, lexicon hash, thresholds, ...).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from framing.errors import CorpusError

METADATA_KEY = b"framing"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def toolkit_version() -> str:
    from framing import __version__

    return __version__


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` only on success.

    A crash or interruption leaves the previous file (or none), never a
    half-written one that a later step would read as whole.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600; give the file the mode a plain open() would.
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write a text file atomically (UTF-8)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_json_atomic(path: str | Path, obj: Any) -> Path:
    """Write JSON atomically, UTF-8, keys in a stable order."""
    return write_text_atomic(path, json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True))


def write_table(
    df: pd.DataFrame,
    path: str | Path,
    metadata: dict[str, Any] | None = None,
    *,
    row_group_size: int | None = None,
) -> Path:
    """Write ``df`` to Parquet atomically, recording ``metadata`` and the toolkit version.

    ``row_group_size`` bounds the rows per row group, so that the table can be
    read back in batches (:func:`iter_batches`) without holding it all.
    """
    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.replace_schema_metadata(_schema_metadata(table.schema, metadata))
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, row_group_size=row_group_size)
    return Path(path)


def _schema_metadata(schema: pa.Schema, metadata: dict[str, Any] | None) -> dict[bytes, bytes]:
    record = {"toolkit_version": toolkit_version(), **(metadata or {})}
    schema_meta = dict(schema.metadata or {})
    schema_meta[METADATA_KEY] = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
    return schema_meta


def write_batches(
    path: str | Path,
    schema: pa.Schema,
    tables: Iterable[pa.Table],
    metadata: dict[str, Any] | None = None,
) -> Path:
    """Write ``tables`` one after the other into one Parquet file, atomically.

    Each table becomes one row group, so memory holds one table at a time
    whatever the size of the whole; the same tables give the same bytes.
    Dictionary-typed columns in ``schema`` are written as Parquet dictionary
    pages directly (no encoding pass) and read back as plain strings.
    ``metadata`` is recorded as by :func:`write_table`. The file appears at
    ``path`` only when every table is written.

    Examples
    --------
    >>> schema = pa.schema([("n", pa.int64())])
    >>> parts = (pa.table({"n": [i, i + 1]}, schema=schema) for i in (0, 2))
    >>> path = write_batches("/tmp/framing-doctest.parquet", schema, parts, {"stage": "demo"})
    >>> read_table(path)["n"].tolist(), read_metadata(path)["stage"]
    ([0, 1, 2, 3], 'demo')
    """
    with TableWriter(path, schema, metadata) as writer:
        for table in tables:
            writer.write(table)
    return Path(path)


class TableWriter:
    """Append Arrow tables to one Parquet file, atomically; for tables larger than memory.

    With ``row_group_size``, rows are regrouped into row groups of exactly
    that many rows (the last one shorter), so the bytes do not depend on how
    the rows arrived; without it, each table written is one row group.
    Metadata known only at the end is given to :meth:`close`. Used as a
    context manager, the file appears at ``path`` on success and nothing is
    left on error. ``scratch=True``: a temporary file, written without
    compression or dictionaries (faster to write and read back).

    Examples
    --------
    >>> schema = pa.schema([("n", pa.int64())])
    >>> with TableWriter("/tmp/framing-doctest.parquet", schema, row_group_size=3) as writer:
    ...     for i in range(4):
    ...         writer.write(pa.table({"n": [i, i]}, schema=schema))
    ...     writer.metadata = {"rows": writer.rows}
    >>> pq.ParquetFile("/tmp/framing-doctest.parquet").metadata.num_row_groups
    3
    >>> read_metadata("/tmp/framing-doctest.parquet")["rows"]
    8
    """

    def __init__(
        self,
        path: str | Path,
        schema: pa.Schema,
        metadata: dict[str, Any] | None = None,
        *,
        row_group_size: int | None = None,
        scratch: bool = False,
    ) -> None:
        self.path = Path(path)
        self.schema = schema.remove_metadata()
        self.metadata = metadata
        self.row_group_size = row_group_size
        self.scratch = scratch
        self.rows = 0
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._atomic = atomic_path(self.path)
        self._writer: pq.ParquetWriter | None = None

    def __enter__(self) -> TableWriter:
        tmp = self._atomic.__enter__()
        # Dictionary columns are how a file is encoded, not what its readers get: without
        # the stored Arrow schema they read back as plain strings.
        encoded = any(pa.types.is_dictionary(f.type) for f in self.schema)
        # A scratch file is read once, soon, by this program: not worth compressing.
        packing = {"compression": "none", "use_dictionary": False} if self.scratch else {}
        self._writer = pq.ParquetWriter(
            tmp,
            self.schema,
            store_schema=not encoded,
            write_statistics=_filterable_columns(self.schema),
            **packing,
        )
        return self

    def write(self, table: pa.Table) -> None:
        """Append ``table`` (its columns in the schema's order and types)."""
        if not table.num_rows:
            return
        table = table.select(self.schema.names).cast(self.schema)
        self.rows += table.num_rows
        if self.row_group_size is None:
            self._writer.write_table(table.combine_chunks(), row_group_size=table.num_rows)
            return
        self._pending.append(table)
        self._pending_rows += table.num_rows
        while self._pending_rows >= self.row_group_size:
            self._flush(self.row_group_size)

    def _flush(self, rows: int) -> None:
        pending = pa.concat_tables(self._pending)
        # One chunk per column: pages are cut by the writer, not by how the rows arrived
        # (pieces from 1 or N processes), so the bytes are the same.
        self._writer.write_table(pending.slice(0, rows).combine_chunks(), row_group_size=rows)
        rest = pending.slice(rows)
        self._pending, self._pending_rows = [rest] if rest.num_rows else [], rest.num_rows

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                if self._pending_rows:
                    self._flush(self._pending_rows)
                record = _schema_metadata(pa.schema([]), self.metadata)[METADATA_KEY]
                self._writer.add_key_value_metadata({METADATA_KEY: record})
            self._writer.close()
        finally:
            self._atomic.__exit__(kind, error, trace)


def _filterable_columns(schema: pa.Schema) -> list[str]:
    """The columns that get min/max statistics: all but the strings (plain or dictionary).

    A string column's statistics took a fifth of the time of writing the scores (ids,
    texts, JSON), and with rows in corpus order its row groups all span the same
    range of labels, so a query could skip none of them.
    """
    strings = (pa.types.is_dictionary, pa.types.is_string, pa.types.is_large_string)
    return [f.name for f in schema if not any(is_kind(f.type) for is_kind in strings)]


def read_table(path: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a Parquet table written by :func:`write_table`."""
    path = Path(path)
    if not path.exists():
        raise CorpusError("table not found", path=path, hint="run the stage that writes it first")
    try:
        return pq.read_table(path, columns=columns).to_pandas()
    except (pa.ArrowInvalid, OSError) as exc:
        raise CorpusError(
            f"not a readable Parquet table: {exc}", path=path, hint="re-run the stage that wrote it"
        ) from exc


def read_metadata(path: str | Path) -> dict[str, Any]:
    """The ``framing`` metadata recorded in a Parquet table (empty if none).

    It is read from the file's key-value metadata, where both the schema's
    metadata (:func:`write_table`) and metadata added when a
    :class:`TableWriter` closes end up.
    """
    raw = (pq.read_metadata(path).metadata or {}).get(METADATA_KEY)
    return json.loads(raw) if raw else {}


def iter_batches(
    path: str | Path,
    columns: list[str] | None = None,
    *,
    batch_size: int = 10_000,
    threads: bool = True,
) -> Iterator[pa.RecordBatch]:
    """Read a Parquet table ``batch_size`` rows at a time (memory: one batch and row group).

    ``threads=False`` decodes on this thread only: faster for an uncompressed
    scratch file, where there is little to decode and handing columns to
    threads costs more (on an 18 MB work file, a third of the time the
    threads took).
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError("table not found", path=path, hint="run the stage that writes it first")
    try:
        # pre_buffer=False: with pre-buffering, the reader keeps every row group it has read.
        parquet = pq.ParquetFile(path, pre_buffer=False)
        yield from parquet.iter_batches(batch_size=batch_size, columns=columns, use_threads=threads)
    except (pa.ArrowInvalid, OSError) as exc:
        raise CorpusError(
            f"not a readable Parquet table: {exc}", path=path, hint="re-run the stage that wrote it"
        ) from exc


def count_rows(path: str | Path) -> int:
    """Rows of a Parquet table, from its footer (nothing else is read)."""
    return pq.ParquetFile(path).metadata.num_rows
