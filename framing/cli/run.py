"""CLI: ``framing run EXPERIMENT.yaml``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

console = Console()


def run_command(
    experiment: Annotated[Path, typer.Argument(help="An experiment file (YAML).")],
    force: Annotated[
        bool, typer.Option("--force", help="Redo every stage, ignoring the cache.")
    ] = False,
) -> None:
    """Run an experiment file through every stage: ingest, score, [classify], compare, report.

    Outputs go to the experiment's `output` folder (default reports/<name>/). A second
    run redoes only the stages whose inputs, lexicons or settings changed.
    """
    # Deferred so that the CLI starts fast: the runner imports every stage.
    from framing.experiment.runner import run_experiment

    started = time.monotonic()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        tasks: dict[str, int] = {}

        def update(stage: str, state: str) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(f"{stage}: {state}", total=1)
            done = state in ("done", "cached")
            progress.update(tasks[stage], description=f"{stage}: {state}", completed=int(done))

        result = run_experiment(experiment, force=force, progress=update)
    elapsed = time.monotonic() - started
    console.print(
        f"ran {len(result.ran)} stage(s), {len(result.cached)} from cache, in {elapsed:.1f} s"
    )
    report = result.output_dir / "report.pdf"
    console.print(
        f"outputs in {result.output_dir}/" + (f"; report: {report}" if report.exists() else "")
    )


def register(app: typer.Typer) -> None:
    """Add ``run`` to ``app``."""
    app.command("run")(run_command)
