"""A share of a big JSON Lines export, read from its own bytes only.

Several processes can read one export together: ``read_file(path, part=(i,
n))`` gives the documents of the ``i``-th of ``n`` equal ranges of its lines.
Here such a share reads and decodes only its lines' bytes, when decoding the
whole file would keep every line where it is: UTF-8 (see
:func:`~framing.corpus.decode.decode_utf8_lines`), no carriage return alone
and no Unicode line or paragraph separator. Its format and whether it is JSON
Lines are decided from the start of the file, as for the whole file (the
readers look no further). Otherwise :func:`read_share` gives None and the
file is decoded whole.

A process reading several shares of one file looks at the whole file once:
its *layout* (where each line ends, its encoding) is kept for the next share.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from os import stat_result
from pathlib import Path
from typing import IO, Any

import numpy as np

from framing.corpus.decode import SAMPLE_SIZE, decode_utf8_lines, utf8_encoding
from framing.corpus.readers.columns import ColumnMap
from framing.corpus.readers.jsonl import share_lines, starts_json_lines
from framing.corpus.readers.reader import ReadResult
from framing.corpus.readers.wordpress import SNIFF_CHARS
from framing.limits import Limits

# Bytes at the start of a file that decide how it is read (wordpress sniffs SNIFF_CHARS
# characters, at most 4 bytes each in UTF-8; a shorter file is decided whole).
HEAD_BYTES = 1_000_000
_SEPARATORS = (b"\xe2\x80\xa8", b"\xe2\x80\xa9")  # U+2028, U+2029: decoding makes them breaks


@dataclass(frozen=True)
class Layout:
    """Where the lines of a JSON Lines file end, and its encoding."""

    ends: np.ndarray  # line n (from 1) ends at byte ends[n - 1]; the last one at the file's end
    encoding: str
    size: int

    def span(self, part: tuple[int, int]) -> tuple[range, int, int]:
        """The lines of share ``part`` and their bytes (``start``, ``end``), newlines included."""
        lines = share_lines(part, len(self.ends) + 1)
        if not lines:
            return lines, 0, 0
        start = 0 if lines.start == 1 else int(self.ends[lines.start - 2]) + 1
        last = lines.stop - 1
        end = self.size if last > len(self.ends) else int(self.ends[last - 1]) + 1
        return lines, start, end


# The layouts of the last files shared here, by path, size and modification time.
_LAYOUTS: OrderedDict[tuple[str, int, int], Layout | None] = OrderedDict()
_LAYOUTS_KEPT = 4


def read_share(
    handle: IO[bytes],
    status: stat_result,
    path: Path,
    source: str,
    column_map: ColumnMap | None,
    limits: Limits,
    part: tuple[int, int],
) -> ReadResult | None:
    """Share ``part`` of the JSON Lines file open as ``handle``, only its lines read; None
    when the file must be decoded whole to read it."""
    key = (str(path), status.st_size, status.st_mtime_ns)
    if key not in _LAYOUTS:
        handle.seek(0)
        _LAYOUTS[key] = layout_of(handle.read(), source, path)
        while len(_LAYOUTS) > _LAYOUTS_KEPT:
            _LAYOUTS.popitem(last=False)
    layout = _LAYOUTS[key]
    if layout is None:
        return None
    lines, start, end = layout.span(part)
    text, repaired = "", False
    if lines:
        handle.seek(start)
        decoded = decode_utf8_lines(
            handle.read(end - start), layout.encoding, first=start == 0, last=end == layout.size
        )
        if decoded is None:
            return None
        text, repaired = decoded.text, decoded.repaired
    from framing.corpus.readers import READERS

    options: dict[str, Any] = {
        "limits": limits,
        "part": part,
        "lines": (lines.start, len(layout.ends) + 1),
    }
    if column_map is not None:
        options["column_map"] = column_map
    result = READERS["jsonl"].read(text, source, **options)
    result.encoding, result.repaired = layout.encoding, repaired
    return result


def layout_of(data: bytes, source: str, path: Path) -> Layout | None:
    """The layout of the file ``data``, if a share of it can be read alone; else None."""
    from framing.corpus.readers import READERS, sniff_format

    if list(READERS)[:2] != ["wordpress", "jsonl"]:  # a reader registered before jsonl
        return None
    encoding = utf8_encoding(data[:SAMPLE_SIZE])
    # (b"\r" in data, a scan for one byte, is several times faster than counting.)
    if encoding is None or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
        return None
    if _has_line_separators(data):
        return None
    whole = len(data) <= HEAD_BYTES
    head_end = len(data) if whole else data.rfind(b"\n", 0, HEAD_BYTES) + 1
    head = decode_utf8_lines(data[:head_end], encoding, first=True, last=whole)
    if head is None:
        return None
    if not whole and (len(head.text) < SNIFF_CHARS or head.text.count("\n") < 5):
        return None
    if sniff_format(head.text, path) != "jsonl" or not starts_json_lines(head.text):
        return None
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    return Layout(ends, encoding, len(data))


def _has_line_separators(data: bytes) -> bool:
    """Whether ``data`` holds U+2028 or U+2029 in UTF-8 (E2 80 A8/A9): the lead byte E2
    is looked for first, in one pass over a byte array (searching for the 3-byte
    sequences took four times as long on a big export; E2 is rare in any language,
    while A8/A9 are common continuation bytes of Arabic)."""
    array = np.frombuffer(data, dtype=np.uint8)
    lead = np.flatnonzero(array[:-2] == 0xE2)
    return bool(((array[lead + 1] == 0x80) & ((array[lead + 2] & 0xFE) == 0xA8)).any())
