"""From several coders' labels to one label per passage and frame.

The rule, in order, for each passage and frame:

1. an adjudicated label (coder ``adjudicated``) wins;
2. otherwise the majority of the coders who coded it (blank cells do not vote);
3. a tie (one coder says 1, another 0) follows ``tie``: ``exclude`` (the
   default: the passage is left out of that frame's training and evaluation,
   as an unsure example), ``positive`` or ``negative``.

Examples
--------
>>> labels = pd.DataFrame({
...     "passage_id": ["p1"] * 3 + ["p2"] * 2,
...     "doc_id": ["d1"] * 5,
...     "coder": ["ana", "ben", "chloe", "ana", "ben"],
...     "frame": ["threat"] * 5,
...     "label": pd.array([1, 1, 0, 1, 0], dtype="Int8")})
>>> aggregate_labels(labels)["threat"].tolist()
[1.0, nan]
>>> aggregate_labels(labels, tie="positive")["threat"].tolist()
[1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.classify.labels import ADJUDICATOR
from framing.errors import LabelError

TIE_RULES = ("exclude", "positive", "negative")


def aggregate_labels(
    labels: pd.DataFrame, frames: Sequence[str] | None = None, *, tie: str = "exclude"
) -> pd.DataFrame:
    """One row per passage: ``passage_id``, ``doc_id``, then one column per frame (1.0, 0.0
    or NaN when no usable label), passages in order of first appearance.

    ``frames`` fixes the frame columns and their order (default: the frames
    in the labels, in order of appearance). ``attrs["ties"]`` counts the ties
    per frame.
    """
    if tie not in TIE_RULES:
        raise LabelError(f"tie must be one of {', '.join(TIE_RULES)}, not {tie!r}", field="tie")
    frames = list(frames) if frames is not None else list(dict.fromkeys(labels["frame"]))
    coded = labels[labels["label"].notna() & labels["frame"].isin(frames)].copy()
    coded["label"] = coded["label"].astype(int)
    passages = labels.drop_duplicates("passage_id")[["passage_id", "doc_id"]]
    is_adj = coded["coder"] == ADJUDICATOR
    votes = (
        coded[~is_adj]
        .groupby(["passage_id", "frame"])["label"]
        .agg(["sum", "count"])
        .rename(columns={"sum": "ones", "count": "n"})
    )
    ones, n = votes["ones"], votes["n"]
    decided = pd.Series(
        np.where(ones * 2 > n, 1.0, np.where(ones * 2 < n, 0.0, np.nan)), votes.index
    )
    ties = decided.isna()
    if tie != "exclude":
        decided[ties] = 1.0 if tie == "positive" else 0.0
    adjudicated = coded[is_adj].set_index(["passage_id", "frame"])["label"].astype(float)
    decided = adjudicated.combine_first(decided)
    wide = decided.unstack("frame").reindex(columns=frames)
    table = passages.set_index("passage_id").join(wide, how="left").reset_index()
    tie_counts = ties[~ties.index.isin(adjudicated.index)].groupby(level="frame").sum()
    table.attrs["ties"] = {f: int(tie_counts.get(f, 0)) for f in frames}
    table.attrs["tie_rule"] = tie
    return table
