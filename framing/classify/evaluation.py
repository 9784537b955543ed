"""Cross-validated evaluation of the classifier, with the lexicon alone as a baseline.

- Folds are grouped (``GroupKFold``): by **article** (no passage of one
  article in both training and test: passages of an article share wording,
  and would flatter the model) or by **outlet** (every test fold is outlets
  the model never saw: transfer to new sources).
- Inside each training fold the classifier tunes its thresholds on its own
  inner, article-grouped split; the test fold is never used to choose
  anything.
- Per frame: precision, recall and F1 of the pooled out-of-fold decisions,
  with percentile bootstrap intervals from resampling **articles**; micro
  (counts summed over frames) and macro (mean over frames) averages with
  intervals from the same replicates.
- The lexicon's decisions (``present``) on the same passages are scored the
  same way, in the same table (``method`` = ``classifier`` or ``lexicon``).
- With weak (lexicon) labels, the "truth" is the lexicon: the scores measure
  how well the classifier reproduces it, not validity; the table says so in
  its ``supervision`` column, and the lexicon row is trivially perfect.

Examples
--------
>>> fold_of = grouped_folds(np.array(["a", "a", "b", "b", "c", "c"]), 3)
>>> [len(set(fold_of[rows])) for rows in ([0, 1], [2, 3], [4, 5])], len(set(fold_of))
([1, 1, 1], 3)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from framing.classify.model import FrameClassifier
from framing.classify.training import TrainingData
from framing.csv_safety import write_csv
from framing.errors import ModelError
from framing.lexicon.model import Lexicon
from framing.store import write_table, write_text_atomic

GROUPINGS = {"article": "doc_id", "outlet": "outlet"}
METRICS = ("precision", "recall", "f1")
EVALUATION_COLUMNS = [
    "method",
    "frame",
    "n_passages",
    "n_positive",
    "n_predicted",
    *[f"{m}{s}" for m in METRICS for s in ("", "_ci_low", "_ci_high")],
    "threshold",
    "group",
    "folds",
    "supervision",
]


def grouped_folds(groups: np.ndarray, n_splits: int) -> np.ndarray:
    """The test fold (0..n_splits-1) of each row; rows of one group share a fold.

    GroupKFold balances the fold sizes; it is deterministic (no shuffling).
    """
    groups = np.asarray(groups, dtype=object)
    n_groups = len(set(groups.tolist()))
    if n_splits < 2:
        raise ModelError("cross-validation needs at least 2 folds", field="--folds")
    if n_groups < n_splits:
        raise ModelError(
            f"{n_splits} folds need at least {n_splits} groups, but there are {n_groups}",
            field="--folds",
            hint=f"use --folds {max(n_groups, 2)} or label passages from more articles/outlets",
        )
    fold_of = np.full(len(groups), -1, dtype=int)
    for k, (_, test) in enumerate(GroupKFold(n_splits).split(groups, groups=groups)):
        fold_of[test] = k
    return fold_of


def check_frames_for_folds(labels: pd.DataFrame, n_splits: int) -> tuple[list[str], list[str]]:
    """(frames to evaluate, notes). A frame with no positive is left out with a note; a frame
    with fewer positives (or negatives) than folds is an error naming it and its counts."""
    keep, notes, errors = [], [], []
    for frame in labels.columns:
        values = labels[frame].dropna()
        n_pos, n_neg = int((values == 1).sum()), int((values == 0).sum())
        if n_pos == 0:
            notes.append(f"{frame}: left out, no positive label ({n_neg} negative)")
        elif min(n_pos, n_neg) < n_splits:
            errors.append(f"{frame} ({n_pos} positive, {n_neg} negative)")
        else:
            keep.append(frame)
    if errors:
        raise ModelError(
            f"too few labels for {n_splits} folds: {'; '.join(errors)}",
            field="--folds",
            hint=f"each frame needs at least {n_splits} positive and negative labels: use fewer "
            "--folds, code more passages, or leave the frame out with --frames",
        )
    if not keep:
        raise ModelError("no frame has a positive label to evaluate", hint="code more passages")
    return keep, notes


@dataclass
class EvaluationResult:
    """The evaluation table, the fold of each passage, and the out-of-fold predictions."""

    table: pd.DataFrame
    folds: pd.DataFrame
    predictions: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


def evaluate(
    data: TrainingData,
    *,
    lexicon: Lexicon | None = None,
    lexicon_features: bool | None = None,
    group: str = "article",
    folds: int = 5,
    frames: Sequence[str] | None = None,
    seed: int = 0,
    bootstrap: int = 1000,
    level: float = 0.95,
    lexicon_threshold: float = 1.0,
    **params: Any,
) -> EvaluationResult:
    """Grouped cross-validation of :class:`FrameClassifier` on ``data`` (and the lexicon baseline).

    Parameters
    ----------
    data:
        Passages and labels (:mod:`framing.classify.training`).
    lexicon:
        The baseline (and the lexicon features, see ``lexicon_features``).
    lexicon_features:
        Give the classifier the lexicon's scores (default: with human labels and a lexicon).
    group:
        ``article`` or ``outlet`` (``data.passages`` needs an ``outlet`` column).
    folds, frames, seed, bootstrap, level:
        Outer folds; frames to evaluate (default: all with a positive label);
        the seed of the model and of the bootstrap; replicates; interval level.
    params:
        Passed to :class:`FrameClassifier`.
    """
    if group not in GROUPINGS:
        raise ModelError(f"group must be article or outlet, not {group!r}", field="--group")
    column = GROUPINGS[group]
    if column not in data.passages.columns:
        raise ModelError(f"grouping by {group} needs the passages' {column}", hint="pass --corpus")
    labels = data.labels if frames is None else data.labels[list(frames)]
    keep, notes = check_frames_for_folds(labels, folds)
    labels = labels[keep]
    passages = data.passages
    fold_of = grouped_folds(passages[column].fillna("").to_numpy(), folds)
    use_lexicon = lexicon is not None and (
        lexicon_features if lexicon_features is not None else not data.weak
    )
    probability, threshold = _cross_validate(
        passages, labels, fold_of, use_lexicon, lexicon, seed, notes, params
    )
    decision = np.where(np.isnan(probability), 0, probability >= np.nan_to_num(threshold, nan=1.0))
    supervision = "weak (agreement with the lexicon)" if data.weak else "human"
    docs = passages["doc_id"].to_numpy()
    rows = _score_table("classifier", labels, decision, docs, bootstrap, seed, level)
    for row in rows:
        if row["frame"] in labels.columns:
            row["threshold"] = float(
                np.nanmean(threshold[:, list(labels.columns).index(row["frame"])])
            )
    lexicon_decision = None
    if lexicon is not None:
        lexicon_decision = _lexicon_decisions(
            passages, lexicon, list(labels.columns), lexicon_threshold
        )
        lex_rows = _score_table("lexicon", labels, lexicon_decision, docs, bootstrap, seed, level)
        for row in lex_rows:
            row["threshold"] = lexicon_threshold
        rows += lex_rows
    table = pd.DataFrame(rows)
    table["group"], table["folds"], table["supervision"] = group, folds, supervision
    table = table.reindex(columns=EVALUATION_COLUMNS)
    fold_table = passages[["passage_id", "doc_id"]].assign(
        group=passages[column].to_numpy(), fold=fold_of
    )
    predictions = _prediction_table(
        passages, labels, probability, threshold, decision, lexicon_decision, fold_of
    )
    metadata = {
        "stage": "evaluate",
        "group": group,
        "folds": folds,
        "seed": seed,
        "bootstrap": bootstrap,
        "level": level,
        "weak": data.weak,
        "supervision": supervision,
        "frames": list(labels.columns),
        "lexicon": None
        if lexicon is None
        else {"name": lexicon.name, "version": lexicon.version, "hash": lexicon.hash},
        "lexicon_features": bool(use_lexicon),
        "training_data_hash": data.hash,
        "notes": notes,
    }
    return EvaluationResult(table, fold_table, predictions, notes, metadata)


def _cross_validate(
    passages: pd.DataFrame,
    labels: pd.DataFrame,
    fold_of: np.ndarray,
    use_lexicon: bool,
    lexicon: Lexicon | None,
    seed: int,
    notes: list[str],
    params: dict[str, Any],
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities and thresholds, passages x frames."""
    frames = list(labels.columns)
    probability = np.full(labels.shape, np.nan)
    threshold = np.full(labels.shape, np.nan)
    docs = passages["doc_id"].to_numpy()
    for k in range(fold_of.max() + 1):
        train, test = np.flatnonzero(fold_of != k), np.flatnonzero(fold_of == k)
        model = FrameClassifier(lexicon if use_lexicon else None, random_state=seed, **params)
        try:
            model.fit(passages.iloc[train], labels.iloc[train], groups=docs[train])
        except ModelError as exc:
            notes.append(f"fold {k}: no model ({exc.message})")
            continue
        notes += [f"fold {k}: {n}" for n in model.notes_]
        for skipped in model.skipped_.values():
            notes += [f"fold {k}: {f} skipped ({why})" for f, why in skipped.items()]
        columns = [frames.index(f) for f in model.frames_]
        test_x = passages.iloc[test]
        probability[np.ix_(test, columns)] = model.predict_proba(test_x)
        threshold[np.ix_(test, columns)] = model.threshold_matrix(test_x)
    return probability, threshold


