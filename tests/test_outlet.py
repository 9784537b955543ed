"""Outlets: from URLs, from sources an article names, and the rule that decides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus.boilerplate import clean_document
from framing.corpus.outlet import (
    find_named_source,
    outlet_from_url,
    resolve_outlet,
    same_outlet,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.hespress.com/politique/123.html", "hespress.com"),
        ("https://en.hespress.com/politics/123.html", "hespress.com"),
        ("https://fr.le360.ma/politique/x", "le360.ma"),
        ("https://ar.le360.ma/x", "le360.ma"),
        ("http://m.alyaoum24.com:8080/x?y=1", "alyaoum24.com"),
        ("https://amp.theguardian.com/world/2025/nov/27/x", "theguardian.com"),
        ("HTTPS://WWW.Diplomatique.MA/wp-json/wp/v2/posts/1", "diplomatique.ma"),
        ("www.lematin.ma/politique", "lematin.ma"),
        ("https://news.example.co.uk/story", "news.example.co.uk"),
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
        ("https://xn--mgbh0fb.xn--kgbechtv/", "مثال.إختبار"),
        ("", ""),
        ("not a url", ""),
        ("https://", ""),
        ("mailto:desk@example.ma", ""),
        ("http://[::1", ""),
        ("ftp://files.example.ma/x", ""),
        ("localhost:8000/x", ""),
        ("www.example.ma:8080/x", "example.ma"),
    ],
)
def test_outlet_from_url(url, outlet):
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    ("header", "paragraphs", "source"),
    [
        ([], ["The ministers met in Rabat.", "Source: Morocco World News"], "Morocco World News"),
        ([], ["Originally published by Le Desk on 3 March 2026."], "Le Desk"),
        (["This article first appeared in Hespress English"], [], "Hespress English"),
        ([], ["Les ministres se sont réunis.", "Source : Médias24"], "Médias24"),
        ([], ["Publié initialement par L'Economiste le 3 mars"], "L'Economiste"),
        ([], ["اجتمع الوزيران في الرباط.", "المصدر: هسبريس"], "هسبريس"),
        ([], ["نقلا عن وكالة المغرب العربي للأنباء"], "وكالة المغرب العربي للأنباء"),
    ],
)
def test_explicit_source_statements(header, paragraphs, source):
    assert find_named_source(header, paragraphs) == source


def test_explicit_source_in_a_long_paragraph_is_not_taken():
    paragraph = (
        "Source: officials close to the negotiations, who asked not to be named because "
        "they were not authorised to speak, said the talks had made progress on borders."
    )
    assert find_named_source([], [paragraph]) is None


def test_aggregator_header_name_cited_by_the_body():
    header = ["Morocco", "Le360", "Thursday, November 27", "Security Affairs"]
    body = [
        "Morocco's hosting of the meeting was a sign of international confidence in its "
        "security services, observers said.",
        "A researcher in strategic affairs told Le360 that the choice of Marrakech was not "
        "merely a matter of logistics.",
    ]
    assert find_named_source(header, body) == "Le360"


@pytest.mark.parametrize(
    ("header", "body", "source"),
    [
        (
            ["Hespress"],
            ["In an interview with the Hespress electronic newspaper, he said it."],
            "Hespress",
        ),
        (["Le Desk"], ["Selon Le Desk, la réunion a duré trois heures."], "Le Desk"),
        (
            ["Médias24"],
            ["L'expert a déclaré à Médias24 que le choix était stratégique."],
            "Médias24",
        ),
        (["هسبريس"], ["وقال الباحث في تصريح لهسبريس إن اختيار مراكش ليس صدفة."], "هسبريس"),
        (["اليوم 24"], ["وحسب اليوم 24 فإن الاجتماع دام ثلاث ساعات."], "اليوم 24"),
        (["2030"], ["According to 2030 plans, the stadium opens."], None),
        (["Morocco"], ["Officials told Morocco's partners that the talks went well."], None),
        (["World"], ["According to World leaders, the summit mattered."], None),
        (["Alternative Takes"], ["Observers said the meeting mattered."], None),
        (["Abdellatif Hammouchi"], ["The minister met with Abdellatif Hammouchi on Monday."], None),
        (["Thursday, November 27"], ["He told Thursday that it mattered."], None),
    ],
)
def test_header_names_need_a_citation_in_the_body(header, body, source):
    assert find_named_source(header, body) == source


def test_no_source_at_all():
    assert find_named_source([], ["Ministers met in Rabat on Monday."]) is None


def test_same_outlet():
    assert same_outlet("Hespress", "hespress.com")
    assert same_outlet("Hespress English", "en.hespress.com")
    assert same_outlet("le360.ma", "Le360")
    assert not same_outlet("Le Desk", "le360.ma")
    assert not same_outlet("", "le360.ma")


@pytest.mark.parametrize(
    ("manifest", "url", "named", "reader", "expected"),
    [
        ("Hespress", "aggregator.example", "Le360", "Aggregator", ("Hespress", "")),
        ("", "aggregator.example", "Hespress", "Aggregator", ("Hespress", "aggregator.example")),
        ("", "hespress.com", "Hespress", "", ("hespress.com", "")),
        ("", "hespress.com", None, "Hespress", ("hespress.com", "")),
        ("", "", None, "Le Matin", ("Le Matin", "")),
        ("", "", "Hespress", "Global News App", ("Hespress", "Global News App")),
        ("", "", "Hespress", "", ("Hespress", "")),
        ("", "", None, "", ("", "")),
        ("  ", "", "  ", "", ("", "")),
    ],
)
def test_resolve_outlet(manifest, url, named, reader, expected):
    assert resolve_outlet(manifest, url, named, reader) == expected


def test_seed_003_names_its_source_outlet():
    matches = sorted(SEEDS.glob("003_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip("seed documents are not available")
    lines = [line.strip() for line in matches[0].read_text("utf-8").splitlines() if line.strip()]
    cleaned = clean_document(lines)
    source = find_named_source(cleaned.header, cleaned.paragraphs)
    assert source == "Hespress"
    assert resolve_outlet("", "", source, "") == ("Hespress", "")


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_seeds_without_named_source(prefix):
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip("seed documents are not available")
    lines = [line.strip() for line in matches[0].read_text("utf-8").splitlines() if line.strip()]
    cleaned = clean_document(lines)
    assert find_named_source(cleaned.header, cleaned.paragraphs) is None


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTPS://", "hTtP://", "//", ""]),
    st.text(alphabet="aZ09.-_:@[]/?#%é\t\n\\ ", max_size=30),
)
def test_plain_hosts_are_read_as_urlsplit_reads_them(scheme: str, rest: str) -> None:
    from urllib.parse import urlsplit

    import framing.corpus.outlet as outlet

    url = scheme + rest
    plain = outlet._PLAIN_HOST.match(url)
    if plain:
        assert plain.group(1).lower() == (urlsplit(url).hostname or "")
    outlet._PLAIN_HOST, fast = re.compile(r"(?!)"), outlet._PLAIN_HOST  # urlsplit only
    try:
        expected = outlet.outlet_from_url(url)
    finally:
        outlet._PLAIN_HOST = fast
    assert outlet.outlet_from_url(url) == expected
