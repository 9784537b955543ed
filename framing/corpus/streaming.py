"""Ingestion streamed to disk in passes: any corpus size in bounded memory, on N processes.

The input files are cut into *chunks* (a few MB of files each, or a share of
the lines of a big JSON Lines export), the same chunks for both passes:

1. *read*: every chunk is read; for each article, its outlet's short lines
   are counted (:class:`~framing.corpus.boilerplate.RepeatedLines` needs
   every article of an outlet before it can clean one). The counts of the
   chunks add up in this process. The chunk's articles stay with the
   process that read them, up to a budget (``READ_CACHE_CHARS``), for pass 2:
   with several local processes, chunk ``k`` goes to worker ``k % jobs`` in
   both passes (:class:`~framing.parallel.Workers`); a chunk not kept is
   read again.
2. *clean and segment*: each article is cleaned (boilerplate, language,
   date, outlet, ids) and cut into passages. Empty articles and exact
   duplicates are set aside; passages go straight to ``passages.parquet``,
   documents to a temporary Parquet file and their shingles to another
   (:class:`~framing.corpus.dedup.ShingleFile`), and their LSH band keys (256
   bytes each) stay in memory.
3. *near-duplicates*: candidate pairs come from the band keys; the
   candidates' shingles are read back to check each pair; then
   ``documents.parquet`` is written with ``dup_cluster``, and
   ``ingest_report.json`` last.

With ``unit="sentence"`` and ``train_punkt``, sentences can only be cut
once Punkt has been trained on the cleaned texts: pass 2 only cleans, and a
last pass segments the documents batch by batch.

Texts are never all in memory: what stays is per outlet and short line (the
repeated-lines counts), and per document its id, source path and band keys,
and the boilerplate lines removed from it (for the report). Chunks are
consumed in order, so the corpus is the same, byte for byte, with one
process, several, or Dask (:mod:`framing.parallel`).
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from framing.collector import collection_paused, objects_frozen
from framing.corpus.boilerplate import LineCounts, RepeatedLines
from framing.corpus.corpus import (
    DOCUMENTS_FILE,
    DOCUMENTS_ROW_GROUP,
    PASSAGES_FILE,
    PASSAGES_ROW_GROUP,
    REPORT_FILE,
)
from framing.corpus.dedup import (
    BandIndex,
    ShingleFile,
    band_keys,
    joined_shingles,
    shingles_and_band_keys,
)
from framing.corpus.ingest import (
    CorpusDigest,
    IngestOptions,
    _input_paths,
    _outlet_hint,
    _read_one,
    _segment_document,
    label_passage_languages,
    passage_bytes,
    prepare_documents,
)
from framing.corpus.language import detect_language
from framing.corpus.manifest import Manifest
from framing.corpus.readers import SkippedInput
from framing.corpus.readers.jsonl import shares_agree
from framing.corpus.segment import train_punkt
from framing.parallel import DEFAULT_BATCH_SIZE, Engine, Workers
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
# Input bytes per chunk with one process: languages are identified a chunk at a time, and
# a batch of thousands of articles costs far less per article than one of a few dozen.
CHUNK_BYTES = 4_000_000
# Documents per pass-2 task (a slice of a chunk), with one process and at least with several.
SLICE_DOCUMENTS = 2_000
MIN_SLICE_DOCUMENTS = 200
# Several processes: about CHUNKS_PER_WORKER chunks each, none under MIN_CHUNK_BYTES.
CHUNKS_PER_WORKER = 4
MIN_CHUNK_BYTES = 250_000
# Several processes: a JSON export this big is read in shares, one chunk each.
SPLIT_READ_BYTES = 2_000_000
_EXPORT_SUFFIXES = frozenset({".jsonl", ".ndjson", ".jl", ".json"})
READ_CACHE_CHARS = 50_000_000  # this much text (in all) is read once, not twice
SHINGLE_SIZE = 5  # words per shingle of the near-duplicate check (dedup.shingles)
MIN_SEGMENT_BATCH = 200  # documents: smaller batches cost more to send than to segment
# A file to read, whole (None) or the i-th of n shares of its lines.
_ToRead = tuple[Path, tuple[int, int] | None]
_WORK_DOCUMENTS = "cleaned.parquet"
_WORK_SHINGLES = "shingles.u32"


@objects_frozen()  # imports and models out of the collector's walks (a 50 ms walk, measured)
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
        Documents per segmentation batch when sentences are cut with a
        trained Punkt model (otherwise articles are segmented as they are
        cleaned).
    progress:
        ``progress(stage, done, total)`` for the stages ``read`` (files),
        ``clean`` (documents cleaned and segmented) and, with a trained
        Punkt model, ``segment`` (documents).

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
    reader = _Reader(options, loaded, uuid.uuid4().hex, READ_CACHE_CHARS // _workers(run))
    segment_now = not (options.unit == "sentence" and options.train_punkt)
    _RUNS[reader.token] = reader  # before the workers fork: they have it too
    try:
        if not run.is_serial:
            _warm_up()  # forked workers inherit what is loaded here
        threads = _command_threads(run)
        with ExitStack() as beside:
            # With several jobs, the end of passages.parquet is written on a thread of its
            # own while the workers exit and the near-duplicates are checked.
            background = None
            if threads > 1:
                background = beside.enter_context(ThreadPoolExecutor(1))
            with Workers(run) as workers:
                chunks = _chunks(paths, _workers(run), run.is_serial)
                repeated, chunks, sizes = _read_pass(reader, chunks, workers, skipped, progress)
                segmenter = _Segmenter(options, {}) if segment_now else None
                sent = None if workers.forks else reader
                cleaner = _Cleaner(reader.token, repeated, segmenter, sent)
                cleaned = _clean_pass(
                    cleaner, chunks, sizes, workers, work, output, skipped, progress, background
                )
                if not segment_now:
                    clusters = _near_duplicates(cleaned, options, threads)
                    tokenizers = _punkt_tokenizers(work / _WORK_DOCUMENTS, options)
                    _segment_pass(
                        work / _WORK_DOCUMENTS, clusters, tokenizers, options, workers, output,
                        batch_size, progress, cleaned.segmented,
                    )  # fmt: skip
            if segment_now:
                # After the workers: while forked workers live, every page this process
                # reuses is first copied (they share it), which made these steps two to
                # seven times slower.
                clusters = _near_duplicates(cleaned, options, threads)
                _write_documents(work / _WORK_DOCUMENTS, clusters, output, cleaned.segmented)
            if cleaned.passages_written is not None:
                cleaned.passages_written.result()  # its error, if any, is raised here
    finally:
        _RUNS.pop(reader.token, None)
        _CACHE.clear()
        shutil.rmtree(work, ignore_errors=True)
    report = _report(inputs, manifest, options, cleaned, clusters, skipped)
    write_json_atomic(output / REPORT_FILE, report)
    return report


# --- chunks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Chunk:
    """Files (or shares of one file) read and cleaned together; ``fresh``: read them again
    in pass 2 (what pass 1 kept of them is not to be used)."""

    index: int
    files: tuple[_ToRead, ...]
    fresh: bool = False


def _workers(run: Engine) -> int:
    """The processes to cut work for (a Dask cluster's size is not known here: at least 8)."""
    if run.is_serial:
        return 1
    return run.jobs if run.kind == "local" else max(run.jobs, 8)


def _chunks(paths: list[Path], workers: int, serial: bool) -> list[_Chunk]:
    """The files in order, cut into chunks of about the same number of bytes.

    With several processes, a JSON export of at least SPLIT_READ_BYTES is read
    in shares of its lines, each share a chunk (at least one per worker).
    """
    sizes = [_size(path) for path in paths]
    total = sum(sizes)
    target = CHUNK_BYTES
    if not serial:
        target = max(MIN_CHUNK_BYTES, min(CHUNK_BYTES, total // (CHUNKS_PER_WORKER * workers)))
    groups: list[tuple[_ToRead, ...]] = []
    group: list[_ToRead] = []
    size = 0
    for path, bytes_ in zip(paths, sizes, strict=True):
        if not serial and _big_export(path, bytes_):
            if group:  # files stay in order
                groups.append(tuple(group))
                group, size = [], 0
            # A share decodes only its lines; as many shares for every worker.
            shares = workers * max(1, -(-bytes_ // (target * workers)))
            groups.extend(((path, (i, shares)),) for i in range(shares))
            continue
        group.append((path, None))
        size += bytes_
        if size >= target:
            groups.append(tuple(group))
            group, size = [], 0
    if group:
        groups.append(tuple(group))
    return [_Chunk(index, files) for index, files in enumerate(groups)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when the file is read


def _big_export(path: Path, size: int) -> bool:
    """A JSON (Lines) file by its name, of at least SPLIT_READ_BYTES (other files are not
    looked at: a file of another format split by mistake is still read whole, once)."""
    return path.suffix.lower() in _EXPORT_SUFFIXES and size >= SPLIT_READ_BYTES


def _warm_up() -> None:
    """Load the language model and the MinHash permutations once, before workers fork."""
    detect_language("Warm up the language identifier before the workers start.")
    band_keys("warm up the near duplicate permutations before the workers start")


# --- workers ----------------------------------------------------------------------------------


@dataclass
class _Reader:
    """What every worker needs to read files: the options, the manifest, the run's token
    and how many characters of read chunks a process may keep for pass 2."""

    options: IngestOptions
    manifest: Manifest | None
    token: str
    budget: int

    def read(self, path: Path, part: tuple[int, int] | None = None) -> _FileRead:
        """The documents of one file (with manifest values and encoding), and what was skipped.

        ``part=(i, n)``: the ``i``-th of ``n`` shares of a JSON Lines export
        (:func:`~framing.corpus.readers.read_file`); what stops the whole file
        is reported by part 0 only.
        """
        skipped: list[SkippedInput] = []
        result = _read_one(path, self.options, skipped, part)
        if result is None:
            return _FileRead([], [] if part is not None and part[0] > 0 else skipped, ok=False)
        extra = (self.manifest.lookup(path) if self.manifest else None) or {}
        documents = [(doc, extra, result.encoding) for doc in result.documents]
        return _FileRead(documents, skipped, True, result.columns, result.encoding)

    def read_chunk(self, chunk: _Chunk) -> list[tuple[Any, dict[str, str], str | None]]:
        """The documents of a chunk's files (what was skipped is known from pass 1)."""
        return [doc for path, part in chunk.files for doc in self.read(path, part).documents]


@dataclass
class _FileRead:
    """One file (or share) as read: documents, what was skipped, whether it could be read,
    and for a share its field names (:attr:`ReadResult.columns`)."""

    documents: list[tuple[Any, dict[str, str], str | None]]
    skipped: list[SkippedInput]
    ok: bool = True
    columns: list[str] | None = None
    encoding: str | None = None


@dataclass
class _ChunkCache:
    """This process's chunks: those pass 1 read, kept for pass 2 up to the reader's budget,
    and the one pass 2 read again (for the chunk's other slices)."""

    token: str = ""
    used: int = 0
    chunks: dict[int, list] = field(default_factory=dict)
    fresh: set[int] = field(default_factory=set)  # chunks read again by pass 2

    def keep(self, reader: _Reader, index: int, documents: list) -> None:
        """Keep what pass 1 read of chunk ``index``, if the budget allows."""
        self._serve(reader)
        size = sum(len(p) for doc, _, _ in documents for p in doc.paragraphs)
        if self.used + size <= reader.budget:
            self.chunks[index] = documents
            self.used += size

    def documents(self, reader: _Reader, chunk: _Chunk) -> list:
        """The chunk's documents: as kept, or read again (and kept until its last slice)."""
        self._serve(reader)
        if chunk.fresh and chunk.index in self.chunks and chunk.index not in self.fresh:
            del self.chunks[chunk.index]  # read by pass 1 in a way not to be used
        if chunk.index not in self.chunks:
            self.chunks[chunk.index] = reader.read_chunk(chunk)
            if chunk.fresh:
                self.fresh.add(chunk.index)
        return self.chunks[chunk.index]

    def _serve(self, reader: _Reader) -> None:
        """Hold the chunks of ``reader``'s run: another run's (a long-lived Dask worker's
        earlier ingestion) are forgotten."""
        if reader.token != self.token:
            self.clear()
            self.token = reader.token

    def done(self, index: int) -> None:
        """Chunk ``index`` is cleaned: forget it."""
        self.chunks.pop(index, None)

    def clear(self) -> None:
        self.chunks.clear()
        self.fresh.clear()
        self.used = 0
        self.token = ""


_CACHE = _ChunkCache()  # this process's


@dataclass
class _ChunkRead:
    """Pass 1, one chunk: each file as read (without its documents), the line counts and
    the number of documents."""

    files: list[_FileRead]
    counts: LineCounts
    n_documents: int


@collection_paused()  # a chunk's documents: many objects, few cycles
def _read_chunk(reader: _Reader, chunk: _Chunk) -> _ChunkRead:
    files, documents = [], []
    for path, part in chunk.files:
        read = reader.read(path, part)
        documents.extend(read.documents)
        files.append(_FileRead([], read.skipped, read.ok, read.columns, read.encoding))
    _CACHE.keep(reader, chunk.index, documents)
    return _ChunkRead(files, _line_counts(documents), len(documents))


@dataclass
class _Segmenter:
    options: IngestOptions
    tokenizers: dict[str, Any]

    def passages(self, rows: Iterable[dict[str, Any]]) -> _Passages:
        """The passages of documents (see :class:`_Passages`)."""
        made = _Passages()
        for position, doc in enumerate(rows):
            passages, note, words = _segment_document(
                doc["doc_id"], doc["source_path"], doc["text"], doc["language"], self.options,
                self.tokenizers.get(doc["language"]),
            )  # fmt: skip
            made.rows.extend(passages)
            made.owners.extend([position] * len(passages))
            made.words.append(words)
            if note:
                made.notes.append((position, note))
        label_passage_languages(made.rows)
        return made


@dataclass
class _Passages:
    """The passage rows of some documents, each passage's document (its position among
    them), the notes on documents whose long passages were cut (with the position), and
    each document's words as its passages give them (None: tokenise its text)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)
    notes: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    words: list[list[str] | None] = field(default_factory=list)


# The readers of the ingestions under way here, by token: workers forked from this process
# have them, so pass 2 need not send the manifest again (unpickling one costs ~20 µs a file).
_RUNS: dict[str, _Reader] = {}


@dataclass
class _Cleaner:
    """Pass 2's state: the fitted repeated lines, the segmenter (None: segment later) and
    the run's reader, sent along unless the workers have it (``_RUNS``)."""

    token: str
    repeated: RepeatedLines
    segmenter: _Segmenter | None
    sent: _Reader | None = None

    @property
    def reader(self) -> _Reader:
        return self.sent if self.sent is not None else _RUNS[self.token]


@dataclass
class _CleanedTask:
    """Pass 2, one slice: its cleaned documents as one table (files in order), per document
    what the pipeline needs to keep or skip it, and (segmented now) its passages."""

    table: pa.Table
    source_paths: list[str]
    removed: list[list[dict[str, str]]]
    # Documents x bands (one array pickles far faster than thousands); a document without
    # words (no shingles) has no keys: its row is not used.
    band_keys: np.ndarray
    shingles: np.ndarray  # the documents' shingle sets end to end (uint32)
    shingle_counts: np.ndarray  # the length of each document's set
    passages: pa.Table | None = None
    owners: np.ndarray | None = None  # each passage's document, by position in the table
    notes: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (position, note)
    digested: bytes = b""  # the passages as the corpus digest takes them (passage_bytes)

    def kept_only(self, kept: list[int]) -> _CleanedTask:
        """This slice with only the documents at positions ``kept`` (and their shingles,
        passages and notes): itself when all are kept, the usual case (nothing copied)."""
        if len(kept) == self.table.num_rows:
            return self
        mask = np.zeros(self.table.num_rows, dtype=bool)
        mask[kept] = True
        subset = _CleanedTask(
            table=self.table.take(pa.array(kept, type=pa.int64())),
            source_paths=[self.source_paths[i] for i in kept],
            removed=[self.removed[i] for i in kept],
            band_keys=self.band_keys[mask],
            shingles=self.shingles[np.repeat(mask, self.shingle_counts)],
            shingle_counts=self.shingle_counts[mask],
        )
        if self.passages is not None and self.owners is not None:
            owned = mask[self.owners]
            subset.passages = self.passages.filter(pa.array(owned))
            new_position = np.cumsum(mask) - 1  # a kept document's position in the subset
            subset.owners = new_position[self.owners[owned]]
            subset.notes = [(int(new_position[at]), note) for at, note in self.notes if mask[at]]
            subset.digested = passage_bytes(
                subset.passages.column("passage_id").to_pylist(),
                subset.passages.column("text").to_pylist(),
            )
        return subset


@dataclass(frozen=True)
class _Slice:
    """Pass 2, one task: documents ``start:stop`` of a chunk (``last``: its last slice)."""

    chunk: _Chunk
    start: int
    stop: int
    last: bool


def _slices(chunks: list[_Chunk], counts: list[int], size: int) -> Iterator[_Slice]:
    """Each chunk's documents in slices of ``size`` (the last of a chunk up to twice that)."""
    for chunk, count in zip(chunks, counts, strict=True):
        starts = list(range(0, count, size))
        if len(starts) > 1 and count - starts[-1] < size:
            starts.pop()  # no short slice at the end: it joins the one before
        for number, start in enumerate(starts):
            last = number == len(starts) - 1
            yield _Slice(chunk, start, count if last else start + size, last)


def _slice_size(n_documents: int, workers: int) -> int:
    """Documents per pass-2 task: SLICE_DOCUMENTS with one process; with several, eight
    tasks per worker (so that the last ones end close together), within
    MIN_SLICE_DOCUMENTS and SLICE_DOCUMENTS (a batch of a few dozen documents costs
    about 1.4 times as much per document as one of thousands)."""
    if workers == 1:
        return SLICE_DOCUMENTS
    return max(MIN_SLICE_DOCUMENTS, min(SLICE_DOCUMENTS, n_documents // (8 * workers)))


def _pinned(task: _Slice) -> int:
    """A slice runs where its chunk was read (see :class:`~framing.parallel.Workers`)."""
    return task.chunk.index


@collection_paused()
def _clean_slice(cleaner: _Cleaner, task: _Slice) -> _CleanedTask:
    documents = _CACHE.documents(cleaner.reader, task.chunk)[task.start : task.stop]
    if task.last:
        _CACHE.done(task.chunk.index)
    # All documents of the slice at once: languages are identified in one batch, and
    # one table is built (a table per file costs more than cleaning a short article).
    prepared = prepare_documents(documents, cleaner.repeated)
    rows = [item.row for item in prepared]
    # Segmented first: a document's words for its shingles come from its passages'.
    made = cleaner.segmenter.passages(rows) if cleaner.segmenter is not None else None
    sets, keys = shingles_and_band_keys(
        [row["text"] for row in rows], SHINGLE_SIZE, tokens=None if made is None else made.words
    )
    hashes, counts = joined_shingles(sets)  # sent back and stored as they are
    cleaned = _CleanedTask(
        table=pa.Table.from_pylist(rows, schema=DOCUMENTS_SCHEMA),
        source_paths=[doc.source_path for doc, _, _ in documents],
        removed=[item.removed for item in prepared],
        band_keys=keys,
        shingles=hashes,
        shingle_counts=counts,
    )
    if made is not None:
        cleaned.notes = made.notes
        cleaned.passages = pa.Table.from_pylist(made.rows, schema=PASSAGES_SCHEMA)
        cleaned.owners = np.array(made.owners, dtype=np.int64)
        # Hashed by the command in order; joined here, beside the other workers.
        cleaned.digested = passage_bytes(
            [p["passage_id"] for p in made.rows], [p["text"] for p in made.rows]
        )
    return cleaned


@collection_paused()
def _segment_batch(
    segmenter: _Segmenter, batch: pa.RecordBatch
) -> tuple[pa.Table, list[dict[str, Any]]]:
    made = segmenter.passages(batch.to_pylist())
    return pa.Table.from_pylist(made.rows, schema=PASSAGES_SCHEMA), [note for _, note in made.notes]


# --- passes ----------------------------------------------------------------------------------


def _read_pass(
    reader: _Reader,
    chunks: list[_Chunk],
    workers: Workers,
    skipped: list[SkippedInput],
    progress: Progress | None,
) -> tuple[RepeatedLines, list[_Chunk], list[int]]:
    """Pass 1: the repeated lines of every outlet; the chunks for pass 2 and their numbers
    of documents.

    The shares of a big export must have been decoded alike and each have found
    the columns of the whole file
    (:func:`~framing.corpus.readers.jsonl.shares_agree`); if they did not (its
    objects do not all have the same fields, or it is not all UTF-8), the file
    is read whole, here for its counts and by one worker in pass 2.
    """
    counts = LineCounts()
    sizes = [0] * len(chunks)
    shares: list[tuple[_Chunk, _ChunkRead]] = []
    chunks = list(chunks)
    total = sum(len(chunk.files) for chunk in chunks)
    done = 0
    for chunk, read in zip(chunks, workers.map(_read_chunk, chunks, reader), strict=True):
        done += len(chunk.files)
        if progress:
            progress("read", done, total)
        part = chunk.files[0][1] if chunk.files else None
        taken = [(chunk, read)]
        if part is not None:  # a share of a file: taken once all its shares are in
            shares.append((chunk, read))
            if part[0] < part[1] - 1:
                continue
            taken, shares = shares, []
            if not _agreed(taken, reader):
                _read_whole(reader, [share for share, _ in taken], chunks, counts, sizes, skipped)
                taken = []
        for chunk_, read_ in taken:
            for file in read_.files:
                skipped.extend(file.skipped)
            counts.update(read_.counts)
            sizes[chunk_.index] = read_.n_documents
    return RepeatedLines().fit_counts(counts), chunks, sizes


def _agreed(shares: list[tuple[_Chunk, _ChunkRead]], reader: _Reader) -> bool:
    """Whether the shares of one file could all be read, were decoded alike (a share that
    is UTF-8 in a file that is not would say so) and found the same columns."""
    files = [file for _, read in shares for file in read.files]
    return (
        all(file.ok for file in files)
        and len({file.encoding for file in files}) == 1
        and shares_agree([file.columns for file in files], reader.options.column_map)
    )


def _read_whole(
    reader: _Reader,
    shares: list[_Chunk],
    chunks: list[_Chunk],
    counts: LineCounts,
    sizes: list[int],
    skipped: list[SkippedInput],
) -> None:
    """Read the file of ``shares`` whole, as one process would: its counts and what was
    skipped here, and its first share's chunk reads it whole in pass 2 (the others nothing)."""
    path = shares[0].files[0][0]
    whole = reader.read(path)
    skipped.extend(whole.skipped)
    counts.update(_line_counts(whole.documents))
    for number, share in enumerate(shares):
        files = ((path, None),) if number == 0 else ()
        chunks[share.index] = _Chunk(share.index, files, fresh=True)
        sizes[share.index] = len(whole.documents) if number == 0 else 0


def _line_counts(documents: list[tuple[Any, dict[str, str], str | None]]) -> LineCounts:
    return RepeatedLines().count(
        (_outlet_hint(doc, extra), doc.paragraphs) for doc, extra, _ in documents
    )


@dataclass
class _Segmented:
    n_passages: int = 0
    corpus_hash: str = ""
    long_passages: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Cleaned:
    """What pass 2 keeps: ids, band keys and shingles (in a scratch file) of the documents
    kept, removed lines, counts."""

    shingles: ShingleFile
    doc_ids: list[str] = field(default_factory=list)
    index: BandIndex = field(default_factory=BandIndex)
    removed_lines: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    by_outlet_language: Counter[tuple[str, str]] = field(default_factory=Counter)
    seen: dict[str, str] = field(default_factory=dict)
    segmented: _Segmented = field(default_factory=_Segmented)
    passages_written: Future | None = None  # passages.parquet being closed on a thread

    def keep(self, task: _CleanedTask, skipped: list[SkippedInput]) -> list[int]:
        """The positions of the documents of ``task`` to keep; empty articles and exact
        duplicates go to ``skipped``."""
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
                self.by_outlet_language[(columns["outlet"][i], columns["language"][i])] += 1
                if task.removed[i]:
                    self.removed_lines[doc_id] = task.removed[i]
                kept.append(i)
        return kept


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


def _clean_pass(
    cleaner: _Cleaner,
    chunks: list[_Chunk],
    sizes: list[int],
    workers: Workers,
    work: Path,
    output: Path,
    skipped: list[SkippedInput],
    progress: Progress | None,
    background: ThreadPoolExecutor | None = None,
) -> _Cleaned:
    """Pass 2: cleaned documents to ``work``, their passages (if segmented now) to ``output``
    (its last row group and footer written on ``background``, when given: see
    :attr:`_Cleaned.passages_written`)."""
    cleaned = _Cleaned(ShingleFile(work / _WORK_SHINGLES))
    digest = CorpusDigest()
    done, n_documents = 0, sum(sizes)
    slices = _slices(chunks, sizes, _slice_size(n_documents, _workers(workers.engine)))
    with ExitStack() as stack:
        documents = stack.enter_context(
            TableWriter(
                work / _WORK_DOCUMENTS,
                DOCUMENTS_SCHEMA,
                # A row group per slice (at most SLICE_DOCUMENTS), as it comes: its bytes
                # need not be the same however the run is cut, and regrouping copies them.
                scratch=True,
            )
        )
        passages = None
        closing = stack.enter_context(ExitStack())  # passages.parquet, unless handed over
        if cleaner.segmenter is not None:
            passages = closing.enter_context(_passages_writer(output))
        for task in workers.map(_clean_slice, slices, cleaner, pin=_pinned):
            kept = task.kept_only(cleaned.keep(task, skipped))
            documents.write(kept.table)
            cleaned.index.add_rows(kept.band_keys, kept.shingle_counts > 0)
            cleaned.shingles.add_joined(kept.shingles, kept.shingle_counts)
            if passages is not None:
                passages.write(kept.passages)
                digest.add(kept.digested)
                cleaned.segmented.long_passages.extend(note for _, note in kept.notes)
            done += task.table.num_rows
            if progress:
                progress("clean", done, n_documents)
        if passages is not None:
            _finish(passages, digest, cleaned.segmented)
            if background is not None:
                cleaned.passages_written = background.submit(closing.pop_all().close)
    return cleaned


def _passages_writer(output: Path) -> TableWriter:
    return TableWriter(output / PASSAGES_FILE, PASSAGES_SCHEMA, row_group_size=PASSAGES_ROW_GROUP)


def _finish(writer: TableWriter, digest: CorpusDigest, segmented: _Segmented) -> None:
    segmented.n_passages = writer.rows
    segmented.corpus_hash = digest.hexdigest()
    writer.metadata = {"corpus_hash": segmented.corpus_hash}


def _near_duplicates(cleaned: _Cleaned, options: IngestOptions, threads: int) -> list[str]:
    """Each kept document's near-duplicate cluster, the candidates checked on the shingles
    kept in pass 2 (the band keys and shingles are then let go)."""
    clusters = cleaned.index.clusters(
        cleaned.doc_ids,
        *cleaned.shingles.joined(),
        threshold=options.dedup_threshold,
        threads=threads,
    )
    del cleaned.index, cleaned.shingles
    return clusters


def _command_threads(run: Engine) -> int:
    """Threads for the command's own array work once the local workers are gone: as many
    as the processes asked for (with Dask, the workers are elsewhere: one)."""
    return run.jobs if run.kind == "local" else 1


def _punkt_tokenizers(path: Path, options: IngestOptions) -> dict[str, Any]:
    """With ``unit=sentence`` and ``train_punkt``: a Punkt model per language but Arabic."""
    if options.unit != "sentence" or not options.train_punkt:
        return {}
    languages: set[str] = set()
    for batch in iter_batches(path, ["language"], threads=False):
        languages.update(batch.column("language").to_pylist())
    # Punkt's statistics are built for alphabetic abbreviations: not for Arabic.
    return {
        language: train_punkt(_texts_in(path, language))
        for language in sorted(languages)
        if language != "ar"
    }


def _texts_in(path: Path, language: str) -> Iterator[str]:
    for batch in iter_batches(path, ["text", "language"], threads=False):
        for text, lang in zip(
            *(batch.column(c).to_pylist() for c in ("text", "language")), strict=True
        ):
            if lang == language:
                yield text


def _write_documents(
    documents_path: Path, clusters: list[str], output: Path, segmented: _Segmented
) -> None:
    """The cleaned documents with their near-duplicate clusters, to ``documents.parquet``."""
    with TableWriter(
        output / DOCUMENTS_FILE, DOCUMENTS_SCHEMA, row_group_size=DOCUMENTS_ROW_GROUP
    ) as documents:
        for batch in iter_batches(documents_path, threads=False):  # a scratch file
            documents.write(_with_clusters(batch, clusters[documents.rows :]))
        documents.metadata = {"corpus_hash": segmented.corpus_hash}


def _with_clusters(batch: pa.RecordBatch, clusters: list[str]) -> pa.Table:
    table = pa.Table.from_batches([batch])
    labels = pa.array(clusters[: table.num_rows], type=pa.string())
    return table.set_column(table.schema.get_field_index("dup_cluster"), "dup_cluster", labels)


def _segment_pass(
    documents_path: Path,
    clusters: list[str],
    tokenizers: dict[str, Any],
    options: IngestOptions,
    workers: Workers,
    output: Path,
    batch_size: int,
    progress: Progress | None,
    segmented: _Segmented,
) -> None:
    """Pass 3 (sentences cut by a trained Punkt model): passages, and the documents with
    their clusters, written to ``output``."""
    digest = CorpusDigest()
    total = len(clusters)
    in_flight: deque[pa.RecordBatch] = deque()  # the batches the workers have, in order
    if not workers.engine.is_serial:
        # Enough batches for every process (the tables are regrouped: same bytes).
        workers_ = _workers(workers.engine)
        batch_size = max(MIN_SEGMENT_BATCH, min(batch_size, -(-total // (4 * workers_))))

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in iter_batches(documents_path, batch_size=batch_size, threads=False):
            in_flight.append(batch)
            yield batch.select(["doc_id", "source_path", "language", "text"])

    results = workers.map(_segment_batch, batches(), _Segmenter(options, tokenizers))
    with (
        TableWriter(
            output / DOCUMENTS_FILE, DOCUMENTS_SCHEMA, row_group_size=DOCUMENTS_ROW_GROUP
        ) as documents,
        _passages_writer(output) as passages,
    ):
        for table, long_passages in results:
            documents.write(_with_clusters(in_flight.popleft(), clusters[documents.rows :]))
            passages.write(table)
            digest.update(table.column("passage_id").to_pylist(), table.column("text").to_pylist())
            segmented.long_passages.extend(long_passages)
            if progress:
                progress("segment", documents.rows, total)
        _finish(passages, digest, segmented)
        documents.metadata = passages.metadata


def _report(
    inputs: Iterable[str | Path],
    manifest: str | Path | None,
    options: IngestOptions,
    cleaned: _Cleaned,
    clusters: list[str],
    skipped: list[SkippedInput],
) -> dict[str, Any]:
    from framing import __version__

    segmented = cleaned.segmented
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
