"""CSV outputs are safe to open in a spreadsheet, and framing reads its own back exactly."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from compare_helpers import build, outlet_articles
from typer.testing import CliRunner

from framing.classify.agreement import AgreementResult, write_agreement
from framing.classify.sheets import coding_sheet
from framing.cli import app
from framing.collect.saved import CollectedManifest
from framing.compare import compare
from framing.compare.comparison import Comparison
from framing.corpus.manifest import Manifest
from framing.csv_safety import (
    FORMULA_TRIGGERS,
    csv_text,
    escape_cell,
    escape_table,
    read_csv,
    unescape_cell,
    unescape_table,
    write_csv,
)
from framing.store import write_table

# Text cells a spreadsheet would run as formulas, as scraped news can start.
HOSTILE = ["=SUM(A1)", "+1", "-x", "@a", "\tindented", "\rreturn"]
REALISTIC = [
    '=HYPERLINK("http://example.invalid/x","Cliquez ici")',
    "- Le ministre a salué la coopération sécuritaire.",
    "@MarocDiplo a relayé le communiqué conjoint.",
    "+212 : l'indicatif du Maroc figure dans l'appel.",
    "- قال المسؤول إن التعاون الأمني مستمر.",
]
# Text that already starts with quotes: must come back exactly too.
QUOTED = ["'=already escaped by hand", "''-two quotes", "'quoted' on purpose", "'", "'@"]
ORDINARY = ["Rabat hosts Interpol.", "المغرب يستضيف الإنتربول", "", "3 - 2", "x=1"]


def _cells(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _unsafe(cell: str) -> bool:
    return cell.startswith(FORMULA_TRIGGERS)


# -- cells -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE + REALISTIC)
def test_formula_text_gets_one_quote(text: str) -> None:
    assert escape_cell(text) == "'" + text
    assert unescape_cell(escape_cell(text)) == text


@pytest.mark.parametrize("text", QUOTED + ORDINARY + HOSTILE + REALISTIC)
def test_every_text_round_trips(text: str) -> None:
    escaped = escape_cell(text)
    assert not _unsafe(escaped)
    assert unescape_cell(escaped) == text


def test_ordinary_text_and_non_text_values_are_untouched() -> None:
    for value in [*ORDINARY, "'quoted' on purpose", -0.25, -3, True, None, np.nan]:
        assert escape_cell(value) is value or escape_cell(value) == value
    assert escape_cell("'=already escaped by hand") == "''=already escaped by hand"
    # A quote the escape did not add stays: only "'" before a formula character is removed.
    assert unescape_cell("'quoted' on purpose") == "'quoted' on purpose"
    assert unescape_cell("'=x") == "=x" and unescape_cell("''=x") == "'=x"


# -- tables ------------------------------------------------------------------------------------


def _table() -> pd.DataFrame:
    texts = HOSTILE[:4] + REALISTIC[:2] + QUOTED[:2] + ORDINARY[:2]
    return pd.DataFrame(
        {
            "group": texts,
            "note": pd.Series(["-x" if i % 2 else None for i in range(len(texts))], dtype=object),
            "risk_difference": np.linspace(-0.25, 0.2, len(texts)),
            "n": np.arange(-5, len(texts) - 5),
            "significant": [i % 3 == 0 for i in range(len(texts))],
            "outlet": pd.Categorical(["@Rabat24", "Le Desk"] * (len(texts) // 2)),
        }
    )


def test_written_file_escapes_text_cells_only(tmp_path: Path) -> None:
    table = _table()
    path = write_csv(table, tmp_path / "table.csv")
    header, *rows = _cells(path)
    assert header == ["group", "note", "risk_difference", "n", "significant", "outlet"]
    groups = [row[0] for row in rows]
    assert groups[:4] == ["'=SUM(A1)", "'+1", "'-x", "'@a"]
    assert groups[-2:] == ["Rabat hosts Interpol.", "المغرب يستضيف الإنتربول"]
    assert [row[1] for row in rows][:2] == ["", "'-x"]
    # Numbers, negative ones included, are written as numbers.
    assert rows[0][2] == "-0.25" and rows[0][3] == "-5"
    assert {row[5] for row in rows} == {"'@Rabat24", "Le Desk"}
    # The only cells starting with a formula character are numbers.
    assert all(float(cell) < 0 for row in rows for cell in row if _unsafe(cell))
    assert [float(row[2]) for row in rows] == pytest.approx(table["risk_difference"].tolist())


def test_read_csv_restores_the_table(tmp_path: Path) -> None:
    table = _table()
    back = read_csv(write_csv(table, tmp_path / "table.csv"))
    assert back["group"].tolist() == table["group"].tolist()
    assert back["note"].fillna("").tolist() == table["note"].fillna("").tolist()
    assert back["outlet"].tolist() == table["outlet"].astype(str).tolist()
    assert back["risk_difference"].tolist() == pytest.approx(table["risk_difference"].tolist())
    assert back["n"].tolist() == table["n"].tolist()
    assert back["significant"].tolist() == table["significant"].tolist()


def test_escape_table_leaves_the_input_alone_and_escapes_headers() -> None:
    table = pd.DataFrame({"-odd name": ["=1+1"], "share": [-0.5]})
    escaped = escape_table(table)
    assert list(escaped.columns) == ["'-odd name", "share"]
    assert escaped.iloc[0].tolist() == ["'=1+1", -0.5]
    assert table.iloc[0, 0] == "=1+1"  # a copy was escaped
    pd.testing.assert_frame_equal(unescape_table(escaped), table)
    assert csv_text(table) == "'-odd name,share\n'=1+1,-0.5\n"


# -- framing's outputs -------------------------------------------------------------------------

OUTLETS = ['=HYPERLINK("http://x.invalid")', "-Le Desk", "@Rabat24", "+212 Info"]


@pytest.fixture
def comparison_inputs(tmp_path: Path) -> Path:
    articles = []
    for k, outlet in enumerate(OUTLETS):
        articles += outlet_articles(outlet, "fr", 8, 2 + 2 * k)
    corpus, scores = build(articles)
    corpus.write(tmp_path / "corpus")
    write_table(scores, tmp_path / "scores.parquet", {"threshold": 1.0, "lexicon_hash": "abc"})
    return tmp_path


def test_comparison_tables_are_escaped_and_read_back(comparison_inputs: Path) -> None:
    written = compare(
        comparison_inputs / "scores.parquet", comparison_inputs / "corpus", n_bootstrap=100
    )
    out = comparison_inputs / "cmp"
    written.write(out, latex=False)
    header, *rows = _cells(out / "prevalence.csv")
    outlets = {row[header.index("outlet")] for row in rows}
    assert outlets == {"'" + o for o in OUTLETS}
    header, *rows = _cells(out / "pairwise.csv")
    differences = [float(row[header.index("risk_difference")]) for row in rows]
    assert min(differences) < 0  # negative numbers are written as numbers, unescaped
    assert all(row[header.index("group_a")].startswith("'") for row in rows)

    loaded = Comparison.read(out)
    assert sorted(loaded.prevalence["outlet"].unique()) == sorted(OUTLETS)
    assert set(loaded.pairwise["group_a"]) | set(loaded.pairwise["group_b"]) == set(OUTLETS)
    assert loaded.pairwise["risk_difference"].tolist() == pytest.approx(
        written.pairwise["risk_difference"].tolist()
    )


def test_agreement_files_escape_coder_names_and_keep_numbers(tmp_path: Path) -> None:
    frames = pd.DataFrame({"frame": ["threat"], "n_coders": [2], "krippendorff_alpha": [-0.25]})
    pairs = pd.DataFrame(
        {"frame": ["threat"], "coder_a": ["@ana"], "coder_b": ["-ben"], "cohen_kappa": [-0.1]}
    )
    passages = pd.DataFrame(
        {"passage_id": ["p1"], "doc_id": ["d1"], "text": ["- La police a démantelé une cellule."]}
    )
    result = AgreementResult(frames, pairs, coding_sheet(passages, ["threat"]))
    write_agreement(result, tmp_path)
    assert _cells(tmp_path / "agreement.csv")[1] == ["threat", "2", "-0.25"]
    assert _cells(tmp_path / "agreement_pairs.csv")[1] == ["threat", "'@ana", "'-ben", "-0.1"]
    sheet = _cells(tmp_path / "disagreements.csv")
    assert sheet[1][4] == "'- La police a démantelé une cellule."
    pd.testing.assert_frame_equal(read_csv(tmp_path / "agreement_pairs.csv"), pairs)


def test_collected_manifest_is_escaped_and_read_back_by_both_readers(tmp_path: Path) -> None:
    titles = {
        "a.html": "=1+1 : le titre satirique du jour",
        "b.html": "-- Dépêche : Rabat accueille la réunion",
        "c.html": "@AlMarsad : الوفد يصل إلى الرباط",
        "d.html": "'=déjà protégé à la main",
        "e.html": "Le Maroc et l'Espagne renforcent leur coopération",
    }
    manifest = CollectedManifest(tmp_path / "manifest.csv")
    for file, title in titles.items():
        (tmp_path / file).write_text("<p>Texte de l'article.</p>", encoding="utf-8")
        manifest.add(
            {"file": file, "outlet": "-Le Desk", "language": "fr", "title": title, "tag": "+1"}
        )
    manifest.write()

    header, *rows = _cells(tmp_path / "manifest.csv")
    assert not any(_unsafe(cell) for row in [header, *rows] for cell in row)
    assert rows[0][header.index("title")] == "'=1+1 : le titre satirique du jour"
    assert rows[3][header.index("title")] == "''=déjà protégé à la main"

    again = CollectedManifest(tmp_path / "manifest.csv")
    assert {f: row["title"] for f, row in again.rows.items()} == titles
    assert again.rows["a.html"]["outlet"] == "-Le Desk" and again.rows["a.html"]["tag"] == "+1"

    read = Manifest.read(tmp_path / "manifest.csv")
    for file, title in titles.items():
        values = read.lookup(tmp_path / file)
        assert values is not None
        assert values["title"] == title
        assert values["outlet"] == "-Le Desk" and values["tag"] == "+1"


def test_hand_written_manifest_keeps_unescaped_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Texte.", encoding="utf-8")
    (tmp_path / "m.csv").write_text(
        "file,title,outlet\na.txt,=HYPERLINK(\"x\"),'quoted' outlet\n", encoding="utf-8"
    )
    values = Manifest.read(tmp_path / "m.csv").lookup(tmp_path / "a.txt")
    assert values == {"title": '=HYPERLINK("x")', "outlet": "'quoted' outlet"}


LEXICON_YAML = """\
name: csv-safety
version: '1.0'
languages: [fr]
frames:
  - id: threat
    label: Threat
    entries:
      fr: [terroris*]
"""


def test_cli_kwic_output_is_escaped(tmp_path: Path) -> None:
    corpus, _ = build(outlet_articles("@Rabat24", "fr", 2, 2))
    corpus.write(tmp_path / "corpus")
    (tmp_path / "lex.yaml").write_text(LEXICON_YAML, encoding="utf-8")
    out = tmp_path / "kwic.csv"
    args = ["kwic", tmp_path / "corpus", "-l", tmp_path / "lex.yaml", "-f", "threat", "-o", out]
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    header, *rows = _cells(out)
    assert rows and {row[header.index("outlet")] for row in rows} == {"'@Rabat24"}
    assert read_csv(out, keep_default_na=False)["outlet"].unique().tolist() == ["@Rabat24"]
