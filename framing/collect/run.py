"""One collection run: its client, log, state, saved files and record.

:class:`CollectionRun` is what the WordPress, feed and URL-list collectors
share. It saves items (file, manifest row, state, in that order, so an
interruption at any point loses nothing and duplicates nothing), notes
problems without stopping, and at the end writes ``RAW_DIR/collection.json``:
what was collected, from where, with which query and settings, when, the
counts and every problem, for a report's provenance section. Earlier runs
into the same folder are kept under ``previous_runs``.

>>> with CollectionRun("raw", command="urls", source="urls.txt") as run:  # doctest: +SKIP
...     run.problem("https://example.ma/a", "HTTP 404 Not Found")
>>> run.summary.counts["errors"]  # doctest: +SKIP
1
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing import __version__
from framing.collect.http import HttpSettings, PoliteClient
from framing.collect.log import LOG_NAME, CollectionLog, utc_now
from framing.collect.pacing import Clock
from framing.collect.saved import MANIFEST_NAME, CollectedManifest, RawStore, SaveResult
from framing.collect.state import CollectState
from framing.errors import CollectError
from framing.store import write_json_atomic

COLLECTION_NAME = "collection.json"
#: Counts every run reports (collectors add their own: pages, entries, urls, ...).
BASE_COUNTS = ("saved", "already_present", "kept_both", "errors", "disallowed")


@dataclass
class Problem:
    """Something that could not be collected: where, why, and a short category."""

    url: str
    reason: str
    kind: str = "error"


@dataclass
class CollectionSummary:
    """The record of one run, as written to ``collection.json``.

    Attributes
    ----------
    command:
        ``wordpress``, ``feed`` or ``urls``.
    source:
        The site, feed URL or URL-list file.
    query:
        The query parameters (WordPress) or options of the run.
    counts:
        ``saved``, ``already_present``, ``kept_both``, ``errors``,
        ``disallowed``, plus per-command counts.
    problems:
        Every item that could not be collected, with the reason.
    notes:
        Things worth knowing that are not failures (non-UTF-8 pages, ...).
    """

    command: str
    source: str
    output: str
    query: dict[str, Any]
    settings: dict[str, Any]
    started: str
    finished: str = ""
    interrupted: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def collected(self) -> int:
        """Items now in the folder from this run's source (saved, found or kept both)."""
        return sum(self.counts.get(k, 0) for k in ("saved", "already_present", "kept_both"))

    def to_dict(self) -> dict[str, Any]:
        record = {
            "toolkit_version": __version__,
            "command": self.command,
            "source": self.source,
            "query": self.query,
            "started": self.started,
            "finished": self.finished,
            "interrupted": self.interrupted,
            "counts": dict(self.counts),
            "problems": [vars(p) for p in self.problems],
            "notes": [vars(p) for p in self.notes],
            "settings": self.settings,
        }
        if self.command == "wordpress":
            record["site"] = self.source
        return record


class CollectionRun:
    """A context for one collection into ``output`` (see the module docstring).

    Parameters
    ----------
    output:
        RAW_DIR, created if needed.
    command, source, query:
        What is collected, recorded in ``collection.json``.
    settings:
        :class:`~framing.collect.http.HttpSettings` for the client.
    clock:
        Time source (tests inject a fake one).
    counts:
        Extra count names to report even when zero.
    """

    def __init__(
        self,
        output: str | Path,
        *,
        command: str,
        source: str,
        query: dict[str, Any] | None = None,
        settings: HttpSettings | None = None,
        clock: Clock | None = None,
        counts: tuple[str, ...] = (),
    ) -> None:
        self.output = Path(output)
        if self.output.exists() and not self.output.is_dir():
            raise CollectError(
                "the output exists and is not a folder", path=self.output, hint="give a folder"
            )
        self.output.mkdir(parents=True, exist_ok=True)
        self.state = CollectState.load(self.output)
        self.manifest = CollectedManifest(self.output / MANIFEST_NAME)
        self.store = RawStore(self.output)
        self.log = CollectionLog(self.output / LOG_NAME)
        settings = settings or HttpSettings()
        self.client = PoliteClient(settings, log=self.log, clock=clock)
        self.counts: Counter[str] = Counter({name: 0 for name in (*BASE_COUNTS, *counts)})
        self.summary = CollectionSummary(
            command=command,
            source=source,
            output=str(self.output),
            query=dict(query or {}),
            settings=settings.to_dict(),
            started=utc_now(),
        )
        self.log.event("start", source, f"collect {command}", query=self.summary.query)

    def __enter__(self) -> CollectionRun:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self.finish(interrupted=exc_type is not None)

    def already(self, key: str) -> str | None:
        """The file of an item saved by an earlier run (counted as already present)."""
        file = self.state.done(key)
        if file:
            self.counts["already_present"] += 1
        return file

    def keep(self, key: str, relative: str, data: bytes, row: dict[str, str]) -> SaveResult:
        """Save an item's bytes, add its manifest row and mark it done, in that order."""
        result = self.store.save(relative, data)
        if result.status == "kept_both":
            self.log.event(
                "kept_both",
                row.get("url", ""),
                f"{result.existing} exists with different content; this version is {result.file}",
                file=result.file,
            )
        self.counts[result.status] += 1
        self.manifest.add({**row, "file": result.file})
        self.state.mark_done(key, result.file)
        self.checkpoint()
        return result

    def adopt(self, key: str, file: str, row: dict[str, str]) -> None:
        """Record an item found already saved under its name (counted as already present)."""
        self.counts["already_present"] += 1
        self.manifest.add({**row, "file": file})
        self.state.mark_done(key, file)
        self.checkpoint()

    def keep_response(self, relative: str, data: bytes) -> SaveResult:
        """Save a raw response (a page of posts) beside the items, never overwriting."""
        result = self.store.save(relative, data)
        if result.status == "kept_both":
            self.log.event("kept_both", "", f"{result.existing} differs; saved {result.file}")
        return result

    def problem(self, url: str, reason: str, kind: str = "error") -> None:
        """Record an item that could not be collected; the run goes on."""
        self.summary.problems.append(Problem(url, reason, kind))
        self.counts["disallowed" if kind == "disallowed" else "errors"] += 1
        self.log.event("problem", url, reason, kind=kind)

    def note(self, url: str, reason: str, kind: str = "note") -> None:
        """Record something worth knowing that is not a failure."""
        self.summary.notes.append(Problem(url, reason, kind))
        self.log.event("note", url, reason, kind=kind)

    def checkpoint(self) -> None:
        """Write the manifest and the state (atomically), so a resume starts from here."""
        self.manifest.write()
        self.state.save()

    def finish(self, *, interrupted: bool = False) -> CollectionSummary:
        """Write everything down and close the client; returns the summary."""
        if self.summary.finished:
            return self.summary
        self.checkpoint()
        self.client.close()
        self.summary.finished = utc_now()
        self.summary.interrupted = interrupted
        self.summary.counts = dict(self.counts)
        _write_record(self.output / COLLECTION_NAME, self.summary.to_dict())
        self.log.event(
            "finish",
            self.summary.source,
            "interrupted" if interrupted else "finished",
            counts=self.summary.counts,
        )
        return self.summary


def _write_record(path: Path, record: dict[str, Any]) -> None:
    """Write this run's record with the earlier runs' records kept under ``previous_runs``."""
    previous: list[dict[str, Any]] = []
    if path.exists():
        try:
            earlier = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            earlier = None
        if isinstance(earlier, dict):
            previous = list(earlier.pop("previous_runs", []))
            previous.append(earlier)
    write_json_atomic(path, {**record, "previous_runs": previous})
