"""Features of a passage for the frame classifier.

- word uni- and bigrams, TF-IDF (sublinear term frequency);
- character 3–5-grams within word boundaries (as scikit-learn's ``char_wb``),
  TF-IDF: they carry Arabic morphology (clitics, prefixes, broken plurals
  share letters) and French inflection without a stemmer;
- optionally the lexicon's score per frame (``log1p`` of the weighted score),
  through :class:`~framing.lexicon.transformer.LexiconScorer`.

Text is normalised as everywhere in the toolkit (the tokens of
:func:`framing.text.tokens.tokenize`, each through
:func:`framing.text.normalize.normalize_token`: case folding, typographic
apostrophes, Arabic orthographic folding), once per passage. The n-grams are
counted per distinct token, not per occurrence: a token's character n-grams
are made once per batch, and the passages' character counts are the product
of a passage x token count matrix and a token x n-gram matrix (sparse, in C).
The counts are the same as scikit-learn's ``TfidfVectorizer(analyzer="char_wb")``
on the normalised text; the word features are the normalised tokens of two
characters or more (as its default ``token_pattern``) and their bigrams.

Each vocabulary keeps the ``max_features`` n-grams found in the most passages
(ties: the first seen), so a model file stays small; it is saved as one JSON
string. The estimators take a DataFrame with ``text`` and ``language`` columns.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from framing.errors import ModelError
from framing.lexicon.model import Lexicon
from framing.text.normalize import normalize_token
from framing.text.tokens import WORD_RE


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


@dataclass
class TokenizedPassages:
    """Normalised tokens of a batch of passages, as arrays.

    ``types`` are the distinct normalised tokens (first seen first); ``ids``
    the type of every token occurrence and ``doc`` its passage (0-based,
    non-decreasing), so a passage's tokens are contiguous and in order.
    """

    types: list[str]
    ids: np.ndarray
    doc: np.ndarray
    n_passages: int


class _TypeIds(dict):
    """Token as written -> type id of its normalised form (-1: it normalises to nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.types: dict[str, int] = {}

    def __missing__(self, word: str) -> int:
        folded = normalize_token(word)
        type_id = self.types.setdefault(folded, len(self.types)) if folded else -1
        self[word] = type_id
        return type_id


def tokenize_passages(texts: Iterable[str]) -> TokenizedPassages:
    """Tokenise and normalise every text once; the normalisation of a word is cached.

    >>> tp = tokenize_passages(["L’Etat et l'État", "état"])
    >>> tp.types, tp.ids.tolist(), tp.doc.tolist()
    (['l', 'etat', 'et', 'état'], [0, 1, 2, 0, 3, 3], [0, 0, 0, 0, 0, 1])
    """
    ids_of = _TypeIds()
    ids: list[int] = []
    lengths: list[int] = []
    lookup, findall = ids_of.__getitem__, WORD_RE.findall
    for text in texts:
        before = len(ids)
        ids.extend(map(lookup, findall(text)))
        lengths.append(len(ids) - before)
    flat = np.asarray(ids, dtype=np.int64)
    doc = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    kept = flat >= 0
    return TokenizedPassages(list(ids_of.types), flat[kept], doc[kept], len(lengths))


def char_wb_ngrams(token: str, n_min: int, n_max: int) -> list[str]:
    """The character n-grams of one token padded with spaces, as scikit-learn's ``char_wb``.

    >>> char_wb_ngrams("cell", 3, 5)
    [' ce', 'cel', 'ell', 'll ', ' cel', 'cell', 'ell ', ' cell', 'cell ']
    >>> char_wb_ngrams("a", 3, 5)
    [' a ']
    """
    padded = f" {token} "
    size = len(padded)
    grams: list[str] = []
    for n in range(n_min, n_max + 1):
        if n >= size:  # a short token counts once, whole
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


# A function giving the column of each term (-1: not a feature).
Columns = Callable[[list[str]], np.ndarray]


def _growing(index: dict[str, int]) -> Columns:
    """Columns that add unseen terms to ``index`` (fitting)."""

    def columns(terms: list[str]) -> np.ndarray:
        return np.fromiter(
            (index.setdefault(t, len(index)) for t in terms), dtype=np.int64, count=len(terms)
        )

    return columns


def _fixed(index: dict[str, int]) -> Columns:
    """Columns of a fitted vocabulary; -1 for terms outside it."""
    get = index.get

    def columns(terms: list[str]) -> np.ndarray:
        return np.fromiter((get(t, -1) for t in terms), dtype=np.int64, count=len(terms))

    return columns


def word_counts(
    tokens: TokenizedPassages, ngrams: tuple[int, int], columns: Columns, n_columns: Callable
) -> sparse.csr_matrix:
    """Passage x word n-gram counts (tokens of two characters or more, n-grams in a passage)."""
    is_word = np.fromiter((len(t) > 1 for t in tokens.types), dtype=bool, count=len(tokens.types))
    ids, doc = tokens.ids, tokens.doc
    keep = is_word[ids] if len(ids) else np.zeros(0, dtype=bool)
    ids, doc = ids[keep], doc[keep]
    n_types = max(len(tokens.types), 1)
    rows, cols = [], []
    for n in range(ngrams[0], ngrams[1] + 1):
        if len(ids) < n:
            continue
        starts = np.flatnonzero(doc[: len(ids) - n + 1] == doc[n - 1 :])
        code = ids[starts]
        for k in range(1, n):
            if k > 1:  # recode so that the codes stay small
                code = np.unique(code, return_inverse=True)[1]
            code = code * n_types + ids[starts + k]
        _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
        terms = [" ".join(tokens.types[j] for j in ids[s : s + n]) for s in starts[first]]
        column = columns(terms)[inverse]
        found = column >= 0
        rows.append(doc[starts][found])
        cols.append(column[found])
    return _count_matrix(rows, cols, tokens.n_passages, n_columns())


def char_counts(
    tokens: TokenizedPassages, ngrams: tuple[int, int], columns: Columns, n_columns: Callable
) -> sparse.csr_matrix:
    """Passage x character n-gram counts: (passage x token) @ (token x n-gram)."""
    grams = [char_wb_ngrams(t, *ngrams) for t in tokens.types]
    lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
    column = columns([g for per_type in grams for g in per_type])
    owner = np.repeat(np.arange(len(grams), dtype=np.int64), lengths)
    found = column >= 0
    width = n_columns()
    per_type = _count_matrix([owner[found]], [column[found]], len(grams), width)
    per_passage = _count_matrix([tokens.doc], [tokens.ids], tokens.n_passages, len(grams))
    return (per_passage @ per_type).tocsr()


def _count_matrix(
    rows: list[np.ndarray], cols: list[np.ndarray], n: int, width: int
) -> sparse.csr_matrix:
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    data = np.ones(len(row), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (row, col)), shape=(n, width))  # sums repeats
    matrix.sum_duplicates()
    return matrix


