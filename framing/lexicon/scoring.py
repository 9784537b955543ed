"""Lexicon scores: one row per passage and frame, in the shape of ``scores.parquet``.

``hits`` counts the matches kept by the matcher's rules (exclusions,
proximity, leftmost-longest), ``distinct_terms`` the different entries among
them, ``score`` the sum of their weights and ``density`` the score per 1,000
tokens. A passage carries a frame (``present``) when ``score >= threshold``
and ``distinct_terms >= min_distinct``; both are recorded in the metadata.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import CorpusError, LexiconError
from framing.lexicon.compile import CompiledLanguage, language_codes
from framing.lexicon.matcher import Matcher, MatchTable
from framing.lexicon.model import Lexicon
from framing.schema import SCORE_COLUMNS
from framing.text.tokens import count_tokens

REQUIRED_COLUMNS = ("passage_id", "doc_id", "text", "language")


def score_passages(
    passages: pd.DataFrame,
    lexicon: Lexicon,
    *,
    threshold: float = 1.0,
    min_distinct: int = 1,
    matcher: Matcher | None = None,
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

    Returns
    -------
    pandas.DataFrame
        Columns :data:`framing.schema.SCORE_COLUMNS`, one row per passage and
        frame: passages in the given order, frames in lexicon order.
        ``attrs["languages_without_entries"]`` counts the passages whose
        language the lexicon has no entries for (they score zero).

    Examples
    --------
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
    n, frames = len(passages), lexicon.frame_ids
    shape = (n, len(frames))
    hits = np.zeros(shape, dtype=np.int64)
    distinct = np.zeros(shape, dtype=np.int64)
    score = np.zeros(shape, dtype=np.float64)
    matches = np.full(shape, "[]", dtype=object)
    languages = language_codes(passages["language"])
    texts = passages["text"].to_numpy()
    missing: dict[str, int] = {}
    for language in dict.fromkeys(languages):
        rows = np.flatnonzero(languages == language)
        plan = matcher.plan(language)
        if plan is None or not plan.has_entries:
            missing[language or "(none)"] = len(rows)
            continue
        table = matcher.match_table(list(texts[rows]), language)
        if table is not None and len(table):
            _aggregate(table, rows, hits, distinct, score, matches)
    n_tokens = _n_tokens(passages)
    density = np.divide(
        score * 1000.0,
        n_tokens[:, None],
        out=np.zeros(shape, dtype=np.float64),
        where=n_tokens[:, None] > 0,
    )
    present = (score >= threshold) & (distinct >= min_distinct)
    # Object columns: building Arrow strings for millions of cells costs more than scoring.
    table = pd.DataFrame(
        {
            "passage_id": _objects(np.repeat(passages["passage_id"].to_numpy(), len(frames))),
            "doc_id": _objects(np.repeat(passages["doc_id"].to_numpy(), len(frames))),
            "frame": _objects(np.tile(np.asarray(frames, dtype=object), n)),
            "hits": hits.ravel(),
            "distinct_terms": distinct.ravel(),
            "score": score.ravel(),
            "density": density.ravel(),
            "probability": np.full(n * len(frames), np.nan),
            "present": present.ravel(),
            "matches": _objects(matches.ravel()),
        },
        columns=list(SCORE_COLUMNS),
    )
    table.attrs["languages_without_entries"] = missing
    return table


def _objects(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype=object)


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
    if "n_tokens" in passages.columns:
        values = pd.to_numeric(passages["n_tokens"], errors="coerce")
        if not values.isna().any():
            return values.to_numpy(dtype=np.float64)
    return np.array(
        [count_tokens(t) if isinstance(t, str) else 0 for t in passages["text"]], dtype=np.float64
    )


def _aggregate(
    table: MatchTable,
    rows: np.ndarray,
    hits: np.ndarray,
    distinct: np.ndarray,
    score: np.ndarray,
    matches: np.ndarray,
) -> None:
    """Add one language's matches into the (passage, frame) arrays."""
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
    # JSON by hand: one formatted string per match instead of json.dumps per cell.
    order = np.lexsort((table.end, table.start, cell))
    cell, target = cell[order], table.target[order]
    prefixes = _json_prefixes(plan)
    fragments = [
        f'{prefixes[t]}{s}, "end": {e}}}'
        for t, s, e in zip(
            target.tolist(), table.start[order].tolist(), table.end[order].tolist(), strict=True
        )
    ]
    bounds = np.flatnonzero(np.diff(cell)) + 1
    starts = [0, *bounds.tolist()]
    stops = [*bounds.tolist(), len(cell)]
    flat = matches.reshape(-1)
    for c, a, b in zip(cell[starts].tolist(), starts, stops, strict=True):
        flat[c] = "[" + ", ".join(fragments[a:b]) + "]"


