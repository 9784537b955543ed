"""Keyness: the words that distinguish group A from group B.

Two statistics per word, on normalised tokens (case folded, Arabic folded; an Arabic
word also loses its article and the proclitics before it, :func:`~framing.text.arabic.
strip_article`, so الأمن, والأمن, بالأمن and أمن count as one word):

- **log-odds ratio with an informative Dirichlet prior** (Monroe, Colaresi &
  Quinn 2008, "Fightin' words", eqs. 16-22). With counts ``y_a``, ``y_b``,
  group totals ``n_a``, ``n_b``, and prior ``alpha_w`` (``alpha_0 = sum alpha_w``)::

      delta_w = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
              - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
      var     = 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
      z       = delta_w / sqrt(var)

  The prior is the pooled corpus: ``alpha_w`` is the word's count in every
  passage of the scope (all groups, not only A and B), scaled so that
  ``alpha_0 = prior_strength`` (default: the pooled token count itself, i.e.
  the raw pooled counts). It shrinks rare words towards the corpus rate, so
  a word seen twice does not top the list.
- **G2** (log-likelihood ratio) on the 2 x 2 table (word, other words) x (A, B)
  with **Williams' correction** ``q = 1 + (N sum 1/R_i - 1)(N sum 1/C_j - 1) / (6N)``
  and its chi-square (1 df) p-value; ``g2_p_adjusted`` is Benjamini-Hochberg
  within one scope. Keyness is exploratory: thousands of words are tested.

Tokens made only of digits or of one character are left out, and by default so
are the stopwords of the passage's language (:mod:`framing.compare.stopwords`).
Rates are per 1,000 tokens (after those removals). The ``token`` shown is the
word's most frequent spelling in the texts (without diacritics), and ``forms``
lists the spellings counted under it with their counts, most frequent first.
Arabic proclitics without the article (و, ب, ل: وزير starts with a root letter)
and pronoun enclitics stay attached.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.special import xlogy
from scipy.stats import chi2

from framing.compare.data import AnalysisData
from framing.compare.significance import adjust_pvalues
from framing.compare.stopwords import stopwords
from framing.errors import CompareError
from framing.text.arabic import strip_article, strip_marks
from framing.text.normalize import normalize_token
from framing.text.script import has_arabic
from framing.text.tokens import tokenize

ALL_PASSAGES = "(all)"
KEYNESS_COLUMNS = (
    "frame",
    "group_a",
    "group_b",
    "token",
    "count_a",
    "count_b",
    "rate_a",
    "rate_b",
    "log_odds",
    "z",
    "g2",
    "g2_p",
    "g2_p_adjusted",
    "favours",
    "forms",
)


def parse_keyness(spec: str) -> tuple[str, str]:
    """``"en:ar"`` -> ``("en", "ar")``.

    >>> parse_keyness("Atlas Review|en:Al Marsad|ar")
    ('Atlas Review|en', 'Al Marsad|ar')
    """
    parts = [p.strip() for p in spec.split(":")]
    if len(parts) != 2 or not all(parts) or parts[0] == parts[1]:
        raise CompareError(
            f"keyness needs two different groups as A:B, got {spec!r}",
            field="keyness",
            hint="e.g. --keyness en:ar (values of the grouping, joined by | when combined)",
        )
    return parts[0], parts[1]


def keyness_table(
    data: AnalysisData,
    group_a: str,
    group_b: str,
    *,
    frames: Sequence[str] | None = (),
    use_stopwords: bool = True,
    min_count: int = 3,
    prior_strength: float | None = None,
) -> pd.DataFrame:
    """Keyness of A against B over all passages, and within each frame in ``frames``.

    ``frames=None`` means every frame of ``data``; within a frame only the
    passages carrying it count. Rows are sorted by ``z``, most A-typical first.
    A scope where either group has no tokens is skipped and listed in
    ``table.attrs["skipped"]`` (recorded in ``comparison.json``).

    Examples
    --------
    >>> table = keyness_table(data, "en", "ar", frames=["threat"])  # doctest: +SKIP
    >>> table[table["favours"] == "ar"].tail(10)  # doctest: +SKIP
    """
    labels = set(data.articles["group"])
    for name in (group_a, group_b):
        if name not in labels:
            raise CompareError(
                f"keyness group {name!r} is not a group of this grouping",
                field="keyness",
                hint=f"groups: {', '.join(sorted(labels))}",
            )
    counts, spellings = _passage_counts(data, use_stopwords)
    group_of = dict(zip(data.articles["doc_id"], data.articles["group"], strict=True))
    doc_of = dict(zip(data.passages["passage_id"], data.passages["doc_id"], strict=True))
    scopes: list[tuple[str, set[str] | None]] = [(ALL_PASSAGES, None)]
    frames = data.frames if frames is None else list(frames)
    present = data.passage_scores[data.passage_scores["present"]]
    for frame in frames:
        scopes.append((frame, set(present.loc[present["frame"] == frame, "passage_id"])))
    tables = [keyness_from_counts(Counter(), Counter(), labels=(group_a, group_b))]
    skipped: list[str] = []
    for scope, passage_ids in scopes:
        ids = counts.keys() if passage_ids is None else passage_ids & counts.keys()
        pooled, by_group = Counter(), {group_a: Counter(), group_b: Counter()}
        for pid in ids:
            pooled.update(counts[pid])
            group = group_of[doc_of[pid]]
            if group in by_group:
                by_group[group].update(counts[pid])
        if not by_group[group_a] or not by_group[group_b]:
            empty = group_a if not by_group[group_a] else group_b
            skipped.append(f"{scope}: no tokens for {empty}")
            continue
        table = keyness_from_counts(
            by_group[group_a],
            by_group[group_b],
            pooled,
            labels=(group_a, group_b),
            min_count=min_count,
            prior_strength=prior_strength,
        )
        tables.append(table.assign(frame=scope))
    out = pd.concat(tables, ignore_index=True)
    out["forms"] = [_forms(spellings.get(key, Counter())) for key in out["token"]]
    out["token"] = [_shown(spellings.get(key), key) for key in out["token"]]
    out["deduplicated"] = data.deduplicated
    out = out[[*KEYNESS_COLUMNS, "deduplicated"]]
    out.attrs["skipped"] = skipped
    return out


def keyness_from_counts(
    counts_a: Counter[str],
    counts_b: Counter[str],
    pooled: Counter[str] | None = None,
    *,
    labels: tuple[str, str] = ("a", "b"),
    min_count: int = 3,
    prior_strength: float | None = None,
) -> pd.DataFrame:
    """Log-odds (informative Dirichlet prior) and Williams-corrected G2 for word counts.

    ``pooled`` defaults to ``counts_a + counts_b``. Words with
    ``count_a + count_b < min_count`` are left out of the table (not of the totals).

    >>> a = Counter({"terrorisme": 8, "coopération": 2, "sécurité": 10})
    >>> b = Counter({"terrorisme": 1, "coopération": 9, "sécurité": 10})
    >>> t = keyness_from_counts(a, b, labels=("fr1", "fr2"))
    >>> t[["token", "favours"]].values.tolist()[0]
    ['terrorisme', 'fr1']
    """
    pooled = pooled if pooled is not None else counts_a + counts_b
    vocab = sorted(
        w for w in set(counts_a) | set(counts_b) if counts_a[w] + counts_b[w] >= min_count
    )
    y_a = np.array([counts_a[w] for w in vocab], dtype=float)
    y_b = np.array([counts_b[w] for w in vocab], dtype=float)
    n_a, n_b = np.float64(sum(counts_a.values())), np.float64(sum(counts_b.values()))
    pooled_total = float(sum(pooled.values()))
    alpha0 = pooled_total if prior_strength is None else float(prior_strength)
    alpha = np.array([pooled[w] for w in vocab], dtype=float) * (alpha0 / max(pooled_total, 1))
    log_odds, z = log_odds_dirichlet(y_a, y_b, n_a, n_b, alpha, alpha0)
    g2 = g2_williams(y_a, y_b, n_a, n_b)
    p = chi2.sf(g2, df=1)
    table = pd.DataFrame(
        {
            "group_a": labels[0],
            "group_b": labels[1],
            "token": vocab,
            "count_a": y_a.astype(int),
            "count_b": y_b.astype(int),
            "rate_a": y_a / n_a * 1000 if n_a else np.nan,
            "rate_b": y_b / n_b * 1000 if n_b else np.nan,
            "log_odds": log_odds,
            "z": z,
            "g2": g2,
            "g2_p": p,
            "g2_p_adjusted": adjust_pvalues(p, "bh") if len(p) else p,
            "favours": np.where(log_odds > 0, labels[0], np.where(log_odds < 0, labels[1], "")),
        }
    )
    return table.sort_values(["z", "token"], ascending=[False, True], ignore_index=True)


def log_odds_dirichlet(
    y_a: np.ndarray,
    y_b: np.ndarray,
    n_a: float,
    n_b: float,
    alpha: np.ndarray,
    alpha0: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al. (2008) log-odds ratio ``delta`` and its z-score, per word.

    >>> d, z = log_odds_dirichlet(np.array([8.0]), np.array([1.0]), 20, 20, np.array([9.0]), 40)
    >>> round(float(d[0]), 4), round(float(z[0]), 4)
    (0.6815, 1.7099)
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        odds_a = (y_a + alpha) / (n_a + alpha0 - y_a - alpha)
        odds_b = (y_b + alpha) / (n_b + alpha0 - y_b - alpha)
        delta = np.log(odds_a) - np.log(odds_b)
        z = delta / np.sqrt(1 / (y_a + alpha) + 1 / (y_b + alpha))
    return delta, z


def g2_williams(y_a: np.ndarray, y_b: np.ndarray, n_a: float, n_b: float) -> np.ndarray:
    """Log-likelihood G2 of each word's 2 x 2 table, divided by Williams' ``q``.

    >>> round(float(g2_williams(np.array([8.0]), np.array([1.0]), 20, 20)[0]), 4)
    7.3566
    """
    observed = np.stack([y_a, n_a - y_a, y_b, n_b - y_b], axis=-1)
    total = n_a + n_b
    col_word, col_other = y_a + y_b, total - (y_a + y_b)
    expected = (
        np.stack([n_a * col_word, n_a * col_other, n_b * col_word, n_b * col_other], axis=-1)
        / total
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (xlogy(observed, observed) - xlogy(observed, expected)).sum(axis=-1)
        row_term = total * (1 / n_a + 1 / n_b) - 1
        col_term = total * (1 / col_word + 1 / col_other) - 1
        q = 1 + row_term * col_term / (6 * total)
    return g2 / q


def _passage_counts(
    data: AnalysisData, use_stopwords: bool
) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    """Word counts per passage (stopwords of its language removed), and each word's spellings."""
    out: dict[str, Counter[str]] = {}
    spellings: dict[str, Counter[str]] = {}
    for pid, text, language in data.passages[["passage_id", "text", "language"]].itertuples(
        index=False
    ):
        stop = stopwords(str(language)) if use_stopwords else frozenset()
        counts: Counter[str] = Counter()
        for key, spelling in _content_tokens(str(text), stop):
            counts[key] += 1
            spellings.setdefault(key, Counter())[spelling] += 1
        out[str(pid)] = counts
    return out, spellings


def _content_tokens(text: str, stop: frozenset[str]) -> Iterable[tuple[str, str]]:
    """(word, spelling) of each content token: the key counted, and the text's form of it."""
    for token in tokenize(text):
        word = normalize_token(token.text)
        if len(word) <= 1 or word.isdigit() or word in stop:
            continue
        if has_arabic(token.text):  # an Arabic word: its spelling without marks or article
            spelling = strip_marks(token.text)
            yield normalize_token(strip_article(spelling)), spelling
        else:
            yield word, token.text


def _shown(spellings: Counter[str] | None, key: str) -> str:
    """The most frequent spelling (ties: the first in sorted order), else the key."""
    if not spellings:
        return key
    return min(spellings, key=lambda s: (-spellings[s], s))


def _forms(spellings: Counter[str], limit: int = 5) -> str:
    """``الأمنية (3); الامنية (3)``: the spellings counted under one word, most frequent first."""
    ranked = sorted(spellings, key=lambda s: (-spellings[s], s))
    shown = "; ".join(f"{s} ({spellings[s]})" for s in ranked[:limit])
    return shown + (f"; +{len(ranked) - limit} more" if len(ranked) > limit else "")
