"""Zip archives of articles: members read in memory, checked before anything is read.

A ``.zip`` given to ``framing ingest`` (recognised by content, whatever its
name) is opened and each member is read like a file, by content; its source is
``archive.zip!folder/member.txt``. Nothing is ever extracted to disk, and an
archive is checked first:

- members whose name holds ``..`` or is absolute (``/etc/x``, ``C:\\x``), symbolic
  links and encrypted members are skipped with the reason;
- a zip inside the archive is not opened (reported), nor is an office document
  (``.xlsx``, ``.docx``), which is a zip too: export it as CSV or text;
- hidden members (``.DS_Store``, ``__MACOSX/``) are left out, as in folders;
- a decompression bomb is refused as a whole with
  :class:`~framing.errors.ResourceLimitError`: more than
  ``max_archive_members`` members, more than ``max_archive_bytes`` once
  uncompressed, or an expansion ratio above ``max_archive_ratio``
  (see :class:`~framing.limits.Limits`). A member that holds more than its
  header declares fails its checksum and is skipped as damaged.

>>> [item.source for item in iter_archive("articles.zip")]  # doctest: +SKIP
['articles.zip!../evil.txt', 'articles.zip!en/visit.txt', 'articles.zip!fr/visite.html']
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from framing.corpus.inputs import is_folder_document
from framing.corpus.readers.reader import SkippedInput
from framing.errors import InputError, ResourceLimitError
from framing.limits import DEFAULT_LIMITS, Limits

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
#: Below this uncompressed size a high compression ratio is harmless (blank files, repeats).
RATIO_FLOOR_BYTES = 1_000_000
_DRIVE = re.compile(r"^[A-Za-z]:")
_OOXML = (
    ("xl/", "an Excel workbook (.xlsx)"),
    ("word/", "a Word document (.docx)"),
    ("ppt/", "a PowerPoint file (.pptx)"),
)
_ODF = {
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (.ods)",
    "application/vnd.oasis.opendocument.text": "an OpenDocument text (.odt)",
    "application/epub+zip": "an EPUB book",
}


@dataclass(frozen=True)
class ArchiveMember:
    """One member's bytes and how results name it (``archive.zip!member.txt``)."""

    name: str
    source: str
    data: bytes


def is_zip(data: bytes) -> bool:
    """Whether bytes start like a zip archive (also true of .xlsx, .docx, .odt).

    >>> is_zip(b"PK\\x03\\x04rest"), is_zip(b"Rabat")
    (True, False)
    """
    return data.startswith(ZIP_SIGNATURES)


def unsafe_name(name: str) -> str | None:
    """Why a member name is unsafe to use (absolute, or climbing out with ``..``), else None.

    >>> unsafe_name("../evil.txt"), unsafe_name("/etc/passwd"), unsafe_name("en/a.txt")
    ('its name climbs out of the archive (..)', 'its name is an absolute path', None)
    """
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "its name is an absolute path"
    if ".." in re.split(r"[/\\]", name):
        return "its name climbs out of the archive (..)"
    if "\x00" in name:
        return "its name holds a NUL character"
    return None


def office_kind(names: Iterable[str], mimetype: bytes = b"") -> str | None:
    """What office document a zip is (``an Excel workbook (.xlsx)``), else None."""
    names = list(names)
    if "[Content_Types].xml" in names:
        for prefix, kind in _OOXML:
            if any(name.startswith(prefix) for name in names):
                return kind
        return "an Office Open XML document"
    return _ODF.get(mimetype.decode("ascii", "replace").strip())


def iter_archive(
    path: str | Path, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[ArchiveMember | SkippedInput]:
    """The members of a zip archive in name order, each read or skipped with its reason.

    Members are read one at a time, so memory holds one member (at most
    ``limits.max_file_bytes``), never the whole archive. Before the first
    member, raises :class:`~framing.errors.InputError` when the file is not a
    readable zip or is an office document, and
    :class:`~framing.errors.ResourceLimitError` for a decompression bomb.
    """
    path = Path(path)
    source = source if source is not None else str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(
            f"the zip archive is damaged or truncated ({error})",
            path=source,
            hint="download or create the archive again",
        ) from None
    with archive:
        infos = archive.infolist()
        _refuse_office_document(archive, infos, source)
        _check_declared_sizes(infos, path.stat().st_size, source, limits)
        yield from _members(archive, infos, source, limits)


def check_archive(
    path: str | Path, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> None:
    """Refuse a zip (an ``.xlsx`` too) that is a decompression bomb, before opening it further.

    For readers of zip-based formats (spreadsheets) that do not go through
    :func:`iter_archive`. Raises :class:`~framing.errors.ResourceLimitError`
    naming the file, or :class:`~framing.errors.InputError` for a damaged zip.
    """
    path = Path(path)
    source = source if source is not None else str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_declared_sizes(archive.infolist(), path.stat().st_size, source, limits)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(
            f"the zip archive is damaged or truncated ({error})",
            path=source,
            hint="download or create the file again",
        ) from None


def _refuse_office_document(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], source: str
) -> None:
    names = [info.filename for info in infos]
    mimetype = b""
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        if info.file_size < 200:
            try:
                mimetype = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, zlib.error):
                mimetype = b""
    kind = office_kind(names, mimetype)
    if kind:
        raise InputError(
            f"{kind}, not text or an archive of articles", path=source, hint=_hint(kind)
        )


