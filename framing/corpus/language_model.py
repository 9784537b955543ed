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
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

# Below this many texts (in a chunk) the Python walk is faster than the NumPy one.
MIN_VECTOR_BATCH = 12
# Texts walked together: sorted by length (little padding is walked), up to this many
# cells (bytes x texts, about 14 bytes of memory each) at a time.
WALK_CELLS = 1_000_000


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
        self._output32 = self._output.astype(np.int32)  # feature ids < 2**31: half the memory
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
        """Feature counts, texts x features of the model.

        Each chunk of texts is counted by one sort of its (text, feature) keys; the
        chunks' rows are then put back in text order. The matrix comes out canonical
        (indices sorted, no duplicates), as ``sum_duplicates`` would leave it.
        """
        n_features = self._class_log_prob.shape[0]
        lengths = np.zeros(len(encoded), dtype=np.int64)  # stored features per text
        offsets = np.zeros(len(encoded), dtype=np.int64)  # where they are in the chunks' output
        features, counts = [], []
        stored = 0
        for chunk in _walk_chunks(encoded):
            texts = [encoded[i] for i in chunk]
            walk = self._walk_each if len(chunk) < MIN_VECTOR_BATCH else self._walk_many
            rows, chunk_features, chunk_counts = _count_pairs(walk(texts, n_features), n_features)
            per_text = np.bincount(rows, minlength=len(chunk))
            lengths[chunk] = per_text
            offsets[chunk] = stored + np.cumsum(per_text) - per_text
            stored += len(rows)
            features.append(chunk_features.astype(np.int32))  # < n_features: half the memory
            counts.append(chunk_counts.astype(np.int32))
        indptr = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        # Text i's entries are offsets[i] ... offsets[i] + lengths[i] of the chunks' output.
        gather = np.repeat(offsets - indptr[:-1], lengths) + np.arange(indptr[-1])
        all_features = np.concatenate(features) if features else np.empty(0, np.int32)
        all_counts = np.concatenate(counts) if counts else np.empty(0, np.int32)
        data = all_counts[gather].astype(np.float32)
        del all_counts
        shape = (len(encoded), n_features)
        return sparse.csr_matrix((data, all_features[gather], indptr), shape=shape)

    def _walk_one(self, data: bytes) -> Counter:
        from py3langid.langid import visit_counts

        ident = self._identifier
        return visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data) or Counter()

    def _walk_each(self, encoded: list[bytes], n_features: int) -> np.ndarray:
        """:meth:`_walk_many`'s result, each text walked in Python (for a few texts)."""
        counters = [self._walk_one(data) for data in encoded]
        keys = [row * n_features + f for row, c in enumerate(counters) for f in c]
        repeats = [n for counter in counters for n in counter.values()]
        return np.repeat(np.asarray(keys, dtype=np.int64), np.asarray(repeats, dtype=np.int64))

    def _walk_many(self, encoded: list[bytes], n_features: int) -> np.ndarray:
        """``row * n_features + feature`` for every feature the automaton emits (unsorted),
        for texts of similar length, walked together."""
        width = max((len(b) for b in encoded), default=0)
        if width == 0:
            return np.empty(0, np.int64)
        letters = np.zeros((width, len(encoded)), dtype=np.uint8)  # position x text
        for column, data in enumerate(encoded):
            letters[: len(data), column] = np.frombuffer(data, dtype=np.uint8)
        states = np.empty((width, len(encoded)), dtype=self._nextmove.dtype)
        state = np.zeros(len(encoded), dtype=np.int64)
        nextmove, rowbase = self._nextmove, self._rowbase
        for position in range(width):  # the only loop: what a state emits is looked up after
            state = nextmove[rowbase[state] + letters[position]]
            states[position] = state
        emitted = self._output32[states]
        for column, data in enumerate(encoded):
            emitted[len(data) :, column] = -1  # padding emits nothing
        flat = emitted.ravel()
        cells = np.flatnonzero(flat >= 0)  # position * texts + row
        return (cells % len(encoded)) * n_features + flat[cells]

    # --- scores -------------------------------------------------------------------------

    def _score(self, counts: sparse.csr_matrix, lengths: np.ndarray) -> np.ndarray:
        counts.sum_duplicates()
        used = np.flatnonzero(np.bincount(counts.indices, minlength=counts.shape[1]))
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


def _count_pairs(keys: np.ndarray, n_features: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (row, feature) pairs of ``row * n_features + feature`` keys, sorted by row
    then feature, and how often each occurs."""
    keys = np.sort(keys)
    first = np.ones(len(keys), dtype=bool)  # the first of each run of equal keys
    first[1:] = keys[1:] != keys[:-1]
    starts = np.flatnonzero(first)
    counts = np.diff(starts, append=len(keys))
    rows, features = np.divmod(keys[starts], n_features)
    return rows, features, counts


def _walk_chunks(encoded: list[bytes]) -> Iterator[list[int]]:
    """Indices of the texts, shortest first, in chunks of at most WALK_CELLS cells."""
    chunk: list[int] = []
    for i in sorted(range(len(encoded)), key=lambda i: len(encoded[i])):
        if chunk and len(encoded[i]) * (len(chunk) + 1) > WALK_CELLS:
            yield chunk
            chunk = []
        chunk.append(i)
    if chunk:
        yield chunk


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
