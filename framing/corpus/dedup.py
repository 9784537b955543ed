"""Near-duplicate documents: the same wire story republished by several outlets.

Each document becomes the set of its word *shingles* (runs of ``shingle_size``
normalised tokens, :mod:`framing.text`), hashed to 32 bits with CRC-32 so the
result does not depend on Python's hash seed. MinHash signatures (128
permutations from a fixed seed) split into 32 bands of 4 rows propose
candidate pairs (LSH: a pair with Jaccard 0.6 becomes a candidate with
probability > 0.98); each candidate pair is then checked with the exact
Jaccard similarity of the shingle sets (all pairs at once, by one merge of
their sorted sets; a pair whose sets differ in size too much to reach the
threshold is not checked), and pairs at or above the threshold are joined
(union-find, so clusters are transitive). No all-pairs comparison: the work
grows with the number of documents and candidate pairs.

A band bucket holding more than ``MAX_BUCKET`` documents (texts that are
almost empty, or the same template) is checked against its first member and
neighbours only, to stay linear.

For corpora larger than memory the steps come apart (:class:`BandIndex`):
each document's band keys (:func:`band_keys`, 256 bytes) are collected as
documents stream past, the candidate pairs come from the keys alone, and the
candidates' shingles are read back from a scratch file (:class:`ShingleFile`,
4 bytes a shingle) to check them: tokenising them again cost more.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from itertools import chain, pairwise
from pathlib import Path
from typing import BinaryIO

import numpy as np

from framing.text.normalize import normalize_token
from framing.text.tokens import words

NUM_PERM = 128
BANDS = 32
SEED = 20260211
MAX_BUCKET = 100
_PRIME = np.uint64((1 << 31) - 1)  # Mersenne prime: a*x + b stays below 2**63
_BAND_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: combines a band's rows into one key
_SHINGLE_BASE = np.uint64(1_000_003)
_BATCH_TEXTS = 500  # texts hashed together: bounded memory, little per-call overhead
_LOW_32 = np.uint64(0xFFFFFFFF)
_MERSENNE_BITS = np.uint64(31)  # _PRIME is 2**_MERSENNE_BITS - 1


def shingles(text: str, size: int = 5) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word shingles of ``text``.

    A text shorter than ``size`` tokens is one shingle; an empty text has none.

    >>> len(shingles("one two three four five six", size=5))
    2
    """
    return shingles_of_batch([text], size)[0]


def shingles_of_batch(
    texts: Sequence[str], size: int = 5, tokens: Sequence[list[str] | None] | None = None
) -> list[np.ndarray]:
    """:func:`shingles` of each text, computed for the whole batch at once.

    ``tokens[i]``, when given and not None, is ``words(texts[i])``, already known: the
    text is not tokenised again.

    The token hashes of all texts are laid end to end: the windows are combined
    with the same wrapping arithmetic as one text at a time (so the hashes are
    the same), and one sort makes each text's set.

    >>> [len(s) for s in shingles_of_batch(["one two three four five six", "", "one two"])]
    [2, 0, 1]
    """
    if tokens is None:
        tokens = [words(text) for text in texts]  # the tokens of framing.text.tokenize
    else:
        tokens = [
            words(text) if known is None else known
            for text, known in zip(texts, tokens, strict=True)
        ]
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    ids = np.fromiter(
        map(_token_hash, chain.from_iterable(tokens)), dtype=np.uint64, count=int(lengths.sum())
    )
    # Every window of `size` tokens in the joined sequence, then those inside one text.
    n = max(0, len(ids) - size + 1)
    combined = ids[:n].copy()
    for offset in range(1, size if n else 0):
        # Polynomial combination of the window's token hashes (wrapping is intended).
        combined *= _SHINGLE_BASE
        combined += ids[offset : offset + n]
    # A window lies inside one text when its first and last tokens belong to the same one.
    token_owner = np.repeat(np.arange(len(texts), dtype=np.uint64), lengths)
    inside = token_owner[:n] == token_owner[size - 1 :]
    owner = token_owner[:n][inside]
    hashes = combined[inside]
    # A text of 1 to size-1 tokens is one shingle of all its tokens.
    short = np.flatnonzero((lengths > 0) & (lengths < size))
    if len(short):
        starts = np.cumsum(lengths) - lengths
        owner = np.concatenate([owner, short.astype(np.uint64)])
        hashes = np.concatenate(
            [hashes, [_one_shingle(ids[starts[i] : starts[i] + lengths[i]]) for i in short]]
        )
    # One sort: by text, then hash; duplicates within a text removed (as np.unique would).
    owner <<= np.uint64(32)
    owner |= hashes & _LOW_32
    keys = _sorted_unique(owner)
    bounds = np.searchsorted(keys >> np.uint64(32), np.arange(len(texts) + 1, dtype=np.uint64))
    keys &= _LOW_32
    return [keys[lo:hi] for lo, hi in pairwise(bounds.tolist())]


