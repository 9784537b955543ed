"""Classifier predictions in the shape of lexicon scores (``predictions.parquet``).

One row per passage and frame, the columns of :data:`framing.schema.SCORE_COLUMNS`,
so ``framing compare`` takes predictions or scores alike:

- ``probability``: the calibrated probability (NaN where the model has no
  model of that frame for the passage's language);
- ``present``: ``probability >= threshold`` of that frame (the tuned
  thresholds are in the metadata and in the ``threshold`` column);
- ``hits`` and ``distinct_terms`` are 0 and ``score`` and ``density`` NaN:
  a classifier counts no terms; ``matches`` is ``"[]"``.

The table's metadata records the model file's hash and path, whether it is
weakly supervised, the thresholds, frames, skipped frames, the lexicon and
the corpus hash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.classify.modelfile import LoadedModel, load_model
from framing.schema import SCORE_COLUMNS
from framing.store import write_table


def predict_passages(passages: pd.DataFrame, model: Any) -> pd.DataFrame:
    """Predictions for ``passages`` (``passage_id``, ``doc_id``, ``text``, ``language``).

    ``model`` is a fitted :class:`~framing.classify.model.FrameClassifier` or a
    :class:`~framing.classify.modelfile.LoadedModel`. Returns SCORE_COLUMNS
    plus ``threshold``; passages in the given order, frames in model order.

    Examples
    --------
    >>> from framing.classify.model import FrameClassifier
    >>> X = pd.DataFrame({"passage_id": [f"p{i}" for i in range(12)],
    ...     "doc_id": [f"d{i}" for i in range(12)], "language": ["en"] * 12,
    ...     "text": ["terror cell", "joint pact", "terror plot", "pact signed"] * 3})
    >>> y = pd.DataFrame({"threat": [1, 0, 1, 0] * 3})
    >>> table = predict_passages(X.head(2), FrameClassifier(threshold=0.5).fit(X, y))
    >>> table[["passage_id", "frame", "present"]].values.tolist()
    [['p0', 'threat', True], ['p1', 'threat', False]]
    """
    estimator = model.estimator if isinstance(model, LoadedModel) else model
    frames = list(estimator.frames_)
    probability = estimator.predict_proba(passages)
    thresholds = estimator.threshold_matrix(passages)
    with np.errstate(invalid="ignore"):
        present = ~np.isnan(probability) & (np.nan_to_num(probability) >= thresholds)
    n, k = len(passages), len(frames)
    table = pd.DataFrame(
        {
            "passage_id": np.repeat(passages["passage_id"].to_numpy(), k),
            "doc_id": np.repeat(passages["doc_id"].to_numpy(), k),
            "frame": np.tile(np.asarray(frames, dtype=object), n),
            "hits": np.zeros(n * k, dtype=np.int64),
            "distinct_terms": np.zeros(n * k, dtype=np.int64),
            "score": np.full(n * k, np.nan),
            "density": np.full(n * k, np.nan),
            "probability": probability.ravel(),
            "present": present.ravel(),
            "matches": np.full(n * k, "[]", dtype=object),
        },
        columns=list(SCORE_COLUMNS),
    )
    table["threshold"] = thresholds.ravel()
    return table


def prediction_metadata(model: LoadedModel, corpus_hash: str | None = None) -> dict[str, Any]:
    """What ``predictions.parquet`` records about the model that made it."""
    card = model.card
    return {
        "stage": "classify",
        "model_hash": model.hash,
        "model_path": str(model.path),
        "weak": model.weak,
        "supervision": card.get("supervision", "weak (lexicon labels)" if model.weak else "human"),
        "thresholds": model.estimator.thresholds_,
        "threshold_rule": "present = probability >= the frame's tuned threshold",
        "frames": list(model.estimator.frames_),
        "skipped_frames": model.estimator.skipped_,
        "lexicon": card.get("lexicon"),
        "training_data_hash": (card.get("training_data") or {}).get("hash"),
        "model_created": card.get("created"),
        "corpus_hash": corpus_hash,
    }


def classify_corpus(
    corpus_dir: str | Path, model_path: str | Path, output: str | Path
) -> tuple[Path, pd.DataFrame]:
    """Classify every passage of a corpus folder and write ``predictions.parquet``.

    Returns the path written and the table.

    Examples
    --------
    >>> classify_corpus("corpus", "model.skops", "predictions.parquet")  # doctest: +SKIP
    """
    from framing.corpus.corpus import Corpus

    model = load_model(model_path)
    corpus = Corpus.read(corpus_dir)
    table = predict_passages(corpus.passages, model)
    metadata = prediction_metadata(model, corpus_hash=corpus.hash)
    metadata["corpus"] = str(corpus_dir)
    metadata["n_passages"] = len(corpus.passages)
    return write_table(table, output, metadata), table