def _hint(kind: str) -> str:
    if "spreadsheet" in kind or "workbook" in kind:
        return "save the sheet as CSV (UTF-8) and ingest that; formulas are never evaluated"
    return "save it as plain text or HTML and ingest that"


def _check_declared_sizes(
    infos: list[zipfile.ZipInfo], archive_size: int, source: str, limits: Limits
) -> None:
    if len(infos) > limits.max_archive_members:
        raise _bomb(
            f"it has {len(infos):,} members, over the limit of {limits.max_archive_members:,}",
            source,
            "max_archive_members",
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_archive_bytes:
        raise _bomb(
            f"its members expand to {total:,} bytes, over the limit of "
            f"{limits.max_archive_bytes:,}",
            source,
            "max_archive_bytes",
        )
    if total > RATIO_FLOOR_BYTES and total / max(archive_size, 1) > limits.max_archive_ratio:
        raise _bomb(
            f"it expands {total / max(archive_size, 1):,.0f} times its size "
            f"(the limit is {limits.max_archive_ratio})",
            source,
            "max_archive_ratio",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_archive_ratio:
            raise _bomb(
                f"member {info.filename!r} expands {ratio:,.0f} times its compressed size "
                f"(the limit is {limits.max_archive_ratio})",
                source,
                "max_archive_ratio",
            )


def _bomb(why: str, source: str, limit: str) -> ResourceLimitError:
    return ResourceLimitError(
        f"refused as a possible decompression bomb: {why}",
        path=source,
        hint=f"extract it yourself if you trust it, or raise {limit} in Limits",
    )


def _members(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], source: str, limits: Limits
) -> Iterator[ArchiveMember | SkippedInput]:
    seen: set[str] = set()
    for info in sorted(infos, key=lambda i: i.filename):
        name = info.filename
        where = f"{source}!{name}"
        if not unsafe_name(name) and (info.is_dir() or _hidden(name)):
            continue
        reason = _skip_reason(info, seen, limits)
        seen.add(name)
        data = None
        if reason is None:
            data, reason = _read_member(archive, info)
        if data is not None:
            reason = _nested_reason(data)
        if data is not None and reason is None:
            yield ArchiveMember(name, where, data)
        else:
            yield SkippedInput(where, reason or "cannot be read")


def _hidden(name: str) -> bool:
    parts = [part for part in re.split(r"[/\\]", name) if part]
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def _skip_reason(info: zipfile.ZipInfo, seen: set[str], limits: Limits) -> str | None:
    name = info.filename
    unsafe = unsafe_name(name)
    if unsafe:
        return f"unsafe member name: {unsafe}; it was not read (nothing is ever extracted)"
    if name in seen:
        return "the archive holds two members with this name; only the first is read"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "a symbolic link, not a file; it was not followed"
    if info.flag_bits & 0x1:
        return "the member is encrypted (extract it with its password, then ingest the files)"
    if is_folder_document(name.rsplit("/", 1)[-1]):
        return "an archive's README/LICENSE is not read as an article"
    if info.file_size > limits.max_file_bytes:
        return (
            f"the member is {info.file_size:,} bytes uncompressed, over the limit of "
            f"{limits.max_file_bytes:,} (split it into smaller files)"
        )
    return None


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo
) -> tuple[bytes | None, str | None]:
    """The member's bytes, or why it cannot be read.

    zipfile stops at the size the header declares and then checks the CRC, so
    a member that holds more than it declares (a lying header) is damaged.
    """
    try:
        with archive.open(info) as handle:
            return handle.read(info.file_size), None
    except NotImplementedError as error:
        return None, f"cannot be decompressed ({error})"
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
        return None, f"the member is damaged ({error}); create the archive again"


def _nested_reason(data: bytes) -> str | None:
    if not is_zip(data):
        return None
    return (
        "a zip inside the archive is not opened (nor is an .xlsx or .docx, which are zips): "
        "extract it and ingest its files"
    )
