"""Arabic clitics: the surface forms of a lexicon entry, and an optional camel-tools analyser.

Arabic writes conjunctions, prepositions and the article as prefixes and
possessive/object pronouns as suffixes, so the entry ``السيادة`` must find
``وبالسيادة`` ("and by the sovereignty"), ``للسيادة`` and ``سيادته`` ("his
sovereignty"). The matcher expands each Arabic entry into its clitic forms
(:func:`word_forms`, :func:`phrase_forms`) and looks them all up in one scan.

The rules, chosen to avoid false matches on words that merely begin or end with
a clitic letter (``بحث`` is not ب + ``حث``; ``كامن`` is not ك + ``أمن``):

- The *core* of a stem is its letters without a final teh marbuta.
- Article forms (ال, and with the article: وال فال بال كال وبال فبال وكال فكال لل
  ولل فلل) attach to any stem with a core of 2 letters or more.
- Without the article, the conjunctions و ف attach to cores of 3 letters or more;
  the prepositions ب ك ل (alone or after و ف) only to cores of 4 or more.
- Pronoun enclitics (ه ها هم هما هن ك كم كن نا) attach to indefinite stems with a
  core of 3 or more; teh marbuta becomes ت before them (سيادة -> سيادته) and
  alef maksura becomes ا (مستوى -> مستواه). The first-person ي only follows a
  teh marbuta (سيادتي): after other stems it would make every nisba adjective
  (أمني "security-related", وطني) a form of its noun.
- An entry with the article also matches without it and vice versa; an entry
  starting with ال is also read as a stem of its own (التزام -> الالتزام, التزامه).
- A stem ending in teh marbuta also matches the common misspelling with heh
  (سياده), without enclitics.
- Phrases take proclitics on their first word only, no enclitics; a phrase whose
  words are all definite (التعاون الأمني) also matches all indefinite (تعاون
  أمني), and the reverse. Mixed phrases (حقوق الإنسان) are kept as written.

The analysis reads the entry before folding (teh marbuta, alef maksura and the
hamza on alef still visible); the forms are folded by the matcher afterwards.

When the camel-tools morphology data is installed, :func:`resolve_backend` can
use camel-tools' morphological tokenizer instead for single words
(:class:`CamelCliticAnalyzer`); it is imported only then.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from camel_tools.utils.dediac import dediac_ar

from framing.errors import ConfigError

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")
ARTICLE = "ال"
ENCLITICS = ("ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "نا")
FIRST_PERSON = "ي"
TEH_MARBUTA = "ة"
ALEF_MAKSURA = "ى"

MIN_CORE_ARTICLE = 2
MIN_CORE_CONJUNCTION = 3
MIN_CORE_PREPOSITION = 4
MIN_CORE_ENCLITIC = 3

_INDEFINITE_SHORT = ("", *CONJUNCTIONS)
_INDEFINITE_LONG = (
    *_INDEFINITE_SHORT,
    *PREPOSITIONS,
    *(c + p for c in CONJUNCTIONS for p in PREPOSITIONS),
)
_BEFORE_ARTICLE = ("", "و", "ف", "ب", "ك", "وب", "فب", "وك", "فك")
_WILDCARDS = "*?"


def strip_marks(word: str) -> str:
    """Remove diacritics and tatweel, keeping letters as written.

    >>> strip_marks("السِّيادَةُ") == "السيادة"
    True
    """
    return dediac_ar(word).replace("\u0640", "")


def core_length(stem: str) -> int:
    """Letters of ``stem`` without a final teh marbuta or a glob ``*``."""
    stem = stem.rstrip("*")
    return len(stem) - (1 if stem.endswith(TEH_MARBUTA) else 0)


def has_article(word: str) -> bool:
    """True if ``word`` starts with the article ال and leaves a stem of 2 letters or more."""
    return word.startswith((ARTICLE, "ٱل")) and core_length(word[2:]) >= MIN_CORE_ARTICLE


# Article forms, longest first: a proclitic may come before ال (وال، بال), ل + ال is لل.
_DEFINITE_PREFIXES = tuple(
    sorted({p + ARTICLE for p in _BEFORE_ARTICLE} | {"لل", "ولل", "فلل"}, key=len, reverse=True)
)


def strip_article(word: str, min_core: int = 3) -> str:
    """``word`` without the article and the proclitics before it: والأمن -> أمن.

    Only definite forms are cut, and only when ``min_core`` letters are left:
    a word starting with و, ب, ل or ف may start with a root letter (وزير,
    بحث), so proclitics without the article stay, as do pronoun enclitics.

    >>> [strip_article(w) for w in ("والأمنية", "للأمن", "بالرباط", "وزير", "الله")]
    ['أمنية', 'أمن', 'رباط', 'وزير', 'الله']
    """
    for prefix in _DEFINITE_PREFIXES:
        if word.startswith(prefix) and core_length(word[len(prefix) :]) >= min_core:
            return word[len(prefix) :]
    return word


def indefinite_prefixes(stem: str) -> tuple[str, ...]:
    """Proclitics allowed on ``stem`` without the article (``""`` included)."""
    core = core_length(stem)
    if core >= MIN_CORE_PREPOSITION:
        return _INDEFINITE_LONG
    if core >= MIN_CORE_CONJUNCTION:
        return _INDEFINITE_SHORT
    return ("",)


def definite_forms(stem: str) -> list[str]:
    """``stem`` with the article and the proclitics that go before it.

    >>> sorted(definite_forms("أمن"))[:3] == ["الأمن", "بالأمن", "فالأمن"]
    True
    """
    if core_length(stem) < MIN_CORE_ARTICLE:
        return []
    forms = [p + ARTICLE + stem for p in _BEFORE_ARTICLE]
    # ل + ال drops the alef (للأمن); before a stem starting with ل one lam goes too (للقاء).
    lil = "ل" + stem if stem.startswith("ل") else "لل" + stem
    forms += [p + lil for p in ("", "و", "ف")]
    return forms


def enclitic_forms(stem: str) -> list[str]:
    """``stem`` with each pronoun enclitic (empty for short or glob stems).

    >>> enclitic_forms("سيادة")[0] == "سيادته"
    True
    """
    if stem.endswith("*") or core_length(stem) < MIN_CORE_ENCLITIC:
        return []
    if stem.endswith(TEH_MARBUTA):
        base = stem[:-1] + "ت"
        return [base + e for e in (*ENCLITICS, FIRST_PERSON)]
    base = stem[:-1] + "ا" if stem.endswith(ALEF_MAKSURA) else stem
    return [base + e for e in ENCLITICS]


def _heh_variant(word: str) -> list[str]:
    return [word[:-1] + "ه"] if word.endswith(TEH_MARBUTA) else []


def _stem_forms(stem: str, *, enclitics: bool) -> set[str]:
    bases = [stem, *_heh_variant(stem)]
    if enclitics:
        bases += enclitic_forms(stem)
    forms = {p + b for p in indefinite_prefixes(stem) for b in bases}
    for definite in definite_forms(stem):
        forms.update([definite, *_heh_variant(definite)])
    return forms


def word_forms(word: str) -> set[str]:
    """Every clitic surface form of one Arabic word (unfolded; the matcher folds them).

    A word ending in ``*`` (a prefix glob) gets proclitics only.

    >>> forms = word_forms("السيادة")
    >>> all(f in forms for f in ["وبالسيادة", "للسيادة", "سيادته", "سيادتنا", "سيادة"])
    True
    >>> "بحث" in word_forms("حث"), "كامن" in word_forms("أمن"), "عملاء" in word_forms("عمل")
    (False, False, False)
    """
    word = strip_marks(word)
    if any(w in word.rstrip("*") for w in _WILDCARDS):
        return {word}  # infix wildcards: matched as written
    enclitics = not word.endswith("*")
    stems = [word]
    if has_article(word):
        stems.append(word[2:])
    forms: set[str] = set()
    for stem in stems:
        forms |= _stem_forms(stem, enclitics=enclitics)
    return forms


def phrase_forms(words: Iterable[str]) -> set[tuple[str, ...]]:
    """The clitic forms of a multi-word Arabic entry, as word tuples.

    >>> forms = phrase_forms(["التعاون", "الأمني"])
    >>> ("لتعاون", "أمني") in forms, ("وللتعاون", "الأمني") in forms
    (True, True)
    >>> ("وتعاونهما", "الأمني") in forms, ("تعاونهما", "أمني") in forms
    (True, False)
    """
    words = [strip_marks(w) for w in words]
    if len(words) == 1:
        return {(f,) for f in word_forms(words[0])}
    literal = [not any(c in (w[:-1] if w.endswith("*") else w) for c in _WILDCARDS) for w in words]
    definite = [has_article(w) for w in words]
    variants = [words]
    if all(literal):
        if all(definite):
            variants.append([w[2:] for w in words])
        elif not any(definite):
            variants.append([ARTICLE + w for w in words])
    for variant in list(variants):
        if any(w.endswith(TEH_MARBUTA) for w in variant):
            variants.append([w[:-1] + "ه" if w.endswith(TEH_MARBUTA) else w for w in variant])
    forms: set[tuple[str, ...]] = set()
    for first, *rest in variants:
        if any(c in first.rstrip("*") for c in _WILDCARDS):
            firsts: Iterable[str] = [first]
        elif has_article(first):
            firsts = [first, *definite_forms(first[2:])]
            if rest and all(has_article(w) for w in rest):
                # A possessed head keeps its definite adjectives: تعاونهما الأمني, وحدته الترابية.
                stem = first[2:]
                firsts += [p + e for e in enclitic_forms(stem) for p in indefinite_prefixes(stem)]
        else:
            firsts = [p + first for p in indefinite_prefixes(first)]
        forms.update((f, *rest) for f in firsts)
    return forms


# -- camel-tools -----------------------------------------------------------------------------


def camel_data_dir() -> Path:
    """Where camel-tools keeps its data: ``$CAMELTOOLS_DATA`` or ``~/.camel_tools``."""
    env = os.environ.get("CAMELTOOLS_DATA")
    return Path(env).expanduser() if env else Path.home() / ".camel_tools"


def camel_data_available(data_dir: Path | None = None) -> bool:
    """True if the camel-tools catalogue, morphology database and MLE model are installed.

    Checked on disk only: importing ``camel_tools.data`` would try to download
    the catalogue when it is missing.
    """
    root = data_dir or camel_data_dir()
    return (
        (root / "catalogue.json").is_file()
        and any(root.glob("data/morphology_db/*/morphology.db"))
        and any(root.glob("data/disambig_mle/*/model.json"))
    )


class CamelCliticAnalyzer:
    """Strip clitics from a word with camel-tools' morphological tokenizer (``d3tok``).

    Loads the MLE disambiguator on first use; only construct it when
    :func:`camel_data_available` is true.
    """

    name = "camel-tools"

    def __init__(self) -> None:
        from camel_tools.disambig.mle import MLEDisambiguator
        from camel_tools.tokenizers.morphological import MorphologicalTokenizer

        self._tokenizer = MorphologicalTokenizer(
            MLEDisambiguator.pretrained(), scheme="d3tok", split=False
        )
        self._cache: dict[str, str | None] = {}

    def base(self, word: str) -> str | None:
        """The word without proclitics, article and enclitics, or None if it has none."""
        if word not in self._cache:
            token = self._tokenizer.tokenize([word])[0]
            parts = [p for p in token.split("_") if not p.endswith("+") and not p.startswith("+")]
            stem = "".join(parts)
            self._cache[word] = stem if stem and stem != word else None
        return self._cache[word]


def resolve_backend(clitics: str) -> tuple[str, CamelCliticAnalyzer | None]:
    """The clitic backend for ``clitics`` = ``auto`` | ``rules`` | ``camel`` | ``none``.

    Returns ``(name, analyzer)`` where name is ``camel-tools``, ``rules`` or
    ``none``. ``auto`` uses camel-tools when its data is installed and loads,
    else the rules.
    """
    if clitics not in ("auto", "rules", "camel", "none"):
        raise ConfigError(
            f"unknown clitics backend {clitics!r}",
            field="clitics",
            hint="use auto, rules, camel or none",
        )
    if clitics in ("rules", "none"):
        return clitics, None
    if clitics == "auto" and not camel_data_available():
        return "rules", None
    try:
        return "camel-tools", CamelCliticAnalyzer()
    except Exception as exc:  # camel-tools raises many kinds of errors on bad data
        if clitics == "camel":
            raise ConfigError(
                f"camel-tools clitic analysis unavailable: {exc}",
                path=camel_data_dir(),
                hint="install its data with `camel_data -i light`, or use clitics='rules'",
            ) from exc
        return "rules", None


# -- display -----------------------------------------------------------------------------------

_MIRRORS = dict(zip("()[]{}<>«»", ")(][}{><»«", strict=True))


def _bidi_types(text: str) -> list[str]:
    import unicodedata

    types = [unicodedata.bidirectional(ch) or "ON" for ch in text]
    strong = "R" if next((t for t in types if t in ("L", "R", "AL")), "L") != "L" else "L"
    previous, last_strong = strong, strong
    for i, t in enumerate(types):
        if t == "NSM":
            t = previous
        if t == "EN" and last_strong == "AL":
            t = "AN"
        if t in ("L", "R", "AL"):
            last_strong = t
        if t == "AL":
            t = "R"
        types[i] = previous = t
    for i in range(1, len(types) - 1):
        if types[i] in ("ES", "CS") and types[i - 1] == types[i + 1] == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and types[i - 1] == types[i + 1] == "AN":
            types[i] = "AN"
    for i, t in enumerate(types):
        if t == "EN" and _last_strong(types, i, strong) == "L":
            types[i] = "L"
    return types


def _last_strong(types: list[str], i: int, default: str) -> str:
    for t in reversed(types[:i]):
        if t in ("L", "R"):
            return t
    return default


def _levels(types: list[str], base: int) -> list[int]:
    direction = ["L" if t == "L" else "R" if t in ("R", "EN", "AN") else "N" for t in types]
    embedding = "R" if base else "L"
    i = 0
    while i < len(direction):
        if direction[i] != "N":
            i += 1
            continue
        j = i
        while j < len(direction) and direction[j] == "N":
            j += 1
        before = direction[i - 1] if i else embedding
        after = direction[j] if j < len(direction) else embedding
        fill = before if before == after else embedding
        direction[i:j] = [fill] * (j - i)
        i = j
    levels = []
    for t, d in zip(types, direction, strict=True):
        if base == 0:
            levels.append(2 if t in ("EN", "AN") else 1 if d == "R" else 0)
        else:
            levels.append(2 if d == "L" or t in ("EN", "AN") else 1)
    return levels


def visual_order(line: str) -> str:
    """Reorder one line of mixed Arabic and Latin text for a terminal that does not.

    A small implementation of the Unicode bidirectional algorithm (no
    explicit embeddings): the base direction is that of the first strong
    letter, Arabic runs are reversed, numbers and Latin words inside them keep
    their order, and brackets are mirrored. For display only: stored text
    stays in logical order.

    >>> visual_order("abc") == "abc"
    True
    >>> visual_order("أمن 2026") == "2026 نمأ"
    True
    """
    if not line or not any(_is_rtl(ch) for ch in line):
        return line
    types = _bidi_types(line)
    base = 1 if next((t for t in types if t in ("L", "R")), "L") == "R" else 0
    levels = _levels(types, base)
    chars = [
        _MIRRORS.get(ch, ch) if level % 2 else ch for ch, level in zip(line, levels, strict=True)
    ]
    order = list(range(len(chars)))
    for level in range(max(levels), 0, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return "".join(chars[k] for k in order)


def _is_rtl(ch: str) -> bool:
    return "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufeff"
