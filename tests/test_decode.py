"""Decoding: encodings, binary files, mojibake repair and normalisation."""

from __future__ import annotations

import codecs
import contextlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus.decode import _repair_cp1256_mojibake, decode_bytes, fold_presentation_forms
from framing.errors import InputError

FRENCH = (
    "À Rabat, l'État a présenté mercredi sa stratégie de sécurité : « Ça ne se décrète pas », "
    "a déclaré le ministre, évoquant la coopération régionale et l'œuvre des élèves officiers."
)
# French with no capital accented letter: Windows-1252 and Windows-1256 give the same text.
FRENCH_LOWER = (
    "La sécurité régionale a été au cœur des échanges entre les délégations, réunies à huis "
    "clos pendant trois jours près de la capitale."
)
ARABIC = (
    "زيارة المدير العام للأمن الوطني إلى الرياض تعزز التعاون الأمني بين البلدين، "
    "في مواجهة الإرهاب والجريمة المنظمة؟ وقال مسؤول إن «الشراكة ضرورية لاستقرار المنطقة»."
)
ENGLISH = (
    "Morocco’s security chief met his Saudi counterparts – a “strategic” visit, officials said."
)


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (ENGLISH, "utf-8", "utf-8"),
        (ARABIC, "utf-8", "utf-8"),
        (FRENCH, "utf-8-sig", "utf-8-sig"),
        (ARABIC, "utf-8-sig", "utf-8-sig"),
        (ARABIC, "utf-16", "utf-16-le"),  # Python writes a little-endian mark
        (FRENCH, "utf-16", "utf-16-le"),
        (ARABIC, "utf-32", "utf-32-le"),
        (ARABIC, "cp1256", "cp1256"),
        (FRENCH, "cp1252", "cp1252"),
        (FRENCH_LOWER, "cp1252", "cp1252"),
        (ENGLISH, "cp1252", "cp1252"),
    ],
)
def test_encodings_are_detected(text: str, codec: str, expected: str) -> None:
    decoded = decode_bytes(text.encode(codec), "article.txt")
    assert decoded.text == text
    assert decoded.encoding == expected
    assert not decoded.repaired


@pytest.mark.parametrize("text", [ARABIC, FRENCH])
def test_utf16_with_big_endian_mark(text: str) -> None:
    data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    decoded = decode_bytes(data, "a.txt")
    assert (decoded.text, decoded.encoding) == (text, "utf-16-be")


@pytest.mark.parametrize("text", [ARABIC, FRENCH, ENGLISH])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_mark_is_found_by_nul_pattern(text: str, codec: str) -> None:
    decoded = decode_bytes(text.encode(codec), "a.txt")
    assert (decoded.text, decoded.encoding) == (text, codec)


def test_latin1_french_decodes_to_the_same_text() -> None:
    text = FRENCH.replace("œ", "oe")  # Latin-1 has no œ
    assert decode_bytes(text.encode("latin-1"), "a.txt").text == text


def test_arabic_bytes_are_not_mistaken_for_windows_1252() -> None:
    data = ARABIC.encode("cp1256")
    wrong = data.decode("cp1252")  # decodes without error, as accented Latin letters
    assert wrong != ARABIC
    decoded = decode_bytes(data, "a.txt")
    assert decoded.encoding == "cp1256"
    assert "الأمن" in decoded.text


def test_french_bytes_are_not_mistaken_for_windows_1256() -> None:
    data = FRENCH.encode("cp1252")
    wrong = data.decode("cp1256")  # also decodes: É and Ç become Arabic letters inside words
    assert "ةtat" in wrong
    decoded = decode_bytes(data, "a.txt")
    assert decoded.encoding == "cp1252"
    assert "l'État" in decoded.text and "« Ça" in decoded.text


def test_explicit_encoding_overrides_detection() -> None:
    data = ARABIC.encode("cp1256")
    forced = decode_bytes(data, "a.txt", encoding="cp1252")
    assert forced.encoding == "cp1252"
    assert forced.text == data.decode("cp1252")
    assert decode_bytes("سلام".encode("cp1256"), "a.txt", encoding="windows-1256").text == "سلام"


