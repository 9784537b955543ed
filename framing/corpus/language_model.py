"""py3langid's naive Bayes model, run on many texts at once.

py3langid walks a finite automaton over the UTF-8 bytes of one text in a
Python loop (about half a microsecond a byte), which made language
identification most of the cost of ingestion. :class:`BatchLanguageModel`
walks the same automaton over a whole batch with NumPy, one step per byte
position for every text at once, and scores all texts with one sparse matrix
product. The features, weights and formula are py3langid's own (the
automaton's feature counts, ``log1p`` of them times the per-class log
probabilities, plus the class priors, divided by the square root of the
byte length, then a softmax); only the order of floating-point sums differs,
so probabilities agree with ``LanguageIdentifier.rank`` to about 1e-6.

A batch of one text is walked in Python as py3langid does (NumPy's per-step
overhead only pays off from about a dozen texts) and scored by the same code,
so a text gets the same probabilities alone or in any batch.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

# Below this many texts the Python walk is faster than the NumPy one.
MIN_VECTOR_BATCH = 12
# Texts walked together: sorted by length, so that little padding is walked.
WALK_CHUNK = 512


class BatchLanguageModel:
    """Class probabilities for many texts with py3langid's bundled model.

    Examples
    --------
    >>> model = language_model()
    >>> probs = model.probabilities(["The minister met his counterparts.", "Le ministre."])
    >>> probs.shape == (2, len(model.classes))
    True
    >>> model.classes[int(probs[0].argmax())]
    'en'
    """

    def __init__(self, identifier) -> None:
        self._identifier = identifier
        self.classes: list[str] = list(identifier.nb_classes)
        self._nextmove = np.frombuffer(identifier.tk_nextmove, dtype=_array_dtype(identifier))
        self._rowbase = np.asarray(identifier._rowbase, dtype=np.int64)
        self._output = np.asarray(identifier.tk_output, dtype=np.int64)
        self._class_log_prob = identifier.nb_ptc  # features x classes, float16
        self._prior = np.asarray(identifier.nb_pc, dtype=np.float32)
        self._alias_pairs = list(identifier._alias_pairs)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised class probabilities, texts x :attr:`classes` (float32)."""
        encoded = [encode(text) for text in texts]
        counts = self._counts(encoded)
        lengths = np.fromiter((len(b) for b in encoded), dtype=np.float64, count=len(encoded))
        return self._score(counts, lengths)

    # --- feature counts -----------------------------------------------------------------

    def _counts(self, encoded: list[bytes]) -> sparse.csr_matrix:
        """Feature counts, texts x features of the model."""
        n_features = self._class_log_prob.shape[0]
        if len(encoded) < MIN_VECTOR_BATCH:
            rows = [self._walk_one(data) for data in encoded]
            return _csr_from_counters(rows, n_features)
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        row_ids, feature_ids = [], []
        for start in range(0, len(order), WALK_CHUNK):
            chunk = order[start : start + WALK_CHUNK]
            rows, features = self._walk_many([encoded[i] for i in chunk])
            row_ids.append(np.asarray(chunk, dtype=np.int64)[rows])
            feature_ids.append(features)
        rows_all = np.concatenate(row_ids) if row_ids else np.empty(0, np.int64)
        features_all = np.concatenate(feature_ids) if feature_ids else np.empty(0, np.int64)
        ones = np.ones(len(rows_all), dtype=np.float32)
        shape = (len(encoded), n_features)
        return sparse.csr_matrix((ones, (rows_all, features_all)), shape=shape)

    def _walk_one(self, data: bytes) -> Counter:
        from py3langid.langid import visit_counts

        ident = self._identifier
        return visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data) or Counter()

    def _walk_many(self, encoded: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """(row, feature) of every feature the automaton emits, for texts of similar length."""
        width = max((len(b) for b in encoded), default=0)
        if width == 0:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        letters = np.zeros((width, len(encoded)), dtype=np.int64)  # position x text
        for column, data in enumerate(encoded):
            letters[: len(data), column] = np.frombuffer(data, dtype=np.uint8)
        emitted = np.empty((width, len(encoded)), dtype=np.int64)
        state = np.zeros(len(encoded), dtype=np.int64)
        nextmove, rowbase, output = self._nextmove, self._rowbase, self._output
        for position in range(width):
            state = nextmove[rowbase[state] + letters[position]]
            emitted[position] = output[state]
        lengths = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=len(encoded))
        inside = np.arange(width)[:, None] < lengths[None, :]  # padding emits nothing
        positions, rows = np.nonzero((emitted >= 0) & inside)
        return rows, emitted[positions, rows]

    # --- scores -------------------------------------------------------------------------

    def _score(self, counts: sparse.csr_matrix, lengths: np.ndarray) -> np.ndarray:
        counts.sum_duplicates()
        used = np.unique(counts.indices)
        remap = np.zeros(counts.shape[1], dtype=np.int64)
        remap[used] = np.arange(len(used))
        logged = sparse.csr_matrix(
            (np.log1p(counts.data.astype(np.float32)), remap[counts.indices], counts.indptr),
            shape=(counts.shape[0], len(used)),
        )
        table = self._class_log_prob[used].astype(np.float32)
        scores = np.asarray(logged @ table, dtype=np.float32) + self._prior
        featureless = np.diff(counts.indptr) == 0
        scores[featureless] = 0.0  # py3langid: no feature, a uniform distribution
        scores *= (1.0 / np.sqrt(np.maximum(lengths, 1.0))).astype(np.float32)[:, None]
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        scores /= scores.sum(axis=1, keepdims=True)
        for first, dupe in self._alias_pairs:  # one label in two columns: fold into the first
            scores[:, first] += scores[:, dupe]
            scores[:, dupe] = 0.0
        return scores


def encode(text: str) -> bytes:
    """The bytes py3langid scores: NFC UTF-8, lower-cased if all upper case."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _array_dtype(identifier) -> np.dtype:
    return np.dtype(identifier.tk_nextmove.typecode)


def _csr_from_counters(rows: list[Counter], n_features: int) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for counter in rows:
        for feature, count in counter.items():
            indices.append(feature)
            data.append(count)
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(rows), n_features),
    )


class SequentialLanguageModel:
    """py3langid's own ``rank``, one text at a time: the fallback of :func:`language_model`."""

    def __init__(self, identifier) -> None:
        self._identifier = identifier
        self.classes: list[str] = list(dict.fromkeys(identifier.nb_classes))

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised class probabilities, texts x :attr:`classes` (float32)."""
        out = np.zeros((len(texts), len(self.classes)), dtype=np.float32)
        column = {label: j for j, label in enumerate(self.classes)}
        for i, text in enumerate(texts):
            for label, probability in self._identifier.rank(text):
                out[i, column[label]] = probability
        return out


@lru_cache(maxsize=1)
def language_model() -> BatchLanguageModel | SequentialLanguageModel:
    """The model shipped inside py3langid, loaded once per process.

    The batched walk reads py3langid's automaton tables, which are not public
    API: if a py3langid release changes them, its own one-text-at-a-time
    ``rank`` is used instead (slower, same decisions).
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    try:
        return BatchLanguageModel(identifier)
    except (AttributeError, TypeError, ValueError):
        return SequentialLanguageModel(identifier)
