"""The corpus described in small tables: articles and passages by outlet, language and month."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from framing.compare.groupings import date_part

UNDATED = "undated"


def outlet_table(documents: pd.DataFrame, passages: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles, passages and date range per outlet and language, with a total row.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["Atlas", "Atlas", "المرصاد"],
    ...     "language": ["en", "en", "ar"], "date": ["2025-11-02", "", "2026-01"]})
    >>> outlet_table(docs)[["outlet", "articles", "undated"]].values.tolist()
    [['Atlas', 2, 1], ['المرصاد', 1, 0], ['Total', 3, 1]]
    """
    docs = documents.assign(
        date=documents.get("date", pd.Series("", index=documents.index)).fillna("").astype(str)
    )
    n_passages = _passages_per_doc(docs, passages)
    docs = docs.assign(_passages=docs["doc_id"].map(n_passages).fillna(0).astype(int))
    rows = []
    for (outlet, language), part in docs.groupby(["outlet", "language"], sort=True):
        rows.append(_row(outlet, language, part))
    rows.append(_row("Total", "", docs))
    return pd.DataFrame(rows)


def month_table(documents: pd.DataFrame) -> pd.DataFrame:
    """Articles per month (rows, ``undated`` last) and language (columns), with totals.

    >>> docs = pd.DataFrame({"language": ["en", "ar", "ar"],
    ...     "date": ["2025-11-02", "2025-11-20", "2025"]})
    >>> month_table(docs).to_dict("list")
    {'month': ['2025-11', 'undated', 'Total'], 'ar': [1, 1, 2], 'en': [1, 0, 1], 'Total': [2, 1, 3]}
    """
    months = [
        UNDATED if (m := date_part(str(d), "month")) == "unknown" else m
        for d in documents.get("date", pd.Series("", index=documents.index)).fillna("")
    ]
    counts = pd.crosstab(pd.Series(months, name="month"), documents["language"].to_numpy())
    order = sorted(m for m in counts.index if m != UNDATED) + (
        [UNDATED] if UNDATED in counts.index else []
    )
    counts = counts.reindex(order)
    counts.loc["Total"] = counts.sum()
    counts["Total"] = counts.sum(axis=1)
    counts.columns.name = None
    return counts.reset_index().astype({c: int for c in counts.columns})


def duplicate_summary(documents: pd.DataFrame) -> dict[str, int]:
    """Near-duplicate clusters: how many, how many articles in them, how many a dedupe removes."""
    clusters = documents.get("dup_cluster", pd.Series("", index=documents.index)).fillna("")
    clustered = clusters[clusters.astype(str) != ""]
    n_clusters = int(clustered.nunique())
    return {
        "clusters": n_clusters,
        "articles_in_clusters": len(clustered),
        "removed_by_dedupe": len(clustered) - n_clusters,
    }


def skipped_table(report: Mapping[str, Any] | None) -> pd.DataFrame:
    """Inputs set aside at ingest, with the reason (from the corpus' ingest report)."""
    skipped = list((report or {}).get("skipped", []))
    return pd.DataFrame(
        [{"input": s.get("source", ""), "reason": s.get("reason", "")} for s in skipped],
        columns=["input", "reason"],
    )


def _passages_per_doc(documents: pd.DataFrame, passages: pd.DataFrame | None) -> pd.Series:
    if passages is None or passages.empty:
        return pd.Series(dtype=int)
    return passages.groupby("doc_id").size()


def _row(outlet: str, language: str, part: pd.DataFrame) -> dict[str, Any]:
    dated = sorted(d for d in part["date"] if d and d[:4].isdigit())
    return {
        "outlet": outlet,
        "language": language,
        "articles": len(part),
        "passages": int(part["_passages"].sum()),
        "first date": dated[0] if dated else "",
        "last date": dated[-1] if dated else "",
        "undated": int(sum(1 for d in part["date"] if not (d and d[:4].isdigit()))),
    }
