"""CLI: ``framing collect wordpress|feed|urls`` — articles from the web into RAW_DIR."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from framing import __version__
from framing.errors import CollectError

if TYPE_CHECKING:
    from framing.collect import CollectionSummary, HttpSettings

# framing.collect.http.DEFAULT_USER_AGENT, written out: importing framing.collect loads
# trafilatura, and `framing --help` should not wait for it (a test keeps the two equal).
DEFAULT_USER_AGENT = f"framing/{__version__} (+research; contact in README)"

console = Console()
collect_app = typer.Typer(
    help="Collect articles from WordPress sites, RSS/Atom feeds or URL lists into a folder "
    "that `framing ingest` reads.",
    no_args_is_help=True,
)
# Problems and notes printed before pointing to the log.
_SHOWN = 30

Output = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help="RAW_DIR: the files, manifest.csv, collection.json and collection_log.jsonl.",
    ),
]
Delay = Annotated[float, typer.Option(help="Seconds between two requests to the same host.")]
UserAgent = Annotated[
    str, typer.Option(help="User-Agent header; put your project and contact in it.")
]
MaxBytes = Annotated[int, typer.Option(help="Largest response accepted, in bytes.")]
Timeout = Annotated[float, typer.Option(help="Seconds to wait for data from a server.")]
Retries = Annotated[int, typer.Option(help="Retries on 429, 5xx, timeouts and network errors.")]
AllowLocal = Annotated[
    bool,
    typer.Option(
        "--allow-local",
        help="Fetch addresses of this machine or its networks (loopback, private); "
        "refused by default.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    app.add_typer(collect_app, name="collect")


def _settings(
    delay: float,
    user_agent: str,
    max_bytes: int,
    timeout: float,
    retries: int,
    allow_local: bool = False,
) -> HttpSettings:
    from framing.collect import HttpSettings

    return HttpSettings(
        allow_local=allow_local,
        user_agent=user_agent,
        delay=delay,
        connect_timeout=min(10.0, timeout),
        read_timeout=timeout,
        max_bytes=max_bytes,
        max_retries=retries,
    )


@collect_app.command("wordpress")
def wordpress_command(
    site_url: Annotated[str, typer.Argument(help="The site's home, e.g. https://example.ma")],
    output: Output,
    search: Annotated[str, typer.Option(help="Full-text search terms.")] = "",
    after: Annotated[str, typer.Option(help="Published after this ISO date (2026-02-01).")] = "",
    before: Annotated[str, typer.Option(help="Published before this ISO date.")] = "",
    categories: Annotated[str, typer.Option(help="Category ids, comma-separated: 3,7.")] = "",
    lang: Annotated[
        str, typer.Option(help="Language path of multilingual sites: en -> SITE/en/wp-json/...")
    ] = "",
    per_page: Annotated[int, typer.Option(help="Posts per request (1-100).")] = 100,
    max_pages: Annotated[
        int | None, typer.Option(help="Stop after this many pages (run again to go on).")
    ] = None,
    embed: Annotated[
        bool, typer.Option(help="Ask for _embed: author, category and tag names in each post.")
    ] = False,
    delay: Delay = 1.0,
    user_agent: UserAgent = DEFAULT_USER_AGENT,
    max_bytes: MaxBytes = 20_000_000,
    timeout: Timeout = 30.0,
    retries: Retries = 3,
    allow_local: AllowLocal = False,
) -> None:
    """Save the posts of a WordPress site through its REST API (/wp-json/wp/v2/posts).

    Pages through the posts matching the query (following X-WP-TotalPages) and
    saves each post as RAW_DIR/wordpress/<host>/<id>.json, the page responses as
    received under RAW_DIR/responses/, and the metadata in RAW_DIR/manifest.csv.
    Interrupted? Run the same command again: it resumes. Exit status 2 when
    nothing at all could be collected.
    """
    # Imports are deferred to the commands that use them so that the CLI starts fast.
    from framing.collect import collect_wordpress

    summary = collect_wordpress(
        site_url,
        output,
        search=search,
        after=after,
        before=before,
        categories=_category_ids(categories),
        lang=lang,
        per_page=per_page,
        max_pages=max_pages,
        embed=embed,
        settings=_settings(delay, user_agent, max_bytes, timeout, retries, allow_local),
    )
    _report(summary)


@collect_app.command("feed")
def feed_command(
    feed_url: Annotated[str, typer.Argument(help="The RSS or Atom feed's address.")],
    output: Output,
    max_items: Annotated[
        int | None, typer.Option(help="Collect at most this many entries.")
    ] = None,
    delay: Delay = 1.0,
    user_agent: UserAgent = DEFAULT_USER_AGENT,
    max_bytes: MaxBytes = 20_000_000,
    timeout: Timeout = 30.0,
    retries: Retries = 3,
    allow_local: AllowLocal = False,
) -> None:
    """Save the article pages an RSS or Atom feed links to, with the feed's metadata.

    Each page is saved as received in RAW_DIR/html/<host>/<sha1-of-url>.html; the
    entry's title, date, author and the feed's language go into
    RAW_DIR/manifest.csv. Exit status 2 when nothing at all could be collected.
    """
    from framing.collect import collect_feed

    summary = collect_feed(
        feed_url,
        output,
        max_items=max_items,
        settings=_settings(delay, user_agent, max_bytes, timeout, retries, allow_local),
    )
    _report(summary)


@collect_app.command("urls")
def urls_command(
    url_list: Annotated[
        Path, typer.Argument(help="A text file: one URL per line, # comments allowed.")
    ],
    output: Output,
    delay: Delay = 1.0,
    user_agent: UserAgent = DEFAULT_USER_AGENT,
    max_bytes: MaxBytes = 20_000_000,
    timeout: Timeout = 30.0,
    retries: Retries = 3,
    allow_local: AllowLocal = False,
) -> None:
    """Save the article pages a list of URLs names (invalid lines are reported by number).

    Each page is saved as received in RAW_DIR/html/<host>/<sha1-of-url>.html with
    its metadata in RAW_DIR/manifest.csv. Exit status 2 when nothing at all
    could be collected.
    """
    from framing.collect import collect_urls

    settings = _settings(delay, user_agent, max_bytes, timeout, retries, allow_local)
    summary = collect_urls(url_list, output, settings=settings)
    _report(summary)


def _category_ids(text: str) -> list[int]:
    ids = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if not part.isdigit():
            raise CollectError(
                f"category {part!r} is not a numeric id",
                field="categories",
                hint="give ids such as 3,7 (see /wp-json/wp/v2/categories)",
            )
        ids.append(int(part))
    return ids


def _report(summary: CollectionSummary) -> None:
    print_summary(summary)
    if summary.collected == 0:
        console.print("[bold red]nothing could be collected[/]")
        raise typer.Exit(2)


def print_summary(summary: CollectionSummary) -> None:
    """Print the counts, the problems and the notes of a collection."""
    table = Table(title=f"collect {summary.command}: {summary.source}", show_header=False)
    for name, count in summary.counts.items():
        table.add_row(name.replace("_", " "), str(count))
    console.print(table)
    for label, items in (("problems", summary.problems), ("notes", summary.notes)):
        if not items:
            continue
        console.print(f"[bold]{label} ({len(items)}):[/]")
        for item in items[:_SHOWN]:
            console.print(f"  {item.url}: {item.reason}", highlight=False, soft_wrap=True)
        if len(items) > _SHOWN:
            console.print(f"  ... and {len(items) - _SHOWN} more in collection_log.jsonl")
    console.print(f"wrote {summary.output}/manifest.csv, collection.json, collection_log.jsonl")
