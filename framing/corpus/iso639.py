"""ISO 639-1 language codes: the two-letter codes a manifest or a source may state.

>>> "ar" in ISO_639_1, "english" in ISO_639_1
(True, False)
>>> to_iso639_1("fr_FR"), to_iso639_1("English"), to_iso639_1("klingon")
('fr', 'en', None)
"""

from __future__ import annotations

import re

_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi
    ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
    ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl
    nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
    sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
    vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1: frozenset[str] = frozenset(_CODES.split())

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
