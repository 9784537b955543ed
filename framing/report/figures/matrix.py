"""An annotated colour matrix, shared by the heatmap, co-occurrence and event figures."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, Normalize
from matplotlib.image import AxesImage

from framing.report.style import SMALL_FONT_SIZE


def draw_matrix(
    ax: Axes,
    values: np.ndarray,
    text: Sequence[Sequence[str]],
    *,
    cmap: Colormap,
    norm: Normalize,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    fontsize: float = SMALL_FONT_SIZE,
) -> AxesImage:
    """Draw ``values`` as coloured cells with ``text`` written in each; NaN cells stay blank.

    Cell text is white on dark cells and black on light ones, so it stays legible
    whatever the colour.
    """
    cmap = cmap.with_extremes(bad="white")
    masked = np.ma.masked_invalid(np.asarray(values, dtype=float))
    image = ax.imshow(masked, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    for i, row in enumerate(text):
        for j, label in enumerate(row):
            if not label:
                continue
            value = masked[i, j]
            dark = value is not np.ma.masked and _luminance(cmap(norm(value))) < 0.45
            ax.text(
                j,
                i,
                label,
                ha="center",
                va="center",
                fontsize=fontsize,
                color="white" if dark else "black",
            )
    ax.set_xticks(
        range(len(col_labels)), col_labels, rotation=35, ha="right", rotation_mode="anchor"
    )
    ax.set_yticks(range(len(row_labels)), row_labels)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return image


def _luminance(rgba: tuple[float, float, float, float]) -> float:
    r, g, b = rgba[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
