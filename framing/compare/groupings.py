"""Groupings: the column(s) that split the articles into the groups compared.

A grouping name may be

- a document column (``outlet``, ``language``, ``via_outlet``, ...);
- a key of the documents' ``metadata`` JSON (manifest extras such as ``stance``
  or ``event``);
- ``year``, ``month`` or ``week``, derived from the ISO ``date``.

A document whose value is missing or empty goes to the explicit group
:data:`UNKNOWN`, which is counted like any other group. This includes partial
dates lacking the part asked for: ``2025`` has no month, ``--11-27`` has no
year, so both fall in the ``unknown`` month.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence

import pandas as pd

from framing.errors import CompareError

UNKNOWN = "unknown"
DATE_GROUPINGS = ("year", "month", "week")
LABEL_SEPARATOR = "|"
_NOT_GROUPINGS = {"doc_id", "text", "metadata", "date"}
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})")
_YEAR = re.compile(r"^(\d{4})")


def parse_by(values: Sequence[str] | str) -> list[str]:
    """Split ``"outlet,language"`` (or a list of such strings) into grouping names.

    >>> parse_by("outlet, language")
    ['outlet', 'language']
    """
    items = [values] if isinstance(values, str) else list(values)
    names = [part.strip() for item in items for part in item.split(",") if part.strip()]
    if not names:
        raise CompareError("no grouping given", field="by", hint="e.g. --by outlet,language")
    if len(set(names)) != len(names):
        raise CompareError(f"grouping {names} repeats a name", field="by")
    return names


def date_part(date: str, part: str) -> str:
    """The ``year`` (``2026``), ``month`` (``2026-02``) or ISO ``week`` (``2026-W07``).

    Returns :data:`UNKNOWN` when the date lacks that part.

    >>> date_part("2026-02-11", "week"), date_part("2025-11", "month"), date_part("--11-27", "year")
    ('2026-W07', '2025-11', 'unknown')
    """
    date = (date or "").strip()
    if part == "year":
        match = _YEAR.match(date)
        return match.group(1) if match else UNKNOWN
    if part == "month":
        match = _MONTH.match(date)
        return f"{match.group(1)}-{match.group(2)}" if match else UNKNOWN
    if part == "week":
        match = _DAY.match(date)
        if not match:
            return UNKNOWN
        try:
            year, week, _ = dt.date(*map(int, match.groups())).isocalendar()
        except ValueError:
            return UNKNOWN
        return f"{year}-W{week:02d}"
    raise ValueError(f"unknown date part {part!r}")


def group_columns(documents: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """One row per document: ``doc_id`` and one string column per grouping name.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["Atlas", ""],
    ...     "date": ["2026-02-11", "2025"], "metadata": ['{"stance": "critical"}', "{}"]})
    >>> group_columns(docs, ["outlet", "month", "stance"]).values.tolist()
    [['a', 'Atlas', '2026-02', 'critical'], ['b', 'unknown', 'unknown', 'unknown']]
    """
    out = pd.DataFrame({"doc_id": documents["doc_id"].astype(str).to_numpy()})
    metadata: list[dict] | None = None
    for name in by:
        if name in DATE_GROUPINGS and name not in documents.columns:
            values = [date_part(str(d), name) for d in _column(documents, "date")]
        elif name in documents.columns and name not in _NOT_GROUPINGS:
            values = [_clean(v) for v in documents[name]]
        else:
            metadata = metadata if metadata is not None else _parse_metadata(documents)
            if not any(name in m for m in metadata):
                raise CompareError(
                    f"no document column or metadata key named {name!r}",
                    field="by",
                    hint=f"choose from: {', '.join(available_groupings(documents, metadata))}",
                )
            values = [_clean(m.get(name)) for m in metadata]
        out[name] = pd.Series(values, dtype=object).to_numpy()
    return out


def available_groupings(documents: pd.DataFrame, metadata: list[dict] | None = None) -> list[str]:
    """Every name usable as a grouping for these documents."""
    metadata = metadata if metadata is not None else _parse_metadata(documents)
    columns = [c for c in documents.columns if c not in _NOT_GROUPINGS]
    keys = sorted({k for m in metadata for k in m} - set(columns))
    return [*columns, *DATE_GROUPINGS, *keys]


def group_label(values: Sequence[str]) -> str:
    """The label of one group of a (possibly combined) grouping: values joined by ``|``.

    >>> group_label(["Atlas Review", "en"])
    'Atlas Review|en'
    """
    return LABEL_SEPARATOR.join(str(v) for v in values)


def _column(documents: pd.DataFrame, name: str) -> list[str]:
    if name not in documents.columns:
        raise CompareError(f"documents have no {name!r} column", field=name)
    return ["" if pd.isna(v) else str(v) for v in documents[name]]


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return UNKNOWN
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value).strip()
    return text if text else UNKNOWN


def _parse_metadata(documents: pd.DataFrame) -> list[dict]:
    if "metadata" not in documents.columns:
        return [{} for _ in range(len(documents))]
    parsed = []
    for row, raw in enumerate(documents["metadata"]):
        if raw is None or (isinstance(raw, float) and pd.isna(raw)) or raw == "":
            parsed.append({})
            continue
        try:
            value = json.loads(raw) if isinstance(raw, str) else raw
        except json.JSONDecodeError as exc:
            raise CompareError(
                f"metadata is not valid JSON: {exc}",
                line=row + 1,
                field="metadata",
                hint="re-run `framing ingest`",
            ) from exc
        parsed.append(value if isinstance(value, dict) else {})
    return parsed
