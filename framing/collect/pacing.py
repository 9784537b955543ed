"""Politeness in time: a clock that tests can replace, and a per-host request pacer.

Every wait in the collectors goes through a :class:`Clock`, so tests inject a
fake one that records the waits instead of sleeping (a Retry-After of an hour
costs nothing in a test).

>>> clock = FakeClock()
>>> pacer = HostPacer(delay=1.0, clock=clock)
>>> for _ in range(3):
...     pacer.wait("example.ma")
>>> pacer.wait("other.ma")
>>> clock.sleeps
[1.0, 1.0]
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """What the collectors need from time: a monotonic clock, wall time and sleep."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for pacing)."""
        ...

    def time(self) -> float:
        """Seconds since the epoch (to read Retry-After dates)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class FakeClock:
    """A clock for tests: ``sleep`` records the wait and moves time forward at once.

    Parameters
    ----------
    start:
        The wall time (seconds since the epoch) the clock starts at.
    """

    def __init__(self, start: float = 1_770_804_000.0) -> None:  # 2026-02-11 10:00 UTC
        self.now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class HostPacer:
    """Leaves at least ``delay`` seconds between the starts of two requests to one host.

    Parameters
    ----------
    delay:
        Default seconds between requests to the same host (1.0: one request per second).
    clock:
        The :class:`Clock` to read and sleep on.
    """

    def __init__(self, delay: float, clock: Clock) -> None:
        self.delay = delay
        self.clock = clock
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def slow_down(self, host: str, delay: float) -> None:
        """Use ``delay`` for ``host`` if it is longer than the current one (robots Crawl-delay)."""
        current = self.delay_for(host)
        if delay <= current:
            return
        self._delays[host] = delay
        if host in self._next:  # the slot already reserved moves back too
            self._next[host] += delay - current

    def delay_for(self, host: str) -> float:
        """The delay in force for ``host``."""
        return self._delays.get(host, self.delay)

    def wait(self, host: str) -> None:
        """Sleep until a request to ``host`` is allowed, then reserve the next slot."""
        now = self.clock.monotonic()
        ready = self._next.get(host, now)
        if ready > now:
            self.clock.sleep(ready - now)
        self._next[host] = max(now, ready) + self.delay_for(host)
