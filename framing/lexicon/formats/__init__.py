"""Lexicon file formats: a registry of readers and writers, and :func:`load_any`.

Built in: ``yaml`` (the toolkit's own, multilingual format, see
:mod:`framing.lexicon.io`), ``liwc`` (``.dic``), ``wordstat`` (``.cat``) and
``quanteda`` (a quanteda dictionary in YAML). The last three hold one
language per file: reading takes the ``language`` the entries are in,
writing takes the ``language`` to write.

A new format is a :class:`LexiconFormat` passed to :func:`register_format`
(the spaCy way: plug in your own part without editing the toolkit).

Things a format cannot hold (weights in LIWC, regular expressions,
exclusions, proximity) are dropped with a :class:`LexiconFormatWarning`,
never silently; catch them with :func:`warnings.catch_warnings`.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "mine.dic").write_text("%\\n1\\tthreat\\n%\\nterror*\\t1\\narmed group\\t1\\n")
>>> lexicon = load_any(folder / "mine.dic", language="en")
>>> [(e.pattern, e.kind) for e in lexicon.frame("threat").entries["en"]]
[('terror*', 'glob'), ('armed group', 'phrase')]
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from framing.errors import LexiconError
from framing.lexicon.io import (
    DEFAULT_MAX_BYTES,
    check_entry_count,
    decode_utf8,
    load_lexicon,
    read_source_bytes,
    save_lexicon,
)
from framing.lexicon.model import Entry, Frame, Lexicon

#: How many characters of a file the sniffers look at.
SNIFF_CHARS = 65536


class LexiconFormatWarning(UserWarning):
    """Something in a dictionary could not be read or written faithfully."""


class Reader(Protocol):
    def __call__(
        self,
        path: str | Path,
        *,
        language: str = "en",
        name: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> Lexicon: ...


class Writer(Protocol):
    def __call__(
        self, lexicon: Lexicon, path: str | Path, *, language: str | None = None
    ) -> Path: ...


@dataclass(frozen=True)
class LexiconFormat:
    """A lexicon file format: how to read it, write it and recognise it.

    Attributes
    ----------
    name:
        The name users pass as ``--format``.
    reader, writer:
        See :class:`Reader` and :class:`Writer`.
    extensions:
        File extensions (lower case, with the dot) that suggest the format.
    sniff:
        Given the start of a file's text, whether it looks like this format.
    multilingual:
        Whether one file holds several languages (else reading takes a
        ``language`` and writing writes one).
    """

    name: str
    reader: Reader
    writer: Writer
    extensions: tuple[str, ...]
    sniff: Callable[[str], bool]
    multilingual: bool = False
    description: str = field(default="", compare=False)


FORMATS: dict[str, LexiconFormat] = {}


def register_format(fmt: LexiconFormat, *, replace_existing: bool = False) -> None:
    """Add a format to the registry (``replace_existing`` to override one)."""
    if fmt.name in FORMATS and not replace_existing:
        raise ValueError(f"a lexicon format named {fmt.name!r} is already registered")
    FORMATS[fmt.name] = fmt


def get_format(name: str) -> LexiconFormat:
    """The registered format called ``name``."""
    try:
        return FORMATS[name]
    except KeyError:
        raise LexiconError(
            f"unknown lexicon format {name!r}", hint=f"use one of: {', '.join(FORMATS)}"
        ) from None


def _head(path: Path) -> str:
    with open(path, "rb") as handle:
        data = handle.read(SNIFF_CHARS)
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def detect_format(path: str | Path) -> str:
    """The format of a file, from its extension and, where that is ambiguous, its content.

    ``.yaml`` is the toolkit's own format when it has top-level ``frames:``,
    else a quanteda dictionary.
    """
    path = Path(path)
    if not path.is_file():
        raise LexiconError("lexicon file not found", path=path)
    suffix = path.suffix.lower()
    candidates = [fmt for fmt in FORMATS.values() if suffix in fmt.extensions]
    if len(candidates) == 1:
        return candidates[0].name
    head = _head(path)
    for fmt in candidates or FORMATS.values():
        if fmt.sniff(head):
            return fmt.name
    if candidates:
        return candidates[0].name
    raise LexiconError(
        "cannot tell the lexicon format of this file",
        path=path,
        hint=f"pass --format ({', '.join(FORMATS)})",
    )


def load_any(
    path: str | Path,
    *,
    format: str = "auto",
    language: str = "en",
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Lexicon:
    """Read a lexicon in any registered format (``format="auto"`` detects it).

    Parameters
    ----------
    path:
        The file: ``.yaml`` (ours or quanteda), ``.dic`` (LIWC), ``.cat`` (WordStat).
    format:
        A registered format name, or ``auto``.
    language:
        The language of the entries of a one-language format (ignored for ``yaml``).
    name:
        The lexicon's name (default: from the file name).
    max_bytes:
        Larger files raise :class:`~framing.errors.ResourceLimitError`.
    """
    fmt = get_format(detect_format(path) if format == "auto" else format)
    return fmt.reader(path, language=language, name=name, max_bytes=max_bytes)


def save_any(
    lexicon: Lexicon, path: str | Path, *, format: str = "auto", language: str | None = None
) -> Path:
    """Write ``lexicon`` in a registered format (``auto``: from the extension, else yaml)."""
    if format == "auto":
        suffix = Path(path).suffix.lower()
        format = next((f.name for f in FORMATS.values() if suffix in f.extensions), "yaml")
    return get_format(format).writer(lexicon, path, language=language)


# -- helpers shared by the one-language formats --------------------------------------------


def warn(message: str) -> None:
    """Emit a :class:`LexiconFormatWarning` pointing at the caller of the reader or writer."""
    warnings.warn(message, LexiconFormatWarning, stacklevel=3)


def read_dictionary_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """A dictionary file's text: UTF-8, else Windows-1252 (old LIWC and WordStat files) with a
    warning."""
    data = read_source_bytes(path, max_bytes=max_bytes)
    try:
        return decode_utf8(data, path)
    except LexiconError:
        warn(f"{path}: not UTF-8; read as Windows-1252 (check accented words)")
        return data.decode("cp1252", errors="replace")


def _ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")


def slugify(text: str, *, fallback: str = "category") -> str:
    """A frame id (``[a-z][a-z0-9_]*``) from a category name.

    >>> slugify("Sécurité / Coopération"), slugify("2nd Wave"), slugify("الأمن")
    ('securite_cooperation', 'f_2nd_wave', 'category')
    """
    slug = _ascii_slug(text)
    if not slug:
        return fallback
    return slug if slug[0].isalpha() else f"f_{slug}"


def lexicon_name(path: str | Path, name: str | None) -> str:
    """The given name, else one made from the file name (``[a-z0-9_-]+``).

    >>> lexicon_name("dictionaries/Moral Foundations 2.0.dic", None)
    'moral_foundations_2_0'
    """
    return name or _ascii_slug(Path(path).stem) or "lexicon"


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... if taken; the result is added to ``taken``."""
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}_{number}"
        number += 1
    taken.add(candidate)
    return candidate


