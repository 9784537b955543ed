"""WordPress REST API posts (``/wp-json/wp/v2/posts``): one post, or a list of them.

The body is ``content.rendered`` turned into paragraphs with block structure
kept (each paragraph, heading and list item is one), the title
``title.rendered`` without tags or entities. Categories, tags, author, slug,
excerpt and the other dates go to ``metadata``; the outlet is left empty for
the pipeline to derive from the url's host.

>>> post = ('{"id": 7, "date": "2026-02-11T15:35:40", "link": "https://example.ma/en/visit/",'
...         ' "title": {"rendered": "A visit&#8217;s meaning"},'
...         ' "content": {"rendered": "<h3>Context</h3><p>The visit <em>matters</em>.</p>"}}')
>>> document = WordPressReader().read(post, "post.json").documents[0]
>>> document.title, document.paragraphs, document.metadata["url_language"]
('A visit’s meaning', ['Context', 'The visit matters.'], 'en')
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from framing.corpus.document import RawDocument
from framing.corpus.iso639 import ISO_639_1
from framing.corpus.readers.html import fragment_paragraphs, inline_text
from framing.corpus.readers.jsonl import load_json_items, looks_like_json
from framing.corpus.readers.reader import ReadResult, SkippedInput
from framing.errors import InputError
from framing.limits import DEFAULT_LIMITS

# How far the fields are looked for: the format is known from the start of the file, so that
# a share of a big export (framing.corpus.readers.read_file's part) knows it too.
SNIFF_CHARS = 200_000
_CONTENT_RENDERED = re.compile(r'"content"\s*:\s*\{[^{}]*?"rendered"\s*:')
_TITLE_OR_LINK = re.compile(r'"title"\s*:\s*\{[^{}]*?"rendered"\s*:|"link"\s*:')

# Fields where plugins (Polylang, WPML) or custom exports state the language.
LANGUAGE_FIELDS = ("lang", "language", "pll_lang", "polylang_current_lang", "wpml_current_locale")
# Copied to metadata as they are.
_PLAIN_FIELDS = ("id", "slug", "type", "status", "author", "categories", "tags", "sticky")
_DATE_FIELDS = ("date_gmt", "modified", "modified_gmt")


class WordPressReader:
    """Posts as the WordPress REST API returns them (saved as JSON, whatever the extension)."""

    format = "wordpress"

    def sniff(self, text: str, path: Path | None) -> bool:
        """JSON with ``content.rendered`` and ``title.rendered`` or ``link`` in its first
        SNIFF_CHARS characters (a post, or the first posts of a list or an export)."""
        head = text[:SNIFF_CHARS]
        return (
            looks_like_json(head)
            and bool(_CONTENT_RENDERED.search(head))
            and bool(_TITLE_OR_LINK.search(head))
        )

    def read(self, text: str, source: str, **options: Any) -> ReadResult:
        """Read one post, a list of posts (``#index N``) or JSON Lines of posts."""
        limits = options.get("limits") or DEFAULT_LIMITS
        loaded = load_json_items(text, source, max_depth=limits.max_json_depth)
        result = ReadResult(skipped=list(loaded.skipped))
        for suffix, item in loaded.items:
            where = f"{source}{suffix}" if suffix else source
            read = post_document(item, where)
            if isinstance(read, RawDocument):
                result.documents.append(read)
            elif suffix:
                result.skipped.append(read)
            else:
                raise InputError(read.reason, path=source)
        return result


def post_document(post: Any, source: str) -> RawDocument | SkippedInput:
    """One post as a :class:`RawDocument`, or why it cannot be read."""
    if not isinstance(post, dict):
        return SkippedInput(source, f"a JSON {type(post).__name__}, not a WordPress post")
    content = post.get("content")
    rendered = content.get("rendered") if isinstance(content, dict) else content
    if not isinstance(rendered, str):
        return SkippedInput(source, "the post has no content.rendered (not a WordPress post?)")
    paragraphs = fragment_paragraphs(rendered)
    if not paragraphs:
        protected = isinstance(content, dict) and content.get("protected")
        why = "it is password-protected" if protected else "content.rendered is empty"
        return SkippedInput(source, f"the post has no body text: {why}")
    url = _text(post.get("link")) or _rendered(post.get("guid"))
    return RawDocument(
        source_path=source,
        source_format="wordpress",
        paragraphs=paragraphs,
        title=inline_text(_rendered(post.get("title"))),
        url=url,
        date=_text(post.get("date")) or _text(post.get("date_gmt")),
        outlet="",
        language=_language(post),
        metadata=_metadata(post, url),
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("rendered"))
    return _text(value)


def _language(post: dict[str, Any]) -> str:
    for key in LANGUAGE_FIELDS:
        value = post.get(key)
        if isinstance(value, dict):  # Polylang can give {"slug": "fr", "locale": "fr_FR"}
            value = value.get("slug") or value.get("locale") or value.get("code")
        if _text(value):
            return _text(value)
    return ""


def url_language(url: str) -> str:
    """The language code a url's first path segment names (``/en/``, ``/fr/``), else "".

    >>> url_language("https://example.ma/fr/politique/visite/"), url_language("https://example.ma/")
    ('fr', '')
    """
    segments = [s for s in urlsplit(url).path.split("/") if s]
    first = segments[0].lower() if segments else ""
    return first if first in ISO_639_1 else ""


def _metadata(post: dict[str, Any], url: str) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    for key in (*_PLAIN_FIELDS, *_DATE_FIELDS):
        if post.get(key) not in (None, "", []):
            metadata[key] = post[key]
    guid = _rendered(post.get("guid"))
    if guid:
        metadata["guid"] = guid
    excerpt = " ".join(fragment_paragraphs(_rendered(post.get("excerpt"))))
    if excerpt:
        metadata["excerpt"] = excerpt
    if url_language(url):
        metadata["url_language"] = url_language(url)
    metadata.update(_embedded_terms(post.get("_embedded")))
    metadata.update(_class_list_terms(post.get("class_list")))
    yoast = post.get("yoast_head_json")
    if isinstance(yoast, dict):
        for key in ("og_site_name", "og_locale"):
            if _text(yoast.get(key)):
                metadata[key] = _text(yoast.get(key))
    return metadata


def _embedded_terms(embedded: Any) -> dict[str, Any]:
    """Author, category and tag names from ``_embedded`` (requests with ``?_embed``)."""
    if not isinstance(embedded, dict):
        return {}
    found: dict[str, Any] = {}
    authors = embedded.get("author")
    if isinstance(authors, list):
        names = [inline_text(_text(a.get("name"))) for a in authors if isinstance(a, dict)]
        if any(names):
            found["author_name"] = ", ".join(n for n in names if n)
    groups = embedded.get("wp:term")
    if isinstance(groups, list):
        for group in groups:
            for term in group if isinstance(group, list) else []:
                if not isinstance(term, dict) or not _text(term.get("name")):
                    continue
                key = {"category": "category_names", "post_tag": "tag_names"}.get(
                    term.get("taxonomy"), f"{term.get('taxonomy')}_names"
                )
                found.setdefault(key, []).append(inline_text(term["name"]))
    return found


def _class_list_terms(class_list: Any) -> dict[str, list[str]]:
    """Category and tag slugs from ``class_list`` (``category-africa``, ``tag-security``)."""
    if isinstance(class_list, dict):
        classes = list(class_list.values())
    elif isinstance(class_list, list):
        classes = class_list
    else:
        return {}
    found: dict[str, list[str]] = {}
    for name in (c for c in classes if isinstance(c, str)):
        for prefix, key in (("category-", "category_slugs"), ("tag-", "tag_slugs")):
            if name.startswith(prefix) and len(name) > len(prefix):
                found.setdefault(key, []).append(name[len(prefix) :])
    return found
