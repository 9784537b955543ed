"""The collection log: one JSON line per request and per notable event.

``RAW_DIR/collection_log.jsonl`` is appended to, never rewritten, so the
log of an interrupted and resumed collection is the whole story. Request
lines carry ``time, event="request", kind, url, status, bytes, elapsed,
error`` (plus ``attempt`` and, after redirects, ``final_url``); other events
(``skipped``, ``problem``, ``robots``, ``kept_both``, ``invalid_line``) carry
``url`` and ``reason``.

>>> import tempfile, pathlib, json
>>> path = pathlib.Path(tempfile.mkdtemp()) / "collection_log.jsonl"
>>> log = CollectionLog(path)
>>> log.request("https://example.ma/", status=200, size=512, elapsed=0.1234, kind="page")
>>> json.loads(path.read_text())["status"]
200
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LOG_NAME = "collection_log.jsonl"


def utc_now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class CollectionLog:
    """Appends JSON lines to a log file (created with its folder when first written).

    Parameters
    ----------
    path:
        The log file, usually ``RAW_DIR/collection_log.jsonl``; None keeps no log.
    """

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None

    def request(
        self,
        url: str,
        *,
        status: int | None,
        size: int,
        elapsed: float,
        error: str = "",
        kind: str = "page",
        **extra: Any,
    ) -> None:
        """Record one HTTP request (one attempt: a retried request gives several lines)."""
        self._write(
            {
                "event": "request",
                "kind": kind,
                "url": url,
                "status": status,
                "bytes": size,
                "elapsed": round(elapsed, 4),
                "error": error,
                **extra,
            }
        )

    def event(self, event: str, url: str, reason: str, **extra: Any) -> None:
        """Record something other than a request: a skipped URL, a problem, a renamed file."""
        self._write({"event": event, "url": url, "reason": reason, **extra})

    def _write(self, record: dict[str, Any]) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"time": utc_now(), **record}, ensure_ascii=False)
        # One write per line, flushed at once: an interruption loses at most the line in flight.
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def read_log(path: str | Path) -> list[dict[str, Any]]:
    """The records of a collection log, in order (a truncated last line is ignored)."""
    records = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records
