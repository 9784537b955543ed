"""Near-duplicate documents: the same wire story republished by several outlets.

Each document becomes the set of its word *shingles* (runs of ``shingle_size``
normalised tokens, :mod:`framing.text`), hashed to 32 bits with CRC-32 so the
result does not depend on Python's hash seed. MinHash signatures (128
permutations from a fixed seed) split into 32 bands of 4 rows propose
candidate pairs (LSH: a pair with Jaccard 0.6 becomes a candidate with
probability > 0.98); each candidate pair is then checked with the exact
Jaccard similarity of the shingle sets, and pairs at or above the threshold
are joined (union-find, so clusters are transitive). No all-pairs comparison:
the work grows with the number of documents and candidate pairs.

A band bucket holding more than ``MAX_BUCKET`` documents (texts that are
almost empty, or the same template) is checked against its first member and
neighbours only, to stay linear.

For corpora larger than memory the steps come apart (:class:`BandIndex`):
each document's band keys (:func:`band_keys`, 256 bytes) are collected as
documents stream past, the candidate pairs come from the keys alone, and only
the candidates' shingles are computed again to check them.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import pairwise

import numpy as np

from framing.text.normalize import normalize_token
from framing.text.tokens import WORD_RE

NUM_PERM = 128
BANDS = 32
SEED = 20260211
MAX_BUCKET = 100
_PRIME = np.uint64((1 << 31) - 1)  # Mersenne prime: a*x + b stays below 2**63
_BAND_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: combines a band's rows into one key


def shingles(text: str, size: int = 5) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word shingles of ``text``.

    A text shorter than ``size`` tokens is one shingle; an empty text has none.

    >>> len(shingles("one two three four five six", size=5))
    2
    """
    tokens = WORD_RE.findall(text)  # the tokens of framing.text.tokenize, without offsets
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    ids = np.fromiter(map(_token_hash, tokens), dtype=np.uint64, count=len(tokens))
    n = max(1, len(ids) - size + 1)
    combined = np.zeros(n, dtype=np.uint64)
    for offset in range(min(size, len(ids))):
        # Polynomial combination of the window's token hashes (wrapping is intended).
        combined = combined * np.uint64(1_000_003) + ids[offset : offset + n]
    return np.unique(combined & np.uint64(0xFFFFFFFF))


@lru_cache(maxsize=1 << 20)
def _token_hash(token: str) -> int:
    return zlib.crc32(normalize_token(token).encode("utf-8"))


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    a = rng.integers(1, int(_PRIME), size=NUM_PERM, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), size=NUM_PERM, dtype=np.uint64)
    return a, b


