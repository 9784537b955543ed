"""Which frames appear together, in the same passage and in the same article.

For every unordered pair of frames ``(a, b)``, at each level (``passage`` or
``article``): ``n_both`` units carry both, ``n_a`` carry ``a``, ``n_b`` carry
``b``, out of ``n_total`` units;

- ``jaccard = n_both / (n_a + n_b - n_both)`` (NaN when neither frame occurs);
- ``lift = n_both * n_total / (n_a * n_b)``, observed over the count expected
  if the frames were independent (1 = independent; NaN when a frame never occurs).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from framing.compare.data import AnalysisData

COOCCURRENCE_COLUMNS = (
    "frame_a",
    "frame_b",
    "level",
    "n_both",
    "n_a",
    "n_b",
    "n_total",
    "expected",
    "jaccard",
    "lift",
)


def cooccurrence_table(data: AnalysisData) -> pd.DataFrame:
    """Pairs of frames at passage and article level (all groups together).

    Examples
    --------
    >>> table = cooccurrence_table(data)  # doctest: +SKIP
    >>> table.sort_values("lift", ascending=False).head()  # doctest: +SKIP
    """
    passage = data.passage_scores.pivot(index="passage_id", columns="frame", values="present")
    article = data.article_scores.pivot(index="doc_id", columns="frame", values="has_frame")
    tables = [
        pair_counts(passage.reindex(columns=data.frames), "passage"),
        pair_counts(article.reindex(columns=data.frames), "article"),
    ]
    table = pd.concat(tables, ignore_index=True)
    table["deduplicated"] = data.deduplicated
    return table


def pair_counts(indicators: pd.DataFrame, level: str) -> pd.DataFrame:
    """Co-occurrence statistics of the boolean columns of ``indicators`` (units x frames).

    >>> units = pd.DataFrame({"threat": [1, 1, 0, 0], "cooperation": [1, 0, 1, 0]}).astype(bool)
    >>> pair_counts(units, "passage")[["n_both", "jaccard", "lift"]].values.tolist()
    [[1.0, 0.3333333333333333, 1.0]]
    """
    matrix = indicators.fillna(False).to_numpy(dtype=float)
    both = matrix.T @ matrix
    totals = matrix.sum(axis=0)
    n = len(matrix)
    rows = []
    for i, j in combinations(range(matrix.shape[1]), 2):
        union = totals[i] + totals[j] - both[i, j]
        expected = totals[i] * totals[j] / n if n else np.nan
        rows.append(
            {
                "frame_a": indicators.columns[i],
                "frame_b": indicators.columns[j],
                "level": level,
                "n_both": int(both[i, j]),
                "n_a": int(totals[i]),
                "n_b": int(totals[j]),
                "n_total": n,
                "expected": expected,
                "jaccard": both[i, j] / union if union else np.nan,
                "lift": both[i, j] / expected if expected else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=list(COOCCURRENCE_COLUMNS))
