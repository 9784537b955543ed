"""The fast language identification gives exactly what the plain one gives.

Language identification was made faster without changing a result. Each fast
path is checked here against a plain reference written in the test: py3langid's
own walk (``visit_counts``) and ranking, and plain copies of the rules as they
were before (the regular expressions of ``dominant_script``, the token count of
``_long_enough``, the ``reduceat`` sum of class probabilities into codes, the
per-text loops of ``_classify`` and ``detect_passage_languages``, the scoring of
feature counts). Texts are hand-written news sentences in English, French and
Arabic, mixed and cut at awkward places, plus generated ones.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langid_reference import reference_counts, reference_encode
from scipy import sparse

from framing.corpus import language, language_model
from framing.text.tokens import count_tokens

ENGLISH = (
    "The interior ministers of Morocco and Spain met in Madrid on Tuesday to review their "
    "cooperation on migration, and agreed to extend joint patrols along the coast."
)
FRENCH = (
    "Le ministre de l'Intérieur a reçu lundi à Rabat son homologue espagnol ; les deux "
    "pays veulent « renforcer l'échange d'informations » sur les réseaux de passeurs."
)
ARABIC = (
    "استقبل وزير الداخلية يوم الاثنين بالرباط نظيره الإسباني، واتفق الجانبان على توسيع "
    "الدوريات المشتركة وتبادل المعلومات حول شبكات تهريب المهاجرين."
)
PERSIAN = (
    "وزیر کشور روز دوشنبه با همتای اسپانیایی خود در رباط دیدار کرد و درباره همکاری "
    "امنیتی گفتگو کرد."
)
# Short and odd texts: a headline in capitals, quotations in another script, digits,
# an emoji (beyond the Basic Multilingual Plane), combining marks, a lone letter.
ODD_TEXTS = [
    "LA VISITE DU DIRECTEUR GÉNÉRAL DE LA SÛRETÉ NATIONALE À MADRID",
    "Le porte-parole a cité « السيادة الوطنية خط أحمر » devant la presse.",
    "قال المتحدث إن «la coopération est exemplaire» بين البلدين.",
    "Rabat, 12 mars 2025 — 42 %",
    "١٢٣ — ٤٥٦",
    "Menu",
    "",
    "   ",
    "Follow us 👍🏽 on social media for the latest news from Rabat and Casablanca",
    "e\u0301te\u0301 a\u0300 Fe\u0300s",  # decomposed accents: NFC changes the bytes
    "x",
    "مرحبا",
    "Ⅻ ½ ² ٣ ۴ ߁",  # numbers that are letters, digits or neither for the regexes
    "حموشي 👮 الرياض",
    "The visit of the director to Moscow",
    PERSIAN,
]
TEXTS = [ENGLISH, FRENCH, ARABIC, *ODD_TEXTS]


def _pieces(text: str, cuts: int) -> list[str]:
    """``text`` cut into ``cuts`` parts (passage-like fragments, mid-word too)."""
    step = max(1, len(text) // cuts)
    return [text[i : i + step] for i in range(0, len(text), step)]


# A batch long enough for the NumPy walk, with texts that cross piece boundaries.
BATCH = [
    *TEXTS,
    *_pieces(ENGLISH + " " + FRENCH, 7),
    *_pieces(ARABIC * 3, 5),
    "\n\n".join([ENGLISH, FRENCH, ARABIC] * 6),  # a long mixed article
    FRENCH.upper(),
    ARABIC + " " + ENGLISH,
]

_ALPHABET = st.sampled_from(
    [
        *"abcdefghij ÉéèàçüABC.,'’-_0123456789\n",
        *"الرباطمغربوزير١یکЖ中👍\ufefb\u0640",
        "\u064e",  # a fatha, a shadda: marks, not letters
        "\u0651",
        "\u0301",  # a combining acute: NFC composes it with the letter before
    ]
)
_TEXTS = st.lists(st.text(alphabet=_ALPHABET, max_size=300), min_size=1, max_size=40)


# --- references: the rules as they were ---------------------------------------------------


_reference_encode = reference_encode
_reference_counts = reference_counts


def _reference_probabilities(texts: list[str]) -> np.ndarray:
    """The scoring as it was: remapped features, one product, softmax, aliases folded."""
    model = language_model.language_model()
    counts = _reference_counts(texts)
    lengths = np.asarray([len(_reference_encode(t)) for t in texts], dtype=np.float64)
    used = np.flatnonzero(np.bincount(counts.indices, minlength=counts.shape[1]))
    remap = np.zeros(counts.shape[1], dtype=np.int64)
    remap[used] = np.arange(len(used))
    logged = sparse.csr_matrix(
        (np.log1p(counts.data.astype(np.float32)), remap[counts.indices], counts.indptr),
        shape=(counts.shape[0], len(used)),
    )
    table = model._class_log_prob[used].astype(np.float32)
    scores = np.asarray(logged @ table, dtype=np.float32) + model._prior
    scores[np.diff(counts.indptr) == 0] = 0.0
    scores *= (1.0 / np.sqrt(np.maximum(lengths, 1.0))).astype(np.float32)[:, None]
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    scores /= scores.sum(axis=1, keepdims=True)
    for first, dupe in model._alias_pairs:
        scores[:, first] += scores[:, dupe]
        scores[:, dupe] = 0.0
    return scores


_NOT_LETTERS = re.compile(r"[\W\d_]+")
_ARABIC_BLOCKS = "\u0600-\u06ff\u0750-\u08ff\ufb50-\ufefc"


def _reference_dominant_script(text: str) -> str:
    letters = _NOT_LETTERS.sub("", text)
    arabic = len(re.sub(f"[^{_ARABIC_BLOCKS}]+", "", letters))
    latin = len(re.sub(r"[^\u0000-\u024f\u1e00-\u1eff]+", "", letters))
    counts = {"arabic": arabic, "latin": latin, "other": len(letters) - arabic - latin}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ""


def _reference_long_enough(text: str, tokens: int | None = None) -> bool:
    start = text[:120]
    if len(_NOT_LETTERS.sub("", text)) < language.MIN_LETTERS:
        return False
    if tokens is None:
        tokens = count_tokens(start)
        if tokens < language.MIN_WORDS and len(start) < len(text):
            tokens = count_tokens(text)
    return tokens >= language.MIN_WORDS


def _reference_code_scores(probabilities: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Class probabilities summed into codes by ``reduceat``, as before."""
    classes = language_model.language_model().classes
    aliases = language._ALIASES
    codes = sorted({aliases.get(c, c) for c in classes} & set(language.ISO_639_1), reverse=True)
    columns = [[i for i, c in enumerate(classes) if aliases.get(c, c) == code] for code in codes]
    order = np.asarray([i for group in columns for i in group], dtype=np.intp)
    starts = np.cumsum([0] + [len(group) for group in columns[:-1]], dtype=np.intp)
    return np.add.reduceat(probabilities.astype(np.float64)[:, order], starts, axis=1), codes


