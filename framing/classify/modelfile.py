"""Model files: skops (never pickle), an explicit allow-list of types, and the model card.

A model file is a skops archive of ``{"format": "framing-model", "format_version": 2,
"estimator": FrameClassifier, "card": {...}}``. Loading asks skops which types
in the file are not trusted by default and refuses the file unless every one
of them is in :data:`ALLOWED_TYPES`, the types our pipeline writes: a file
crafted to build anything else (``os.system``, a class from another package)
raises :class:`~framing.errors.ModelError` naming the types, before any
object is built.

The card (:func:`model_card`) is plain JSON-like data: frames and skipped
frames, thresholds, whether the labels were weak (lexicon) labels, the hashes
of the training data and lexicon, the parameters, the out-of-fold scores,
library versions, date and seed.

Examples
--------
>>> import tempfile, pathlib, pandas as pd
>>> from framing.classify.model import FrameClassifier
>>> X = pd.DataFrame({"text": ["terror cell", "joint pact", "terror plot", "pact signed"] * 3,
...                   "language": ["en"] * 12})
>>> model = FrameClassifier(threshold=0.5).fit(X, pd.DataFrame({"threat": [1, 0, 1, 0] * 3}))
>>> path = save_model(model, {"weak": False}, pathlib.Path(tempfile.mkdtemp()) / "m.skops")
>>> loaded = load_model(path)
>>> loaded.card["weak"], loaded.estimator.frames_
(False, ['threat'])
"""

from __future__ import annotations

import datetime as _dt
import json
import platform
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from framing.classify.model import FrameClassifier
from framing.errors import ModelError
from framing.hashing import hash_file
from framing.store import atomic_path

FORMAT = "framing-model"
FORMAT_VERSION = 2  # 2: shared features, coefficient matrix, calibration maps

#: Types a framing model file may hold beyond those skops trusts by default
#: (builtins, numpy arrays): the classifier and its feature extractor. The linear
#: models and calibration maps are plain arrays and numbers inside them.
ALLOWED_TYPES: frozenset[str] = frozenset(
    {
        "framing.classify.model.FrameClassifier",
        "framing.classify.features.PassageFeatures",
    }
)

LIBRARIES = ("framing", "scikit-learn", "skops", "numpy", "scipy", "pandas", "camel-tools")


@dataclass
class LoadedModel:
    """A model read from a file: the estimator, its card, and the file's hash."""

    estimator: FrameClassifier
    card: dict[str, Any]
    path: Path
    hash: str

    @property
    def weak(self) -> bool:
        """Whether the model was trained on lexicon (weak) labels."""
        return bool(self.card.get("weak", False))


def save_model(estimator: FrameClassifier, card: dict[str, Any], path: str | Path) -> Path:
    """Write the estimator and its card to a skops file, atomically."""
    import skops.io as sio

    if not isinstance(estimator, FrameClassifier):
        raise ModelError(f"can only save a FrameClassifier, not {type(estimator).__name__}")
    payload = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "estimator": estimator,
        "card": _plain(card),
    }
    with atomic_path(path) as tmp:
        sio.dump(payload, tmp)
    return Path(path)


def untrusted_types(path: str | Path) -> list[str]:
    """The types in a model file that skops does not trust by default."""
    import skops.io as sio

    try:
        return list(sio.get_untrusted_types(file=path))
    except Exception as exc:  # a damaged or foreign file: skops raises many kinds
        raise ModelError(
            f"not a readable skops model file ({type(exc).__name__}: {exc})",
            path=path,
            hint="train a model with `framing train`",
        ) from exc


