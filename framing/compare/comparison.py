"""One comparison: a grouping of the articles and every table computed for it.

:func:`compare` is the Python entry point of ``framing compare``; it returns a
:class:`Comparison` whose tables are DataFrames and whose :meth:`Comparison.write`
puts them on disk as CSV (+ LaTeX) with a ``comparison.json`` manifest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from framing.compare.cooccurrence import cooccurrence_table
from framing.compare.data import AnalysisData, load_scores, prepare
from framing.compare.events import assign_events, event_articles, event_table
from framing.compare.groupings import parse_by
from framing.compare.keyness import keyness_table, parse_keyness
from framing.compare.prevalence import prevalence_table
from framing.compare.regression import frame_regressions
from framing.compare.significance import (
    CORRECTIONS,
    correct_family,
    independence_tests,
    pairwise_tests,
)
from framing.compare.tables import latex_view, write_latex
from framing.compare.timeline import PERIODS, timeline_table
from framing.corpus.corpus import Corpus
from framing.csv_safety import read_csv, write_csv
from framing.errors import CompareError, CorpusError
from framing.store import toolkit_version, write_json_atomic

MANIFEST_FILE = "comparison.json"
TABLE_NAMES = (
    "prevalence",
    "prevalence_overall",
    "tests",
    "pairwise",
    "regression",
    "cooccurrence",
    "timeline",
    "timeline_overall",
    "keyness",
    "events",
    "event_articles",
)


@dataclass
class Comparison:
    """The tables of one comparison (one grouping), as DataFrames.

    Every table has a ``deduplicated`` column; the group columns are named as
    the grouping (``outlet``, ``language``, ...). ``keyness``, ``events`` and
    ``event_articles`` are ``None`` unless asked for. ``manifest`` is what
    ``comparison.json`` records: settings, inputs and their hashes, counts.
    """

    by: list[str]
    prevalence: pd.DataFrame
    prevalence_overall: pd.DataFrame
    tests: pd.DataFrame
    pairwise: pd.DataFrame
    regression: pd.DataFrame
    cooccurrence: pd.DataFrame
    timeline: pd.DataFrame
    timeline_overall: pd.DataFrame
    keyness: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    event_articles: pd.DataFrame | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    data: AnalysisData | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """A folder-friendly name of the grouping: ``outlet-language``."""
        return analysis_name(self.by)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables computed, by name (the CSV file stem)."""
        tables = {name: getattr(self, name) for name in TABLE_NAMES}
        return {name: table for name, table in tables.items() if table is not None}

    def write(self, out_dir: str | Path, *, latex: bool = True) -> list[Path]:
        """Write ``<table>.csv`` (and ``<table>.tex``) and ``comparison.json`` into ``out_dir``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, table in self.tables.items():
            written.append(write_csv(table, out / f"{name}.csv"))
            if latex and name != "event_articles":
                view = latex_view(name, table, self.by)
                written.append(write_latex(view, out / f"{name}.tex", caption=_caption(name, self)))
        manifest = self.manifest | {"files": sorted(p.name for p in written)}
        written.append(write_json_atomic(out / MANIFEST_FILE, manifest))
        return written

    @classmethod
    def read(cls, out_dir: str | Path) -> Comparison:
        """Load a comparison written by :meth:`write` (tables from CSV; ``data`` is None).

        Group columns are read as text so that labels such as ``NA`` or ``2025``
        keep their meaning; the ``'`` put before formula-like text is removed.
        """
        out = Path(out_dir)
        manifest_path = out / MANIFEST_FILE
        if not manifest_path.exists():
            raise CompareError(
                "not a comparison folder (no comparison.json)",
                path=out,
                hint="run `framing compare` to write it",
            )
        manifest = json.loads(manifest_path.read_text("utf-8"))
        by = list(manifest["grouping"])
        text_columns = {c: str for c in (*by, "group_a", "group_b", "grouping", "period", "event")}
        tables: dict[str, pd.DataFrame | None] = {}
        for name in TABLE_NAMES:
            path = out / f"{name}.csv"
            tables[name] = read_csv(path, dtype=text_columns) if path.exists() else None
        return cls(by=by, manifest=manifest, **tables)  # type: ignore[arg-type]


def analysis_name(by: Sequence[str]) -> str:
    """``["outlet", "language"]`` -> ``"outlet-language"``."""
    return "-".join(by)


def compare(
    scores: pd.DataFrame | str | Path,
    corpus: Corpus | str | Path,
    by: Sequence[str] | str = ("outlet",),
    *,
    frames: Sequence[str] | None = None,
    dedupe: bool = False,
    correction: str = "bh",
    alpha: float = 0.05,
    n_bootstrap: int = 2000,
    seed: int = 0,
    keyness: tuple[str, str] | str | None = None,
    keyness_frames: Sequence[str] | None = None,
    events: str | None = None,
    event_window_days: int = 10,
    gazetteer: Mapping[str, Sequence[str]] | None = None,
    period: str = "month",
    window: int = 3,
    regression_terms: Sequence[str] | None = None,
    lexicon: str | None = None,
    use_stopwords: bool = True,
) -> Comparison:
    """Compare frame coverage across the groups of ``by``.

    Parameters
    ----------
    scores:
        A scores/predictions table or the path of its Parquet file.
    corpus:
        A :class:`~framing.corpus.corpus.Corpus` or its folder.
    by:
        Grouping names (``["outlet", "language"]`` or ``"outlet,language"``: the
        outlet x language cells). See :mod:`framing.compare.groupings`.
    frames:
        Frames to compare (default: all in the scores).
    dedupe:
        Keep one article per near-duplicate cluster (earliest date, then doc_id).
    correction:
        ``bh`` (default), ``holm``, ``bonferroni`` or ``none``, applied to the
        p-values of ``tests`` and ``pairwise`` together.
    alpha:
        Significance level and 1 - confidence level of every interval.
    n_bootstrap, seed:
        Resamples of the article bootstrap, and the seed of every random step.
    keyness:
        Two groups ``("en", "ar")`` or ``"en:ar"`` to contrast (labels of
        combined groupings join values with ``|``: ``"Atlas|en"``).
    keyness_frames:
        Frames to run keyness within, besides all passages (default: all frames).
    events:
        A metadata column naming events, or ``"auto"`` (see :mod:`framing.compare.events`).
    event_window_days, gazetteer:
        Settings of automatic event detection.
    period, window:
        ``month`` or ``week`` for the timeline, and its rolling window in periods.
    regression_terms:
        Variables of the regression (default: ``by``).
    lexicon:
        When the scores hold several lexicons (a ``lexicon`` column), which one.
    use_stopwords:
        Remove the built-in stopwords before keyness.

    Examples
    --------
    >>> result = compare("scores.parquet", "corpus", by=["outlet", "language"])  # doctest: +SKIP
    >>> result.prevalence[["outlet", "language", "frame", "article_share"]]  # doctest: +SKIP
    >>> result.write("reports/compare")  # doctest: +SKIP
    """
    by = parse_by(by)
    _check_settings(correction, alpha, n_bootstrap, period, window)
    scores, scores_meta = _scores(scores)
    corpus = corpus if isinstance(corpus, Corpus) else Corpus.read(corpus)
    data = prepare(scores, corpus, by, frames=frames, dedupe=dedupe, lexicon=lexicon)
    boot = {"n_boot": n_bootstrap, "alpha": alpha, "seed": seed}
    tests, pairwise = correct_family(
        independence_tests(data, seed=seed),
        pairwise_tests(data, alpha=alpha),
        method=correction,
        alpha=alpha,
    )
    result = Comparison(
        by=by,
        prevalence=prevalence_table(data, **boot),
        prevalence_overall=prevalence_table(data, overall=True, **boot),
        tests=_finish(tests, by, data),
        pairwise=_finish(pairwise, by, data),
        regression=frame_regressions(data, regression_terms, alpha=alpha),
        cooccurrence=cooccurrence_table(data),
        timeline=timeline_table(data, period=period, window=window, alpha=alpha),
        timeline_overall=timeline_table(
            data, period=period, window=window, overall=True, alpha=alpha
        ),
        data=data,
    )
    if keyness:
        group_a, group_b = parse_keyness(keyness) if isinstance(keyness, str) else keyness
        result.keyness = keyness_table(
            data, group_a, group_b, frames=keyness_frames, use_stopwords=use_stopwords
        )
    if events:
        _add_events(result, corpus, events, event_window_days, gazetteer, alpha)
    settings = {
        "correction": correction,
        "alpha": alpha,
        "n_bootstrap": n_bootstrap,
        "seed": seed,
        "period": period,
        "window": window,
        "keyness": ":".join(keyness) if isinstance(keyness, tuple) else keyness,
        "events": events,
        "event_window_days": event_window_days,
        "regression_terms": list(regression_terms or by),
        "lexicon": lexicon,
    }
    result.manifest = _manifest(result, corpus, scores_meta, settings)
    return result


def _check_settings(correction: str, alpha: float, n_bootstrap: int, period: str, window: int):
    if correction not in CORRECTIONS:
        raise CompareError(
            f"unknown correction {correction!r}",
            field="correction",
            hint=f"one of {', '.join(CORRECTIONS)}",
        )
    if not 0 < alpha < 1:
        raise CompareError(f"alpha must be between 0 and 1, got {alpha}", field="alpha")
    if n_bootstrap < 100:
        raise CompareError(
            f"{n_bootstrap} bootstrap resamples are too few for an interval",
            field="bootstrap",
            hint="use at least 100 (default 2000)",
        )
    if period not in PERIODS:
        raise CompareError(f"unknown period {period!r}", field="period", hint="month or week")
    if window < 1:
        raise CompareError("the rolling window must be at least 1 period", field="window")


def _scores(scores: pd.DataFrame | str | Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    if isinstance(scores, pd.DataFrame):
        return scores, {"path": None, "hash": None, "metadata": scores.attrs.get("framing", {})}
    return load_scores(scores)


def _finish(table: pd.DataFrame, by: list[str], data: AnalysisData) -> pd.DataFrame:
    table = table.copy()
    table.insert(0, "grouping", ",".join(by))
    table["deduplicated"] = data.deduplicated
    return table


def _add_events(
    result: Comparison,
    corpus: Corpus,
    source: str,
    window_days: int,
    gazetteer: Mapping[str, Sequence[str]] | None,
    alpha: float,
) -> None:
    data = result.data
    assert data is not None
    kept = set(data.articles["doc_id"])
    documents = corpus.documents[corpus.documents["doc_id"].astype(str).isin(kept)]
    assignments = assign_events(documents, source, window_days=window_days, gazetteer=gazetteer)
    result.events = event_table(data, assignments, alpha=alpha)
    result.event_articles = event_articles(documents, assignments, kept).assign(
        deduplicated=data.deduplicated
    )


def _manifest(
    result: Comparison, corpus: Corpus, scores_meta: dict[str, Any], settings: dict[str, Any]
) -> dict[str, Any]:
    data = result.data
    assert data is not None
    groups = data.articles.groupby("group").size()
    return {
        "toolkit_version": toolkit_version(),
        "grouping": result.by,
        "deduplicated": data.deduplicated,
        "settings": {
            "frames": data.frames,
            "correction": settings["correction"],
            "correction_family": "tests.csv and pairwise.csv p-values together",
            "alpha": settings["alpha"],
            "bootstrap": settings["n_bootstrap"],
            "bootstrap_unit": "article (passages resampled with their article)",
            "seed": settings["seed"],
            "period": settings["period"],
            "rolling_window": settings["window"],
            "keyness": settings["keyness"],
            "events": settings["events"],
            "event_window_days": settings["event_window_days"],
            "regression_terms": settings["regression_terms"],
            "lexicon": settings["lexicon"],
        },
        "keyness_skipped": result.keyness.attrs.get("skipped", [])
        if result.keyness is not None
        else [],
        "inputs": {
            "scores": scores_meta,
            "corpus": {"path": str(corpus.path) if corpus.path else None, "hash": _hash(corpus)},
        },
        "counts": {
            "n_articles": len(data.articles),
            "n_passages": int(data.articles["n_passages"].sum()),
            "n_groups": len(groups),
            "articles_per_group": {str(k): int(v) for k, v in groups.items()},
            **data.info,
        },
    }


def _hash(corpus: Corpus) -> str | None:
    if corpus.path is None:
        return None  # not written to disk: no file to hash
    try:
        return corpus.hash
    except (CorpusError, OSError):
        return None


def _caption(name: str, result: Comparison) -> str:
    grouping = " x ".join(result.by)
    dedup = " (near-duplicates removed)" if result.manifest.get("deduplicated") else ""
    captions = {
        "prevalence": f"Frame prevalence by {grouping}: share of articles (Wilson 95\\% CI) "
        "and of passages (article bootstrap 95\\% CI)",
        "prevalence_overall": "Frame prevalence in all articles",
        "tests": f"Differences across {grouping}: test per frame, p-values adjusted",
        "pairwise": f"Pairwise differences between {grouping} groups",
        "regression": "Passage-level logistic regression, standard errors clustered by article",
        "cooccurrence": "Frame co-occurrence in passages and articles",
        "keyness": "Keyness: log-odds with informative Dirichlet prior and G2",
        "timeline": f"Frame share of articles over time by {grouping}",
        "timeline_overall": "Frame share of articles over time",
        "events": "Frame profile of each event by outlet and language",
    }
    return captions.get(name, name) + dedup
