"""Bytes to text: encoding detection, binary detection, mojibake repair, Unicode normalisation.

News files arrive as UTF-8 (with or without a byte-order mark), UTF-16 from
Windows tools, Windows-1256 from older Arabic sites and Windows-1252 or Latin-1
from French ones, and sometimes already garbled (UTF-8 read once as
Windows-1252: ``sÃ©curitÃ©``). :func:`decode_bytes` finds the encoding, refuses
binary files, repairs such mojibake, and normalises the text so that every
later stage sees the same characters for the same words.

>>> decode_bytes("sécurité".encode("cp1252"), "note.txt").text
'sécurité'
>>> decode_bytes("Moroccoâ€™s role".encode("utf-8"), "note.txt").text
'Morocco’s role'
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ftfy
import numpy as np

from framing.errors import InputError
from framing.text.codes import character_codes
from framing.text.script import ARABIC_BASE_BLOCK, ARABIC_CHARACTERS, ARABIC_PRESENTATION_FORMS

#: Bytes examined for binary detection and the UTF-16 heuristics.
SAMPLE_SIZE = 65_536

#: Single-byte encodings tried, in order of preference on a tie.
LEGACY_ENCODINGS: tuple[str, ...] = ("cp1252", "cp1256", "latin-1")

# Share of suspicious words above which no legacy decoding counts as readable.
_MAX_IMPLAUSIBILITY = 0.35

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 LE first: its mark begins with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx, .xlsx or .odt file)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc or .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
)

# C0 controls that never appear in text files (tab, newlines, form feed, escape
# and the old DOS end-of-file mark do).
_CONTROL_BYTES = bytes(sorted(frozenset(range(32)) - {9, 10, 11, 12, 13, 26, 27}))

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,  # readers decode entities where markup is expected
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,  # curly quotes are data, not damage
    fix_line_breaks=False,  # done here, identically for every file
    normalization=None,  # NFC is applied afterwards
    explain=False,
)

# What ftfy can repair: a UTF-8 lead byte read as Windows-1252/Latin-1 followed by a
# continuation byte read the same way (``Ã©``, ``â€™``, ``Ø§``), a no-break space
# that became a space (``Ã ``), or control characters and lone surrogates.
_CP1252_CONTINUATION = (
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_LEADS = "\u00c2-\u00f4"
_FOLLOWERS = "\u0080-\u00bf" + _CP1252_CONTINUATION
_ALONE = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_NEEDS_FTFY = re.compile(f"[{_LEADS}][{_FOLLOWERS}]|\u00c3 |[{_ALONE}]")
_PRESENTATION_FORMS = re.compile(f"[{ARABIC_PRESENTATION_FORMS}]+")
_WORD = re.compile(r"[^\W\d_]+")
# Windows-1256 reading of the UTF-8 lead bytes of the Arabic block (0xD8, 0xD9).
_CP1256_MOJIBAKE_LEADS = "طظ"
# The mojibake ratio counts the base Arabic block only, on purpose: it is the only Arabic
# that Windows-1256 decodes to, so only those letters can be read back as UTF-8 bytes.
_NOT_ARABIC_BLOCK = re.compile(f"[^{ARABIC_BASE_BLOCK}]+")


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from a file's bytes.

    Attributes
    ----------
    text:
        NFC text with ``\\n`` line endings, Arabic presentation forms folded.
    encoding:
        The codec that decoded the bytes (``utf-8``, ``utf-8-sig``,
        ``utf-16-le``, ``cp1256``, ...).
    repaired:
        Whether mojibake or stray control characters were repaired.
    """

    text: str
    encoding: str
    repaired: bool = False


def decode_bytes(
    data: bytes, path: str | Path | None = None, encoding: str | None = None
) -> DecodedText:
    """Decode a file's bytes to normalised text.

    Strategy: a byte-order mark decides; else strict UTF-8; else UTF-16 when
    NUL bytes sit in every other position; else Windows-1252, Windows-1256 or
    Latin-1, whichever gives real words (accented Latin words versus Arabic
    words), with charset-normalizer's ranking breaking ties. ``encoding``
    overrides detection.

    Raises :class:`~framing.errors.InputError` for binary files and bytes no
    candidate decodes into readable text.

    >>> decode_bytes("الأمن الوطني".encode("cp1256"), "a.txt").encoding
    'cp1256'
    >>> decode_bytes(codecs.BOM_UTF8 + "Rabat\\r\\n".encode(), "a.txt")
    DecodedText(text='Rabat\\n', encoding='utf-8-sig', repaired=False)
    """
    _refuse_known_binary(data, path)
    if encoding:
        text, name = _decode_explicit(data, path, encoding)
    else:
        text, name = _detect(data, path)
    return _finish(text, name)


