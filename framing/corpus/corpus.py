"""A corpus on disk: ``documents.parquet``, ``passages.parquet`` and ``ingest_report.json``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from framing.errors import CorpusError
from framing.hashing import hash_file
from framing.schema import DOCUMENT_COLUMNS, PASSAGE_COLUMNS
from framing.store import (
    count_rows,
    iter_batches,
    read_metadata,
    read_table,
    write_json_atomic,
    write_table,
)

DOCUMENTS_FILE = "documents.parquet"
PASSAGES_FILE = "passages.parquet"
REPORT_FILE = "ingest_report.json"
# Rows per Parquet row group: later stages read a corpus a batch at a time.
PASSAGES_ROW_GROUP = 50_000
DOCUMENTS_ROW_GROUP = 10_000


@dataclass
class Corpus:
    """Documents and passages, as the contract in :mod:`framing.schema` describes them.

    Examples
    --------
    >>> corpus = Corpus.read("reports/security_diplomacy/corpus")  # doctest: +SKIP
    >>> corpus.passages.groupby("language").size()  # doctest: +SKIP
    """

    documents: pd.DataFrame
    passages: pd.DataFrame
    report: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def read(cls, directory: str | Path) -> Corpus:
        """Read a corpus folder written by ``framing ingest``."""
        directory = Path(directory)
        if not directory.is_dir():
            raise CorpusError(
                "corpus folder not found", path=directory, hint="run `framing ingest` first"
            )
        documents = read_table(directory / DOCUMENTS_FILE)
        passages = read_table(directory / PASSAGES_FILE)
        _check_columns(documents, DOCUMENT_COLUMNS, directory / DOCUMENTS_FILE)
        _check_columns(passages, PASSAGE_COLUMNS, directory / PASSAGES_FILE)
        report_path = directory / REPORT_FILE
        report = json.loads(report_path.read_text("utf-8")) if report_path.exists() else {}
        return cls(documents=documents, passages=passages, report=report, path=directory)

    def write(self, directory: str | Path, metadata: dict[str, Any] | None = None) -> Path:
        """Write the three files atomically; passages last-but-one, report last."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        write_table(
            self.documents, directory / DOCUMENTS_FILE, metadata, row_group_size=DOCUMENTS_ROW_GROUP
        )
        write_table(
            self.passages, directory / PASSAGES_FILE, metadata, row_group_size=PASSAGES_ROW_GROUP
        )
        write_json_atomic(directory / REPORT_FILE, self.report)
        self.path = directory
        return directory

    @property
    def hash(self) -> str:
        """Hash of the passages table recorded in its metadata, else of the file."""
        if self.path is None:
            raise CorpusError("corpus has not been written yet")
        return stored_corpus_hash(self.path)

    def passages_with_documents(
        self, columns: tuple[str, ...] = ("outlet", "date")
    ) -> pd.DataFrame:
        """Passages joined with document columns (outlet, date, ...) by ``doc_id``."""
        wanted = [c for c in columns if c not in self.passages.columns]
        return self.passages.merge(self.documents[["doc_id", *wanted]], on="doc_id", how="left")


def passages_path(directory: str | Path) -> Path:
    """``directory/passages.parquet``; :class:`CorpusError` if there is no such corpus."""
    path = Path(directory) / PASSAGES_FILE
    if not path.is_file():
        raise CorpusError(
            "corpus folder not found" if not Path(directory).is_dir() else "no passages.parquet",
            path=directory,
            hint="run `framing ingest` first",
        )
    return path


def stored_corpus_hash(directory: str | Path) -> str:
    """The corpus hash recorded in ``passages.parquet`` (else the file's hash), nothing read."""
    path = passages_path(directory)
    return read_metadata(path).get("corpus_hash") or hash_file(path)


def count_passages(directory: str | Path) -> int:
    """Passages in a corpus folder, from the Parquet footer."""
    return count_rows(passages_path(directory))


def iter_passages(
    directory: str | Path, columns: list[str] | None = None, *, batch_size: int = 10_000
) -> Iterator[pa.RecordBatch]:
    """The passages of a corpus folder, ``batch_size`` at a time, in corpus order.

    Memory holds one batch (and one Parquet row group), whatever the corpus size.

    Examples
    --------
    >>> for batch in iter_passages("corpus", ["passage_id", "text"]):  # doctest: +SKIP
    ...     print(batch.num_rows)
    """
    path = passages_path(directory)
    missing = [c for c in columns or () if c not in pq.read_schema(path).names]
    if missing:
        raise CorpusError(
            f"missing columns {', '.join(missing)}",
            path=path,
            hint="re-run `framing ingest` with this version of framing",
        )
    yield from iter_batches(path, columns, batch_size=batch_size)


def _check_columns(df: pd.DataFrame, required: tuple[str, ...], path: Path) -> None:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise CorpusError(
            f"missing columns {', '.join(missing)}",
            path=path,
            hint="re-run `framing ingest` with this version of framing",
        )
