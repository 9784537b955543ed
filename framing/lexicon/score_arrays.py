"""Lexicon scores of a batch of passages as arrays, before they become a table.

:func:`score_arrays` does the matching and counting; :class:`ScoreArrays`
holds one row per passage and one column per frame, and the non-empty
``matches`` cells only (most cells have none). It is small to send between
processes, and becomes the long ``scores`` table (one row per passage and
frame) either as a pandas DataFrame or, without a Python object per cell, as
an Arrow table ready to write.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.lexicon.compile import CompiledLanguage, language_codes
from framing.lexicon.matcher import Matcher, MatchTable
from framing.schema import SCORE_COLUMNS
from framing.text.tokens import count_tokens

EMPTY_MATCHES = "[]"


@dataclass
class ScoreArrays:
    """Scores of ``n`` passages for ``k`` frames.

    Attributes
    ----------
    hits, distinct_terms, score, density, present:
        ``(n, k)`` arrays.
    match_cells, match_json:
        Flat cell indices (``passage * k + frame``) with at least one match,
        ascending, and the JSON list of those matches; every other cell's
        matches are ``[]``.
    languages_without_entries:
        Passages per language the lexicon has no entries for (they score zero).
    """

    hits: np.ndarray
    distinct_terms: np.ndarray
    score: np.ndarray
    density: np.ndarray
    present: np.ndarray
    match_cells: np.ndarray
    match_json: list[str]
    languages_without_entries: dict[str, int] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int]:
        """``(passages, frames)``."""
        return self.hits.shape  # type: ignore[return-value]

    def __getstate__(self) -> dict[str, Any]:
        """What is sent to another process: the five matrices as their cells that are
        not all zero (most passages have no match for most frames), about a tenth of
        the matrices' bytes."""
        state = dict(self.__dict__)
        flat = {name: np.ravel(state.pop(name)) for name in _MATRICES}
        # By bit pattern, so that -0.0 and NaN come back as they were.
        busy = np.zeros(self.hits.size, dtype=bool)
        for values in flat.values():
            busy |= values.view(f"u{values.itemsize}") != 0
        cells = np.flatnonzero(busy)
        state["_cells"] = (self.shape, cells, {name: v[cells] for name, v in flat.items()})
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        shape, cells, values = state.pop("_cells")
        for name, kept in values.items():
            full = np.zeros(shape[0] * shape[1], dtype=kept.dtype)
            full[cells] = kept
            state[name] = full.reshape(shape)
        self.__dict__.update(state)

    @classmethod
    def concat(cls, parts: Sequence[ScoreArrays]) -> ScoreArrays:
        """The passages of ``parts``, one after the other."""
        offsets = np.cumsum([0, *(p.hits.size for p in parts)])[:-1]
        missing: Counter[str] = Counter()
        for part in parts:
            missing.update(part.languages_without_entries)
        return cls(
            *(np.concatenate([getattr(p, name) for p in parts]) for name in _MATRICES),
            np.concatenate([p.match_cells + o for p, o in zip(parts, offsets, strict=True)]).astype(
                np.int64
            ),
            [text for p in parts for text in p.match_json],
            dict(missing),
        )

    def matches(self) -> np.ndarray:
        """The flat ``matches`` column: a JSON string per cell, as objects."""
        matches = np.empty(self.hits.size, dtype=object)
        matches.fill(EMPTY_MATCHES)  # np.full is ~40x slower for objects
        matches[self.match_cells] = self.match_json
        return matches

    def to_frame(
        self, passage_ids: np.ndarray, doc_ids: np.ndarray, frames: Sequence[str]
    ) -> pd.DataFrame:
        """The long table: columns :data:`~framing.schema.SCORE_COLUMNS`."""
        n, k = self.shape
        # Object columns: building Arrow strings for millions of cells costs more than scoring;
        # copy=False: consolidating the columns into blocks would cost as much again.
        table = pd.DataFrame(
            {
                "passage_id": _objects(np.repeat(np.asarray(passage_ids, dtype=object), k)),
                "doc_id": _objects(np.repeat(np.asarray(doc_ids, dtype=object), k)),
                "frame": _objects(np.tile(np.asarray(frames, dtype=object), n)),
                **self._numbers(),
                "matches": _objects(self.matches()),
            },
            columns=list(SCORE_COLUMNS),
            copy=False,
        )
        table.attrs["languages_without_entries"] = dict(self.languages_without_entries)
        return table

    def to_arrow(self, passage_ids: pa.Array, doc_ids: pa.Array, frames: Sequence[str]) -> pa.Table:
        """The long table as Arrow, built by index (no Python object per cell).

        Passage ids and frames are dictionary arrays (indices into the batch's
        ids and the frames: no string copied), which Parquet writes as
        dictionary pages as they are. (Doc ids and matches repeat values
        within their dictionary, which pyarrow's writer does not encode
        deterministically: they are plain strings.)
        """
        n, k = self.shape
        rows = pa.array(np.repeat(np.arange(n, dtype=np.int32), k))
        columns = pa.array(np.tile(np.arange(k, dtype=np.int32), n))
        which = np.zeros(n * k, dtype=np.int32)
        which[self.match_cells] = np.arange(1, len(self.match_cells) + 1, dtype=np.int32)
        matches = pa.array([EMPTY_MATCHES, *self.match_json], type=pa.string())
        arrays = {
            "passage_id": pa.DictionaryArray.from_arrays(rows, _string(passage_ids)),
            "doc_id": _string(doc_ids).take(rows),
            "frame": pa.DictionaryArray.from_arrays(columns, pa.array(list(frames), pa.string())),
            **{name: pa.array(values) for name, values in self._numbers().items()},
            "matches": matches.take(pa.array(which)),
        }
        return pa.table(arrays)

    def _numbers(self) -> dict[str, np.ndarray]:
        n, k = self.shape
        return {
            "hits": self.hits.ravel(),
            "distinct_terms": self.distinct_terms.ravel(),
            "score": self.score.ravel(),
            "density": self.density.ravel(),
            "probability": np.full(n * k, np.nan),
            "present": self.present.ravel(),
        }


