"""The polite client against a real local server: pacing, retries, limits, robots, logins."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from collect_samples import ARTICLE_EN, LOGIN_PAGE
from collect_server import Reply, Site, fast_settings, serve

from framing.collect import DEFAULT_USER_AGENT, CollectionLog, FakeClock, PoliteClient, read_log
from framing.collect.retry import retry_after_seconds
from framing.errors import CollectError


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as live:
        yield live


@pytest.fixture
def clock() -> FakeClock:
    """Records every wait instead of sleeping."""
    return FakeClock()


def client_for(tmp_path: Path, clock: FakeClock, **settings: object) -> PoliteClient:
    log = CollectionLog(tmp_path / "collection_log.jsonl")
    return PoliteClient(fast_settings(**settings), log=log, clock=clock)


def requests_logged(tmp_path: Path, url: str) -> list[dict]:
    return [
        r
        for r in read_log(tmp_path / "collection_log.jsonl")
        if r["event"] == "request" and r["url"] == url
    ]


def test_default_user_agent_names_the_toolkit_and_is_sent(site: Site, tmp_path: Path) -> None:
    site.route("/article", Reply(body=ARTICLE_EN))
    assert DEFAULT_USER_AGENT.startswith("framing/") and "research" in DEFAULT_USER_AGENT
    with client_for(tmp_path, FakeClock(), user_agent="LabBot/2.0 (mailto:lab@example.org)") as c:
        response = c.get(site.url("/article"))
    assert response.ok and response.content == ARTICLE_EN.encode()
    assert {r.user_agent for r in site.requests} == {"LabBot/2.0 (mailto:lab@example.org)"}


def test_requests_to_one_host_are_spaced_by_the_delay(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.route("/a", Reply(body=ARTICLE_EN))
    with client_for(tmp_path, clock, delay=0.5) as c:
        for _ in range(3):
            assert c.get(site.url("/a")).ok
    # robots.txt, then three pages: each request waits for the previous one's slot
    assert clock.sleeps == [0.5, 0.5, 0.5]
    assert [r.path for r in site.requests] == ["/robots.txt", "/a", "/a", "/a"]


def test_429_waits_for_retry_after_seconds_then_succeeds(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.route(
        "/busy", Reply(429, "slow down", headers={"Retry-After": "7"}), Reply(body=ARTICLE_EN)
    )
    with client_for(tmp_path, clock, delay=0) as c:
        response = c.get(site.url("/busy"))
    assert response.ok and response.attempts == 2
    assert clock.sleeps == [7.0]
    statuses = [r["status"] for r in requests_logged(tmp_path, site.url("/busy"))]
    assert statuses == [429, 200]


def test_retry_after_as_an_http_date_is_honoured(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    # FakeClock starts at 2026-02-11 10:00:00 UTC
    busy = Reply(503, "maintenance", headers={"Retry-After": "Wed, 11 Feb 2026 10:00:30 GMT"})
    site.route("/maintenance", busy, Reply(body=ARTICLE_EN))
    with client_for(tmp_path, clock, delay=0) as c:
        assert c.get(site.url("/maintenance")).ok
    assert clock.sleeps == [30.0]


def test_a_retry_after_beyond_the_cap_is_given_up_not_slept(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.route("/later", Reply(429, "come back tomorrow", headers={"Retry-After": "86400"}))
    with client_for(tmp_path, clock, delay=0, max_retry_after=120) as c:
        response = c.get(site.url("/later"))
    assert not response.ok and response.problem == "retry_after"
    assert "86,400 s" in response.error and "run the command again later" in response.error
    assert clock.sleeps == [] and site.hits("/later") == 1


def test_500_then_success_backs_off_once(site: Site, clock: FakeClock, tmp_path: Path) -> None:
    site.route("/flaky", Reply(500, "oops"), Reply(body=ARTICLE_EN))
    with client_for(tmp_path, clock, delay=0, backoff=0.25) as c:
        response = c.get(site.url("/flaky"))
    assert response.ok and response.status == 200
    assert clock.sleeps == [0.25]


def test_persistent_5xx_gives_up_after_the_retries_with_exponential_backoff(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.route("/down", Reply(502, "bad gateway"))
    with client_for(tmp_path, clock, delay=0, backoff=0.25, max_retries=2) as c:
        response = c.get(site.url("/down"))
    assert not response.ok and response.status == 502
    assert "gave up after 3 attempts" in response.error
    assert clock.sleeps == [0.25, 0.5]
    assert site.hits("/down") == 3


def test_a_slow_response_within_the_timeout_arrives(site: Site, tmp_path: Path) -> None:
    site.route("/slow", Reply(body=ARTICLE_EN, delay=0.2))
    with client_for(tmp_path, FakeClock(), delay=0, read_timeout=3.0) as c:
        response = c.get(site.url("/slow"))
    assert response.ok and response.elapsed >= 0.2


def test_a_response_slower_than_the_read_timeout_fails_as_timeout(
    site: Site, tmp_path: Path
) -> None:
    site.route("/stuck", Reply(body=ARTICLE_EN, delay=0.6))
    with client_for(tmp_path, FakeClock(), delay=0, read_timeout=0.15, max_retries=0) as c:
        response = c.get(site.url("/stuck"))
    assert not response.ok and response.problem == "timeout"
    assert requests_logged(tmp_path, site.url("/stuck"))[0]["error"].startswith("timed out")


def test_a_never_ending_response_is_cut_at_the_size_limit(site: Site, tmp_path: Path) -> None:
    site.route("/endless", Reply(endless=True))
    started = time.perf_counter()
    with client_for(tmp_path, FakeClock(), delay=0, max_bytes=50_000) as c:
        response = c.get(site.url("/endless"))
    assert time.perf_counter() - started < 5
    assert response.problem == "size_limit" and response.content == b""
    assert "exceeds the size limit of 50,000 bytes" in response.error
    assert site.hits("/endless") == 1  # not retried


def test_a_slow_drip_is_cut_at_the_time_limit(site: Site, tmp_path: Path) -> None:
    site.route("/drip", Reply(endless=True, drip=0.05))
    started = time.perf_counter()
    with client_for(tmp_path, FakeClock(), delay=0, max_seconds=0.3, read_timeout=2.0) as c:
        response = c.get(site.url("/drip"))
    assert time.perf_counter() - started < 2
    assert response.problem == "timeout" and "took more than" in response.error


def test_a_declared_length_over_the_limit_is_not_downloaded(site: Site, tmp_path: Path) -> None:
    site.route("/big", Reply(body="x" * 5000))
    with client_for(tmp_path, FakeClock(), delay=0, max_bytes=1000) as c:
        response = c.get(site.url("/big"))
    assert response.problem == "size_limit" and "declares 5,000 bytes" in response.error


def test_robots_disallowed_urls_are_logged_as_skipped_and_never_fetched(
    site: Site, tmp_path: Path
) -> None:
    robots = "User-agent: *\nDisallow: /private/\n"
    site.route("/robots.txt", Reply(body=robots, content_type="text/plain"))
    site.route("/private/draft", Reply(body=ARTICLE_EN))
    site.route("/public", Reply(body=ARTICLE_EN))
    with client_for(tmp_path, FakeClock(), delay=0) as c:
        blocked = c.get(site.url("/private/draft"))
        allowed = c.get(site.url("/public"))
    assert blocked.problem == "disallowed" and not blocked.ok
    assert allowed.ok
    assert site.hits("/private/draft") == 0 and site.hits("/robots.txt") == 1
    skipped = [r for r in read_log(tmp_path / "collection_log.jsonl") if r["event"] == "skipped"]
    assert [r["url"] for r in skipped] == [site.url("/private/draft")]
    assert skipped[0]["reason"] == "disallowed by robots.txt"


def test_rules_for_our_user_agent_apply_and_crawl_delay_slows_pacing(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    robots = "User-agent: framing\nDisallow: /search\nCrawl-delay: 3\n\nUser-agent: *\nAllow: /\n"
    site.route("/robots.txt", Reply(body=robots, content_type="text/plain"))
    site.route("/a", Reply(body=ARTICLE_EN))
    with client_for(tmp_path, clock, delay=0.5) as c:
        assert c.get(site.url("/search")).problem == "disallowed"
        assert c.get(site.url("/a")).ok
        assert c.get(site.url("/a")).ok
    assert clock.sleeps == [3.0, 3.0]


def test_an_unreachable_robots_txt_allows_and_is_logged(
    site: Site, clock: FakeClock, tmp_path: Path
) -> None:
    site.route("/robots.txt", Reply(500, "server error"))
    site.route("/a", Reply(body=ARTICLE_EN))
    with client_for(tmp_path, clock, delay=0, max_retries=1) as c:
        assert c.get(site.url("/a")).ok
    notes = [r for r in read_log(tmp_path / "collection_log.jsonl") if r["event"] == "robots"]
    assert len(notes) == 1 and "unreachable" in notes[0]["reason"]
    assert "treated as allowed" in notes[0]["reason"]


def test_redirect_to_a_login_page_is_reported(site: Site, tmp_path: Path) -> None:
    site.route(
        "/members/report",
        Reply(302, headers={"Location": "/wp-login.php?redirect_to=%2Fmembers%2Freport"}),
    )
    site.route("/wp-login.php", Reply(body=LOGIN_PAGE))
    with client_for(tmp_path, FakeClock(), delay=0) as c:
        response = c.get(site.url("/members/report"))
    assert response.problem == "login" and not response.ok
    assert "redirected to a login page" in response.error
    assert response.final_url.startswith(site.url("/wp-login.php"))


def test_401_and_403_are_reported_as_needing_a_login(site: Site, tmp_path: Path) -> None:
    site.route("/closed", Reply(401, "no"))
    site.route("/forbidden", Reply(403, "no"))
    with client_for(tmp_path, FakeClock(), delay=0) as c:
        for path in ("/closed", "/forbidden"):
            response = c.get(site.url(path))
            assert response.problem == "login" and "access denied" in response.error


def test_redirects_are_followed_and_checked_against_robots(site: Site, tmp_path: Path) -> None:
    site.route("/robots.txt", Reply(body="User-agent: *\nDisallow: /hidden\n"))
    site.route("/old", Reply(301, headers={"Location": "/new"}))
    site.route("/new", Reply(body=ARTICLE_EN))
    site.route("/moved", Reply(302, headers={"Location": "/hidden/page"}))
    with client_for(tmp_path, FakeClock(), delay=0) as c:
        followed = c.get(site.url("/old"))
        blocked = c.get(site.url("/moved"))
    assert followed.ok and followed.final_url == site.url("/new")
    assert followed.redirects == [site.url("/new")]
    assert blocked.problem == "disallowed" and site.hits("/hidden/page") == 0


def test_a_404_is_an_error_that_keeps_the_body(site: Site, tmp_path: Path) -> None:
    with client_for(tmp_path, FakeClock(), delay=0) as c:
        response = c.get(site.url("/missing"))
    assert response.error == "HTTP 404 Not Found" and b"Not found" in response.content


def test_a_refused_connection_is_a_network_error_after_retries(
    clock: FakeClock, tmp_path: Path
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with client_for(tmp_path, clock, delay=0, max_retries=1, backoff=0.25) as c:
        response = c.get(f"http://127.0.0.1:{port}/a")
    assert response.problem == "network" and "gave up after 2 attempts" in response.error


def test_invalid_urls_and_settings_are_refused(tmp_path: Path) -> None:
    with client_for(tmp_path, FakeClock()) as c:
        assert c.get("ftp://example.ma/file").problem == "invalid_url"
        assert c.get("https:///no-host").problem == "invalid_url"
    with pytest.raises(CollectError, match="delay"):
        fast_settings(delay=-1)
    with pytest.raises(CollectError, match="max_bytes"):
        fast_settings(max_bytes=0)


def test_retry_after_parsing() -> None:
    assert retry_after_seconds("0", now=0.0) == 0.0
    assert retry_after_seconds("Wed, 11 Feb 2026 09:59:00 GMT", now=1_770_804_000.0) == 0.0
    assert retry_after_seconds("soon", now=0.0) is None
    assert retry_after_seconds(None, now=0.0) is None


def test_local_network_addresses_are_refused_unless_allowed(site: Site, tmp_path: Path) -> None:
    site.route("/article", Reply(body=ARTICLE_EN))
    log = CollectionLog(tmp_path / "log.jsonl")
    settings = fast_settings(allow_local=False)
    with PoliteClient(settings, log=log, clock=FakeClock()) as c:
        refused = c.get(site.url("/article"))  # the test server is on 127.0.0.1
        assert refused.problem == "local_address" and "--allow-local" in refused.error
        assert c.get("http://[::1]/").problem == "local_address"
        assert c.get("http://169.254.169.254/latest/meta-data/").problem == "local_address"
        assert c.get("http://10.1.2.3/feed").problem == "local_address"
        assert c.get("http://localhost:9/").problem == "local_address"  # a name is resolved
    assert site.hits("/article") == 0  # nothing was requested, robots.txt included
    assert site.hits("/robots.txt") == 0
    skipped = [e for e in read_log(tmp_path / "log.jsonl") if e.get("event") == "skipped"]
    assert len(skipped) == 5
    with client_for(tmp_path, FakeClock()) as c:  # fast_settings allow the local server
        assert c.get(site.url("/article")).ok


def test_which_addresses_count_as_local() -> None:
    # Redirects go through the same check: get() checks every URL of the chain.
    from framing.collect.http import local_address_problem

    assert local_address_problem("https://192.168.1.1/admin")
    assert local_address_problem("http://93.184.215.14/") == ""  # a public address
    assert local_address_problem("https://no-such-host.invalid/") == ""  # left to the request