def _reference_classify(texts: list[str]) -> list[language.LanguageGuess]:
    if not texts:
        return []
    probabilities = language_model.language_model().probabilities(texts)
    scores, codes = _reference_code_scores(probabilities)
    guesses = []
    for text, row in zip(texts, scores, strict=True):
        j = int(row.argmax())
        code, score = codes[j], float(row[j])
        other_script = code in language._NOT_ARABIC and score >= language.CONFIDENT
        arabic = re.search(f"[{_ARABIC_BLOCKS}]", text) is not None
        if code != "ar" and not other_script and arabic and _is_arabic(text):
            guesses.append(language.LanguageGuess("ar", float(row[codes.index("ar")])))
        else:
            guesses.append(language.LanguageGuess(code, score))
    return guesses


def _is_arabic(text: str) -> bool:
    return _reference_dominant_script(text) == "arabic"


def _reference_passage_languages(texts, document_languages, token_counts=None) -> list[str]:
    if token_counts is None:
        token_counts = [count_tokens(text) for text in texts]
    decided, asked = [], []
    for i, (text, document) in enumerate(zip(texts, document_languages, strict=True)):
        short = token_counts[i] < language.SHORT_PASSAGE_TOKENS
        script = _reference_dominant_script(text)
        document_script = language.language_script(document)
        inherits = bool(document) and (
            not script or not document_script or script == document_script
        )
        if (short and inherits) or (
            not short and not _reference_long_enough(text, token_counts[i])
        ):
            decided.append(document)
        else:
            decided.append(None)
            asked.append(i)
    for i, guess in zip(asked, _reference_classify([texts[i] for i in asked]), strict=True):
        text, document = texts[i], document_languages[i]
        if token_counts[i] < language.SHORT_PASSAGE_TOKENS:
            if _reference_dominant_script(text) == "arabic":
                decided[i] = guess.code or "ar"
            else:
                decided[i] = guess.code if guess.confidence >= 0.5 else ""
        elif not document or (guess.code != document and guess.confidence >= 0.9):
            decided[i] = guess.code or document
        else:
            decided[i] = document
    return [code or "" for code in decided]