def _select(counts: sparse.csr_matrix, min_df: int, max_features: int | None) -> np.ndarray:
    """Columns found in at least ``min_df`` passages, the ``max_features`` most frequent
    (ties: the first seen), in their original order."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    candidates = np.flatnonzero(df >= min_df)
    if max_features is not None and len(candidates) > max_features:
        order = np.argsort(-df[candidates], kind="stable")
        candidates = np.sort(candidates[order[:max_features]])
    return candidates


def _idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency, as scikit-learn's ``TfidfTransformer``."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    n = counts.shape[0]
    return np.log((1 + n) / (1 + df)) + 1.0


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray, sublinear: bool) -> sparse.csr_matrix:
    if counts.shape[1] == 0:
        return counts
    if sublinear:
        np.log(counts.data, out=counts.data)
        counts.data += 1.0
    counts.data *= idf[counts.indices]
    return normalize(counts, norm="l2", copy=False)


class PassageFeatures(LexiconAsYaml, TransformerMixin, BaseEstimator):
    """Word and character TF-IDF of ``text`` (and lexicon scores), one sparse matrix.

    Parameters
    ----------
    lexicon:
        Adds one ``log1p`` lexicon score per frame (needs the ``language`` column).
    word_ngrams, char_ngrams:
        The n-gram ranges.
    min_df:
        Minimum number of passages an n-gram must be in.
    max_features:
        Cap on each vocabulary, words and characters (the n-grams in the most
        passages are kept): it bounds the size of the model file.
    sublinear_tf:
        ``1 + log(count)`` instead of the count.

    Attributes
    ----------
    word_terms_, char_terms_ : list of str
        The vocabularies, in column order.
    word_idf_, char_idf_ : ndarray
        Their inverse document frequencies.

    Examples
    --------
    >>> X = pd.DataFrame({"text": ["A terror cell.", "A joint pact.", "Terror again."]})
    >>> features = PassageFeatures(char_ngrams=(3, 3)).fit(X)
    >>> features.word_terms_[:4]
    ['terror', 'cell', 'joint', 'pact']
    >>> features.transform(X).shape == (3, len(features.get_feature_names_out()))
    True
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (3, 5),
        min_df: int = 1,
        max_features: int | None = 100_000,
        sublinear_tf: bool = True,
    ) -> None:
        self.lexicon = lexicon
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf

    def fit(self, X: Any, y: Any = None) -> PassageFeatures:
        """Learn the vocabularies and inverse document frequencies."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X: Any, y: Any = None) -> sparse.csr_matrix:
        """Fit, and the features of ``X`` (counted once)."""
        passages = as_passage_frame(X)
        tokens = tokenize_passages(passages["text"])
        blocks = []
        for part, count in (("word", word_counts), ("char", char_counts)):
            index: dict[str, int] = {}
            ngrams = tuple(getattr(self, f"{part}_ngrams"))
            counts = count(tokens, ngrams, _growing(index), lambda index=index: len(index))
            kept = _select(counts, self.min_df, self.max_features)
            terms = list(index)
            counts = counts[:, kept].tocsr()
            idf = _idf(counts)
            setattr(self, f"{part}_terms_", [terms[i] for i in kept])
            setattr(self, f"{part}_idf_", idf)
            blocks.append(_tfidf(counts, idf, self.sublinear_tf))
        if not self.word_terms_ and not self.char_terms_:
            raise ModelError(
                f"the {len(passages)} passages have no words to learn from",
                field="text",
                hint="check that the corpus passages have text",
            )
        self.n_features_out_ = sum(b.shape[1] for b in blocks) + len(self._lexicon_names())
        return sparse.hstack(self._with_lexicon(blocks, passages), format="csr")

    def transform(self, X: Any) -> sparse.csr_matrix:
        """The features of ``X`` (DataFrame with ``text``, ``language``; or a list of texts)."""
        return sparse.hstack(self.transform_blocks(X), format="csr")

    def transform_blocks(self, X: Any) -> list[sparse.csr_matrix]:
        """The word, character (and lexicon) blocks of :meth:`transform`, not stacked: a
        linear model can take their products one by one, without a stacked copy."""
        check_is_fitted(self, "word_idf_")
        passages = as_passage_frame(X)
        tokens = tokenize_passages(passages["text"])
        blocks = []
        for part, count in (("word", word_counts), ("char", char_counts)):
            index = self._index(part)
            ngrams = tuple(getattr(self, f"{part}_ngrams"))
            counts = count(tokens, ngrams, _fixed(index), lambda index=index: len(index))
            blocks.append(_tfidf(counts, getattr(self, f"{part}_idf_"), self.sublinear_tf))
        return self._with_lexicon(blocks, passages)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """``word__<n-gram>``, ``char__<n-gram>`` and ``lexicon__<frame id>``."""
        check_is_fitted(self, "word_idf_")
        names = [f"word__{t}" for t in self.word_terms_]
        names += [f"char__{t}" for t in self.char_terms_]
        return np.asarray(names + self._lexicon_names(), dtype=object)

    def _lexicon_names(self) -> list[str]:
        return [] if self.lexicon is None else [f"lexicon__{f}" for f in self.lexicon.frame_ids]

    def _index(self, part: str) -> dict[str, int]:
        cache = self.__dict__.setdefault("_indexes", {})
        if part not in cache:
            cache[part] = {t: i for i, t in enumerate(getattr(self, f"{part}_terms_"))}
        return cache[part]

    def _with_lexicon(
        self, blocks: list[sparse.csr_matrix], passages: pd.DataFrame
    ) -> list[sparse.csr_matrix]:
        if self.lexicon is not None:
            if self.__dict__.get("_lexicon_features") is None:
                self._lexicon_features = LexiconFeatures(self.lexicon).fit(passages.head(0))
            blocks.append(sparse.csr_matrix(self._lexicon_features.transform(passages)))
        return blocks

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_indexes", None)  # lookup dicts, rebuilt on demand
        state.pop("_lexicon_features", None)  # a compiled matcher, rebuilt on demand
        for part in ("word", "char"):  # skops writes a list item by item: one string is quick
            terms = state.pop(f"{part}_terms_", None)
            if terms is not None:
                state[f"{part}_terms_json_"] = json.dumps(terms, ensure_ascii=False)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        for part in ("word", "char"):
            packed = state.pop(f"{part}_terms_json_", None)
            if packed is not None:
                state[f"{part}_terms_"] = json.loads(packed)
        super().__setstate__(state)


def passage_features(
    lexicon: Lexicon | None = None,
    *,
    word_ngrams: tuple[int, int] = (1, 2),
    char_ngrams: tuple[int, int] = (3, 5),
    min_df: int = 1,
    max_features: int | None = 100_000,
) -> PassageFeatures:
    """The feature extractor: word and character TF-IDF of ``text`` (and lexicon scores).

    See :class:`PassageFeatures` for the parameters.
    """
    return PassageFeatures(
        lexicon,
        word_ngrams=word_ngrams,
        char_ngrams=char_ngrams,
        min_df=min_df,
        max_features=max_features,
    )


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
