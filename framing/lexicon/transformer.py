"""A scikit-learn transformer: texts in, one lexicon feature per frame out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from framing.lexicon.matcher import Matcher
from framing.lexicon.model import Lexicon
from framing.lexicon.scoring import load_lexicon_file, score_passages

OUTPUTS = ("score", "hits", "density", "present")


class LexiconScorer(TransformerMixin, BaseEstimator):
    """Turn texts into lexicon features, one column per frame.

    Parameters
    ----------
    lexicon:
        A :class:`~framing.lexicon.model.Lexicon`, or the path of a lexicon file.
    language:
        The language of the texts when ``X`` is a list or Series. A DataFrame
        with a ``language`` column gives each row its own.
    output:
        ``score`` (sum of weights), ``hits``, ``density`` (score per 1,000
        tokens) or ``present`` (1.0 when ``score >= threshold``).
    threshold:
        The score at which ``present`` is 1.

    Attributes
    ----------
    matcher_:
        The compiled :class:`~framing.lexicon.matcher.Matcher`.
    lexicon_:
        The lexicon used (loaded, if ``lexicon`` was a path).
    feature_names_out_:
        The frame ids, in lexicon order.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from framing.lexicon.model import Entry, Frame, Lexicon
    >>> lex = Lexicon("demo", languages=["en"], frames=[
    ...     Frame("threat", "Threat", entries={"en": [Entry("terror*", "glob")]}),
    ...     Frame("cooperation", "Cooperation", entries={"en": [Entry("partner*", "glob")]})])
    >>> texts = ["A terrorist cell was dismantled.", "The partners signed a partnership.",
    ...          "Terrorism and terror networks.", "Partnership between two partners."]
    >>> LexiconScorer(lex).fit(texts).transform(texts[:2])
    array([[1., 0.],
           [0., 2.]])
    >>> model = make_pipeline(LexiconScorer(lex), LogisticRegression()).fit(texts, [1, 0, 1, 0])
    >>> model.predict(["Terrorists were arrested."]).tolist()
    [1]
    """

    def __init__(
        self,
        lexicon: Lexicon | str | Path | None = None,
        language: str = "en",
        output: str = "score",
        threshold: float = 1.0,
    ) -> None:
        self.lexicon = lexicon
        self.language = language
        self.output = output
        self.threshold = threshold

    def fit(self, X: Any = None, y: Any = None) -> LexiconScorer:
        """Compile the lexicon (``X`` and ``y`` are not used)."""
        if self.output not in OUTPUTS:
            raise ValueError(f"output must be one of {', '.join(OUTPUTS)}, not {self.output!r}")
        if self.lexicon is None:
            raise ValueError("LexiconScorer needs a lexicon (a Lexicon or a file path)")
        _check_texts(X)
        lexicon = self.lexicon
        if not isinstance(lexicon, Lexicon):
            lexicon = load_lexicon_file(lexicon, language=self.language)
        self.lexicon_ = lexicon
        self.matcher_ = Matcher(lexicon)
        self.feature_names_out_ = np.asarray(lexicon.frame_ids, dtype=object)
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Score ``X``: a list or Series of texts, or a DataFrame with ``text`` and ``language``."""
        check_is_fitted(self, "matcher_")
        _check_texts(X)
        passages = self._passages(X)
        scores = score_passages(
            passages, self.lexicon_, threshold=self.threshold, matcher=self.matcher_
        )
        column = "present" if self.output == "present" else self.output
        values = scores[column].to_numpy(dtype=np.float64)
        return values.reshape(len(passages), len(self.feature_names_out_))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The frame ids, one per output column."""
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def _passages(self, X: Any) -> pd.DataFrame:
        if isinstance(X, pd.DataFrame):
            if "text" not in X.columns:
                raise ValueError("a DataFrame passed to LexiconScorer needs a 'text' column")
            texts = X["text"].tolist()
            languages = X["language"].tolist() if "language" in X.columns else None
        elif isinstance(X, str):
            raise ValueError("LexiconScorer expects a list of texts, not one string")
        else:
            texts = list(np.asarray(X, dtype=object).ravel())
            languages = None
        n = len(texts)
        return pd.DataFrame(
            {
                "passage_id": np.arange(n).astype(str),
                "doc_id": np.arange(n).astype(str),
                "text": [t if isinstance(t, str) else "" for t in texts],
                "language": languages if languages is not None else [self.language] * n,
            }
        )

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags


def _check_texts(X: Any) -> None:
    if sparse.issparse(X):
        raise TypeError("LexiconScorer takes texts, not a sparse matrix")
