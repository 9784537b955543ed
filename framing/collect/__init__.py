"""Collecting articles from the web: WordPress sites, RSS/Atom feeds and URL lists.

Each collector saves what it fetches into a RAW_DIR that ``framing ingest``
reads as it is (``framing ingest RAW_DIR --manifest RAW_DIR/manifest.csv``),
politely (:class:`PoliteClient`: robots.txt, one request per second per
host, retries with backoff, size and time limits) and resumably (run the same
command again after an interruption: nothing is fetched or written twice).

>>> from framing.collect import collect_wordpress, collect_feed, collect_urls
>>> summary = collect_wordpress("https://example.ma", "raw", search="Riyadh")  # doctest: +SKIP
"""

from framing.collect.feed import Feed, FeedEntry, collect_feed, parse_feed
from framing.collect.http import DEFAULT_USER_AGENT, HttpSettings, PoliteClient, Response
from framing.collect.log import CollectionLog, read_log
from framing.collect.pacing import Clock, FakeClock, SystemClock
from framing.collect.run import CollectionRun, CollectionSummary, Problem
from framing.collect.urls import UrlList, collect_urls, read_url_list
from framing.collect.wordpress import collect_wordpress, posts_endpoints

__all__ = [
    "DEFAULT_USER_AGENT",
    "Clock",
    "CollectionLog",
    "CollectionRun",
    "CollectionSummary",
    "FakeClock",
    "Feed",
    "FeedEntry",
    "HttpSettings",
    "PoliteClient",
    "Problem",
    "Response",
    "SystemClock",
    "UrlList",
    "collect_feed",
    "collect_urls",
    "collect_wordpress",
    "parse_feed",
    "posts_endpoints",
    "read_log",
    "read_url_list",
]
