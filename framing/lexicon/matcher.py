"""Find a lexicon's entries in passages: one Aho-Corasick scan per batch of passages.

How a passage is matched (the README's "Matching" section says the same for users):

1. The passage is put in matching form (:func:`framing.text.normalize.match_form`):
   case folded, Arabic folded (diacritics, tatweel, alef variants, alef maksura),
   accents folded for the languages in ``options.fold_accents``; words joined by
   one space where only whitespace, hyphens or apostrophes separate them, two
   where other punctuation does, so a phrase never spans a comma or a full stop.
2. Passages of one language are joined and scanned once by the language's
   automaton (:mod:`framing.lexicon.compile`); hits become matches with
   array operations (phrases with glob words are chains of keys joined by
   position); regexes are tested once per distinct word.
3. Each hit becomes a *candidate* with its span in the original passage text.
4. Per passage and frame: candidates overlapping one of the frame's exclusions
   are cancelled; with a proximity rule, only candidates within ``window``
   tokens of an anchor are kept; then longest first: among overlapping
   candidates the longest wins (ties: the one starting first, then the entry
   listed first). Different frames never suppress each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

import numpy as np

from framing.lexicon.compile import (
    CompiledLanguage,
    KeyTable,
    Target,
    compile_lexicon,
    normalize_language,
    vocabulary_keys,
)
from framing.lexicon.model import Lexicon
from framing.text.arabic import resolve_backend
from framing.text.normalize import MatchText, match_form

# Passages are joined with a punctuation character, so no phrase spans two of them.
_JOIN = "\x1f"
# Texts are scanned in batches of about this many characters. A batch's arrays take about
# 20 bytes a character: at half a million they stay in the processor's caches (at two
# million, the English benchmark scored 15% slower).
_BATCH_CHARS = 500_000
_ENTRY, _EXCLUSION, _ANCHOR = 0, 1, 2


class Match(NamedTuple):
    """One counted match: ``text[start:end]`` is the matched surface words."""

    frame: str
    term: str  # the entry normalised
    entry: str  # the entry as written
    start: int
    end: int
    weight: float


@dataclass
class MatchTable:
    """Hits in many passages, column by column (one row per hit).

    ``passage`` indexes the texts given; ``target`` indexes ``plan.targets``;
    ``start``/``end`` are offsets in that passage's text; ``first_token`` and
    ``last_token`` are token positions (only filled when a frame has a
    proximity rule, else -1).
    """

    plan: CompiledLanguage
    passage: np.ndarray
    target: np.ndarray
    start: np.ndarray
    end: np.ndarray
    first_token: np.ndarray
    last_token: np.ndarray

    def __len__(self) -> int:
        return len(self.passage)

    def take(self, rows: np.ndarray) -> MatchTable:
        return MatchTable(
            self.plan,
            self.passage[rows],
            self.target[rows],
            self.start[rows],
            self.end[rows],
            self.first_token[rows],
            self.last_token[rows],
        )

    @property
    def frame(self) -> np.ndarray:
        """Frame index (in lexicon order) of each row."""
        return self.plan.target_frame[self.target]

    @property
    def role(self) -> np.ndarray:
        """0 entry, 1 exclusion, 2 anchor."""
        return self.plan.target_role[self.target]


def _empty_table(plan: CompiledLanguage) -> MatchTable:
    empty = np.zeros(0, dtype=np.int64)
    return MatchTable(plan, empty, empty, empty, empty, empty, empty)


def _concat(plan: CompiledLanguage, tables: list[MatchTable]) -> MatchTable:
    if not tables:
        return _empty_table(plan)
    columns = ("passage", "target", "start", "end", "first_token", "last_token")
    return MatchTable(plan, *(np.concatenate([getattr(t, c) for t in tables]) for c in columns))


class Matcher:
    """A compiled lexicon, ready to match passages in any of its languages.

    Parameters
    ----------
    lexicon:
        The lexicon. It is compiled once, here.
    clitics:
        Arabic clitic handling: ``auto`` (camel-tools when its data is
        installed, else the rules of :mod:`framing.text.arabic`), ``rules``,
        ``camel`` or ``none`` (Arabic entries matched as written).

    Attributes
    ----------
    clitic_backend:
        ``camel-tools``, ``rules`` or ``none``: what ran.

    Examples
    --------
    >>> from framing.lexicon.model import Entry, Frame, Lexicon
    >>> lex = Lexicon("demo", languages=["en"], frames=[
    ...     Frame("threat", "Threat", entries={"en": [Entry("counter-terrorism", "phrase")]})])
    >>> text = "Rabat and Madrid discussed counter terrorism."
    >>> [(m.frame, text[m.start:m.end]) for m in Matcher(lex).match(text, "en")]
    [('threat', 'counter terrorism')]
    """

    def __init__(self, lexicon: Lexicon, *, clitics: str = "auto") -> None:
        self.lexicon = lexicon
        self.clitic_backend, self._analyzer = resolve_backend(clitics)
        self._plans = compile_lexicon(lexicon, clitics=self.clitic_backend, analyzer=self._analyzer)

    @property
    def languages(self) -> list[str]:
        """Languages with at least one frame entry."""
        return [code for code, plan in self._plans.items() if plan.has_entries]

    def plan(self, language: str) -> CompiledLanguage | None:
        """The compiled form of one language (None if the lexicon has nothing for it)."""
        return self._plans.get(normalize_language(language))

    def match(self, text: str, language: str) -> list[Match]:
        """The counted matches in ``text``, ordered by start (then frame order)."""
        return self.match_many([text], language)[0]

    def match_many(self, texts: Sequence[str], language: str) -> list[list[Match]]:
        """:meth:`match` for many texts of one language, scanned in large batches."""
        out: list[list[Match]] = [[] for _ in texts]
        table = self.match_table(texts, language)
        if table is None:
            return out
        targets = table.plan.targets
        rows = zip(
            table.passage.tolist(),
            table.target.tolist(),
            table.start.tolist(),
            table.end.tolist(),
            strict=True,
        )
        for passage, target_id, start, end in rows:
            t = targets[target_id]
            out[passage].append(Match(t.frame, t.term, t.entry, start, end, t.weight))
        return out

    def match_table(self, texts: Sequence[str], language: str) -> MatchTable | None:
        """The counted matches of many texts as columns, ordered by passage and start.

        None if the lexicon has nothing for ``language``.
        """
        candidates = self.candidate_table(texts, language)
        return None if candidates is None else resolve(candidates)

    def candidate_table(self, texts: Sequence[str], language: str) -> MatchTable | None:
        """Every hit of every role (entries, exclusions, anchors) before :func:`resolve`."""
        plan = self.plan(language)
        if plan is None:
            return None
        texts = _strings(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        tables = []
        for start, stop in _batches(lengths):
            table = self._scan(plan, texts[start:stop], lengths[start:stop])
            if len(table):
                table.passage += start
                tables.append(table)
        return _concat(plan, tables)

    # -- scanning ------------------------------------------------------------------------

    def _scan(self, plan: CompiledLanguage, texts: list[str], lengths: np.ndarray) -> MatchTable:
        form = match_form(_JOIN.join(texts), plan.fold_accents)
        # Positions of the spaces in the padded text (both pads included).
        spaces = np.concatenate(
            ([0], np.flatnonzero(form.units == _SPACE) + 1, [len(form.text) - 1])
        )
        found = []
        if plan.keys is not None:
            found.append(_hits(plan.keys, form.text, spaces))
        if plan.free or plan.stems:
            vocabulary = vocabulary_keys(plan, set(form.text.split()), self._analyzer)
            if vocabulary is not None:
                found.append(_hits(vocabulary, form.text, spaces))
        if not found:
            return _empty_table(plan)
        starts, ends, targets = (np.concatenate(cols) for cols in zip(*found, strict=True))
        return _locate(plan, form, spaces, lengths, starts, ends, targets)


_SPACE = 32


def _expand(ptr: np.ndarray, key_id: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For hits of keys ``key_id``: (hit row, value index) for each value in the key's CSR row."""
    start = ptr[key_id]
    counts = ptr[key_id + 1] - start
    if not len(counts) or counts.max() <= 1:  # most keys have one value or none: no repeat
        rows = np.flatnonzero(counts)
        return rows, start[rows]
    rows = np.repeat(np.arange(len(key_id)), counts)
    offset = np.repeat(start - (np.cumsum(counts) - counts), counts)
    return rows, offset + np.arange(len(rows))


