"""`framing collect wordpress|feed|urls` on a real local server: output and exit status."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from collect_samples import ARTICLE_EN, EMPTY_RSS, POSTS
from collect_server import API, Reply, Site, serve, wordpress_api
from typer.testing import CliRunner

from framing.cli import app
from framing.errors import CollectError


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as live:
        yield live


@pytest.fixture(autouse=True)
def no_proxy_for_the_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI trusts the environment's proxy settings; the test server is local."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


FAST = ["--delay", "0", "--retries", "0", "--timeout", "5", "--allow-local"]


def invoke(*args: str):
    return CliRunner().invoke(app, [*args, *FAST])


def test_help_lists_the_three_commands() -> None:
    result = CliRunner().invoke(app, ["collect", "--help"])
    assert result.exit_code == 0
    for command in ("wordpress", "feed", "urls"):
        assert command in result.output


def test_wordpress_command_collects_and_summarises(site: Site, tmp_path: Path) -> None:
    site.handle(API, wordpress_api(POSTS))
    out = tmp_path / "raw"
    result = invoke(
        "collect", "wordpress", site.base, "-o", str(out), "--per-page", "2", "--categories", "3,7"
    )
    assert result.exit_code == 0, result.output
    assert "saved" in result.output and "5" in result.output
    assert next(r.query for r in site.requests if r.path == API)["categories"] == "3,7"
    assert json.loads((out / "collection.json").read_text())["counts"]["saved"] == 5


def test_nothing_collected_exits_non_zero_and_lists_the_problems(
    site: Site, tmp_path: Path
) -> None:
    site.route("/feed/", Reply(body=EMPTY_RSS, content_type="application/rss+xml"))
    result = invoke("collect", "feed", site.url("/feed/"), "-o", str(tmp_path / "raw"))
    assert result.exit_code == 2
    assert "empty feed: it lists no entries" in result.output
    assert "nothing could be collected" in result.output


def test_urls_command_partial_success_exits_zero(site: Site, tmp_path: Path) -> None:
    site.route("/en/dakhla", Reply(body=ARTICLE_EN))
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# list\n{site.url('/en/dakhla')}\nnot-a-url\n", encoding="utf-8")
    result = invoke("collect", "urls", str(urls), "-o", str(tmp_path / "raw"))
    assert result.exit_code == 0, result.output
    assert "line 3: not an http(s) URL" in result.output


def test_bad_options_are_errors_naming_the_option(tmp_path: Path) -> None:
    result = invoke(
        "collect", "wordpress", "https://example.ma", "-o", str(tmp_path), "--categories", "news"
    )
    assert isinstance(result.exception, CollectError)
    assert result.exception.field == "categories"
    result = invoke("collect", "urls", str(tmp_path / "missing.txt"), "-o", str(tmp_path))
    assert isinstance(result.exception, CollectError) and "URL list not found" in str(
        result.exception
    )
