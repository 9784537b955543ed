"""The key tables of the report, formatted for reading: shares as percentages with intervals."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
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
    with_n,
)

_SMALL_EXPECTED = re.compile(r"^expected counts?( [\d.]+)? < \d+: (.+)$")
"""A test's note when expected counts were small: the count, then the test used instead."""

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


def overall_view(
    overall: pd.DataFrame, labels: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """All articles, one row per frame: articles with it, article and passage share, density.

    >>> t = pd.DataFrame({"frame": ["threat"], "n_articles": [49], "n_with_frame": [33],
    ...     "article_share": [33 / 49], "article_share_ci_low": [0.53],
    ...     "article_share_ci_high": [0.79]})
    >>> overall_view(t)[0].to_dict("records")
    [{'frame': 'threat', 'articles': '33 / 49', 'article share [95% CI]': '67% [53, 79]'}]
    """
    order = {f: i for i, f in enumerate(frame_order(overall["frame"].astype(str), labels))}
    rows = overall.assign(_o=overall["frame"].astype(str).map(order)).sort_values(
        "_o", kind="mergesort"
    )
    view = pd.DataFrame(
        {
            "frame": [frame_label(str(f), labels) for f in rows["frame"]],
            "articles": [
                f"{int(k)} / {int(n)}"
                for k, n in zip(rows["n_with_frame"], rows["n_articles"], strict=True)
            ],
        }
    )
    for column, name in (
        ("article_share", "article share [95% CI]"),
        ("passage_share", "passage share [95% CI]"),
    ):
        if column in rows.columns:
            view[name] = [
                _share_cell(v, lo, hi)
                for v, lo, hi in zip(
                    rows[column],
                    _col(rows, f"{column}_ci_low"),
                    _col(rows, f"{column}_ci_high"),
                    strict=True,
                )
            ]
    if "mean_density" in rows.columns and rows["mean_density"].notna().any():
        view["density [95% CI]"] = [
            _density_cell(v, lo, hi)
            for v, lo, hi in zip(
                rows["mean_density"],
                _col(rows, "mean_density_ci_low"),
                _col(rows, "mean_density_ci_high"),
                strict=True,
            )
        ]
    return view.reset_index(drop=True), ("l", *["r"] * (len(view.columns) - 1))


def prevalence_grid(
    prevalence: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    *,
    significant: Collection[str] = (),
    mark: str = "†",
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Frames as rows, groups as columns (``name (n=6)``), cells ``33% [15, 58]``.

    Each cell is the share of the group's articles carrying the frame with its
    Wilson 95% interval (in percent); frames in ``significant`` get ``mark``
    after their label. ``–`` marks a group without articles.

    >>> t = pd.DataFrame({"outlet": ["Atlas", "Atlas", "Rabat", "Rabat"],
    ...     "frame": ["threat", "cooperation"] * 2, "n_articles": [6, 6, 4, 4],
    ...     "article_share": [2 / 6, 1.0, 0.25, 0.0],
    ...     "article_share_ci_low": [0.097, 0.61, 0.046, 0.0],
    ...     "article_share_ci_high": [0.70, 1.0, 0.70, 0.49]})
    >>> view, _ = prevalence_grid(t, significant={"threat"})
    >>> view.to_dict("records")[0]
    {'frame': 'threat †', 'Atlas (n=6)': '33% [10, 70]', 'Rabat (n=4)': '25% [5, 70]'}
    """
    columns = group_columns(prevalence)
    order = frame_order(prevalence["frame"].astype(str), labels)
    table = prevalence.assign(
        _group=group_names(prevalence, columns).to_numpy(),
        frame=prevalence["frame"].astype(str),
        _cell=[
            _share_cell(s, lo, hi)
            for s, lo, hi in zip(
                prevalence["article_share"],
                _col(prevalence, "article_share_ci_low"),
                _col(prevalence, "article_share_ci_high"),
                strict=True,
            )
        ],
    )
    sizes = table.groupby("_group", sort=False)["n_articles"].max()
    grid = table.pivot_table(
        index="frame", columns="_group", values="_cell", aggfunc="first", sort=False
    ).reindex(index=order, columns=list(sizes.index))
    view = pd.DataFrame(
        {
            "frame": [
                frame_label(f, labels) + (f" {mark}" if f in significant else "") for f in order
            ]
        }
    )
    for name, n in sizes.items():
        view[with_n(str(name), n)] = grid[name].fillna("–").to_numpy()
    return view, ("l", *["r"] * len(sizes))


def small_groups(prevalence: pd.DataFrame, threshold: int = 10) -> list[str]:
    """Names of the groups with fewer than ``threshold`` articles, in table order."""
    columns = group_columns(prevalence)
    if not columns:
        return []
    names = group_names(prevalence, columns)
    sizes = prevalence.assign(_g=names.to_numpy()).groupby("_g", sort=False)["n_articles"].max()
    return [str(g) for g, n in sizes.items() if n < threshold]


def tests_view(
    tests: pd.DataFrame, labels: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Frame, test, statistic, p, adjusted p, Cramér's V, smallest expected count, short note.

    Notes are shortened: the explanation of a test used because expected counts
    are small is the same on every row, so it goes under the table
    (:func:`tests_footnotes`); the smallest expected count has its own column.
    """
    frame_rank = {f: i for i, f in enumerate(frame_order(tests["frame"].astype(str), labels))}
    tests = tests.assign(_o=tests["frame"].astype(str).map(frame_rank)).sort_values(
        "_o", kind="mergesort"
    )
    view = pd.DataFrame(
        {
            "frame": [frame_label(str(f), labels) for f in tests["frame"]],
            "test": tests.get("test", pd.Series("", index=tests.index)).astype(str).to_numpy(),
            "statistic": [number(v) for v in tests["statistic"]],
            "p": [_p(v) for v in tests["p_value"]],
            "adjusted p": [_p(v) for v in tests.get("p_adjusted", tests["p_value"])],
            "Cramér's V": [number(v) for v in tests.get("cramers_v", [float("nan")] * len(tests))],
        }
    )
    align = ["l", "l", "r", "r", "r", "r"]
    if "min_expected" in tests.columns:
        view["min. expected"] = [number(v) for v in tests["min_expected"]]
        align.append("r")
    notes = [_short_note(v) for v in tests.get("note", [""] * len(tests))]
    if any(notes):
        view["note"] = notes
        align.append("l")
    return view.reset_index(drop=True), tuple(align)


def tests_footnotes(tests: pd.DataFrame) -> list[str]:
    """What the shortened notes of :func:`tests_view` left out, said once under the table."""
    explanations = []
    for note in tests.get("note", pd.Series(dtype=object)):
        for part in ("" if is_missing(note) else str(note)).split("; "):
            match = _SMALL_EXPECTED.match(part)
            if match and match.group(2) not in explanations:
                explanations.append(match.group(2))
    if not explanations:
        return []
    return [
        f"Where the smallest expected count is below {_threshold(tests)}, the chi-square "
        f"approximation is not used: {' or '.join(explanations)} instead (test column)."
    ]


def _short_note(note: object) -> str:
    if is_missing(note):
        return ""
    parts = [p for p in str(note).split("; ") if not _SMALL_EXPECTED.match(p)]
    return "; ".join(parts)


def _threshold(tests: pd.DataFrame) -> str:
    for note in tests.get("note", pd.Series(dtype=object)):
        match = re.search(r"< (\d+):", "" if is_missing(note) else str(note))
        if match:
            return match.group(1)
    return "5"


def _ratio_cell(value: object, low: object, high: object) -> str:
    """``2.31 [1.10, 4.85]``; ``∞`` for an infinite odds ratio (a zero cell)."""

    def show(v: object) -> str:
        return "∞" if not is_missing(v) and float(v) == float("inf") else number(v)  # type: ignore[arg-type]

    if is_missing(value):
        return "–"
    if is_missing(low) or is_missing(high):
        return show(value)
    return f"{show(value)} [{show(low)}, {show(high)}]"


def _density_cell(value: object, low: object, high: object) -> str:
    if is_missing(value):
        return "–"
    if is_missing(low) or is_missing(high):
        return f"{float(value):.1f}"  # type: ignore[arg-type]
    return f"{float(value):.1f} [{float(low):.1f}, {float(high):.1f}]"  # type: ignore[arg-type]


def _share_cell(share: object, low: object, high: object) -> str:
    if is_missing(share):
        return "–"
    if is_missing(low) or is_missing(high):
        return percent(share)  # type: ignore[arg-type]
    return f"{percent(share)} [{100 * float(low):.0f}, {100 * float(high):.0f}]"  # type: ignore[arg-type]


def pairwise_view(
    pairwise: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    *,
    alpha: float = 0.05,
    only_significant: bool = True,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Pairwise differences: frame, A, B, shares, difference A − B in points [CI], OR [CI], p.

    Rows follow the frame order, then the adjusted p-value. The test of each pair
    is summarised by :func:`pairwise_footnotes` rather than repeated per row.
    """
    rows = pairwise
    if only_significant:
        if "significant" in rows.columns:
            flags = rows["significant"].fillna(False).astype(bool)
        else:
            flags = pd.to_numeric(rows.get("p_adjusted", rows["p_value"]), errors="coerce") < alpha
        rows = rows[flags.to_numpy()]
    rank = {f: i for i, f in enumerate(frame_order(pairwise["frame"].astype(str), labels))}
    p_column = "p_adjusted" if "p_adjusted" in rows.columns else "p_value"
    rows = rows.assign(_o=rows["frame"].astype(str).map(rank)).sort_values(
        ["_o", p_column], kind="mergesort"
    )
    rd_low = _col(rows, "rd_ci_low", "risk_difference_ci_low")
    rd_high = _col(rows, "rd_ci_high", "risk_difference_ci_high")
    view = pd.DataFrame(
        {
            "frame": [frame_label(str(f), labels) for f in rows["frame"]],
            "group A": [str(g).replace("|", GROUP_SEPARATOR) for g in rows["group_a"]],
            "group B": [str(g).replace("|", GROUP_SEPARATOR) for g in rows["group_b"]],
            "share A": [_share(r, "a") for _, r in rows.iterrows()],
            "share B": [_share(r, "b") for _, r in rows.iterrows()],
            "A − B, points [95% CI]": [
                f"{_pp(d)} {_pp_interval(lo, hi)}".strip()
                for d, lo, hi in zip(rows["risk_difference"], rd_low, rd_high, strict=True)
            ],
            "odds ratio [95% CI]": [
                _ratio_cell(o, lo, hi)
                for o, lo, hi in zip(
                    rows.get("odds_ratio", [float("nan")] * len(rows)),
                    _col(rows, "or_ci_low", "odds_ratio_ci_low"),
                    _col(rows, "or_ci_high", "odds_ratio_ci_high"),
                    strict=True,
                )
            ],
            "adjusted p": [_p(v) for v in rows[p_column]],
        }
    )
    return view.reset_index(drop=True), ("l", "l", "l", "r", "r", "r", "r", "r")


def pairwise_footnotes(pairwise: pd.DataFrame | None) -> list[str]:
    """The tests behind the pairwise rows and the pairs that could not be tested, in one line."""
    if pairwise is None or pairwise.empty or "test" not in pairwise.columns:
        return []
    tested = pd.to_numeric(pairwise["p_value"], errors="coerce").notna()
    counts = pairwise.loc[tested.to_numpy(), "test"].astype(str).value_counts()
    used = ", ".join(f"{name} ({n})" for name, n in sorted(counts.items()))
    text = f"Tests of the {int(tested.sum())} tested pairs: {used}." if used else ""
    untested = int((~tested).sum())
    if untested:
        text += (
            f" {untested} pairs were not tested: no article, or every article, of both groups "
            f"has the frame."
        )
    return [text.strip()] if text else []


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
    return "–" if is_missing(value) else f"{100 * float(value):+.0f}"  # type: ignore[arg-type]


def _pp_interval(low: object, high: object) -> str:
    if is_missing(low) or is_missing(high):
        return ""
    return f"[{100 * float(low):+.0f}, {100 * float(high):+.0f}]"  # type: ignore[arg-type]


def _p(value: object) -> str:
    if is_missing(value):
        return "–"
    value = float(value)  # type: ignore[arg-type]
    return "< 0.001" if value < 0.001 else f"{value:.3f}"
