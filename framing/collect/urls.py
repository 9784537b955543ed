"""Article pages from a list of URLs: one per line, ``#`` comments and blank lines ignored.

:func:`read_url_list` reads and checks the list: lines that are not http(s)
URLs are reported with their line number, and a URL listed twice is fetched
once. :func:`collect_urls` saves each page as received
(``html/<host>/<sha1-of-url>.html``) with its metadata in ``manifest.csv``.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "urls.txt"
>>> _ = path.write_text("# Riyadh visit\\nhttps://example.ma/a\\n\\nexample.ma/b\\n")
>>> listed = read_url_list(path)
>>> listed.urls, listed.invalid
([(2, 'https://example.ma/a')], [(4, 'example.ma/b', 'not an http(s) URL')])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from framing.collect.http import HttpSettings, url_problem
from framing.collect.pacing import Clock
from framing.collect.page import collect_page
from framing.collect.run import CollectionRun, CollectionSummary
from framing.errors import CollectError


@dataclass
class UrlList:
    """The URLs of a list file, with line numbers, and what was wrong with the rest.

    Attributes
    ----------
    urls:
        ``(line, url)`` for each distinct valid URL, in file order.
    invalid:
        ``(line, text, reason)`` for each line that is not a usable URL.
    duplicates:
        ``(line, url, first_line)`` for each URL listed again.
    """

    path: Path
    urls: list[tuple[int, str]] = field(default_factory=list)
    invalid: list[tuple[int, str, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str, int]] = field(default_factory=list)


def read_url_list(path: str | Path) -> UrlList:
    """Read a URL list (UTF-8), checking each line."""
    path = Path(path)
    if not path.is_file():
        raise CollectError("URL list not found", path=path, hint="check the path")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CollectError(
            f"the URL list is not UTF-8 text (byte {error.start})",
            path=path,
            hint="save it as UTF-8 plain text, one URL per line",
        ) from None
    listed = UrlList(path)
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        problem = url_problem(url)
        if problem:
            listed.invalid.append((number, url, problem))
        elif url in first_line:
            listed.duplicates.append((number, url, first_line[url]))
        else:
            first_line[url] = number
            listed.urls.append((number, url))
    return listed


def collect_urls(
    list_path: str | Path,
    output: str | Path,
    *,
    settings: HttpSettings | None = None,
    clock: Clock | None = None,
) -> CollectionSummary:
    """Save the article pages a URL list names into ``output`` (RAW_DIR).

    Parameters
    ----------
    list_path:
        The list: one URL per line; ``#`` comments and blank lines are ignored.
    output:
        RAW_DIR: pages, manifest, log, state and ``collection.json`` go here.
    settings, clock:
        Client settings (:class:`~framing.collect.http.HttpSettings`) and time source.

    >>> summary = collect_urls("urls.txt", "raw")  # doctest: +SKIP
    >>> summary.counts["urls"], summary.counts["invalid_lines"]  # doctest: +SKIP
    (12, 1)
    """
    listed = read_url_list(list_path)
    run = CollectionRun(
        output,
        command="urls",
        source=str(list_path),
        query={"urls": len(listed.urls)},
        settings=settings,
        clock=clock,
        counts=("urls", "invalid_lines", "duplicate_lines"),
    )
    with run:
        run.counts["urls"] = len(listed.urls)
        for number, text, reason in listed.invalid:
            run.counts["invalid_lines"] += 1
            run.problem(
                f"{list_path}:{number}", f"line {number}: {reason}: {text!r}", "invalid_line"
            )
        for number, url, first in listed.duplicates:
            run.counts["duplicate_lines"] += 1
            run.note(url, f"line {number} repeats line {first}: fetched once", kind="duplicate")
        for number, url in listed.urls:
            row = {"collection": "urls", "collected_from": str(list_path), "list_line": str(number)}
            collect_page(run, url, row)
    return run.summary
