"""The toolkit's errors: one small hierarchy, each naming where and what to do.

Every error carries the file (and, where known, the row/line and field) and a
hint. The command line prints ``str(error)`` and exits with a status; it never
shows a traceback for these.
"""

from __future__ import annotations

from pathlib import Path


class FramingError(Exception):
    """Base class: a problem the user can act on.

    Parameters
    ----------
    message:
        What went wrong, in one sentence.
    path:
        The file concerned, if any.
    line:
        The 1-based line (or row) in that file, if known.
    field:
        The column, key or entry concerned, if any.
    hint:
        What the user can do about it.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(str(self))

    @property
    def location(self) -> str:
        """``file:line [field]`` as far as known, else an empty string."""
        parts = []
        if self.path:
            parts.append(self.path + (f":{self.line}" if self.line is not None else ""))
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"[{self.field}]")
        return " ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(FramingError):
    """An input file cannot be read as an article source."""


class ManifestError(InputError):
    """A manifest CSV is malformed or names files that do not exist."""


class CorpusError(FramingError):
    """A corpus directory is missing or incomplete."""


class LexiconError(FramingError):
    """A lexicon file is invalid."""


class LabelError(FramingError):
    """Annotation labels are invalid."""


class ModelError(FramingError):
    """A model file cannot be trained, saved or loaded safely."""


class ConfigError(FramingError):
    """An experiment file is invalid."""


class CompareError(FramingError):
    """A comparison cannot be computed from the given tables."""


class CollectError(FramingError):
    """A collection from the web cannot proceed."""


class ResourceLimitError(FramingError):
    """An input exceeds a configured resource limit."""


class ConcurrentRunError(FramingError):
    """Another run is writing to the same output folder."""
