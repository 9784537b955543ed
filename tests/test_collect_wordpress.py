"""Collecting a WordPress site through its REST API from a real local server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from collect_samples import LOGIN_PAGE, POSTS, posts_page
from collect_server import API, Reply, Site, fast_settings, serve, wordpress_api

from framing.collect import FakeClock, collect_wordpress, posts_endpoints, read_log
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


def collect(site: Site, out: Path, clock: FakeClock, **options: Any):
    settings = options.pop("settings", fast_settings(delay=0))
    return collect_wordpress(site.base, out, settings=settings, clock=clock, **options)


def test_pages_through_posts_saving_each_post_and_the_raw_pages(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.handle(API, wordpress_api(POSTS))
    out = tmp_path / "raw"
    summary = collect(site, out, clock, per_page=2)
    assert summary.counts["saved"] == 5 and summary.counts["pages"] == 3
    assert summary.counts["errors"] == 0 and summary.problems == []
    folder = out / "wordpress" / "127.0.0.1"
    assert sorted(p.name for p in folder.iterdir()) == [f"{i}.json" for i in range(101, 106)]
    arabic = (folder / "103.json").read_text(encoding="utf-8")
    assert arabic == json.dumps(POSTS[2], ensure_ascii=False)  # the parsed post, unescaped
    assert "الرباط" in arabic
    # The page responses are kept byte for byte.
    responses = sorted((out / "responses" / "127.0.0.1").iterdir())
    assert len(responses) == 3
    assert responses[0].read_bytes() == posts_page(POSTS[0:2])
    assert [r.query["page"] for r in site.requests if r.path == API] == ["1", "2", "3"]


def test_query_options_become_rest_parameters(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    site.handle(API, wordpress_api(POSTS[:1]))
    collect(
        site,
        tmp_path / "raw",
        clock,
        search="Riyadh security",
        after="2026-02-01",
        before="2026-03-01T12:00:00",
        categories=[3, 7],
        per_page=50,
    )
    query = next(r.query for r in site.requests if r.path == API)
    assert query == {
        "per_page": "50",
        "orderby": "id",
        "order": "asc",
        "search": "Riyadh security",
        "after": "2026-02-01T00:00:00",
        "before": "2026-03-01T12:00:00",
        "categories": "3,7",
        "page": "1",
    }


def test_manifest_log_and_collection_record(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    site.handle(API, wordpress_api(POSTS))
    out = tmp_path / "raw"
    collect(site, out, clock, per_page=2, search="Rabat")
    manifest = CollectedManifest(out / "manifest.csv")
    assert manifest.columns[:6] == ["file", "outlet", "language", "date", "url", "title"]
    row = manifest.rows["wordpress/127.0.0.1/102.json"]
    assert row["outlet"] == "127.0.0.1"
    assert row["date"] == "2026-02-12T09:10:00"
    assert row["url"] == "https://www.example-news.ma/fr/secheresse-dessalement/"
    assert row["title"] == "Sécheresse : le Maroc accélère ses projets de dessalement"
    assert row.get("language", "") == ""  # the site did not state it
    assert row["collection"] == "wordpress"

    record = json.loads((out / "collection.json").read_text(encoding="utf-8"))
    assert record["site"] == site.base and record["command"] == "wordpress"
    assert record["query"]["search"] == "Rabat" and record["query"]["total_reported"] == 5
    assert record["counts"]["pages"] == 3 and record["counts"]["saved"] == 5
    assert record["started"] <= record["finished"] and record["interrupted"] is False

    requests = [r for r in read_log(out / "collection_log.jsonl") if r["event"] == "request"]
    assert {"time", "url", "status", "bytes", "elapsed", "error"} <= set(requests[0])
    posts_requests = [r for r in requests if r["kind"] == "posts"]
    assert [r["status"] for r in posts_requests] == [200, 200, 200]
    assert all(r["bytes"] > 0 for r in posts_requests)


def test_language_path_of_a_multilingual_site(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    english = [p for p in POSTS if "/en/" in p["link"]]
    site.handle("/en" + API, wordpress_api(english))
    out = tmp_path / "raw"
    summary = collect(site, out, clock, lang="en")
    assert summary.counts["saved"] == 2
    rows = CollectedManifest(out / "manifest.csv").rows
    assert set(rows) == {"wordpress/127.0.0.1/en/101.json", "wordpress/127.0.0.1/en/104.json"}
    assert {row["language"] for row in rows.values()} == {"en"}
    assert posts_endpoints("https://example.ma/", "fr")[0] == (
        "https://example.ma/fr/wp-json/wp/v2/posts"
    )


def test_resumes_where_it_stopped_and_never_fetches_or_writes_twice(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.handle(API, wordpress_api(POSTS))
    out = tmp_path / "raw"
    first = collect(site, out, clock, per_page=2, max_pages=1)
    assert first.counts["saved"] == 2
    assert json.loads((out / ".collect_state.json").read_text())["queries"]
    second = collect(site, out, clock, per_page=2)
    assert second.counts["saved"] == 3 and second.counts["already_present"] == 0
    assert site.hits(API, page="1") == 1  # page 1 was not fetched again
    # A finished query run again looks only at the last page, for new posts.
    third = collect(site, out, clock, per_page=2)
    assert third.counts["saved"] == 0 and third.counts["already_present"] == 1
    assert [site.hits(API, page=str(p)) for p in (1, 2, 3)] == [1, 1, 2]
    record = json.loads((out / "collection.json").read_text())
    assert len(record["previous_runs"]) == 2
    assert len(CollectedManifest(out / "manifest.csv").rows) == 5


class InterruptingClock(FakeClock):
    """Stops the run (as Ctrl-C would) at the n-th wait."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at = at

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        if len(self.sleeps) == self.at:
            raise KeyboardInterrupt


