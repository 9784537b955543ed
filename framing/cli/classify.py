"""CLI: `framing agreement|train|evaluate|classify` — reliability and the frame classifier."""

from __future__ import annotations

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

if TYPE_CHECKING:
    import pandas as pd

# framing.classify.consensus.TIE_RULES, written out: importing framing.classify loads
# scikit-learn, and `framing --help` should not wait for it (a test keeps the two equal).
TIE_RULES = ("exclude", "positive", "negative")

LabelsArg = Annotated[Path, typer.Argument(help="LABELS.parquet (framing annotate import).")]
CorpusOpt = Annotated[Path, typer.Option("--corpus", help="The corpus folder the labels refer to.")]
LexiconOpt = Annotated[
    Path | None,
    typer.Option("--lexicon", help="Lexicon: features for the classifier, baseline, weak labels."),
]
SeedOpt = Annotated[int, typer.Option(help="Seed of every random choice.")]
WeakOpt = Annotated[
    bool,
    typer.Option("--weak", help="No human labels: learn from the lexicon's decisions (weak)."),
]
TieOpt = Annotated[str, typer.Option(help=f"Coders tied on a passage: {', '.join(TIE_RULES)}.")]


def register(app: typer.Typer) -> None:
    """Add `agreement`, `train`, `evaluate` and `classify` to ``app``."""
    app.command("agreement")(agreement_command)
    app.command("train")(train_command)
    app.command("evaluate")(evaluate_command)
    app.command("classify")(classify_command)


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _fmt(value: float, low: float | None = None, high: float | None = None) -> str:
    import numpy as np

    if value is None or not np.isfinite(value):
        return "—"
    if low is not None and high is not None and np.isfinite(low) and np.isfinite(high):
        return f"{value:.2f} [{low:.2f}, {high:.2f}]"
    return f"{value:.2f}"


def agreement_command(
    labels: LabelsArg,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Folder for agreement.csv and disagreements.csv."),
    ] = None,
    bootstrap: Annotated[
        int, typer.Option(help="Bootstrap replicates (resampled passages).")
    ] = 1000,
    seed: SeedOpt = 0,
) -> None:
    """Inter-coder reliability per frame, with bootstrap intervals.

    Krippendorff's alpha (nominal), Cohen's kappa per pair of coders, Fleiss'
    kappa (passages coded by all), percent agreement and prevalence. With -o,
    writes agreement.csv, agreement_pairs.csv and disagreements.csv (every
    passage x frame the coders disagree on, to adjudicate).

    Example: framing agreement labels.parquet -o reliability/
    """
    # Imports are deferred to the commands that use them so that the CLI starts fast.
    from framing.classify.agreement import agreement, write_agreement
    from framing.classify.labels import read_labels

    result = agreement(read_labels(labels), bootstrap=bootstrap, seed=seed)
    table = Table(title="Agreement per frame (95% bootstrap intervals)")
    for name in ("frame", "n", "prevalence", "% agreement", "alpha", "Cohen κ (mean)", "Fleiss κ"):
        table.add_column(name)
    for row in result.frames.to_dict("records"):
        table.add_row(
            row["frame"],
            str(row["n_passages"]),
            _fmt(row["prevalence"]),
            *[
                _fmt(row[s], row[f"{s}_ci_low"], row[f"{s}_ci_high"])
                for s in (
                    "percent_agreement",
                    "krippendorff_alpha",
                    "cohen_kappa_mean",
                    "fleiss_kappa",
                )
            ],
        )
    console = _console()
    console.print(table)
    console.print(f"{len(result.disagreements)} disagreements (passage x frame)")
    if output is None:
        console.print("use -o DIR to write agreement.csv and disagreements.csv")
        return
    for path in write_agreement(result, output):
        console.print(f"wrote {path}")


def train_command(
    corpus: CorpusOpt,
    output: Annotated[Path, typer.Option("-o", "--output", help="The model file (.skops).")],
    labels: Annotated[
        Path | None, typer.Argument(help="LABELS.parquet (omit with --weak).", show_default=False)
    ] = None,
    lexicon: LexiconOpt = None,
    per_language: Annotated[
        bool, typer.Option("--per-language", help="One model per language.")
    ] = False,
    seed: SeedOpt = 0,
    weak: WeakOpt = False,
    tie: TieOpt = "exclude",
    lexicon_features: Annotated[
        bool | None,
        typer.Option(
            "--lexicon-features/--no-lexicon-features",
            help="Give the classifier the lexicon's scores (default: yes with human labels).",
        ),
    ] = None,
) -> None:
    """Train the frame classifier and save it (skops) with its model card.

    Word (1-2) and character (2-5) TF-IDF, optionally lexicon scores; one
    calibrated, class-balanced logistic regression per frame; thresholds tuned
    on article-grouped out-of-fold predictions. Coders' labels are aggregated
    per passage (adjudicated, else majority; ties per --tie).

    Example: framing train labels.parquet --corpus corpus --lexicon lex.yaml -o model.skops
    """
    from framing.classify.training import train_files

    with OutputLock(Path(output).parent):
        path, model, card = train_files(
            labels,
            corpus,
            output,
            lexicon=lexicon,
            weak=weak,
            tie=tie,
            lexicon_features=lexicon_features,
            per_language=per_language,
            seed=seed,
        )
    console = _console()
    if card["weak"]:
        console.print("[bold yellow]weakly supervised[/]: trained on the lexicon's labels")
    table = Table(title=f"Model {path} ({card['supervision']})")
    for name in ("language", "frame", "positive", "negative", "threshold", "out-of-fold F1"):
        table.add_column(name)
    for key, counts in model.counts_.items():
        for frame, count in counts.items():
            threshold = model.thresholds_[key].get(frame)
            f1 = model.cv_scores_[key].get(frame, {}).get("f1")
            table.add_row(
                key,
                frame,
                str(count["positive"]),
                str(count["negative"]),
                "skipped" if threshold is None else f"{threshold:.2f}",
                _fmt(f1) if f1 is not None else "—",
            )
    console.print(table)
    for note in card["notes"]:
        console.print(f"[yellow]note:[/] {note}")
    console.print(f"wrote {path}")


