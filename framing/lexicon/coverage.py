"""Lexicon coverage: how often each entry matches a corpus, and which never do."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.lexicon.compile import language_codes, lexicon_languages
from framing.lexicon.matcher import Matcher, resolve
from framing.lexicon.model import Lexicon

COVERAGE_COLUMNS = (
    "frame",
    "language",
    "role",
    "entry",
    "kind",
    "weight",
    "matches",
    "passages",
    "documents",
    "raw_matches",
    "never_matched",
    "language_passages",
)


def coverage(
    passages: pd.DataFrame, lexicon: Lexicon, *, matcher: Matcher | None = None
) -> pd.DataFrame:
    """One row per frame, language and entry (exclusions and proximity anchors too).

    Columns: ``matches`` (the matches counted in scores, after exclusions,
    proximity and overlaps; for exclusions and anchors, all their matches),
    ``passages`` and ``documents`` holding them, ``raw_matches`` (every hit
    before those rules: an entry with raw matches but no matches is always
    shadowed or cancelled), ``never_matched`` (no raw match at all) and
    ``language_passages`` (passages in that language, so a zero is read
    against the right total). Rows follow the lexicon's order.

    Examples
    --------
    >>> from framing.lexicon.model import Entry, Frame, Lexicon
    >>> lex = Lexicon("demo", languages=["en"], frames=[Frame("threat", "Threat",
    ...     entries={"en": [Entry("terror*", "glob"), Entry("cybercrime")]})])
    >>> passages = pd.DataFrame({"passage_id": ["p1", "p2"], "doc_id": ["d1", "d1"],
    ...     "language": ["en", "en"], "text": ["Terrorists.", "Counter-terrorism."]})
    >>> coverage(passages, lex)[["entry", "matches", "passages", "never_matched"]].values.tolist()
    [['terror*', 2, 2, False], ['cybercrime', 0, 0, True]]
    """
    matcher = matcher or Matcher(lexicon)
    languages = language_codes(passages["language"])
    texts = passages["text"].to_numpy()
    docs = passages["doc_id"].to_numpy()
    records = []
    for code in lexicon_languages(lexicon):
        plan = matcher.plan(code)
        if plan is None:
            continue
        idx = np.flatnonzero(languages == code)
        candidates = matcher.candidate_table(list(texts[idx]), code)
        kept = resolve(candidates)
        for target_id, target in enumerate(plan.targets):
            counted = kept if target.role == "entry" else candidates
            rows = counted.passage[counted.target == target_id]
            raw = int(np.sum(candidates.target == target_id))
            records.append(
                {
                    "frame": target.frame,
                    "language": code,
                    "role": target.role,
                    "entry": target.entry,
                    "kind": target.kind,
                    "weight": target.weight,
                    "matches": len(rows),
                    "passages": len(np.unique(rows)),
                    "documents": len(np.unique(docs[idx[rows]].astype(str))),
                    "raw_matches": raw,
                    "never_matched": raw == 0,
                    "language_passages": len(idx),
                }
            )
    table = pd.DataFrame(records, columns=list(COVERAGE_COLUMNS))
    return _lexicon_order(table, lexicon)


def _lexicon_order(table: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    frame_rank = {frame_id: i for i, frame_id in enumerate(lexicon.frame_ids)}
    role_rank = {"entry": 0, "exclusion": 1, "anchor": 2}
    keys = table.assign(
        _f=table["frame"].map(frame_rank), _r=table["role"].map(role_rank), _i=range(len(table))
    )
    keys = keys.sort_values(["_f", "_r", "_i"], kind="stable")
    return table.loc[keys.index].reset_index(drop=True)


__all__ = ["COVERAGE_COLUMNS", "coverage"]
