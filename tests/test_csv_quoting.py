"""A quote never closed in a CSV export: reported with its line, never silently misread.

Read leniently, Python's csv module pairs an unclosed quote with the next quote
in the file: cells shift from one column to another and rows merge, without
any error. The reader checks the quoting strictly and stops where it breaks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.corpus.manifest import Manifest
from framing.corpus.readers import read_text
from framing.corpus.readers.table import header_delimiter, quoting_break
from framing.errors import ManifestError

ROWS = [
    '"Tanger accueille un atelier douanier","Des douaniers de cinq pays ont comparé leurs '
    'méthodes de détection des contrefaçons.","Tanger Info"',
    '"Rabat forme des cadets nigériens","Vingt cadets ont commencé une formation de six mois '
    'à l\'académie de police de Kénitra.","Le Matin"',
    '"Exercice conjoint à Tanger Med","Les polices marocaine et espagnole ont testé un '
    'système d\'alerte partagé.","Le Desk"',
]
BROKEN = '"Supporters et police","La citation de cette cellule ne se ferme jamais.,"Le360"'


def table(*rows: str) -> str:
    return "titre,texte,source\n" + "\n".join(rows) + "\n"


def test_rows_before_the_break_are_read_and_the_rest_reported() -> None:
    text = table(ROWS[0], ROWS[1], BROKEN, ROWS[2])
    result = read_text(text, source="export.csv", path=Path("export.csv"))
    assert [d.title for d in result.documents] == [
        "Tanger accueille un atelier douanier",
        "Rabat forme des cadets nigériens",
    ]
    (skipped,) = result.skipped
    assert skipped.source == "export.csv#row 3"
    assert skipped.reason.startswith(
        "the quoting breaks in the row starting at line 4 (',' expected after '\"'): "
        "an unclosed or stray quote shifts every cell after it, so lines 4-5 were not read"
    )


def test_an_unclosed_quote_in_the_last_row_runs_to_the_end() -> None:
    last = '"Supporters et police","La citation ne se ferme jamais, Le360'
    result = read_text(table(ROWS[0], last), source="export.csv", format="csv")
    assert [d.outlet for d in result.documents] == ["Tanger Info"]
    assert result.skipped[0].reason.startswith(
        "the quoting breaks in the row starting at line 3 (unexpected end of data): an "
        "unclosed or stray quote shifts every cell after it, so line 3 was not read"
    )


def test_a_broken_first_row_still_reads_as_a_table_when_the_name_says_csv() -> None:
    text = table(BROKEN, ROWS[0])
    result = read_text(text, source="export.csv", path=Path("export.csv"))
    assert result.documents == []
    assert [s.source for s in result.skipped] == ["export.csv#row 1"]
    assert read_text(text, source="notes.txt", path=Path("notes.txt")).documents[0].source_format


def test_quotes_inside_unquoted_cells_are_text() -> None:
    rows = ['Écran géant,Un écran de 5" installé place Jemaa el-Fna,Le Matin', ROWS[0]]
    result = read_text(table(*rows), source="export.csv")
    assert result.skipped == []
    assert result.documents[0].paragraphs == ['Un écran de 5" installé place Jemaa el-Fna']


def test_quoted_cells_with_doubled_quotes_and_line_breaks_are_fine() -> None:
    row = '"Un ""exportateur"" de sécurité","Premier paragraphe.\n\nDeuxième, avec virgule.","X"'
    result = read_text(table(row, ROWS[1]), source="export.csv")
    assert result.skipped == []
    assert result.documents[0].title == 'Un "exportateur" de sécurité'
    assert result.documents[0].paragraphs == ["Premier paragraphe.", "Deuxième, avec virgule."]


def test_semicolon_tables_are_recognised_by_their_header() -> None:
    assert header_delimiter('titre;texte;source\n"x;"y\n') == ";"
    assert header_delimiter("Rabat, le 3 mars 2026 - Le directeur a été reçu à Riyad") == ","
    assert header_delimiter("Une seule phrase sans séparateur") is None
    assert quoting_break('a;b\n"x;y\n', ";") == (2, "unexpected end of data")


def test_a_manifest_with_a_broken_quote_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text('file,outlet,note\na.txt,"Le Matin,x\nb.txt,Le Desk,y\n', encoding="utf-8")
    with pytest.raises(ManifestError) as raised:
        Manifest.read(path)
    assert raised.value.line == 2
    assert "the quoting breaks in the row starting at line 2" in raised.value.message
