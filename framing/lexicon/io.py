"""Read and write lexicons in the toolkit's YAML format.

The format is documented in the README ("Lexicon file format"). Reading is
defensive because lexicons are shared between researchers: the YAML is
composed with PyYAML's *safe* loader into nodes (never constructed into
arbitrary objects), aliases, anchors and tags are refused (an alias can make a
small file expand to fill memory), so are files over a size limit and deeply
nested documents, and the model is built by hand from the nodes so every
entry keeps its line number for error messages.

Examples
--------
>>> text = '''
... name: demo
... version: 1.0.0
... languages: [en]
... frames:
...   - id: threat
...     label: Threat
...     entries:
...       en: [terror*, {pattern: armed group, weight: 2}]
... '''
>>> lexicon = loads_lexicon(text)
>>> [(e.pattern, e.kind, e.weight, e.line) for e in lexicon.frame("threat").entries["en"]]
[('terror*', 'glob', 1.0, 9), ('armed group', 'phrase', 2.0, 9)]
>>> loads_lexicon(dumps_lexicon(lexicon)) == lexicon
True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from framing.errors import FramingError, LexiconError, ResourceLimitError
from framing.lexicon.model import Entry, Frame, Lexicon, Proximity
from framing.lexicon.validate import (
    KNOWN_OPTIONS,
    Level,
    ValidationIssue,
    raise_for_errors,
    sort_issues,
    validate_lexicon,
)
from framing.limits import DEFAULT_LIMITS
from framing.store import write_text_atomic

DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_lexicon_bytes
MAX_DEPTH = DEFAULT_LIMITS.max_yaml_depth
MAX_NODES = DEFAULT_LIMITS.max_yaml_nodes
MAX_ENTRIES = DEFAULT_LIMITS.max_lexicon_entries

LEXICON_KEYS = (
    "name",
    "version",
    "description",
    "authors",
    "license",
    "citation",
    "languages",
    "options",
    "frames",
)
FRAME_KEYS = ("id", "label", "description", "entries", "exclusions", "proximity")
ENTRY_KEYS = ("pattern", "term", "regex", "weight")
PATTERN_KEYS = ("pattern", "term", "regex")
PROXIMITY_KEYS = ("window", "anchors")

_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_SCALARS = yaml.constructor.SafeConstructor()


# -- reading bytes and YAML nodes ---------------------------------------------------------


def read_source_bytes(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a lexicon file, refusing files over ``max_bytes``."""
    path = Path(path)
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "not found"
        raise LexiconError(f"lexicon file {what}", path=path)
    size = path.stat().st_size
    if size > max_bytes:
        raise ResourceLimitError(
            f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit for a lexicon",
            path=path,
            hint="raise max_bytes if this really is a lexicon",
        )
    return path.read_bytes()


