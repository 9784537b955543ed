"""Ingestion streamed to disk in passes: any corpus size in bounded memory, on N processes.

1. *read*: every input file is read; for each article, its outlet and its
   short lines are counted (:class:`~framing.corpus.boilerplate.RepeatedLines`
   needs every article of an outlet before it can clean one).
2. *clean*: each article is cleaned (boilerplate, language, date, outlet,
   ids); empty articles and exact duplicates are set aside; the documents go
   to a temporary Parquet file and their LSH band keys (256 bytes each) stay
   in memory. The files pass 1 read are kept for this pass up to a budget
   (``READ_CACHE_CHARS``; with several processes, pass 1's workers send them
   back to the command, which hands them out again): past it, files are read
   again.
3. *near-duplicates*: candidate pairs come from the band keys; only the
   candidates' shingles are computed again to check each pair.
4. *segment*: the documents are cut into passages, batch by batch, and
   ``documents.parquet`` (with ``dup_cluster``) and ``passages.parquet`` are
   written row group by row group; ``ingest_report.json`` last.

Texts are never all in memory: what stays is per outlet and short line (the
repeated-lines counts), and per document its id, source path and band keys,
and the boilerplate lines removed from it (for the report). Files are
processed in order and every result is consumed in order, so the corpus is
the same, byte for byte, with one process, several, or Dask
(:mod:`framing.parallel`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from framing.collector import collection_paused
from framing.corpus.boilerplate import RepeatedLines, normalize_line
from framing.corpus.corpus import (
    DOCUMENTS_FILE,
    DOCUMENTS_ROW_GROUP,
    PASSAGES_FILE,
    PASSAGES_ROW_GROUP,
    REPORT_FILE,
)
from framing.corpus.dedup import BandIndex, band_keys, band_keys_of_texts, shingles_of_pairs
from framing.corpus.ingest import (
    CorpusDigest,
    IngestOptions,
    _input_paths,
    _outlet_hint,
    _read_one,
    _segment_document,
    label_passage_languages,
    prepare_documents,
)
from framing.corpus.language import detect_language
from framing.corpus.manifest import Manifest
from framing.corpus.readers import SkippedInput
from framing.corpus.segment import train_punkt
from framing.parallel import DEFAULT_BATCH_SIZE, Engine, map_batches
from framing.schema import DOCUMENT_COLUMNS, PASSAGE_COLUMNS
from framing.store import TableWriter, iter_batches, write_json_atomic

Progress = Callable[[str, int, int], None]
DOCUMENTS_SCHEMA = pa.schema([(name, pa.string()) for name in DOCUMENT_COLUMNS])
PASSAGES_SCHEMA = pa.schema(
    [
        (name, pa.int64() if name in ("index", "start", "end", "n_tokens") else pa.string())
        for name in PASSAGE_COLUMNS
    ]
)
FILES_PER_TASK = 64  # first pass: files per task
DOCUMENTS_PER_TASK = 200  # second pass: a file of many articles is cleaned in pieces
# One process: larger second-pass tasks (languages are identified a task at a time, and
# a batch of thousands costs far less per document than one of 64 short files).
SERIAL_DOCUMENTS_PER_TASK = 2_000
SHINGLES_PER_TASK = 2_000  # near-duplicate candidates whose shingles a task computes
MIN_SEGMENT_BATCH = 200  # documents: smaller batches cost more to send than to segment
# Several processes: a JSON export this big is read in shares, one per process.
SPLIT_READ_BYTES = 2_000_000
_EXPORT_SUFFIXES = frozenset({".jsonl", ".ndjson", ".jl", ".json"})
READ_CACHE_CHARS = 50_000_000  # this much text is read once, not twice
# A file, the range of its documents to clean, and (for a file cut into several pieces,
# with several processes) those documents, read once by the command and sent along.
_Piece = tuple[Path, int, int] | tuple[Path, int, int, list]
# A first-pass item: a file, or a share (i of n) of a big JSON Lines export.
_ToRead = tuple[Path, tuple[int, int] | None]
_WORK_DOCUMENTS = "cleaned.parquet"


def ingest_to(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    manifest: str | Path | None = None,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, Any]:
    """Ingest article files straight into the corpus folder ``output``; returns the report.

    Writes ``documents.parquet``, ``passages.parquet`` and ``ingest_report.json``
    as :meth:`Corpus.write <framing.corpus.corpus.Corpus.write>` would, the
    tables' metadata recording the corpus hash. Parameters as
    :func:`~framing.corpus.ingest.ingest`, plus:

    jobs, engine, scheduler:
        ``jobs`` local processes, or ``engine="dask"`` (a local cluster of
        ``jobs`` workers, or the one at ``scheduler``; its workers must see
        the input files at the same paths). The corpus is the same however
        it is run.
    batch_size:
        Documents per segmentation batch.
    progress:
        ``progress(stage, done, total)`` for the stages ``read`` and
        ``clean`` (files) and ``segment`` (documents).

    Examples
    --------
    >>> report = ingest_to(["articles/"], "corpus", manifest="articles/manifest.csv",
    ...                    jobs=4)  # doctest: +SKIP
    >>> report["n_documents"]  # doctest: +SKIP
    1200
    """
    options = options or IngestOptions()
    run = Engine(kind=engine, jobs=jobs, scheduler=scheduler)  # type: ignore[arg-type]
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    skipped: list[SkippedInput] = []
    limits = options.effective_limits
    loaded = Manifest.read(manifest, max_bytes=limits.max_file_bytes) if manifest else None
    paths = _input_paths(inputs, loaded, manifest, skipped)
    work = Path(tempfile.mkdtemp(prefix=".ingest-", dir=output))
    try:
        if not run.is_serial:
            _warm_up()  # forked workers inherit what is loaded here
        # The second pass reuses what the first read, up to a budget: kept by the reader
        # with one process; with several, the first pass's workers send their files here.
        cache = _ReadCache(READ_CACHE_CHARS)
        files = _FileReader(options, loaded, cache=cache if run.is_serial else None)
        repeated, counts = _read_pass(files, paths, run, skipped, progress, cache)
        if run.is_serial:
            pieces = _pieces(paths, counts, 1, SERIAL_DOCUMENTS_PER_TASK, SERIAL_DOCUMENTS_PER_TASK)
        else:  # enough pieces of a large file for every worker
            per_task = _documents_per_task(sum(counts), _workers(run))
            pieces = _pieces(paths, counts, 2 * _workers(run), per_task, per_task)
            pieces = _with_documents(pieces, files, dict(zip(paths, counts, strict=True)), cache)
        cleaned = _clean_pass(files, repeated, pieces, sum(counts), run, work, skipped, progress)
        clusters = cleaned.index.clusters(
            cleaned.doc_ids,
            lambda wanted: _candidate_shingles(work / _WORK_DOCUMENTS, wanted, run),
            threshold=options.dedup_threshold,
        )
        del cleaned.index  # the band keys are done with
        tokenizers = _punkt_tokenizers(work / _WORK_DOCUMENTS, options)
        segmented = _segment_pass(
            work / _WORK_DOCUMENTS, clusters, tokenizers, options, run, output, batch_size, progress
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = _report(inputs, manifest, options, cleaned, clusters, segmented, skipped)
    write_json_atomic(output / REPORT_FILE, report)
    return report


# --- workers ----------------------------------------------------------------------------------


@dataclass
class _ReadCache:
    """Files read by the first pass, kept for the second up to a budget of characters.

    Used with one process only: then a corpus whose text fits the budget is
    read, decoded and parsed once; a larger one is read again past the budget.
    """

    budget: int
    used: int = 0
    files: dict[Path, tuple[list, list]] = field(default_factory=dict)

    def keep(self, path: Path, read: tuple[list, list]) -> None:
        size = sum(len(p) for doc, _, _ in read[0] for p in doc.paragraphs)
        if self.used + size <= self.budget:
            self.files[path] = read
            self.used += size


@dataclass
class _FileReader:
    """What every worker needs to read files: the options and the manifest."""

    options: IngestOptions
    manifest: Manifest | None
    repeated: RepeatedLines | None = None
    cache: _ReadCache | None = None

    def read(
        self, path: Path, part: tuple[int, int] | None = None
    ) -> tuple[list[tuple[Any, dict[str, str], str | None]], list]:
        """The documents of one file (with manifest values and encoding), and what was skipped.

        ``part=(i, n)``: the ``i``-th of ``n`` shares of a JSON Lines export
        (:func:`~framing.corpus.readers.read_file`); what stops the whole file
        is reported by part 0 only.
        """
        if part is None and self.cache is not None and path in self.cache.files:
            return self.cache.files[path]
        skipped: list[SkippedInput] = []
        result = _read_one(path, self.options, skipped, part)
        if result is None and part is not None and part[0] > 0:
            skipped = []
        extra = (self.manifest.lookup(path) if self.manifest else None) or {}
        documents = [(doc, extra, result.encoding) for doc in result.documents] if result else []
        if self.cache is not None and part is None:
            self.cache.keep(path, (documents, skipped))
        return documents, skipped


def _same(state: Any) -> Any:
    """Worker setup: the state as sent."""
    return state


@dataclass
class _FileLines:
    """Pass 1, one file: each document's outlet and normalised short lines; what was skipped;
    and, from a worker process, the file as read (for the command to keep for pass 2)."""

    documents: list[tuple[str, list[str]]]
    skipped: list[SkippedInput]
    read: tuple[list, list] | None = None


@collection_paused()  # a task's documents: many objects, few cycles
def _lines_of_files(reader: _FileReader, files: list[_ToRead]) -> list[_FileLines]:
    out = []
    limit = RepeatedLines().max_words
    for path, part in files:
        read = documents, skipped = reader.read(path, part)
        lines = [
            (
                _outlet_hint(doc, extra),
                sorted({normalize_line(p) for p in doc.paragraphs if len(p.split()) <= limit}),
            )
            for doc, extra, _ in documents
        ]
        # Sent back unless this process keeps it (sending costs far less than reading again).
        out.append(_FileLines(lines, skipped, None if reader.cache is not None else read))
    return out


@dataclass
class _CleanedTask:
    """Pass 2, one task: its cleaned documents as one table (files in order), and per
    document what the pipeline needs to keep or skip it."""

    table: pa.Table
    source_paths: list[str]
    removed: list[list[dict[str, str]]]
    band_keys: list[np.ndarray]


@collection_paused()
def _clean_files(reader: _FileReader, pieces: list[_Piece]) -> _CleanedTask:
    documents = []
    for path, start, stop, *sent in pieces:
        if sent:
            documents.extend(sent[0])
            continue
        read, _ = reader.read(path)  # what was skipped is known from the first pass
        documents.extend(read[start:stop])
    # All documents of the task at once: languages are identified in one batch, and
    # one table is built (a table per file costs more than cleaning a short article).
    prepared = prepare_documents(documents, reader.repeated)
    rows = [item.row for item in prepared]
    return _CleanedTask(
        table=pa.Table.from_pylist(rows, schema=DOCUMENTS_SCHEMA),
        source_paths=[doc.source_path for doc, _, _ in documents],
        removed=[item.removed for item in prepared],
        band_keys=band_keys_of_texts([row["text"] for row in rows]),
    )


@dataclass
class _Segmenter:
    options: IngestOptions
    tokenizers: dict[str, Any]


@collection_paused()
def _segment_batch(
    segmenter: _Segmenter, batch: pa.RecordBatch
) -> tuple[pa.Table, list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    long_passages: list[dict[str, Any]] = []
    for doc in batch.to_pylist():
        tokenizer = segmenter.tokenizers.get(doc["language"])
        passages, note = _segment_document(
            doc["doc_id"], doc["source_path"], doc["text"], doc["language"], segmenter.options,
            tokenizer,
        )  # fmt: skip
        rows.extend(passages)
        if note:
            long_passages.append(note)
    label_passage_languages(rows)
    return pa.Table.from_pylist(rows, schema=PASSAGES_SCHEMA), long_passages


# --- passes ----------------------------------------------------------------------------------


def _workers(run: Engine) -> int:
    """The processes to cut work for (a Dask cluster's size is not known here: at least 8)."""
    return run.jobs if run.kind == "local" else max(run.jobs, 8)


def _read_tasks(paths: list[Path], parts: int) -> list[list[_ToRead]]:
    """First-pass tasks: FILES_PER_TASK files each, and a task for each of ``parts`` shares
    of a JSON export of at least SPLIT_READ_BYTES (one big export is read by every worker)."""
    tasks: list[list[_ToRead]] = []
    task: list[_ToRead] = []
    for path in paths:
        if parts > 1 and _big_export(path):
            if task:  # files stay in order
                tasks.append(task)
                task = []
            tasks.extend([(path, (i, parts))] for i in range(parts))
            continue
        task.append((path, None))
        if len(task) >= FILES_PER_TASK:
            tasks.append(task)
            task = []
    return [*tasks, task] if task else tasks


def _big_export(path: Path) -> bool:
    """A JSON (Lines) file by its name, of at least SPLIT_READ_BYTES (other files are not
    looked at: a file of another format split by mistake is still read whole, once)."""
    if path.suffix.lower() not in _EXPORT_SUFFIXES:
        return False
    try:
        return path.stat().st_size >= SPLIT_READ_BYTES
    except OSError:
        return False  # reported when the file is read


def _read_pass(
    reader: _FileReader,
    paths: list[Path],
    run: Engine,
    skipped: list[SkippedInput],
    progress: Progress | None,
    cache: _ReadCache | None = None,
) -> tuple[RepeatedLines, list[int]]:
    """Pass 1: the repeated lines of every outlet, and the number of documents of each file.

    Files that workers send back as read are kept in ``cache`` (up to its budget).
    """
    counts: list[int] = []
    tasks = _read_tasks(paths, 1 if run.is_serial else _workers(run))

    def documents() -> Iterator[tuple[str, list[str]]]:
        results = map_batches(_lines_of_files, tasks, engine=run, setup=_same, setup_args=(reader,))
        joined = _JoinedParts()
        for task, files in zip(tasks, results, strict=True):
            for (path, part), file in zip(task, files, strict=True):
                skipped.extend(file.skipped)
                if part is None or part[0] == 0:
                    counts.append(0)
                counts[-1] += len(file.documents)
                yield from file.documents
                whole = joined.add(part, file.read)
                if whole is not None and cache is not None:
                    cache.keep(path, whole)
            if progress:
                progress("read", len(counts), len(paths))

    # The lines come normalised (normalising again changes nothing) and already short.
    repeated = RepeatedLines().fit(documents())
    return repeated, counts  # counted while fit went through the documents


class _JoinedParts:
    """The shares of one file as workers sent them, joined back into the file's read."""

    def __init__(self) -> None:
        self._documents: list = []
        self._skipped: list = []

    def add(self, part: tuple[int, int] | None, read: tuple[list, list] | None):
        """Add a share (``part`` None: a whole file); the file's read once it is complete."""
        if read is None:
            return None
        if part is None:
            return read
        if part[0] == 0:
            self._documents, self._skipped = [], []
        self._documents.extend(read[0])
        self._skipped.extend(read[1])
        return (self._documents, self._skipped) if part[0] == part[1] - 1 else None


def _pieces(
    paths: list[Path],
    counts: list[int],
    per_file: int,
    documents_per_task: int | None = None,
    files_per_task: int | None = None,
) -> Iterator[list[_Piece]]:
    """Second-pass tasks: about DOCUMENTS_PER_TASK documents (or FILES_PER_TASK files) each,
    unless ``documents_per_task`` and ``files_per_task`` say otherwise.

    A file of many articles (a JSON Lines export) is cut into up to
    ``per_file`` ranges of at least DOCUMENTS_PER_TASK articles, so that its
    articles are cleaned on several workers (each reads the file again). How
    the tasks are cut changes nothing in the output.
    """
    documents_per_task = documents_per_task or DOCUMENTS_PER_TASK
    files_per_task = files_per_task or FILES_PER_TASK
    task: list[_Piece] = []
    size = 0
    for path, count in zip(paths, counts, strict=True):
        step = max(documents_per_task, -(-count // per_file))
        for start in range(0, count, step):  # files without articles: none
            stop = min(count, start + step)
            task.append((path, start, stop))
            size += stop - start
            if size >= documents_per_task or len(task) >= files_per_task:
                yield task
                task, size = [], 0
    if task:
        yield task


def _documents_per_task(n_documents: int, workers: int) -> int:
    """Second-pass task size with several processes: four tasks per worker, within
    DOCUMENTS_PER_TASK and SERIAL_DOCUMENTS_PER_TASK (a batch of a few dozen documents
    costs about 1.4 times as much per document as one of thousands)."""
    return max(DOCUMENTS_PER_TASK, min(SERIAL_DOCUMENTS_PER_TASK, n_documents // (4 * workers)))


def _warm_up() -> None:
    """Load the language model and the MinHash permutations once, before workers fork."""
    detect_language("Warm up the language identifier before the workers start.")
    band_keys("warm up the near duplicate permutations before the workers start")


@dataclass
class _Cleaned:
    """What pass 2 keeps: ids and band keys of the documents kept, removed lines, counts."""

    doc_ids: list[str] = field(default_factory=list)
    index: BandIndex = field(default_factory=BandIndex)
    removed_lines: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    by_outlet_language: Counter[tuple[str, str]] = field(default_factory=Counter)
    seen: dict[str, str] = field(default_factory=dict)

    def keep(self, task: _CleanedTask, skipped: list[SkippedInput]) -> pa.Table:
        """The rows of ``task`` to keep; empty articles and exact duplicates go to ``skipped``."""
        columns = {c: task.table.column(c).to_pylist() for c in ("doc_id", "outlet", "language")}
        empty = pc.equal(pc.binary_length(task.table.column("text")), 0).to_pylist()
        kept = []
        for i, doc_id in enumerate(columns["doc_id"]):
            source = task.source_paths[i]
            if empty[i]:
                skipped.append(_empty_article(source, len(task.removed[i])))
            elif doc_id in self.seen:
                skipped.append(_exact_duplicate(source, self.seen[doc_id]))
            else:
                self.seen[doc_id] = source
                self.doc_ids.append(doc_id)
                self.index.add(task.band_keys[i])
                self.by_outlet_language[(columns["outlet"][i], columns["language"][i])] += 1
                if task.removed[i]:
                    self.removed_lines[doc_id] = task.removed[i]
                kept.append(i)
        return task.table.take(pa.array(kept, type=pa.int64()))


def _empty_article(source: str, n_removed: int) -> SkippedInput:
    return SkippedInput(
        source=source,
        reason="no article text left after removing boilerplate "
        f"({n_removed} lines removed; check the file's content)",
    )


def _exact_duplicate(source: str, first: str) -> SkippedInput:
    return SkippedInput(
        source=source,
        reason=f"exact duplicate of {first} (same outlet, url, title and text)",
    )


def _with_documents(
    tasks: Iterable[list[_Piece]],
    reader: _FileReader,
    counts: dict[Path, int],
    cache: _ReadCache | None = None,
) -> Iterator[list[_Piece]]:
    """Attach their documents to the pieces: those of files kept in ``cache`` by the first
    pass, and those of a file cut into several pieces.

    A piece of a file cut in several would otherwise make its worker read and
    parse the whole file again (a JSON Lines export cut in 8 is parsed 8
    times): the command reads it once and sends each piece its documents.
    A whole file not kept is read by its worker.
    """
    kept = cache.files if cache is not None else {}
    held: tuple[Path, list] | None = None
    for task in tasks:
        out: list[_Piece] = []
        for path, start, stop, *_ in task:
            if path in kept:
                out.append((path, start, stop, kept[path][0][start:stop]))
                continue
            if stop - start >= counts[path]:  # the whole file: its worker reads it
                out.append((path, start, stop))
                continue
            if held is None or held[0] != path:
                held = (path, reader.read(path)[0])
            out.append((path, start, stop, held[1][start:stop]))
        yield out


def _clean_pass(
    reader: _FileReader,
    repeated: RepeatedLines,
    pieces: Iterable[list[_Piece]],
    n_documents: int,
    run: Engine,
    work: Path,
    skipped: list[SkippedInput],
    progress: Progress | None,
) -> _Cleaned:
    """Pass 2: cleaned documents to ``work``; ids, band keys and report data kept."""
    cleaner = _FileReader(reader.options, reader.manifest, repeated, reader.cache)
    cleaned = _Cleaned()
    results = map_batches(_clean_files, pieces, engine=run, setup=_same, setup_args=(cleaner,))
    done = 0
    with TableWriter(
        work / _WORK_DOCUMENTS, DOCUMENTS_SCHEMA, row_group_size=DOCUMENTS_ROW_GROUP
    ) as writer:
        for task in results:
            writer.write(cleaned.keep(task, skipped))
            done += task.table.num_rows
            if progress:
                progress("clean", done, n_documents)
    return cleaned


def _candidate_shingles(path: Path, wanted: set[int], run: Engine) -> dict[int, np.ndarray]:
    """The shingles of the near-duplicate candidates, from the cleaned documents at ``path``.

    Tokenising them is most of the pass: with several local processes the
    candidates are shared out in tasks of SHINGLES_PER_TASK documents (the same
    sets). With Dask they are shingled here: shipping their texts to the cluster
    and back (or starting another local cluster) costs more than it saves.
    """
    tasks = -(-len(wanted) // SHINGLES_PER_TASK)
    engine = run.for_batches(tasks) if run.kind == "local" and tasks > 1 else Engine()

    def chosen() -> Iterator[list[tuple[int, str]]]:
        task: list[tuple[int, str]] = []
        for index, text in _texts(path):
            if index in wanted:
                task.append((index, text))
                if len(task) == SHINGLES_PER_TASK:
                    yield task
                    task = []
        if task:
            yield task

    shingles: dict[int, np.ndarray] = {}
    for part in map_batches(_shingles_task, chosen(), engine=engine, setup=_same, setup_args=(5,)):
        shingles.update(part)
    return shingles


@collection_paused()
def _shingles_task(size: int, task: list[tuple[int, str]]) -> dict[int, np.ndarray]:
    return shingles_of_pairs(task, size)


def _texts(path: Path) -> Iterator[tuple[int, str]]:
    """``(index, text)`` of the cleaned documents, streamed."""
    index = 0
    for batch in iter_batches(path, ["text"]):
        for text in batch.column("text").to_pylist():
            yield index, text
            index += 1


def _punkt_tokenizers(path: Path, options: IngestOptions) -> dict[str, Any]:
    """With ``unit=sentence`` and ``train_punkt``: a Punkt model per language but Arabic."""
    if options.unit != "sentence" or not options.train_punkt:
        return {}
    languages: set[str] = set()
    for batch in iter_batches(path, ["language"]):
        languages.update(batch.column("language").to_pylist())
    # Punkt's statistics are built for alphabetic abbreviations: not for Arabic.
    return {
        language: train_punkt(_texts_in(path, language))
        for language in sorted(languages)
        if language != "ar"
    }


def _texts_in(path: Path, language: str) -> Iterator[str]:
    for batch in iter_batches(path, ["text", "language"]):
        for text, lang in zip(
            *(batch.column(c).to_pylist() for c in ("text", "language")), strict=True
        ):
            if lang == language:
                yield text


@dataclass
class _Segmented:
    n_passages: int = 0
    corpus_hash: str = ""
    long_passages: list[dict[str, Any]] = field(default_factory=list)


def _segment_pass(
    documents_path: Path,
    clusters: list[str],
    tokenizers: dict[str, Any],
    options: IngestOptions,
    run: Engine,
    output: Path,
    batch_size: int,
    progress: Progress | None,
) -> _Segmented:
    """Pass 3: passages, and the documents with their clusters, written to ``output``."""
    segmented = _Segmented()
    digest = CorpusDigest()
    total = len(clusters)
    in_flight: deque[pa.RecordBatch] = deque()  # the batches the workers have, in order
    if not run.is_serial:
        # Enough batches for every process (the tables are regrouped: same bytes).
        batch_size = max(MIN_SEGMENT_BATCH, min(batch_size, -(-total // (4 * _workers(run)))))

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in iter_batches(documents_path, batch_size=batch_size):
            in_flight.append(batch)
            yield batch.select(["doc_id", "source_path", "language", "text"])

    results = map_batches(
        _segment_batch,
        batches(),
        engine=run,
        setup=_same,
        setup_args=(_Segmenter(options, tokenizers),),
    )
    with (
        TableWriter(
            output / DOCUMENTS_FILE, DOCUMENTS_SCHEMA, row_group_size=DOCUMENTS_ROW_GROUP
        ) as documents,
        TableWriter(
            output / PASSAGES_FILE, PASSAGES_SCHEMA, row_group_size=PASSAGES_ROW_GROUP
        ) as passages,
    ):
        done = 0
        for table, long_passages in results:
            batch = pa.Table.from_batches([in_flight.popleft()])
            labels = pa.array(clusters[done : done + batch.num_rows], type=pa.string())
            column = batch.schema.get_field_index("dup_cluster")
            documents.write(batch.set_column(column, "dup_cluster", labels))
            passages.write(table)
            digest.update(table.column("passage_id").to_pylist(), table.column("text").to_pylist())
            segmented.long_passages.extend(long_passages)
            done += batch.num_rows
            if progress:
                progress("segment", done, total)
        segmented.n_passages = passages.rows
        segmented.corpus_hash = digest.hexdigest()
        documents.metadata = passages.metadata = {"corpus_hash": segmented.corpus_hash}
    return segmented


def _report(
    inputs: Iterable[str | Path],
    manifest: str | Path | None,
    options: IngestOptions,
    cleaned: _Cleaned,
    clusters: list[str],
    segmented: _Segmented,
    skipped: list[SkippedInput],
) -> dict[str, Any]:
    from framing import __version__

    return {
        "toolkit_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": [str(p) for p in inputs],
        "manifest": str(manifest) if manifest else None,
        "options": options.to_dict(),
        "n_documents": len(cleaned.doc_ids),
        "n_passages": segmented.n_passages,
        "n_skipped": len(skipped),
        "corpus_hash": segmented.corpus_hash,
        "documents_by_outlet_language": [
            {"outlet": o, "language": lang, "documents": n}
            for (o, lang), n in sorted(cleaned.by_outlet_language.items())
        ],
        "near_duplicate_documents": sum(1 for label in clusters if label),
        "skipped": [{"source": s.source, "reason": s.reason} for s in skipped],
        "removed_lines": cleaned.removed_lines,
        "long_passages_split": segmented.long_passages,
    }
