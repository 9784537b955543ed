"""Frame prevalence by group as a dot-and-whisker plot with confidence intervals."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from framing.report.figures.heatmap import group_sizes
from framing.report.labels import (
    frame_label,
    frame_order,
    group_columns,
    group_names,
    is_missing,
    percent,
    with_n,
)
from framing.report.style import (
    DOUBLE_COLUMN,
    MUTED,
    SMALL_FONT_SIZE,
    FigureLike,
    color,
    finish,
    marker,
    new_figure,
    style_context,
)

LEVELS = ("article", "passage")
LAYOUTS = ("auto", "rows", "panels")
PANELS_FROM = 5
"""With this many groups or more, ``layout="auto"`` draws one panel per frame."""


def plot_prevalence(
    prevalence: pd.DataFrame,
    *,
    group: str | Sequence[str] | None = None,
    level: str = "article",
    labels: Mapping[str, str] | None = None,
    frames: Sequence[str] | None = None,
    layout: str = "auto",
    title: str | None = None,
    figure: FigureLike | None = None,
) -> Figure:
    """Share of articles (or passages) with each frame, one marker per group, with CIs.

    ``layout="rows"``: frames are rows; each group is a colour and marker shape,
    offset within the row, with its confidence interval as a whisker
    (``<level>_share_ci_low`` / ``_ci_high``). ``layout="panels"``: small
    multiples, one panel per frame with the groups as rows (in the same order
    in every panel) and the frame's share over all groups as a dashed line, so
    that many groups stay readable. ``"auto"`` chooses panels from
    :data:`PANELS_FROM` groups on. Estimates flagged in ``ci_note`` (small n, no
    interval) are drawn as open markers, and explained in the legend.

    Parameters
    ----------
    prevalence:
        The ``prevalence`` table of a comparison.
    group:
        The group column(s); inferred when omitted.
    level:
        ``article`` (article has the frame in any passage; Wilson CI) or ``passage``
        (bootstrap CI resampling articles).

    Examples
    --------
    >>> table = pd.DataFrame({"language": ["en", "ar"], "frame": ["threat", "threat"],
    ...     "n_articles": [15, 12], "article_share": [0.6, 0.25],
    ...     "article_share_ci_low": [0.36, 0.09], "article_share_ci_high": [0.8, 0.53]})
    >>> fig = plot_prevalence(table)
    >>> len(fig.axes[0].get_yticklabels())
    1
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    columns = group_columns(prevalence, group)
    n_groups = len(group_sizes(prevalence, columns))
    if layout == "panels" or (layout == "auto" and n_groups >= PANELS_FROM):
        return _plot_panels(
            prevalence, columns, level=level, labels=labels, frames=frames, title=title,
            figure=figure,
        )  # fmt: skip
    with style_context():
        order = frame_order(prevalence["frame"].astype(str), labels, frames)
        table = prevalence.assign(
            _group=group_names(prevalence, columns).to_numpy(),
            frame=prevalence["frame"].astype(str),
        )
        sizes = group_sizes(prevalence, columns)
        n_groups = len(sizes)
        fig = new_figure(DOUBLE_COLUMN, 1.2 + 0.22 * len(order) * max(1.4, n_groups / 3), figure)
        ax = fig.add_subplot()
        value = f"{level}_share"
        span = 0.7
        offsets = np.linspace(-span / 2, span / 2, n_groups) if n_groups > 1 else np.zeros(1)
        rows = {frame: i for i, frame in enumerate(order)}
        any_open = False
        handles: list[Line2D] = []
        top = 0.0
        for k, (name, n) in enumerate(sizes.items()):
            part = table[(table["_group"] == name) & table["frame"].isin(rows)]
            y = part["frame"].map(rows).to_numpy(dtype=float) + offsets[k]
            x = part[value].to_numpy(dtype=float)
            low = _column(part, f"{value}_ci_low")
            high = _column(part, f"{value}_ci_high")
            top = max(top, np.nanmax(np.concatenate([x, high]), initial=0.0))
            flagged = _flagged(part, low, high)
            any_open |= bool(flagged.any())
            ax.hlines(y, low, high, color=color(k), linewidth=1.0)
            for subset, face in ((~flagged, color(k)), (flagged, "white")):
                ax.scatter(
                    x[subset],
                    y[subset],
                    facecolors=face,
                    edgecolors=color(k),
                    marker=marker(k),
                    s=16,
                    zorder=3,
                    linewidths=1.0,
                )
            handles.append(_handle(color(k), marker(k), with_n(name, n)))
        ax.set_yticks(range(len(order)), [frame_label(f, labels) for f in order])
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_xlim(-0.02, min(1.0, max(0.2, np.ceil(top * 10) / 10)) + 0.02)
        ax.xaxis.set_major_formatter(lambda v, _: percent(v))
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.5)
        ax.set_axisbelow(True)
        for i in range(1, len(order)):
            ax.axhline(i - 0.5, color="#EEEEEE", linewidth=0.5)
        unit = "articles" if level == "article" else "passages"
        interval = "Wilson" if level == "article" else "article bootstrap"
        ax.set_xlabel(f"Share of {unit} with the frame (95% CI, {interval})")
        if any_open:
            handles.append(_handle("white", "o", "open: small n or no reliable interval", MUTED))
        grouping = " × ".join(columns) if columns else "corpus"
        fig.legend(handles=handles, title=grouping, loc="outside lower center", ncols=3)
        ax.set_title(
            title or f"Frame prevalence by {grouping} (n = {int(sizes.sum())} articles)",
            loc="left",
        )
        return finish(fig)


