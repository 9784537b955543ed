"""One measurement in a process of its own, so peak memory is the work's own high-water mark.

    python -m benchmarks.measure '{"stage": "score", "corpora": [...], "language": "en"}'
    python -m benchmarks.measure < spec.json   # (long specs: thousands of input files)

The last line printed is a JSON object: ``status`` (``ok``, ``not available``
with a ``reason``), timings in seconds (only the work itself: loading inputs,
warming up and writing outputs are outside the clock), sizes and
``peak_rss_mb`` (``resource.getrusage`` maximum RSS of this process, read
right after the work; ``children_peak_rss_mb`` is the largest child process,
for stages run with several jobs). :mod:`benchmarks.run` starts one such
process per measurement. Public APIs are looked up when the stage runs: one
that is missing or does not import makes the stage ``not available`` instead
of failing the run.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import os
import pickle
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.baselines import AhoCorasickBaseline, RegexBaseline

WARM_UP_PASSAGES = 200
REGEX_RUNS = 2


class Unavailable(Exception):
    """The toolkit does not (yet) provide what this stage measures."""


def api(module: str, name: str) -> Any:
    """``module.name``, or :class:`Unavailable` saying why not."""
    try:
        loaded = importlib.import_module(module)
    except Exception as error:  # an API being written may fail to import in any way
        raise Unavailable(f"{module} does not import ({type(error).__name__}: {error})") from error
    if not hasattr(loaded, name):
        raise Unavailable(f"{module}.{name} does not exist")
    return getattr(loaded, name)


def accepts(function: Callable[..., Any], parameter: str) -> bool:
    """Whether ``function`` takes a keyword argument named ``parameter``."""
    try:
        return parameter in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def jobs_kwargs(function: Callable[..., Any], jobs: int | None) -> dict[str, int]:
    """``{"jobs": n}`` when asked for and supported; :class:`Unavailable` for jobs > 1 without."""
    if jobs is None:
        return {}
    if accepts(function, "jobs"):
        return {"jobs": jobs}
    if jobs > 1:
        raise Unavailable(f"{function.__module__}.{function.__name__} has no jobs parameter")
    return {}


def peak_rss() -> dict[str, float]:
    """High-water marks of resident memory so far, in MB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own, 1), "children_peak_rss_mb": round(children, 1)}


def utf8_bytes(texts: Any) -> int:
    return sum(len(t.encode("utf-8")) for t in texts)


def load_passages(corpora: list[str]) -> Any:
    """The passages of several corpus folders, one table."""
    import pandas as pd

    read_table = api("framing.store", "read_table")
    tables = [read_table(Path(c) / "passages.parquet") for c in corpora]
    if not tables:
        raise Unavailable("no ingested corpus to read passages from (run the ingest stage)")
    return pd.concat(tables, ignore_index=True)


@functools.cache
def load_lexicon(path: str) -> Any:
    """The lexicon file (kept: ``--in-process`` runs load it once, not per measurement)."""
    loader = api("framing.lexicon.scoring", "load_lexicon_file")
    try:
        return loader(path)
    except Exception as error:  # the YAML reader may be mid-change too
        problem = f"{type(error).__name__}: {error}"
        raise Unavailable(f"the lexicon cannot be loaded ({problem})") from error


def best_of(spec: dict[str, Any], work: Callable[[], Any]) -> tuple[dict[str, Any], Any]:
    """Run ``work`` ``spec["repeat"]`` times (default 1): the fastest time, all times, a result.

    The minimum is the usual estimate of what the code costs on a machine
    where other processes come and go (as :mod:`timeit` advises).
    """
    times, result = [], None
    for _ in range(_repeats(spec)):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return {"seconds": min(times), "all_seconds": [round(t, 4) for t in times]}, result


def _timed(task: Callable[[], Any], times: list[float]) -> Any:
    start = time.perf_counter()
    result = task()
    times.append(time.perf_counter() - start)
    return result


# -- stages ------------------------------------------------------------------------------------


