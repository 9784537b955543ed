"""py3langid's naive Bayes model, run on many texts at once.

py3langid walks a finite automaton over the UTF-8 bytes of one text in a
Python loop (about half a microsecond a byte), which made language
identification most of the cost of ingestion. :class:`BatchLanguageModel`
walks the same automaton over a whole batch with NumPy: the texts' bytes, end
to end, are cut into pieces of a few hundred bytes walked side by side, one
step per byte position for all pieces at once (each piece first walks the few
bytes before it, to start in the right state: see ``_walk_pieces``); the
feature counts come from one sort of (text, feature) keys, and all texts are
scored with one sparse matrix product. The features, weights and formula are
py3langid's own (the automaton's feature counts, ``log1p`` of them times the
per-class log probabilities, plus the class priors, divided by the square root
of the byte length, then a softmax); only the order of floating-point sums
differs, so probabilities agree with ``LanguageIdentifier.rank`` up to float32
rounding (about 1e-5 at most on news texts) and give the same best label.

A text gets bit-for-bit the same probabilities alone or in any batch: its
counts are exact, and its row of the product is summed in the same order (that
of its features) whatever else is in the batch. A small batch (a few thousand
bytes) is walked in Python as py3langid does: NumPy's per-step overhead only
pays off beyond that.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

# Below this many pieces' worth of bytes (in a chunk) the Python walk is faster than NumPy.
MIN_VECTOR_BATCH = 12
# Texts walked together: up to this many bytes (about 16 bytes of memory each) at a time.
WALK_CELLS = 1_000_000
# The NumPy walk cuts the texts into pieces of this many bytes, each walked after the
# WARM_UP bytes before it (more than the longest pattern of the model, 6 bytes).
PIECE = 248
WARM_UP = 8


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
        self._emits = np.asarray(identifier.tk_output, dtype=np.int32)  # feature id, or -1
        self._n_features = identifier.nb_ptc.shape[0]
        self._class_log_prob = identifier.nb_ptc  # features x classes, float16
        self._prior = np.asarray(identifier.nb_pc, dtype=np.float32)
        self._alias_pairs = list(identifier._alias_pairs)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised class probabilities, texts x :attr:`classes` (float32)."""
        distinct = dict.fromkeys(texts)  # a repeated text (a boilerplate line) is scored once
        if len(distinct) < len(texts):
            rows = dict(zip(distinct, range(len(distinct)), strict=True))
            return self.probabilities(list(distinct))[[rows[text] for text in texts]]
        encoded = [encode(text) for text in texts]
        lengths = np.fromiter(map(len, encoded), dtype=np.float64, count=len(encoded))
        return self._score(self._counts(encoded), lengths)

    # --- feature counts -----------------------------------------------------------------

    def _counts(self, encoded: list[bytes]) -> sparse.csr_matrix:
        """Feature counts, texts x features of the model.

        Each chunk of texts is counted by one sort of its (text, feature) keys. The
        matrix comes out canonical (indices sorted, no duplicates), as
        ``sum_duplicates`` would leave it.
        """
        n_features = self._n_features
        per_text, features, counts = [], [], []
        for start, end in _chunks(encoded, _max_chunk_texts(n_features)):
            texts = encoded[start:end]
            size = sum(map(len, texts))
            # A few short texts, or one over WALK_CELLS (the pieces' arrays would take ~16
            # bytes per byte of it): walked in Python.
            if size < MIN_VECTOR_BATCH * PIECE or size > WALK_CELLS:
                keys = np.sort(self._walk_each(texts, n_features))
            else:
                keys = self._walk_pieces(texts, n_features)
            rows, chunk_features, chunk_counts = _runs(keys, n_features)
            per_text.append(np.bincount(rows, minlength=len(texts)))
            features.append(chunk_features.astype(np.int32, copy=False))  # < n_features
            counts.append(chunk_counts.astype(np.float32))
        indptr = np.zeros(len(encoded) + 1, dtype=np.int64)
        if per_text:
            np.cumsum(np.concatenate(per_text), out=indptr[1:])
        matrix = sparse.csr_matrix(
            (_concatenate(counts, np.float32), _concatenate(features, np.int32), indptr),
            shape=(len(encoded), n_features),
        )
        matrix.has_canonical_format = True  # each row sorted by _runs, no duplicates
        return matrix

    def _walk_one(self, data: bytes) -> Counter:
        from py3langid.langid import visit_counts

        ident = self._identifier
        return visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data) or Counter()

    def _walk_each(self, encoded: list[bytes], n_features: int) -> np.ndarray:
        """``row * n_features + feature`` for every feature the automaton emits (unsorted),
        each text walked in Python (for a few short texts)."""
        counters = [self._walk_one(data) for data in encoded]
        keys = [row * n_features + f for row, c in enumerate(counters) for f in c]
        repeats = [n for counter in counters for n in counter.values()]
        return np.repeat(np.asarray(keys, dtype=np.int64), np.asarray(repeats, dtype=np.int64))

    def _walk_pieces(self, encoded: list[bytes], n_features: int) -> np.ndarray:
        """``row * n_features + feature`` for every feature the automaton emits, sorted,
        the texts walked together in pieces of PIECE bytes.

        The texts' bytes, end to end, are cut into pieces walked side by side, one
        step per byte position for all pieces at once. A piece first walks the
        WARM_UP bytes before it: the automaton's state depends on the last few bytes
        only (its patterns are short), so the piece starts its own bytes in the state
        a walk from the start of the text reaches. That is checked, not assumed: the
        state after the warm-up must be the one the previous piece ended in, and a
        text where it is not is walked again in Python. The state goes back to the
        start where a text begins. Keys are int32 when they fit (they sort twice as
        fast as int64).
        """
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        total = int(lengths.sum())
        n_pieces = -(-total // PIECE)
        stream = np.frombuffer(
            b"".join([bytes(WARM_UP), *encoded, bytes(n_pieces * PIECE - total)]), np.uint8
        )
        # Piece j walks stream bytes j*PIECE - WARM_UP ... (j + 1) * PIECE - 1.
        window = np.lib.stride_tricks.as_strided(
            stream, shape=(n_pieces, WARM_UP + PIECE), strides=(PIECE, 1), writeable=False
        )
        letters = np.ascontiguousarray(window.T)  # position x piece: a step reads one row
        restarts, bounds = _restarts((np.cumsum(lengths) - lengths)[lengths > 0], n_pieces)
        states = np.empty((PIECE, n_pieces), dtype=np.uint32)  # after each counted byte
        state = np.zeros(n_pieces, dtype=np.int64)
        nextmove, rowbase = self._nextmove, self._rowbase
        for position in range(WARM_UP + PIECE):  # the only loop: emissions are looked up after
            if position == WARM_UP:  # where the previous piece ended (checked below)
                warmed = state.copy()
            if bounds[position] < bounds[position + 1]:  # a text starts here in some pieces
                state[restarts[bounds[position] : bounds[position + 1]]] = 0
            state = nextmove[rowbase[state] + letters[position]]
            if position >= WARM_UP:
                states[position - WARM_UP] = state
        # A key for every byte; one that emits nothing (or pads the stream) gets a key
        # past every real key and is cut off after the sort.
        key_type = np.int32 if 2 * len(encoded) * n_features < 2**31 else np.int64
        limit = key_type(len(encoded) * n_features)  # typed: searchsorted would cast keys
        emits = self._emits.astype(key_type)
        emits[emits < 0] = limit
        row_keys = np.full(n_pieces * PIECE, limit, dtype=key_type)
        row_keys[:total] = np.repeat(np.arange(0, limit, n_features, dtype=key_type), lengths)
        keys = emits[states]
        keys += row_keys.reshape(n_pieces, PIECE).T
        keys = keys.ravel()  # a view: sorted in place
        # A piece whose warm-up did not reach the state its previous piece ended in.
        astray = np.flatnonzero(warmed[1:] != states[-1, :-1]) + 1
        if len(astray):
            keys = self._walk_again(keys, row_keys[astray * PIECE] // n_features, encoded)
        keys.sort()
        return keys[: np.searchsorted(keys, limit)]

    def _walk_again(self, keys: np.ndarray, rows: np.ndarray, encoded: list[bytes]) -> np.ndarray:
        """``keys`` with the given rows' keys replaced by those of a walk in Python."""
        rows = np.unique(rows)
        n_features = self._n_features
        walked = self._walk_each([encoded[row] for row in rows.tolist()], n_features)
        walked_rows, features = np.divmod(walked, n_features)
        kept = keys[~np.isin(keys // n_features, rows)]
        again = (rows[walked_rows] * n_features + features).astype(kept.dtype)
        return np.concatenate([kept, again])

    # --- scores -------------------------------------------------------------------------

    def _score(self, counts: sparse.csr_matrix, lengths: np.ndarray) -> np.ndarray:
        counts.sum_duplicates()
        # The features used, and each entry's index among them (by a count over all the
        # features for a big batch, by a sort of the few entries of a small one).
        if counts.nnz > counts.shape[1] // 8:
            used = np.flatnonzero(np.bincount(counts.indices, minlength=counts.shape[1]))
            remap = np.zeros(counts.shape[1], dtype=np.int64)
            remap[used] = np.arange(len(used))
            columns = remap[counts.indices]
        else:
            used, columns = np.unique(counts.indices, return_inverse=True)
        logged = sparse.csr_matrix(
            (np.log1p(counts.data.astype(np.float32)), columns, counts.indptr),
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
    if text.isascii():  # already NFC (isascii is a flag of the string: no scan)
        return text.encode("ascii")
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _array_dtype(identifier) -> np.dtype:
    return np.dtype(identifier.tk_nextmove.typecode)


def _runs(keys: np.ndarray, n_features: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (row, feature) pairs of sorted ``row * n_features + feature`` keys, in
    order, and how often each occurs."""
    first = np.empty(len(keys), dtype=bool)  # the first of each run of equal keys
    first[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(starts, append=len(keys))
    distinct = keys[starts]
    rows = distinct // keys.dtype.type(n_features)
    return rows, distinct - rows * keys.dtype.type(n_features), counts


def _concatenate(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.empty(0, dtype)


def _max_chunk_texts(n_features: int) -> int:
    """Most texts in a chunk for its keys (and the end-of-keys mark) to fit in int32."""
    return max(1, (2**31 - 1) // (2 * n_features))


def _chunks(encoded: list[bytes], max_texts: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive texts of at most WALK_CELLS bytes in all and
    ``max_texts`` texts; a text longer than WALK_CELLS bytes is a chunk of its own."""
    ends = np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)))
    start, walked = 0, 0
    while start < len(encoded):
        end = int(np.searchsorted(ends, walked + WALK_CELLS, side="right"))
        end = min(max(end, start + 1), start + max_texts)
        yield start, end
        start, walked = end, int(ends[end - 1])


def _restarts(starts: np.ndarray, n_pieces: int) -> tuple[np.ndarray, list[int]]:
    """The pieces whose state goes back to the automaton's start before each step (where
    a text starts, in the bytes of the piece or of its warm-up), by step: those before
    step ``p`` are ``pieces[bounds[p] : bounds[p + 1]]``."""
    piece, offset = np.divmod(starts, PIECE)
    in_warm_up = (offset >= PIECE - WARM_UP) & (piece + 1 < n_pieces)  # the next piece's
    steps = np.concatenate([WARM_UP + offset, offset[in_warm_up] - (PIECE - WARM_UP)])
    pieces = np.concatenate([piece, piece[in_warm_up] + 1])
    order = np.argsort(steps, kind="stable")
    bounds = np.searchsorted(steps[order], np.arange(WARM_UP + PIECE + 1)).tolist()
    return pieces[order], bounds


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
