"""Frame share over time: articles per month (or ISO week), per group, with Wilson intervals.

Every period between the first and the last dated article is a row, also when
it has no articles (``n_articles`` 0, share NaN), so gaps show as gaps and the
rolling window counts calendar periods. ``rolling_share`` pools the current
period and the ``window - 1`` periods before it (trailing window, default 3):
``sum(n_with_frame) / sum(n_articles)``, which weighs periods by their size
rather than averaging noisy shares.

Articles whose date lacks the period's part (a year-only date for months, a
month-only date for weeks, a date without a year, no date) are counted in a
separate ``period = "undated"`` row per group and frame (present, with 0,
when every article is dated).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from framing.compare.data import AnalysisData
from framing.compare.groupings import DATE_GROUPINGS, UNKNOWN, date_part
from framing.compare.intervals import wilson_interval
from framing.errors import CompareError

UNDATED = "undated"
PERIODS = ("month", "week")


def timeline_table(
    data: AnalysisData,
    *,
    period: str = "month",
    window: int = 3,
    overall: bool = False,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Article share of every frame per period and group (``overall``: all groups together).

    Columns: ``period``, the group columns (those of ``data.by`` that are not
    themselves dates), ``frame, n_articles, n_with_frame, share, share_ci_low,
    share_ci_high, rolling_n_articles, rolling_share, rolling_ci_low,
    rolling_ci_high, deduplicated``.

    Examples
    --------
    >>> timeline_table(data, period="month", window=3)  # doctest: +SKIP
    """
    if period not in PERIODS:
        raise CompareError(f"unknown period {period!r}", field="period", hint="month or week")
    if window < 1:
        raise CompareError("the rolling window must be at least 1 period", field="window")
    group_cols = [] if overall else [c for c in data.by if c not in DATE_GROUPINGS]
    dates = dict(zip(data.articles["doc_id"], data.articles["date"], strict=True))
    scores = data.article_scores.assign(
        period=lambda df: [_period(str(dates[d]), period) for d in df["doc_id"]]
    )
    dated = sorted(p for p in scores["period"].unique() if p != UNDATED)
    calendar = period_range(dated[0], dated[-1], period) if dated else []
    counts = (
        scores.groupby([*group_cols, "frame", "period"], sort=False)
        .agg(n_articles=("has_frame", "size"), n_with_frame=("has_frame", "sum"))
        .reset_index()
    )
    groups = data.articles[group_cols].drop_duplicates() if group_cols else pd.DataFrame(index=[0])
    parts = []
    for key in groups.sort_values(group_cols).itertuples(index=False) if group_cols else [()]:
        for frame in data.frames:
            part = _select(counts, group_cols, key, frame)
            parts.append(
                _series(part, calendar, window, alpha).assign(
                    frame=frame, **dict(zip(group_cols, key, strict=True))
                )
            )
    table = pd.concat(parts, ignore_index=True)
    table["deduplicated"] = data.deduplicated
    columns = ["period", *group_cols, "frame", "n_articles", "n_with_frame", "share"]
    columns += ["share_ci_low", "share_ci_high", "rolling_n_articles", "rolling_share"]
    return table[[*columns, "rolling_ci_low", "rolling_ci_high", "deduplicated"]]


def period_range(first: str, last: str, period: str) -> list[str]:
    """Every month (``2025-11``) or ISO week (``2025-W48``) from ``first`` to ``last``.

    >>> period_range("2025-11", "2026-02", "month")
    ['2025-11', '2025-12', '2026-01', '2026-02']
    >>> period_range("2025-W52", "2026-W02", "week")
    ['2025-W52', '2026-W01', '2026-W02']
    """
    if period == "month":
        months = pd.period_range(pd.Period(first, "M"), pd.Period(last, "M"), freq="M")
        return [p.strftime("%Y-%m") for p in months]
    start = dt.date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
    end = dt.date.fromisocalendar(int(last[:4]), int(last[6:]), 1)
    weeks = (end - start).days // 7
    return [
        date_part((start + dt.timedelta(weeks=i)).isoformat(), "week") for i in range(weeks + 1)
    ]


def _period(date: str, period: str) -> str:
    part = date_part(date, period)
    return UNDATED if part == UNKNOWN else part


def _select(counts: pd.DataFrame, cols: list[str], key: tuple, frame: str) -> pd.DataFrame:
    mask = (counts["frame"] == frame).to_numpy().copy()
    for col, value in zip(cols, key, strict=True):
        mask &= (counts[col] == value).to_numpy()
    return counts[mask].set_index("period")


def _series(part: pd.DataFrame, calendar: list[str], window: int, alpha: float) -> pd.DataFrame:
    """The rows of one group and frame: every calendar period, then the undated row."""
    index = [*calendar, UNDATED]
    n = part["n_articles"].reindex(index, fill_value=0).to_numpy(int)
    k = part["n_with_frame"].reindex(index, fill_value=0).to_numpy(int)
    out = pd.DataFrame({"period": index, "n_articles": n, "n_with_frame": k})
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share"] = np.where(n > 0, k / np.maximum(n, 1), np.nan)
    out["share_ci_low"], out["share_ci_high"] = wilson_interval(k, n, alpha)
    dated = slice(0, len(calendar))
    roll_n = np.full(len(index), np.nan)
    roll_k = np.full(len(index), np.nan)
    roll_n[dated] = pd.Series(n[dated]).rolling(window, min_periods=1).sum().to_numpy()
    roll_k[dated] = pd.Series(k[dated]).rolling(window, min_periods=1).sum().to_numpy()
    out["rolling_n_articles"] = roll_n
    with np.errstate(invalid="ignore", divide="ignore"):
        out["rolling_share"] = np.where(roll_n > 0, roll_k / roll_n, np.nan)
    low, high = wilson_interval(np.nan_to_num(roll_k), np.nan_to_num(roll_n), alpha)
    out["rolling_ci_low"], out["rolling_ci_high"] = low, high
    return out
