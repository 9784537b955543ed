"""Frame prevalence per group: article shares (Wilson) and passage shares (clustered bootstrap).

One row per group and frame. A group where no article has a frame is still a
row (share 0, Wilson interval). Intervals that cannot be trusted say so in
``ci_note`` rather than being printed as if precise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.compare.data import AnalysisData
from framing.compare.intervals import cluster_bootstrap_ratio, rng_for, wilson_interval

SMALL_N = 10

PREVALENCE_COLUMNS = (
    "frame",
    "n_articles",
    "n_passages",
    "n_with_frame",
    "n_passages_with_frame",
    "article_share",
    "article_share_ci_low",
    "article_share_ci_high",
    "passage_share",
    "passage_share_ci_low",
    "passage_share_ci_high",
    "mean_density",
    "mean_density_ci_low",
    "mean_density_ci_high",
    "ci_note",
    "deduplicated",
)


def prevalence_table(
    data: AnalysisData,
    *,
    overall: bool = False,
    n_boot: int = 2000,
    alpha: float = 0.05,
    seed: int = 0,
) -> pd.DataFrame:
    """Prevalence of every frame in every group of ``data.by`` (or overall).

    Columns: the group columns, then :data:`PREVALENCE_COLUMNS`. ``mean_density``
    is the mean of the passages' densities (per 1,000 tokens), bootstrapped by
    article like ``passage_share``; it is NaN for classifier predictions, which
    have no density.

    Examples
    --------
    >>> table = prevalence_table(data, n_boot=2000, seed=0)  # doctest: +SKIP
    >>> table[["outlet", "frame", "article_share", "ci_note"]]  # doctest: +SKIP
    """
    scores = data.article_scores
    group_cols = [] if overall else list(data.by)
    frames = data.frames
    rows = []
    keys = [()] if overall else list(data.groups[group_cols].itertuples(index=False))
    for key in keys:
        subset = scores if overall else _select(scores, group_cols, key)
        rows.append(
            _group_rows(
                subset, frames, key or ("all",), n_boot=n_boot, alpha=alpha, seed=seed
            ).assign(**dict(zip(group_cols, key, strict=True)))
        )
    table = pd.concat(rows, ignore_index=True)
    table["deduplicated"] = data.deduplicated
    return table[[*group_cols, *PREVALENCE_COLUMNS]]


def _select(scores: pd.DataFrame, cols: Sequence[str], key: Sequence[str]) -> pd.DataFrame:
    mask = np.ones(len(scores), dtype=bool)
    for col, value in zip(cols, key, strict=True):
        mask &= (scores[col] == value).to_numpy()
    return scores[mask]


def _group_rows(
    subset: pd.DataFrame,
    frames: list[str],
    key: Sequence[str],
    *,
    n_boot: int,
    alpha: float,
    seed: int,
) -> pd.DataFrame:
    """The rows of one group: a wide (article x frame) view, then one row per frame."""
    wide = {
        name: subset.pivot(index="doc_id", columns="frame", values=name).reindex(columns=frames)
        for name in ("n_passages", "n_passages_with_frame", "density_sum", "density_count")
    }
    n_articles = len(wide["n_passages"])
    per_article = wide["n_passages"].iloc[:, 0].to_numpy(float) if n_articles else np.array([])
    with_frame = wide["n_passages_with_frame"].to_numpy(float)
    has = (with_frame > 0).sum(axis=0) if n_articles else np.zeros(len(frames))
    low, high = wilson_interval(has, np.full(len(frames), n_articles), alpha)
    rng = rng_for(seed, *key)
    num = np.hstack([with_frame, wide["density_sum"].to_numpy(float)])
    den = np.hstack(
        [np.repeat(per_article[:, None], len(frames), 1), wide["density_count"].to_numpy(float)]
    )
    est, b_low, b_high = (
        cluster_bootstrap_ratio(num, den, n_boot=n_boot, alpha=alpha, rng=rng)
        if n_articles
        else (np.full(2 * len(frames), np.nan),) * 3
    )
    m = len(frames)
    table = pd.DataFrame(
        {
            "frame": frames,
            "n_articles": n_articles,
            "n_passages": int(per_article.sum()),
            "n_with_frame": has.astype(int),
            "n_passages_with_frame": with_frame.sum(axis=0).astype(int)
            if n_articles
            else np.zeros(m, int),
            "article_share": has / n_articles if n_articles else np.nan,
            "article_share_ci_low": low,
            "article_share_ci_high": high,
            "passage_share": est[:m],
            "passage_share_ci_low": b_low[:m],
            "passage_share_ci_high": b_high[:m],
            "mean_density": est[m:],
            "mean_density_ci_low": b_low[m:],
            "mean_density_ci_high": b_high[m:],
        }
    )
    table["ci_note"] = [_note(n_articles, row) for row in table.itertuples(index=False)]
    return table


def _note(n_articles: int, row: object) -> str:
    """Why an interval on this row is rough or missing; empty when nothing to say."""
    notes = []
    if n_articles == 0:
        return "no articles"
    if n_articles < 2:
        notes.append("1 article: bootstrap intervals not computed (nothing to resample)")
    elif n_articles < SMALL_N:
        notes.append(f"small n ({n_articles} articles < {SMALL_N}): intervals are rough")
    if n_articles >= 2 and row.passage_share_ci_low == row.passage_share_ci_high:  # type: ignore[attr-defined]
        notes.append("zero-width bootstrap interval (all articles alike): not certainty")
    if np.isnan(row.mean_density):  # type: ignore[attr-defined]
        notes.append("no density in the scores (classifier predictions)")
    return "; ".join(notes)
