"""Which column (or JSON key) holds the text, title, date, outlet, url, language and id.

Tables and JSON exports name their fields differently: a generic export says
``text`` and ``title``, Media Cloud ``media_name`` and ``publish_date``, Factiva
``HD``, ``LP``, ``TD``, ``SN``, ``PD``, LexisNexis ``Title``, ``Load-Date``,
``Body``; French and Arabic names (``titre``, ``texte``, ``النص``) are known
too. :func:`detect_columns` recognises these shapes; users who have another
can say ``text=body,title=headline`` (:func:`parse_column_map`).

>>> detect_columns(["HD", "SN", "PD", "LA", "LP", "TD", "AN"])
ColumnMap(text='LP+TD', title='HD', date='PD', outlet='SN', url=None, language='LA', id='AN')
>>> parse_column_map("text=body,title=headline")
ColumnMap(text='body', title='headline', date=None, outlet=None, url=None, language=None, id=None)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

from framing.corpus.document import RawDocument
from framing.corpus.readers.reader import SkippedInput
from framing.errors import InputError

# Candidates per field, best first, compared after :func:`normalize_name`.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "body",
        "content",
        "full_text",
        "fulltext",
        "article",
        "article_text",
        "story",
        "texte",
        "contenu",
        "corps",
        "النص",
        "lp+td",  # Factiva: lead paragraph + text
        "td",
        "hlead",  # LexisNexis lead, when no body is exported
    ),
    "title": ("title", "headline", "hd", "heading", "head", "titre", "العنوان"),
    "date": (
        "date",
        "published",
        "publish_date",
        "pub_date",
        "publication_date",
        "published_at",
        "date_published",
        "date_de_publication",
        "pd",
        "load_date",
        "التاريخ",
    ),
    "outlet": (
        "outlet",
        "source",
        "media_name",
        "publication",
        "source_name",
        "publisher",
        "newspaper",
        "média",
        "media",
        "journal",
        "sn",
        "المصدر",
        "الجريدة",
    ),
    "url": ("url", "link", "guid", "permalink", "uri", "lien", "الرابط"),
    "language": ("language", "lang", "la", "locale", "langue", "اللغة"),
    "id": ("id", "an", "doc_id", "document_id", "article_id", "stories_id"),
}

#: Joins several columns into one field (``text=LP+TD``).
JOIN = "+"


@dataclass(frozen=True)
class ColumnMap:
    """The column (or dotted JSON key) holding each field, or None when absent.

    ``text`` may join several columns with ``+`` (``LP+TD``): their
    paragraphs follow each other in that order.
    """

    text: str | None = None
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    id: str | None = None

    def columns(self) -> set[str]:
        """Every column the map uses."""
        used: set[str] = set()
        for value in (getattr(self, f.name) for f in fields(self)):
            if value:
                used.update(split_columns(value))
        return used

    def override(self, other: ColumnMap) -> ColumnMap:
        """This map with the fields ``other`` sets replacing its own."""
        changes = {f.name: getattr(other, f.name) for f in fields(other) if getattr(other, f.name)}
        return replace(self, **changes)


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ColumnMap))


@lru_cache(maxsize=4096)  # the same few keys come back in every record of an export
def normalize_name(name: str) -> str:
    """Compare column names case-insensitively, ignoring spaces and hyphens.

    >>> normalize_name(" Load-Date ")
    'load_date'
    """
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def split_columns(value: str) -> list[str]:
    """The columns a field joins (``LP+TD`` -> ``['LP', 'TD']``)."""
    return [part.strip() for part in value.split(JOIN) if part.strip()]


def detect_columns(names: Iterable[str]) -> ColumnMap:
    """Guess the column of each field from the column names of a table or JSON export."""
    by_norm: dict[str, str] = {}
    for name in names:
        by_norm.setdefault(normalize_name(name), name)
    found: dict[str, str] = {}
    taken: set[str] = set()
    for field_name, candidates in CANDIDATES.items():
        for candidate in candidates:
            parts = candidate.split(JOIN)
            if all(part in by_norm and part not in taken for part in parts):
                found[field_name] = JOIN.join(by_norm[part] for part in parts)
                taken.update(parts)
                break
    return ColumnMap(**found)


def parse_column_map(spec: str) -> ColumnMap:
    """Parse a mapping such as ``text=body,title=headline,outlet=source``.

    Raises :class:`~framing.errors.InputError` on an unknown field or a part
    without ``=``.
    """
    values: dict[str, str] = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        key, sep, column = part.partition("=")
        key = key.strip().lower()
        if not sep or not column.strip():
            raise InputError(
                f"cannot read {part!r} in the column mapping",
                field="--columns",
                hint="write FIELD=COLUMN pairs separated by commas, e.g. text=body,title=headline",
            )
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            guess = f"did you mean {close[0]!r}? " if close else ""
            raise InputError(
                f"unknown field {key!r} in the column mapping",
                field="--columns",
                hint=f"{guess}fields are {', '.join(FIELDS)}",
            )
        values[key] = column.strip()
    return ColumnMap(**values)


def resolve_columns(names: Iterable[str], user_map: ColumnMap | None, *, source: str) -> ColumnMap:
    """Detected columns overridden by the user's mapping; every user column must exist.

    Raises :class:`~framing.errors.InputError` when no text column is found or
    the user names a column the file does not have.
    """
    names = list(names)
    detected = detect_columns(names)
    mapping = detected.override(user_map) if user_map else detected
    available = {normalize_name(n): n for n in names}
    shown = ", ".join(names) if names else "none"
    if user_map:
        for column in sorted(user_map.columns()):
            if normalize_name(column) not in available:
                raise InputError(
                    f"the column mapping names {column!r}, which the file does not have",
                    path=source,
                    field=column,
                    hint=f"its columns are: {shown}",
                )
        # Use the file's spelling of each user column.
        mapping = _respell(mapping, available)
    if not mapping.text:
        raise InputError(
            "no text column found",
            path=source,
            hint=f"its columns are: {shown}; name the text column with "
            "--columns text=COLUMN (e.g. --columns text=body,title=headline)",
        )
    return mapping


def _respell(mapping: ColumnMap, available: dict[str, str]) -> ColumnMap:
    changes = {}
    for f in fields(mapping):
        value = getattr(mapping, f.name)
        if value:
            parts = [available.get(normalize_name(p), p) for p in split_columns(value)]
            changes[f.name] = JOIN.join(parts)
    return replace(mapping, **changes)


def split_cell_paragraphs(cell: str) -> list[str]:
    """Paragraphs of a text cell: blank-line separated blocks, else one per line.

    Inside a block, lines are joined with a space (hard-wrapped exports).

    >>> split_cell_paragraphs("First line\\nsame paragraph\\n\\nSecond paragraph")
    ['First line same paragraph', 'Second paragraph']
    >>> split_cell_paragraphs("One\\nTwo")
    ['One', 'Two']
    """
    text = cell.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n(?:[ \t]*\n)+", text)
        paragraphs = [_join_lines(b) if "\n" in b else b.strip() for b in blocks]
    else:
        paragraphs = text.split("\n")
    return [p for p in (_squash(p) for p in paragraphs) if p]


def _join_lines(block: str) -> str:
    return " ".join(line.strip() for line in block.split("\n") if line.strip())


_BLANKS = re.compile(r"[ \t\u00a0]+")


def _squash(text: str) -> str:
    if "  " not in text and "\t" not in text and "\u00a0" not in text:
        return text.strip()  # every run of blanks is one space already: nothing to squash
    return _BLANKS.sub(" ", text).strip()


def lookup(record: dict[str, Any], column: str) -> Any:
    """The value of ``column`` in ``record``: case-insensitive, ``a.b`` for nested keys.

    >>> lookup({"Source": {"Name": "Hespress"}}, "source.name")
    'Hespress'
    """
    wanted = normalize_name(column)
    for key, value in record.items():
        if normalize_name(str(key)) == wanted:
            return value
    head, dot, rest = column.partition(".")
    if dot:
        inner = lookup(record, head)
        if isinstance(inner, dict):
            return lookup(inner, rest)
    return None


def flatten_keys(record: dict[str, Any], prefix: str = "", depth: int = 3) -> list[str]:
    """Keys of the values a field can take: ``a.b`` paths into nested objects.

    Objects themselves are not candidates (an outlet cannot be a dict).

    >>> flatten_keys({"title": "x", "source": {"name": "y"}})
    ['title', 'source.name']
    """
    keys: list[str] = []
    for key, value in record.items():
        name = f"{prefix}{key}"
        if not isinstance(value, dict):
            keys.append(name)
        elif depth > 1:
            keys.extend(flatten_keys(value, f"{name}.", depth - 1))
    return keys


def document_from_record(
    record: dict[str, Any], mapping: ColumnMap, *, source: str, source_format: str
) -> RawDocument | SkippedInput:
    """One article from one row or JSON object, or why it was skipped.

    Mapped fields fill the document; every other non-empty field goes to
    ``metadata``. Cell content is kept as text: nothing is evaluated.
    """
    assert mapping.text, "resolve_columns guarantees a text column"
    paragraphs: list[str] = []
    for column in split_columns(mapping.text):
        paragraphs.extend(_paragraphs(lookup(record, column)))
    if not paragraphs:
        return SkippedInput(source, f"no text in column {mapping.text!r}; this article was skipped")
    used = _used_names(tuple(getattr(mapping, name) for name in FIELDS))
    metadata = {
        str(key): value
        for key, value in record.items()
        if normalize_name(str(key)) not in used and value not in (None, "", [], {})
    }
    if mapping.id and _scalar(lookup(record, mapping.id)):
        metadata["id"] = _scalar(lookup(record, mapping.id))

    def scalar(column: str | None) -> str:
        return _scalar(lookup(record, column)) if column else ""

    return RawDocument(
        source_path=source,
        source_format=source_format,
        paragraphs=paragraphs,
        title=scalar(mapping.title),
        url=scalar(mapping.url),
        date=scalar(mapping.date),
        outlet=scalar(mapping.outlet),
        language=scalar(mapping.language),
        metadata=metadata,
    )


@lru_cache(maxsize=64)  # every record of an export has the same mapping
def _used_names(values: tuple[str | None, ...]) -> frozenset[str]:
    """The normalised names of the columns a mapping (given by its field values) uses."""
    mapping = ColumnMap(**dict(zip(FIELDS, values, strict=True)))
    return frozenset(normalize_name(column) for column in mapping.columns())


def _paragraphs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [p for item in value for p in _paragraphs(item)]
    if isinstance(value, dict):
        return []
    return split_cell_paragraphs(str(value))


def _scalar(value: Any) -> str:
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, list):
        # Each item once: calling _scalar twice per item is exponential in the nesting.
        return ", ".join(text for text in map(_scalar, value) if text)
    return _squash(str(value).replace("\n", " "))
