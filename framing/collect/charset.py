"""The character set a response declares (header, ``<meta>``, or XML declaration).

Pages are saved as the bytes received; the declared charset is only
recorded (in the manifest and log), because ingestion detects the encoding
from the bytes and declarations are often wrong.

>>> declared_charset("text/html; charset=Windows-1256", b"")
'windows-1256'
>>> declared_charset("text/html", b'<html><head><meta charset="utf-8"></head>')
'utf-8'
>>> declared_charset("", b'<?xml version="1.0" encoding="ISO-8859-1"?><rss/>')
'iso-8859-1'
"""

from __future__ import annotations

import re

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([\w.:-]+)[\"']", re.IGNORECASE)

# Declarations appear near the top; looking further invites false matches in article text.
_HEAD_BYTES = 4096


def declared_charset(content_type: str, content: bytes) -> str:
    """The charset named by the Content-Type header, else by the document itself, else ""."""
    for match in (
        _HEADER_CHARSET.search(content_type or ""),
        _META_CHARSET.search(content[:_HEAD_BYTES]),
        _XML_ENCODING.search(content[:_HEAD_BYTES]),
    ):
        if match:
            value = match.group(1)
            text = value.decode("ascii", "replace") if isinstance(value, bytes) else value
            return text.lower()
    return ""
