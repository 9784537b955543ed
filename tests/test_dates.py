"""Publication dates in English, French and Arabic, never more precise than the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus.boilerplate import clean_document
from framing.corpus.dates import ParsedDate, date_coverage, find_date, parse_date, search_date

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.parametrize(
    ("text", "language", "iso", "precision"),
    [
        # ISO 8601 and RFC 2822
        ("2026-02-11T15:35:40", None, "2026-02-11", "day"),
        ("2026-02-11T23:35:40-05:00", None, "2026-02-11", "day"),
        ("2026-02-11T00:30:00+01:00", None, "2026-02-11", "day"),
        ("2026-02-11 08:00:00Z", None, "2026-02-11", "day"),
        ("2026-02-11", None, "2026-02-11", "day"),
        ("2025-11", None, "2025-11", "month"),
        ("Wed, 11 Feb 2026 15:35:40 +0000", None, "2026-02-11", "day"),
        # English
        ("November 27, 2025", "en", "2025-11-27", "day"),
        ("Nov. 27, 2025", "en", "2025-11-27", "day"),
        ("27 November 2025", "en", "2025-11-27", "day"),
        ("Published on Thursday, 27 November 2025 at 10:04", "en", "2025-11-27", "day"),
        ("Thursday, November 27", "en", "--11-27", "no_year"),
        ("November 2025", "en", "2025-11", "month"),
        ("2025", None, "2025", "year"),
        # French
        ("27 novembre 2025", "fr", "2025-11-27", "day"),
        ("le jeudi 27 novembre 2025", "fr", "2025-11-27", "day"),
        ("Publié le 1er mars 2026 à 09h30", "fr", "2026-03-01", "day"),
        ("14 août 2025", "fr", "2025-08-14", "day"),
        ("14 aout 2025", "fr", "2025-08-14", "day"),
        ("novembre 2025", "fr", "2025-11", "month"),
        ("Mis à jour le 3 février", "fr", "--02-03", "no_year"),
        # Arabic: Mashriq, Maghreb and Levant month names, Arabic-Indic digits, weekdays
        ("27 نوفمبر 2025", "ar", "2025-11-27", "day"),
        ("27 نونبر 2025", "ar", "2025-11-27", "day"),
        ("5 غشت 2025", "ar", "2025-08-05", "day"),
        ("16 شتنبر 2025", "ar", "2025-09-16", "day"),
        ("3 دجنبر 2025", "ar", "2025-12-03", "day"),
        ("30 يوليوز 2025", "ar", "2025-07-30", "day"),
        ("1 ماي 2026", "ar", "2026-05-01", "day"),
        ("27 تشرين الثاني 2025", "ar", "2025-11-27", "day"),
        ("10 كانون الثاني 2026", "ar", "2026-01-10", "day"),
        ("27 نوفمبر/تشرين الثاني 2025", "ar", "2025-11-27", "day"),
        ("٢٧ نوفمبر ٢٠٢٥", "ar", "2025-11-27", "day"),
        ("الخميس 27 نوفمبر 2025", "ar", "2025-11-27", "day"),
        ("الأربعاء 11 فبراير 2026 - 15:35", "ar", "2026-02-11", "day"),
        ("أبريل 2026", "ar", "2026-04", "month"),
        ("الخميس 27 نوفمبر", "ar", "--11-27", "no_year"),
        # numeric, day first in French and Arabic
        ("27/11/2025", "fr", "2025-11-27", "day"),
        ("03/04/2025", "fr", "2025-04-03", "day"),
        ("03/04/2025", "ar", "2025-04-03", "day"),
        ("27-11-2025", "ar", "2025-11-27", "day"),
        ("2025/11/27", None, "2025-11-27", "day"),
        # numeric in English: unambiguous when a part exceeds 12 or both are equal
        ("11/27/2025", "en", "2025-11-27", "day"),
        ("27/11/2025", "en", "2025-11-27", "day"),
        ("05/05/2025", "en", "2025-05-05", "day"),
    ],
)
def test_parse_date(text, language, iso, precision):
    parsed = parse_date(text, language)
    assert (parsed.iso, parsed.precision) == (iso, precision)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("31 February 2026", "en"),
        ("30 février 2026", "fr"),
        ("31 أبريل 2026", "ar"),
        ("2026-02-30", None),
        ("2026-13-01", None),
        ("31/04/2025", "fr"),
        ("30 February", "en"),
    ],
)
def test_invalid_dates_are_unknown(text, language):
    assert parse_date(text, language) == ParsedDate("", "unknown", text)


def test_no_date_is_unknown():
    assert parse_date("Ministers meet in Rabat") == ParsedDate("", "unknown")
    assert parse_date("") == ParsedDate("", "unknown")


@pytest.mark.parametrize("language", ["en", None])
def test_ambiguous_numeric_date_in_english_is_unknown_with_raw_kept(language):
    parsed = parse_date("Posted 03/04/2025", language)
    assert parsed == ParsedDate("", "unknown", "03/04/2025")


def test_date_without_year_is_never_completed():
    for text in ["Thursday, November 27", "le 27 novembre", "27 نونبر"]:
        parsed = parse_date(text)
        assert parsed.precision == "no_year"
        assert parsed.iso == "--11-27"


def test_february_29_without_a_year_is_kept():
    assert parse_date("29 February").iso == "--02-29"
    assert parse_date("29 February 2025").precision == "unknown"
    assert parse_date("29 February 2024").iso == "2024-02-29"


def test_search_date_returns_offsets_into_the_original_text():
    text = "الرباط في ٢٧ نوفمبر ٢٠٢٥ - قال الوزير"
    parsed, start, end = search_date(text, "ar")
    assert parsed.iso == "2025-11-27"
    assert text[start:end] == "٢٧ نوفمبر ٢٠٢٥"


def test_date_coverage_tells_a_date_line_from_a_title():
    assert date_coverage("Thursday, November 27") == 1.0
    assert date_coverage("Ministers meet in Rabat on November 27 to discuss borders") < 0.3
    assert date_coverage("Ministers meet in Rabat") == 0.0


def test_find_date_takes_the_first_header_date():
    header = [
        "Politique",
        "Par la rédaction",
        "Publié le 12 janvier 2026",
        "Mis à jour le 13 janvier",
    ]
    assert find_date(header, "fr") == ParsedDate("2026-01-12", "day", "le 12 janvier 2026")


def test_find_date_reads_a_dateline_but_not_event_dates_in_the_body():
    dateline = (
        "RABAT, 27 Nov 2025 (MAP) - The interior ministers of Morocco and Spain met on "
        "Tuesday to review their cooperation on migration and border control."
    )
    assert find_date([dateline]).iso == "2025-11-27"
    body = (
        "From May 27 to 29, 2025, the forum gathered security officials from more than "
        "a hundred countries in Moscow to discuss cooperation against organised crime."
    )
    assert find_date([body]) is None


def test_find_date_prefers_a_usable_date_over_an_ambiguous_one():
    assert find_date(["03/04/2025", "April 3, 2025"], "en").iso == "2025-04-03"
    assert find_date(["03/04/2025"], "en") == ParsedDate("", "unknown", "03/04/2025")
    assert find_date(["World", "Opinion"]) is None


def test_seed_003_date_without_year_from_header():
    matches = sorted(SEEDS.glob("003_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip("seed documents are not available")
    lines = [line.strip() for line in matches[0].read_text("utf-8").splitlines() if line.strip()]
    cleaned = clean_document(lines)
    parsed = find_date([*cleaned.header, *cleaned.paragraphs[:1]], "en")
    assert parsed is not None
    assert parsed.precision == "no_year"
    assert parsed.iso.startswith("--11-")


_WORDS_WITHOUT_DIGITS = [
    "November", "novembre", "نونبر", "تشرين الثاني", "Thursday", "le", "jeudi", "الخميس",
    "May", "mai", "of", "de", "st", "er", ",", ".", "/", "-", " ", "Rabat", "الرباط",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS_WITHOUT_DIGITS), max_size=12))
def test_a_text_without_digits_holds_no_date_for_any_pattern(words):
    from framing.corpus.dates import _PATTERNS, _fold

    text = " ".join(words)
    # search_date skips such texts: none of the patterns can match one.
    assert search_date(text) is None
    assert not any(pattern.search(_fold(text)) for _, pattern in _PATTERNS)


def test_dates_in_arabic_indic_digits_are_still_found():
    assert search_date("الرباط، ٢٧ نونبر ٢٠٢٥", "ar")[0].iso == "2025-11-27"
