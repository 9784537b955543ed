"""Generate a synthetic English, French and Arabic news corpus of any size, streamed to disk.

    python benchmarks/generate.py --size 1GB --out benchmarks/data/corpus_1g [--seed 0]

Articles are assembled from the phrasebooks in ``benchmarks/phrases_*.py``
(our own templates: security-diplomacy stories with frame cues, and sport,
economy, weather and culture stories without). The same seed gives the same
bytes. Memory stays bounded whatever the size: every article is written as
soon as it is made.

Layout of ``--out``::

    text/<lang>/<outlet>/<shard>/<id>.txt      one article: title, blank line, paragraphs
    manifest.csv                               file,outlet,language,date of the text files
    wordpress/<lang>/<outlet>/page-<n>.json    WordPress REST pages: lists of up to 20 posts
    jsonl/<lang>/export-<n>.jsonl              {"title","text","outlet","date","language","url"}
    corpus.json                                what was written, per format and language

Sizes are decimal (``1GB`` = 10**9 bytes; ``GiB``/``MiB`` are binary). The
bytes are shared out between formats and languages (:data:`FORMAT_SHARES`,
:data:`LANGUAGE_SHARES`) and generation stops once ``--size`` is reached.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import phrases_ar, phrases_en, phrases_fr
from benchmarks.phrasebook import Article, Phrasebook

FORMATS = ("text", "wordpress", "jsonl")
FORMAT_SHARES = {"text": 0.4, "wordpress": 0.3, "jsonl": 0.3}
LANGUAGE_SHARES = {"en": 0.4, "fr": 0.3, "ar": 0.3}
PHRASEBOOKS: dict[str, Phrasebook] = {
    "en": phrases_en.PHRASEBOOK,
    "fr": phrases_fr.PHRASEBOOK,
    "ar": phrases_ar.PHRASEBOOK,
}
POSTS_PER_PAGE = 20
FILES_PER_SHARD = 500
JSONL_PART_BYTES = 32_000_000  # below the ingester's 50 MB per-file limit
FIRST_DAY, N_DAYS = date(2024, 1, 1), 1035  # to 2026-10-31
MANIFEST_COLUMNS = ("file", "outlet", "language", "date")

_UNITS = {
    "": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
    "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40,
}  # fmt: skip
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]I?B|B)?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes in a size such as ``1GB``, ``200MB``, ``1.5GiB`` or ``5000``.

    >>> parse_size("1GB"), parse_size("200 mb"), parse_size("1KiB")
    (1000000000, 200000000, 1024)
    """
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"not a size: {text!r} (write e.g. 200MB, 1GB, 1.5GiB)")
    return int(float(match.group(1)) * _UNITS[(match.group(2) or "").upper()])


@dataclass
class CellStats:
    """What was written for one format and language."""

    files: int = 0
    articles: int = 0
    framed_articles: int = 0
    bytes: int = 0


@dataclass
class Story:
    """An article with its metadata, as every writer needs it."""

    id: int
    article: Article
    language: str
    outlet: str
    day: date
    url: str
    seconds: int  # publication time of day

    @property
    def text(self) -> str:
        return "\n\n".join(self.article.paragraphs)


