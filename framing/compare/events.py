"""Events: articles about the same happening, compared across outlets and languages.

Two ways to group articles into events:

- **from a metadata column** (``events="event"``): the value names the event
  (e.g. a manifest column). Articles without a value are unassigned.
- **automatically** (``events="auto"``): two articles are linked when their
  dates are at most ``window_days`` apart (default 10) *and* they share at
  least ``min_shared`` names (default 2); events are the connected groups of
  linked articles with at least 2 articles. Names are

  * entries of the built-in gazetteer (:mod:`framing.compare.gazetteer`),
    which is what links an English report on Riyadh to an Arabic one on
    الرياض, since Latin and Arabic spellings share nothing;
  * capitalised words in Latin-script text that are not at the start of a
    sentence (people, places, organisations), which link English and French
    coverage (``Hammouchi``, ``Interpol``).

  Names carried by more than ``max_df`` (default half) of the articles say
  nothing about which event an article covers ("Morocco") and are ignored
  once there are at least 10 articles.

Limits of the automatic method, stated plainly: only articles dated to the day
take part (others are unassigned); Arabic names link to Latin ones only through
the gazetteer (add your own entries with ``gazetteer=``); linking is
single-linkage, so a chain of articles a few days apart can join two events
that a reader would keep apart. Check ``event_articles.csv``, which lists every
article with its event and the names it shares with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import pandas as pd

from framing.compare.data import AnalysisData
from framing.compare.gazetteer import build_gazetteer
from framing.compare.groupings import UNKNOWN, group_columns
from framing.compare.intervals import wilson_interval
from framing.compare.stopwords import stopwords
from framing.text.normalize import fold_accents, normalize_token
from framing.text.script import has_arabic
from framing.text.tokens import tokenize

AUTO = "auto"
MIN_DF_ARTICLES = 10
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Longest first, so that "وال" is tried before "و".
_PROCLITICS = (
    "وبال",
    "وال",
    "فال",
    "بال",
    "كال",
    "ولل",
    "لل",
    "ال",
    "وب",
    "ول",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
_SENTENCE_START = set('.!?:;\n«"“(')
EVENT_COLUMNS = (
    "event",
    "outlet",
    "language",
    "frame",
    "n_articles",
    "n_with_frame",
    "article_share",
    "article_share_ci_low",
    "article_share_ci_high",
)


def assign_events(
    documents: pd.DataFrame,
    source: str,
    *,
    window_days: int = 10,
    min_shared: int = 2,
    max_df: float = 0.5,
    gazetteer: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """One row per document: ``doc_id, event, names`` (``event`` empty when unassigned).

    ``source`` is a metadata column (or document column) naming events, or
    ``"auto"`` for the automatic method of the module docstring.

    Examples
    --------
    >>> assign_events(corpus.documents, "auto", window_days=10)  # doctest: +SKIP
    """
    if source != AUTO:
        values = group_columns(documents, [source])[source]
        events = ["" if v == UNKNOWN else v for v in values]
        return pd.DataFrame(
            {"doc_id": documents["doc_id"].astype(str).to_numpy(), "event": events, "names": ""}
        )
    matcher = NameMatcher(build_gazetteer(gazetteer))
    names = [
        matcher.names(f"{title}\n\n{text}")
        for title, text in zip(documents["title"].fillna(""), documents["text"], strict=True)
    ]
    names = _drop_common(names, max_df)
    dates = [_day(d) for d in documents["date"].fillna("")]
    ids = documents["doc_id"].astype(str).tolist()
    components = _link(ids, dates, names, window_days, min_shared)
    return _label(ids, dates, names, components, matcher)


class NameMatcher:
    """Finds gazetteer entries and capitalised Latin names in a text.

    >>> m = NameMatcher(build_gazetteer())
    >>> sorted(m.names("Talks in Riyadh with the Saudi State Security. Hammouchi met them."))
    ['hammouchi', 'name:security', 'name:state', 'riyadh', 'saudi_arabia']
    >>> sorted(m.names("وصل الحموشي إلى الرياض، وقال مسؤول بالرياض"))
    ['hammouchi', 'riyadh']
    """

    def __init__(self, gazetteer: Mapping[str, Sequence[str]]) -> None:
        self.labels = {key: forms[0] for key, forms in gazetteer.items()}
        self._phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, forms in gazetteer.items():
            for form in forms:
                words = tuple(_bare(t.text) for t in tokenize(form))
                if words:
                    self._phrases.setdefault(words[0], []).append((words, key))
        self._stop = stopwords("en") | stopwords("fr")

    def names(self, text: str) -> set[str]:
        """The keys of the names found in ``text`` (``name:<word>`` for capitalised words)."""
        tokens = tokenize(text)
        candidates = [_candidates(t.text) for t in tokens]
        found: set[str] = set()
        covered: set[int] = set()
        for i, options in enumerate(candidates):
            for option in options:
                for words, key in self._phrases.get(option, ()):
                    end = i + len(words)
                    if end <= len(tokens) and all(
                        words[j] in candidates[i + j] for j in range(1, len(words))
                    ):
                        found.add(key)
                        covered.update(range(i, end))
        for i, token in enumerate(tokens):
            if i not in covered and self._is_name(text, token):
                found.add("name:" + _bare(token.text))
        return found

    def label(self, key: str) -> str:
        """A display label: the gazetteer's first form, or the capitalised word."""
        return self.labels.get(key, key.removeprefix("name:").title())

    def _is_name(self, text: str, token: object) -> bool:
        word: str = token.text  # type: ignore[attr-defined]
        if len(word) < 3 or not word[0].isupper() or has_arabic(word):
            return False
        if _bare(word) in self._stop:
            return False
        before = text[: token.start].rstrip()  # type: ignore[attr-defined]
        return bool(before) and before[-1] not in _SENTENCE_START


