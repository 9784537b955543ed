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

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from framing.classify.modelfile import LoadedModel, load_model
from framing.parallel import DEFAULT_BATCH_SIZE, Engine, map_batches
from framing.schema import SCORE_COLUMNS, score_arrow_fields

# The Arrow types of predictions.parquet, written batch by batch.
PREDICTIONS_SCHEMA = pa.schema([*score_arrow_fields(), ("threshold", pa.float64())])


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
    corpus_dir: str | Path,
    model_path: str | Path,
    output: str | Path,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[str, int, int], None] | None = None,
) -> Path:
    """Classify every passage of a corpus folder and write ``predictions.parquet``.

    The corpus is streamed ``batch_size`` passages at a time (memory does
    not grow with it); ``jobs`` local processes, or ``engine="dask"`` (a
    local cluster of ``jobs`` workers, or the one at ``scheduler``), predict
    the batches, and the file is the same byte for byte whichever runs it.
    ``progress(stage, done, total)`` is called after each batch. Returns the
    path written.

    Examples
    --------
    >>> classify_corpus("corpus", "model.skops", "predictions.parquet", jobs=4)  # doctest: +SKIP
    PosixPath('predictions.parquet')
    """
    from framing.corpus.corpus import count_passages, iter_passages, stored_corpus_hash
    from framing.store import write_batches

    run = Engine(kind=engine, jobs=jobs, scheduler=scheduler)  # type: ignore[arg-type]
    n_passages = count_passages(corpus_dir)
    model = load_model(model_path)
    metadata = prediction_metadata(model, corpus_hash=stored_corpus_hash(corpus_dir))
    metadata["corpus"] = str(corpus_dir)
    metadata["n_passages"] = n_passages
    columns = ["passage_id", "doc_id", "text", "language"]
    batches = iter_passages(corpus_dir, columns, batch_size=batch_size)
    # The model travels to Dask workers as an object: they need not see the file.
    run = run.for_batches(-(-n_passages // batch_size))
    results = map_batches(_predict_batch, batches, engine=run, setup=_same, setup_args=(model,))
    tables = _reporting(results, progress, n_passages)
    return write_batches(output, PREDICTIONS_SCHEMA, tables, metadata)


def _same(model: LoadedModel) -> LoadedModel:
    """Worker setup: the model as sent (built once per worker process)."""
    return model


def _predict_batch(model: LoadedModel, batch: pa.RecordBatch) -> tuple[int, pa.Table]:
    """Worker: one batch's predictions, converted to Arrow here rather than in the writer."""
    table = predict_passages(batch.to_pandas(), model)
    return batch.num_rows, pa.Table.from_pandas(
        table, schema=PREDICTIONS_SCHEMA, preserve_index=False
    )


def _reporting(
    results: Iterable[tuple[int, pa.Table]],
    progress: Callable[[str, int, int], None] | None,
    total: int,
) -> Iterator[pa.Table]:
    done = 0
    for n_passages, table in results:
        yield table.replace_schema_metadata(None)
        done += n_passages
        if progress is not None:
            progress("classify", done, total)
