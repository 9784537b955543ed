"""CLI: `framing annotate export|import` — coding sheets out, checked labels in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

annotate_app = typer.Typer(
    help="Human annotation: export coding sheets (CSV + XLSX + guide), import coded sheets.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the `framing annotate` command group to ``app``."""
    app.add_typer(annotate_app, name="annotate")


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


@annotate_app.command("export")
def export_command(
    corpus_dir: Annotated[Path, typer.Argument(help="The corpus folder (framing ingest).")],
    lexicon: Annotated[
        Path, typer.Option("--lexicon", help="The lexicon: its frames become the sheet's columns.")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The sheet path (.xlsx or .csv; both written).")
    ],
    n: Annotated[int, typer.Option("--n", help="Passages to sample.")] = 200,
    strategy: Annotated[
        str,
        typer.Option(help="stratified (by outlet and language) or uncertainty (needs --model)."),
    ] = "stratified",
    model: Annotated[
        Path | None, typer.Option("--model", help="A model file, for --strategy uncertainty.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the sample.")] = 0,
    coders: Annotated[int, typer.Option(help="Copies of the sheet, one per coder.")] = 2,
    exclude: Annotated[
        Path | None,
        typer.Option("--exclude", help="A LABELS.parquet whose passages are not sampled again."),
    ] = None,
    min_per_cell: Annotated[
        int, typer.Option(help="Stratified: at least this many passages per outlet x language.")
    ] = 2,
    method: Annotated[
        str, typer.Option(help="Uncertainty: margin (nearest a threshold) or entropy.")
    ] = "margin",
) -> None:
    """Sample passages and write coding sheets (CSV and XLSX) and the annotation guide.

    Stratified by outlet and language (proportional, with --min-per-cell per
    cell), or, with --strategy uncertainty --model MODEL.skops, the passages the
    model is least sure of. Cells a spreadsheet would run as formulas are
    escaped with a leading '.

    Example: framing annotate export corpus --lexicon lex.yaml -o round1/sheet.xlsx --n 200
    """
    # Imports are deferred to the commands that use them so that the CLI starts fast.
    from framing.classify.annotation import export_sheets

    result = export_sheets(
        corpus_dir,
        lexicon,
        output,
        n=n,
        strategy=strategy,
        model=model,
        seed=seed,
        coders=coders,
        exclude=exclude,
        min_per_cell=min_per_cell,
        method=method,
    )
    console = _console()
    console.print(f"sampled {len(result.sample)} passages ({strategy})")
    if "stratum" in result.sample.columns:
        for stratum, count in result.sample["stratum"].value_counts().sort_index().items():
            console.print(f"  {stratum}: {count}")
    for note in result.notes:
        console.print(f"[yellow]note:[/] {note}")
    for path in result.paths:
        console.print(f"wrote {path}")


@annotate_app.command("import")
def import_command(
    sheets: Annotated[list[Path], typer.Argument(help="Coded sheets (.csv or .xlsx).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The LABELS.parquet to write.")],
    lexicon: Annotated[
        Path | None,
        typer.Option("--lexicon", help="Check frame columns against this lexicon's frame ids."),
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="Check passage ids against this corpus.")
    ] = None,
    coder: Annotated[
        str | None, typer.Option("--coder", help="Coder id of sheets without a coder column.")
    ] = None,
    coder_from_filename: Annotated[
        bool,
        typer.Option(
            "--coder-from-filename", help="Use the file name as coder id of sheets without one."
        ),
    ] = False,
) -> None:
    """Check coded sheets from one or more coders and write LABELS.parquet.

    Every label must be 0, 1 or blank (not coded); formula cells, unknown frame
    columns or passages, sheets without a coder id and conflicting duplicate
    rows are errors, all listed at once with file, row and column. An
    adjudication sheet (disagreements.csv with its adjudicated column filled)
    is imported as coder "adjudicated".

    Example: framing annotate import sheet_coder1.xlsx sheet_coder2.xlsx -o labels.parquet
    """
    from framing.classify.annotation import import_sheets

    path, labels = import_sheets(
        sheets,
        output,
        lexicon=lexicon,
        corpus_dir=corpus,
        coder=coder,
        coder_from_filename=coder_from_filename,
    )
    console = _console()
    coded = labels[labels["label"].notna()]
    for coder_id, rows in coded.groupby("coder", sort=True):
        console.print(
            f"{coder_id}: {rows['passage_id'].nunique()} passages, {len(rows)} labels, "
            f"{int(rows['label'].sum())} positive"
        )
    console.print(f"wrote {path} ({len(labels)} rows)")
