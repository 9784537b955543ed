"""Frame share over time: calendar periods, undated articles, rolling pooled share."""

from __future__ import annotations

import math

import pytest
from compare_helpers import Article, build
from statsmodels.stats.proportion import proportion_confint

from framing.compare.data import prepare
from framing.compare.timeline import period_range, timeline_table
from framing.errors import CompareError


def corpus():
    plan = [  # (date, carries threat)
        ("2025-11-03", True),
        ("2025-11-20", False),
        ("2025-11", True),  # month precision: still in November
        ("2026-01-15", True),
        ("2026-01-16", True),
        ("2026-01-30", False),
        ("2026-02-11", False),
        ("2026", True),  # year only: undated for a monthly timeline
        ("--02-11", False),  # no year: undated
    ]
    articles = [
        Article(f"atlas-{i}", "Atlas Review", "en", date, [("threat",) if hit else (), ()])
        for i, (date, hit) in enumerate(plan)
    ]
    articles.append(Article("marsad-0", "Al Marsad", "ar", "2026-01-20", [("threat",)]))
    return build(articles)


def rows(table, outlet="Atlas Review", frame="threat"):
    return table[(table["outlet"] == outlet) & (table["frame"] == frame)].set_index("period")


def test_every_calendar_month_is_a_row_and_undated_articles_are_counted():
    c, scores = corpus()
    table = timeline_table(prepare(scores, c, ["outlet"]), period="month", window=3)
    atlas = rows(table)
    assert list(atlas.index) == ["2025-11", "2025-12", "2026-01", "2026-02", "undated"]
    assert atlas["n_articles"].tolist() == [3, 0, 3, 1, 2]
    assert atlas["n_with_frame"].tolist() == [2, 0, 2, 0, 1]
    assert math.isnan(atlas.loc["2025-12", "share"])
    low, high = proportion_confint(2, 3, method="wilson")
    assert atlas.loc["2025-11", "share_ci_low"] == pytest.approx(low)
    assert atlas.loc["2025-11", "share_ci_high"] == pytest.approx(high)
    # The other outlet has the same calendar, and an explicit undated row with 0.
    marsad = rows(table, "Al Marsad")
    assert list(marsad.index) == list(atlas.index)
    assert marsad.loc["undated", "n_articles"] == 0


def test_rolling_share_pools_the_trailing_window():
    c, scores = corpus()
    atlas = rows(timeline_table(prepare(scores, c, ["outlet"]), period="month", window=3))
    # 2026-02 pools 2025-12, 2026-01, 2026-02: (0 + 2 + 0) / (0 + 3 + 1).
    assert atlas.loc["2026-02", "rolling_n_articles"] == 4
    assert atlas.loc["2026-02", "rolling_share"] == pytest.approx(2 / 4)
    # 2026-01 pools 2025-11 .. 2026-01: (2 + 0 + 2) / (3 + 0 + 3).
    assert atlas.loc["2026-01", "rolling_share"] == pytest.approx(4 / 6)
    low, _ = proportion_confint(4, 6, method="wilson")
    assert atlas.loc["2026-01", "rolling_ci_low"] == pytest.approx(low)
    assert math.isnan(atlas.loc["undated", "rolling_share"])


def test_weekly_timeline_needs_days_and_overall_table():
    c, scores = corpus()
    data = prepare(scores, c, ["outlet"])
    weekly = timeline_table(data, period="week", overall=True)
    threat = weekly[weekly["frame"] == "threat"].set_index("period")
    assert threat.index[0] == "2025-W45" and threat.index[-2] == "2026-W07"
    assert threat.loc["undated", "n_articles"] == 3  # 2025-11, 2026, --02-11
    assert threat["n_articles"].sum() == 10
    assert "outlet" not in weekly.columns


def test_period_range_and_bad_settings():
    assert period_range("2025-12", "2026-01", "month") == ["2025-12", "2026-01"]
    # 2026 is a long ISO year (53 weeks); 2025 is not.
    assert period_range("2026-W52", "2027-W01", "week") == ["2026-W52", "2026-W53", "2027-W01"]
    assert period_range("2025-W52", "2026-W01", "week") == ["2025-W52", "2026-W01"]
    c, scores = corpus()
    with pytest.raises(CompareError, match="unknown period"):
        timeline_table(prepare(scores, c, ["outlet"]), period="day")
