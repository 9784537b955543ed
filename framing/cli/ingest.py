"""CLI: ``framing ingest`` and ``framing corpus summary``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from framing.cli.scale import (
    DEFAULT_BATCH_SIZE,
    BatchSizeOpt,
    EngineOpt,
    JobsOpt,
    SchedulerOpt,
    engine_from_options,
    stage_progress,
)
from framing.experiment.lock import OutputLock
from framing.limits import DEFAULT_LIMITS

if TYPE_CHECKING:
    import pandas as pd

    from framing.corpus.corpus import Corpus

console = Console()
# The documents' columns the summary needs (not the texts).
SUMMARY_COLUMNS = ("doc_id", "outlet", "language", "date", "date_precision", "dup_cluster")
corpus_app = typer.Typer(help="Inspect an ingested corpus.", no_args_is_help=True)


def ingest_command(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Files, folders (recursive) or glob patterns.", show_default=False),
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Corpus folder to write.")] = Path(
        "corpus"
    ),
    manifest: Annotated[
        Path | None,
        typer.Option(help="CSV with file, outlet, language, date, url, title (+ any metadata)."),
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(help="Column mapping for CSV/JSONL, e.g. 'text=body,title=headline'."),
    ] = None,
    unit: Annotated[str, typer.Option(help="Passage unit: paragraph or sentence.")] = "paragraph",
    train_punkt: Annotated[
        bool, typer.Option(help="With --unit sentence: train Punkt on this corpus.")
    ] = False,
    encoding: Annotated[
        str | None, typer.Option(help="Force the input encoding (default: detect).")
    ] = None,
    dedup_threshold: Annotated[
        float, typer.Option(help="Shingle Jaccard similarity for near-duplicates.")
    ] = 0.6,
    strict: Annotated[bool, typer.Option(help="Exit non-zero if any input was skipped.")] = False,
    max_file_mb: Annotated[
        float,
        typer.Option(
            min=0.001,
            help="Skip input files larger than this many megabytes (also each zip member).",
        ),
    ] = DEFAULT_LIMITS.max_file_bytes / 1_000_000,
    jobs: JobsOpt = 1,
    engine: EngineOpt = "local",
    scheduler: SchedulerOpt = None,
    batch_size: BatchSizeOpt = DEFAULT_BATCH_SIZE,
) -> None:
    """Read article files into CORPUS_DIR: documents.parquet, passages.parquet, ingest_report.json.

    Readers are chosen by content: WordPress REST JSON, HTML pages, plain text,
    CSV and JSONL exports; a .zip archive is read member by member (unsafe,
    nested and oversized members are skipped, decompression bombs refused).
    Inputs that cannot be read are listed as skipped with the reason; the exit
    status is non-zero when nothing could be ingested (or, with --strict, when
    anything was skipped).

    The corpus is streamed to disk (texts are never all in memory); --jobs N
    reads, cleans and segments on N processes, --engine dask on a Dask
    cluster (the workers must see the input files at the same paths). The
    corpus is the same, byte for byte, however it is run.
    """
    # Imports are deferred to the commands that use them so that the CLI starts fast.
    from framing.corpus.corpus import DOCUMENTS_FILE, PASSAGES_FILE, Corpus
    from framing.corpus.ingest import IngestOptions
    from framing.corpus.readers.columns import parse_column_map
    from framing.corpus.streaming import ingest_to
    from framing.store import read_table

    if unit not in ("paragraph", "sentence"):
        raise typer.BadParameter("--unit must be 'paragraph' or 'sentence'")
    options = IngestOptions(
        unit=unit,  # type: ignore[arg-type]
        train_punkt=train_punkt,
        dedup_threshold=dedup_threshold,
        encoding=encoding,
        column_map=parse_column_map(columns) if columns else None,
        limits=replace(DEFAULT_LIMITS, max_file_bytes=max(1, round(max_file_mb * 1_000_000))),
    )
    run = engine_from_options(engine, jobs, scheduler)
    # One ingest per corpus folder at a time: a second one is refused, not interleaved.
    with OutputLock(output), stage_progress(console) as progress:
        report = ingest_to(
            inputs or [],
            output,
            manifest=manifest,
            options=options,
            progress=progress,
            jobs=run.jobs,
            engine=run.kind,
            scheduler=run.scheduler,
            batch_size=batch_size,
        )
    summary = Corpus(
        documents=read_table(output / DOCUMENTS_FILE, columns=list(SUMMARY_COLUMNS)),
        passages=read_table(output / PASSAGES_FILE, columns=["doc_id"]),
        report=report,
    )
    print_summary(summary)
    console.print(f"wrote {output}/documents.parquet, passages.parquet, ingest_report.json")
    if summary.documents.empty:
        console.print("[bold red]nothing could be ingested[/]")
        raise typer.Exit(2)
    if strict and report["skipped"]:
        raise typer.Exit(3)


def print_summary(corpus: Corpus) -> None:
    """Documents by outlet x language, passages, dates and skipped inputs."""
    documents, passages = corpus.documents, corpus.passages
    console.print(_outlet_language_table(documents, passages))
    if len(documents):
        precision = documents["date_precision"].value_counts().to_dict()
        dated = documents.loc[documents["date"] != "", "date"]
        span = f"{dated.min()} to {dated.max()}" if len(dated) else "none"
        console.print(f"dates: {span}; precision {precision}")
        flagged = documents.loc[documents["dup_cluster"] != "", "dup_cluster"]
        console.print(f"near-duplicates: {len(flagged)} documents in {flagged.nunique()} clusters")
    skipped = corpus.report.get("skipped", [])
    if skipped:
        table = Table(title=f"Skipped inputs ({len(skipped)})", title_justify="left")
        table.add_column("source", overflow="fold")
        table.add_column("reason", overflow="fold")
        for item in skipped:
            table.add_row(item["source"], item["reason"])
        console.print(table)
    else:
        console.print("skipped inputs: none")


def _outlet_language_table(documents: pd.DataFrame, passages: pd.DataFrame) -> Table:
    languages = sorted(documents["language"].unique()) if len(documents) else []
    table = Table(title="Documents by outlet and language", title_justify="left")
    table.add_column("outlet")
    for language in languages:
        table.add_column(language or "?", justify="right")
    table.add_column("documents", justify="right")
    table.add_column("passages", justify="right")
    passages_per_doc = passages.groupby("doc_id").size()
    for outlet, group in documents.groupby("outlet", sort=True):
        counts = group["language"].value_counts()
        n_passages = int(passages_per_doc.reindex(group["doc_id"]).fillna(0).sum())
        table.add_row(
            outlet or "(unknown)",
            *[str(int(counts.get(lang, 0))) for lang in languages],
            str(len(group)),
            str(n_passages),
        )
    table.add_row(
        "total",
        *[str(int((documents["language"] == lang).sum())) for lang in languages],
        str(len(documents)),
        str(len(passages)),
        style="bold",
    )
    return table


@corpus_app.command("summary")
def summary_command(
    corpus_dir: Annotated[Path, typer.Argument(help="A folder written by `framing ingest`.")],
) -> None:
    """Print the summary of an ingested corpus (outlets x languages, dates, skipped inputs)."""
    from framing.corpus.corpus import Corpus

    print_summary(Corpus.read(corpus_dir))


def register(app: typer.Typer) -> None:
    """Add ``ingest`` and the ``corpus`` group to ``app``."""
    app.command("ingest")(ingest_command)
    app.add_typer(corpus_app, name="corpus")