_MATRICES = ("hits", "distinct_terms", "score", "density", "present")


def _objects(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype=object, copy=False)


def _string(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa.string())


def score_arrays(
    texts: Sequence[object],
    languages: Sequence[object],
    n_tokens: np.ndarray,
    matcher: Matcher,
    *,
    threshold: float = 1.0,
    min_distinct: int = 1,
) -> ScoreArrays:
    """Match and count: the scores of passages given as columns.

    ``n_tokens`` may hold NaN where the count is unknown; those passages are
    counted here. ``present`` is ``score >= threshold and distinct_terms >=
    min_distinct``.

    Examples
    --------
    >>> from framing.lexicon.model import Entry, Frame, Lexicon
    >>> lex = Lexicon("demo", languages=["en"], frames=[
    ...     Frame("threat", "Threat", entries={"en": [Entry("terror*", "glob")]})])
    >>> result = score_arrays(["A terror plot."], ["en"], np.array([3.0]), Matcher(lex))
    >>> result.hits.tolist(), result.match_json
    ([[1]], ['[{"term": "terror*", "entry": "terror*", "start": 2, "end": 8}]'])
    """
    texts = np.asarray(texts, dtype=object)
    n, k = len(texts), len(matcher.lexicon.frame_ids)
    hits = np.zeros((n, k), dtype=np.int64)
    distinct = np.zeros((n, k), dtype=np.int64)
    score = np.zeros((n, k), dtype=np.float64)
    cells: list[np.ndarray] = []
    fragments: list[str] = []
    codes = language_codes(languages)
    missing: dict[str, int] = {}
    for language in dict.fromkeys(codes):
        rows = np.flatnonzero(codes == language)
        plan = matcher.plan(language)
        if plan is None or not plan.has_entries:
            missing[language or "(none)"] = len(rows)
            continue
        table = matcher.match_table(list(texts[rows]), language)
        if table is not None and len(table):
            found, json_lists = _aggregate(table, rows, hits, distinct, score)
            cells.append(found)
            fragments.extend(json_lists)
    tokens = _fill_counts(np.asarray(n_tokens, dtype=np.float64), texts)
    density = np.divide(
        score * 1000.0, tokens[:, None], out=np.zeros((n, k)), where=tokens[:, None] > 0
    )
    present = (score >= threshold) & (distinct >= min_distinct)
    flat = np.concatenate(cells) if cells else np.zeros(0, dtype=np.int64)
    order = np.argsort(flat, kind="stable")  # languages interleave: cells in passage order
    return ScoreArrays(
        hits, distinct, score, density, present, flat[order], [fragments[i] for i in order], missing
    )


