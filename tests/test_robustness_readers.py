"""Properties of decoding, reading and ingesting any bytes and any text.

Whatever the input (any Unicode, any bytes, mixed scripts and directions,
marks of direction, combining marks, NUL, byte-order marks, broken markup), no
exception escapes but the toolkit's own (:class:`~framing.errors.FramingError`),
and every passage written satisfies ``document.text[start:end] == passage.text``.
Deterministic (``derandomize``) and modest in size, so the suite stays fast.
"""

from __future__ import annotations

import codecs
import json
import tempfile
import unicodedata
import warnings
import zipfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.corpus.corpus import Corpus
from framing.corpus.decode import decode_bytes
from framing.corpus.ingest import IngestOptions, ingest
from framing.corpus.readers import READERS, read_file, read_text
from framing.errors import FramingError
from framing.limits import DEFAULT_LIMITS

ROBUST = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = [
    "Rabat", "security", "cooperation", "sécurité", "coopération", "l’exportateur",
    "الأمن", "الوطني", "وبالسِّيادة", "المملكة", "ـالأمنـ", "ﻻ", "٢٠٢٦", "مصطفى",
    "ביטחון", "安全合作", "セキュリティ", "😀", "👩🏽‍💻", "🇲🇦", "e\u0301", "Ã©", "Ø§Ù„",
]  # fmt: skip
GAPS = [
    " ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", "\u2029", ". ", "، ", "؟ ",
    "\u200f", "\u200e", "\u202b", "\u202e", "\u202c", "\u2066", "\u2069", "\u200d", "\u00ad",
    "\u0301", "\u064b", "\x00", "\x1f", "\x0b", "\x0c", "\ufeff", "\ufffd", "\x85",
]  # fmt: skip
MARKUP = [
    "<p>", "</p>", "<br>", "<script>alert(1)</script>", "<!--", "-->", "&amp;", "&#8217;",
    "&nbsp;", "<h1>", "</div>", '{"', '":', "}", "[", "]", ",", ";", '"', "\\u0627", "\\",
]  # fmt: skip

any_char = st.characters(exclude_categories=("Cs",))
piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(GAPS),
    st.sampled_from(MARKUP),
    st.text(any_char, max_size=5),
)
mixed_text = st.lists(piece, max_size=40).map("".join)

#: Byte sequences that decode to odd things: overlong and surrogate UTF-8, CESU-8,
#: stray byte-order marks, C1 controls, cut multi-byte characters.
ODD_BYTES = [
    b"\xc0\xaf", b"\xed\xa0\x80", b"\xed\xb2\x80", b"\xf4\x90\x80\x80", b"\xff\xfe", b"\xfe\xff",
    b"\xef\xbb\xbf", b"\x00\x00\xfe\xff", b"\x80\x81\x9f", b"\xd8\xa7", b"\xd8", b"\xe2\x80",
    b"\x1a", b"\x1b[31m", b"PK\x03\x04", b"%PDF", b"\r\n", b"\x00",
]  # fmt: skip


any_bytes = st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(st.sampled_from(ODD_BYTES), st.binary(max_size=6)), max_size=30).map(
        b"".join
    ),
    st.tuples(
        mixed_text, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1256", "cp1252"])
    ).map(lambda pair: pair[0].encode(pair[1], errors="replace")),
    mixed_text.map(lambda text: codecs.BOM_UTF8 + text.encode("utf-8")),
)


#: Article-shaped inputs: WordPress, JSON Lines, CSV and HTML around any text.
def wordpress(body: str, title: str) -> str:
    post = {"title": {"rendered": title}, "content": {"rendered": body}, "link": "https://a.ma/x"}
    return json.dumps(post, ensure_ascii=False)


def jsonl(body: str, title: str) -> str:
    lines = [json.dumps({"title": title, "text": body}), json.dumps({"text": title})]
    return "\n".join(lines)


def csv_table(body: str, title: str) -> str:
    quoted = body.replace('"', '""')
    return f'title,text,outlet\n"{title}","{quoted}",Le Matin\nSecond,"{title}",X\n'


def html_page(body: str, title: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><p>{body}</p></body></html>"
    )


def plain_text(body: str, title: str) -> str:
    return f"{title}\n\n{body}"


INLINE = [gap for gap in GAPS if "\n" not in gap and gap not in ("\r", "\u2028", "\u2029")]
#: Article-like text: paragraphs of words of several scripts, with odd characters inside.
PROSE_TEXT = (
    "the minister said that security cooperation between Rabat and Riyadh will continue "
    "le ministre a déclaré que la coopération sécuritaire entre les deux pays va se poursuivre "
    "وقال الوزير إن التعاون الأمني بين البلدين سيستمر خلال السنوات المقبلة"
)
PROSE = PROSE_TEXT.split()
sentence = st.lists(
    st.one_of(
        st.sampled_from(PROSE),
        st.sampled_from(PROSE),
        st.sampled_from(WORDS),
        st.sampled_from(INLINE),
        st.text(any_char, max_size=3),
    ),
    min_size=8,
    max_size=60,
).map(" ".join)
article_body = st.lists(sentence, min_size=2, max_size=5).map("\n\n".join)
shaped_text = st.tuples(
    st.sampled_from([wordpress, jsonl, csv_table, html_page, plain_text]),
    st.one_of(article_body, mixed_text),
    st.one_of(sentence, mixed_text),
).map(lambda parts: parts[0](parts[1], parts[2]))
shaped_bytes = shaped_text.map(lambda text: text.encode("utf-8"))


