"""framing: discourse and framing analysis for English, French and Arabic news.

The public API, one verb or class per stage::

    import framing

    corpus = framing.ingest(["articles/"], manifest="manifest.csv")   # -> Corpus
    corpus.write("out/corpus")
    lexicon = framing.load_lexicon("lexicons/security_diplomacy.yaml")
    scores = framing.score_passages(corpus.passages, lexicon)          # one row per passage x frame
    result = compare(scores, corpus, by=["outlet"])   # from framing.compare import compare
    framing.run_experiment("experiments/security_diplomacy.yaml")     # every stage, cached

Names are imported on first use, so ``import framing`` stays cheap. ``compare`` lives in
its subpackage (``from framing.compare import compare``): ``framing.compare`` is the package.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Corpus": "framing.corpus.corpus",
    "IngestOptions": "framing.corpus.ingest",
    "ingest": "framing.corpus.ingest",
    "Lexicon": "framing.lexicon.model",
    "Frame": "framing.lexicon.model",
    "Entry": "framing.lexicon.model",
    "load_lexicon": "framing.lexicon.io",
    "save_lexicon": "framing.lexicon.io",
    "Matcher": "framing.lexicon.matcher",
    "LexiconScorer": "framing.lexicon.transformer",
    "score_passages": "framing.lexicon.scoring",
    "score_corpus": "framing.lexicon.scoring",
    "kwic": "framing.lexicon.kwic",
    "Comparison": "framing.compare.comparison",
    "load_experiment": "framing.experiment.config",
    "run_experiment": "framing.experiment.runner",
    "FramingError": "framing.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