def _assert_same_matrix(counts: sparse.csr_matrix, expected: sparse.csr_matrix) -> None:
    assert counts.has_canonical_format
    assert (counts.indptr == expected.indptr).all()
    assert (counts.indices == expected.indices).all()
    assert (counts.data == expected.data).all() and counts.data.dtype == np.float32


# --- the model -------------------------------------------------------------------------------


def test_the_hand_written_batch_is_walked_with_numpy():
    total = sum(len(language_model.encode(t)) for t in BATCH)
    assert total >= language_model.MIN_VECTOR_BATCH * language_model.PIECE


@pytest.mark.parametrize(
    ("piece", "warm_up", "cells"),
    [
        (language_model.PIECE, language_model.WARM_UP, language_model.WALK_CELLS),
        (16, 6, 400),  # small pieces and chunks: many boundaries, several chunks
        (7, 1, 10**9),  # a warm-up too short: pieces go astray and are walked again
        (24, 0, 10**9),  # no warm-up at all
    ],
)
def test_feature_counts_equal_py3langids_walk(monkeypatch, piece, warm_up, cells):
    monkeypatch.setattr(language_model, "PIECE", piece)
    monkeypatch.setattr(language_model, "WARM_UP", warm_up)
    monkeypatch.setattr(language_model, "WALK_CELLS", cells)
    monkeypatch.setattr(language_model, "MIN_VECTOR_BATCH", 2)  # NumPy for most chunks
    model = language_model.language_model()
    counts = model._counts([language_model.encode(t) for t in BATCH])
    _assert_same_matrix(counts, _reference_counts(BATCH))


def test_pieces_that_go_astray_are_walked_again(monkeypatch):
    # With one byte of warm-up a piece often starts in the wrong state: caught by the check.
    monkeypatch.setattr(language_model, "PIECE", 7)
    monkeypatch.setattr(language_model, "WARM_UP", 1)
    model = language_model.language_model()
    walked_again = []
    original = model._walk_again

    def spy(keys, rows, encoded):
        walked_again.append(len(rows))
        return original(keys, rows, encoded)

    monkeypatch.setattr(model, "_walk_again", spy)
    counts = model._counts([language_model.encode(t) for t in BATCH])
    assert walked_again  # the check fired...
    _assert_same_matrix(counts, _reference_counts(BATCH))  # ...and the counts are still exact


@settings(max_examples=60, deadline=None)
@given(_TEXTS)
def test_generated_feature_counts_equal_py3langids_walk(texts):
    model = language_model.language_model()
    counts = model._counts([language_model.encode(t) for t in texts])
    _assert_same_matrix(counts, _reference_counts(texts))


