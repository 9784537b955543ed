"""CLI: `framing score`, `framing kwic` and `framing lexicon coverage`.

Thin: load the corpus and lexicons, call :mod:`framing.lexicon`, print and write.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from framing.cli.scale import (
    DEFAULT_BATCH_SIZE,
    BatchSizeOpt,
    EngineOpt,
    JobsOpt,
    SchedulerOpt,
    engine_from_options,
    stage_progress,
)
from framing.errors import CorpusError, LexiconError
from framing.experiment.lock import OutputLock
from framing.lexicon.model import Lexicon

if TYPE_CHECKING:
    import pandas as pd

CorpusArg = Annotated[
    Path, typer.Argument(help="A corpus folder written by `framing ingest`.", show_default=False)
]
LexiconOpt = Annotated[
    Path,
    typer.Option(
        "--lexicon", "-l", help="Lexicon file (.yaml, LIWC .dic, WordStat .cat, quanteda .yml)."
    ),
]
DictLanguageOpt = Annotated[
    str,
    typer.Option(
        "--dictionary-language", help="Language of a one-language dictionary (LIWC, WordStat)."
    ),
]
CliticsOpt = Annotated[
    str,
    typer.Option(
        "--clitics",
        help="Arabic clitics: auto (camel-tools if its data is installed, else rules), "
        "rules, camel or none.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add `score` and `kwic` to ``app`` and `coverage` to `framing lexicon`."""
    from framing.cli.lexicon import lexicon_app

    app.command("score")(score_command)
    app.command("kwic")(kwic_command)
    lexicon_app.command("coverage")(coverage_command)


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _lexicon(path: Path, language: str = "en") -> Lexicon:
    # Imports are deferred to where they are used so that the CLI starts fast.
    from framing.lexicon.scoring import load_lexicon_file

    return load_lexicon_file(path, language=language)


def _passages(corpus_dir: Path) -> pd.DataFrame:
    from framing.corpus.corpus import Corpus

    corpus = Corpus.read(corpus_dir)
    if "outlet" in corpus.documents.columns:
        return corpus.passages_with_documents(("outlet",))
    return corpus.passages.assign(outlet="")


