"""Run an experiment file through every stage, redoing only what changed.

ingest -> score -> [classifier] -> compare -> kwic -> report, each writing
under the experiment's output folder. A stage is skipped when the hash of its
inputs and settings equals the one it last completed with (see
:mod:`framing.experiment.cache`) and its outputs still exist.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from framing import __version__
from framing.corpus.corpus import Corpus
from framing.corpus.ingest import IngestOptions
from framing.corpus.readers.columns import parse_column_map
from framing.corpus.streaming import ingest_to
from framing.csv_safety import read_csv, write_csv
from framing.errors import ConfigError
from framing.experiment.cache import StageCache, files_key, stage_key
from framing.experiment.config import CompareConfig, Experiment, load_experiment
from framing.experiment.lock import OutputLock
from framing.hashing import hash_file
from framing.lexicon.io import load_lexicon
from framing.lexicon.model import Lexicon
from framing.store import read_metadata, write_text_atomic

Progress = Callable[[str, str], None]


@dataclass
class RunResult:
    """What a run produced and which stages it actually ran (the rest came from the cache)."""

    output_dir: Path
    ran: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)


@dataclass
class _Run:
    experiment: Experiment
    out: Path
    cache: StageCache
    result: RunResult
    progress: Progress
    force: bool

    def stage(self, name: str, key: str, outputs: list[Path], work: Callable[[], None]) -> None:
        """Run ``work`` unless the cache says ``name`` is fresh; record the key afterwards."""
        for output in outputs:
            self.result.outputs[f"{name}:{output.name}"] = output
        if not self.force and self.cache.is_fresh(name, key, outputs):
            self.progress(name, "cached")
            self.result.cached.append(name)
            return
        self.progress(name, "running")
        work()
        self.cache.record(name, key)
        self.result.ran.append(name)
        self.progress(name, "done")


def run_experiment(
    path: str | Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> RunResult:
    """Run the experiment file at ``path``; returns what ran and where the outputs are.

    Examples
    --------
    >>> result = run_experiment("experiments/security_diplomacy.yaml")  # doctest: +SKIP
    >>> result.outputs["report:report.pdf"]  # doctest: +SKIP
    PosixPath('reports/security_diplomacy/report.pdf')
    """
    experiment = load_experiment(path)
    out = experiment.output_dir
    out.mkdir(parents=True, exist_ok=True)
    with OutputLock(out):
        run = _Run(
            experiment=experiment,
            out=out,
            cache=StageCache(out),
            result=RunResult(output_dir=out),
            progress=progress or (lambda stage, state: None),
            force=force,
        )
        lexicons = [load_lexicon(experiment.resolve(p)) for p in experiment.lexicons]
        corpus_key = _ingest_stage(run)
        scores_key = _score_stage(run, lexicons, corpus_key)
        predictions = _classifier_stage(run, lexicons, corpus_key)
        compare_keys = _compare_stage(run, scores_key, predictions)
        _kwic_stage(run, lexicons, scores_key)
        _report_stage(run, lexicons, [corpus_key, scores_key, *compare_keys])
    return run.result


# --- stages --------------------------------------------------------------------------


def _ingest_stage(run: _Run) -> str:
    exp, out = run.experiment, run.out
    inputs = [exp.resolve(p) for p in exp.inputs.paths]
    manifest = exp.resolve(exp.inputs.manifest) if exp.inputs.manifest else None
    options = IngestOptions(
        unit=exp.inputs.unit,
        train_punkt=exp.inputs.train_punkt,
        dedup_threshold=exp.inputs.dedup_threshold,
        column_map=parse_column_map(exp.inputs.columns) if exp.inputs.columns else None,
    )
    key = stage_key(
        "ingest",
        __version__,
        files_key(inputs),
        files_key([manifest]) if manifest else None,
        options.to_dict(),
    )
    corpus_dir = out / "corpus"

    def work() -> None:
        # Streamed to the corpus folder; the engine changes where it runs, not what it writes.
        report = ingest_to(
            [str(p) for p in inputs],
            corpus_dir,
            manifest=manifest,
            options=options,
            **exp.engine.options(),
        )
        if not report["n_documents"]:
            raise ConfigError(
                "no article could be ingested from the experiment's inputs",
                path=exp.source,
                field="inputs.paths",
                hint=f"see {corpus_dir / 'ingest_report.json'}",
            )

    run.stage(
        "ingest", key, [corpus_dir / "documents.parquet", corpus_dir / "passages.parquet"], work
    )
    return Corpus.read(corpus_dir).hash


def _score_stage(run: _Run, lexicons: list[Lexicon], corpus_key: str) -> str:
    from framing.lexicon.scoring import score_corpus

    scoring = run.experiment.scoring
    output = run.out / "scores.parquet"
    key = stage_key("score", __version__, corpus_key, [lex.hash for lex in lexicons], scoring)

    def work() -> None:
        score_corpus(
            run.out / "corpus",
            lexicons,
            output,
            threshold=scoring.threshold,
            min_distinct=scoring.min_distinct,
            **run.experiment.engine.options(),
        )

    run.stage("score", key, [output], work)
    return key


def _classifier_stage(run: _Run, lexicons: list[Lexicon], corpus_key: str) -> Path | None:
    config = run.experiment.classifier
    if config is None:
        return None
    from framing.experiment.classifier_stage import run_classifier

    return run_classifier(run, config, lexicons, corpus_key)


def _compare_stage(run: _Run, scores_key: str, predictions: Path | None) -> list[str]:
    from framing.compare.comparison import analysis_name, compare

    exp = run.experiment
    keys = []
    for config in exp.compare:
        source = _scores_for(run, config, predictions)
        folder = run.out / "compare" / _compare_folder(config, analysis_name(config.by))
        key = stage_key(
            "compare", __version__, scores_key, hash_file(source), config,
            exp.seed, exp.bootstrap, exp.events, exp.period,
        )  # fmt: skip

        def work(
            config: CompareConfig = config, source: Path = source, folder: Path = folder
        ) -> None:
            comparison = _compare_one(run, config, source, compare)
            comparison.write(folder)

        run.stage(f"compare:{folder.name}", key, [folder / "prevalence.csv"], work)
        keys.append(key)
    return keys


def _scores_for(run: _Run, config: CompareConfig, predictions: Path | None) -> Path:
    if config.source == "classifier":
        if predictions is None:
            raise ConfigError(
                "a comparison asks for classifier predictions but no classifier is configured",
                path=run.experiment.source,
                field="compare.source",
            )
        return predictions
    return run.out / "scores.parquet"


def _compare_folder(config: CompareConfig, name: str) -> str:
    suffix = "_dedupe" if config.dedupe else ""
    return f"{name}{suffix}" + ("" if config.source == "lexicon" else f"_{config.source}")


def _compare_one(run: _Run, config: CompareConfig, source: Path, compare: Callable[..., Any]):
    exp = run.experiment
    return compare(
        source,
        run.out / "corpus",
        by=config.by,
        frames=config.frames,
        dedupe=config.dedupe,
        correction=config.correction,
        n_bootstrap=exp.bootstrap,
        seed=exp.seed,
        keyness=tuple(config.keyness) if config.keyness else None,
        events=exp.events,
        period=exp.period,
    )


def _kwic_stage(run: _Run, lexicons: list[Lexicon], scores_key: str) -> None:
    from framing.lexicon.kwic import kwic
    from framing.lexicon.matcher import Matcher

    output = run.out / "kwic.csv"
    per_frame = run.experiment.report.kwic_per_frame
    key = stage_key("kwic", __version__, scores_key, per_frame)

    def work() -> None:
        corpus = Corpus.read(run.out / "corpus")
        passages = corpus.passages_with_documents(("outlet", "date"))
        tables = []
        for lexicon in lexicons:
            matcher = Matcher(lexicon)  # compiled once, not once per frame and language
            tables.extend(
                kwic(passages, lexicon, frame.id, language=language, matcher=matcher)
                .assign(frame=frame.id)
                .drop_duplicates("doc_id")  # examples from different articles
                .head(per_frame)
                for frame in lexicon.frames
                for language in lexicon.languages
            )
        found = [t for t in tables if len(t)]
        if found:  # passages quoted: formula-like text escaped, unescaped by _report_context
            write_csv(pd.concat(found, ignore_index=True), output)
        else:  # no line at all: an empty file, which the report stage skips
            write_text_atomic(output, "")

    run.stage("kwic", key, [output], work)


def _report_stage(run: _Run, lexicons: list[Lexicon], upstream: list[str]) -> None:
    from framing.report.pdf import build_report

    exp = run.experiment
    output = run.out / "report.pdf"
    key = stage_key("report", __version__, upstream, exp.report, exp.figures, exp.description)

    def work() -> None:
        context = _report_context(run, lexicons)
        build_report(context, run.out)

    run.stage("report", key, [output], work)


def _report_context(run: _Run, lexicons: list[Lexicon]):
    from framing.compare.comparison import Comparison, analysis_name
    from framing.report.context import ReportContext

    exp = run.experiment
    corpus = Corpus.read(run.out / "corpus")
    comparisons = [
        Comparison.read(run.out / "compare" / _compare_folder(config, analysis_name(config.by)))
        for config in exp.compare
    ]
    kwic_path = run.out / "kwic.csv"
    kwic_table = read_csv(kwic_path, keep_default_na=False) if kwic_path.stat().st_size else None
    evaluation = _optional_csv(run.out / "classifier" / "evaluation.csv")
    reliability = _optional_csv(run.out / "classifier" / "agreement.csv")
    card_path = run.out / "classifier" / "model_card.json"
    scores_meta = read_metadata(run.out / "scores.parquet")
    return ReportContext(
        name=exp.name,
        title=exp.report.title,
        description=exp.description,
        comparisons=comparisons,
        frame_labels={f.id: f.label for lex in lexicons for f in lex.frames},
        lexicon=lexicons[0],
        threshold=exp.scoring.threshold,
        min_distinct=exp.scoring.min_distinct,
        corpus=corpus,
        evaluation=evaluation,
        reliability=reliability,
        classifier=json.loads(card_path.read_text("utf-8")) if card_path.exists() else None,
        kwic=kwic_table,
        kwic_per_frame=exp.report.kwic_per_frame,
        figures=list(exp.figures),
        seed=exp.seed,
        correction=exp.compare[0].correction,
        bootstrap=exp.bootstrap,
        date=date.today(),
        command=shlex.join(["framing", *sys.argv[1:]]) if sys.argv else "",
        experiment_hash=hash_file(exp.source) if exp.source else None,
        corpus_hash=corpus.hash,
        toolkit_version=__version__,
        html=exp.report.html,
        extra_provenance={
            "lexicon hashes": ", ".join(f"{lex.name} {lex.hash}" for lex in lexicons),
            "clitic backend": str(scores_meta.get("clitic_backend", "")),
        },
    )


def _optional_csv(path: Path) -> pd.DataFrame | None:
    return read_csv(path) if path.exists() else None
