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
"""

from __future__ import annotations

import zlib
from collections import defaultdict
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
    pairs = _candidate_pairs(sets)
    groups = _UnionFind(len(texts))
    for i, j in sorted(pairs):
        if groups.find(i) != groups.find(j) and jaccard(sets[i], sets[j]) >= threshold:
            groups.union(i, j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        members[groups.find(i)].append(i)
    labels = [""] * len(texts)
    for group in members.values():
        if len(group) > 1:
            label = "dup-" + min(doc_ids[i] for i in group)
            for i in group:
                labels[i] = label
    return labels


def _candidate_pairs(sets: list[np.ndarray]) -> set[tuple[int, int]]:
    a, b = _permutations()
    rows = NUM_PERM // BANDS
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for index, hashes in enumerate(sets):
        if len(hashes) == 0:
            continue
        signature = minhash(hashes, a, b)
        for band in range(BANDS):
            buckets[(band, signature[band * rows : (band + 1) * rows].tobytes())].append(index)
    pairs: set[tuple[int, int]] = set()
    for bucket in buckets.values():
        if len(bucket) <= MAX_BUCKET:
            pairs.update((x, y) for k, x in enumerate(bucket) for y in bucket[k + 1 :])
        else:
            pairs.update((bucket[0], y) for y in bucket[1:])
            pairs.update(pairwise(bucket))
    return pairs