def _lexicon_decisions(
    passages: pd.DataFrame, lexicon: Lexicon, frames: list[str], threshold: float
) -> np.ndarray:
    from framing.lexicon.scoring import score_passages

    scores = score_passages(passages, lexicon, threshold=threshold)
    wide = scores.pivot_table(
        index="passage_id", columns="frame", values="present", aggfunc="first"
    )
    wide = wide.reindex(index=passages["passage_id"], columns=frames)
    return wide.fillna(False).to_numpy(dtype=float)


# -- metrics with article-bootstrap intervals --------------------------------------------------


def _score_table(
    method: str,
    labels: pd.DataFrame,
    decision: np.ndarray,
    docs: np.ndarray,
    bootstrap: int,
    seed: int,
    level: float,
) -> list[dict[str, Any]]:
    """Per-frame, micro and macro rows for one method."""
    frames = list(labels.columns)
    y = labels.to_numpy(dtype=float)
    known = ~np.isnan(y)
    truth = np.nan_to_num(y) == 1
    predicted = decision.astype(bool)
    doc_codes, doc_index = np.unique(docs.astype(str), return_inverse=True)
    counts = np.zeros((len(doc_codes), len(frames), 3))  # tp, fp, fn per article and frame
    np.add.at(counts[:, :, 0], doc_index, (truth & predicted & known).astype(float))
    np.add.at(counts[:, :, 1], doc_index, (~truth & predicted & known).astype(float))
    np.add.at(counts[:, :, 2], doc_index, (truth & ~predicted & known).astype(float))
    point = _metrics(counts.sum(axis=0)[None])
    replicates = _bootstrap_metrics(counts, bootstrap, seed)
    rows = []
    names = [*frames, "micro", "macro"]
    for j, name in enumerate(names):
        row: dict[str, Any] = {"method": method, "frame": name}
        if j < len(frames):
            row["n_passages"] = int(known[:, j].sum())
            row["n_positive"] = int((truth & known)[:, j].sum())
            row["n_predicted"] = int((predicted & known)[:, j].sum())
        else:
            row["n_passages"] = int(known.any(axis=1).sum())
            row["n_positive"] = int((truth & known).sum())
            row["n_predicted"] = int((predicted & known).sum())
        for m, metric in enumerate(METRICS):
            row[metric] = float(point[0, j, m])
            low, high = _interval(replicates[:, j, m], level)
            row[f"{metric}_ci_low"], row[f"{metric}_ci_high"] = low, high
        rows.append(row)
    return rows


