"""The fast paths of near-duplicate keys and boilerplate removal give the old results.

Each fast path is compared with a plain copy of the rule it replaces (the
``_ref_*`` functions below are the code before the speed-up), on hand-written
English, French and Arabic lines and articles, and on generated input.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import zlib
from collections import Counter
from itertools import chain

import numpy as np
import pytest
from dedup_reference import reference_band_keys
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus import boilerplate as bp
from framing.corpus import dedup
from framing.text.normalize import APOSTROPHES, fold_arabic, normalize_token
from framing.text.tokens import at_most_words, words

# --- the old rules, copied ------------------------------------------------------------------

_REF_APOSTROPHE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_REF_COMBINING = re.compile("[\u0300-\u036f]")


def _ref_normalize_line(line: str) -> str:
    text = _REF_APOSTROPHE.sub("'", line).casefold()
    if not text.isascii():
        text = _REF_COMBINING.sub("", unicodedata.normalize("NFD", fold_arabic(text)))
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split()).strip(bp._OUTER)


def _ref_token_hash(token: str) -> int:
    return zlib.crc32(normalize_token(token).encode("utf-8"))


def _ref_shingles(text: str, size: int = 5) -> np.ndarray:
    """One text at a time, as the batch code must agree with."""
    ids = np.array([_ref_token_hash(t) for t in words(text)], dtype=np.uint64)
    if len(ids) == 0:
        return np.empty(0, dtype=np.uint64)
    starts = range(max(1, len(ids) - size + 1))  # a short text is one shingle
    hashes = []
    for window in (ids[i : i + size] for i in starts):
        combined = np.zeros(1, dtype=np.uint64)
        for token in window:
            combined = combined * np.uint64(1_000_003) + token
        hashes.append(combined[0] & np.uint64(0xFFFFFFFF))
    return np.unique(np.array(hashes, dtype=np.uint64))


_ref_band_keys = reference_band_keys


_REF_SENTENCE_END = re.compile(r"[.!?؟…][\"'”’»)\]]*$")
# The Arabic blocks and their extensions, written out here (not taken from the code under test).
_REF_ARABIC_LETTER = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u0870-\u089f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"
)
_REF_LETTER = re.compile(r"[^\W\d_]")


def _ref_script(line: str, language: str | None) -> str:
    if language:
        return "arabic" if language in {"ar", "fa", "ur", "ps"} else "latin"
    if line.isascii() or not _REF_ARABIC_LETTER.search(line):
        return "latin"
    arabic = len(_REF_ARABIC_LETTER.findall(line))
    return "arabic" if arabic * 2 > len(_REF_LETTER.findall(line)) else "latin"


def _ref_line_flags(text: str, language: str | None) -> tuple[int, bool, bool]:
    words_ = len(text.split())
    long_words, sentence_words = bp.BODY_WORDS[_ref_script(text, language)]
    long = words_ >= long_words
    sentence = words_ >= sentence_words and bool(_REF_SENTENCE_END.search(text))
    return words_, long, sentence


def _ref_fit(documents, min_documents=3, min_share=0.5, max_words=30):
    counts: dict[str, Counter[str]] = {}
    n_documents: Counter[str] = Counter()
    for outlet, paragraphs in documents:
        n_documents[outlet] += 1
        keys = {_ref_normalize_line(p) for p in paragraphs if len(p.split()) <= max_words}
        counts.setdefault(outlet, Counter()).update(k for k in keys if k)
    return {
        outlet: frozenset(
            line
            for line, n in counter.items()
            if n >= min_documents and n / n_documents[outlet] >= min_share
        )
        for outlet, counter in counts.items()
    }


# --- hand-written material ------------------------------------------------------------------

LINES = [
    "Home › Politics › Morocco",
    "  Leave a Reply  ",
    "Share this article",
    "Follow us on Twitter",
    "READ MORE: Port traffic rises in Tanger Med",
    "Don`t miss our newsletter",
    "The minister’s visit to Dakhla — a “turning point”, officials said.",
    "Ministers meet in Rabat\tto discuss   trade",
    "À lire aussi : Le ministre reçoit son homologue sénégalais",
    "Cœur du débat : l’œuvre de la commission – selon le rapport",
    "Le Premier ministre a déclaré\u202f: « Nous avancerons ensemble. »",
    "Téléchargez l’application\u00a0!",
    "Crédit photo : MAP",
    "Tous droits réservés © 2026",
    "Une décision prise à l'unanimité, précise le communiqué.",
    "اقرأ أيضاً: الوزير يستقبل نظيره الموريتاني",
    "جميع الحقوق محفوظة © 2025",
    "تابعونا على فيسبوك",
    "أكدت الوزارةُ في بلاغٍ أن الاجتماعَ سيُعقد في الرباط",
    "الـــرئيسية",
    "مؤتمر صحفي في الدار البيضاء حول الاستثمار",
    "Le ministre a reçu à Rabat l'ambassadeur des Émirats (الإمارات) et celui d'Égypte.",
    "ŉ – a Kelvin sign K and an Ångström sign Å",
    "Straße, µ-Technik, ﬁnance",
    "e\u0301te\u0301 — composed later",
    "ا\u0654 هيئة",
    "x ≠ y and α ≤ β, Ἀθῆναι",
    "\u200fاترك تعليقاً",
    "line\x1cwith a file separator",
    "paragraph one\u2028paragraph two",
    "",
    "   ",
    "***",
]

ARTICLES = {
    "en": [
        "Menu",
        "Ministers meet in Rabat to discuss trade",
        "Monday, 3 March 2025",
        "Politics",
        "Rabat, 3 March 2025 — The foreign ministers of Morocco and Senegal met on Monday to "
        "review trade between the two countries and the new maritime line to Dakar.",
        "Officials said that exports of fertiliser and fish had grown by a fifth in a year.",
        "What comes next",
        "A joint committee will meet again in the spring in Dakar, the ministry said in a "
        "statement published after the talks, which lasted most of the afternoon.",
        "Read also: Port traffic rises in Tanger Med",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Follow the live feed",
        "© 2026 North Africa Wire. All rights reserved.",
    ],
    "fr": [
        "Accueil › Politique › Maroc",
        "Le ministre reçoit son homologue sénégalais",
        "Lundi 3 mars 2025",
        "Rabat, 3 mars 2025 – Le ministre des Affaires étrangères a reçu lundi son homologue "
        "sénégalais pour évoquer les échanges commerciaux et la nouvelle ligne maritime.",
        "« Nous avancerons ensemble », a déclaré le ministre à l’issue de l’entretien.",
        "À lire aussi : la commission mixte se réunira au printemps",
        "Les deux délégations se retrouveront à Dakar au printemps, selon un communiqué publié "
        "à l'issue de la réunion, qui a duré tout l'après-midi.",
        "Partager sur Facebook",
        "Laisser un commentaire",
        "Tous droits réservés",
    ],
    "ar": [
        "الرئيسية",
        "الوزير يستقبل نظيره السنغالي في الرباط",
        "الاثنين 3 مارس 2025",
        "الرباط، 3 مارس 2025 - استقبل وزير الشؤون الخارجية يوم الاثنين نظيره السنغالي لبحث "
        "المبادلات التجارية بين البلدين والخط البحري الجديد نحو داكار.",
        "وقال مسؤولون إن صادرات الأسمدة والأسماك ارتفعت بنحو الخمس خلال سنة واحدة.",
        "اقرأ أيضاً: اللجنة المشتركة تجتمع في الربيع",
        "ومن المرتقب أن يعقد الاجتماع المقبل للجنة المشتركة في داكار خلال فصل الربيع حسب بلاغ "
        "صدر عقب المحادثات التي استمرت طيلة فترة بعد الظهر.",
        "شارك على فيسبوك",
        "اترك تعليقاً",
        "جميع الحقوق محفوظة © 2025",
    ],
}

STORIES = [
    " ".join(ARTICLES["en"][4:8]),
    " ".join(ARTICLES["en"][4:8]).replace("on Monday", "on Sunday") + " Talks went well.",
    " ".join(ARTICLES["fr"][3:7]),
    " ".join(ARTICLES["ar"][3:7]),
    " ".join(ARTICLES["ar"][3:7]).replace("يوم الاثنين", "يوم الأحد"),
    "snake_case_words and_more under_scores",
    "Trois mots seulement",
    "",
    "?!",
]

# Characters that exercise every branch of normalize_line and the line tests.
ALPHABET = (
    "aZ9 `'-:.!?«»|\t\n\x1c\u00a0\u202f\u2028\u200f"
    + APOSTROPHES
    + "éÀçœŒßµÆ\u00b4\u00a8ŉKÅﬁ\u0301\u0327–—…“”"
    + "αΆἈῆЙй≠≮"
    + "اأإآٱىةـًٌَُِّْٰؤئ\u0654\u0653،؟٣ه"
)
texts = st.text(alphabet=ALPHABET, max_size=60)


# --- near-duplicate keys --------------------------------------------------------------------


def test_mersenne_modulus_on_the_extremes() -> None:
    p = (1 << 31) - 1
    a = np.array([p - 1, p - 1, 1, 0, 1, p - 1, 46341, 2], dtype=np.uint64)
    x = np.array([p - 1, 0, 0, 0, p - 1, 1, 46341, 1 << 30], dtype=np.uint64)
    b = np.array([p - 1, p - 1, 0, 0, 0, 1, 12345, p - 2], dtype=np.uint64)
    values = a * x + b
    expected = values % np.uint64(p)
    dedup._mod_mersenne(values, np.empty_like(values))
    assert values.tolist() == expected.tolist()
    assert max(values.tolist()) < p


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, (1 << 31) - 2)] * 3), min_size=1, max_size=50))
def test_mersenne_modulus_is_the_remainder(triples: list[tuple[int, int, int]]) -> None:
    a, x, b = (np.array(column, dtype=np.uint64) for column in zip(*triples, strict=True))
    values = a * x + b
    expected = [(int(ai) * int(xi) + int(bi)) % ((1 << 31) - 1) for ai, xi, bi in triples]
    dedup._mod_mersenne(values, np.empty_like(values))
    assert values.tolist() == expected


def test_shingles_and_band_keys_of_articles_are_the_old_ones() -> None:
    for size in (5, 3, 1):
        batch = dedup.shingles_of_batch(STORIES, size)
        for text, hashes in zip(STORIES, batch, strict=True):
            assert hashes.tolist() == _ref_shingles(text, size).tolist()
    keys = dedup.band_keys_of_texts(STORIES)
    for text, key in zip(STORIES, keys, strict=True):
        assert key.tolist() == _ref_band_keys(_ref_shingles(text)).tolist()
    assert [len(k) for k in keys[-2:]] == [0, 0]  # no words, no keys
    assert len(keys[6]) == dedup.BANDS  # three words: one shingle


def test_near_duplicates_still_cluster() -> None:
    ids = [f"d{i}" for i in range(len(STORIES))]
    labels = dedup.near_duplicate_clusters(ids, STORIES)
    old_keys = [_ref_band_keys(_ref_shingles(t)) for t in STORIES]
    assert labels[0] == labels[1] == "dup-d0"  # the same English story, one sentence changed
    assert labels[3] == labels[4] == "dup-d3"
    assert labels[2] == ""
    assert any(old_keys[0] == old_keys[1]) and not any(old_keys[0] == old_keys[2])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ab cd_é\u0301اأة ", max_size=40), max_size=8))
def test_shingles_of_generated_batches(batch: list[str]) -> None:
    for text, hashes in zip(batch, dedup.shingles_of_batch(batch), strict=True):
        assert hashes.tolist() == _ref_shingles(text).tolist()
    for text, keys in zip(batch, dedup.band_keys_of_texts(batch), strict=True):
        assert keys.tolist() == _ref_band_keys(_ref_shingles(text)).tolist()


@settings(max_examples=300, deadline=None)
@given(texts, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=6))
def test_words_of_spans_are_the_words_of_the_text_or_nothing(
    text: str, cuts: list[tuple[int, int]]
) -> None:
    from framing.text.tokens import words_of_spans

    # Spans in order, some touching, some overlapping, some past the end.
    spans, start = [], 0
    for gap, length in cuts:
        start = max(0, start + gap - 10)
        spans.append((start, start + length))
        start += length
    made = words_of_spans(text, spans, [words(text[s:e]) for s, e in spans])
    assert made is None or made == words(text)
    # The spans of paragraphs cover every word: the words are always made.
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    joined = "\n\n".join(paragraphs)
    ends = np.cumsum([len(p) + 2 for p in paragraphs]).tolist()
    spans = [(end - 2 - len(p), end - 2) for p, end in zip(paragraphs, ends, strict=True)]
    assert words_of_spans(joined, spans, [words(p) for p in paragraphs]) == words(joined)


def test_shingles_from_known_words_are_those_of_the_texts() -> None:
    known = [words(STORIES[0]), None, words(STORIES[2])]
    from_words = dedup.shingles_of_batch(STORIES[:3], 5, known)
    assert [s.tolist() for s in from_words] == [
        s.tolist() for s in dedup.shingles_of_batch(STORIES[:3], 5)
    ]


# --- normalize_line -------------------------------------------------------------------------


def test_normalize_line_of_hand_written_lines() -> None:
    lines = LINES + [line for article in ARTICLES.values() for line in article]
    for line in lines:
        assert bp.normalize_line.__wrapped__(line) == _ref_normalize_line(line), line
    assert bp.normalize_line("À lire aussi :") == "a lire aussi"
    assert bp.normalize_line("Cœur du débat – l’œuvre") == "cœur du debat – l'œuvre"
    assert bp.normalize_line("اقرأ أيضاً") == "اقرا ايضا"


@settings(max_examples=500, deadline=None)
@given(texts)
def test_normalize_line_of_generated_lines(line: str) -> None:
    assert bp.normalize_line.__wrapped__(line) == _ref_normalize_line(line)
    normalized = _ref_normalize_line(line)
    assert bp.normalize_line.__wrapped__(normalized) == _ref_normalize_line(normalized)


def test_latin_marked_class_covers_all_of_unicode() -> None:
    # Every character whose NFD holds a mark U+0300-U+036F lies in the range the class is
    # built from (U+00C0-U+2FFF), and is in the class.
    marked = [
        code
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and bp._has_latin_mark(code)
    ]
    assert marked and min(marked) >= 0xC0 and max(marked) < 0x3000
    assert all(bp._LATIN_MARKED.match(chr(code)) for code in marked)
    assert not bp._LATIN_MARKED.search("".join(map(chr, range(0xC0))) + "œ–—’“”«»ØßÆ")


def test_fold_arabic_changes_only_the_folded_class() -> None:
    # fold_arabic maps character by character: a chunk of other characters is unchanged.
    others = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and not bp._ARABIC_FOLDED.match(chr(code))
    ]
    for start in range(0, len(others), 50_000):
        chunk = "".join(others[start : start + 50_000])
        assert fold_arabic(chunk) == chunk
    folded = "".join(chr(c) for c in range(0x600, 0x700) if bp._ARABIC_FOLDED.match(chr(c)))
    assert fold_arabic(folded) == "".join(fold_arabic(ch) for ch in folded) != folded


def test_printable_text_has_no_whitespace_but_the_space() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert [ch for ch in spaces if ch.isprintable()] == [" "]


def test_latin1_pairs_lose_their_marks_like_nfd() -> None:
    latin1 = [chr(c) for c in range(256)]
    for first in latin1:
        pairs = [first + second for second in latin1]
        expected = [
            unicodedata.normalize("NFC", _REF_COMBINING.sub("", unicodedata.normalize("NFD", pair)))
            for pair in pairs
        ]
        fast = [
            pair.encode("latin-1").translate(bp._LATIN1_BASES).decode("latin-1") for pair in pairs
        ]
        assert fast == expected


# --- line tests and cleaning ----------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from([None, "en", "fr", "ar"]))
def test_line_flags_of_generated_lines(text: str, language: str | None) -> None:
    words_, long, sentence = _ref_line_flags(text, language)
    line = bp._line(text, language, None, "")
    assert (line.words, line.long, line.sentence) == (
        min(words_, bp._WORDS_COUNTED + 1),
        long,
        sentence,
    )
    assert bp._ends_sentence(text) == bool(_REF_SENTENCE_END.search(text))
    assert bp._script(text, language) == _ref_script(text, language)


@pytest.mark.parametrize("limit", [0, 1, 3, 30])
def test_at_most_words(limit: int) -> None:
    for text in LINES + ARTICLES["en"] + ARTICLES["ar"] + ["a" * 70, "a " * 40, " a" * 31]:
        assert at_most_words(text, limit) == (len(text.split()) <= limit), text


def test_line_flags_of_hand_written_articles() -> None:
    cases = [(line, lang) for lang, article in ARTICLES.items() for line in article]
    cases += [(line, None) for line in [*LINES, ARTICLES["ar"][3] + " end.\n", "Fin.»)\n"]]
    for text, language in cases:
        _, long, sentence = _ref_line_flags(text, language)
        line = bp._line(text, language, None, "")
        assert (line.long, line.sentence) == (long, sentence), text
        assert bp._script(text, None) == _ref_script(text, None), text
    assert bp._ends_sentence('He said "yes."') and bp._ends_sentence("انتهى؟\n")
    assert not bp._ends_sentence("Il a dit « oui. »")  # a space is not a closing mark
    assert not bp._ends_sentence("Fin.\n\n") and not bp._ends_sentence(".x")


def _documents() -> list[tuple[str, list[str]]]:
    """Six documents per outlet: their own story, and the outlet's last three lines."""
    documents = []
    for i in range(6):
        for lang, article in ARTICLES.items():
            story = [f"Story {i} of {lang}", article[3 + i % 2].replace("2025", str(2020 + i))]
            documents.append((f"{lang}.example", [*story, *article[-3:], "  "]))
    return documents


