"""Check a lexicon for the mistakes that silently distort counts.

:func:`validate_lexicon` returns every problem it finds as a
:class:`ValidationIssue`: an *error* makes the lexicon unusable (it is
refused on load), a *warning* is probably a mistake but the lexicon still
works. Entries are compared after the same normalisation and tokenisation as
the text they are matched against (:mod:`framing.text`), so ``Counter-terrorism``
and ``counter terrorism`` are the same entry, and so are ``sécurité`` and
``securite`` in a language whose accents are folded.
"""

from __future__ import annotations

import math
import re
import re._constants as sre  # the parsed form of a pattern, to find nested repetition
import re._parser as sre_parse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from framing.errors import LexiconError
from framing.lexicon.model import Entry, Frame, Lexicon
from framing.text import normalize_token, tokenize_normalized
from framing.text.languages import explain_language_code, foreign_scripts, is_language_code
from framing.text.tokens import WORD_RE

try:  # The matcher's own folding, so "duplicate" means "the matcher sees the same thing".
    from framing.text.normalize import fold_for_matching, normalize_for_matching
except ImportError:  # pragma: no cover - older framing.text without a matching form
    fold_for_matching = normalize_for_matching = None  # type: ignore[assignment]

Level = Literal["error", "warning"]

NAME_RE = re.compile(r"[a-z0-9_-]+")
FRAME_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
ENTRY_KINDS = ("word", "phrase", "glob", "regex")
KNOWN_OPTIONS = ("fold_accents",)
WILDCARDS = "*?"
# A glob token with fewer literal characters than this, plus a '*', matches a
# large part of the vocabulary ("se*", "ال*").
MIN_GLOB_LITERALS = 3
# Errors listed in an exception message (all of them stay in ``issues``).
MAX_LISTED = 50
# Tokens of different shapes and scripts: a regex matching nearly all of them
# matches nearly every token of a text.
_REGEX_PROBES = ("the", "security", "sécurité", "الامن", "2026", "x", "coopération")


@dataclass(frozen=True)
class ValidationIssue:
    """One problem found in a lexicon.

    ``str(issue)`` reads ``file:line: frame X, language Y, entry 'Z': problem``,
    leaving out what does not apply.
    """

    level: Level
    message: str
    path: str | None = None
    line: int | None = None
    frame: str | None = None
    language: str | None = None
    entry: str | None = None

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def __str__(self) -> str:
        location = self.path or "<lexicon>"
        if self.line is not None:
            location += f":{self.line}"
        context = []
        if self.frame is not None:
            context.append(f"frame {self.frame}")
        if self.language is not None:
            context.append(f"language {self.language}")
        if self.entry is not None:
            context.append(f"entry '{self.entry}'")
        if context:
            return f"{location}: {', '.join(context)}: {self.message}"
        return f"{location}: {self.message}"


class LexiconValidationError(LexiconError):
    """A lexicon has errors; ``issues`` lists all of them (warnings included)."""

    def __init__(
        self, issues: list[ValidationIssue], *, path: str | None = None, strict: bool = False
    ) -> None:
        self.issues = issues
        shown = [issue for issue in issues if strict or issue.is_error]
        n_errors = sum(issue.is_error for issue in issues)
        counts = f"{n_errors} error{'s' if n_errors != 1 else ''}"
        if strict:
            n_warnings = len(issues) - n_errors
            counts += f" and {n_warnings} warning{'s' if n_warnings != 1 else ''} (strict)"
        lines = "\n".join(f"  {issue.level}: {issue}" for issue in shown[:MAX_LISTED])
        if len(shown) > MAX_LISTED:
            lines += f"\n  ... and {len(shown) - MAX_LISTED} more"
        super().__init__(
            f"the lexicon has {counts}:\n{lines}",
            path=path,
            hint="fix them and run `framing lexicon validate FILE` again",
        )


def sort_issues(issues: Iterable[ValidationIssue]) -> list[ValidationIssue]:
    """Issues in file order (those without a line first), stable otherwise."""
    return sorted(issues, key=lambda issue: issue.line if issue.line is not None else 0)


def raise_for_errors(
    issues: list[ValidationIssue], *, path: str | None = None, strict: bool = False
) -> None:
    """Raise :class:`LexiconValidationError` if ``issues`` has errors (or warnings, if strict)."""
    if any(issue.is_error or strict for issue in issues):
        raise LexiconValidationError(issues, path=path, strict=strict)


