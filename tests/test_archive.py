"""Zip archives as inputs: members read by content, unsafe members skipped, bombs refused."""

from __future__ import annotations

import io
import json
import random
import struct
import warnings
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.corpus.archive import check_archive, iter_archive, office_kind, unsafe_name
from framing.corpus.ingest import ingest
from framing.corpus.readers import read_file
from framing.corpus.readers.reader import SkippedInput
from framing.errors import InputError, ResourceLimitError
from framing.limits import DEFAULT_LIMITS, Limits

ENGLISH = """\
Interpol praises Moroccan cyber unit

Lyon, 2 May 2026 - The international police organisation said the Moroccan unit had helped
to dismantle a network that sold stolen bank cards online.

The unit was created three years ago and now trains officers from several African countries.
"""

FRENCH_HTML = """\
<!DOCTYPE html><html lang="fr"><head><title>Un forum sur la sécurité à Marrakech</title></head>
<body><article><h1>Un forum sur la sécurité à Marrakech</h1>
<p>Marrakech, le 14 mai 2026 - Des responsables de vingt pays africains se sont réunis jeudi pour
discuter de la protection des grands événements sportifs et culturels.</p>
<p>Les participants ont insisté sur la formation des agents et sur le partage rapide des
informations entre les services.</p></article></body></html>
"""

ARABIC = """\
ندوة في الرباط حول الأمن السيبراني

الرباط - نظمت المديرية العامة للأمن الوطني ندوة حول حماية المعطيات الشخصية بمشاركة خبراء من عدة دول.

وأوصى المشاركون بتعزيز التكوين المستمر لفائدة موظفي الإدارات العمومية.
"""

CSV = (
    "title,text,outlet\n"
    '"Tetouan opens a police station","A new police station opened in Tetouan on Monday, '
    'with a unit dedicated to tourists.","Tetouan Press"\n'
)


def make_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are made on purpose
        with zipfile.ZipFile(path, "w", method) as archive:
            for name, data in members.items():
                archive.writestr(name.split("#")[0], data)
    return path


def sources(documents) -> list[str]:
    return [document.source_path for document in documents]


# -- member names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.txt", "its name climbs out of the archive (..)"),
        ("articles/../../evil.txt", "its name climbs out of the archive (..)"),
        ("articles\\..\\evil.txt", "its name climbs out of the archive (..)"),
        ("/etc/cron.d/job", "its name is an absolute path"),
        ("\\\\server\\share\\a.txt", "its name is an absolute path"),
        ("C:\\Users\\a.txt", "its name is an absolute path"),
        ("c:evil.txt", "its name is an absolute path"),
        ("articles/..hidden..name.txt", None),
        ("articles/fr/visite.txt", None),
        ("مقالات/الرباط.txt", None),
    ],
)
def test_unsafe_member_names(name: str, reason: str | None) -> None:
    assert unsafe_name(name) == reason


def test_office_documents_are_recognised() -> None:
    assert office_kind(["[Content_Types].xml", "xl/workbook.xml"]) == "an Excel workbook (.xlsx)"
    assert office_kind(["[Content_Types].xml", "word/document.xml"]) == "a Word document (.docx)"
    ods = b"application/vnd.oasis.opendocument.spreadsheet"
    assert office_kind(["mimetype", "content.xml"], ods) == "an OpenDocument spreadsheet (.ods)"
    assert office_kind(["en/visit.txt", "fr/visite.html"]) is None


# -- reading -------------------------------------------------------------------------------------


def test_members_are_read_by_content_and_named_after_the_archive(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "export.zip",
        {
            "fr/forum.txt": FRENCH_HTML.encode("utf-8"),  # HTML whatever its name
            "en/interpol.txt": ENGLISH.encode("utf-8"),
            "ar/nadwa.txt": ARABIC.encode("cp1256"),
            "tables/police.csv": CSV.encode("utf-8"),
        },
    )
    result = read_file(archive)
    assert result.skipped == []
    by_source = {doc.source_path: doc for doc in result.documents}
    assert list(by_source) == [
        f"{archive}!ar/nadwa.txt",
        f"{archive}!en/interpol.txt",
        f"{archive}!fr/forum.txt",
        f"{archive}!tables/police.csv#row 1",
    ]
    formats = [doc.source_format for doc in by_source.values()]
    assert formats == ["text", "text", "html", "csv"]
    assert by_source[f"{archive}!ar/nadwa.txt"].metadata["encoding"] == "cp1256"
    assert by_source[f"{archive}!fr/forum.txt"].metadata["encoding"] == "utf-8"
    assert by_source[f"{archive}!tables/police.csv#row 1"].outlet == "Tetouan Press"


