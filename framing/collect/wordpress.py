"""WordPress sites through their REST API: every post a query matches, page by page.

:func:`collect_wordpress` pages through ``/wp-json/wp/v2/posts`` (or
``/<lang>/wp-json/wp/v2/posts`` for sites with per-language paths),
``per_page`` posts at a time in ascending id order, following the
``X-WP-TotalPages`` header. Each post is saved as its own JSON file
(``wordpress/<host>/<id>.json``, or ``wordpress/<host>/<lang>/<id>.json``
with a language path) with its metadata in ``manifest.csv``; each page
response is also kept byte for byte under ``responses/``.

When ``/wp-json/`` is not there (a 404 or an HTML page: sites without
"pretty" permalinks), the ``?rest_route=/wp/v2/posts`` form is tried once.
A REST API that is disabled or behind a login, HTML where JSON was expected,
malformed JSON: each is recorded as a problem with its URL and the run goes
on. A page that fails in the middle of a known number of pages is retried
first when the collection is run again.

>>> summary = collect_wordpress("https://example.ma", "raw", search="Riyadh",
...                             after="2026-02-01", lang="en")  # doctest: +SKIP
>>> summary.counts["saved"], summary.counts["pages"]  # doctest: +SKIP
(37, 1)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from framing.collect.http import ACCEPT_JSON, HttpSettings, Response, url_problem
from framing.collect.naming import host_folder, response_file
from framing.collect.pacing import Clock
from framing.collect.rows import language_code, outlet_of, plain_text
from framing.collect.run import CollectionRun, CollectionSummary
from framing.errors import CollectError
from framing.hashing import hash_text

POSTS_PATH = "wp-json/wp/v2/posts"
REST_ROUTE = "/wp/v2/posts"
#: The REST API refuses larger pages.
MAX_PER_PAGE = 100
# Fields where multilingual plugins (Polylang, WPML) state a post's language.
LANGUAGE_FIELDS = ("lang", "language", "pll_lang", "polylang_current_lang", "wpml_current_locale")
# Error codes of a REST API switched off or closed to anonymous readers.
_CLOSED_CODES = frozenset(
    {
        "rest_disabled",
        "rest_cannot_access",
        "rest_login_required",
        "rest_forbidden",
        "rest_not_logged_in",
        "rest_authentication_required",
    }
)
_LANG_PATH = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
# Transport-level failures: the body, if any, says nothing about the API.
_TRANSPORT_PROBLEMS = frozenset(
    {
        "disallowed",
        "size_limit",
        "timeout",
        "network",
        "retry_after",
        "redirects",
        "invalid_url",
        "local_address",
    }
)


def collect_wordpress(
    site_url: str,
    output: str | Path,
    *,
    search: str = "",
    after: str = "",
    before: str = "",
    categories: Iterable[int] = (),
    lang: str = "",
    per_page: int = MAX_PER_PAGE,
    max_pages: int | None = None,
    embed: bool = False,
    settings: HttpSettings | None = None,
    clock: Clock | None = None,
) -> CollectionSummary:
    """Save the posts of a WordPress site matching a query into ``output`` (RAW_DIR).

    Parameters
    ----------
    site_url:
        The site's home (``https://example.ma``); an ``https://`` is added if missing.
    output:
        RAW_DIR: posts, manifest, log, state and ``collection.json`` go here.
    search:
        Full-text search terms (REST ``search``).
    after, before:
        ISO dates or date-times (``2026-02-01``: midnight, site time) bounding
        the publication date.
    categories:
        Category ids (posts in any of them).
    lang:
        A language path segment (``en`` -> ``https://site/en/wp-json/...``); it
        is also the manifest language of every post.
    per_page:
        Posts per request, 1 to 100.
    max_pages:
        Stop after this many page requests (a later run continues).
    embed:
        Ask for ``_embed`` (author, category and tag names inside each post).
    settings, clock:
        Client settings (:class:`~framing.collect.http.HttpSettings`) and time source.
    """
    lang = _check_lang(lang)
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise CollectError(
            f"per_page is {per_page}", field="per_page", hint="use 1 to 100 posts per page"
        )
    if max_pages is not None and max_pages < 1:
        raise CollectError("max_pages must be 1 or more", field="max_pages")
    endpoint, fallback = posts_endpoints(site_url, lang)
    params = rest_params(search, after, before, categories, per_page, embed)
    key = "q" + hash_text(endpoint + "?" + urlencode(sorted(params.items())), 12)
    query = {"endpoint": endpoint, **params, "max_pages": max_pages}
    run = CollectionRun(
        output,
        command="wordpress",
        source=site_url,
        query=query,
        settings=settings,
        clock=clock,
        counts=("pages",),
    )
    with run:
        _Pages(run, site_url, endpoint, fallback, params, key, lang).collect(max_pages)
    return run.summary


def posts_endpoints(site_url: str, lang: str = "") -> tuple[str, str]:
    """The posts endpoint of a site, and its ``?rest_route=`` fallback.

    >>> posts_endpoints("example.ma/", "en")
    ('https://example.ma/en/wp-json/wp/v2/posts', 'https://example.ma/en/?rest_route=/wp/v2/posts')
    """
    url = site_url.strip()
    if "://" not in url:
        url = "https://" + url
    problem = url_problem(url)
    if problem:
        raise CollectError(
            f"{site_url!r} is {problem}", field="SITE_URL", hint="give the site's home"
        )
    parts = urlsplit(url)
    path = parts.path.split("/wp-json")[0].rstrip("/")
    if lang:
        path += "/" + lang
    base = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))
    return f"{base}/{POSTS_PATH}", f"{base}/?rest_route={REST_ROUTE}"


def rest_params(
    search: str = "",
    after: str = "",
    before: str = "",
    categories: Iterable[int] = (),
    per_page: int = MAX_PER_PAGE,
    embed: bool = False,
) -> dict[str, str]:
    """The REST query parameters, except ``page``.

    >>> rest_params(search="visite", after="2026-02-01", categories=[3, 7])["after"]
    '2026-02-01T00:00:00'
    """
    params = {"per_page": str(per_page), "orderby": "id", "order": "asc"}
    if search.strip():
        params["search"] = search.strip()
    if after:
        params["after"] = rest_datetime(after, "after")
    if before:
        params["before"] = rest_datetime(before, "before")
    if after and before and params["after"] >= params["before"]:
        raise CollectError(
            f"after ({after}) is not before before ({before})", field="after", hint="swap them?"
        )
    ids = [int(c) for c in categories]
    if any(c < 1 for c in ids):
        raise CollectError("category ids are positive integers", field="categories")
    if ids:
        params["categories"] = ",".join(str(c) for c in ids)
    if embed:
        params["_embed"] = "1"
    return params


def rest_datetime(value: str, option: str) -> str:
    """An ISO date or date-time as the REST API wants it (``YYYY-MM-DDTHH:MM:SS[+hh:mm]``)."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat() + "T00:00:00"
        return datetime.fromisoformat(text).isoformat(timespec="seconds")
    except ValueError:
        raise CollectError(
            f"{option} {value!r} is not an ISO date",
            field=option,
            hint="use YYYY-MM-DD (2026-02-01) or YYYY-MM-DDTHH:MM:SS",
        ) from None


def _check_lang(lang: str) -> str:
    lang = (lang or "").strip().strip("/")
    if lang and not _LANG_PATH.match(lang):
        raise CollectError(
            f"--lang {lang!r} is not a language path segment",
            field="lang",
            hint="give the code the site uses in its paths, such as en, fr or ar",
        )
    return lang


@dataclass
class PostsPage:
    """What one page request gave: posts, or why not."""

    posts: list[Any] = field(default_factory=list)
    total_pages: int | None = None
    total: int | None = None
    error: str = ""
    past_end: bool = False
    rest_missing: bool = False
    raw: bytes = b""


def read_posts_page(response: Response) -> PostsPage:
    """Interpret a response of the posts endpoint (see the module docstring)."""
    if response.problem in _TRANSPORT_PROBLEMS:
        return PostsPage(error=response.error)
    body = response.content.lstrip()
    where = f"HTTP {response.status}, {response.content_type or 'no content type'}"
    if "html" in response.content_type or body[:1] == b"<":
        if response.problem == "login":
            return PostsPage(error=f"{response.error}; the REST API is closed to anonymous readers")
        return PostsPage(
            error=f"HTML where JSON was expected ({where}): the REST API is disabled or "
            "hidden at this address, or a firewall page was served",
            rest_missing=response.status in (200, 404),
        )
    if not body:
        return PostsPage(
            error=response.error or f"empty response where JSON was expected ({where})"
        )
    try:
        data = json.loads(response.content.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return PostsPage(error=f"the JSON is not UTF-8 ({error.reason} at byte {error.start})")
    except json.JSONDecodeError as error:
        return PostsPage(
            error=f"malformed JSON ({where}): {error.msg} at line {error.lineno} "
            f"column {error.colno}"
        )
    if isinstance(data, dict) and "code" in data:
        return _rest_error(data, response)
    if response.error:
        return PostsPage(error=response.error)
    if not isinstance(data, list):
        return PostsPage(error=f"unexpected JSON: a {type(data).__name__}, not a list of posts")
    return PostsPage(
        posts=data,
        total_pages=_int_header(response, "x-wp-totalpages"),
        total=_int_header(response, "x-wp-total"),
        raw=response.content,
    )


def _rest_error(data: dict[str, Any], response: Response) -> PostsPage:
    code = str(data.get("code"))
    message = plain_text(str(data.get("message") or ""))
    said = f"{code}: {message}" if message else code
    if code == "rest_post_invalid_page_number":
        return PostsPage(past_end=True)
    if code == "rest_no_route":
        return PostsPage(
            error=f"the REST API has no posts route here ({said}): it is disabled or restricted",
            rest_missing=True,
        )
    if code in _CLOSED_CODES or response.status in (401, 403):
        return PostsPage(error=f"the REST API is disabled or needs a login ({said})")
    return PostsPage(error=f"the REST API answered with an error (HTTP {response.status}, {said})")


def _int_header(response: Response, name: str) -> int | None:
    value = response.headers.get(name, "").strip()
    return int(value) if value.isdigit() else None


def post_row(post: dict[str, Any], site_url: str, lang: str) -> dict[str, str]:
    """The manifest row of a post (without ``file``)."""
    title = post.get("title")
    rendered = title.get("rendered") if isinstance(title, dict) else title
    link = post.get("link")
    return {
        "outlet": outlet_of(_site(site_url)),
        "language": language_code(lang) or stated_language(post),
        "date": post.get("date") if isinstance(post.get("date"), str) else "",
        "url": link if isinstance(link, str) else "",
        "title": plain_text(rendered if isinstance(rendered, str) else ""),
        "collection": "wordpress",
        "collected_from": site_url,
    }


def stated_language(post: dict[str, Any]) -> str:
    """The language a multilingual plugin states in a post, as a two-letter code, else ""."""
    for name in LANGUAGE_FIELDS:
        value = post.get(name)
        if isinstance(value, dict):  # Polylang can give {"slug": "fr", "locale": "fr_FR"}
            value = value.get("slug") or value.get("locale") or value.get("code")
        code = language_code(value if isinstance(value, str) else "")
        if code:
            return code
    return ""


def _site(site_url: str) -> str:
    return site_url if "://" in site_url else "https://" + site_url.strip()


class _Pages:
    """Pages through one query, resuming from the state (see :func:`collect_wordpress`)."""

    def __init__(
        self,
        run: CollectionRun,
        site_url: str,
        endpoint: str,
        fallback: str,
        params: dict[str, str],
        key: str,
        lang: str,
    ) -> None:
        self.run = run
        self.site = _site(site_url)
        self.site_url = site_url
        self.primary, self.fallback = endpoint, fallback
        self.params, self.key, self.lang = params, key, lang
        progress = run.state.query(key)
        self.endpoint: str = progress.get("endpoint", endpoint)
        self.total_pages: int | None = progress.get("total_pages")
        self.failed: set[int] = set(progress.get("failed_pages", []))
        self.complete: bool = bool(progress.get("complete"))
        self.next_page: int = int(progress.get("next_page", 1))
        self.fetched = 0
        self.seen: set[int] = set()

    def collect(self, max_pages: int | None) -> None:
        """Retry pages that failed last time, then go on from where the last run stopped."""
        if self.complete:
            # Posts are in ascending id order: new posts land on the last page.
            self.next_page = max(1, self.total_pages or 1)
            self.complete = False
        for page in sorted(p for p in self.failed if p < self.next_page):
            if max_pages is not None and self.fetched >= max_pages:
                return
            self._page(page, retrying=True)
        page = self.next_page
        while max_pages is None or self.fetched < max_pages:
            if not self._page(page, retrying=False):
                return
            page += 1

    def _page(self, page: int, *, retrying: bool) -> bool:
        """Fetch and save one page; False when paging should stop."""
        url, outcome = self._fetch(page)
        self.fetched += 1
        if outcome.past_end:
            self.total_pages = page - 1
            self._finish_query()
            return False
        if outcome.error:
            self.run.problem(url, outcome.error, kind="posts_page")
            known_more = self.total_pages is not None and page < self.total_pages
            if retrying or known_more:
                self.failed.add(page)
                self.next_page = max(self.next_page, page + 1)
                self._save_progress()
            return retrying or known_more
        if self._repeats(outcome.posts):
            self.run.problem(
                url,
                f"page {page} repeats posts of earlier pages: the site ignores the page "
                "parameter, so paging stops here",
                kind="posts_page",
            )
            return False
        if not outcome.posts and page == 1:
            self.run.note(url, "the query matched no posts", kind="no_posts")
        self._save_posts(page, url, outcome)
        if outcome.total_pages is not None:
            self.total_pages = outcome.total_pages
        self.failed.discard(page)
        if retrying:
            self._save_progress()
            return True
        self.next_page = page + 1
        if not outcome.posts or (self.total_pages is not None and page >= self.total_pages):
            self._finish_query()
            return False
        self._save_progress()
        return True

    def _fetch(self, page: int) -> tuple[str, PostsPage]:
        url = _with_params(self.endpoint, {**self.params, "page": str(page)})
        outcome = read_posts_page(self.run.client.get(url, kind="posts", accept=ACCEPT_JSON))
        if outcome.rest_missing and self.endpoint == self.primary:
            fallback_url = _with_params(self.fallback, {**self.params, "page": str(page)})
            self.run.note(url, f"{outcome.error}; trying {fallback_url}", kind="rest_fallback")
            second = read_posts_page(
                self.run.client.get(fallback_url, kind="posts", accept=ACCEPT_JSON)
            )
            if not second.error:
                self.endpoint = self.fallback
                return fallback_url, second
            outcome.error += f" (also tried {fallback_url}: {second.error})"
        return url, outcome

    def _repeats(self, posts: list[Any]) -> bool:
        """Whether every post of a page came on an earlier page of this run."""
        ids = {p.get("id") for p in posts if isinstance(p, dict) and isinstance(p.get("id"), int)}
        repeated = bool(ids) and ids <= self.seen
        self.seen |= ids
        return repeated

    def _save_posts(self, page: int, url: str, outcome: PostsPage) -> None:
        self.run.counts["pages"] += 1
        if outcome.total is not None:
            self.run.summary.query["total_reported"] = outcome.total
        self.run.keep_response(response_file(self.site, self.key, page), outcome.raw)
        folder = host_folder(self.site) + (f"/{self.lang}" if self.lang else "")
        for index, post in enumerate(outcome.posts):
            post_id = post.get("id") if isinstance(post, dict) else None
            if not isinstance(post_id, int) or isinstance(post_id, bool) or post_id < 0:
                self.run.problem(
                    f"{url}#{index}",
                    f"item {index} of page {page} is not a post with a numeric id",
                    kind="bad_post",
                )
                continue
            key = f"wordpress:{folder}:{post_id}"
            if self.run.already(key):
                continue
            data = json.dumps(post, ensure_ascii=False).encode("utf-8")
            row = post_row(post, self.site_url, self.lang)
            self.run.keep(key, f"wordpress/{folder}/{post_id}.json", data, row)

    def _save_progress(self) -> None:
        self.run.state.set_query(
            self.key,
            endpoint=self.endpoint,
            next_page=self.next_page,
            total_pages=self.total_pages,
            failed_pages=sorted(self.failed),
            complete=self.complete,
        )
        self.run.checkpoint()

    def _finish_query(self) -> None:
        self.complete = True
        self._save_progress()


def _with_params(endpoint: str, params: dict[str, str]) -> str:
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode(params)
