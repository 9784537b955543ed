"""Publication dates in English, French and Arabic, kept as precise as the source is.

A date is returned as an ISO 8601 string no more precise than the text:

==========  ===============  ============================================
precision   ``iso``          example input
==========  ===============  ============================================
day         ``2025-11-27``   ``27 November 2025``, ``2025-11-27T10:00Z``
month       ``2025-11``      ``November 2025``, ``novembre 2025``
year        ``2025``         ``2025`` (only when the text is a bare year)
no_year     ``--11-27``      ``Thursday, November 27`` (ISO 8601 ``--MM-DD``)
unknown     ``""``           no date, an invalid date (31 February) or an
                             ambiguous numeric date in English (03/04/2025)
==========  ===============  ============================================

A date without a year is never completed by guessing the year: it stays
``no_year``. Times and time zones are dropped; the date is the one written in
the source's own zone (``2026-02-11T00:30:00+01:00`` is ``2026-02-11``), which
is the day the outlet published on.

Numeric dates ``dd/mm/yyyy`` are read day first in French and Arabic. In
English (or when the language is unknown) ``03/04/2025`` could be 3 April or
March 4: when both parts are 12 or less and differ, the result is precision
``unknown`` with the matched text kept in ``raw``; when one part exceeds 12 the
reading is unambiguous.

Month names are hand-written tables (English, French, and the Arabic names of
the Mashriq, the Maghreb and the Levant), because general date parsers fill a
missing year with the current one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from email.utils import parsedate_tz
from typing import Literal

Precision = Literal["day", "month", "year", "no_year", "unknown"]

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# One-to-one Arabic letter folding, so offsets in the folded text match the original.
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})

# One string per month, January first; spelling variants separated by "|".
MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "january|jan",
        "february|feb",
        "march|mar",
        "april|apr",
        "may",
        "june|jun",
        "july|jul",
        "august|aug",
        "september|sept|sep",
        "october|oct",
        "november|nov",
        "december|dec",
    ),
    "fr": (
        "janvier|janv",
        "février|fevrier|févr|fevr|fév|fev",
        "mars",
        "avril|avr",
        "mai",
        "juin",
        "juillet|juil",
        "août|aout",
        "septembre",
        "octobre",
        "novembre",
        "décembre|decembre|déc",
    ),
    # Mashriq and Egypt, Morocco (يوليوز غشت شتنبر نونبر دجنبر), Algeria and Tunisia.
    "ar": (
        "يناير|جانفي",
        "فبراير|فيفري",
        "مارس",
        "أبريل|ابريل|إبريل|أفريل|افريل",
        "مايو|ماي",
        "يونيو|يونيه|جوان",
        "يوليو|يوليه|يوليوز|جويلية",
        "أغسطس|اغسطس|غشت|أوت",
        "سبتمبر|شتنبر",
        "أكتوبر|اكتوبر",
        "نوفمبر|نونبر",
        "ديسمبر|دجنبر",
    ),
    # Levant and Iraq (Syriac names).
    "ar_levant": (
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ),
}

WEEKDAYS: dict[str, str] = {
    "en": "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    "|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun",
    "fr": "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
    "ar": "الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد",
}


@dataclass(frozen=True)
class ParsedDate:
    """A date as precise as the text allows.

    Attributes
    ----------
    iso:
        ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``--MM-DD`` (no year) or ``""``.
    precision:
        ``day``, ``month``, ``year``, ``no_year`` or ``unknown``.
    raw:
        The text the date was read from (kept when the date is ambiguous).
    """

    iso: str
    precision: Precision
    raw: str = ""


UNKNOWN = ParsedDate("", "unknown")


def _fold(text: str) -> str:
    return text.translate(_ARABIC_DIGITS).translate(_ARABIC_LETTERS)


def _key(name: str) -> str:
    return " ".join(_fold(name).casefold().split())


_MONTH_NUMBER: dict[str, int] = {
    _key(name): number
    for table in MONTHS.values()
    for number, variants in enumerate(table, 1)
    for name in variants.split("|")
}


def _alternation(names: list[str]) -> str:
    # Longest first, so "septembre" wins over "sept" and "مايو" over "ماي".
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in ordered)


_MONTH = _alternation(list(_MONTH_NUMBER))
_WEEKDAY = _alternation([_key(w) for names in WEEKDAYS.values() for w in names.split("|")])
# "27 نوفمبر/تشرين الثاني 2025": a second month name after a slash names the same month.
_M = rf"(?P<month>{_MONTH})\.?(?:\s*/\s*(?:{_MONTH}))?"
_PREFIX = rf"(?:(?:{_WEEKDAY})\.?,?\s+)?(?:le\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:er|st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20|21)\d\d)(?!\d)"
_B = r"(?<![\w])"  # Unicode-aware word start: Arabic letters are \w too
_E = r"(?![\w])"

_DIGIT = re.compile(r"\d")
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "iso",
            r"(?<!\d)(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
            r"(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?!\d)",
        ),
        ("iso_month", r"(?<![\d-])(?P<year>\d{4})-(?P<month>[01]\d)(?![\d-])"),
        ("dmy", rf"{_B}{_PREFIX}{_DAY}\s+(?:de\s+)?{_M},?\s+(?:de\s+)?{_YEAR}"),
        ("mdy", rf"{_B}{_PREFIX}{_M}\s+{_DAY},?\s+{_YEAR}"),
        ("ymd", r"(?<!\d)(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})(?!\d)"),
        ("numeric", r"(?<![\d/.-])(?P<a>\d{1,2})([/.-])(?P<b>\d{1,2})\2(?P<year>\d{4})(?!\d)"),
        ("my", rf"{_B}{_M},?\s+(?:de\s+)?{_YEAR}"),
        ("dm", rf"{_B}{_PREFIX}{_DAY}\s+(?:de\s+)?{_M}{_E}"),
        ("md", rf"{_B}{_PREFIX}{_M}\s+{_DAY}(?![\w/:-])"),
    )
)


def parse_date(text: str, language: str | None = None) -> ParsedDate:
    """Read the first date in ``text`` (ISO 8601, RFC 2822 or written out).

    Examples
    --------
    >>> parse_date("2026-02-11T15:35:40+01:00")
    ParsedDate(iso='2026-02-11', precision='day', raw='2026-02-11T15:35:40+01:00')
    >>> parse_date("le jeudi 27 novembre 2025", "fr").iso
    '2025-11-27'
    >>> parse_date("Thursday, November 27")
    ParsedDate(iso='--11-27', precision='no_year', raw='Thursday, November 27')
    >>> parse_date("٢٧ نونبر ٢٠٢٥", "ar").iso
    '2025-11-27'
    >>> parse_date("31 February 2026").precision
    'unknown'
    """
    stripped = text.strip()
    if not stripped:
        return UNKNOWN
    if re.fullmatch(r"(?:19|20|21)\d\d", stripped.translate(_ARABIC_DIGITS)):
        return ParsedDate(stripped.translate(_ARABIC_DIGITS), "year", stripped)
    rfc = _parse_rfc2822(stripped)
    if rfc is not None:
        return rfc
    found = search_date(stripped, language)
    return found[0] if found else UNKNOWN


def search_date(text: str, language: str | None = None) -> tuple[ParsedDate, int, int] | None:
    """The first date in ``text`` with its ``[start, end)`` offsets, or None.

    At one position the longest reading wins (``27 November 2025`` rather than
    ``27 November``); an invalid date there (31 February 2026) yields an
    ``unknown`` result rather than a shorter valid reading inside it.

    >>> search_date("Rabat, 27 novembre 2025 - Le ministre", "fr")[1:]
    (7, 23)
    """
    folded = _fold(text)
    if not _DIGIT.search(folded):  # every pattern needs a digit: most lines have none
        return None
    candidates = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            candidates.append((match.start(), -(match.end() - match.start()), kind, match))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1]))
    start, _, kind, match = candidates[0]
    raw = text[match.start() : match.end()]
    parsed = _interpret(kind, match, language)
    return ParsedDate(parsed.iso, parsed.precision, raw), start, match.end()


def find_date(lines: list[str], language: str | None = None) -> ParsedDate | None:
    """The first usable date in header lines or in the dateline of a paragraph.

    Short lines (15 words or fewer) are searched whole. In a longer line only a
    dateline is searched: the text before a spaced dash within its first 80
    characters (``RABAT, 27 Nov 2025 (MAP) - ...``), so dates of the events an
    article reports are not taken for its publication date. A line holding
    only an ambiguous date is returned (precision ``unknown``, ``raw`` kept)
    when no later line has a usable one.

    >>> find_date(["Politics", "Publié le 1er mars 2026 à 10h"], "fr").iso
    '2026-03-01'
    >>> find_date(["From May 27 to 29, 2025, the forum met in Moscow and heard speeches "
    ...            "on security cooperation from many delegations."])
    """
    ambiguous = None
    for line in lines:
        zone = line if len(line.split()) <= 15 else _dateline(line)
        if not zone:
            continue
        found = search_date(zone, language)
        if found is None:
            continue
        if found[0].precision != "unknown":
            return found[0]
        ambiguous = ambiguous or found[0]
    return ambiguous


def date_coverage(text: str, language: str | None = None) -> float:
    """Share of the non-space characters of ``text`` that belong to its first date.

    Used to tell a date line (``Thursday, November 27``) from a title that
    mentions a date.
    """
    found = search_date(text, language)
    total = len(re.sub(r"\s", "", text))
    if found is None or total == 0:
        return 0.0
    return len(re.sub(r"\s", "", text[found[1] : found[2]])) / total


_DATELINE_SEPARATOR = re.compile(r"\s[-–—]\s")


def _dateline(line: str) -> str:
    match = _DATELINE_SEPARATOR.search(line[:80])
    return line[: match.start()] if match else ""


def _parse_rfc2822(text: str) -> ParsedDate | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d\d:\d\d", text):
        return None
    parts = parsedate_tz(text)
    if parts is None:
        return None
    parsed = _day(parts[0], parts[1], parts[2]) or UNKNOWN
    return ParsedDate(parsed.iso, parsed.precision, text)


def _interpret(kind: str, match: re.Match[str], language: str | None) -> ParsedDate:
    groups = match.groupdict()
    if kind in {"iso", "ymd"}:
        return _day(int(groups["year"]), int(groups["month"]), int(groups["day"])) or UNKNOWN
    if kind == "iso_month":
        return _month(int(groups["year"]), int(groups["month"])) or UNKNOWN
    if kind == "numeric":
        return _numeric(int(groups["a"]), int(groups["b"]), int(groups["year"]), language)
    month = _MONTH_NUMBER[_key(groups["month"])]
    if kind in {"dmy", "mdy"}:
        return _day(int(groups["year"]), month, int(groups["day"])) or UNKNOWN
    if kind == "my":
        return _month(int(groups["year"]), month) or UNKNOWN
    return _no_year(month, int(groups["day"]))


def _numeric(a: int, b: int, year: int, language: str | None) -> ParsedDate:
    if language in {"fr", "ar"}:
        return _day(year, b, a) or UNKNOWN
    if a <= 12 and b <= 12 and a != b:
        return UNKNOWN  # 03/04/2025 in English: 3 April or March 4
    month, day = (b, a) if a > 12 else (a, b)
    return _day(year, month, day) or UNKNOWN


def _day(year: int, month: int, day: int) -> ParsedDate | None:
    try:
        return ParsedDate(dt.date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def _month(year: int, month: int) -> ParsedDate | None:
    return ParsedDate(f"{year:04d}-{month:02d}", "month") if 1 <= month <= 12 else None


def _no_year(month: int, day: int) -> ParsedDate:
    # Validate against a leap year: 29 February exists in some year.
    if 1 <= day <= calendar.monthrange(2000, month)[1]:
        return ParsedDate(f"--{month:02d}-{day:02d}", "no_year")
    return UNKNOWN
