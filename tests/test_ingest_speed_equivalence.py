"""The fast paths of ingestion give exactly what the plain ones give.

Ingestion was made faster without changing a byte of the corpus it writes.
Each fast path is checked here against a plain reference written in the test
(what the code did before), on realistic articles in English, French and
Arabic: MinHash band keys (part of the determinism contract), the word
tokens of shingles, the language model's feature counts, the screened
boilerplate rules, decoding repairs, reader helpers and path resolution.
"""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from dedup_reference import reference_band_keys
from hypothesis import given, settings
from hypothesis import strategies as st
from langid_reference import reference_counts
from scale_samples import PARAGRAPHS, write_articles

from framing.corpus import boilerplate, dedup, language, language_model
from framing.corpus.decode import _repair_cp1256_mojibake, decode_bytes
from framing.corpus.inputs import PathResolver
from framing.corpus.readers.columns import _squash, split_cell_paragraphs
from framing.corpus.readers.jsonl import exceeds_depth
from framing.corpus.readers.table import sniff_delimiter
from framing.corpus.readers.text import text_blocks
from framing.text.normalize import APOSTROPHES, normalize_token
from framing.text.tokens import WORD_RE, count_tokens, words

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Articles as the pipeline sees them: paragraphs joined by blank lines, with the
# kinds of text that test the edges (short texts, underscores, marks, digits).
ARTICLES = {lang: "\n\n".join(paragraphs) for lang, paragraphs in PARAGRAPHS.items()}
EDGE_TEXTS = [
    "",
    "Rabat",
    "Rabat, lundi.",
    "four words only here",
    "snake_case names and __dunder__ words_with_underscores in a sentence",
    "الأمـــن الوطنـيّ، والتعاونُ الأمنيُّ بين البلدين",
    "Café, naïveté et coopération sécuritaire : l’accord signé à Fès",
    "٢٠٢٦ — 42 % — 3,5 millions",
    "RABAT A ACCUEILLI LA RÉUNION DES MINISTRES",
]


