"""Display labels for figures and tables: frame names, group names with their n, numbers.

The comparison tables are tidy (one row per group and frame, group columns
named as the grouping). These helpers find the group columns, order frames the
way the lexicon lists them, and turn ids and counts into readable labels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from framing.text import script

GROUP_SEPARATOR = " · "
LRM = "\u200e"
"""LEFT-TO-RIGHT MARK: keeps ``المرصاد (n=7)`` in left-to-right order inside English labels."""

_SUMMARY_FRAMES = {"micro": "Micro-average", "macro": "Macro-average"}

# Columns of the comparison tables that are never a grouping.
NOT_GROUP_COLUMNS = frozenset(
    {
        "frame",
        "frame_a",
        "frame_b",
        "level",
        "period",
        "event",
        "token",
        "favours",
        "test",
        "note",
        "ci_note",
        "method",
        "term",
        "grouping",
        "by",
        "deduplicated",
        "significant",
        "group_a",
        "group_b",
    }
)


def has_arabic(text: object) -> bool:
    """Whether ``text`` (any cell value, taken as a string) contains Arabic script.

    >>> has_arabic("المرصاد"), has_arabic("Atlas"), has_arabic(float("nan"))
    (True, False, False)
    """
    return script.has_arabic(str(text))


def ltr(text: str) -> str:
    """``text`` forced to left-to-right layout when it mixes Arabic with Latin annotations."""
    return LRM + text if has_arabic(text) else text


def isolate(text: str) -> str:
    """``text`` in Unicode isolates when Arabic, for embedding a name in an English sentence.

    Without them ``A / B`` with two Arabic names reads right-to-left as one run
    (``B / A``); with them each name keeps its place.
    """
    return f"\u2068{text}\u2069" if has_arabic(text) else text


def frame_label(frame: str, labels: Mapping[str, str] | None = None) -> str:
    """The display label of a frame id (``micro``/``macro`` spelled out).

    >>> frame_label("threat", {"threat": "Threat and counter-terrorism"})
    'Threat and counter-terrorism'
    >>> frame_label("macro")
    'Macro-average'
    """
    if labels and frame in labels:
        return str(labels[frame])
    return _SUMMARY_FRAMES.get(frame, str(frame))


def frame_order(
    present: Sequence[str],
    labels: Mapping[str, str] | None = None,
    frames: Sequence[str] | None = None,
) -> list[str]:
    """Frames to show, in order: ``frames`` if given, else the order of ``labels`` then the table's.

    >>> frame_order(["b", "a", "c"], {"a": "A", "b": "B"})
    ['a', 'b', 'c']
    """
    seen = list(dict.fromkeys(str(f) for f in present))
    if frames is not None:
        return [f for f in frames if f in seen]
    first = [f for f in (labels or {}) if f in seen]
    return first + [f for f in seen if f not in first]


def group_columns(table: pd.DataFrame, group: str | Sequence[str] | None = None) -> list[str]:
    """The grouping columns of a tidy comparison table (``group`` if given, else inferred).

    Inferred as the text columns that are not one of the table's own columns.

    >>> t = pd.DataFrame({"outlet": ["A"], "language": ["en"], "frame": ["x"],
    ...                   "n_articles": [3], "ci_note": ["small n"]})
    >>> group_columns(t)
    ['outlet', 'language']
    """
    if group is not None:
        names = [group] if isinstance(group, str) else list(group)
        missing = [n for n in names if n not in table.columns]
        if missing:
            raise KeyError(f"no column {missing[0]!r}; columns are: {', '.join(table.columns)}")
        return names
    return [
        str(c)
        for c in table.columns
        if c not in NOT_GROUP_COLUMNS
        and not pd.api.types.is_numeric_dtype(table[c])
        and not pd.api.types.is_bool_dtype(table[c])
    ]


def group_names(table: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """One display name per row: the group values joined by `` · `` (``"all"`` without groups)."""
    if not columns:
        return pd.Series(["all"] * len(table), index=table.index, dtype=object)
    values = table[list(columns)].astype(str)
    return values.apply(lambda row: GROUP_SEPARATOR.join(row), axis=1).astype(object)


def with_n(label: str, n: float | int | None, unit: str = "") -> str:
    """``"Atlas Security Review (n=9)"``; Arabic names keep the ``(n=…)`` on their right.

    >>> with_n("Atlas Security Review", 9)
    'Atlas Security Review (n=9)'
    >>> with_n("Threat", 12, "passages")
    'Threat (n=12 passages)'
    """
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return ltr(str(label))
    suffix = f" {unit}" if unit else ""
    return ltr(f"{label} (n={int(n)}{suffix})")


def percent(value: float | None, digits: int = 0) -> str:
    """A share as a percentage, ``–`` when missing.

    >>> percent(0.4167), percent(float("nan"))
    ('42%', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * value:.{digits}f}%"


def number(value: float | None, digits: int = 2) -> str:
    """A number with ``digits`` decimals, ``–`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def p_value(value: float | None) -> str:
    """A p-value as journals print it: ``p < 0.001``, ``p = 0.012``.

    >>> p_value(0.00004), p_value(0.0123)
    ('p < 0.001', 'p = 0.012')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "p = –"
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


def is_missing(value: object) -> bool:
    """True for ``None``, NaN and empty strings."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()