def decode_utf8(data: bytes, path: str | Path | None = None) -> str:
    """Decode UTF-8 (a byte-order mark is allowed), naming the file on failure."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LexiconError(
            f"not UTF-8 text (undecodable byte at offset {exc.start})",
            path=path,
            hint="save the file as UTF-8",
        ) from exc


class _Refused(Exception):
    """A YAML construct the lexicon reader refuses, with its position."""

    def __init__(self, message: str, mark: Any, hint: str, limit: bool = False) -> None:
        super().__init__(message)
        self.message, self.mark, self.hint, self.limit = message, mark, hint, limit


class _Refusing:
    """Composes nodes only, refusing aliases, anchors, tags, deep nesting and too many nodes."""

    def _limits(self, max_depth: int, max_nodes: int, document: str) -> None:
        self._depth = 0
        self._nodes = 0
        self._max_depth = max_depth
        self._max_nodes = max_nodes
        self._document = document

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                f"YAML aliases (*{event.anchor}) are not allowed in {self._document}: a few "
                "aliases can make a small file expand to fill memory",
                event.start_mark,
                "write repeated values out in full; quote a value that starts with '*' "
                '("*terror*")',
            )
        if getattr(event, "anchor", None) is not None:
            raise _Refused(
                f"YAML anchors (&{event.anchor}) are not allowed in {self._document}",
                event.start_mark,
                "remove the anchor and write repeated values out in full",
            )
        if getattr(event, "tag", None) is not None:
            raise _Refused(
                f"YAML tags ({event.tag}) are not allowed in {self._document}",
                event.start_mark,
                "remove the tag; quote the value if it should be text",
            )
        self._nodes += 1
        if self._nodes > self._max_nodes:
            raise _Refused(
                f"the document holds more than {self._max_nodes:,} YAML values",
                event.start_mark,
                "split it, or raise max_yaml_nodes in Limits if it really is this large",
                limit=True,
            )
        self._depth += 1
        try:
            if self._depth > self._max_depth:
                raise _Refused(
                    f"the document is nested more than {self._max_depth} levels deep",
                    event.start_mark,
                    f"{self._document} needs far fewer levels; check the indentation",
                    limit=True,
                )
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class _SafeComposer(_Refusing, yaml.SafeLoader):
    """The pure-Python reader: its error messages are the ones users see."""

    def __init__(self, stream: str, max_depth: int, max_nodes: int, document: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._limits(max_depth, max_nodes, document)


try:  # libyaml's parser (in PyYAML's wheels) reads 4x faster; composing stays ours
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _FastComposer: type | None = None
else:

    class _FastComposer(_Refusing, Composer, CParser, Resolver):  # type: ignore[no-redef]
        """libyaml's events composed by the same rules as :class:`_SafeComposer`."""

        def __init__(self, stream: str, max_depth: int, max_nodes: int, document: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)
            self._limits(max_depth, max_nodes, document)