def _texts() -> list[str]:
    texts = [*ARTICLES.values(), *EDGE_TEXTS]
    for paragraphs in PARAGRAPHS.values():
        texts.extend(paragraphs)
        # A republished copy: the same story, lightly edited.
        texts.append("\n\n".join(p.replace(" the ", " a ") for p in paragraphs[:5]))
    if SEEDS.is_dir():
        texts.extend(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return texts


# --- near-duplicates --------------------------------------------------------------------------


def _reference_shingles(text: str, size: int = 5) -> np.ndarray:
    """One text at a time, as before: WORD_RE tokens, CRC-32, polynomial windows, np.unique."""
    tokens = WORD_RE.findall(text)
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    ids = np.asarray(
        [zlib.crc32(normalize_token(t).encode("utf-8")) for t in tokens], dtype=np.uint64
    )
    n = max(1, len(ids) - size + 1)
    combined = np.zeros(n, dtype=np.uint64)
    for offset in range(min(size, len(ids))):
        combined = combined * np.uint64(1_000_003) + ids[offset : offset + n]
    return np.unique(combined & np.uint64(0xFFFFFFFF))


def _reference_band_keys(text: str) -> np.ndarray:
    return reference_band_keys(_reference_shingles(text))


def _same_arrays(left: list[np.ndarray], right: list[np.ndarray]) -> bool:
    return len(left) == len(right) and all(
        x.dtype == y.dtype and x.shape == y.shape and bool((x == y).all())
        for x, y in zip(left, right, strict=True)
    )


def test_batched_band_keys_equal_one_text_at_a_time_in_three_languages(monkeypatch):
    texts = _texts()
    expected = [_reference_band_keys(t) for t in texts]
    assert _same_arrays(dedup.band_keys_of_texts(texts), expected)
    assert _same_arrays([dedup.band_keys(t) for t in texts], expected)
    monkeypatch.setattr(dedup, "_BATCH_TEXTS", 3)  # batches cut anywhere: the same keys
    assert _same_arrays(dedup.band_keys_of_texts(texts), expected)
    assert sum(len(k) == 0 for k in expected) == 1  # only the empty text has no keys


def test_batched_shingles_equal_one_text_at_a_time(monkeypatch):
    texts = _texts()
    for size in (5, 3, 1):
        expected = [_reference_shingles(t, size) for t in texts]
        assert _same_arrays(dedup.shingles_of_batch(texts, size), expected)
    monkeypatch.setattr(dedup, "_BATCH_TEXTS", 2)  # the texts span several batches
    sets, keys = dedup.shingles_and_band_keys(texts)
    assert _same_arrays(sets, [_reference_shingles(t) for t in texts])
    assert keys.shape == (len(texts), dedup.BANDS) and keys.dtype == np.uint64
    for hashes, row, expected in zip(sets, keys, map(_reference_band_keys, texts), strict=True):
        # A text without words has no keys: its row is zeros.
        assert len(expected) == (dedup.BANDS if len(hashes) else 0)
        assert row.tolist() == (expected.tolist() if len(hashes) else [0] * dedup.BANDS)


def test_lightly_edited_copies_cluster_in_every_language():
    for lang, paragraphs in PARAGRAPHS.items():
        story = "\n\n".join(paragraphs[:6])
        copy = "\n\n".join([*paragraphs[:6], paragraphs[6][:40]])  # one more line, cut
        other = "\n\n".join(paragraphs[6:])
        labels = dedup.near_duplicate_clusters(["b", "a", "c"], [story, copy, other])
        assert labels == ["dup-a", "dup-a", ""], lang


_WORDISH = st.text(
    alphabet=st.sampled_from([*"ab Zé_-'’ \n\t1٣", "\u064e", "\u0301", "ـ", "ص", "ß"]),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_WORDISH)
def test_fast_words_are_the_tokens_of_word_re(text):
    assert words(text) == WORD_RE.findall(text)
    assert count_tokens(text) == len(WORD_RE.findall(text))


# --- language identification ------------------------------------------------------------------


_reference_counts = reference_counts


@pytest.mark.parametrize("cells", [language_model.WALK_CELLS, 4_000])
def test_feature_counts_equal_py3langids_walk_however_texts_are_chunked(monkeypatch, cells):
    texts = [*_texts(), *[p for ps in PARAGRAPHS.values() for p in ps]]
    monkeypatch.setattr(language_model, "WALK_CELLS", cells)  # 4,000: small chunks, walked
    counts = language_model.language_model()._counts(
        [language_model.encode(t) for t in texts]
    )  # partly in Python (chunks under MIN_VECTOR_BATCH pieces' bytes), partly with NumPy
    expected = _reference_counts(texts)
    assert counts.has_canonical_format
    assert (counts.indptr == expected.indptr).all()
    assert (counts.indices == expected.indices).all()
    assert (counts.data == expected.data).all() and counts.data.dtype == np.float32


def test_language_guesses_do_not_depend_on_the_batch():
    texts = _texts()
    together = language.detect_languages(texts)
    assert together == [language.detect_language(t) for t in texts]
    assert [g.code for g in together[:3]] == ["en", "fr", "ar"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab é1_ -.\n", "\u064e", "ص", "٣"]), max_size=60))
def test_enough_letters_is_a_count_of_letters(text):
    enough = language._ENOUGH_LETTERS.match(text) is not None
    assert enough == (len(language.letters_of(text)) >= language.MIN_LETTERS)


# --- boilerplate ------------------------------------------------------------------------------

BOILERPLATE_LINES = [
    "Leave a Reply",
    "Share on Facebook",
    "© 2026 Le Courrier du Détroit",
    "All rights reserved. Reproduction of this article is not allowed.",
    "Get the Strait Observer app",
    "Available on the App Store and Google Play",
    "Tous droits réservés",
    "Application disponible sur l’App Store",
    "جميع الحقوق محفوظة للموقع",
    "التطبيق متوفر الآن على جوجل بلاي",
    "Home > World > Africa",
    "Accueil › Monde › Maghreb",
    "Read also: Ministers agree on joint patrols",
    "À lire aussi : la visite du directeur général",
    "اقرأ أيضاً: زيارة المدير العام إلى الرياض",
    "Tags: security, migration",
    "Mots-clés : sécurité, migration",
    "الوسوم: الأمن، الهجرة",
    "Photo: Reuters",
    "Follow us on Twitter",
    "----",
    "Menu",
    "Newsletter",
    "Your email address will not be published. Required fields are marked *",
]


def _reference_rule(line: str, body: bool) -> str | None:
    """The rules tried one by one, as before the screens."""
    words = len(line.split())
    if words > boilerplate.NOTICE_MAX_WORDS:
        return None
    key = boilerplate.normalize_line(line)
    short = not body and words <= boilerplate.SHORT_LINE_WORDS
    for rule in boilerplate.RULES:
        if (rule.notice or short) and rule.pattern.search(key):
            return rule.label
    return None


def test_screened_rules_give_the_labels_of_the_rules_tried_one_by_one():
    lines = list(BOILERPLATE_LINES)
    for paragraphs in PARAGRAPHS.values():
        lines.extend(paragraphs)
        lines.extend(f"{p} All rights reserved." for p in paragraphs[:2])  # notice in a body
    lines.extend(f"{a} {b}" for a in BOILERPLATE_LINES[:8] for b in BOILERPLATE_LINES[8:16])
    matched = 0
    for line in lines:
        for body in (False, True):
            label = boilerplate.match_line_rule(line, body=body)
            assert label == _reference_rule(line, body), (line, body)
            matched += label is not None
    assert matched > len(BOILERPLATE_LINES)  # the screens let the matching lines through


@pytest.mark.parametrize(
    ("pattern", "flags", "shape"),
    [
        (r"^leave a (reply|comment)\b", 0, (True, "leave a ")),
        (r"^(home|accueil)\s*[›»>|/]", 0, (True, "")),
        (r"^a|b", 0, (False, "")),  # the anchor is one branch's only
        (r"\ball rights reserved\b", 0, (False, "all rights reserved")),
        (r"(جميع|كل) الحقوق محفوظه", 0, (False, " الحقوق محفوظه")),
        (r"\b(app store|google play)\b", 0, (False, "")),
        (r"^copyright", re.IGNORECASE, (False, "")),  # "Copyright" matches: no literal
    ],
)
def test_a_rule_is_screened_by_its_anchor_or_a_literal_every_match_contains(pattern, flags, shape):
    compiled = re.compile(pattern, flags)
    assert boilerplate._pattern_shape(compiled) == shape
    screen = boilerplate._Screen([boilerplate.LineRule("label", "en", compiled)])
    for line in ("xb", "a b", "leave a reply", "home > news", "all rights reserved", "x"):
        assert screen.may_match(line) == bool(compiled.search(line)), line


_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})


