"""Importing coded sheets: every bad cell reported with file, row and column; consensus labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from classify_samples import FRAMES, LEXICON_YAML, build_corpus, coder_rows, passage_frames
from openpyxl import Workbook
from typer.testing import CliRunner

from framing.classify.consensus import aggregate_labels
from framing.classify.labels import (
    ADJUDICATOR,
    LABEL_COLUMNS,
    LabelValidationError,
    import_labels,
    read_labels,
    write_labels,
)
from framing.cli import app
from framing.errors import LabelError


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    return build_corpus(tmp_path_factory.mktemp("corpus"))


def _csv(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def _xlsx(path: Path, rows: list[dict], formulas: dict[tuple[int, str], str] | None = None) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "coding"
    columns = list(rows[0])
    ws.append(columns)
    for row in rows:
        ws.append([row[c] for c in columns])
    for (row_number, column), formula in (formulas or {}).items():
        ws.cell(row=row_number, column=columns.index(column) + 1).value = formula
    workbook.save(path)
    return path


def test_import_three_coders_from_csv_and_xlsx(tmp_path: Path, corpus) -> None:
    sheets = [
        _csv(tmp_path / "ana.csv", coder_rows("ana")),
        _xlsx(tmp_path / "ben.xlsx", coder_rows("ben")),
        _csv(tmp_path / "chloe.csv", coder_rows("chloe")),
    ]
    labels = import_labels(sheets, frame_ids=FRAMES, passages=corpus.passages)
    assert list(labels.columns) == list(LABEL_COLUMNS)
    assert labels.groupby("coder")["passage_id"].nunique().to_dict() == {
        "ana": 48, "ben": 48, "chloe": 24,
    }  # fmt: skip
    truth = passage_frames()
    ana = labels[labels["coder"] == "ana"]
    expected = [int(f in truth[p]) for p, f in zip(ana["passage_id"], ana["frame"], strict=True)]
    assert ana["label"].astype(int).tolist() == expected
    ben_row = labels[(labels["coder"] == "ben") & (labels["passage_id"] == "en-03-p2")]
    assert ben_row.set_index("frame").loc["rights_criticism", "label"] == 1
    assert set(ben_row["sheet"]) == {"ben.xlsx"} and set(ben_row["row"]) == {2 + 8}
    arabic = labels[labels["passage_id"] == "ar-02-p0"].iloc[0]
    assert arabic["language"] == "ar" and "تبادل المعلومات" in arabic["text"]
    # Round trip through LABELS.parquet.
    write_labels(labels, tmp_path / "labels.parquet")
    back = read_labels(tmp_path / "labels.parquet")
    pd.testing.assert_frame_equal(back[list(LABEL_COLUMNS)], labels, check_dtype=False)


def test_formula_cells_are_refused_never_evaluated(tmp_path: Path) -> None:
    rows = coder_rows("ana")[:4]
    path = _xlsx(
        tmp_path / "ana.xlsx",
        rows,
        formulas={(3, "threat"): "=1-0", (5, "notes"): '=HYPERLINK("http://x.example")'},
    )
    with pytest.raises(LabelValidationError) as caught:
        import_labels([path], frame_ids=FRAMES)
    problems = {(p.row, p.column) for p in caught.value.problems}
    assert problems == {(3, "threat"), (5, "notes")}
    message = str(caught.value)
    assert "ana.xlsx:3 [threat]" in message and "formula" in message


def test_every_bad_value_is_reported_at_once(tmp_path: Path) -> None:
    rows = coder_rows("ana")[:6]
    rows[0]["threat"] = "yes"
    rows[2]["cooperation"] = 2
    rows[4]["rights_criticism"] = "0.5"
    rows[5]["threat"] = ""  # blank: not coded, allowed
    path = _csv(tmp_path / "ana.csv", rows)
    with pytest.raises(LabelValidationError) as caught:
        import_labels([path], frame_ids=FRAMES)
    found = {(p.row, p.column, p.message) for p in caught.value.problems}
    assert found == {
        (2, "threat", "label 'yes' is not 0, 1 or blank"),
        (4, "cooperation", "label '2' is not 0, 1 or blank"),
        (6, "rights_criticism", "label '0.5' is not 0, 1 or blank"),
    }


def test_blank_label_is_missing_not_zero(tmp_path: Path) -> None:
    rows = coder_rows("ana")[:2]
    rows[1]["threat"] = ""
    labels = import_labels([_csv(tmp_path / "ana.csv", rows)], frame_ids=FRAMES)
    cell = labels[(labels["passage_id"] == rows[1]["passage_id"]) & (labels["frame"] == "threat")]
    assert cell["label"].isna().all()


def test_unknown_frame_column_is_named_with_a_suggestion(tmp_path: Path) -> None:
    rows = [{**r, "cooperaton": r.pop("cooperation")} for r in coder_rows("ana")[:3]]
    with pytest.raises(LabelValidationError) as caught:
        import_labels([_csv(tmp_path / "ana.csv", rows)], frame_ids=FRAMES)
    (problem,) = caught.value.problems
    assert problem.row == 1 and problem.column == "cooperaton"
    assert "did you mean 'cooperation'?" in problem.message


def test_sheet_without_coder_id(tmp_path: Path) -> None:
    rows = [{k: v for k, v in r.items() if k != "coder"} for r in coder_rows("ana")[:3]]
    path = _csv(tmp_path / "dina.csv", rows)
    with pytest.raises(LabelValidationError, match=r"sheet dina\.csv has no coder id"):
        import_labels([path], frame_ids=FRAMES)
    by_name = import_labels([path], frame_ids=FRAMES, coder_from_filename=True)
    assert set(by_name["coder"]) == {"dina"}
    given = import_labels([path], frame_ids=FRAMES, coder="d.m.")
    assert set(given["coder"]) == {"d.m."}


def test_conflicting_duplicate_rows_name_both_rows(tmp_path: Path) -> None:
    rows = coder_rows("ana")[:3]
    first = _csv(tmp_path / "ana_part1.csv", rows)
    changed = [dict(r) for r in rows]
    changed[1]["threat"] = 1 - changed[1]["threat"]
    second = _csv(tmp_path / "ana_part2.csv", changed)
    with pytest.raises(LabelValidationError) as caught:
        import_labels([first, second], frame_ids=FRAMES)
    (problem,) = caught.value.problems
    assert problem.path.endswith("ana_part1.csv") and problem.row == 3
    assert "ana_part2.csv:3" in problem.message and "threat" in problem.message
    # The same labels twice are one set of labels, not a conflict.
    same = import_labels([first, _csv(tmp_path / "again.csv", rows)], frame_ids=FRAMES)
    assert len(same) == 3 * len(FRAMES)


def test_unknown_passage_with_corpus(tmp_path: Path, corpus) -> None:
    rows = coder_rows("ana")[:2]
    rows[1]["passage_id"] = "en-99-p0"
    with pytest.raises(LabelValidationError) as caught:
        import_labels(
            [_csv(tmp_path / "ana.csv", rows)], frame_ids=FRAMES, passages=corpus.passages
        )
    (problem,) = caught.value.problems
    assert problem.row == 3 and "unknown passage 'en-99-p0'" in problem.message


def test_problems_are_capped_but_counted(tmp_path: Path) -> None:
    rows = coder_rows("ana")
    for row in rows:
        row["threat"] = "x"
    with pytest.raises(LabelValidationError) as caught:
        import_labels([_csv(tmp_path / "ana.csv", rows)], frame_ids=FRAMES, max_problems=5)
    assert len(caught.value.problems) == 48
    assert "48 problem(s)" in str(caught.value) and "... and 43 more" in str(caught.value)


# -- consensus ------------------------------------------------------------------------------


def _labels(rows: list[tuple[str, str, str, int | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["passage_id", "coder", "frame", "label"])
    frame["doc_id"] = frame["passage_id"].str[:5]
    frame["label"] = frame["label"].astype("Int8")
    return frame


def test_majority_ties_and_adjudication() -> None:
    labels = _labels(
        [
            ("en-01-p0", "ana", "threat", 1), ("en-01-p0", "ben", "threat", 1),
            ("en-01-p0", "chloe", "threat", 0),
            ("en-01-p1", "ana", "threat", 1), ("en-01-p1", "ben", "threat", 0),
            ("en-01-p2", "ana", "threat", 1), ("en-01-p2", "ben", "threat", 0),
            ("en-01-p2", ADJUDICATOR, "threat", 0),
            ("en-01-p3", "ana", "threat", None), ("en-01-p3", "ben", "threat", 0),
        ]
    )  # fmt: skip
    wide = aggregate_labels(labels).set_index("passage_id")["threat"]
    assert wide["en-01-p0"] == 1 and np.isnan(wide["en-01-p1"])
    assert wide["en-01-p2"] == 0 and wide["en-01-p3"] == 0  # adjudicated; blank does not vote
    positive = aggregate_labels(labels, tie="positive").set_index("passage_id")["threat"]
    assert positive["en-01-p1"] == 1
    assert aggregate_labels(labels).attrs["ties"] == {"threat": 1}
    with pytest.raises(LabelError, match="tie must be one of"):
        aggregate_labels(labels, tie="coin")


def test_adjudication_sheet_round_trip(tmp_path: Path, corpus) -> None:
    from framing.classify.agreement import disagreements

    sheets = [_csv(tmp_path / f"{c}.csv", coder_rows(c)) for c in ("ana", "ben")]
    labels = import_labels(sheets, frame_ids=FRAMES, passages=corpus.passages)
    table = disagreements(labels, FRAMES)
    assert len(table) == 4  # BEN_DIFFERS
    table["adjudicated"] = "0"
    table.loc[table["passage_id"] == "ar-05-p1", "adjudicated"] = "1"
    path = _csv(tmp_path / "disagreements.csv", table.to_dict("records"))
    adjudicated = import_labels([*sheets, path], frame_ids=FRAMES, passages=corpus.passages)
    decided = adjudicated[adjudicated["coder"] == ADJUDICATOR]
    assert len(decided) == 4
    wide = aggregate_labels(adjudicated, FRAMES).set_index("passage_id")
    assert wide.loc["en-03-p2", "rights_criticism"] == 0
    assert wide.loc["ar-05-p1", "cooperation"] == 1


# -- command line --------------------------------------------------------------------------


def test_cli_import_writes_labels_and_reports_errors(tmp_path: Path, corpus) -> None:
    (tmp_path / "lex.yaml").write_text(LEXICON_YAML, encoding="utf-8")
    sheets = [str(_csv(tmp_path / f"{c}.csv", coder_rows(c))) for c in ("ana", "ben")]
    out = tmp_path / "labels.parquet"
    common = ["--lexicon", str(tmp_path / "lex.yaml"), "--corpus", str(corpus.path)]
    result = CliRunner().invoke(app, ["annotate", "import", *sheets, "-o", str(out), *common])
    assert result.exit_code == 0, result.output
    assert "ana: 48 passages" in result.output
    assert len(read_labels(out)) == 2 * 48 * len(FRAMES)
    rows = coder_rows("chloe")
    rows[0]["threat"] = "oui"
    bad = str(_csv(tmp_path / "chloe.csv", rows))
    result = CliRunner().invoke(app, ["annotate", "import", bad, "-o", str(out), *common])
    assert result.exit_code != 0
    assert isinstance(result.exception, LabelValidationError)
    assert "chloe.csv:2 [threat]: label 'oui'" in str(result.exception)


def test_semicolon_csv_with_multiline_text_and_frames_from_the_sheet(tmp_path: Path) -> None:
    rows = coder_rows("ana")[:3]
    rows[0]["text"] = "Première ligne; deuxième ligne,\nsur deux lignes."
    rows[2]["threat"] = "x"  # reported on spreadsheet row 4, despite the line break above
    path = tmp_path / "ana_fr.csv"
    pd.DataFrame(rows).to_csv(path, index=False, sep=";", encoding="utf-8-sig")
    with pytest.raises(LabelValidationError) as caught:
        import_labels([path])  # no lexicon: the frames are the sheet's frame columns
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "threat")]
    rows[2]["threat"] = 1
    pd.DataFrame(rows).to_csv(path, index=False, sep=";", encoding="utf-8-sig")
    labels = import_labels([path])
    assert list(dict.fromkeys(labels["frame"])) == list(FRAMES)
    assert labels["text"].iloc[0] == "Première ligne; deuxième ligne,\nsur deux lignes."


def test_a_zip_bomb_saved_as_xlsx_is_refused_before_opening(tmp_path):
    import zipfile

    from framing.classify.labels import import_labels
    from framing.errors import LabelError

    bomb = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    with pytest.raises(LabelError) as error:
        import_labels([bomb], coder="a")
    assert "sheet.xlsx" in str(error.value)
