"""Keyword in context: each counted match of a frame with the words around it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.lexicon.compile import language_codes, normalize_language
from framing.lexicon.matcher import Matcher
from framing.lexicon.model import Lexicon
from framing.text.tokens import Token, tokenize

KWIC_COLUMNS = ("doc_id", "passage_id", "outlet", "language", "left", "match", "right", "entry")


def kwic(
    passages: pd.DataFrame,
    lexicon: Lexicon,
    frame: str,
    *,
    window: int = 8,
    unit: str = "tokens",
    limit: int | None = None,
    language: str | None = None,
    matcher: Matcher | None = None,
) -> pd.DataFrame:
    """Every counted match of ``frame`` with ``window`` tokens (or characters) each side.

    Matches are those the scores count (after exclusions, proximity and
    overlaps). Context is cut from the original passage text, in logical
    order, with line breaks turned into spaces.

    Parameters
    ----------
    passages:
        Passages with ``doc_id``, ``passage_id``, ``text``, ``language`` and,
        ideally, ``outlet`` (``Corpus.passages_with_documents()`` adds it).
    frame:
        The frame id.
    window, unit:
        Context size; ``unit`` is ``tokens`` or ``chars``.
    limit:
        At most this many rows (in passage order).
    language:
        Only passages in this language.

    Examples
    --------
    >>> from framing.lexicon.model import Entry, Frame, Lexicon
    >>> lex = Lexicon("demo", languages=["en"], frames=[
    ...     Frame("threat", "Threat", entries={"en": [Entry("terror*", "glob")]})])
    >>> text = "Police in Rabat dismantled a terrorist cell on Monday."
    >>> passages = pd.DataFrame({"doc_id": ["d1"], "passage_id": ["p1"], "language": ["en"],
    ...     "outlet": ["example.ma"], "text": [text]})
    >>> kwic(passages, lex, "threat", window=2).iloc[0][["left", "match", "right"]].tolist()
    ['dismantled a', 'terrorist', 'cell on']
    """
    if unit not in ("tokens", "chars"):
        raise ValueError(f"unit must be 'tokens' or 'chars', not {unit!r}")
    frame_index = lexicon.frame_ids.index(lexicon.frame(frame).id)
    matcher = matcher or Matcher(lexicon)
    languages = language_codes(passages["language"])
    texts = passages["text"].to_numpy()
    rows: list[tuple[int, int, int, str]] = []
    for code in dict.fromkeys(languages):
        if language is not None and code != normalize_language(language):
            continue
        idx = np.flatnonzero(languages == code)
        table = matcher.match_table(list(texts[idx]), code)
        if table is None or not len(table):
            continue
        table = table.take(np.flatnonzero(table.frame == frame_index))
        targets = table.plan.targets
        for p, t, s, e in zip(
            table.passage.tolist(),
            table.target.tolist(),
            table.start.tolist(),
            table.end.tolist(),
            strict=True,
        ):
            rows.append((int(idx[p]), s, e, targets[t].entry))
    rows.sort()
    if limit is not None:
        rows = rows[:limit]
    tokens: dict[int, list[Token]] = {}
    records = [_record(passages, i, s, e, entry, window, unit, tokens) for i, s, e, entry in rows]
    return pd.DataFrame(records, columns=list(KWIC_COLUMNS))


def _record(
    passages: pd.DataFrame,
    i: int,
    start: int,
    end: int,
    entry: str,
    window: int,
    unit: str,
    tokens: dict[int, list[Token]],
) -> dict[str, str]:
    row = passages.iloc[i]
    text = row["text"]
    if unit == "chars":
        left, right = text[max(0, start - window) : start], text[end : end + window]
    else:
        if i not in tokens:
            tokens[i] = tokenize(text)
        left, right = _token_context(text, tokens[i], start, end, window)
    outlet = row.get("outlet", "")
    if outlet is None or (isinstance(outlet, float) and np.isnan(outlet)):
        outlet = ""
    return {
        "doc_id": row["doc_id"],
        "passage_id": row["passage_id"],
        "outlet": ""
        if outlet is None or (isinstance(outlet, float) and np.isnan(outlet))
        else outlet,
        "language": row["language"],
        "left": _flat(left),
        "match": _flat(text[start:end]),
        "right": _flat(right),
        "entry": entry,
    }


def _token_context(
    text: str, tokens: list[Token], start: int, end: int, window: int
) -> tuple[str, str]:
    before = [t for t in tokens if t.end <= start][-window:] if window else []
    after = [t for t in tokens if t.start >= end][:window] if window else []
    left = text[before[0].start : start] if before else ""
    right = text[end : after[-1].end] if after else ""
    return left, right


def _flat(text: str) -> str:
    return " ".join(text.split())
