"""The frame classifier: training, reproducibility, safe model files, predictions."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from classify_samples import FRAMES, LEXICON_YAML, build_corpus, coder_rows, lexicon
from typer.testing import CliRunner

from framing.classify.labels import import_labels, write_labels
from framing.classify.model import FrameClassifier
from framing.classify.modelfile import ALLOWED_TYPES, FORMAT_VERSION, load_model, save_model
from framing.classify.predict import predict_passages
from framing.classify.training import (
    human_training_data,
    train_model,
    weak_training_data,
)
from framing.cli import app
from framing.errors import LabelError, ModelError
from framing.schema import SCORE_COLUMNS
from framing.store import read_metadata


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("classify")
    corpus = build_corpus(root / "corpus")
    sheets = []
    for coder in ("ana", "ben", "chloe"):
        path = root / f"{coder}.csv"
        pd.DataFrame(coder_rows(coder)).to_csv(path, index=False)
        sheets.append(path)
    labels = import_labels(sheets, frame_ids=FRAMES, passages=corpus.passages)
    write_labels(labels, root / "labels.parquet")
    (root / "lex.yaml").write_text(LEXICON_YAML, encoding="utf-8")
    passages = corpus.passages_with_documents(("outlet",))
    data = human_training_data(labels, passages, lexicon=lexicon())
    return {"root": root, "corpus": corpus, "labels": labels, "data": data}


def _new_passages() -> pd.DataFrame:
    texts = [
        ("Security forces arrested members of an extremist cell planning terrorist attacks.", "en"),
        ("Les deux pays ont signé un accord de coopération et de partenariat.", "fr"),
        ("نددت منظمات حقوقية بالقمع وبرامج التجسس ضد الصحفيين.", "ar"),
        ("The central bank kept interest rates unchanged.", "en"),
    ]
    return pd.DataFrame(
        {
            "passage_id": [f"new-{i}" for i in range(len(texts))],
            "doc_id": [f"new-doc-{i}" for i in range(len(texts))],
            "text": [t for t, _ in texts],
            "language": [lang for _, lang in texts],
        }
    )


def test_training_is_reproducible_for_a_seed(workspace: dict) -> None:
    data = workspace["data"]
    first, _ = train_model(data, lexicon=lexicon(), seed=3)
    second, _ = train_model(data, lexicon=lexicon(), seed=3)
    new = _new_passages()
    np.testing.assert_array_equal(first.predict_proba(new), second.predict_proba(new))
    assert first.thresholds_ == second.thresholds_


def test_model_learns_the_frames(workspace: dict) -> None:
    model, card = train_model(workspace["data"], lexicon=lexicon())
    assert model.frames_ == list(FRAMES)
    decisions = model.predict(_new_passages())
    # threat, cooperation, rights, none: each unseen passage gets its frame and only it.
    np.testing.assert_array_equal(decisions, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]])
    assert card["weak"] is False and card["supervision"] == "human labels"
    assert card["lexicon"]["hash"] == lexicon().hash
    assert card["training_data"]["n_passages"] == 48
    assert card["training_data"]["coders"] == ["ana", "ben", "chloe"]
    assert set(card["cv_scores"]["*"]) == set(FRAMES)
    assert card["parameters"]["lexicon_features"] is True
    assert card["library_versions"]["scikit-learn"]


def test_frame_without_positive_is_skipped_with_a_note(workspace: dict) -> None:
    data = workspace["data"]
    labels = data.labels.copy()
    labels["rights_criticism"] = 0.0
    model = FrameClassifier(threshold=0.5).fit(data.passages, labels)
    assert model.frames_ == ["threat", "cooperation"]
    assert "no positive example" in model.skipped_["*"]["rights_criticism"]
    assert model.predict_proba(data.passages).shape == (48, 2)
    with pytest.raises(ModelError, match=r"threat: 0 positive, 48 negative"):
        FrameClassifier().fit(data.passages, labels.assign(threat=0.0, cooperation=0.0))


def test_rare_frame_gets_fewer_calibration_folds_and_an_untuned_threshold(workspace: dict) -> None:
    data = workspace["data"]
    labels = data.labels.copy()
    positives = labels.index[labels["rights_criticism"] == 1]
    docs = data.passages.loc[positives, "doc_id"]
    keep = docs.drop_duplicates().index[:2]  # two positives, in two articles
    labels.loc[labels.index.difference(keep), "rights_criticism"] = 0.0
    model = FrameClassifier().fit(data.passages, labels)
    notes = " ".join(model.notes_)
    assert "rights_criticism: calibrated with 2 folds instead of 3" in notes
    assert "only 2 positive example(s), in 2 article(s)" in notes
    assert model.thresholds_["*"]["rights_criticism"] == 0.5
    assert model.models_["*"]["calibration"][2]["method"] == "sigmoid"


def test_positives_of_one_article_are_not_calibrated(workspace: dict) -> None:
    data = workspace["data"]
    labels = data.labels.copy()
    positives = labels.index[labels["rights_criticism"] == 1]
    docs = data.passages.loc[positives, "doc_id"]
    keep = docs.index[docs == docs.iloc[0]]  # the positives of one article only
    assert len(keep) >= 2
    labels.loc[labels.index.difference(keep), "rights_criticism"] = 0.0
    model = FrameClassifier().fit(data.passages, labels)
    notes = " ".join(model.notes_)
    # Its passages never sit on both sides of a fold, so no out-of-fold score exists.
    assert f"rights_criticism: not calibrated (only {len(keep)} positive example(s), in 1" in notes
    assert model.models_["*"]["calibration"][2] == {"method": "none"}
    assert model.thresholds_["*"]["rights_criticism"] == 0.5
    probability = model.predict_proba(data.passages)[:, 2]
    assert probability[keep].min() > np.delete(probability, keep).max()


def test_missing_labels_train_only_their_frames(workspace: dict) -> None:
    data = workspace["data"]
    labels = data.labels.copy()
    labels.loc[:9, "threat"] = np.nan
    model = FrameClassifier(threshold=0.5).fit(data.passages, labels)
    assert model.counts_["*"]["threat"]["positive"] + model.counts_["*"]["threat"]["negative"] == 38


def test_per_language_models(workspace: dict) -> None:
    data = workspace["data"]
    model = FrameClassifier(per_language=True).fit(data.passages, data.labels)
    assert model.languages_ == ["ar", "en", "fr"]
    assert set(model.thresholds_) == {"ar", "en", "fr"}
    probability = model.predict_proba(_new_passages())
    assert probability.shape == (4, 3) and not np.isnan(probability).any()
    with pytest.raises(ModelError, match="no per-language model for 'es'"):
        model.predict_proba(pd.DataFrame({"text": ["Cooperación policial."], "language": ["es"]}))


def test_labels_outside_the_corpus_or_lexicon_are_errors(workspace: dict) -> None:
    labels = workspace["labels"]
    passages = workspace["corpus"].passages
    with pytest.raises(LabelError, match="not in the corpus: en-01-p0"):
        human_training_data(labels, passages[passages["passage_id"] != "en-01-p0"])
    other = labels.assign(frame=labels["frame"].replace({"threat": "menace"}))
    with pytest.raises(LabelError, match="lexicon does not define: menace"):
        human_training_data(other, passages, lexicon=lexicon())


# -- model files ---------------------------------------------------------------------------


def test_save_and_load_give_the_same_probabilities(workspace: dict, tmp_path: Path) -> None:
    model, card = train_model(workspace["data"], lexicon=lexicon())
    path = save_model(model, card, tmp_path / "model.skops")
    with zipfile.ZipFile(path) as archive:  # a skops archive: JSON schema, no pickle
        assert "schema.json" in archive.namelist()
    loaded = load_model(path)
    new = _new_passages()
    np.testing.assert_array_equal(loaded.estimator.predict_proba(new), model.predict_proba(new))
    assert loaded.card == card and len(loaded.hash) == 16
    assert loaded.estimator.lexicon == lexicon()  # kept as YAML text, read back equal


def test_load_refuses_a_file_with_an_untrusted_type(tmp_path: Path) -> None:
    import skops.io as sio

    model = FrameClassifier(threshold=0.5).fit(
        pd.DataFrame({"text": ["terror cell", "joint pact"] * 4}), pd.DataFrame({"t": [1, 0] * 4})
    )
    path = tmp_path / "crafted.skops"
    payload = {
        "format": "framing-model",
        "format_version": FORMAT_VERSION,
        "estimator": model,
        "card": {"weak": False},
        "hook": os.system,  # a crafted file: loading would hand over os.system
    }
    sio.dump(payload, path)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    message = str(caught.value)
    assert "system" in message and "does not trust" in message and "crafted.skops" in message
    assert not any("system" in t for t in ALLOWED_TYPES)


def test_load_refuses_files_that_are_not_models(tmp_path: Path) -> None:
    import skops.io as sio

    (tmp_path / "junk.skops").write_bytes(b"not a zip archive")
    with pytest.raises(ModelError, match="not a readable skops model file"):
        load_model(tmp_path / "junk.skops")
    sio.dump({"weights": [1, 2, 3]}, tmp_path / "other.skops")
    with pytest.raises(ModelError, match="not a framing model file"):
        load_model(tmp_path / "other.skops")
    with pytest.raises(ModelError, match="model file not found"):
        load_model(tmp_path / "missing.skops")


# -- predictions and weak supervision -----------------------------------------------------


def test_predictions_have_the_shape_of_lexicon_scores(workspace: dict) -> None:
    model, _ = train_model(workspace["data"], lexicon=lexicon())
    new = _new_passages()
    table = predict_passages(new, model)
    assert list(table.columns[: len(SCORE_COLUMNS)]) == list(SCORE_COLUMNS)
    assert len(table) == 4 * 3 and (table["matches"] == "[]").all()
    assert table["probability"].between(0, 1).all()
    assert (table["present"] == (table["probability"] >= table["threshold"])).all()
    assert table["score"].isna().all() and (table["hits"] == 0).all()


def test_weak_model_is_marked_everywhere(workspace: dict) -> None:
    corpus = workspace["corpus"]
    data = weak_training_data(corpus.passages, lexicon())
    assert data.weak and data.labels.shape == (48, 3)
    model, card = train_model(data, lexicon=lexicon())
    assert card["weak"] is True and "weak" in card["supervision"]
    assert card["notes"][0].startswith("WEAKLY SUPERVISED")
    assert model.lexicon is None  # lexicon labels are not also given as features


def test_cli_train_and_classify(workspace: dict, tmp_path: Path) -> None:
    root, corpus_dir = workspace["root"], workspace["corpus"].path
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["train", str(root / "labels.parquet"), "--corpus", str(corpus_dir),
         "--lexicon", str(root / "lex.yaml"), "-o", str(tmp_path / "model.skops")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app,
        ["classify", str(corpus_dir), "--model", str(tmp_path / "model.skops"),
         "-o", str(tmp_path / "predictions.parquet")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(tmp_path / "predictions.parquet")
    assert len(table) == 48 * 3 and list(table.columns[:10]) == list(SCORE_COLUMNS)
    meta = read_metadata(tmp_path / "predictions.parquet")
    assert meta["weak"] is False and meta["model_hash"] == load_model(tmp_path / "model.skops").hash
    assert set(meta["thresholds"]["*"]) == set(FRAMES)
    weak = runner.invoke(
        app,
        ["train", "--weak", "--corpus", str(corpus_dir), "--lexicon", str(root / "lex.yaml"),
         "-o", str(tmp_path / "weak.skops")],
    )  # fmt: skip
    assert weak.exit_code == 0, weak.output
    assert "weakly supervised" in weak.output
    runner.invoke(
        app,
        ["classify", str(corpus_dir), "--model", str(tmp_path / "weak.skops"),
         "-o", str(tmp_path / "weak.parquet")],
    )  # fmt: skip
    assert read_metadata(tmp_path / "weak.parquet")["weak"] is True
    both = runner.invoke(
        app,
        ["train", str(root / "labels.parquet"), "--weak", "--corpus", str(corpus_dir),
         "--lexicon", str(root / "lex.yaml"), "-o", str(tmp_path / "x.skops")],
    )  # fmt: skip
    assert both.exit_code != 0 and "do not also pass LABELS" in str(both.exception)
