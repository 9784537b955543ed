"""Frame co-occurrence: a symmetric matrix of Jaccard similarity or lift, diagonal blank."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import LogNorm, Normalize
from matplotlib.figure import Figure

from framing.report.figures.matrix import draw_matrix
from framing.report.labels import frame_label, frame_order
from framing.report.style import (
    DIVERGING_CMAP,
    DOUBLE_COLUMN,
    SEQUENTIAL_CMAP,
    FigureLike,
    finish,
    new_figure,
    style_context,
)

MEASURES = ("jaccard", "lift")


def cooccurrence_matrix(
    cooccurrence: pd.DataFrame,
    *,
    level: str = "article",
    measure: str = "jaccard",
    order: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The square frame x frame matrix of ``measure`` at ``level``, symmetric, diagonal NaN.

    >>> pairs = pd.DataFrame({"frame_a": ["threat"], "frame_b": ["cooperation"],
    ...     "level": ["article"], "jaccard": [0.4]})
    >>> cooccurrence_matrix(pairs).loc["cooperation", "threat"]
    np.float64(0.4)
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    rows = cooccurrence
    if "level" in rows.columns:
        rows = rows[rows["level"] == level]
    frames = (
        list(order)
        if order is not None
        else list(dict.fromkeys([*rows["frame_a"].astype(str), *rows["frame_b"].astype(str)]))
    )
    matrix = pd.DataFrame(np.nan, index=frames, columns=frames, dtype=float)
    for a, b, value in zip(rows["frame_a"], rows["frame_b"], rows[measure], strict=True):
        if a in matrix.index and b in matrix.index and a != b:
            matrix.loc[a, b] = matrix.loc[b, a] = float(value)
    return matrix


def plot_cooccurrence(
    cooccurrence: pd.DataFrame,
    *,
    level: str = "article",
    measure: str = "jaccard",
    labels: Mapping[str, str] | None = None,
    frames: Sequence[str] | None = None,
    title: str | None = None,
    figure: FigureLike | None = None,
) -> Figure:
    """How often frames appear together, in the same article (or passage).

    ``jaccard`` (both / either, 0–1) uses a sequential scale; ``lift`` (observed
    over expected under independence, 1 = independent) a diverging scale
    centred on 1, on a log axis so that 0.5 and 2 are equally far from 1.

    Examples
    --------
    >>> pairs = pd.DataFrame({"frame_a": ["threat", "threat", "cooperation"],
    ...     "frame_b": ["cooperation", "rights_criticism", "rights_criticism"],
    ...     "level": "article", "n_total": 38, "jaccard": [0.45, 0.08, 0.12]})
    >>> fig = plot_cooccurrence(pairs)
    >>> len(fig.axes[0].get_yticklabels())
    3
    """
    with style_context():
        rows = cooccurrence
        if "level" in rows.columns:
            rows = rows[rows["level"] == level]
        present = [*rows["frame_a"].astype(str), *rows["frame_b"].astype(str)]
        order = frame_order(present, labels, frames)
        matrix = cooccurrence_matrix(rows, level=level, measure=measure, order=order)
        values = matrix.to_numpy(dtype=float)
        if measure == "jaccard":
            norm: Normalize = Normalize(
                0.0, max(0.1, np.ceil(np.nanmax(values, initial=0) * 10) / 10)
            )
            cmap = colormaps[SEQUENTIAL_CMAP]
            text = [["" if np.isnan(v) else f"{v:.2f}" for v in row] for row in values]
            label = "Jaccard similarity (both / either)"
        else:
            finite = values[np.isfinite(values) & (values > 0)]
            reach = max(2.0, float(np.max(np.maximum(finite, 1 / finite)))) if finite.size else 2.0
            norm = LogNorm(1 / reach, reach)
            cmap = colormaps[DIVERGING_CMAP]
            # Lift 0 (never together) has no logarithm: colour it as the scale's lower end.
            values = np.where(values > 0, values, np.where(np.isnan(values), np.nan, 1 / reach))
            text = [["" if np.isnan(v) else f"{v:.1f}" for v in row] for row in matrix.to_numpy()]
            label = "Lift (observed / expected if independent)"
        names = [frame_label(f, labels) for f in order]
        size = min(DOUBLE_COLUMN, 2.4 + 0.42 * len(order))
        fig = new_figure(size + 1.2, size, figure)
        ax = fig.add_subplot()
        image = draw_matrix(
            ax, values, text, cmap=cmap, norm=norm, row_labels=names, col_labels=names
        )
        colorbar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.02)
        colorbar.set_label(label)
        if measure == "lift":
            ticks = [t for t in (0.125, 0.25, 0.5, 1, 2, 4, 8) if 1 / reach <= t <= reach]
            colorbar.set_ticks(ticks, labels=[f"{t:g}" for t in ticks])
            colorbar.ax.minorticks_off()
        n_total = _n_total(rows)
        unit = "articles" if level == "article" else "passages"
        count = f" (n = {n_total} {unit})" if n_total else ""
        ax.set_title(title or f"Frame co-occurrence within {unit}{count}", loc="left")
        return finish(fig)


def _n_total(rows: pd.DataFrame) -> int | None:
    if "n_total" not in rows.columns or rows.empty:
        return None
    return int(pd.to_numeric(rows["n_total"], errors="coerce").max())
