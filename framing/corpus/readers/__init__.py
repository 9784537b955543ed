"""Readers: one per source shape, chosen by the file's content, and :func:`read_file`.

The registry is an ordered mapping from a format name to a reader (see
:mod:`framing.corpus.readers.reader`). :func:`read_file` decodes the file and
asks each reader in turn whether the text is its shape: ``wordpress``,
``jsonl``, ``csv``, ``html``, then ``text``, which accepts anything. So a
WordPress JSON saved as ``.txt`` is read as WordPress and an HTML page saved
as ``.txt`` as HTML. A zip archive is opened and each member read the same
way (:mod:`framing.corpus.archive`). Add a reader for another shape with
:func:`register_reader`.

>>> from pathlib import Path
>>> result = read_file(Path("article.txt"))  # doctest: +SKIP
>>> result.documents[0].source_format, result.encoding  # doctest: +SKIP
('wordpress', 'utf-8')
"""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from framing.corpus.decode import decode_bytes
from framing.corpus.readers.columns import ColumnMap, detect_columns, parse_column_map
from framing.corpus.readers.html import HtmlReader
from framing.corpus.readers.jsonl import JsonlReader
from framing.corpus.readers.reader import Reader, ReadResult, SkippedInput
from framing.corpus.readers.shares import read_share
from framing.corpus.readers.table import CsvReader
from framing.corpus.readers.text import TextReader
from framing.corpus.readers.wordpress import WordPressReader
from framing.errors import FramingError, InputError, ResourceLimitError
from framing.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "ColumnMap",
    "ReadResult",
    "Reader",
    "SkippedInput",
    "detect_columns",
    "parse_column_map",
    "read_archive",
    "read_file",
    "read_text",
    "register_reader",
    "sniff_format",
    "unregister_reader",
]

#: Files larger than this are refused (:class:`~framing.errors.ResourceLimitError`).
DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_file_bytes

#: Format name -> reader, in the order they are tried.
READERS: dict[str, Reader] = {
    "wordpress": WordPressReader(),
    "jsonl": JsonlReader(),
    "csv": CsvReader(),
    "html": HtmlReader(),
    "text": TextReader(),
}


def register_reader(name: str, reader: Reader, *, before: str | None = None) -> None:
    """Add (or replace) a reader, tried before ``before`` (default: before ``text``).

    Custom readers usually recognise something more specific than plain
    text, so by default they go just before the last-resort ``text`` reader.

    >>> class Rss:
    ...     def sniff(self, text, path): return text.lstrip().startswith("<rss")
    ...     def read(self, text, source, **options): return ReadResult()
    >>> register_reader("rss", Rss(), before="html")
    >>> list(READERS)
    ['wordpress', 'jsonl', 'csv', 'rss', 'html', 'text']
    >>> unregister_reader("rss")
    """
    if not isinstance(reader, Reader):
        raise TypeError(f"a reader needs sniff(text, path) and read(text, source): {reader!r}")
    anchor = before if before is not None else ("text" if "text" in READERS else None)
    if anchor is not None and anchor not in READERS:
        raise KeyError(f"no reader named {anchor!r}; readers are {', '.join(READERS)}")
    entries = [(key, value) for key, value in READERS.items() if key != name]
    position = next((i for i, (key, _) in enumerate(entries) if key == anchor), len(entries))
    entries.insert(position, (name, reader))
    READERS.clear()
    READERS.update(entries)


def unregister_reader(name: str) -> None:
    """Remove a reader from the registry (no error when it is absent)."""
    READERS.pop(name, None)


def sniff_format(text: str, path: Path | None = None) -> str:
    """The name of the first reader that recognises ``text``.

    >>> sniff_format('<!DOCTYPE html><html><body><p>Rabat</p></body></html>')
    'html'
    >>> sniff_format("Rabat\\nLa visite a eu lieu mercredi.")
    'text'
    """
    for name, reader in READERS.items():
        if reader.sniff(text, path):
            return name
    raise InputError("no reader recognises this content", path=path)


def read_text(
    text: str,
    *,
    source: str,
    path: Path | None = None,
    format: str | None = None,
    column_map: ColumnMap | None = None,
    limits: Limits | None = None,
    part: tuple[int, int] | None = None,
) -> ReadResult:
    """Read already-decoded text with the reader ``format`` names, or the one that sniffs it.

    ``limits`` (default :data:`~framing.limits.DEFAULT_LIMITS`) is passed to the
    reader, which checks those that concern it (the JSON nesting depth).
    ``part=(i, n)``: a reader with ``reads_parts`` (JSON Lines) gives the
    ``i``-th of ``n`` shares of the file; any other reads it whole as part 0
    and gives nothing as the others.
    """
    if format is None:
        format = sniff_format(text, path)
    elif format not in READERS:
        raise InputError(
            f"unknown format {format!r}",
            path=source,
            hint=f"formats are: {', '.join(READERS)}",
        )
    reader = READERS[format]
    options: dict[str, Any] = {"column_map": column_map} if column_map is not None else {}
    if limits is not None:
        options["limits"] = limits
    if part is not None and part != (0, 1):
        if getattr(reader, "reads_parts", False):
            options["part"] = part
        elif part[0] > 0:
            return ReadResult()
    return reader.read(text, source, **options)


