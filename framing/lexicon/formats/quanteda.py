"""quanteda dictionaries in YAML (``dictionary(file = "x.yml", format = "YAML")`` in R).

Each key is a category with a list of patterns; keys can nest::

    security_exporter: [security exporter, export* security]
    threat:
      terrorism: [terror*, counter terrorism]
      crime: [trafficking, organised crime]

Patterns are globs (``*``, ``?``), multi-word expressions are written with
spaces. Nested categories become frames ``threat.terrorism`` (label) with
the id ``threat_terrorism``. Weights, regular expressions, exclusions and
proximity have no place in the format and are dropped with a warning.
"""

from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from framing.errors import LexiconError
from framing.lexicon.formats import (
    LexiconFormat,
    build_imported_lexicon,
    export_language,
    exported_entries,
    read_dictionary_text,
    warn,
)
from framing.lexicon.io import DEFAULT_MAX_BYTES, compose_safe_yaml, dump_yaml, is_null, node_line
from framing.lexicon.model import Entry, Lexicon
from framing.store import write_text_atomic


def _entries(node: Node, where: str) -> list[Entry]:
    items = node.value if isinstance(node, SequenceNode) else [node]
    entries = []
    for item in items:
        if isinstance(item, ScalarNode) and not is_null(item) and item.value.strip():
            pattern = item.value.strip()
            entries.append(Entry(pattern, Entry.infer_kind(pattern), 1.0, node_line(item)))
        else:
            warn(f"{where}:{node_line(item)}: not a pattern (text expected); skipped")
    return entries


def _walk(node: MappingNode, names: tuple[str, ...], where: str) -> list[tuple[str, list[Entry]]]:
    categories: list[tuple[str, list[Entry]]] = []
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            warn(f"{where}:{node_line(key)}: a category name must be text; skipped")
            continue
        path = (*names, key.value)
        if isinstance(value, MappingNode):
            categories += _walk(value, path, where)
        elif is_null(value):
            categories.append((".".join(path), []))
        else:
            categories.append((".".join(path), _entries(value, where)))
    return categories


def parse_quanteda(
    text: str, *, language: str = "en", name: str | None = None, path: str = "<quanteda>"
) -> Lexicon:
    """A one-language lexicon from the text of a quanteda YAML dictionary.

    >>> lex = parse_quanteda("threat:\\n  terrorism: [terror*, armed group]\\n", language="en")
    >>> frame = lex.frame("threat_terrorism")
    >>> frame.label, [(e.pattern, e.kind) for e in frame.entries["en"]]
    ('threat.terrorism', [('terror*', 'glob'), ('armed group', 'phrase')])
    """
    root = compose_safe_yaml(text, path=path)
    if not isinstance(root, MappingNode):
        raise LexiconError(
            "a quanteda dictionary is a YAML mapping of categories to lists of patterns",
            path=path,
        )
    return build_imported_lexicon(
        _walk(root, (), path), path=path, language=language, name=name, format_name="quanteda"
    )


def read_quanteda(
    path: str | Path,
    *,
    language: str = "en",
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Lexicon:
    """A one-language lexicon from a quanteda YAML dictionary (see :func:`parse_quanteda`)."""
    text = read_dictionary_text(path, max_bytes=max_bytes)
    return parse_quanteda(text, language=language, name=name, path=str(path))


def format_quanteda(lexicon: Lexicon, *, language: str | None = None) -> str:
    """The text of a quanteda YAML dictionary holding one language of ``lexicon``."""
    language = export_language(lexicon, language, "quanteda")
    data = {
        frame.id: [entry.pattern for entry in entries]
        for frame, entries in exported_entries(lexicon, language, "quanteda", keep_weights=False)
    }
    return dump_yaml(data)


def write_quanteda(lexicon: Lexicon, path: str | Path, *, language: str | None = None) -> Path:
    """Write one language of ``lexicon`` as a quanteda YAML dictionary (atomically)."""
    return write_text_atomic(path, format_quanteda(lexicon, language=language))


def sniff_quanteda(head: str) -> bool:
    """Whether a file looks like a YAML mapping of categories (and not our ``frames:`` format)."""
    if re.search(r"^frames\s*:", head, re.MULTILINE):
        return False
    return bool(re.search(r"^[^\s#%-][^:\n]*:[ \t]*(\[.*)?$", head, re.MULTILINE))


FORMAT = LexiconFormat(
    "quanteda",
    read_quanteda,
    write_quanteda,
    (".yaml", ".yml"),
    sniff_quanteda,
    description="quanteda YAML dictionary, one language",
)
