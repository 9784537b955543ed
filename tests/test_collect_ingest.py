"""What `framing collect` saves is what `framing ingest` reads: end to end on a local server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from collect_samples import ARTICLE_AR, ARTICLE_EN, ARTICLE_FR, POSTS, rss
from collect_server import API, Reply, Site, fast_settings, serve, wordpress_api
from typer.testing import CliRunner

from framing.cli import app
from framing.collect import FakeClock, collect_feed, collect_urls, collect_wordpress
from framing.corpus.ingest import ingest


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as live:
        yield live


@pytest.fixture
def clock() -> FakeClock:
    """Records every wait instead of sleeping."""
    return FakeClock()


@pytest.fixture
def raw_dir(site: Site, clock: FakeClock, tmp_path: Path) -> Path:
    """A RAW_DIR filled by all three collectors: 5 posts, 2 feed articles, 1 listed page."""
    site.handle(API, wordpress_api(POSTS))
    items = [
        (
            "Les universités ouvrent des filières en IA",
            site.url("/fr/universites"),
            "Tue, 20 Jan 2026 08:15:00 +0100",
        ),
        ("مهرجان فاس للموسيقى العريقة", site.url("/ar/fes"), "Wed, 21 Jan 2026 19:00:00 +0000"),
    ]
    site.route("/feed/", Reply(body=rss(items, language="fr"), content_type="application/rss+xml"))
    site.route("/fr/universites", Reply(body=ARTICLE_FR))
    site.route("/ar/fes", Reply(body=ARTICLE_AR, content_type="text/html; charset=windows-1256"))
    site.route("/en/dakhla", Reply(body=ARTICLE_EN))
    out = tmp_path / "raw"
    settings = fast_settings(delay=0)
    collect_wordpress(site.base, out, per_page=2, settings=settings, clock=clock)
    collect_feed(site.url("/feed/"), out, settings=settings, clock=clock)
    urls = tmp_path / "urls.txt"
    urls.write_text(site.url("/en/dakhla") + "\n", encoding="utf-8")
    collect_urls(urls, out, settings=settings, clock=clock)
    return out


def check_corpus(corpus, raw_dir: Path, site: Site) -> None:
    docs = corpus.documents.set_index("url")
    assert len(docs) == 8, corpus.report["skipped"]
    assert sorted(docs["source_format"].value_counts().items()) == [("html", 3), ("wordpress", 5)]
    security = docs.loc["https://www.example-news.ma/en/rabat-riyadh-security-roadmap/"]
    assert security["title"] == "Rabat and Riyadh agree a security cooperation roadmap"
    assert security["date"] == "2026-02-11" and security["language"] == "en"
    assert security["outlet"] == "127.0.0.1"
    assert security["source_path"].endswith("wordpress/127.0.0.1/101.json")
    assert docs.loc["https://www.example-news.ma/ar/migration-forum-rabat/", "language"] == "ar"
    fes = docs.loc[site.url("/ar/fes")]  # windows-1256 bytes, decoded by ingestion
    assert "مهرجان فاس" in fes["text"] and fes["date"] == "2026-01-21"
    assert json.loads(fes["metadata"])["charset"] == "windows-1256"
    french = docs.loc[site.url("/fr/universites")]
    assert french["language"] == "fr" and french["date"] == "2026-01-20"
    assert "intelligence artificielle" in french["text"]
    assert docs.loc[site.url("/en/dakhla"), "language"] == "en"
    assert corpus.report["skipped"] == []


def test_ingest_reads_the_files_the_manifest_names(raw_dir: Path, site: Site) -> None:
    corpus = ingest([], manifest=raw_dir / "manifest.csv")
    check_corpus(corpus, raw_dir, site)


# A collection folder is read for its articles: responses/ (the raw API pages, copies
# of the saved posts), collection.json and collection_log.jsonl are left out.
def test_ingest_reads_the_collection_folder_with_its_manifest(raw_dir: Path, site: Site) -> None:
    corpus = ingest([raw_dir], manifest=raw_dir / "manifest.csv")
    check_corpus(corpus, raw_dir, site)


def test_cli_ingest_of_a_collection_folder(raw_dir: Path, site: Site, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "ingest",
            str(raw_dir),
            "--manifest",
            str(raw_dir / "manifest.csv"),
            "-o",
            str(tmp_path / "corpus"),
            "--strict",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "corpus" / "documents.parquet").exists()