def glob_tokens(pattern: str) -> list[str]:
    """Split a glob pattern into tokens as the tokeniser would, keeping ``*`` and ``?``.

    >>> glob_tokens("export* security"), glob_tokens("counter-terror*")
    (['export*', 'security'], ['counter', 'terror*'])
    """
    tokens: list[str] = []
    current: list[str] = []
    for char in pattern:
        if char in WILDCARDS or WORD_RE.fullmatch(char):
            current.append(char)
        elif current:
            tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    return tokens


def entry_tokens(entry: Entry, *, fold_accents: bool = False) -> list[str]:
    """The normalised tokens of a word, phrase or glob entry (``[]`` for a regex).

    Glob tokens keep their wildcards. Two entries with the same tokens match
    the same text.

    >>> entry_tokens(Entry("Counter-Terrorism", "word"))
    ['counter', 'terrorism']
    >>> entry_tokens(Entry("Sécurit*", "glob"), fold_accents=True)
    ['securit*']
    """
    if entry.kind == "regex":
        return []
    if entry.kind == "glob":
        return [_fold_glob_token(token, fold_accents) for token in glob_tokens(entry.pattern)]
    if normalize_for_matching is not None:
        return normalize_for_matching(entry.pattern, fold_accents).split()
    return [token.text for token in tokenize_normalized(entry.pattern, fold_accents)]


def _fold_glob_token(token: str, fold_accents: bool) -> str:
    if fold_for_matching is not None:
        return fold_for_matching(token, fold_accents)
    return normalize_token(token, fold_accents)


def entry_key(entry: Entry, *, fold_accents: bool = False) -> str:
    """A key equal for two entries that match the same tokens (regexes: the expression)."""
    if entry.kind == "regex":
        return "regex:" + entry.pattern
    return " ".join(entry_tokens(entry, fold_accents=fold_accents))


def validate_lexicon(lexicon: Lexicon) -> list[ValidationIssue]:
    """Every problem in ``lexicon``, errors and warnings, in file order.

    Examples
    --------
    >>> from framing.lexicon.model import Frame
    >>> lex = Lexicon("demo", languages=["en"], frames=[Frame("threat", "Threat",
    ...     entries={"en": [Entry("terrorism"), Entry("Terrorism"), Entry("*", "glob")]})])
    >>> [issue.message for issue in validate_lexicon(lex)]  # doctest: +NORMALIZE_WHITESPACE
    ['only wildcards: this glob matches every token',
     'duplicate of an earlier entry (same pattern after normalisation: terrorism)']
    """
    return sort_issues(_Validator(lexicon).run())


