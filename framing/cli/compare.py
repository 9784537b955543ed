"""CLI: ``framing compare`` — frame coverage across groups, with statistics."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from framing.compare.comparison import Comparison

console = Console()
MAX_SUMMARY_GROUPS = 8


def compare_command(
    scores: Annotated[
        Path, typer.Argument(help="scores.parquet (lexicon) or predictions.parquet (classifier).")
    ],
    corpus: Annotated[Path, typer.Option(help="The corpus folder that was scored.")],
    by: Annotated[
        list[str] | None,
        typer.Option(
            help="Grouping: outlet, language, via_outlet, a metadata key (stance, event...), "
            "year, month or week. 'outlet,language' = outlet x language cells; repeat --by "
            "for separate analyses.",
            show_default="outlet",
        ),
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the tables.")] = Path(
        "compare"
    ),
    dedupe: Annotated[
        bool, typer.Option(help="Keep one article per near-duplicate cluster (the earliest).")
    ] = False,
    correction: Annotated[
        str, typer.Option(help="Multiple-comparison correction: bh, holm, bonferroni or none.")
    ] = "bh",
    seed: Annotated[int, typer.Option(help="Seed of every random step.")] = 0,
    bootstrap: Annotated[int, typer.Option(help="Article-bootstrap resamples.")] = 2000,
    alpha: Annotated[
        float, typer.Option(help="Significance level; intervals are 1 - alpha.")
    ] = 0.05,
    frames: Annotated[
        str | None, typer.Option(help="Comma-separated frames to compare (default: all).")
    ] = None,
    keyness: Annotated[
        str | None,
        typer.Option(
            help="Contrast two groups, GROUP_A:GROUP_B (e.g. en:ar; combined groupings join "
            "values with |, e.g. 'Atlas|en:Marsad|ar')."
        ),
    ] = None,
    events: Annotated[
        str | None,
        typer.Option(help="Group articles into events: a metadata column (e.g. event) or 'auto'."),
    ] = None,
    event_window: Annotated[
        int, typer.Option(help="With --events auto: the most days between linked articles.")
    ] = 10,
    period: Annotated[str, typer.Option(help="Timeline period: month or week.")] = "month",
    window: Annotated[int, typer.Option(help="Timeline rolling window, in periods.")] = 3,
    regression_terms: Annotated[
        str | None,
        typer.Option(help="Comma-separated regression variables (default: the grouping)."),
    ] = None,
    lexicon: Annotated[
        str | None, typer.Option(help="When the scores hold several lexicons: which one.")
    ] = None,
    latex: Annotated[bool, typer.Option(help="Also write .tex versions of the tables.")] = True,
    stopwords: Annotated[
        bool, typer.Option(help="Remove the built-in en/fr/ar stopwords before keyness.")
    ] = True,
) -> None:
    """Compare frame coverage across outlets, languages or any metadata, with statistics.

    Writes tidy CSV tables (and LaTeX versions) into OUTPUT: prevalence.csv
    (article shares with Wilson CIs, passage shares with article-bootstrap CIs),
    tests.csv (chi-square / Fisher / Monte-Carlo per frame, Cramér's V),
    pairwise.csv (every pair of groups, risk difference and odds ratio, p-values
    corrected together with tests.csv), regression.csv (passage-level logistic
    regression with SEs clustered by article), cooccurrence.csv, timeline.csv,
    optional keyness.csv and events.csv, and comparison.json (settings, inputs,
    counts). With several --by options each analysis goes to OUTPUT/<grouping>/.
    """
    # Imported here, not at module level, so that the CLI starts fast (statsmodels, scipy).
    from framing.compare.comparison import compare
    from framing.compare.data import load_scores
    from framing.compare.groupings import parse_by
    from framing.corpus.corpus import Corpus

    groupings = [parse_by(item) for item in (by or ["outlet"])]
    table, scores_meta = load_scores(scores)
    table.attrs["framing"] = scores_meta["metadata"]
    loaded = Corpus.read(corpus)
    for grouping in groupings:
        result = compare(
            table,
            loaded,
            grouping,
            frames=[f.strip() for f in frames.split(",") if f.strip()] if frames else None,
            dedupe=dedupe,
            correction=correction,
            alpha=alpha,
            n_bootstrap=bootstrap,
            seed=seed,
            keyness=keyness,
            events=events,
            event_window_days=event_window,
            period=period,
            window=window,
            regression_terms=parse_by(regression_terms) if regression_terms else None,
            lexicon=lexicon,
            use_stopwords=stopwords,
        )
        result.manifest["inputs"]["scores"] = scores_meta
        target = output if len(groupings) == 1 else output / result.name
        written = result.write(target, latex=latex)
        print_summary(result, alpha)
        console.print(f"wrote {len(written)} files to {target}/", highlight=False)


def print_summary(result: Comparison, alpha: float = 0.05) -> None:
    """Counts, article shares per group and frame, and the differences that hold up."""
    counts = result.manifest.get("counts", {})
    dedup = ", near-duplicates removed" if result.manifest.get("deduplicated") else ""
    console.print(
        f"[bold]{' x '.join(result.by)}[/]: {counts.get('n_articles')} articles, "
        f"{counts.get('n_passages')} passages, {counts.get('n_groups')} groups{dedup}",
        highlight=False,
    )
    console.print(_share_table(result))
    significant = result.tests[result.tests["significant"]]
    if significant.empty:
        console.print(f"no frame differs across groups at alpha = {alpha} after correction")
    for row in significant.itertuples(index=False):
        console.print(
            f"  {row.frame}: {row.test}, p adj. = {row.p_adjusted:.3g}, "
            f"Cramér's V = {row.cramers_v:.2f}",
            highlight=False,
        )
    small = result.prevalence[result.prevalence["ci_note"].str.contains("small n|1 article")]
    if len(small):
        console.print(
            f"[yellow]{len(small)} rows have rough intervals (small n): "
            "see ci_note in prevalence.csv[/]"
        )


def _share_table(result: Comparison) -> Table:
    prevalence = result.prevalence
    groups = prevalence[[*result.by, "n_articles"]].drop_duplicates().head(MAX_SUMMARY_GROUPS)
    labels = ["|".join(str(v) for v in row[:-1]) for row in groups.itertuples(index=False)]
    table = Table(title="Share of articles with the frame", title_justify="left")
    table.add_column("frame")
    for label, n in zip(labels, groups["n_articles"], strict=True):
        table.add_column(f"{label} (n={n})", justify="right")
    for frame, part in prevalence.groupby("frame", sort=False):
        keyed = {
            "|".join(str(v) for v in row[:-1]): row[-1]
            for row in part[[*result.by, "article_share"]].itertuples(index=False)
        }
        table.add_row(str(frame), *[_percent(keyed.get(label)) for label in labels])
    if len(prevalence[result.by].drop_duplicates()) > MAX_SUMMARY_GROUPS:
        table.caption = f"first {MAX_SUMMARY_GROUPS} groups; all in prevalence.csv"
    return table


def _percent(value: float | None) -> str:
    import pandas as pd

    return "" if value is None or pd.isna(value) else f"{100 * value:.0f}%"


def register(app: typer.Typer) -> None:
    """Add ``compare`` to ``app``."""
    app.command("compare")(compare_command)