def load_model(path: str | Path, *, allowed: frozenset[str] = ALLOWED_TYPES) -> LoadedModel:
    """Read a model file, refusing any type outside ``allowed`` (nothing is built before)."""
    import skops.io as sio

    path = Path(path)
    if not path.is_file():
        raise ModelError("model file not found", path=path, hint="train one with `framing train`")
    found = untrusted_types(path)
    declared = declared_format_version(path)
    if declared is not None and declared != FORMAT_VERSION:
        raise _unsupported_version(declared, path)
    refused = sorted(set(found) - set(allowed))
    if refused:
        raise ModelError(
            f"the model file holds types that framing does not trust: {', '.join(refused)}",
            path=path,
            hint="only load model files written by `framing train`; this one may have been "
            "crafted to run code",
        )
    try:
        payload = sio.load(path, trusted=found)
    except Exception as exc:
        raise ModelError(f"the model file cannot be loaded ({exc})", path=path) from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelError(
            "not a framing model file", path=path, hint="train one with `framing train`"
        )
    if payload.get("format_version") != FORMAT_VERSION:
        raise _unsupported_version(payload.get("format_version"), path)
    estimator = payload.get("estimator")
    if not isinstance(estimator, FrameClassifier):
        raise ModelError("the model file holds no frame classifier", path=path)
    return LoadedModel(estimator, dict(payload.get("card") or {}), path, hash_file(path))


def declared_format_version(path: str | Path) -> int | None:
    """The ``format_version`` a framing model file declares, read from its JSON schema
    without building any object (None if it declares none)."""
    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
        content = schema["content"]
        if json.loads(content["format"]["content"]) != FORMAT:
            return None
        return int(json.loads(content["format_version"]["content"]))
    except (KeyError, TypeError, ValueError, OSError, zipfile.BadZipFile):
        return None


def _unsupported_version(version: Any, path: Path) -> ModelError:
    return ModelError(
        f"model file format {version} is not supported (this framing reads format "
        f"{FORMAT_VERSION})",
        path=path,
        hint="train the model again with this version of framing",
    )


# -- the model card --------------------------------------------------------------------------


def library_versions() -> dict[str, str]:
    """Versions of Python and the libraries a model depends on."""
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def model_card(
    estimator: FrameClassifier,
    *,
    weak: bool,
    seed: int,
    training_data: dict[str, Any],
    lexicon: Any = None,
    frame_labels: dict[str, str] | None = None,
    extra_notes: list[str] | None = None,
) -> dict[str, Any]:
    """The card of a fitted model: everything a report needs to say what the model is.

    Fields: ``format_version``, ``created`` (UTC, ISO), ``task``, ``weak``,
    ``supervision``, ``frames``, ``frame_labels``, ``skipped_frames``,
    ``thresholds``, ``languages``, ``per_language``, ``seed``, ``parameters``,
    ``training_data``, ``lexicon`` (name, version, hash, or None),
    ``cv_scores`` with ``cv_scores_note``, ``notes``, ``library_versions``.
    """
    params = {k: v for k, v in estimator.get_params(deep=False).items() if k != "lexicon"}
    params["lexicon_features"] = estimator.lexicon is not None
    notes = list(estimator.notes_) + list(extra_notes or [])
    if weak:
        notes.insert(
            0,
            "WEAKLY SUPERVISED: trained on lexicon labels, not human codes; its scores "
            "measure agreement with the lexicon, not validity",
        )
    return _plain(
        {
            "format_version": FORMAT_VERSION,
            "created": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
            "task": "multi-label frame classification of passages",
            "weak": weak,
            "supervision": "weak (lexicon labels)" if weak else "human labels",
            "frames": list(estimator.frames_),
            "frame_labels": frame_labels or {},
            "skipped_frames": estimator.skipped_,
            "thresholds": estimator.thresholds_,
            "languages": list(estimator.languages_),
            "per_language": bool(estimator.per_language),
            "seed": seed,
            "parameters": params,
            "training_data": training_data,
            "lexicon": _lexicon_record(lexicon),
            "cv_scores": estimator.cv_scores_,
            "cv_scores_note": "out-of-fold scores of the training data at the tuned threshold "
            "(optimistic: the threshold was chosen on the same predictions); "
            "run `framing evaluate` for an unbiased estimate",
            "counts": estimator.counts_,
            "notes": notes,
            "library_versions": library_versions(),
        }
    )


def _lexicon_record(lexicon: Any) -> dict[str, str] | None:
    if lexicon is None:
        return None
    return {"name": lexicon.name, "version": lexicon.version, "hash": lexicon.hash}


def _plain(data: Any) -> Any:
    """JSON-compatible builtins only (tuples to lists, numpy scalars to numbers, NaN kept)."""
    return json.loads(json.dumps(data, default=_default, allow_nan=True))


def _default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not allowed in a model card")
