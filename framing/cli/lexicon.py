"""CLI: `framing lexicon validate|show|stats|export|import` (and `coverage`, added elsewhere).

Thin: each command loads a lexicon through :mod:`framing.lexicon.formats`,
calls the library and prints. Every command prints the lexicon's content
hash, the value recorded with every score it produces.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from framing.errors import LexiconError
from framing.lexicon.model import Entry, Frame, Lexicon

if TYPE_CHECKING:
    from framing.lexicon.validate import ValidationIssue

# The built-in names of framing.lexicon.formats.FORMATS, for the help texts: importing the
# formats loads pandas and camel-tools, and `framing --help` should not wait for them (a
# test keeps the two equal). --format itself is checked against the registry.
FORMATS = ("yaml", "liwc", "wordstat", "quanteda")

lexicon_app = typer.Typer(
    help="Check, inspect, convert and import frame lexicons (YAML, LIWC, WordStat, quanteda).",
    no_args_is_help=True,
)

T = TypeVar("T")

FileArg = Annotated[
    Path,
    typer.Argument(
        help="The lexicon file (.yaml, or a LIWC .dic, WordStat .cat, quanteda .yml dictionary).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help=f"Input format: auto or one of {', '.join(FORMATS)}.")
]
InputLanguageOpt = Annotated[
    str,
    typer.Option(
        "--language", "-l", help="Language of the entries of a one-language file (LIWC, ...)."
    ),
]


def register(app: typer.Typer) -> None:
    """Add the `framing lexicon` command group to ``app``."""
    app.add_typer(lexicon_app, name="lexicon")


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _capturing(load: Callable[[], T]) -> tuple[T, list[str]]:
    """Run ``load``, returning what it returns and the format warnings it emitted."""
    # Imports are deferred to where they are used so that the CLI starts fast.
    from framing.lexicon.formats import LexiconFormatWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LexiconFormatWarning)
        result = load()
    messages = [str(w.message) for w in caught if issubclass(w.category, LexiconFormatWarning)]
    for other in caught:
        if not issubclass(other.category, LexiconFormatWarning):
            warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
    return result, messages


def _load(path: Path, fmt: str = "auto", language: str = "en") -> Lexicon:
    from framing.lexicon.formats import load_any

    lexicon, messages = _capturing(lambda: load_any(path, format=fmt, language=language))
    _print_warnings(messages)
    return lexicon


def _print_warnings(messages: list[str]) -> None:
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for message in messages:
        console.print(Text.assemble(("warning ", "yellow"), message))


def _print_hash(console: Console, lexicon: Lexicon) -> None:
    console.print(Text.assemble("lexicon hash: ", (lexicon.hash, "bold")))


def _n_entries(lexicon: Lexicon) -> int:
    return sum(len(entries) for frame in lexicon.frames for entries in frame.entries.values())


def _issue_text(issue: ValidationIssue) -> Text:
    style = "bold red" if issue.is_error else "yellow"
    return Text.assemble((f"{issue.level:<8}", style), str(issue))


@lexicon_app.command("validate")
def validate_command(
    file: FileArg,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings too, not only on errors.")
    ] = False,
    fmt: FormatOpt = "auto",
    language: InputLanguageOpt = "en",
) -> None:
    """Check a lexicon and print every problem as file:line.

    Errors (unknown language codes, invalid globs or regular expressions,
    duplicate or contradictory entries, empty frames, ...) make the exit
    status 1; warnings (an entry in the wrong script, a declared language
    with no entries, ...) do not, unless --strict.
    """
    from framing.lexicon.formats import detect_format, load_any
    from framing.lexicon.io import check_lexicon_file
    from framing.lexicon.validate import validate_lexicon

    console = _console()
    if (detect_format(file) if fmt == "auto" else fmt) == "yaml":
        lexicon, issues = check_lexicon_file(file)
        format_warnings: list[str] = []
    else:
        lexicon, format_warnings = _capturing(lambda: load_any(file, format=fmt, language=language))
        issues = validate_lexicon(lexicon)
    for message in format_warnings:
        console.print(Text.assemble(("warning ", "yellow"), f"{file}: {message}"))
    for issue in issues:
        console.print(_issue_text(issue))
    n_errors = sum(issue.is_error for issue in issues)
    n_warnings = len(issues) - n_errors + len(format_warnings)
    summary = (
        f"{file}: {n_errors} error{'s' * (n_errors != 1)}, "
        f"{n_warnings} warning{'s' * (n_warnings != 1)}; "
        f"{len(lexicon.frames)} frames, {_n_entries(lexicon)} entries"
    )
    console.print(summary, markup=False)
    _print_hash(console, lexicon)
    if n_errors or (strict and n_warnings):
        raise typer.Exit(1)


@lexicon_app.command("show")
def show_command(
    file: FileArg,
    frame: Annotated[
        str | None, typer.Option("--frame", help="Show only this frame's entries.")
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            "-l",
            help="Show only this language (also the language of a LIWC/... file).",
        ),
    ] = None,
    fmt: FormatOpt = "auto",
) -> None:
    """Print a lexicon's metadata, its frames and their entries as tables."""
    lexicon = _load(file, fmt, language or "en")
    if language is not None and language not in lexicon.languages:
        raise LexiconError(
            f"the lexicon has no language {language!r}",
            path=file,
            hint=f"its languages: {', '.join(lexicon.languages)}",
        )
    frames = lexicon.frames if frame is None else [_frame(lexicon, frame, file)]
    languages = [language] if language else lexicon.languages
    console = _console()
    console.print(_metadata_table(lexicon))
    console.print(_frames_table(lexicon, languages))
    for item in frames:
        console.print(_entries_table(item, languages))
        for line in _frame_extras(item, languages):
            console.print(line, markup=False)
    _print_hash(console, lexicon)


