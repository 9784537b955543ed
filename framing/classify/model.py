"""The frame classifier: one calibrated linear model per frame over shared text features.

:class:`FrameClassifier` is a scikit-learn estimator for multi-label frame
classification. The passages' features (word and character TF-IDF, and
optionally the lexicon's scores: :mod:`framing.classify.features`) are
computed once and shared by every frame. For each frame (one-vs-rest):

1. the articles are split into ``folds`` folds, stratified by the frame
   (:func:`stratified_group_folds`: no article in two folds, the positives
   spread evenly), and a logistic regression with balanced class weights is
   fitted on each training part: its decision scores on the held-out part are
   the frame's out-of-fold scores;
2. a calibration map is fitted on those scores (Platt's sigmoid by default,
   or isotonic), as ``CalibratedClassifierCV(ensemble=False)`` does;
3. the decision threshold is the one that maximises F1 on the calibrated
   out-of-fold probabilities (:func:`~framing.classify.thresholds.best_threshold`);
4. one logistic regression is fitted on all the passages; its scores through
   the calibration map are the predicted probabilities.

So a frame costs ``folds + 1`` fits, and the probabilities and thresholds
come from predictions on articles the model had not seen. The coefficients of
all frames are kept as one matrix: prediction is one sparse product.

Labels may be missing (NaN): a passage then trains only the frames it was
coded for. A frame with no positive (or no negative) example is skipped and
listed in ``skipped_``. When a frame has too few positives (or articles) for
the folds, fewer folds are used for the calibration and its threshold stays
0.5, or, below two, it is not calibrated (raw logistic probabilities); and
``notes_`` says so.

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
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from framing.classify.features import LexiconAsYaml, as_passage_frame, passage_features
from framing.classify.thresholds import best_threshold, precision_recall_f1
from framing.errors import ModelError
from framing.lexicon.model import Lexicon

#: The key of the one model across languages (``per_language=False``).
ALL_LANGUAGES = "*"
CALIBRATION_METHODS = ("sigmoid", "isotonic", "none")
SOLVERS = ("lbfgs", "liblinear", "saga")


class FrameClassifier(LexiconAsYaml, BaseEstimator):
    """Multi-label frame classifier: TF-IDF features, one calibrated logistic model per frame.

    Parameters
    ----------
    lexicon:
        Adds the lexicon's per-frame scores to the features (None: text only).
    C:
        Inverse regularisation strength of the logistic regressions (L2).
    solver:
        ``lbfgs`` (default: fast on large sparse data, exact optimum),
        ``liblinear`` (also penalises the intercept) or ``saga``.
    calibration:
        ``sigmoid`` (Platt; default, robust with few positives), ``isotonic``
        (needs many positives) or ``none`` (the logistic probabilities).
    folds:
        Folds of the out-of-fold scores used by the calibration and the
        threshold, grouped by article. A frame with fewer positives,
        negatives or articles than this is calibrated on fewer folds and keeps
        threshold 0.5; below 2, it is not calibrated.
    threshold:
        ``"tune"`` (maximise F1 on the calibrated out-of-fold probabilities)
        or a fixed probability.
    per_language:
        One set of features and models per language instead of one across languages.
    word_ngrams, char_ngrams, min_df, max_features:
        See :class:`~framing.classify.features.PassageFeatures`.
    random_state:
        Seed of every random choice (folds, solver): the same data and seed
        give the same probabilities.

    Attributes
    ----------
    frames_ : list of str
        Frames with a model (in any language), in the order of ``y``'s columns.
    models_ : dict
        Language key (``"*"`` for all languages) -> ``{"features": PassageFeatures,
        "frames": [frame, ...], "coef": frames x features array, "intercept": array,
        "calibration": [per frame: {"method": ..., parameters}]}``.
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
        solver: str = "lbfgs",
        calibration: str = "sigmoid",
        folds: int = 3,
        threshold: str | float = "tune",
        per_language: bool = False,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (3, 5),
        min_df: int = 1,
        max_features: int | None = 100_000,
        random_state: int = 0,
    ) -> None:
        self.lexicon = lexicon
        self.C = C
        self.solver = solver
        self.calibration = calibration
        self.folds = folds
        self.threshold = threshold
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
            The article of each passage, for the out-of-fold scores.
        """
        self._check_params()
        passages = as_passage_frame(X)
        frames, labels = _label_matrix(y, len(passages))
        groups_ = _groups(passages, groups)
        keys = self._keys(passages)
        self.models_, self.thresholds_, self.skipped_ = {}, {}, {}
        self.counts_, self.cv_scores_, self.notes_ = {}, {}, []
        self.__dict__.pop("_unconverged", None)
        # One BLAS thread: the solver's vectors are small, and threads that wait for a busy
        # core (a shared machine) made fitting ten times slower.
        with threadpool_limits(1, user_api="blas"):
            for key in sorted(set(keys)):
                rows = np.flatnonzero(keys == key)
                part = passages if len(rows) == len(passages) else passages.iloc[rows]
                self._fit_group(key, part, labels[rows], groups_[rows], frames)
        unconverged = self.__dict__.pop("_unconverged", 0)
        if unconverged:
            self.notes_.append(
                f"{unconverged} logistic regression fit(s) stopped at 1000 iterations before "
                f"converging (solver {self.solver})"
            )
        trained = {f for models in self.models_.values() for f in models["frames"]}
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
        if int(self.folds) < 2:
            raise ModelError("folds must be at least 2")
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
        )
        matrix = features.fit_transform(passages)  # once, shared by every frame
        group_codes = pd.factorize(pd.Series(groups, dtype=object).astype(str))[0]
        trained, coefs, intercepts, calibrations = [], [], [], []
        thresholds, skipped, counts, scores = {}, {}, {}, {}
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
            x = matrix if known.all() else matrix[known]
            fitted = self._fit_frame(x, y, group_codes[known], f"{frame}{where}")
            trained.append(frame)
            coefs.append(fitted["coef"])
            intercepts.append(fitted["intercept"])
            calibrations.append(fitted["calibration"])
            thresholds[frame], scores[frame] = fitted["threshold"], fitted["scores"]
        self.models_[key] = {
            "features": features,
            "frames": trained,
            "coef": np.vstack(coefs) if coefs else np.zeros((0, matrix.shape[1])),
            "intercept": np.asarray(intercepts, dtype=float),
            "calibration": calibrations,
        }
        self.thresholds_[key] = thresholds
        self.skipped_[key] = skipped
        self.counts_[key] = counts
        self.cv_scores_[key] = scores

    def _fit_frame(self, x: Any, y: np.ndarray, groups: np.ndarray, name: str) -> dict[str, Any]:
        """Out-of-fold scores, calibration and threshold, then the model on all the data."""
        n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
        # Folds keep articles whole: a fold needs an article with a positive and one with a
        # negative on its training side.
        pos_groups, neg_groups = len(np.unique(groups[y == 1])), len(np.unique(groups[y == 0]))
        k = min(int(self.folds), pos_groups, neg_groups)
        oof = None
        if k >= 2 and (self.calibration != "none" or self.threshold == "tune"):
            folds = stratified_group_folds(y, groups, k, self.random_state)
            oof = self._out_of_fold(x, y, folds)
        rarer, count, spread = (
            ("positive", n_pos, pos_groups)
            if pos_groups <= neg_groups
            else ("negative", n_neg, neg_groups)
        )
        why = f"only {count} {rarer} example(s), in {spread} article(s)"
        calibration = self._calibration(oof, y, name, k, why)
        coef, intercept = self._linear(x, y)
        threshold, scores = self._threshold(oof, y, calibration, name, k, why)
        return {
            "coef": coef,
            "intercept": intercept,
            "calibration": calibration,
            "threshold": threshold,
            "scores": scores,
        }

    def _linear(self, x: Any, y: np.ndarray) -> tuple[np.ndarray, float]:
        """A class-balanced L2 logistic regression: (coefficients, intercept)."""
        model = LogisticRegression(
            C=self.C,
            solver=self.solver,
            class_weight="balanced",
            max_iter=1000,
            random_state=self.random_state,
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            model.fit(x, y)
        for warning in caught:  # a convergence warning per fit would flood: one note instead
            if issubclass(warning.category, ConvergenceWarning):
                self.__dict__["_unconverged"] = self.__dict__.get("_unconverged", 0) + 1
            else:
                warnings.warn(warning.message, warning.category, stacklevel=2)
        return model.coef_[0].astype(np.float64), float(model.intercept_[0])

    def _out_of_fold(self, x: Any, y: np.ndarray, folds: np.ndarray) -> np.ndarray | None:
        """Decision scores of each passage by a model fitted without its fold (None: a
        training part had one class)."""
        oof = np.empty(len(y))
        for k in range(int(folds.max()) + 1):
            test = folds == k
            train = ~test
            if len(np.unique(y[train])) < 2:
                return None
            coef, intercept = self._linear(x[train], y[train])
            oof[test] = x[test] @ coef + intercept
        return oof

    def _calibration(
        self, oof: np.ndarray | None, y: np.ndarray, name: str, k: int, why: str
    ) -> dict[str, Any]:
        if self.calibration == "none":
            return {"method": "none"}
        if oof is None:
            if k >= 2:
                why = "a training fold had one class only: the positives are in few articles"
            self.notes_.append(
                f"{name}: not calibrated ({why}); probabilities are the logistic regression's"
            )
            return {"method": "none"}
        if k < self.folds:
            self.notes_.append(f"{name}: calibrated with {k} folds instead of {self.folds} ({why})")
        if self.calibration == "isotonic":
            iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(oof, y)
            return {
                "method": "isotonic",
                "x": np.asarray(iso.X_thresholds_, dtype=float),
                "y": np.asarray(iso.y_thresholds_, dtype=float),
            }
        a, b = platt_sigmoid(oof, y)
        return {"method": "sigmoid", "a": a, "b": b}

    def _threshold(
        self,
        oof: np.ndarray | None,
        y: np.ndarray,
        calibration: dict[str, Any],
        name: str,
        k: int,
        why: str,
    ) -> tuple[float, dict[str, Any]]:
        if self.threshold != "tune":
            return float(self.threshold), {}
        if k < self.folds:
            self.notes_.append(
                f"{name}: threshold 0.5, not tuned ({why}: fewer than {self.folds} for the folds)"
            )
            return 0.5, {}
        if oof is None:
            self.notes_.append(f"{name}: threshold 0.5, not tuned (a fold had one class only)")
            return 0.5, {}
        probability = calibrate(oof, calibration)
        threshold = best_threshold(y, probability)
        precision, recall, f1 = precision_recall_f1(y, probability >= threshold)
        return threshold, {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "folds": k,
            "positive": int(y.sum()),
            "negative": int(len(y) - y.sum()),
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
            if not model["frames"]:
                continue
            part = passages if len(rows) == len(passages) else passages.iloc[rows]
            decision = np.tile(model["intercept"], (len(rows), 1))
            start = 0
            for block in model["features"].transform_blocks(part):  # no stacked copy
                decision += block @ model["coef"][:, start : start + block.shape[1]].T
                start += block.shape[1]
            columns = [self.frames_.index(f) for f in model["frames"]]
            for i, (column, calibration) in enumerate(
                zip(columns, model["calibration"], strict=True)
            ):
                out[rows, column] = calibrate(decision[:, i], calibration)
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


def stratified_group_folds(y: np.ndarray, groups: np.ndarray, k: int, seed: int) -> np.ndarray:
    """The fold (0..k-1) of each row: an article's rows share a fold, positives are spread evenly.

    Articles are ordered by their number of positives (most first; at random
    among equals, with ``seed``) and dealt to the folds in turn.

    >>> y = np.array([1, 1, 0, 0, 1, 0, 0, 0])
    >>> folds = stratified_group_folds(y, np.array([0, 0, 1, 1, 2, 3, 4, 5]), 2, seed=0)
    >>> sorted(np.bincount(folds, weights=y).tolist()), len(set(folds[:2])), len(set(folds[2:4]))
    ([1.0, 2.0], 1, 1)
    """
    codes = pd.factorize(pd.Series(groups, dtype=object))[0]
    n_groups = int(codes.max()) + 1
    positives = np.bincount(codes, weights=y, minlength=n_groups)
    shuffled = np.random.default_rng(seed).permutation(n_groups)
    order = shuffled[np.argsort(-positives[shuffled], kind="stable")]
    fold_of_group = np.empty(n_groups, dtype=np.int64)
    fold_of_group[order] = np.arange(n_groups) % k
    return fold_of_group[codes]


def platt_sigmoid(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: ``(a, b)`` with probability ``1 / (1 + exp(-(a * score + b)))``.

    Fitted by maximum likelihood on Platt's smoothed targets (as scikit-learn's
    sigmoid calibration), so that a separable fold does not give probabilities of
    exactly 0 and 1.

    >>> a, b = platt_sigmoid(np.array([-2.0, -1.0, -0.5, 0.5, 1, 2]), np.array([0, 0, 1, 0, 1, 1]))
    >>> bool(a > 0)
    True
    """
    scores = np.asarray(scores, dtype=float)
    n_pos = float(np.sum(y))
    n_neg = len(y) - n_pos
    target = np.where(np.asarray(y) == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        z = params[0] * scores + params[1]
        residual = expit(z) - target
        value = float(np.sum(np.logaddexp(0.0, z) - target * z))
        return value, np.array([residual @ scores, residual.sum()])

    start = np.array([1.0, np.log((n_pos + 1) / (n_neg + 1))])
    result = minimize(loss, start, jac=True, method="L-BFGS-B")
    return float(result.x[0]), float(result.x[1])


def calibrate(decision: np.ndarray, calibration: dict[str, Any]) -> np.ndarray:
    """Probabilities from decision scores through a frame's calibration map."""
    method = calibration.get("method", "none")
    if method == "sigmoid":
        return expit(calibration["a"] * decision + calibration["b"])
    if method == "isotonic":
        return np.interp(decision, calibration["x"], calibration["y"])
    return expit(decision)


def _groups(passages: pd.DataFrame, groups: Sequence[Any] | None) -> np.ndarray:
    if groups is not None:
        values = np.asarray(groups, dtype=object)
        if len(values) != len(passages):
            raise ModelError(f"{len(values)} groups for {len(passages)} passages")
        return values
    if "doc_id" in passages.columns:
        return passages["doc_id"].to_numpy(dtype=object)
    return np.arange(len(passages)).astype(object)
