"""Keyword in context and lexicon coverage, in Python and on the command line."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.corpus.corpus import Corpus
from framing.errors import LexiconError
from framing.lexicon.coverage import COVERAGE_COLUMNS, coverage
from framing.lexicon.kwic import KWIC_COLUMNS, kwic
from framing.lexicon.model import Entry, Frame, Lexicon
from framing.schema import DOCUMENT_COLUMNS, PASSAGE_COLUMNS
from framing.text.tokens import count_tokens

PASSAGES = [
    # passage_id, doc_id, outlet, language, text
    (
        "a1",
        "A",
        "hespress.com",
        "en",
        "Police in Rabat dismantled a terrorist cell on Monday night.",
    ),
    ("a2", "A", "hespress.com", "en", "The war on terror rhetoric of the 2000s has faded."),
    ("b1", "B", "le360.ma", "fr", "Les services ont démantelé une cellule terroriste à Tanger."),
    (
        "c1",
        "C",
        "alyaoum24.com",
        "ar",
        "نجحت الأجهزة في تفكيك خلية إرهابية وتعزيز الأمن في المنطقة.",
    ),
    ("c2", "C", "alyaoum24.com", "ar", "وأشاد المسؤول بجهود مكافحة الإرهاب."),
]


def lexicon() -> Lexicon:
    threat = Frame(
        "threat",
        "Threat",
        entries={
            "en": [
                Entry("terror*", "glob"),
                Entry("terrorist cell", "phrase"),
                Entry("cybercrime"),
            ],
            "fr": [Entry("terroris*", "glob")],
            "ar": [Entry("إرهاب*", "glob"), Entry("الإرهاب"), Entry("خلية")],
        },
        exclusions={"en": [Entry("war on terror", "phrase")]},
    )
    security = Frame("security", "Security", entries={"ar": [Entry("أمن")]})
    return Lexicon("kwic-test", languages=["en", "fr", "ar"], frames=[threat, security])


def passages() -> pd.DataFrame:
    return pd.DataFrame(PASSAGES, columns=["passage_id", "doc_id", "outlet", "language", "text"])


# -- kwic ----------------------------------------------------------------------------------------


def test_kwic_lines_with_token_context():
    lines = kwic(passages(), lexicon(), "threat", window=3)
    assert list(lines.columns) == list(KWIC_COLUMNS)
    first = lines.iloc[0]
    assert (first.doc_id, first.passage_id, first.outlet, first.language) == (
        "A",
        "a1",
        "hespress.com",
        "en",
    )
    assert (first.left, first.match, first.right) == (
        "Rabat dismantled a",
        "terrorist cell",
        "on Monday night",
    )
    assert first.entry == "terrorist cell"


def test_kwic_counts_only_the_matches_scores_count():
    lines = kwic(passages(), lexicon(), "threat")
    # "war on terror" is an exclusion: a2 has no line.
    assert lines["passage_id"].tolist() == ["a1", "b1", "c1", "c1", "c2"]
    assert lines["match"].tolist() == ["terrorist cell", "terroriste", "خلية", "إرهابية", "الإرهاب"]


def test_kwic_arabic_context_is_in_logical_order():
    lines = kwic(passages(), lexicon(), "threat", window=2, language="ar")
    row = lines.iloc[1]
    assert (row.left, row.match, row.right) == ("تفكيك خلية", "إرهابية", "وتعزيز الأمن")
    text = passages().set_index("passage_id").loc["c1", "text"]
    assert f"{row.left} {row.match} {row.right}" in text


def test_kwic_character_window_limit_and_language():
    lines = kwic(passages(), lexicon(), "threat", window=6, unit="chars", limit=2)
    assert len(lines) == 2
    assert (lines.iloc[1].left, lines.iloc[1].right) == ("llule", "à Tan")
    assert kwic(passages(), lexicon(), "threat", language="fr")["language"].tolist() == ["fr"]
    with pytest.raises(ValueError):
        kwic(passages(), lexicon(), "threat", unit="lines")
    with pytest.raises(KeyError):
        kwic(passages(), lexicon(), "no_such_frame")


def test_kwic_without_outlet_column():
    lines = kwic(passages().drop(columns="outlet"), lexicon(), "security")
    assert lines["outlet"].tolist() == [""]
    assert lines["match"].tolist() == ["الأمن"]


# -- coverage ------------------------------------------------------------------------------------


def test_coverage_counts_each_entry_and_flags_the_unused():
    table = coverage(passages(), lexicon())
    assert list(table.columns) == list(COVERAGE_COLUMNS)
    rows = table.set_index(["frame", "language", "role", "entry"])
    glob = rows.loc[("threat", "en", "entry", "terror*")]
    # "terrorist" is inside the longer "terrorist cell"; "terror" is excluded.
    assert (glob.matches, glob.raw_matches, glob.never_matched) == (0, 2, False)
    phrase = rows.loc[("threat", "en", "entry", "terrorist cell")]
    assert (phrase.matches, phrase.passages, phrase.documents) == (1, 1, 1)
    unused = rows.loc[("threat", "en", "entry", "cybercrime")]
    assert (unused.matches, unused.raw_matches, bool(unused.never_matched)) == (0, 0, True)
    exclusion = rows.loc[("threat", "en", "exclusion", "war on terror")]
    assert exclusion.matches == 1
    arabic = rows.loc[("threat", "ar", "entry", "إرهاب*")]
    assert (arabic.matches, arabic.passages, arabic.documents) == (2, 2, 1)
    # Same span as the glob listed before it: shadowed, so counted for the glob only.
    shadowed = rows.loc[("threat", "ar", "entry", "الإرهاب")]
    assert (shadowed.matches, shadowed.raw_matches) == (0, 1)
    assert rows.loc[("security", "ar", "entry", "أمن")].language_passages == 2


def test_coverage_rows_follow_the_lexicon_order():
    table = coverage(passages(), lexicon())
    assert table["frame"].tolist()[0] == "threat" and table["frame"].tolist()[-1] == "security"
    threat = table[table["frame"] == "threat"]
    assert threat["role"].tolist()[-1] == "exclusion"


# -- commands ------------------------------------------------------------------------------------


def write_corpus(path) -> None:
    frame = passages()
    docs = []
    rows = []
    for doc_id, group in frame.groupby("doc_id", sort=True):
        texts = group["text"].tolist()
        start = 0
        for index, (pid, text) in enumerate(zip(group["passage_id"], texts, strict=True)):
            rows.append((pid, doc_id, index, start, start + len(text), text,
                         group["language"].iloc[0], count_tokens(text)))  # fmt: skip
            start += len(text) + 2
        docs.append(
            {
                "doc_id": doc_id,
                "source_path": f"{doc_id}.txt",
                "source_format": "text",
                "outlet": group["outlet"].iloc[0],
                "via_outlet": "",
                "language": group["language"].iloc[0],
                "date": "2026-02",
                "date_precision": "month",
                "title": "",
                "url": "",
                "text": "\n\n".join(texts),
                "dup_cluster": "",
                "metadata": "{}",
            }
        )
    Corpus(
        documents=pd.DataFrame(docs, columns=list(DOCUMENT_COLUMNS)),
        passages=pd.DataFrame(rows, columns=list(PASSAGE_COLUMNS)),
    ).write(path)


LEXICON_YAML = """\
name: kwic-cli
version: '1.0'
languages: [en, fr, ar]
frames:
  - id: threat
    label: Threat
    entries:
      en: [terror*, cybercrime]
      fr: [terroris*]
      ar: [الإرهاب, خلية]