def _frame(lexicon: Lexicon, frame_id: str, path: Path) -> Frame:
    try:
        return lexicon.frame(frame_id)
    except KeyError:
        raise LexiconError(
            f"no frame {frame_id!r}", path=path, hint=f"frames: {', '.join(lexicon.frame_ids)}"
        ) from None


def _metadata_table(lexicon: Lexicon) -> Table:
    table = Table(title=f"Lexicon {lexicon.name}", show_header=False, title_justify="left")
    table.add_column("key", style="bold")
    table.add_column("value")
    rows = {
        "name": lexicon.name,
        "version": lexicon.version,
        "description": lexicon.description,
        "authors": ", ".join(lexicon.authors),
        "license": lexicon.license,
        "citation": lexicon.citation,
        "languages": ", ".join(lexicon.languages),
        "options": "; ".join(f"{k}: {_listed(v)}" for k, v in lexicon.options.items()),
        "source": lexicon.source_path or "",
        "frames": str(len(lexicon.frames)),
        "entries": str(_n_entries(lexicon)),
        "hash": lexicon.hash,
    }
    for key, value in rows.items():
        if value:
            table.add_row(key, Text(value))
    return table


def _listed(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _frames_table(lexicon: Lexicon, languages: list[str]) -> Table:
    table = Table(title="Frames (entries per language)", title_justify="left")
    table.add_column("id", style="bold")
    table.add_column("label")
    for language in languages:
        table.add_column(language, justify="right")
    table.add_column("exclusions", justify="right")
    table.add_column("proximity")
    for frame in lexicon.frames:
        counts = [str(len(frame.entries.get(language, []))) for language in languages]
        exclusions = sum(len(frame.exclusions.get(language, [])) for language in languages)
        proximity = f"window {frame.proximity.window}" if frame.proximity else ""
        table.add_row(frame.id, Text(frame.label), *counts, str(exclusions), proximity)
    return table


def _entries_table(frame: Frame, languages: list[str]) -> Table:
    title = f"{frame.id}: {frame.label}"
    table = Table(title=title, title_justify="left", caption=frame.description or None)
    for column in ("language", "entry", "kind", "weight", "line"):
        table.add_column(column, justify="right" if column in ("weight", "line") else "left")
    for language in languages:
        for entry in frame.entries.get(language, []):
            line = str(entry.line) if entry.line else ""
            table.add_row(language, Text(entry.pattern), entry.kind, f"{entry.weight:g}", line)
    return table


def _patterns(entries: list[Entry]) -> str:
    return ", ".join(entry.pattern for entry in entries)


def _frame_extras(frame: Frame, languages: list[str]) -> list[str]:
    lines = []
    for language in languages:
        if frame.exclusions.get(language):
            lines.append(f"  exclusions ({language}): {_patterns(frame.exclusions[language])}")
    if frame.proximity is not None:
        lines.append(f"  proximity: within {frame.proximity.window} tokens of an anchor")
        for language in languages:
            anchors = frame.proximity.anchors.get(language)
            if anchors:
                lines.append(f"  anchors ({language}): {_patterns(anchors)}")
    return lines


@lexicon_app.command("stats")
def stats_command(
    file: FileArg,
    fmt: FormatOpt = "auto",
    language: InputLanguageOpt = "en",
) -> None:
    """Count entries per frame and language, entry kinds and weights."""
    lexicon = _load(file, fmt, language)
    console = _console()
    console.print(_counts_table(lexicon))
    console.print(_kinds_table(lexicon))
    weights = [
        entry.weight
        for frame in lexicon.frames
        for entries in frame.entries.values()
        for entry in entries
    ]
    weighted = [w for w in weights if w != 1]
    if weighted:
        console.print(
            f"weighted entries (weight != 1): {len(weighted)} of {len(weights)}; "
            f"weights from {min(weights):g} to {max(weights):g}, "
            f"mean {sum(weights) / len(weights):.3g}"
        )
    else:
        console.print(f"weighted entries (weight != 1): 0 of {len(weights)}")
    n_exclusions = sum(len(e) for frame in lexicon.frames for e in frame.exclusions.values())
    n_proximity = sum(frame.proximity is not None for frame in lexicon.frames)
    console.print(f"exclusions: {n_exclusions}; frames with a proximity rule: {n_proximity}")
    _print_hash(console, lexicon)


def _counts_table(lexicon: Lexicon) -> Table:
    table = Table(title="Entries per frame and language", title_justify="left")
    table.add_column("frame", style="bold")
    for language in lexicon.languages:
        table.add_column(language, justify="right")
    table.add_column("total", justify="right", style="bold")
    totals: Counter[str] = Counter()
    for frame in lexicon.frames:
        counts = [len(frame.entries.get(language, [])) for language in lexicon.languages]
        totals.update(dict(zip(lexicon.languages, counts, strict=True)))
        table.add_row(frame.id, *map(str, counts), str(sum(counts)))
    table.add_section()
    per_language = [totals[language] for language in lexicon.languages]
    table.add_row("total", *map(str, per_language), str(sum(per_language)))
    return table


def _kinds_table(lexicon: Lexicon) -> Table:
    kinds = ("word", "phrase", "glob", "regex")
    table = Table(title="Entry kinds per language", title_justify="left")
    table.add_column("language", style="bold")
    for kind in kinds:
        table.add_column(kind, justify="right")
    for language in lexicon.languages:
        counts = Counter(
            entry.kind for frame in lexicon.frames for entry in frame.entries.get(language, [])
        )
        table.add_row(language, *(str(counts[kind]) for kind in kinds))
    return table


@lexicon_app.command("export")
def export_command(
    file: FileArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write.", show_default=False)
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=f"Output format: {', '.join(FORMATS)}, or auto (from the output extension).",
        ),
    ] = "auto",
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            "-l",
            help="The language to write (required for one-language formats when the lexicon "
            "has several; for yaml, keeps only that language).",
        ),
    ] = None,
) -> None:
    """Write a lexicon in another format: LIWC .dic, WordStat .cat, quanteda or yaml.

    What the format cannot hold (weights in LIWC and quanteda, regular
    expressions, exclusions, proximity) is left out with a warning.
    """
    from framing.lexicon.formats import save_any

    lexicon = _load(file, "auto", language or "en")
    path, messages = _capturing(lambda: save_any(lexicon, output, format=fmt, language=language))
    _print_warnings(messages)
    console = _console()
    console.print(f"wrote {path}", markup=False)
    _print_hash(console, lexicon)