def test_explicit_encoding_errors_name_the_file() -> None:
    with pytest.raises(InputError, match="unknown encoding") as unknown:
        decode_bytes(b"text", "a.txt", encoding="klingon-8")
    assert unknown.value.path == "a.txt"
    with pytest.raises(InputError, match="cannot be decoded as utf-8"):
        decode_bytes(ARABIC.encode("cp1256"), "a.txt", encoding="utf-8")


@pytest.mark.parametrize(
    ("garbled", "clean"),
    [
        ("Morocco\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s role", "Morocco’s role"),
        ("la s\u00c3\u00a9curit\u00c3\u00a9 nationale", "la sécurité nationale"),
        ("Morocco’s role".encode().decode("cp1252"), "Morocco’s role"),
    ],
)
def test_mojibake_is_repaired(garbled: str, clean: str) -> None:
    decoded = decode_bytes(garbled.encode("utf-8"), "a.txt")
    assert decoded.text == clean
    assert decoded.repaired


def test_arabic_utf8_read_as_windows_1252_is_repaired() -> None:
    garbled = ARABIC.encode("utf-8").decode("cp1252", errors="ignore")
    decoded = decode_bytes(garbled.encode("utf-8"), "a.txt")
    assert decoded.repaired
    assert "المدير العام للأمن الوطني" in decoded.text


def test_arabic_utf8_read_as_windows_1256_is_repaired() -> None:
    # ftfy does not know Windows-1256: our own repair handles it.
    garbled = ARABIC.encode("utf-8").decode("cp1256")
    assert garbled.startswith("ط²ظٹط§ط±ط©")
    decoded = decode_bytes(garbled.encode("utf-8"), "a.txt")
    assert decoded.text == ARABIC
    assert decoded.repaired


def test_clean_text_is_left_alone() -> None:
    for text in (FRENCH, ARABIC, ENGLISH, "Le chiffre d'affaires a crû de 3 % en 2025."):
        decoded = decode_bytes(text.encode("utf-8"), "a.txt")
        assert decoded.text == text
        assert not decoded.repaired


def test_presentation_forms_are_folded_and_nothing_else() -> None:
    # "مجلس الأمن" in isolated/initial/medial/final forms, lam-alef ligature.
    shaped = "\ufee3\ufea0\ufee0\ufeb2 \ufe8d\ufef7\ufee3\ufee6 \ufefb"
    decoded = decode_bytes(("x " + shaped + " ﬁn ² ＡＢ").encode("utf-8"), "a.txt")
    assert decoded.text == "x مجلس الأمن لا ﬁn ² ＡＢ"
    assert fold_presentation_forms("ﷺ").startswith("صلى")


def test_unicode_nfc_and_line_endings() -> None:
    decoded = decode_bytes("se\u0301curite\u0301\r\nligne deux\rligne trois\n".encode(), "a.txt")
    assert decoded.text == "sécurité\nligne deux\nligne trois\n"


def test_file_cut_inside_last_character_keeps_the_rest() -> None:
    data = ARABIC.encode("utf-8")[:-1]  # the final "." is one byte: cut the ». too
    decoded = decode_bytes(data[:-1], "a.txt")
    assert decoded.encoding == "utf-8"
    assert ARABIC.startswith(decoded.text)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes([0, 1, 2, 3, 250, 251, 7, 0]) * 200, "NUL"),
        (b"\x01\x02\x03\x04\x05\x06 header" * 100, "control"),
    ],
)
def test_binary_files_are_refused(data: bytes, what: str) -> None:
    with pytest.raises(InputError, match="binary file") as raised:
        decode_bytes(data, "scan.pdf")
    assert what in str(raised.value)
    assert "convert it to text" in str(raised.value)
    assert raised.value.path == "scan.pdf"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Москва является столицей России и крупнейшим городом страны.", "cp1251"),
        ("東京都は日本の首都であり、最大の都市です。", "shift_jis"),
        ("中华人民共和国外交部发言人今天表示，双方将加强安全合作。", "gbk"),
    ],
)
def test_undecodable_bytes_name_the_file_and_the_way_out(text: str, codec: str) -> None:
    with pytest.raises(InputError, match="cannot tell the text encoding") as raised:
        decode_bytes(text.encode(codec), "moscou.txt")
    assert "re-save the file as UTF-8" in str(raised.value)
    assert "--encoding" in str(raised.value)
    assert raised.value.path == "moscou.txt"


