"""Two reference matchers the toolkit's lexicon scoring is timed against.

* :class:`RegexBaseline` is what a researcher might write first: per frame,
  one compiled regular expression, the alternation of all the frame's
  entries (escaped; ``*`` becomes ``\\w*`` and ``?`` becomes ``\\w``; regex
  entries kept as they are), between word boundaries, run over the
  lowercased text. No folding of accents, Arabic letters or apostrophes.
* :class:`AhoCorasickBaseline` is the floor of any dictionary matcher: one
  pyahocorasick automaton of the entries' literal strings (lowercased, glob
  characters dropped so ``terroris*`` is the prefix ``terroris``; regex
  entries left out) and ``iter`` over the lowercased text, no normalisation,
  no word boundaries, no exclusions, no weights.

Both take one language's entries, as the toolkit does for a passage.

>>> from framing.lexicon.model import Entry, Frame, Lexicon
>>> lex = Lexicon("demo", languages=["en"], frames=[
...     Frame("threat", "Threat", entries={"en": [Entry("terror*", "glob")]})])
>>> RegexBaseline(lex, "en").find("Terrorists and terror.")
[('threat', 0, 10), ('threat', 15, 21)]
>>> AhoCorasickBaseline(lex, "en").find("Terrorists and terror.")
[('terror', 0, 6), ('terror', 15, 21)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import ahocorasick
import numpy as np

from framing.lexicon.model import Entry, Lexicon

_GLOB = {"*": r"\w*", "?": r"\w"}


def entry_regex(entry: Entry) -> str:
    """The regular expression of one entry, lowercased, globs as word characters.

    >>> entry_regex(Entry("shar* its know-how", "glob"))
    'shar\\\\w*\\\\ its\\\\ know\\\\-how'
    """
    if entry.kind == "regex":
        return f"(?:{entry.pattern})"
    return "".join(_GLOB.get(c) or re.escape(c) for c in entry.pattern.lower())


def entry_literal(entry: Entry) -> str | None:
    """The literal string of an entry for a plain automaton (None for regex entries)."""
    if entry.kind == "regex":
        return None
    literal = entry.pattern.lower().replace("*", "").replace("?", "")
    return literal.strip() or None


def _entries(lexicon: Lexicon, language: str) -> list[tuple[str, list[Entry]]]:
    return [(f.id, f.entries.get(language, [])) for f in lexicon.frames]


class RegexBaseline:
    """One compiled alternation per frame, over lowercased text.

    Parameters
    ----------
    lexicon, language:
        The lexicon and the language whose entries are used.

    Attributes
    ----------
    patterns : dict of str to re.Pattern
        Frame id -> its compiled regular expression (frames without entries
        in ``language`` are left out).
    """

    def __init__(self, lexicon: Lexicon, language: str) -> None:
        self.frames: list[str] = []
        self.patterns: dict[str, re.Pattern[str]] = {}
        for frame_id, entries in _entries(lexicon, language):
            if not entries:
                continue
            # Longest first: an alternation takes the first alternative that matches.
            parts = sorted({entry_regex(e) for e in entries}, key=len, reverse=True)
            self.patterns[frame_id] = re.compile(r"\b(?:" + "|".join(parts) + r")\b")
            self.frames.append(frame_id)

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """``(frame, start, end)`` of every match, frame by frame."""
        lowered = text.lower()
        return [
            (frame, m.start(), m.end())
            for frame, pattern in self.patterns.items()
            for m in pattern.finditer(lowered)
        ]

    def count(self, texts: Iterable[str]) -> np.ndarray:
        """Hits per text and frame: an array of shape ``(len(texts), len(self.frames))``."""
        patterns = list(self.patterns.values())
        rows = [[len(p.findall(t)) for p in patterns] for t in map(str.lower, texts)]
        return np.array(rows, dtype=np.int64).reshape(len(rows), len(patterns))


class AhoCorasickBaseline:
    """A bare automaton scan: every occurrence of every literal entry string.

    Attributes
    ----------
    automaton : ahocorasick.Automaton
        Keys are the literal strings; values ``(string, frame indices)``.
    """

    def __init__(self, lexicon: Lexicon, language: str) -> None:
        frames: dict[str, list[int]] = {}
        for index, (_, entries) in enumerate(_entries(lexicon, language)):
            for entry in entries:
                literal = entry_literal(entry)
                if literal and index not in frames.setdefault(literal, []):
                    frames[literal].append(index)
        self.n_strings = len(frames)
        self.automaton = ahocorasick.Automaton()
        for literal, indices in frames.items():
            self.automaton.add_word(literal, (literal, tuple(indices)))
        if frames:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """``(string, start, end)`` of every occurrence, by end position."""
        if not self.n_strings:
            return []
        return [
            (literal, end + 1 - len(literal), end + 1)
            for end, (literal, _) in self.automaton.iter(text.lower())
        ]

    def count(self, texts: Sequence[str]) -> np.ndarray:
        """Occurrences per text (all strings, overlapping ones included)."""
        if not self.n_strings:
            return np.zeros(len(texts), dtype=np.int64)
        scan = self.automaton.iter
        return np.fromiter(
            (sum(1 for _ in scan(t)) for t in map(str.lower, texts)),
            dtype=np.int64,
            count=len(texts),
        )
