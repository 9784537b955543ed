"""Scores: the table's shape and values, thresholds, whole corpora and `framing score`."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.corpus.corpus import Corpus
from framing.errors import CorpusError
from framing.lexicon.matcher import Matcher
from framing.lexicon.model import Entry, Frame, Lexicon
from framing.lexicon.scoring import frame_labels, score_corpus, score_passages
from framing.schema import DOCUMENT_COLUMNS, PASSAGE_COLUMNS, SCORE_COLUMNS
from framing.store import read_metadata, read_table
from framing.text.tokens import count_tokens

ARTICLES = [
    # doc_id, outlet, language, paragraphs
    (
        "d-en",
        "example-news.ma",
        "en",
        [
            "Morocco is now an exporter of security expertise, training officers from the Sahel.",
            "Police dismantled a terrorist cell; counter-terrorism cooperation with Spain grew.",
            "The weather in Rabat was mild on Tuesday.",
        ],
    ),
    (
        "d-fr",
        "exemple.ma",
        "fr",
        [
            "La coopération sécuritaire avec l’Espagne est un levier d’influence pour Rabat.",
            "Les services ont démantelé une cellule terroriste près de Tanger.",
        ],
    ),
    (
        "d-ar",
        "مثال.ma",
        "ar",
        [
            "تؤسس الزيارة لتعاون أمني أوسع في مكافحة الإرهاب.",
            "وأكد المسؤول أن السيادة الوطنية خط أحمر.",
        ],
    ),
    ("d-es", "ejemplo.es", "es", ["La cooperación en seguridad con Marruecos avanza."]),
]


def lexicon(name: str = "diplomacy") -> Lexicon:
    return Lexicon(
        name,
        version="1.2.0",
        languages=["en", "fr", "ar"],
        options={"fold_accents": ["fr"]},
        frames=[
            Frame(
                "security_exporter",
                "Security exporter",
                entries={
                    "en": [Entry("exporter of security", "phrase", 2.0), Entry("training", "word")],
                    "fr": [Entry("exportateur", "word")],
                    "ar": [Entry("تصدير الأمن", "phrase")],
                },
            ),
            Frame(
                "threat",
                "Threat",
                entries={
                    "en": [Entry("terror*", "glob"), Entry("counter-terrorism", "phrase")],
                    "fr": [Entry("terroris*", "glob"), Entry("cellule", "word", 0.5)],
                    "ar": [Entry("الإرهاب", "word")],
                },
            ),
            Frame(
                "cooperation",
                "Cooperation",
                entries={
                    "en": [Entry("cooperation", "word")],
                    "fr": [Entry("coopération", "word"), Entry("levier d'influence", "phrase")],
                    "ar": [Entry("التعاون الأمني", "phrase")],
                },
            ),
        ],
    )


def passages_frame() -> pd.DataFrame:
    rows = []
    for doc_id, _outlet, language, paragraphs in ARTICLES:
        start = 0
        for index, text in enumerate(paragraphs):
            rows.append(
                {
                    "passage_id": f"{doc_id}-{index}",
                    "doc_id": doc_id,
                    "index": index,
                    "start": start,
                    "end": start + len(text),
                    "text": text,
                    "language": language,
                    "n_tokens": count_tokens(text),
                }
            )
            start += len(text) + 2
    return pd.DataFrame(rows, columns=list(PASSAGE_COLUMNS))


def write_corpus(path) -> Corpus:
    passages = passages_frame()
    documents = pd.DataFrame(
        [
            {
                "doc_id": doc_id,
                "source_path": f"{doc_id}.txt",
                "source_format": "text",
                "outlet": outlet,
                "via_outlet": "",
                "language": language,
                "date": "2026-02-11",
                "date_precision": "day",
                "title": paragraphs[0][:30],
                "url": "",
                "text": "\n\n".join(paragraphs),
                "dup_cluster": "",
                "metadata": "{}",
            }
            for doc_id, outlet, language, paragraphs in ARTICLES
        ],
        columns=list(DOCUMENT_COLUMNS),
    )
    corpus = Corpus(documents=documents, passages=passages)
    corpus.write(path, metadata={"corpus_hash": "test-corpus-hash"})
    return corpus


def cell(scores: pd.DataFrame, passage_id: str, frame: str) -> pd.Series:
    rows = scores[(scores["passage_id"] == passage_id) & (scores["frame"] == frame)]
    assert len(rows) == 1
    return rows.iloc[0]


# -- score_passages ------------------------------------------------------------------------------


def test_table_has_the_contract_columns_and_one_row_per_passage_and_frame():
    passages = passages_frame()
    scores = score_passages(passages, lexicon())
    assert list(scores.columns) == list(SCORE_COLUMNS)
    assert len(scores) == len(passages) * 3
    assert scores["passage_id"].tolist()[:6] == ["d-en-0"] * 3 + ["d-en-1"] * 3
    assert scores["frame"].tolist()[:3] == ["security_exporter", "threat", "cooperation"]
    assert scores["probability"].isna().all()
    assert scores["present"].dtype == bool


def test_counts_weights_density_and_spans():
    passages = passages_frame()
    scores = score_passages(passages, lexicon())
    row = cell(scores, "d-en-0", "security_exporter")
    assert (row.hits, row.distinct_terms, row.score) == (2, 2, 3.0)
    assert row.density == pytest.approx(3.0 * 1000 / count_tokens(passages.text[0]))
    text = passages.set_index("passage_id").loc["d-en-0", "text"]
    spans = json.loads(row.matches)
    assert [text[m["start"] : m["end"]] for m in spans] == ["exporter of security", "training"]
    assert spans[0] == {"term": "exporter of security", "entry": "exporter of security",
                        "start": spans[0]["start"], "end": spans[0]["end"]}  # fmt: skip
    threat = cell(scores, "d-en-1", "threat")
    assert [m["entry"] for m in json.loads(threat.matches)] == ["terror*", "counter-terrorism"]
    assert cell(scores, "d-en-2", "threat").matches == "[]"


def test_matches_are_sorted_by_start_in_every_cell():
    scores = score_passages(passages_frame(), lexicon())
    for value in scores["matches"]:
        starts = [m["start"] for m in json.loads(value)]
        assert starts == sorted(starts)


def test_french_and_arabic_passages_use_their_own_entries():
    passages = passages_frame()
    scores = score_passages(passages, lexicon())
    fr = cell(scores, "d-fr-0", "cooperation")
    assert (fr.hits, fr.distinct_terms) == (2, 2)
    threat_fr = cell(scores, "d-fr-1", "threat")
    assert threat_fr.score == 1.5  # terroriste (1) + cellule (0.5)
    ar = cell(scores, "d-ar-0", "cooperation")
    text = passages.set_index("passage_id").loc["d-ar-0", "text"]
    spans = json.loads(ar.matches)
    assert [text[m["start"] : m["end"]] for m in spans] == ["لتعاون أمني"]
    assert cell(scores, "d-ar-0", "threat").hits == 1


def test_threshold_and_min_distinct_decide_presence():
    passages = passages_frame()
    default = score_passages(passages, lexicon())
    assert bool(cell(default, "d-fr-1", "threat").present)
    strict = score_passages(passages, lexicon(), threshold=2.0)
    assert not bool(cell(strict, "d-fr-1", "threat").present)
    assert bool(cell(strict, "d-en-0", "security_exporter").present)
    distinct = score_passages(passages, lexicon(), min_distinct=2)
    assert bool(cell(distinct, "d-en-1", "threat").present)
    assert not bool(cell(distinct, "d-ar-0", "threat").present)
    assert not default["present"][default["hits"] == 0].any()


def test_repeated_term_counts_as_one_distinct_term():
    lex = Lexicon("t", frames=[Frame("threat", "T", entries={"en": [Entry("terror*", "glob")]})])
    passages = pd.DataFrame(
        {
            "passage_id": ["p"],
            "doc_id": ["d"],
            "language": ["en"],
            "text": ["Terrorists, terrorism and more terror."],
        }
    )
    row = score_passages(passages, lex).iloc[0]
    assert (row.hits, row.distinct_terms) == (3, 1)
    assert row.density == pytest.approx(3 * 1000 / 5)  # n_tokens counted when absent


def test_languages_without_entries_score_zero_and_are_reported():
    scores = score_passages(passages_frame(), lexicon())
    spanish = scores[scores["passage_id"] == "d-es-0"]
    assert (spanish["hits"] == 0).all() and not spanish["present"].any()
    assert scores.attrs["languages_without_entries"] == {"es": 1}


def test_zero_tokens_gives_zero_density():
    passages = passages_frame().assign(n_tokens=0)
    assert (score_passages(passages, lexicon())["density"] == 0).all()


def test_missing_columns_are_named():
    with pytest.raises(CorpusError, match="language"):
        score_passages(pd.DataFrame({"passage_id": [], "doc_id": [], "text": []}), lexicon())


def test_reused_matcher_must_come_from_the_same_lexicon():
    passages = passages_frame()
    matcher = Matcher(lexicon())
    assert score_passages(passages, lexicon(), matcher=matcher)["hits"].sum() > 0
    with pytest.raises(ValueError, match="another lexicon"):
        score_passages(passages, lexicon("other"), matcher=matcher)


def test_scores_are_deterministic():
    a = score_passages(passages_frame(), lexicon())
    b = score_passages(passages_frame(), lexicon())
    pd.testing.assert_frame_equal(a, b)


# -- whole corpora -------------------------------------------------------------------------------


def test_score_corpus_writes_table_and_provenance(tmp_path):
    write_corpus(tmp_path / "corpus")
    path = score_corpus(tmp_path / "corpus", [lexicon()], tmp_path / "scores.parquet")
    table = read_table(path)
    assert list(table.columns) == [*SCORE_COLUMNS, "lexicon"]
    assert (table["lexicon"] == "diplomacy").all()
    meta = read_metadata(path)
    assert meta["threshold"] == 1.0 and meta["min_distinct"] == 1
    assert meta["clitic_backend"] == "rules"
    assert meta["corpus_hash"] == "test-corpus-hash"
    (record,) = meta["lexicons"]
    assert (record["name"], record["version"]) == ("diplomacy", "1.2.0")
    assert record["hash"] == lexicon().hash
    assert record["languages_without_entries"] == {"es": 1}


def test_colliding_frame_ids_are_prefixed_with_the_lexicon_name(tmp_path):
    write_corpus(tmp_path / "corpus")
    other = Lexicon(
        "critics",
        frames=[
            Frame("threat", "Threat", entries={"en": [Entry("surveillance")]}),
            Frame("rights", "Rights", entries={"en": [Entry("rights")]}),
        ],
    )
    path = score_corpus(tmp_path / "corpus", [lexicon(), other], tmp_path / "s.parquet")
    frames = read_table(path)["frame"].unique().tolist()
    assert frames == [
        "security_exporter",
        "diplomacy:threat",
        "cooperation",
        "critics:threat",
        "rights",
    ]


def test_two_lexicons_with_one_name_and_one_frame_are_refused():
    with pytest.raises(Exception, match="different names"):
        frame_labels([lexicon(), lexicon()])


def test_score_corpus_reads_a_yaml_lexicon(tmp_path):
    write_corpus(tmp_path / "corpus")
    yaml_path = tmp_path / "threat.yaml"
    yaml_path.write_text(
        "name: threat-only\nversion: '0.1'\nlanguages: [en, fr]\nframes:\n"
        "  - id: threat\n    label: Threat\n"
        "    entries:\n      en: [terror*]\n      fr: [terroris*]\n",
        encoding="utf-8",
    )
    table = read_table(score_corpus(tmp_path / "corpus", [yaml_path], tmp_path / "s.parquet"))
    assert table.groupby("passage_id")["hits"].sum().to_dict()["d-fr-1"] == 1


# -- the command ---------------------------------------------------------------------------------


def test_cli_score_writes_scores_and_prints_a_summary(tmp_path):
    write_corpus(tmp_path / "corpus")
    yaml_path = tmp_path / "lex.yaml"
    yaml_path.write_text(
        "name: cli-lex\nversion: '2.0'\nlanguages: [en, fr, ar]\nframes:\n"
        "  - id: threat\n    label: Threat\n"
        "    entries:\n      en: [terror*]\n      fr: [terroris*]\n      ar: [الإرهاب]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "scores.parquet"
    result = CliRunner().invoke(
        app, ["score", str(tmp_path / "corpus"), "-l", str(yaml_path), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.exists()
    table = read_table(out)
    assert table.loc[table["present"], "passage_id"].tolist() == ["d-en-1", "d-fr-1", "d-ar-0"]
    assert "threat" in result.output and "1 (33%)" in result.output
    assert read_metadata(out)["lexicons"][0]["hash"] in result.output
    assert "'es' scored zero" in result.output


def test_cli_score_reports_a_missing_corpus(tmp_path):
    result = CliRunner().invoke(
        app, ["score", str(tmp_path / "nowhere"), "-l", str(tmp_path / "x.yaml"), "-o", "s.pq"]
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, CorpusError)


def test_density_matches_numpy_arithmetic():
    passages = passages_frame()
    scores = score_passages(passages, lexicon())
    tokens = np.repeat(passages["n_tokens"].to_numpy(), 3)
    np.testing.assert_allclose(scores["density"], scores["score"] * 1000 / tokens)


def test_score_arrays_travel_between_processes_as_their_busy_cells_only():
    import pickle

    from framing.lexicon.score_arrays import ScoreArrays

    n, k = 2_000, 10
    hits = np.zeros((n, k), dtype=np.int64)
    hits[7, 2] = 3
    score = np.zeros((n, k))
    score[7, 2] = 2.5
    score[9, 0] = -0.0  # zero, but not the bits of 0.0
    density = score.copy()
    density[11, 4] = np.nan
    present = np.zeros((n, k), dtype=bool)
    present[13, 9] = True  # present with no hit (a threshold of 0)
    arrays = ScoreArrays(hits, hits.copy(), score, density, present, np.array([72]), ["[]"])
    arrays.languages_without_entries["de"] = 4
    sent = pickle.dumps(arrays)
    received = pickle.loads(sent)
    for name in ("hits", "distinct_terms", "score", "density", "present"):
        before, after = getattr(arrays, name), getattr(received, name)
        assert (after.dtype, after.shape) == (before.dtype, before.shape)
        assert after.tobytes() == before.tobytes(), name
    assert received.match_json == ["[]"] and received.match_cells.tolist() == [72]
    assert received.languages_without_entries == {"de": 4}
    assert len(sent) < n * k  # the dense matrices alone take 33 bytes a cell
