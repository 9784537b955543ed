"""Where collected items are saved under RAW_DIR.

- WordPress posts: ``wordpress/<host>/<id>.json``
- Article pages (feeds, URL lists): ``html/<host>/<sha1-of-url>.html``
- Raw WordPress page responses: ``responses/<host>/<query>-page-0001.json``

``<host>`` is the URL's host, lowercased, without port; characters that are
unsafe in file names become ``_``.

>>> host_folder("https://WWW.Example.ma:8443/fr/")
'www.example.ma'
>>> page_file("https://example.ma/fr/visite/")
'html/example.ma/517758f9e21f6f7e33d2e69ed9454a9717f90cd4.html'
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[^\w.-]+")


def host_folder(url: str) -> str:
    """A file-safe folder name for ``url``'s host."""
    host = (urlsplit(url).hostname or "unknown-host").rstrip(".")
    name = _UNSAFE.sub("_", host).strip("._")
    return name or "unknown-host"


def url_digest(url: str) -> str:
    """The SHA-1 hex digest of a URL (a stable, file-safe name for it)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def page_file(url: str) -> str:
    """Where the HTML of ``url`` is saved, relative to RAW_DIR."""
    return f"html/{host_folder(url)}/{url_digest(url)}.html"


def post_file(site_url: str, post_id: int) -> str:
    """Where WordPress post ``post_id`` of ``site_url`` is saved, relative to RAW_DIR."""
    return f"wordpress/{host_folder(site_url)}/{post_id}.json"


def response_file(site_url: str, query_key: str, page: int) -> str:
    """Where the raw response of one page of posts is saved, relative to RAW_DIR."""
    return f"responses/{host_folder(site_url)}/{query_key}-page-{page:04d}.json"
