"""Manifest values from what a site states: outlet, language code, plain-text titles.

>>> outlet_of("https://www.Example.ma/fr/visite/")
'example.ma'
>>> language_code("fr-FR"), language_code("French"), language_code("")
('fr', '', '')
>>> plain_text("Hammouchi&#8217;s <em>visit</em>")
'Hammouchi’s visit'
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_TAG = re.compile(r"<[^>]*>")
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z0-9]{1,8})*$")


def outlet_of(url: str) -> str:
    """The outlet a URL belongs to: its host, lowercased, without ``www.`` or port."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return host.removeprefix("www.")


def language_code(value: str | None) -> str:
    """The two-letter primary subtag of a language tag (``en-US`` -> ``en``), else ""."""
    match = _LANGUAGE_TAG.match((value or "").strip())
    return match.group(1).lower() if match else ""


def plain_text(fragment: str | None) -> str:
    """A short HTML fragment (a title) as text: tags dropped, entities decoded, one line."""
    text = html.unescape(_TAG.sub("", fragment or "")).replace("\u00ad", "")
    return " ".join(text.split())
