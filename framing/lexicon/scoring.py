"""Lexicon scores: one row per passage and frame, in the shape of ``scores.parquet``.

``hits`` counts the matches kept by the matcher's rules (exclusions,
proximity, leftmost-longest), ``distinct_terms`` the different entries among
them, ``score`` the sum of their weights and ``density`` the score per 1,000
tokens. A passage carries a frame (``present``) when ``score >= threshold``
and ``distinct_terms >= min_distinct``; both are recorded in the metadata.
"""

from __future__ import annotations

import importlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.collector import collection_paused
from framing.errors import CorpusError, LexiconError
from framing.lexicon.compile import language_codes
from framing.lexicon.matcher import Matcher
from framing.lexicon.model import Lexicon
from framing.lexicon.score_arrays import ScoreArrays, score_arrays
from framing.parallel import DEFAULT_BATCH_SIZE, Engine, map_batches
from framing.schema import score_arrow_fields

REQUIRED_COLUMNS = ("passage_id", "doc_id", "text", "language")
# The Arrow types of scores.parquet (lexicon scores), written batch by batch.
SCORES_SCHEMA = pa.schema([*score_arrow_fields(), ("lexicon", pa.string())])
Progress = Callable[[str, int, int], None]
# Fewer passages than this per process are scored faster in one: starting a process and
# sending it the texts costs about 0.15 s, what scoring some 20,000 passages takes.
MIN_PASSAGES_PER_PROCESS = 60_000
# How scores.parquet is written: the columns whose values repeat (a passage id once per
# frame, the frame and lexicon names) as dictionaries, which readers get back as strings.
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())
_DICTIONARY_COLUMNS = ("passage_id", "frame", "lexicon")
SCORES_WRITE_SCHEMA = pa.schema(
    [(f.name, _DICTIONARY if f.name in _DICTIONARY_COLUMNS else f.type) for f in SCORES_SCHEMA]
)


