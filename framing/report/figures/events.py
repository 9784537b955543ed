"""Same event, different coverage: each outlet's and language's frame profile, per event."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from framing.report.figures.matrix import draw_matrix
from framing.report.labels import frame_label, frame_order, group_names, percent, with_n
from framing.report.style import (
    DOUBLE_COLUMN,
    SEQUENTIAL_CMAP,
    SMALL_FONT_SIZE,
    FigureLike,
    finish,
    new_figure,
    style_context,
)


def plot_events(
    events: pd.DataFrame,
    *,
    group: Sequence[str] = ("outlet", "language"),
    labels: Mapping[str, str] | None = None,
    frames: Sequence[str] | None = None,
    event_order: Sequence[str] | None = None,
    max_events: int = 6,
    title: str | None = None,
    figure: FigureLike | None = None,
) -> Figure:
    """One heatmap band per event: outlet and language (rows) x frames (columns), article shares.

    Events are stacked with the frames aligned, so the profiles of the outlets
    and languages that covered the same event can be read against each other;
    all bands share one colour scale. Row labels give the number of articles each
    outlet published on the event. Events are shown in ``event_order`` (default:
    most articles first, then by name), at most ``max_events``.

    Examples
    --------
    >>> t = pd.DataFrame({"event": "Interpol, Marrakech", "outlet": ["Atlas", "المرصاد"],
    ...     "language": ["en", "ar"], "frame": "soft_power", "n_articles": [2, 3],
    ...     "article_share": [0.5, 1.0]})
    >>> fig = plot_events(t)
    >>> fig.axes[0].get_title(loc="left")
    'Interpol, Marrakech (n = 5 articles)'
    """
    with style_context():
        columns = [c for c in group if c in events.columns]
        table = events.assign(
            event=events["event"].astype(str),
            frame=events["frame"].astype(str),
            _group=group_names(events, columns).to_numpy(),
        )
        sizes = table.groupby(["event", "_group"], sort=False)["n_articles"].max()
        per_event = sizes.groupby(level="event", sort=False).sum()
        chosen = (
            list(event_order)
            if event_order is not None
            else sorted(per_event.index, key=lambda e: (-per_event[e], e))
        )
        chosen = [e for e in chosen if e in per_event.index][:max_events]
        order = frame_order(table["frame"], labels, frames)
        heights = [max(1, len(sizes[e])) for e in chosen] or [1]

        fig = new_figure(DOUBLE_COLUMN, 1.6 + 0.2 * sum(heights) + 0.3 * len(heights), figure)
        axes = fig.subplots(
            len(heights), 1, sharex=True, squeeze=False, gridspec_kw={"height_ratios": heights}
        )[:, 0]
        norm = Normalize(0.0, 1.0)
        cmap = colormaps[SEQUENTIAL_CMAP]
        image = None
        for ax, event in zip(axes, chosen, strict=False):
            groups = sizes[event]
            pivot = (
                table[table["event"] == event]
                .pivot_table(
                    index="_group",
                    columns="frame",
                    values="article_share",
                    aggfunc="first",
                    sort=False,
                )
                .reindex(index=list(groups.index), columns=order)
            )
            values = pivot.to_numpy(dtype=float)
            text = [["" if np.isnan(v) else percent(v) for v in row] for row in values]
            image = draw_matrix(
                ax,
                values,
                text,
                cmap=cmap,
                norm=norm,
                row_labels=[with_n(name, n) for name, n in groups.items()],
                col_labels=[frame_label(f, labels) for f in order],
                fontsize=SMALL_FONT_SIZE - 1,
            )
            ax.set_title(
                f"{textwrap.shorten(event, width=90, placeholder='…')} "
                f"(n = {int(groups.sum())} articles)",
                loc="left",
                fontsize=SMALL_FONT_SIZE,
            )
        for ax in axes[:-1]:
            ax.tick_params(labelbottom=False)
        if image is not None:
            colorbar = fig.colorbar(image, ax=list(axes), shrink=0.5, pad=0.01, aspect=30)
            colorbar.set_label("Share of the outlet's articles on the event with the frame")
            colorbar.ax.yaxis.set_major_formatter(lambda v, _: percent(v))
        shown = (
            f"{len(chosen)} of {len(per_event)} events"
            if len(per_event) > len(chosen)
            else f"{len(chosen)} events"
        )
        fig.suptitle(
            title or f"Frames in the coverage of the same events ({shown})", x=0.01, ha="left"
        )
        return finish(fig)
