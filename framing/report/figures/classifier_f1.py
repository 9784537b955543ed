"""Classifier against the lexicon baseline: per-frame F1 with confidence intervals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from framing.report.labels import frame_label, frame_order
from framing.report.style import (
    MUTED,
    SINGLE_COLUMN,
    FigureLike,
    color,
    finish,
    marker,
    new_figure,
    style_context,
)

SUMMARY_ROWS = ("micro", "macro")
METHOD_NAMES = {"classifier": "Classifier", "lexicon": "Lexicon baseline"}


def plot_classifier_f1(
    evaluation: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    methods: Sequence[str] | None = None,
    frames: Sequence[str] | None = None,
    title: str | None = None,
    figure: FigureLike | None = None,
) -> Figure:
    """Dot plot of F1 per frame for each method (classifier, lexicon), with CI whiskers.

    Frames are rows, labelled with their number of positive passages in the
    gold labels; the micro- and macro-averages come last, below a rule.

    Examples
    --------
    >>> t = pd.DataFrame({"method": ["classifier", "lexicon"], "frame": "threat",
    ...     "f1": [0.78, 0.61], "f1_ci_low": [0.66, 0.47], "f1_ci_high": [0.87, 0.73],
    ...     "n_positive": 34})
    >>> fig = plot_classifier_f1(t)
    >>> fig.axes[0].get_yticklabels()[0].get_text()
    'threat (n=34)'
    """
    with style_context():
        table = evaluation.assign(
            frame=evaluation["frame"].astype(str), method=evaluation["method"].astype(str)
        )
        weak = _is_weak(table)
        present = table["method"].unique().tolist()
        if weak and methods is None:
            # Weak labels are the lexicon's own decisions: its F1 against them is 1 by construction.
            present = [m for m in present if m != "lexicon"] or present
        methods = [m for m in (methods or sorted(present, key=_method_rank)) if m in present]
        per_frame = [f for f in table["frame"] if f not in SUMMARY_ROWS]
        order = frame_order(per_frame, labels, frames)
        order += [s for s in SUMMARY_ROWS if s in set(table["frame"])]
        n_positive = (
            table.groupby("frame")["n_positive"].max() if "n_positive" in table.columns else {}
        )
        fig = new_figure(SINGLE_COLUMN + 1.5, 1.0 + 0.24 * len(order), figure)
        ax = fig.add_subplot()
        rows = {f: i for i, f in enumerate(order)}
        offsets = np.linspace(-0.18, 0.18, len(methods)) if len(methods) > 1 else [0.0]
        for k, method in enumerate(methods):
            part = table[(table["method"] == method) & table["frame"].isin(rows)]
            y = part["frame"].map(rows).to_numpy(dtype=float) + offsets[k]
            f1 = part["f1"].to_numpy(dtype=float)
            low = _values(part, "f1_ci_low")
            high = _values(part, "f1_ci_high")
            ax.hlines(y, low, high, color=color(k), linewidth=1.0)
            ax.scatter(
                f1,
                y,
                color=color(k),
                marker=marker(k),
                s=18,
                zorder=3,
                label=METHOD_NAMES.get(method, method),
            )
        names = []
        for frame in order:
            n = n_positive.get(frame) if len(n_positive) else None
            label = frame_label(frame, labels)
            names.append(label if n is None or frame in SUMMARY_ROWS else f"{label} (n={int(n)})")
        ax.set_yticks(range(len(order)), names)
        ax.set_ylim(len(order) - 0.5, -0.5)
        summary = [rows[s] for s in SUMMARY_ROWS if s in rows]
        if summary:
            ax.axhline(min(summary) - 0.5, color=MUTED, linewidth=0.6)
        ax.set_xlim(0, 1)
        ax.grid(axis="x", color="#E5E5E5", linewidth=0.5)
        ax.set_axisbelow(True)
        reference = "the lexicon's labels (weak supervision)" if weak else "the human codes"
        ax.set_xlabel(f"F1 against {reference} (95% CI)")
        fig.legend(loc="outside lower center", ncols=len(methods))
        default = "Per-frame F1, weakly supervised" if weak else "Per-frame F1 (n = positives)"
        ax.set_title(title or default, loc="left")
        return finish(fig)


def _is_weak(table: pd.DataFrame) -> bool:
    if "supervision" not in table.columns:
        return False
    return bool(table["supervision"].astype(str).str.contains("weak").any())


def _method_rank(method: str) -> tuple[int, str]:
    return (0 if method == "classifier" else 1 if method == "lexicon" else 2, method)


def _values(part: pd.DataFrame, name: str) -> np.ndarray:
    if name not in part.columns:
        return np.full(len(part), np.nan)
    return pd.to_numeric(part[name], errors="coerce").to_numpy(dtype=float)
