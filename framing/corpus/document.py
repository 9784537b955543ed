"""What a reader hands to the ingestion pipeline: one article before cleaning."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawDocument:
    """One article as a reader found it.

    Readers keep block structure: each body paragraph, heading or list item is
    one element of ``paragraphs``. Cleaning (boilerplate, language, dates,
    outlet) happens later, in the pipeline, identically for every reader.

    Attributes
    ----------
    source_path:
        The input file as given, plus ``#row`` (CSV, from 1, header excluded),
        ``#line`` (JSONL, from 1) or ``#index`` (a JSON list, from 0).
    source_format:
        ``wordpress``, ``html``, ``text``, ``csv`` or ``jsonl``.
    paragraphs:
        Body paragraphs in reading order, each stripped, none empty.
    title, url, date, outlet, language:
        As the source states them (raw strings; ``date`` is parsed later).
        Empty when the source does not say.
    metadata:
        Everything else worth keeping (categories, tags, authors, extra columns).
    """

    source_path: str
    source_format: str
    paragraphs: list[str]
    title: str = ""
    url: str = ""
    date: str = ""
    outlet: str = ""
    language: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
