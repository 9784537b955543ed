"""Training data (human or weak labels joined with passages) and a training run with its card.

Human labels are aggregated per passage (:mod:`framing.classify.consensus`)
and joined with the corpus passages (text, language). With ``weak=True`` and
no human labels, the labels are the lexicon's decisions (``present`` of
:func:`~framing.lexicon.scoring.score_passages`) on every passage of the
corpus: the model then learns to generalise the lexicon, and everything it
reports (card, predictions, evaluation) says it is weakly supervised. A weak
model does not get the lexicon's scores as features (it would only learn to
copy them).

Examples
--------
>>> from framing.lexicon.model import Entry, Frame, Lexicon
>>> lex = Lexicon("demo", languages=["en"], frames=[
...     Frame("threat", "Threat", entries={"en": [Entry("terror*", "glob")]})])
>>> passages = pd.DataFrame({"passage_id": ["p1", "p2"], "doc_id": ["d1", "d2"],
...     "language": ["en", "en"], "text": ["A terrorist plot.", "A trade fair."]})
>>> data = weak_training_data(passages, lex)
>>> data.labels["threat"].tolist(), data.weak
([1.0, 0.0], True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from framing.classify.consensus import aggregate_labels
from framing.classify.labels import ADJUDICATOR
from framing.classify.model import FrameClassifier
from framing.classify.modelfile import model_card
from framing.errors import LabelError, ModelError
from framing.hashing import hash_file, hash_text
from framing.lexicon.model import Lexicon

if TYPE_CHECKING:
    from framing.corpus.corpus import Corpus

PASSAGE_FIELDS = ("passage_id", "doc_id", "text", "language")


@dataclass
class TrainingData:
    """Passages (``passage_id``, ``doc_id``, ``text``, ``language``, maybe ``outlet``) and their
    labels (one column per frame: 1.0, 0.0, NaN), row-aligned."""

    passages: pd.DataFrame
    labels: pd.DataFrame
    weak: bool = False
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def frames(self) -> list[str]:
        return list(self.labels.columns)

    @property
    def hash(self) -> str:
        """Content hash of the training passages and labels."""
        table = pd.concat([self.passages[["passage_id", "text"]], self.labels], axis=1)
        return hash_text(table.to_csv(index=False))


def human_training_data(
    labels: pd.DataFrame,
    passages: pd.DataFrame | None = None,
    *,
    frames: Sequence[str] | None = None,
    lexicon: Lexicon | None = None,
    tie: str = "exclude",
) -> TrainingData:
    """Aggregate coders' labels and join them with the corpus passages.

    ``passages`` (the corpus, possibly with ``outlet``) gives text and
    language; without it they come from the labels table (the sheets). A
    labelled passage missing from the corpus, or labels for a frame the
    lexicon does not define, raise :class:`~framing.errors.LabelError`.
    """
    if labels.empty:
        raise LabelError("the labels table is empty", hint="import coded sheets first")
    label_frames = list(dict.fromkeys(labels["frame"]))
    if lexicon is not None:
        unknown = [f for f in label_frames if f not in lexicon.frame_ids]
        if unknown:
            raise LabelError(
                f"labels for frames the lexicon does not define: {', '.join(unknown)}",
                hint=f"the lexicon's frames are {', '.join(lexicon.frame_ids)}",
            )
        label_frames = [f for f in lexicon.frame_ids if f in label_frames]
    frames = list(frames) if frames is not None else label_frames
    unknown = [f for f in frames if f not in label_frames]
    if unknown:
        raise LabelError(f"no labels for the frame(s) {', '.join(unknown)}", field="frames")
    wide = aggregate_labels(labels, frames, tie=tie)
    if passages is not None:
        joined = _join_corpus(wide, passages)
    else:
        info = labels[labels["coder"] != ADJUDICATOR].drop_duplicates("passage_id")
        info = info.set_index("passage_id")[["text", "language"]]
        joined = wide.join(info, on="passage_id")
        if (joined["text"].fillna("") == "").any():
            raise LabelError(
                "some labelled passages have no text in the labels table",
                hint="pass the corpus (--corpus) the sheets were exported from",
            )
    provenance = {
        "n_passages": len(joined),
        "n_documents": int(joined["doc_id"].nunique()),
        "coders": sorted(set(labels["coder"])),
        "aggregation": f"adjudicated label, else majority of coders; ties: {tie}",
        "ties": wide.attrs.get("ties", {}),
        "labels_hash": hash_text(
            labels[["passage_id", "coder", "frame", "label"]].astype(str).to_csv(index=False)
        ),
    }
    columns = [c for c in (*PASSAGE_FIELDS, "outlet") if c in joined.columns]
    return TrainingData(
        joined[columns].reset_index(drop=True),
        joined[frames].astype(float).reset_index(drop=True),
        weak=False,
        provenance=provenance,
    )


def _join_corpus(wide: pd.DataFrame, passages: pd.DataFrame) -> pd.DataFrame:
    corpus = passages.drop_duplicates("passage_id").set_index("passage_id")
    missing = [p for p in wide["passage_id"] if p not in corpus.index]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise LabelError(
            f"{len(missing)} of {len(wide)} labelled passages are not in the corpus: {shown}",
            field="passage_id",
            hint="pass the corpus the coding sheets were exported from",
        )
    extra = [c for c in ("text", "language", "outlet") if c in corpus.columns]
    joined = wide.drop(columns="doc_id").join(corpus[["doc_id", *extra]], on="passage_id")
    return joined


def weak_training_data(
    passages: pd.DataFrame, lexicon: Lexicon, *, threshold: float = 1.0
) -> TrainingData:
    """Lexicon labels (``present``) for every passage: weak supervision."""
    from framing.lexicon.scoring import score_passages

    if lexicon is None:
        raise ModelError("weak supervision needs a lexicon", hint="pass --lexicon FILE")
    scores = score_passages(passages, lexicon, threshold=threshold)
    wide = scores.pivot_table(
        index="passage_id", columns="frame", values="present", aggfunc="first", sort=False
    )
    wide = wide.reindex(index=passages["passage_id"], columns=lexicon.frame_ids).astype(float)
    columns = [c for c in (*PASSAGE_FIELDS, "outlet") if c in passages.columns]
    provenance = {
        "n_passages": len(passages),
        "n_documents": int(passages["doc_id"].nunique()),
        "labels": f"lexicon decisions (score >= {threshold})",
        "lexicon_threshold": threshold,
    }
    return TrainingData(
        passages[columns].reset_index(drop=True),
        wide.reset_index(drop=True),
        weak=True,
        provenance=provenance,
    )


def train_model(
    data: TrainingData,
    *,
    lexicon: Lexicon | None = None,
    lexicon_features: bool | None = None,
    per_language: bool = False,
    seed: int = 0,
    corpus_hash: str | None = None,
    **params: Any,
) -> tuple[FrameClassifier, dict[str, Any]]:
    """Fit a :class:`FrameClassifier` on ``data``; the fitted model and its card.

    ``lexicon_features`` defaults to true with human labels and a lexicon,
    false for weak labels. ``params`` go to :class:`FrameClassifier`.
    """
    if lexicon_features is None:
        lexicon_features = lexicon is not None and not data.weak
    if lexicon_features and lexicon is None:
        raise ModelError("lexicon features need a lexicon", hint="pass --lexicon FILE")
    model = FrameClassifier(
        lexicon if lexicon_features else None,
        per_language=per_language,
        random_state=seed,
        **params,
    )
    model.fit(data.passages, data.labels, groups=data.passages["doc_id"].to_numpy())
    skipped = [f"{f}: {why}" for per in model.skipped_.values() for f, why in per.items()]
    notes = [f"skipped frame {s}" for s in skipped]
    training = {**data.provenance, "hash": data.hash, "corpus_hash": corpus_hash}
    labels = {f.id: f.label for f in lexicon.frames} if lexicon is not None else {}
    card = model_card(
        model,
        weak=data.weak,
        seed=seed,
        training_data=training,
        lexicon=lexicon,
        frame_labels=labels,
        extra_notes=notes,
    )
    return model, card


# -- from files ----------------------------------------------------------------------------


def as_lexicon(lexicon: Lexicon | str | Path | None) -> Lexicon | None:
    """A lexicon object from a Lexicon or a lexicon file (any supported format)."""
    if lexicon is None or isinstance(lexicon, Lexicon):
        return lexicon
    from framing.lexicon.scoring import load_lexicon_file

    return load_lexicon_file(lexicon)


def load_training_data(
    labels_path: str | Path | None,
    corpus_dir: str | Path,
    *,
    lexicon: Lexicon | None = None,
    weak: bool = False,
    tie: str = "exclude",
    weak_threshold: float = 1.0,
) -> tuple[TrainingData, Corpus]:
    """Training data from LABELS.parquet (or, with ``weak``, from the lexicon) and a corpus."""
    from framing.classify.labels import read_labels
    from framing.corpus.corpus import Corpus

    corpus = Corpus.read(corpus_dir)
    passages = corpus.passages_with_documents(("outlet",))
    if weak:
        if labels_path is not None:
            raise ModelError(
                "--weak trains from the lexicon's labels: do not also pass LABELS",
                hint="drop LABELS for weak supervision, or drop --weak to use the human labels",
            )
        if lexicon is None:
            raise ModelError("weak supervision needs a lexicon", hint="pass --lexicon FILE")
        return weak_training_data(passages, lexicon, threshold=weak_threshold), corpus
    if labels_path is None:
        raise LabelError(
            "no labels given",
            hint="pass LABELS.parquet, or --weak with --lexicon for lexicon labels",
        )
    labels = read_labels(labels_path)
    data = human_training_data(labels, passages, lexicon=lexicon, tie=tie)
    data.provenance["labels_path"] = str(labels_path)
    data.provenance["labels_file_hash"] = hash_file(labels_path)
    return data, corpus


def train_files(
    labels_path: str | Path | None,
    corpus_dir: str | Path,
    output: str | Path,
    *,
    lexicon: Lexicon | str | Path | None = None,
    weak: bool = False,
    tie: str = "exclude",
    lexicon_features: bool | None = None,
    per_language: bool = False,
    seed: int = 0,
    **params: Any,
) -> tuple[Path, FrameClassifier, dict[str, Any]]:
    """Train from LABELS.parquet (or lexicon labels with ``weak``) and save the model file.

    Returns the path written, the fitted model and its card.

    Examples
    --------
    >>> train_files("labels.parquet", "corpus", "model.skops",
    ...             lexicon="lexicons/security_diplomacy.yaml")  # doctest: +SKIP
    """
    from framing.classify.modelfile import save_model

    lexicon = as_lexicon(lexicon)
    data, corpus = load_training_data(labels_path, corpus_dir, lexicon=lexicon, weak=weak, tie=tie)
    model, card = train_model(
        data,
        lexicon=lexicon,
        lexicon_features=lexicon_features,
        per_language=per_language,
        seed=seed,
        corpus_hash=corpus.hash,
        **params,
    )
    card["training_data"]["corpus"] = str(corpus_dir)
    return save_model(model, card, output), model, card
