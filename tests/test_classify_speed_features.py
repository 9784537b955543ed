"""The fast paths of the classifier: features counted once per token, one set of out-of-fold
scores per frame, and the calibration and fold helpers they rely on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from classify_samples import ARTICLES, lexicon
from sklearn.calibration import _sigmoid_calibration
from sklearn.feature_extraction.text import TfidfVectorizer

from framing.classify import model as model_module
from framing.classify.features import PassageFeatures, char_wb_ngrams, tokenize_passages
from framing.classify.model import (
    FrameClassifier,
    calibrate,
    platt_sigmoid,
    stratified_group_folds,
)
from framing.classify.modelfile import load_model, save_model
from framing.errors import ModelError
from framing.text.normalize import normalize_text

# Awkward text on purpose: apostrophes, diacritics, tatweel, underscores, digits, one-letter
# words, repeated words, an empty passage and one of punctuation only.
ODD_TEXTS = [
    "L’État et l'Etat : l’exportateur de SÉCURITÉ, encore la sécurité.",
    "وبالسِّيادةِ الوطنيـــة، قالت الحكومة إن السيادة خط أحمر",
    "snake_case words, a b c, COVID-19 in 2024 and 2024.",
    "",
    "… — !!",
]


def _passages() -> pd.DataFrame:
    rows = [
        (doc_id, language, text, codes)
        for doc_id, _outlet, language, passages in ARTICLES
        for text, codes in passages
    ]
    return pd.DataFrame(rows, columns=["doc_id", "language", "text", "codes"])


def test_tokens_are_those_of_normalize_text() -> None:
    texts = [text for text in _passages()["text"]] + ODD_TEXTS
    tokens = tokenize_passages(texts)
    for i, text in enumerate(texts):
        mine = [tokens.types[t] for t in tokens.ids[tokens.doc == i]]
        assert " ".join(mine) == normalize_text(text)
    assert np.all(np.diff(tokens.doc) >= 0) and tokens.n_passages == len(texts)


def test_char_ngrams_of_a_token_match_scikit_learn() -> None:
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    for token in ("a", "ab", "cell", "sécurité", "السياده"):
        assert char_wb_ngrams(token, 3, 5) == analyzer(token)


@pytest.mark.parametrize("part", ["word", "char"])
def test_tfidf_equals_scikit_learn_on_normalised_text(part: str) -> None:
    texts = _passages()["text"].tolist() + ODD_TEXTS
    train, test = texts[::2], texts[1::2]
    ours = PassageFeatures(max_features=None).fit(pd.DataFrame({"text": train}))
    options = {
        "word": {"ngram_range": (1, 2)},
        "char": {"analyzer": "char_wb", "ngram_range": (3, 5)},
    }
    theirs = TfidfVectorizer(
        preprocessor=normalize_text, lowercase=False, sublinear_tf=True, **options[part]
    ).fit(train)
    terms = getattr(ours, f"{part}_terms_")
    assert set(terms) == set(theirs.vocabulary_)
    start = 0 if part == "word" else len(ours.word_terms_)
    mine = ours.transform(pd.DataFrame({"text": test}))[:, start : start + len(terms)]
    expected = theirs.transform(test)[:, [theirs.vocabulary_[t] for t in terms]]
    assert abs(mine - expected).max() < 1e-12  # same counts, idf and l2 norm


def test_vocabulary_keeps_the_most_widespread_ngrams_and_ignores_unknown_ones() -> None:
    texts = ["terror cell", "terror plot", "terror network", "joint pact", "pact signed"]
    features = PassageFeatures(max_features=2, char_ngrams=(3, 3)).fit(
        pd.DataFrame({"text": texts})
    )
    assert features.word_terms_ == ["terror", "pact"]  # in 3 and 2 passages
    assert len(features.char_terms_) == 2
    matrix = features.transform(pd.DataFrame({"text": ["zzz qqq", "terror"]}))
    assert matrix.shape == (2, 4) and matrix[0].nnz == 0 and matrix[1, 0] > 0


def test_lexicon_scores_are_the_last_columns() -> None:
    passages = _passages()
    features = PassageFeatures(lexicon(), max_features=50)
    matrix = features.fit_transform(passages)
    names = features.get_feature_names_out()
    assert matrix.shape[1] == len(names) == 100 + len(lexicon().frames)
    assert list(names[-len(lexicon().frames) :]) == [f"lexicon__{f}" for f in lexicon().frame_ids]
    threat = matrix[:, list(names).index("lexicon__threat")].toarray().ravel()
    assert threat[0] > 0 and threat[5] == 0  # a terrorist cell; a tourism figure


def test_platt_sigmoid_matches_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    y = (rng.random(300) < 0.2).astype(int)
    scores = rng.normal(size=300) + 1.5 * y
    a, b = platt_sigmoid(scores, y)
    big_a, big_b = _sigmoid_calibration(scores, y)  # P = 1 / (1 + exp(A f + B))
    assert a == pytest.approx(-big_a, abs=1e-3) and b == pytest.approx(-big_b, abs=1e-3)
    probability = calibrate(scores, {"method": "sigmoid", "a": a, "b": b})
    assert abs(probability.mean() - y.mean()) < 0.01  # calibrated to the prevalence


def test_folds_keep_articles_whole_and_spread_the_positives() -> None:
    groups = np.repeat(np.arange(30), 3)
    y = np.zeros(90, dtype=int)
    y[[0, 1, 9, 20, 33, 45, 60, 61, 62, 75, 88]] = 1  # 8 articles with a positive
    folds = stratified_group_folds(y, groups, 4, seed=0)
    assert (pd.Series(folds).groupby(groups).nunique() == 1).all()
    articles_with_positives = pd.Series(folds[y == 1]).groupby(groups[y == 1]).first()
    assert articles_with_positives.value_counts().tolist() == [2, 2, 2, 2]
    assert np.array_equal(folds, stratified_group_folds(y, groups, 4, seed=0))
    assert not np.array_equal(folds, stratified_group_folds(y, groups, 4, seed=1))


def test_each_frame_costs_folds_plus_one_fits_on_features_made_once(monkeypatch) -> None:
    passages = _passages()
    labels = pd.DataFrame(
        {f: passages["codes"].str.contains(c).astype(float) for f, c in [("t", "T"), ("c", "C")]}
    )
    fits, made, folds_seen = [], [], []
    linear, features, splitter = (
        FrameClassifier._linear,
        PassageFeatures.fit_transform,
        model_module.stratified_group_folds,
    )
    monkeypatch.setattr(
        FrameClassifier, "_linear", lambda self, x, y: fits.append(len(y)) or linear(self, x, y)
    )
    monkeypatch.setattr(
        PassageFeatures,
        "fit_transform",
        lambda self, X, y=None: made.append(1) or features(self, X),
    )
    monkeypatch.setattr(
        model_module,
        "stratified_group_folds",
        lambda *a: folds_seen.append(splitter(*a)) or folds_seen[-1],
    )
    model = FrameClassifier(folds=3).fit(passages, labels, groups=passages["doc_id"])
    assert len(made) == 1 and len(fits) == 2 * (3 + 1)
    assert fits[3] == fits[7] == len(passages)  # the final model of each frame sees everything
    for folds in folds_seen:  # out-of-fold scores: an article is never on both sides
        assert (pd.Series(folds).groupby(passages["doc_id"].to_numpy()).nunique() == 1).all()
    assert set(model.cv_scores_["*"]) == {"t", "c"} and model.cv_scores_["*"]["t"]["folds"] == 3


def test_isotonic_calibration_is_monotone_and_saved(tmp_path: Path) -> None:
    passages = _passages()
    labels = pd.DataFrame({"threat": passages["codes"].str.contains("T").astype(float)})
    model = FrameClassifier(calibration="isotonic").fit(passages, labels)
    calibration = model.models_["*"]["calibration"][0]
    assert calibration["method"] == "isotonic" and np.all(np.diff(calibration["y"]) >= 0)
    probability = model.predict_proba(passages)[:, 0]
    decision = model.models_["*"]["features"].transform(passages) @ model.models_["*"]["coef"][0]
    order = np.argsort(decision)
    assert np.all(np.diff(probability[order]) >= -1e-12)  # never lower for a higher score
    loaded = load_model(save_model(model, {"weak": False}, tmp_path / "iso.skops"))
    np.testing.assert_array_equal(
        loaded.estimator.predict_proba(passages), model.predict_proba(passages)
    )


def test_a_model_file_of_the_old_format_asks_for_retraining(tmp_path: Path) -> None:
    import skops.io as sio

    sio.dump(
        {"format": "framing-model", "format_version": 1, "estimator": [1.0]}, tmp_path / "v1.skops"
    )
    with pytest.raises(ModelError, match="format 1 is not supported") as caught:
        load_model(tmp_path / "v1.skops")
    assert "train the model again" in caught.value.hint


def test_passages_without_words_are_an_error_and_unknown_words_score_nothing() -> None:
    empty = pd.DataFrame({"text": ["", "!!", "…", "?"] * 3, "language": ["en"] * 12})
    with pytest.raises(ModelError, match="12 passages have no words to learn from"):
        FrameClassifier(threshold=0.5).fit(empty, pd.DataFrame({"t": [1, 0, 1, 0] * 3}))
    letters = pd.DataFrame({"text": ["a", "b", "c", "d"] * 3})  # no word feature, only char
    model = FrameClassifier(threshold=0.5).fit(letters, pd.DataFrame({"t": [1, 0, 1, 0] * 3}))
    assert model.models_["*"]["features"].word_terms_ == []
    assert model.predict(letters.head(4)).ravel().tolist() == [1, 0, 1, 0]
    unseen = model.models_["*"]["features"].transform(pd.DataFrame({"text": ["zzz", ""]}))
    assert unseen.nnz == 0
