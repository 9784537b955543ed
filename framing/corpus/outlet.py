"""Which outlet published an article, and which site it came through.

The rule (:func:`resolve_outlet`), first match wins:

1. the manifest's outlet (the researcher knows best);
2. a source the article names (``Source: Hespress``, an aggregator's header
   line that the body cites) that differs from the URL host: the named source
   is the outlet and the host is ``via_outlet``;
3. the URL host (``hespress.com``);
4. the site name a reader found (HTML ``og:site_name``, a CSV column), with
   the same rule as 2 when a different source is named;
5. the named source;
6. ``""``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from framing.corpus.dates import date_coverage
from framing.text.script import has_arabic
from framing.text.tokens import at_most_words

_STRIPPED_LABELS = ("www", "m", "amp", "mobile", "en", "fr", "ar")
# http(s)://host followed by /, ?, # or the end, the host only letters, digits, dots and
# hyphens (no user, port, brackets or characters urlsplit would remove): its hostname.
_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)(?=[/?#]|\Z)", re.IGNORECASE)

# "Source: X" and its kin; X runs to the end of the clause. Only short lines are searched.
_NAME = r"(?P<name>[^\n.,;:()|«»\"“”]{2,60})"
SOURCE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"^\W*sources?\s*:\s*{_NAME}",
        rf"^\W*(?:this (?:article|story|report) (?:was )?)?(?:originally|first) "
        rf"(?:published|appeared|ran) (?:by|in|on) (?:the )?{_NAME}",
        rf"^\W*(?:publié|paru) initialement (?:par|dans|sur) {_NAME}",
        rf"^\W*(?:cet article a été )?initialement publié (?:par|dans|sur) {_NAME}",
        rf"^\W*المصدر\s*:\s*{_NAME}",
        rf"^\W*نقلا?ً? عن\s+{_NAME}",
    )
)
SHORT_LINE_WORDS = 15
# "Originally published by X on 3 May": the name stops before a date or place clause.
_TRAILER = re.compile(r"\s+(?:on|in|at|le|du|en|في|بتاريخ|يوم)\s+", re.IGNORECASE)

# Header lines that are proper names but not sources: countries, regions, sections.
_NOT_SOURCE_WORDS = """
Morocco Maroc Algeria Algérie Tunisia Tunisie Libya Libye Egypt Égypte Mauritania Mauritanie
Sudan Soudan Spain Espagne France Portugal Italy Italie Germany Allemagne Russia Russie China
Chine Israel Israël Palestine Lebanon Liban Syria Syrie Iraq Irak Iran Jordan Jordanie Turkey
Türkiye Turquie Qatar Kuwait Koweït Bahrain Bahreïn Oman Yemen Yémen Mali Niger Senegal Sénégal
Nigeria Africa Afrique Europe Asia Asie America Amérique Belgium Belgique Netherlands Britain UK
US USA Canada Ukraine India Inde Japan Japon Maghreb Gulf Golfe Sahara
World Monde International National Politics Politique Economy Économie Business Society Société
Sports Sport Culture Opinion Opinions News Actualité Actualités Region Région Regions Régions
Tech Technology Health Santé Video Vidéo Videos Photos Media Médias Home Accueil Latest Breaking
Diplomacy Diplomatie Security Sécurité
المغرب الجزائر تونس ليبيا مصر موريتانيا السعودية الإمارات قطر الكويت البحرين عمان اليمن العراق
سوريا لبنان الأردن فلسطين إسرائيل إيران تركيا روسيا الصين فرنسا إسبانيا أمريكا أوروبا إفريقيا
أفريقيا العالم دولي وطني سياسة اقتصاد مجتمع رياضة ثقافة رأي أخبار مقالات الرئيسية منوعات جهات
الصحراء
"""
_NOT_SOURCE_PHRASES = (
    "Saudi Arabia|Arabie saoudite|United States|États-Unis|United Kingdom|Royaume-Uni|Middle East"
    "|Moyen-Orient|Western Sahara|Sahara occidental|North Africa|Afrique du Nord"
    "|United Arab Emirates|Émirats arabes unis|South Africa|Afrique du Sud|Top Stories"
    "|الولايات المتحدة|الشرق الأوسط|شمال إفريقيا"
)
NOT_SOURCES: frozenset[str] = frozenset(
    name.casefold() for name in [*_NOT_SOURCE_WORDS.split(), *_NOT_SOURCE_PHRASES.split("|")]
)

# Contexts in which a body cites its source by name: "told X", "according to X"...
_MEDIUM = r"(?:(?:electronic\s+)?(?:newspaper|news\s+site|website|journal|site|quotidien)\s+)?"
_LATIN_CONTEXTS = (
    r"\b(?:told|(?:spoke|said|explained|stated|declared|confirmed|added)\s+to|according\s+to"
    r"|interview\s+with|statement\s+to|selon|(?:déclaré|confié|indiqué|expliqué)\s+à"
    r"|entretien\s+(?:accordé\s+)?à|au\s+micro\s+de)"
    r"\s+(?:the\s+|le\s+|la\s+|l['’])?" + _MEDIUM + r"{name}\b",
    r"\b{name}\s+(?:reported|reports|learned|has\s+learned|understands|newspaper"
    r"|electronic\s+newspaper|a\s+appris|rapporte)\b",
)
_ARABIC_CONTEXTS = (
    r"(?:تصريح(?:ات)?|حديث|مقابلة|حوار)\s+(?:خاصة?\s+)?(?:لـ?\s*|مع\s+)"
    r"(?:موقع\s+|جريدة\s+|صحيفة\s+)?{name}",
    r"(?:حسب|بحسب|وفق|وفقا\s+ل|نقلا\s+عن)\s*(?:موقع\s+|جريدة\s+|صحيفة\s+)?{name}",
    r"(?:موقع|جريدة|صحيفة)\s+{name}",
)


def outlet_from_url(url: str) -> str:
    """The outlet a URL belongs to: its host, lowercased, without ``www.`` and the like.

    Removes ``www.``, ``m.``, ``amp.``, ``mobile.`` and language subdomains
    ``en.``/``fr.``/``ar.``; decodes IDNA (``xn--``) hosts; ``""`` when there
    is no usable host.

    >>> outlet_from_url("https://en.Hespress.com/politics/123.html")
    'hespress.com'
    >>> outlet_from_url("www.le360.ma/politique"), outlet_from_url("not a url")
    ('le360.ma', '')
    """
    text = (url or "").strip()
    if not text:
        return ""
    if "://" not in text:
        if re.match(r"[a-z][a-z0-9+.-]*:(?!\d)", text, re.IGNORECASE):
            return ""  # mailto:, tel:, javascript: (a port number is fine)
        text = "//" + text
    elif not text.lower().startswith(("http://", "https://")):
        return ""
    plain = _PLAIN_HOST.match(text)
    if plain:  # most article URLs: urlsplit would give the same host, twenty times slower
        host = plain.group(1)
    else:
        try:
            host = urlsplit(text).hostname or ""
        except ValueError:
            return ""
    host = _decode_idna(host.lower().rstrip("."))
    if "." not in host or not re.fullmatch(r"[\w.-]+", host):
        return ""
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in _STRIPPED_LABELS:
        labels = labels[1:]
    return ".".join(labels)


def _decode_idna(host: str) -> str:
    if "xn--" not in host:
        return host
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


def find_named_source(header: list[str], paragraphs: list[str]) -> str | None:
    """The outlet a republished or aggregated article names as its source, or None.

    First an explicit statement in a short line of the header or the body
    (``Source: X``, ``Originally published by X``, ``Source : X``, ``Publié
    initialement par X``, ``المصدر: X``, ``نقلا عن X``). Else a header line that
    is a short proper name (1 to 3 capitalised words, or Arabic words, and not
    a country, section or date) which the body cites as a source: ``told X``,
    ``according to X``, ``X reported``, ``selon X``, ``لـX``, ``حسب X``.

    >>> find_named_source(["Politics", "Hespress", "Thursday, November 27"],
    ...                   ["The researcher told Hespress that the summit mattered."])
    'Hespress'
    >>> find_named_source([], ["Long text.", "Source : Le Desk"])
    'Le Desk'
    """
    for line in [*header, *paragraphs]:
        if not at_most_words(line, SHORT_LINE_WORDS):
            continue
        for pattern in SOURCE_PATTERNS:
            match = pattern.search(line)
            if match:
                name = _TRAILER.split(match.group("name"))[0].strip(" -–—'’\"")
                if name:
                    return name
    body = "\n".join(paragraphs)
    for line in header:
        name = line.strip(" -–—|•·")
        if _is_proper_name(name) and _cited(name, body):
            return name
    return None


def _is_proper_name(line: str) -> bool:
    """1 to 3 words, each capitalised (or Arabic), a number allowed after the first word."""
    words = line.split()
    if not 1 <= len(words) <= 3 or line.casefold() in NOT_SOURCES:
        return False
    if date_coverage(line) > 0 or not words[0][0].isalpha():
        return False
    return all(w.isdigit() or has_arabic(w) or w[0].isupper() for w in words)


def _cited(name: str, body: str) -> bool:
    escaped = r"\s+".join(re.escape(w) for w in name.split())
    contexts = _ARABIC_CONTEXTS if has_arabic(name) else _LATIN_CONTEXTS
    for context in contexts:
        pattern = context.replace("{name}", f"(?:{escaped})")
        if re.search(pattern, body, flags=0 if has_arabic(name) else re.IGNORECASE):
            return True
    return False


def _key(name: str) -> str:
    """Comparable form of an outlet: ``Hespress`` and ``hespress.com`` give ``hespress``."""
    text = name.casefold().strip()
    if "." in text and " " not in text:
        labels = text.split(".")
        text = labels[-2] if len(labels) >= 2 else labels[0]
    return re.sub(r"\W", "", text)


def same_outlet(a: str, b: str) -> bool:
    """Whether two outlet names denote the same outlet (``Hespress English`` ~ ``hespress.com``).

    >>> same_outlet("Hespress", "en.hespress.com"), same_outlet("MAP", "le360.ma")
    (True, False)
    """
    ka, kb = _key(a), _key(b)
    return bool(ka and kb) and (ka.startswith(kb) or kb.startswith(ka))


def resolve_outlet(
    manifest_outlet: str,
    url_outlet: str,
    named_source: str | None,
    reader_outlet: str,
) -> tuple[str, str]:
    """Decide ``(outlet, via_outlet)`` by the rule in the module docstring.

    >>> resolve_outlet("", "aggregator.example", "Hespress", "")
    ('Hespress', 'aggregator.example')
    >>> resolve_outlet("", "hespress.com", "Hespress", "")
    ('hespress.com', '')
    >>> resolve_outlet("Le360", "aggregator.example", "Hespress", "")
    ('Le360', '')
    """
    manifest_outlet = (manifest_outlet or "").strip()
    url_outlet = (url_outlet or "").strip()
    named = (named_source or "").strip()
    reader_outlet = (reader_outlet or "").strip()
    if manifest_outlet:
        return manifest_outlet, ""
    for host in (url_outlet, reader_outlet):
        if host:
            if named and not same_outlet(named, host):
                return named, host
            return host, ""
    return named, ""