def build_imported_lexicon(
    categories: Iterable[tuple[str, list[Entry]]],
    *,
    path: str | Path,
    language: str,
    name: str | None,
    format_name: str,
) -> Lexicon:
    """A one-language lexicon from ``(category name, entries)`` pairs, in order.

    Frame ids are slugified names (made unique); labels are the names as
    written. Repeated entries in a category are dropped, and empty categories
    skipped, with a warning each. More than ``Limits.max_lexicon_entries``
    entries raise :class:`~framing.errors.ResourceLimitError`.
    """
    frames: list[Frame] = []
    taken: set[str] = set()
    for category, entries in categories:
        frame_id = unique_id(slugify(category, fallback=f"category_{len(frames) + 1}"), taken)
        kept = _drop_repeats(entries, f"{path}: category {category!r}")
        if not kept:
            warn(f"{path}: category {category!r} has no entries and was skipped")
            continue
        frames.append(Frame(id=frame_id, label=category, entries={language: kept}))
    lexicon = Lexicon(
        name=lexicon_name(path, name),
        version="1.0.0",
        description=f"Imported from {Path(path).name} ({format_name} format).",
        languages=[language],
        frames=frames,
        source_path=str(path),
    )
    check_entry_count(lexicon, path=path)
    return lexicon


def _drop_repeats(entries: list[Entry], where: str) -> list[Entry]:
    seen: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        key = (entry.pattern.casefold(), entry.kind)
        if key in seen:
            warn(f"{where}: {entry.pattern!r} is listed twice (line {entry.line}); kept once")
            continue
        seen[key] = entry
    return list(seen.values())


