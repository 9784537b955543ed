"""What the long commands (ingest, score, classify) share: engine options and progress bars."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from framing.parallel import DEFAULT_BATCH_SIZE, ENGINE_KINDS, Engine

JobsOpt = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", min=1, help="Processes to run on (local engine) or local Dask workers."
    ),
]
EngineOpt = Annotated[
    str,
    typer.Option(
        "--engine",
        help="local (this machine) or dask (a local Dask cluster, or --scheduler).",
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler", help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786."
    ),
]
BatchSizeOpt = Annotated[
    int,
    typer.Option(
        "--batch-size",
        min=1,
        help="Passages (ingest: documents) per batch; memory grows with it, not with the corpus.",
    ),
]


def engine_from_options(engine: str, jobs: int, scheduler: str | None) -> Engine:
    """The :class:`~framing.parallel.Engine` the options ask for, or a usage error."""
    if engine not in ENGINE_KINDS:
        raise typer.BadParameter(f"must be one of {', '.join(ENGINE_KINDS)}", param_hint="--engine")
    if scheduler and engine != "dask":
        raise typer.BadParameter("needs --engine dask", param_hint="--scheduler")
    return Engine(kind=engine, jobs=jobs, scheduler=scheduler)  # type: ignore[arg-type]


class RateColumn(ProgressColumn):
    """Items per second, e.g. ``12,400/s``."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.0f}/s", style="progress.data.speed")


@contextmanager
def stage_progress(console: Console, unit: str = "") -> Iterator[StageBars]:
    """Progress bars, one per stage, with counts, rate, time elapsed and time left.

    Yields a ``progress(stage, done, total)`` callable, the signature the
    library functions take. Bars vanish when done.
    """
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with progress:
        yield StageBars(progress)


class StageBars:
    """``bars(stage, done, total)``: add the stage's bar on first call, then advance it."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


__all__ = [
    "DEFAULT_BATCH_SIZE",
    "BatchSizeOpt",
    "EngineOpt",
    "JobsOpt",
    "SchedulerOpt",
    "engine_from_options",
    "stage_progress",
]
