"""`framing compare` end to end, and the Python API's `Comparison.write`."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from compare_helpers import Article, build, outlet_articles
from typer.testing import CliRunner

from framing.cli import app
from framing.compare import compare
from framing.errors import CompareError
from framing.store import write_table

runner = CliRunner()


@pytest.fixture
def inputs(tmp_path):
    articles = outlet_articles("Atlas Review", "en", 12, 7, metadata={"stance": "official"})
    articles += outlet_articles("Le Courrier", "fr", 10, 3, metadata={"stance": "neutral"})
    articles += outlet_articles(
        "Al Marsad", "ar", 11, 2, date="2025-12-02", metadata={"stance": "critical"}
    )
    # A wire copy of an Atlas story republished the next day by Le Courrier.
    articles[0].dup_cluster = "wire-1"
    articles.append(
        Article(
            "copy-1",
            "Le Courrier",
            "en",
            "2026-02-12",
            articles[0].passages,
            dup_cluster="wire-1",
            via_outlet="Atlas Review",
        )
    )
    corpus, scores = build(articles)
    corpus.write(tmp_path / "corpus")
    write_table(scores, tmp_path / "scores.parquet", {"threshold": 1.0, "lexicon_hash": "abc123"})
    return tmp_path


def invoke(*args):
    return runner.invoke(app, ["compare", *map(str, args)])


def test_compare_writes_tidy_tables_latex_and_a_manifest(inputs):
    out = inputs / "out"
    result = invoke(
        inputs / "scores.parquet",
        "--corpus",
        inputs / "corpus",
        "--by",
        "outlet,language",
        "-o",
        out,
        "--bootstrap",
        200,
        "--keyness",
        "Atlas Review|en:Le Courrier|fr",
        "--events",
        "stance",
    )
    assert result.exit_code == 0, result.output
    for name in (
        "prevalence",
        "tests",
        "pairwise",
        "regression",
        "cooccurrence",
        "timeline",
        "keyness",
        "events",
    ):
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.tex").is_file()
    prevalence = pd.read_csv(out / "prevalence.csv")
    assert list(prevalence.columns[:3]) == ["outlet", "language", "frame"]
    assert len(prevalence) == 4 * 4  # 4 outlet x language cells (the copy is en) x 4 frames
    assert not prevalence["deduplicated"].any()
    manifest = json.loads((out / "comparison.json").read_text())
    assert manifest["grouping"] == ["outlet", "language"]
    assert manifest["settings"]["correction"] == "bh" and manifest["settings"]["seed"] == 0
    assert manifest["inputs"]["scores"]["metadata"]["lexicon_hash"] == "abc123"
    assert manifest["counts"]["n_articles"] == 34
    assert "prevalence.csv" in manifest["files"]
    tex = (out / "prevalence.tex").read_text()
    assert "\\toprule" in tex and "Atlas Review" in tex
    assert "Share of articles with the frame" in result.output
    assert "threat" in result.output


def test_dedupe_is_recorded_in_tables_and_manifest(inputs):
    out = inputs / "dedup"
    result = invoke(
        inputs / "scores.parquet",
        "--corpus",
        inputs / "corpus",
        "-o",
        out,
        "--dedupe",
        "--bootstrap",
        200,
        "--no-latex",
    )
    assert result.exit_code == 0, result.output
    prevalence = pd.read_csv(out / "prevalence.csv")
    assert prevalence["deduplicated"].all()
    courrier = prevalence[
        (prevalence["outlet"] == "Le Courrier") & (prevalence["frame"] == "threat")
    ]
    assert courrier["n_articles"].iloc[0] == 10  # the later copy was removed
    manifest = json.loads((out / "comparison.json").read_text())
    assert manifest["deduplicated"] is True
    assert manifest["counts"]["n_duplicates_removed"] == 1
    assert not list(out.glob("*.tex"))


def test_several_by_options_give_separate_analyses(inputs):
    out = inputs / "many"
    result = invoke(
        inputs / "scores.parquet",
        "--corpus",
        inputs / "corpus",
        "-o",
        out,
        "--by",
        "outlet",
        "--by",
        "stance",
        "--by",
        "month",
        "--bootstrap",
        200,
    )
    assert result.exit_code == 0, result.output
    stance = pd.read_csv(out / "stance" / "tests.csv")
    assert set(stance["grouping"]) == {"stance"}
    month = pd.read_csv(out / "month" / "prevalence.csv", dtype={"month": str})
    assert set(month["month"]) == {"2025-12", "2026-02"}
    assert (out / "outlet" / "comparison.json").is_file()


def test_same_seed_gives_identical_files(inputs):
    args = [inputs / "scores.parquet", "--corpus", inputs / "corpus", "--bootstrap", 200]
    assert invoke(*args, "-o", inputs / "a").exit_code == 0
    assert invoke(*args, "-o", inputs / "b").exit_code == 0
    for name in ("prevalence.csv", "tests.csv", "pairwise.csv", "regression.csv"):
        assert (inputs / "a" / name).read_bytes() == (inputs / "b" / name).read_bytes()


def test_user_errors_name_the_problem(inputs):
    result = invoke(
        inputs / "scores.parquet", "--corpus", inputs / "corpus", "--by", "tone", "-o", inputs / "x"
    )
    assert isinstance(result.exception, CompareError)
    assert "tone" in str(result.exception) and "stance" in str(result.exception)
    result = invoke(
        inputs / "scores.parquet",
        "--corpus",
        inputs / "corpus",
        "--correction",
        "sidak",
        "-o",
        inputs / "x",
    )
    assert isinstance(result.exception, CompareError)
    assert "bh, holm, bonferroni, none" in str(result.exception)
    result = invoke(inputs / "missing.parquet", "--corpus", inputs / "corpus", "-o", inputs / "x")
    assert result.exit_code != 0 and "table not found" in str(result.exception)


def test_python_api_returns_dataframes(inputs):
    result = compare(
        inputs / "scores.parquet",
        inputs / "corpus",
        by="language",
        n_bootstrap=200,
        correction="holm",
    )
    assert set(result.tables) >= {"prevalence", "tests", "pairwise", "regression"}
    assert result.keyness is None and result.events is None
    assert (result.tests["correction"] == "holm").all()
    assert result.manifest["inputs"]["corpus"]["hash"]
    written = result.write(inputs / "api")
    assert (inputs / "api" / "comparison.json") in written
    with pytest.raises(CompareError, match="too few"):
        compare(inputs / "scores.parquet", inputs / "corpus", n_bootstrap=10)


def test_comparison_read_round_trips_written_tables(inputs) -> None:
    from framing.compare.comparison import Comparison

    written = compare(
        inputs / "scores.parquet", inputs / "corpus", by=["outlet"], n_bootstrap=200, seed=1
    )
    written.write(inputs / "cmp")
    loaded = Comparison.read(inputs / "cmp")
    assert loaded.by == ["outlet"]
    assert list(loaded.prevalence.columns) == list(written.prevalence.columns)
    assert loaded.prevalence["article_share"].tolist() == pytest.approx(
        written.prevalence["article_share"].tolist()
    )
    assert loaded.prevalence["outlet"].tolist() == written.prevalence["outlet"].astype(str).tolist()
