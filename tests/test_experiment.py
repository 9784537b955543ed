"""Experiments end to end: the file, the runner, the cache, the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from framing.cli import app
from framing.errors import ConcurrentRunError, ConfigError
from framing.experiment.config import load_experiment
from framing.experiment.lock import OutputLock
from framing.experiment.runner import run_experiment

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "experiments" / "sample_corpus"
LEXICON = ROOT / "lexicons" / "security_diplomacy.yaml"


def _experiment(folder: Path, **overrides) -> Path:
    """A small experiment on the text and CSV parts of the sample corpus (all three languages)."""
    data = {
        "name": "demo",
        "seed": 3,
        "output": "out",
        "inputs": {"paths": ["corpus/text", "corpus/csv"], "manifest": "corpus/manifest.csv"},
        "lexicons": [str(LEXICON)],
        "compare": [{"by": ["language"], "keyness": ["en", "ar"]}, {"by": ["stance"]}],
        "events": "event",
        "bootstrap": 200,
        "report": {"title": "Demo report", "kwic_per_frame": 1},
    }
    data.update(overrides)
    path = folder / "demo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exp")
    (folder / "corpus").mkdir()
    for part in ("text", "csv"):
        shutil.copytree(SAMPLE / part, folder / "corpus" / part)
    shutil.copy(SAMPLE / "manifest.csv", folder / "corpus" / "manifest.csv")
    return folder


@pytest.fixture(scope="module")
def first_run(workspace: Path):
    return run_experiment(_experiment(workspace))


def test_run_writes_every_output(workspace: Path, first_run) -> None:
    out = workspace / "out"
    assert first_run.output_dir == out
    assert first_run.ran[:2] == ["ingest", "score"] and "report" in first_run.ran
    for name in ("documents.parquet", "passages.parquet", "ingest_report.json"):
        assert (out / "corpus" / name).exists()
    assert (out / "scores.parquet").exists()
    for grouping in ("language", "stance"):
        assert (out / "compare" / grouping / "prevalence.csv").exists()
    assert (out / "compare" / "language" / "keyness.csv").exists()
    assert (out / "report.pdf").exists() and (out / "report.html").exists()


def test_every_figure_has_pdf_and_png(workspace: Path, first_run) -> None:
    figures = workspace / "out" / "figures"
    stems = {p.stem for p in figures.glob("*.png")}
    assert {"heatmap_language", "prevalence_stance", "keyness_language", "cooccurrence"} <= stems
    assert any(s.startswith("timeline") for s in stems) and "events" in stems
    for stem in stems:
        assert (figures / f"{stem}.pdf").stat().st_size > 1000


def test_report_pdf_pages_and_text(workspace: Path, first_run) -> None:
    reader = PdfReader(workspace / "out" / "report.pdf")
    assert len(reader.pages) >= 8
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in ("Summary", "Corpus", "Methods", "Figures", "Provenance"):
        assert heading in text
    assert "Demo report" in text
    from framing.lexicon.io import load_lexicon

    assert load_lexicon(LEXICON).hash in text
    assert "Benjamini" in text  # the correction used is named in the methods
    # keyword-in-context examples include Arabic text
    assert any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_second_run_is_cached_and_identical(workspace: Path, first_run) -> None:
    out = workspace / "out"
    before = (out / "compare" / "language" / "prevalence.csv").read_bytes()
    again = run_experiment(_experiment(workspace))
    assert again.ran == []
    assert "report" in again.cached
    assert (out / "compare" / "language" / "prevalence.csv").read_bytes() == before


def test_changed_setting_reruns_only_downstream_stages(workspace: Path, first_run) -> None:
    changed = _experiment(workspace, scoring={"threshold": 1.5})
    result = run_experiment(changed)
    assert "ingest" in result.cached
    assert "score" in result.ran and "report" in result.ran


def test_results_are_deterministic_across_fresh_runs(workspace: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):  # the tables are what must match; one figure keeps this quick
        run_experiment(_experiment(workspace, output=str(tmp_path / name), figures=["heatmap"]))
    for table in ("prevalence", "pairwise", "tests", "keyness"):
        a = pd.read_csv(tmp_path / "a" / "compare" / "language" / f"{table}.csv")
        b = pd.read_csv(tmp_path / "b" / "compare" / "language" / f"{table}.csv")
        pd.testing.assert_frame_equal(a, b)


def test_invalid_experiment_names_the_key(tmp_path: Path) -> None:
    path = _experiment(tmp_path, compare=[{"by": ["outlet"], "dedup": True}])
    with pytest.raises(ConfigError) as error:
        load_experiment(path)
    assert "compare[0].dedup" in str(error.value) and "demo.yaml" in str(error.value)
    bad = tmp_path / "aliases.yaml"
    bad.write_text("name: &a x\ninputs: {paths: [*a]}\nlexicons: [l]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="aliases"):
        load_experiment(bad)


def test_concurrent_runs_are_refused(tmp_path: Path) -> None:
    with OutputLock(tmp_path), pytest.raises(ConcurrentRunError):
        # a second holder (simulated by a live foreign pid) is refused
        (tmp_path / ".framing.lock").write_text("1")
        with OutputLock(tmp_path):
            pass


def test_cli_run_reports_stages(workspace: Path, first_run) -> None:
    result = CliRunner().invoke(app, ["run", str(_experiment(workspace))])
    assert result.exit_code == 0, result.output
    assert "from cache" in result.output and "report.pdf" in result.output


def test_tutorial_script_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import runpy

    module = runpy.run_path(str(ROOT / "experiments" / "security_diplomacy_tutorial.py"))
    module["main"].__globals__["OUT"] = tmp_path
    module["main"]()
    printed = capsys.readouterr().out
    assert "49 articles" in printed and "significant pairwise differences" in printed
    assert (tmp_path / "heatmap_language.png").exists()
    assert (tmp_path / "compare" / "language" / "prevalence.csv").exists()


def test_weak_classifier_stage_feeds_compare_and_report(workspace: Path, tmp_path: Path) -> None:
    path = _experiment(
        workspace,
        output=str(tmp_path / "weak"),
        inputs={"paths": ["corpus/text"], "manifest": "corpus/manifest.csv"},
        classifier={"weak": True, "folds": 2},
        compare=[{"by": ["language"], "source": "classifier"}],
        figures=["heatmap", "classifier_f1"],
    )
    result = run_experiment(path)
    assert {"train", "classify"} <= set(result.ran)
    folder = tmp_path / "weak" / "classifier"
    predictions = pd.read_parquet(folder / "predictions.parquet")
    assert {"probability", "present", "frame"} <= set(predictions.columns)
    assert predictions["probability"].between(0, 1).all()
    evaluation = pd.read_csv(folder / "evaluation.csv")
    assert set(evaluation["method"]) == {"classifier", "lexicon"}
    assert evaluation["supervision"].str.contains("weak").all()
    card = (folder / "model_card.json").read_text("utf-8")
    assert '"weak": true' in card
    assert (tmp_path / "weak" / "compare" / "language_classifier" / "prevalence.csv").exists()
    assert (tmp_path / "weak" / "figures" / "classifier_f1.png").exists()
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "weak" / "report.pdf").pages)
    assert "weak" in text.lower()


def test_score_refuses_a_concurrent_writer_in_the_output_folder(tmp_path: Path) -> None:
    from framing.corpus.ingest import ingest
    from framing.experiment.lock import LOCK_FILE

    ingest([str(SAMPLE / "text")], manifest=SAMPLE / "manifest.csv").write(tmp_path / "corpus")
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_FILE).write_text("1")  # held by a live process
    args = ["score", str(tmp_path / "corpus"), "--lexicon", str(LEXICON)]
    refused = CliRunner().invoke(app, [*args, "-o", str(out / "scores.parquet")])
    assert refused.exit_code != 0 and not (out / "scores.parquet").exists()
    (out / LOCK_FILE).unlink()
    done = CliRunner().invoke(app, [*args, "-o", str(out / "scores.parquet")])
    assert done.exit_code == 0, done.output
    assert (out / "scores.parquet").exists() and not (out / LOCK_FILE).exists()