def export_language(lexicon: Lexicon, language: str | None, format_name: str) -> str:
    """The language a one-language file is written in: the one asked for, or the only one."""
    used = [code for code in lexicon.languages if any(f.entries.get(code) for f in lexicon.frames)]
    if language is None:
        if len(used) == 1:
            return used[0]
        raise LexiconError(
            f"a {format_name} file holds one language: choose one",
            path=lexicon.source_path,
            hint=f"pass --language ({', '.join(used) or 'none has entries'})",
        )
    if language not in used:
        raise LexiconError(
            f"the lexicon has no entries in {language!r}",
            path=lexicon.source_path,
            hint=f"languages with entries: {', '.join(used) or 'none'}",
        )
    return language


def exported_entries(
    lexicon: Lexicon, language: str, format_name: str, *, keep_weights: bool
) -> list[tuple[Frame, list[Entry]]]:
    """Each frame with the entries a one-language format can hold, warning about the rest."""
    dropped_regex, weighted, extras = 0, 0, []
    result = []
    for frame in lexicon.frames:
        entries = []
        for entry in frame.entries.get(language, []):
            if entry.kind == "regex":
                dropped_regex += 1
                continue
            if entry.weight != 1:
                weighted += 1
            entries.append(entry if keep_weights else replace(entry, weight=1.0))
        result.append((frame, entries))
        if frame.exclusions.get(language):
            extras.append(f"exclusions of {frame.id}")
        if frame.proximity is not None and frame.proximity.anchors.get(language):
            extras.append(f"proximity of {frame.id}")
    if dropped_regex:
        warn(f"{format_name} has no regular expressions: {_count(dropped_regex)} not written")
    if weighted and not keep_weights:
        warn(f"{format_name} has no weights: {_count(weighted, 'weighted')} written with weight 1")
    if extras:
        warn(f"{format_name} cannot hold these, not written: {', '.join(extras)}")
    return result


def _count(n: int, adjective: str = "regex") -> str:
    return f"{n} {adjective} {'entry' if n == 1 else 'entries'}"


def lexicon_for_language(lexicon: Lexicon, language: str) -> Lexicon:
    """A copy of ``lexicon`` with only one language's entries, exclusions and anchors."""

    def pick(by_language: dict[str, list[Entry]]) -> dict[str, list[Entry]]:
        return {language: list(by_language[language])} if language in by_language else {}

    frames = []
    for frame in lexicon.frames:
        proximity = frame.proximity
        if proximity is not None:
            proximity = replace(proximity, anchors=pick(proximity.anchors))
        frames.append(
            replace(
                frame,
                entries=pick(frame.entries),
                exclusions=pick(frame.exclusions),
                proximity=proximity,
            )
        )
    options = dict(lexicon.options)
    if "fold_accents" in options:
        options["fold_accents"] = [c for c in options["fold_accents"] if c == language]
        if not options["fold_accents"]:
            del options["fold_accents"]
    return replace(lexicon, languages=[language], frames=frames, options=options)


# -- the built-in formats ------------------------------------------------------------------


def _read_yaml(
    path: str | Path,
    *,
    language: str = "en",
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Lexicon:
    lexicon = load_lexicon(path, max_bytes=max_bytes)
    if name:
        lexicon.name = name
    return lexicon


def _write_yaml(lexicon: Lexicon, path: str | Path, *, language: str | None = None) -> Path:
    if language is not None:
        lexicon = lexicon_for_language(lexicon, export_language(lexicon, language, "yaml"))
    return save_lexicon(lexicon, path)


def _sniff_yaml(head: str) -> bool:
    return bool(re.search(r"^frames\s*:", head, re.MULTILINE))


def _register_builtin_formats() -> None:
    # Imported here: the format modules use the helpers defined above.
    from framing.lexicon.formats import liwc, quanteda, wordstat

    register_format(
        LexiconFormat(
            "yaml",
            _read_yaml,
            _write_yaml,
            (".yaml", ".yml"),
            _sniff_yaml,
            multilingual=True,
            description="the toolkit's own multilingual format",
        )
    )
    for module in (liwc, wordstat, quanteda):
        register_format(module.FORMAT)


_register_builtin_formats()

__all__ = [
    "FORMATS",
    "LexiconFormat",
    "LexiconFormatWarning",
    "detect_format",
    "get_format",
    "load_any",
    "register_format",
    "save_any",
]
