"""Grouped cross-validation of the classifier against the lexicon baseline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from classify_samples import FRAMES, LEXICON_YAML, build_corpus, coder_rows, lexicon
from typer.testing import CliRunner

from framing.classify import evaluation
from framing.classify.evaluation import evaluate, grouped_folds
from framing.classify.labels import import_labels, write_labels
from framing.classify.model import FrameClassifier
from framing.classify.training import human_training_data, weak_training_data
from framing.cli import app
from framing.errors import ModelError
from framing.lexicon.scoring import score_passages


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("evaluation")
    corpus = build_corpus(root / "corpus")
    sheets = []
    for coder in ("ana", "ben"):
        pd.DataFrame(coder_rows(coder)).to_csv(root / f"{coder}.csv", index=False)
        sheets.append(root / f"{coder}.csv")
    labels = import_labels(sheets, frame_ids=FRAMES, passages=corpus.passages)
    write_labels(labels, root / "labels.parquet")
    (root / "lex.yaml").write_text(LEXICON_YAML, encoding="utf-8")
    passages = corpus.passages_with_documents(("outlet",))
    data = human_training_data(labels, passages, lexicon=lexicon())
    return {"root": root, "corpus": corpus, "data": data}


@pytest.fixture(scope="module")
def spied(workspace: dict) -> dict:
    """One evaluation by article, recording the passages every model is fitted on."""
    fitted: list[list[str]] = []
    original = FrameClassifier.fit

    def spy(self, X, y, groups=None):
        fitted.append(list(X["passage_id"]))
        return original(self, X, y, groups)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluation.FrameClassifier, "fit", spy)
        result = evaluate(workspace["data"], lexicon=lexicon(), folds=3, bootstrap=200, seed=0)
    return {"result": result, "fitted": fitted}


def test_no_article_is_split_across_folds(spied: dict) -> None:
    folds = spied["result"].folds
    assert sorted(folds["fold"].unique()) == [0, 1, 2]
    assert (folds.groupby("doc_id")["fold"].nunique() == 1).all()


def test_models_never_see_their_test_fold(spied: dict) -> None:
    folds = spied["result"].folds.set_index("passage_id")["fold"]
    assert len(spied["fitted"]) == 3  # one model per outer fold; thresholds tuned inside it
    for k, trained_on in enumerate(spied["fitted"]):
        assert set(folds[trained_on]) == set(range(3)) - {k}
        assert set(trained_on) == set(folds.index[folds != k])


def test_table_has_classifier_and_lexicon_rows(spied: dict, workspace: dict) -> None:
    table = spied["result"].table
    expected_frames = [*FRAMES, "micro", "macro"]
    assert table["method"].tolist() == ["classifier"] * 5 + ["lexicon"] * 5
    assert table["frame"].tolist() == expected_frames * 2
    assert set(table["supervision"]) == {"human"} and set(table["group"]) == {"article"}
    # The lexicon's precision for threat, counted by hand from its decisions.
    data = workspace["data"]
    scores = score_passages(data.passages, lexicon())
    present = scores[scores["frame"] == "threat"].set_index("passage_id")["present"]
    truth = data.labels["threat"].to_numpy()
    decided = present[data.passages["passage_id"]].to_numpy()
    known = ~np.isnan(truth)
    tp = int((decided & (truth == 1) & known).sum())
    fp = int((decided & (truth == 0) & known).sum())
    row = table[(table["method"] == "lexicon") & (table["frame"] == "threat")].iloc[0]
    assert row["precision"] == pytest.approx(tp / (tp + fp))
    assert row["n_positive"] == int((truth == 1).sum())
    for metric in ("precision", "recall", "f1"):
        finite = table[np.isfinite(table[f"{metric}_ci_low"])]
        assert (finite[f"{metric}_ci_low"] <= finite[metric] + 1e-9).all()
        assert (finite[metric] <= finite[f"{metric}_ci_high"] + 1e-9).all()
    # The classifier learns the frames from 32 passages well above chance.
    classifier = table[table["method"] == "classifier"].set_index("frame")
    assert classifier.loc["micro", "f1"] > 0.6


def test_evaluation_is_reproducible(spied: dict, workspace: dict) -> None:
    again = evaluate(workspace["data"], lexicon=lexicon(), folds=3, bootstrap=200, seed=0)
    pd.testing.assert_frame_equal(again.table, spied["result"].table)


def test_outlet_grouping_tests_on_unseen_outlets(workspace: dict) -> None:
    data = workspace["data"]
    result = evaluate(data, folds=4, group="outlet", bootstrap=100)
    folds = result.folds.merge(data.passages[["passage_id", "outlet"]], on="passage_id")
    assert (folds.groupby("outlet")["fold"].nunique() == 1).all()
    assert folds["fold"].nunique() == 4
    assert (result.table["method"] == "classifier").all()  # no lexicon given, no baseline rows
    with pytest.raises(ModelError, match="5 folds need at least 5 groups, but there are 4"):
        evaluate(data, folds=5, group="outlet")


def test_too_few_positives_for_the_folds_names_the_frame(workspace: dict) -> None:
    data = workspace["data"]
    labels = data.labels.copy()
    keep = labels.index[labels["rights_criticism"] == 1][:3]
    labels.loc[labels.index.difference(keep), "rights_criticism"] = 0.0
    rare = type(data)(data.passages, labels)
    with pytest.raises(ModelError) as caught:
        evaluate(rare, folds=5)
    message = str(caught.value)
    assert "rights_criticism (3 positive, 45 negative)" in message
    assert "fewer" in message and "--folds" in message


def test_grouped_folds_refuses_more_folds_than_articles() -> None:
    with pytest.raises(ModelError, match="use --folds 2"):
        grouped_folds(np.array(["a", "a", "b"]), 3)


def test_weak_evaluation_is_labelled_as_agreement_with_the_lexicon(workspace: dict) -> None:
    data = weak_training_data(workspace["data"].passages, lexicon())
    result = evaluate(data, lexicon=lexicon(), folds=3, bootstrap=100)
    assert set(result.table["supervision"]) == {"weak (agreement with the lexicon)"}
    lexicon_rows = result.table[result.table["method"] == "lexicon"]
    assert (lexicon_rows["f1"] == 1.0).all()
    assert result.metadata["weak"] is True and result.metadata["lexicon_features"] is False


def test_cli_evaluate_writes_csv_and_latex(workspace: dict, tmp_path: Path) -> None:
    root = workspace["root"]
    result = CliRunner().invoke(
        app,
        ["evaluate", str(root / "labels.parquet"), "--corpus", str(workspace["corpus"].path),
         "--lexicon", str(root / "lex.yaml"), "--folds", "3", "--bootstrap", "100",
         "-o", str(tmp_path / "eval")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "eval" / "evaluation.csv")
    assert set(table["method"]) == {"classifier", "lexicon"}
    tex = (tmp_path / "eval" / "evaluation.tex").read_text()
    assert "\\begin{tabular}" in tex and "rights\\_criticism" in tex
    folds = pd.read_csv(tmp_path / "eval" / "folds.csv")
    assert (folds.groupby("doc_id")["fold"].nunique() == 1).all()
    assert (tmp_path / "eval" / "evaluation_predictions.parquet").exists()
