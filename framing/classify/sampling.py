"""Which passages to code: a stratified sample, or the ones a model is least sure of.

**Stratified** (:func:`stratified_sample`): the passages are grouped in cells
by outlet and language. Each cell first gets ``min_per_cell`` passages (or all
it has), so small outlets and languages are not left out; the rest of ``n``
is shared in proportion to the passages each cell has left (largest
remainders, ties by cell name), never more than a cell holds. Passages are
drawn at random within cells with the seed, and the sample is shuffled so
coders do not code one outlet in a block. When the cells outnumber what
``n`` allows, the minimum is lowered (to 1, then to 0 for the smallest
cells) and a warning is recorded in ``attrs["notes"]``.

**Uncertainty** (:func:`uncertainty_sample`, active learning): with a trained
model, the passages whose probabilities are closest to the frames'
thresholds (``margin``: the smallest ``|p - threshold|`` across frames) or
with the highest total binary entropy across frames (``entropy``). Ties are
broken at random with the seed.

Examples
--------
>>> passages = pd.DataFrame({"passage_id": [f"p{i}" for i in range(10)],
...     "outlet": ["a"] * 8 + ["b"] * 2, "language": ["en"] * 10})
>>> sample = stratified_sample(passages, 4, min_per_cell=1, seed=0)
>>> sorted(sample["outlet"].value_counts().items())
[('a', 3), ('b', 1)]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import LabelError

STRATA = ("outlet", "language")
UNCERTAINTY_METHODS = ("margin", "entropy")


def allocate(sizes: Sequence[int], n: int, min_per_cell: int = 2) -> tuple[list[int], list[str]]:
    """How many passages to draw from each cell (see the module docstring), and notes.

    >>> allocate([80, 15, 5], 20, min_per_cell=2)
    ([14, 4, 2], [])
    """
    sizes = [int(s) for s in sizes]
    n = min(n, sum(sizes))
    notes: list[str] = []
    floor = min_per_cell
    while floor > 0 and sum(min(s, floor) for s in sizes) > n:
        floor -= 1
    if floor < min_per_cell:
        notes.append(
            f"{len(sizes)} cells are too many for {min_per_cell} passages each in a sample of "
            f"{n}: the minimum per cell was lowered to {floor}"
        )
    counts = [min(s, floor) for s in sizes]
    if floor == 0:
        # Not even one per cell: one each for the largest cells.
        for index in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))[:n]:
            counts[index] = 1
        return counts, notes
    left = n - sum(counts)
    while left > 0:
        room = np.array([s - c for s, c in zip(sizes, counts, strict=True)], dtype=float)
        share = room / room.sum() * left
        extra = np.floor(share).astype(int)
        remainder = left - int(extra.sum())
        order = sorted(range(len(sizes)), key=lambda i: (-(share[i] - extra[i]), i))
        for index in order[:remainder]:
            extra[index] += 1
        extra = np.minimum(extra, room.astype(int))
        counts = [c + int(e) for c, e in zip(counts, extra, strict=True)]
        left = n - sum(counts)
    return counts, notes


def stratified_sample(
    passages: pd.DataFrame,
    n: int,
    *,
    strata: Sequence[str] = STRATA,
    min_per_cell: int = 2,
    seed: int = 0,
    exclude: Sequence[str] | None = None,
) -> pd.DataFrame:
    """``n`` passages stratified by ``strata`` (outlet and language), shuffled.

    ``exclude`` removes passage ids (already coded) first. The result has a
    ``stratum`` column (``outlet|language``) and ``attrs["notes"]``.
    """
    if n < 1:
        raise LabelError("the sample size must be at least 1", field="--n")
    pool = _without(passages, exclude)
    missing = [c for c in strata if c not in pool.columns]
    if missing:
        raise LabelError(f"the passages lack the column(s) {', '.join(missing)} to stratify by")
    keys = pool[list(strata)].fillna("").astype(str).agg("|".join, axis=1)
    cells = sorted(keys.unique())
    sizes = [int((keys == cell).sum()) for cell in cells]
    counts, notes = allocate(sizes, n, min_per_cell)
    rng = np.random.default_rng(seed)
    chosen = []
    for cell, count in zip(cells, counts, strict=True):
        members = np.flatnonzero((keys == cell).to_numpy())
        chosen.extend(rng.choice(members, size=count, replace=False).tolist())
    order = rng.permutation(len(chosen))
    sample = pool.iloc[np.asarray(chosen, dtype=int)[order]].assign(
        stratum=keys.iloc[chosen].to_numpy()[order]
    )
    if len(pool) < n:
        notes.append(f"only {len(pool)} passages to sample from; all are taken")
    sample = sample.reset_index(drop=True)
    sample.attrs["notes"] = notes
    return sample


def uncertainty_scores(
    probability: np.ndarray, thresholds: np.ndarray, method: str = "margin"
) -> np.ndarray:
    """How unsure the model is about each passage: higher is less sure.

    ``margin``: minus the smallest distance between a frame's probability and
    its threshold; ``entropy``: the sum over frames of the binary entropy (bits).
    Frames without a probability (NaN) are ignored.

    >>> p = np.array([[0.9, 0.1], [0.52, 0.2]])
    >>> uncertainty_scores(p, np.full((2, 2), 0.5)).round(2).tolist()
    [-0.4, -0.02]
    """
    p = np.asarray(probability, dtype=float)
    if method == "margin":
        distance = np.abs(p - np.asarray(thresholds, dtype=float))
        distance = np.where(np.isnan(distance), np.inf, distance)
        return -distance.min(axis=1)
    if method == "entropy":
        q = np.clip(p, 1e-12, 1 - 1e-12)
        entropy = -(q * np.log2(q) + (1 - q) * np.log2(1 - q))
        return np.nansum(np.where(np.isnan(p), 0.0, entropy), axis=1)
    raise LabelError(f"method must be one of {', '.join(UNCERTAINTY_METHODS)}, not {method!r}")


def uncertainty_sample(
    passages: pd.DataFrame,
    probability: np.ndarray,
    thresholds: np.ndarray,
    n: int,
    *,
    method: str = "margin",
    seed: int = 0,
    exclude: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The ``n`` passages the model is least sure of, most uncertain first.

    ``probability`` and ``thresholds`` are passages x frames, aligned with
    ``passages``. Adds an ``uncertainty`` column (:func:`uncertainty_scores`).
    """
    if n < 1:
        raise LabelError("the sample size must be at least 1", field="--n")
    scores = uncertainty_scores(probability, thresholds, method)
    keep = np.ones(len(passages), dtype=bool)
    if exclude is not None:
        keep = ~passages["passage_id"].isin(set(exclude)).to_numpy()
    candidates = np.flatnonzero(keep)
    tiebreak = np.random.default_rng(seed).random(len(candidates))
    order = np.lexsort((tiebreak, -scores[candidates]))
    chosen = candidates[order[:n]]
    sample = passages.iloc[chosen].assign(uncertainty=scores[chosen]).reset_index(drop=True)
    sample.attrs["notes"] = (
        [f"only {len(candidates)} passages not yet coded; all are taken"]
        if len(candidates) < n
        else []
    )
    return sample


def _without(passages: pd.DataFrame, exclude: Sequence[str] | None) -> pd.DataFrame:
    if exclude is None:
        return passages.reset_index(drop=True)
    return passages[~passages["passage_id"].isin(set(exclude))].reset_index(drop=True)
