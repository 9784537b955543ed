"""The manifest CSV: per-file outlet, language, date, url, title and extra metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.corpus.manifest import Manifest
from framing.errors import ManifestError


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "matin_fr.txt").write_text("La visite à Riyad\nLe directeur a été reçu.", "utf-8")
    (articles / "hespress_ar.txt").write_text("زيارة إلى الرياض\nأجرى المدير مباحثات.", "utf-8")
    (tmp_path / "observer_en.txt").write_text("Visit to Riyadh\nTalks were held.", "utf-8")
    return tmp_path


def write_manifest(folder: Path, text: str, encoding: str = "utf-8") -> Path:
    path = folder / "manifest.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_manifest_values_and_extra_columns(corpus: Path) -> None:
    absolute = corpus / "observer_en.txt"
    path = write_manifest(
        corpus,
        "file,outlet,language,date,url,title,via_outlet,stance,event\n"
        "articles/matin_fr.txt,Le Matin,fr,2026-02-12,,,,neutral,riyadh_visit\n"
        "articles/hespress_ar.txt,Hespress,AR,2026-02-11,https://hespress.example/1,"
        "زيارة إلى الرياض,,,riyadh_visit\n"
        f"{absolute},The Observer,en,,,,Hespress,critical,\n",
    )
    manifest = Manifest.read(path)
    assert manifest.lookup(corpus / "articles" / "matin_fr.txt") == {
        "outlet": "Le Matin",
        "language": "fr",
        "date": "2026-02-12",
        "stance": "neutral",
        "event": "riyadh_visit",
    }
    hespress = manifest.lookup(corpus / "articles" / ".." / "articles" / "hespress_ar.txt")
    assert hespress is not None
    assert hespress["language"] == "ar"  # case-folded
    assert hespress["title"] == "زيارة إلى الرياض"
    assert hespress["url"] == "https://hespress.example/1"
    observer = manifest.lookup(absolute)
    assert observer == {
        "outlet": "The Observer",
        "language": "en",
        "via_outlet": "Hespress",
        "stance": "critical",
    }
    assert manifest.lookup(corpus / "unknown.txt") is None
    assert manifest.files() == [
        (corpus / "articles" / "matin_fr.txt").resolve(),
        (corpus / "articles" / "hespress_ar.txt").resolve(),
        absolute.resolve(),
    ]
    assert manifest.missing_files() == []


def test_header_case_spaces_and_aliases(corpus: Path) -> None:
    path = write_manifest(
        corpus,
        " File ; Outlet ;Lang; Via Outlet\narticles/matin_fr.txt;Le Matin;fr;MAP\n",
        "cp1252",
    )
    manifest = Manifest.read(path)
    assert manifest.lookup(corpus / "articles/matin_fr.txt") == {
        "outlet": "Le Matin",
        "language": "fr",
        "via_outlet": "MAP",
    }


def test_excel_french_manifest_in_windows_1252(corpus: Path) -> None:
    path = write_manifest(
        corpus,
        "file;outlet;language;title\r\n"
        "articles/matin_fr.txt;L'Économiste;fr;Sécurité régionale\r\n",
        "cp1252",
    )
    values = Manifest.read(path).lookup(corpus / "articles/matin_fr.txt")
    assert values == {"outlet": "L'Économiste", "language": "fr", "title": "Sécurité régionale"}


def test_row_naming_a_missing_file(corpus: Path) -> None:
    path = write_manifest(
        corpus,
        "file,outlet\narticles/matin_fr.txt,Le Matin\narticles/le_monde.txt,Le Monde\n"
        "articles,Folder\n",
    )
    manifest = Manifest.read(path)
    missing = manifest.missing_files()
    assert [m.source for m in missing] == [f"{path}#row 2", f"{path}#row 3"]
    assert "'articles/le_monde.txt'" in missing[0].reason
    assert "does not exist" in missing[0].reason
    assert "is a folder" in missing[1].reason
    assert manifest.files() == [(corpus / "articles/matin_fr.txt").resolve()]


@pytest.mark.parametrize(
    ("header", "wrong", "expected"),
    [("file,outlet,languge", "languge", "language"), ("file,outlett,date", "outlett", "outlet")],
)
def test_misspelt_column(corpus: Path, header: str, wrong: str, expected: str) -> None:
    path = write_manifest(corpus, f"{header}\narticles/matin_fr.txt,Le Matin,fr\n")
    with pytest.raises(ManifestError) as raised:
        Manifest.read(path)
    message = str(raised.value)
    assert str(path) in message
    assert repr(wrong) in message and repr(expected) in message


def test_missing_file_column_lists_the_columns_found(corpus: Path) -> None:
    path = write_manifest(corpus, "document,outlet,language\narticles/matin_fr.txt,Le Matin,fr\n")
    with pytest.raises(ManifestError, match="no 'file' column") as raised:
        Manifest.read(path)
    assert "document, outlet, language" in str(raised.value)


@pytest.mark.parametrize(("value", "suggestion"), [("French", "'fr'"), ("fr-FR", "'fr'")])
def test_language_must_be_iso_639_1(corpus: Path, value: str, suggestion: str) -> None:
    path = write_manifest(
        corpus,
        f"file,language\narticles/hespress_ar.txt,ar\narticles/matin_fr.txt,{value}\n",
    )
    with pytest.raises(ManifestError, match="row 2: language") as raised:
        Manifest.read(path)
    assert raised.value.field == "language"
    assert raised.value.path == str(path)
    assert suggestion in str(raised.value)


def test_conflicting_rows_for_one_file(corpus: Path) -> None:
    path = write_manifest(
        corpus,
        "file,outlet\narticles/matin_fr.txt,Le Matin\nobserver_en.txt,Observer\n"
        "articles/./matin_fr.txt,Le Monde\n",
    )
    with pytest.raises(ManifestError, match="rows 1 and 3"):
        Manifest.read(path)


def test_identical_duplicate_rows_are_fine(corpus: Path) -> None:
    path = write_manifest(
        corpus, "file,outlet\narticles/matin_fr.txt,Le Matin\narticles/matin_fr.txt,Le Matin\n"
    )
    assert len(Manifest.read(path).rows) == 1


def test_row_without_a_file_and_missing_manifest(corpus: Path) -> None:
    path = write_manifest(corpus, "file,outlet\n,Le Matin\n")
    with pytest.raises(ManifestError, match="row 1 has no file"):
        Manifest.read(path)
    with pytest.raises(ManifestError, match="manifest not found"):
        Manifest.read(corpus / "nope.csv")
