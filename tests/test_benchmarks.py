"""The benchmark corpus generator, the baseline matchers and the harness (no timing asserts)."""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from datetime import date, datetime
from fnmatch import fnmatchcase
from itertools import pairwise
from pathlib import Path
from textwrap import dedent

import pandas as pd
import pytest

from framing.lexicon.model import Entry, Frame, Lexicon

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmarks/ is a folder of the repository, not installed

from benchmarks import generate as gen  # noqa: E402
from benchmarks import run as harness  # noqa: E402
from benchmarks.baselines import AhoCorasickBaseline, RegexBaseline  # noqa: E402

TINY_LEXICON = dedent(
    """\
    name: bench_tiny
    version: 0.1.0
    languages: [en, fr, ar]
    frames:
      - id: threat
        label: Threat
        entries:
          en: [terroris*, {pattern: armed groups, weight: 2}, trafficking]
          fr: [terroris*, groupes armés, {pattern: démantèlement, weight: 0.5}]
          ar: [إرهاب*, الجماعات المسلحة, {pattern: تفكيك, weight: 0.5}]
      - id: cooperation
        label: Cooperation
        entries:
          en: [security cooperation, exchange of information, joint operation*]
          fr: [coopération sécuritaire, échange d'informations, opération* conjointe*]
          ar: [التعاون الأمني, تبادل المعلومات]
    """
)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- the generator -----------------------------------------------------------------------------


def test_parse_size_reads_decimal_and_binary_units():
    assert gen.parse_size("1GB") == 1_000_000_000
    assert gen.parse_size("200 mb") == 200_000_000
    assert gen.parse_size("1.5KiB") == 1536
    with pytest.raises(ValueError, match="not a size"):
        gen.parse_size("lots")


def test_generator_is_deterministic_for_a_seed(tmp_path):
    first = gen.generate(tmp_path / "a", 80_000, seed=7)
    again = gen.generate(tmp_path / "b", 80_000, seed=7)
    other = gen.generate(tmp_path / "c", 80_000, seed=8)
    files = _files(tmp_path / "a")
    assert files == _files(tmp_path / "b")
    assert files != _files(tmp_path / "c")
    assert first.to_dict() == again.to_dict() != other.to_dict()
    # The size asked for is reached, counted exactly, with every format and language present.
    articles = sum(len(v) for k, v in files.items() if k not in ("manifest.csv", "corpus.json"))
    assert articles == first.bytes_written >= 80_000
    assert all(cell.articles >= 1 for cell in first.cells.values())
    with pytest.raises(FileExistsError):
        gen.generate(tmp_path / "a", 10_000)


def test_generator_writes_valid_text_wordpress_and_jsonl_inputs(tmp_path):
    out = tmp_path / "corpus"
    summary = gen.generate(out, 150_000, seed=1)
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = sorted(p.relative_to(out).as_posix() for p in (out / "text").rglob("*.txt"))
    assert [r["file"] for r in sorted(rows, key=lambda r: r["file"])] == texts
    for row in rows:
        assert row["language"] == Path(row["file"]).parts[1]
        assert row["outlet"].endswith(".example")
        date.fromisoformat(row["date"])
        title, blank, first = (out / row["file"]).read_text("utf-8").split("\n")[:3]
        assert title and blank == "" and first
    posts = 0
    for page in (out / "wordpress").rglob("*.json"):
        items = json.loads(page.read_text("utf-8"))
        assert 1 <= len(items) <= gen.POSTS_PER_PAGE
        for post in items:
            posts += 1
            assert re.fullmatch(r"https://[a-z-]+\.example/\d{4}/\d\d/\d\d/.+-\d+/", post["link"])
            assert post["title"]["rendered"]
            rendered = post["content"]["rendered"]
            assert rendered.startswith("<p>") and rendered.endswith("</p>\n")
            datetime.fromisoformat(post["date"])
    records = []
    for part in (out / "jsonl").rglob("*.jsonl"):
        for line in part.read_text("utf-8").splitlines():
            record = json.loads(line)
            assert set(record) == {"title", "text", "outlet", "date", "language", "url"}
            assert record["language"] == part.parent.name
            records.append(record)
    cells = summary.to_dict()["cells"]
    counts = {(c["format"], c["language"]): c["articles"] for c in cells}
    assert len(rows) == sum(n for (fmt, _), n in counts.items() if fmt == "text")
    assert posts == sum(n for (fmt, _), n in counts.items() if fmt == "wordpress")
    assert len(records) == sum(n for (fmt, _), n in counts.items() if fmt == "jsonl")
    assert json.loads((out / "corpus.json").read_text("utf-8"))["bytes_written"] >= 150_000


