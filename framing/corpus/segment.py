"""Passages: paragraph or sentence spans of a document's clean text.

A document's clean text is its paragraphs joined by a blank line (the title is
not part of it). Every function returns ``[start, end)`` character spans into
that text: ``text[start:end]`` is the passage, never empty, without leading
or trailing whitespace; spans are in order and do not overlap, and a sentence
never crosses a paragraph boundary (a blank line).

Sentences
---------
- Latin-script text: NLTK Punkt, untrained (``PunktSentenceTokenizer()``
  given the abbreviations of the language: ``Mr``, ``Dr``, ``U.S`` in
  English, ``M``, ``Mme``, ``Me``, ``art`` in French, both lists for other
  or unknown languages) or trained on the corpus with :func:`train_punkt`.
  No model is downloaded.
- Arabic-script text (by the document's language or the paragraph's script):
  a sentence ends at ``.``, ``!``, ``?``, ``؟`` or ``…`` (with any closing
  quotes or brackets) followed by a space. The Arabic comma ``،`` and the
  Arabic semicolon ``؛`` never end a sentence: ``؛`` joins clauses like the
  Latin ``;``, which Punkt does not split on either. Decimal numbers
  (``3.5``) do not split, nor does a one-letter abbreviation (``د.`` for
  doctor, ``م.``, ``ص.``).
- In every script, no split inside a quotation in ``«...»``, ``“...”`` or
  ``"..."`` that closes within the paragraph and is at most 400 characters
  long; longer quotations (whole statements) are split at their sentences.
  No split after a known abbreviation either (``l'art.`` in French).

Long passages
-------------
:func:`split_long_spans` cuts a passage longer than a limit (a text file
with no line breaks is one paragraph) at sentence ends, else at the last
space that fits, else (no space at all) at the limit itself, never between a
letter and its combining marks. The pieces keep the contract above: they are
spans of the same text, stripped, in order, without overlap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from framing.corpus.language import ARABIC_SCRIPT_LANGUAGES, dominant_script
from framing.errors import ConfigError

if TYPE_CHECKING:  # NLTK takes a second to import: loaded when sentences are first cut
    from nltk.tokenize.punkt import PunktSentenceTokenizer

Span = tuple[int, int]
Unit = Literal["paragraph", "sentence"]
MAX_QUOTE_CHARS = 400

_ENGLISH_ABBREVIATIONS = (
    "mr mrs ms dr prof st gen col lt sgt capt cmdr gov sen rep rev jr sr inc ltd corp vs etc "
    "e.g i.e u.s u.k u.n jan feb mar apr jun jul aug sep sept oct nov dec approx dept fig"
)
_FRENCH_ABBREVIATIONS = (
    "m mm mme mmes mlle mlles mgr dr pr me art al av bd cf env vol chap éd ste sté etc "
    "janv févr avr juil sept oct nov déc"
)
# Abbreviations by language; other languages (and unknown) get both lists.
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(_ENGLISH_ABBREVIATIONS.split()),
    "fr": frozenset(_FRENCH_ABBREVIATIONS.split()),
}


def abbreviations(language: str | None) -> frozenset[str]:
    """The known abbreviations (lower case, no final period) for ``language``."""
    return ABBREVIATIONS.get(language or "", ABBREVIATIONS["en"] | ABBREVIATIONS["fr"])


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_ARABIC_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*(?=\s)")
_LAST_WORD = re.compile(r"(\S+)\.[\"'”’»)\]]*$")
_PAIRED_QUOTES = {"«": "»", "“": "”"}


def paragraph_spans(text: str) -> list[Span]:
    """Spans of the paragraphs of ``text`` (blocks separated by a blank line).

    >>> paragraph_spans("First paragraph.\\n\\n  Second one.  \\n")
    [(0, 16), (20, 31)]
    """
    spans: list[Span] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _append_stripped(spans, text, position, match.start())
        position = match.end()
    _append_stripped(spans, text, position, len(text))
    return spans


def _append_stripped(spans: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + len(chunk) - len(chunk.lstrip())
        spans.append((offset, offset + len(stripped)))


@lru_cache(maxsize=8)
def _default_tokenizer(language: str | None) -> PunktSentenceTokenizer:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    parameters = PunktParameters()
    parameters.abbrev_types = set(abbreviations(language))
    return PunktSentenceTokenizer(parameters)


def train_punkt(texts: Iterable[str], language: str | None = None) -> PunktSentenceTokenizer:
    """A Punkt sentence tokenizer trained on the corpus itself (no download).

    Training learns the corpus's abbreviations and collocations; the known
    abbreviations of ``language`` (English and French ones when it is not
    given) are added to what it learns.

    >>> from nltk.tokenize.punkt import PunktSentenceTokenizer
    >>> tokenizer = train_punkt(["Dr. Alami arrived. He spoke for an hour."] * 5)
    >>> isinstance(tokenizer, PunktSentenceTokenizer)
    True
    """
    from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

    trainer = PunktTrainer()
    for text in texts:
        if text.strip():
            trainer.train(text, finalize=False)
    trainer.finalize_training()
    parameters = trainer.get_params()
    parameters.abbrev_types |= abbreviations(language)
    return PunktSentenceTokenizer(parameters)


def sentence_spans(
    text: str, language: str | None = None, tokenizer: PunktSentenceTokenizer | None = None
) -> list[Span]:
    """Spans of the sentences of ``text``, paragraph by paragraph.

    Examples
    --------
    >>> text = "M. Alami est arrivé. Il a dit « Nous restons. Tout va bien » hier."
    >>> [text[s:e] for s, e in sentence_spans(text, "fr")]
    ['M. Alami est arrivé.', 'Il a dit « Nous restons. Tout va bien » hier.']
    >>> text = "هل تنجح الزيارة؟ قال د. العلوي إن النسبة 3.5 في المئة."
    >>> len(sentence_spans(text, "ar"))
    2
    """
    spans: list[Span] = []
    for start, end in paragraph_spans(text):
        paragraph = text[start:end]
        arabic = language in ARABIC_SCRIPT_LANGUAGES or dominant_script(paragraph) == "arabic"
        if arabic:
            ends = _arabic_ends(paragraph)
        else:
            ends = _punkt_ends(paragraph, tokenizer or _default_tokenizer(language or None))
        ends = _kept_boundaries(paragraph, ends, abbreviations(language))
        position = 0
        for boundary in [*ends, len(paragraph)]:
            _append_stripped(spans, text, start + position, start + boundary)
            position = boundary
    return spans


def _punkt_ends(paragraph: str, tokenizer: PunktSentenceTokenizer) -> list[int]:
    return [end for _, end in tokenizer.span_tokenize(paragraph)][:-1]


def _arabic_ends(paragraph: str) -> list[int]:
    return [match.end() for match in _ARABIC_END.finditer(paragraph)]


def _kept_boundaries(paragraph: str, ends: list[int], known: frozenset[str]) -> list[int]:
    """Drop boundaries after an abbreviation or inside a (not too long) quotation."""
    quotations = [(a, b) for a, b in _quotations(paragraph) if b - a <= MAX_QUOTE_CHARS]
    kept = []
    for position in ends:
        word = _LAST_WORD.search(paragraph, max(0, position - 40), position)
        if word and _is_abbreviation(word.group(1), known):
            continue
        if any(start < position <= end for start, end in quotations):
            continue
        kept.append(position)
    return kept


def _is_abbreviation(word: str, known: frozenset[str]) -> bool:
    word = re.split(r"['’]", word)[-1]  # l'art -> art
    if len(word) == 1 and word.isalpha():
        return True  # initials, and Arabic one-letter abbreviations (د. م. ص.)
    return word.casefold() in known or word == "هـ"


def _quotations(paragraph: str) -> list[Span]:
    """``[open, close]`` positions of the quotations that close within the paragraph."""
    found: list[Span] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(paragraph):
        if ch in _PAIRED_QUOTES:
            stack.append((ch, i))
        elif stack and ch == _PAIRED_QUOTES[stack[-1][0]]:
            found.append((stack.pop()[1], i))
    straight = [i for i, ch in enumerate(paragraph) if ch == '"']
    if len(straight) % 2 == 0:
        found.extend(zip(straight[::2], straight[1::2], strict=True))
    return found


def segment(
    text: str,
    unit: Unit = "paragraph",
    language: str | None = None,
    tokenizer: PunktSentenceTokenizer | None = None,
) -> list[Span]:
    """Spans of the passages of ``text``: paragraphs or sentences.

    >>> segment("Un paragraphe. Deux phrases.\\n\\nUn autre.", unit="sentence", language="fr")
    [(0, 14), (15, 28), (30, 39)]
    """
    if unit == "paragraph":
        return paragraph_spans(text)
    if unit == "sentence":
        return sentence_spans(text, language, tokenizer)
    raise ConfigError(
        f"unknown passage unit {unit!r}", field="unit", hint="use 'paragraph' or 'sentence'"
    )


def split_long_spans(
    text: str,
    spans: Iterable[Span],
    max_chars: int,
    language: str | None = None,
    tokenizer: PunktSentenceTokenizer | None = None,
    *,
    pack: bool = True,
) -> list[Span]:
    """Cut every span longer than ``max_chars`` into spans of at most ``max_chars``.

    A long span is cut into sentences (:func:`sentence_spans`); a sentence
    still too long is cut at the last whitespace that fits, else at
    ``max_chars``. With ``pack`` (paragraph passages) consecutive pieces are
    joined again while they fit, so the passages stay as long as allowed.
    Spans within the limit are kept as they are.

    >>> text = "One sentence here. Another one there. A third one."
    >>> [text[s:e] for s, e in split_long_spans(text, [(0, len(text))], 40)]
    ['One sentence here. Another one there.', 'A third one.']
    >>> [text[s:e] for s, e in split_long_spans(text, [(0, len(text))], 12, pack=False)]
    ['One sentence', 'here.', 'Another one', 'there.', 'A third one.']
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be >= 1, not {max_chars}")
    result: list[Span] = []
    for start, end in spans:
        if end - start <= max_chars:
            result.append((start, end))
            continue
        pieces: list[Span] = []
        for s, e in sentence_spans(text[start:end], language, tokenizer):
            pieces.extend(_cut_at_spaces(text, start + s, start + e, max_chars))
        result.extend(_pack(pieces, max_chars) if pack else pieces)
    return result