def read_file(
    path: str | Path,
    *,
    source: str | None = None,
    column_map: ColumnMap | None = None,
    encoding: str | None = None,
    max_bytes: int | None = None,
    format: str | None = None,
    limits: Limits | None = None,
    part: tuple[int, int] | None = None,
) -> ReadResult:
    """Read the articles in one file, whatever its shape and encoding.

    Parameters
    ----------
    path:
        The file. A zip archive is read member by member (:func:`read_archive`).
    source:
        How to name it in results and errors (default: the path as given).
    column_map:
        For CSV and JSON exports: which column holds the text, title, ...
        (detected when not given).
    encoding:
        Decode with this codec instead of detecting it.
    max_bytes:
        Refuse larger files with :class:`~framing.errors.ResourceLimitError`
        (default: ``limits.max_file_bytes``).
    format:
        Use this reader instead of sniffing (``wordpress``, ``csv``, ...).
    limits:
        The :class:`~framing.limits.Limits` to apply (default: the defaults).
    part:
        ``(i, n)``: only the ``i``-th of ``n`` equal shares of a JSON Lines
        file's lines (its documents and skipped lines), so that several
        processes can read one big export; any other file is read whole as
        part 0 and gives nothing as the others. A part of a UTF-8 file reads
        and decodes only its lines (:mod:`~framing.corpus.readers.shares`)
        and detects the columns from its own objects (``columns``). Parts
        read in order give what the whole file gives when they agree:
        decoded alike (``encoding``) and with the same columns
        (:func:`~framing.corpus.readers.jsonl.shares_agree`).

    Raises :class:`~framing.errors.InputError` when the file as a whole cannot
    be read (missing, empty, binary, undecodable, invalid JSON, HTML without
    an article, a damaged zip); items inside a multi-article file or an
    archive that cannot be read are in ``ReadResult.skipped`` instead.
    """
    path = path if isinstance(path, Path) else Path(path)  # (a path is not parsed again)
    source = source if source is not None else str(path)
    limits = limits or DEFAULT_LIMITS
    if max_bytes is not None:
        limits = replace(limits, max_file_bytes=max_bytes)
    from framing.corpus.archive import is_zip  # imported here: archive imports readers

    # One stat and one open per file (a folder of short articles is mostly file system calls).
    try:
        status = path.stat()
    except FileNotFoundError:
        raise InputError("no such file", path=source, hint="check the path") from None
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", path=source) from None
    if not stat.S_ISREG(status.st_mode):  # checked before opening: a FIFO would block
        raise InputError("not a file", path=source, hint="give a file, or a folder to ingest")
    shared = part is not None and part != (0, 1) and encoding is None and format in (None, "jsonl")
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            archive = is_zip(head)
            if not archive:
                _check_size(status.st_size, limits, source)
                if shared:  # a share of a JSON Lines export: its own lines only, if it can
                    share = read_share(handle, status, path, source, column_map, limits, part)
                    if share is not None:
                        return share
                handle.seek(0)
                data = handle.read()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", path=source) from None
    if archive:
        if part is not None and part[0] > 0:
            return ReadResult()
        return read_archive(
            path,
            source=source,
            column_map=column_map,
            encoding=encoding,
            format=format,
            limits=limits,
        )
    return _read_bytes(data, source, path, column_map, encoding, format, limits, part)


def _check_size(size: int, limits: Limits, source: str) -> None:
    if size > limits.max_file_bytes:
        raise ResourceLimitError(
            f"the file is {size:,} bytes, over the limit of {limits.max_file_bytes:,}",
            path=source,
            hint="split it into smaller files, or raise the limit (framing ingest --max-file-mb)",
        )


def read_archive(
    path: str | Path,
    *,
    source: str | None = None,
    column_map: ColumnMap | None = None,
    encoding: str | None = None,
    format: str | None = None,
    limits: Limits | None = None,
) -> ReadResult:
    """Read every member of a zip archive as a file, by content (see :mod:`framing.corpus.archive`).

    Documents are named ``archive.zip!member.txt`` and each records its
    member's ``encoding`` in its metadata. Members that cannot be read, and
    unsafe or nested ones, are in ``skipped``; a decompression bomb raises
    :class:`~framing.errors.ResourceLimitError` naming the archive.
    """
    from framing.corpus.archive import iter_archive

    source = source if source is not None else str(path)
    limits = limits or DEFAULT_LIMITS
    result = ReadResult()
    for member in iter_archive(path, source=source, limits=limits):
        if isinstance(member, SkippedInput):
            result.skipped.append(member)
            continue
        try:
            read = _read_bytes(
                member.data,
                member.source,
                PurePosixPath(member.name),
                column_map,
                encoding,
                format,
                limits,
            )
        except FramingError as error:
            result.skipped.append(SkippedInput.from_error(member.source, error))
            continue
        for document in read.documents:
            document.metadata.setdefault("encoding", read.encoding)
        result.documents.extend(read.documents)
        result.skipped.extend(read.skipped)
        result.repaired = result.repaired or read.repaired
    if not result.documents and not result.skipped:
        raise InputError(
            "the zip archive holds no files to read",
            path=source,
            hint="hidden files and folders inside it are left out",
        )
    return result


def _read_bytes(
    data: bytes,
    source: str,
    path: Path | PurePosixPath,
    column_map: ColumnMap | None,
    encoding: str | None,
    format: str | None,
    limits: Limits,
    part: tuple[int, int] | None = None,
) -> ReadResult:
    decoded = decode_bytes(data, source, encoding)
    if not decoded.text.strip():
        raise InputError(
            "empty file: no text to read", path=source, hint="remove it or export it again"
        )
    result = read_text(
        decoded.text,
        source=source,
        path=path if isinstance(path, Path) else Path(path),
        format=format,
        column_map=column_map,
        limits=limits,
        part=part,
    )
    result.encoding = decoded.encoding
    result.repaired = decoded.repaired
    return result
