"""The matcher: normalisation, wildcards, phrases, overlaps, exclusions, proximity, spans."""

from __future__ import annotations

import fnmatch
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import LexiconError
from framing.lexicon import matcher as matcher_module
from framing.lexicon.matcher import Matcher
from framing.lexicon.model import Entry, Frame, Lexicon, Proximity
from framing.text.normalize import match_form, normalize_for_matching, normalize_token
from framing.text.tokens import tokenize


def entry(pattern: str, kind: str | None = None, weight: float = 1.0) -> Entry:
    return Entry(pattern, kind or Entry.infer_kind(pattern), weight)


def one_frame(language: str, *patterns: str, **options) -> Lexicon:
    frame = Frame("f", "F", entries={language: [entry(p) for p in patterns]})
    return Lexicon("test", languages=[language], frames=[frame], options=options)


def found(lexicon: Lexicon, text: str, language: str = "en") -> list[str]:
    return [text[m.start : m.end] for m in Matcher(lexicon).match(text, language)]


# -- normalisation -------------------------------------------------------------------------------


def test_case_is_folded_both_ways():
    lex = one_frame("en", "Security Cooperation", "interpol")
    text = "SECURITY COOPERATION with Interpol and security cooperation."
    assert found(lex, text) == ["SECURITY COOPERATION", "Interpol", "security cooperation"]


def test_hyphenated_entry_matches_hyphens_spaces_and_unicode_hyphens():
    lex = one_frame("en", "counter-terrorism")
    text = "Counter-terrorism, counter terrorism, counter\u2011terrorism and counter - terrorism."
    assert found(lex, text) == [
        "Counter-terrorism",
        "counter terrorism",
        "counter\u2011terrorism",
        "counter - terrorism",
    ]


def test_spaced_entry_matches_hyphenated_text():
    assert found(one_frame("en", "soft power"), "A soft-power strategy.") == ["soft-power"]


def test_phrase_does_not_span_punctuation():
    lex = one_frame("en", "security cooperation")
    text = "They spoke of security. Cooperation came later; security, cooperation too."
    assert found(lex, text) == []


def test_phrase_spans_line_breaks_and_repeated_spaces():
    lex = one_frame("en", "security cooperation")
    assert found(lex, "security\n cooperation and security   cooperation") == [
        "security\n cooperation",
        "security   cooperation",
    ]


def test_word_inside_a_longer_word_is_not_matched():
    lex = one_frame("en", "arm", "terror")
    assert found(lex, "Harmony and an armed terrorist; the arm of terror.") == ["arm", "terror"]


def test_french_apostrophes_and_elision():
    lex = one_frame("fr", "levier d'influence", "exportateur", "qu'il")
    text = "Le Maroc, l’exportateur de sécurité, est un levier d’influence qu’il assume."
    assert found(lex, text, "fr") == ["exportateur", "levier d’influence", "qu’il"]


def test_accents_are_folded_only_for_listed_languages():
    folded = one_frame("fr", "sécurité", "côte", fold_accents=["fr"])
    text = "La SÉCURITÉ et la securite de la cote et de la Côte."
    assert found(folded, text, "fr") == ["SÉCURITÉ", "securite", "cote", "Côte"]
    kept = one_frame("fr", "sécurité", "côte")
    assert found(kept, text, "fr") == ["SÉCURITÉ", "Côte"]


def test_folding_that_changes_length_keeps_spans():
    text = "From Straße 5 to İstanbul via Café Zoé."
    # ß folds to ss; İ to i + combining dot, which only accent folding removes.
    assert found(one_frame("en", "strasse", "istanbul", "zoe"), text) == ["Straße"]
    folded = one_frame("en", "strasse", "istanbul", "zoe", fold_accents=["en"])
    assert found(folded, text) == ["Straße", "İstanbul", "Zoé"]