@settings(max_examples=40, deadline=None)
@given(_TEXTS, st.sampled_from([(5, 5), (9, 8), (31, 2)]))
def test_generated_counts_with_small_pieces(texts, piece_and_warm_up):
    piece, warm_up = piece_and_warm_up
    model = language_model.language_model()
    saved = language_model.PIECE, language_model.WARM_UP, language_model.MIN_VECTOR_BATCH
    language_model.PIECE, language_model.WARM_UP = piece, warm_up
    language_model.MIN_VECTOR_BATCH = 1
    try:
        counts = model._counts([language_model.encode(t) for t in texts])
    finally:
        language_model.PIECE, language_model.WARM_UP, language_model.MIN_VECTOR_BATCH = saved
    _assert_same_matrix(counts, _reference_counts(texts))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_encode_is_the_plain_encoding(text):
    assert language_model.encode(text) == _reference_encode(text)


def test_probabilities_are_those_of_the_plain_scoring():
    model = language_model.language_model()
    assert np.array_equal(model.probabilities(BATCH), _reference_probabilities(BATCH))
    few = TEXTS[:4]  # a small batch: walked in Python, features found by a sort
    assert np.array_equal(model.probabilities(few), _reference_probabilities(few))


def test_probabilities_agree_with_py3langids_rank():
    model = language_model.language_model()
    for text, row in zip(BATCH, model.probabilities(BATCH), strict=True):
        reference = dict(model._identifier.rank(text))
        expected = np.asarray([reference[label] for label in model.classes])
        aliased = row == 0  # a label's second column is folded into its first
        # py3langid sums in another order (a dense product): equal up to float32 rounding.
        assert np.abs(row[~aliased] - expected[~aliased]).max() < 1e-4, text[:40]
        assert model.classes[int(row.argmax())] == max(reference, key=reference.get)


def test_a_text_scores_the_same_alone_with_duplicates_or_in_any_batch():
    model = language_model.language_model()
    together = model.probabilities(BATCH)
    repeated = model.probabilities([*BATCH, *BATCH[::-1]])  # every text twice
    assert np.array_equal(repeated[: len(BATCH)], together)
    assert np.array_equal(repeated[len(BATCH) :], together[::-1])
    for i in (0, 2, len(BATCH) - 3):
        assert np.array_equal(model.probabilities([BATCH[i]])[0], together[i])


# --- the rules -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_dominant_script_is_the_plain_count_of_letters(text):
    assert language.dominant_script(text) == _reference_dominant_script(text)


@pytest.mark.parametrize("text", [*TEXTS, *BATCH, "\ud800 lone surrogate", "𝔸𝔹ℂ abc", "ﻻ ﷲ"])
def test_dominant_script_of_hand_written_texts(text):
    assert language.dominant_script(text) == _reference_dominant_script(text)


def test_dominant_script_tells_the_scripts_apart():
    assert language.dominant_script(FRENCH) == "latin"
    assert language.dominant_script(ARABIC) == "arabic"
    assert language.dominant_script("Москва и Пекин") == "other"
    assert language.dominant_script("١٢٣ — 42") == ""
    assert language.dominant_script("ab سس") == "arabic"  # a tie goes to Arabic
    assert language.dominant_script("Москва 👍 Rabat") == "other"  # beyond the BMP


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=160), st.none() | st.integers(0, 12))
def test_long_enough_is_the_plain_rule(text, tokens):
    assert language._long_enough(text, tokens) == _reference_long_enough(text, tokens)


# Texts at the edges of the rules: two long words (enough letters, too few words), many
# tokens but few letters (a row of figures), few tokens at the start of a long passage.
EDGE_TEXTS = [
    "Casablanca Marrakech",
    "Casablanca Marrakech Rabat",
    "الدارالبيضاء ومراكش",
    "2024 2025 12 15 18 21 24 27 30 33",
    "12 15 18 21 24 27 30 33 ab cd",
    "Anticonstitutionnellement, l'internationalisation des responsabilités "
    "gouvernementales inquiète : le ministre répond aux députés de la commission.",
    "Counterintelligence-cooperation-memorandum-implementation-procedures were "
    "discussed by the ministers in Rabat on Monday and again on Tuesday evening.",
]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_long_enough_at_the_edges(text):
    assert language._long_enough(text) == _reference_long_enough(text)
    tokens = count_tokens(text)
    assert language._long_enough(text, tokens) == _reference_long_enough(text, tokens)


