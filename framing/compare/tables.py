"""Writing the comparison tables: tidy CSV for analysis, compact LaTeX for papers.

The CSV files hold every column at full precision; text cells that a spreadsheet
would run as a formula (a group or token starting with ``=``, ``-``, ``@``...)
get a leading ``'`` (:mod:`framing.csv_safety`), which
:meth:`~framing.compare.comparison.Comparison.read` removes again. The ``.tex`` files are
``booktabs`` tables (``longtable`` when long) built with pandas' Styler: the
group columns, counts and estimates with their intervals written as
``0.42 [0.21, 0.64]``, values rounded to 3 decimals, LaTeX special characters
escaped. Arabic text needs a Unicode engine and font (XeLaTeX/LuaLaTeX with
``polyglossia`` or ``babel``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from framing.store import write_text_atomic

LONG_TABLE_ROWS = 40
KEYNESS_TEX_ROWS = 15


def write_latex(df: pd.DataFrame, path: str | Path, *, caption: str | None = None) -> Path:
    """Write ``df`` as a LaTeX ``booktabs`` table (``longtable`` beyond 40 rows).

    >>> table = pd.DataFrame({"frame": ["soft_power"], "p_value": [0.01234]})
    >>> write_latex(table, "tests.tex", caption="Tests")  # doctest: +SKIP
    """
    label = f"tab:{Path(path).stem}"
    styler = (
        df.style.format(precision=3, na_rep="--", escape="latex")
        .format_index(escape="latex", axis=1)
        .hide(axis="index")
    )
    environment = "longtable" if len(df) > LONG_TABLE_ROWS else None
    latex = styler.to_latex(
        hrules=True,
        caption=caption,
        label=label if caption else None,
        environment=environment,
        position="htbp" if environment is None else None,
    )
    return write_text_atomic(path, latex)


def latex_view(name: str, df: pd.DataFrame, group_columns: list[str]) -> pd.DataFrame:
    """The compact version of table ``name`` shown in LaTeX (every table has one)."""
    view = _VIEWS.get(name)
    return view(df, group_columns) if view else df


def with_interval(
    estimate: pd.Series, low: pd.Series, high: pd.Series, digits: int = 3
) -> list[str]:
    """``0.420 [0.210, 0.640]``; ``--`` for a missing estimate, no brackets without an interval.

    >>> nan = float("nan")
    >>> with_interval(pd.Series([0.42, nan]), pd.Series([0.21, nan]), pd.Series([0.64, 1.0]))
    ['0.420 [0.210, 0.640]', '--']
    """
    out = []
    for e, lo, hi in zip(estimate, low, high, strict=True):
        if pd.isna(e):
            out.append("--")
        elif pd.isna(lo) or pd.isna(hi):
            out.append(f"{e:.{digits}f}")
        else:
            out.append(f"{e:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]")
    return out


def _prevalence(df: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    return df[[*groups, "frame", "n_articles", "n_with_frame"]].assign(
        article_share=with_interval(
            df["article_share"], df["article_share_ci_low"], df["article_share_ci_high"]
        ),
        passage_share=with_interval(
            df["passage_share"], df["passage_share_ci_low"], df["passage_share_ci_high"]
        ),
        ci_note=df["ci_note"],
    )


def _tests(df: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    cols = ["frame", "test", "statistic", "dof", "p_value", "p_adjusted", "cramers_v"]
    return df[[*cols, "n_groups", "n_articles"]]


_PAIRWISE_TEX = ["frame", "group_a", "group_b", "share_a", "share_b", "risk_difference"]
_PAIRWISE_TEX += ["odds_ratio", "test", "p_adjusted"]


def _pairwise(df: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    # "|" joins combined group values; LaTeX's default font has no such glyph.
    view = df.assign(
        group_a=df["group_a"].str.replace("|", " / ", regex=False),
        group_b=df["group_b"].str.replace("|", " / ", regex=False),
        risk_difference=with_interval(df["risk_difference"], df["rd_ci_low"], df["rd_ci_high"]),
        odds_ratio=with_interval(df["odds_ratio"], df["or_ci_low"], df["or_ci_high"], 2),
    )
    return view[_PAIRWISE_TEX]


def _regression(df: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    return df[["frame", "term"]].assign(
        odds_ratio=with_interval(df["odds_ratio"], df["ci_low"], df["ci_high"], 2),
        p_value=df["p_value"],
        n_obs=df["n_obs"],
        n_clusters=df["n_clusters"],
    )


def _cooccurrence(df: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    return df[["level", "frame_a", "frame_b", "n_both", "n_a", "n_b", "jaccard", "lift"]]


def _keyness(df: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """The strongest words on each side, per scope."""
    parts = []
    for _, part in df.groupby("frame", sort=False):
        parts += [part.head(KEYNESS_TEX_ROWS), part.tail(KEYNESS_TEX_ROWS)]
    top = pd.concat(parts).drop_duplicates() if parts else df
    return top[["frame", "token", "count_a", "count_b", "log_odds", "z", "g2", "favours"]]


def _timeline(df: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    keep = [c for c in df.columns if c not in _TIMELINE_HIDDEN]
    return df[keep[: keep.index("frame") + 1]].assign(
        n_articles=df["n_articles"],
        share=with_interval(df["share"], df["share_ci_low"], df["share_ci_high"]),
        rolling_share=df["rolling_share"],
    )


def _events(df: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    return df[["event", "outlet", "language", "frame", "n_articles"]].assign(
        article_share=with_interval(
            df["article_share"], df["article_share_ci_low"], df["article_share_ci_high"]
        )
    )


_TIMELINE_HIDDEN = {"deduplicated"}
_VIEWS: dict[str, Callable[[pd.DataFrame, list[str]], pd.DataFrame]] = {
    "prevalence": _prevalence,
    "prevalence_overall": lambda df, groups: _prevalence(df, []),
    "tests": _tests,
    "pairwise": _pairwise,
    "regression": _regression,
    "cooccurrence": _cooccurrence,
    "keyness": _keyness,
    "timeline": _timeline,
    "timeline_overall": _timeline,
    "events": _events,
}