def compose_safe_yaml(
    text: str,
    *,
    path: str | Path | None = None,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
    document: str = "a lexicon",
    error: type[FramingError] = LexiconError,
) -> Node | None:
    """Parse one YAML document into nodes (``None`` if empty), refusing unsafe constructs.

    Aliases, anchors and tags raise ``error`` (:class:`~framing.errors.LexiconError`
    by default; ``document`` names the kind of file in the message); nesting
    deeper than ``max_depth`` or more than ``max_nodes`` values raise
    :class:`~framing.errors.ResourceLimitError`. Nothing is constructed, so no
    YAML tag can create an object.

    >>> compose_safe_yaml("a: [1, 2]").value[0][0].value
    'a'
    """
    if _FastComposer is not None:
        fast = _FastComposer(text, max_depth, max_nodes, document)
        try:
            return fast.get_single_node()
        except (yaml.YAMLError, _Refused, ValueError):
            pass  # the pure-Python reader below finds the problem and words it as always
        finally:
            fast.dispose()
    loader = None
    try:
        loader = _SafeComposer(text, max_depth, max_nodes, document)  # checks the characters
        return loader.get_single_node()
    except _Refused as exc:
        kind = ResourceLimitError if exc.limit else error
        raise kind(exc.message, path=path, line=exc.mark.line + 1, hint=exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise error(
            f"not valid YAML: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            hint="quote values that contain ': ' or start with a special character, "
            "and indent with spaces, not tabs",
        ) from None
    except yaml.reader.ReaderError as exc:
        raise error(
            f"not valid YAML: {exc.reason} (character U+{exc.character:04X})",
            path=path,
            line=text.count("\n", 0, exc.position) + 1,
            hint="remove the character, or write it as an escape inside double quotes",
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {exc}", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()


def node_line(node: Node) -> int:
    """The 1-based line where a node starts."""
    return node.start_mark.line + 1


def node_kind(node: Node) -> str:
    """``text``, ``list`` or ``mapping``, for messages."""
    if isinstance(node, MappingNode):
        return "mapping"
    return "list" if isinstance(node, SequenceNode) else "text"


def is_null(node: Node) -> bool:
    """Whether a node is YAML's null (an empty value, ``~`` or ``null``)."""
    return isinstance(node, ScalarNode) and node.tag == _NULL


def did_you_mean(key: str, allowed: tuple[str, ...]) -> str:
    """``(did you mean 'x'?)`` for a near miss, else the allowed keys."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"(did you mean {close[0]!r}?)"
    return f"(allowed keys: {', '.join(allowed)})"


# -- building the model --------------------------------------------------------------------


class _Builder:
    """Builds a :class:`Lexicon` from YAML nodes, collecting structural problems."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.issues: list[ValidationIssue] = []
        self.lines: dict[str, int] = {}
        self.context: dict[str, str] = {}

    def problem(
        self, message: str, node: Node | None, level: Level = "error", **extra: str
    ) -> None:
        line = node_line(node) if node is not None else None
        context = {**self.context, **extra}
        self.issues.append(ValidationIssue(level, message, self.path, line, **context))

    @contextmanager
    def within(self, **context: str) -> Iterator[None]:
        """Name the language and entry in the problems reported inside the block."""
        saved = self.context
        self.context = {**saved, **context}
        try:
            yield
        finally:
            self.context = saved

    def mapping(
        self, node: Node, what: str, allowed: tuple[str, ...] | None
    ) -> dict[str, tuple[Node, Node]]:
        """Key -> (key node, value node), reporting unknown and duplicate keys."""
        if not isinstance(node, MappingNode):
            self.problem(f"{what} must be a mapping (key: value), not {node_kind(node)}", node)
            return {}
        result: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(f"keys of {what} must be plain text", key_node)
                continue
            key = key_node.value
            if key in result:
                self.problem(f"key {key!r} appears twice in {what}", key_node)
            elif allowed is not None and key not in allowed:
                self.problem(
                    f"unknown key {key!r} in {what} {did_you_mean(key, allowed)}", key_node
                )
            else:
                result[key] = (key_node, value_node)
        return result

    def text(self, node: Node, what: str) -> str:
        if isinstance(node, ScalarNode):
            return "" if is_null(node) else node.value
        self.problem(f"{what} must be text, not a {node_kind(node)}", node)
        return ""

    def text_list(self, node: Node, what: str, key: str) -> list[str]:
        if is_null(node):
            return []
        items = node.value if isinstance(node, SequenceNode) else [node]
        if isinstance(node, MappingNode):
            self.problem(f"{what} must be a list, not a mapping", node)
            return []
        values = []
        for index, item in enumerate(items):
            self.lines[f"{key}.{index}"] = node_line(item)
            values.append(self.text(item, f"each item of {what}"))
        return values

    def number(self, node: Node, what: str) -> float | int | None:
        try:
            if isinstance(node, ScalarNode) and node.tag == _INT:
                return _SCALARS.construct_yaml_int(node)
            if isinstance(node, ScalarNode) and node.tag == _FLOAT:
                return _SCALARS.construct_yaml_float(node)
        except ValueError:  # more digits than Python converts (int_max_str_digits)
            self.problem(f"{what} is too large a number ({len(node.value)} digits)", node)
            return None
        shown = node.value if isinstance(node, ScalarNode) else node_kind(node)
        self.problem(f"{what} must be a number, not {shown!r}", node)
        return None

    def lexicon(self, root: MappingNode) -> Lexicon:
        top = self.mapping(root, "the lexicon", LEXICON_KEYS)
        for key, (key_node, _) in top.items():
            self.lines[key] = node_line(key_node)
        value = {key: pair[1] for key, pair in top.items()}
        lexicon = Lexicon(name="", version="")
        for key in ("name", "version", "description", "license", "citation"):
            if key in value:
                setattr(lexicon, key, self.text(value[key], key))
        if "authors" in value:
            lexicon.authors = self.text_list(value["authors"], "authors", "authors")
        if "languages" in value:
            lexicon.languages = self.text_list(value["languages"], "languages", "languages")
        if "options" in value:
            lexicon.options = self.options(value["options"])
        if "frames" in value:
            lexicon.frames = self.frames(value["frames"])
        lexicon.source_path = self.path
        lexicon.source_lines = self.lines
        return lexicon

    def options(self, node: Node) -> dict[str, Any]:
        if is_null(node):
            return {}
        options: dict[str, Any] = {}
        for key, (key_node, value) in self.mapping(node, "options", KNOWN_OPTIONS).items():
            self.lines[f"options.{key}"] = node_line(key_node)
            options[key] = self.text_list(value, f"option {key}", f"options.{key}")
        return options

    def frames(self, node: Node) -> list[Frame]:
        if is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.problem(
                f"frames must be a list of frames (- id: ...), not {node_kind(node)}", node
            )
            return []
        frames = []
        for index, item in enumerate(node.value):
            frame = self.frame(item, index)
            if frame is not None:
                frames.append(frame)
        return frames

    def frame(self, node: Node, index: int) -> Frame | None:
        self.context = {"frame": _peek_id(node) or f"#{index + 1}"}
        fields = self.mapping(node, f"frame #{index + 1}", FRAME_KEYS)
        if not isinstance(node, MappingNode):
            self.context = {}
            return None
        prefix = f"frames.{index}"
        for key, (key_node, _) in fields.items():
            self.lines[f"{prefix}.{key}"] = node_line(key_node)
        value = {key: pair[1] for key, pair in fields.items()}
        frame = Frame(id="", label="", line=node_line(node))
        frame.id = self.text(value["id"], "frame id") if "id" in value else ""
        frame.label = self.text(value["label"], "label") if "label" in value else ""
        if "description" in value:
            frame.description = self.text(value["description"], "description")
        if "entries" in value:
            frame.entries = self.entry_map(value["entries"], "entries", f"{prefix}.entries")
        if "exclusions" in value:
            frame.exclusions = self.entry_map(
                value["exclusions"], "exclusions", f"{prefix}.exclusions"
            )
        if "proximity" in value:
            frame.proximity = self.proximity(value["proximity"], f"{prefix}.proximity")
        self.context = {}
        return frame

    def proximity(self, node: Node, prefix: str) -> Proximity | None:
        fields = self.mapping(node, "proximity", PROXIMITY_KEYS)
        if not isinstance(node, MappingNode):
            return None
        for key, (key_node, _) in fields.items():
            self.lines[f"{prefix}.{key}"] = node_line(key_node)
        window: int = 1
        if "window" not in fields:
            self.problem("proximity needs `window: N` (tokens on either side of an anchor)", node)
        else:
            number = self.number(fields["window"][1], "proximity window")
            if isinstance(number, float):
                self.problem(f"proximity window must be a whole number, not {number:g}", node)
            elif number is not None:
                window = number
        anchors = {}
        if "anchors" in fields:
            anchors = self.entry_map(fields["anchors"][1], "anchors", f"{prefix}.anchors")
        return Proximity(window=window, anchors=anchors)

    def entry_map(self, node: Node, what: str, prefix: str) -> dict[str, list[Entry]]:
        if is_null(node):
            return {}
        by_language: dict[str, list[Entry]] = {}
        for language, (key_node, value) in self.mapping(node, what, None).items():
            self.lines[f"{prefix}.{language}"] = node_line(key_node)
            by_language[language] = self.entry_list(value, language)
        return by_language

    def entry_list(self, node: Node, language: str) -> list[Entry]:
        if is_null(node):
            return []
        items = node.value if isinstance(node, SequenceNode) else [node]
        entries = []
        for item in items:
            entry = self.entry(item, language)
            if entry is not None:
                entries.append(entry)
        return entries

    def entry(self, node: Node, language: str) -> Entry | None:
        line = node_line(node)
        if isinstance(node, ScalarNode):
            if is_null(node):
                hint = f" (quote it if you mean the word: '{node.value}')" if node.value else ""
                self.problem(f"empty entry{hint}", node, language=language)
                return None
            return Entry(node.value, Entry.infer_kind(node.value), 1.0, line)
        if isinstance(node, SequenceNode):
            self.problem(
                "an entry must be text or {pattern: ..., weight: ...}, not a list",
                node,
                language=language,
            )
            return None
        n_problems = len(self.issues)
        fields = self.mapping(node, "an entry", ENTRY_KEYS)
        given = [key for key in PATTERN_KEYS if key in fields]
        if not given and len(self.issues) > n_problems:
            return None  # a misspelt key, already reported
        if len(given) != 1:
            found = " and ".join(given) if given else "none"
            self.problem(
                f"an entry needs exactly one of pattern, term or regex (found {found})",
                node,
                language=language,
            )
            return None
        pattern = self.text(fields[given[0]][1], given[0])
        weight: float = 1.0
        if "weight" in fields:
            with self.within(language=language, entry=pattern):
                number = self.number(fields["weight"][1], "weight")
            weight = float(number) if number is not None else 1.0
        kind = "regex" if given[0] == "regex" else Entry.infer_kind(pattern)
        return Entry(pattern, kind, weight, line)


def _peek_id(node: Node) -> str:
    """A frame's id before its mapping is checked, so earlier problems can name the frame."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode):
                return value.value
    return ""


# -- public reading API --------------------------------------------------------------------


def parse_lexicon(
    text: str,
    *,
    path: str | Path | None = None,
    max_depth: int = MAX_DEPTH,
    max_entries: int = MAX_ENTRIES,
) -> tuple[Lexicon, list[ValidationIssue]]:
    """Build a lexicon from YAML text, with the *structural* problems found on the way.

    Structural problems (unknown keys, wrong types, an entry with both
    ``pattern`` and ``regex``) are returned, not raised; content checks are
    :func:`~framing.lexicon.validate.validate_lexicon`. Unsafe or unreadable
    YAML raises :class:`~framing.errors.LexiconError`; a file over the limits
    (depth, YAML values, ``max_entries``) :class:`~framing.errors.ResourceLimitError`.
    """
    source = str(path) if path is not None else None
    root = compose_safe_yaml(text, path=source, max_depth=max_depth)
    if root is None:
        raise LexiconError("the lexicon file is empty", path=source)
    if not isinstance(root, MappingNode):
        raise LexiconError(
            f"a lexicon is a YAML mapping (name:, version:, frames: ...), not a {node_kind(root)}",
            path=source,
            line=node_line(root),
        )
    builder = _Builder(source)
    lexicon = builder.lexicon(root)
    check_entry_count(lexicon, max_entries=max_entries, path=source)
    return lexicon, builder.issues


def count_entries(lexicon: Lexicon) -> int:
    """Entries, exclusions and proximity anchors of every frame and language."""
    total = 0
    for frame in lexicon.frames:
        sections = [frame.entries, frame.exclusions]
        if frame.proximity is not None:
            sections.append(frame.proximity.anchors)
        total += sum(len(entries) for section in sections for entries in section.values())
    return total


def check_entry_count(
    lexicon: Lexicon, *, max_entries: int = MAX_ENTRIES, path: str | Path | None = None
) -> None:
    """Raise :class:`~framing.errors.ResourceLimitError` when a lexicon has too many entries."""
    total = count_entries(lexicon)
    if total > max_entries:
        raise ResourceLimitError(
            f"the lexicon has {total:,} entries, over the limit of {max_entries:,}",
            path=path,
            hint="split it into several lexicons, or raise max_lexicon_entries in Limits",
        )


def check_lexicon_text(
    text: str, *, path: str | Path | None = None
) -> tuple[Lexicon, list[ValidationIssue]]:
    """Parse and validate: the lexicon and every structural and content issue, in file order."""
    lexicon, structural = parse_lexicon(text, path=path)
    issues = structural + validate_lexicon(lexicon)
    unique = list(dict.fromkeys(issues))
    return lexicon, sort_issues(unique)


def check_lexicon_file(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Lexicon, list[ValidationIssue]]:
    """:func:`check_lexicon_text` on a file: what ``framing lexicon validate`` prints."""
    text = decode_utf8(read_source_bytes(path, max_bytes=max_bytes), path)
    return check_lexicon_text(text, path=path)


def loads_lexicon(text: str, *, strict: bool = True, path: str | Path | None = None) -> Lexicon:
    """A lexicon from YAML text; see :func:`load_lexicon` for ``strict``."""
    if strict:
        lexicon, issues = check_lexicon_text(text, path=path)
    else:
        lexicon, issues = parse_lexicon(text, path=path)
    raise_for_errors(issues, path=str(path) if path is not None else None)
    return lexicon


def load_lexicon(
    path: str | Path, *, strict: bool = True, max_bytes: int = DEFAULT_MAX_BYTES
) -> Lexicon:
    """Read a YAML lexicon file and check it.

    Parameters
    ----------
    path:
        The ``.yaml`` file.
    strict:
        If true (the default), the lexicon is validated and any error raises
        :class:`~framing.lexicon.validate.LexiconValidationError` listing all
        of them (warnings never raise). If false, only structural problems
        (the file cannot be turned into a lexicon faithfully) raise.
    max_bytes:
        Files larger than this raise :class:`~framing.errors.ResourceLimitError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "demo.yaml").write_text(
    ...     "name: demo\\nversion: '1'\\nlanguages: [fr]\\nframes:\\n"
    ...     "  - {id: threat, label: Menace, entries: {fr: [terroris*]}}\\n")
    >>> load_lexicon(folder / "demo.yaml").frame("threat").entries["fr"][0].kind
    'glob'
    """
    text = decode_utf8(read_source_bytes(path, max_bytes=max_bytes), path)
    return loads_lexicon(text, strict=strict, path=path)


# -- writing -------------------------------------------------------------------------------


class _FlowList(list):
    """A list written on one line: ``[en, fr, ar]``."""


class _FlowMap(dict):
    """A mapping written on one line: ``{pattern: ..., weight: 2}``."""


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key and writes multi-line text as ``|`` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _entry_value(entry: Entry) -> str | _FlowMap:
    if entry.kind == "regex":
        data = _FlowMap(regex=entry.pattern)
    elif entry.weight != 1:
        data = _FlowMap(pattern=entry.pattern)
    else:
        return entry.pattern
    if entry.weight != 1:
        data["weight"] = _number(entry.weight)
    return data


def _entry_map(by_language: dict[str, list[Entry]]) -> dict[str, list[Any]]:
    return {
        language: [_entry_value(e) for e in entries] for language, entries in by_language.items()
    }


def _frame_data(frame: Frame) -> dict[str, Any]:
    data: dict[str, Any] = {"id": frame.id, "label": frame.label}
    if frame.description:
        data["description"] = frame.description
    data["entries"] = _entry_map(frame.entries)
    if frame.exclusions:
        data["exclusions"] = _entry_map(frame.exclusions)
    if frame.proximity is not None:
        data["proximity"] = {
            "window": frame.proximity.window,
            "anchors": _entry_map(frame.proximity.anchors),
        }
    return data


def lexicon_to_yaml_data(lexicon: Lexicon) -> dict[str, Any]:
    """The lexicon as the ordered plain data the YAML file holds (empty optional keys left out)."""
    data: dict[str, Any] = {"name": lexicon.name, "version": lexicon.version}
    if lexicon.description:
        data["description"] = lexicon.description
    if lexicon.authors:
        data["authors"] = _FlowList(lexicon.authors)
    for key in ("license", "citation"):
        if getattr(lexicon, key):
            data[key] = getattr(lexicon, key)
    data["languages"] = _FlowList(lexicon.languages)
    if lexicon.options:
        data["options"] = {
            key: _FlowList(value) if isinstance(value, list) else value
            for key, value in lexicon.options.items()
        }
    data["frames"] = [_frame_data(frame) for frame in lexicon.frames]
    return data


def dump_yaml(data: Any) -> str:
    """YAML text for plain data: keys in the given order, lists indented under their key,
    non-ASCII text (Arabic, accents) written as is."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )


def dumps_lexicon(lexicon: Lexicon) -> str:
    """The lexicon as YAML text in the documented format, in a stable order.

    Keys come in the documented order; frames, languages and entries in the
    lexicon's own order. An entry is written as plain text when its weight is
    1 and it is not a regular expression, else as a one-line mapping. The kind
    of a non-regex entry is not written: it is inferred again on reading.
    """
    return dump_yaml(lexicon_to_yaml_data(lexicon))


def save_lexicon(lexicon: Lexicon, path: str | Path) -> Path:
    """Write ``lexicon`` as a YAML file, atomically; ``load_lexicon(path) == lexicon``.

    >>> import tempfile, pathlib
    >>> from framing.lexicon.model import Frame
    >>> lex = Lexicon("demo", "1.0.0", languages=["ar"],
    ...               frames=[Frame("threat", "Threat", entries={"ar": [Entry("الإرهاب")]})])
    >>> path = save_lexicon(lex, pathlib.Path(tempfile.mkdtemp()) / "demo.yaml")
    >>> load_lexicon(path) == lex
    True
    """
    return write_text_atomic(path, dumps_lexicon(lexicon))
