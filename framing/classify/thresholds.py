"""Decision thresholds and the counts behind precision, recall and F1.

A classifier's calibrated probability becomes a decision (``present``) at a
per-frame threshold chosen to maximise F1 on out-of-fold predictions of the
*training* data only: :func:`best_threshold` searches a fixed grid, and among
equally good thresholds takes the one nearest 0.5, so the choice is stable.

Examples
--------
>>> y = np.array([1, 1, 0, 0, 0, 1])
>>> p = np.array([0.9, 0.4, 0.35, 0.1, 0.2, 0.7])
>>> best_threshold(y, p)
0.4
>>> precision_recall_f1(y, p >= 0.4)
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import numpy as np

#: Thresholds tried: 0.05, 0.06, ..., 0.95.
GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def best_threshold(y: np.ndarray, probability: np.ndarray, grid: np.ndarray = GRID) -> float:
    """The threshold of ``grid`` with the highest F1 (ties: the nearest to 0.5)."""
    y = np.asarray(y, dtype=bool)
    probability = np.asarray(probability, dtype=float)
    decisions = probability[None, :] >= grid[:, None]
    tp = (decisions & y).sum(axis=1)
    fp = (decisions & ~y).sum(axis=1)
    fn = (~decisions & y).sum(axis=1)
    f1 = np.divide(2 * tp, 2 * tp + fp + fn, out=np.zeros(len(grid)), where=(2 * tp + fp + fn) > 0)
    best = np.flatnonzero(np.isclose(f1, f1.max()))
    return float(grid[best[np.argmin(np.abs(grid[best] - 0.5))]])


def confusion_counts(y: np.ndarray, decision: np.ndarray) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives)."""
    y = np.asarray(y, dtype=bool)
    decision = np.asarray(decision, dtype=bool)
    return int((y & decision).sum()), int((~y & decision).sum()), int((y & ~decision).sum())


def scores_from_counts(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """(precision, recall, F1); NaN where a ratio is undefined (nothing predicted or present).

    >>> [round(v, 3) for v in scores_from_counts(3, 1, 2)]
    [0.75, 0.6, 0.667]
    """
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else float("nan")
    return precision, recall, f1


def precision_recall_f1(y: np.ndarray, decision: np.ndarray) -> tuple[float, float, float]:
    """(precision, recall, F1) of binary decisions."""
    return scores_from_counts(*confusion_counts(y, decision))
