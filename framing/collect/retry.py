"""When to try a request again, and how long to wait first.

Retried: 429 (too many requests) and server errors (5xx except 501/505),
plus timeouts and dropped connections. The wait is the server's
``Retry-After`` when it gives one (seconds or an HTTP date), else an
exponential backoff ``backoff * 2**attempt`` capped at ``max_backoff``. No
jitter: a collection is reproducible, and one client per host is polite enough.

>>> retry_after_seconds("120", now=0.0)
120.0
>>> retry_after_seconds("Wed, 11 Feb 2026 10:00:30 GMT", now=1_770_804_000.0)
30.0
>>> [backoff_seconds(a, base=1.0, cap=5.0) for a in range(4)]
[1.0, 2.0, 4.0, 5.0]
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime

#: HTTP statuses worth retrying after a wait.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 508, 520, 521, 522, 523, 524})


def is_retryable(status: int | None) -> bool:
    """Whether a response with this status should be tried again."""
    return status in RETRY_STATUSES


def retry_after_seconds(value: str | None, *, now: float) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (never negative), or None if unreadable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP dates are GMT
        return None
    return max(0.0, when.timestamp() - now)


def backoff_seconds(attempt: int, *, base: float, cap: float) -> float:
    """The wait before retry number ``attempt + 1``: ``base * 2**attempt``, at most ``cap``."""
    return min(cap, base * (2**attempt))
