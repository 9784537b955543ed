"""An annotation round from files: sample passages and write the sheets; import coded sheets.

These are what ``framing annotate export`` and ``framing annotate import``
call; see :mod:`framing.classify.sampling`, :mod:`framing.classify.sheets`
and :mod:`framing.classify.labels` for the parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.classify.labels import import_labels, read_labels, write_labels
from framing.classify.sampling import stratified_sample, uncertainty_sample
from framing.classify.sheets import write_coding_sheets
from framing.classify.training import as_lexicon
from framing.errors import LabelError
from framing.hashing import hash_file
from framing.lexicon.model import Lexicon

STRATEGIES = ("stratified", "uncertainty")


@dataclass
class ExportResult:
    """The files written, the sampled passages and notes on the sampling."""

    paths: list[Path]
    sample: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def export_sheets(
    corpus_dir: str | Path,
    lexicon: Lexicon | str | Path,
    sheet: str | Path,
    *,
    n: int = 200,
    strategy: str = "stratified",
    model: str | Path | None = None,
    seed: int = 0,
    coders: int = 2,
    exclude: str | Path | None = None,
    min_per_cell: int = 2,
    method: str = "margin",
) -> ExportResult:
    """Sample ``n`` passages of a corpus and write coding sheets and the guide.

    Parameters
    ----------
    strategy:
        ``stratified`` (by outlet and language) or ``uncertainty`` (needs ``model``).
    exclude:
        A LABELS.parquet whose passages are not sampled again.
    coders:
        Copies of the sheet, one per coder (all with the same passages).
    method:
        For ``uncertainty``: ``margin`` or ``entropy``.

    Examples
    --------
    >>> export_sheets("corpus", "lexicons/security_diplomacy.yaml", "round1/sheet.xlsx",
    ...               n=200, coders=2)  # doctest: +SKIP
    """
    from framing.corpus.corpus import Corpus

    if strategy not in STRATEGIES:
        raise LabelError(
            f"strategy must be stratified or uncertainty, not {strategy!r}", field="--strategy"
        )
    lexicon = as_lexicon(lexicon)
    passages = Corpus.read(corpus_dir).passages_with_documents(("outlet",))
    done = sorted(set(read_labels(exclude)["passage_id"])) if exclude is not None else None
    if strategy == "uncertainty":
        if model is None:
            raise LabelError(
                "the uncertainty strategy needs a trained model",
                field="--model",
                hint="pass --model MODEL.skops, or use --strategy stratified",
            )
        from framing.classify.modelfile import load_model

        estimator = load_model(model).estimator
        probability = estimator.predict_proba(passages)
        thresholds = estimator.threshold_matrix(passages)
        sample = uncertainty_sample(
            passages, probability, thresholds, n, method=method, seed=seed, exclude=done
        )
    else:
        sample = stratified_sample(passages, n, min_per_cell=min_per_cell, seed=seed, exclude=done)
    if sample.empty:
        raise LabelError(
            f"no passages left to sample: all {len(passages)} are already labelled",
            path=exclude,
            hint="drop --exclude, or ingest more articles",
        )
    paths = write_coding_sheets(sample, lexicon, sheet, n_coders=coders)
    return ExportResult(paths, sample, list(sample.attrs.get("notes", [])))


def import_sheets(
    sheets: Sequence[str | Path],
    output: str | Path,
    *,
    lexicon: Lexicon | str | Path | None = None,
    corpus_dir: str | Path | None = None,
    coder: str | None = None,
    coder_from_filename: bool = False,
) -> tuple[Path, pd.DataFrame]:
    """Check coded sheets and write LABELS.parquet; the path and the labels.

    The frames come from the lexicon when given (else from the first sheet's
    columns); with a corpus, passage ids are checked against it.

    Examples
    --------
    >>> import_sheets(["sheet_coder1.xlsx", "sheet_coder2.xlsx"], "labels.parquet",
    ...               lexicon="lexicons/security_diplomacy.yaml")  # doctest: +SKIP
    """
    lexicon = as_lexicon(lexicon)
    passages = None
    metadata: dict[str, object] = {"stage": "annotate import"}
    if corpus_dir is not None:
        from framing.corpus.corpus import Corpus

        corpus = Corpus.read(corpus_dir)
        passages = corpus.passages
        metadata["corpus_hash"] = corpus.hash
    labels = import_labels(
        sheets,
        frame_ids=lexicon.frame_ids if lexicon is not None else None,
        passages=passages,
        coder=coder,
        coder_from_filename=coder_from_filename,
    )
    if labels.empty:
        raise LabelError("the sheets hold no labels", hint="check that the sheets were filled")
    metadata["sheets"] = {str(p): hash_file(p) for p in sheets}
    if lexicon is not None:
        metadata["lexicon"] = {
            "name": lexicon.name,
            "version": lexicon.version,
            "hash": lexicon.hash,
        }
    return write_labels(labels, output, metadata), labels