@pytest.mark.parametrize("text", [*EDGE_TEXTS, *BATCH])
def test_a_short_count_tells_short_passages_apart(text):
    tokens = language._tokens_up_to_short(text)
    assert tokens <= count_tokens(text)
    assert min(tokens, language.SHORT_PASSAGE_TOKENS) == min(
        count_tokens(text), language.SHORT_PASSAGE_TOKENS
    )


def test_code_scores_are_the_reduceat_sums():
    probabilities = language_model.language_model().probabilities(BATCH)
    expected, codes = _reference_code_scores(probabilities)
    assert codes == language._code_table()[2]
    assert np.array_equal(language._code_scores(probabilities), expected)
    assert (expected[:, codes.index("ar")] > 0.9).any()  # Arabic: several classes summed


def test_classify_is_the_plain_loop():
    texts = [t for t in BATCH if language._long_enough(t)]
    assert language._classify(texts) == _reference_classify(texts)
    assert [g.code for g in language._classify([ENGLISH, FRENCH, ARABIC, PERSIAN])] == [
        "en",
        "fr",
        "ar",
        "fa",
    ]


@settings(max_examples=40, deadline=None)
@given(_TEXTS)
def test_generated_guesses_are_the_plain_ones(texts):
    judged = [t for t in texts if _reference_long_enough(t)]
    assert language._classify(judged) == _reference_classify(judged)


def test_passage_languages_are_the_plain_rules():
    documents = ["en", "fr", "ar", "", "fa", "es"]
    texts = [*BATCH, *EDGE_TEXTS]
    passages = texts * len(documents)
    languages = [d for d in documents for _ in texts]
    counts = [count_tokens(p) for p in passages]
    expected = _reference_passage_languages(passages, languages, counts)
    assert language.detect_passage_languages(passages, languages, counts) == expected
    assert language.detect_passage_languages(passages, languages) == expected
    assert "ar" in expected and "fr" in expected and "" in expected


@settings(max_examples=40, deadline=None)
@given(_TEXTS, st.sampled_from(["en", "fr", "ar", ""]))
def test_generated_passage_languages_are_the_plain_ones(texts, document):
    languages = [document] * len(texts)
    expected = _reference_passage_languages(texts, languages)
    assert language.detect_passage_languages(texts, languages) == expected


def test_a_short_count_is_enough_to_tell_short_passages():
    long_passage = ENGLISH * 3
    assert language._tokens_up_to_short(long_passage) >= language.SHORT_PASSAGE_TOKENS
    assert language._tokens_up_to_short("Rabat, lundi 3 mars.") == count_tokens(
        "Rabat, lundi 3 mars."
    )
    # Few tokens in a long text (one long word): counted over the whole text.
    word = "a" * 400 + " b"
    assert language._tokens_up_to_short(word) == 2


def test_the_fallback_model_gives_the_same_guesses(monkeypatch):
    batched = language_model.language_model()
    fallback = language_model.SequentialLanguageModel(batched._identifier)
    texts = [t for t in BATCH if t.strip()]
    expected = language.detect_languages(texts)
    monkeypatch.setattr(language, "language_model", lambda: fallback)
    language._code_table.cache_clear()
    try:
        guesses = language.detect_languages(texts)
    finally:
        language._code_table.cache_clear()
    assert [g.code for g in guesses] == [g.code for g in expected]
    for guess, reference in zip(guesses, expected, strict=True):
        assert abs(guess.confidence - reference.confidence) < 1e-5


def test_a_text_longer_than_a_chunk_is_walked_in_python_with_the_same_counts(monkeypatch):
    # The pieces' arrays take ~16 bytes per byte: one huge article must not take them.
    long_text = " ".join(BATCH)
    monkeypatch.setattr(language_model, "WALK_CELLS", len(language_model.encode(long_text)) - 1)
    model = language_model.language_model()
    pieces = []
    original = model._walk_pieces
    monkeypatch.setattr(model, "_walk_pieces", lambda *a: pieces.append(1) or original(*a))
    counts = model._counts([language_model.encode(long_text)])
    assert pieces == []
    _assert_same_matrix(counts, _reference_counts([long_text]))
