"""The experiment's classifier stage: train (and evaluate) from labels, or load a model; classify.

Writes under ``<output>/classifier/``: ``model.skops`` (when trained), ``model_card.json``,
``evaluation.csv`` (cross-validated, with the lexicon baseline), ``agreement.csv`` (when the
labels come from several coders) and ``predictions.parquet`` (the scores' shape).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from framing import __version__
from framing.experiment.cache import files_key, stage_key
from framing.experiment.config import ClassifierConfig
from framing.lexicon.model import Lexicon
from framing.store import write_json_atomic

if TYPE_CHECKING:
    from framing.experiment.runner import _Run


def run_classifier(
    run: _Run, config: ClassifierConfig, lexicons: list[Lexicon], corpus_key: str
) -> Path:
    """Run the classifier stages; return the path of ``predictions.parquet``."""
    folder = run.out / "classifier"
    folder.mkdir(parents=True, exist_ok=True)
    model_path = _model_stage(run, config, lexicons, corpus_key, folder)
    predictions = folder / "predictions.parquet"
    key = stage_key("classify", __version__, corpus_key, files_key([model_path]))

    def work() -> None:
        from framing.classify.predict import classify_corpus

        # The experiment's engine block: where it runs, not what it writes.
        classify_corpus(
            run.out / "corpus", model_path, predictions, **run.experiment.engine.options()
        )

    run.stage("classify", key, [predictions], work)
    return predictions


def _model_stage(
    run: _Run, config: ClassifierConfig, lexicons: list[Lexicon], corpus_key: str, folder: Path
) -> Path:
    exp = run.experiment
    if config.model:
        model_path = exp.resolve(config.model)
        _write_card(model_path, folder)
        return model_path
    labels = exp.resolve(config.labels) if config.labels else None
    if labels is None and not config.weak:
        from framing.errors import ConfigError

        raise ConfigError(
            "the classifier needs labels (to train), a model (to load), or weak: true",
            path=exp.source,
            field="classifier",
        )
    model_path = folder / "model.skops"
    lexicon = lexicons[0]
    key = stage_key(
        "train", __version__, corpus_key, files_key([labels]) if labels else None,
        lexicon.hash, config, exp.seed,
    )  # fmt: skip

    def work() -> None:
        from framing.classify.evaluation import evaluate_files, write_evaluation
        from framing.classify.training import train_files

        corpus_dir = run.out / "corpus"
        options = {"weak": config.weak, "per_language": config.per_language, "seed": exp.seed}
        train_files(labels, corpus_dir, model_path, lexicon=lexicon, **options)
        result = evaluate_files(labels, corpus_dir, lexicon=lexicon, folds=config.folds, **options)
        write_evaluation(result, folder)
        if labels is not None:
            _write_agreement(labels, folder, exp.seed)
        _write_card(model_path, folder)

    run.stage("train", key, [model_path, folder / "evaluation.csv"], work)
    return model_path


def _write_agreement(labels: Path, folder: Path, seed: int) -> None:
    from framing.classify.agreement import agreement, write_agreement
    from framing.classify.labels import read_labels

    table = read_labels(labels)
    if table["coder"].nunique() >= 2:
        write_agreement(agreement(table, seed=seed), folder)


def _write_card(model_path: Path, folder: Path) -> None:
    from framing.classify.modelfile import load_model

    loaded = load_model(model_path)
    card = json.loads(json.dumps(loaded.card, default=str))
    write_json_atomic(folder / "model_card.json", card | {"model_hash": loaded.hash})
