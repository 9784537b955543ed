"""Keyword-in-context examples for the report: a few matches per frame in every language."""

from __future__ import annotations

import pandas as pd

from framing.lexicon.kwic import kwic
from framing.lexicon.matcher import Matcher
from framing.lexicon.model import Lexicon

EXAMPLE_COLUMNS = ("frame", "outlet", "language", "left", "match", "right", "doc_id", "passage_id")


def kwic_examples(
    passages: pd.DataFrame,
    lexicon: Lexicon,
    *,
    per_frame: int = 2,
    window: int = 8,
    frames: list[str] | None = None,
) -> pd.DataFrame:
    """Up to ``per_frame`` matches per frame and language, taken from different outlets in turn.

    ``passages`` needs ``doc_id, passage_id, text, language`` and ideally
    ``outlet`` (``Corpus.passages_with_documents()`` adds it). Lines come in
    passage order within an outlet, outlets alternate, so the examples are
    deterministic and varied.

    Examples
    --------
    >>> from framing.lexicon.model import Entry, Frame
    >>> lex = Lexicon("demo", languages=["en"], frames=[
    ...     Frame("threat", "Threat", entries={"en": [Entry("terror*", "glob")]})])
    >>> passages = pd.DataFrame({"doc_id": ["d1", "d2"], "passage_id": ["p1", "p2"],
    ...     "language": "en", "outlet": ["Atlas", "Sahel Observer"],
    ...     "text": ["Police dismantled a terrorist cell.", "A terror plot was foiled."]})
    >>> kwic_examples(passages, lex)["outlet"].tolist()
    ['Atlas', 'Sahel Observer']
    """
    matcher = Matcher(lexicon)
    parts = []
    for frame in frames or lexicon.frame_ids:
        lines = kwic(passages, lexicon, frame, window=window, matcher=matcher)
        if lines.empty:
            continue
        for _, by_language in lines.groupby("language", sort=False):
            parts.append(_round_robin(by_language, per_frame).assign(frame=frame))
    if not parts:
        return pd.DataFrame(columns=list(EXAMPLE_COLUMNS))
    return pd.concat(parts, ignore_index=True)[list(EXAMPLE_COLUMNS)]


def _round_robin(lines: pd.DataFrame, n: int) -> pd.DataFrame:
    """The first line of each outlet, then the second of each, ... until ``n`` lines."""
    rank = lines.groupby("outlet", sort=False).cumcount()
    order = lines.assign(_rank=rank.to_numpy(), _pos=range(len(lines)))
    return order.sort_values(["_rank", "_pos"]).head(n).drop(columns=["_rank", "_pos"])
