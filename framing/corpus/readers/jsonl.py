"""JSON Lines exports (one article object per line) and JSON lists of article objects.

Fields are found with a :class:`~framing.corpus.readers.columns.ColumnMap`
(detected, or given as ``text=body,title=headline``); nested keys are
addressed as ``source.name``. A line that is not valid JSON (a truncated last
line, say) is skipped with its line number and the rest is read.

>>> text = '{"title": "Visite à Riyad", "text": "Premier paragraphe."}\\n{"title": "x"'
>>> result = JsonlReader().read(text, "export.jsonl")
>>> [d.title for d in result.documents], [s.source for s in result.skipped]
(['Visite à Riyad'], ['export.jsonl#line 2'])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.corpus.readers.columns import (
    ColumnMap,
    document_from_record,
    flatten_keys,
    resolve_columns,
)
from framing.corpus.readers.reader import ReadResult, SkippedInput
from framing.errors import InputError, ResourceLimitError
from framing.limits import DEFAULT_LIMITS

_JSON_START = re.compile(r"^\s*(\{\s*(\"|\})|\[\s*(\{|\]))")


@dataclass
class JsonItems:
    """The objects a JSON or JSON Lines file holds, each with its ``#line``/``#index`` suffix.

    ``positions`` and ``skipped_positions`` give each item's and each skipped
    item's line number (JSON Lines) or list index; ``extent`` is the number of
    lines or items.
    """

    items: list[tuple[str, Any]] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)
    lines: bool = False  # JSON Lines rather than one JSON document
    positions: list[int] = field(default_factory=list)
    skipped_positions: list[int] = field(default_factory=list)
    extent: int = 1


def looks_like_json(text: str) -> bool:
    """Whether the text opens like a JSON object or a list of objects."""
    return bool(_JSON_START.match(text[:4096]))


def load_json_items(
    text: str,
    source: str,
    *,
    max_depth: int = DEFAULT_LIMITS.max_json_depth,
    part: tuple[int, int] = (0, 1),
) -> JsonItems:
    """Parse a JSON document (object or list) or JSON Lines, by content.

    ``part=(i, n)``: of JSON Lines, only the lines of the ``i``-th of ``n``
    equal ranges are parsed (``extent`` is still the whole file's).

    It is JSON Lines when it is not one JSON document, has several lines and
    one of its first lines is a whole JSON object; bad lines are then skipped.
    Otherwise invalid or truncated JSON raises
    :class:`~framing.errors.InputError` naming the line and column. An
    article nested more than ``max_depth`` levels deep is skipped (in a list
    or JSON Lines) or raises :class:`~framing.errors.ResourceLimitError`.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        all_lines = text.split("\n")
        filled = _filled(all_lines)
        if _is_json_lines(filled):
            share = share_lines(part, len(all_lines))
            if share != range(1, len(all_lines) + 1):
                filled = [(n, line) for n, line in filled if n in share]
            loaded = _load_lines(filled, source, max_depth)
            loaded.extent = len(all_lines)
            return loaded
        raise InputError(
            f"invalid JSON: {_problem(error)} at line {error.lineno}, column {error.colno}",
            path=source,
            line=error.lineno,
            hint="the file may be truncated or not JSON; export or download it again",
        ) from None
    except RecursionError:
        raise _too_deep(source, max_depth) from None
    if isinstance(data, list):
        if not data:
            raise InputError("the JSON list is empty: no articles to read", path=source)
        result = JsonItems(extent=len(data))
        for i, item in enumerate(data):
            if exceeds_depth(item, max_depth - 1):
                reason = _too_deep(source, max_depth).message
                result.skipped.append(SkippedInput(f"{source}#index {i}", reason))
                result.skipped_positions.append(i)
            else:
                result.items.append((f"#index {i}", item))
                result.positions.append(i)
        return result
    if exceeds_depth(data, max_depth):
        raise _too_deep(source, max_depth)
    if isinstance(data, dict):
        return JsonItems(items=[("", data)], positions=[0])
    raise InputError(
        f"the JSON holds a {type(data).__name__}, not an article object or a list of them",
        path=source,
    )


def exceeds_depth(value: Any, max_depth: int) -> bool:
    """Whether JSON data nests objects and lists more than ``max_depth`` levels deep.

    Iterative, so it is safe on any depth the parser accepted.

    >>> exceeds_depth({"a": [{"b": 1}]}, 3), exceeds_depth({"a": [{"b": 1}]}, 2)
    (False, True)
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            return True
        # Only containers can be too deep (an article's many strings are not pushed).
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _problem(error: json.JSONDecodeError) -> str:
    # "Unterminated string starting at" is followed by our own "at line ...".
    return error.msg.removesuffix(" at")


def _too_deep(source: str, max_depth: int) -> ResourceLimitError:
    return ResourceLimitError(
        f"the JSON is nested more than {max_depth} levels deep",
        path=source,
        hint="an article export needs far fewer levels; check the file, or raise max_json_depth",
    )


def _filled(lines: list[str], first: int = 1) -> list[tuple[int, str]]:
    """The lines that are not blank, with their numbers (the first line is ``first``)."""
    return [(n, line) for n, line in enumerate(lines, start=first) if line.strip()]


def _is_json_lines(filled: list[tuple[int, str]]) -> bool:
    """Several lines, one of the first few a whole object (not a pretty-printed list)."""
    if len(filled) < 2 or filled[0][1].lstrip().startswith("["):
        return False
    return any(_is_object(line) for _, line in filled[:5])


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def _load_lines(filled: list[tuple[int, str]], source: str, max_depth: int) -> JsonItems:
    result = JsonItems(lines=True)
    for number, line in filled:
        where = f"{source}#line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            reason = (
                f"not valid JSON ({_problem(error)} at column {error.colno}); "
                "the line may be truncated"
            )
            result.skipped.append(SkippedInput(where, reason))
            result.skipped_positions.append(number)
            continue
        except RecursionError:
            too_deep = True
        else:
            too_deep = exceeds_depth(item, max_depth)
        if too_deep:
            result.skipped.append(SkippedInput(where, _too_deep(source, max_depth).message))
            result.skipped_positions.append(number)
            continue
        result.items.append((f"#line {number}", item))
        result.positions.append(number)
    return result


class JsonlReader:
    """One article per JSON object: JSON Lines, or a JSON list (``#index N``) or object."""

    format = "jsonl"
    reads_parts = True  # a share of an export's lines can be read apart (see read)

    def sniff(self, text: str, path: Path | None) -> bool:
        """Opens like a JSON object or a list of objects."""
        return looks_like_json(text)

    def read(
        self, text: str, source: str, *, column_map: ColumnMap | None = None, **options: Any
    ) -> ReadResult:
        """Read every object with the detected (or given) column mapping.

        Skipped items come in file order. With ``part=(i, n)``, a JSON Lines
        file gives only the documents and skipped items of the ``i``-th of
        ``n`` equal ranges of its lines, only those lines parsed: its columns
        are detected from them, and ``columns`` lists their field names so
        that the caller can check the parts against the whole
        (:func:`shares_agree`). Another JSON file is read whole as part 0
        and gives nothing as the others. Parts that agree, read in order,
        give the whole file.
        """
        limits = options.get("limits") or DEFAULT_LIMITS
        part = options.get("part") or (0, 1)
        if "lines" in options:  # the text is those lines of a JSON Lines file (read_file)
            first, extent = options["lines"]
            filled = _filled(text.split("\n"), first)
            loaded = _load_lines(filled, source, limits.max_json_depth)
            loaded.extent = extent
        else:
            loaded = load_json_items(text, source, max_depth=limits.max_json_depth, part=part)
        if part[0] > 0 and not loaded.lines:
            return ReadResult()
        shared = loaded.lines and part != (0, 1)
        wanted = share_lines(part, loaded.extent) if loaded.lines else range(0, loaded.extent)
        skipped = list(zip(loaded.skipped_positions, loaded.skipped, strict=True))
        objects = []
        for position, (suffix, item) in zip(loaded.positions, loaded.items, strict=True):
            where = f"{source}{suffix}" if suffix else source
            if isinstance(item, dict):
                objects.append((position, where, item))
            else:
                reason = f"a JSON {type(item).__name__}, not an article object"
                skipped.append((position, SkippedInput(where, reason)))
        names = list(dict.fromkeys(key for *_, item in objects for key in flatten_keys(item)))
        if not objects:  # (a share of JSON Lines may hold none: others do)
            if skipped or shared:
                return ReadResult(skipped=_in_order(skipped, wanted))
            raise InputError("no JSON object to read", path=source)
        mapping = resolve_columns(names, column_map, source=source)
        result = ReadResult(columns=names if shared else None)
        for position, where, item in objects:
            if position not in wanted:
                continue
            read = document_from_record(item, mapping, source=where, source_format=self.format)
            if isinstance(read, SkippedInput):
                skipped.append((position, read))
            else:
                result.documents.append(read)
        result.skipped = _in_order(skipped, wanted)
        if len(objects) == 1 and not loaded.lines and not result.documents:
            raise InputError(result.skipped[-1].reason, path=source)
        return result


def starts_json_lines(text: str) -> bool:
    """Whether a file whose first lines are ``text`` (at least five, unless it is the whole
    file) is read as JSON Lines: its first value is whole and followed by more, and one of
    its first lines is an object (:func:`load_json_items`).

    >>> starts_json_lines('{"title": "a"}\\n{"title": "b"}\\n'), starts_json_lines('[{"a": 1}]')
    (True, False)
    """
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        if not error.msg.startswith("Extra data"):
            return False
    except RecursionError:
        return False
    else:
        return False
    filled = _filled(text.split("\n"))
    return _is_json_lines(filled)


def shares_agree(shares: list[list[str] | None], column_map: ColumnMap | None) -> bool:
    """Whether shares of one file (their ``ReadResult.columns``, in order) each detected
    the columns the whole file gives: then, read in order, they give the whole file.

    >>> shares_agree([["title", "text"], ["text", "title"]], None)
    True
    >>> shares_agree([["title", "text"], ["title", "text", "url"]], None)  # url in one only
    False
    """
    seen = [names for names in shares if names is not None]
    if not seen:  # read whole (not JSON Lines): nothing to check
        return True
    whole = list(dict.fromkeys(name for names in seen for name in names))
    try:
        columns = resolve_columns(whole, column_map, source="")
        return all(resolve_columns(names, column_map, source="") == columns for names in seen)
    except InputError:
        return False


def share_lines(part: tuple[int, int], extent: int) -> range:
    """The line numbers (from 1) of part ``i`` of ``n`` of ``extent`` lines.

    >>> share_lines((1, 3), 10)
    range(4, 7)
    """
    i, n = part
    return range(1 + i * extent // n, 1 + (i + 1) * extent // n)


def _in_order(skipped: list[tuple[int, SkippedInput]], wanted: range) -> list[SkippedInput]:
    """The skipped items at the wanted positions, by position (stable: one item's reasons
    keep their order)."""
    return [item for position, item in sorted(skipped, key=lambda p: p[0]) if position in wanted]