def test_unreadable_members_are_skipped_and_the_rest_is_read(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as nested:
        nested.writestr("hidden_story.txt", ENGLISH)
    archive = make_zip(
        tmp_path / "mixed.zip",
        {
            "story.txt": ENGLISH.encode(),
            "scan.pdf": b"%PDF-1.4\n1 0 obj\n",
            "empty.txt": b"\n\n",
            "more.zip": inner.getvalue(),
            "README.md": b"# How this archive was made\n",
            ".hidden.txt": ENGLISH.encode(),
            "folder/.git/config": b"[core]\n",
            "folder/": b"",
        },
    )
    result = read_file(archive)
    assert sources(result.documents) == [f"{archive}!story.txt"]
    skipped = {item.source.split("!")[1]: item.reason for item in result.skipped}
    assert skipped == {
        "README.md": "an archive's README/LICENSE is not read as an article",
        "empty.txt": "empty file: no text to read (remove it or export it again)",
        "more.zip": "a zip inside the archive is not opened (nor is an .xlsx or .docx, which "
        "are zips): extract it and ingest its files",
        "scan.pdf": "binary file, not text: it looks like a PDF document (convert it to text "
        "first: plain text, HTML, CSV or JSON)",
    }


def mark_encrypted(data: bytes, name: bytes) -> bytes:
    """Set the "encrypted" flag of member ``name`` (zipfile cannot write encrypted members)."""
    data = bytearray(data)
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + length] == name:
            data[local + 6] |= 0x1
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == name:
            data[central + 8] |= 0x1
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_duplicate_encrypted_and_oversized_members_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "odd.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("story.txt", ENGLISH)
            archive.writestr("story.txt", ARABIC)
            archive.writestr("secret.txt", b"\x00" * 40)
            archive.writestr("large.txt", "Rabat security. " * 200)
    path.write_bytes(mark_encrypted(path.read_bytes(), b"secret.txt"))
    items = list(iter_archive(path, limits=replace(DEFAULT_LIMITS, max_file_bytes=1000)))
    assert [(item.source, getattr(item, "reason", None)) for item in items] == [
        (
            f"{path}!large.txt",
            "the member is 3,200 bytes uncompressed, over the limit of 1,000 "
            "(split it into smaller files)",
        ),
        (
            f"{path}!secret.txt",
            "the member is encrypted (extract it with its password, then ingest the files)",
        ),
        (f"{path}!story.txt", None),
        (
            f"{path}!story.txt",
            "the archive holds two members with this name; only the first is read",
        ),
    ]
    assert items[2].data.decode() == ENGLISH


def test_a_member_lying_about_its_size_is_damaged_not_read(tmp_path: Path) -> None:
    data = bytearray(make_zip(tmp_path / "a.zip", {"a.txt": ENGLISH.encode()}).read_bytes())
    struct.pack_into("<I", data, 22, 10)  # local header: uncompressed size
    struct.pack_into("<I", data, data.find(b"PK\x01\x02") + 24, 10)  # central directory
    (tmp_path / "lying.zip").write_bytes(bytes(data))
    (item,) = iter_archive(tmp_path / "lying.zip")
    assert isinstance(item, SkippedInput)
    assert item.reason == (
        "the member is damaged (Bad CRC-32 for file 'a.txt'); create the archive again"
    )