def test_matching_form_agrees_with_normalize_token_on_latin_words():
    for word in ["Exportateur", "SÉCURITÉ", "Coopération", "DGSN", "Interpol", "l’Europe"]:
        assert normalize_for_matching(word) == " ".join(
            normalize_token(t.text) for t in tokenize(word)
        )
    assert normalize_for_matching("Sûreté", fold_latin_accents=True) == "surete"


def test_matching_form_separates_phrase_gaps_from_punctuation_gaps():
    assert match_form("soft power").text == " soft power "
    assert match_form("soft, power").text == " soft  power "
    assert match_form("U.S.").text.strip() == "u  s"


# -- wildcards and regexes -----------------------------------------------------------------------


def test_prefix_glob_extends_to_the_end_of_the_token():
    lex = one_frame("en", "secur*")
    text = "Security, securitization and insecurity; SECURE borders."
    assert found(lex, text) == ["Security", "securitization", "SECURE"]


def test_infix_and_question_mark_globs():
    lex = one_frame("en", "*terror*", "organi?ation")
    text = "Counterterrorism units, the Organisation and the organization, not organisations."
    assert found(lex, text) == ["Counterterrorism", "Organisation", "organization"]
    # An infix found twice in one word is still one candidate.
    candidates = Matcher(lex).candidate_table(["counterterrorterror"], "en")
    assert (candidates.start.tolist(), candidates.end.tolist()) == ([0], [19])


def test_phrase_with_glob_words():
    lex = one_frame("en", "export* security", "pillar* of stabil*")
    text = (
        "Exporting security, it exports  security and is a pillar of stability; exports, security."
    )
    assert found(lex, text) == [
        "Exporting security",
        "exports  security",
        "pillar of stability",
    ]


def test_phrase_with_a_leading_wildcard_word():
    lex = one_frame("en", "*terrorism cooperation")
    assert found(lex, "counterterrorism cooperation and terrorism, cooperation") == [
        "counterterrorism cooperation"
    ]


def test_regex_fullmatches_one_normalised_token():
    lex = Lexicon("t", frames=[Frame("f", "F", entries={"en": [Entry(r"dgs[nt]", "regex")]})])
    text = "The DGSN and the dgst, but not DGSNX nor the DGS."
    assert found(lex, text) == ["DGSN", "dgst"]


def test_regex_with_non_ascii_literals_is_folded_like_the_text():
    lex = Lexicon(
        "t",
        options={"fold_accents": ["fr"]},
        frames=[Frame("f", "F", entries={"fr": [Entry(r"sécurit(é|aire)s?", "regex")]})],
    )
    assert found(lex, "Sécuritaires et SECURITES", "fr") == ["Sécuritaires", "SECURITES"]


def test_invalid_regex_names_the_entry():
    lex = Lexicon("t", frames=[Frame("f", "F", entries={"en": [Entry("dgs[", "regex")]})])
    with pytest.raises(LexiconError, match="dgs\\["):
        Matcher(lex)


def test_entry_without_any_word_is_refused():
    with pytest.raises(LexiconError, match="no word"):
        Matcher(one_frame("en", "--"))


# -- overlaps ------------------------------------------------------------------------------------


def test_longest_match_wins_within_a_frame():
    lex = one_frame("en", "security", "security cooperation", "cooperation")
    matches = Matcher(lex).match("Security cooperation deepened.", "en")
    assert [(m.term, m.start, m.end) for m in matches] == [("security cooperation", 0, 20)]


def test_longest_wins_over_a_partly_overlapping_phrase():
    lex = one_frame("en", "soft power", "power projection")
    assert found(lex, "Soft power projection.") == ["power projection"]


def test_equal_length_overlap_goes_to_the_leftmost():
    lex = one_frame("en", "soft power", "power play")
    assert found(lex, "Soft power play.") == ["Soft power"]


def test_a_weaker_earlier_phrase_does_not_hide_a_longer_one():
    lex = one_frame("en", "strengthen cooperation", "cooperation in the field of security")
    text = "They agreed to strengthen cooperation in the field of security."
    assert found(lex, text) == ["cooperation in the field of security"]


