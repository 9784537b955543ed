"""Keyness: Monroe et al. log-odds with an informative Dirichlet prior, and Williams' G2."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from compare_helpers import Article, build
from scipy.stats import chi2, chi2_contingency

from framing.compare.data import prepare
from framing.compare.keyness import keyness_from_counts, keyness_table, parse_keyness
from framing.errors import CompareError


def test_log_odds_and_g2_against_a_hand_computed_table():
    a = Counter({"terrorisme": 12, "coopération": 3, "sécurité": 20, "royaume": 5})
    b = Counter({"terrorisme": 2, "coopération": 10, "sécurité": 18, "royaume": 6})
    pooled = a + b + Counter({"terrorisme": 4, "sécurité": 10, "partenariat": 12})
    table = keyness_from_counts(a, b, pooled, labels=("Le Courrier", "Atlas"), min_count=1)
    row = table.set_index("token").loc["terrorisme"]
    n_a, n_b = 40, 36
    pooled_n = sum(pooled.values())  # 116
    alpha_w, alpha_0 = 18.0, float(pooled_n)  # raw pooled counts as the prior
    delta = math.log((12 + alpha_w) / (n_a + alpha_0 - 12 - alpha_w)) - math.log(
        (2 + alpha_w) / (n_b + alpha_0 - 2 - alpha_w)
    )
    z = delta / math.sqrt(1 / (12 + alpha_w) + 1 / (2 + alpha_w))
    assert row["log_odds"] == pytest.approx(delta)
    assert row["z"] == pytest.approx(z)
    # G2 from scipy, then Williams' q for a 2 x 2 table written out.
    observed = [[12, n_a - 12], [2, n_b - 2]]
    g2 = chi2_contingency(observed, correction=False, lambda_="log-likelihood")[0]
    big_n = n_a + n_b
    q = 1 + (big_n * (1 / n_a + 1 / n_b) - 1) * (big_n * (1 / 14 + 1 / (big_n - 14)) - 1) / (
        6 * big_n
    )
    assert row["g2"] == pytest.approx(g2 / q)
    assert row["g2_p"] == pytest.approx(chi2.sf(g2 / q, 1))
    assert row["rate_a"] == pytest.approx(12 / 40 * 1000)
    assert row["favours"] == "Le Courrier"
    assert table.set_index("token").loc["coopération", "favours"] == "Atlas"
    assert table["token"].iloc[0] == "terrorisme"  # sorted by z, A-typical first
    assert "partenariat" not in set(table["token"])  # in the prior only


def test_prior_strength_rescales_the_prior():
    a, b = Counter({"sahel": 9, "visite": 3}), Counter({"sahel": 1, "visite": 7})
    weak = keyness_from_counts(a, b, min_count=1, prior_strength=2.0).set_index("token")
    alpha_w = 2.0 * 10 / 20
    delta = math.log((9 + alpha_w) / (12 + 2.0 - 9 - alpha_w)) - math.log(
        (1 + alpha_w) / (8 + 2.0 - 1 - alpha_w)
    )
    assert weak.loc["sahel", "log_odds"] == pytest.approx(delta)
    strong = keyness_from_counts(a, b, min_count=1).set_index("token")
    # A stronger prior shrinks the log-odds towards 0.
    assert 0 < strong.loc["sahel", "log_odds"] < weak.loc["sahel", "log_odds"]


MARSAD = [
    "أعلنت المديرية العامة للأمن الوطني تفكيك خلية إرهابية في طنجة.",
    "وأكدت المصادر الأمنية أن الخلية الإرهابية كانت تخطط لهجمات.",
]
HESPRESS = [
    "بحث المسؤولان سبل تعزيز التعاون الامني وتبادل المعلومات.",
    "وشدد الجانبان على أهمية الشراكة الامنية في الساحل.",
]


def arabic_corpus():
    articles = []
    for i in range(3):
        articles.append(
            Article(
                f"marsad-{i}",
                "Al Marsad",
                "ar",
                "2026-02-11",
                [("threat",), ("threat",)],
                text_override=MARSAD,
            )
        )
        articles.append(
            Article(
                f"hespress-{i}",
                "Hespress",
                "ar",
                "2026-02-12",
                [("cooperation",), ()],
                text_override=HESPRESS,
            )
        )
    articles.append(
        Article(
            "atlas-0",
            "Atlas Review",
            "en",
            "2026-02-12",
            [("threat",)],
            text_override=["The cell planned attacks in Tangier, the police said."],
        )
    )
    return build(articles)


def test_keyness_on_normalised_arabic_tokens_with_stopwords_removed():
    corpus, scores = arabic_corpus()
    data = prepare(scores, corpus, ["outlet"])
    table = keyness_table(data, "Al Marsad", "Hespress", frames=None)
    overall = table[table["frame"] == "(all)"].set_index("token")
    # الأمنية (hamza) and الامنية (none) are one word, shown in its most frequent spelling
    # (a tie here: the first in sorted order), with every spelling counted under it.
    assert overall.loc["الأمنية", "count_a"] == 3 and overall.loc["الأمنية", "count_b"] == 3
    assert overall.loc["الأمنية", "forms"] == "الأمنية (3); الامنية (3)"
    assert "الامنية" not in overall.index
    # The article and the proclitics before it come off: إرهابية and الإرهابية are one word.
    assert overall.loc["إرهابية", "count_a"] == 6
    assert overall.loc["إرهابية", "forms"] == "إرهابية (3); الإرهابية (3)"
    assert overall.loc["إرهابية", "favours"] == "Al Marsad"
    assert overall.loc["الخلية", "forms"] == "الخلية (3); خلية (3)"
    assert overall.loc["التعاون", "favours"] == "Hespress"
    # للأمن (ل + ال) is أمن; a proclitic without the article stays (وتبادل is not تبادل).
    assert overall.loc["للأمن", "forms"] == "للأمن (3)"
    assert "وتبادل" in overall.index
    assert not {"في", "ان", "علي", "أن", "على"} & set(overall.index)  # stopwords


def test_keyness_within_a_frame_uses_only_passages_with_the_frame():
    corpus, scores = arabic_corpus()
    data = prepare(scores, corpus, ["outlet"])
    table = keyness_table(data, "Al Marsad", "Hespress", frames=["cooperation", "threat"])
    cooperation_scope = table[table["frame"] == "cooperation"]
    # Al Marsad has no cooperation passage: that scope is skipped and said so.
    assert cooperation_scope.empty
    assert "cooperation: no tokens for Al Marsad" in table.attrs["skipped"][0]
    threat_scope = table[table["frame"] == "threat"]
    assert threat_scope.empty  # Hespress has no threat passage either
    assert len(table.attrs["skipped"]) == 2


def test_keyness_with_stopwords_kept_and_english_groups():
    articles = [
        Article(f"atlas-{i}", "Atlas Review", "en", "2026-02-11", [("threat",), ()])
        for i in range(3)
    ] + [
        Article(f"courier-{i}", "Courier", "en", "2026-02-11", [("cooperation",), ()])
        for i in range(3)
    ]
    corpus, scores = build(articles)
    data = prepare(scores, corpus, ["outlet"])
    with_stop = keyness_table(data, "Atlas Review", "Courier", use_stopwords=False)
    without = keyness_table(data, "Atlas Review", "Courier")
    assert "the" in set(with_stop["token"]) and "the" not in set(without["token"])
    top = without.iloc[0]
    assert top["favours"] == "Atlas Review" and top["count_b"] == 0
    assert without.iloc[-1]["favours"] == "Courier"


def test_keyness_groups_must_exist():
    corpus, scores = arabic_corpus()
    data = prepare(scores, corpus, ["outlet"])
    with pytest.raises(CompareError, match="'Le Monde' is not a group") as e:
        keyness_table(data, "Al Marsad", "Le Monde")
    assert "Hespress" in str(e.value)
    assert parse_keyness("en:ar") == ("en", "ar")
    with pytest.raises(CompareError):
        parse_keyness("en")