def score_command(
    corpus_dir: CorpusArg,
    lexicon: Annotated[
        list[Path],
        typer.Option("--lexicon", "-l", help="Lexicon file; repeat for several lexicons."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The scores Parquet file.")],
    threshold: Annotated[
        float, typer.Option(help="A passage has a frame when its weighted score reaches this.")
    ] = 1.0,
    min_distinct: Annotated[
        int, typer.Option(help="...and has at least this many different entries.")
    ] = 1,
    clitics: CliticsOpt = "auto",
    dictionary_language: DictLanguageOpt = "en",
    jobs: JobsOpt = 1,
    engine: EngineOpt = "local",
    scheduler: SchedulerOpt = None,
    batch_size: BatchSizeOpt = DEFAULT_BATCH_SIZE,
) -> None:
    """Score every passage of a corpus for every frame of one or more lexicons.

    Writes one row per passage and frame (hits, distinct terms, weighted score,
    density per 1,000 tokens, present, and the matched spans) and prints, per
    frame and language, how many passages carry the frame.

    The corpus is read, scored and written --batch-size passages at a time, so
    memory stays bounded whatever its size. --jobs N scores on N processes;
    --engine dask on a local Dask cluster of N workers, or on the cluster at
    --scheduler. The file is the same, byte for byte, however it is run.

    Example: framing score corpus/ -l lexicons/security_diplomacy.yaml -o scores.parquet -j 4
    """
    from framing.lexicon.scoring import frame_presence, score_corpus
    from framing.store import read_metadata

    run = engine_from_options(engine, jobs, scheduler)
    console = _console()
    # Refuse a concurrent writer into the same folder (the table itself is written atomically).
    with OutputLock(Path(output).parent), stage_progress(console, "passages") as progress:
        path = score_corpus(
            corpus_dir,
            lexicon,
            output,
            threshold=threshold,
            min_distinct=min_distinct,
            clitics=clitics,
            dictionary_language=dictionary_language,
            jobs=run.jobs,
            engine=run.kind,
            scheduler=run.scheduler,
            batch_size=batch_size,
            progress=progress,
        )
    metadata = read_metadata(path)
    console.print(_summary(frame_presence(path, corpus_dir, batch_size=batch_size)))
    for record in metadata.get("lexicons", []):
        console.print(
            Text.assemble(
                f"lexicon {record['name']} {record['version']} hash: ", (record["hash"], "bold")
            )
        )
        for code, count in record.get("languages_without_entries", {}).items():
            console.print(
                Text.assemble(
                    ("warning ", "yellow"),
                    f"{count} passage(s) in '{code}' scored zero: {record['name']} "
                    "has no entries in that language",
                )
            )
    console.print(
        f"clitics: {metadata.get('clitic_backend')}; engine: {run.describe()}; wrote {path}"
    )


def _summary(presence: pd.DataFrame) -> Table:
    totals = presence.drop_duplicates("language").set_index("language")["n_passages"]
    table = Table(title="Passages with each frame")
    table.add_column("frame")
    for code in sorted(totals.index):
        table.add_column(f"{code} (n={totals[code]})", justify="right")
    counts = presence.set_index(["frame", "language"])["n_present"]
    for frame in dict.fromkeys(presence["frame"]):
        cells = []
        for code in sorted(totals.index):
            count = int(counts.get((frame, code), 0))
            cells.append(f"{count} ({count / totals[code]:.0%})" if totals[code] else "0")
        table.add_row(frame, *cells)
    return table


def kwic_command(
    corpus_dir: CorpusArg,
    lexicon: LexiconOpt,
    frame: Annotated[str, typer.Option("--frame", "-f", help="The frame id.")],
    language: Annotated[
        str | None, typer.Option("--language", help="Only passages in this language.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many lines.")] = None,
    window: Annotated[int, typer.Option(help="Tokens of context on each side.")] = 8,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the lines to this CSV.")
    ] = None,
    clitics: CliticsOpt = "auto",
    dictionary_language: DictLanguageOpt = "en",
    bidi: Annotated[
        bool,
        typer.Option(
            help="Reorder Arabic lines for display. Use --no-bidi in a terminal that applies "
            "the Unicode bidi algorithm itself (it would reverse them twice)."
        ),
    ] = True,
) -> None:
    """Show every counted match of a frame in its context (keyword in context).

    Prints one line per match with outlet and language; Arabic lines are
    reordered for display so they read right to left in a terminal (the CSV
    keeps the text in logical order; --no-bidi prints logical order too).

    Example: framing kwic corpus/ -l lexicons/security_diplomacy.yaml -f sovereignty --language ar
    """
    from framing.csv_safety import write_csv
    from framing.lexicon.kwic import kwic
    from framing.lexicon.matcher import Matcher

    lex = _lexicon(lexicon, dictionary_language)
    if frame not in lex.frame_ids:
        raise LexiconError(
            f"no frame {frame!r}",
            path=lexicon,
            field="--frame",
            hint=f"known frames: {', '.join(lex.frame_ids)}",
        )
    lines = kwic(
        _passages(corpus_dir),
        lex,
        frame,
        window=window,
        limit=limit,
        language=language,
        matcher=Matcher(lex, clitics=clitics),
    )
    console = _console()
    _print_kwic(console, lines, frame, reorder=bidi)
    console.print(f"{len(lines)} line(s)")
    if output is not None:
        write_csv(lines, output)
        console.print(f"wrote {output}")


def _print_kwic(console: Console, lines: pd.DataFrame, frame: str, reorder: bool = True) -> None:
    """Concordance lines: outlet, language, context aligned on the match."""
    from framing.text.arabic import visual_order

    console.print(Text(f"{frame}: keyword in context", style="bold"))
    if lines.empty:
        return
    outlet_width = min(24, max(len(str(o)) for o in lines["outlet"]))
    for row in lines.itertuples(index=False):
        side = max(12, (console.width - outlet_width - 6 - cell_len(row.match) - 2) // 2)
        # Keep the context next to the match: clip each side at its far end.
        left, match, right = row.left[-side:], row.match, row.right[:side]
        if reorder and any(_is_rtl(ch) for ch in match + left + right):
            # Right to left: what follows the match is shown on its left.
            left, match, right = visual_order(right), visual_order(match), visual_order(left)
        line = Text(no_wrap=True, overflow="crop")
        line.append(f"{str(row.outlet)[:outlet_width]:<{outlet_width}} {row.language:<3} ", "dim")
        line.append(" " * max(0, side - cell_len(left)) + left + " ")
        line.append(match, "bold")
        line.append(" " + right)
        console.print(line)


def _is_rtl(ch: str) -> bool:
    return "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufeff"


def coverage_command(
    corpus_dir: CorpusArg,
    lexicon: LexiconOpt,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the table to this CSV.")
    ] = None,
    clitics: CliticsOpt = "auto",
    dictionary_language: DictLanguageOpt = "en",
) -> None:
    """How often each entry of a lexicon matches a corpus; entries never matched are flagged.

    One row per frame, language and entry (exclusions and proximity anchors
    included): matches counted in scores, passages and documents with them,
    raw matches before exclusions, proximity and overlaps.

    Example: framing lexicon coverage corpus/ -l lexicons/security_diplomacy.yaml -o coverage.csv
    """
    from framing.csv_safety import write_csv
    from framing.lexicon.coverage import coverage
    from framing.lexicon.matcher import Matcher

    lex = _lexicon(lexicon, dictionary_language)
    passages = _passages(corpus_dir)
    if passages.empty:
        raise CorpusError("the corpus has no passages", path=corpus_dir, hint="re-run ingest")
    table = coverage(passages, lex, matcher=Matcher(lex, clitics=clitics))
    console = _console()
    console.print(_coverage_table(table))
    never = table[table["never_matched"] & (table["role"] == "entry")]
    console.print(
        f"{len(never)} of {int((table['role'] == 'entry').sum())} entries never matched; "
        f"lexicon hash: {lex.hash}"
    )
    if output is not None:
        write_csv(table, output)
        console.print(f"wrote {output}")


def _coverage_table(table: pd.DataFrame) -> Table:
    from framing.text.arabic import visual_order

    out = Table(title="Lexicon coverage")
    for column in ("frame", "language", "role", "entry", "matches", "passages", "documents"):
        out.add_column(column, justify="right" if column in ("matches", "passages") else "left")
    for row in table.itertuples(index=False):
        style = "dim" if row.never_matched else None
        entry = visual_order(row.entry) if row.language == "ar" else row.entry
        out.add_row(
            row.frame,
            row.language,
            row.role,
            entry,
            str(row.matches),
            str(row.passages),
            str(row.documents),
            style=style,
        )
    return out