def test_different_frames_both_count():
    lex = Lexicon(
        "t",
        frames=[
            Frame("soft_power", "S", entries={"en": [entry("soft power")]}),
            Frame("power", "P", entries={"en": [entry("power projection")]}),
        ],
    )
    matches = Matcher(lex).match("Soft power projection.", "en")
    assert [(m.frame, m.start, m.end) for m in matches] == [
        ("soft_power", 0, 10),
        ("power", 5, 21),
    ]


def test_same_span_counts_once_for_the_entry_listed_first():
    lex = one_frame("en", "secur*", "security")
    matches = Matcher(lex).match("Security.", "en")
    assert [m.entry for m in matches] == ["secur*"]


# -- exclusions and proximity --------------------------------------------------------------------


def test_exclusion_cancels_overlapping_matches_of_its_frame_only():
    threat = Frame(
        "threat",
        "Threat",
        entries={"en": [entry("terror*")]},
        exclusions={"en": [entry("war on terror")]},
    )
    other = Frame("rhetoric", "Rhetoric", entries={"en": [entry("terror")]})
    lex = Lexicon("t", frames=[threat, other])
    text = "The war on terror rhetoric faded, but a terrorist cell was dismantled."
    matches = Matcher(lex).match(text, "en")
    assert [(m.frame, text[m.start : m.end]) for m in matches] == [
        ("rhetoric", "terror"),
        ("threat", "terrorist"),
    ]


def test_exclusion_in_another_language_does_not_apply():
    frame = Frame(
        "threat", "T", entries={"en": [entry("terror*")]}, exclusions={"fr": [entry("terror*")]}
    )
    assert found(Lexicon("t", frames=[frame]), "terrorism") == ["terrorism"]


def recognition_lexicon(window: int = 3) -> Lexicon:
    frame = Frame(
        "recognition",
        "Recognition",
        entries={"en": [entry("prais*"), entry("credib*")]},
        proximity=Proximity(window=window, anchors={"en": [entry("Morocco"), entry("DGSN")]}),
    )
    return Lexicon("t", frames=[frame])


def test_proximity_counts_terms_near_an_anchor_only():
    text = (
        "Spain praised Morocco for its help. The weather was mild and the harvest was good "
        "across the whole region this year, and critics praised nobody."
    )
    assert found(recognition_lexicon(), text) == ["praised"]


def test_proximity_window_is_counted_in_tokens_either_side():
    text = "The DGSN, said officials in Madrid, is credible."
    # "credible" is the 6th token after "DGSN"; "prais*" the 2nd before "Morocco".
    assert found(recognition_lexicon(window=6), text) == ["credible"]
    assert found(recognition_lexicon(window=5), text) == []
    assert found(recognition_lexicon(window=2), "Officials praised the Morocco model.") == [
        "praised"
    ]
    assert found(recognition_lexicon(window=1), "Officials praised the Morocco model.") == []


def test_proximity_does_not_reach_into_the_next_passage():
    matcher = Matcher(recognition_lexicon())
    texts = ["Talks were held with Morocco", "praised by all, the talks ended."]
    assert matcher.match_many(texts, "en") == [[], []]


# -- languages and batches -----------------------------------------------------------------------


def test_passages_are_matched_with_their_language_only():
    frame = Frame("f", "F", entries={"en": [entry("security")], "fr": [entry("sécurité")]})
    matcher = Matcher(Lexicon("t", frames=[frame]))
    assert [m.term for m in matcher.match("security et sécurité", "fr")] == ["sécurité"]
    assert [m.term for m in matcher.match("security et sécurité", "EN")] == ["security"]
    assert matcher.match("security", "es") == []
    assert matcher.languages == ["en", "fr"]