def _article_texts(language: str, n: int) -> list[str]:
    rng = random.Random(0)
    book = gen.PHRASEBOOKS[language]
    articles = [book.article(rng, date(2025, 5, 1)) for _ in range(n)]
    return [t for a in articles for t in (a.title, *a.paragraphs)]


def test_arabic_has_clitics_and_orthographic_variants():
    text = "\n".join(_article_texts("ar", 300))
    assert "،" in text and "ـ" in text  # Arabic comma, tatweel
    assert "ً" in text  # tanwin
    assert re.search("[٠-٩]", text)  # Arabic-Indic digits
    assert "الامن" in text and "الأمن" in text  # alef with and without hamza
    words = set(re.findall(r"\w+", text))
    assert any(w.endswith("ة") and w[:-1] + "ه" in words for w in words)  # ة written ه
    assert re.search(r"\bبال\w+", text) and re.search(r"\bوال\w+", text)  # clitics


def test_french_has_accents_and_elisions_in_both_apostrophes():
    text = "\n".join(_article_texts("fr", 200))
    assert re.search(r"\b[dl]'[aeéiou]", text) and re.search(r"\b[dl]’[aeéiou]", text)
    assert all(c in text for c in "éèàçê")
    assert "\u202f" in text  # narrow no-break space before % and :


def test_a_minority_of_articles_are_security_diplomacy():
    rng = random.Random(3)
    for book in gen.PHRASEBOOKS.values():
        framed = [book.article(rng, date(2024, 1, 1)).framed for _ in range(400)]
        assert 0.2 < sum(framed) / len(framed) < 0.5


def test_bundled_lexicon_fires_on_a_minority_of_generated_passages():
    scoring = pytest.importorskip("framing.lexicon.scoring")
    try:
        lexicon = scoring.load_lexicon_file(ROOT / "lexicons" / "security_diplomacy.yaml")
    except Exception as error:  # the lexicon reader belongs to another area
        pytest.skip(f"the bundled lexicon does not load here: {error}")
    texts = {language: _article_texts(language, 120) for language in gen.PHRASEBOOKS}
    passages = pd.DataFrame(
        [
            {"passage_id": f"{language}{i}", "doc_id": "d", "text": text, "language": language}
            for language, items in texts.items()
            for i, text in enumerate(t for t in items if len(t) > 80)
        ]
    )
    scores = scoring.score_passages(passages, lexicon)
    present = scores.groupby("passage_id")["present"].any()
    shares = present.groupby(present.index.str[:2]).mean()
    assert set(shares.index) == {"en", "fr", "ar"}
    assert ((shares > 0.05) & (shares < 0.5)).all(), shares.to_dict()


# -- the baselines -----------------------------------------------------------------------------


def _lexicon() -> Lexicon:
    return Lexicon(
        "ref",
        languages=["en", "fr", "ar"],
        frames=[
            Frame(
                "threat",
                "Threat",
                entries={
                    "en": [Entry("terror*", "glob"), Entry("armed group", "phrase")],
                    "fr": [Entry("groupes armés", "phrase")],
                    "ar": [Entry("الإرهاب")],
                },
            ),
            Frame(
                "cooperation",
                "Cooperation",
                entries={
                    "en": [Entry("radicali?ed", "glob"), Entry("interpol")],
                    "fr": [Entry("coopération sécuritaire", "phrase")],
                    "ar": [Entry("التعاون الأمني", "phrase")],
                },
            ),
        ],
    )


def _reference_words(lexicon: Lexicon, language: str, text: str) -> set[tuple[str, int, int]]:
    """Entries matched token by token with fnmatch, words one space apart."""
    lowered = text.lower()
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\w+", lowered)]
    found = set()
    for frame in lexicon.frames:
        for entry in frame.entries.get(language, []):
            words = entry.pattern.lower().split()
            for i in range(len(tokens) - len(words) + 1):
                window = tokens[i : i + len(words)]
                spaced = all(lowered[a[2] : b[1]] == " " for a, b in pairwise(window))
                if spaced and all(fnmatchcase(t[0], w) for t, w in zip(window, words, strict=True)):
                    found.add((frame.id, window[0][1], window[-1][2]))
    return found


def _reference_literals(lexicon: Lexicon, language: str, text: str) -> list[tuple[str, int, int]]:
    """Every occurrence of every literal (glob characters dropped), overlapping ones too."""
    lowered = text.lower()
    literals = {
        e.pattern.lower().replace("*", "").replace("?", "")
        for f in lexicon.frames
        for e in f.entries.get(language, [])
    }
    found = []
    for literal in literals:
        start = lowered.find(literal)
        while start != -1:
            found.append((literal, start, start + len(literal)))
            start = lowered.find(literal, start + 1)
    return sorted(found)


