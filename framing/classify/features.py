"""Features of a passage for the frame classifier.

- word uni- and bigrams, TF-IDF (sublinear term frequency);
- character 2–5-grams within word boundaries (``char_wb``), TF-IDF: they carry
  Arabic morphology (clitics, prefixes, broken plurals share letters) and
  French inflection without a stemmer;
- optionally the lexicon's score per frame (``log1p`` of the weighted score),
  through :class:`~framing.lexicon.transformer.LexiconScorer`.

Text is normalised as everywhere in the toolkit
(:func:`framing.text.normalize.normalize_text`: case folding, typographic
apostrophes, Arabic orthographic folding) before the n-grams are counted.
The estimators take a DataFrame with ``text`` and ``language`` columns.

Examples
--------
>>> import pandas as pd
>>> X = pd.DataFrame({"text": ["Police dismantled a terrorist cell.", "تفكيك خلية إرهابية"],
...                   "language": ["en", "ar"]})
>>> matrix = passage_features().fit_transform(X)
>>> matrix.shape[0], matrix.shape[1] > 50
(2, True)
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from framing.lexicon.model import Lexicon
from framing.text.normalize import normalize_text


class LexiconAsYaml:
    """Mixin: an estimator's ``lexicon`` parameter is saved as YAML text, not as objects.

    A model file then needs to trust no lexicon class, and the lexicon read
    back equals the one given (its content hash is the same).
    """

    def __getstate__(self) -> dict[str, Any]:
        from framing.lexicon.io import dumps_lexicon

        state = dict(super().__getstate__())  # a copy: Python 3.11 returns __dict__ itself
        state.pop("scorer_", None)  # a compiled automaton: rebuilt on demand
        if isinstance(state.get("lexicon"), Lexicon):
            state["lexicon"] = {"yaml": dumps_lexicon(state["lexicon"])}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        from framing.lexicon.io import loads_lexicon

        lexicon = state.get("lexicon")
        if isinstance(lexicon, dict) and "yaml" in lexicon:
            state = {**state, "lexicon": loads_lexicon(lexicon["yaml"], strict=False)}
        super().__setstate__(state)


class LexiconFeatures(LexiconAsYaml, TransformerMixin, BaseEstimator):
    """One feature per frame: ``log1p`` of the lexicon's weighted score in the passage.

    A thin wrapper of :class:`~framing.lexicon.transformer.LexiconScorer` that
    can be saved in a model file: its state keeps the lexicon as YAML text and
    the compiled matcher is rebuilt after loading, on first use.

    Parameters
    ----------
    lexicon:
        The :class:`~framing.lexicon.model.Lexicon`.
    output:
        ``score``, ``hits``, ``density`` or ``present`` (see ``LexiconScorer``).
    log:
        Apply ``log1p`` (counts and scores are skewed; TF-IDF features are in [0, 1]).

    Examples
    --------
    >>> from framing.lexicon.model import Entry, Frame
    >>> lex = Lexicon("demo", languages=["en"], frames=[
    ...     Frame("threat", "Threat", entries={"en": [Entry("terror*", "glob")]})])
    >>> X = pd.DataFrame({"text": ["Terrorists and terrorism."], "language": ["en"]})
    >>> LexiconFeatures(lex).fit(X).transform(X).round(3).tolist()
    [[1.099]]
    """

    def __init__(self, lexicon: Lexicon | None = None, output: str = "score", log: bool = True):
        self.lexicon = lexicon
        self.output = output
        self.log = log

    def fit(self, X: Any, y: Any = None) -> LexiconFeatures:
        """Compile the lexicon."""
        from framing.lexicon.transformer import LexiconScorer

        self.scorer_ = LexiconScorer(self.lexicon, output=self.output).fit(X)
        self.feature_names_out_ = np.asarray(
            [f"lexicon__{f}" for f in self.lexicon.frame_ids], dtype=object
        )
        return self

    def transform(self, X: Any) -> np.ndarray:
        """The lexicon feature of each passage of ``X`` (DataFrame: ``text``, ``language``)."""
        check_is_fitted(self, "feature_names_out_")
        if getattr(self, "scorer_", None) is None:
            self.fit(X)  # rebuilt after loading from a model file
        values = self.scorer_.transform(X)
        return np.log1p(values) if self.log else values

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """``lexicon__<frame id>`` for each frame."""
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()


class CompactTfidfVectorizer(TfidfVectorizer):
    """A ``TfidfVectorizer`` whose vocabulary is saved as one JSON string.

    skops writes a dict entry by entry, which takes minutes and tens of
    megabytes for the 100,000 n-grams of a real corpus; one string of the
    terms in index order takes a moment. Behaviour is otherwise unchanged.
    """

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None:
            terms = sorted(vocabulary, key=vocabulary.__getitem__)
            state["vocabulary_json_"] = json.dumps(terms, ensure_ascii=False)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        packed = state.pop("vocabulary_json_", None)
        if packed is not None:
            state["vocabulary_"] = {term: i for i, term in enumerate(json.loads(packed))}
        super().__setstate__(state)


def passage_features(
    lexicon: Lexicon | None = None,
    *,
    word_ngrams: tuple[int, int] = (1, 2),
    char_ngrams: tuple[int, int] = (2, 5),
    min_df: int = 1,
    max_features: int | None = 100_000,
) -> ColumnTransformer:
    """The feature extractor: word and character TF-IDF of ``text`` (and lexicon scores).

    Parameters
    ----------
    lexicon:
        Adds :class:`LexiconFeatures` (needs the ``language`` column).
    word_ngrams, char_ngrams:
        The n-gram ranges.
    min_df:
        Minimum document frequency of an n-gram.
    max_features:
        Cap on each vocabulary, words and characters (the most frequent n-grams
        are kept): it bounds the size of the model file.
    """
    word = CompactTfidfVectorizer(
        preprocessor=normalize_text,
        ngram_range=tuple(word_ngrams),
        sublinear_tf=True,
        min_df=min_df,
        max_features=max_features,
        lowercase=False,
        dtype=np.float64,
    )
    char = CompactTfidfVectorizer(
        preprocessor=normalize_text,
        analyzer="char_wb",
        ngram_range=tuple(char_ngrams),
        sublinear_tf=True,
        min_df=min_df,
        max_features=max_features,
        lowercase=False,
        dtype=np.float64,
    )
    parts: list[tuple[str, Any, Any]] = [("word", word, "text"), ("char", char, "text")]
    if lexicon is not None:
        parts.append(("lexicon", LexiconFeatures(lexicon), ["text", "language"]))
    return ColumnTransformer(parts, sparse_threshold=1.0)


def as_passage_frame(X: Any) -> pd.DataFrame:
    """``X`` as a DataFrame with ``text`` and ``language`` (a list of texts gets language "")."""
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError("the passages need a 'text' column")
        frame = X if "language" in X.columns else X.assign(language="")
    else:
        texts = [t if isinstance(t, str) else "" for t in np.asarray(X, dtype=object).ravel()]
        frame = pd.DataFrame({"text": texts, "language": [""] * len(texts)})
    return frame.assign(
        text=frame["text"].fillna("").astype(str), language=frame["language"].fillna("").astype(str)
    )