def _weights(plan: CompiledLanguage) -> np.ndarray:
    return np.array([t.weight for t in plan.targets], dtype=np.float64)


def _term_ids(plan: CompiledLanguage) -> np.ndarray:
    """An id per distinct (frame, term): distinct_terms counts these."""
    ids: dict[tuple[int, str], int] = {}
    return np.array(
        [ids.setdefault((t.frame_index, t.term), len(ids)) for t in plan.targets], dtype=np.int64
    )


def _json_prefixes(plan: CompiledLanguage) -> list[str]:
    """``{"term": ..., "entry": ..., "start": `` per target: the fixed part of a match's JSON."""
    prefixes = []
    for t in plan.targets:
        term, entry = (json.dumps(v, ensure_ascii=False) for v in (t.term, t.entry))
        prefixes.append(f'{{"term": {term}, "entry": {entry}, "start": ')
    return prefixes


# -- whole corpora -----------------------------------------------------------------------------


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
) -> Path:
    """Score a corpus folder with one or more lexicons and write ``scores.parquet``.

    The table has :data:`~framing.schema.SCORE_COLUMNS` plus ``lexicon`` (the
    lexicon's name). Its Parquet metadata records each lexicon's name,
    version and hash, the threshold, ``min_distinct``, the clitic backend, the
    corpus hash and the languages without entries (with passage counts).

    Examples
    --------
    >>> score_corpus("corpus", ["lexicons/security_diplomacy.yaml"],
    ...              "scores.parquet")  # doctest: +SKIP
    PosixPath('scores.parquet')
    """
    from framing.corpus.corpus import Corpus
    from framing.store import write_table

    corpus = Corpus.read(corpus_dir)
    loaded = [
        lex if isinstance(lex, Lexicon) else load_lexicon_file(lex, language=dictionary_language)
        for lex in lexicons
    ]
    if not loaded:
        raise LexiconError("no lexicon given", hint="pass at least one --lexicon FILE")
    tables, records, backends = [], [], set()
    for lexicon, labels in zip(loaded, frame_labels(loaded), strict=True):
        matcher = Matcher(lexicon, clitics=clitics)
        backends.add(matcher.clitic_backend)
        table = score_passages(
            corpus.passages,
            lexicon,
            threshold=threshold,
            min_distinct=min_distinct,
            matcher=matcher,
        )
        table["frame"] = table["frame"].map(labels)
        table["lexicon"] = lexicon.name
        tables.append(table)
        records.append(_lexicon_record(lexicon, labels, table.attrs["languages_without_entries"]))
    scores = pd.concat(tables, ignore_index=True)
    metadata: dict[str, Any] = {
        "stage": "score",
        "lexicons": records,
        "threshold": threshold,
        "min_distinct": min_distinct,
        "clitic_backend": ", ".join(sorted(backends)),
        "corpus_hash": corpus.hash,
        "corpus": str(corpus_dir),
        "n_passages": len(corpus.passages),
    }
    return write_table(scores, output, metadata)


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