"""


@pytest.fixture
def corpus_and_lexicon(tmp_path):
    write_corpus(tmp_path / "corpus")
    path = tmp_path / "lex.yaml"
    path.write_text(LEXICON_YAML, encoding="utf-8")
    return tmp_path / "corpus", path


def test_cli_kwic_prints_and_writes_csv(corpus_and_lexicon, tmp_path):
    corpus, lex = corpus_and_lexicon
    out = tmp_path / "kwic.csv"
    result = CliRunner().invoke(
        app, ["kwic", str(corpus), "-l", str(lex), "-f", "threat", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "hespress.com" in result.output and "le360.ma" in result.output
    csv = pd.read_csv(out)
    assert csv["match"].tolist() == ["terrorist", "terror", "terroriste", "خلية", "الإرهاب"]
    # The CSV keeps Arabic in logical order; the terminal shows it reordered.
    assert "الإرهاب" in csv["match"].tolist()
    assert "الإرهاب"[::-1] in result.output


def test_cli_kwic_no_bidi_prints_logical_order(corpus_and_lexicon):
    corpus, lex = corpus_and_lexicon
    args = ["kwic", str(corpus), "-l", str(lex), "-f", "threat", "--language", "ar"]
    result = CliRunner().invoke(app, [*args, "--no-bidi"])
    assert result.exit_code == 0, result.output
    assert "الإرهاب" in result.output and "الإرهاب"[::-1] not in result.output


def test_cli_kwic_language_and_limit(corpus_and_lexicon):
    corpus, lex = corpus_and_lexicon
    result = CliRunner().invoke(
        app,
        ["kwic", str(corpus), "-l", str(lex), "-f", "threat", "--language", "en", "--limit", "1"],
    )
    assert result.exit_code == 0, result.output
    assert "1 line(s)" in result.output


def test_cli_kwic_unknown_frame(corpus_and_lexicon):
    corpus, lex = corpus_and_lexicon
    result = CliRunner().invoke(app, ["kwic", str(corpus), "-l", str(lex), "-f", "nope"])
    assert isinstance(result.exception, LexiconError)
    assert "threat" in str(result.exception)


def test_cli_lexicon_coverage(corpus_and_lexicon, tmp_path):
    corpus, lex = corpus_and_lexicon
    out = tmp_path / "coverage.csv"
    result = CliRunner().invoke(
        app, ["lexicon", "coverage", str(corpus), "-l", str(lex), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 of 5 entries never matched" in result.output
    table = pd.read_csv(out)
    assert table.loc[table["entry"] == "cybercrime", "never_matched"].item()
    assert table.loc[table["entry"] == "terror*", "matches"].item() == 2