def measure_ingest(spec: dict[str, Any]) -> dict[str, Any]:
    """``ingest_to(inputs, out, manifest=..., options=IngestOptions())``: what ``framing
    ingest`` runs, from reading the inputs to the corpus folder written; the fastest of
    ``repeat`` runs (each to a new folder; the last to ``out`` when given).

    Each run is a child forked from this process once it is warmed up, so every run
    starts from the same state: the toolkit's caches of words, lines and URLs filled by
    one run would otherwise speed up the next on the same input with one job (its
    workers' caches go with them).
    """
    ingest_to = api("framing.corpus.streaming", "ingest_to")
    options = api("framing.corpus.ingest", "IngestOptions")()
    kwargs = jobs_kwargs(ingest_to, spec.get("jobs"))
    warm_up_ingestion()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as scratch:

        def run(index: int) -> tuple[float, dict[str, Any], dict[str, float]]:
            start = time.perf_counter()
            report = ingest_to(
                spec["inputs"],
                Path(scratch) / str(index),
                manifest=spec.get("manifest"),
                options=options,
                **kwargs,
            )
            return time.perf_counter() - start, report, peak_rss()

        runs = [in_fork(functools.partial(run, i)) for i in range(_repeats(spec))]
        out, report = Path(scratch) / str(len(runs) - 1), runs[-1][1]
        times = [seconds for seconds, _, _ in runs]
        peak = {key: max(peaks[key] for _, _, peaks in runs) for key in runs[0][2]}
        texts = pq.read_table(out / "passages.parquet", columns=["text"]).column("text")
        if spec.get("out"):
            shutil.rmtree(spec["out"], ignore_errors=True)
            shutil.copytree(out, spec["out"])
        return {
            "seconds": min(times),
            "all_seconds": [round(t, 4) for t in times],
            "documents": int(report["n_documents"]),
            "passages": int(report["n_passages"]),
            "text_bytes": int(pc.sum(pc.binary_length(texts)).as_py() or 0),
            "skipped": int(report.get("n_skipped", 0)),
            "jobs_used": kwargs.get("jobs", 1),
            **peak,
        }


def _repeats(spec: dict[str, Any]) -> int:
    return max(1, int(spec.get("repeat") or 1))