@lexicon_app.command("import")
def import_command(
    file: FileArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The YAML lexicon to write.", show_default=False),
    ],
    fmt: FormatOpt = "auto",
    language: Annotated[
        str, typer.Option("--language", "-l", help="The language of the dictionary's entries.")
    ] = "en",
    name: Annotated[
        str | None,
        typer.Option("--name", help="The lexicon's name (default: from the file name)."),
    ] = None,
) -> None:
    """Turn an existing dictionary (LIWC .dic, WordStat .cat, quanteda .yml) into a YAML lexicon.

    Multi-word expressions and wildcards are kept; category names become
    frame labels and (slugified) frame ids. Anything that cannot be carried
    over is reported as a warning. The YAML is written even if it has
    validation errors, so you can fix them; the exit status is then 1.
    """
    from framing.lexicon.formats import detect_format, load_any
    from framing.lexicon.io import check_lexicon_file, save_lexicon

    lexicon, messages = _capturing(lambda: load_any(file, format=fmt, language=language, name=name))
    _print_warnings(messages)
    save_lexicon(lexicon, output)
    _, issues = check_lexicon_file(output)  # lines in the written file, where fixes go
    console = _console()
    for issue in issues:
        console.print(_issue_text(issue))
    source_format = fmt if fmt != "auto" else detect_format(file)
    console.print(
        f"wrote {output} from {file} ({source_format}): {len(lexicon.frames)} frames, "
        f"{_n_entries(lexicon)} entries in {', '.join(lexicon.languages)}",
        markup=False,
    )
    _print_hash(console, lexicon)
    if any(issue.is_error for issue in issues):
        raise typer.Exit(1)