def test_byte_order_mark_with_invalid_content() -> None:
    with pytest.raises(InputError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + ARABIC.encode("cp1256"), "a.txt")


def test_long_texts_are_screened_with_arrays_as_the_regexes_would(monkeypatch) -> None:
    import random

    import framing.corpus.decode as decode

    # Small blocks and threshold: the array path on short texts, pairs across block cuts.
    monkeypatch.setattr(decode, "_SCREENED_CHARS", 1)
    monkeypatch.setattr(decode, "_SCREEN_BLOCK", 7)
    plain = [*"abc é\nتحليل’—", ENGLISH[:20], FRENCH[:20], ARABIC[:20]]
    troubles = ["Ã©", "â€™", "Ã ", "\x07", "\x85", "\ufee3", "\ufefb", "é’", "ô\u0099", "\udc80"]
    rng = random.Random(5)
    found = {"ftfy": 0, "forms": 0}
    for _ in range(400):
        pieces = rng.choices(plain, k=rng.randint(0, 12))
        if rng.random() < 0.5:
            pieces.insert(rng.randint(0, len(pieces)), rng.choice(troubles))
        text = "".join(pieces)
        expected = decode._NEEDS_FTFY.search(text) is not None
        assert decode._may_need_ftfy(text) == expected, text
        assert fold_presentation_forms(text) == decode._PRESENTATION_FORMS.sub(
            lambda m: __import__("unicodedata").normalize("NFKC", m.group()), text
        )
        found["ftfy"] += expected
        found["forms"] += decode._PRESENTATION_FORMS.search(text) is not None
    assert found["ftfy"] > 50 and found["forms"] > 10
    # A character beyond U+FFFF is two surrogates to the arrays: the regex then decides.
    assert decode._may_need_ftfy("news 🙂 today") and decode._repair_with_ftfy("🙂 ok") == "🙂 ok"


def test_only_windows_1256_mojibake_lines_are_repaired_among_arabic_ones() -> None:
    # Real Arabic has ط before the Arabic comma (a byte 0xA1 in Windows-1256), so such a line
    # is checked, and kept; an emoji (two UTF-16 units) comes before the garbled line.
    real = "وقال إن الضبط، وفق القانون، ضروري 🙂"
    garbled = ARABIC.encode("utf-8").decode("cp1256")
    text = "\n".join([real, ENGLISH, garbled, real, ""])
    decoded = decode_bytes(text.encode("utf-8"), "a.txt")
    assert decoded.text == "\n".join([real, ENGLISH, ARABIC, real, ""])
    assert decoded.repaired


def _repair_every_line(text: str) -> str:
    """The repair as first written: every line checked (the reference)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        leads = line.count("ط") + line.count("ظ")
        arabic = len(re.sub("[^\u0600-\u06ff]+", "", line))
        if leads and arabic >= 4 and leads / arabic >= 0.3:
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                lines[i] = line.encode("cp1256").decode("utf-8")
    return "\n".join(lines)


_GARBLED_WORDS = [word.encode("utf-8").decode("cp1256") for word in ("الأمن", "وزير", "منهم")]
_MOJIBAKE_PIECES = st.sampled_from(
    [*_GARBLED_WORDS, "ط§", "ظ„", "ط،", "ضبط", "ظ", "ط", "الأمن", " ", "\n", "x", "🙂", "§", "ھ"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MOJIBAKE_PIECES, max_size=40).map("".join))
def test_windows_1256_repair_checks_the_lines_it_must(text: str) -> None:
    assert _repair_cp1256_mojibake(text) == _repair_every_line(text)
