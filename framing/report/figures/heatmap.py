"""Frame x group heatmap of article-share prevalence, with significant frames marked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from framing.report.figures.matrix import draw_matrix
from framing.report.labels import (
    frame_label,
    frame_order,
    group_columns,
    group_names,
    percent,
    with_n,
)
from framing.report.style import (
    DOUBLE_COLUMN,
    SEQUENTIAL_CMAP,
    FigureLike,
    finish,
    new_figure,
    style_context,
)

DAGGER = "†"


def significant_frames(tests: pd.DataFrame | None, alpha: float = 0.05) -> set[str]:
    """Frames whose across-group test is significant after correction.

    Uses the ``significant`` column when the table has one, else ``p_adjusted < alpha``;
    a test that could not run (NaN p-value) is never significant.

    >>> t = pd.DataFrame({"frame": ["threat", "soft_power"], "p_adjusted": [0.004, 0.31]})
    >>> significant_frames(t)
    {'threat'}
    """
    if tests is None or tests.empty:
        return set()
    if "significant" in tests.columns:
        flags = tests["significant"].fillna(False).astype(bool)
    else:
        column = "p_adjusted" if "p_adjusted" in tests.columns else "p_value"
        flags = pd.to_numeric(tests[column], errors="coerce") < alpha
    return set(tests.loc[flags.to_numpy(), "frame"].astype(str))


def group_sizes(
    table: pd.DataFrame, columns: Sequence[str], n_column: str = "n_articles"
) -> pd.Series:
    """Articles per group (the largest ``n_column`` over the group's rows), in table order."""
    names = group_names(table, columns)
    return table.groupby(names.to_numpy(), sort=False)[n_column].max()


def plot_heatmap(
    prevalence: pd.DataFrame,
    *,
    group: str | Sequence[str] | None = None,
    tests: pd.DataFrame | None = None,
    labels: Mapping[str, str] | None = None,
    frames: Sequence[str] | None = None,
    value: str = "article_share",
    alpha: float = 0.05,
    title: str | None = None,
    figure: FigureLike | None = None,
) -> Figure:
    """Heatmap of the share of articles with each frame (rows) in each group (columns).

    Cells are annotated with the percentage; a dagger (†) after a frame's label
    marks frames whose prevalence differs significantly across the groups
    (``tests`` table, adjusted p-value below ``alpha``). Column labels give each
    group's number of articles.

    Parameters
    ----------
    prevalence:
        The ``prevalence`` table of a comparison (group columns, ``frame``,
        ``n_articles``, ``article_share``, ...).
    group:
        The group column(s); inferred from the table when omitted.
    tests:
        The comparison's ``tests`` table (``frame``, ``p_adjusted``), optional.
    labels:
        Frame id -> display label (e.g. from the lexicon); also sets the row order.
    value:
        The share column to show (``article_share`` or ``passage_share``).

    Examples
    --------
    >>> table = pd.DataFrame({"outlet": ["Atlas", "Atlas", "المرصاد", "المرصاد"],
    ...     "frame": ["threat", "cooperation"] * 2, "n_articles": [9, 9, 7, 7],
    ...     "article_share": [0.67, 0.33, 0.14, 0.71]})
    >>> fig = plot_heatmap(table)
    >>> fig.axes[0].get_xticklabels()[1].get_text()
    '\\u200eالمرصاد (n=7)'
    """
    with style_context():
        columns = group_columns(prevalence, group)
        order = frame_order(prevalence["frame"].astype(str), labels, frames)
        names = group_names(prevalence, columns)
        sizes = group_sizes(prevalence, columns)
        pivot = (
            prevalence.assign(_group=names.to_numpy(), frame=prevalence["frame"].astype(str))
            .pivot_table(index="frame", columns="_group", values=value, aggfunc="first", sort=False)
            .reindex(index=order, columns=list(sizes.index))
        )
        marked = significant_frames(tests, alpha)
        row_labels = [frame_label(f, labels) + (f" {DAGGER}" if f in marked else "") for f in order]
        col_labels = [with_n(name, n) for name, n in sizes.items()]
        values = pivot.to_numpy(dtype=float)
        text = [[percent(v) if not np.isnan(v) else "" for v in row] for row in values]

        width = min(DOUBLE_COLUMN, 2.6 + 0.65 * len(col_labels))
        # Column labels are rotated 35°: a character adds about 0.03 in of height.
        height = 1.2 + 0.23 * len(order) + 0.03 * max(len(c) for c in col_labels)
        height = round(height * 20) / 20  # whole pixels at 300 dpi
        fig = new_figure(width, height, figure)
        ax = fig.add_subplot()
        vmax = max(0.1, float(np.ceil(np.nanmax(values, initial=0.0) * 10) / 10))
        image = draw_matrix(
            ax,
            values,
            text,
            cmap=colormaps[SEQUENTIAL_CMAP],
            norm=Normalize(0.0, vmax),
            row_labels=row_labels,
            col_labels=col_labels,
        )
        kind = "articles" if value.startswith("article") else "passages"
        colorbar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.02)
        colorbar.set_label(f"Share of {kind} with the frame")
        colorbar.ax.yaxis.set_major_formatter(lambda v, _: percent(v))
        grouping = " × ".join(columns) if columns else "corpus"
        n_total = int(sizes.sum())
        ax.set_title(
            title or f"Frames by {grouping}: share of {kind} (n = {n_total} articles)",
            loc="left",
        )
        if marked:
            ax.set_xlabel(
                f"{DAGGER} differs across groups (adjusted p < {alpha:g})", fontsize=6, loc="right"
            )
        return finish(fig)
