"""LIWC dictionaries (``.dic``, the LIWC2007 / LIWC2015 layout).

A header between two ``%`` lines maps category numbers to names, then one
line per word with the numbers of its categories::

    %
    1	security_exporter
    2	threat
    %
    security exporter	1
    terror*	2
    counter terrorism	1	2

Fields are separated by tabs (or, in older files, spaces); ``*`` at the end
of a word is a wildcard; LIWC2015 allows multi-word expressions. LIWC2007's
conditional categories (``like	(02 134)125/464``: "in 125 after a word of
category 02 or 134, else in 464") have no equivalent and are skipped with a
warning; a line's plain category numbers are still read.

A LIWC file holds no weights, labels, exclusions or proximity: writing one
drops them with a warning, and category names are the frame ids.
"""

from __future__ import annotations

import re
from pathlib import Path

from framing.errors import LexiconError
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

# A conditional category, kept whole even when fields are separated by spaces.
_FIELD_RE = re.compile(r"[(<][^)>]*[)>]\S*|\S+")
_INT_RE = re.compile(r"\d+")


def _is_conditional(field: str) -> bool:
    return any(ch in field for ch in "()<>/")


def _split_entry(line: str) -> tuple[str, list[str]]:
    """The word and its category fields: tab-separated, else trailing whitespace-separated."""
    if "\t" in line:
        fields = [field.strip() for field in line.split("\t")]
        return fields[0], [field for field in fields[1:] if field]
    fields = _FIELD_RE.findall(line)
    split = len(fields)
    while split > 1 and (
        _INT_RE.fullmatch(fields[split - 1]) or _is_conditional(fields[split - 1])
    ):
        split -= 1
    return " ".join(fields[:split]), fields[split:]


def _header(lines: list[str], path: str) -> tuple[dict[int, str], int]:
    """Category number -> name, and the index of the first entry line."""
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or lines[start].strip() != "%":
        raise LexiconError(
            "not a LIWC dictionary: the first line must be '%'",
            path=path,
            line=(start or 0) + 1,
            hint="a .dic file starts with category lines between two '%' lines",
        )
    categories: dict[int, str] = {}
    for index in range(start + 1, len(lines)):
        text = lines[index].strip()
        if text == "%":
            return categories, index + 1
        if not text:
            continue
        fields = text.split("\t") if "\t" in text else text.split(None, 1)
        fields = [field.strip() for field in fields if field.strip()]
        if len(fields) < 2 or not _INT_RE.fullmatch(fields[0]):
            raise LexiconError(
                f"a LIWC category line is 'number<TAB>name', not {text!r}",
                path=path,
                line=index + 1,
            )
        number = int(fields[0])
        if number in categories:
            raise LexiconError(
                f"category number {number} is defined twice", path=path, line=index + 1
            )
        categories[number] = fields[1]
    raise LexiconError("the LIWC header has no closing '%' line", path=path, line=start + 1)


def parse_liwc(
    text: str, *, language: str = "en", name: str | None = None, path: str = "<liwc>"
) -> Lexicon:
    """A one-language lexicon from the text of a LIWC ``.dic`` file.

    >>> lex = parse_liwc("%\\n1\\tthreat\\n2\\tcooperation\\n%\\nterror*\\t1\\n"
    ...                  "joint operation\\t1\\t2\\n", language="en")
    >>> {f.id: [e.pattern for e in f.entries["en"]] for f in lex.frames}
    {'threat': ['terror*', 'joint operation'], 'cooperation': ['joint operation']}
    """
    lines = text.splitlines()
    categories, first = _header(lines, path)
    members: dict[int, list[Entry]] = {number: [] for number in categories}
    for index in range(first, len(lines)):
        if not lines[index].strip():
            continue
        word, fields = _split_entry(lines[index].strip())
        line = index + 1
        numbers = _category_numbers(word, fields, categories, f"{path}:{line}")
        for number in numbers:
            members[number].append(Entry(word, Entry.infer_kind(word), 1.0, line))
    return build_imported_lexicon(
        ((categories[number], members[number]) for number in categories),
        path=path,
        language=language,
        name=name,
        format_name="LIWC",
    )


def _category_numbers(
    word: str, fields: list[str], categories: dict[int, str], where: str
) -> list[int]:
    numbers: list[int] = []
    skipped = [field for field in fields if _is_conditional(field)]
    for field in fields:
        if _is_conditional(field):
            continue
        if not _INT_RE.fullmatch(field):
            warn(f"{where}: {word!r}: {field!r} is not a category number; ignored")
        elif int(field) not in categories:
            warn(f"{where}: {word!r}: category {field} is not in the header; ignored")
        elif int(field) not in numbers:
            numbers.append(int(field))
    if skipped:
        outcome = f"kept categories {', '.join(map(str, numbers))}" if numbers else "entry skipped"
        warn(
            f"{where}: {word!r}: conditional categories {' '.join(skipped)} are not supported "
            f"and were skipped ({outcome})"
        )
    elif not numbers:
        warn(f"{where}: {word!r} has no category; skipped")
    return numbers


def read_liwc(
    path: str | Path,
    *,
    language: str = "en",
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Lexicon:
    """A one-language lexicon from a LIWC ``.dic`` file (see :func:`parse_liwc`)."""
    text = read_dictionary_text(path, max_bytes=max_bytes)
    return parse_liwc(text, language=language, name=name, path=str(path))


def format_liwc(lexicon: Lexicon, *, language: str | None = None) -> str:
    """The text of a LIWC ``.dic`` file holding one language of ``lexicon``.

    Categories are numbered from 1 in frame order and named by frame id; a
    word in several frames is one line with several numbers.
    """
    language = export_language(lexicon, language, "LIWC")
    frames = exported_entries(lexicon, language, "LIWC", keep_weights=False)
    header = [f"{number}\t{frame.id}" for number, (frame, _) in enumerate(frames, start=1)]
    words: dict[str, list[int]] = {}
    odd_wildcards = 0
    for number, (_, entries) in enumerate(frames, start=1):
        for entry in entries:
            pattern = " ".join(entry.pattern.split())
            if "?" in pattern or "*" in pattern.rstrip("*"):
                odd_wildcards += 1
            numbers = words.setdefault(pattern, [])
            if number not in numbers:
                numbers.append(number)
    if odd_wildcards:
        entries = "entry" if odd_wildcards == 1 else "entries"
        warn(
            f"LIWC reads '*' only at the end of a word: {odd_wildcards} {entries} with other "
            "wildcards written as they are"
        )
    body = ["\t".join([word, *map(str, numbers)]) for word, numbers in words.items()]
    return "\n".join(["%", *header, "%", *body]) + "\n"


def write_liwc(lexicon: Lexicon, path: str | Path, *, language: str | None = None) -> Path:
    """Write one language of ``lexicon`` as a LIWC ``.dic`` file (atomically)."""
    return write_text_atomic(path, format_liwc(lexicon, language=language))


def sniff_liwc(head: str) -> bool:
    """Whether a file's first non-blank line is ``%``."""
    first = next((line.strip() for line in head.splitlines() if line.strip()), "")
    return first == "%"


FORMAT = LexiconFormat(
    "liwc",
    read_liwc,
    write_liwc,
    (".dic",),
    sniff_liwc,
    description="LIWC dictionary (.dic), one language",
)
