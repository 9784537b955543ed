"""MinHash band keys computed the plain way (one outer product, ``%`` by the prime): the
reference the batched keys are tested against (shared by two equivalence tests)."""

from __future__ import annotations

import numpy as np

from framing.corpus import dedup


def reference_band_keys(hashes: np.ndarray) -> np.ndarray:
    """The LSH band keys of a sorted set of 32-bit shingle hashes (empty: no keys)."""
    if len(hashes) == 0:
        return np.empty(0, dtype=np.uint64)
    a, b = dedup._permutations()
    prime = np.uint64((1 << 31) - 1)
    signature = ((np.outer(a, hashes % prime) + b[:, None]) % prime).min(axis=1)
    rows = signature.reshape(dedup.BANDS, dedup.NUM_PERM // dedup.BANDS)
    keys = np.zeros(dedup.BANDS, dtype=np.uint64)
    with np.errstate(over="ignore"):  # wrapping multiplication is the point
        for column in range(rows.shape[1]):
            keys = keys * np.uint64(0x9E3779B97F4A7C15) + rows[:, column]
    return keys
