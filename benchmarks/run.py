"""The benchmark harness: one command, one table, ``benchmarks/results.json``.

    python benchmarks/run.py [--size 200MB] [--data DIR] [--jobs 1,2]
                             [--stages ingest,score,classify] [--sample-mb 3]

1. The corpus: ``--data DIR`` (generated there with ``--size`` if it has no
   ``corpus.json``), else ``benchmarks/data/corpus_<size>_s<seed>`` (generated
   once by :mod:`benchmarks.generate`).
2. ``ingest``: per format (plain text with the manifest, WordPress JSON,
   JSON Lines) and language, ``framing.corpus.ingest.ingest`` on a sample of
   ``--sample-mb`` MB of input files, once per ``--jobs`` value when ingest
   takes ``jobs``. The samples' corpora are kept for the next stages.
3. ``score``: per language, the ingested passages scored with the bundled
   lexicon (``score_passages``, normalisation included), then the same text
   with the naive regex matcher and the bare Aho-Corasick scan
   (:mod:`benchmarks.baselines`); and ``score_corpus`` on corpora of growing
   size for its peak memory, extrapolated to a 2 GB corpus.
4. ``classify``: weakly supervised training on ``--classify-n`` passages and
   prediction on others, when ``framing.classify`` provides a trainer.

Every measurement runs in a process of its own (:mod:`benchmarks.measure`), so
its peak RSS is its own. A stage whose API is missing prints "not available".
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import (
    FORMATS,
    LANGUAGE_SHARES,
    MANIFEST_COLUMNS,
    fingerprint,
    generate,
    parse_size,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "benchmarks" / "data"
LEXICON = REPO / "lexicons" / "security_diplomacy.yaml"
RESULTS = REPO / "benchmarks" / "results.json"
LANGUAGES = tuple(LANGUAGE_SHARES)
STAGES = ("ingest", "score", "classify")
MB = 1e6

# The targets of the "Scale" issue.
INGEST_MBPS = 10.0  # per core, plain text and JSON
SCORE_MBPS = 20.0  # per core and language
SCORE_VS_AHO_CORASICK = 0.5
SPEEDUP_2_JOBS = 1.7
MEMORY_LIMIT_MB = 1500.0  # peak while scoring a 2 GB corpus
MEMORY_CORPUS_MB = 2000.0
TRAIN_SECONDS = 120.0  # on 100,000 passages
TRAIN_PASSAGES = 100_000
PREDICT_PPS = 10_000.0


@dataclass
class Row:
    """One line of the table (and of ``results.json``)."""

    stage: str
    language: str = "all"
    jobs: int = 1
    mb: float | None = None
    passages: int | None = None
    seconds: float | None = None
    peak_rss_mb: float | None = None
    speedup: float | None = None
    target: str = ""
    status: str = ""
    note: str = ""
    group: str = ""
    measured: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def mb_per_s(self) -> float | None:
        return self.mb / self.seconds if self.mb is not None and self.seconds else None

    @property
    def passages_per_s(self) -> float | None:
        return self.passages / self.seconds if self.passages is not None and self.seconds else None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "mb_per_s": self.mb_per_s, "passages_per_s": self.passages_per_s}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# -- machine and data ----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = round(pages / 2**30, 1)
    except (ValueError, OSError):
        memory = None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory_gib": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def corpus_folder(data: Path | None, size: int, seed: int) -> Path:
    """The corpus to measure, generated first when it does not exist yet."""
    folder = data or DATA / f"corpus_{size // 1_000_000}mb_s{seed}_{fingerprint()[:8]}"
    if not (folder / "corpus.json").exists():
        print(f"generating {size / MB:,.0f} MB corpus in {folder} ...", flush=True)
        start = time.perf_counter()
        generate(folder, size, seed=seed)
        print(f"  done in {time.perf_counter() - start:.0f} s", flush=True)
    return folder


def work_folder(corpus: Path) -> Path:
    """Where samples and ingested corpora go: benchmarks/data/work/<corpus>, or beside it."""
    if corpus.resolve().is_relative_to(DATA.resolve()):
        return DATA / "work" / corpus.name
    return corpus.parent / f"{corpus.name}.work"


def sample_inputs(
    corpus: Path, fmt: str, language: str, limit: int, work: Path
) -> tuple[list[str], str | None, int]:
    """About ``limit`` bytes of one format and language: inputs, manifest, bytes.

    Files are taken in name order, which interleaves the outlets; a JSON
    Lines export is cut after whole lines into a sample file, and plain text
    gets a manifest of its sample's rows (absolute paths).
    """
    work.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        target = work / f"sample-{language}.jsonl"
        size = 0
        with target.open("wb") as out:
            for part in sorted((corpus / "jsonl" / language).glob("*.jsonl")):
                with part.open("rb") as lines:
                    for line in lines:
                        if size >= limit:
                            break
                        out.write(line)
                        size += len(line)
        return [str(target)], None, size
    pattern = "*.txt" if fmt == "text" else "*.json"
    files = sorted((corpus / fmt / language).rglob(pattern), key=lambda p: (p.name, str(p)))
    chosen, size = [], 0
    for path in files:
        if size >= limit:
            break
        chosen.append(path)
        size += path.stat().st_size
    manifest = None
    if fmt == "text":
        manifest = work / f"manifest-{language}.csv"
        _write_sample_manifest(corpus, chosen, manifest)
    return [str(p) for p in chosen], None if manifest is None else str(manifest), size


def _write_sample_manifest(corpus: Path, chosen: list[Path], target: Path) -> None:
    import csv

    wanted = {p.relative_to(corpus).as_posix() for p in chosen}
    with (
        (corpus / "manifest.csv").open(encoding="utf-8", newline="") as source,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(MANIFEST_COLUMNS)
        for row in csv.DictReader(source):
            if row["file"] in wanted:
                values = [row[c] for c in MANIFEST_COLUMNS[1:]]
                writer.writerow([str(corpus / row["file"]), *values])


# -- measurements ------------------------------------------------------------------------------


def measure(spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run :mod:`benchmarks.measure` in a new process and return its JSON result."""
    command = [sys.executable, "-m", "benchmarks.measure"]
    try:
        done = subprocess.run(
            command,
            cwd=REPO,
            input=json.dumps(spec),  # on stdin: a sample can list thousands of files
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "reason": f"stopped after {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode == 0 and lines:
        return json.loads(lines[-1])
    error = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {"status": "error", "reason": f"exit {done.returncode}: {error}"}


def failed(result: dict[str, Any]) -> str | None:
    """None for a result with numbers, else the text to print instead."""
    if result.get("status") == "ok":
        return None
    return f"{result.get('status', 'error')}: {result.get('reason', '')}"


@dataclass
class Settings:
    corpus: Path
    work: Path
    jobs: list[int]
    sample_bytes: int
    classify_n: int
    classify_small_n: int
    predict_n: int
    timeout: float
    classify_timeout: float
    seed: int
    repeat: int = 7
    memory_copies: int = 0  # 0: enough copies for MEMORY_CORPUS_MB of text
    export_languages: tuple[str, ...] = LANGUAGES  # a whole export ingested per language
    ingest_repeat: int = 3  # ingestion runs per measurement, fastest kept
    lexicon: Path = LEXICON
    in_process: bool = False

    def measure(self, spec: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        """One measurement: in a new process, or here with ``--in-process`` (tests)."""
        if self.in_process:
            from benchmarks.measure import run

            try:
                return run(spec)
            except Exception as error:  # as a failing subprocess would be reported
                return {"status": "error", "reason": f"{type(error).__name__}: {error}"}
        return measure(spec, timeout or self.timeout)


class JobsGate:
    """Asks for several jobs until the stage's API turns out not to take them: then one row."""

    def __init__(self, stage: str, jobs: list[int]) -> None:
        self.stage, self.jobs, self.reason = stage, jobs, ""

    def counts(self) -> list[int]:
        return [j for j in self.jobs if j == self.jobs[0] or not self.reason]

    def spec_jobs(self, jobs: int) -> int | None:
        """None (call without ``jobs``, the API's default) when only 1 job is asked for."""
        return None if self.jobs == [1] else jobs

    def refused(self, result: dict[str, Any]) -> bool:
        reason = str(result.get("reason", ""))
        if result.get("status") == "not available" and "jobs parameter" in reason:
            self.reason = reason
            return True
        return False

    def summary(self) -> Row | None:
        if not self.reason or len(self.jobs) < 2:
            return None
        jobs = max(self.jobs)
        return Row(
            f"{self.stage} ({jobs} jobs)",
            jobs=jobs,
            target=f"{jobs} jobs >= {SPEEDUP_2_JOBS:g}x 1 job",
            status="not measured",
            note=self.reason.removeprefix("not available: "),
            group=self.stage,
        )


def ingest_stage(s: Settings, rows: list[Row]) -> None:
    gate = JobsGate("ingest", s.jobs)
    for fmt in FORMATS:
        for language in LANGUAGES:
            inputs, manifest, size = sample_inputs(
                s.corpus, fmt, language, s.sample_bytes, s.work / "samples"
            )
            spec = {"inputs": inputs, "manifest": manifest}
            out = s.work / "corpora" / f"{fmt}-{language}"  # the later stages' corpus
            _ingest_rows(s, gate, Row(f"ingest {fmt}", language, mb=size / MB), spec, out, rows)
    for language in s.export_languages:
        exports = sorted((s.corpus / "jsonl" / language).glob("*.jsonl"))
        if exports:  # the language's largest export, whole
            export = max(exports, key=lambda path: (path.stat().st_size, -exports.index(path)))
            row = Row("ingest jsonl export", language, mb=export.stat().st_size / MB)
            _ingest_rows(s, gate, row, {"inputs": [str(export)]}, None, rows)
    rows.extend(r for r in [gate.summary()] if r)


def _ingest_rows(
    s: Settings, gate: JobsGate, like: Row, spec: dict[str, Any], out: Path | None, rows: list[Row]
) -> None:
    """Rows like ``like`` for one input with each job count (the first run writes ``out``).

    The whole exports (~20 MB) show the speed-up at a size where the fixed
    costs of several processes weigh less than on the samples.
    """
    single = None
    for jobs in gate.counts():
        _progress(f"{like.stage} {like.language} ({like.mb:.1f} MB) jobs={jobs}")
        result = s.measure(
            {
                **spec,
                "stage": "ingest",
                "jobs": gate.spec_jobs(jobs),
                "out": str(out) if out is not None and single is None else None,
                "repeat": s.ingest_repeat,
            }
        )
        if single is not None and gate.refused(result):
            break
        row = Row(like.stage, like.language, jobs, like.mb, group="ingest")
        _fill(row, result, passages=result.get("passages"), mb=like.mb)
        _ingest_target(row, single)
        rows.append(row)
        if row.seconds is None:
            break
        single = single or row


def _fill(row: Row, result: dict[str, Any], **values: Any) -> None:
    """Copy a result's numbers into a row, or its failure into the note."""
    problem = failed(result)
    if problem:
        row.note, row.status = problem, "not measured"
        return
    for name, value in values.items():
        setattr(row, name, value)
    row.seconds = result.get("seconds", row.seconds)
    row.peak_rss_mb = _peak(result)
    row.detail = result


def _ingest_target(row: Row, single: Row | None) -> None:
    if single is None:
        row.target = f">= {INGEST_MBPS:g} MB/s per core"
        if row.seconds:
            row.status = verdict((row.mb_per_s or 0) >= INGEST_MBPS)
        return
    row.target = f"{row.jobs} jobs >= {SPEEDUP_2_JOBS:g}x"
    if row.seconds and single.seconds:
        row.speedup = single.seconds / row.seconds
        row.status = verdict(row.speedup >= SPEEDUP_2_JOBS)


def _peak(result: dict[str, Any]) -> float:
    return max(result.get("peak_rss_mb", 0.0), result.get("children_peak_rss_mb", 0.0))


def _corpora(s: Settings, language: str | None = None) -> list[str]:
    folders = sorted((s.work / "corpora").glob("*-*")) if (s.work / "corpora").exists() else []
    return [
        str(f)
        for f in folders
        if (f / "passages.parquet").exists() and (language is None or f.name.endswith(language))
    ]


def score_stage(s: Settings, rows: list[Row]) -> None:
    # One job: these rows measure speed per core against the baselines. On ~40k passages
    # score_passages keeps to one process by design (MIN_PASSAGES_PER_PROCESS); the 2-job
    # speed-up is measured on the `framing score` path, score_corpus on the big corpus.
    gate = JobsGate("score", s.jobs[:1])
    for language in LANGUAGES:
        base = {
            "corpora": _corpora(s, language),
            "language": language,
            "lexicon": str(s.lexicon),
            "repeat": s.repeat,
        }
        toolkit = None
        for jobs in gate.counts():
            _progress(f"score {language} jobs={jobs} (with the baselines: {toolkit is None})")
            spec = {**base, "stage": "score", "jobs": gate.spec_jobs(jobs)}
            result = s.measure({**spec, "baselines": toolkit is None})
            if toolkit is not None and gate.refused(result):
                break
            row = _score_row("score (toolkit)", language, jobs, result)
            rows.append(row)
            if row.seconds is None and toolkit is None:  # the baselines on their own, then
                for stage, name in (
                    ("regex", "naive regex"),
                    ("aho_corasick", "bare Aho-Corasick"),
                ):
                    rows.append(_score_row(name, language, 1, s.measure({**base, "stage": stage})))
            if row.seconds is None:
                break
            if toolkit is None:
                toolkit = row
                baselines = _baseline_rows(row, result)
                rows.extend(baselines.values())
                _score_target(toolkit, baselines["regex"], baselines["aho_corasick"])
            else:
                row.speedup = toolkit.seconds / row.seconds
                row.target = f"{jobs} jobs >= {SPEEDUP_2_JOBS:g}x"
                row.status = verdict(row.speedup >= SPEEDUP_2_JOBS)
    rows.extend(r for r in [gate.summary()] if r)
    memory_rows(s, rows)


def _score_row(stage: str, language: str, jobs: int, result: dict[str, Any]) -> Row:
    row = Row(stage, language, jobs, group="score")
    _fill(row, result, mb=result.get("text_bytes", 0) / MB, passages=result.get("passages"))
    return row


def _baseline_rows(toolkit: Row, result: dict[str, Any]) -> dict[str, Row]:
    """The baselines timed in the toolkit's process, on its texts (peak: before it ran)."""
    names = {"regex": "naive regex", "aho_corasick": "bare Aho-Corasick"}
    rows = {}
    for key, name in names.items():
        timing = result.get("baselines", {}).get(key, {})
        row = Row(name, toolkit.language, 1, toolkit.mb, toolkit.passages, group="score")
        row.seconds = timing.get("seconds")
        row.peak_rss_mb = result.get("baseline_peak_rss_mb")
        row.detail = timing
        row.note = "timed in turn with the toolkit, same texts" if row.seconds else "not run"
        rows[key] = row
    return rows


def _score_target(toolkit: Row, regex: Row, aho: Row) -> None:
    speed = toolkit.mb_per_s or 0.0
    toolkit.target = f">= {SCORE_MBPS:g} MB/s per core, >= {SCORE_VS_AHO_CORASICK:g}x Aho-Corasick"
    versus_regex = speed / regex.mb_per_s if regex.mb_per_s else None
    versus = speed / aho.mb_per_s if aho.mb_per_s else None
    toolkit.note = ", ".join(
        f"{ratio:.2f}x {name}"
        for ratio, name in ((versus_regex, "regex"), (versus, "Aho-Corasick"))
        if ratio is not None
    )
    toolkit.detail.update(vs_regex=versus_regex, vs_aho_corasick=versus)
    if versus is None:
        toolkit.status = "not measured"
    else:
        toolkit.status = verdict(speed >= SCORE_MBPS and versus >= SCORE_VS_AHO_CORASICK)


def memory_rows(s: Settings, rows: list[Row]) -> None:
    """``score_corpus`` on all ingested passages, then on ``memory_copies`` times as many
    (by default enough copies for 2 GB of text).

    The peak RSS on the big corpus is the memory target's measurement (or, for a
    smaller one, the line through the two sizes extrapolated to 2 GB); the big
    corpus also gives the stage's speed-up with more jobs.
    """
    corpora = _corpora(s)
    if not corpora:
        rows.append(Row("score_corpus memory", status="not measured", group="score",
                        note="no ingested corpus (run the ingest stage)"))  # fmt: skip
        return
    points: list[tuple[float, float]] = []
    measured: dict[int, Row] = {}
    big = s.memory_copies
    for copies in [1, big]:
        if copies == 0:  # enough copies of the ingested text for the memory target's corpus
            if 1 not in measured:
                break
            copies = big = max(2, math.ceil(MEMORY_CORPUS_MB / (measured[1].mb or 1.0)))
        if copies in measured:
            continue
        merged = s.work / "merged" / f"all-x{copies}"
        _progress(f"score_corpus on all passages x{copies}")
        built = s.measure(
            {"stage": "merge", "corpora": corpora, "copies": copies, "out": str(merged)}
        )
        gate = JobsGate("score_corpus", s.jobs if copies == big else s.jobs[:1])
        for jobs in gate.counts():
            row = Row(f"score_corpus x{copies}", "all", jobs, group="score")
            if failed(built):
                _fill(row, built)
                rows.append(row)
                return
            spec = {
                "stage": "score_corpus",
                "corpus": str(merged),
                "lexicon": str(s.lexicon),
                "jobs": jobs if jobs > 1 else None,
                "out": str(s.work / "merged" / f"scores-x{copies}-j{jobs}.parquet"),
            }
            result = s.measure(spec)
            if jobs > 1 and gate.refused(result):
                break
            _fill(row, result, mb=built["text_bytes"] / MB, passages=built["passages"])
            rows.append(row)
            if row.seconds is None:
                break
            if jobs == s.jobs[0]:
                measured[copies] = row
                points.append((row.mb or 0.0, row.peak_rss_mb or 0.0))
            elif copies in measured:
                single = measured[copies]
                row.speedup = single.seconds / row.seconds if single.seconds else None
                row.target = f"{jobs} jobs >= {SPEEDUP_2_JOBS:g}x"
                row.status = verdict((row.speedup or 0) >= SPEEDUP_2_JOBS)
        rows.extend(r for r in [gate.summary()] if r)
    _memory_target(measured.get(big) or measured.get(1), points)


def _memory_target(row: Row | None, points: list[tuple[float, float]]) -> None:
    if row is None:
        return
    row.target = f"< {MEMORY_LIMIT_MB / 1000:g} GB peak on a 2 GB corpus"
    if (row.mb or 0.0) >= 0.99 * MEMORY_CORPUS_MB:  # measured on a corpus of that size
        row.status = verdict((row.peak_rss_mb or 0.0) < MEMORY_LIMIT_MB)
        slope = _fit(points)[0] if len(points) > 1 else None
        row.note = f"measured on {row.mb / 1000:.2f} GB of text" + (
            f"; {slope:+.3f} MB of RSS per MB of text" if slope is not None else ""
        )
        row.detail.update(rss_mb_per_text_mb=slope)
        return
    if len(points) < 2:
        row.status = "not measured"
        row.note = "needs two corpus sizes (--memory-copies > 1)"
        return
    slope, intercept = _fit(points)
    estimate = intercept + max(slope, 0.0) * MEMORY_CORPUS_MB
    streaming = row.detail.get("streaming_parameters") or []
    row.status = verdict(estimate < MEMORY_LIMIT_MB) + " (estimate)"
    row.note = f"{slope:+.2f} MB of RSS per MB of text: ~{estimate / 1000:.2f} GB at 2 GB" + (
        f" (streams: {', '.join(streaming)})" if streaming else " (not streaming)"
    )
    row.detail.update(estimated_peak_mb_at_2gb=estimate, rss_mb_per_text_mb=slope)


def _fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares line through (text MB, peak MB)."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / var if var else 0.0
    return slope, mean_y - slope * mean_x


def classify_stage(s: Settings, rows: list[Row]) -> None:
    """A small training (its model gives the prediction speed), then the 100k one."""
    base = {
        "stage": "classify",
        "corpora": _corpora(s),
        "lexicon": str(s.lexicon),
        "n_predict": s.predict_n,
        "seed": s.seed,
    }
    sizes = [n for n in dict.fromkeys([s.classify_small_n, s.classify_n]) if n > 0]
    predicted = False
    for n in sizes:
        _progress(f"classify: train on up to {n:,} passages")
        timeout = s.classify_timeout if n == s.classify_n else s.timeout
        result = s.measure({**base, "n_train": n}, timeout)
        train = Row("classify train", group="classify")
        _fill(train, result, passages=result.get("n_train"), seconds=result.get("train_seconds"))
        if train.seconds is not None:
            train.peak_rss_mb = result.get("train_peak_rss_mb")
        if n == s.classify_n:
            _train_target(train, result, timeout)
        elif train.seconds is not None:
            train.note = f"{train.passages:,} passages in {train.seconds:.0f} s (no target)"
        rows.append(train)
        if train.seconds is not None and not predicted:
            predict = Row("classify predict", group="classify")
            _fill(predict, result, passages=result["n_predict"], seconds=result["predict_seconds"])
            predict.target = f">= {PREDICT_PPS:,.0f} passages/s"
            predict.status = verdict((predict.passages_per_s or 0) >= PREDICT_PPS)
            predict.note = f"model trained on {train.passages:,} passages"
            rows.append(predict)
            predicted = True
    if not predicted:
        rows.append(
            Row(
                "classify predict",
                group="classify",
                target=f">= {PREDICT_PPS:,.0f} passages/s",
                status="not measured",
                note="no model was trained",
            )
        )


def _train_target(train: Row, result: dict[str, Any], timeout: float) -> None:
    train.target = f"< {TRAIN_SECONDS:g} s on {TRAIN_PASSAGES:,} passages"
    if result.get("status") == "timeout":
        train.status = "FAIL" if timeout >= TRAIN_SECONDS else "not measured"
        train.note = f"did not finish in {timeout:.0f} s (data, labels and training)"
        return
    if train.seconds is None:
        return
    if (train.passages or 0) >= TRAIN_PASSAGES:
        train.status = verdict(train.seconds < TRAIN_SECONDS)
        return
    train.status = "not measured"
    train.note = f"only {train.passages:,} passages available (raise --sample-mb)"


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _progress(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


# -- output --------------------------------------------------------------------------------------


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def render(rows: list[Row], info: dict[str, Any]) -> None:
    """Print the one table."""
    from rich.console import Console
    from rich.table import Table

    title = (
        f"framing benchmarks — {info['date']} — {info['machine']['nproc']} cores, "
        f"{info['machine']['cpu']}, Python {info['machine']['python']}"
    )
    loads = [
        f"{stage} {run['load_average_before_after'][0][0]:g}->"
        f"{run['load_average_before_after'][1][0]:g}"
        for stage, run in info.get("runs", {}).items()
        if all(run.get("load_average_before_after") or [None])
    ]
    caption = "1-minute load average before->after, per stage: " + ", ".join(loads)
    table = Table(title=title, caption=caption if loads else None, show_lines=False)
    for name, justify in (
        ("stage", "left"), ("lang", "left"), ("jobs", "right"), ("MB", "right"),
        ("MB/s", "right"), ("passages/s", "right"), ("peak RSS MB", "right"),
        ("speed-up", "right"), ("target", "left"), ("result", "left"), ("note", "left"),
    ):  # fmt: skip
        table.add_column(name, justify=justify)
    colours = {"PASS": "green", "FAIL": "red"}
    for row in rows:
        colour = colours.get(row.status.split(" ")[0])
        *cells, status, note = _cells(row)
        table.add_row(*cells, f"[{colour}]{status}[/]" if colour else status, note)
    Console(width=220).print(table)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--size", default="200MB", help="corpus to generate when needed (default 200MB)")
    add("--data", type=Path, help="corpus folder (generated there with --size if empty)")
    add("--seed", type=int, default=0, help="generator and sampling seed (default 0)")
    add("--jobs", default="1,2", help="job counts to compare (default 1,2)")
    add(
        "--stages",
        default=",".join(STAGES),
        help="any of ingest,score,classify (default all; '' reprints results.json)",
    )
    add("--sample-mb", type=float, default=3.5, help="input MB per format and language (3.5)")
    add(
        "--export-languages",
        default=",".join(LANGUAGES),
        help="languages whose largest JSON Lines export is also ingested whole (default all)",
    )
    add("--classify-n", type=int, default=TRAIN_PASSAGES, help="training passages (100000)")
    add("--classify-small-n", type=int, default=2000, help="first, small training (2000)")
    add("--predict-n", type=int, default=20_000, help="passages to predict (20000)")
    add("--repeat", type=int, default=7, help="scoring runs per measurement, fastest kept (7)")
    add(
        "--ingest-repeat",
        type=int,
        default=3,
        help="ingestion runs per measurement, fastest kept (3)",
    )
    add(
        "--memory-copies",
        type=int,
        default=0,
        help="big corpus = N x the ingested one (default: enough copies for 2 GB of text)",
    )
    add("--timeout", type=float, default=600, help="seconds allowed per measurement (600)")
    add("--classify-timeout", type=float, default=180, help="seconds for the 100k training (180)")
    add("--lexicon", type=Path, default=LEXICON, help="lexicon file (default: the bundled one)")
    add("--markdown", action="store_true", help="also print the table as Markdown")
    add("--in-process", action="store_true", help="measure in this process (tests; mixes peaks)")
    add("--out", type=Path, default=RESULTS, help="results JSON (default benchmarks/results.json)")
    args = parser.parse_args(argv)
    args.stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = set(args.stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(sorted(unknown))}")
    try:
        args.size = parse_size(args.size)
        args.jobs = sorted({int(j) for j in args.jobs.split(",")})
        args.export_languages = tuple(
            lang.strip() for lang in args.export_languages.split(",") if lang.strip()
        )
    except ValueError as error:
        parser.error(str(error))
    return args


def _shown(path: Path) -> str:
    """A path relative to the repository when it is inside it (results.json is committed)."""
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


def earlier_results(path: Path, corpus: Path) -> dict[str, Any]:
    """The results file of an earlier run on the same corpus (else empty)."""
    try:
        earlier = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return earlier if earlier.get("corpus_path") in (str(corpus), _shown(corpus)) else {}


def kept_rows(earlier: dict[str, Any], stages: list[str]) -> list[Row]:
    """Rows of the stages not run now, from an earlier run on the same corpus."""
    names = {f.name for f in fields(Row)}
    return [
        Row(**{k: v for k, v in row.items() if k in names})
        for row in earlier.get("rows", [])
        if row.get("group") not in stages
    ]


def run_record(args: argparse.Namespace, load: list[float] | None, seconds: float) -> dict:
    """How one stage was last run: settings, when, how long, how busy the machine was."""
    return {
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "wall_seconds": round(seconds, 1),
        # Other processes share the machine: the load average says how much.
        "load_average_before_after": [load, _load()],
        "jobs": args.jobs,
        "sample_mb_per_format_language": args.sample_mb,
        "export_languages": list(args.export_languages),
        "repeat": args.repeat,
        "ingest_repeat": args.ingest_repeat,
        "memory_copies": args.memory_copies,
        "classify_n": args.classify_n,
        "classify_small_n": args.classify_small_n,
        "predict_n": args.predict_n,
        "classify_timeout_s": args.classify_timeout,
        "in_process": args.in_process,
        "lexicon": _shown(args.lexicon),
    }


def markdown(rows: list[Row]) -> str:
    """The table as Markdown, for benchmarks/README.md."""
    names = ["stage", "lang", "jobs", "MB", "MB/s", "passages/s", "peak RSS MB", "speed-up"]
    lines = ["| " + " | ".join([*names, "target", "result", "note"]) + " |", "|" + "---|" * 11]
    for row in rows:
        lines.append("| " + " | ".join(c.replace("|", "/") for c in _cells(row)) + " |")
    return "\n".join(lines)


def _cells(row: Row) -> list[str]:
    """A row's cells, in the column order of both tables (the printed one and the Markdown)."""
    return [
        row.stage,
        row.language,
        str(row.jobs),
        _number(row.mb),
        _number(row.mb_per_s, 2),
        _number(row.passages_per_s, 0),
        _number(row.peak_rss_mb, 0),
        "" if row.speedup is None else f"{row.speedup:.2f}x",
        row.target,
        row.status,
        row.note,
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        corpus = corpus_folder(args.data, args.size, args.seed)
    except FileExistsError as error:
        print(f"error: {error} (or pass a generated corpus with --data)", file=sys.stderr)
        return 2
    settings = Settings(
        corpus=corpus,
        work=work_folder(corpus),
        jobs=args.jobs,
        sample_bytes=int(args.sample_mb * MB),
        classify_n=args.classify_n,
        classify_small_n=args.classify_small_n,
        predict_n=args.predict_n,
        timeout=args.timeout,
        classify_timeout=args.classify_timeout,
        seed=args.seed,
        repeat=args.repeat,
        memory_copies=args.memory_copies,
        export_languages=args.export_languages,
        ingest_repeat=args.ingest_repeat,
        lexicon=args.lexicon.resolve(),
        in_process=args.in_process,
    )
    earlier = earlier_results(args.out, corpus)
    runs = {k: v for k, v in earlier.get("runs", {}).items() if k not in args.stages}
    rows: list[Row] = []
    for stage, run_stage in (
        ("ingest", ingest_stage), ("score", score_stage), ("classify", classify_stage)
    ):  # fmt: skip
        if stage in args.stages:
            load, start, first = _load(), time.perf_counter(), len(rows)
            run_stage(settings, rows)
            runs[stage] = run_record(args, load, time.perf_counter() - start)
            for row in rows[first:]:
                row.measured = runs[stage]["measured"]
    rows = [*kept_rows(earlier, args.stages), *rows]
    rows.sort(key=lambda r: STAGES.index(r.group) if r.group in STAGES else len(STAGES))
    info = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": machine(),
        "corpus": json.loads((corpus / "corpus.json").read_text("utf-8")),
        "corpus_path": _shown(corpus),
        "runs": {stage: runs[stage] for stage in STAGES if stage in runs},
    }
    render(rows, info)
    if args.markdown:
        print(markdown(rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {**info, "rows": [r.to_dict() for r in rows]}
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
