"""Compile a lexicon into matchable keys: one Aho-Corasick automaton per language.

Every entry, exclusion and proximity anchor of a language becomes one or more
keys in the matching form of :func:`framing.text.normalize.match_form`
(`` word ``, `` soft power ``; Arabic entries expanded to their clitic forms by
:mod:`framing.text.arabic`). A key points at *targets*: which frame, which
role (entry, exclusion, anchor) and which entry it counts for.

Globs and regular expressions are token patterns, never a regex over the text:

- a glob ``secur*`` (one trailing ``*``) is the key `` secur`` extended to the
  end of the token, so it costs no more than a word;
- a phrase with glob words is a chain of *segments*, each a key ending at a
  glob word (``shar* its expertise``: `` shar`` then `` its expertise ``),
  joined by position; a glob word with other wildcards (``recogni?e*``) is
  found by its literal head and checked by regex, once per distinct word;
- a glob without a literal head (``*terror*``, ``?حظى``) is found by its
  longest literal piece, then its token is checked;
- regular expressions (and globs without any literal) are tested once per
  distinct word of the text (cached).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import ahocorasick
import numpy as np

from framing.collector import collection_paused
from framing.errors import LexiconError
from framing.lexicon.model import Entry, Frame, Lexicon
from framing.text.arabic import CamelCliticAnalyzer, has_article, phrase_forms, strip_marks
from framing.text.normalize import fold_for_matching, match_key, match_keys
from framing.text.tokens import _MARKS, tokenize

ROLES = ("entry", "exclusion", "anchor")
GLOB_TOKEN_RE = re.compile(rf"(?:[^\W_]|[{_MARKS}]|[*?])+")
ARABIC = "ar"

TokenTest = Callable[[str], Any]
# A token pattern: ("x", word) exact, ("p", prefix) prefix glob, or ("r", regex, literal
# head, longest literal piece) for other globs and regexes.
TokenPattern = tuple[str, ...]


@dataclass(frozen=True)
class Target:
    """What a match counts for: a frame, a role in it, and the entry as written."""

    frame: str
    frame_index: int
    role: str  # "entry" | "exclusion" | "anchor"
    language: str
    entry_index: int  # position in the frame's list for this role and language
    term: str  # the entry normalised (glob wildcards and regexes kept as written)
    entry: str  # the pattern as written
    kind: str
    weight: float


class Payload(NamedTuple):
    """What an automaton key reports: how to turn a hit into a match."""

    key_length: int
    rest: tuple[TokenTest, ...] | None  # token tests still to pass, or None: key is the match
    # Characters of the key inside the first tested token; -1 when the key lies
    # somewhere inside that token (an infix glob): its start is the previous space.
    literal_length: int
    targets: tuple[int, ...]


@dataclass
class FreePattern:
    """A pattern whose first token has no literal head: tested per distinct word."""

    first: TokenTest
    rest: tuple[TokenTest, ...]
    targets: tuple[int, ...]


class KeyTable(NamedTuple):
    """An automaton whose values are key ids, and what each key id means, as arrays.

    A key is a whole match for some targets (*literal*), a *segment* of
    patterns made of exact words and prefix globs (`` shar`` then `` its
    expertise `` for ``shar* its expertise``: segments are joined end to start
    with array operations), or an *anchor* whose following tokens are checked
    one by one (patterns with infix globs or regexes; ``complex``).
    ``*_ptr`` arrays index the rows of key ``i`` as ``ptr[i]:ptr[i + 1]``.
    """

    automaton: Any
    length: np.ndarray
    literal_ptr: np.ndarray
    literal_targets: np.ndarray
    first_ptr: np.ndarray  # CSR: the patterns whose first segment is key i
    first_pattern: np.ndarray
    pattern_keys: np.ndarray  # (pattern, k) -> key id of segment k, -1 past the last
    # (pattern, k) -> how segment k ends: 0 with its key, 1 a prefix glob (to the end of
    # the token), 2 a token checked by regex ``pattern_regex`` (its head ``pattern_head``
    # characters long is the end of the key).
    pattern_mode: np.ndarray
    pattern_regex: np.ndarray
    pattern_head: np.ndarray
    regexes: list[Callable[[str], Any]]
    checked: dict[tuple[int, str], bool]  # (regex, token) -> passes: tokens repeat a lot
    pattern_segments: np.ndarray
    pattern_ptr: np.ndarray
    pattern_targets: np.ndarray
    is_complex: np.ndarray
    complex: dict[int, tuple[Payload, ...]]


class KeyTableBuilder:
    """Collects keys (deduplicated) and builds a :class:`KeyTable`."""

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}
        self.literal: dict[int, list[int]] = {}
        self.first: dict[int, list[int]] = {}
        self.pattern_list: list[tuple[tuple[int, int, int, int], ...]] = []
        self.regexes: dict[str, int] = {}
        self.patterns: dict[tuple, int] = {}
        self.pattern_targets: list[list[int]] = []
        self.anchored: dict[int, dict[tuple, list[int]]] = {}

    def _key(self, key: str) -> int:
        return self.keys.setdefault(key, len(self.keys))

    def add_literal(self, key: str, targets: Iterable[int]) -> None:
        for target in targets:
            self.add_literal_target(key, target)

    def add_literal_target(self, key: str, target: int) -> None:
        """A literal key and one of its targets (a lexicon's clitic forms add ~10^5 of these)."""
        key_id = self._key(key)
        ids = self.literal.get(key_id)
        if ids is None:
            self.literal[key_id] = [target]
        elif target not in ids:
            ids.append(target)

    def add_pattern(self, segments: tuple[Segment, ...], target: int) -> None:
        """A pattern of segments matched one after another (see :func:`_segments`)."""
        if segments not in self.patterns:
            pattern = self.patterns[segments] = len(self.pattern_targets)
            self.pattern_targets.append([])
            keyed = tuple(
                (
                    self._key(seg.key),
                    seg.mode,
                    self.regexes.setdefault(seg.regex, len(self.regexes)) if seg.regex else -1,
                    seg.head,
                )
                for seg in segments
            )
            self.pattern_list.append(keyed)
            self.first.setdefault(keyed[0][0], []).append(pattern)
        ids = self.pattern_targets[self.patterns[segments]]
        if target not in ids:
            ids.append(target)

    def add_anchored(self, key: str, plan: tuple, target: int) -> None:
        ids = self.anchored.setdefault(self._key(key), {}).setdefault(plan, [])
        if target not in ids:
            ids.append(target)

    def build(self, test: Callable[[TokenPattern], TokenTest]) -> KeyTable | None:
        if not self.keys:
            return None
        automaton = ahocorasick.Automaton()
        for key, key_id in self.keys.items():
            automaton.add_word(key, key_id)
        automaton.make_automaton()
        n = len(self.keys)
        length = np.fromiter((len(k) for k in self.keys), dtype=np.int64, count=n)
        literal_ptr, literal_targets = _csr([self.literal.get(i, []) for i in range(n)])
        first_ptr, first_pattern = _csr([self.first.get(i, []) for i in range(n)])
        width = max((len(p) for p in self.pattern_list), default=0)
        shape = (len(self.pattern_list), width)
        pattern_keys = np.full(shape, -1, dtype=np.int64)
        pattern_mode = np.zeros(shape, dtype=np.int64)
        pattern_regex = np.full(shape, -1, dtype=np.int64)
        pattern_head = np.zeros(shape, dtype=np.int64)
        for row, segments in enumerate(self.pattern_list):
            for k, values in enumerate(segments):
                (
                    pattern_keys[row, k],
                    pattern_mode[row, k],
                    pattern_regex[row, k],
                    pattern_head[row, k],
                ) = values
        pattern_ptr, pattern_targets = _csr(self.pattern_targets)
        complex_ = {}
        for key_id, plans in self.anchored.items():
            complex_[key_id] = tuple(
                Payload(
                    int(length[key_id]),
                    None if rest is None else tuple(map(test, rest)),
                    literal_length,
                    tuple(ids),
                )
                for (rest, literal_length), ids in plans.items()
            )
        is_complex = np.zeros(n, dtype=bool)
        is_complex[list(complex_)] = True
        return KeyTable(
            automaton=automaton,
            length=length,
            literal_ptr=literal_ptr,
            literal_targets=literal_targets,
            first_ptr=first_ptr,
            first_pattern=first_pattern,
            pattern_keys=pattern_keys,
            pattern_mode=pattern_mode,
            pattern_regex=pattern_regex,
            pattern_head=pattern_head,
            regexes=[re.compile(r, re.IGNORECASE).fullmatch for r in self.regexes],
            checked={},
            pattern_segments=np.array([len(p) for p in self.pattern_list], dtype=np.int64),
            pattern_ptr=pattern_ptr,
            pattern_targets=pattern_targets,
            is_complex=is_complex,
            complex=complex_,
        )


def _csr(rows: list[list]) -> tuple[np.ndarray, np.ndarray]:
    """Row pointers and flattened values (tuples are flattened too)."""
    sizes = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(sizes, out=ptr[1:])
    flat = list(itertools.chain.from_iterable(rows))
    if any(isinstance(item, tuple) for item in flat):
        flat = [v for item in flat for v in (item if isinstance(item, tuple) else (item,))]
    return ptr, np.asarray(flat, dtype=np.int64)


@dataclass
class CompiledLanguage:
    """Everything the matcher needs for one language."""

    language: str
    fold_accents: bool
    targets: list[Target]
    keys: KeyTable | None
    free: list[FreePattern]
    stems: dict[str, tuple[int, ...]]  # camel-tools backend: folded stem -> targets
    proximity: dict[int, int]  # frame index -> window in tokens
    n_keys: int
    has_entries: bool
    vocabulary: dict[str, tuple[tuple, tuple]] = field(default_factory=dict)
    target_frame: np.ndarray = field(init=False)
    target_role: np.ndarray = field(init=False)  # index into ROLES
    # Derived tables the scorer builds on first use (weights, term ids, JSON prefixes).
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.target_frame = np.array([t.frame_index for t in self.targets], dtype=np.int64)
        self.target_role = np.array([ROLES.index(t.role) for t in self.targets], dtype=np.int64)


def normalize_language(code: object) -> str:
    """Language codes compare trimmed and lower-case (``"AR "`` is ``ar``; missing is ``""``)."""
    return code.strip().lower() if isinstance(code, str) else ""


def language_codes(values: Any) -> np.ndarray:
    """:func:`normalize_language` of every value (a column of passages), as an object array."""
    import pandas as pd

    ids, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    normalized = np.array([normalize_language(value) for value in uniques], dtype=object)
    return normalized[ids] if len(ids) else np.zeros(0, dtype=object)


def lexicon_languages(lexicon: Lexicon) -> list[str]:
    """The languages a lexicon has entries, exclusions or anchors for, in first-seen order."""
    seen = dict.fromkeys(normalize_language(code) for code in lexicon.languages)
    for frame in lexicon.frames:
        for lists in (frame.entries, frame.exclusions):
            seen.update(dict.fromkeys(normalize_language(code) for code in lists))
        if frame.proximity is not None:
            seen.update(dict.fromkeys(normalize_language(c) for c in frame.proximity.anchors))
    seen.pop("", None)
    return list(seen)


def fold_languages(lexicon: Lexicon) -> set[str]:
    """Languages listed in ``options.fold_accents``."""
    value = (lexicon.options or {}).get("fold_accents") or []
    if isinstance(value, str):
        value = [value]
    return {normalize_language(code) for code in value}


@collection_paused()  # clitic forms add ~10^5 keys: objects without cycles
def compile_lexicon(
    lexicon: Lexicon, *, clitics: str = "rules", analyzer: CamelCliticAnalyzer | None = None
) -> dict[str, CompiledLanguage]:
    """Compile every language of ``lexicon``.

    ``clitics`` is the backend name from :func:`framing.text.arabic.resolve_backend`:
    ``rules`` expands Arabic entries into clitic forms, ``camel-tools`` expands
    phrases and globs only and leaves single words to ``analyzer``, ``none``
    matches Arabic entries as written.

    >>> from framing.lexicon.model import Frame
    >>> lex = Lexicon("demo", frames=[Frame("t", "T", entries={"en": [Entry("secur*", "glob")]})])
    >>> compile_lexicon(lex)["en"].n_keys
    1
    """
    folds = fold_languages(lexicon)
    return {
        code: _LanguageCompiler(lexicon, code, code in folds, clitics, analyzer).compile()
        for code in lexicon_languages(lexicon)
    }


def _entries_for(mapping: dict[str, list[Entry]], language: str) -> list[Entry]:
    out: list[Entry] = []
    for code, entries in mapping.items():
        if normalize_language(code) == language:
            out.extend(entries)
    return out


class _LanguageCompiler:
    def __init__(
        self,
        lexicon: Lexicon,
        language: str,
        fold: bool,
        clitics: str,
        analyzer: CamelCliticAnalyzer | None,
    ) -> None:
        self.lexicon = lexicon
        self.language = language
        self.fold = fold
        self.clitics = clitics if language == ARABIC else "none"
        self.analyzer = analyzer
        self.targets: list[Target] = []
        self.keys = KeyTableBuilder()
        self.free: dict[tuple, list[int]] = {}
        self.stems: dict[str, list[int]] = {}
        self._tests: dict[TokenPattern, TokenTest] = {}

    def compile(self) -> CompiledLanguage:
        proximity: dict[int, int] = {}
        has_entries = False
        for index, frame in enumerate(self.lexicon.frames):
            entries = _entries_for(frame.entries, self.language)
            has_entries = has_entries or bool(entries)
            self._add_role(frame, index, "entry", entries)
            self._add_role(frame, index, "exclusion", _entries_for(frame.exclusions, self.language))
            if frame.proximity is not None:
                proximity[index] = int(frame.proximity.window)
                anchors = _entries_for(frame.proximity.anchors, self.language)
                self._add_role(frame, index, "anchor", anchors)
        return CompiledLanguage(
            language=self.language,
            fold_accents=self.fold,
            targets=self.targets,
            keys=self.keys.build(self._test),
            free=[
                FreePattern(self._test(pats[0]), tuple(map(self._test, pats[1:])), tuple(ids))
                for pats, ids in self.free.items()
            ],
            stems={stem: tuple(ids) for stem, ids in self.stems.items()},
            proximity=proximity,
            n_keys=len(self.keys.keys),
            has_entries=has_entries,
        )

    # -- targets and forms ---------------------------------------------------------------

    def _add_role(self, frame: Frame, index: int, role: str, entries: list[Entry]) -> None:
        for position, entry in enumerate(entries):
            target = Target(
                frame=frame.id,
                frame_index=index,
                role=role,
                language=self.language,
                entry_index=position,
                term=self._term(entry),
                entry=entry.pattern,
                kind=entry.kind,
                weight=float(entry.weight),
            )
            self.targets.append(target)
            self._add_entry(entry, len(self.targets) - 1)

    def _term(self, entry: Entry) -> str:
        if entry.kind == "regex":
            return entry.pattern
        if entry.kind == "glob":
            return " ".join(self._fold(tok) for tok in GLOB_TOKEN_RE.findall(entry.pattern))
        return " ".join(match_key(entry.pattern, self.fold).split())

    def _fold(self, text: str) -> str:
        return fold_for_matching(text, self.fold)

    def _error(self, entry: Entry, message: str, hint: str) -> LexiconError:
        return LexiconError(
            message,
            path=self.lexicon.source_path,
            line=entry.line,
            field=f"{self.language}: {entry.pattern!r}",
            hint=hint,
        )

    def _add_entry(self, entry: Entry, target: int) -> None:
        if entry.kind == "regex":
            self._add_tokens((self._regex(entry),), target)
            return
        if entry.kind == "glob":
            words = GLOB_TOKEN_RE.findall(entry.pattern)
            if not words:
                raise self._error(entry, "glob has no word", "write at least one letter")
            forms = phrase_forms(words) if self.clitics != "none" else [tuple(words)]
            for form in forms:
                self._add_tokens(tuple(self._glob_token(word) for word in form), target)
            return
        self._add_literal(entry, target)

    def _add_literal(self, entry: Entry, target: int) -> None:
        words = [token.text for token in tokenize(entry.pattern)]
        body = match_key(entry.pattern, self.fold)
        if not body:
            raise self._error(entry, "entry has no word", "write at least one letter or digit")
        self._add_key(body, target)
        if self.clitics == "none" or not words:
            return
        if self.clitics == "camel-tools" and len(words) == 1:
            self._add_camel_word(words[0], target)
            return
        for key in match_keys([" ".join(form) for form in phrase_forms(words)], self.fold):
            self._add_key(key, target)

    def _add_camel_word(self, word: str, target: int) -> None:
        """camel-tools backend: the word with and without the article; clitics by analysis."""
        word = strip_marks(word)
        stem = word[2:] if has_article(word) else word
        for form in (stem, "ال" + stem):
            self._add_key(match_key(form, self.fold), target)
        variants = [stem]
        if stem.endswith("ة"):
            variants += [stem[:-1] + "ت", stem[:-1] + "ه"]
        for variant in variants:
            self.stems.setdefault(self._fold(variant), []).append(target)

    def _regex(self, entry: Entry) -> TokenPattern:
        pattern = fold_for_matching(entry.pattern, self.fold, keep_ascii=True)
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise self._error(
                entry, f"invalid regular expression: {exc}", "fix the pattern"
            ) from exc
        return ("r", pattern, "", "")

    def _glob_token(self, word: str) -> TokenPattern:
        pieces = re.split(r"([*?])", word)
        folded = [p if p in ("*", "?") else self._fold(p) for p in pieces]
        if "*" not in word and "?" not in word:
            return ("x", folded[0])
        head = folded[0]
        if head and word.endswith("*") and word.count("*") == 1 and "?" not in word:
            return ("p", head)
        regex = "".join({"*": ".*", "?": "."}.get(p, re.escape(p)) for p in folded)
        literals = [(len(p), i) for i, p in enumerate(folded) if p and p not in ("*", "?")]
        if not literals:
            return ("r", regex, head, "")
        # The longest literal piece finds the token; a piece at the end keeps its boundary.
        _, i = max(literals)
        return ("r", regex, head, folded[i] + (" " if i == len(folded) - 1 else ""))

    # -- keys ----------------------------------------------------------------------------

    def _add_key(self, body: str, target: int) -> None:
        self.keys.add_literal_target(" " + body + " ", target)

    def _add_tokens(self, patterns: tuple[TokenPattern, ...], target: int) -> None:
        """Plan a token-pattern sequence: a literal key, segments, an anchor or a free pattern."""
        first = next((i for i, p in enumerate(patterns) if p[0] != "x"), None)
        if first is None:
            self._add_key(" ".join(p[1] for p in patterns), target)
        elif (segments := _segments(patterns)) is not None:
            self.keys.add_pattern(segments, target)
        else:
            head = [p[1] for p in patterns[:first]]
            literal = patterns[first][1] if patterns[first][0] == "p" else patterns[first][2]
            if not head and not literal:
                infix = patterns[0][3] if len(patterns[0]) > 3 else ""
                if infix:
                    self.keys.add_anchored(infix, (patterns, -1), target)
                    return
                ids = self.free.setdefault(patterns, [])
                if target not in ids:
                    ids.append(target)
                return
            body = " ".join([*head, literal]) if literal else " ".join(head)
            key = " " + body + ("" if literal else " ")
            self.keys.add_anchored(key, (patterns[first:], len(literal)), target)

    def _test(self, pattern: TokenPattern) -> TokenTest:
        if pattern not in self._tests:
            kind, value = pattern[0], pattern[1]
            if kind == "x":
                test: TokenTest = value.__eq__
            elif kind == "p":
                test = _prefix_test(value)
            else:
                test = re.compile(value, re.IGNORECASE).fullmatch
            self._tests[pattern] = test
        return self._tests[pattern]


class Segment(NamedTuple):
    """One automaton key of a pattern and how the segment ends (see :class:`KeyTable`)."""

    key: str
    mode: int  # 0 the key's last space, 1 prefix glob, 2 token checked by ``regex``
    regex: str = ""
    head: int = 0


def _segments(patterns: tuple[TokenPattern, ...]) -> tuple[Segment, ...] | None:
    """Split a pattern into keys, each ending at a glob or regex token (None if impossible).

    ``shar* its expertise`` gives `` shar`` (extended to the end of its token)
    then `` its expertise ``; ``recogni?e* the role`` gives `` recogni`` whose
    token must match ``recogni.e.*``, then `` the role ``. A match is a chain of
    segments, each starting at the space where the previous one ended. A
    segment whose key would have no letter (a wildcard token with no literal
    head after a glob) cannot be found this way.
    """
    segments = []
    words: list[str] = []
    for kind, value, *rest in patterns:
        if kind == "x":
            words.append(value)
            continue
        head = value if kind == "p" else rest[0]
        words.append(head)
        key = " " + " ".join(words)
        if not key.strip():
            return None
        mode = 1 if kind == "p" else 2
        segments.append(Segment(key, mode, value if mode == 2 else "", len(head)))
        words = []
    if words:
        segments.append(Segment(" " + " ".join(words) + " ", 0))
    return tuple(segments)


def _prefix_test(prefix: str) -> TokenTest:
    def test(token: str) -> bool:
        return token.startswith(prefix)

    return test


def vocabulary_keys(plan: CompiledLanguage, words: Iterable[str], analyzer: Any) -> KeyTable | None:
    """Keys for the distinct words of a text that pass a free pattern or a camel-tools stem.

    The verdict for each word is cached in ``plan.vocabulary``.
    """
    cache = plan.vocabulary
    builder = KeyTableBuilder()
    for word in sorted(words):
        if word not in cache:
            cache[word] = _vocabulary_entry(plan, word, analyzer)
        literal, anchored = cache[word]
        key = " " + word + " "
        if literal:
            builder.add_literal(key, literal)
        for rest, ids in anchored:
            for target in ids:
                builder.add_anchored(key, (rest, 0), target)
    return builder.build(lambda test: test)


def _vocabulary_entry(plan: CompiledLanguage, word: str, analyzer: Any) -> tuple[tuple, tuple]:
    literal: list[int] = []
    anchored = []
    for pattern in plan.free:
        if pattern.first(word):
            if pattern.rest:
                anchored.append((pattern.rest, pattern.targets))
            else:
                literal.extend(pattern.targets)
    if plan.stems and analyzer is not None:
        base = analyzer.base(word)
        literal.extend(
            plan.stems.get(fold_for_matching(base, plan.fold_accents), ()) if base else ()
        )
    return tuple(literal), tuple(anchored)
