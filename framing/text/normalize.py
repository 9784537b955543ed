"""Normalisation applied identically to corpus text and lexicon entries.

Folding is decided by script, not by the document's language label, so an
Arabic name inside an English article, or a French quote in an Arabic one, is
folded the same way wherever it appears.

- Latin script: Unicode case folding, typographic apostrophes to ``'``; accent
  folding (``é`` -> ``e``) only when asked for, because French accents carry
  meaning (``sûreté`` vs ``surete`` is harmless, ``côte`` vs ``cote`` is not).
- Arabic script (camel-tools ``utils``, which need no data): diacritics and
  tatweel removed, alef variants (أ إ آ ٱ) to ا, alef maksura ى to ي, teh
  marbuta ة to ه.

:func:`match_form` is the same normalisation for lexicon matching, applied to a
whole passage at once with lookup tables and a map back to the original
offsets. It differs in one point: teh marbuta stays distinct from heh, so
Arabic clitic analysis can tell ``آمنة`` (safe) from ``أمنه`` (his security).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

from framing.text.codes import character_codes
from framing.text.script import has_arabic

APOSTROPHES = "\u2019\u2018\u02bc\u02b9\u00b4`\u2032"
_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})
_TATWEEL = "\u0640"


def fold_arabic(text: str) -> str:
    """Fold Arabic orthographic variants (diacritics, tatweel, alef, maksura, teh marbuta).

    >>> fold_arabic("السِّيادَة") == "السياده"
    True
    """
    text = dediac_ar(text).replace(_TATWEEL, "")
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(text)))


def fold_accents(text: str) -> str:
    """Remove Latin diacritics (``é`` -> ``e``); leaves other scripts untouched."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not ("\u0300" <= ch <= "\u036f"))
    return unicodedata.normalize("NFC", kept)


@lru_cache(maxsize=500_000)
def normalize_token(token: str, fold_latin_accents: bool = False) -> str:
    """Normalise one token (a word as :func:`~framing.text.tokenize` returns it).

    >>> normalize_token("Exportateur")
    'exportateur'
    >>> normalize_token("Sûreté", fold_latin_accents=True)
    'surete'
    >>> normalize_token("بالمملكة") == "بالمملكه"
    True
    """
    text = token.translate(_APOSTROPHE_TABLE).casefold()
    # Only Arabic-block characters change under fold_arabic: the test just saves its cost.
    if has_arabic(text):
        text = fold_arabic(text)
    if fold_latin_accents:
        text = fold_accents(text)
    return text


def normalize_text(text: str, fold_latin_accents: bool = False) -> str:
    """Normalise running text token by token, joining tokens with single spaces.

    >>> normalize_text("L’exportateur de SÉCURITÉ")
    'l exportateur de sécurité'
    """
    from framing.text.tokens import tokenize

    tokens = (normalize_token(t.text, fold_latin_accents) for t in tokenize(text))
    return " ".join(token for token in tokens if token)  # a mark-only token folds to nothing


# -- the matching form -----------------------------------------------------------------------
#
# Lexicon matching works on a whole passage at once: each character is looked up
# in a table (case folding, Arabic and optional accent folding), characters that
# normalisation removes (Arabic diacritics, tatweel, invisible marks) are dropped,
# and every run of non-word characters becomes one space (only whitespace,
# hyphens and apostrophes between the words) or two spaces (the run holds any
# other punctuation, which a multi-word entry must not straddle). The text is
# padded with a space at both ends, so a word entry is the key " word ", a phrase
# " soft power ", and a match needs no boundary check. The tables are applied
# with numpy; a cumulative length array maps any position back to the original.

HYPHENS = "-\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"
# Invisible characters that sit between words (bidi marks, embeddings and
# isolates, word joiner, byte-order mark): separators that never break a phrase.
BIDI_CONTROLS = (
    "\u200e\u200f\u061c\u2060\ufeff"
    + "".join(map(chr, range(0x202A, 0x202F)))
    + "".join(map(chr, range(0x2066, 0x206A)))
)
JOINERS = HYPHENS + "'" + APOSTROPHES + "\uff07\u200b" + BIDI_CONTROLS
# Invisible characters inside words, dropped (soft hyphen, zero-width (non-)joiner).
IGNORABLE = "\u00ad\u200c\u200d"
# Arabic marks dropped by matching (diacritics, Quranic marks, tatweel).
ARABIC_MARKS = (
    "".join(
        chr(c)
        for lo, hi in ((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED))
        for c in range(lo, hi + 1)
    )
    + _TATWEEL
)
_LATIN_MARKS = "".join(map(chr, range(0x0300, 0x0370)))
# Alef variants and alef maksura, as camel-tools folds them. Teh marbuta is kept
# apart from heh in the matching form: folding them would make "آمنة" (safe) and
# "أمنه" (his security) the same word, and clitic analysis needs the difference.
_ARABIC_MATCH_FOLD = str.maketrans(
    {"\u0622": "ا", "\u0623": "ا", "\u0625": "ا", "\u0671": "ا", "ى": "ي"}
)

