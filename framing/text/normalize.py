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
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

APOSTROPHES = "\u2019\u2018\u02bc\u02b9\u00b4`\u2032"
_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})
_TATWEEL = "\u0640"


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


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
    if _has_arabic(text):
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

    return " ".join(normalize_token(t.text, fold_latin_accents) for t in tokenize(text))