def _hits(
    keys: KeyTable, text: str, spaces: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scan ``text``: (token start, end, target) of every verified hit, as arrays.

    ``end`` is the position of the space after the last matched token.
    """
    flat = np.fromiter(chain.from_iterable(keys.automaton.iter(text)), dtype=np.int64)
    last, key_id = flat[0::2], flat[1::2]
    rows, values = _expand(keys.literal_ptr, key_id)
    columns = [
        (last[rows] - keys.length[key_id[rows]] + 2, last[rows], keys.literal_targets[values]),
        _segment_hits(keys, text, last, key_id, spaces),
    ]
    complex_ = keys.is_complex[key_id]
    if complex_.any():
        columns.append(_complex_hits(keys, text, last[complex_], key_id[complex_]))
    starts, ends, targets = (np.concatenate(c) for c in zip(*columns, strict=True))
    return starts, ends, targets


def _segment_hits(
    keys: KeyTable, text: str, last: np.ndarray, key_id: np.ndarray, spaces: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chain segment hits into pattern matches: each segment starts where the previous ended.

    Chains start from the hits of first segments; each following segment is
    looked up among all hits by (key, position), so a key shared by many
    patterns (`` its expertise ``) costs one lookup per live chain, not one row
    per pattern and hit.
    """
    rows, values = _expand(keys.first_ptr, key_id)
    empty = np.zeros(0, dtype=np.int64)
    if not len(rows):
        return empty, empty, empty
    span = int(spaces[-1]) + 2
    # Every hit, findable by (key, position of the space before it).
    code = key_id * span + (last - keys.length[key_id] + 1)
    order = np.argsort(code)
    # Where the token holding each hit's last character ends (hits come sorted by `last`,
    # which keeps this binary search fast).
    # A key ending with the final pad has no token after it; its row never asks.
    token_end = spaces[np.minimum(np.searchsorted(spaces, last + 1), len(spaces) - 1)]
    code, code_last, code_token_end = code[order], last[order], token_end[order]
    pattern = keys.first_pattern[values]
    begin = last[rows] - keys.length[key_id[rows]] + 1
    pattern, begin, end = _segment_end(keys, text, pattern, begin, 0, last[rows], token_end[rows])
    found = []
    for k in range(keys.pattern_keys.shape[1]):
        complete = keys.pattern_segments[pattern] == k + 1
        found.append((pattern[complete], begin[complete], end[complete]))
        pattern, begin, end = pattern[~complete], begin[~complete], end[~complete]
        if not len(pattern):
            break
        wanted = keys.pattern_keys[pattern, k + 1] * span + end
        at = np.minimum(np.searchsorted(code, wanted), len(code) - 1)
        joined = code[at] == wanted
        at = at[joined]
        pattern, begin, end = _segment_end(
            keys, text, pattern[joined], begin[joined], k + 1, code_last[at], code_token_end[at]
        )
    pattern, begin, end = (np.concatenate(column) for column in zip(*found, strict=True))
    rows, values = _expand(keys.pattern_ptr, pattern)
    return begin[rows] + 1, end[rows], keys.pattern_targets[values]


def _segment_end(
    keys: KeyTable,
    text: str,
    pattern: np.ndarray,
    begin: np.ndarray,
    k: int,
    last: np.ndarray,
    token_end: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where segment ``k`` ends: its key's last space or, for a glob, the end of the token.

    ``token_end`` is the end of the token holding ``last``. Segments ending
    with a regex token are checked here; failing chains are dropped.
    """
    mode = keys.pattern_mode[pattern, k]
    end = np.where(mode > 0, token_end, last)
    checked = np.flatnonzero(mode == 2)
    if len(checked):
        start = last[checked] - keys.pattern_head[pattern[checked], k] + 1
        regex = keys.pattern_regex[pattern[checked], k]
        # Patterns sharing a key check the same token with the same regex: once will do
        # (a token's end follows from its start).
        _, first, inverse = np.unique(
            regex * (len(text) + 1) + start, return_index=True, return_inverse=True
        )
        ok = _regex_verdicts(
            keys, text, start[first].tolist(), end[checked][first].tolist(), regex[first].tolist()
        )[inverse.ravel()]
        keep = np.ones(len(pattern), dtype=bool)
        keep[checked[~ok]] = False
        return pattern[keep], begin[keep], end[keep]
    return pattern, begin, end


def _regex_verdicts(
    keys: KeyTable, text: str, starts: list[int], stops: list[int], regexes: list[int]
) -> np.ndarray:
    """Whether each token ``text[start:stop]`` passes its regex; verdicts cached in ``keys``."""
    cache = keys.checked
    ok = np.zeros(len(starts), dtype=bool)
    for i, (a, b, r) in enumerate(zip(starts, stops, regexes, strict=True)):
        if b > a:
            token = text[a:b]
            passed = cache.get((r, token))
            if passed is None:
                passed = cache[(r, token)] = keys.regexes[r](token) is not None
            ok[i] = passed
    return ok


def _complex_hits(
    keys: KeyTable, text: str, lasts: np.ndarray, key_ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Anchored patterns: check the following tokens one by one."""
    starts: list[int] = []
    ends: list[int] = []
    targets: list[int] = []
    seen: set[tuple[int, int, int]] = set()  # an infix can occur twice in one token
    for last, key_id in zip(lasts.tolist(), key_ids.tolist(), strict=True):
        for n, (key_length, rest, literal_length, ids) in enumerate(keys.complex[key_id]):
            if literal_length < 0:  # infix: the token starts after the previous space
                start = text.rfind(" ", 0, last - key_length + 2) + 1
            else:
                start = last - key_length + 2
            stop = _walk(text, start if literal_length < 0 else last + 1 - literal_length, rest)
            if stop < 0 or (literal_length < 0 and (start, key_id, n) in seen):
                continue
            seen.add((start, key_id, n))
            for target in ids:
                starts.append(start)
                ends.append(stop)
                targets.append(target)
    return tuple(np.asarray(c, dtype=np.int64) for c in (starts, ends, targets))


def _walk(text: str, pos: int, tests: tuple) -> int:
    """Check the tokens from ``pos`` against ``tests``; the end of the last one, or -1.

    Tokens in the matching form are separated by one space; two spaces mean
    punctuation, which a phrase may not cross.
    """
    stop = -1
    for test in tests:
        if text[pos] == " ":
            return -1
        stop = text.index(" ", pos)
        if not test(text[pos:stop]):
            return -1
        pos = stop + 1
    return stop


def _locate(
    plan: CompiledLanguage,
    form: MatchText,
    spaces: np.ndarray,
    lengths: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    targets: np.ndarray,
) -> MatchTable:
    """Turn positions in the batch's matching form into passage offsets (``lengths``: of
    the batch's texts)."""
    # Sorted needles make the binary searches several times faster.
    order = np.argsort(starts, kind="stable")
    starts, ends, targets = starts[order], ends[order], targets[order]
    offsets = np.concatenate(([0], np.cumsum(lengths[:-1] + 1)))  # + 1: the joining character
    start = form.original_offsets(starts)
    end = form.original_offsets(ends)
    passage = np.searchsorted(offsets, start, side="right") - 1
    first = np.full(len(targets), -1, dtype=np.int64)
    last = first.copy()
    if plan.proximity:
        # Token positions, for the frames with a proximity rule only: a token
        # starts after each space not followed by another space.
        rows = np.flatnonzero(np.isin(plan.target_frame[targets], list(plan.proximity)))
        token_starts = spaces[:-1][np.diff(spaces) > 1] + 1
        first[rows] = np.searchsorted(token_starts, starts[rows], side="right") - 1
        last[rows] = np.searchsorted(token_starts, ends[rows], side="right") - 1
    return MatchTable(
        plan, passage, targets, start - offsets[passage], end - offsets[passage], first, last
    )


# -- the policies ------------------------------------------------------------------------------


def resolve(candidates: MatchTable) -> MatchTable:
    """Apply exclusions, proximity and longest-first; keep frame entries only.

    The result is ordered by passage, start, frame and end.
    """
    plan = candidates.plan
    role = candidates.role
    entries = candidates.take(np.flatnonzero(role == _ENTRY))
    exclusions = candidates.take(np.flatnonzero(role == _EXCLUSION))
    if len(entries) and len(exclusions):
        entries = entries.take(np.flatnonzero(~_overlaps_exclusion(entries, exclusions)))
    if len(entries) and plan.proximity:
        anchors = candidates.take(np.flatnonzero(role == _ANCHOR))
        entries = entries.take(np.flatnonzero(_near_anchor(entries, anchors)))
    table = _longest_first(entries)
    order = np.lexsort((table.end, table.frame, table.start, table.passage))
    return table.take(order)


def _group(table: MatchTable) -> np.ndarray:
    """One number per (passage, frame)."""
    return table.passage * (int(table.plan.target_frame.max()) + 1) + table.frame


def _running_max(group: np.ndarray, values: np.ndarray, span: int) -> np.ndarray:
    """The maximum of ``values`` so far within each group (rows sorted by group)."""
    return np.maximum.accumulate(group * span + values) - group * span


def _overlaps_exclusion(entries: MatchTable, exclusions: MatchTable) -> np.ndarray:
    """True for entries overlapping an exclusion match of their frame in their passage."""
    span = int(max(entries.end.max(), exclusions.end.max())) + 2
    group = _group(exclusions)
    order = np.lexsort((exclusions.start, group))
    group, start, end = group[order], exclusions.start[order], exclusions.end[order]
    reach = _running_max(group, end, span)
    # The last exclusion of the group starting before the entry ends...
    entry_group = _group(entries)
    at = np.searchsorted(group * span + start, entry_group * span + entries.end) - 1
    same = (at >= 0) & (group[np.maximum(at, 0)] == entry_group)
    # ... reaches past the entry's start.
    return same & (reach[np.maximum(at, 0)] > entries.start)


def _near_anchor(entries: MatchTable, anchors: MatchTable) -> np.ndarray:
    """True for entries of frames without proximity, or within ``window`` tokens of an anchor."""
    plan = entries.plan
    window = np.full(int(plan.target_frame.max()) + 1, -1, dtype=np.int64)
    for frame_index, size in plan.proximity.items():
        window[frame_index] = size
    w = window[entries.frame]
    keep = w < 0
    if not len(anchors):
        return keep
    span = int(max(entries.last_token.max() + w.max(), anchors.last_token.max())) + 2
    group = _group(anchors)
    order = np.lexsort((anchors.first_token, group))
    group, first, last = group[order], anchors.first_token[order], anchors.last_token[order]
    reach = _running_max(group, last, span)
    # The last anchor starting at most `window` tokens after the entry ends...
    entry_group = _group(entries)
    at = np.searchsorted(group * span + first, entry_group * span + entries.last_token + w, "right")
    at -= 1
    same = (at >= 0) & (group[np.maximum(at, 0)] == entry_group)
    # ... or one before it, ends at most `window` tokens before the entry starts.
    near = same & (reach[np.maximum(at, 0)] >= entries.first_token - w)
    return keep | (near & (w >= 0))


def _longest_first(table: MatchTable) -> MatchTable:
    """Per passage and frame, keep the longest matches, dropping any overlapping a kept one.

    Ties go to the match starting first, then to the entry listed first. Groups
    whose matches do not overlap at all (nearly all of them) are kept whole with
    array operations; only groups with an overlap are resolved in Python.
    """
    if not len(table):
        return table
    order = np.lexsort((table.target, -table.end, table.start, table.frame, table.passage))
    table = table.take(order)
    new_group = np.ones(len(table), dtype=bool)
    new_group[1:] = (np.diff(table.passage) != 0) | (np.diff(table.frame) != 0)
    group = np.cumsum(new_group)
    span = int(table.end.max()) + 2
    reach = np.maximum.accumulate(group * span + table.end) - group * span
    previous_reach = np.empty_like(reach)
    previous_reach[0] = -1
    previous_reach[1:] = reach[:-1]
    previous_reach[new_group] = -1
    keep = np.ones(len(table), dtype=bool)
    overlapping = table.start < previous_reach
    if overlapping.any():
        # A cluster: matches each overlapping one before it. No match overlaps another
        # cluster's, so each is resolved on its own: pairs by arrays, larger ones in Python.
        cluster = np.cumsum(~overlapping)
        size = np.bincount(cluster)[cluster]
        second = np.flatnonzero(overlapping & (size == 2))
        length = table.end - table.start
        first_wins = length[second - 1] >= length[second]  # a tie goes to the earlier match
        keep[second[first_wins]] = False
        keep[second[~first_wins] - 1] = False
        redo = np.flatnonzero(size > 2)
        if len(redo):
            keep[redo] = _greedy_longest(
                table.start[redo].tolist(), table.end[redo].tolist(), cluster[redo].tolist()
            )
    return table.take(np.flatnonzero(keep))


def _greedy_longest(starts: list[int], ends: list[int], groups: list[int]) -> np.ndarray:
    """Within each group, take matches longest first (rows come leftmost, entry order)."""
    keep = np.zeros(len(starts), dtype=bool)
    # Sorted by group, then longest first, then row order (a stable sort keeps it).
    lengths = np.asarray(ends, dtype=np.int64) - np.asarray(starts, dtype=np.int64)
    rows = np.lexsort((-lengths, np.asarray(groups, dtype=np.int64))).tolist()
    kept: list[tuple[int, int]] = []
    previous = None
    for i in rows:
        if groups[i] != previous:
            previous, kept = groups[i], []
        if all(ends[i] <= s or starts[i] >= e for s, e in kept):
            keep[i] = True
            kept.append((starts[i], ends[i]))
    return keep


def _strings(texts: Sequence[str]) -> list[str]:
    """The texts as a list of strings, a missing one (None, NaN) as ``""``."""
    listed = texts.tolist() if isinstance(texts, np.ndarray) else list(texts)
    if set(map(type, listed)) <= {str}:  # (map and set run in C: no loop here)
        return listed
    return [t if isinstance(t, str) else "" for t in listed]


def _batches(lengths: np.ndarray) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` of runs of texts of about _BATCH_CHARS characters (the last run
    shorter), given the texts' lengths."""
    if not len(lengths):
        return
    ends = np.cumsum(lengths)
    start = 0
    while start < len(lengths):
        # The first text at which the run reaches the size, as the loop over texts had it.
        base = ends[start - 1] if start else 0
        stop = int(np.searchsorted(ends, base + _BATCH_CHARS, side="left")) + 1
        stop = min(stop, len(lengths))
        yield start, stop
        start = stop


__all__ = ["Match", "MatchTable", "Matcher", "Target", "resolve"]
