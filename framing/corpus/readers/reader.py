"""What a reader is and what it returns.

A reader turns the decoded text of one file into :class:`RawDocument` objects.
It has two methods: ``sniff(text, path)`` says whether the text has the shape
the reader understands (decided by content; the path is only a hint), and
``read(text, source, **options)`` returns a :class:`ReadResult`. Items that
cannot be read inside a multi-article file go to ``skipped``, never dropped
silently; problems with the whole file raise :class:`~framing.errors.InputError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from framing.corpus.document import RawDocument
from framing.errors import FramingError


@dataclass
class SkippedInput:
    """Something that could not be read; reported, never dropped silently.

    Attributes
    ----------
    source:
        The file path as given, plus ``#row N``, ``#line N`` or ``#index N``
        for an item inside a multi-article file.
    reason:
        What is wrong and what to do about it.
    """

    source: str
    reason: str

    @classmethod
    def from_error(cls, source: str, error: FramingError) -> SkippedInput:
        """The error's message and hint as the reason (the source already names the file).

        >>> from framing.errors import InputError
        >>> error = InputError("empty file", path="a.txt", hint="remove it")
        >>> SkippedInput.from_error("a.txt", error)
        SkippedInput(source='a.txt', reason='empty file (remove it)')
        """
        reason = error.message
        return cls(source, f"{reason} ({error.hint})" if error.hint else reason)


@dataclass
class ReadResult:
    """The articles read from one file, the items skipped, and how it was decoded.

    Attributes
    ----------
    documents:
        One :class:`RawDocument` per article, in file order.
    skipped:
        Items inside the file that could not be read.
    encoding:
        The encoding decoding found (None when the reader got text directly).
    repaired:
        Whether decoding repaired mojibake or stray control characters.
    columns:
        For a share of a JSON Lines export (``part``): the field names its
        objects have, in order of appearance. Its columns were detected from
        these alone: a caller joining the shares checks that every share
        found the columns the whole file gives (see
        :func:`~framing.corpus.readers.jsonl.shares_agree`).
    """

    documents: list[RawDocument] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)
    encoding: str | None = None
    repaired: bool = False
    columns: list[str] | None = None


@runtime_checkable
class Reader(Protocol):
    """The interface of a reader (see the module docstring)."""

    def sniff(self, text: str, path: Path | None) -> bool:
        """Whether ``text`` has the shape this reader understands."""
        ...

    def read(self, text: str, source: str, **options: Any) -> ReadResult:
        """Read the articles in ``text``; ``source`` names the file in results and errors."""
        ...