def _plot_panels(
    prevalence: pd.DataFrame,
    columns: list[str],
    *,
    level: str,
    labels: Mapping[str, str] | None,
    frames: Sequence[str] | None,
    title: str | None,
    figure: FigureLike | None,
    ncols: int = 2,
) -> Figure:
    """Small multiples: one panel per frame, groups as rows, whiskers for the intervals."""
    with style_context():
        order = frame_order(prevalence["frame"].astype(str), labels, frames)
        table = prevalence.assign(
            _group=group_names(prevalence, columns).to_numpy(),
            frame=prevalence["frame"].astype(str),
        )
        sizes = group_sizes(prevalence, columns)
        rows = {name: i for i, name in enumerate(sizes.index)}
        value = f"{level}_share"
        ncols = max(1, min(ncols, len(order)))
        nrows = max(1, math.ceil(len(order) / ncols))
        panel = 0.32 + 0.12 * len(rows)
        height = round((0.9 + panel * nrows) * 20) / 20  # whole pixels at 300 dpi
        fig = new_figure(DOUBLE_COLUMN, height, figure)
        axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False))
        any_open = any_filled = False
        for ax, frame in zip(axes.flat, order, strict=False):
            part = table[table["frame"] == frame]
            y = part["_group"].map(rows).to_numpy(dtype=float)
            x = part[value].to_numpy(dtype=float)
            low, high = _column(part, f"{value}_ci_low"), _column(part, f"{value}_ci_high")
            flagged = _flagged(part, low, high)
            any_open |= bool(flagged.any())
            any_filled |= bool((~flagged).any())
            ax.hlines(y, low, high, color=color(0), linewidth=1.0)
            for subset, face in ((~flagged, color(0)), (flagged, "white")):
                ax.scatter(
                    x[subset], y[subset], facecolors=face, edgecolors=color(0), s=14, zorder=3,
                    linewidths=1.0,
                )  # fmt: skip
            pooled = _pooled_share(part, level)
            if not np.isnan(pooled):
                ax.axvline(pooled, color=MUTED, linestyle="--", linewidth=0.8, zorder=1)
            ax.set_title(frame_label(frame, labels), loc="left", fontsize=SMALL_FONT_SIZE)
            ax.grid(axis="x", color="#E5E5E5", linewidth=0.5)
            ax.set_axisbelow(True)
        for ax in axes.flat[len(order) :]:
            ax.set_visible(False)
        first = axes.flat[0]
        first.set_yticks(range(len(rows)), [with_n(name, n) for name, n in sizes.items()])
        first.set_ylim(len(rows) - 0.5, -0.5)
        first.set_xlim(-0.03, 1.03)
        first.xaxis.set_major_formatter(lambda v, _: percent(v))
        first.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        for ax in axes[-1]:
            ax.tick_params(axis="x", labelbottom=True)
        unit = "articles" if level == "article" else "passages"
        interval = "Wilson" if level == "article" else "article bootstrap"
        handles = []
        if any_filled:
            handles.append(_handle(color(0), "o", "share with its 95% interval"))
        if any_open:
            handles.append(_handle("white", "o", "open: small n or no reliable interval", color(0)))
        handles.append(
            Line2D([], [], color=MUTED, linestyle="--", linewidth=0.8, label=f"all {unit}")
        )
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
        grouping = " × ".join(columns) if columns else "corpus"
        heading = title or f"Frame prevalence by {grouping} (n = {int(sizes.sum())} articles)"
        fig.suptitle(
            f"{heading}\nshare of {unit} with the frame (95% CI, {interval})",
            x=0.01,
            ha="left",
            fontsize=SMALL_FONT_SIZE + 1,
        )
        return finish(fig)


def _pooled_share(part: pd.DataFrame, level: str) -> float:
    """The frame's share over all the groups (articles, or passages, pooled)."""
    counts = ("n_with_frame", "n_articles")
    if level == "passage":
        counts = ("n_passages_with_frame", "n_passages")
    if not all(c in part.columns for c in counts):
        return float("nan")
    total = pd.to_numeric(part[counts[1]], errors="coerce").sum()
    return float(pd.to_numeric(part[counts[0]], errors="coerce").sum() / total) if total else np.nan


def _flagged(part: pd.DataFrame, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Rows whose interval is missing or carries a caution note."""
    notes = part["ci_note"] if "ci_note" in part.columns else pd.Series("", index=part.index)
    noted = np.array([not is_missing(v) for v in notes], dtype=bool)
    return noted | np.isnan(low) | np.isnan(high)


def _column(part: pd.DataFrame, name: str) -> np.ndarray:
    if name not in part.columns:
        return np.full(len(part), np.nan)
    return pd.to_numeric(part[name], errors="coerce").to_numpy(dtype=float)


def _handle(face: str, shape: str, label: str, edge: str | None = None) -> Line2D:
    return Line2D(
        [],
        [],
        linestyle="",
        marker=shape,
        markerfacecolor=face,
        markeredgecolor=edge or face,
        label=label,
    )