def test_batched_matching_equals_one_by_one(monkeypatch):
    lex = one_frame("en", "secur*", "security cooperation", "*terror*")
    texts = [
        "Security cooperation with Spain.",
        "",
        "Counterterrorism and securitisation.",
        "Nothing here.",
        "security, cooperation",
    ] * 3
    matcher = Matcher(lex)
    one_by_one = [matcher.match(t, "en") for t in texts]
    monkeypatch.setattr(matcher_module, "_BATCH_CHARS", 40)
    assert Matcher(lex).match_many(texts, "en") == one_by_one
    assert sum(len(m) for m in one_by_one) == 3 * 4


def test_missing_texts_are_empty():
    assert Matcher(one_frame("en", "security")).match_many([None, "security"], "en")[0] == []


# -- property: agree with a slow reference matcher -----------------------------------------------

ENTRIES = ["security", "security cooperation", "soft power", "counter-terrorism", "royal vision"]
WORDS = ["security", "Security", "cooperation", "soft", "power", "counter", "terrorism"]
WORDS += ["royal", "vision", "the", "Morocco", "SECURITY", "of"]
JOINER_GAPS = [" ", "  ", " - ", "-", "\n", "’"]
BREAKER_GAPS = [", ", ". ", " (", ") ", "; "]


def reference(text: str, entries: list[str]) -> list[tuple[int, int]]:
    """Token-by-token matching with leftmost-longest, written plainly."""
    tokens = tokenize(text)
    words = [t.text.casefold() for t in tokens]
    joinable = [set(text[a.end : b.start]) <= set(" -\n’") for a, b in itertools.pairwise(tokens)]
    keys = [[t.text.casefold() for t in tokenize(e)] for e in entries]
    spans = []
    for i in range(len(tokens)):
        for key in keys:
            j = i + len(key)
            if words[i:j] == key and all(joinable[i : j - 1]):
                spans.append((tokens[i].start, tokens[j - 1].end))
    kept, last_end = [], -1
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= last_end:
            kept.append((start, end))
            last_end = end
    return kept


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(WORDS), st.text("abcxyz", min_size=1, max_size=6)),
            st.sampled_from(JOINER_GAPS + BREAKER_GAPS),
        ),
        max_size=25,
    )
)
def test_property_spans_agree_with_reference_and_renormalise_to_the_term(parts):
    text = "".join(word + gap for word, gap in parts)
    matches = Matcher(one_frame("en", *ENTRIES)).match(text, "en")
    assert [(m.start, m.end) for m in matches] == reference(text, ENTRIES)
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert normalize_for_matching(text[m.start : m.end]) == m.term


# -- property: the vectorised policies agree with a plain implementation --------------------------


def policy_lexicon() -> Lexicon:
    return Lexicon(
        "policies",
        frames=[
            Frame(
                "excluded",
                "E",
                entries={"en": [entry("alpha"), entry("alpha beta")]},
                exclusions={"en": [entry("gamma"), entry("gamma delta")]},
            ),
            Frame(
                "near",
                "N",
                entries={"en": [entry("alpha"), entry("beta")]},
                proximity=Proximity(window=2, anchors={"en": [entry("anchor")]}),
            ),
            Frame("plain", "P", entries={"en": [entry("alpha"), entry("alpha beta")]}),
        ],
    )


