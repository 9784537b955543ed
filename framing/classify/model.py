"""The frame classifier: one calibrated linear model per frame over shared text features.

:class:`FrameClassifier` is a scikit-learn estimator for multi-label frame
classification. For each frame (one-vs-rest) it fits a logistic regression
with balanced class weights on the word and character TF-IDF features (and,
optionally, the lexicon's scores), calibrates its probabilities with
``CalibratedClassifierCV`` and tunes a decision threshold on out-of-fold
predictions of the training data, grouped by article so that passages of one
article never inform each other's threshold.

Labels may be missing (NaN): a passage then trains only the frames it was
coded for. A frame with no positive (or no negative) example is skipped and
listed in ``skipped_``. When a frame has too few positives for the
calibration folds, fewer folds are used, or none (raw logistic probabilities),
and ``notes_`` says so.

Examples
--------
>>> import pandas as pd
>>> X = pd.DataFrame({"text": [
...     "Police dismantled a terrorist cell in Tangier.", "A cell linked to extremists was cut.",
...     "Spain and Morocco signed a security cooperation pact.", "The services will share data.",
...     "Des terroristes ont été arrêtés.", "Les deux pays renforcent leur coopération."] * 2,
...     "language": ["en", "en", "en", "en", "fr", "fr"] * 2})
>>> y = pd.DataFrame({"threat": [1, 1, 0, 0, 1, 0] * 2, "cooperation": [0, 0, 1, 1, 0, 1] * 2})
>>> model = FrameClassifier(threshold=0.5).fit(X, y)
>>> model.frames_
['threat', 'cooperation']
>>> model.predict(pd.DataFrame({"text": ["Terrorist cell dismantled."], "language": ["en"]}))
array([[1, 0]])
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from framing.classify.features import LexiconAsYaml, as_passage_frame, passage_features
from framing.classify.thresholds import best_threshold, precision_recall_f1
from framing.errors import ModelError
from framing.lexicon.model import Lexicon

#: The key of the one model across languages (``per_language=False``).
ALL_LANGUAGES = "*"
CALIBRATION_METHODS = ("sigmoid", "isotonic", "none")
SOLVERS = ("liblinear", "saga")


class FrameClassifier(LexiconAsYaml, BaseEstimator):
    """Multi-label frame classifier: TF-IDF features, one calibrated logistic model per frame.

    Parameters
    ----------
    lexicon:
        Adds the lexicon's per-frame scores to the features (None: text only).
    C:
        Inverse regularisation strength of the logistic regressions.
    solver:
        ``liblinear`` (default; small data) or ``saga`` (large data).
    calibration:
        ``sigmoid`` (Platt; default, robust with few positives), ``isotonic``
        (needs many positives) or ``none``.
    calibration_folds:
        Folds of ``CalibratedClassifierCV``; lowered to the number of
        positives (or negatives) of a rare frame, and calibration is dropped
        below 2.
    threshold:
        ``"tune"`` (maximise F1 on out-of-fold predictions of the training
        data, folds grouped by article) or a fixed probability.
    tune_folds:
        Folds of the threshold search; a frame with fewer positives (or
        articles) than this keeps 0.5.
    per_language:
        One set of features and models per language instead of one across languages.
    word_ngrams, char_ngrams, min_df, max_features:
        See :func:`~framing.classify.features.passage_features`.
    random_state:
        Seed of every random choice (folds, solver): the same data and seed
        give the same probabilities.

    Attributes
    ----------
    frames_ : list of str
        Frames with a model (in any language), in the order of ``y``'s columns.
    models_ : dict
        Language key (``"*"`` for all languages) -> ``{"features": ColumnTransformer,
        "classifiers": {frame: estimator}}``.
    thresholds_ : dict
        Language key -> frame -> decision threshold.
    skipped_ : dict
        Language key -> frame -> why it has no model.
    counts_ : dict
        Language key -> frame -> ``{"positive": n, "negative": n}`` in training.
    cv_scores_ : dict
        Language key -> frame -> out-of-fold precision, recall and F1 at the
        tuned threshold (optimistic: the threshold was chosen on the same predictions).
    notes_ : list of str
        Calibration and threshold notes, for the model card.
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        C: float = 1.0,
        solver: str = "liblinear",
        calibration: str = "sigmoid",
        calibration_folds: int = 3,
        threshold: str | float = "tune",
        tune_folds: int = 3,
        per_language: bool = False,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 5),
        min_df: int = 1,
        max_features: int | None = 100_000,
        random_state: int = 0,
    ) -> None:
        self.lexicon = lexicon
        self.C = C
        self.solver = solver
        self.calibration = calibration
        self.calibration_folds = calibration_folds
        self.threshold = threshold
        self.tune_folds = tune_folds
        self.per_language = per_language
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.random_state = random_state

    # -- fitting ----------------------------------------------------------------------------

    def fit(self, X: Any, y: Any, groups: Sequence[Any] | None = None) -> FrameClassifier:
        """Fit one model per frame.

        Parameters
        ----------
        X:
            DataFrame with ``text`` (and ``language``; ``doc_id`` is used as
            the groups when ``groups`` is not given), or a list of texts.
        y:
            DataFrame with one column per frame (1, 0 or NaN = not coded), or
            an array (frames named ``frame_0``, ...).
        groups:
            The article of each passage, for the threshold folds.
        """
        self._check_params()
        passages = as_passage_frame(X)
        frames, labels = _label_matrix(y, len(passages))
        groups_ = _groups(passages, groups)
        keys = self._keys(passages)
        self.models_, self.thresholds_, self.skipped_ = {}, {}, {}
        self.counts_, self.cv_scores_, self.notes_ = {}, {}, []
        for key in sorted(set(keys)):
            rows = np.flatnonzero(keys == key)
            self._fit_group(key, passages.iloc[rows], labels[rows], groups_[rows], frames)
        trained = {f for models in self.models_.values() for f in models["classifiers"]}
        self.frames_ = [f for f in frames if f in trained]
        if not self.frames_:
            counts = "; ".join(
                f"{f}{'' if key == ALL_LANGUAGES else f' ({key})'}: "
                f"{c['positive']} positive, {c['negative']} negative"
                for key, per_key in self.counts_.items()
                for f, c in per_key.items()
            )
            raise ModelError(
                f"no frame has both positive and negative examples ({counts})",
                hint="code more passages, or check that the labels are 0/1",
            )
        self.languages_ = sorted(self.models_)
        return self

    def _check_params(self) -> None:
        if self.calibration not in CALIBRATION_METHODS:
            raise ModelError(f"calibration must be one of {', '.join(CALIBRATION_METHODS)}")
        if self.solver not in SOLVERS:
            raise ModelError(f"solver must be one of {', '.join(SOLVERS)}")
        if self.threshold != "tune" and not 0 < float(self.threshold) < 1:
            raise ModelError("threshold must be 'tune' or a probability between 0 and 1")

    def _keys(self, passages: pd.DataFrame) -> np.ndarray:
        if not self.per_language:
            return np.full(len(passages), ALL_LANGUAGES, dtype=object)
        languages = passages["language"].to_numpy(dtype=object)
        if (languages == "").any():
            raise ModelError(
                "per-language models need the language of every passage",
                field="language",
                hint="use passages from a corpus (framing ingest detects languages)",
            )
        return languages

    def _fit_group(
        self,
        key: str,
        passages: pd.DataFrame,
        labels: np.ndarray,
        groups: np.ndarray,
        frames: list[str],
    ) -> None:
        features = passage_features(
            self.lexicon,
            word_ngrams=self.word_ngrams,
            char_ngrams=self.char_ngrams,
            min_df=self.min_df,
            max_features=self.max_features,
        ).fit(passages)
        matrix = features.transform(passages)
        classifiers, thresholds, skipped, counts, scores = {}, {}, {}, {}, {}
        where = "" if key == ALL_LANGUAGES else f" ({key})"
        for j, frame in enumerate(frames):
            known = ~np.isnan(labels[:, j])
            y = labels[known, j].astype(int)
            n_pos = int(y.sum())
            counts[frame] = {"positive": n_pos, "negative": int(len(y) - n_pos)}
            if n_pos == 0 or n_pos == len(y):
                missing = "positive" if n_pos == 0 else "negative"
                skipped[frame] = f"no {missing} example{where}: {counts[frame]}"
                continue
            x = matrix[known]
            classifiers[frame] = self._fit_binary(x, y, f"{frame}{where}")
            thresholds[frame], scores[frame] = self._threshold(x, y, groups[known], frame + where)
        self.models_[key] = {"features": features, "classifiers": classifiers}
        self.thresholds_[key] = thresholds
        self.skipped_[key] = skipped
        self.counts_[key] = counts
        self.cv_scores_[key] = scores

    def _fit_binary(self, x: Any, y: np.ndarray, name: str | None = None) -> Any:
        """A calibrated logistic regression (or a plain one when calibration cannot be done)."""
        base = LogisticRegression(
            C=self.C,
            solver=self.solver,
            class_weight="balanced",
            max_iter=2000,
            random_state=self.random_state,
        )
        n_min = int(min(y.sum(), len(y) - y.sum()))
        folds = min(self.calibration_folds, n_min)
        if self.calibration == "none":
            return base.fit(x, y)
        if folds < 2:
            if name:
                self.notes_.append(
                    f"{name}: not calibrated (only {n_min} example(s) of the rarer class); "
                    "probabilities are the logistic regression's"
                )
            return base.fit(x, y)
        if folds < self.calibration_folds and name:
            self.notes_.append(
                f"{name}: calibrated with {folds} folds instead of {self.calibration_folds} "
                f"(only {n_min} example(s) of the rarer class)"
            )
        cv = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
        # ensemble=False: one model fitted on all the data, calibrated on cross-validated
        # predictions; the file holds one coefficient vector per frame, not one per fold.
        return CalibratedClassifierCV(base, method=self.calibration, cv=cv, ensemble=False).fit(
            x, y
        )

    def _threshold(
        self, x: Any, y: np.ndarray, groups: np.ndarray, name: str
    ) -> tuple[float, dict[str, Any]]:
        if self.threshold != "tune":
            return float(self.threshold), {}
        k = self.tune_folds
        n_pos, n_neg, n_groups = int(y.sum()), int(len(y) - y.sum()), len(np.unique(groups))
        if min(n_pos, n_neg) < k or n_groups < k:
            self.notes_.append(
                f"{name}: threshold 0.5, not tuned ({n_pos} positive, {n_neg} negative, "
                f"{n_groups} articles: fewer than {k} for the inner folds)"
            )
            return 0.5, {}
        oof = np.full(len(y), np.nan)
        splitter = StratifiedGroupKFold(k, shuffle=True, random_state=self.random_state)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # uneven folds of rare frames
            splits = list(splitter.split(np.zeros(len(y)), y, groups))
        for train, test in splits:
            if len(np.unique(y[train])) < 2:
                self.notes_.append(f"{name}: threshold 0.5, an inner fold had one class only")
                return 0.5, {}
            oof[test] = self._fit_binary(x[train], y[train]).predict_proba(x[test])[:, 1]
        threshold = best_threshold(y, oof)
        precision, recall, f1 = precision_recall_f1(y, oof >= threshold)
        return threshold, {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "folds": k,
            "positive": n_pos,
            "negative": n_neg,
        }

    # -- prediction -------------------------------------------------------------------------

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probabilities, passages x ``frames_`` (NaN where a language has no model
        of that frame)."""
        check_is_fitted(self, "models_")
        passages = as_passage_frame(X)
        keys = self._prediction_keys(passages)
        out = np.full((len(passages), len(self.frames_)), np.nan)
        for key in dict.fromkeys(keys):
            rows = np.flatnonzero(keys == key)
            model = self.models_[key]
            matrix = model["features"].transform(passages.iloc[rows])
            for j, frame in enumerate(self.frames_):
                if frame in model["classifiers"]:
                    out[rows, j] = model["classifiers"][frame].predict_proba(matrix)[:, 1]
        return out

    def threshold_matrix(self, X: Any) -> np.ndarray:
        """The decision threshold of each passage and frame (NaN where there is no model)."""
        check_is_fitted(self, "models_")
        passages = as_passage_frame(X)
        keys = self._prediction_keys(passages)
        out = np.full((len(passages), len(self.frames_)), np.nan)
        for key in dict.fromkeys(keys):
            rows = np.flatnonzero(keys == key)
            for j, frame in enumerate(self.frames_):
                out[rows, j] = self.thresholds_[key].get(frame, np.nan)
        return out

    def predict(self, X: Any) -> np.ndarray:
        """0/1 decisions, passages x ``frames_``: probability >= the frame's threshold."""
        probability = self.predict_proba(X)
        thresholds = self.threshold_matrix(X)
        with np.errstate(invalid="ignore"):
            return (np.nan_to_num(probability, nan=-1.0) >= thresholds).astype(int)

    def _prediction_keys(self, passages: pd.DataFrame) -> np.ndarray:
        if not self.per_language:
            return np.full(len(passages), ALL_LANGUAGES, dtype=object)
        keys = passages["language"].to_numpy(dtype=object)
        unknown = sorted(set(keys) - set(self.models_))
        if unknown:
            raise ModelError(
                f"the model has no per-language model for {', '.join(map(repr, unknown))} "
                f"(trained on {', '.join(sorted(self.models_))})",
                field="language",
                hint="train with passages in that language, or without --per-language",
            )
        return keys


def _label_matrix(y: Any, n: int) -> tuple[list[str], np.ndarray]:
    if isinstance(y, pd.DataFrame):
        frames = [str(c) for c in y.columns]
        values = y.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    else:
        values = np.asarray(y, dtype=float)
        if values.ndim == 1:
            values = values[:, None]
        frames = [f"frame_{j}" for j in range(values.shape[1])]
    if values.shape[0] != n:
        raise ModelError(f"{values.shape[0]} label rows for {n} passages")
    bad = ~np.isnan(values) & ~np.isin(values, (0.0, 1.0))
    if bad.any():
        row, col = (int(v[0]) for v in np.nonzero(bad))
        raise ModelError(f"label {values[row, col]!r} of frame {frames[col]!r} is not 0 or 1")
    return frames, values


def _groups(passages: pd.DataFrame, groups: Sequence[Any] | None) -> np.ndarray:
    if groups is not None:
        values = np.asarray(groups, dtype=object)
        if len(values) != len(passages):
            raise ModelError(f"{len(values)} groups for {len(passages)} passages")
        return values
    if "doc_id" in passages.columns:
        return passages["doc_id"].to_numpy(dtype=object)
    return np.arange(len(passages)).astype(object)
