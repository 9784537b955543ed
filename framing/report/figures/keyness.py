"""Keyness between two groups: the words most typical of each side, as diverging bars."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from framing.compare.keyness import ALL_PASSAGES
from framing.report.labels import LRM, has_arabic, isolate, ltr
from framing.report.style import (
    MUTED,
    SINGLE_COLUMN,
    SMALL_FONT_SIZE,
    FigureLike,
    color,
    finish,
    new_figure,
    style_context,
)

ALL_SCOPE = ALL_PASSAGES
"""The ``frame`` value of keyness rows computed over all passages (not within one frame)."""
Z_CRITICAL = 1.96


def top_keywords(
    keyness: pd.DataFrame,
    *,
    top_n: int = 15,
    measure: str = "z",
    frame: str | None = ALL_SCOPE,
) -> pd.DataFrame:
    """The ``top_n`` words with the largest and the ``top_n`` with the smallest ``measure``.

    Rows come back ordered for plotting: most typical of A first, most typical
    of B last. ``frame`` selects the scope when the table has a ``frame`` column
    (``"(all)"`` for all passages, or a frame id for passages carrying that frame).

    >>> t = pd.DataFrame({"token": ["a", "b", "c", "d"], "z": [3.1, 0.2, -0.5, -2.7]})
    >>> top_keywords(t, top_n=1)["token"].tolist()
    ['a', 'd']
    """
    rows = keyness
    if frame is not None and "frame" in rows.columns:
        rows = rows[rows["frame"].astype(str) == frame]
    rows = rows.assign(_v=pd.to_numeric(rows[measure], errors="coerce")).dropna(subset=["_v"])
    rows = rows.sort_values(["_v", "token"], ascending=[False, True], kind="mergesort")
    positive = rows[rows["_v"] > 0].head(top_n)
    negative = rows[rows["_v"] < 0].tail(top_n)
    return pd.concat([positive, negative]).drop(columns="_v")


def keyness_sides(keyness: pd.DataFrame) -> tuple[str, str]:
    """Names of group A (positive values) and B, from ``group_a``/``group_b`` or ``favours``."""
    if {"group_a", "group_b"} <= set(keyness.columns) and not keyness.empty:
        return str(keyness["group_a"].iloc[0]), str(keyness["group_b"].iloc[0])
    if "favours" in keyness.columns and "z" in keyness.columns:
        pos = keyness.loc[keyness["z"] > 0, "favours"].mode()
        neg = keyness.loc[keyness["z"] < 0, "favours"].mode()
        return (str(pos.iloc[0]) if len(pos) else "A"), (str(neg.iloc[0]) if len(neg) else "B")
    return "A", "B"


def plot_keyness(
    keyness: pd.DataFrame,
    *,
    top_n: int = 15,
    measure: str = "z",
    frame: str | None = ALL_SCOPE,
    frame_label: str | None = None,
    title: str | None = None,
    figure: FigureLike | None = None,
) -> Figure:
    """Diverging horizontal bars: words typical of group A (right) and of group B (left).

    Bars show the log-odds ``z`` (Monroe et al. 2008, informative Dirichlet
    prior) or another column given as ``measure`` (``log_odds``, ``g2``); each
    word is labelled with its counts in A and B. Bars with ``|z| < 1.96`` are
    pale: such words are not reliably typical of either side.

    Examples
    --------
    >>> t = pd.DataFrame({"group_a": "المرصاد", "group_b": "الحوار",
    ...     "token": ["الإرهاب", "التجسس"], "count_a": [41, 2], "count_b": [12, 24],
    ...     "z": [4.2, -4.9]})
    >>> fig = plot_keyness(t)
    >>> len(fig.axes[0].patches)
    2
    """
    with style_context():
        side_a, side_b = keyness_sides(keyness)
        rows = top_keywords(keyness, top_n=top_n, measure=measure, frame=frame).reset_index(
            drop=True
        )
        fig = new_figure(SINGLE_COLUMN + 1.0, 1.0 + 0.16 * max(len(rows), 4), figure)
        ax = fig.add_subplot()
        values = pd.to_numeric(rows[measure], errors="coerce").to_numpy(dtype=float)
        z = pd.to_numeric(rows.get("z", rows[measure]), errors="coerce").to_numpy(dtype=float)
        y = list(range(len(rows)))
        colours = [color(0) if v > 0 else color(1) for v in values]
        bars = ax.barh(y, values, color=colours, height=0.7)
        for bar, zv in zip(bars, z, strict=True):
            if abs(zv) < Z_CRITICAL:
                bar.set_alpha(0.35)
        reach = max(abs(values).max(initial=1.0), 1.0)
        for yi, value, (_, row) in zip(y, values, rows.iterrows(), strict=True):
            label = _word_label(row)
            offset = -0.02 * reach if value > 0 else 0.02 * reach
            ax.text(
                offset,
                yi,
                label,
                ha="right" if value > 0 else "left",
                va="center",
                fontsize=SMALL_FONT_SIZE + (1 if has_arabic(str(row["token"])) else 0),
            )
        ax.axvline(0, color=MUTED, linewidth=0.6)
        ax.set_xlim(-1.05 * reach, 1.05 * reach)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        name = {"z": "log-odds z", "log_odds": "log-odds ratio", "g2": "G²"}.get(measure, measure)
        ax.set_xlabel(f"{name}; labels: word (count in {isolate(side_a)} / {isolate(side_b)})")
        fig.legend(
            handles=[
                Patch(color=color(0), label=f"typical of {isolate(side_a)}"),
                Patch(color=color(1), label=f"typical of {isolate(side_b)}"),
            ],
            loc="outside lower center",
            ncols=2,
        )
        scope = "" if frame in (None, ALL_SCOPE) else f" in passages with {frame_label or frame}"
        ax.set_title(
            title or f"Words distinguishing {isolate(side_a)} from {isolate(side_b)}{scope}",
            loc="left",
        )
        return finish(fig)


def _word_label(row: pd.Series) -> str:
    """``word (12/3)``; an Arabic word is closed with a left-to-right mark, since digits
    right after Arabic letters would otherwise join its right-to-left run: ``(12/3) word``."""
    token = str(row["token"])
    if "count_a" in row.index and "count_b" in row.index:
        close = LRM if has_arabic(token) else ""
        return ltr(f"{token}{close} ({int(row['count_a'])}/{int(row['count_b'])})")
    return token
