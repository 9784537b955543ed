"""A framing study, stage by stage, with the Python API.

Run it from the repository root:

    python experiments/security_diplomacy_tutorial.py

It does what ``framing run experiments/security_diplomacy.yaml`` does, but one
step at a time so each object can be inspected: the corpus, the lexicon, the
passage scores with the words behind them, a comparison with its statistics,
and a figure. Outputs go to ``reports/tutorial/``. The sample corpus is
invented text for demonstration (see experiments/sample_corpus/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import framing
from framing.compare import compare
from framing.report import plot_heatmap, save_figure

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample_corpus"
OUT = HERE.parent / "reports" / "tutorial"


def main() -> None:
    # 1. Ingest: files in any of the supported shapes -> documents and passages.
    #    The manifest adds outlet, language, date and extra columns (stance, event).
    corpus = framing.ingest(
        [SAMPLE / part for part in ("wordpress", "html", "text", "csv")],
        manifest=SAMPLE / "manifest.csv",
    )
    corpus.write(OUT / "corpus")
    docs = corpus.documents
    print(f"{len(docs)} articles, {len(corpus.passages)} passages")
    print(docs.groupby(["outlet", "language"]).size().unstack(fill_value=0), "\n")
    print(f"skipped inputs: {len(corpus.report['skipped'])}")

    # 2. The lexicon: validated on load; its hash goes with every score.
    lexicon = framing.load_lexicon(HERE.parent / "lexicons" / "security_diplomacy.yaml")
    print(f"\nlexicon {lexicon.name} {lexicon.version}, hash {lexicon.hash}")

    # 3. Score every passage. Each row keeps the matched words and their offsets,
    #    so any number below can be traced back to the text that produced it.
    scores = framing.score_passages(corpus.passages, lexicon, threshold=1.0)
    hit = scores[scores["present"]].iloc[0]
    passage = corpus.passages.set_index("passage_id").loc[hit["passage_id"], "text"]
    print(f"\npassage {hit['passage_id']} has frame {hit['frame']} (score {hit['score']}):")
    for match in json.loads(hit["matches"]):
        print(f"  {passage[match['start'] : match['end']]!r} <- entry {match['entry']!r}")

    # 4. Keyword in context for one frame in Arabic: what does the lexicon catch?
    lines = framing.kwic(corpus.passages_with_documents(), lexicon, "sovereignty", language="ar")
    print(f"\n{len(lines)} Arabic sovereignty matches; first:")
    print(lines[["outlet", "left", "match", "right"]].head(3).to_string(index=False))

    # 5. Compare languages: shares of articles with each frame, Wilson intervals,
    #    chi-square / exact tests, pairwise differences with BH correction.
    result = compare(scores, corpus, by=["language"], seed=0, keyness=("en", "ar"))
    result.write(OUT / "compare" / "language")
    table = result.prevalence[["language", "frame", "n_articles", "n_with_frame", "article_share"]]
    print("\n", table.head(10).to_string(index=False))
    significant = result.pairwise[result.pairwise["significant"]]
    print(f"\n{len(significant)} significant pairwise differences after correction")

    # 6. A publication figure: vector PDF and 300 dpi PNG.
    labels = {frame.id: frame.label for frame in lexicon.frames}
    figure = plot_heatmap(result.prevalence, group="language", tests=result.tests, labels=labels)
    for path in save_figure(figure, OUT / "heatmap_language"):
        print("wrote", path)


if __name__ == "__main__":
    main()