def fingerprint() -> str:
    """Hash of the generator's code and phrasebooks: equal fingerprints, equal corpora."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("generate.py", "phrasebook.py", *(f"phrases_{lang}.py" for lang in PHRASEBOOKS)):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def slugify(title: str, language: str) -> str:
    """A WordPress-like slug: ASCII words for en/fr, percent-encoded words for Arabic."""
    if language == "ar":
        words = re.findall(r"\w+", title)[:6]
        return quote("-".join(words), safe="-").lower()
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:70]


class TextWriter:
    """One ``.txt`` per article, and the manifest row that gives its metadata."""

    def __init__(self, out: Path, manifest: IO[str]) -> None:
        self.out = out
        self.manifest = csv.writer(manifest, lineterminator="\n")
        self.manifest.writerow(MANIFEST_COLUMNS)
        self.counts: Counter[tuple[str, str]] = Counter()

    def write(self, story: Story) -> tuple[int, int]:
        key = (story.language, story.outlet)
        k = self.counts[key]
        self.counts[key] += 1
        outlet = story.outlet.removesuffix(".example")
        shard = f"{k // FILES_PER_SHARD:04d}"
        relative = Path("text", story.language, outlet, shard, f"{k:06d}.txt")
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = f"{story.article.title}\n\n{story.text}\n".encode()
        path.write_bytes(data)
        self.manifest.writerow(
            (relative.as_posix(), story.outlet, story.language, story.day.isoformat())
        )
        return len(data), 1

    def close(self) -> dict[str, int]:
        """Nothing is held open (the manifest belongs to the caller)."""
        return {}


@dataclass
class _Page:
    handle: IO[bytes]
    posts: int = 0


class WordPressWriter:
    """Pages of posts as ``/wp-json/wp/v2/posts?per_page=20`` returns them, saved as JSON."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.pages: dict[tuple[str, str], _Page] = {}
        self.numbers: Counter[tuple[str, str]] = Counter()

    def write(self, story: Story) -> tuple[int, int]:
        key = (story.language, story.outlet)
        page, opened = self.pages.get(key), 0
        if page is None:
            self.numbers[key] += 1
            path = self.out / "wordpress" / story.language / story.outlet.removesuffix(".example")
            path.mkdir(parents=True, exist_ok=True)
            handle = (path / f"page-{self.numbers[key]:05d}.json").open("wb")
            page, opened = _Page(handle), 1
            self.pages[key] = page
        # Pages of the first outlet are kept as the REST API serves them (non-ASCII escaped),
        # the others as a script that re-saved them would write (UTF-8).
        escaped = story.outlet == PHRASEBOOKS[story.language].outlets[0]
        record = json.dumps(post(story), ensure_ascii=escaped)
        data = (("[\n" if page.posts == 0 else ",\n") + record).encode()
        page.handle.write(data)
        page.posts += 1
        written = len(data)
        if page.posts == POSTS_PER_PAGE:
            written += self._finish(key)
        return written, opened

    def _finish(self, key: tuple[str, str]) -> int:
        page = self.pages.pop(key)
        page.handle.write(b"\n]\n")
        page.handle.close()
        return 3

    def close(self) -> dict[str, int]:
        """Close the open pages; the bytes that took, per language."""
        closing: Counter[str] = Counter()
        for key in list(self.pages):
            closing[key[0]] += self._finish(key)
        return dict(closing)


def post(story: Story) -> dict[str, Any]:
    """A WordPress REST post: rendered HTML with texturized apostrophes, as WordPress serves it."""
    when = f"{story.day.isoformat()}T{_clock(story.seconds)}"
    paragraphs = [_rendered(p) for p in story.article.paragraphs]
    excerpt = " ".join(story.article.paragraphs[0].split()[:30])
    return {
        "id": story.id,
        "date": when,
        "date_gmt": when,
        "modified": when,
        "slug": story.url.rstrip("/").rsplit("/", 1)[-1],
        "status": "publish",
        "type": "post",
        "link": story.url,
        "title": {"rendered": _rendered(story.article.title)},
        "content": {
            "rendered": "".join(f"<p>{p}</p>\n" for p in paragraphs),
            "protected": False,
        },
        "excerpt": {"rendered": f"<p>{_rendered(excerpt)} [&hellip;]</p>\n", "protected": False},
        "author": 1 + story.id % 7,
        "categories": [1 + story.id % 5],
        "tags": [],
    }