def _shingle_sets(
    texts: Sequence[str], size: int, tokens: Sequence[list[str] | None] | None = None
) -> Iterator[np.ndarray]:
    """:func:`shingles_of_batch` of ``texts``, _BATCH_TEXTS at a time (bounded memory)."""
    for start in range(0, len(texts), _BATCH_TEXTS):
        stop = start + _BATCH_TEXTS
        known = None if tokens is None else tokens[start:stop]
        yield from shingles_of_batch(texts[start:stop], size, known)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by a sort (NumPy's hash-based unique is slower for these)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _one_shingle(ids: np.ndarray) -> np.uint64:
    combined = np.zeros(1, dtype=np.uint64)
    for token in ids:
        combined = combined * _SHINGLE_BASE + token
    return combined[0] & _LOW_32


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
    sets = list(_shingle_sets(texts, shingle_size))
    return _band_index(sets).clusters(doc_ids, *joined_shingles(sets), threshold)


def _candidate_pairs(sets: list[np.ndarray]) -> set[tuple[int, int]]:
    """Candidate pairs of documents given as shingle sets."""
    return _band_index(sets).candidate_pairs()


def _band_index(sets: Sequence[np.ndarray]) -> BandIndex:
    """A :class:`BandIndex` of documents given as shingle sets."""
    index = BandIndex()
    index.add_rows(_band_key_array(sets), [len(hashes) > 0 for hashes in sets])
    return index


def band_keys(text: str, shingle_size: int = 5) -> np.ndarray:
    """The LSH band keys of ``text``: ``BANDS`` 64-bit values, empty for a text without words.

    Two texts share a key in some band when their MinHash signatures agree on
    that band's rows: the pair becomes a candidate near-duplicate.
    """
    return _band_keys_of(shingles(text, shingle_size))


def band_keys_of_texts(texts: Sequence[str], shingle_size: int = 5) -> list[np.ndarray]:
    """:func:`band_keys` of each text, computed a batch at a time (the same keys, faster).

    >>> story = "a wire story about the port of Tanger Med"
    >>> keys = band_keys_of_texts([story, ""])
    >>> [len(k) for k in keys], bool((keys[0] == band_keys(story)).all())
    ([32, 0], True)
    """
    return list(_band_keys_in_batches(list(_shingle_sets(texts, shingle_size))))


def shingles_and_band_keys(
    texts: Sequence[str],
    shingle_size: int = 5,
    tokens: Sequence[list[str] | None] | None = None,
) -> tuple[list[np.ndarray], np.ndarray]:
    """The :func:`shingles` of each text and its :func:`band_keys` as one texts x
    ``BANDS`` array (the keys come from the shingles: both for the price of one
    tokenising). A text without words has no keys: its row is zeros, not to be used.

    >>> sets, keys = shingles_and_band_keys(["one two three four five six", ""])
    >>> [len(s) for s in sets], keys.shape, bool((keys[1] == 0).all())
    ([2, 0], (2, 32), True)
    """
    sets = list(_shingle_sets(texts, shingle_size, tokens))
    return sets, _band_key_array(sets)


def _band_key_array(sets: Sequence[np.ndarray]) -> np.ndarray:
    """The band keys of shingle sets, sets x BANDS (zeros for an empty set), made
    _BATCH_TEXTS sets at a time."""
    rows = [_band_key_rows(sets[i : i + _BATCH_TEXTS]) for i in range(0, len(sets), _BATCH_TEXTS)]
    return np.concatenate(rows) if rows else np.zeros((0, BANDS), dtype=np.uint64)


def _band_keys_in_batches(sets: Sequence[np.ndarray]) -> Iterator[np.ndarray]:
    for start in range(0, len(sets), _BATCH_TEXTS):
        batch = sets[start : start + _BATCH_TEXTS]
        rows = _band_key_rows(batch)
        for row, hashes in zip(rows, batch, strict=True):
            yield row if len(hashes) else NO_KEYS


def _band_keys_of(hashes: np.ndarray) -> np.ndarray:
    return next(_band_keys_in_batches([hashes]))


NO_KEYS = np.empty(0, dtype=np.uint64)  # the band keys of a text without words
NO_KEY_ROW = np.zeros(BANDS, dtype=np.uint64)  # its row where keys come as an array


def _band_key_rows(sets: Sequence[np.ndarray]) -> np.ndarray:
    """Band keys of shingle sets, sets x BANDS (zeros for an empty set): MinHash of all sets
    at once, one permutation at a time."""
    keys = np.zeros((len(sets), BANDS), dtype=np.uint64)
    present = [i for i, hashes in enumerate(sets) if len(hashes)]
    if not present:
        return keys
    lengths = np.fromiter((len(sets[i]) for i in present), dtype=np.int64, count=len(present))
    starts = np.cumsum(lengths) - lengths
    # Universal hashing (a*x + b) mod p with x, a, b < p < 2**31: no uint64 overflow.
    x = np.concatenate([sets[i] for i in present]) % _PRIME
    values = np.empty_like(x)
    high = np.empty_like(x)
    signatures = np.empty((len(present), NUM_PERM), dtype=np.uint64)
    for k, (a, b) in enumerate(zip(*_permutations_cached(), strict=True)):
        np.multiply(x, a, out=values)
        values += b
        _mod_mersenne(values, high)
        signatures[:, k] = np.minimum.reduceat(values, starts)
    rows = signatures.reshape(len(present), BANDS, NUM_PERM // BANDS)
    combined = np.zeros((len(present), BANDS), dtype=np.uint64)
    with np.errstate(over="ignore"):  # wrapping multiplication is the point
        for column in range(rows.shape[2]):
            combined = combined * _BAND_MULTIPLIER + rows[:, :, column]
    keys[present] = combined
    return keys


def _mod_mersenne(values: np.ndarray, scratch: np.ndarray) -> None:
    """``values %= 2**31 - 1`` in place, for values ``a*x + b`` with ``a, x, b < p``.

    NumPy's 64-bit ``%`` divides; this folds instead, about twice as fast. With
    ``p = 2**31 - 1``, ``2**31 = p + 1``, so ``v = h * 2**31 + l`` (``h = v >> 31``,
    ``l = v & p``) is ``h + l`` modulo p. Here ``v <= (p-1)**2 + (p-1) = p*(p-1)``,
    so ``h <= p*(p-1) / (p+1) < p - 1`` and ``l <= p``: ``s = h + l <= 2*p - 2``.
    One conditional subtraction of p brings ``s`` into ``[0, p)``, and it is
    ``min(s, s - p)``: when ``s < p`` the unsigned difference wraps to above
    ``2**63`` and ``s`` is the smaller, otherwise ``s - p`` is.
    """
    np.right_shift(values, _MERSENNE_BITS, out=scratch)
    values &= _PRIME
    values += scratch
    np.subtract(values, _PRIME, out=scratch)
    np.minimum(values, scratch, out=values)


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
        self._keys: list[np.ndarray] = []  # blocks of documents x BANDS
        self._present: list[np.ndarray] = []  # per block: which documents have words

    def __len__(self) -> int:
        return sum(len(present) for present in self._present)

    def add(self, keys: np.ndarray) -> None:
        """The band keys of the next document (empty: a document without words)."""
        present = len(keys) > 0
        self.add_rows(np.reshape(keys if present else NO_KEY_ROW, (1, BANDS)), [present])

    def add_rows(self, keys: np.ndarray, present: Sequence[bool] | np.ndarray) -> None:
        """The band keys of the next documents, documents x ``BANDS`` (as
        :func:`shingles_and_band_keys` gives them); ``present[k]`` is false for a
        document without words (its row is not used)."""
        self._keys.append(np.asarray(keys, dtype=np.uint64).reshape(-1, BANDS))
        self._present.append(np.asarray(present, dtype=bool))

    def candidate_pairs(self) -> set[tuple[int, int]]:
        """Pairs ``(i, j)``, ``i < j``, that share a bucket in some band."""
        later, earlier = np.divmod(self._pair_codes(), max(len(self), 1))
        return set(zip(earlier.tolist(), later.tolist(), strict=True))

    def _pair_codes(self) -> np.ndarray:
        """The candidate pairs as sorted codes ``j * len(self) + i`` (``i < j``): ordered by
        their later document, then their earlier one."""
        if not self._keys:
            return np.empty(0, dtype=np.int64)
        keys = np.concatenate(self._keys)
        members = np.flatnonzero(np.concatenate(self._present))
        codes = []
        for band in range(BANDS):
            column = keys[members, band]
            order = np.argsort(column, kind="stable")  # members stay in document order
            bounds = np.flatnonzero(np.diff(column[order])) + 1
            starts = np.concatenate([[0], bounds])
            sizes = np.diff(starts, append=len(order))
            codes.append(_bucket_pair_codes(members[order], starts, sizes, len(keys)))
        return np.unique(np.concatenate(codes))

    def clusters(
        self,
        doc_ids: list[str],
        hashes: np.ndarray,
        counts: np.ndarray,
        threshold: float = 0.6,
        threads: int = 1,
    ) -> list[str]:
        """Cluster labels, checking each candidate pair with the exact Jaccard similarity.

        ``hashes`` and ``counts`` are the documents' :func:`shingles` laid end to
        end and each one's length (:func:`joined_shingles`, or
        :meth:`ShingleFile.joined`). The clusters are the connected groups of
        the pairs similar enough. ``threads``: as :func:`jaccards`.
        """
        later, earlier = np.divmod(self._pair_codes(), max(len(self), 1))
        # J(A, B) <= min(|A|, |B|) / max(|A|, |B|): pairs of very unequal sets need no check
        # (with a margin: rounding of the product must not drop a pair at the threshold).
        small, large = np.sort([counts[earlier], counts[later]], axis=0)
        possible = np.flatnonzero(small * (1 + 1e-9) >= threshold * large)
        earlier, later = earlier[possible], later[possible]
        similar = jaccards(hashes, counts, earlier, later, threads) >= threshold
        return _labels(doc_ids, earlier[similar].tolist(), later[similar].tolist())


def _bucket_pair_codes(
    grouped: np.ndarray, starts: np.ndarray, sizes: np.ndarray, n: int
) -> np.ndarray:
    """Codes ``j * n + i`` of the pairs of documents that share a bucket (``grouped``:
    documents by bucket, in document order within each; buckets at ``starts`` of
    ``sizes``). A bucket of more than MAX_BUCKET documents pairs its first with each
    other and each with the next, to stay linear."""
    small = (sizes > 1) & (sizes <= MAX_BUCKET)
    # Every position but a bucket's last pairs with each later one of its bucket.
    first = _ranges(starts[small], sizes[small] - 1)
    followers = (starts[small] + sizes[small] - 1).repeat(sizes[small] - 1) - first
    earlier = first.repeat(followers)
    later = earlier + 1 + _ranges(np.zeros(len(followers), np.int64), followers)
    codes = [grouped[later] * n + grouped[earlier]]
    big = sizes > MAX_BUCKET
    for start, size in zip(starts[big].tolist(), sizes[big].tolist(), strict=True):
        bucket = grouped[start : start + size]
        codes += [bucket[1:] * n + bucket[0], bucket[1:] * n + bucket[:-1]]
    return np.concatenate(codes)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``starts[k], starts[k] + 1, ... starts[k] + lengths[k] - 1`` for each k, end to end."""
    total = int(lengths.sum())
    if not total:
        return np.empty(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    return np.arange(total, dtype=np.int64) + (starts - (ends - lengths)).repeat(lengths)


def jaccards(
    hashes: np.ndarray,
    counts: np.ndarray,
    first: np.ndarray,
    second: np.ndarray,
    threads: int = 1,
) -> np.ndarray:
    """:func:`jaccard` of the sets of documents ``first[k]`` and ``second[k]``, as an array
    (``hashes``, ``counts``: every document's sorted unique 32-bit hashes end to end, and
    each one's number). ``threads``: batches of pairs checked side by side (NumPy's sorts
    and gathers run without the GIL); the result is the same.

    A pair's two sets are laid side by side behind its number, so one stable
    sort of runs already sorted merges every pair at once; a hash in both sets
    is then two equal neighbours.

    >>> hashes, counts = joined_shingles([np.array([1, 2, 3]), np.array([2, 3, 4]), []])
    >>> jaccards(hashes, counts, np.array([0, 0]), np.array([1, 2])).tolist()
    [0.5, 0.0]
    """
    starts = np.cumsum(counts) - counts
    # Each pair's sets in turn: first[0], second[0], first[1], ...
    sets = np.stack([first, second], axis=1).ravel()
    sizes = counts[sets].reshape(-1, 2)
    out = np.zeros(len(first), dtype=np.float64)

    def check(batch: tuple[int, int]) -> None:
        lo, hi = batch
        lengths = counts[sets[2 * lo : 2 * hi]]
        values = hashes[_ranges(starts[sets[2 * lo : 2 * hi]], lengths)]
        pair = np.arange(hi - lo, dtype=np.uint64).repeat(2).repeat(lengths)
        keys = (pair << np.uint64(32)) | values.astype(np.uint64)
        keys.sort(kind="stable")  # a merge of the runs: each pair's two sets are sorted
        same = keys[1:][keys[1:] == keys[:-1]] >> np.uint64(32)
        common = np.bincount(same.astype(np.intp), minlength=hi - lo)
        union = sizes[lo:hi].sum(axis=1) - common
        both = sizes[lo:hi].min(axis=1) > 0
        out[lo:hi][both] = common[both] / union[both]

    batches = list(_pair_batches(sizes.sum(axis=1)))
    if threads > 1 and len(batches) > 1:
        with ThreadPoolExecutor(min(threads, len(batches))) as pool:
            list(pool.map(check, batches))
    else:
        for batch in batches:
            check(batch)
    return out


_PAIR_BATCH_SHINGLES = 250_000  # hashes merged at once: 2 MB of keys (32 MB cost twice the time)


def _pair_batches(sizes: np.ndarray) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` of runs of pairs of at most _PAIR_BATCH_SHINGLES hashes (a pair
    with more is a run of its own)."""
    ends = np.cumsum(sizes)
    start = 0
    while start < len(sizes):
        base = int(ends[start - 1]) if start else 0
        stop = int(np.searchsorted(ends, base + _PAIR_BATCH_SHINGLES, side="right"))
        stop = min(max(stop, start + 1), len(sizes))
        yield start, stop
        start = stop


def _labels(doc_ids: list[str], earlier: list[int], later: list[int]) -> list[str]:
    """``"dup-"`` + the smallest id of each connected group of the similar pairs; ``""``
    for a document in no pair."""
    groups = _UnionFind(len(doc_ids))
    for i, j in zip(earlier, later, strict=True):
        groups.union(i, j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in sorted(set(earlier) | set(later)):
        members[groups.find(i)].append(i)
    labels = [""] * len(doc_ids)
    for group in members.values():
        label = "dup-" + min(doc_ids[i] for i in group)
        for i in group:
            labels[i] = label
    return labels


class ShingleFile:
    """Documents' shingle sets kept in a scratch file, in the order added (4 bytes a
    shingle: the hashes are 32-bit), read back end to end as a view of the file.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> store = ShingleFile(folder / "shingles.u32")
    >>> store.add(shingles_of_batch(["one two three four five six", "", "one two"]))
    >>> hashes, counts = store.joined()
    >>> counts.tolist(), hashes[2:].tolist() == shingles("one two").tolist()
    ([2, 0, 1], True)
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._handle: BinaryIO | None = self.path.open("wb")
        self._counts: list[np.ndarray] = []

    def __len__(self) -> int:
        return sum(len(counts) for counts in self._counts)

    def add(self, sets: Sequence[np.ndarray]) -> None:
        """The sets of the next documents."""
        self.add_joined(*joined_shingles(sets))

    def add_joined(self, hashes: np.ndarray, counts: np.ndarray) -> None:
        """The next documents' sets laid end to end (``counts``: each one's length)."""
        if self._handle is None:
            raise ValueError(f"{self.path} is closed: no more sets can be added")
        self._handle.write(np.ascontiguousarray(hashes, dtype=np.uint32).tobytes())
        self._counts.append(np.asarray(counts, dtype=np.int64))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def joined(self) -> tuple[np.ndarray, np.ndarray]:
        """Every set added, end to end (read from the file as it is used: memory does not
        grow with the corpus), and each one's length: what :meth:`BandIndex.clusters`
        takes."""
        self.close()
        counts = np.concatenate(self._counts) if self._counts else np.empty(0, np.int64)
        if not counts.sum():
            return np.empty(0, dtype=np.uint32), counts
        return np.memmap(self.path, dtype=np.uint32, mode="r").view(np.ndarray), counts


def joined_shingles(sets: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Shingle sets laid end to end as 32-bit hashes (half the bytes: the hashes are 32-bit),
    and each set's length: what :meth:`ShingleFile.add_joined` takes.

    >>> hashes, counts = joined_shingles(shingles_of_batch(["one two three four five six", ""]))
    >>> hashes.dtype.name, counts.tolist()
    ('uint32', [2, 0])
    """
    counts = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    if not sets:
        return np.empty(0, dtype=np.uint32), counts
    return np.concatenate(sets).astype(np.uint32, copy=False), counts
