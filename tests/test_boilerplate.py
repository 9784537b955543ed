"""Boilerplate removal on web-copied articles in English, French and Arabic."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.corpus.boilerplate import (
    REASON_FOOTER,
    REASON_HEADER,
    REASON_REPEATED,
    REASON_TITLE,
    CleanedDocument,
    LineCounts,
    RepeatedLines,
    clean_document,
    match_line_rule,
    normalize_line,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

EN_BODY = [
    "The interior ministers of Morocco and Spain met in Madrid on Tuesday to review "
    "their cooperation on migration, border control and the fight against smuggling "
    "networks operating across the Strait of Gibraltar.",
    "Officials said the two delegations agreed to expand joint patrols and to share "
    "data more quickly, after a year in which irregular crossings fell sharply on the "
    "western Mediterranean route.",
    "The next meeting is planned for the spring in Rabat, where the ministers are "
    "expected to sign a new protocol on police training and on the exchange of liaison "
    "officers between the two services.",
]
FR_BODY = [
    "Le ministre de l'Intérieur a reçu lundi à Rabat son homologue espagnol pour faire le "
    "point sur la coopération sécuritaire entre les deux pays et sur la gestion commune "
    "des flux migratoires.",
    "Selon un communiqué publié à l'issue de la rencontre, les deux responsables ont "
    "salué le niveau de coordination atteint par leurs services au cours des derniers mois.",
    "Une nouvelle réunion du groupe de travail conjoint doit se tenir avant la fin de "
    "l'année à Madrid, a précisé le ministère dans son communiqué.",
]
AR_BODY = [
    "استقبل وزير الداخلية يوم الاثنين بالرباط نظيره الإسباني لبحث سبل تعزيز التعاون "
    "الأمني بين البلدين وتنسيق الجهود في مجال مكافحة الهجرة غير النظامية.",
    "وأوضح بلاغ للوزارة أن الجانبين نوها بمستوى التنسيق الذي بلغته المصالح الأمنية في "
    "البلدين خلال الأشهر الأخيرة، واتفقا على مواصلة تبادل المعلومات.",
    "ومن المرتقب أن يعقد الفريق المشترك اجتماعه المقبل في مدريد قبل نهاية السنة الجارية "
    "لمتابعة تنفيذ الالتزامات المتفق عليها.",
]


def _kept_and_removed_cover_input(lines: list[str], cleaned: CleanedDocument) -> bool:
    accounted = [*cleaned.paragraphs, *(r.text for r in cleaned.removed)]
    if cleaned.title and cleaned.title in lines:
        accounted.append(cleaned.title)
    return sorted(accounted) == sorted(lines)


def _seed_lines(prefix: str) -> list[str]:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip("seed documents are not available")
    return [line.strip() for line in matches[0].read_text("utf-8").splitlines() if line.strip()]


# --- line rules -----------------------------------------------------------------------

BOILERPLATE_LINES = [
    ("Home", "navigation"),
    ("Back to top button", "navigation"),
    ("Site Logo", "navigation"),
    ("Article Main Image", "navigation"),
    ("Home › World › Africa", "navigation"),
    ("Accueil", "navigation"),
    ("Retour en haut de la page", "navigation"),
    ("الرئيسية", "navigation"),
    ("العودة إلى الأعلى", "navigation"),
    ("Leave a Reply", "comment form"),
    ("Your email address will not be published. Required fields are marked *", "comment form"),
    ("Laisser un commentaire", "comment form"),
    ("Votre adresse e-mail ne sera pas publiée.", "comment form"),
    ("اترك تعليقاً", "comment form"),
    ("لن يتم نشر عنوان بريدك الإلكتروني.", "comment form"),
    ("الحقول الإلزامية مشار إليها بـ *", "comment form"),
    ("Share on Facebook", "share or follow buttons"),
    ("Facebook Twitter WhatsApp", "share or follow buttons"),
    ("Follow us on Instagram", "share or follow buttons"),
    ("Partager sur X", "share or follow buttons"),
    ("Suivez-nous", "share or follow buttons"),
    ("شارك على فيسبوك", "share or follow buttons"),
    ("تابعونا على تلغرام", "share or follow buttons"),
    ("Download the app", "app promotion"),
    ("Get it on Google Play", "app promotion"),
    ("Téléchargez l'application", "app promotion"),
    ("حمّل التطبيق", "app promotion"),
    (
        "Read also: Ministers agree on a new border protocol after two days of talks.",
        "read also link",
    ),
    ("À lire aussi : le Maroc et l'Espagne renforcent leur coopération", "read also link"),
    ("Voir aussi", "read also link"),
    ("اقرأ أيضاً: الرباط ومدريد توقعان اتفاقا جديدا", "read also link"),
    ("مقالات ذات صلة", "read also link"),
    ("We use cookies to improve your experience on our website.", "cookie notice"),
    ("Subscribe to our newsletter", "newsletter sign-up"),
    ("© 2025 Example Media. All rights reserved.", "copyright notice"),
    ("Tous droits réservés", "copyright notice"),
    ("جميع الحقوق محفوظة", "copyright notice"),
    ("Tags: Morocco, Spain, migration", "tags line"),
    ("Mots-clés : Maroc, Espagne", "tags line"),
    ("الوسوم: المغرب، إسبانيا", "tags line"),
    ("Photo: AFP", "photo credit"),
    ("Crédit photo : MAP", "photo credit"),
    ("صورة أرشيفية", "photo credit"),
]


@pytest.mark.parametrize(("line", "label"), BOILERPLATE_LINES)
def test_line_rules_recognise_boilerplate_in_three_languages(line, label):
    assert match_line_rule(line) == label


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell in Casablanca",
        "Partnership and credibility",
        "A strategic model",
        "Home affairs ministers gather in Rabat",
        "La coopération sécuritaire",
        "التعاون الأمني",
        "Morocco hosts the Interpol General Assembly in Marrakech",
    ],
)
def test_ordinary_headings_are_not_boilerplate(line):
    assert match_line_rule(line) is None


def test_short_line_rules_do_not_apply_to_body_paragraphs():
    line = "Share on Facebook and Twitter was how the campaign spread, the researcher said."
    assert match_line_rule(line) == "share or follow buttons"
    assert match_line_rule(line, body=True) is None


# --- positions ------------------------------------------------------------------------


def test_web_copy_loses_navigation_header_and_comment_footer():
    lines = [
        "Menu",
        "Morocco and Spain step up border cooperation",
        "World",
        "Tuesday, 25 November 2025",
        *EN_BODY,
        "Share this article",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Back to top",
    ]
    cleaned = clean_document(lines)
    assert cleaned.title == "Morocco and Spain step up border cooperation"
    assert cleaned.paragraphs == EN_BODY
    assert cleaned.header == ["World", "Tuesday, 25 November 2025"]
    reasons = {r.text: r.reason for r in cleaned.removed}
    assert reasons["Menu"] == "boilerplate: navigation"
    assert reasons["World"] == REASON_HEADER
    assert reasons["Leave a Reply"] == "boilerplate: comment form"
    assert _kept_and_removed_cover_input(lines, cleaned)


def test_french_article_with_share_read_also_and_copyright():
    lines = [
        "Accueil › Maroc › Politique",
        "Rabat et Madrid renforcent leur coopération sécuritaire",
        FR_BODY[0],
        "À lire aussi : Migration, un nouveau dispositif conjoint en Méditerranée",
        FR_BODY[1],
        "Le groupe de travail",
        FR_BODY[2],
        "Partager sur Facebook",
        "Laisser un commentaire",
        "Tous droits réservés",
    ]
    cleaned = clean_document(lines, language="fr")
    assert cleaned.title == "Rabat et Madrid renforcent leur coopération sécuritaire"
    assert cleaned.paragraphs == [FR_BODY[0], FR_BODY[1], "Le groupe de travail", FR_BODY[2]]
    reasons = [r.reason for r in cleaned.removed]
    assert reasons == [
        "boilerplate: navigation",
        "boilerplate: read also link",
        "boilerplate: share or follow buttons",
        "boilerplate: comment form",
        "boilerplate: copyright notice",
    ]


def test_arabic_article_with_navigation_read_also_and_comment_form():
    lines = [
        "الرئيسية",
        "الرباط ومدريد تعززان التعاون الأمني بين البلدين",
        AR_BODY[0],
        "اقرأ أيضاً: وزيرا الداخلية يبحثان ملف الهجرة",
        AR_BODY[1],
        AR_BODY[2],
        "شارك على فيسبوك",
        "اترك تعليقاً",
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
        "جميع الحقوق محفوظة",
    ]
    cleaned = clean_document(lines, language="ar")
    assert cleaned.title == "الرباط ومدريد تعززان التعاون الأمني بين البلدين"
    assert cleaned.paragraphs == AR_BODY
    assert len(cleaned.removed) == 6
    assert _kept_and_removed_cover_input(lines, cleaned)


def test_aggregator_page_keeps_title_body_and_headings_but_not_app_footer():
    lines = [
        "Reader Logo",
        "Featured Image",
        "Marrakech talks confirm Morocco's place in regional security.",
        "Le360",
        "Morocco",
        "Monday, March 2",
        "Analysis",
        "Security Affairs",
        EN_BODY[0],
        "A trusted partner",
        EN_BODY[1] + " An analyst told Le360 the meeting was a signal of confidence.",
        "What comes next",
        EN_BODY[2],
        "Get the full experience in the app",
        "Every country, every headline",
        "News from places others forget.",
        "Stories from forty countries, translated into English every single day.",
        "Download on the App Store",
    ]
    cleaned = clean_document(lines)
    assert cleaned.title == "Marrakech talks confirm Morocco's place in regional security."
    assert "A trusted partner" in cleaned.paragraphs
    assert "What comes next" in cleaned.paragraphs
    assert cleaned.paragraphs[0] == EN_BODY[0]
    assert cleaned.paragraphs[-1] == EN_BODY[2]
    assert len(cleaned.paragraphs) == 5
    assert cleaned.header == ["Le360", "Morocco", "Monday, March 2", "Analysis", "Security Affairs"]
    footer = [r.text for r in cleaned.removed if r.reason == REASON_FOOTER]
    assert footer == [
        "Every country, every headline",
        "News from places others forget.",
        "Stories from forty countries, translated into English every single day.",
    ]


def test_body_paragraph_mentioning_share_and_app_is_kept():
    paragraph = (
        "Share on Facebook, download the app, follow us: the ministry's digital campaign "
        "urged young people to report smuggling offers through a new app, officials said."
    )
    lines = ["Ministry launches campaign", EN_BODY[0], paragraph, EN_BODY[1]]
    assert clean_document(lines).paragraphs == [EN_BODY[0], paragraph, EN_BODY[1]]


def test_short_heading_inside_body_and_one_line_lede_are_kept():
    lede = "Morocco and Spain agreed on Tuesday to expand joint patrols."
    lines = [lede, EN_BODY[0], "Joint patrols", EN_BODY[1], EN_BODY[2]]
    cleaned = clean_document(lines, title="Madrid talks")
    assert cleaned.paragraphs == lines
    assert cleaned.removed == []


def test_short_closing_line_before_footer_is_kept():
    closing = "Talks resume in March."
    lines = ["Madrid talks end", *EN_BODY, closing, "Share this article", "Tweet"]
    cleaned = clean_document(lines)
    assert cleaned.paragraphs == [*EN_BODY, closing]


def test_title_repeated_as_first_paragraph_is_removed():
    title = "Rabat et Madrid renforcent leur coopération sécuritaire"
    cleaned = clean_document([title, *FR_BODY], title=title)
    assert cleaned.title == title
    assert cleaned.paragraphs == FR_BODY
    assert [(r.text, r.reason) for r in cleaned.removed] == [(title, REASON_TITLE)]


def test_plain_text_with_short_first_line_gets_it_as_title():
    cleaned = clean_document(["Madrid talks", *EN_BODY])
    assert cleaned.title == "Madrid talks"
    assert cleaned.paragraphs == EN_BODY


def test_plain_text_starting_with_a_paragraph_has_no_title():
    cleaned = clean_document(EN_BODY)
    assert cleaned.title == ""
    assert cleaned.paragraphs == EN_BODY


def test_document_without_body_is_cleaned_by_line_rules_only():
    lines = ["Menu", "Border talks in Madrid", "Ministers met", "Share this article"]
    cleaned = clean_document(lines)
    assert cleaned.title == "Border talks in Madrid"
    assert cleaned.paragraphs == ["Ministers met"]
    assert [r.text for r in cleaned.removed] == ["Menu", "Share this article"]


def test_title_repeat_is_removed_even_without_body():
    cleaned = clean_document(["Border talks", "Ministers met", "Talks go on"], title="Border talks")
    assert cleaned.paragraphs == ["Ministers met", "Talks go on"]
    assert [r.reason for r in cleaned.removed] == [REASON_TITLE]


def test_empty_document():
    cleaned = clean_document([])
    assert (cleaned.title, cleaned.paragraphs, cleaned.removed) == ("", [], [])


# --- repetition -----------------------------------------------------------------------


def _outlet_docs(slogan: str, n: int) -> list[list[str]]:
    return [
        [f"Story number {i} about the border", EN_BODY[i % 3], slogan, EN_BODY[2]] for i in range(n)
    ]


def test_repeated_lines_are_learnt_per_outlet_and_removed():
    slogan = "The Morning Desk, every weekday"
    docs = [("desk.ma", d) for d in _outlet_docs(slogan, 4)]
    docs.append(("other.ma", ["Other story", EN_BODY[0], slogan, EN_BODY[1]]))
    repeated = RepeatedLines().fit(docs)
    assert repeated.is_repeated("desk.ma", slogan)
    assert repeated.is_repeated("desk.ma", "  the morning desk, EVERY weekday ")
    assert not repeated.is_repeated("other.ma", slogan)
    assert not repeated.is_repeated("desk.ma", EN_BODY[2])  # too long to count

    cleaned = clean_document(docs[0][1], repeated=repeated, outlet="desk.ma")
    assert slogan not in cleaned.paragraphs
    assert (slogan, REASON_REPEATED) in [(r.text, r.reason) for r in cleaned.removed]
    kept = clean_document(docs[-1][1], repeated=repeated, outlet="other.ma")
    assert slogan in kept.paragraphs


def test_repeated_lines_need_enough_documents_and_share():
    slogan = "The Morning Desk, every weekday"
    two = RepeatedLines().fit([("desk.ma", d) for d in _outlet_docs(slogan, 2)])
    assert not two.is_repeated("desk.ma", slogan)
    docs = [("desk.ma", d) for d in _outlet_docs(slogan, 3)]
    docs += [("desk.ma", ["Plain story", EN_BODY[1]]) for _ in range(4)]
    assert not RepeatedLines().fit(docs).is_repeated("desk.ma", slogan)  # 3 of 7 < 0.5
    assert RepeatedLines(min_share=0.4).fit(docs).is_repeated("desk.ma", slogan)


def test_line_counts_of_parts_add_up_to_those_of_the_whole():
    slogan = "The Morning Desk, every weekday"
    docs = [("desk.ma", d) for d in _outlet_docs(slogan, 5)]
    docs += [("other.ma", ["Other story", slogan]), ("", ["No outlet", slogan])]
    whole = RepeatedLines().fit(docs)
    counts = LineCounts()
    for part in (docs[:2], docs[2:3], [], docs[3:]):  # as worker processes count them
        counts.update(RepeatedLines().count(part))
    parts = RepeatedLines().fit_counts(counts)
    assert parts.lines_ == whole.lines_ and parts.n_documents_ == whole.n_documents_
    assert parts.n_documents_ == {"desk.ma": 5, "other.ma": 1, "": 1}
    assert counts.lines["desk.ma"][normalize_line(slogan)] == 5
    assert parts.is_repeated("desk.ma", slogan) and not parts.is_repeated("other.ma", slogan)


def test_repeated_lines_must_be_fitted():
    with pytest.raises(RuntimeError, match="fit"):
        RepeatedLines().is_repeated("desk.ma", "anything")


# --- seeds ----------------------------------------------------------------------------


def test_seed_002_loses_exactly_its_three_footer_lines():
    lines = _seed_lines("002")
    cleaned = clean_document(lines)
    assert cleaned.title == lines[0]
    assert len(cleaned.removed) == 3
    assert [r.text for r in cleaned.removed] == lines[-3:]
    assert cleaned.paragraphs == lines[1:-3]


def test_seed_003_keeps_title_body_and_headings():
    lines = _seed_lines("003")
    cleaned = clean_document(lines)
    long_lines = [line for line in lines if len(line.split()) >= 20]
    assert cleaned.title == lines[2]
    assert long_lines
    for paragraph in long_lines:
        assert paragraph in cleaned.paragraphs
    headings = [p for p in cleaned.paragraphs if len(p.split()) < 5]
    assert len(headings) == 2
    removed = [r.text for r in cleaned.removed]
    assert lines[0] in removed and lines[1] in removed
    assert lines[-1] in removed and cleaned.paragraphs[-1] != lines[-2]
    assert any("app" in r.reason for r in cleaned.removed)
    assert any(len(h.split()) == 1 for h in cleaned.header)  # the source outlet's name


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_seeds_001_and_004_lose_nothing(prefix):
    lines = _seed_lines(prefix)
    cleaned = clean_document(lines)
    assert cleaned.title == lines[0]
    assert cleaned.paragraphs == lines[1:]
    assert cleaned.removed == []