@pytest.mark.parametrize(
    "line", ["L’exportateur d‘Oujda", "l´accord de Fès", "`quoted`", "اقرأ أيضاً", "plain"]
)
def test_lines_are_normalised_with_apostrophes_folded(line):
    folded = boilerplate.normalize_line(line)
    boilerplate.normalize_line.cache_clear()
    assert folded == boilerplate.normalize_line(line.translate(_APOSTROPHE_TABLE))


# --- decoding and readers ---------------------------------------------------------------------

_ARABIC = "استقبل وزير الداخلية نظيره الإسباني في الرباط"
_MOJIBAKE = _ARABIC.encode("utf-8").decode("cp1256", errors="replace")


def _reference_cp1256_repair(text: str) -> str:
    if "ط" not in text and "ظ" not in text:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        arabic = sum("\u0600" <= ch <= "\u06ff" for ch in line)
        leads = sum(line.count(ch) for ch in "طظ")
        if arabic < 4 or leads / arabic < 0.3:
            continue
        try:
            lines[i] = line.encode("cp1256").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([_ARABIC, _MOJIBAKE, "ط", "ظ ب", "Rabat", "\n", " "]), max_size=8))
def test_cp1256_mojibake_repair_is_unchanged(pieces):
    text = "".join(pieces)
    assert _repair_cp1256_mojibake(text) == _reference_cp1256_repair(text)


def test_arabic_mojibake_file_is_repaired():
    decoded = decode_bytes((_MOJIBAKE + "\n" + _ARABIC).encode("utf-8"), "a.txt")
    assert decoded.text == _ARABIC + "\n" + _ARABIC and decoded.repaired


_CELLS = st.text(alphabet=st.sampled_from([*"ab \t\n\r", "\u00a0", "\f", "\v"]))