_WORD, _DROP, _JOIN, _BREAK = 0, 1, 2, 3
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SPACE = 32


class _Tables(NamedTuple):
    count: np.ndarray  # uint8: output units of a word character (0 if dropped), 1 for a breaker
    first: np.ndarray  # uint16: first output unit of a word character; space for separators
    expands: np.ndarray  # bool: the character folds to several (ß -> ss)
    extra: dict[int, str]  # code -> full output of those characters
    widest: int  # the most units one character can give: its fold, plus a space opening a run


def _fold_char(char: str, fold_latin_accents: bool) -> str:
    folded = char.casefold().translate(_ARABIC_MATCH_FOLD)
    return fold_accents(folded) if fold_latin_accents else folded


def _classify(char: str, fold_latin_accents: bool) -> tuple[int, str]:
    """(kind, output) of one character in the matching form."""
    if "\ud800" <= char <= "\udfff":
        return _BREAK, ""
    if char in IGNORABLE or char in ARABIC_MARKS:
        return _DROP, ""
    if fold_latin_accents and char in _LATIN_MARKS:
        return _DROP, ""
    if char in JOINERS or char.isspace():
        return _JOIN, ""
    if char.isalnum() or unicodedata.category(char).startswith("M"):
        # Combining marks of any script belong to their word (Hebrew points, Devanagari signs).
        folded = _fold_char(char, fold_latin_accents)
        return (_WORD, folded) if folded else (_DROP, "")
    return _BREAK, ""


@lru_cache(maxsize=2)
def _tables(fold_latin_accents: bool) -> _Tables:
    size = 0x10000
    count = np.zeros(size, dtype=np.uint8)
    first = np.full(size, _SPACE, dtype=np.uint16)
    expands = np.zeros(size, dtype=bool)
    extra: dict[int, str] = {}
    for code in range(size):
        kind, out = _classify(chr(code), fold_latin_accents)
        if kind == _BREAK:
            count[code] = 1
        elif kind == _DROP:
            first[code] = 0  # never written (count 0), but not a separator
        elif kind == _WORD:
            if any(ord(c) > 0xFFFF or c == " " for c in out):  # not in current Unicode
                out = chr(code)
            count[code] = len(out)
            first[code] = ord(out[0])
            if len(out) > 1:
                expands[code] = True
                extra[code] = out
    return _Tables(count, first, expands, extra, int(count.max()) + 1)


class MatchText(NamedTuple):
    """A text in matching form (see :func:`match_form`) and the map back to the original.

    ``text`` is padded with one space on each side. ``cumulative[i]`` is the
    length of the (unpadded) matching form of ``original[: i + 1]``.
    """

    text: str
    cumulative: np.ndarray
    units: np.ndarray  # the unpadded matching form as UTF-16/32 code units

    def original_offsets(self, positions: np.ndarray | list[int]) -> np.ndarray:
        """Map positions in ``text`` to offsets in the original string.

        A token's first character maps to its first original character; the
        space after a token maps to the original token end, so trailing
        diacritics stay inside the span.
        """
        # In the map's own integer type: searchsorted would otherwise convert the map.
        body = np.asarray(positions, dtype=self.cumulative.dtype) - 1
        return np.searchsorted(self.cumulative, body, side="right").astype(np.int64)


def match_form(text: str, fold_latin_accents: bool = False) -> MatchText:
    """The matching form of ``text`` with the map back to its offsets.

    Words are case-folded (and Arabic-folded: diacritics and tatweel removed,
    alef variants to ا, alef maksura to ي; teh marbuta kept), separated by one
    space when only whitespace, hyphens or apostrophes lie between them and by
    two spaces when other punctuation does.

    >>> match_form("L’Exportateur, SÉCURITÉ-nationale").text
    ' l exportateur  sécurité nationale '
    >>> match_form("وبالسِّيادةِ").text == " وبالسيادة "
    True
    >>> mt = match_form("Le levier d’influence")
    >>> int(mt.original_offsets([mt.text.index("levier")])[0])
    3
    """
    tables = _tables(fold_latin_accents)
    codes, astral = character_codes(text)
    index = (np.minimum(codes, 0xFFFF) if astral else codes).astype(np.intp)
    count = tables.count.take(index)
    first = tables.first.take(index)
    if astral:
        count, first = _patch_astral(codes, count, first)
    expands = len(count) > 0 and int(count.max()) > 1  # only ß-like characters count 2 or 3
    # Word characters never fold to a space and dropped ones are marked 0, so a
    # space in `first` is exactly a separator character.
    gap = first == _SPACE
    run_start = gap.copy()
    run_start[1:] &= ~gap[:-1]
    count += run_start.view(np.uint8)
    units = np.repeat(first, count)
    # int32 when the form's length surely fits (half the memory, faster to search).
    cumulative = count.astype(np.int32 if len(count) * tables.widest < 2**31 else np.int64)
    np.cumsum(cumulative, out=cumulative)
    if expands:
        _write_expansions(units, codes, cumulative - count, tables)
    body = units.tobytes().decode("utf-32-le" if astral else "utf-16-le", "surrogatepass")
    return MatchText(" " + body + " ", cumulative, units)


