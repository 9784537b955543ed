"""The data contract: the columns each stage writes and every later stage may rely on.

Stages add columns freely but never rename these. See README, "The data".
"""

from __future__ import annotations

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",  # stable: the same input gives the same id
    "source_path",  # the input as given, plus "#row" / "#index" for multi-article files
    "source_format",  # wordpress, html, text, csv, jsonl
    "outlet",  # normalised outlet: manifest, else URL host without www., else named source
    "via_outlet",  # the site it came through when republished, else ""
    "language",  # ISO 639-1
    "date",  # ISO as far as known: 2026-02-11, 2025-11, 2025, or "" ; --11-27 when no year
    "date_precision",  # day, month, year, no_year, unknown
    "title",
    "url",
    "text",  # clean text, paragraphs separated by a blank line; passage offsets refer to it
    "dup_cluster",  # near-duplicate cluster id, else ""
    "metadata",  # JSON object of everything else
)

PASSAGE_COLUMNS: tuple[str, ...] = (
    "passage_id",
    "doc_id",
    "index",  # position in the document, from 0
    "start",  # document.text[start:end] == passage.text
    "end",
    "text",
    "language",
    "n_tokens",
)

SCORE_COLUMNS: tuple[str, ...] = (
    "passage_id",
    "doc_id",
    "frame",
    "hits",
    "distinct_terms",
    "score",
    "density",  # weighted score per 1,000 tokens
    "probability",  # classifier only; NaN for lexicon scores
    "present",
    "matches",  # lexicon: JSON list of {term, entry, start, end} in the passage text
)


def score_arrow_fields() -> list[tuple[str, object]]:
    """Arrow types of the :data:`SCORE_COLUMNS`, shared by lexicon scores and predictions."""
    import pyarrow as pa

    return [
        ("passage_id", pa.string()),
        ("doc_id", pa.string()),
        ("frame", pa.string()),
        ("hits", pa.int64()),
        ("distinct_terms", pa.int64()),
        ("score", pa.float64()),
        ("density", pa.float64()),
        ("probability", pa.float64()),
        ("present", pa.bool_()),
        ("matches", pa.string()),
    ]


DATE_PRECISIONS = ("day", "month", "year", "no_year", "unknown")
SOURCE_FORMATS = ("wordpress", "html", "text", "csv", "jsonl")