def test_damaged_empty_and_office_archives_raise(tmp_path: Path) -> None:
    (tmp_path / "cut.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(InputError, match=r"damaged or truncated"):
        read_file(tmp_path / "cut.zip")
    make_zip(tmp_path / "hidden.zip", {".DS_Store": b"x", "__MACOSX/._a.txt": b"y"})
    with pytest.raises(InputError, match="holds no files to read"):
        read_file(tmp_path / "hidden.zip")
    sheet = make_zip(
        tmp_path / "numbers.xlsx",
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"},
    )
    with pytest.raises(InputError) as raised:
        read_file(sheet)
    assert str(raised.value) == (
        f"{sheet}: an Excel workbook (.xlsx), not text or an archive of articles "
        "(save the sheet as CSV (UTF-8) and ingest that; formulas are never evaluated)"
    )


# -- decompression bombs -------------------------------------------------------------------------


def test_bomb_by_total_ratio(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "zeros.zip", {"zeros.txt": b"0" * 3_000_000})
    with pytest.raises(ResourceLimitError) as raised:
        read_file(archive)
    assert raised.value.path == str(archive)
    assert "decompression bomb: it expands" in raised.value.message
    assert raised.value.hint.endswith("raise max_archive_ratio in Limits")


def test_check_archive_guards_other_zip_formats(tmp_path: Path) -> None:
    sheet = make_zip(
        tmp_path / "labels.xlsx",
        {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b" " * 3_000_000},
    )
    with pytest.raises(ResourceLimitError, match="decompression bomb"):
        check_archive(sheet)
    small = make_zip(tmp_path / "ok.xlsx", {"[Content_Types].xml": b"<Types/>"})
    assert check_archive(small) is None
    (tmp_path / "cut.xlsx").write_bytes(small.read_bytes()[:30])
    with pytest.raises(InputError, match="damaged or truncated"):
        check_archive(tmp_path / "cut.xlsx")


def test_bomb_hidden_behind_an_incompressible_member(tmp_path: Path) -> None:
    noise = random.Random(0).randbytes(1_500_000)
    archive = tmp_path / "mixed.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("noise.bin", noise, zipfile.ZIP_STORED)
        zipped.writestr("zeros.txt", b"0" * 2_000_000, zipfile.ZIP_DEFLATED)
    with pytest.raises(ResourceLimitError, match=r"member 'zeros.txt' expands [\d,]+ times"):
        list(iter_archive(archive))


def test_bomb_by_total_size_and_member_count(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "many.zip", {f"a{i}.txt": ENGLISH.encode() for i in range(12)})
    with pytest.raises(ResourceLimitError) as raised:
        read_file(archive, limits=Limits(max_archive_members=10))
    assert raised.value.message == (
        "refused as a possible decompression bomb: it has 12 members, over the limit of 10"
    )
    with pytest.raises(ResourceLimitError, match=r"its members expand to [\d,]+ bytes"):
        read_file(archive, limits=Limits(max_archive_bytes=2_000))
    assert len(read_file(archive).documents) == 12


def test_small_compressible_archives_are_not_bombs(tmp_path: Path) -> None:
    # Blank padding compresses a thousand times, but under 1 MB it cannot hurt.
    archive = make_zip(tmp_path / "padded.zip", {"story.txt": ENGLISH.encode() + b" " * 500_000})
    assert len(read_file(archive).documents) == 1


# -- the pipeline and the command line -----------------------------------------------------------


def test_ingest_reads_archives_with_manifest_metadata(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "batch.zip",
        {"en/interpol.txt": ENGLISH.encode(), "../escape.txt": ENGLISH.encode()},
    )
    (tmp_path / "manifest.csv").write_text(
        "file,outlet,stance\nbatch.zip,Morocco World News,neutral\n", encoding="utf-8"
    )
    corpus = ingest([str(archive)], manifest=tmp_path / "manifest.csv")
    (document,) = corpus.documents.itertuples(index=False)
    assert document.source_path == f"{archive}!en/interpol.txt"
    assert document.outlet == "Morocco World News"
    assert json.loads(document.metadata)["stance"] == "neutral"
    assert [item["source"] for item in corpus.report["skipped"]] == [f"{archive}!../escape.txt"]


def test_cli_ingests_a_zip_and_reports_a_bomb(tmp_path: Path) -> None:
    good = make_zip(tmp_path / "good.zip", {"ar/nadwa.txt": ARABIC.encode("utf-8")})
    bomb = make_zip(tmp_path / "bomb.zip", {"zeros.txt": b"0" * 3_000_000})
    out = tmp_path / "corpus"
    result = CliRunner().invoke(app, ["ingest", str(good), str(bomb), "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "ingest_report.json").read_text(encoding="utf-8"))
    assert report["n_documents"] == 1
    (skipped,) = report["skipped"]
    assert skipped["source"] == str(bomb)
    assert skipped["reason"].startswith("refused as a possible decompression bomb")
