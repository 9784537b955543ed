"""framing.text.script: the one definition of "contains Arabic script", and its callers."""

from __future__ import annotations

import re
import unicodedata

import pytest

from framing.corpus.language import dominant_script
from framing.text.script import (
    ARABIC_BASE_BLOCK,
    ARABIC_BLOCKS,
    ARABIC_CHARACTERS,
    ARABIC_PRESENTATION_FORMS,
    has_arabic,
    is_arabic_char,
)

ARABIC_SENTENCE = "استقبل جلالة الملك وفداً سعودياً رفيع المستوى في الرباط."
FRENCH_SENTENCE = "Le ministre a salué « une coopération sécuritaire exemplaire » à Rabat."
ENGLISH_SENTENCE = "Morocco and Saudi Arabia signed a security agreement on Tuesday."
PERSIAN_SENTENCE = "گفتگوی دو کشور درباره امنیت منطقه ادامه دارد."
URDU_WORD = "پاکستانی"


@pytest.mark.parametrize(
    "text",
    [
        ARABIC_SENTENCE,
        PERSIAN_SENTENCE,
        URDU_WORD,
        f"{FRENCH_SENTENCE} (الرباط)",
        "Interview with المرصاد",
        "\ufee3\ufea0\ufee0\ufeb2",  # "majlis" in presentation forms B, as old PDFs export it
        "\ufdf2",  # the ligature "Allah", presentation forms A
        "\u0763",  # ARABIC LETTER KEHEH WITH THREE DOTS ABOVE (Arabic Supplement)
        "\u08a0",  # ARABIC LETTER BEH WITH SMALL V BELOW (Arabic Extended-A)
        "\u0870",  # ARABIC LETTER ALEF WITH ATTACHED FATHA (Arabic Extended-B)
        "٢٠٢٤",  # Arabic-Indic digits
        "۱۴۰۳",  # Persian (extended Arabic-Indic) digits
        "Rabat، Riyad؟",  # Arabic comma and question mark in Latin text
    ],
)
def test_arabic_script_is_found(text: str) -> None:
    assert has_arabic(text)


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH_SENTENCE,
        FRENCH_SENTENCE,
        "Sûreté, Çà et là : l'œuvre",
        "2024-05-01, 3.5 %, -0.25",
        "",
        "\ufeffTitle after a byte-order mark",  # U+FEFF ends the forms-B block but is no letter
        "שלום",  # Hebrew: right to left, not Arabic
        "ދިވެހި",  # Thaana (Maldivian), written with Arabic-derived letters but its own block
        "Москва",
    ],
)
def test_other_scripts_are_not_arabic(text: str) -> None:
    assert not has_arabic(text)


def test_the_blocks_are_the_ones_documented() -> None:
    names = {unicodedata.name(ch, "") for ch in ARABIC_CHARACTERS} - {""}  # "": unassigned
    assert {n for n in names if "ARABIC" not in n} == {
        "AFGHANI SIGN",
        "RIAL SIGN",
        "ORNATE LEFT PARENTHESIS",
        "ORNATE RIGHT PARENTHESIS",
    }
    assert "\u0600" in ARABIC_CHARACTERS and "\u06ff" in ARABIC_CHARACTERS
    assert {"\u0750", "\u077f", "\u0870", "\u08ff", "\ufb50", "\ufdff", "\ufe70", "\ufefc"} <= (
        ARABIC_CHARACTERS
    )
    assert not {"\u05ff", "\u0700", "\u074f", "\u0780", "\u086f", "\u0900"} & ARABIC_CHARACTERS
    assert not {"\ufb4f", "\ufe00", "\ufe0f", "\ufe6f", "\ufefd", "\ufeff"} & ARABIC_CHARACTERS
    # Every assigned Arabic character of the BMP is inside.
    every_arabic = {
        chr(c) for c in range(0x10000) if unicodedata.name(chr(c), "").startswith("ARABIC ")
    }
    assert every_arabic <= ARABIC_CHARACTERS


def test_character_set_and_pattern_agree() -> None:
    pattern = re.compile(f"[{ARABIC_BLOCKS}]")
    for code in range(0x10000):
        ch = chr(code)
        assert (pattern.fullmatch(ch) is not None) == is_arabic_char(ch), hex(code)


def test_base_block_and_presentation_forms_are_parts_of_the_blocks() -> None:
    base = {ch for ch in ARABIC_CHARACTERS if re.fullmatch(f"[{ARABIC_BASE_BLOCK}]", ch)}
    forms = {ch for ch in ARABIC_CHARACTERS if re.fullmatch(f"[{ARABIC_PRESENTATION_FORMS}]", ch)}
    assert len(base) == 256
    assert "\u0628" in base and "\u0750" not in base
    assert "\ufe8f" in forms and "\u0628" not in forms
    # Windows-1256 decodes only to the base block: why decode's mojibake ratio uses it alone.
    cp1256_arabic = {bytes([b]).decode("cp1256") for b in range(256)} & ARABIC_CHARACTERS
    assert cp1256_arabic and cp1256_arabic <= base


def test_every_arabic_letter_counts_as_arabic_for_dominant_script() -> None:
    # language.py keeps its own (wider) span; it must still cover every letter defined here.
    letters = [ch for ch in sorted(ARABIC_CHARACTERS) if ch.isalpha()]
    assert letters
    assert all(dominant_script(ch * 3) == "arabic" for ch in letters)


def test_callers_use_the_shared_definition() -> None:
    from framing.corpus.outlet import find_named_source
    from framing.report.labels import has_arabic as label_has_arabic
    from framing.report.labels import isolate
    from framing.text.normalize import normalize_token

    # A Supplement letter now gets the same treatment as the base block in labels.
    assert label_has_arabic("\u0763\u0627\u0645")
    assert isolate("\u0763\u0627\u0645").startswith("\u2068")
    assert not label_has_arabic(float("nan")) and not label_has_arabic(None)
    # Normalisation folds Persian and Arabic alike (alef with hamza -> bare alef).
    assert normalize_token("أمنیت") == "امنیت"
    assert normalize_token("Sécurité") == "sécurité"
    # An Arabic header line is a proper name, cited in the Arabic way.
    body = ["قال المسؤول، حسب موقع المرصاد، إن التعاون الأمني مستمر بين البلدين."]
    assert find_named_source(["المرصاد"], body) == "المرصاد"
    assert find_named_source(["المرصاد"], ["لم يذكر أي مصدر في هذا النص الطويل."]) is None