def plain_resolve(plan, rows):
    """Exclusions, proximity and longest-first, one group at a time, written plainly."""
    kept = []
    groups = {}
    for row in rows:
        target = plan.targets[row[1]]
        groups.setdefault((row[0], target.frame_index), []).append((target.role, row))
    for (_, frame_index), members in groups.items():
        entries = [r for role, r in members if role == "entry"]
        exclusions = [r for role, r in members if role == "exclusion"]
        anchors = [r for role, r in members if role == "anchor"]
        entries = [e for e in entries if not any(e[2] < x[3] and x[2] < e[3] for x in exclusions)]
        if frame_index in plan.proximity:
            w = plan.proximity[frame_index]
            entries = [
                e for e in entries if any(max(a[4] - e[5], e[4] - a[5], 0) <= w for a in anchors)
            ]
        chosen = []
        for e in sorted(entries, key=lambda r: (r[2] - r[3], r[2], r[1])):
            if all(e[3] <= c[2] or e[2] >= c[3] for c in chosen):
                chosen.append(e)
        kept.extend(chosen)
    return sorted(kept)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 9), st.integers(0, 40), st.integers(1, 12)),
        max_size=40,
    )
)
def test_property_vectorised_policies_match_the_plain_rules(raw):
    plan = Matcher(policy_lexicon()).plan("en")
    assert len(plan.targets) == 9
    rows = sorted(
        {(p, t % len(plan.targets), s, s + n, s // 4, (s + n - 1) // 4) for p, t, s, n in raw}
    )
    columns = [np.array([r[i] for r in rows], dtype=np.int64) for i in range(6)]
    table = matcher_module.resolve(matcher_module.MatchTable(plan, *columns))
    got = sorted(
        zip(
            table.passage.tolist(),
            table.target.tolist(),
            table.start.tolist(),
            table.end.tolist(),
            table.first_token.tolist(),
            table.last_token.tolist(),
            strict=True,
        )
    )
    assert got == plain_resolve(plan, rows)


GLOB_ENTRIES = [
    "secur*",
    "export* security",
    "recogni?e* the role",
    "*terror*",
    "soft * power",
    "pillar* of stabil*",
    "*ism",
]
GLOB_WORDS = ["security", "Securitisation", "exporting", "exports", "recognise", "recognized"]
GLOB_WORDS += ["recognition", "the", "role", "counterterrorism", "terror", "soft", "hard", "power"]
GLOB_WORDS += ["pillar", "pillars", "of", "stability", "stable", "tourism", "prism"]


def glob_reference(text: str, entries: list[str]) -> list[tuple[int, int]]:
    """Like :func:`reference`, each entry word a shell pattern over one token."""
    tokens = tokenize(text)
    words = [t.text.casefold() for t in tokens]
    joinable = [set(text[a.end : b.start]) <= set(" -\n’") for a, b in itertools.pairwise(tokens)]
    keys = [e.split() for e in entries]
    spans = []
    for i in range(len(tokens)):
        for key in keys:
            j = i + len(key)
            if (
                j <= len(tokens)
                and all(fnmatch.fnmatchcase(w, k) for w, k in zip(words[i:j], key, strict=True))
                and all(joinable[i : j - 1])
            ):
                spans.append((tokens[i].start, tokens[j - 1].end, entries.index(" ".join(key))))
    kept, last_end = [], -1
    for start, end, _ in sorted(spans, key=lambda s: (s[0], -s[1], s[2])):
        if start >= last_end:
            kept.append((start, end))
            last_end = end
    return kept


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(GLOB_WORDS), st.text("aeiost", min_size=1, max_size=5)),
            st.sampled_from(JOINER_GAPS + BREAKER_GAPS),
        ),
        max_size=25,
    )
)
def test_property_glob_matches_agree_with_shell_patterns(parts):
    text = "".join(word + gap for word, gap in parts)
    matches = Matcher(one_frame("en", *GLOB_ENTRIES)).match(text, "en")
    assert [(m.start, m.end) for m in matches] == glob_reference(text, GLOB_ENTRIES)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=30),
    st.lists(st.integers(0, 29), max_size=60),
)
def test_expand_lists_every_value_of_every_hit_in_order(values_per_key, hits):
    # A CSR table (values of key k: ptr[k]..ptr[k+1]-1) and hits of keys, as the scan gives.
    ptr = np.concatenate([[0], np.cumsum(values_per_key)]).astype(np.int64)
    key_id = np.asarray([h % len(values_per_key) for h in hits], dtype=np.int64)
    rows, values = matcher_module._expand(ptr, key_id)
    expected = [(row, v) for row, k in enumerate(key_id) for v in range(ptr[k], ptr[k + 1])]
    assert list(zip(rows.tolist(), values.tolist(), strict=True)) == expected
