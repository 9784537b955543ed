"""Fetching one article page and saving its HTML as received (feeds and URL lists).

The page is saved byte for byte (``html/<host>/<sha1-of-url>.html``), whatever
its encoding: ingestion detects the encoding from the bytes, and the charset
the page declares is recorded in the manifest (``charset``) and, when it is
not UTF-8, noted in the run's summary. The manifest row takes the outlet and
url from where redirects led; the URL asked for is kept as ``requested_url``
when it differs.
"""

from __future__ import annotations

from framing.collect.http import ACCEPT_HTML, Response
from framing.collect.naming import page_file
from framing.collect.rows import outlet_of
from framing.collect.run import CollectionRun

# Media types saved as article pages (ingestion reads HTML and plain text).
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_UTF8 = ("utf-8", "utf8", "us-ascii", "ascii")


def page_key(url: str) -> str:
    """The state key of an article page."""
    return f"url:{url}"


def collect_page(run: CollectionRun, url: str, row: dict[str, str]) -> bool:
    """Fetch ``url`` and save it with ``row`` as its manifest metadata; False if it failed.

    An item saved by an earlier run is not fetched again (it counts as already present).
    """
    if run.already(page_key(url)):
        return True
    if (run.output / page_file(url)).is_file():
        # Saved by a run interrupted before it recorded the state: found, not fetched again.
        run.adopt(page_key(url), page_file(url), {**row, "outlet": outlet_of(url), "url": url})
        return True
    response = run.client.get(url, kind="article", accept=ACCEPT_HTML)
    if not response.ok:
        run.problem(url, response.error, kind=response.problem or "error")
        return False
    why = page_problem(response)
    if why:
        run.problem(url, why, kind="not_a_page")
        return False
    charset = response.charset
    if not _is_utf8(response.content, charset):
        run.note(
            url,
            f"not UTF-8 (declared charset: {charset or 'none'}): saved as received; "
            "ingestion detects the encoding",
            kind="encoding",
        )
    final = response.final_url or url
    values = {
        **{key: value for key, value in row.items() if value},
        "outlet": outlet_of(final),
        "url": final,
        "charset": charset,
    }
    if final != url:
        values["requested_url"] = url
    run.keep(page_key(url), page_file(url), response.content, values)
    return True


def page_problem(response: Response) -> str:
    """Why a successful response is not an article page to save ("" if it is one)."""
    if response.content_type not in _PAGE_TYPES:
        return f"not an HTML page (content type {response.content_type}): not saved"
    if not response.content.strip():
        return "the page is empty: not saved"
    return ""


def _is_utf8(content: bytes, charset: str) -> bool:
    if charset and charset not in _UTF8:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
