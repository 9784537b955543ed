"""HTML article pages, and HTML to paragraphs keeping block structure.

:class:`HtmlReader` extracts the main content of a saved article page with
trafilatura (offline), so navigation, header, footer, share buttons and
comment forms are left out, and keeps each paragraph, heading and list item
as its own paragraph. :func:`fragment_paragraphs` does the block-preserving
conversion for HTML that is already article body (WordPress
``content.rendered``).

>>> fragment_paragraphs("<p>Rabat <strong>and</strong> Riyadh</p><ul><li>one</li><li>two</li></ul>")
['Rabat and Riyadh', 'one', 'two']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from framing.corpus.document import RawDocument
from framing.corpus.readers.reader import ReadResult
from framing.errors import InputError

_BLOCK_TAGS = """
    p div h1 h2 h3 h4 h5 h6 li blockquote pre figcaption figure ul ol dl dt dd table thead
    tbody tfoot caption section article header footer aside nav main address details summary
    center
"""
_DROPPED_TAGS = """
    script style iframe noscript form template svg button select textarea object embed canvas
    audio video map
"""
#: HTML elements that start and end a paragraph.
HTML_BLOCKS = frozenset(_BLOCK_TAGS.split())
#: HTML elements removed with their content (code, embeds, forms, media fallbacks).
HTML_DROPPED = tuple(_DROPPED_TAGS.split())
# Share and related-post widgets that WordPress plugins put inside the content.
_WIDGET_CLASSES = ("sharedaddy", "jp-relatedposts", "addtoany", "yarpp-related", "wp-share")

# Elements of trafilatura's output tree.
_TRAFILATURA_BLOCKS = frozenset(("p", "head", "item", "quote", "code", "list", "table", "div"))

_WHITESPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_BODY = re.compile(r"<body[\s>]", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"</p\s*>", re.IGNORECASE)

# An article has at least this many words outside link lists.
MIN_ARTICLE_WORDS = 20


def clean_inline(text: str) -> str:
    """Collapse whitespace (including no-break spaces) and drop soft hyphens."""
    return _WHITESPACE.sub(" ", text.replace("\u00ad", "")).strip()


def tree_paragraphs(
    root: Any,
    *,
    blocks: frozenset[str],
    breaks: frozenset[str] = frozenset(),
    rows: frozenset[str] = frozenset(),
    cells: frozenset[str] = frozenset(),
    split_lines: bool = False,
) -> list[str]:
    """Paragraphs of an element tree: each block element becomes one, in reading order.

    Inline elements join their block's text with the spacing of the source;
    ``breaks`` (``br``) split a block; each of ``rows`` becomes one paragraph
    with its ``cells`` separated by `` | ``; with ``split_lines`` a newline
    in the text splits too. Iterative, so deeply nested broken HTML cannot
    exhaust the recursion limit.
    """
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        joined = "".join(buffer)
        buffer.clear()
        for part in joined.split("\n") if split_lines else [joined]:
            text = clean_inline(part)
            if text:
                paragraphs.append(text)

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.rpartition("}")[2].lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in blocks or tag in rows or tag in breaks:
                flush()
            elif tag in cells and "".join(buffer).strip():
                buffer.append(" | ")
            if element.text:
                buffer.append(element.text)
        else:
            if tag in blocks or tag in rows:
                flush()
            if element.tail and element is not root:
                buffer.append(element.tail)
    flush()
    return paragraphs


def parse_fragment(html: str) -> Any:
    """Parse an HTML fragment into a ``<div>``; comments, scripts, forms and widgets removed."""
    try:
        root = lxml.html.fragment_fromstring(_XML_DECLARATION.sub("", html), create_parent="div")
    except (etree.ParserError, ValueError):
        return lxml.html.fragment_fromstring("", create_parent="div")
    _strip_non_content(root)
    return root


def _strip_non_content(root: Any) -> None:
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    etree.strip_elements(root, *HTML_DROPPED, with_tail=False)
    widgets = [
        element
        for element in root.iter("div", "section", "aside", "ul")
        if any(name in (element.get("class") or "") for name in _WIDGET_CLASSES)
    ]
    for element in widgets:
        element.drop_tree()


def fragment_paragraphs(html: str) -> list[str]:
    """Body HTML to paragraphs: p, h1–h6, li, blockquote, pre, figcaption are each one.

    ``<br>`` splits a paragraph; a table row is one paragraph with cells
    separated by `` | ``; script, style, iframe, noscript and form are
    removed; entities are decoded.

    >>> fragment_paragraphs("<h3>Context</h3><p>First line<br>second&nbsp;line &amp; more</p>")
    ['Context', 'First line', 'second line & more']
    """
    return tree_paragraphs(
        parse_fragment(html),
        blocks=HTML_BLOCKS,
        breaks=frozenset({"br", "hr"}),
        rows=frozenset({"tr"}),
        cells=frozenset({"td", "th"}),
    )


def inline_text(html: str) -> str:
    """Text of a short HTML snippet (a title) on one line, tags removed, entities decoded.

    >>> inline_text("Hammouchi&#8217;s <em>visit</em> to Riyadh")
    'Hammouchi’s visit to Riyadh'
    """
    return clean_inline(" ".join(fragment_paragraphs(html)))


class HtmlReader:
    """Saved HTML article pages (one article per file), main content via trafilatura.

    Metadata: title, date, site name (as the outlet), canonical or ``og:url``
    url, author, and the language the page declares (``<html lang>``).
    """

    format = "html"

    def sniff(self, text: str, path: Path | None) -> bool:
        """A doctype or ``<html>`` near the top, a ``<body>``, or several ``</p>``."""
        head = text[:4096]
        if _HTML_START.search(head) or _BODY.search(text[:200_000]):
            return True
        return len(_PARAGRAPH_END.findall(text[:200_000])) >= 2

    def read(self, text: str, source: str, **options: Any) -> ReadResult:
        """Extract the article; :class:`InputError` when the page has no article text."""
        page = _parse_document(text, source)
        language = declared_language(page)
        anchors = {clean_inline(a.text_content()).casefold() for a in page.iter("a")}
        extracted = _extract(text)
        title = clean_inline(extracted.title or "") if extracted else ""
        paragraphs = _body_paragraphs(extracted, title)
        if not _looks_like_article(paragraphs, anchors):
            raise InputError(
                "no article text found in the HTML (is this a listing, login or error page?)",
                path=source,
                hint="save the article page itself, or export its text",
            )
        metadata = {
            key: value
            for key, value in (
                ("author", extracted.author),
                ("description", extracted.description),
                ("sitename", extracted.sitename),
                ("hostname", extracted.hostname),
                ("categories", list(extracted.categories or [])),
                ("tags", list(extracted.tags or [])),
            )
            if value
        }
        document = RawDocument(
            source_path=source,
            source_format=self.format,
            paragraphs=paragraphs,
            title=title,
            url=extracted.url or "",
            date=extracted.date or "",
            outlet=clean_inline(extracted.sitename or ""),
            language=language,
            metadata=metadata,
        )
        return ReadResult(documents=[document])


def _parse_document(text: str, source: str) -> Any:
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError) as error:
        raise InputError(
            f"cannot parse the HTML: {error}", path=source, hint="check the file is a web page"
        ) from None


def declared_language(page: Any) -> str:
    """The language a page declares: ``<html lang>``, content-language or ``og:locale``."""
    root = page.getroottree().getroot()
    for value in (root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")):
        if value and value.strip():
            return value.strip()
    for meta in page.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or "").lower()
        if key in ("content-language", "og:locale") and (meta.get("content") or "").strip():
            return meta.get("content").strip()
    return ""


@lru_cache(maxsize=1)
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signal-based timeouts break in threads
    config.set("DEFAULT", "MAX_FILE_SIZE", str(10**12))  # read_file enforces the size limit
    return config


def _extract(text: str) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
        config=_trafilatura_config(),
        prune_xpath=["//template"],  # inert markup that scripts fill in, never shown
    )


def _body_paragraphs(extracted: Any, title: str) -> list[str]:
    if extracted is None or extracted.body is None:
        return []
    paragraphs = tree_paragraphs(
        extracted.body,
        blocks=_TRAFILATURA_BLOCKS,
        breaks=frozenset({"lb"}),
        rows=frozenset({"row"}),
        cells=frozenset({"cell"}),
        split_lines=True,  # trafilatura's fallback extractors mark breaks with newlines
    )
    # The page's own headline usually opens the body: it is the title, not a paragraph.
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    return paragraphs


def _looks_like_article(paragraphs: Iterable[str], anchors: set[str]) -> bool:
    """Enough words outside link texts (a listing page extracts as a column of links)."""
    words = sum(len(p.split()) for p in paragraphs if p.casefold() not in anchors)
    return words >= MIN_ARTICLE_WORDS
