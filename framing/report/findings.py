"""Summary findings, computed from the comparison tables and phrased cautiously, with their n.

Each function returns plain sentences. They describe this corpus as coded by the
lexicon (or classifier): associations, not causes, and with the size of the
sample next to every estimate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.report.labels import (
    GROUP_SEPARATOR,
    frame_label,
    group_columns,
    group_names,
    is_missing,
    isolate,
    p_value,
    percent,
)

CORRECTION_NAMES = {
    "bh": "Benjamini–Hochberg",
    "holm": "Holm",
    "bonferroni": "Bonferroni",
    "none": "no",
}
SMALL_N = 10


def overall_prevalence(comparison: Any) -> pd.DataFrame:
    """One row per frame, all articles: ``frame, n_articles, n_with_frame, article_share`` (+ CIs).

    Uses the comparison's ``prevalence_overall`` table when it has one, else
    pools the groups of ``prevalence`` (every article is in exactly one group).
    """
    overall = getattr(comparison, "prevalence_overall", None)
    if overall is not None and not overall.empty:
        return overall.reset_index(drop=True)
    table = comparison.prevalence
    pooled = table.groupby("frame", sort=False).agg(
        n_articles=("n_articles", "sum"), n_with_frame=("n_with_frame", "sum")
    )
    pooled["article_share"] = pooled["n_with_frame"] / pooled["n_articles"].where(
        pooled["n_articles"] > 0
    )
    return pooled.reset_index()


def top_frames_sentence(
    overall: pd.DataFrame, labels: Mapping[str, str] | None = None, top: int = 3
) -> str:
    """``The most frequent frames were A (23 of 38 articles, 61%, 95% CI 45–75%), ...``.

    >>> t = pd.DataFrame({"frame": ["threat", "cooperation"], "n_articles": [38, 38],
    ...     "n_with_frame": [20, 25], "article_share": [20 / 38, 25 / 38]})
    >>> top_frames_sentence(t, top=1)
    'The most frequent frame was cooperation (25 of 38 articles, 66%).'
    """
    ranked = overall.sort_values(["article_share", "frame"], ascending=[False, True])
    ranked = ranked[ranked["n_with_frame"] > 0].head(top)
    if ranked.empty:
        return "No frame was found in any article."
    parts = [_share_phrase(row, labels) for _, row in ranked.iterrows()]
    if len(parts) == 1:
        return f"The most frequent frame was {parts[0]}."
    if len(parts) == 2:
        return f"The most frequent frames were {parts[0]} and {parts[1]}."
    return f"The most frequent frames were {'; '.join(parts[:-1])}; and {parts[-1]}."


def absent_frames_sentence(overall: pd.DataFrame, labels: Mapping[str, str] | None = None) -> str:
    """Frames found in no article (empty string when every frame occurs)."""
    absent = overall.loc[overall["n_with_frame"] == 0, "frame"].astype(str).tolist()
    if not absent:
        return ""
    names = _join([frame_label(f, labels) for f in absent])
    verb = "was" if len(absent) == 1 else "were"
    return f"{names} {verb} found in no article."


def difference_sentences(
    comparison: Any,
    labels: Mapping[str, str] | None = None,
    *,
    alpha: float = 0.05,
    correction: str = "bh",
    limit: int = 5,
    show_n: bool = True,
) -> list[str]:
    """Frames whose prevalence differs across the groups, with test, effect size and extremes.

    Every significant frame is named: the first ``limit`` in full, the others with
    their adjusted p-value and effect size only. ``show_n=False`` leaves the number
    of articles out of each sentence (when the text around it gives it).
    """
    tests = getattr(comparison, "tests", None)
    grouping = grouping_phrase(comparison)
    prevalence = comparison.prevalence
    n_total = total_articles(prevalence)
    if tests is None or tests.empty:
        return []
    hits = significant_tests(tests, alpha)
    if hits.empty:
        return [
            f"No frame's prevalence differed significantly across {grouping} "
            f"{_after(correction)} (α = {alpha:g}). With {n_total} articles in "
            f"{count_groups(prevalence)} groups, only large differences could have been detected."
        ]
    sentences = []
    for _, row in hits.head(limit).iterrows():
        frame = str(row["frame"])
        low, high = _extremes(prevalence, frame)
        sentences.append(
            f"The share of articles with {frame_label(frame, labels)} differed across "
            f"{grouping} ({_test_phrase(row)}{f'; n = {n_total}' if show_n else ''}): from "
            f"{low} to {high}."
        )
    rest = hits.iloc[limit:]
    if len(rest):
        others = [
            f"{frame_label(str(row['frame']), labels)} ({_test_phrase(row, name=False)})"
            for _, row in rest.iterrows()
        ]
        verb = "differed" if len(others) > 1 else "differed too"
        sentences.append(f"{_join(others)} also {verb} across {grouping} (see the tests table).")
    return sentences


def significant_tests(tests: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """The rows of a ``tests`` table significant after correction, smallest adjusted p first."""
    hits = tests[_significant(tests, alpha)]
    order = ["p_adjusted", "frame"] if "p_adjusted" in tests.columns else ["frame"]
    return hits.sort_values(order, kind="mergesort")


def count_groups(prevalence: pd.DataFrame) -> int:
    """Number of groups in a prevalence table."""
    columns = group_columns(prevalence)
    if not columns:
        return 1
    return int(prevalence.groupby(columns, sort=False).ngroups)


def tested_pairs(pairwise: pd.DataFrame | None) -> int:
    """Pairwise comparisons that were tested (a p-value exists)."""
    if pairwise is None or pairwise.empty:
        return 0
    return int(pd.to_numeric(pairwise["p_value"], errors="coerce").notna().sum())


def _test_phrase(row: pd.Series, *, name: bool = True) -> str:
    effect = "" if is_missing(row.get("cramers_v")) else f", Cramér's V = {row['cramers_v']:.2f}"
    test = f"{row.get('test', 'test')}, " if name else ""
    return f"{test}adjusted {p_value(row.get('p_adjusted'))}{effect}"


def _after(correction: str) -> str:
    if correction == "none":
        return "without correction for multiple comparisons"
    return f"after {CORRECTION_NAMES.get(correction, correction)} correction"


def pairwise_sentence(
    comparison: Any, labels: Mapping[str, str] | None = None, *, alpha: float = 0.05, top: int = 3
) -> str:
    """How many pairwise differences survive correction, and the largest of them."""
    pairwise = getattr(comparison, "pairwise", None)
    if pairwise is None or pairwise.empty:
        return ""
    tested = pairwise[pd.to_numeric(pairwise["p_value"], errors="coerce").notna()]
    hits = pairwise[_significant(pairwise, alpha)]
    grouping = grouping_phrase(comparison)
    if hits.empty:
        return (
            f"None of the {len(tested)} pairwise comparisons between {grouping} was "
            f"significant after correction."
        )
    hits = hits.assign(_size=hits["risk_difference"].abs()).sort_values(
        ["_size", "frame"], ascending=[False, True]
    )
    examples = []
    for _, row in hits.head(top).iterrows():
        a, b = _group_text(row["group_a"]), _group_text(row["group_b"])
        rd = 100 * float(row["risk_difference"])
        ci = ""
        if not is_missing(row.get("rd_ci_low")) and not is_missing(row.get("rd_ci_high")):
            ci = f", 95% CI {100 * row['rd_ci_low']:+.0f} to {100 * row['rd_ci_high']:+.0f}"
        examples.append(
            f"{frame_label(str(row['frame']), labels)}, {a} vs {b}: {rd:+.0f} percentage "
            f"points ({percent(row.get('share_a'))} of {int(row['n_a'])} vs "
            f"{percent(row.get('share_b'))} of {int(row['n_b'])} articles{ci})"
        )
    return (
        f"{len(hits)} of {len(tested)} pairwise comparisons between {grouping} were "
        f"significant after correction; the largest: {'; '.join(examples)}."
    )


def small_groups_sentence(comparison: Any, threshold: int = SMALL_N) -> str:
    """A caution when some groups have fewer than ``threshold`` articles."""
    prevalence = comparison.prevalence
    columns = group_columns(prevalence)
    if not columns:
        return ""
    sizes = _group_sizes(prevalence)
    small = sizes[sizes < threshold]
    if small.empty:
        return ""
    share = f"All {len(sizes)}" if len(small) == len(sizes) else f"{len(small)} of the {len(sizes)}"
    return (
        f"{share} {grouping_phrase(comparison)} have fewer than "
        f"{threshold} articles; their estimates are imprecise (wide intervals, "
        f"listed under each table) and should be read as indications only."
    )


def classifier_sentence(evaluation: pd.DataFrame | None) -> str:
    """Macro-F1 of the classifier against the lexicon baseline, with CIs."""
    if evaluation is None or evaluation.empty:
        return ""
    macro = evaluation[evaluation["frame"].astype(str) == "macro"]
    if macro.empty:
        return ""
    parts = []
    for method in ("classifier", "lexicon"):
        row = macro[macro["method"] == method]
        if row.empty:
            continue
        r = row.iloc[0]
        ci = ""
        if not is_missing(r.get("f1_ci_low")) and not is_missing(r.get("f1_ci_high")):
            ci = f" (95% CI {r['f1_ci_low']:.2f}–{r['f1_ci_high']:.2f})"
        parts.append(
            f"{'the classifier' if method == 'classifier' else 'the lexicon'} {r['f1']:.2f}{ci}"
        )
    if not parts:
        return ""
    return f"Against the human codes, macro-averaged F1 was {' and '.join(parts)}."


def analysis_finding(
    comparison: Any,
    labels: Mapping[str, str] | None = None,
    *,
    alpha: float = 0.05,
    correction: str = "bh",
    limit: int = 3,
) -> str:
    """One paragraph on an analysis with a significant result (empty when nothing was).

    Leads with the grouping and its n, then every significant across-group test
    (test, adjusted p, Cramér's V, lowest and highest group) and the significant
    pairwise differences (how many, and the largest).
    """
    tests = getattr(comparison, "tests", None)
    pairwise = getattr(comparison, "pairwise", None)
    has_tests = tests is not None and not tests.empty
    hits = significant_tests(tests, alpha) if has_tests else pd.DataFrame()
    pairs = 0 if pairwise is None or pairwise.empty else int(_significant(pairwise, alpha).sum())
    if hits.empty and not pairs:
        return ""
    prevalence = comparison.prevalence
    head = (
        f"By {grouping_name(comparison)} (n = {total_articles(prevalence)} articles in "
        f"{count_groups(prevalence)} groups):"
    )
    parts = [head]
    if len(hits):
        parts.extend(
            difference_sentences(
                comparison, labels, alpha=alpha, correction=correction, limit=limit, show_n=False
            )
        )
    elif has_tests:
        parts.append(
            f"no frame's prevalence differed significantly across {grouping_phrase(comparison)} "
            f"as a whole, but"
        )
    pairwise_text = pairwise_sentence(comparison, labels, alpha=alpha)
    if pairwise_text:
        parts.append(pairwise_text)
    return " ".join(parts)


def null_findings_sentence(
    comparisons: Sequence[Any], *, alpha: float = 0.05, correction: str = "bh"
) -> str:
    """One sentence for every analysis in which nothing was significant (empty if none)."""
    quiet = [
        c
        for c in comparisons
        if getattr(c, "tests", None) is not None
        and not c.tests.empty
        and not analysis_finding(c, alpha=alpha, correction=correction)
    ]
    if not quiet:
        return ""
    groups = []
    for k, comparison in enumerate(quiet):
        n, g = total_articles(comparison.prevalence), count_groups(comparison.prevalence)
        size = f"{n} articles in {g} groups" if k == 0 else f"{n} in {g}"
        groups.append(f"{grouping_phrase(comparison)} ({size})")
    pairs = [tested_pairs(getattr(c, "pairwise", None)) for c in quiet]
    text = f"No frame's prevalence differed significantly across {_join(groups, 'or')}"
    if any(pairs):
        if len(quiet) == 1:
            text += f", and none of the {pairs[0]} pairwise comparisons was significant"
        else:
            counts = _join([str(p) for p in pairs])
            text += f", and none of their pairwise comparisons ({counts}) was significant"
    return (
        f"{text}, {_after(correction)} (α = {alpha:g}). With these sample sizes only large "
        f"differences could have been detected."
    )


def small_groups_caveat(comparisons: Sequence[Any], threshold: int = SMALL_N) -> str:
    """One caution naming, per analysis, how many groups have fewer than ``threshold`` articles."""
    parts = []
    for comparison in comparisons:
        if not group_columns(comparison.prevalence):
            continue
        sizes = _group_sizes(comparison.prevalence)
        small = int((sizes < threshold).sum())
        if not small:
            continue
        phrase = grouping_phrase(comparison)
        parts.append(
            f"all {len(sizes)} {phrase}"
            if small == len(sizes)
            else f"{small} of the {len(sizes)} {phrase}"
        )
    if not parts:
        return ""
    text = _join(parts)
    return (
        f"{text[:1].upper()}{text[1:]} have fewer than {threshold} articles; their estimates are "
        f"imprecise (wide intervals) and should be read as indications only."
    )


def summary_findings(
    comparisons: Sequence[Any],
    labels: Mapping[str, str] | None = None,
    *,
    alpha: float = 0.05,
    correction: str = "bh",
    evaluation: pd.DataFrame | None = None,
) -> list[str]:
    """The summary, one item per idea: overall frames, each analysis with a finding, then one
    sentence for the analyses without any, one caution on small groups, the classifier, a caveat.
    """
    findings: list[str] = []
    if comparisons:
        overall = overall_prevalence(comparisons[0])
        top = top_frames_sentence(overall, labels)
        absent = absent_frames_sentence(overall, labels)
        findings.append(f"{top} {absent}".strip())
    for comparison in comparisons:
        findings.append(analysis_finding(comparison, labels, alpha=alpha, correction=correction))
    findings.append(null_findings_sentence(comparisons, alpha=alpha, correction=correction))
    findings.append(small_groups_caveat(comparisons))
    findings.append(classifier_sentence(evaluation))
    findings = [f for f in findings if f]
    if findings:
        findings.append(
            "These are descriptive associations in this corpus, coded automatically; "
            "they do not establish why outlets differ, and the coding itself has errors "
            "(see Methods)."
        )
    return findings


def _share_phrase(row: pd.Series, labels: Mapping[str, str] | None) -> str:
    ci = ""
    if not is_missing(row.get("article_share_ci_low")) and not is_missing(
        row.get("article_share_ci_high")
    ):
        low, high = percent(row["article_share_ci_low"]), percent(row["article_share_ci_high"])
        ci = f", 95% CI {low}–{high}"
    return (
        f"{frame_label(str(row['frame']), labels)} ({int(row['n_with_frame'])} of "
        f"{int(row['n_articles'])} articles, {percent(row['article_share'])}{ci})"
    )


def _extremes(prevalence: pd.DataFrame, frame: str) -> tuple[str, str]:
    columns = group_columns(prevalence)
    rows = prevalence[prevalence["frame"].astype(str) == frame]
    rows = rows.assign(_g=group_names(rows, columns).to_numpy())
    # 'unknown' groups (missing metadata) are not a category and are left out of the tests.
    known = ~rows[columns].astype(str).eq("unknown").any(axis=1) if columns else True
    rows = rows[known]
    if rows.empty:
        return "–", "–"
    ordered = rows.sort_values(["article_share", "_g"])
    first, last = ordered.iloc[0], ordered.iloc[-1]
    return _group_share(first), _group_share(last)


def _group_share(row: pd.Series) -> str:
    return (
        f"{percent(row['article_share'])} in {isolate(row['_g'])} "
        f"({int(row['n_with_frame'])} of {int(row['n_articles'])})"
    )


def _significant(table: pd.DataFrame, alpha: float) -> np.ndarray:
    if "significant" in table.columns:
        return table["significant"].fillna(False).astype(bool).to_numpy()
    column = "p_adjusted" if "p_adjusted" in table.columns else "p_value"
    return (pd.to_numeric(table[column], errors="coerce") < alpha).to_numpy()


def grouping_name(comparison: Any) -> str:
    """The grouping as named: ``outlet``, ``outlet × language``."""
    by = list(getattr(comparison, "by", []) or group_columns(comparison.prevalence))
    return " × ".join(by) if by else "corpus"


def grouping_phrase(comparison: Any) -> str:
    """The grouping in words: ``outlets``, ``languages``, ``outlet × language groups``."""
    by = list(getattr(comparison, "by", []) or group_columns(comparison.prevalence))
    names = {"outlet": "outlets", "language": "languages", "stance": "stances", "month": "months"}
    if len(by) == 1:
        return names.get(by[0], f"{by[0]} groups")
    return " × ".join(by) + " groups"


def comparison_folder(comparison: object) -> str:
    """Where an experiment writes the comparison's tables: ``compare/<name>[_dedupe]``.

    The manifest's ``folder`` wins when it has one.
    """
    manifest = getattr(comparison, "manifest", None) or {}
    if manifest.get("folder"):
        return str(manifest["folder"])
    by = list(getattr(comparison, "by", None) or []) or ["all"]
    name = "-".join(by)
    if manifest.get("deduplicated") or _deduplicated_table(comparison):
        name += "_dedupe"
    scores = str(((manifest.get("inputs") or {}).get("scores") or {}).get("path", ""))
    if scores.endswith("predictions.parquet"):
        name += "_classifier"
    return f"compare/{name}"


def _deduplicated_table(comparison: object) -> bool:
    prevalence = getattr(comparison, "prevalence", None)
    if prevalence is None or "deduplicated" not in prevalence.columns or prevalence.empty:
        return False
    return bool(prevalence["deduplicated"].iloc[0])


def _group_text(label: object) -> str:
    return isolate(str(label).replace("|", GROUP_SEPARATOR))


def total_articles(prevalence: pd.DataFrame) -> int:
    """Articles in all groups of a prevalence table (each group's n counted once)."""
    columns = group_columns(prevalence)
    if not columns:
        return int(prevalence["n_articles"].max())
    names = group_names(prevalence, columns)
    return int(prevalence.assign(_g=names.to_numpy()).groupby("_g")["n_articles"].max().sum())


def _join(parts: Sequence[str], conjunction: str = "and") -> str:
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {conjunction} " + parts[-1]


def _group_sizes(prevalence: pd.DataFrame) -> pd.Series:
    """Articles per group, in table order."""
    columns = group_columns(prevalence)
    names = group_names(prevalence, columns)
    return prevalence.assign(_g=names.to_numpy()).groupby("_g", sort=False)["n_articles"].max()
