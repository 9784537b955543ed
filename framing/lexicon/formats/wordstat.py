"""WordStat category dictionaries (``.cat``).

Categories are unindented lines; their entries are indented (by a tab) and
end with a number in parentheses, the weight. Categories can nest::

    SECURITY_EXPORTER
        SECURITY_EXPORTER (1)
        EXPORT*_SECURITY (2)
    ACTORS
        POLICE
                DGSN (1)

``*`` is a wildcard; ``_`` (or a space) joins the words of a multi-word
entry. Nested categories become frames ``parent/child`` (label) with the id
``parent_child``. WordStat is case-insensitive and writes upper case: entries
are read in lower case (matching folds case anyway) and written in upper case.
Regular expressions, exclusions and proximity are not written (with a warning).
"""

from __future__ import annotations

import re
from pathlib import Path

from framing.lexicon.formats import (
    LexiconFormat,
    build_imported_lexicon,
    export_language,
    exported_entries,
    read_dictionary_text,
    warn,
)
from framing.lexicon.io import DEFAULT_MAX_BYTES
from framing.lexicon.model import Entry, Lexicon
from framing.store import write_text_atomic

_ENTRY_RE = re.compile(r"(?P<word>.*?)\s*\(\s*(?P<weight>[-+]?\d+(?:[.,]\d+)?)\s*\)")


def _width(line: str) -> int:
    leading = line[: len(line) - len(line.lstrip())]
    return len(leading.expandtabs(4))


def _pattern(word: str) -> str:
    return " ".join(word.replace("_", " ").split()).lower()


def parse_wordstat(
    text: str, *, language: str = "en", name: str | None = None, path: str = "<wordstat>"
) -> Lexicon:
    """A one-language lexicon from the text of a WordStat ``.cat`` file.

    >>> lex = parse_wordstat("THREAT\\n\\tTERROR* (1)\\n\\tARMED_GROUP (2)\\n", language="en")
    >>> [(e.pattern, e.kind, e.weight) for e in lex.frame("threat").entries["en"]]
    [('terror*', 'glob', 1.0), ('armed group', 'phrase', 2.0)]
    """
    lines = [(i + 1, line) for i, line in enumerate(text.splitlines()) if line.strip()]
    stack: list[tuple[int, str]] = []  # (indent width, category name)
    order: list[tuple[str, ...]] = []
    entries: dict[tuple[str, ...], list[Entry]] = {}
    parents: set[tuple[str, ...]] = set()
    for position, (number, line) in enumerate(lines):
        width, content = _width(line), line.strip()
        while stack and stack[-1][0] >= width:
            stack.pop()
        match = _ENTRY_RE.fullmatch(content)
        next_width = _width(lines[position + 1][1]) if position + 1 < len(lines) else -1
        if match is None and (next_width > width or width == 0):
            category = (*(name for _, name in stack), content)
            if stack:
                parents.add(category[:-1])
            stack.append((width, content))
            order.append(category)
            entries[category] = []
            continue
        if not stack:
            warn(f"{path}:{number}: {content!r} is outside any category; skipped")
            continue
        if match is None:
            word, weight = content, 1.0
        else:
            word, weight = match["word"], float(match["weight"].replace(",", "."))
        pattern = _pattern(word)
        category = tuple(name for _, name in stack)
        entries[category].append(Entry(pattern, Entry.infer_kind(pattern), weight, number))
    categories = [
        ("/".join(category), entries[category])
        for category in order
        if entries[category] or category not in parents
    ]
    return build_imported_lexicon(
        categories, path=path, language=language, name=name, format_name="WordStat"
    )


def read_wordstat(
    path: str | Path,
    *,
    language: str = "en",
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Lexicon:
    """A one-language lexicon from a WordStat ``.cat`` file (see :func:`parse_wordstat`)."""
    text = read_dictionary_text(path, max_bytes=max_bytes)
    return parse_wordstat(text, language=language, name=name, path=str(path))


def _weight(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def format_wordstat(lexicon: Lexicon, *, language: str | None = None) -> str:
    """The text of a WordStat ``.cat`` file holding one language of ``lexicon``.

    One category per frame, named by its id in upper case; entries in upper
    case with ``_`` between words and their weight in parentheses.
    """
    language = export_language(lexicon, language, "WordStat")
    lines = []
    for frame, entries in exported_entries(lexicon, language, "WordStat", keep_weights=True):
        lines.append(frame.id.upper())
        for entry in entries:
            word = "_".join(entry.pattern.split()).upper()
            lines.append(f"\t{word} ({_weight(entry.weight)})")
    return "\n".join(lines) + "\n"


def write_wordstat(lexicon: Lexicon, path: str | Path, *, language: str | None = None) -> Path:
    """Write one language of ``lexicon`` as a WordStat ``.cat`` file (atomically)."""
    return write_text_atomic(path, format_wordstat(lexicon, language=language))


def sniff_wordstat(head: str) -> bool:
    """Whether a file has indented ``WORD (1)`` lines."""
    return bool(re.search(r"^[ \t]+\S.*\(\s*\d+(?:[.,]\d+)?\s*\)[ \t]*$", head, re.MULTILINE))


FORMAT = LexiconFormat(
    "wordstat",
    read_wordstat,
    write_wordstat,
    (".cat",),
    sniff_wordstat,
    description="WordStat category dictionary (.cat), one language",
)
