"""The analysis frame: scores joined with the corpus, grouped, optionally deduplicated.

Scores (lexicon) and predictions (classifier) have the same shape: one row
per passage and frame with a boolean ``present``. An article *has* a frame when
any of its passages has it (the union of passage codes, as the codebook says).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.compare.groupings import UNKNOWN, group_columns, group_label
from framing.corpus.corpus import Corpus
from framing.errors import CompareError
from framing.hashing import hash_file
from framing.store import read_metadata, read_table

REQUIRED_SCORE_COLUMNS = ("passage_id", "doc_id", "frame", "present")


@dataclass
class AnalysisData:
    """Everything the statistics need, at passage and article level.

    Attributes
    ----------
    passage_scores:
        One row per passage and frame: ``passage_id, doc_id, frame, present,
        density`` plus the group columns and ``group``.
    articles:
        One row per article: ``doc_id``, the group columns, ``group`` (their
        label), ``n_passages``, ``outlet``, ``language``, ``date``, ``dup_cluster``.
    article_scores:
        One row per article and frame: ``doc_id, frame, n_passages,
        n_passages_with_frame, has_frame, density_sum, density_count`` plus the
        group columns and ``group``.
    passages:
        The corpus passages analysed (``passage_id, doc_id, text, language``).
    frames:
        The frames compared, in the order of the scores table.
    by:
        The grouping names.
    deduplicated:
        Whether one article per near-duplicate cluster was kept.
    info:
        Counts of what was set aside and why (recorded in ``comparison.json``).
    """

    passage_scores: pd.DataFrame
    articles: pd.DataFrame
    article_scores: pd.DataFrame
    passages: pd.DataFrame
    frames: list[str]
    by: list[str]
    deduplicated: bool
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def groups(self) -> pd.DataFrame:
        """The groups present, one row each: the group columns and ``group``, sorted."""
        cols = [*self.by, "group"]
        return self.articles[cols].drop_duplicates().sort_values(cols).reset_index(drop=True)


def load_scores(path: str | Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Read a scores/predictions Parquet table and its provenance metadata."""
    path = Path(path)
    table = read_table(path)
    meta = {"path": str(path), "hash": hash_file(path), "metadata": read_metadata(path)}
    return table, meta


def prepare(
    scores: pd.DataFrame,
    corpus: Corpus,
    by: Sequence[str],
    *,
    frames: Sequence[str] | None = None,
    dedupe: bool = False,
    lexicon: str | None = None,
) -> AnalysisData:
    """Join ``scores`` with ``corpus``, add the grouping, keep ``frames``, optionally dedupe.

    Examples
    --------
    >>> data = prepare(scores, corpus, ["outlet"], dedupe=True)  # doctest: +SKIP
    >>> data.article_scores.groupby("frame")["has_frame"].mean()  # doctest: +SKIP
    """
    by = list(by)
    scores = _select_lexicon(_check_scores(scores), lexicon)
    frames = _select_frames(scores, frames)
    documents = corpus.documents
    info: dict[str, Any] = {}
    unknown_docs = set(scores["doc_id"]) - set(documents["doc_id"].astype(str))
    if unknown_docs:
        raise CompareError(
            f"{len(unknown_docs)} scored documents are not in the corpus "
            f"(e.g. {sorted(unknown_docs)[0]})",
            field="doc_id",
            hint="score the same corpus folder you pass with --corpus",
        )
    scored = documents[documents["doc_id"].astype(str).isin(set(scores["doc_id"]))]
    info["n_documents_unscored"] = int(len(documents) - len(scored))
    if scored.empty:
        raise CompareError("no scored document in the corpus", hint="check --corpus")
    if dedupe:
        scored, info["n_duplicates_removed"] = deduplicate(scored)
    else:
        info["n_duplicates_removed"] = 0
    articles = _articles(scored, corpus.passages, by)
    info["n_documents_without_passages"] = int((articles["n_passages"] == 0).sum())
    articles = articles[articles["n_passages"] > 0].reset_index(drop=True)
    passage_scores = _passage_scores(scores, corpus.passages, articles, frames, info)
    article_scores = _article_scores(passage_scores, articles, by)
    passages = corpus.passages[corpus.passages["doc_id"].isin(set(articles["doc_id"]))]
    return AnalysisData(
        passage_scores=passage_scores,
        articles=articles,
        article_scores=article_scores,
        passages=passages.reset_index(drop=True),
        frames=frames,
        by=by,
        deduplicated=dedupe,
        info=info,
    )


