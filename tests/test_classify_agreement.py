"""Reliability coefficients against published worked examples, and the agreement tables."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from classify_samples import FRAMES, coder_rows
from typer.testing import CliRunner

from framing.classify.agreement import (
    _Binary,
    agreement,
    cohen_kappa,
    disagreements,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    reliability_matrix,
)
from framing.classify.labels import write_labels
from framing.cli import app
from framing.errors import LabelError

nan = np.nan


def test_krippendorff_2011_nominal_example_with_missing_data() -> None:
    """Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School
    for Communication, University of Pennsylvania, section C: four observers, twelve units,
    nominal values 1-5 with missing data; alpha (nominal) = 0.743."""
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
        ]
    )
    assert round(krippendorff_alpha(data), 3) == 0.743


def test_fleiss_kappa_wikipedia_example() -> None:
    """Wikipedia, "Fleiss' kappa", worked example: 14 raters assign 10 subjects to 5
    categories; kappa = 0.210. The table gives, per subject, how many raters chose each
    category; here it is expanded into one column of ratings per subject."""
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    ratings = np.array([np.repeat(np.arange(1, 6), counts) for counts in table]).T
    assert ratings.shape == (14, 10)
    assert round(fleiss_kappa(ratings), 3) == 0.210


def test_cohen_kappa_wikipedia_example() -> None:
    """Wikipedia, "Cohen's kappa", first worked example: 50 grant proposals read by two
    readers; both yes 20, A yes / B no 5, A no / B yes 10, both no 15; p_o = 0.7,
    p_e = 0.5, kappa = 0.4."""
    pairs = [(1, 1)] * 20 + [(1, 0)] * 5 + [(0, 1)] * 10 + [(0, 0)] * 15
    a, b = (np.array(side, dtype=float) for side in zip(*pairs, strict=True))
    assert round(cohen_kappa(a, b), 3) == 0.4
    assert round(percent_agreement(np.vstack([a, b])), 3) == 0.7


def test_closed_forms_match_the_packages_on_binary_labels() -> None:
    rng = np.random.default_rng(7)
    truth = rng.random(60) < 0.3
    matrix = np.array([np.where(rng.random(60) < 0.85, truth, ~truth) for _ in range(3)], float)
    matrix[rng.random(matrix.shape) < 0.15] = nan
    matrix = matrix[:, (~np.isnan(matrix)).sum(axis=0) >= 2]
    binary, ones = _Binary(matrix), np.ones((1, matrix.shape[1]))
    assert binary.alpha(ones)[0] == pytest.approx(krippendorff_alpha(matrix))
    assert binary.fleiss(ones)[0] == pytest.approx(fleiss_kappa(matrix))
    for i, j in itertools.combinations(range(3), 2):
        agree, kappa = binary.pair(i, j, ones)
        assert kappa[0] == pytest.approx(cohen_kappa(matrix[i], matrix[j]))
        both = ~np.isnan(matrix[i]) & ~np.isnan(matrix[j])
        assert agree[0] == pytest.approx(np.mean(matrix[i, both] == matrix[j, both]))


def _labels() -> pd.DataFrame:
    rows = []
    for coder in ("ana", "ben", "chloe"):
        for number, row in enumerate(coder_rows(coder), start=2):
            for frame in FRAMES:
                rows.append(
                    {
                        "passage_id": row["passage_id"], "doc_id": row["doc_id"],
                        "coder": coder, "frame": frame, "label": row[frame],
                        "sheet": f"{coder}.csv", "row": number,
                        "language": row["language"], "text": row["text"],
                    }
                )  # fmt: skip
    labels = pd.DataFrame(rows)
    labels["label"] = labels["label"].astype("Int8")
    return labels


def test_agreement_table_on_three_coders() -> None:
    labels = _labels()
    result = agreement(labels, bootstrap=300, seed=1)
    frames = result.frames.set_index("frame")
    assert list(frames.index) == list(FRAMES)
    assert (frames["n_coders"] == 3).all() and (frames["n_passages"] == 48).all()
    assert (frames["n_fleiss"] == 24).all()  # chloe coded half
    # ben differs once on threat (en-01-p1) over 48 passages; chloe agrees with ana there.
    coders, _, matrix = reliability_matrix(labels, "threat")
    assert coders == ["ana", "ben", "chloe"]
    assert frames.loc["threat", "krippendorff_alpha"] == pytest.approx(krippendorff_alpha(matrix))
    # rights_criticism has the most disagreements, so the lowest agreement.
    assert frames["percent_agreement"].idxmin() == "rights_criticism"
    for stat in ("percent_agreement", "krippendorff_alpha", "cohen_kappa_mean", "fleiss_kappa"):
        assert (frames[f"{stat}_ci_low"] <= frames[stat] + 1e-9).all()
        assert (frames[stat] <= frames[f"{stat}_ci_high"] + 1e-9).all()
    pairs = result.pairs
    assert len(pairs) == 3 * len(FRAMES)
    ana_chloe = pairs[(pairs["coder_a"] == "ana") & (pairs["coder_b"] == "chloe")]
    assert ana_chloe["n_passages"].tolist() == [24, 24, 24]
    # Reproducible with the seed, different with another.
    again = agreement(labels, bootstrap=300, seed=1)
    pd.testing.assert_frame_equal(again.frames, result.frames)
    other = agreement(labels, bootstrap=300, seed=2)
    assert not np.allclose(
        other.frames["krippendorff_alpha_ci_low"], frames["krippendorff_alpha_ci_low"]
    )


def test_disagreements_list_every_differing_label_with_text() -> None:
    table = disagreements(_labels(), FRAMES)
    keys = set(zip(table["passage_id"], table["frame"], strict=True))
    assert keys == {
        ("en-01-p1", "threat"),
        ("en-03-p2", "rights_criticism"),
        ("fr-03-p2", "rights_criticism"),
        ("ar-05-p1", "cooperation"),
        ("en-05-p0", "cooperation"),
        ("fr-05-p1", "rights_criticism"),
    }
    row = table[table["passage_id"] == "en-03-p2"].iloc[0]
    assert row["label_ana"] == "0" and row["label_ben"] == "1" and row["label_chloe"] == "0"
    assert "respects press freedom" in row["text"] and row["adjudicated"] == ""
    missing = table[table["passage_id"] == "ar-05-p1"].iloc[0]
    assert missing["label_chloe"] == ""  # chloe did not code ar-05


def test_agreement_needs_two_coders() -> None:
    labels = _labels()
    with pytest.raises(LabelError, match="at least two coders"):
        agreement(labels[labels["coder"] == "ana"])


def test_rare_frame_with_full_agreement_has_undefined_alpha() -> None:
    labels = _labels()
    labels = labels[labels["frame"] == "threat"].copy()
    labels["label"] = pd.array([0] * len(labels), dtype="Int8")
    row = agreement(labels, bootstrap=50).frames.iloc[0]
    assert row["percent_agreement"] == 1.0 and row["prevalence"] == 0.0
    assert np.isnan(row["krippendorff_alpha"]) and np.isnan(row["cohen_kappa_mean"])


def test_cli_agreement_writes_the_tables(tmp_path: Path) -> None:
    write_labels(_labels(), tmp_path / "labels.parquet")
    result = CliRunner().invoke(
        app,
        ["agreement", str(tmp_path / "labels.parquet"), "-o", str(tmp_path / "rel"),
         "--bootstrap", "100"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "6 disagreements" in result.output
    table = pd.read_csv(tmp_path / "rel" / "agreement.csv")
    assert list(table["frame"]) == list(FRAMES)
    raw = (tmp_path / "rel" / "disagreements.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "الأوروبية".encode() in raw