def _fill_counts(n_tokens: np.ndarray, texts: np.ndarray) -> np.ndarray:
    """``n_tokens`` with the unknown (NaN) counts counted from the text."""
    n_tokens = n_tokens.copy()
    unknown = np.flatnonzero(np.isnan(n_tokens))
    if len(unknown):
        n_tokens[unknown] = [count_tokens(t) if isinstance(t, str) else 0 for t in texts[unknown]]
    return n_tokens


def _aggregate(
    table: MatchTable,
    rows: np.ndarray,
    hits: np.ndarray,
    distinct: np.ndarray,
    score: np.ndarray,
) -> tuple[np.ndarray, list[str]]:
    """Add one language's matches into the (passage, frame) arrays.

    Returns the flat cells with matches and each one's JSON list of matches.
    """
    plan = table.plan
    cell = rows[table.passage] * hits.shape[1] + table.frame  # flat (passage, frame) index
    np.add.at(hits.reshape(-1), cell, 1)
    np.add.at(score.reshape(-1), cell, _weights(plan)[table.target])
    terms = _term_ids(plan)
    n_terms = int(terms.max()) + 1
    pairs = np.sort(cell * n_terms + terms[table.target])
    first = np.ones(len(pairs), dtype=bool)
    first[1:] = pairs[1:] != pairs[:-1]
    np.add.at(distinct.reshape(-1), pairs[first] // n_terms, 1)
    order = np.lexsort((table.end, table.start, cell))
    cell = cell[order]
    starts = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
    lists = _json_lists(plan, table.target[order], table.start[order], table.end[order], starts)
    return cell[starts].astype(np.int64), lists


def _json_lists(
    plan: CompiledLanguage,
    target: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    cell_starts: np.ndarray,
) -> list[str]:
    """The JSON list of each cell's matches (rows ``cell_starts[i]`` up to the next start).

    Written by Arrow's string kernels from each target's fixed prefix rather
    than by ``json.dumps`` or a Python format per match: the same text, several
    times faster.
    """
    one = pc.binary_join_element_wise(
        _json_prefixes(plan).take(pa.array(target)),
        pc.cast(pa.array(start), pa.string()),
        ', "end": ',
        pc.cast(pa.array(end), pa.string()),
        "}",
        "",
    )
    offsets = pa.array(np.r_[cell_starts, len(target)].astype(np.int32))
    joined = pc.binary_join(pa.ListArray.from_arrays(offsets, one), ", ")
    return pc.binary_join_element_wise("[", joined, "]", "").to_pylist()


def _derived(plan: CompiledLanguage, name: str, build: Callable[[CompiledLanguage], Any]) -> Any:
    """A table derived from the plan's targets, built once per compiled lexicon."""
    if name not in plan.derived:
        plan.derived[name] = build(plan)
    return plan.derived[name]


def _weights(plan: CompiledLanguage) -> np.ndarray:
    return _derived(
        plan, "weights", lambda p: np.array([t.weight for t in p.targets], dtype=np.float64)
    )


def _term_ids(plan: CompiledLanguage) -> np.ndarray:
    """An id per distinct (frame, term): distinct_terms counts these."""
    return _derived(plan, "term_ids", _build_term_ids)


def _build_term_ids(plan: CompiledLanguage) -> np.ndarray:
    ids: dict[tuple[int, str], int] = {}
    return np.array(
        [ids.setdefault((t.frame_index, t.term), len(ids)) for t in plan.targets], dtype=np.int64
    )


def _json_prefixes(plan: CompiledLanguage) -> pa.Array:
    """``{"term": ..., "entry": ..., "start": `` per target: the fixed part of a match's JSON."""
    return _derived(plan, "json_prefixes", _build_json_prefixes)


def _build_json_prefixes(plan: CompiledLanguage) -> pa.Array:
    prefixes = []
    for t in plan.targets:
        term, entry = (json.dumps(v, ensure_ascii=False) for v in (t.term, t.entry))
        prefixes.append(f'{{"term": {term}, "entry": {entry}, "start": ')
    return pa.array(prefixes, type=pa.string())
