"""Frame share over time: one small panel per frame, a line per group, with a CI band."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

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
    SMALL_FONT_SIZE,
    FigureLike,
    color,
    finish,
    marker,
    new_figure,
    style_context,
)

UNDATED = frozenset({"undated", "unknown", ""})
"""Period values of articles without a usable date (counted, not plotted)."""
MAX_TICKS = 6


def plot_timeline(
    timeline: pd.DataFrame,
    *,
    group: str | Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    frames: Sequence[str] | None = None,
    ncols: int = 2,
    title: str | None = None,
    figure: FigureLike | None = None,
) -> Figure:
    """Share of articles with each frame per period, small multiples (one panel per frame).

    In every panel each group is a colour: the line is the rolling share
    (``rolling_share``), the markers the share of each period (``share``) and the
    band the confidence interval of the rolling share (``rolling_ci_low`` /
    ``rolling_ci_high``; ``share_ci_low`` / ``share_ci_high`` when the table has
    no rolling interval). Undated articles (period ``undated``) cannot be placed
    on the axis; their number is given under the title.

    Examples
    --------
    >>> t = pd.DataFrame({"period": ["2025-11", "2025-12", "unknown"], "language": "ar",
    ...     "frame": "threat", "n_articles": [4, 5, 2], "n_with_frame": [2, 4, 1],
    ...     "share": [0.5, 0.8, 0.5], "share_ci_low": [0.15, 0.38, 0.09],
    ...     "share_ci_high": [0.85, 0.96, 0.91], "rolling_share": [0.5, 0.67, None]})
    >>> fig = plot_timeline(t)
    >>> len(fig.axes)
    1
    """
    with style_context():
        columns = group_columns(timeline, group)
        table = timeline.assign(
            _group=group_names(timeline, columns).to_numpy(),
            frame=timeline["frame"].astype(str),
            period=timeline["period"].fillna("").astype(str),
        )
        undated = table["period"].str.strip().isin(UNDATED)
        dated = table[~undated]
        order = frame_order(table["frame"], labels, frames)
        periods = sorted(dated["period"].unique())
        position = {p: i for i, p in enumerate(periods)}
        groups = list(dict.fromkeys(dated["_group"]))
        n_dated = _articles(dated, columns)
        n_undated = _articles(table[undated], columns)
        # The band goes with the line: the rolling share's interval when the table has it.
        band = "rolling" if "rolling_ci_low" in table.columns else "share"

        ncols = max(1, min(ncols, len(order)))
        nrows = max(1, math.ceil(len(order) / ncols))
        fig = new_figure(DOUBLE_COLUMN, 0.9 + 1.25 * nrows, figure)
        axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False))
        for ax, frame in zip(axes.flat, order, strict=False):
            part = dated[dated["frame"] == frame]
            for k, name in enumerate(groups):
                rows = part[part["_group"] == name].sort_values("period")
                x = rows["period"].map(position).to_numpy(dtype=float)
                ax.fill_between(
                    x,
                    _values(rows, f"{band}_ci_low"),
                    _values(rows, f"{band}_ci_high"),
                    color=color(k),
                    alpha=0.12,
                    linewidth=0,
                    step=None,
                )
                ax.plot(x, _values(rows, "rolling_share"), color=color(k))
                ax.scatter(x, _values(rows, "share"), color=color(k), marker=marker(k), s=8)
            ax.set_title(frame_label(frame, labels), loc="left", fontsize=SMALL_FONT_SIZE)
            ax.set_ylim(-0.03, 1.03)
            ax.yaxis.set_major_formatter(lambda v, _: percent(v))
            ax.grid(axis="y", color="#E5E5E5", linewidth=0.5)
        for ax in axes.flat[len(order) :]:
            ax.set_visible(False)
        step = max(1, math.ceil(len(periods) / MAX_TICKS))
        shown = list(range(0, len(periods), step))
        for ax in axes[-1]:
            ax.set_xticks(shown, [periods[i] for i in shown], rotation=45, ha="right")
            ax.tick_params(axis="x", labelbottom=True)
        kind = "week" if any("W" in p for p in periods) else "month"
        fig.supylabel("Share of articles with the frame", fontsize=SMALL_FONT_SIZE)
        handles = [
            Line2D(
                [],
                [],
                color=color(k),
                marker=marker(k),
                markersize=3,
                label=with_n(name, n_dated.get(name, 0)),
            )
            for k, name in enumerate(groups)
        ]
        if len(groups) > 1 or columns:
            fig.legend(
                handles=handles,
                title=" × ".join(columns) or None,
                loc="outside lower center",
                ncols=min(len(groups), 4),
            )
        total_undated = int(sum(n_undated.values()))
        note = (
            f"line: rolling share; points: share per {kind}; "
            f"band: 95% CI of the {'rolling share' if band == 'rolling' else 'share'}"
        )
        if total_undated:
            note += f"; {total_undated} undated articles not shown"
        fig.suptitle(
            (title or f"Frame share per {kind} (n = {int(sum(n_dated.values()))} dated articles)")
            + "\n"
            + note,
            x=0.01,
            ha="left",
            fontsize=SMALL_FONT_SIZE + 1,
        )
        return finish(fig)


def _values(rows: pd.DataFrame, name: str) -> np.ndarray:
    if name not in rows.columns:
        return np.full(len(rows), np.nan)
    return pd.to_numeric(rows[name], errors="coerce").to_numpy(dtype=float)


def _articles(rows: pd.DataFrame, columns: Sequence[str]) -> dict[str, int]:
    """Articles per group, counted once per period (the frame rows repeat the same n)."""
    if rows.empty:
        return {}
    first = rows[rows["frame"] == rows["frame"].iloc[0]]
    return {
        str(k): int(v) for k, v in first.groupby("_group", sort=False)["n_articles"].sum().items()
    }