def _rendered(text: str) -> str:
    return html.escape(text, quote=False).replace("'", "&#8217;")


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class JsonlWriter:
    """A generic export, one article object per line, in parts of about 32 MB per language."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.parts: dict[str, tuple[IO[bytes], int]] = {}
        self.numbers: Counter[str] = Counter()

    def write(self, story: Story) -> tuple[int, int]:
        handle, size = self.parts.get(story.language, (None, 0))
        opened = 0
        if handle is None or size >= JSONL_PART_BYTES:
            if handle is not None:
                handle.close()
            self.numbers[story.language] += 1
            path = self.out / "jsonl" / story.language
            path.mkdir(parents=True, exist_ok=True)
            handle = (path / f"export-{self.numbers[story.language]:04d}.jsonl").open("wb")
            size, opened = 0, 1
        record = {
            "title": story.article.title,
            "text": story.text,
            "outlet": story.outlet,
            "date": story.day.isoformat(),
            "language": story.language,
            "url": story.url,
        }
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode()
        handle.write(data)
        self.parts[story.language] = (handle, size + len(data))
        return len(data), opened

    def close(self) -> dict[str, int]:
        for handle, _ in self.parts.values():
            handle.close()
        self.parts.clear()
        return {}


@dataclass
class Summary:
    """What :func:`generate` wrote: the content of ``corpus.json``."""

    seed: int
    size_requested: int
    cells: dict[tuple[str, str], CellStats] = field(default_factory=dict)

    @property
    def bytes_written(self) -> int:
        return sum(c.bytes for c in self.cells.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "generator": "benchmarks/generate.py",
            "fingerprint": fingerprint(),
            "seed": self.seed,
            "size_requested": self.size_requested,
            "bytes_written": self.bytes_written,
            "articles": sum(c.articles for c in self.cells.values()),
            "cells": [
                {"format": fmt, "language": lang, **vars(stats)}
                for (fmt, lang), stats in self.cells.items()
            ],
            "manifest": "manifest.csv",
        }


def generate(
    out: str | Path,
    size: int,
    *,
    seed: int = 0,
    format_shares: dict[str, float] | None = None,
    language_shares: dict[str, float] | None = None,
) -> Summary:
    """Write a corpus of about ``size`` bytes (at least one article per format and language).

    >>> import tempfile
    >>> summary = generate(Path(tempfile.mkdtemp()) / "corpus", 60_000, seed=1)
    >>> summary.bytes_written >= 60_000, summary.cells[("jsonl", "ar")].articles > 0
    (True, True)
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: generate into a new folder")
    out.mkdir(parents=True, exist_ok=True)
    format_shares = format_shares or FORMAT_SHARES
    language_shares = language_shares or LANGUAGE_SHARES
    targets = {
        (fmt, lang): size * fs * ls
        for fmt, fs in format_shares.items()
        for lang, ls in language_shares.items()
    }
    summary = Summary(seed=seed, size_requested=size, cells={c: CellStats() for c in targets})
    rng = random.Random(seed)
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as manifest:
        writers = {
            "text": TextWriter(out, manifest),
            "wordpress": WordPressWriter(out),
            "jsonl": JsonlWriter(out),
        }
        story_id = 0
        while True:
            # The cell furthest behind its share gets the next article: exact proportions.
            if summary.bytes_written >= size and all(c.articles for c in summary.cells.values()):
                break
            cell = max(targets, key=lambda c: targets[c] - summary.cells[c].bytes)
            stats = summary.cells[cell]
            story_id += 1
            story = _story(story_id, cell[1], rng)
            written, files = writers[cell[0]].write(story)
            stats.bytes += written
            stats.files += files
            stats.articles += 1
            stats.framed_articles += story.article.framed
        for fmt, writer in writers.items():
            for language, closing in writer.close().items():
                summary.cells[(fmt, language)].bytes += closing
    (out / "corpus.json").write_text(json.dumps(summary.to_dict(), indent=2) + "\n", "utf-8")
    return summary


def _story(story_id: int, language: str, rng: random.Random) -> Story:
    book = PHRASEBOOKS[language]
    outlet = rng.choice(book.outlets)
    day = FIRST_DAY + timedelta(days=rng.randrange(N_DAYS))
    seconds = rng.randrange(6 * 3600, 23 * 3600)
    article = book.article(rng, day)
    slug = slugify(article.title, language) or "article"
    url = f"https://{outlet}/{day:%Y/%m/%d}/{slug}-{story_id}/"
    return Story(story_id, article, language, outlet, day, url, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="200MB", help="e.g. 200MB, 1GB (default 200MB)")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    try:
        size = parse_size(args.size)
    except ValueError as error:
        parser.error(str(error))
    try:
        summary = generate(args.out, size, seed=args.seed)
    except FileExistsError as error:
        parser.error(str(error))
    articles = sum(c.articles for c in summary.cells.values())
    print(f"wrote {summary.bytes_written:,} bytes, {articles:,} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
