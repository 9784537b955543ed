"""Scale: streaming, ``--jobs N`` and ``--engine dask`` give the same output as one process.

One real local Dask cluster (two worker processes) is started for the module.
The corpora are small and the batches tiny, so that every run crosses many
batch boundaries and both workers get work.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scale_samples import SECURITY_LEXICON_YAML, write_articles
from typer.testing import CliRunner

import framing.corpus.corpus as corpus_module
from framing.cli import app
from framing.corpus.corpus import Corpus, iter_passages
from framing.corpus.ingest import ingest
from framing.lexicon.io import loads_lexicon
from framing.lexicon.scoring import (
    _row_group_tasks,
    frame_presence,
    score_corpus,
    score_passages,
)
from framing.parallel import Engine, map_batches
from framing.store import read_metadata, read_table

BATCH = 7  # passages per batch: the sample corpus makes about thirty batches


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def dask_address():
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    yield cluster.scheduler_address
    cluster.close()


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> dict[str, Path]:
    return write_articles(tmp_path_factory.mktemp("articles"))


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory, articles) -> Path:
    corpus = ingest([str(articles["text"]), str(articles["jsonl"])], manifest=articles["manifest"])
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write(folder, metadata={"corpus_hash": corpus.report["corpus_hash"]})
    return folder


@pytest.fixture(scope="module")
def lexicon_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("lexicon") / "scale.yaml"
    path.write_text(SECURITY_LEXICON_YAML, encoding="utf-8")
    return path


# -- the engine ----------------------------------------------------------------------------


setup_calls: list[int] = []


def _setup(factor: int) -> dict[str, int]:
    setup_calls.append(os.getpid())
    return {"factor": factor, "pid": os.getpid(), "built": len(setup_calls)}


def _work(state: dict[str, int], batch: list[int]) -> tuple[list[int], int, int]:
    return [state["factor"] * v for v in batch], state["pid"], state["built"]


BATCHES = [[i, i + 1] for i in range(0, 40, 2)]
EXPECTED = [[3 * v for v in batch] for batch in BATCHES]


def test_serial_engine_builds_the_state_once():
    setup_calls.clear()
    results = list(map_batches(_work, BATCHES, setup=_setup, setup_args=(3,)))
    assert [r[0] for r in results] == EXPECTED
    assert setup_calls == [os.getpid()]


def test_local_processes_keep_input_order_and_build_the_state_once_per_process():
    results = list(
        map_batches(_work, iter(BATCHES), engine=Engine(jobs=2), setup=_setup, setup_args=(3,))
    )
    assert [r[0] for r in results] == EXPECTED
    by_process: dict[int, set[int]] = {}
    for _, pid, built in results:
        by_process.setdefault(pid, set()).add(built)
    # Two processes: one worker, and this one, which takes batches while it would wait.
    assert len(by_process) <= 2
    assert set(by_process) - {os.getpid()}, "no batch ran on a worker"
    assert all(len(builds) == 1 for builds in by_process.values())


def _slow_work(state: dict[str, int], batch: list[int]) -> tuple[list[int], int]:
    time.sleep(0.05)  # long enough that the worker is still busy when the next batch comes
    return [state["factor"] * v for v in batch], os.getpid()


def test_jobs_worker_processes_share_the_batches_and_results_keep_their_order():
    state = {"factor": 3, "pid": os.getpid(), "built": -1}
    results = list(map_batches(_slow_work, BATCHES, engine=Engine(jobs=2), state=state))
    assert [r[0] for r in results] == EXPECTED  # in order, whichever worker ran each batch
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and len(pids) == 2  # this process only reads and writes


def test_a_state_built_here_is_inherited_by_forked_workers():
    state = {"factor": 5, "pid": os.getpid(), "built": -1}
    results = list(map_batches(_work, BATCHES, engine=Engine(jobs=2), state=state))
    assert [r[0] for r in results] == [[5 * v for v in b] for b in BATCHES]
    assert {built for *_, built in results} == {-1}  # nothing rebuilt in the workers


def test_dask_engine_keeps_input_order(dask_address):
    engine = Engine(kind="dask", scheduler=dask_address)
    results = list(map_batches(_work, BATCHES, engine=engine, setup=_setup, setup_args=(3,)))
    assert [r[0] for r in results] == EXPECTED
    assert os.getpid() not in {pid for _, pid, _ in results}


_kept_here: dict[str, int] = {}


def _remember(state: int, task: tuple[str, int]) -> int:
    """Keep a value in the worker process (first map), or give back what it kept (second)."""
    name, value = task
    if state == 0:
        _kept_here[name] = value * 10
        return os.getpid()
    return _kept_here.get(name, -1) + state


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_workers_run_pinned_tasks_where_earlier_ones_left_their_state(jobs):
    from framing.parallel import Workers

    tasks = [(f"chunk-{i}", i) for i in range(7)]
    with Workers(Engine(jobs=jobs)) as workers:
        pids = list(workers.map(_remember, tasks, 0))
        # Another state for the second map (sent to each worker); tasks pinned by position.
        found = list(workers.map(_remember, tasks, 1, pin=lambda task: int(task[0][-1])))
    assert found == [10 * i + 1 for i in range(7)]  # every task met what its chunk left
    assert len(set(pids)) == jobs and (jobs == 1) == (pids[0] == os.getpid())
    assert [pids.index(pid) for pid in pids] == [i % jobs for i in range(7)]


def test_workers_on_dask_give_results_in_order_where_earlier_tasks_ran(dask_address):
    from framing.parallel import Workers

    with Workers(Engine(kind="dask", scheduler=dask_address)) as workers:
        first = list(workers.map(_work, BATCHES, {"factor": 3, "pid": 0, "built": 0}))
        second = list(workers.map(_work, BATCHES, {"factor": 5, "pid": 0, "built": 0}))
        # Task k goes to the same worker in every map (by preference; the cluster is idle).
        tasks = [(f"dask-chunk-{i}", i) for i in range(6)]
        pids = list(workers.map(_remember, tasks, 0))
        found = list(workers.map(_remember, tasks, 1, pin=lambda task: int(task[0][-1])))
    assert [r[0] for r in first] == EXPECTED
    assert [r[0] for r in second] == [[5 * v for v in b] for b in BATCHES]
    assert len(set(pids)) == 2 and os.getpid() not in pids
    assert found == [10 * i + 1 for i in range(6)]


def test_engine_settings_are_checked():
    with pytest.raises(ValueError, match="jobs"):
        Engine(jobs=0)
    with pytest.raises(ValueError, match="engine"):
        Engine(kind="spark")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="dask"):
        Engine(jobs=2, scheduler="tcp://localhost:8786")


def test_errors_in_workers_reach_the_caller():
    with pytest.raises(TypeError):
        list(map_batches(_work, [[1], ["x", None]], engine=Engine(jobs=2), state={"factor": None}))


# -- streaming ------------------------------------------------------------------------------


def test_corpus_tables_are_written_in_bounded_row_groups(tmp_path, corpus_dir):
    corpus = Corpus.read(corpus_dir)
    big = pd.concat([corpus.passages] * 300, ignore_index=True)  # 54,000 passages
    big["passage_id"] = big["passage_id"] + "-" + big.index.astype(str)
    Corpus(documents=corpus.documents, passages=big).write(tmp_path / "big")
    parquet = pq.ParquetFile(tmp_path / "big" / "passages.parquet")
    sizes = [parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)]
    assert sizes == [50_000, 4_000]
    batches = list(iter_passages(tmp_path / "big", ["passage_id"], batch_size=20_000))
    assert max(b.num_rows for b in batches) == 20_000
    assert sum(b.num_rows for b in batches) == len(big)


# -- scoring --------------------------------------------------------------------------------


def test_score_corpus_streams_in_batches_with_the_same_rows_as_in_memory(
    tmp_path, corpus_dir, lexicon_path
):
    out = score_corpus(corpus_dir, [lexicon_path], tmp_path / "scores.parquet", batch_size=BATCH)
    corpus = Corpus.read(corpus_dir)
    lexicon = loads_lexicon(SECURITY_LEXICON_YAML)
    expected = score_passages(corpus.passages, lexicon).assign(lexicon="scale-test")
    scores = read_table(out)
    pd.testing.assert_frame_equal(scores, expected, check_dtype=False)
    assert scores["present"].sum() > 20  # the sample has frames to find
    n_batches = -(-len(corpus.passages) // BATCH)
    assert pq.ParquetFile(out).num_row_groups == n_batches
    assert read_metadata(out)["n_passages"] == len(corpus.passages)


def test_two_jobs_write_the_same_bytes_as_one(tmp_path, corpus_dir, lexicon_path):
    second = tmp_path / "second.yaml"
    second.write_text(SECURITY_LEXICON_YAML.replace("scale-test", "second"), encoding="utf-8")
    paths = [
        score_corpus(
            corpus_dir,
            [lexicon_path, second],
            tmp_path / f"scores-{jobs}.parquet",
            jobs=jobs,
            batch_size=BATCH,
        )
        for jobs in (1, 2)
    ]
    assert digest(paths[0]) == digest(paths[1])
    # Written with dictionary pages, read back as plain strings.
    schema = pq.read_schema(paths[0])
    assert all(schema.field(c).type == pa.string() for c in ("passage_id", "frame", "lexicon"))
    scores = read_table(paths[1])
    half = len(scores) // 2  # lexicons one after the other, each over the whole corpus
    assert set(scores["lexicon"][:half]) == {"scale-test"}
    assert set(scores["lexicon"][half:]) == {"second"}
    assert scores["frame"][0] == "scale-test:threat"


def test_local_workers_read_row_groups_that_batches_straddle(
    tmp_path, articles, lexicon_path, monkeypatch
):
    # Workers read their batches' text from the file, a task per row group; batches of 7
    # passages cross row groups of 10, and the bytes must still be those of one process.
    monkeypatch.setattr(corpus_module, "PASSAGES_ROW_GROUP", 10)
    corpus = ingest([str(articles["text"]), str(articles["jsonl"])], manifest=articles["manifest"])
    folder = tmp_path / "corpus"
    corpus.write(folder, metadata={"corpus_hash": corpus.report["corpus_hash"]})
    assert pq.ParquetFile(folder / "passages.parquet").num_row_groups > 10
    paths = [
        score_corpus(folder, [lexicon_path], tmp_path / f"s{jobs}.parquet", jobs=jobs, batch_size=7)
        for jobs in (1, 2)
    ]
    assert digest(paths[0]) == digest(paths[1])
    tasks = list(_row_group_tasks(folder / "passages.parquet", 1, 7))
    assert tasks[0][2:4] == (0, 14) and tasks[1][2:4] == (14, 21)  # a batch starting in each
    assert tasks[-1][3] == len(corpus.passages)


def test_dask_engine_writes_the_same_bytes(tmp_path, corpus_dir, lexicon_path, dask_address):
    local = score_corpus(corpus_dir, [lexicon_path], tmp_path / "local.parquet", batch_size=BATCH)
    dask = score_corpus(
        corpus_dir,
        [lexicon_path],
        tmp_path / "dask.parquet",
        engine="dask",
        scheduler=dask_address,
        batch_size=BATCH,
    )
    pd.testing.assert_frame_equal(read_table(dask), read_table(local))
    assert digest(dask) == digest(local)


def test_score_passages_on_two_processes_equals_one(corpus_dir, monkeypatch):
    import framing.lexicon.scoring as scoring

    monkeypatch.setattr(scoring, "MIN_PASSAGES_PER_PROCESS", 50)  # 180 passages: 2 processes
    calls = []
    real = scoring._score_in_processes
    monkeypatch.setattr(
        scoring, "_score_in_processes", lambda *args: calls.append(args[-1]) or real(*args)
    )
    passages = Corpus.read(corpus_dir).passages
    lexicon = loads_lexicon(SECURITY_LEXICON_YAML)
    one = score_passages(passages, lexicon)
    two = score_passages(passages, lexicon, jobs=2)
    assert calls == [2]
    score_passages(passages.head(60), lexicon, jobs=2)  # too few for two processes
    assert calls == [2]
    pd.testing.assert_frame_equal(one, two)
    assert one.attrs == two.attrs


def test_progress_counts_passages(tmp_path, corpus_dir, lexicon_path):
    calls = []
    score_corpus(
        corpus_dir,
        [lexicon_path],
        tmp_path / "s.parquet",
        jobs=2,
        batch_size=50,
        progress=lambda *args: calls.append(args),
    )
    n = len(Corpus.read(corpus_dir).passages)
    assert calls == [("score", done, n) for done in [50, 100, 150, n]]


def test_frame_presence_counts_passages_per_frame_and_language(tmp_path, corpus_dir, lexicon_path):
    out = score_corpus(corpus_dir, [lexicon_path], tmp_path / "s.parquet", batch_size=BATCH)
    presence = frame_presence(out, corpus_dir, batch_size=11)
    scores = read_table(out).merge(
        Corpus.read(corpus_dir).passages[["passage_id", "language"]], on="passage_id"
    )
    expected = scores[scores["present"]].groupby(["frame", "language"]).size()
    got = presence.set_index(["frame", "language"])["n_present"]
    assert got[got > 0].sort_index().to_dict() == expected.sort_index().to_dict()
    assert presence.groupby("language")["n_passages"].first().to_dict() == {
        "ar": 60,
        "en": 60,
        "fr": 60,
    }


def test_cli_score_with_jobs_writes_the_same_file(tmp_path, corpus_dir, lexicon_path):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"scores-{jobs}.parquet"
        result = CliRunner().invoke(
            app,
            [
                "score", str(corpus_dir), "-l", str(lexicon_path), "-o", str(out),
                "--jobs", jobs, "--batch-size", str(BATCH),
            ],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        outputs.append(out)
    assert digest(outputs[0]) == digest(outputs[1])
    assert "2 local processes" in result.output
    assert "Passages with each frame" in result.output


def test_cli_refuses_a_scheduler_without_the_dask_engine(tmp_path, corpus_dir, lexicon_path):
    result = CliRunner().invoke(
        app,
        [
            "score", str(corpus_dir), "-l", str(lexicon_path), "-o", str(tmp_path / "s.parquet"),
            "--scheduler", "tcp://127.0.0.1:8786",
        ],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "--engine dask" in result.output


# -- classification -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model_path(tmp_path_factory, corpus_dir) -> Path:
    from framing.classify.model import FrameClassifier
    from framing.classify.modelfile import save_model

    passages = Corpus.read(corpus_dir).passages
    scores = score_passages(passages, loads_lexicon(SECURITY_LEXICON_YAML))
    labels = scores.pivot(index="passage_id", columns="frame", values="present")
    labels = labels.loc[passages["passage_id"]].astype(float).reset_index(drop=True)
    model = FrameClassifier(threshold=0.5).fit(passages, labels[["threat", "cooperation"]])
    return save_model(model, {"weak": True}, tmp_path_factory.mktemp("model") / "m.skops")


def test_classify_streams_and_two_jobs_write_the_same_bytes(tmp_path, corpus_dir, model_path):
    from framing.classify.modelfile import load_model
    from framing.classify.predict import classify_corpus, predict_passages

    one = classify_corpus(corpus_dir, model_path, tmp_path / "p1.parquet", batch_size=BATCH)
    two = classify_corpus(corpus_dir, model_path, tmp_path / "p2.parquet", jobs=2, batch_size=BATCH)
    assert digest(one) == digest(two)
    passages = Corpus.read(corpus_dir).passages
    expected = predict_passages(passages, load_model(model_path))
    pd.testing.assert_frame_equal(read_table(one), expected, check_dtype=False)
    assert pq.ParquetFile(one).num_row_groups == -(-len(passages) // BATCH)
    assert read_metadata(one)["n_passages"] == len(passages)


def test_classify_on_dask_gives_the_same_table(tmp_path, corpus_dir, model_path, dask_address):
    from framing.classify.predict import classify_corpus

    local = classify_corpus(corpus_dir, model_path, tmp_path / "local.parquet", batch_size=BATCH)
    dask = classify_corpus(
        corpus_dir,
        model_path,
        tmp_path / "dask.parquet",
        engine="dask",
        scheduler=dask_address,
        batch_size=BATCH,
    )
    pd.testing.assert_frame_equal(read_table(dask), read_table(local))
    assert digest(dask) == digest(local)


def test_cli_classify_with_jobs(tmp_path, corpus_dir, model_path):
    out = tmp_path / "predictions.parquet"
    result = CliRunner().invoke(
        app,
        ["classify", str(corpus_dir), "--model", str(model_path), "-o", str(out), "-j", "2"],
    )
    assert result.exit_code == 0, result.output
    assert "threat:" in result.output and "2 local processes" in result.output
    assert read_table(out)["passage_id"].nunique() == 180


# -- ingestion ------------------------------------------------------------------------------


def _ingest_inputs(articles: dict[str, Path]) -> list[str]:
    return [str(articles["text"]), str(articles["jsonl"])]


def _assert_same_corpus_files(first: Path, second: Path) -> None:
    """The two corpus folders hold the same documents and passages files, byte for byte."""
    for name in ("documents.parquet", "passages.parquet"):
        assert digest(first / name) == digest(second / name), name


def _without_timestamp(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "created"}


def _logged_reads(monkeypatch, streaming, log: Path) -> None:
    """Log every file read (path and share) to ``log``: in forked workers too."""
    real = streaming._read_one

    def logged(path, options, skipped, part=None):
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"{Path(path).resolve()}|{part}\n")
        return real(path, options, skipped, part)

    monkeypatch.setattr(streaming, "_read_one", logged)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="counts reads in forked workers"
)
@pytest.mark.parametrize("budget", [None, 0])
def test_two_processes_read_each_file_once_within_the_budget(
    tmp_path, articles, monkeypatch, budget
):
    import framing.corpus.streaming as streaming

    log = tmp_path / "reads.log"
    _logged_reads(monkeypatch, streaming, log)
    # Small chunks and slices: files are cleaned in slices of 3 on the worker that read them.
    monkeypatch.setattr(streaming, "MIN_CHUNK_BYTES", 1_000)
    monkeypatch.setattr(streaming, "MIN_SLICE_DOCUMENTS", 3)
    if budget is not None:
        monkeypatch.setattr(streaming, "READ_CACHE_CHARS", budget)
    inputs = _ingest_inputs(articles)
    streaming.ingest_to(inputs, tmp_path / "c2", manifest=articles["manifest"], jobs=2)
    reads = [line.split("|")[0] for line in log.read_text(encoding="utf-8").splitlines()]
    files = {str(p.resolve()) for p in articles["text"].rglob("*.txt")}
    files.add(str(articles["jsonl"].resolve()))
    assert set(reads) == files
    # Kept by the worker that read them in pass 1; past the budget, read again (once for
    # all the slices of a chunk).
    assert len(reads) == (len(files) if budget is None else 2 * len(files))
    streaming.ingest_to(inputs, tmp_path / "c1", manifest=articles["manifest"])
    _assert_same_corpus_files(tmp_path / "c1", tmp_path / "c2")


def test_chunks_follow_the_files_and_cut_a_big_export_into_shares(tmp_path, monkeypatch):
    import framing.corpus.streaming as streaming

    files = []
    for name, size in (("a.txt", 300), ("b.txt", 300), ("c.txt", 500), ("e.jsonl", 900)):
        (tmp_path / name).write_bytes(b"x" * size)
        files.append(tmp_path / name)
    monkeypatch.setattr(streaming, "MIN_CHUNK_BYTES", 500)
    monkeypatch.setattr(streaming, "SPLIT_READ_BYTES", 800)

    def cut(workers: int, serial: bool) -> list:
        return [
            [(path.name, part) for path, part in chunk.files]
            for chunk in streaming._chunks(files, workers, serial)
        ]

    assert cut(1, True) == [[("a.txt", None), ("b.txt", None), ("c.txt", None), ("e.jsonl", None)]]
    assert cut(2, False) == [
        [("a.txt", None), ("b.txt", None)],
        [("c.txt", None)],
        [("e.jsonl", (0, 2))],
        [("e.jsonl", (1, 2))],
    ]
    chunks = streaming._chunks(files, 2, False)
    slices = list(streaming._slices(chunks, [5, 1, 0, 7], 2))
    assert [(s.chunk.index, s.start, s.stop, s.last) for s in slices] == [
        (0, 0, 2, False),
        (0, 2, 5, True),  # no slice of 1 at the end: it joins the one before
        (1, 0, 1, True),
        (3, 0, 2, False),
        (3, 2, 4, False),
        (3, 4, 7, True),
    ]


def test_ingest_on_two_processes_and_other_batches_writes_the_same_corpus(tmp_path, articles):
    from framing.corpus.streaming import ingest_to

    reports = [
        ingest_to(
            _ingest_inputs(articles),
            tmp_path / f"corpus-{jobs}",
            manifest=articles["manifest"],
            jobs=jobs,
            batch_size=batch_size,  # row groups have a fixed size: no effect on the bytes
        )
        for jobs, batch_size in ((1, 10_000), (2, BATCH))
    ]
    _assert_same_corpus_files(tmp_path / "corpus-1", tmp_path / "corpus-2")
    assert _without_timestamp(reports[0]) == _without_timestamp(reports[1])
    report = reports[0]
    assert report["n_documents"] == 45 and report["n_passages"] == 180
    assert report["near_duplicate_documents"] == 18  # nine stories republished by the wire
    # Every outlet's tagline is found repeated (first pass) and removed (second pass).
    removed = [line for lines in report["removed_lines"].values() for line in lines]
    assert len(removed) == 36
    assert {line["reason"] for line in removed} == {"repeated in many documents of the same outlet"}
    corpus = Corpus.read(tmp_path / "corpus-1")
    assert corpus.hash == report["corpus_hash"]
    wire = corpus.documents[corpus.documents["outlet"] == "wire-digest.example"]
    assert (wire["dup_cluster"] != "").all()


def test_a_chunk_cleaned_in_slices_gives_the_same_corpus(tmp_path, articles, monkeypatch):
    from framing.corpus import streaming

    streaming.ingest_to(_ingest_inputs(articles), tmp_path / "whole", manifest=articles["manifest"])
    tasks = []
    # Slices of 2 documents: the 45 articles on 2 jobs go in 22 tasks.
    monkeypatch.setattr(streaming, "SLICE_DOCUMENTS", 2)
    monkeypatch.setattr(streaming, "MIN_SLICE_DOCUMENTS", 2)
    real = streaming._slices
    monkeypatch.setattr(streaming, "_slices", lambda *args: tasks.extend(real(*args)) or tasks)
    streaming.ingest_to(
        _ingest_inputs(articles), tmp_path / "cut", manifest=articles["manifest"], jobs=2
    )
    assert len(tasks) == 22 and sum(task.stop - task.start for task in tasks) == 45
    _assert_same_corpus_files(tmp_path / "whole", tmp_path / "cut")


def test_streamed_ingest_equals_the_in_memory_corpus(tmp_path, articles):
    from framing.corpus.streaming import ingest_to

    ingest_to(_ingest_inputs(articles), tmp_path / "c", manifest=articles["manifest"])
    in_memory = ingest(_ingest_inputs(articles), manifest=articles["manifest"], jobs=2)
    on_disk = Corpus.read(tmp_path / "c")
    pd.testing.assert_frame_equal(on_disk.documents, in_memory.documents)
    pd.testing.assert_frame_equal(on_disk.passages, in_memory.passages)
    documents = on_disk.documents.set_index("doc_id")
    for passage in on_disk.passages.sample(20, random_state=0).itertuples():
        assert documents.loc[passage.doc_id, "text"][passage.start : passage.end] == passage.text


def test_ingest_on_dask_writes_the_same_corpus(tmp_path, articles, dask_address):
    from framing.corpus.streaming import ingest_to

    for name, engine in (("local", {}), ("dask", {"engine": "dask", "scheduler": dask_address})):
        ingest_to(
            _ingest_inputs(articles),
            tmp_path / name,
            manifest=articles["manifest"],
            batch_size=BATCH,
            **engine,
        )
    for name in ("documents.parquet", "passages.parquet"):
        local, dask = read_table(tmp_path / "local" / name), read_table(tmp_path / "dask" / name)
        pd.testing.assert_frame_equal(dask, local)
        assert digest(tmp_path / "dask" / name) == digest(tmp_path / "local" / name)


def test_cli_ingest_with_jobs_writes_the_same_files(tmp_path, articles):
    for jobs in ("1", "2"):
        result = CliRunner().invoke(
            app,
            [
                "ingest", *_ingest_inputs(articles), "--manifest", str(articles["manifest"]),
                "-o", str(tmp_path / jobs), "--jobs", jobs, "--batch-size", "4",
            ],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert "45" in result.output  # the summary table's total
    _assert_same_corpus_files(tmp_path / "1", tmp_path / "2")
    assert read_metadata(tmp_path / "2" / "passages.parquet")["corpus_hash"]


def test_table_writer_bytes_do_not_depend_on_how_rows_arrive(tmp_path):
    import pyarrow as pa

    from framing.store import TableWriter

    schema = pa.schema([("passage_id", pa.string()), ("n_tokens", pa.int64())])
    rows = pa.table({"passage_id": [f"p{i}" for i in range(25)], "n_tokens": list(range(25))})
    for name, sizes in (("a", [25]), ("b", [3, 9, 1, 12])):
        with TableWriter(tmp_path / name, schema, row_group_size=10) as writer:
            start = 0
            for size in sizes:
                writer.write(rows.slice(start, size))
                start += size
            writer.metadata = {"rows": writer.rows}
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    parquet = pq.ParquetFile(tmp_path / "a")
    assert [parquet.metadata.row_group(i).num_rows for i in range(3)] == [10, 10, 5]
    assert read_metadata(tmp_path / "a")["rows"] == 25


def test_table_writer_keeps_statistics_for_numbers_and_booleans_only(tmp_path):
    import pyarrow as pa

    from framing.store import TableWriter

    schema = pa.schema(
        [
            ("passage_id", pa.string()),
            ("frame", pa.dictionary(pa.int32(), pa.string())),
            ("hits", pa.int64()),
            ("density", pa.float64()),
            ("present", pa.bool_()),
        ]
    )
    rows = pa.table(
        {
            "passage_id": ["p2", "p1", "p3"],
            "frame": pa.array(["soft", "hard", "soft"]).dictionary_encode(),
            "hits": [4, 0, 7],
            "density": [1.5, 0.0, 2.5],
            "present": [True, False, True],
        }
    )
    with TableWriter(tmp_path / "t.parquet", schema) as writer:
        writer.write(rows)
    group = pq.ParquetFile(tmp_path / "t.parquet").metadata.row_group(0)
    stats = {group.column(i).path_in_schema: group.column(i).statistics for i in range(5)}
    assert stats["passage_id"] is None and stats["frame"] is None
    assert (stats["hits"].min, stats["hits"].max) == (0, 7)
    assert (stats["density"].min, stats["density"].max) == (0.0, 2.5)
    assert stats["present"].has_min_max
    frames = pq.read_table(tmp_path / "t.parquet").column("frame").to_pylist()
    assert frames == ["soft", "hard", "soft"]


def test_a_failed_write_leaves_no_file(tmp_path):
    import pyarrow as pa

    from framing.store import TableWriter

    schema = pa.schema([("n", pa.int64())])
    with pytest.raises(RuntimeError), TableWriter(tmp_path / "t.parquet", schema) as writer:
        writer.write(pa.table({"n": [1, 2]}))
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


# -- the experiment file --------------------------------------------------------------------


def _experiment(tmp_path: Path, engine: str) -> Path:
    path = tmp_path / "exp.yaml"
    path.write_text(
        f"name: scale\ninputs:\n  paths: [articles/]\nlexicons: [lex.yaml]\n{engine}",
        encoding="utf-8",
    )
    return path


def test_experiment_engine_settings_reach_the_stages(tmp_path):
    from framing.experiment.config import load_experiment

    default = load_experiment(_experiment(tmp_path, ""))
    assert default.engine.options() == {
        "jobs": 1,
        "engine": "local",
        "scheduler": None,
        "batch_size": 10_000,
    }
    dask = load_experiment(
        _experiment(
            tmp_path,
            "engine:\n  kind: dask\n  scheduler: tcp://10.0.0.5:8786\n  batch_size: 20000\n",
        )
    )
    assert dask.engine.options()["scheduler"] == "tcp://10.0.0.5:8786"
    assert dask.engine.options()["batch_size"] == 20_000


@pytest.mark.parametrize(
    ("engine", "field"),
    [
        ("engine:\n  jobs: 0\n", "engine.jobs"),
        ("engine:\n  scheduler: tcp://host:8786\n", "engine.scheduler"),
        ("engine:\n  kind: spark\n", "engine.kind"),
    ],
)
def test_experiment_engine_mistakes_name_the_key(tmp_path, engine, field):
    from framing.errors import ConfigError
    from framing.experiment.config import load_experiment

    with pytest.raises(ConfigError) as error:
        load_experiment(_experiment(tmp_path, engine))
    assert error.value.field == field


def test_a_big_export_is_read_in_shares_by_the_workers_with_the_same_corpus(
    tmp_path, articles, monkeypatch
):
    import framing.corpus.streaming as streaming

    export = tmp_path / "inputs" / "export.jsonl"
    export.parent.mkdir()
    lines = articles["jsonl"].read_text(encoding="utf-8").splitlines()
    lines.insert(3, '{"title": "a truncated line", "text": "cut of')  # skipped, with its line
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "inputs" / "empty.jsonl").write_bytes(b"")  # unreadable: reported once
    inputs = [str(articles["text"]), str(export.parent)]
    monkeypatch.setattr(streaming, "SPLIT_READ_BYTES", 0)  # every JSON file read in shares
    log = tmp_path / "reads.log"
    _logged_reads(monkeypatch, streaming, log)
    reports = [
        streaming.ingest_to(inputs, tmp_path / f"c{jobs}", manifest=articles["manifest"], jobs=jobs)
        for jobs in (1, 2)
    ]
    reads = log.read_text(encoding="utf-8").splitlines()
    assert f"{export.resolve()}|(1, 2)" in reads
    assert f"{export.resolve()}|None" in reads  # one process reads it whole
    _assert_same_corpus_files(tmp_path / "c1", tmp_path / "c2")
    assert _without_timestamp(reports[0]) == _without_timestamp(reports[1])
    sources = [s["source"] for s in reports[1]["skipped"]]
    assert sum(source.endswith("empty.jsonl") for source in sources) == 1
    assert sum(source.endswith("export.jsonl#line 4") for source in sources) == 1


def test_shares_of_an_export_whose_fields_change_are_read_whole(tmp_path, articles, monkeypatch):
    import json

    import framing.corpus.streaming as streaming

    # Only the last article has a url field: the whole file has a url column, which the
    # first share alone would not find.
    export = tmp_path / "export.jsonl"
    records = [json.loads(line) for line in articles["jsonl"].read_text("utf-8").splitlines()]
    for number, record in enumerate(records):
        record.pop("url", None)
        if number == len(records) - 1:
            record["url"] = f"https://late-outlet.example/story-{number}"
    export.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    monkeypatch.setattr(streaming, "SPLIT_READ_BYTES", 0)
    log = tmp_path / "reads.log"
    _logged_reads(monkeypatch, streaming, log)
    for jobs in (1, 2):
        streaming.ingest_to([str(export)], tmp_path / f"c{jobs}", jobs=jobs)
    reads = log.read_text(encoding="utf-8").splitlines()
    # One process: read whole once (kept for pass 2). Two: each share once, then whole
    # here (pass 1's counts) and on a worker (pass 2).
    assert sorted(reads) == sorted(
        [f"{export.resolve()}|None"] * 3 + [f"{export.resolve()}|{(i, 2)}" for i in range(2)]
    )
    _assert_same_corpus_files(tmp_path / "c1", tmp_path / "c2")
    outlets = set(read_table(tmp_path / "c2" / "documents.parquet")["outlet"])
    assert "late-outlet.example" in outlets


def test_an_export_utf8_at_its_start_only_is_read_whole_with_its_encoding(
    tmp_path, articles, monkeypatch
):
    import framing.corpus.readers.shares as shares
    import framing.corpus.streaming as streaming

    # UTF-8 until its last article, which is Windows-1252: the whole file is cp1252. The
    # first shares, pure UTF-8 on their own, must not be taken for the file.
    lines = articles["jsonl"].read_text(encoding="utf-8").splitlines()
    latin = next(line for line in lines if "é" in line)
    ascii_lines = [line for line in lines if line.isascii()]
    export = tmp_path / "export.jsonl"
    export.write_bytes(
        "".join(line + "\n" for line in ascii_lines).encode() + latin.encode("cp1252") + b"\n"
    )
    monkeypatch.setattr(streaming, "SPLIT_READ_BYTES", 0)
    monkeypatch.setattr(shares, "HEAD_BYTES", 200)  # the start decides, as in a big export
    monkeypatch.setattr(shares, "SNIFF_CHARS", 100)
    log = tmp_path / "reads.log"
    _logged_reads(monkeypatch, streaming, log)
    for jobs in (1, 2):
        streaming.ingest_to([str(export)], tmp_path / f"c{jobs}", jobs=jobs)
    assert f"{export.resolve()}|(0, 2)" in log.read_text(encoding="utf-8").splitlines()
    _assert_same_corpus_files(tmp_path / "c1", tmp_path / "c2")
    documents = read_table(tmp_path / "c2" / "documents.parquet")
    assert {json.loads(m)["encoding"] for m in documents["metadata"]} == {"cp1252"}
    assert len(documents) == len(ascii_lines) + 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_near_duplicate_candidates_are_checked_on_the_shingles_kept_from_pass_2(
    tmp_path, articles, monkeypatch, jobs
):
    import shutil

    import framing.corpus.streaming as streaming
    from framing.corpus.dedup import ShingleFile, near_duplicate_clusters, shingles

    # Every text file twice (exact duplicates, set aside in the slices that hold them: their
    # shingles must not be kept), in small chunks and slices, with the JSON Lines articles.
    inputs = tmp_path / "inputs"
    shutil.copytree(articles["text"], inputs / "a")
    shutil.copytree(articles["text"], inputs / "b")
    monkeypatch.setattr(streaming, "MIN_CHUNK_BYTES", 2_000)
    monkeypatch.setattr(streaming, "MIN_SLICE_DOCUMENTS", 5)
    monkeypatch.setattr(streaming, "SLICE_DOCUMENTS", 7)
    stores: list[ShingleFile] = []
    read_back: list[tuple[np.ndarray, np.ndarray]] = []

    class Recorded(ShingleFile):
        def __init__(self, path):
            super().__init__(path)
            stores.append(self)

        def joined(self):
            hashes, counts = super().joined()
            read_back.append((hashes.copy(), counts.copy()))
            return hashes, counts

    monkeypatch.setattr(streaming, "ShingleFile", Recorded)
    tokenised = []
    real = streaming.shingles_and_band_keys
    monkeypatch.setattr(
        streaming,
        "shingles_and_band_keys",
        lambda texts, size, **known: tokenised.append(len(texts)) or real(texts, size, **known),
    )
    out = tmp_path / f"c{jobs}"
    report = streaming.ingest_to([str(inputs), str(articles["jsonl"])], out, jobs=jobs)
    documents = read_table(out / "documents.parquet")
    texts, ids = documents["text"].tolist(), documents["doc_id"].tolist()
    assert len(stores) == 1 and len(stores[0]) == len(documents) == report["n_documents"]
    ((hashes, counts),) = read_back
    assert hashes.dtype == np.uint32 and len(counts) == len(documents)
    starts = np.cumsum(counts) - counts
    for i, text in enumerate(texts):  # the kept documents' sets, in the corpus's order
        kept = hashes[starts[i] : starts[i] + counts[i]].tolist()
        assert kept == shingles(text, streaming.SHINGLE_SIZE).tolist()
    assert documents["dup_cluster"].tolist() == near_duplicate_clusters(ids, texts)
    assert documents["dup_cluster"].str.len().gt(0).any(), "the articles hold near-duplicates"
    if jobs == 1:  # each text tokenised once, in pass 2 (with both copies of the duplicates)
        assert sum(tokenised) == len(documents) + len(list((inputs / "a").rglob("*.txt")))


def test_two_jobs_drop_exact_duplicates_and_their_passages_as_one_does(
    tmp_path, articles, monkeypatch
):
    import shutil
    from dataclasses import replace

    import framing.corpus.streaming as streaming
    from framing.corpus.ingest import IngestOptions
    from framing.limits import DEFAULT_LIMITS

    # Every text file twice, in another folder (same outlet, url, title and text: exact
    # duplicates), and small slices: duplicates fall in the slice of their original and in
    # other chunks, so the passages of a slice are filtered before they are written.
    inputs = tmp_path / "inputs"
    shutil.copytree(articles["text"], inputs / "a")
    shutil.copytree(articles["text"], inputs / "b")
    monkeypatch.setattr(streaming, "MIN_CHUNK_BYTES", 2_000)
    monkeypatch.setattr(streaming, "MIN_SLICE_DOCUMENTS", 5)
    # Short passages: most paragraphs are cut, and noted in the report once per document.
    options = IngestOptions(limits=replace(DEFAULT_LIMITS, max_passage_chars=120))
    reports = [
        streaming.ingest_to([str(inputs)], tmp_path / f"c{jobs}", options=options, jobs=jobs)
        for jobs in (1, 2)
    ]
    _assert_same_corpus_files(tmp_path / "c1", tmp_path / "c2")
    assert _without_timestamp(reports[0]) == _without_timestamp(reports[1])
    duplicates = [s for s in reports[1]["skipped"] if "exact duplicate" in s["reason"]]
    files = list((inputs / "a").rglob("*.txt"))
    assert len(duplicates) == len(files) == reports[1]["n_documents"]
    corpus = Corpus.read(tmp_path / "c2")
    assert set(corpus.passages["doc_id"]) == set(corpus.documents["doc_id"])  # none twice
    assert not corpus.passages["passage_id"].duplicated().any()
    assert corpus.hash == reports[1]["corpus_hash"]
    noted = [note["doc_id"] for note in reports[1]["long_passages_split"]]
    assert noted and len(noted) == len(set(noted))  # the duplicates' notes were dropped
    assert set(noted) <= set(corpus.documents["doc_id"])


def test_two_jobs_cut_sentences_with_a_trained_punkt_model_as_one_does(tmp_path, articles):
    from framing.corpus.ingest import IngestOptions
    from framing.corpus.streaming import ingest_to

    options = IngestOptions(unit="sentence", train_punkt=True)
    seen: list[str] = []
    reports = [
        ingest_to(
            _ingest_inputs(articles),
            tmp_path / f"c{jobs}",
            manifest=articles["manifest"],
            options=options,
            jobs=jobs,
            batch_size=4,  # many segmentation batches, on both workers
            progress=lambda stage, done, total: seen.append(stage),
        )
        for jobs in (1, 2)
    ]
    _assert_same_corpus_files(tmp_path / "c1", tmp_path / "c2")
    assert _without_timestamp(reports[0]) == _without_timestamp(reports[1])
    assert {"read", "clean", "segment"} <= set(seen)  # the later pass cuts the sentences
    assert reports[1]["n_passages"] == 180  # one sentence per paragraph in these articles


def test_passages_closed_beside_the_last_steps_still_raise_their_errors(
    tmp_path, articles, monkeypatch
):
    import framing.corpus.streaming as streaming
    from framing.store import TableWriter

    threads: list[str] = []
    real_exit = TableWriter.__exit__

    def failing_exit(self, kind, error, trace):
        if self.path.name == "passages.parquet" and kind is None:
            threads.append(__import__("threading").current_thread().name)
            raise OSError("No space left on device")
        return real_exit(self, kind, error, trace)

    monkeypatch.setattr(TableWriter, "__exit__", failing_exit)
    with pytest.raises(OSError, match="No space left"):
        streaming.ingest_to([str(articles["jsonl"])], tmp_path / "c2", jobs=2)
    assert threads and threads[0] != "MainThread"  # closed on the background thread
    assert not (tmp_path / "c2" / "ingest_report.json").exists()
    with pytest.raises(OSError, match="No space left"):
        streaming.ingest_to([str(articles["jsonl"])], tmp_path / "c1", jobs=1)
    assert threads[-1] == "MainThread"  # one job: closed in turn