def _metrics(totals: np.ndarray) -> np.ndarray:
    """replicates x frames x (tp, fp, fn) -> replicates x (frames + micro + macro) x (P, R, F1)."""
    micro = totals.sum(axis=1, keepdims=True)
    both = np.concatenate([totals, micro], axis=1)
    tp, fp, fn = both[..., 0], both[..., 1], both[..., 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
        recall = np.where(tp + fn > 0, tp / (tp + fn), np.nan)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan)
    scores = np.stack([precision, recall, f1], axis=-1)
    n_frames = totals.shape[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a frame with nothing to score: NaN
        macro = np.nanmean(scores[:, :n_frames], axis=1, keepdims=True)
    return np.concatenate([scores, macro], axis=1)


def _bootstrap_metrics(counts: np.ndarray, bootstrap: int, seed: int) -> np.ndarray:
    """Metrics of ``bootstrap`` resamples of the articles (with replacement)."""
    rng = np.random.default_rng(seed)
    n_docs = counts.shape[0]
    flat = counts.reshape(n_docs, -1)
    out = []
    for start in range(0, bootstrap, 200):
        size = min(200, bootstrap - start)
        weights = np.zeros((size, n_docs))
        draws = rng.integers(0, n_docs, size=(size, n_docs))
        np.add.at(weights, (np.repeat(np.arange(size), n_docs), draws.ravel()), 1.0)
        out.append(_metrics((weights @ flat).reshape(size, *counts.shape[1:])))
    return np.concatenate(out) if out else np.empty((0, counts.shape[1] + 2, 3))


def _interval(values: np.ndarray, level: float) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size < max(10, values.size // 2):
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return float(low), float(high)


def _prediction_table(
    passages: pd.DataFrame,
    labels: pd.DataFrame,
    probability: np.ndarray,
    threshold: np.ndarray,
    decision: np.ndarray,
    lexicon_decision: np.ndarray | None,
    fold_of: np.ndarray,
) -> pd.DataFrame:
    """Long table: passage_id, doc_id, frame, fold, label, probability, threshold, present,
    lexicon_present."""
    n, frames = len(passages), list(labels.columns)
    table = pd.DataFrame(
        {
            "passage_id": np.repeat(passages["passage_id"].to_numpy(), len(frames)),
            "doc_id": np.repeat(passages["doc_id"].to_numpy(), len(frames)),
            "frame": np.tile(np.asarray(frames, dtype=object), n),
            "fold": np.repeat(fold_of, len(frames)),
            "label": labels.to_numpy(dtype=float).ravel(),
            "probability": probability.ravel(),
            "threshold": threshold.ravel(),
            "present": decision.astype(bool).ravel(),
        }
    )
    if lexicon_decision is not None:
        table["lexicon_present"] = lexicon_decision.astype(bool).ravel()
    return table


# -- output ---------------------------------------------------------------------------------


def write_evaluation(result: EvaluationResult, out_dir: str | Path) -> list[Path]:
    """Write ``evaluation.csv``, ``evaluation.tex``, ``folds.csv`` and
    ``evaluation_predictions.parquet`` into ``out_dir`` (CSV text cells escaped against
    formula injection: :mod:`framing.csv_safety`)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [
        write_csv(result.table, out / "evaluation.csv"),
        write_text_atomic(out / "evaluation.tex", latex_table(result.table, result.metadata)),
        write_csv(result.folds, out / "folds.csv"),
        write_table(result.predictions, out / "evaluation_predictions.parquet", result.metadata),
    ]


def latex_table(table: pd.DataFrame, metadata: dict[str, Any] | None = None) -> str:
    """A booktabs LaTeX table: method, frame, n, positives, and P/R/F1 with their intervals."""
    metadata = metadata or {}
    lines = [
        "\\begin{tabular}{llrrccc}",
        "\\toprule",
        "Method & Frame & $n$ & Pos. & Precision & Recall & F1 \\\\",
        "\\midrule",
    ]
    for _, row in table.iterrows():
        cells = [
            _tex(str(row["method"])),
            _tex(str(row["frame"])),
            str(row["n_passages"]),
            str(row["n_positive"]),
            *[_with_ci(row, m) for m in METRICS],
        ]
        lines.append(" & ".join(cells) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}"]
    folds, group = metadata.get("folds", ""), metadata.get("group", "")
    level = round(metadata.get("level", 0.95) * 100)
    caption = (
        f"% {folds}-fold cross-validation grouped by {group}; labels: "
        f"{metadata.get('supervision', '')}; {level}% bootstrap intervals over articles."
    )
    return caption + "\n" + "\n".join(lines) + "\n"


def _with_ci(row: pd.Series, metric: str) -> str:
    value = row[metric]
    if not np.isfinite(value):
        return "--"
    low, high = row[f"{metric}_ci_low"], row[f"{metric}_ci_high"]
    if np.isfinite(low) and np.isfinite(high):
        return f"{value:.2f} [{low:.2f}, {high:.2f}]"
    return f"{value:.2f}"


def _tex(text: str) -> str:
    for char, escaped in (
        ("\\", "\\textbackslash{}"),
        ("_", "\\_"),
        ("&", "\\&"),
        ("%", "\\%"),
        ("#", "\\#"),
        ("$", "\\$"),
    ):
        text = text.replace(char, escaped)
    return text


def evaluate_files(
    labels_path: str | Path | None,
    corpus_dir: str | Path,
    out_dir: str | Path | None = None,
    *,
    lexicon: Lexicon | str | Path | None = None,
    weak: bool = False,
    tie: str = "exclude",
    **options: Any,
) -> EvaluationResult:
    """:func:`evaluate` on LABELS.parquet (or lexicon labels with ``weak``) and a corpus,
    writing the files of :func:`write_evaluation` into ``out_dir`` when given.

    Examples
    --------
    >>> evaluate_files("labels.parquet", "corpus", "evaluation",
    ...                lexicon="lexicons/security_diplomacy.yaml", folds=5)  # doctest: +SKIP
    """
    from framing.classify.training import as_lexicon, load_training_data

    lexicon = as_lexicon(lexicon)
    data, corpus = load_training_data(labels_path, corpus_dir, lexicon=lexicon, weak=weak, tie=tie)
    result = evaluate(data, lexicon=lexicon, **options)
    result.metadata["corpus_hash"] = corpus.hash
    if labels_path is not None:
        result.metadata["labels_path"] = str(labels_path)
    if out_dir is not None:
        write_evaluation(result, out_dir)
    return result