class _Validator:
    """Walks a lexicon once, collecting issues."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.path = lexicon.source_path
        self.lines = lexicon.source_lines
        self.issues: list[ValidationIssue] = []
        self.declared = set(lexicon.languages)
        folded = lexicon.options.get("fold_accents", [])
        self.folded = set(folded) if isinstance(folded, list) else set()

    def add(self, level: Level, message: str, line: int | None = None, **context: str) -> None:
        self.issues.append(ValidationIssue(level, message, self.path, line, **context))

    def run(self) -> list[ValidationIssue]:
        self.check_metadata()
        self.check_languages()
        self.check_options()
        self.check_frame_ids()
        for index, frame in enumerate(self.lexicon.frames):
            _FrameValidator(self, frame, index).run()
        return self.issues

    def check_metadata(self) -> None:
        name, version = self.lexicon.name, self.lexicon.version
        if not isinstance(name, str) or not name:
            self.add("error", "the lexicon has no name (add `name: my_lexicon`)")
        elif not NAME_RE.fullmatch(name):
            slug = re.sub(r"[^a-z0-9_-]+", "_", name.casefold()).strip("_") or "my_lexicon"
            self.add(
                "error",
                f"name {name!r} may only use a-z, 0-9, '_' and '-' (e.g. {slug!r})",
                self.lines.get("name"),
            )
        if not isinstance(version, str) or not version.strip():
            self.add(
                "error",
                "the lexicon has no version (add `version: 1.0.0`)",
                self.lines.get("version"),
            )
        if not self.lexicon.frames:
            self.add("error", "the lexicon has no frames", self.lines.get("frames"))

    def check_languages(self) -> None:
        seen: set[str] = set()
        for index, code in enumerate(self.lexicon.languages):
            line = self.lines.get(f"languages.{index}", self.lines.get("languages"))
            if not is_language_code(code):
                self.add(
                    "error", f"unknown language code {code!r}: {explain_language_code(code)}", line
                )
            elif code in seen:
                self.add("warning", f"language {code!r} is declared twice", line)
            seen.add(code)

    def check_options(self) -> None:
        options = self.lexicon.options
        for key in options:
            if key not in KNOWN_OPTIONS:
                self.add(
                    "error",
                    f"unknown option {key!r} (known: {', '.join(KNOWN_OPTIONS)})",
                    self.lines.get("options"),
                )
        folded = options.get("fold_accents", [])
        line = self.lines.get("options.fold_accents", self.lines.get("options"))
        if not isinstance(folded, list) or not all(isinstance(c, str) for c in folded):
            self.add("error", "option fold_accents must be a list of language codes", line)
            return
        for index, code in enumerate(folded):
            item_line = self.lines.get(f"options.fold_accents.{index}", line)
            if not is_language_code(code):
                self.add(
                    "error",
                    f"fold_accents: unknown language code {code!r}: {explain_language_code(code)}",
                    item_line,
                )
            elif code not in self.declared:
                self.add(
                    "error", f"fold_accents names {code!r}, which is not in `languages`", item_line
                )

    def check_frame_ids(self) -> None:
        first_line: dict[str, int | None] = {}
        for frame in self.lexicon.frames:
            if frame.id in first_line:
                where = first_line[frame.id]
                earlier = f" (first defined at line {where})" if where else ""
                self.add("error", f"duplicate frame id{earlier}", frame.line, frame=frame.id)
            else:
                first_line[frame.id] = frame.line


class _FrameValidator:
    """The checks of one frame: its id, languages, entries, exclusions and proximity."""

    def __init__(self, parent: _Validator, frame: Frame, index: int) -> None:
        self.parent = parent
        self.frame = frame
        self.prefix = f"frames.{index}"

    def line(self, key: str) -> int | None:
        return self.parent.lines.get(f"{self.prefix}.{key}", self.frame.line)

    def add(self, level: Level, message: str, line: int | None, **context: str) -> None:
        self.parent.add(level, message, line, frame=str(self.frame.id), **context)

    def run(self) -> None:
        frame = self.frame
        if not isinstance(frame.id, str) or not FRAME_ID_RE.fullmatch(frame.id):
            self.add(
                "error",
                "frame id must start with a-z and use only a-z, 0-9 and '_'",
                self.line("id"),
            )
        if not isinstance(frame.label, str) or not frame.label.strip():
            self.add("error", "frame has no label", self.line("label"))
        sections = {"entries": frame.entries, "exclusions": frame.exclusions}
        if frame.proximity is not None:
            sections["proximity.anchors"] = frame.proximity.anchors
        for section, by_language in sections.items():
            for language, entries in by_language.items():
                self.check_language(section, language)
                for entry in entries:
                    self.check_entry(entry, language, section)
                self.check_duplicates(entries, language)
        self.check_coverage()
        self.check_contradictions()
        self.check_proximity()

    def check_language(self, section: str, language: str) -> None:
        line = self.line(f"{section}.{language}")
        if not is_language_code(language):
            self.add(
                "error",
                f"unknown language code {language!r} in {section}: "
                f"{explain_language_code(language)}",
                line,
                language=language,
            )
        elif language not in self.parent.declared:
            self.add(
                "error",
                f"language {language!r} is used in {section} but not declared in `languages`",
                line,
                language=language,
            )

    def check_coverage(self) -> None:
        entries = self.frame.entries
        if not any(entries.values()):
            self.add("error", "frame has no entries in any language", self.frame.line)
            return
        for language in self.parent.lexicon.languages:
            if is_language_code(language) and not entries.get(language):
                self.add(
                    "warning",
                    f"no entries for declared language {language!r}",
                    self.frame.line,
                    language=language,
                )
        for language, exclusions in self.frame.exclusions.items():
            if exclusions and not entries.get(language):
                self.add(
                    "warning",
                    "exclusions for a language with no entries have no effect",
                    self.line(f"exclusions.{language}"),
                    language=language,
                )

    def check_entry(self, entry: Entry, language: str, section: str) -> None:
        context = {"language": language, "entry": str(entry.pattern)}
        for level, message in _entry_problems(entry, language, section):
            self.add(level, message, entry.line, **context)

    def check_duplicates(self, entries: list[Entry], language: str) -> None:
        fold = language in self.parent.folded
        first: dict[str, Entry] = {}
        for entry in entries:
            if not _checkable(entry):
                continue
            key = entry_key(entry, fold_accents=fold)
            if not key:
                continue
            if key not in first:
                first[key] = entry
                continue
            earlier = first[key]
            at = f" at line {earlier.line}" if earlier.line else ""
            if earlier.weight != entry.weight:
                message = (
                    f"contradicts the entry{at}: same pattern after normalisation "
                    f"({key}) with weight {earlier.weight:g} there and {entry.weight:g} "
                    "here"
                )
            else:
                message = (
                    f"duplicate of an earlier entry{at} (same pattern after normalisation: {key})"
                )
            self.add("error", message, entry.line, language=language, entry=entry.pattern)

    def check_contradictions(self) -> None:
        for language, exclusions in self.frame.exclusions.items():
            fold = language in self.parent.folded
            entry_keys: dict[str, Entry] = {}
            for entry in self.frame.entries.get(language, []):
                if _checkable(entry):
                    entry_keys.setdefault(entry_key(entry, fold_accents=fold), entry)
            for exclusion in exclusions:
                if not _checkable(exclusion):
                    continue
                entry = entry_keys.get(entry_key(exclusion, fold_accents=fold))
                if entry is not None:
                    at = f" at line {entry.line}" if entry.line else ""
                    self.add(
                        "error",
                        f"is both an entry{at} and an exclusion of this frame: "
                        "every match would be cancelled",
                        exclusion.line,
                        language=language,
                        entry=exclusion.pattern,
                    )

    def check_proximity(self) -> None:
        proximity = self.frame.proximity
        if proximity is None:
            return
        window = proximity.window
        if isinstance(window, bool) or not isinstance(window, int) or window < 1:
            self.add(
                "error",
                f"proximity window must be a whole number >= 1, not {window!r}",
                self.line("proximity.window"),
            )
        if not any(proximity.anchors.values()):
            self.add(
                "error",
                "proximity has no anchors: give `anchors:` per language",
                self.line("proximity"),
            )
            return
        for language, entries in self.frame.entries.items():
            if entries and not proximity.anchors.get(language):
                self.add(
                    "warning",
                    f"proximity has no anchors in {language!r}, but the frame "
                    f"has {language!r} entries",
                    self.line("proximity.anchors"),
                    language=language,
                )


def _checkable(entry: Entry) -> bool:
    return isinstance(entry.pattern, str) and bool(entry.pattern.strip())


def _entry_problems(entry: Entry, language: str, section: str) -> list[tuple[Level, str]]:
    """The problems of one entry on its own (not duplicates, which need the others)."""
    if not _checkable(entry):
        return [("error", "empty entry")]
    problems = _weight_problems(entry.weight, section)
    if entry.kind not in ENTRY_KINDS:
        problems.append(("error", f"unknown kind {entry.kind!r} (use {', '.join(ENTRY_KINDS)})"))
    elif entry.kind == "regex":
        problems += _regex_problems(entry.pattern)
    else:
        problems += _pattern_problems(entry)
        scripts = foreign_scripts(entry.pattern, language)
        if scripts:
            names = ", ".join(sorted(s.title() for s in scripts))
            message = f"{names} letters in the {language!r} list: is this the right language?"
            problems.append(("warning", message))
    return problems


def _weight_problems(weight: object, section: str) -> list[tuple[Level, str]]:
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        return [("error", f"weight must be a number, not {weight!r}")]
    if not math.isfinite(weight) or weight <= 0:
        return [("error", f"weight must be a finite number > 0, not {weight:g}")]
    if section != "entries" and weight != 1:
        return [("warning", f"weight {weight:g} is ignored in {section}")]
    return []


def _pattern_problems(entry: Entry) -> list[tuple[Level, str]]:
    has_wildcard = any(ch in WILDCARDS for ch in entry.pattern)
    if entry.kind != "glob" and has_wildcard:
        return [("error", f"contains a wildcard but its kind is {entry.kind!r} (use 'glob')")]
    if entry.kind == "glob":
        return _glob_problems(entry.pattern, has_wildcard)
    problems: list[tuple[Level, str]] = []
    if not entry_tokens(entry):
        return [("error", "unmatchable: no letters or digits are left after tokenisation")]
    if entry.kind != Entry.infer_kind(entry.pattern):
        problems.append(
            (
                "warning",
                f"kind {entry.kind!r} does not fit this pattern "
                f"(looks like a {Entry.infer_kind(entry.pattern)})",
            )
        )
    return problems


def _glob_problems(pattern: str, has_wildcard: bool) -> list[tuple[Level, str]]:
    tokens = glob_tokens(pattern)
    literals = [token.strip(WILDCARDS).replace("*", "").replace("?", "") for token in tokens]
    if not tokens:
        return [("error", "unmatchable: no letters, digits or wildcards in this glob")]
    if not any(literals):
        return [("error", "only wildcards: this glob matches every token")]
    problems: list[tuple[Level, str]] = []
    if not has_wildcard:
        problems.append(("warning", "kind 'glob' but no wildcard: matched literally"))
    for token, literal in zip(tokens, literals, strict=True):
        if not literal:
            problems.append(("warning", f"{token!r} alone matches any token in this position"))
    if len(tokens) == 1 and "*" in tokens[0] and len(literals[0]) < MIN_GLOB_LITERALS:
        problems.append(
            (
                "warning",
                f"{tokens[0]!r} has fewer than {MIN_GLOB_LITERALS} letters "
                "before or after '*' and matches a great many words",
            )
        )
    return problems


def _regex_problems(pattern: str) -> list[tuple[Level, str]]:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        return [("error", f"invalid regular expression: {exc}")]
    if compiled.fullmatch(""):
        return [("error", "this regular expression matches the empty string")]
    if has_nested_repetition(pattern):
        return [
            (
                "error",
                "a repeated group that itself repeats (such as (a+)+ or (\\w+\\s?)*) can take "
                "exponential time on a long word: rewrite it without the outer repetition",
            )
        ]
    problems: list[tuple[Level, str]] = []
    if sum(bool(compiled.fullmatch(probe)) for probe in _REGEX_PROBES) >= len(_REGEX_PROBES) - 1:
        problems.append(("warning", "this regular expression matches almost any token"))
    bare = re.sub(r"\\.|\(\?P?<[^>]*>|\(\?P=[^)]*\)", "", pattern)
    if any(ch.isupper() for ch in bare):
        problems.append(
            (
                "warning",
                "tokens are lower-cased before matching: upper-case letters "
                "in a regular expression never match",
            )
        )
    if " " in bare or r"\s" in pattern:
        problems.append(
            (
                "warning",
                "a regular expression matches one token, which never "
                "contains spaces: use a phrase or glob entry",
            )
        )
    return problems


_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)


def has_nested_repetition(pattern: str) -> bool:
    """Whether an unbounded repetition contains another (``(a+)+``): catastrophic backtracking.

    Python's ``re`` has no time limit, so a lexicon shared by others must not
    be able to make matching take exponential time. Possessive and atomic
    forms (``(?>a+)+``, ``(a++)+``) do not backtrack and are allowed.

    >>> has_nested_repetition(r"(a+)+"), has_nested_repetition(r"(?:\\w+\\s?)*x")
    (True, True)
    >>> has_nested_repetition(r"terror(ist|ism)s?"), has_nested_repetition(r"(ab){2,3}")
    (False, False)
    """
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    stack = [(list(parsed), False)]
    while stack:
        items, inside = stack.pop()
        for op, value in items:
            if op in _REPEATS:
                _, high, body = value
                unbounded = high == sre.MAXREPEAT
                if inside and unbounded:
                    return True
                stack.append((list(body), inside or unbounded))
            elif op == sre.SUBPATTERN:
                stack.append((list(value[-1]), inside))
            elif op == sre.BRANCH:
                stack.extend((list(branch), inside) for branch in value[1])
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                stack.append((list(value[1]), inside))
            elif op == sre.GROUPREF_EXISTS:
                stack.extend((list(branch), inside) for branch in value[1:] if branch)
    return False
