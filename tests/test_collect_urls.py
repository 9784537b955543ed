"""Collecting article pages from a URL list against a real local server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from collect_samples import ARTICLE_AR, ARTICLE_EN, ARTICLE_FR, LOGIN_PAGE
from collect_server import Reply, Site, fast_settings, serve

from framing.collect import FakeClock, collect_urls, read_log, read_url_list
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


def write_list(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_read_url_list_ignores_comments_and_reports_bad_lines_by_number(tmp_path: Path) -> None:
    path = write_list(
        tmp_path,
        [
            "# Articles about the Fes festival",
            "https://example.ma/culture/festival-fes",
            "",
            "   https://example.ma/economie/port   ",
            "www.example.ma/no-scheme",
            "ftp://example.ma/archive",
            "https://example.ma/culture/festival-fes",
            "https://exa mple.ma/space",
        ],
    )
    listed = read_url_list(path)
    assert listed.urls == [
        (2, "https://example.ma/culture/festival-fes"),
        (4, "https://example.ma/economie/port"),
    ]
    assert [(line, reason) for line, _, reason in listed.invalid] == [
        (5, "not an http(s) URL"),
        (6, "not an http(s) URL"),
        (8, "the URL contains spaces"),
    ]
    assert listed.duplicates == [(7, "https://example.ma/culture/festival-fes", 2)]


def test_an_output_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    urls = write_list(tmp_path, ["https://example.ma/a"])
    with pytest.raises(CollectError, match="not a folder"):
        collect_urls(urls, urls)


def test_a_missing_or_non_utf8_list_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CollectError, match="URL list not found"):
        read_url_list(tmp_path / "nope.txt")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("https://example.ma/é\n".encode("latin-1"))
    with pytest.raises(CollectError, match="not UTF-8"):
        read_url_list(bad)


def test_pages_are_saved_as_received_and_problems_listed(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.route("/en/dakhla", Reply(body=ARTICLE_EN))
    site.route("/ar/fes", Reply(body=ARTICLE_AR, content_type="text/html; charset=windows-1256"))
    site.route("/old-fr", Reply(301, headers={"Location": "/fr/universites"}))
    site.route("/fr/universites", Reply(body=ARTICLE_FR))
    site.route("/endless", Reply(endless=True))
    site.route("/members", Reply(302, headers={"Location": "/signin?next=/members"}))
    site.route("/signin", Reply(body=LOGIN_PAGE))
    site.route("/empty", Reply(body=""))
    urls = write_list(
        tmp_path,
        [
            site.url("/en/dakhla"),
            site.url("/ar/fes"),
            site.url("/old-fr"),
            "not a url",
            site.url("/endless"),
            site.url("/members"),
            site.url("/empty"),
            site.url("/missing"),
        ],
    )
    out = tmp_path / "raw"
    settings = fast_settings(delay=0, max_bytes=100_000)
    summary = collect_urls(urls, out, settings=settings, clock=clock)
    assert summary.counts["saved"] == 3 and summary.counts["urls"] == 7
    assert summary.counts["invalid_lines"] == 1 and summary.counts["errors"] == 5
    assert (out / page_file(site.url("/ar/fes"))).read_bytes() == ARTICLE_AR
    reasons = {p.url: p.reason for p in summary.problems}
    assert reasons[f"{urls}:4"] == "line 4: not an http(s) URL: 'not a url'"
    assert "exceeds the size limit of 100,000 bytes" in reasons[site.url("/endless")]
    assert "redirected to a login page" in reasons[site.url("/members")]
    assert reasons[site.url("/empty")] == "the page is empty: not saved"
    assert reasons[site.url("/missing")] == "HTTP 404 Not Found"
    rows = CollectedManifest(out / "manifest.csv").rows
    moved = rows[page_file(site.url("/old-fr"))]
    assert moved["url"] == site.url("/fr/universites")
    assert moved["requested_url"] == site.url("/old-fr") and moved["list_line"] == "3"
    logged = read_log(out / "collection_log.jsonl")
    assert {r["url"] for r in logged if r["event"] == "problem"} == set(reasons)


def test_a_second_run_fetches_nothing_already_saved(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.route("/en/dakhla", Reply(body=ARTICLE_EN))
    site.route("/fr/universites", Reply(503, "busy"), Reply(503, "busy"), Reply(body=ARTICLE_FR))
    urls = write_list(tmp_path, [site.url("/en/dakhla"), site.url("/fr/universites")])
    out = tmp_path / "raw"
    settings = fast_settings(delay=0, max_retries=1)
    first = collect_urls(urls, out, settings=settings, clock=clock)
    assert first.counts["saved"] == 1 and first.counts["errors"] == 1
    second = collect_urls(urls, out, settings=settings, clock=clock)
    assert second.counts["saved"] == 1 and second.counts["already_present"] == 1
    assert site.hits("/en/dakhla") == 1  # never fetched twice
    assert len(CollectedManifest(out / "manifest.csv").rows) == 2


def test_a_page_saved_before_the_state_was_written_is_found_not_duplicated(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.route("/en/dakhla", Reply(body=ARTICLE_EN))
    urls = write_list(tmp_path, [site.url("/en/dakhla")])
    out = tmp_path / "raw"
    collect_urls(urls, out, settings=fast_settings(delay=0), clock=clock)
    (out / ".collect_state.json").unlink()  # as if interrupted before the state was saved
    again = collect_urls(urls, out, settings=fast_settings(delay=0), clock=clock)
    assert again.counts["already_present"] == 1 and again.counts["saved"] == 0
    assert site.hits("/en/dakhla") == 1
    assert len(list((out / "html" / "127.0.0.1").iterdir())) == 1
