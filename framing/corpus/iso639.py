"""ISO 639-1 language codes: the two-letter codes a manifest or a source may state.

>>> "ar" in ISO_639_1, "english" in ISO_639_1
(True, False)
>>> to_iso639_1("fr_FR"), to_iso639_1("English"), to_iso639_1("klingon")
('fr', 'en', None)
"""

from __future__ import annotations

import re

from framing.text.languages import ISO_639_1 as _CODE_NAMES

# The codes themselves live with their names in framing.text.languages.
ISO_639_1: frozenset[str] = frozenset(_CODE_NAMES)

# English and native names of the languages users most often write out in full.
LANGUAGE_NAMES: dict[str, str] = {
    "english": "en",
    "anglais": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "arabic": "ar",
    "arabe": "ar",
    "العربية": "ar",
    "spanish": "es",
    "español": "es",
    "german": "de",
    "deutsch": "de",
    "italian": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "russian": "ru",
    "turkish": "tr",
    "persian": "fa",
    "farsi": "fa",
    "hebrew": "he",
    "chinese": "zh",
}

_TAG = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]{2,8})*$")


def to_iso639_1(value: str) -> str | None:
    """Return the ISO 639-1 code that ``value`` states, or None.

    Accepts a bare code in any case (``EN``), a locale or BCP 47 tag whose
    language part is a two-letter code (``fr_FR``, ``ar-MA``) and a few
    language names written out (``English``, ``arabe``).
    """
    text = value.strip().lower()
    match = _TAG.match(text)
    if match and match.group(1) in ISO_639_1:
        return match.group(1)
    return LANGUAGE_NAMES.get(text)
