"""Properties of normalisation and matching on any text, in any mixture of scripts.

Normalisation is idempotent; tokens and matches point into the original text;
every match lies inside its passage and, re-normalised, gives back its entry.
Deterministic (``derandomize``) and modest in size, so the suite stays fast.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.lexicon.matcher import Matcher
from framing.lexicon.model import Entry, Frame, Lexicon, Proximity
from framing.text import normalize_text, normalize_token, tokenize
from framing.text.normalize import match_form, match_key, match_keys, normalize_for_matching

ROBUST = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Words of the three languages and of the scripts that turn up inside them.
WORDS = [
    "security", "Security", "SECURITY", "soft", "power", "counter-terrorism", "Morocco",
    "sécurité", "Sécurité", "SÉCURITÉ", "l’exportateur", "d'influence", "coopération",
    "Straße", "ﬁnance", "İstanbul", "ΣΟΦΙΑ",
    "الأمن", "الامن", "وبالأمن", "للأمن", "السِّيادة", "السيادة", "سيادته", "الإرهاب",
    "مصطفى", "المملكة", "ـالأمنـ", "ﻻ", "٣٫٥",
    "ביטחון", "安全", "合作", "セキュリティ", "보안", "😀", "👩🏽‍💻", "🇲🇦",
]  # fmt: skip
#: What sits between words: spaces, marks of direction, joiners, punctuation, controls.
GAPS = [
    " ", "  ", "\n", "\n\n", "\t", "\u00a0", "-", " - ", "’", "'", ", ", ". ", "؟ ", "، ",
    "«", "»", "\u200f", "\u200e", "\u202b", "\u202c", "\u2066", "\u2069", "\u200d", "\u200c",
    "\u00ad", "\u0301", "\u064b", "\u0640", "\x00", "\x1f", "\ufeff", "\u2028", "",
]  # fmt: skip

any_char = st.characters(exclude_categories=("Cs",))
pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(GAPS), st.text(any_char, max_size=4))
texts = st.lists(pieces, max_size=30).map("".join)

#: Entries of every kind, in several scripts.
ENTRIES = {
    "en": ["security", "soft power", "counter-terrorism", "secur*", "morocco"],
    "fr": ["sécurité", "exportateur", "levier d'influence", "coopér*"],
    "ar": ["الأمن", "السيادة", "الإرهاب", "المملكة"],
}


def lexicon(language: str, extra: list[str], fold_accents: bool = False) -> Lexicon:
    entries = [Entry(p, Entry.infer_kind(p)) for p in dict.fromkeys(ENTRIES[language] + extra)]
    options = {"fold_accents": [language]} if fold_accents else {}
    frames = [
        Frame("f", "F", entries={language: entries}),
        Frame(
            "near",
            "Near",
            entries={language: entries[:2]},
            proximity=Proximity(window=3, anchors={language: entries[-1:]}),
        ),
    ]
    return Lexicon("props", languages=[language], frames=frames, options=options)


def literal_words(text: str) -> list[str]:
    """Words of ``text`` usable as extra entries (with a letter that matching keeps)."""
    words = [t.text for t in tokenize(text) if any(ch.isalpha() for ch in t.text)]
    return [w for w in words if normalize_for_matching(w)][:5]


# -- normalisation -------------------------------------------------------------------------------


@ROBUST
@given(texts, st.booleans())
def test_normalize_token_is_idempotent(text: str, fold: bool) -> None:
    for token in tokenize(text):
        once = normalize_token(token.text, fold)
        assert normalize_token(once, fold) == once


@ROBUST
@given(texts, st.booleans())
def test_normalize_text_is_idempotent(text: str, fold: bool) -> None:
    once = normalize_text(text, fold)
    assert normalize_text(once, fold) == once


def test_normalize_text_skips_tokens_that_normalise_to_nothing() -> None:
    assert normalize_text("\u064b security") == "security"
    assert normalize_text("الأمن \u0640 الوطني") == "الامن الوطني"


@ROBUST
@given(texts, st.booleans())
def test_matching_form_is_idempotent(text: str, fold: bool) -> None:
    once = normalize_for_matching(text, fold)
    assert normalize_for_matching(once, fold) == once


@ROBUST
@given(st.one_of(texts, st.text(max_size=40)), st.booleans())
def test_match_key_is_the_matching_form_without_its_pads(text: str, fold: bool) -> None:
    # The lexicon compiler's loop and the matcher's arrays must give the same keys.
    assert match_key(text, fold) == match_form(text, fold).text.strip(" ")


def test_matching_form_keeps_other_scripts_marks_inside_words() -> None:
    assert normalize_for_matching("\ufb1d", fold_latin_accents=True) == normalize_for_matching(
        normalize_for_matching("\ufb1d", fold_latin_accents=True), fold_latin_accents=True
    )
    assert len(normalize_for_matching("हिंदी समाचार").split()) == 2


@ROBUST
@given(texts)
def test_tokens_point_into_the_original_text(text: str) -> None:
    tokens = tokenize(text)
    for token in tokens:
        assert text[token.start : token.end] == token.text != ""
    for a, b in itertools.pairwise(tokens):
        assert a.end <= b.start


@ROBUST
@given(texts, st.booleans())
def test_matching_form_maps_back_inside_the_text(text: str, fold: bool) -> None:
    form = match_form(text, fold)
    assert form.text.startswith(" ") and form.text.endswith(" ")
    offsets = form.original_offsets(list(range(len(form.text))))
    assert all(0 <= offset <= len(text) for offset in offsets.tolist())
    assert list(offsets) == sorted(offsets)


@ROBUST
@given(texts, st.booleans())
def test_matching_form_map_is_the_same_in_64_bits(text: str, fold: bool) -> None:
    # Texts under half a billion characters keep their map in int32; a longer one in int64.
    form = match_form(text, fold)
    assert form.cumulative.dtype == np.int32
    wide = form._replace(cumulative=form.cumulative.astype(np.int64))
    positions = list(range(len(form.text)))
    narrow, wide_offsets = form.original_offsets(positions), wide.original_offsets(positions)
    assert narrow.dtype == wide_offsets.dtype == np.int64
    assert narrow.tolist() == wide_offsets.tolist()


# -- matching ------------------------------------------------------------------------------------


def check_matches(texts_: list[str], language: str, lex: Lexicon, clitics: str) -> None:
    matcher = Matcher(lex, clitics=clitics)
    fold = bool(lex.options.get("fold_accents"))
    kinds = {(e.pattern): e.kind for f in lex.frames for e in f.entries[language]}
    for text, matches in zip(texts_, matcher.match_many(texts_, language), strict=True):
        for m in matches:
            assert 0 <= m.start < m.end <= len(text)
            # A match never cuts a word: just outside its span is no letter or digit
            # that matching keeps (it drops tatweel and diacritics).
            before = text[m.start - 1] if m.start else " "
            after = text[m.end] if m.end < len(text) else " "
            assert not (before.isalnum() and normalize_for_matching(before)), (text, m)
            assert not (after.isalnum() and normalize_for_matching(after)), (text, m)
            surface = normalize_for_matching(text[m.start : m.end], fold)
            if kinds[m.entry] != "glob" and clitics == "none":
                assert surface == m.term, (text, m)
            if kinds[m.entry] == "glob":
                head = m.term.split(" ")[0].rstrip("*")
                assert surface.split(" ")[0].startswith(head), (text, m)


@ROBUST
@given(st.lists(texts, min_size=1, max_size=4), st.sampled_from(["en", "fr"]), st.booleans())
def test_latin_matches_lie_inside_their_passage_and_renormalise_to_the_entry(
    passages: list[str], language: str, fold: bool
) -> None:
    extra = literal_words(" ".join(passages))
    check_matches(passages, language, lexicon(language, extra, fold), "none")


@ROBUST
@given(st.lists(texts, min_size=1, max_size=4), st.sampled_from(["none", "rules"]))
def test_arabic_matches_lie_inside_their_passage(passages: list[str], clitics: str) -> None:
    extra = [w for w in literal_words(" ".join(passages)) if "\u0600" <= w[0] <= "\u06ff"]
    check_matches(passages, "ar", lexicon("ar", extra), clitics)


# Separators that do not change the words next to them: no invisible joiners (matching
# drops them inside a word, "secu\u00adrity" is "security") and no marks.
CLEAN_GAPS = [g for g in GAPS if not g or not set(g) & set("\u200d\u200c\u00ad\u0301\u064b\u0640")]


@ROBUST
@given(st.lists(st.sampled_from(WORDS + CLEAN_GAPS), max_size=40).map("".join))
def test_every_word_of_a_text_is_found_when_it_is_an_entry(text: str) -> None:
    words = literal_words(text)
    if not words:
        return
    lex = Lexicon(
        "words",
        languages=["en"],
        frames=[Frame("w", "W", entries={"en": [Entry(w, "word") for w in words]})],
    )
    found = {normalize_for_matching(text[m.start : m.end]) for m in Matcher(lex).match(text, "en")}
    assert {normalize_for_matching(w) for w in words} <= found


@ROBUST
@given(st.lists(st.one_of(texts, st.text(max_size=20)), max_size=12), st.booleans())
def test_match_keys_of_many_texts_are_their_match_keys_one_by_one(
    many: list[str], fold: bool
) -> None:
    assert match_keys(many, fold) == [match_key(text, fold) for text in many]


def test_match_keys_of_texts_holding_the_joiner_are_still_exact() -> None:
    many = ["الأمن", "a\u4e00b", "Sécurité, nationale"]
    assert match_keys(many) == [match_key(text) for text in many]