def event_table(
    data: AnalysisData, assignments: pd.DataFrame, *, alpha: float = 0.05
) -> pd.DataFrame:
    """Per event, outlet and language: the share of articles with each frame (Wilson CI).

    Unassigned articles are left out here (``event_articles.csv`` lists them).
    """
    event_of = dict(zip(assignments["doc_id"], assignments["event"], strict=True))
    meta = data.articles[["doc_id"]].copy()
    for col in ("outlet", "language"):
        meta[col] = data.articles[col].replace("", UNKNOWN).fillna(UNKNOWN)
    scores = data.article_scores[["doc_id", "frame", "has_frame"]].merge(meta, on="doc_id")
    scores["event"] = scores["doc_id"].map(event_of).fillna("")
    scores = scores[scores["event"] != ""]
    if scores.empty:
        return pd.DataFrame(columns=[*EVENT_COLUMNS, "deduplicated"])
    table = (
        scores.groupby(["event", "outlet", "language", "frame"], sort=True)
        .agg(n_articles=("has_frame", "size"), n_with_frame=("has_frame", "sum"))
        .reset_index()
    )
    table["article_share"] = table["n_with_frame"] / table["n_articles"]
    low, high = wilson_interval(table["n_with_frame"], table["n_articles"], alpha)
    table["article_share_ci_low"], table["article_share_ci_high"] = low, high
    order = {f: i for i, f in enumerate(data.frames)}
    table = table.sort_values(
        ["event", "outlet", "language", "frame"],
        key=lambda s: s.map(order) if s.name == "frame" else s,
    )
    table["deduplicated"] = data.deduplicated
    return table[[*EVENT_COLUMNS, "deduplicated"]].reset_index(drop=True)


@lru_cache(maxsize=200_000)
def _bare(word: str) -> str:
    """Normalised, Latin accents folded, Arabic article removed (``الرياض`` -> ``رياض``)."""
    word = fold_accents(normalize_token(word))
    if has_arabic(word) and word.startswith("ال") and len(word) > 4:
        return word[2:]
    return word


@lru_cache(maxsize=200_000)
def _candidates(word: str) -> frozenset[str]:
    """The token's bare form, plus forms without Arabic proclitics (``للرياض`` -> ``رياض``)."""
    bare = _bare(word)
    if not has_arabic(bare):
        return frozenset({bare})
    norm = normalize_token(word)
    out = {bare}
    for prefix in _PROCLITICS:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 3:
            rest = norm[len(prefix) :]
            out.add(rest)
            out.add(_bare(rest))
    return frozenset(out)


def _day(date: str) -> dt.date | None:
    if not _DAY.match(date):
        return None
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        return None


def _drop_common(names: list[set[str]], max_df: float) -> list[set[str]]:
    if len(names) < MIN_DF_ARTICLES:
        return names
    df = Counter(key for found in names for key in found)
    common = {key for key, count in df.items() if count > max_df * len(names)}
    return [found - common for found in names]


def _link(
    ids: list[str],
    dates: list[dt.date | None],
    names: list[set[str]],
    window_days: int,
    min_shared: int,
) -> list[int]:
    """Union-find over linked pairs; returns each article's component root."""
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    dated = sorted((d, i) for i, d in enumerate(dates) if d is not None)
    for pos, (day_i, i) in enumerate(dated):
        for day_j, j in dated[pos + 1 :]:
            if (day_j - day_i).days > window_days:
                break
            if len(names[i] & names[j]) >= min_shared:
                parent[root(j)] = root(i)
    return [root(i) for i in range(len(ids))]


def _label(
    ids: list[str],
    dates: list[dt.date | None],
    names: list[set[str]],
    components: list[int],
    matcher: NameMatcher,
) -> pd.DataFrame:
    """Name each event (first date + its most shared names); singletons stay unassigned."""
    members: dict[int, list[int]] = {}
    for i, comp in enumerate(components):
        if dates[i] is not None:
            members.setdefault(comp, []).append(i)
    events = [""] * len(ids)
    shared = [""] * len(ids)
    used: Counter[str] = Counter()
    for group in sorted(members.values(), key=lambda m: (min(dates[i] for i in m), ids[m[0]])):
        if len(group) < 2:
            continue
        counts = Counter(key for i in group for key in names[i])
        common = [k for k, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c > 1]
        label = f"{min(dates[i] for i in group).isoformat()} " + ", ".join(
            matcher.label(k) for k in common[:3]
        )
        used[label] += 1
        label = label if used[label] == 1 else f"{label} #{used[label]}"
        for i in group:
            events[i] = label
            shared[i] = ", ".join(sorted(matcher.label(k) for k in names[i] if counts[k] > 1))
    return pd.DataFrame({"doc_id": ids, "event": events, "names": shared})


def event_articles(
    documents: pd.DataFrame, assignments: pd.DataFrame, kept: Iterable[str]
) -> pd.DataFrame:
    """Every analysed article with its event (empty when unassigned), for checking by hand."""
    kept = set(kept)
    docs = documents[documents["doc_id"].astype(str).isin(kept)]
    cols = [c for c in ("doc_id", "outlet", "language", "date", "title") if c in docs.columns]
    out = docs[cols].assign(doc_id=lambda d: d["doc_id"].astype(str))
    out = out.merge(assignments, on="doc_id", how="left")
    out["event"] = out["event"].fillna("")
    out["assigned"] = out["event"] != ""
    return out.sort_values(["event", "date", "doc_id"], ignore_index=True)
