"""Human annotation, inter-coder reliability and the supervised frame classifier.

- :mod:`~framing.classify.sampling` — which passages to code (stratified, uncertainty);
- :mod:`~framing.classify.sheets` — coding sheets (CSV, XLSX) and the annotation guide;
- :mod:`~framing.classify.labels` — coded sheets in, checked, LABELS.parquet out;
- :mod:`~framing.classify.consensus` — one label per passage from several coders;
- :mod:`~framing.classify.agreement` — Krippendorff's alpha, Cohen's and Fleiss' kappa;
- :mod:`~framing.classify.features`, :mod:`~framing.classify.model` — the classifier;
- :mod:`~framing.classify.thresholds` — per-frame decision thresholds and P/R/F1;
- :mod:`~framing.classify.training`, :mod:`~framing.classify.evaluation` — train, cross-validate;
- :mod:`~framing.classify.modelfile` — safe skops model files and the model card;
- :mod:`~framing.classify.predict` — predictions.parquet, shaped like lexicon scores;
- :mod:`~framing.classify.annotation` — an annotation round from files (the CLI's calls).
"""

from framing.classify.agreement import AgreementResult, agreement, write_agreement
from framing.classify.annotation import export_sheets, import_sheets
from framing.classify.consensus import aggregate_labels
from framing.classify.evaluation import EvaluationResult, evaluate, evaluate_files
from framing.classify.labels import LABEL_COLUMNS, import_labels, read_labels, write_labels
from framing.classify.model import FrameClassifier
from framing.classify.modelfile import LoadedModel, load_model, save_model
from framing.classify.predict import classify_corpus, predict_passages
from framing.classify.training import (
    TrainingData,
    human_training_data,
    train_files,
    train_model,
    weak_training_data,
)

__all__ = [
    "LABEL_COLUMNS",
    "AgreementResult",
    "EvaluationResult",
    "FrameClassifier",
    "LoadedModel",
    "TrainingData",
    "aggregate_labels",
    "agreement",
    "classify_corpus",
    "evaluate",
    "evaluate_files",
    "export_sheets",
    "human_training_data",
    "import_labels",
    "import_sheets",
    "load_model",
    "predict_passages",
    "read_labels",
    "save_model",
    "train_files",
    "train_model",
    "weak_training_data",
    "write_agreement",
    "write_labels",
]