def in_fork(task: Callable[[], Any]) -> Any:
    """``task()`` run in a child forked from this process, its result sent back: each call
    starts from this process's state, and what the task leaves behind goes with the
    child."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        try:
            outcome: tuple[bool, Any] = (True, task())
        except BaseException as error:  # whatever it is, the parent reports it
            outcome = (False, f"{type(error).__name__}: {error}")
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        try:
            ok, value = pickle.load(pipe)
        except EOFError:
            ok, value = False, "the child process died"
    os.waitpid(pid, 0)
    if not ok:
        raise RuntimeError(f"a forked run failed: {value}")
    return value


# Three short articles, one per language, ingested untimed before the clock starts.
WARM_UP_ARTICLES = {
    "en.txt": "Rabat talks\n\nThe ministers met in Rabat on Monday to discuss border security "
    "and police cooperation.\n\nThey agreed to share data on smuggling networks.",
    "fr.txt": "Entretiens à Rabat\n\nLes ministres se sont réunis lundi à Rabat pour parler de "
    "la sécurité des frontières.\n\nIls ont convenu de partager leurs données.",
    "ar.txt": "محادثات في الرباط\n\nاجتمع الوزراء يوم الاثنين في الرباط لبحث أمن الحدود "
    "والتعاون الأمني.\n\nواتفقوا على تبادل المعلومات حول شبكات التهريب.",
}


def warm_up_ingestion() -> None:
    """One untimed ingestion of three short articles in this process: the language model
    is loaded and the caches and compiled patterns are built once, outside the clock (a
    per-process cost, not per MB). Workers forked later start from this warm process, so
    1 and 2 jobs are compared alike."""
    try:
        ingest_to = api("framing.corpus.streaming", "ingest_to")
    except Exception:  # an older toolkit: nothing to warm up
        return
    with tempfile.TemporaryDirectory(prefix="bench-warm-") as folder:
        articles = Path(folder) / "articles"
        articles.mkdir()
        for name, text in WARM_UP_ARTICLES.items():
            (articles / name).write_text(text, encoding="utf-8")
        ingest_to([articles], Path(folder) / "corpus")


def _scoring_input(spec: dict[str, Any]) -> tuple[Any, list[str], Any]:
    passages = load_passages(spec["corpora"])
    lexicon = load_lexicon(spec["lexicon"])
    return passages, passages["text"].tolist(), lexicon


def measure_score(spec: dict[str, Any]) -> dict[str, Any]:
    """``score_passages(passages, lexicon, matcher=Matcher(lexicon))``, and the baselines.

    With ``baselines`` (default true) the naive regex matcher and the bare
    Aho-Corasick scan are timed on the same texts, interleaved with the
    toolkit run by run, so a machine shared with other work slows all three
    alike and their ratios hold; each time kept is the fastest of ``repeat``
    runs (the regex matcher: of two), after one untimed run of the toolkit
    (``warm_up_seconds``). The baselines run once before the
    toolkit starts: ``baseline_peak_rss_mb`` is the high-water mark until then.
    """
    score_passages = api("framing.lexicon.scoring", "score_passages")
    matcher_class = api("framing.lexicon.matcher", "Matcher")
    passages, texts, lexicon = _scoring_input(spec)
    kwargs = jobs_kwargs(score_passages, spec.get("jobs"))
    work: dict[str, Callable[[], Any]] = {}
    if spec.get("baselines", True):
        for name, kind in (("aho_corasick", AhoCorasickBaseline), ("regex", RegexBaseline)):
            baseline = kind(lexicon, spec["language"])
            baseline.count(texts[:WARM_UP_PASSAGES])
            work[name] = functools.partial(baseline.count, texts)
    times: dict[str, list[float]] = {name: [] for name in ["toolkit", *work]}
    outputs = {name: _timed(task, times[name]) for name, task in work.items()}
    baseline_peak = peak_rss()["peak_rss_mb"]
    start = time.perf_counter()
    matcher = matcher_class(lexicon)
    score_passages(passages.head(WARM_UP_PASSAGES), lexicon, matcher=matcher)  # compiles
    compile_seconds = time.perf_counter() - start
    work = {"toolkit": lambda: score_passages(passages, lexicon, matcher=matcher, **kwargs), **work}
    # One untimed run: the allocator's thresholds and the per-token caches settle as they
    # do after a corpus's first batches (the first runs are 10-40% slower than the rest).
    warm_up: list[float] = []
    _timed(work["toolkit"], warm_up)
    scores = _timed(work["toolkit"], times["toolkit"])
    for round_ in range(1, _repeats(spec)):
        for name, task in work.items():
            # The naive matcher is 10-30 times slower and only a reference: two runs do.
            if name != "regex" or round_ < REGEX_RUNS:
                _timed(task, times[name])
    present = scores.groupby("passage_id", sort=False)["present"].any()
    return {
        "seconds": min(times["toolkit"]),
        "all_seconds": [round(t, 4) for t in times["toolkit"]],
        "baselines": {
            name: {
                "seconds": min(times[name]),
                "all_seconds": [round(t, 4) for t in times[name]],
                "hits": int(outputs[name].sum()),
            }
            for name in outputs
        },
        "baseline_peak_rss_mb": baseline_peak,
        "compile_seconds": compile_seconds,
        "warm_up_seconds": round(warm_up[0], 4),
        "passages": len(passages),
        "text_bytes": utf8_bytes(texts),
        "hits": int(scores["hits"].sum()),
        "share_with_frame": round(float(present.mean()), 4) if len(present) else 0.0,
        "jobs_used": kwargs.get("jobs", 1),
        **peak_rss(),
    }


def _measure_baseline(spec: dict[str, Any], kind: type) -> dict[str, Any]:
    passages, texts, lexicon = _scoring_input(spec)
    baseline = kind(lexicon, spec["language"])
    baseline.count(texts[:WARM_UP_PASSAGES])
    runs, hits = best_of(spec, lambda: baseline.count(texts))
    return {
        **runs,
        "passages": len(passages),
        "text_bytes": utf8_bytes(texts),
        "hits": int(hits.sum()),
        **peak_rss(),
    }


def measure_regex(spec: dict[str, Any]) -> dict[str, Any]:
    """The naive one-regex-per-frame matcher on the same passages."""
    return _measure_baseline(spec, RegexBaseline)


def measure_aho_corasick(spec: dict[str, Any]) -> dict[str, Any]:
    """The bare Aho-Corasick scan on the same passages."""
    return _measure_baseline(spec, AhoCorasickBaseline)


def measure_score_corpus(spec: dict[str, Any]) -> dict[str, Any]:
    """``score_corpus(corpus, [lexicon], out)``: the whole stage, read to write, for its memory."""
    score_corpus = api("framing.lexicon.scoring", "score_corpus")
    load_lexicon(spec["lexicon"])  # fail early, and clearly, on a broken lexicon reader
    kwargs = jobs_kwargs(score_corpus, spec.get("jobs"))
    start = time.perf_counter()
    score_corpus(spec["corpus"], [spec["lexicon"]], spec["out"], **kwargs)
    seconds = time.perf_counter() - start
    streaming = [
        p for p in ("batch_size", "chunk_size", "stream", "streaming") if accepts(score_corpus, p)
    ]
    return {"seconds": seconds, "streaming_parameters": streaming, **peak_rss()}


def measure_merge(spec: dict[str, Any]) -> dict[str, Any]:
    """Ingested corpora written as one corpus, ``copies`` times over, to score a big corpus.

    Copies get ids of their own (``-c1``, ``-c2`` ...), so the result is a
    valid corpus of ``copies`` times the passages (its text repeats: fine for
    measuring memory and speed, which do not depend on what the text says).
    Written a copy at a time with the toolkit's ``TableWriter``, so a 2 GB
    corpus is built without holding it in memory; its ``corpus_hash`` is
    computed as ``framing.corpus.ingest.corpus_hash`` defines it.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer_class = api("framing.store", "TableWriter")
    parts = [Path(c) for c in spec["corpora"]]
    out = Path(spec["out"])
    out.mkdir(parents=True, exist_ok=True)
    copies = max(1, int(spec.get("copies", 1)))
    tables = {
        name: pa.concat_tables([pq.read_table(p / f"{name}.parquet") for p in parts])
        for name in ("documents", "passages")
    }
    metadata = {"corpus_hash": _corpus_hash(tables["passages"], copies)}  # as ingest makes it
    row_groups = {"documents": 10_000, "passages": 50_000}
    for name, table in tables.items():
        schema = table.schema.remove_metadata()
        with writer_class(
            out / f"{name}.parquet", schema, metadata, row_group_size=row_groups[name]
        ) as writer:
            for k in range(copies):
                writer.write(_copy(table, k))
    report = {"merged_from": [str(p) for p in parts], "copies": copies}
    (out / "ingest_report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    passages = tables["passages"]
    return {
        "passages": passages.num_rows * copies,
        "text_bytes": utf8_bytes(passages.column("text").to_pylist()) * copies,
        **peak_rss(),
    }


def _copy(table: Any, k: int) -> Any:
    """The table with ``-c{k}`` after every id (``k`` = 0: unchanged)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if k == 0:
        return table
    for column in ("doc_id", "passage_id"):
        if column in table.column_names:
            i = table.schema.get_field_index(column)
            ids = table.column(column)
            suffix, joiner = pa.scalar(f"-c{k}", ids.type), pa.scalar("", ids.type)
            table = table.set_column(i, column, pc.binary_join_element_wise(ids, suffix, joiner))
    return table


def _corpus_hash(passages: Any, copies: int) -> str:
    """The toolkit's corpus hash of ``copies`` copies of the passages (ids as ``_copy``)."""
    digest = api("framing.corpus.ingest", "CorpusDigest")()
    ids = passages.column("passage_id").to_pylist()
    texts = passages.column("text").to_pylist()
    for k in range(copies):
        digest.update([f"{pid}-c{k}" if k else pid for pid in ids], texts)
    return digest.hexdigest()


def measure_classify(spec: dict[str, Any]) -> dict[str, Any]:
    """Weakly supervised training on ``n_train`` passages, then prediction on ``n_predict`` others.

    Labels are the lexicon's decisions (``weak_training_data``), as ``framing
    train --weak`` makes them; their scoring is outside the clock.
    """
    weak_training_data = api("framing.classify.training", "weak_training_data")
    train_model = api("framing.classify.training", "train_model")
    predict_passages = api("framing.classify.predict", "predict_passages")
    passages = load_passages(spec["corpora"])
    lexicon = load_lexicon(spec["lexicon"])
    shuffled = passages.sample(frac=1.0, random_state=spec.get("seed", 0)).reset_index(drop=True)
    n_train = min(spec["n_train"], len(shuffled))
    train = shuffled.iloc[:n_train]
    held_out = shuffled.iloc[n_train:]
    predict = (held_out if len(held_out) else shuffled).head(spec["n_predict"])
    data = weak_training_data(train, lexicon)
    start = time.perf_counter()
    model, _card = train_model(data, seed=spec.get("seed", 0))
    train_seconds = time.perf_counter() - start
    train_peak = peak_rss()["peak_rss_mb"]
    start = time.perf_counter()
    predict_passages(predict, model)
    predict_seconds = time.perf_counter() - start
    return {
        "n_train": n_train,
        "n_predict": len(predict),
        "train_seconds": train_seconds,
        "predict_seconds": predict_seconds,
        "frames_trained": len(model.frames_),
        "train_peak_rss_mb": train_peak,
        **peak_rss(),
    }


STAGES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "ingest": measure_ingest,
    "score": measure_score,
    "regex": measure_regex,
    "aho_corasick": measure_aho_corasick,
    "score_corpus": measure_score_corpus,
    "merge": measure_merge,
    "classify": measure_classify,
}


def run(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one measurement and return its result (never raises for a missing API)."""
    try:
        result = STAGES[spec["stage"]](spec)
    except Unavailable as error:
        return {"status": "not available", "reason": str(error)}
    return {"status": "ok", **result}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    spec = json.loads(argv[0] if argv else sys.stdin.read())
    print(json.dumps(run(spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