def check_documents(result) -> None:
    for document in result.documents:
        assert document.paragraphs, document
        for paragraph in document.paragraphs:
            assert paragraph == paragraph.strip() and paragraph, document
        assert isinstance(document.metadata, dict)


def check_corpus(corpus: Corpus, max_chars: int) -> None:
    documents = corpus.documents
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    assert len(texts) == len(documents)  # ids are unique
    previous: dict[str, int] = {}
    for row in corpus.passages.itertuples(index=False):
        text = texts[row.doc_id]
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start : row.end] == row.text
        assert row.text == row.text.strip() and len(row.text) <= max_chars
        assert row.start >= previous.get(row.doc_id, 0)  # in order, no overlap
        previous[row.doc_id] = row.end
    json.dumps(corpus.report)  # the report can be written


# -- decoding ------------------------------------------------------------------------------------


@ROBUST
@given(any_bytes)
def test_decoding_any_bytes_gives_normalised_text_or_an_input_error(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, "input.txt")
    except FramingError as error:
        assert error.path == "input.txt"
        return
    text = decoded.text
    assert "\r" not in text and "\ufeff" not in text
    assert unicodedata.is_normalized("NFC", text)


@ROBUST
@given(mixed_text)
def test_utf8_text_decodes_to_itself_up_to_line_ends_and_forms(text: str) -> None:
    try:
        decoded = decode_bytes(text.encode("utf-8"), "input.txt")
    except FramingError:
        return  # NUL or control characters: refused as binary
    again = decode_bytes(decoded.text.encode("utf-8"), "input.txt")
    assert again.text == decoded.text  # decoding is stable: re-saving changes nothing


# -- readers -------------------------------------------------------------------------------------


@ROBUST
@given(st.one_of(mixed_text, shaped_text), st.sampled_from([None, *READERS]))
def test_any_text_through_any_reader_raises_only_framing_errors(text: str, fmt) -> None:
    try:
        result = read_text(text, source="input", format=fmt)
    except FramingError as error:
        assert error.path == "input" or error.field == "--columns"
        return
    check_documents(result)
    for item in result.skipped:
        assert item.source.startswith("input") and item.reason


@ROBUST
@given(
    st.one_of(any_bytes, shaped_bytes),
    st.sampled_from([".txt", ".csv", ".json", ".jsonl", ".html", ".tsv", ""]),
)
def test_any_file_through_read_file_raises_only_framing_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            result = read_file(path)
        except FramingError as error:
            assert error.path == str(path)
            return
    check_documents(result)


# -- the whole pipeline --------------------------------------------------------------------------


@settings(ROBUST, max_examples=25)
@given(
    st.lists(st.one_of(shaped_bytes, shaped_bytes, any_bytes), min_size=1, max_size=4),
    st.sampled_from(["paragraph", "sentence"]),
)
def test_ingest_keeps_the_offset_invariant_on_any_folder(files: list[bytes], unit: str) -> None:
    limits = replace(DEFAULT_LIMITS, max_passage_chars=60)  # small, to exercise cutting
    options = IngestOptions(unit=unit, limits=limits)
    with tempfile.TemporaryDirectory() as folder:
        for index, data in enumerate(files):
            (Path(folder) / f"article_{index}.txt").write_bytes(data)
        corpus = ingest([folder], options=options)
    check_corpus(corpus, max_chars=60)
    read = set(corpus.documents["source_path"])
    skipped = {item["source"] for item in corpus.report["skipped"]}
    for index in range(len(files)):
        name = str(Path(folder) / f"article_{index}.txt")
        assert any(s == name or s.startswith(f"{name}#") for s in read | skipped), name


@settings(ROBUST, max_examples=25)
@given(st.lists(st.sampled_from(WORDS + GAPS[:8]), min_size=30, max_size=200).map("".join))
def test_long_paragraphs_are_cut_within_the_limit_with_offsets_intact(body: str) -> None:
    limits = replace(DEFAULT_LIMITS, max_passage_chars=40)
    with tempfile.TemporaryDirectory() as folder:
        text = "Title of the article\n\nFirst short paragraph.\n\n" + body.replace("\n", " ")
        (Path(folder) / "long.txt").write_text(text, encoding="utf-8")
        corpus = ingest([folder], options=IngestOptions(limits=limits))
    check_corpus(corpus, max_chars=40)
    if len(corpus.documents):
        text = corpus.documents["text"].iloc[0]
        joined = "".join(corpus.passages["text"])
        assert "".join(joined.split()) == "".join(text.split())  # nothing lost


member_names = st.one_of(
    st.sampled_from(["../x.txt", "/abs.txt", "a/../../b.txt", "C:\\x.txt", ".hidden", "d/"]),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12),
)


@settings(ROBUST, max_examples=30)
@given(st.lists(st.tuples(member_names, st.one_of(any_bytes, shaped_bytes)), max_size=5))
def test_any_zip_raises_only_framing_errors_and_names_its_members(members) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.zip"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in members:
                    archive.writestr(name or "unnamed", data)
        try:
            result = read_file(path)
        except FramingError as error:
            assert error.path == str(path)
            return
    check_documents(result)
    sources = [d.source_path for d in result.documents] + [s.source for s in result.skipped]
    assert all(source.startswith(f"{path}!") for source in sources)
    for document in result.documents:  # an unsafe name is never read
        name = document.source_path.split("!", 1)[1].split("#")[0]
        assert ".." not in name.replace("\\", "/").split("/") and not name.startswith("/")
