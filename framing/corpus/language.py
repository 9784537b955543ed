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
from itertools import islice
from typing import NamedTuple

import numpy as np

from framing.corpus.iso639 import ISO_639_1
from framing.corpus.language_model import language_model
from framing.text.tokens import WORD_RE, count_tokens

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
# Wider than framing.text.script.ARABIC_BLOCKS, and kept so (language guesses must not
# change): U+0750-U+08FF also spans Thaana, NKo, Samaritan, Mandaic and Syriac Supplement.
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
    # Each character's script looked up in a table of the Basic Multilingual Plane (a few
    # times faster than the regular expressions below, which give the same answer).
    try:
        table = _bmp_scripts()[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), "<u4")]
    except IndexError:  # a character beyond the BMP (an emoji, a rare script)
        return _dominant_script_by_pattern(text)
    counts = np.bincount(table, minlength=len(_SCRIPTS) + 1).tolist()
    # The most letters; a tie goes to the script named first in _SCRIPTS.
    most, script = max((n, -k) for k, n in enumerate(counts[1:]))
    return _SCRIPTS[-script] if most else ""


_SCRIPTS = ("arabic", "latin", "other")


@lru_cache(maxsize=1)
def _bmp_scripts() -> np.ndarray:
    """Each BMP character's class for :func:`dominant_script`: 0 when it is not a letter
    (what :func:`letters_of` drops), else 1 + its index in _SCRIPTS."""
    characters = "".join(map(chr, range(0x10000)))
    table = np.zeros(0x10000, dtype=np.uint8)
    for run in re.finditer(r"[^\W\d_]+", characters):  # letters_of's letters
        table[run.start() : run.end()] = 1 + _SCRIPTS.index("other")
    letters = table > 0
    for script, pattern in (("arabic", _NOT_ARABIC_SCRIPT), ("latin", _NOT_LATIN_SCRIPT)):
        inside = np.ones(0x10000, dtype=bool)
        for run in pattern.finditer(characters):
            inside[run.start() : run.end()] = False
        table[letters & inside] = 1 + _SCRIPTS.index(script)
    return table


def _dominant_script_by_pattern(text: str) -> str:
    """:func:`dominant_script` with regular expressions (for any character)."""
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
    if not _ENOUGH_LETTERS.match(text):  # stops at the MIN_LETTERS-th letter
        return False
    if tokens is None:  # count_tokens(text) >= MIN_WORDS, reading up to the last word needed
        return next(islice(WORD_RE.finditer(text), MIN_WORDS - 1, None), None) is not None
    return tokens >= MIN_WORDS


@lru_cache(maxsize=1)
def _code_table() -> tuple[np.ndarray, list[np.ndarray], list[str]]:
    """How to sum the model's class probabilities into ISO 639-1 codes.

    Returns the first class column of each code, the further columns of the codes
    that have several (one array per further member: the second columns of such
    codes, then the third...), and the codes, last first: ``argmax`` (the first
    maximum) then breaks a tie in favour of the code that sorts last, as
    ``max(..., key=(score, code))``. (Sums of columns, not a matrix product: BLAS
    threads cost milliseconds on a busy machine for this tiny product.)
    """
    classes = language_model().classes
    codes = sorted({_ALIASES.get(c, c) for c in classes} & set(ISO_639_1), reverse=True)
    columns = [[i for i, c in enumerate(classes) if _ALIASES.get(c, c) == code] for code in codes]
    first = np.asarray([group[0] for group in columns], dtype=np.intp)
    further = []
    for member in range(1, max(len(group) for group in columns)):
        with_member = [k for k, group in enumerate(columns) if len(group) > member]
        members = [columns[k][member] for k in with_member]
        further.append(np.asarray([with_member, members], dtype=np.intp))
    return first, further, codes