CASES = [
    (
        "en",
        "Police said the armed group was radicalized online. Terrorists and a terror "
        "cell were found; Interpol helped. Counterterrorism units and an Armed  group.",
    ),
    (
        "fr",
        "La coopération sécuritaire avec les groupes armés ? Non : la Coopération Sécuritaire, "
        "pas la cooperation securitaire ni les groupes-armés.",
    ),
    ("ar", "وأكد أن التعاون الأمني ضروري لمكافحة الإرهاب، وأن مكافحة الارهاب وبالإرهاب مستمرة."),
]


@pytest.mark.parametrize(("language", "text"), CASES)
def test_regex_baseline_finds_what_the_reference_finds(language, text):
    lexicon = _lexicon()
    baseline = RegexBaseline(lexicon, language)
    found = baseline.find(text)
    assert set(found) == _reference_words(lexicon, language, text)
    assert len(found) == len(set(found))
    counts = baseline.count([text, ""])
    assert counts.shape == (2, len(baseline.frames))
    for column, frame in enumerate(baseline.frames):
        assert counts[0, column] == sum(1 for f, _, _ in found if f == frame)
    assert counts[1].sum() == 0


@pytest.mark.parametrize(("language", "text"), CASES)
def test_aho_corasick_baseline_finds_what_the_reference_finds(language, text):
    lexicon = _lexicon()
    baseline = AhoCorasickBaseline(lexicon, language)
    found = sorted(baseline.find(text))
    assert found == _reference_literals(lexicon, language, text)
    assert baseline.count([text, "nothing here"]).tolist() == [len(found), 0]


def test_baselines_are_naive_about_folding_and_word_boundaries():
    lexicon = _lexicon()
    text = CASES[0][1]
    # "Counterterrorism" is a word of its own for the regex, a hit for the bare scan.
    at = text.index("Counterterrorism")
    assert all(start != at + 7 for _, start, _ in RegexBaseline(lexicon, "en").find(text))
    assert ("terror", at + 7, at + 13) in AhoCorasickBaseline(lexicon, "en").find(text)
    # No accent or alef folding: only the spelling of the entry matches.
    assert len(RegexBaseline(lexicon, "fr").find(CASES[1][1])) == 3
    arabic = AhoCorasickBaseline(lexicon, "ar").find(CASES[2][1])
    assert [s for s, _, _ in arabic].count("الإرهاب") == 2  # not the bare-alef spelling


# -- the harness -------------------------------------------------------------------------------


