"""Parquet tables written atomically, with provenance in the file's metadata.

Every table the toolkit writes carries, under the ``framing`` key of the
Parquet schema metadata, a JSON object with the toolkit version and whatever
the producing stage records (input hashes, lexicon hash, thresholds, ...).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
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


def write_table(df: pd.DataFrame, path: str | Path, metadata: dict[str, Any] | None = None) -> Path:
    """Write ``df`` to Parquet atomically, recording ``metadata`` and the toolkit version."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    record = {"toolkit_version": toolkit_version(), **(metadata or {})}
    schema_meta = dict(table.schema.metadata or {})
    schema_meta[METADATA_KEY] = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
    table = table.replace_schema_metadata(schema_meta)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
    return Path(path)


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
    """The ``framing`` metadata recorded in a Parquet table (empty if none)."""
    raw = (pq.read_schema(path).metadata or {}).get(METADATA_KEY)
    return json.loads(raw) if raw else {}
