"""The key tables of the report, formatted for reading: shares as percentages with intervals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from framing.report.labels import (
    GROUP_SEPARATOR,
    frame_label,
    frame_order,
    group_columns,
    group_names,
    is_missing,
    number,
    percent,
)

if TYPE_CHECKING:
    from framing.lexicon.model import Lexicon


def interval(low: object, high: object, *, as_percent: bool = True) -> str:
    """``[45%, 75%]`` (``–`` when either end is missing).

    >>> interval(0.4512, 0.7499), interval(float("nan"), 0.5)
    ('[45%, 75%]', '–')
    """
    if is_missing(low) or is_missing(high):
        return "–"
    fmt = percent if as_percent else number
    return f"[{fmt(low)}, {fmt(high)}]"  # type: ignore[arg-type]


def prevalence_view(
    prevalence: pd.DataFrame, labels: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Group, frame, articles with the frame, article share [CI], passage share [CI], note."""
    columns = group_columns(prevalence)
    order = {f: i for i, f in enumerate(frame_order(prevalence["frame"].astype(str), labels))}
    table = prevalence.assign(
        _group=group_names(prevalence, columns).to_numpy(),
        _order=prevalence["frame"].astype(str).map(order),
    ).sort_values(["_group", "_order"], kind="mergesort")
    view = pd.DataFrame(
        {
            "group": table["_group"],
            "frame": [frame_label(str(f), labels) for f in table["frame"]],
            "articles": [
                f"{int(k)} / {int(n)}"
                for k, n in zip(table["n_with_frame"], table["n_articles"], strict=True)
            ],
            "article share [95% CI]": [
                f"{percent(s)} {interval(lo, hi)}"
                for s, lo, hi in zip(
                    table["article_share"],
                    table["article_share_ci_low"],
                    table["article_share_ci_high"],
                    strict=True,
                )
            ],
        }
    )
    if "passage_share" in table.columns:
        view["passage share [95% CI]"] = [
            f"{percent(s)} {interval(lo, hi)}"
            for s, lo, hi in zip(
                table["passage_share"],
                table.get("passage_share_ci_low", pd.Series(float("nan"), index=table.index)),
                table.get("passage_share_ci_high", pd.Series(float("nan"), index=table.index)),
                strict=True,
            )
        ]
    if "ci_note" in table.columns:
        view["note"] = ["" if is_missing(v) else str(v) for v in table["ci_note"]]
    align = ("l", "l", "r", "r", "r", "l")[: len(view.columns)]
    return view.reset_index(drop=True), align