def deduplicate(documents: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Keep one document per ``dup_cluster``: the earliest by date, then by ``doc_id``.

    Dates with a year sort by their ISO text (``2026-02`` before ``2026-02-11``);
    dates without a year (``--11-27``) and empty dates sort after every dated one.

    >>> docs = pd.DataFrame({"doc_id": ["b", "a", "c"], "dup_cluster": ["k", "k", ""],
    ...                      "date": ["2026-02-11", "2026-02-12", ""]})
    >>> kept, removed = deduplicate(docs)
    >>> kept["doc_id"].tolist(), removed
    (['b', 'c'], 1)
    """
    docs = documents.copy()
    dated = docs["date"].fillna("").astype(str).str.match(r"^\d{4}")
    docs["_undated"] = ~dated
    docs["_date"] = docs["date"].fillna("").astype(str)
    docs["_id"] = docs["doc_id"].astype(str)
    cluster = docs["dup_cluster"].fillna("").astype(str)
    clustered = docs[cluster != ""].sort_values(["_undated", "_date", "_id"])
    first = clustered.drop_duplicates(subset="dup_cluster", keep="first")
    kept = pd.concat([docs[cluster == ""], first])
    kept = docs[docs.index.isin(kept.index)].drop(columns=["_undated", "_date", "_id"])
    return kept, int(len(documents) - len(kept))


def _check_scores(scores: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in REQUIRED_SCORE_COLUMNS if c not in scores.columns]
    if missing:
        raise CompareError(
            f"scores table lacks columns {', '.join(missing)}",
            hint="pass the scores.parquet or predictions.parquet written by framing",
        )
    scores = scores.copy()
    for col in ("passage_id", "doc_id", "frame"):
        scores[col] = scores[col].astype(str)
    if scores["present"].isna().any():
        row = int(np.flatnonzero(scores["present"].isna().to_numpy())[0])
        raise CompareError("empty value in `present`", line=row + 1, field="present")
    scores["present"] = scores["present"].astype(bool)
    if "density" not in scores.columns:
        scores["density"] = np.nan
    scores["density"] = pd.to_numeric(scores["density"], errors="coerce").astype(float)
    return scores


def _select_lexicon(scores: pd.DataFrame, lexicon: str | None) -> pd.DataFrame:
    if "lexicon" not in scores.columns:
        if lexicon is not None:
            raise CompareError("scores have no `lexicon` column to select from", field="lexicon")
        return scores
    names = sorted(scores["lexicon"].astype(str).unique())
    if lexicon is None:
        if len(names) > 1:
            raise CompareError(
                f"scores hold several lexicons: {', '.join(names)}",
                field="lexicon",
                hint="choose one with --lexicon",
            )
        return scores
    if lexicon not in names:
        raise CompareError(
            f"lexicon {lexicon!r} not in scores", field="lexicon", hint=f"one of {names}"
        )
    return scores[scores["lexicon"].astype(str) == lexicon]


def _select_frames(scores: pd.DataFrame, frames: Sequence[str] | None) -> list[str]:
    available = list(dict.fromkeys(scores["frame"]))
    if not available:
        raise CompareError("the scores table is empty", hint="score a non-empty corpus")
    if not frames:
        return available
    unknown = [f for f in frames if f not in available]
    if unknown:
        raise CompareError(
            f"unknown frame(s) {', '.join(unknown)}",
            field="frames",
            hint=f"frames in the scores: {', '.join(available)}",
        )
    return list(dict.fromkeys(frames))


def _articles(documents: pd.DataFrame, passages: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    groups = group_columns(documents, by)
    keep = [c for c in ("outlet", "language", "date", "dup_cluster") if c not in by]
    extra = documents[["doc_id", *keep]].copy()
    extra["doc_id"] = extra["doc_id"].astype(str)
    articles = groups.merge(extra, on="doc_id", how="left")
    counts = passages.groupby(passages["doc_id"].astype(str)).size()
    articles["n_passages"] = articles["doc_id"].map(counts).fillna(0).astype(int)
    articles["group"] = [group_label(v) for v in articles[by].itertuples(index=False)]
    return articles.sort_values("doc_id").reset_index(drop=True)


def _passage_scores(
    scores: pd.DataFrame,
    passages: pd.DataFrame,
    articles: pd.DataFrame,
    frames: list[str],
    info: dict[str, Any],
) -> pd.DataFrame:
    """Every passage x frame of the kept articles; a missing score row counts as absent."""
    scores = scores[scores["frame"].isin(frames)]
    dup = scores.duplicated(["passage_id", "frame"])
    if dup.any():
        first = scores[dup].iloc[0]
        raise CompareError(
            f"{int(dup.sum())} duplicate passage x frame rows "
            f"(e.g. {first['passage_id']} / {first['frame']})",
            hint="pass one scores table per lexicon or model",
        )
    known = set(passages["passage_id"].astype(str))
    stray = scores.loc[~scores["passage_id"].isin(known), "passage_id"]
    if len(stray):
        raise CompareError(
            f"{stray.nunique()} scored passages are not in the corpus (e.g. {stray.iloc[0]})",
            field="passage_id",
            hint="score the same corpus folder you pass with --corpus",
        )
    kept = passages[passages["doc_id"].astype(str).isin(set(articles["doc_id"]))]
    grid = pd.MultiIndex.from_product(
        [kept["passage_id"].astype(str), frames], names=["passage_id", "frame"]
    ).to_frame(index=False)
    grid["doc_id"] = np.repeat(kept["doc_id"].astype(str).to_numpy(), len(frames))
    merged = grid.merge(
        scores[["passage_id", "frame", "present", "density"]],
        on=["passage_id", "frame"],
        how="left",
    )
    info["n_missing_score_rows"] = int(merged["present"].isna().sum())
    merged["present"] = merged["present"].fillna(False).astype(bool)
    group_cols = [c for c in articles.columns if c not in ("n_passages",)]
    return merged.merge(articles[group_cols], on="doc_id", how="left")


def _article_scores(
    passage_scores: pd.DataFrame, articles: pd.DataFrame, by: list[str]
) -> pd.DataFrame:
    tmp = passage_scores.assign(
        _density=passage_scores["density"].fillna(0.0),
        _has_density=passage_scores["density"].notna(),
    )
    agg = (
        tmp.groupby(["doc_id", "frame"], sort=False)
        .agg(
            n_passages=("present", "size"),
            n_passages_with_frame=("present", "sum"),
            density_sum=("_density", "sum"),
            density_count=("_has_density", "sum"),
        )
        .reset_index()
    )
    agg["has_frame"] = agg["n_passages_with_frame"] > 0
    group_cols = ["doc_id", *by, "group"]
    out = articles[group_cols].merge(agg, on="doc_id", how="inner")
    return out


def drop_unknown(frame: pd.DataFrame, by: Sequence[str]) -> tuple[pd.DataFrame, int]:
    """Rows whose every group value is known, and how many rows were set aside."""
    mask = np.ones(len(frame), dtype=bool)
    for col in by:
        mask &= (frame[col] != UNKNOWN).to_numpy()
    return frame[mask], int((~mask).sum())