def minhash(shingle_hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash signature (``len(a)`` values) of a set of 32-bit hashes."""
    if len(shingle_hashes) == 0:
        return np.full(len(a), np.iinfo(np.uint64).max, dtype=np.uint64)
    # Universal hashing (a*x + b) mod p with x, a, b < p < 2**31: no uint64 overflow.
    x = shingle_hashes % _PRIME
    values = (np.outer(a, x) + b[:, None]) % _PRIME
    return values.min(axis=1)


def jaccard(x: np.ndarray, y: np.ndarray) -> float:
    """Jaccard similarity of two sorted unique arrays."""
    if len(x) == 0 or len(y) == 0:
        return 0.0
    common = len(np.intersect1d(x, y, assume_unique=True))
    return common / (len(x) + len(y) - common)


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def near_duplicate_clusters(
    doc_ids: list[str], texts: list[str], threshold: float = 0.6, shingle_size: int = 5
) -> list[str]:
    """Cluster id per document: ``"dup-" + smallest doc_id`` of its cluster, ``""`` if alone.

    Examples
    --------
    >>> story = ("The ministers of the interior of Morocco and Spain met in Madrid on "
    ...          "Tuesday to discuss migration, border control and police cooperation. "
    ...          "They agreed to hold joint patrols and to share data on smuggling networks "
    ...          "operating in the Strait of Gibraltar, officials said after the meeting.")
    >>> near_duplicate_clusters(["b", "a", "c"],
    ...     [story, story.replace("officials said", "officials told reporters"),
    ...      "Another story entirely."])
    ['dup-a', 'dup-a', '']
    """
    if len(doc_ids) != len(texts):
        raise ValueError("doc_ids and texts must have the same length")
    sets = [shingles(t, shingle_size) for t in texts]
    index = BandIndex()
    for hashes in sets:
        index.add(_band_keys_of(hashes))
    return index.clusters(doc_ids, lambda wanted: {i: sets[i] for i in wanted}, threshold)


def _candidate_pairs(sets: list[np.ndarray]) -> set[tuple[int, int]]:
    """Candidate pairs of documents given as shingle sets."""
    index = BandIndex()
    for hashes in sets:
        index.add(_band_keys_of(hashes))
    return index.candidate_pairs()


def band_keys(text: str, shingle_size: int = 5) -> np.ndarray:
    """The LSH band keys of ``text``: ``BANDS`` 64-bit values, empty for a text without words.

    Two texts share a key in some band when their MinHash signatures agree on
    that band's rows: the pair becomes a candidate near-duplicate.
    """
    return _band_keys_of(shingles(text, shingle_size))


def _band_keys_of(hashes: np.ndarray) -> np.ndarray:
    if len(hashes) == 0:
        return np.empty(0, dtype=np.uint64)
    rows = minhash(hashes, *_permutations_cached()).reshape(BANDS, NUM_PERM // BANDS)
    keys = np.zeros(BANDS, dtype=np.uint64)
    with np.errstate(over="ignore"):  # wrapping multiplication is the point
        for column in range(rows.shape[1]):
            keys = keys * _BAND_MULTIPLIER + rows[:, column]
    return keys


@lru_cache(maxsize=1)
def _permutations_cached() -> tuple[np.ndarray, np.ndarray]:
    return _permutations()


class BandIndex:
    """Band keys of documents added one by one; candidate pairs and clusters from them.

    Memory: 256 bytes per document. Documents are numbered in the order added.

    Examples
    --------
    >>> texts = ["the same wire story about the port of Tanger Med and its new terminal"] * 2
    >>> index = BandIndex()
    >>> for text in [*texts, "something else"]:
    ...     index.add(band_keys(text))
    >>> sorted(index.candidate_pairs())
    [(0, 1)]
    """

    def __init__(self) -> None:
        self._keys: list[np.ndarray] = []
        self._present: list[bool] = []

    def __len__(self) -> int:
        return len(self._present)

    def add(self, keys: np.ndarray) -> None:
        """The band keys of the next document (empty: a document without words)."""
        self._present.append(len(keys) > 0)
        self._keys.append(keys if len(keys) else np.zeros(BANDS, dtype=np.uint64))

    def candidate_pairs(self) -> set[tuple[int, int]]:
        """Pairs ``(i, j)``, ``i < j``, that share a bucket in some band."""
        if not self._keys:
            return set()
        keys = np.vstack(self._keys)
        members = np.flatnonzero(np.asarray(self._present))
        pairs: set[tuple[int, int]] = set()
        for band in range(BANDS):
            column = keys[members, band]
            order = np.argsort(column, kind="stable")  # members stay in document order
            ordered = column[order]
            bounds = np.flatnonzero(np.diff(ordered)) + 1
            for bucket in np.split(members[order], bounds):
                if len(bucket) > 1:
                    _bucket_pairs(bucket.tolist(), pairs)
        return pairs

    def clusters(
        self,
        doc_ids: list[str],
        shingles_of: Callable[[set[int]], dict[int, np.ndarray]],
        threshold: float = 0.6,
    ) -> list[str]:
        """Cluster labels, checking each candidate pair with the exact Jaccard similarity.

        ``shingles_of(indices)`` returns the :func:`shingles` of those documents
        (only the candidates are asked for).
        """
        pairs = self.candidate_pairs()
        sets = shingles_of({i for pair in pairs for i in pair}) if pairs else {}
        groups = _UnionFind(len(doc_ids))
        for i, j in sorted(pairs):
            if groups.find(i) != groups.find(j) and jaccard(sets[i], sets[j]) >= threshold:
                groups.union(i, j)
        return _labels(doc_ids, groups)


def _bucket_pairs(bucket: list[int], pairs: set[tuple[int, int]]) -> None:
    if len(bucket) <= MAX_BUCKET:
        pairs.update((x, y) for k, x in enumerate(bucket) for y in bucket[k + 1 :])
    else:
        pairs.update((bucket[0], y) for y in bucket[1:])
        pairs.update(pairwise(bucket))


def _labels(doc_ids: list[str], groups: _UnionFind) -> list[str]:
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(doc_ids)):
        members[groups.find(i)].append(i)
    labels = [""] * len(doc_ids)
    for group in members.values():
        if len(group) > 1:
            label = "dup-" + min(doc_ids[i] for i in group)
            for i in group:
                labels[i] = label
    return labels


def shingles_of_texts(
    texts: Iterable[tuple[int, str]], wanted: set[int], shingle_size: int = 5
) -> dict[int, np.ndarray]:
    """:func:`shingles` of the ``(index, text)`` pairs whose index is in ``wanted``."""
    return {i: shingles(text, shingle_size) for i, text in texts if i in wanted}