def evaluate_command(
    corpus: CorpusOpt,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder for evaluation.csv / .tex.")
    ],
    labels: Annotated[
        Path | None, typer.Argument(help="LABELS.parquet (omit with --weak).", show_default=False)
    ] = None,
    lexicon: LexiconOpt = None,
    group: Annotated[
        str, typer.Option(help="Fold grouping: article (default) or outlet (unseen outlets).")
    ] = "article",
    folds: Annotated[int, typer.Option(help="Cross-validation folds.")] = 5,
    frames: Annotated[
        str | None, typer.Option(help="Comma-separated frames to evaluate (default: all).")
    ] = None,
    bootstrap: Annotated[
        int, typer.Option(help="Bootstrap replicates (resampled articles).")
    ] = 1000,
    seed: SeedOpt = 0,
    weak: WeakOpt = False,
    tie: TieOpt = "exclude",
    per_language: Annotated[
        bool, typer.Option("--per-language", help="One model per language.")
    ] = False,
) -> None:
    """Cross-validate the classifier (grouped folds) against the lexicon baseline.

    Per-frame precision, recall and F1 with bootstrap intervals over articles,
    micro and macro averages; thresholds are tuned inside the training folds
    only. Writes evaluation.csv, evaluation.tex, folds.csv and
    evaluation_predictions.parquet.

    Example: framing evaluate labels.parquet --corpus corpus --lexicon lex.yaml -o eval/
    """
    from framing.classify.evaluation import evaluate_files

    chosen = [f.strip() for f in frames.split(",") if f.strip()] if frames else None
    result = evaluate_files(
        labels,
        corpus,
        output,
        lexicon=lexicon,
        weak=weak,
        tie=tie,
        group=group,
        folds=folds,
        frames=chosen,
        bootstrap=bootstrap,
        seed=seed,
        per_language=per_language,
    )
    console = _console()
    if weak:
        console.print(
            "[bold yellow]weak labels[/]: these scores measure agreement with the lexicon, "
            "not validity"
        )
    console.print(_evaluation_table(result.table, group, folds))
    for note in result.notes:
        console.print(f"[yellow]note:[/] {note}")
    console.print(f"wrote {output}/evaluation.csv, evaluation.tex, folds.csv")


def _evaluation_table(frame: pd.DataFrame, group: str, folds: int) -> Table:
    table = Table(title=f"{folds}-fold cross-validation grouped by {group} (95% intervals)")
    for name in ("method", "frame", "n", "pos.", "precision", "recall", "F1"):
        table.add_column(name)
    for row in frame.to_dict("records"):
        table.add_row(
            row["method"],
            row["frame"],
            str(row["n_passages"]),
            str(row["n_positive"]),
            *[
                _fmt(row[m], row[f"{m}_ci_low"], row[f"{m}_ci_high"])
                for m in ("precision", "recall", "f1")
            ],
        )
    return table


def classify_command(
    corpus_dir: Annotated[Path, typer.Argument(help="The corpus folder to classify.")],
    model: Annotated[Path, typer.Option("--model", help="The model file (framing train).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="predictions.parquet to write.")],
    jobs: JobsOpt = 1,
    engine: EngineOpt = "local",
    scheduler: SchedulerOpt = None,
    batch_size: BatchSizeOpt = DEFAULT_BATCH_SIZE,
) -> None:
    """Classify every passage: probabilities and decisions per frame (predictions.parquet).

    Same shape as lexicon scores (framing compare takes either); the metadata
    records the model's hash, thresholds and whether it is weakly supervised.
    Only model files whose types are all on framing's allow-list are loaded.
    The corpus is streamed --batch-size passages at a time; --jobs N predicts
    on N processes, --engine dask on a Dask cluster, with the same file.

    Example: framing classify corpus --model model.skops -o predictions.parquet --jobs 4
    """
    from framing.classify.predict import classify_corpus
    from framing.store import iter_batches, read_metadata

    run = engine_from_options(engine, jobs, scheduler)
    console = _console()
    with OutputLock(Path(output).parent), stage_progress(console, "passages") as progress:
        path = classify_corpus(
            corpus_dir,
            model,
            output,
            jobs=run.jobs,
            engine=run.kind,
            scheduler=run.scheduler,
            batch_size=batch_size,
            progress=progress,
        )
    present: dict[str, list[int]] = {}
    for batch in iter_batches(path, ["frame", "present"]):
        counts = batch.to_pandas().groupby("frame", sort=False)["present"].agg(["sum", "size"])
        for frame, (n_present, n) in counts.iterrows():
            total = present.setdefault(frame, [0, 0])
            total[0], total[1] = total[0] + int(n_present), total[1] + int(n)
    for frame, (n_present, n) in present.items():
        console.print(f"{frame}: {n_present / n:.1%} of passages")
    n_passages = read_metadata(path).get("n_passages")
    console.print(f"wrote {path} ({n_passages} passages; engine: {run.describe()})")