def _patch_astral(codes, count, first):
    count, first = count.copy(), first.astype(np.uint32)
    positions = np.flatnonzero(codes > 0xFFFF)
    for code in np.unique(codes[positions]):
        char = chr(int(code))
        where = positions[codes[positions] == code]
        if char.isalnum():
            count[where], first[where] = 1, ord(char.casefold()[0])
        else:
            count[where], first[where] = 1, _SPACE
    return count, first


def _write_expansions(units, codes, starts, tables: _Tables) -> None:
    """Write the second and later units of characters that fold to several (ß -> ss)."""
    where = np.flatnonzero(tables.expands.take(np.minimum(codes, 0xFFFF).astype(np.intp)))
    for code, start in zip(codes[where].tolist(), starts[where].tolist(), strict=True):
        for i, char in enumerate(tables.extra[code][1:], start=1):
            units[start + i] = ord(char)


@lru_cache(maxsize=2)
def _char_outputs(fold_latin_accents: bool) -> tuple[list[str], list[bool]]:
    """Per UTF-16 code unit: what :func:`match_form` writes for it, and if it separates words."""
    tables = _tables(fold_latin_accents)
    pairs = zip(tables.first.tolist(), tables.count.tolist(), strict=True)
    outputs = [chr(f) * c for f, c in pairs]
    for code, out in tables.extra.items():
        outputs[code] = out
    return outputs, (tables.first == _SPACE).tolist()


def match_key(text: str, fold_latin_accents: bool = False) -> str:
    """``match_form(text).text`` without its outer spaces: the key of a lexicon entry.

    The same rules in a plain loop: for the short strings of a lexicon (tens
    of thousands of entries and their clitic forms) it is several times faster
    than :func:`match_form`, whose arrays pay off on long texts.

    >>> match_key("L’Exportateur, SÉCURITÉ-nationale")
    'l exportateur  sécurité nationale'
    """
    if _ASTRAL.search(text):
        return match_form(text, fold_latin_accents).text.strip(" ")
    outputs, gaps = _char_outputs(fold_latin_accents)
    parts = []
    in_gap = False
    for ch in text:
        code = ord(ch)
        if gaps[code]:  # a separator; the first of a run adds one space
            parts.append(outputs[code] if in_gap else outputs[code] + " ")
            in_gap = True
        else:  # a word character (or a dropped one, which also ends a run)
            parts.append(outputs[code])
            in_gap = False
    return "".join(parts).strip(" ")


# Joins the texts of one match_keys call: a word character (it breaks no run of separators
# and folds to itself), so each text's key is computed exactly as if it stood alone.
_KEY_JOINER = "\u4e00"


def match_keys(texts: Sequence[str], fold_latin_accents: bool = False) -> list[str]:
    """:func:`match_key` of every text, computed in one vectorised pass.

    A lexicon's Arabic clitic forms run to a hundred thousand short strings;
    one :func:`match_form` over all of them is far faster than a loop per text.

    >>> match_keys(["Sécurité-nationale", "L’Exportateur,"])
    ['sécurité nationale', 'l exportateur']
    """
    if not texts:
        return []
    joined = _KEY_JOINER.join(texts)
    if joined.count(_KEY_JOINER) != len(texts) - 1:  # a text holds the joiner itself: rare
        return [match_key(text, fold_latin_accents) for text in texts]
    body = match_form(joined, fold_latin_accents).text[1:-1]
    return [key.strip(" ") for key in body.split(_KEY_JOINER)]


@lru_cache(maxsize=200_000)  # glob words and their clitic forms repeat pieces
def fold_for_matching(text: str, fold_latin_accents: bool = False, keep_ascii: bool = False) -> str:
    """Fold each word character as the matching form does, leaving other characters as they are.

    Used for the literal parts of glob entries and, with ``keep_ascii`` (so
    that ``\\W`` stays ``\\W``), of regular expressions.

    >>> fold_for_matching("Sécur[ié]*", fold_latin_accents=True)
    'secur[ie]*'
    """
    if keep_ascii:
        return "".join(
            char if char < "\x80" else _folded_char(char, fold_latin_accents) for char in text
        )
    return "".join(_folded_char(char, fold_latin_accents) for char in text)


@lru_cache(maxsize=100_000)
def _folded_char(char: str, fold_latin_accents: bool) -> str:
    """What :func:`fold_for_matching` writes for one character (lexicons repeat few)."""
    kind, folded = _classify(char, fold_latin_accents)
    return folded if kind == _WORD else "" if kind == _DROP else char


@lru_cache(maxsize=1 << 16)  # lexicon entries: each is checked several times when loaded
def normalize_for_matching(text: str, fold_latin_accents: bool = False) -> str:
    """The words of ``text`` in matching form, joined by single spaces (for display and tests).

    >>> normalize_for_matching("Counter-Terrorism")
    'counter terrorism'
    """
    return " ".join(match_form(text, fold_latin_accents).text.split())