def test_an_interrupted_run_is_recorded_and_resumed(site: Site, tmp_path: Path) -> None:
    site.handle(API, wordpress_api(POSTS))
    out = tmp_path / "raw"
    with pytest.raises(KeyboardInterrupt):
        # robots.txt and page 1 go through; the wait before page 2 is interrupted
        collect(site, out, InterruptingClock(at=2), per_page=2, settings=fast_settings(delay=1))
    record = json.loads((out / "collection.json").read_text())
    assert record["interrupted"] is True and record["counts"]["saved"] == 2
    assert len(CollectedManifest(out / "manifest.csv").rows) == 2
    resumed = collect(site, out, FakeClock(), per_page=2)
    assert resumed.counts["saved"] == 3 and site.hits(API, page="1") == 1


def test_an_existing_file_with_other_content_is_kept_and_the_new_one_suffixed(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.handle(API, wordpress_api(POSTS[:2]))
    out = tmp_path / "raw"
    earlier = out / "wordpress" / "127.0.0.1" / "101.json"
    earlier.parent.mkdir(parents=True)
    earlier.write_text('{"id": 101, "note": "an earlier revision"}', encoding="utf-8")
    summary = collect(site, out, clock)
    assert earlier.read_text(encoding="utf-8") == '{"id": 101, "note": "an earlier revision"}'
    suffixed = earlier.with_name("101-2.json")
    assert json.loads(suffixed.read_text(encoding="utf-8"))["title"]["rendered"].startswith("Rabat")
    assert summary.counts["kept_both"] == 1 and summary.counts["saved"] == 1
    kept = [r for r in read_log(out / "collection_log.jsonl") if r["event"] == "kept_both"]
    assert "101.json exists with different content" in kept[0]["reason"]
    assert "wordpress/127.0.0.1/101-2.json" in CollectedManifest(out / "manifest.csv").rows


def test_rest_api_disabled_is_reported_and_nothing_collected(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    no_route = {"code": "rest_no_route", "message": "No route was found.", "data": {"status": 404}}
    site.route(API, Reply(404, json.dumps(no_route), "application/json"))
    summary = collect(site, tmp_path / "raw", clock)
    assert summary.collected == 0 and summary.counts["errors"] == 1
    assert "rest_no_route" in summary.problems[0].reason
    assert summary.problems[0].url.startswith(site.url(API))


def test_rest_api_closed_to_anonymous_readers(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    closed = {"code": "rest_cannot_access", "message": "Only authenticated users can access."}
    site.route(API, Reply(401, json.dumps(closed), "application/json"))
    summary = collect(site, tmp_path / "raw", clock)
    assert "disabled or needs a login (rest_cannot_access" in summary.problems[0].reason


def test_without_pretty_permalinks_the_rest_route_form_is_used(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    api = wordpress_api(POSTS[:3])

    def home(query: dict[str, str]) -> Reply:
        if query.get("rest_route") == "/wp/v2/posts":
            return api(query)
        return Reply(200, "<html><body><p>Home</p></body></html>")

    site.handle("/", home)  # /wp-json/... is a 404 HTML page
    out = tmp_path / "raw"
    summary = collect(site, out, clock, per_page=2)
    assert summary.counts["saved"] == 3 and summary.counts["errors"] == 0
    assert [n.kind for n in summary.notes] == ["rest_fallback"]
    # the second page went straight to the working form
    assert site.hits(API) == 1 and site.hits("/", rest_route="/wp/v2/posts") == 2


def test_html_where_json_was_expected(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    site.route(API, Reply(200, "<!DOCTYPE html><html><body><p>Checking your browser</p>"))
    summary = collect(site, tmp_path / "raw", clock)
    assert summary.collected == 0
    assert "HTML where JSON was expected" in summary.problems[0].reason


def test_redirect_to_login_instead_of_posts(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    site.route(API, Reply(302, headers={"Location": "/wp-login.php"}))
    site.route("/wp-login.php", Reply(200, LOGIN_PAGE))
    summary = collect(site, tmp_path / "raw", clock)
    assert summary.collected == 0
    assert "redirected to a login page" in summary.problems[0].reason


def test_malformed_json_in_the_middle_is_logged_the_run_goes_on_and_a_rerun_retries_it(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    broken = {2: Reply(200, b'[{"id": 103, "title": {"rendered": "cut', "application/json")}
    site.handle(API, wordpress_api(POSTS, broken_pages=broken))
    out = tmp_path / "raw"
    summary = collect(site, out, clock, per_page=2)
    assert summary.counts["saved"] == 3  # pages 1 and 3
    assert summary.counts["errors"] == 1 and "malformed JSON" in summary.problems[0].reason
    assert "page=2" in summary.problems[0].url
    problems = [r for r in read_log(out / "collection_log.jsonl") if r["event"] == "problem"]
    assert "malformed JSON" in problems[0]["reason"]
    broken.clear()  # the site is repaired
    rerun = collect(site, out, clock, per_page=2)
    assert rerun.counts["saved"] == 2 and rerun.counts["errors"] == 0
    assert sorted(p.name for p in (out / "wordpress" / "127.0.0.1").iterdir()) == [
        f"{i}.json" for i in range(101, 106)
    ]


def test_without_total_pages_header_paging_stops_at_the_end(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.handle(API, wordpress_api(POSTS, headers=False))
    summary = collect(site, tmp_path / "raw", clock, per_page=2)
    assert summary.counts["saved"] == 5 and summary.counts["errors"] == 0
    assert site.hits(API, page="4") == 1  # the 400 rest_post_invalid_page_number ends it


def test_items_that_are_not_posts_are_reported(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    odd = [POSTS[0], {"title": "no id"}, "a string", {**POSTS[1], "id": "../../etc"}]
    site.route(API, Reply(200, json.dumps(odd), "application/json"))
    summary = collect(site, tmp_path / "raw", clock)
    assert summary.counts["saved"] == 1
    assert [p.kind for p in summary.problems] == ["bad_post"] * 3 + ["posts_page"]
    assert not (tmp_path / "etc").exists()
    # this server ignores ?page=: the second page repeats the first, and paging stops
    assert "ignores the page parameter" in summary.problems[-1].reason
    assert site.hits(API) == 2


def test_a_query_matching_nothing_says_so(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    site.handle(API, wordpress_api([]))
    summary = collect(site, tmp_path / "raw", clock, search="nothing like this")
    assert summary.collected == 0 and summary.problems == []
    assert [n.reason for n in summary.notes] == ["the query matched no posts"]


def test_invalid_options_are_refused_before_any_request(site: Site, tmp_path: Path) -> None:
    with pytest.raises(CollectError, match="not an ISO date"):
        collect(site, tmp_path / "raw", FakeClock(), after="11/02/2026")
    with pytest.raises(CollectError, match="is not before"):
        collect(site, tmp_path / "raw", FakeClock(), after="2026-03-01", before="2026-02-01")
    with pytest.raises(CollectError, match="1 to 100"):
        collect(site, tmp_path / "raw", FakeClock(), per_page=500)
    with pytest.raises(CollectError, match="language path"):
        collect(site, tmp_path / "raw", FakeClock(), lang="en/../admin")
    assert site.requests == []
