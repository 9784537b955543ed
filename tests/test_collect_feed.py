"""Collecting the articles of RSS and Atom feeds from a real local server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from collect_samples import (
    ARTICLE_AR,
    ARTICLE_EN,
    ARTICLE_FR,
    BILLION_LAUGHS,
    EMPTY_RSS,
    atom,
    rss,
)
from collect_server import Reply, Site, fast_settings, serve

from framing.collect import FakeClock, collect_feed, parse_feed, read_log
from framing.collect.naming import page_file
from framing.collect.saved import CollectedManifest
from framing.errors import CollectError


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as live:
        yield live


@pytest.fixture
def clock() -> FakeClock:
    """Records every wait instead of sleeping."""
    return FakeClock()


RSS_TYPE = "application/rss+xml; charset=utf-8"


def collect(site: Site, out: Path, clock: FakeClock, path: str = "/feed/", **options):
    return collect_feed(
        site.url(path), out, settings=fast_settings(delay=0), clock=clock, **options
    )


def test_rss_entries_are_fetched_and_saved_with_the_feed_metadata(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    first, second = site.url("/fr/universites-ia/"), site.url("/ar/festival-fes/")
    items = [
        ("Les universités ouvrent des filières en IA", first, "Tue, 20 Jan 2026 08:15:00 +0100"),
        ("مهرجان فاس للموسيقى العريقة", second, "Wed, 21 Jan 2026 19:00:00 +0000"),
    ]
    site.route("/feed/", Reply(body=rss(items), content_type=RSS_TYPE))
    site.route("/fr/universites-ia/", Reply(body=ARTICLE_FR))
    arabic = Reply(body=ARTICLE_AR, content_type="text/html; charset=windows-1256")
    site.route("/ar/festival-fes/", arabic)
    out = tmp_path / "raw"
    summary = collect(site, out, clock)
    assert summary.counts["entries"] == 2 and summary.counts["saved"] == 2
    assert (out / page_file(first)).read_bytes() == ARTICLE_FR.encode()
    assert (out / page_file(second)).read_bytes() == ARTICLE_AR  # raw windows-1256 bytes
    rows = CollectedManifest(out / "manifest.csv").rows
    french = rows[page_file(first)]
    assert french["title"] == "Les universités ouvrent des filières en IA"
    assert french["date"] == "2026-01-20T08:15:00+01:00"
    assert french["language"] == "fr"  # <language>fr-FR</language>
    assert french["outlet"] == "127.0.0.1" and french["url"] == first
    assert french["author"] == "Rédaction" and french["feed_title"] == "Le Journal de la Côte"
    assert french["charset"] == "utf-8"
    assert rows[page_file(second)]["charset"] == "windows-1256"
    # the non-UTF-8 page is noted with its declared charset, not counted as an error
    assert [n.url for n in summary.notes] == [second]
    assert "windows-1256" in summary.notes[0].reason and summary.counts["errors"] == 0


def test_atom_feed_language_and_dates(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    link = site.url("/economy/dakhla-fishermen")
    feed = atom([("Fishermen in Dakhla adapt to warmer waters", link, "2026-01-20T07:45:00Z")])
    site.route("/atom.xml", Reply(body=feed, content_type="application/atom+xml"))
    site.route("/economy/dakhla-fishermen", Reply(body=ARTICLE_EN))
    out = tmp_path / "raw"
    summary = collect(site, out, clock, path="/atom.xml")
    assert summary.counts["saved"] == 1
    row = CollectedManifest(out / "manifest.csv").rows[page_file(link)]
    assert row["language"] == "en" and row["date"] == "2026-01-20T07:45:00+00:00"
    assert row["author"] == "Desk"


def test_failed_and_disallowed_articles_are_listed_and_the_run_goes_on(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    items = [
        ("Gone", site.url("/gone"), "Tue, 20 Jan 2026 08:00:00 +0000"),
        ("Private", site.url("/private/memo"), "Tue, 20 Jan 2026 09:00:00 +0000"),
        ("A PDF", site.url("/report.pdf"), "Tue, 20 Jan 2026 10:00:00 +0000"),
        ("Good", site.url("/good"), "Tue, 20 Jan 2026 11:00:00 +0000"),
    ]
    site.route("/robots.txt", Reply(body="User-agent: *\nDisallow: /private/\n"))
    site.route("/feed/", Reply(body=rss(items), content_type=RSS_TYPE))
    site.route("/report.pdf", Reply(body=b"%PDF-1.7 ...", content_type="application/pdf"))
    site.route("/good", Reply(body=ARTICLE_FR))
    summary = collect(site, tmp_path / "raw", clock)
    assert summary.counts["saved"] == 1
    assert summary.counts["errors"] == 2 and summary.counts["disallowed"] == 1
    reasons = {p.url: p.reason for p in summary.problems}
    assert reasons[site.url("/gone")] == "HTTP 404 Not Found"
    assert "disallowed by robots.txt" in reasons[site.url("/private/memo")]
    assert "not an HTML page (content type application/pdf)" in reasons[site.url("/report.pdf")]
    assert site.hits("/private/memo") == 0


def test_an_empty_feed_is_reported(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    site.route("/feed/", Reply(body=EMPTY_RSS, content_type=RSS_TYPE))
    summary = collect(site, tmp_path / "raw", clock)
    assert summary.collected == 0
    assert [(p.kind, p.reason) for p in summary.problems] == [
        ("empty_feed", "empty feed: it lists no entries")
    ]


def test_a_billion_laughs_feed_is_rejected_with_a_logged_reason(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.route("/feed/", Reply(body=BILLION_LAUGHS, content_type=RSS_TYPE))
    out = tmp_path / "raw"
    started = time.perf_counter()
    summary = collect(site, out, clock)
    assert time.perf_counter() - started < 5
    assert summary.collected == 0 and site.hits("/a") == 0
    assert summary.problems[0].kind == "bad_feed"
    assert "declares XML entities" in summary.problems[0].reason
    logged = [r for r in read_log(out / "collection_log.jsonl") if r["event"] == "problem"]
    assert logged[0]["url"] == site.url("/feed/") and "refused" in logged[0]["reason"]


def test_an_html_page_instead_of_a_feed(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    site.route("/feed/", Reply(body=ARTICLE_EN))
    summary = collect(site, tmp_path / "raw", clock)
    assert summary.collected == 0 and "no RSS or Atom feed found" in summary.problems[0].reason


def test_a_feed_that_cannot_be_fetched(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    summary = collect(site, tmp_path / "raw", clock, path="/no-feed-here")
    assert summary.problems[0].reason == "HTTP 404 Not Found"


def test_rerunning_a_feed_fetches_only_new_entries(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    old = ("Old", site.url("/old"), "Mon, 19 Jan 2026 08:00:00 +0000")
    new = ("New", site.url("/new"), "Tue, 20 Jan 2026 08:00:00 +0000")
    site.route("/feed/", Reply(body=rss([old]), content_type=RSS_TYPE))
    site.route("/old", Reply(body=ARTICLE_EN))
    site.route("/new", Reply(body=ARTICLE_FR))
    out = tmp_path / "raw"
    collect(site, out, clock)
    site.route("/feed/", Reply(body=rss([new, old]), content_type=RSS_TYPE))
    again = collect(site, out, clock)
    assert again.counts["saved"] == 1 and again.counts["already_present"] == 1
    assert site.hits("/old") == 1 and site.hits("/new") == 1


def test_parse_feed_reads_bytes_only_and_refuses_entities() -> None:
    feed = parse_feed(
        rss([("Titre &amp; sous-titre", "https://example.ma/a", "bad date")]).encode()
    )
    assert feed.entries[0].title == "Titre & sous-titre"
    assert feed.entries[0].date == "bad date"  # kept as found when unreadable
    no_link = parse_feed(rss([("Sans lien", "", "Tue, 20 Jan 2026 08:00:00 +0000")]).encode())
    assert no_link.entries == [] and no_link.missing_links == 1
    external = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><title>&x;</title></channel></rss>"
    )
    with pytest.raises(CollectError, match="declares XML entities"):
        parse_feed(external)
    # a feedparser "URL" is never opened: these bytes are content, not a path to a file
    with pytest.raises(CollectError, match="no RSS or Atom feed"):
        parse_feed(b"/etc/hostname")
