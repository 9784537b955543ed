"""Passage-level logistic regression per frame, with standard errors clustered by article.

For each frame: ``present ~ C(term_1) + C(term_2) + ...`` (by default the
grouping variables, e.g. outlet and language), fitted with statsmodels
``GLM(family=Binomial())`` and ``cov_type="cluster"`` on the article id (CRV1
with statsmodels' small-sample correction). Passages of one article share the
article's topic and author, so treating them as independent would understate
the standard errors; clustering by article corrects that.

Each categorical term is coded against a reference level: the level with the
most articles (ties: the first in sort order), named in ``reference``. Terms
are named like patsy's: ``outlet[T.Hespress]``.

Problems are reported in ``note``, never as a crash:

- a frame with no (or only) positive passages: nothing to estimate;
- quasi-complete separation, a level in which no (or every) passage has the
  frame: that level's odds ratio is 0 (or infinite), not estimable. Its
  passages are left out and its row says so, and the other levels are
  estimated from the rest (their maximum likelihood limit);
- aliased terms, e.g. ``language`` when every outlet publishes in one language
  (the language is then a function of the outlet): dropped, with a note;
- few clusters: cluster-robust standard errors are unreliable below about 30
  articles.

``unknown`` levels (missing values) are left out and counted in ``note``.
p-values here are not corrected for multiple comparisons.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm

from framing.compare.data import AnalysisData
from framing.compare.groupings import UNKNOWN

FEW_CLUSTERS = 30
REGRESSION_COLUMNS = (
    "frame",
    "term",
    "coef",
    "std_err",
    "z",
    "p_value",
    "odds_ratio",
    "ci_low",
    "ci_high",
    "n_obs",
    "n_clusters",
    "converged",
    "reference",
    "note",
)


def frame_regressions(
    data: AnalysisData, terms: Sequence[str] | None = None, *, alpha: float = 0.05
) -> pd.DataFrame:
    """One logistic regression per frame; tidy rows of :data:`REGRESSION_COLUMNS`.

    ``ci_low`` and ``ci_high`` bound the odds ratio (``exp`` of the coefficient's
    Wald interval with the clustered standard error).

    Examples
    --------
    >>> table = frame_regressions(data, ["outlet", "language"])  # doctest: +SKIP
    """
    terms = list(terms) if terms else list(data.by)
    frames = []
    for frame in data.frames:
        rows = data.passage_scores[data.passage_scores["frame"] == frame]
        frames.append(fit_frame(rows, terms, frame=frame, alpha=alpha))
    table = pd.concat(frames, ignore_index=True)
    table["deduplicated"] = data.deduplicated
    return table


def fit_frame(
    rows: pd.DataFrame, terms: Sequence[str], *, frame: str = "", alpha: float = 0.05
) -> pd.DataFrame:
    """Fit one frame's model on passage rows (``present``, ``doc_id`` and the term columns)."""
    notes: list[str] = []
    known = np.logical_and.reduce([(rows[t] != UNKNOWN).to_numpy() for t in terms])
    if (~known).any():
        notes.append(f"{int((~known).sum())} passages with an unknown value left out")
    rows = rows[known]
    y = rows["present"].to_numpy(float)
    base = {"frame": frame, "n_obs": len(rows), "n_clusters": rows["doc_id"].nunique()}
    if len(rows) == 0 or y.min() == y.max():
        which = "no passage" if len(rows) == 0 or y.max() == 0 else "every passage"
        notes.append(f"{which} has the frame: nothing to estimate")
        return _table([base | {"term": "", "converged": False, "note": "; ".join(notes)}])
    rows, separated = _drop_separated(rows, terms)
    design, references, aliased = _design(rows, terms)
    notes += [f"{name} aliased with other terms: dropped" for name in aliased]
    extra = [_separated_row(frame, term, level, share) for term, level, share in separated]
    if separated:
        notes.append(f"{len(separated)} separated level(s) left out (see their rows)")
    base |= {"n_obs": len(rows), "n_clusters": rows["doc_id"].nunique()}
    base["reference"] = "; ".join(f"{t}={lvl}" for t, lvl in references.items())
    if base["n_clusters"] < 2:
        notes.append("fewer than 2 articles: clustered standard errors impossible")
        return _table([base | {"term": "", "converged": False, "note": "; ".join(notes)}, *extra])
    if base["n_clusters"] < FEW_CLUSTERS:
        notes.append(
            f"few articles ({base['n_clusters']} clusters < {FEW_CLUSTERS}): "
            "clustered standard errors are unreliable"
        )
    result, fit_notes = _fit(rows, design)
    notes += fit_notes
    return _table([*_coefficients(result, design, base, notes, alpha), *extra])