def test_repeated_lines_are_the_old_ones() -> None:
    documents = _documents()
    for options in ({}, {"min_documents": 2, "min_share": 0.2, "max_words": 8}):
        fitted = bp.RepeatedLines(**options).fit(documents)
        assert fitted.lines_ == _ref_fit(documents, **options)
    fitted = bp.RepeatedLines().fit(documents)
    assert fitted.is_repeated("fr.example", "PARTAGER  sur Facebook")
    assert fitted.is_repeated("ar.example", "شارك على فيسبوك")
    assert not fitted.is_repeated("en.example", "Story 1 of en")
    assert not fitted.is_repeated("en.example", "Shared by another outlet")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ab"), st.lists(texts, max_size=5)), max_size=12))
def test_repeated_lines_of_generated_documents(documents) -> None:
    fitted = bp.RepeatedLines(min_documents=2, min_share=0.3).fit(documents)
    assert fitted.lines_ == _ref_fit(documents, min_documents=2, min_share=0.3)


def test_cleaning_hand_written_articles() -> None:
    repeated = bp.RepeatedLines().fit(_documents())
    en = bp.clean_document(ARTICLES["en"], repeated=repeated, outlet="en.example")
    assert en.title == "Ministers meet in Rabat to discuss trade"
    assert en.header == ["Monday, 3 March 2025"]
    reasons = {removed.text: removed.reason for removed in en.removed}
    assert reasons["Politics"] == reasons["Follow the live feed"] == bp.REASON_REPEATED
    assert en.paragraphs[-1].startswith("A joint committee")
    assert "What comes next" in en.paragraphs  # a section heading between body paragraphs
    fr = bp.clean_document(ARTICLES["fr"], language="fr")
    assert [r.reason for r in fr.removed][-3:] == [
        "boilerplate: share or follow buttons",
        "boilerplate: comment form",
        "boilerplate: copyright notice",
    ]
    ar = bp.clean_document(ARTICLES["ar"], title="الوزير يستقبل نظيره السنغالي في الرباط")
    assert ar.removed[0].reason == "boilerplate: navigation"
    assert ar.removed[1].reason == "repeats the title"
    assert len(ar.paragraphs) == 3


def test_word_counts_stop_above_every_threshold() -> None:
    thresholds = chain(
        (bp.NOTICE_MAX_WORDS, bp.SHORT_LINE_WORDS, bp.TITLE_MIN_WORDS),
        *bp.BODY_WORDS.values(),
    )
    assert max(thresholds) <= bp._WORDS_COUNTED
    long_notice = "Copyright " + "word " * 70
    assert bp._line(long_notice, "en", None, "").words == bp._WORDS_COUNTED + 1
    assert bp._match_rule(long_notice, len(long_notice.split()), True) is None
    assert bp._line("Copyright 2026 North Africa Wire", "en", None, "").rule == "copyright notice"
