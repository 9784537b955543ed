"""The lexicon model: frames, their entries per language, exclusions and proximity.

Plain dataclasses with no I/O. Files are read and written by
:mod:`framing.lexicon.io` (YAML) and :mod:`framing.lexicon.formats` (LIWC,
WordStat, quanteda); matching is :mod:`framing.lexicon.matcher`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from framing.hashing import hash_text

EntryKind = Literal["word", "phrase", "glob", "regex"]


@dataclass(frozen=True)
class Entry:
    """One lexicon entry.

    Attributes
    ----------
    pattern:
        As written: ``exporter``, ``soft power``, ``secur*``, or a regular
        expression (``kind="regex"``) that must match one whole normalised token.
    kind:
        ``word`` (one token), ``phrase`` (several tokens), ``glob`` (``*`` any
        run of characters, ``?`` one character, within a token; a phrase may
        contain glob tokens) or ``regex``.
    weight:
        Contribution of one match to the frame's weighted score.
    line:
        The line in the source file, for error messages (not part of the hash).
    """

    pattern: str
    kind: EntryKind = "word"
    weight: float = 1.0
    line: int | None = field(default=None, compare=False)

    @staticmethod
    def infer_kind(pattern: str) -> EntryKind:
        """``glob`` with ``*`` or ``?``, ``phrase`` with spaces, else ``word``."""
        if "*" in pattern or "?" in pattern:
            return "glob"
        return "phrase" if len(pattern.split()) > 1 else "word"


@dataclass(frozen=True)
class Proximity:
    """Count a frame's terms only within ``window`` tokens of an anchor (e.g. the actor's name)."""

    window: int
    anchors: dict[str, list[Entry]]


@dataclass
class Frame:
    """A frame: its id, label, description and entries per language code."""

    id: str
    label: str
    description: str = ""
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    exclusions: dict[str, list[Entry]] = field(default_factory=dict)
    proximity: Proximity | None = None
    line: int | None = field(default=None, compare=False)


@dataclass
class Lexicon:
    """A multilingual frame lexicon.

    Examples
    --------
    >>> threat = Frame("threat", "Threat", entries={"en": [Entry("terror*", "glob")]})
    >>> lex = Lexicon(name="demo", version="1.0", languages=["en"], frames=[threat])
    >>> lex.frame_ids
    ['threat']
    >>> len(lex.hash)
    16
    """

    name: str
    version: str = "0.1.0"
    description: str = ""
    authors: list[str] = field(default_factory=list)
    license: str = ""
    citation: str = ""
    languages: list[str] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    source_path: str | None = field(default=None, compare=False)
    #: Source line of each top-level or nested key, by dotted path (``languages.2``,
    #: ``frames.0.proximity.window``), set by the YAML reader for error messages.
    source_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def frame_ids(self) -> list[str]:
        return [frame.id for frame in self.frames]

    def frame(self, frame_id: str) -> Frame:
        """The frame with this id (``KeyError`` naming the known ids otherwise)."""
        for frame in self.frames:
            if frame.id == frame_id:
                return frame
        raise KeyError(f"no frame {frame_id!r}; known frames: {', '.join(self.frame_ids)}")

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-serialisable form (without source lines or path)."""
        data = asdict(self)
        data.pop("source_path", None)
        data.pop("source_lines", None)
        _strip_lines(data)
        return data

    @property
    def hash(self) -> str:
        """Content hash of the lexicon (not of its file layout): recorded with every score."""
        return hash_text(json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False))


def _strip_lines(obj: Any) -> None:
    if isinstance(obj, dict):
        obj.pop("line", None)
        for value in obj.values():
            _strip_lines(value)
    elif isinstance(obj, list):
        for value in obj:
            _strip_lines(value)
