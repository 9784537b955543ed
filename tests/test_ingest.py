"""The ingestion pipeline end to end: sample corpus, seeds, bad inputs, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.corpus.boilerplate import match_line_rule
from framing.corpus.corpus import Corpus
from framing.corpus.ingest import IngestOptions, ingest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "experiments" / "sample_corpus"
SAMPLE_INPUTS = [str(SAMPLE / part) for part in ("wordpress", "html", "text", "csv")]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def sample() -> Corpus:
    return ingest(SAMPLE_INPUTS, manifest=SAMPLE / "manifest.csv")


def test_sample_corpus_meets_the_brief(sample: Corpus) -> None:
    docs = sample.documents
    assert len(docs) >= 36
    assert docs["outlet"].nunique() >= 6
    counts = docs["language"].value_counts()
    assert all(counts[lang] >= 10 for lang in ("en", "fr", "ar"))
    years = {d[:4] for d in docs["date"]}
    assert years == {"2025", "2026"}
    assert set(docs["source_format"]) == {"wordpress", "html", "text", "csv"}
    assert sample.report["skipped"] == []


def test_passage_offsets_point_into_document_text(sample: Corpus) -> None:
    texts = dict(zip(sample.documents["doc_id"], sample.documents["text"], strict=True))
    for row in sample.passages.itertuples(index=False):
        assert texts[row.doc_id][row.start : row.end] == row.text
        assert row.n_tokens > 0


def test_ids_are_stable_across_runs(sample: Corpus) -> None:
    again = ingest(SAMPLE_INPUTS, manifest=SAMPLE / "manifest.csv")
    assert list(again.documents["doc_id"]) == list(sample.documents["doc_id"])
    assert list(again.passages["passage_id"]) == list(sample.passages["passage_id"])
    assert again.report["corpus_hash"] == sample.report["corpus_hash"]


def test_manifest_metadata_and_wire_duplicate(sample: Corpus) -> None:
    docs = sample.documents
    metadata = docs["metadata"].map(json.loads)
    stances = {m.get("stance") for m in metadata}
    assert {"celebratory", "neutral", "critical"} <= stances
    events = {m.get("event") for m in metadata} - {None, ""}
    assert len(events) == 5
    clusters = docs.loc[docs["dup_cluster"] != "", "dup_cluster"]
    assert len(clusters) == 2 and clusters.nunique() == 1  # the republished wire story


def test_cp1256_and_bom_files_decode_to_arabic(sample: Corpus) -> None:
    docs = sample.documents
    for marker in ("cp1256", "tadrib"):
        row = docs[docs["source_path"].str.contains(marker)].iloc[0]
        assert row["language"] == "ar"
        assert "\ufeff" not in row["text"] and "Ø" not in row["text"]
        assert sum("\u0600" <= ch <= "\u06ff" for ch in row["text"]) > 200


def _write_bad_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Rabat hosts a regional police meeting\n"
        "Police chiefs from eleven countries met in Rabat on Tuesday to discuss "
        "information exchange against trafficking networks across the Sahel.\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.dat").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "truncated.json").write_text(
        '{"title": {"rendered": "x"}, "content": {"rend', "utf-8"
    )
    (folder / "page.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2026</footer></body></html>",
        encoding="utf-8",
    )


def test_bad_inputs_are_reported_and_good_ones_kept(tmp_path: Path) -> None:
    _write_bad_inputs(tmp_path / "in")
    corpus = ingest([str(tmp_path / "in"), str(tmp_path / "missing.txt")])
    assert len(corpus.documents) == 1
    reasons = {Path(s["source"]).name: s["reason"] for s in corpus.report["skipped"]}
    assert set(reasons) == {"empty.txt", "binary.dat", "truncated.json", "page.html", "missing.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.dat"]
    assert "line 1" in reasons["truncated.json"] or "JSON" in reasons["truncated.json"]
    assert "no article text" in reasons["page.html"]
    assert "no such file" in reasons["missing.txt"]


def test_cli_exit_statuses(tmp_path: Path) -> None:
    runner = CliRunner()
    _write_bad_inputs(tmp_path / "in")
    ok = runner.invoke(app, ["ingest", str(tmp_path / "in"), "-o", str(tmp_path / "c")])
    assert ok.exit_code == 0, ok.output
    assert "Skipped inputs (4)" in ok.output
    assert (tmp_path / "c" / "documents.parquet").exists()
    strict = runner.invoke(
        app, ["ingest", str(tmp_path / "in"), "-o", str(tmp_path / "c2"), "--strict"]
    )
    assert strict.exit_code == 3
    nothing = runner.invoke(
        app, ["ingest", str(tmp_path / "in" / "empty.txt"), "-o", str(tmp_path / "c3")]
    )
    assert nothing.exit_code == 2
    assert "nothing could be ingested" in nothing.output


def test_sentence_unit_keeps_offsets(tmp_path: Path) -> None:
    corpus = ingest(
        [str(SAMPLE / "text")],
        manifest=SAMPLE / "manifest.csv",
        options=IngestOptions(unit="sentence", train_punkt=True),
    )
    paragraphs = ingest([str(SAMPLE / "text")], manifest=SAMPLE / "manifest.csv")
    assert len(corpus.passages) > len(paragraphs.passages)
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    for row in corpus.passages.itertuples(index=False):
        assert texts[row.doc_id][row.start : row.end] == row.text


# --- the five real seed documents (skipped where ../shared/seeds is absent) -------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, dict]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    files = sorted(SEEDS.glob("0*.txt"))
    corpus = ingest([str(f) for f in files])
    by_file = {}
    for row in corpus.documents.to_dict("records"):
        by_file[Path(row["source_path"]).name[:3]] = row
    return by_file


def _long_lines(path: Path, min_words: int = 20) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if len(line.split()) >= min_words]


def test_seeds_languages_and_outlets(seeds: dict[str, dict]) -> None:
    assert set(seeds) == {"000", "001", "002", "003", "004"}
    assert {k: v["language"] for k, v in seeds.items()} == {
        "000": "en",
        "001": "en",
        "002": "en",
        "003": "en",
        "004": "ar",
    }
    assert seeds["000"]["outlet"] == "diplomatique.ma"
    assert seeds["000"]["date"] == "2026-02-11"
    assert seeds["003"]["outlet"].lower() == "hespress"
    assert seeds["003"]["date_precision"] == "no_year"


@pytest.mark.parametrize("name", ["001", "002", "003", "004"])
def test_seed_body_paragraphs_kept_and_no_boilerplate(seeds: dict[str, dict], name: str) -> None:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    text = seeds[name]["text"]
    for line in _long_lines(path):
        assert line in text
    paragraphs = text.split("\n\n")
    assert all(match_line_rule(p) is None for p in paragraphs)
    # nothing after the last body paragraph (footers, app promotion) survives
    assert paragraphs[-1] == _long_lines(path)[-1]


def test_seed_wordpress_keeps_structure(seeds: dict[str, dict]) -> None:
    text = seeds["000"]["text"]
    assert "<" not in text and "&#" not in text and "\\u" not in text
    assert len(text.split("\n\n")) >= 10


def test_concurrent_ingest_into_one_folder_is_refused(tmp_path: Path) -> None:
    from framing.experiment.lock import LOCK_FILE

    out = tmp_path / "corpus"
    out.mkdir()
    (out / LOCK_FILE).write_text("1")  # a live process (init) holds the folder
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE / "text"), "-o", str(out)])
    assert result.exit_code != 0
    assert not (out / "documents.parquet").exists()


def test_one_process_reads_each_file_once_and_the_corpus_is_the_same(tmp_path, monkeypatch):
    import framing.corpus.streaming as streaming

    folder = tmp_path / "articles"
    folder.mkdir()
    bodies = {
        "a.txt": "Rabat hosts the summit\n\nThe interior ministers met in Rabat on Monday "
        "to discuss police cooperation and the exchange of intelligence.",
        "b.txt": "Le sommet de Rabat\n\nLes ministres de l'Intérieur se sont réunis lundi à "
        "Rabat pour parler de coopération policière et d'échange de renseignements.",
        "c.txt": "قمة الرباط\n\nاجتمع وزراء الداخلية يوم الاثنين في الرباط لبحث التعاون الأمني "
        "وتبادل المعلومات الاستخباراتية بين البلدين.",
    }
    for name, body in bodies.items():
        (folder / name).write_text(body, encoding="utf-8")
    calls: list[str] = []
    real = streaming._read_one

    def counting(path, options, skipped, part=None):
        calls.append(Path(path).name)
        return real(path, options, skipped, part)

    monkeypatch.setattr(streaming, "_read_one", counting)
    once = ingest([folder])
    assert sorted(calls) == sorted(bodies)  # the second pass used what the first read
    calls.clear()
    monkeypatch.setattr(streaming, "READ_CACHE_CHARS", 0)
    twice = ingest([folder])
    assert sorted(calls) == sorted(list(bodies) * 2)  # past the budget: read again
    pd.testing.assert_frame_equal(once.passages, twice.passages)
    pd.testing.assert_frame_equal(once.documents, twice.documents)
