"""Language identification: py3langid's offline model checked against the script.

The model (shipped inside py3langid, loaded once per process) scores about 140
languages and dialects. Its regional Arabic labels (``ary`` Moroccan, ``arz``
Egyptian) and a few other ISO 639-3 labels are folded into their ISO 639-1
macrolanguage; labels with no ISO 639-1 code are never returned.

Script evidence comes first for Arabic: text mostly in Arabic script is ``ar``
unless the model is confident (>= 0.8) of Persian, Urdu, Pashto, Kurdish or
Uyghur, which share the script. Text too short to judge (fewer than 3 words or
15 letters) gets code ``""`` and confidence 0, and the caller falls back on the
document's language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from framing.corpus.iso639 import ISO_639_1
from framing.text.tokens import count_tokens

MIN_WORDS = 3
MIN_LETTERS = 15
SHORT_PASSAGE_TOKENS = 8
CONFIDENT = 0.8
# A long passage is labelled apart from its document only on strong evidence.
PASSAGE_SWITCH_CONFIDENCE = 0.9
SHORT_SWITCH_CONFIDENCE = 0.5

# Model labels that are varieties of an ISO 639-1 language.
_ALIASES = {
    "ary": "ar",
    "arz": "ar",
    "uzs": "uz",
    "sdh": "ku",
    "wuu": "zh",
    "yue": "zh",
    "gug": "gn",
    "hbo": "he",
}
ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ku", "ug", "sd"})
_NOT_ARABIC = ARABIC_SCRIPT_LANGUAGES - {"ar"}


class LanguageGuess(NamedTuple):
    """A language code (ISO 639-1, or ``""`` when unknown) and the model's probability."""

    code: str
    confidence: float


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def dominant_script(text: str) -> str:
    """``arabic``, ``latin``, ``other`` or ``""`` (no letters): the script of most letters.

    >>> dominant_script("Le Maroc et الرياض"), dominant_script("زيارة حموشي للرياض")
    ('latin', 'arabic')
    """
    counts = {"arabic": 0, "latin": 0, "other": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufefc":
            counts["arabic"] += 1
        elif ch < "\u0250" or "\u1e00" <= ch <= "\u1eff":
            counts["latin"] += 1
        else:
            counts["other"] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ""


def language_script(code: str) -> str:
    """The script a language code is written in here: ``arabic``, ``latin`` or ``""``."""
    if not code:
        return ""
    if code in ARABIC_SCRIPT_LANGUAGES:
        return "arabic"
    return "latin" if code in _LATIN_LANGUAGES else ""


_LATIN_CODES = (
    "af az br bs ca cs cy da de en eo es et eu fi fo fr fy ga gd gl ha hr ht hu id ig is it jv "
    "la lb lg ln lt lv mg ms mt nl nn no oc om pl pt qu ro rw se sk sl sn so sq st sv sw tk tl tr "
    "uz vi vo wa xh yo zu"
)
_LATIN_LANGUAGES = frozenset(_LATIN_CODES.split())


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text``.

    Examples
    --------
    >>> detect_language("Le ministre a rencontré ses homologues à Rabat lundi.").code
    'fr'
    >>> detect_language("التقى الوزير نظراءه في الرباط يوم الاثنين").code
    'ar'
    >>> detect_language("Menu")
    LanguageGuess(code='', confidence=0.0)
    """
    letters = sum(ch.isalpha() for ch in text)
    if count_tokens(text) < MIN_WORDS or letters < MIN_LETTERS:
        return LanguageGuess("", 0.0)
    return _classify(text)


def _classify(text: str) -> LanguageGuess:
    scores: dict[str, float] = {}
    for label, probability in _identifier().rank(text):
        code = _ALIASES.get(label, label)
        if code in ISO_639_1:
            scores[code] = scores.get(code, 0.0) + float(probability)
    if not scores:
        return LanguageGuess("", 0.0)
    best = max(scores, key=lambda c: (scores[c], c))
    other_script_language = best in _NOT_ARABIC and scores[best] >= CONFIDENT
    if dominant_script(text) == "arabic" and best != "ar" and not other_script_language:
        return LanguageGuess("ar", scores.get("ar", 0.0))
    return LanguageGuess(best, scores[best])


def detect_passage_language(text: str, document_language: str) -> str:
    """The language of one passage, given its document's language.

    A short passage (fewer than 8 tokens) inherits the document's language
    unless it is written in another script (an Arabic quotation in a French
    article): then Arabic script gives ``ar`` (or fa/ur... by the rule of
    :func:`detect_language`), and a few Latin words get the model's guess when
    its probability is at least 0.5, else ``""`` (unknown). A longer passage
    keeps the document's language unless the model is very confident (>= 0.9)
    of another one.

    >>> detect_passage_language("Rabat, lundi.", "fr")
    'fr'
    >>> detect_passage_language("«السيادة الوطنية»", "fr")
    'ar'
    """
    script = dominant_script(text)
    if count_tokens(text) < SHORT_PASSAGE_TOKENS:
        document_script = language_script(document_language)
        if document_language and (not script or not document_script or script == document_script):
            return document_language
        guess = _classify(text)
        if script == "arabic":
            return guess.code or "ar"
        # A few words in another script: trust the model only when it is fairly sure.
        return guess.code if guess.confidence >= SHORT_SWITCH_CONFIDENCE else ""
    guess = detect_language(text)
    if not document_language:
        return guess.code
    if (
        guess.code
        and guess.code != document_language
        and guess.confidence >= (PASSAGE_SWITCH_CONFIDENCE)
    ):
        return guess.code
    return document_language