def _code_scores(probabilities: np.ndarray) -> np.ndarray:
    """Texts x codes of :func:`_code_table`: the sum of each code's class probabilities,
    in float64, added in column order."""
    first, further, _ = _code_table()
    scores = probabilities[:, first].astype(np.float64)
    for codes_with_member, member in further:  # a few codes: Arabic, Chinese, Uzbek...
        scores[:, codes_with_member] += probabilities[:, member]
    return scores


def _best_codes(texts: Sequence[str]) -> tuple[list[str], list[float]]:
    """The code and confidence of each text, as :func:`detect_language` (for texts long
    enough to judge)."""
    if not texts:
        return [], []
    codes = _code_table()[2]
    scores = _code_scores(language_model().probabilities(texts))
    best = scores.argmax(axis=1)
    # Only two scores of each row are read: take them, not the whole matrix, to Python.
    best_scores = scores[np.arange(len(texts)), best]
    arabic = codes.index("ar")
    other_script = [j for j, code in enumerate(codes) if code in _NOT_ARABIC]
    sure_of_other_script = np.isin(best, other_script) & (best_scores >= CONFIDENT)
    best_codes = [codes[j] for j in best.tolist()]
    confidences = best_scores.tolist()
    # Arabic script comes first, unless the model is sure of another Arabic-script language.
    for i in np.flatnonzero((best != arabic) & ~sure_of_other_script).tolist():
        if _mostly_arabic(texts[i]):
            best_codes[i], confidences[i] = "ar", float(scores[i, arabic])
    return best_codes, confidences


def _classify(texts: Sequence[str]) -> list[LanguageGuess]:
    codes, confidences = _best_codes(texts)
    return [LanguageGuess(c, p) for c, p in zip(codes, confidences, strict=True)]


def _mostly_arabic(text: str) -> bool:
    # isascii reads a flag of the string; the search scans it for an Arabic character.
    if text.isascii() or _ARABIC_SCRIPT.search(text) is None:
        return False
    return dominant_script(text) == "arabic"


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
        token_counts = [_tokens_up_to_short(text) for text in texts]
    short = [tokens < SHORT_PASSAGE_TOKENS for tokens in token_counts]
    decided = [language for _, language in zip(texts, document_languages, strict=True)]
    asked: list[int] = []  # passages the model must judge
    for i, text in enumerate(texts):
        if short[i]:
            if not _inherits(text, decided[i]):
                asked.append(i)
        # A long passage has more than MIN_WORDS tokens: its letters decide.
        elif _ENOUGH_LETTERS.match(text):
            asked.append(i)
        # else too few letters to judge: the document's language
    codes, confidences = _best_codes([texts[i] for i in asked])
    for i, code, confidence in zip(asked, codes, confidences, strict=True):
        decided[i] = _passage_decision(texts[i], decided[i], code, confidence, short[i])
    return [code or "" for code in decided]


def _tokens_up_to_short(text: str) -> int:
    """``count_tokens(text)``, or a smaller count still >= SHORT_PASSAGE_TOKENS when the
    full count is (counted on a prefix: a prefix never has more tokens)."""
    tokens = count_tokens(text[:_SHORT_PREFIX])
    if tokens < SHORT_PASSAGE_TOKENS and len(text) > _SHORT_PREFIX:
        tokens = count_tokens(text)
    return tokens


_SHORT_PREFIX = 12 * SHORT_PASSAGE_TOKENS  # characters: most long passages show 8 tokens


def _inherits(text: str, document_language: str) -> bool:
    """A short passage in its document's script (or with no letters) keeps its language."""
    script, document_script = dominant_script(text), language_script(document_language)
    return bool(document_language) and (
        not script or not document_script or script == document_script
    )


def _passage_decision(
    text: str, document_language: str, code: str, confidence: float, short: bool
) -> str:
    if short:
        if dominant_script(text) == "arabic":
            return code or "ar"
        # A few words in another script: trust the model only when it is fairly sure.
        return code if confidence >= SHORT_SWITCH_CONFIDENCE else ""
    if not document_language:
        return code
    if code and code != document_language and confidence >= PASSAGE_SWITCH_CONFIDENCE:
        return code
    return document_language