def score_passages(
    passages: pd.DataFrame,
    lexicon: Lexicon,
    *,
    threshold: float = 1.0,
    min_distinct: int = 1,
    matcher: Matcher | None = None,
    jobs: int = 1,
) -> pd.DataFrame:
    """Score every passage for every frame of ``lexicon``.

    Parameters
    ----------
    passages:
        A table with ``passage_id``, ``doc_id``, ``text``, ``language`` and
        ``n_tokens`` (counted here if absent), like ``passages.parquet``.
    lexicon:
        The lexicon; each passage is matched with its own language's entries.
    threshold, min_distinct:
        ``present`` is ``score >= threshold and distinct_terms >= min_distinct``.
    matcher:
        A :class:`~framing.lexicon.matcher.Matcher` of ``lexicon`` to reuse.
    jobs:
        Local processes to score on, at most one per ``MIN_PASSAGES_PER_PROCESS``
        passages (the table is the same as with one); for corpora on disk,
        :func:`score_corpus` streams and can use Dask too.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`framing.schema.SCORE_COLUMNS`, one row per passage and
        frame: passages in the given order, frames in lexicon order.
        ``attrs["languages_without_entries"]`` counts the passages whose
        language the lexicon has no entries for (they score zero).

    Examples
    --------
    >>> import json
    >>> from framing.lexicon.model import Entry, Frame, Lexicon
    >>> lex = Lexicon("demo", languages=["en"], frames=[
    ...     Frame("threat", "Threat", entries={"en": [Entry("terror*", "glob")]})])
    >>> passages = pd.DataFrame({"passage_id": ["p1"], "doc_id": ["d1"], "language": ["en"],
    ...     "text": ["Police dismantled a terrorist cell."], "n_tokens": [5]})
    >>> row = score_passages(passages, lex).iloc[0]
    >>> row.hits, row.density, bool(row.present), json.loads(row.matches)[0]["start"]
    (np.int64(1), np.float64(200.0), True, 20)
    """
    _check_columns(passages)
    matcher = _matcher_for(lexicon, matcher)
    jobs = Engine(jobs=jobs).for_batches(len(passages) // MIN_PASSAGES_PER_PROCESS).jobs
    if jobs > 1:
        arrays = _score_in_processes(passages, matcher, threshold, min_distinct, jobs)
    else:
        arrays = _passage_arrays(passages, matcher, threshold, min_distinct)
    return arrays.to_frame(
        passages["passage_id"].to_numpy(), passages["doc_id"].to_numpy(), lexicon.frame_ids
    )


def _passage_arrays(
    passages: pd.DataFrame, matcher: Matcher, threshold: float, min_distinct: int
) -> ScoreArrays:
    return score_arrays(
        passages["text"].to_numpy(),
        passages["language"].to_numpy(),
        _n_tokens(passages),
        matcher,
        threshold=threshold,
        min_distinct=min_distinct,
    )


def _check_columns(passages: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in passages.columns]
    if missing:
        raise CorpusError(
            f"passages lack the column(s) {', '.join(missing)}",
            field=", ".join(missing),
            hint="pass the passages table of a corpus (framing ingest writes it)",
        )


def _matcher_for(lexicon: Lexicon, matcher: Matcher | None) -> Matcher:
    if matcher is None:
        return Matcher(lexicon)
    if matcher.lexicon is not lexicon and matcher.lexicon.hash != lexicon.hash:
        raise ValueError("the matcher was compiled from another lexicon")
    return matcher


def _n_tokens(passages: pd.DataFrame) -> np.ndarray:
    """``n_tokens`` as floats, NaN where unknown (:func:`score_arrays` counts those)."""
    if "n_tokens" not in passages.columns:
        return np.full(len(passages), np.nan)
    counts = pd.to_numeric(passages["n_tokens"], errors="coerce")
    return counts.to_numpy(dtype=np.float64, na_value=np.nan)


# -- on several processes ---------------------------------------------------------------------


@dataclass
class _PassageScorer:
    """What a worker process needs to score passages with one lexicon."""

    matcher: Matcher
    threshold: float
    min_distinct: int


def _passage_scorer(
    lexicon: Lexicon, clitics: str, threshold: float, min_distinct: int
) -> _PassageScorer:
    """Worker setup: the lexicon compiled once per process."""
    return _PassageScorer(Matcher(lexicon, clitics=clitics), threshold, min_distinct)


def _score_chunk(scorer: _PassageScorer, chunk: pd.DataFrame) -> ScoreArrays:
    return _passage_arrays(chunk, scorer.matcher, scorer.threshold, scorer.min_distinct)


def _score_in_processes(
    passages: pd.DataFrame, matcher: Matcher, threshold: float, min_distinct: int, jobs: int
) -> ScoreArrays:
    """:func:`score_arrays` on ``jobs`` processes, a few chunks each, joined in order."""
    columns = [c for c in ("text", "language", "n_tokens") if c in passages.columns]
    size = -(-len(passages) // (jobs * 4))
    chunks = (passages[columns].iloc[i : i + size] for i in range(0, len(passages), size))
    state = _PassageScorer(matcher, threshold, min_distinct)
    setup_args = (matcher.lexicon, clitics_option(matcher), threshold, min_distinct)
    parts = map_batches(
        _score_chunk,
        chunks,
        engine=Engine(jobs=jobs),
        setup=_passage_scorer,
        setup_args=setup_args,
        state=state,
    )
    return ScoreArrays.concat(list(parts))


def clitics_option(matcher: Matcher) -> str:
    """The ``clitics`` option that builds a matcher like ``matcher`` (the backend it resolved)."""
    return {"camel-tools": "camel"}.get(matcher.clitic_backend, matcher.clitic_backend)


# -- whole corpora -----------------------------------------------------------------------------


@collection_paused()  # parsing builds ~10^5 objects and no cycles
def load_lexicon_file(path: str | Path, *, language: str = "en") -> Lexicon:
    """Read a lexicon file: our YAML, or LIWC ``.dic``, WordStat ``.cat``, quanteda YAML.

    ``language`` is the language of a one-language dictionary format.
    """
    path = Path(path)
    if not path.is_file():
        raise LexiconError("lexicon file not found", path=path, hint="check the path")
    try:
        formats = importlib.import_module("framing.lexicon.formats")
        load_any = formats.load_any
    except (ImportError, AttributeError):
        load_any = None
    if load_any is not None:
        return load_any(path, language=language)
    try:
        load_lexicon = importlib.import_module("framing.lexicon.io").load_lexicon
    except (ImportError, AttributeError) as exc:
        raise LexiconError(
            "this installation cannot read lexicon files", path=path, hint="reinstall framing"
        ) from exc
    return load_lexicon(path)


def frame_labels(lexicons: Sequence[Lexicon]) -> list[dict[str, str]]:
    """Per lexicon, frame id -> the id used in the scores table.

    Ids shared by several lexicons become ``lexicon:frame``; others stay as they are.
    """
    seen: dict[str, int] = {}
    for lexicon in lexicons:
        for frame_id in dict.fromkeys(lexicon.frame_ids):
            seen[frame_id] = seen.get(frame_id, 0) + 1
    labels = []
    used: set[str] = set()
    for lexicon in lexicons:
        mapping = {}
        for frame_id in lexicon.frame_ids:
            label = f"{lexicon.name}:{frame_id}" if seen[frame_id] > 1 else frame_id
            if label in used:
                raise LexiconError(
                    f"two lexicons named {lexicon.name!r} both define frame {frame_id!r}",
                    path=lexicon.source_path,
                    hint="give the lexicons different names",
                )
            used.add(label)
            mapping[frame_id] = label
        labels.append(mapping)
    return labels


def score_corpus(
    corpus_dir: str | Path,
    lexicons: Sequence[Lexicon | str | Path],
    output: str | Path,
    *,
    threshold: float = 1.0,
    min_distinct: int = 1,
    clitics: str = "auto",
    dictionary_language: str = "en",
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> Path:
    """Score a corpus folder with one or more lexicons and write ``scores.parquet``.

    The table has :data:`~framing.schema.SCORE_COLUMNS` plus ``lexicon`` (the
    lexicon's name): lexicons in the given order, then passages in corpus
    order, then frames in lexicon order. Its Parquet metadata records each
    lexicon's name, version and hash, the threshold, ``min_distinct``, the
    clitic backend, the corpus hash and the languages without entries (with
    passage counts).

    The corpus is streamed: ``batch_size`` passages are read, scored and
    written (one Parquet row group) at a time, so memory does not grow with
    the corpus. ``jobs`` local processes, or ``engine="dask"`` (a local
    cluster of ``jobs`` workers, or the one at ``scheduler``), score the
    batches; the file is byte for byte the same whatever the engine and jobs
    (for a given ``batch_size``). ``progress(stage, done, total)`` is called
    after each batch, in passages.

    Examples
    --------
    >>> score_corpus("corpus", ["lexicons/security_diplomacy.yaml"],
    ...              "scores.parquet", jobs=4)  # doctest: +SKIP
    PosixPath('scores.parquet')
    """
    from framing.corpus.corpus import count_passages, iter_passages, stored_corpus_hash
    from framing.store import write_batches

    run = Engine(kind=engine, jobs=jobs, scheduler=scheduler)  # type: ignore[arg-type]
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    n_passages = count_passages(corpus_dir)  # the corpus first: its error is the likelier
    loaded = [
        lex if isinstance(lex, Lexicon) else load_lexicon_file(lex, language=dictionary_language)
        for lex in lexicons
    ]
    if not loaded:
        raise LexiconError("no lexicon given", hint="pass at least one --lexicon FILE")
    labels = frame_labels(loaded)
    matchers = [Matcher(lexicon, clitics=clitics) for lexicon in loaded]
    languages = _language_counts(iter_passages(corpus_dir, ["language"], batch_size=batch_size))
    metadata: dict[str, Any] = {
        "stage": "score",
        "lexicons": [
            _lexicon_record(lexicon, mapping, _without_entries(matcher, languages))
            for lexicon, mapping, matcher in zip(loaded, labels, matchers, strict=True)
        ],
        "threshold": threshold,
        "min_distinct": min_distinct,
        "clitic_backend": ", ".join(sorted({m.clitic_backend for m in matchers})),
        "corpus_hash": stored_corpus_hash(corpus_dir),
        "corpus": str(corpus_dir),
        "n_passages": n_passages,
    }
    frames = [[labels[i][f] for f in lex.frame_ids] for i, lex in enumerate(loaded)]
    tables = _ScoreTables(frames, [lex.name for lex in loaded], progress, n_passages * len(loaded))
    engine = run.for_batches(-(-n_passages // batch_size) * len(loaded))
    state = _CorpusScorer(matchers, threshold, min_distinct)
    setup_args = (loaded, [clitics_option(m) for m in matchers], threshold, min_distinct)
    if engine.kind == "local" and not engine.is_serial:
        results = tables.from_row_groups(corpus_dir, batch_size, engine, state, setup_args)
    else:  # the batches travel to the workers (Dask workers need no access to the files)
        results = map_batches(
            _score_batch,
            tables.passage_batches(corpus_dir, batch_size),
            engine=engine,
            setup=_corpus_scorer,
            setup_args=setup_args,
            state=state,
        )
    return write_batches(output, SCORES_WRITE_SCHEMA, tables.build(results), metadata)


@dataclass
class _CorpusScorer:
    """What a worker needs to score batches of a corpus: one matcher per lexicon."""

    matchers: list[Matcher]
    threshold: float
    min_distinct: int


def _corpus_scorer(
    lexicons: list[Lexicon], clitics: list[str], threshold: float, min_distinct: int
) -> _CorpusScorer:
    """Worker setup: every lexicon compiled once per process."""
    matchers = [
        Matcher(lexicon, clitics=option) for lexicon, option in zip(lexicons, clitics, strict=True)
    ]
    return _CorpusScorer(matchers, threshold, min_distinct)


def _score_batch(scorer: _CorpusScorer, item: tuple[int, pa.RecordBatch]) -> ScoreArrays:
    """Worker: one batch (text, language, n_tokens) scored with lexicon ``index``.

    It returns compact arrays (passages x frames, and the JSON of the cells
    with matches): a third of the bytes of the long table, which this process
    builds as it writes.
    """
    index, batch = item
    return score_arrays(
        batch.column("text").to_numpy(zero_copy_only=False),
        batch.column("language").to_numpy(zero_copy_only=False),
        batch.column("n_tokens").to_numpy(zero_copy_only=False).astype(np.float64),
        scorer.matchers[index],
        threshold=scorer.threshold,
        min_distinct=scorer.min_distinct,
    )


@dataclass
class _ScoreTables:
    """Here: the workers' compact arrays back into the rows of ``scores.parquet``.

    Only text, language and token counts travel to the workers; the ids stay
    here (in ``ids``, in batch order) and rejoin the arrays as they come back.
    """

    frames: list[list[str]]  # per lexicon, the frame labels in lexicon order
    names: list[str]
    progress: Progress | None
    total: int
    ids: deque[tuple[int, pa.RecordBatch]] = field(default_factory=deque)

    def passage_batches(
        self, corpus_dir: str | Path, batch_size: int
    ) -> Iterator[tuple[int, pa.RecordBatch]]:
        """(lexicon index, batch) for every lexicon, then every batch of the corpus."""
        from framing.corpus.corpus import iter_passages

        columns = [*REQUIRED_COLUMNS, "n_tokens"]
        for index in range(len(self.names)):
            for batch in iter_passages(corpus_dir, columns, batch_size=batch_size):
                self.ids.append((index, batch.select(["passage_id", "doc_id"])))
                yield index, batch.select(["text", "language", "n_tokens"])

    def from_row_groups(
        self,
        corpus_dir: str | Path,
        batch_size: int,
        engine: Engine,
        state: _CorpusScorer,
        setup_args: tuple,
    ) -> Iterator[ScoreArrays]:
        """The batches' scores, each local worker reading its batches' text itself.

        A task is the batches that start in one row group of ``passages.parquet``;
        only the ids are read here, so the command does not read and send the text.
        """
        from framing.corpus.corpus import iter_passages, passages_path

        path = passages_path(corpus_dir)
        tasks = _row_group_tasks(path, len(self.names), batch_size)
        results = map_batches(
            _score_rows,
            tasks,
            engine=engine,
            setup=_corpus_scorer,
            setup_args=setup_args,
            state=state,
        )
        ids = (
            (index, batch)
            for index in range(len(self.names))
            for batch in iter_passages(corpus_dir, ["passage_id", "doc_id"], batch_size=batch_size)
        )
        for task_results in results:
            for arrays in task_results:
                self.ids.append(next(ids))
                yield arrays

    def build(self, results: Iterable[ScoreArrays]) -> Iterator[pa.Table]:
        done = 0
        for arrays in results:
            index, ids = self.ids.popleft()
            table = arrays.to_arrow(ids.column(0), ids.column(1), self.frames[index])
            name = pa.array([self.names[index]], type=pa.string())
            lexicon = pa.DictionaryArray.from_arrays(pa.array(np.zeros(len(table), np.int32)), name)
            yield table.append_column("lexicon", lexicon)
            done += ids.num_rows
            if self.progress is not None:
                self.progress("score", done, self.total)


class _RowsTask(NamedTuple):
    """Rows ``start:stop`` of a passages file, to score with lexicon ``lexicon``.

    ``groups`` are the row groups holding them, ``offset`` the first row of the first.
    """

    lexicon: int
    path: str
    start: int
    stop: int
    batch_size: int
    groups: range
    offset: int


def _row_group_tasks(path: Path, n_lexicons: int, batch_size: int) -> Iterator[_RowsTask]:
    """A task per row group: the batches that start in it (the last may run into the next)."""
    import pyarrow.parquet as pq

    metadata = pq.ParquetFile(path).metadata
    total = metadata.num_rows
    ends = np.cumsum([metadata.row_group(g).num_rows for g in range(metadata.num_row_groups)])
    for index in range(n_lexicons):
        start = 0
        for group, end in enumerate(ends.tolist()):
            stop = min(-(-end // batch_size) * batch_size, total)  # the last batch starting here
            if stop > start:
                last = int(np.searchsorted(ends, stop - 1, side="right"))
                offset = int(ends[group - 1]) if group else 0
                groups = range(group, last + 1)
                yield _RowsTask(index, str(path), start, stop, batch_size, groups, offset)
                start = stop


def _score_rows(scorer: _CorpusScorer, task: _RowsTask) -> list[ScoreArrays]:
    """Worker: read the task's rows of the passages and score them batch by batch."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(task.path, pre_buffer=False)
    columns = ["text", "language", "n_tokens"]
    rows = parquet.read_row_groups(task.groups, columns=columns).slice(
        task.start - task.offset, task.stop - task.start
    )
    batches = (
        rows.slice(at, task.batch_size).combine_chunks().to_batches()[0]
        for at in range(0, task.stop - task.start, task.batch_size)
    )
    return [_score_batch(scorer, (task.lexicon, batch)) for batch in batches]


def _language_counts(batches: Iterable[pa.RecordBatch]) -> dict[str, int]:
    """Passages per normalised language, in order of first appearance."""
    counts: Counter[str] = Counter()
    for batch in batches:
        found = pc.value_counts(batch.column("language")).to_pylist()
        values = [item["values"] for item in found]
        for code, n in zip(language_codes(values), (item["counts"] for item in found), strict=True):
            counts[code] += n
    return dict(counts)


def _without_entries(matcher: Matcher, languages: dict[str, int]) -> dict[str, int]:
    """Passage counts of the languages ``matcher`` has no entries for (they score zero)."""
    missing = {}
    for language, count in languages.items():
        plan = matcher.plan(language)
        if plan is None or not plan.has_entries:
            missing[language or "(none)"] = count
    return missing


def _lexicon_record(
    lexicon: Lexicon, labels: dict[str, str], missing: dict[str, int]
) -> dict[str, Any]:
    return {
        "name": lexicon.name,
        "version": lexicon.version,
        "hash": lexicon.hash,
        "source_path": lexicon.source_path,
        "frames": list(labels.values()),
        "languages_without_entries": missing,
    }


def frame_presence(
    scores_path: str | Path, corpus_dir: str | Path, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> pd.DataFrame:
    """Passages with each frame, per language, from a ``scores.parquet`` and its corpus.

    Streams both files side by side (in the order :func:`score_corpus` writes),
    so memory stays bounded. Columns: ``frame``, ``language``, ``n_passages``
    (passages in that language), ``n_present`` (of them, with the frame).

    Examples
    --------
    >>> frame_presence("scores.parquet", "corpus").head(2)  # doctest: +SKIP
              frame language  n_passages  n_present
    0  threat       en            1200        310
    """
    from framing.corpus.corpus import iter_passages
    from framing.store import iter_batches, read_metadata

    records = read_metadata(scores_path).get("lexicons") or []
    rows = _RowStream(iter_batches(scores_path, ["passage_id", "frame", "present"]))
    totals: Counter[str] = Counter()
    present: Counter[tuple[str, str]] = Counter()
    for number, record in enumerate(records):
        frames = list(record["frames"])
        for batch in iter_passages(corpus_dir, ["passage_id", "language"], batch_size=batch_size):
            codes = language_codes(batch.column("language").to_pylist())
            if number == 0:
                totals.update(codes.tolist())
            block = rows.take(batch.num_rows * len(frames))
            ids = np.repeat(batch.column("passage_id").to_numpy(zero_copy_only=False), len(frames))
            if not np.array_equal(block.column("passage_id").to_numpy(), ids):
                raise CorpusError(
                    "the scores do not follow the corpus's passages",
                    path=scores_path,
                    hint="score this corpus again with `framing score`",
                )
            flags = block.column("present").to_numpy().reshape(batch.num_rows, len(frames))
            for code in dict.fromkeys(codes):
                counts = flags[codes == code].sum(axis=0)
                present.update(
                    {(frame, code): int(c) for frame, c in zip(frames, counts, strict=True)}
                )
    return pd.DataFrame(
        [
            {"frame": frame, "language": code, "n_passages": totals[code], "n_present": n}
            for (frame, code), n in present.items()
        ],
        columns=["frame", "language", "n_passages", "n_present"],
    )


class _RowStream:
    """Rows of record batches, taken ``n`` at a time whatever the batches' sizes."""

    def __init__(self, batches: Iterable[pa.RecordBatch]) -> None:
        self.batches = iter(batches)
        self.buffer: list[pa.RecordBatch] = []
        self.buffered = 0

    def take(self, n: int) -> pa.Table:
        while self.buffered < n:
            batch = next(self.batches, None)
            if batch is None:
                raise CorpusError("the scores table has fewer rows than the corpus needs")
            self.buffer.append(batch)
            self.buffered += batch.num_rows
        table = pa.Table.from_batches(self.buffer).combine_chunks()
        head, rest = table.slice(0, n), table.slice(n)
        self.buffer, self.buffered = rest.to_batches(), rest.num_rows
        return head
