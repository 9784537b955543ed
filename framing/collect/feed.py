"""RSS and Atom feeds: every article a feed links to, with the feed's metadata.

:func:`collect_feed` fetches the feed with the polite client, parses the
bytes itself (feedparser never fetches anything), then fetches each linked
article page and saves its HTML as received (``html/<host>/<sha1>.html``).
The entry's title, date, author and the feed's language (when it states
one) go into ``manifest.csv``.

Feeds are XML, and XML can declare entities that expand without bound (the
"billion laughs"): :func:`parse_feed` first parses with :mod:`defusedxml`,
which refuses entity declarations and external references, and always
strips the DOCTYPE before feedparser sees the bytes.

>>> feed = parse_feed(b'''<rss version="2.0"><channel><title>Le Desk</title>
... <language>fr-FR</language><item><title>Visite &#224; Riyad</title>
... <link>https://example.ma/fr/visite/</link>
... <pubDate>Wed, 11 Feb 2026 15:35:40 +0100</pubDate></item></channel></rss>''')
>>> feed.language, feed.entries[0].title, feed.entries[0].date
('fr', 'Visite à Riyad', '2026-02-11T15:35:40+01:00')
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from framing.collect.http import ACCEPT_FEED, HttpSettings
from framing.collect.pacing import Clock
from framing.collect.page import collect_page
from framing.collect.rows import language_code
from framing.collect.run import CollectionRun, CollectionSummary
from framing.errors import CollectError

_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)


@dataclass
class FeedEntry:
    """One item of a feed: where the article is and what the feed says about it."""

    link: str
    title: str = ""
    date: str = ""
    language: str = ""
    author: str = ""


@dataclass
class Feed:
    """A parsed feed: its own metadata and its entries, in feed order."""

    title: str = ""
    language: str = ""
    version: str = ""
    entries: list[FeedEntry] = field(default_factory=list)
    missing_links: int = 0
    warning: str = ""


def parse_feed(data: bytes, url: str = "", content_type: str = "") -> Feed:
    """Parse RSS or Atom bytes safely (see the module docstring).

    ``url`` (where the bytes came from) resolves relative links; ``content_type``
    is the response's Content-Type header.

    Raises :class:`~framing.errors.CollectError` for a feed that declares
    entities or external references, and for content that is no feed at all.
    """
    refuse_entities(data, url)
    parsed = feedparser.parse(
        io.BytesIO(_DOCTYPE.sub(b"", data)),
        response_headers={
            "content-location": url,
            "content-type": content_type or "application/xml",
        },
        resolve_relative_uris=False,
        sanitize_html=True,
    )
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        raise CollectError(
            "no RSS or Atom feed found" + (f" ({why})" if why else ""),
            path=url or None,
            hint="give the feed's address (often /feed/ or /rss.xml)",
        )
    channel = parsed.get("feed", {})
    feed_language = language_code(channel.get("language"))
    feed = Feed(
        title=str(channel.get("title", "")).strip(),
        language=feed_language,
        version=parsed.get("version", ""),
        warning=str(parsed.get("bozo_exception", "")) if parsed.get("bozo") else "",
    )
    for entry in parsed.entries:
        link = str(entry.get("link", "")).strip()
        if not link:
            feed.missing_links += 1
            continue
        feed.entries.append(
            FeedEntry(
                link=link,
                title=" ".join(str(entry.get("title", "")).split()),
                date=entry_date(entry),
                language=_entry_language(entry) or feed_language,
                author=str(entry.get("author", "")).strip(),
            )
        )
    return feed


def refuse_entities(data: bytes, url: str = "") -> None:
    """Raise :class:`~framing.errors.CollectError` if the XML declares entities.

    Malformed XML passes (feedparser's lenient parser may still read it once
    its DOCTYPE is gone); only what defusedxml forbids is refused.
    """
    try:
        defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise CollectError(
            f"the feed declares XML entities or external references ({type(error).__name__}): "
            "refused, as they can expand without bound",
            path=url or None,
            hint="this is not a normal feed; check the address",
        ) from None
    except (ParseError, ValueError):
        return


def entry_date(entry: Any) -> str:
    """The entry's publication (else update) date as ISO 8601, keeping its offset."""
    for name in ("published", "updated", "created"):
        raw = str(entry.get(name, "")).strip()
        if not raw:
            continue
        for parse in (parsedate_to_datetime, _iso):
            try:
                return parse(raw).isoformat()
            except (TypeError, ValueError, IndexError):
                continue
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            return datetime(*parsed[:6], tzinfo=UTC).isoformat()
        return raw
    return ""


def _iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _entry_language(entry: Any) -> str:
    for key in ("title_detail", "summary_detail"):
        detail = entry.get(key)
        if isinstance(detail, dict) and detail.get("language"):
            return language_code(detail["language"])
    for content in entry.get("content", []) or []:
        if isinstance(content, dict) and content.get("language"):
            return language_code(content["language"])
    return ""


def collect_feed(
    feed_url: str,
    output: str | Path,
    *,
    max_items: int | None = None,
    settings: HttpSettings | None = None,
    clock: Clock | None = None,
) -> CollectionSummary:
    """Save the article pages an RSS or Atom feed links to into ``output`` (RAW_DIR).

    Parameters
    ----------
    feed_url:
        The feed's address.
    output:
        RAW_DIR: pages, manifest, log, state and ``collection.json`` go here.
    max_items:
        Collect at most this many entries (the first ones in feed order).
    settings, clock:
        Client settings (:class:`~framing.collect.http.HttpSettings`) and time source.

    >>> summary = collect_feed("https://example.ma/fr/feed/", "raw")  # doctest: +SKIP
    >>> summary.counts["entries"], summary.counts["saved"]  # doctest: +SKIP
    (10, 10)
    """
    if max_items is not None and max_items < 1:
        raise CollectError("max_items must be 1 or more", field="max_items")
    run = CollectionRun(
        output,
        command="feed",
        source=feed_url,
        query={"max_items": max_items},
        settings=settings,
        clock=clock,
        counts=("entries",),
    )
    with run:
        feed = _fetch_feed(run, feed_url)
        if feed is None:
            return run.summary
        for entry in feed.entries[:max_items]:
            row = {
                "title": entry.title,
                "date": entry.date,
                "language": entry.language,
                "author": entry.author,
                "collection": "feed",
                "collected_from": feed_url,
                "feed_title": feed.title,
            }
            collect_page(run, entry.link, row)
    return run.summary


def _fetch_feed(run: CollectionRun, feed_url: str) -> Feed | None:
    response = run.client.get(feed_url, kind="feed", accept=ACCEPT_FEED)
    if not response.ok:
        run.problem(feed_url, response.error, kind=response.problem or "error")
        return None
    try:
        feed = parse_feed(
            response.content,
            response.final_url or feed_url,
            response.headers.get("content-type", ""),
        )
    except CollectError as error:
        run.problem(feed_url, error.message, kind="bad_feed")
        return None
    run.summary.query.update(feed_title=feed.title, feed_language=feed.language)
    run.counts["entries"] = len(feed.entries)
    if feed.warning:
        run.note(feed_url, f"the feed is not well-formed XML, read leniently: {feed.warning}")
    if feed.missing_links:
        run.problem(feed_url, f"{feed.missing_links} entries have no link", kind="entry_no_link")
    if not feed.entries and not feed.missing_links:
        run.problem(feed_url, "empty feed: it lists no entries", kind="empty_feed")
    return feed