def _cut_at_spaces(text: str, start: int, end: int, max_chars: int) -> list[Span]:
    """``[start, end)`` (stripped) cut at whitespace into pieces of at most ``max_chars``."""
    pieces: list[Span] = []
    position = start
    while end - position > max_chars:
        limit = position + max_chars
        cut = next((i for i in range(limit, position, -1) if text[i].isspace()), None)
        if cut is None:
            cut = _hard_cut(text, position, limit)
            pieces.append((position, cut))
            position = cut
            continue
        piece_end = cut
        while text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((position, piece_end))
        position = cut
        while text[position].isspace():
            position += 1
    pieces.append((position, end))
    return pieces


def _hard_cut(text: str, position: int, limit: int) -> int:
    """``limit``, moved back so that no combining mark or joiner starts the next piece."""
    cut = limit
    while cut > position + 1 and _attached(text[cut]):
        cut -= 1
    return limit if cut == position + 1 else cut


def _attached(char: str) -> bool:
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char in "\u200c\u200d"
        or "\ufe00" <= char <= "\ufe0f"
    )


def _pack(pieces: list[Span], max_chars: int) -> list[Span]:
    """Join consecutive pieces (separated by whitespace only) while they fit in ``max_chars``."""
    packed: list[Span] = []
    for start, end in pieces:
        if packed and end - packed[-1][0] <= max_chars:
            packed[-1] = (packed[-1][0], end)
        else:
            packed.append((start, end))
    return packed
