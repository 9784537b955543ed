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

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from framing.corpus.iso639 import ISO_639_1
from framing.corpus.language_model import language_model
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


_NOT_LETTERS = re.compile(r"[\W\d_]+")
_ARABIC_BLOCKS = "\u0600-\u06ff\u0750-\u08ff\ufb50-\ufefc"  # Arabic, its supplements, forms
_NOT_ARABIC_SCRIPT = re.compile(f"[^{_ARABIC_BLOCKS}]+")
_NOT_LATIN_SCRIPT = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff]+")
_ARABIC_SCRIPT = re.compile(f"[{_ARABIC_BLOCKS}]")
# At least MIN_LETTERS letters (the characters letters_of keeps).
_ENOUGH_LETTERS = re.compile(rf"(?:[\W\d_]*[^\W\d_]){{{MIN_LETTERS}}}")


def letters_of(text: str) -> str:
    """The letters of ``text``, in order (no digits, marks, punctuation or spaces)."""
    return _NOT_LETTERS.sub("", text)


def dominant_script(text: str) -> str:
    """``arabic``, ``latin``, ``other`` or ``""`` (no letters): the script of most letters.

    >>> dominant_script("Le Maroc et الرياض"), dominant_script("زيارة حموشي للرياض")
    ('latin', 'arabic')
    """
    letters = letters_of(text)
    arabic = len(_NOT_ARABIC_SCRIPT.sub("", letters))
    latin = len(_NOT_LATIN_SCRIPT.sub("", letters))
    counts = {"arabic": arabic, "latin": latin, "other": len(letters) - arabic - latin}
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
    return detect_languages([text])[0]


def detect_languages(texts: Sequence[str]) -> list[LanguageGuess]:
    """:func:`detect_language` for many texts at once (much faster than one by one).

    >>> [g.code for g in detect_languages(["The minister met his counterparts.", "Menu"])]
    ['en', '']
    """
    guesses = [LanguageGuess("", 0.0)] * len(texts)
    judged = [i for i, text in enumerate(texts) if _long_enough(text)]
    for i, guess in zip(judged, _classify([texts[i] for i in judged]), strict=True):
        guesses[i] = guess
    return guesses


def _long_enough(text: str, tokens: int | None = None) -> bool:
    """At least MIN_LETTERS letters and MIN_WORDS words (most texts show both early)."""
    start = text[: 8 * MIN_LETTERS]
    if not _ENOUGH_LETTERS.match(text):  # stops at the MIN_LETTERS-th letter
        return False
    if tokens is None:
        tokens = count_tokens(start)
        if tokens < MIN_WORDS and len(start) < len(text):
            tokens = count_tokens(text)
    return tokens >= MIN_WORDS


@lru_cache(maxsize=1)
def _code_table() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """How to sum the model's class probabilities into ISO 639-1 codes.

    Returns the class columns grouped by code, where each code's group starts,
    and the codes, last first: ``argmax`` (the first maximum) then breaks a tie
    in favour of the code that sorts last, as ``max(..., key=(score, code))``.
    (A sum by ``reduceat``, not a matrix product: BLAS threads cost milliseconds
    on a busy machine for this tiny product.)
    """
    classes = language_model().classes
    codes = sorted({_ALIASES.get(c, c) for c in classes} & set(ISO_639_1), reverse=True)
    columns = [[i for i, c in enumerate(classes) if _ALIASES.get(c, c) == code] for code in codes]
    order = np.asarray([i for group in columns for i in group], dtype=np.intp)
    starts = np.cumsum([0] + [len(group) for group in columns[:-1]], dtype=np.intp)
    return order, starts, codes


def _classify(texts: Sequence[str]) -> list[LanguageGuess]:
    if not texts:
        return []
    order, starts, codes = _code_table()
    probabilities = language_model().probabilities(texts).astype(np.float64)
    scores = np.add.reduceat(probabilities[:, order], starts, axis=1)
    best = scores.argmax(axis=1)
    # Only two scores of each row are read: take them, not the whole matrix, to Python.
    best_scores = scores[np.arange(len(texts)), best].tolist()
    arabic_scores = scores[:, codes.index("ar")].tolist()
    guesses = []
    for text, j, score, arabic in zip(
        texts, best.tolist(), best_scores, arabic_scores, strict=True
    ):
        code = codes[j]
        other_script_language = code in _NOT_ARABIC and score >= CONFIDENT
        if code != "ar" and not other_script_language and _mostly_arabic(text):
            guesses.append(LanguageGuess("ar", arabic))
        else:
            guesses.append(LanguageGuess(code, score))
    return guesses


def _mostly_arabic(text: str) -> bool:
    return _ARABIC_SCRIPT.search(text) is not None and dominant_script(text) == "arabic"


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
    return detect_passage_languages([text], [document_language])[0]


def detect_passage_languages(
    texts: Sequence[str],
    document_languages: Sequence[str],
    token_counts: Sequence[int] | None = None,
) -> list[str]:
    """:func:`detect_passage_language` for many passages at once.

    ``token_counts`` (:func:`~framing.text.tokens.count_tokens` of each text)
    saves counting again when the caller has them.

    >>> detect_passage_languages(["Rabat, lundi.", "«السيادة الوطنية»"], ["fr", "fr"])
    ['fr', 'ar']
    """
    if token_counts is None:
        token_counts = [count_tokens(text) for text in texts]
    decided: list[str | None] = []
    asked: list[int] = []  # passages the model must judge
    for i, (text, language) in enumerate(zip(texts, document_languages, strict=True)):
        short = token_counts[i] < SHORT_PASSAGE_TOKENS
        if short and _inherits(text, language):
            decided.append(language)
        elif not short and not _long_enough(text, token_counts[i]):
            decided.append(language)  # too few letters to judge: the document's language
        else:
            decided.append(None)
            asked.append(i)
    guesses = _classify([texts[i] for i in asked])
    for i, guess in zip(asked, guesses, strict=True):
        short = token_counts[i] < SHORT_PASSAGE_TOKENS
        decided[i] = _passage_decision(texts[i], document_languages[i], guess, short)
    return [code or "" for code in decided]


def _inherits(text: str, document_language: str) -> bool:
    """A short passage in its document's script (or with no letters) keeps its language."""
    script, document_script = dominant_script(text), language_script(document_language)
    return bool(document_language) and (
        not script or not document_script or script == document_script
    )


def _passage_decision(text: str, document_language: str, guess: LanguageGuess, short: bool) -> str:
    if short:
        if dominant_script(text) == "arabic":
            return guess.code or "ar"
        # A few words in another script: trust the model only when it is fairly sure.
        return guess.code if guess.confidence >= SHORT_SWITCH_CONFIDENCE else ""
    if not document_language:
        return guess.code
    if (
        guess.code
        and guess.code != document_language
        and guess.confidence >= (PASSAGE_SWITCH_CONFIDENCE)
    ):
        return guess.code
    return document_language