def utf8_encoding(head: bytes) -> str | None:
    """``utf-8-sig`` or ``utf-8`` for a file starting with ``head`` (its first SAMPLE_SIZE
    bytes) that may be UTF-8; None for a file that is not, or may not be (another
    byte-order mark, NUL bytes, a binary signature or many control characters:
    :func:`decode_bytes` says what it is).

    >>> utf8_encoding(codecs.BOM_UTF8 + b"Rabat"), utf8_encoding(codecs.BOM_UTF16_LE + b"R\\0")
    ('utf-8-sig', None)
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if any(head.startswith(bom) for bom, _, _ in _BOMS):
        return None
    sample = head[:SAMPLE_SIZE]
    if b"\x00" in sample or any(head.startswith(magic) for magic, _ in _SIGNATURES):
        return None
    if _mostly_controls(sample):
        return None
    return "utf-8"


def decode_utf8_lines(
    piece: bytes, encoding: str, *, first: bool, last: bool
) -> DecodedText | None:
    """Whole lines of a file that :func:`utf8_encoding` calls ``encoding``, decoded as the
    whole file would be (``first``: they start the file; ``last``: they end it); None if
    they are not UTF-8.

    After the encoding is chosen, decoding goes line by line, so lines of a
    UTF-8 file decode to what the whole file gives for them. Only these lines
    are checked: a caller joining the lines of a file must check that all of
    them decoded, else the file as a whole is another encoding.

    >>> decode_utf8_lines("الرباط\\n".encode(), "utf-8", first=False, last=True).text
    'الرباط\\n'
    """
    if first and encoding == "utf-8-sig":
        piece = piece[len(codecs.BOM_UTF8) :]
    # With a byte-order mark, a file cut inside its last character is refused.
    text = _utf8(piece, cut_end=last and encoding == "utf-8")
    return None if text is None else _finish(text, encoding)


def _utf8(data: bytes, *, cut_end: bool) -> str | None:
    """``data`` decoded as UTF-8, or None; ``cut_end``: data ending inside a character (a
    file cut short) gives its whole characters."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if cut_end and error.end == len(data) and error.reason == "unexpected end of data":
            return data[: error.start].decode("utf-8")
    return None


def _mostly_controls(sample: bytes) -> bool:
    """More than 1% of the bytes are control characters text does not hold: binary."""
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and controls / len(sample) > 0.01


def _detect(data: bytes, path: str | Path | None) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as error:
                raise InputError(
                    f"the file starts with a {codec} byte-order mark but is not valid {codec} "
                    f"(bad bytes at position {error.start + len(bom)})",
                    path=path,
                    hint="re-save it as UTF-8, or pass --encoding NAME",
                ) from None
    sample = data[:SAMPLE_SIZE]
    if b"\x00" in sample:
        found = _utf16_without_bom(data)
        if found is None:
            raise _binary(path, "it contains NUL bytes")
        return found
    if _mostly_controls(sample):
        raise _binary(path, "it contains many control characters")
    text = _utf8(data, cut_end=True)  # a file cut inside its last character: what is whole
    if text is not None:
        return text, "utf-8"
    return _decode_legacy(data, path)


def _decode_explicit(data: bytes, path: str | Path | None, encoding: str) -> tuple[str, str]:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"unknown encoding {encoding!r}",
            path=path,
            hint="use a codec name such as utf-8, utf-16, cp1256, cp1252 or latin-1",
        ) from None
    try:
        return data.decode(name), name
    except UnicodeDecodeError as error:
        raise InputError(
            f"cannot be decoded as {name}: invalid bytes at position {error.start}",
            path=path,
            hint="check the encoding, or leave --encoding out to detect it",
        ) from None


def _refuse_known_binary(data: bytes, path: str | Path | None) -> None:
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise _binary(path, f"it looks like {what}")