def test_one_measurement_runs_in_a_process_of_its_own(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = [CASES[0][1], "Nothing to see.", CASES[0][1].upper()]
    pd.DataFrame(
        {
            "passage_id": ["p1", "p2", "p3"],
            "doc_id": ["d1", "d1", "d2"],
            "text": texts,
            "language": "en",
        }
    ).to_parquet(corpus / "passages.parquet")
    lexicon = tmp_path / "tiny.yaml"
    lexicon.write_text(TINY_LEXICON, "utf-8")
    spec = {
        "stage": "aho_corasick",
        "corpora": [str(corpus)],
        "language": "en",
        "lexicon": str(lexicon),
    }
    result = harness.measure(spec, timeout=120)
    if result["status"] == "not available":
        pytest.skip(result["reason"])
    assert result["status"] == "ok", result
    assert result["passages"] == 3
    assert result["text_bytes"] == sum(len(t.encode()) for t in texts)
    assert result["hits"] == 2 * len(AhoCorasickBaseline(_tiny(), "en").find(texts[0]))
    assert result["peak_rss_mb"] > 10


def _tiny() -> Lexicon:
    """The English entries of TINY_LEXICON."""
    threat = [Entry("terroris*", "glob"), Entry("armed groups", "phrase", 2), Entry("trafficking")]
    cooperation = [
        Entry("security cooperation", "phrase"),
        Entry("exchange of information", "phrase"),
        Entry("joint operation*", "glob"),
    ]
    return Lexicon(
        "tiny",
        languages=["en"],
        frames=[
            Frame("threat", "Threat", entries={"en": threat}),
            Frame("cooperation", "Cooperation", entries={"en": cooperation}),
        ],
    )


def test_harness_runs_end_to_end_on_a_tiny_corpus(tmp_path, capsys, monkeypatch):
    lexicon = tmp_path / "tiny.yaml"
    lexicon.write_text(TINY_LEXICON, "utf-8")
    results = tmp_path / "results.json"
    common = [
        "--data", str(tmp_path / "corpus"), "--size", "90KB", "--sample-mb", "0.02",
        "--jobs", "1", "--repeat", "1", "--ingest-repeat", "2", "--memory-copies", "2",
        "--classify-n", "150",
        "--classify-small-n", "0", "--predict-n", "30", "--lexicon", str(lexicon),
        "--in-process", "--out", str(results),
    ]  # fmt: skip
    assert harness.main(common) == 0
    assert "framing benchmarks" in capsys.readouterr().out
    payload = json.loads(results.read_text("utf-8"))
    assert payload["machine"]["nproc"] >= 1 and payload["machine"]["python"]
    assert payload["corpus"]["bytes_written"] >= 90_000
    rows = payload["rows"]
    stages = {r["stage"] for r in rows}
    assert {f"ingest {fmt}" for fmt in gen.FORMATS} <= stages
    # Each language's largest JSON Lines export, ingested whole.
    exports = [r for r in rows if r["stage"] == "ingest jsonl export"]
    assert sorted(r["language"] for r in exports) == ["ar", "en", "fr"]
    assert all(r["passages"] and r["mb"] > 0 for r in exports)
    ingests = [r for r in rows if r["stage"].startswith("ingest") and r["seconds"]]
    assert ingests and all(len(r["detail"]["all_seconds"]) == 2 for r in ingests)  # fastest of 2
    assert all(abs(r["seconds"] - min(r["detail"]["all_seconds"])) < 1e-3 for r in ingests)
    assert {"score (toolkit)", "naive regex", "bare Aho-Corasick"} <= stages
    assert {"score_corpus x1", "score_corpus x2"} <= stages
    assert {"classify train", "classify predict"} <= stages
    allowed = {"PASS", "FAIL", "PASS (estimate)", "FAIL (estimate)", "not measured", ""}
    for row in rows:
        assert row["status"] in allowed
        # Every row has numbers or says why not.
        assert row["seconds"] is not None or row["note"], row
    ingested = {
        (r["language"], r["stage"]): r["passages"] for r in rows if r["stage"].startswith("ingest")
    }
    for language in ("en", "fr", "ar"):
        per_format = [ingested.get((language, f"ingest {fmt}")) for fmt in gen.FORMATS]
        scored = [r for r in rows if r["stage"] == "naive regex" and r["language"] == language]
        if None not in per_format:  # ingest works: the baselines scored exactly its passages
            assert scored[0]["passages"] == sum(per_format)
            assert scored[0]["mb"] > 0
    sizes = {r["stage"]: r["passages"] for r in rows if r["stage"].startswith("score_corpus")}
    if None not in sizes.values():  # the big corpus is the ingested one twice over
        assert sizes["score_corpus x2"] == 2 * sizes["score_corpus x1"] > 0
    # A later run of one stage keeps the other stages' rows of the same corpus.
    assert harness.main([*common, "--stages", "classify"]) == 0
    again = json.loads(results.read_text("utf-8"))["rows"]
    assert [r["stage"] for r in again if r["group"] != "classify"] == [
        r["stage"] for r in rows if r["group"] != "classify"
    ]
    # An API that is missing makes its rows "not available"; the rest is still measured.
    from benchmarks import measure

    real_api = measure.api

    def without_scoring(module, name):
        if name in ("score_passages", "score_corpus"):
            raise measure.Unavailable(f"{module}.{name} does not exist")
        return real_api(module, name)

    monkeypatch.setattr(measure, "api", without_scoring)
    assert harness.main([*common, "--stages", "score"]) == 0
    scored = [r for r in json.loads(results.read_text("utf-8"))["rows"] if r["group"] == "score"]
    toolkit = [r for r in scored if r["stage"] == "score (toolkit)"]
    assert len(toolkit) == 3
    assert all(r["note"].startswith("not available: ") for r in toolkit)
    assert all(r["status"] == "not measured" for r in toolkit)
    if None not in ingested.values():
        baselines = [r for r in scored if r["stage"] in ("naive regex", "bare Aho-Corasick")]
        assert len(baselines) == 6 and all(r["seconds"] is not None for r in baselines)


def test_memory_target_is_measured_on_a_2_gb_corpus_and_estimated_below():
    from benchmarks import run

    big = run.Row("score_corpus x85", mb=2002.0, peak_rss_mb=1610.0, detail={})
    run._memory_target(big, [(23.6, 450.0), (2002.0, 1610.0)])
    assert big.status == "FAIL" and "measured on 2.00 GB" in big.note
    small = run.Row("score_corpus x16", mb=377.0, peak_rss_mb=493.0, detail={})
    run._memory_target(small, [(23.6, 450.0), (377.0, 493.0)])
    # The line through the two sizes: 450 + 0.1217 MB/MB, about 0.69 GB at 2 GB.
    assert small.status == "PASS (estimate)"
    assert abs(small.detail["estimated_peak_mb_at_2gb"] - 690.5) < 1.0