@settings(max_examples=300, deadline=None)
@given(_CELLS)
def test_cell_paragraphs_and_text_blocks_squash_blanks_as_the_regexes_do(text):
    assert _squash(text) == re.sub(r"[ \t\u00a0]+", " ", text).strip()
    cell = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if re.search(r"\n[ \t]*\n", cell):
        blocks = re.split(r"\n(?:[ \t]*\n)+", cell)
        joined = [" ".join(ln.strip() for ln in b.split("\n") if ln.strip()) for b in blocks]
        expected = [p for p in (_squash(p) for p in joined) if p]
        assert split_cell_paragraphs(text) == expected
    spaces = re.compile(r"[ \t\u00a0\f\v]+")
    for block in text_blocks(text):
        assert all(line == spaces.sub(" ", line).strip() for line in block)


def _reference_depth(value, max_depth: int, depth: int = 1) -> bool:
    if isinstance(value, dict | list):
        if depth > max_depth:
            return True
        children = value.values() if isinstance(value, dict) else value
        return any(_reference_depth(child, max_depth, depth + 1) for child in children)
    return False


_JSON = st.recursive(
    st.none() | st.text(max_size=3) | st.integers(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.integers(min_value=1, max_value=4))
def test_json_depth_check_is_unchanged(value, max_depth):
    assert exceeds_depth(value, max_depth) == _reference_depth(value, max_depth)


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("title;text;outlet\nVisite;Le directeur a été reçu.;Le Matin\nB;C;D\n", ";"),
        ("title\ttext\nVisite\tLe directeur a été reçu.\nB\tC\n", "\t"),
        ('title,text\nVisite,"Un, deux"\nB,C\n', ","),
        (ARTICLES["fr"], None),  # prose with commas and semicolons is not a table
        (ARTICLES["en"], None),
        (ARTICLES["ar"], None),
    ],
)
def test_tables_and_prose_are_told_apart(text, delimiter):
    assert sniff_delimiter(text) == delimiter


# --- paths and the whole pipeline -------------------------------------------------------------


def test_path_resolver_resolves_as_pathlib_does(tmp_path, monkeypatch):
    real = tmp_path / "real" / "en"
    real.mkdir(parents=True)
    (real / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")  # a folder reached by a link
    (real / "b.txt").symlink_to(real / "a.txt")  # a file that is a link
    monkeypatch.chdir(tmp_path)
    paths = [
        tmp_path / "link" / "en" / "a.txt",
        tmp_path / "link" / "en" / "b.txt",
        tmp_path / "link" / "en" / ".." / "en" / "a.txt",
        tmp_path / "link" / "en" / "missing.txt",
        tmp_path / "link" / "en" / "..",
        Path("link/en/a.txt"),
        Path("/"),
    ]
    resolver = PathResolver()
    assert [resolver.resolve(p) for p in paths] == [p.resolve() for p in paths]
    assert os.path.samefile(resolver.resolve(paths[1]), real / "a.txt")
    # As text, spelt as users write paths (doubled and trailing separators, dots).
    texts = [*map(str, paths), "link//en/./a.txt", "./link/en/b.txt", "link/en/", "link/./en"]
    assert [resolver.resolve_text(t) for t in texts] == [str(Path(t).resolve()) for t in texts]


def _corpus_bytes(folder: Path) -> dict[str, bytes]:
    return {
        name: (folder / name).read_bytes() for name in ("documents.parquet", "passages.parquet")
    }


def test_corpus_is_the_same_whatever_the_size_of_one_process_tasks(tmp_path, monkeypatch):
    from framing.corpus import streaming

    articles = write_articles(tmp_path / "articles", per_language=6)
    inputs = [str(articles["text"]), str(articles["jsonl"])]
    streaming.ingest_to(inputs, tmp_path / "large", manifest=articles["manifest"])
    monkeypatch.setattr(streaming, "CHUNK_BYTES", 1)  # a chunk per file: many small batches
    streaming.ingest_to(inputs, tmp_path / "small", manifest=articles["manifest"])
    assert _corpus_bytes(tmp_path / "large") == _corpus_bytes(tmp_path / "small")
    documents = pq.read_table(tmp_path / "large" / "documents.parquet").to_pylist()
    assert {d["language"] for d in documents} == {"en", "fr", "ar"}
    assert any(d["dup_cluster"] for d in documents)  # the republished copies are found