def tests_view(
    tests: pd.DataFrame, labels: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Frame, test, statistic, p, adjusted p, Cramér's V, note."""
    view = pd.DataFrame(
        {
            "frame": [frame_label(str(f), labels) for f in tests["frame"]],
            "test": tests.get("test", pd.Series("", index=tests.index)).astype(str),
            "statistic": [number(v) for v in tests["statistic"]],
            "p": [_p(v) for v in tests["p_value"]],
            "adjusted p": [_p(v) for v in tests.get("p_adjusted", tests["p_value"])],
            "Cramér's V": [number(v) for v in tests.get("cramers_v", [float("nan")] * len(tests))],
            "note": ["" if is_missing(v) else str(v) for v in tests.get("note", [""] * len(tests))],
        }
    )
    return view, ("l", "l", "r", "r", "r", "r", "l")


def pairwise_view(
    pairwise: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    *,
    alpha: float = 0.05,
    only_significant: bool = True,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Significant pairwise differences: frame, A, B, shares, risk difference [CI], OR [CI], p."""
    rows = pairwise
    if only_significant:
        if "significant" in rows.columns:
            flags = rows["significant"].fillna(False).astype(bool)
        else:
            flags = pd.to_numeric(rows.get("p_adjusted", rows["p_value"]), errors="coerce") < alpha
        rows = rows[flags.to_numpy()]
    rd_low = _col(rows, "rd_ci_low", "risk_difference_ci_low")
    rd_high = _col(rows, "rd_ci_high", "risk_difference_ci_high")
    view = pd.DataFrame(
        {
            "frame": [frame_label(str(f), labels) for f in rows["frame"]],
            "group A": [str(g).replace("|", GROUP_SEPARATOR) for g in rows["group_a"]],
            "group B": [str(g).replace("|", GROUP_SEPARATOR) for g in rows["group_b"]],
            "share A": [_share(r, "a") for _, r in rows.iterrows()],
            "share B": [_share(r, "b") for _, r in rows.iterrows()],
            "difference [95% CI]": [
                f"{_pp(d)} {_pp_interval(lo, hi)}"
                for d, lo, hi in zip(rows["risk_difference"], rd_low, rd_high, strict=True)
            ],
            "odds ratio [95% CI]": [
                f"{number(o)} {interval(lo, hi, as_percent=False)}"
                for o, lo, hi in zip(
                    rows.get("odds_ratio", [float("nan")] * len(rows)),
                    _col(rows, "or_ci_low", "odds_ratio_ci_low"),
                    _col(rows, "or_ci_high", "odds_ratio_ci_high"),
                    strict=True,
                )
            ],
            "test": rows.get("test", pd.Series("", index=rows.index)).astype(str).to_numpy(),
            "adjusted p": [_p(v) for v in rows.get("p_adjusted", rows["p_value"])],
        }
    )
    return view.reset_index(drop=True), ("l", "l", "l", "r", "r", "r", "r", "l", "r")


def evaluation_view(
    evaluation: pd.DataFrame, labels: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Frame, method, precision, recall, F1 [CI], positives."""
    order = frame_order(evaluation["frame"].astype(str), labels)
    rank = {f: i for i, f in enumerate(order)}
    rows = evaluation.assign(_o=evaluation["frame"].astype(str).map(rank)).sort_values(
        ["_o", "method"], kind="mergesort"
    )
    view = pd.DataFrame(
        {
            "frame": [frame_label(str(f), labels) for f in rows["frame"]],
            "method": rows["method"].astype(str).to_numpy(),
            "precision": [number(v) for v in _col(rows, "precision")],  # type: ignore[arg-type]
            "recall": [number(v) for v in _col(rows, "recall")],  # type: ignore[arg-type]
            "F1 [95% CI]": [
                f"{number(f)} {interval(lo, hi, as_percent=False)}"
                for f, lo, hi in zip(
                    rows["f1"], _col(rows, "f1_ci_low"), _col(rows, "f1_ci_high"), strict=True
                )
            ],
            "positives": [
                "" if is_missing(v) else str(int(v))
                for v in rows.get("n_positive", [None] * len(rows))
            ],
        }
    )
    return view.reset_index(drop=True), ("l", "l", "r", "r", "r", "r")


def lexicon_view(lexicon: Lexicon) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Entries per frame (rows) and language (columns), with exclusions and totals."""
    languages = list(lexicon.languages) or sorted(
        {lang for frame in lexicon.frames for lang in frame.entries}
    )
    rows = []
    for frame in lexicon.frames:
        row = {"frame": frame.label or frame.id}
        for lang in languages:
            row[lang] = str(len(frame.entries.get(lang, [])))
        row["exclusions"] = str(sum(len(v) for v in frame.exclusions.values()))
        row["proximity"] = f"{frame.proximity.window} tokens" if frame.proximity else ""
        rows.append(row)
    total = {"frame": "Total"}
    for lang in languages:
        total[lang] = str(sum(len(f.entries.get(lang, [])) for f in lexicon.frames))
    total["exclusions"] = str(sum(len(v) for f in lexicon.frames for v in f.exclusions.values()))
    total["proximity"] = ""
    view = pd.DataFrame([*rows, total])
    return view, ("l", *["r"] * len(languages), "r", "l")


def key_value_view(
    items: Mapping[str, object], *, max_length: int = 160
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """A two-column table from a mapping; nested mappings become dotted keys.

    >>> view, _ = key_value_view({"model": "svm", "cv": {"folds": 5, "metrics": ["f1", "kappa"]}})
    >>> view.values.tolist()
    [['model', 'svm'], ['cv.folds', '5'], ['cv.metrics', 'f1, kappa']]
    """
    flat = _flatten(items)
    values = [_shorten(v, max_length) for v in flat.values()]
    view = pd.DataFrame({"item": list(flat), "value": values})
    return view, ("l", "l")


def _flatten(items: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in items.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat |= _flatten(value, f"{name}.")
        else:
            flat[name] = value
    return flat


def _shorten(value: object, max_length: int) -> str:
    if isinstance(value, list | tuple):
        text = ", ".join(str(v) for v in value)
    elif is_missing(value):
        text = ""
    else:
        text = str(value)
    return text if len(text) <= max_length else text[: max_length - 1] + "…"


def _col(rows: pd.DataFrame, *names: str) -> list[object]:
    for name in names:
        if name in rows.columns:
            return rows[name].tolist()
    return [float("nan")] * len(rows)


def _share(row: pd.Series, side: str) -> str:
    share = row.get(f"share_{side}")
    n = row.get(f"n_{side}")
    k = row.get(f"n_with_{side}")
    if not is_missing(k) and not is_missing(n):
        return f"{percent(share)} ({int(k)}/{int(n)})"
    return percent(share) if not is_missing(share) else "–"


def _pp(value: object) -> str:
    return "–" if is_missing(value) else f"{100 * float(value):+.0f} pp"  # type: ignore[arg-type]


def _pp_interval(low: object, high: object) -> str:
    if is_missing(low) or is_missing(high):
        return ""
    return f"[{100 * float(low):+.0f}, {100 * float(high):+.0f}]"  # type: ignore[arg-type]


def _p(value: object) -> str:
    if is_missing(value):
        return "–"
    value = float(value)  # type: ignore[arg-type]
    return "< 0.001" if value < 0.001 else f"{value:.3f}"