def _binary(path: str | Path | None, why: str) -> InputError:
    return InputError(
        f"binary file, not text: {why}",
        path=path,
        hint="convert it to text first: plain text, HTML, CSV or JSON",
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a mark: one byte of each pair has few values, NUL among them."""
    sample = data[: min(len(data), SAMPLE_SIZE) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        # Latin and Arabic text: high bytes are mostly 0x00 (ASCII, spaces) or 0x06.
        if high.count(0) / len(high) < 0.05 or low.count(0) / len(low) > 0.01:
            continue
        if _top_two_share(high) < 0.8:
            continue
        try:
            text = data[: len(data) // 2 * 2].decode(codec)
        except UnicodeDecodeError:
            continue
        head = text[:5000]
        if sum(ch.isprintable() or ch in "\n\r\t" for ch in head) / len(head) > 0.95:
            return text, codec
    return None


def _top_two_share(values: bytes) -> float:
    counts = sorted((values.count(byte) for byte in set(values)), reverse=True)
    return sum(counts[:2]) / len(values)


def _decode_legacy(data: bytes, path: str | Path | None) -> tuple[str, str]:
    decoded: dict[str, str] = {}
    for codec in LEGACY_ENCODINGS:
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    scores = {codec: _implausibility(_sample(text)) for codec, text in decoded.items()}
    ranking = _charset_normalizer_ranking(data)

    def preference(codec: str) -> tuple[float, int, int, int]:
        # Windows-1256 only wins a tie when it actually yields Arabic.
        no_arabic = codec == "cp1256" and not _mostly_arabic(decoded[codec])
        rank = ranking.index(codec) if codec in ranking else len(ranking)
        return round(scores[codec], 2), int(no_arabic), rank, LEGACY_ENCODINGS.index(codec)

    best = min(decoded, key=preference)
    if scores[best] > _MAX_IMPLAUSIBILITY:
        raise InputError(
            "cannot tell the text encoding: neither UTF-8, UTF-16, Windows-1256, "
            "Windows-1252 nor Latin-1 gives readable text",
            path=path,
            hint="re-save the file as UTF-8, or pass --encoding NAME",
        )
    return decoded[best], best


def _sample(text: str, size: int = 200_000) -> str:
    """The start, middle and end of a long text: enough words to judge a decoding."""
    if len(text) <= size:
        return text
    third = size // 3
    middle = len(text) // 2
    return "\n".join((text[:third], text[middle : middle + third], text[-third:]))


def _charset_normalizer_ranking(data: bytes) -> list[str]:
    from charset_normalizer import from_bytes

    names = {"cp1252": "cp1252", "cp1256": "cp1256", "latin_1": "latin-1"}
    matches = from_bytes(data, cp_isolation=list(names))
    return [names[match.encoding] for match in matches if match.encoding in names]


def _script(ch: str) -> str:
    if ch.isascii():
        return "latin"
    if ch in ARABIC_CHARACTERS:
        return "arabic"
    return "latin" if unicodedata.name(ch, "").startswith("LATIN") else "other"


def _implausibility(text: str) -> float:
    """Share of non-ASCII words that real French, English or Arabic would not contain.

    A wrong single-byte decoding shows as words mixing Arabic and Latin letters
    (``l'ةtat``), Latin words made mostly of accented letters (``ÇáÃãä``),
    letters of other scripts, or C1 control characters. Words are
    whitespace-delimited, so punctuation inside a word counts with it.
    """
    suspicious = total = 0
    for word in text.split():
        if word.isascii():
            continue
        total += 1
        letters = [ch for ch in word if ch.isalpha()]
        scripts = {_script(ch) for ch in letters}
        if len(scripts) > 1 or "other" in scripts or _has_c1_control(word):
            suspicious += 1
            continue
        for run in _WORD.findall(word):
            accented = sum(not ch.isascii() for ch in run)
            if accented >= 3 and accented / len(run) > 0.5 and _script(run[0]) == "latin":
                suspicious += 1
                break
    return suspicious / total if total else 0.0


def _has_c1_control(word: str) -> bool:
    return any("\x80" <= ch <= "\x9f" for ch in word)


def _mostly_arabic(text: str) -> bool:
    letters = [ch for ch in text if not ch.isascii() and ch.isalpha()]
    return bool(letters) and sum(_script(ch) == "arabic" for ch in letters) / len(letters) > 0.5


def _finish(text: str, encoding: str) -> DecodedText:
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n")
    fixed = _repair_with_ftfy(_repair_cp1256_mojibake(text))
    repaired = fixed != text
    text = unicodedata.normalize("NFC", fixed)
    text = fold_presentation_forms(text).replace("\ufeff", "")
    return DecodedText(text=text, encoding=encoding, repaired=repaired)


def _repair_with_ftfy(text: str) -> str:
    """Run ftfy on the lines that need it (it is slow: a few seconds per 10 MB)."""
    if not _may_need_ftfy(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _NEEDS_FTFY.search(line):
            lines[i] = ftfy.fix_text(line, config=_FTFY)
    return "\n".join(lines)


def _repair_cp1256_mojibake(text: str) -> str:
    """Undo Arabic UTF-8 read as Windows-1256 (``ط§ظ„``), line by line.

    ftfy does not know Windows-1256. In such text nearly every other letter is
    ``ط`` or ``ظ`` (the lead bytes), which real Arabic never shows. Only the
    lines where a lead is followed by a character read from a continuation
    byte can be such text (the UTF-8 of the others would not decode): they
    are found with NumPy and checked one by one (checking every line took
    10 ms per MB of Arabic).
    """
    if "ط" not in text and "ظ" not in text:
        return text
    pieces, done = [], 0
    for start, end in _lines_with_cp1256_pairs(text):
        pieces += [text[done:start], _repair_cp1256_line(text[start:end])]
        done = end
    return "".join([*pieces, text[done:]]) if pieces else text


def _lines_with_cp1256_pairs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines of ``text`` holding a lead (``ط``, ``ظ``) followed by
    a character that Windows-1256 reads from bytes 0x80-0xBF (UTF-8's continuation
    bytes)."""
    codes, _ = character_codes(text)
    body = codes[:-1]
    leads = np.flatnonzero((body == _CP1256_LEAD_CODES[0]) | (body == _CP1256_LEAD_CODES[1]))
    pairs = leads[_cp1256_followers().take(np.minimum(codes[leads + 1], 0xFFFF))]
    if not len(pairs):
        return []
    breaks = np.flatnonzero(codes == ord("\n"))
    lines = np.unique(np.searchsorted(breaks, pairs))  # a line's number: the breaks before it
    starts = np.concatenate(([0], breaks + 1))[lines]
    ends = np.append(breaks, len(text))[lines]
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


_CP1256_LEAD_CODES = [ord(c) for c in _CP1256_MOJIBAKE_LEADS]


@lru_cache(maxsize=1)
def _cp1256_followers() -> np.ndarray:
    """Per UTF-16 code unit: whether Windows-1256 reads it from a byte 0x80-0xBF."""
    followers = np.zeros(0x10000, dtype=bool)
    followers[[ord(c) for c in bytes(range(0x80, 0xC0)).decode("cp1256")]] = True
    return followers


def _repair_cp1256_line(line: str) -> str:
    leads = sum(line.count(ch) for ch in _CP1256_MOJIBAKE_LEADS)
    arabic = len(_NOT_ARABIC_BLOCK.sub("", line))
    if arabic < 4 or leads / arabic < 0.3:
        return line
    try:
        return line.encode("cp1256").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return line


def fold_presentation_forms(text: str) -> str:
    """Fold Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFC) to base letters.

    NFKC is applied to those characters only: elsewhere it would also rewrite
    superscripts, ligatures and full-width forms that carry meaning.

    >>> fold_presentation_forms("\\ufee3\\ufea0\\ufee0\\ufeb2 \\ufefb")
    'مجلس لا'
    """
    if len(text) >= _SCREENED_CHARS and not any(
        (units >= _FIRST_PRESENTATION_FORM).any() for units in _code_units(text)
    ):
        return text
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


# --- screening long texts ---------------------------------------------------------------------
# A whole export (tens of MB) is searched for mojibake and presentation forms. Python's
# regexes scan a character class at about 100 MB/s; comparisons of UTF-16 code units
# in NumPy, ten times as fast, tell when the regexes need not run (nearly always).

_SCREENED_CHARS = 65_536  # shorter texts: the regex alone costs less
_SCREEN_BLOCK = 1 << 20  # characters per block: 2 MB of code units
_FIRST_PRESENTATION_FORM = ord(ARABIC_PRESENTATION_FORMS[0])
# Bits of _ftfy_flags.
_LEAD, _FOLLOWER, _BAD_ALONE = 1, 2, 4


def _code_units(text: str) -> Iterator[np.ndarray]:
    """The UTF-16 code units of ``text``, _SCREEN_BLOCK characters at a time, each block
    with the first character of the next (so every two neighbours are in one block).
    Characters beyond U+FFFF come as two surrogate units."""
    for start in range(0, len(text), _SCREEN_BLOCK):
        block = text[start : start + _SCREEN_BLOCK + 1].encode("utf-16-le", "surrogatepass")
        yield np.frombuffer(block, dtype=np.uint16)


@lru_cache(maxsize=1)
def _ftfy_flags() -> np.ndarray:
    """Per UTF-16 code unit, which part of _NEEDS_FTFY's pattern it can play: taken
    from the pattern's own character classes."""
    every = "".join(map(chr, range(0x10000)))
    flags = np.zeros(0x10000, dtype=np.uint8)
    for bit, members in ((_LEAD, _LEADS), (_FOLLOWER, _FOLLOWERS), (_BAD_ALONE, _ALONE)):
        found = [m.start() for m in re.finditer(f"[{members}]", every)]
        flags[found] |= bit
    return flags


def _may_need_ftfy(text: str) -> bool:
    """Whether ``_NEEDS_FTFY`` may match in ``text``: when false it does not (a
    character beyond U+FFFF, two surrogate units here, only makes the answer true)."""
    if len(text) < _SCREENED_CHARS:
        return _NEEDS_FTFY.search(text) is not None
    flags = _ftfy_flags()
    for units in _code_units(text):
        unit_flags = flags.take(units)
        if (unit_flags & _BAD_ALONE).any():
            return True
        pairs = (unit_flags[:-1] & _LEAD).astype(bool) & (unit_flags[1:] & _FOLLOWER).astype(bool)
        if pairs.any() or ((units[:-1] == 0xC3) & (units[1:] == 0x20)).any():
            return True
    return False