def _drop_separated(
    rows: pd.DataFrame, terms: Sequence[str]
) -> tuple[pd.DataFrame, list[tuple[str, str, float]]]:
    """Leave out levels where the frame is always absent (or present), until none remain."""
    separated: list[tuple[str, str, float]] = []
    while True:
        found = False
        for term in terms:
            share = rows.groupby(term)["present"].mean()
            bad = share[(share == 0) | (share == 1)]
            # Keep a level when dropping it would leave the outcome constant.
            if len(bad) and len(bad) < len(share):
                for level, value in bad.items():
                    separated.append((term, str(level), float(value)))
                rows = rows[~rows[term].isin(bad.index)]
                found = True
        y = rows["present"].to_numpy(float)
        if not found or len(y) == 0 or y.min() == y.max():
            return rows, separated


def _design(
    rows: pd.DataFrame, terms: Sequence[str]
) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """Intercept + treatment dummies; aliased columns dropped in order."""
    columns: dict[str, np.ndarray] = {"Intercept": np.ones(len(rows))}
    references: dict[str, str] = {}
    for term in terms:
        articles = rows.drop_duplicates("doc_id")[term].value_counts()
        levels = sorted(articles.index, key=lambda lv: (-articles[lv], str(lv)))
        references[term] = str(levels[0])
        for level in sorted(levels[1:], key=str):
            columns[f"{term}[T.{level}]"] = (rows[term] == level).to_numpy(float)
    kept: dict[str, np.ndarray] = {}
    aliased: list[str] = []
    for name, column in columns.items():
        trial = np.column_stack([*kept.values(), column])
        if np.linalg.matrix_rank(trial) > len(kept):
            kept[name] = column
        else:
            aliased.append(name)
    return pd.DataFrame(kept, index=rows.index), references, aliased


def _fit(rows: pd.DataFrame, design: pd.DataFrame) -> tuple[object, list[str]]:
    groups = pd.factorize(rows["doc_id"])[0]
    model = sm.GLM(rows["present"].to_numpy(float), design, family=sm.families.Binomial())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = model.fit(cov_type="cluster", cov_kwds={"groups": groups})
    notes = []
    messages = {str(w.message).split(",")[0] for w in caught}
    if any("separation" in m.lower() for m in messages):
        notes.append("possible separation: some fitted probabilities are 0 or 1")
    elif messages:
        notes.append("statsmodels warned: " + "; ".join(sorted(messages)))
    if design.shape[1] > len(np.unique(groups)):
        notes.append("more parameters than articles: the clustered covariance is singular")
    return result, notes


def _coefficients(
    result: object, design: pd.DataFrame, base: dict, notes: list[str], alpha: float
) -> list[dict]:
    """Tidy rows from statsmodels' estimates, z, p-values and Wald intervals."""
    params = np.asarray(result.params)  # type: ignore[attr-defined]
    se = np.asarray(result.bse)  # type: ignore[attr-defined]
    z = np.asarray(result.tvalues)  # type: ignore[attr-defined]
    p = np.asarray(result.pvalues)  # type: ignore[attr-defined]
    ci = np.asarray(result.conf_int(alpha=alpha))  # type: ignore[attr-defined]
    converged = bool(getattr(result, "converged", True))
    return [
        base
        | {
            "term": term,
            "coef": params[i],
            "std_err": se[i],
            "z": z[i],
            "p_value": p[i],
            "odds_ratio": np.exp(params[i]),
            "ci_low": np.exp(ci[i, 0]),
            "ci_high": np.exp(ci[i, 1]),
            "converged": converged,
            "note": "; ".join(notes),
        }
        for i, term in enumerate(design.columns)
    ]


def _separated_row(frame: str, term: str, level: str, share: float) -> dict:
    which = "no passage" if share == 0 else "every passage"
    return {
        "frame": frame,
        "term": f"{term}[T.{level}]",
        "converged": False,
        "note": f"{which} of {term}={level} has the frame: odds ratio "
        f"{'0' if share == 0 else 'infinite'}, not estimable (separation); left out",
    }


def _table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).reindex(columns=list(REGRESSION_COLUMNS))
