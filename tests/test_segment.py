"""Paragraph and sentence spans: offsets into the clean text, in en, fr and ar."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktSentenceTokenizer

from framing.corpus.segment import (
    paragraph_spans,
    segment,
    sentence_spans,
    train_punkt,
)
from framing.errors import ConfigError


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def _assert_valid(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        passage = text[start:end]
        assert passage, "empty passage"
        assert passage == passage.strip(), "passage has surrounding whitespace"
        assert start >= previous_end, "spans overlap or are out of order"
        previous_end = end


def test_paragraph_spans_of_joined_paragraphs():
    paragraphs = [
        "Le ministre est arrivé à Rabat.",
        "وقال الوزير إن التعاون مستمر.",
        "The talks ended on Tuesday.",
    ]
    text = "\n\n".join(paragraphs)
    spans = paragraph_spans(text)
    assert _texts(text, spans) == paragraphs
    assert spans[0] == (0, len(paragraphs[0]))


def test_paragraph_spans_strip_and_skip_blank_blocks():
    text = "  First block\nstill first.  \n \n\n\t\nSecond block.\r\n\r\nThird.\n"
    assert _texts(text, paragraph_spans(text)) == [
        "First block\nstill first.",
        "Second block.",
        "Third.",
    ]
    assert paragraph_spans("") == []
    assert paragraph_spans(" \n\n \n") == []


def test_english_sentences_with_abbreviations_and_decimals():
    text = (
        "Mr. Alami met Dr. Haddad in Rabat on Monday. Growth reached 3.5 per cent in 2025! "
        "Will the U.S. delegation attend? Officials said they would."
    )
    assert _texts(text, sentence_spans(text, "en")) == [
        "Mr. Alami met Dr. Haddad in Rabat on Monday.",
        "Growth reached 3.5 per cent in 2025!",
        "Will the U.S. delegation attend?",
        "Officials said they would.",
    ]


def test_french_sentences_with_abbreviations_and_guillemets():
    text = (
        "M. Bourita a reçu Mme Albares à Rabat. Selon l'art. 4 de l'accord, les deux pays "
        "coopèrent. Il a déclaré : « Nous avançons. Le partenariat tient. » Puis il est parti. "
        "Quoi ? La réunion reprendra en mars."
    )
    assert _texts(text, sentence_spans(text, "fr")) == [
        "M. Bourita a reçu Mme Albares à Rabat.",
        "Selon l'art. 4 de l'accord, les deux pays coopèrent.",
        "Il a déclaré : « Nous avançons. Le partenariat tient. »",
        "Puis il est parti.",
        "Quoi ?",
        "La réunion reprendra en mars.",
    ]


def test_abbreviations_depend_on_the_language():
    english = "The minister called me. Then he left for the art. Museum visits followed."
    assert len(sentence_spans(english, "en")) == 3
    french = "Me Alami plaide. Il cite l'art. 12 du code."
    assert _texts(french, sentence_spans(french, "fr")) == [
        "Me Alami plaide.",
        "Il cite l'art. 12 du code.",
    ]


def test_arabic_sentence_boundaries():
    text = (
        "هل تنجح الزيارة في تعزيز التعاون؟ قال د. العلوي، أستاذ العلاقات الدولية، إن النسبة "
        "بلغت 3.5 في المئة؛ وهي نسبة مرتفعة. وأضاف: «الأمن مسؤولية مشتركة. ولا بديل عن "
        "التعاون». ثم ماذا بعد… ستتواصل المباحثات! وانتهى اللقاء."
    )
    assert _texts(text, sentence_spans(text, "ar")) == [
        "هل تنجح الزيارة في تعزيز التعاون؟",
        "قال د. العلوي، أستاذ العلاقات الدولية، إن النسبة بلغت 3.5 في المئة؛ وهي نسبة مرتفعة.",
        "وأضاف: «الأمن مسؤولية مشتركة. ولا بديل عن التعاون».",
        "ثم ماذا بعد…",
        "ستتواصل المباحثات!",
        "وانتهى اللقاء.",
    ]


def test_arabic_rules_follow_the_script_when_the_language_is_unknown():
    text = "ما هي الرسالة؟ الرسالة واضحة."
    assert _texts(text, sentence_spans(text)) == ["ما هي الرسالة؟", "الرسالة واضحة."]


def test_arabic_quotation_in_straight_quotes_is_not_split():
    text = 'وذكرت المديرية أن "حموشي أجرى مباحثات. وتناولت التعاون" خلال الزيارة. وانتهت الزيارة.'
    assert _texts(text, sentence_spans(text, "ar")) == [
        'وذكرت المديرية أن "حموشي أجرى مباحثات. وتناولت التعاون" خلال الزيارة.',
        "وانتهت الزيارة.",
    ]


def test_long_quotation_is_split_at_its_sentences():
    sentence = "The partnership rests on trust and on regular exchanges between services. "
    text = "He said: “" + sentence * 8 + "” Then he left."
    spans = sentence_spans(text, "en")
    assert len(spans) > 8
    _assert_valid(text, spans)


def test_sentences_never_cross_paragraphs():
    text = "First paragraph without a final stop\n\nSecond paragraph. It has two sentences."
    assert _texts(text, sentence_spans(text, "en")) == [
        "First paragraph without a final stop",
        "Second paragraph.",
        "It has two sentences.",
    ]


def test_trained_punkt_is_used_and_learns_abbreviations():
    corpus = [
        "The delegation was led by Gen. Haddad. It arrived on Monday. Gen. Haddad spoke "
        "first. The ambassador, Amb. Alami, spoke next."
    ] * 20
    tokenizer = train_punkt(corpus)
    assert isinstance(tokenizer, PunktSentenceTokenizer)
    text = "The visit was prepared by Amb. Alami. It lasted two days."
    assert _texts(text, sentence_spans(text, "en", tokenizer=tokenizer)) == [
        "The visit was prepared by Amb. Alami.",
        "It lasted two days.",
    ]


def test_train_punkt_on_empty_corpus_gives_a_working_tokenizer():
    tokenizer = train_punkt(["", "   "])
    text = "One sentence. Another one."
    assert len(sentence_spans(text, "en", tokenizer=tokenizer)) == 2


def test_segment_dispatches_on_unit():
    text = "Un paragraphe. Deux phrases.\n\nUn autre."
    assert segment(text) == paragraph_spans(text)
    assert segment(text, unit="sentence", language="fr") == sentence_spans(text, "fr")
    with pytest.raises(ConfigError, match="unit"):
        segment(text, unit="page")


# --- invariants on random text ---------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("abcXYZ éàç")
    + list("المغربو")
    + list(" .!?؟…،؛«»“”\"'")
    + ["\n", "\n\n", "\t", "3.5", "M.", "د."]
)
_RANDOM_TEXT = st.lists(_ALPHABET, max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_RANDOM_TEXT, language=st.sampled_from(["en", "fr", "ar", None]))
def test_span_invariants_on_random_text(text, language):
    paragraphs = paragraph_spans(text)
    _assert_valid(text, paragraphs)
    sentences = sentence_spans(text, language)
    _assert_valid(text, sentences)
    # Every sentence lies inside one paragraph, and together they cover its characters.
    for start, end in sentences:
        assert any(ps <= start and end <= pe for ps, pe in paragraphs)
    assert _visible(text, sentences) == _visible(text, paragraphs)


def _visible(text: str, spans: list[tuple[int, int]]) -> str:
    return re.sub(r"\s", "", "".join(text[s:e] for s, e in spans))


@settings(max_examples=100, deadline=None)
@given(paragraphs=st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=6))
def test_paragraphs_joined_by_blank_lines_round_trip(paragraphs):
    clean = [p.strip() for p in paragraphs if p.strip() and "\n" not in p]
    text = "\n\n".join(clean)
    assert _texts(text, paragraph_spans(text)) == clean
    _assert_valid(text, sentence_spans(text, "fr"))
