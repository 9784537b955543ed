"""Which characters are Arabic script: the Unicode blocks, defined once.

:data:`ARABIC_BLOCKS` is the Arabic block and its extensions (Arabic
Supplement, Arabic Extended-A and -B, the presentation forms A and B). Every
"does this text contain Arabic?" test in framing uses it, so a Persian ``پ``,
the Moroccan ``ݣ`` (g, Arabic Supplement) or an unfolded presentation form
``ﻻ`` counts the same everywhere. Blocks, not the Unicode ``Script`` property: the Arabic
comma, question mark and tatweel are in the block (and only ever occur in
Arabic text) but have the script *Common*.

The presentation forms B stop at U+FEFC, the last Arabic letter: the block's
last code point, U+FEFF, is the byte-order mark, which is not Arabic.

>>> has_arabic("Le Maroc et الرياض"), has_arabic("Le Maroc et Riyad")
(True, False)
>>> import re
>>> re.sub(f"[{ARABIC_BLOCKS}]+", "…", "visit to الرياض today")
'visit to … today'
"""

from __future__ import annotations

import re

ARABIC_BASE_BLOCK = "\u0600-\u06ff"
"""The Arabic block alone (U+0600–U+06FF), as a regular expression class body.

It holds every Arabic character of Windows-1256 and ISO-8859-6, so code
reasoning about those single-byte encodings uses it instead of
:data:`ARABIC_BLOCKS`."""

ARABIC_PRESENTATION_FORMS = "\ufb50-\ufdff\ufe70-\ufefc"
"""Arabic Presentation Forms-A and -B (U+FB50–U+FDFF, U+FE70–U+FEFC): positional
glyphs and ligatures that old PDF exports and Windows tools still produce."""

ARABIC_BLOCKS = (
    ARABIC_BASE_BLOCK
    + "\u0750-\u077f"  # Arabic Supplement (Maghrebi and African letters)
    + "\u0870-\u089f"  # Arabic Extended-B
    + "\u08a0-\u08ff"  # Arabic Extended-A
    + ARABIC_PRESENTATION_FORMS
)
"""Every Arabic-script block, as a regular expression class body: ``f"[{ARABIC_BLOCKS}]"``."""

_RANGES = re.findall(r"(.)-(.)", ARABIC_BLOCKS, flags=re.DOTALL)

ARABIC_CHARACTERS: frozenset[str] = frozenset(
    chr(code) for low, high in _RANGES for code in range(ord(low), ord(high) + 1)
)
"""The characters of :data:`ARABIC_BLOCKS`: ``ch in ARABIC_CHARACTERS`` is the fastest test of
one character (faster than comparisons or a regular expression per character)."""

_ARABIC = re.compile(f"[{ARABIC_BLOCKS}]")


def has_arabic(text: str) -> bool:
    """Whether ``text`` contains at least one Arabic-script character.

    Letters, digits (``٣``), punctuation (``،``) and marks of the Arabic blocks
    all count.

    >>> has_arabic("الأمن"), has_arabic("sécurité"), has_arabic("پاکستان")
    (True, False, True)
    """
    return _ARABIC.search(text) is not None


def is_arabic_char(ch: str) -> bool:
    """Whether the single character ``ch`` is in :data:`ARABIC_BLOCKS`.

    >>> is_arabic_char("ب"), is_arabic_char("ﺏ"), is_arabic_char("b")
    (True, True, False)
    """
    return ch in ARABIC_CHARACTERS
