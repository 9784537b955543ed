"""Readers: WordPress, HTML, text, CSV, JSON Lines; sniffing by content; bad inputs."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from framing.corpus.readers import (
    READERS,
    ColumnMap,
    ReadResult,
    detect_columns,
    parse_column_map,
    read_file,
    read_text,
    register_reader,
    sniff_format,
    unregister_reader,
)
from framing.corpus.readers.jsonl import shares_agree
from framing.corpus.readers.text import text_paragraphs
from framing.errors import InputError, ResourceLimitError

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# ---------------------------------------------------------------- WordPress

CONTENT = """
<p style="text-align: justify;">Rabat&#8217;s security partnership with Riyadh entered a new
phase this week, as the two delegations met for <strong>three days of talks</strong>, officials
said.</p>
<h3>A model that travels</h3>
<p>Observers describe a model built on:</p>
<ul>
<li><p>preventive intelligence,</p></li>
<li><p>training of officers &amp; technical staff,</p></li>
<li>crowd management at <em>major events</em>.</li>
</ul>
<script>window.dataLayer = [];</script>
<iframe src="https://video.example/embed/1">Video about the visit</iframe>
<blockquote><p>&#8220;Security has become a diplomatic asset,&#8221; a researcher said.</p>
</blockquote>
<figure><img src="x.jpg" alt="delegations"><figcaption>The delegations in Riyadh.</figcaption>
</figure>
<p>The first line of an address<br>and its second line&nbsp;after a break.</p>
<table><tr><th>Year</th><th>Agreements</th></tr><tr><td>2024</td><td>3</td></tr></table>
<form><input name="email"><p>Subscribe to our newsletter</p></form>
<div class="sharedaddy"><h3>Share this:</h3><ul><li>Facebook</li></ul></div>
<p>   </p>
"""

EXPECTED_PARAGRAPHS = [
    "Rabat’s security partnership with Riyadh entered a new phase this week, as the two "
    "delegations met for three days of talks, officials said.",
    "A model that travels",
    "Observers describe a model built on:",
    "preventive intelligence,",
    "training of officers & technical staff,",
    "crowd management at major events.",
    "“Security has become a diplomatic asset,” a researcher said.",
    "The delegations in Riyadh.",
    "The first line of an address",
    "and its second line after a break.",
    "Year | Agreements",
    "2024 | 3",
]


def wordpress_post(**overrides: object) -> dict[str, object]:
    post: dict[str, object] = {
        "id": 5120,
        "date": "2026-02-12T10:05:00",
        "date_gmt": "2026-02-12T09:05:00",
        "modified": "2026-02-12T18:40:00",
        "guid": {"rendered": "https://news.example.ma/en/?p=5120"},
        "slug": "security-partnership-riyadh",
        "link": "https://news.example.ma/en/security-partnership-riyadh/",
        "title": {"rendered": "Rabat&#8217;s security partnership &amp; <em>Riyadh</em>"},
        "content": {"rendered": CONTENT, "protected": False},
        "excerpt": {"rendered": "<p>Rabat&#8217;s partnership with Riyadh [&hellip;]</p>"},
        "author": 4,
        "categories": [12, 31],
        "tags": [201],
        "lang": "en",
        "class_list": ["post-5120", "post", "category-politics", "tag-security"],
        "_embedded": {
            "author": [{"id": 4, "name": "Nadia Amrani"}],
            "wp:term": [
                [
                    {"id": 12, "name": "Politics", "taxonomy": "category"},
                    {"id": 31, "name": "Gulf &amp; Maghreb", "taxonomy": "category"},
                ],
                [{"id": 201, "name": "Security", "taxonomy": "post_tag"}],
            ],
        },
    }
    post.update(overrides)
    return post


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_wordpress_post_saved_as_txt_is_read_as_wordpress(tmp_path: Path) -> None:
    # ensure_ascii escapes every non-ASCII character as \uXXXX, as WordPress does.
    path = write(tmp_path / "post.txt", json.dumps(wordpress_post()))
    result = read_file(path)
    assert result.encoding == "utf-8" and result.skipped == []
    [doc] = result.documents
    assert doc.source_format == "wordpress"
    assert doc.source_path == str(path)
    assert doc.title == "Rabat’s security partnership & Riyadh"
    assert doc.paragraphs == EXPECTED_PARAGRAPHS
    assert doc.url == "https://news.example.ma/en/security-partnership-riyadh/"
    assert doc.date == "2026-02-12T10:05:00"
    assert doc.outlet == ""
    assert doc.language == "en"
    meta = doc.metadata
    assert meta["date_gmt"] == "2026-02-12T09:05:00"
    assert meta["modified"] == "2026-02-12T18:40:00"
    assert meta["categories"] == [12, 31] and meta["tags"] == [201]
    assert meta["category_names"] == ["Politics", "Gulf & Maghreb"]
    assert meta["tag_names"] == ["Security"]
    assert meta["category_slugs"] == ["politics"] and meta["tag_slugs"] == ["security"]
    assert meta["author_name"] == "Nadia Amrani"
    assert meta["excerpt"] == "Rabat’s partnership with Riyadh […]"
    assert meta["url_language"] == "en"
    assert meta["id"] == 5120 and meta["slug"] == "security-partnership-riyadh"


def test_wordpress_body_has_no_markup_or_script() -> None:
    [doc] = read_text(json.dumps(wordpress_post()), source="p.json").documents
    text = "\n".join(doc.paragraphs)
    assert not re.search(r"<[a-z/]|&[a-z#0-9]+;", text)
    for absent in ("dataLayer", "Video about the visit", "newsletter", "Share this", "Facebook"):
        assert absent not in text


def test_wordpress_language_only_from_explicit_fields() -> None:
    post = wordpress_post(link="https://news.example.ma/fr/partenariat/")
    del post["lang"]
    [doc] = read_text(json.dumps(post), source="p.json").documents
    assert doc.language == ""
    assert doc.metadata["url_language"] == "fr"
    post["wpml_current_locale"] = "fr_FR"
    [doc] = read_text(json.dumps(post), source="p.json").documents
    assert doc.language == "fr_FR"


def test_wordpress_url_falls_back_to_guid() -> None:
    post = wordpress_post()
    del post["link"]
    [doc] = read_text(json.dumps(post), source="p.json").documents
    assert doc.url == "https://news.example.ma/en/?p=5120"


def test_wordpress_list_reads_every_post_and_skips_empty_ones(tmp_path: Path) -> None:
    second = wordpress_post(
        id=5121,
        title={"rendered": "La visite à Riyad"},
        content={"rendered": "<p>La visite a duré trois jours.</p>"},
    )
    empty = wordpress_post(id=5122, content={"rendered": "", "protected": True})
    path = write(tmp_path / "posts.json", json.dumps([wordpress_post(), second, empty]))
    result = read_file(path)
    assert [d.source_path for d in result.documents] == [f"{path}#index 0", f"{path}#index 1"]
    assert result.documents[1].paragraphs == ["La visite a duré trois jours."]
    [skipped] = result.skipped
    assert skipped.source == f"{path}#index 2"
    assert "password-protected" in skipped.reason


def test_wordpress_single_post_without_text_is_an_error() -> None:
    post = json.dumps(wordpress_post(content={"rendered": "<p>&nbsp;</p>"}))
    with pytest.raises(InputError, match="no body text"):
        read_text(post, source="p.json")


def test_truncated_wordpress_json_names_line_and_column(tmp_path: Path) -> None:
    text = json.dumps(wordpress_post(), indent=1)
    path = write(tmp_path / "post.txt", text[: len(text) // 2])
    with pytest.raises(InputError, match=r"invalid JSON: .* at line \d+, column \d+") as raised:
        read_file(path)
    assert raised.value.path == str(path)
    assert raised.value.line is not None and raised.value.line > 1


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not available")
def test_seed_wordpress_post() -> None:
    [path] = SEEDS.glob("000_*.txt")
    [doc] = read_file(path).documents
    assert doc.source_format == "wordpress"
    assert doc.title.startswith("When security becomes soft power")
    assert "’" in doc.title
    assert doc.url.startswith("https://diplomatique.ma/en/")
    assert doc.date == "2026-02-11T15:35:40"
    assert doc.metadata["url_language"] == "en"
    # Headings and list items are paragraphs of their own.
    assert "From cooperation to strategic recognition" in doc.paragraphs
    assert "Conclusion" in doc.paragraphs
    assert "preventive intelligence," in doc.paragraphs
    assert "infiltration of extremist networks," in doc.paragraphs
    text = "\n".join(doc.paragraphs)
    assert not re.search(r"<[a-z/]|&[a-z#0-9]+;|\\u", text)
    assert "Morocco’s" in text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not available")
@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_seed_text_files(prefix: str) -> None:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    result = read_file(path)
    [doc] = result.documents
    assert doc.source_format == "text" and doc.title == ""
    first_line = path.read_text("utf-8").strip().split("\n")[0].strip()
    assert doc.paragraphs[0] == first_line
    assert len(doc.paragraphs) >= 5


# ---------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:url" content="{url}">
<link rel="canonical" href="{url}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="2026-02-12T09:30:00+01:00">
<script>var analytics = "page-view";</script>
</head>
<body>
<header><a href="/">{site}</a>
<nav><ul><li><a href="/politics">{nav1}</a></li><li><a href="/sport">{nav2}</a></li></ul></nav>
</header>
<main>
<article>
<h1>{title}</h1>
{body}
</article>
<div class="share"><a href="#">{share}</a> <a href="#">X</a></div>
<section id="comments"><h3>{comment}</h3>
<form><textarea name="comment"></textarea><button>OK</button></form></section>
</main>
<footer><p>{footer}</p><p><a href="/contact">Contact</a></p></footer>
<script>document.write("tracking");</script>
</body>
</html>"""

PAGES = {
    "en": dict(
        lang="en",
        site="The Maghreb Observer",
        url="https://observer.example/en/politics/riyadh-visit",
        author="Karim Tazi",
        title="Security chief's Riyadh visit signals a deeper partnership",
        nav1="Politics",
        nav2="Sport",
        share="Share on Facebook",
        comment="Leave a comment",
        footer="© 2026 The Maghreb Observer. All rights reserved.",
        paragraphs=[
            "Morocco's head of national security held talks in Riyadh on Wednesday with senior "
            "Saudi officials, in a visit both sides described as a turning point.",
            "According to an official statement, the discussions covered intelligence sharing "
            "and the fight against terrorism and organised crime.",
            "An old partnership",
            "Analysts recall that cooperation between the two kingdoms goes back decades and "
            "has intensified since 2015.",
            "training of officers,",
            "exchange of technical expertise,",
            "coordination against cross-border threats.",
        ],
    ),
    "fr": dict(
        lang="fr-FR",
        site="Le Quotidien du Maghreb",
        url="https://quotidien.example/fr/politique/visite-riyad",
        author="Samira Benali",
        title="La coopération sécuritaire au cœur de la visite à Riyad",
        nav1="Politique",
        nav2="Sport",
        share="Partager sur Facebook",
        comment="Laisser un commentaire",
        footer="© 2026 Le Quotidien du Maghreb. Tous droits réservés.",
        paragraphs=[
            "Le directeur général de la sûreté nationale a été reçu mercredi à Riyad par ses "
            "homologues saoudiens, dans le cadre d'une visite présentée comme un tournant.",
            "Selon un communiqué officiel, les deux parties ont examiné les moyens de renforcer "
            "l'échange de renseignements et la lutte contre le terrorisme.",
            "Un partenariat ancien",
            "Les observateurs rappellent que la coopération entre les deux royaumes remonte à "
            "plusieurs décennies et s'est intensifiée depuis 2015.",
            "formation des cadres,",
            "échange d'expertise technique,",
            "coordination face aux menaces transfrontalières.",
        ],
    ),
    "ar": dict(
        lang="ar",
        site="صحيفة المغرب اليوم",
        url="https://almaghrib.example/ar/siyasa/ziyara",
        author="يوسف العلوي",
        title="زيارة المدير العام للأمن الوطني إلى الرياض تفتح آفاقا جديدة",
        nav1="سياسة",
        nav2="رياضة",
        share="شارك على فيسبوك",
        comment="أضف تعليقا",
        footer="جميع الحقوق محفوظة لصحيفة المغرب اليوم 2026",
        paragraphs=[
            "أجرى المدير العام للأمن الوطني يوم الأربعاء في الرياض مباحثات مع مسؤولين سعوديين "
            "كبار، في زيارة وصفها الطرفان بأنها منعطف في العلاقات الأمنية بين البلدين.",
            "وحسب بيان رسمي، تناولت المباحثات سبل تعزيز تبادل المعلومات الاستخباراتية ومكافحة "
            "الإرهاب والجريمة المنظمة العابرة للحدود.",
            "شراكة قديمة",
            "ويذكر المراقبون أن التعاون بين المملكتين يعود إلى عقود، وقد تعزز منذ سنة 2015 "
            "بفضل برامج التكوين المشتركة.",
            "تكوين الأطر،",
            "تبادل الخبرات التقنية،",
            "التنسيق في مواجهة التهديدات العابرة للحدود.",
        ],
    ),
}


def html_page(language: str) -> str:
    values = dict(PAGES[language])
    paragraphs = values.pop("paragraphs")
    body = (
        f"<p>{paragraphs[0]}</p>\n<p>{paragraphs[1]}</p>\n<h2>{paragraphs[2]}</h2>\n"
        f"<p>{paragraphs[3]}</p>\n<ul>"
        + "".join(f"<li>{item}</li>" for item in paragraphs[4:])
        + "</ul>"
    )
    return PAGE.format(body=body, **values)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_html_article_keeps_body_and_drops_page_furniture(tmp_path: Path, language: str) -> None:
    page = PAGES[language]
    path = write(tmp_path / f"article_{language}.html", html_page(language))
    [doc] = read_file(path).documents
    assert doc.source_format == "html"
    assert doc.paragraphs == page["paragraphs"]
    assert doc.title == page["title"]
    assert doc.url == page["url"]
    assert doc.outlet == page["site"]
    assert doc.language == page["lang"]
    assert doc.date == "2026-02-12"
    assert doc.metadata["author"] == page["author"]
    text = "\n".join(doc.paragraphs)
    for furniture in ("nav1", "nav2", "share", "comment", "footer"):
        assert page[furniture] not in text
    assert "tracking" not in text and "analytics" not in text


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    path = write(tmp_path / "page.txt", html_page("fr"))
    [doc] = read_file(path).documents
    assert doc.source_format == "html"
    assert doc.paragraphs[0].startswith("Le directeur général")


@pytest.mark.parametrize(
    "body",
    [
        # A listing page: a column of headlines that are links.
        "<ul>"
        + "".join(
            f'<li><a href="/a/{i}">Security talks in Riyadh: part {i} of the series on the '
            f"regional partnership</a></li>"
            for i in range(15)
        )
        + "</ul>",
        # A login page.
        "<h1>Log in</h1><form><input name='user'><input type='password'></form>"
        "<p>Forgot your password?</p>",
        # An error page.
        "<h1>Page not found</h1><p>Sorry, the page you requested does not exist.</p>",
    ],
)
def test_html_without_article_text_is_an_error(tmp_path: Path, body: str) -> None:
    html = f"<!DOCTYPE html><html><head><title>Site</title></head><body>{body}</body></html>"
    path = write(tmp_path / "page.html", html)
    with pytest.raises(InputError, match="no article text found in the HTML") as raised:
        read_file(path)
    assert raised.value.path == str(path)


# ---------------------------------------------------------------- plain text


def test_text_every_line_is_a_paragraph_and_title_is_left_empty(tmp_path: Path) -> None:
    text = (
        "Accueil\r\nPolitique\r\n\r\nLa visite à Riyad renforce la coopération\r\n"
        "Le directeur général a été reçu mercredi par ses homologues.\r\n"
        "Les deux parties ont évoqué la formation des cadres.\r\n"
    )
    [doc] = read_file(write(tmp_path / "note.txt", text, "cp1252")).documents
    assert doc.source_format == "text" and doc.title == ""
    assert doc.paragraphs == [
        "Accueil",
        "Politique",
        "La visite à Riyad renforce la coopération",
        "Le directeur général a été reçu mercredi par ses homologues.",
        "Les deux parties ont évoqué la formation des cadres.",
    ]


def test_hard_wrapped_text_blocks_are_joined() -> None:
    text = (
        "Security chief's visit to Riyadh\n\n"
        "Morocco's head of national security held talks in Riyadh on\n"
        "Wednesday with senior Saudi officials, in a visit that both\n"
        "sides described as a turning point for the partnership.\n\n"
        "The discussions covered intelligence sharing, the training of\n"
        "officers and the management of crowds at major sporting events\n"
        "that the kingdom will host in the coming decade.\n"
    )
    assert text_paragraphs(text) == [
        "Security chief's visit to Riyadh",
        "Morocco's head of national security held talks in Riyadh on Wednesday with senior "
        "Saudi officials, in a visit that both sides described as a turning point for the "
        "partnership.",
        "The discussions covered intelligence sharing, the training of officers and the "
        "management of crowds at major sporting events that the kingdom will host in the "
        "coming decade.",
    ]


def test_short_lines_in_blocks_are_not_joined() -> None:
    text = "Overview\nMain image\n\nTitle of the story\n\nSection\nPolitics\n\nBody sentence."
    assert text_paragraphs(text) == [
        "Overview",
        "Main image",
        "Title of the story",
        "Section",
        "Politics",
        "Body sentence.",
    ]


def test_arabic_text_file() -> None:
    text = (
        "زيارة إلى الرياض\nأجرى المدير العام مباحثات مع مسؤولين سعوديين.\n\n"
        "وتناولت المباحثات التعاون."
    )
    [doc] = read_text(text, source="ar.txt").documents
    assert doc.paragraphs == [
        "زيارة إلى الرياض",
        "أجرى المدير العام مباحثات مع مسؤولين سعوديين.",
        "وتناولت المباحثات التعاون.",
    ]


# ---------------------------------------------------------------- CSV


def test_csv_with_quoted_multiline_cells(tmp_path: Path) -> None:
    text = (
        "title,date,source,url,text,section\n"
        '"Visit to Riyadh, day one",2026-02-11,Maghreb Observer,https://observer.example/a,'
        '"The delegations met on Wednesday.\n\nThey discussed intelligence sharing.",Politics\n'
        '"Talks end",2026-02-13,Maghreb Observer,https://observer.example/b,'
        '"The talks ended on Friday.\nA joint statement followed.",\n'
    )
    result = read_file(write(tmp_path / "export.csv", text))
    first, second = result.documents
    assert first.source_format == "csv"
    assert first.source_path == f"{tmp_path / 'export.csv'}#row 1"
    assert first.title == "Visit to Riyadh, day one"
    assert first.paragraphs == [
        "The delegations met on Wednesday.",
        "They discussed intelligence sharing.",
    ]
    assert (first.date, first.outlet, first.url) == (
        "2026-02-11",
        "Maghreb Observer",
        "https://observer.example/a",
    )
    assert first.metadata == {"section": "Politics"}
    assert second.paragraphs == ["The talks ended on Friday.", "A joint statement followed."]
    assert second.metadata == {}


def test_csv_semicolon_windows_1252_with_a_row_without_text(tmp_path: Path) -> None:
    text = (
        "Titre;Date;Média;Texte;Langue\r\n"
        "La visite à Riyad;12/02/2026;Le Matin;Le directeur général a été reçu mercredi.;fr\r\n"
        "Brève sans texte;13/02/2026;Le Matin;;fr\r\n"
        "\r\n"
        "Accord signé;14/02/2026;L'Économiste;Un accord de coopération a été signé.;fr\r\n"
    )
    path = write(tmp_path / "revue.csv", text, "cp1252")
    result = read_file(path, column_map=parse_column_map("text=Texte,outlet=Média"))
    assert result.encoding == "cp1252"
    assert [d.source_path for d in result.documents] == [f"{path}#row 1", f"{path}#row 4"]
    assert result.documents[1].outlet == "L'Économiste"
    # Columns the mapping leaves out are still detected (French names are known).
    assert (result.documents[0].date, result.documents[0].language) == ("12/02/2026", "fr")
    assert result.documents[0].metadata == {}
    [skipped] = result.skipped
    assert skipped.source == f"{path}#row 2"
    assert "no text in column 'Texte'" in skipped.reason


def test_tab_separated_media_cloud_export(tmp_path: Path) -> None:
    text = (
        "stories_id\tpublish_date\ttitle\turl\tmedia_name\tlanguage\ttext\n"
        "901\t2026-02-12 08:00:00\tمباحثات أمنية في الرياض\thttps://a.example/1\tهسبريس\tar\t"
        "أجرى المدير العام مباحثات في الرياض.\n"
        "902\t2026-02-12 09:00:00\tSecurity talks\thttps://b.example/2\tObserver\ten\t"
        "The talks were held in Riyadh.\n"
    )
    result = read_file(write(tmp_path / "mediacloud.tsv", text))
    ar, en = result.documents
    assert ar.title == "مباحثات أمنية في الرياض" and ar.outlet == "هسبريس"
    assert ar.language == "ar" and ar.date == "2026-02-12 08:00:00"
    assert ar.metadata == {"id": "901"}
    assert en.paragraphs == ["The talks were held in Riyadh."]


def test_factiva_export_joins_lead_and_text(tmp_path: Path) -> None:
    text = (
        "AN,HD,SN,PD,LA,LP,TD\n"
        "LEMAT00020260212,La visite à Riyad,Le Matin,12 February 2026,French,"
        '"Le directeur général a été reçu mercredi.","Les deux parties ont signé un accord.\n\n'
        'Un communiqué a suivi."\n'
    )
    [doc] = read_file(write(tmp_path / "factiva.csv", text)).documents
    assert doc.paragraphs == [
        "Le directeur général a été reçu mercredi.",
        "Les deux parties ont signé un accord.",
        "Un communiqué a suivi.",
    ]
    assert (doc.title, doc.outlet, doc.date, doc.language) == (
        "La visite à Riyad",
        "Le Matin",
        "12 February 2026",
        "French",
    )
    assert doc.metadata == {"id": "LEMAT00020260212"}


def test_lexisnexis_export(tmp_path: Path) -> None:
    text = (
        "Title,Publication,Load-Date,Body,Language\n"
        'Security chief in Riyadh,Gulf Times,"February 13, 2026",'
        '"Morocco\'s security chief was in Riyadh.",ENGLISH\n'
    )
    [doc] = read_file(write(tmp_path / "lexis.csv", text)).documents
    assert (doc.title, doc.outlet, doc.date, doc.language) == (
        "Security chief in Riyadh",
        "Gulf Times",
        "February 13, 2026",
        "ENGLISH",
    )


def test_csv_without_text_column_names_its_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "links.csv", "title,url,date\nVisit,https://a.example/1,2026-02-11\n")
    with pytest.raises(InputError, match="no text column found") as raised:
        read_file(path)
    message = str(raised.value)
    assert str(path) in message
    assert "title, url, date" in message
    assert "--columns text=" in message


def test_column_mapping_naming_a_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "headline,body\nVisit,The talks were held.\n")
    with pytest.raises(InputError, match="'corps'") as raised:
        read_file(path, column_map=ColumnMap(text="corps"))
    assert "headline, body" in str(raised.value)


def test_csv_cells_are_never_evaluated(tmp_path: Path) -> None:
    text = 'title,text,note\n=1+1,"=HYPERLINK(""http://x"")",@SUM(A1)\n'
    [doc] = read_file(write(tmp_path / "a.csv", text)).documents
    assert doc.title == "=1+1"
    assert doc.paragraphs == ['=HYPERLINK("http://x")']
    assert doc.metadata == {"note": "@SUM(A1)"}


# ---------------------------------------------------------------- JSON Lines and JSON lists


def test_jsonl_with_one_bad_line_reads_the_others(tmp_path: Path) -> None:
    lines = [
        json.dumps({"headline": "Visite à Riyad", "body": "Premier paragraphe.\n\nSecond."}),
        "",
        json.dumps({"headline": "Talks end", "body": "The talks ended.", "media": {"name": "X"}}),
        '{"headline": "Truncated", "body": "The export was cut',
    ]
    path = write(tmp_path / "export.jsonl", "\n".join(lines) + "\n")
    result = read_file(path)
    first, second = result.documents
    assert first.source_format == "jsonl"
    assert first.source_path == f"{path}#line 1"
    assert first.title == "Visite à Riyad"
    assert first.paragraphs == ["Premier paragraphe.", "Second."]
    assert second.source_path == f"{path}#line 3"
    assert second.metadata == {"media": {"name": "X"}}
    [skipped] = result.skipped
    assert skipped.source == f"{path}#line 4"
    assert "not valid JSON" in skipped.reason and "truncated" in skipped.reason


def test_jsonl_nested_keys_by_mapping() -> None:
    text = "\n".join(
        json.dumps(
            {
                "meta": {"headline": f"Dispatch {i}", "site": {"name": "Observer"}},
                "story": {"paragraphs": [f"Paragraph {i}a.", f"Paragraph {i}b."]},
            }
        )
        for i in (1, 2)
    )
    mapping = parse_column_map("text=story.paragraphs,title=meta.headline,outlet=meta.site.name")
    docs = read_text(text, source="x.jsonl", column_map=mapping).documents
    assert [d.title for d in docs] == ["Dispatch 1", "Dispatch 2"]
    assert docs[0].paragraphs == ["Paragraph 1a.", "Paragraph 1b."]
    assert docs[0].outlet == "Observer"


def test_json_list_of_articles_that_are_not_wordpress(tmp_path: Path) -> None:
    articles = [
        {"title": "Visit", "content": "The visit lasted three days.", "source": "Observer"},
        "not an article",
        {"title": "Empty", "content": ""},
    ]
    path = write(tmp_path / "export.json", json.dumps(articles, ensure_ascii=False, indent=2))
    result = read_file(path)
    [doc] = result.documents
    assert doc.source_format == "jsonl"
    assert doc.source_path == f"{path}#index 0"
    assert (doc.outlet, doc.paragraphs) == ("Observer", ["The visit lasted three days."])
    assert [s.source for s in result.skipped] == [f"{path}#index 1", f"{path}#index 2"]


# ---------------------------------------------------------------- columns


def test_detect_columns_of_common_exports() -> None:
    assert detect_columns(["Title", "Text", "Date", "Source", "URL", "Lang"]) == ColumnMap(
        text="Text", title="Title", date="Date", outlet="Source", url="URL", language="Lang"
    )
    assert detect_columns(
        ["stories_id", "publish_date", "title", "url", "media_name", "language", "text"]
    ) == ColumnMap(
        text="text",
        title="title",
        date="publish_date",
        outlet="media_name",
        url="url",
        language="language",
        id="stories_id",
    )
    assert detect_columns(["HD", "SN", "PD", "LA", "TD", "AN"]).text == "TD"
    assert detect_columns(["Title", "Publication", "Load-Date", "Hlead"]) == ColumnMap(
        text="Hlead", title="Title", date="Load-Date", outlet="Publication"
    )
    assert detect_columns(["headline", "summary"]).text is None
    assert detect_columns(["العنوان", "النص", "المصدر"]) == ColumnMap(
        text="النص", title="العنوان", outlet="المصدر"
    )


def test_parse_column_map_errors() -> None:
    with pytest.raises(InputError, match="unknown field 'txt'") as raised:
        parse_column_map("txt=body")
    assert "did you mean 'text'" in str(raised.value)
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        parse_column_map("text")


# ---------------------------------------------------------------- registry and read_file


def test_sniffing_by_content() -> None:
    assert sniff_format(json.dumps(wordpress_post())) == "wordpress"
    assert sniff_format('{"title": "a", "text": "b"}\n{"title": "c", "text": "d"}') == "jsonl"
    assert sniff_format("title,text\nVisit,Talks held.\n") == "csv"
    assert sniff_format(html_page("en")) == "html"
    assert sniff_format("Rabat, le 11 février.\nLa visite a eu lieu.") == "text"
    assert sniff_format("[Update] Talks resumed in Riyadh on Friday.") == "text"


def test_register_a_custom_reader(tmp_path: Path) -> None:
    class PressReleaseReader:
        def sniff(self, text: str, path: Path | None) -> bool:
            return text.startswith("PRESS RELEASE")

        def read(self, text: str, source: str, **options: object) -> ReadResult:
            lines = text.split("\n")[1:]
            return read_text("\n".join(lines), source=source, format="text")

    register_reader("press", PressReleaseReader(), before="html")
    try:
        assert list(READERS) == ["wordpress", "jsonl", "csv", "press", "html", "text"]
        path = write(tmp_path / "release.txt", "PRESS RELEASE\nThe ministry announced talks.")
        assert read_file(path).documents[0].paragraphs == ["The ministry announced talks."]
    finally:
        unregister_reader("press")
    assert "press" not in READERS
    with pytest.raises(TypeError):
        register_reader("broken", object())  # type: ignore[arg-type]


def test_format_can_be_forced(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "title,text\nVisit,Talks held.\n")
    [doc] = read_file(path, format="text").documents
    assert doc.paragraphs == ["title,text", "Visit,Talks held."]
    with pytest.raises(InputError, match="unknown format 'pdf'"):
        read_file(path, format="pdf")


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t ", "\ufeff\n".encode()])
def test_empty_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty file") as raised:
        read_file(path)
    assert raised.value.path == str(path)


def test_binary_and_missing_files_are_errors(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.txt"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>")
    with pytest.raises(InputError, match="binary file"):
        read_file(pdf)
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "missing.txt")


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "La visite a eu lieu mercredi. " * 100)
    with pytest.raises(ResourceLimitError, match="over the limit of 1,000"):
        read_file(path, max_bytes=1000)
    assert read_file(path, max_bytes=10_000).documents


def test_source_and_encoding_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "ar.txt", "زيارة إلى الرياض\nأجرى المدير العام مباحثات.", "cp1256")
    result = read_file(path, source="inputs/ar.txt")
    assert result.encoding == "cp1256"
    assert result.documents[0].source_path == "inputs/ar.txt"
    assert result.documents[0].paragraphs[0] == "زيارة إلى الرياض"


def test_short_comma_lines_of_a_text_article_are_not_a_table() -> None:
    text = "Rabat, Morocco\nFeb 11, 2026\n"
    assert sniff_format(text, Path("note.txt")) == "text"
    assert sniff_format(text, Path("note.csv")) == "csv"
    custom = "corps;entete;journal\nLe texte.;Visite;Le Matin\nSuite.;Accord;Le Matin\nFin.;X;Y\n"
    assert sniff_format(custom, Path("revue.txt")) == "csv"


def test_jsonl_of_wordpress_posts() -> None:
    posts = [wordpress_post(id=i, link=f"https://news.example.ma/en/{i}/") for i in (1, 2)]
    text = "\n".join(json.dumps(post) for post in posts) + '\n{"id": 3, "content": {"rend'
    result = read_text(text, source="posts.jsonl")
    assert [d.url for d in result.documents] == [
        "https://news.example.ma/en/1/",
        "https://news.example.ma/en/2/",
    ]
    assert [d.source_format for d in result.documents] == ["wordpress", "wordpress"]
    assert [s.source for s in result.skipped] == ["posts.jsonl#line 3"]


# ---------------------------------------------------------------- reading a file in parts

_PART_RECORDS = [
    {
        "title": "Rabat and Madrid",
        "text": "The interior ministers met in Madrid.",
        "date": "2026-03-02",
    },
    "not json {",
    {"title": "Visite à Riyad", "text": "Le ministre a rencontré ses homologues à Riyad."},
    ["a list, not an article"],
    {"title": "زيارة الرباط", "text": "التقى الوزير نظراءه في الرباط يوم الاثنين."},
    {"title": "A title and no text"},
    {"title": "Joint patrols", "text": "Joint patrols in the Strait of Gibraltar."},
    "",
    {"titre": "Coopération", "text": "La coopération sécuritaire se renforce."},
]


def _part_export(path: Path, records: list = _PART_RECORDS) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return write(path, "\n".join(lines) + "\n")


# The same lines, every article object with the same fields (one with an empty text).
_SAME_FIELDS = [
    {**r, "text": r.get("text", ""), "date": f"2026-03-0{n}"} if isinstance(r, dict) else r
    for n, r in enumerate(_PART_RECORDS[:-1], start=1)
] + [{"title": "Coopération", "text": "La coopération se renforce.", "date": "2026-03-09"}]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 9, 12])
def test_a_jsonl_export_read_in_parts_gives_the_whole_file(tmp_path: Path, n: int) -> None:
    path = _part_export(tmp_path / "export.jsonl", _SAME_FIELDS)
    whole = read_file(path)
    parts = [read_file(path, part=(i, n)) for i in range(n)]
    assert shares_agree([p.columns for p in parts], None)
    assert [d for p in parts for d in p.documents] == whole.documents
    assert [s for p in parts for s in p.skipped] == whole.skipped
    assert len(whole.documents) == 5  # the record without text, the list, the bad line: skipped
    # Skipped items come in line order, whatever made them skipped.
    lines = [int(s.source.rsplit(" ", 1)[1]) for s in whole.skipped]
    assert lines == sorted(lines) == [2, 4, 6]
    if n > 1:
        assert sum(1 for p in parts if p.documents) > 1  # the lines were shared out


def test_parts_find_their_own_columns_and_say_so(tmp_path: Path) -> None:
    path = _part_export(tmp_path / "export.jsonl")  # the last article has "titre", not "title"
    whole = read_file(path)
    assert whole.columns is None  # read whole: nothing to check
    last = read_file(path, part=(3, 4))  # lines 8-10: only the "titre" article
    assert last.columns == ["titre", "text"]
    assert last.documents[0].title == "Coopération"  # "titre" is its title column
    parts = [read_file(path, part=(i, 4)) for i in range(4)]
    # The whole file has a title column; the last part alone has not: they disagree, and a
    # caller reads the file whole instead.
    assert not shares_agree([p.columns for p in parts], None)
    assert whole.documents[-1].title == ""  # the file's title column is "title"
    assert whole.documents[-1].metadata == {"titre": "Coopération"}
    assert parts[0].columns == ["title", "text", "date"]
    # Only the part's lines are parsed: a broken line elsewhere is not its business.
    assert read_file(path, part=(0, 4)).skipped == whole.skipped[:1]


def test_a_part_decodes_and_parses_only_its_own_lines(tmp_path: Path, monkeypatch) -> None:
    import framing.corpus.readers as readers
    import framing.corpus.readers.shares as shares

    path = _part_export(tmp_path / "export.jsonl", _SAME_FIELDS)
    whole = read_file(path)

    def refused(*args, **kwargs):
        raise AssertionError("the whole file was decoded for a part")

    monkeypatch.setattr(readers, "decode_bytes", refused)
    decoded = []
    real = shares.decode_utf8_lines
    monkeypatch.setattr(
        shares,
        "decode_utf8_lines",
        lambda piece, *a, **k: decoded.append(piece) or real(piece, *a, **k),
    )
    parts = [read_file(path, part=(i, 3)) for i in range(3)]
    assert [d for p in parts for d in p.documents] == whole.documents
    assert [s for p in parts for s in p.skipped] == whole.skipped
    assert {p.encoding for p in parts} == {"utf-8"}
    # The whole file once (its layout, kept for the other parts), then each part's lines.
    assert decoded[0] == path.read_bytes()
    assert b"".join(decoded[1:]) == path.read_bytes()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cp1252", lambda text: text.encode("cp1252", errors="replace")),
        ("old-mac", lambda text: text.replace("\n", "\r").encode()),
        ("separators", lambda text: text.replace("Madrid", "Madrid\u2028").encode()),
        ("utf-16", lambda text: text.encode("utf-16")),
    ],
)
def test_parts_of_files_whose_lines_decoding_moves_are_decoded_whole(
    tmp_path: Path, name: str, content
) -> None:
    source = _part_export(tmp_path / "source.jsonl", _SAME_FIELDS).read_text(encoding="utf-8")
    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(content(source))
    whole = read_file(path)
    parts = [read_file(path, part=(i, 3)) for i in range(3)]
    assert [d for p in parts for d in p.documents] == whole.documents
    assert {p.encoding for p in parts} == {whole.encoding}


def test_wordpress_posts_exported_as_json_lines_are_not_read_in_parts(tmp_path: Path) -> None:
    posts = [
        {"id": n, "link": f"https://news.example.ma/{n}/", "title": {"rendered": f"Post {n}"},
         "content": {"rendered": f"<p>Paragraph {n} of the post.</p>"}}
        for n in range(6)
    ]  # fmt: skip
    path = write(tmp_path / "posts.jsonl", "".join(json.dumps(p) + "\n" for p in posts))
    whole = read_file(path)
    assert {d.source_format for d in whole.documents} == {"wordpress"}
    parts = [read_file(path, part=(i, 3)) for i in range(3)]
    assert parts[0].documents == whole.documents  # read whole by the first part, as before
    assert parts[1].documents == parts[2].documents == []


def test_other_files_are_read_whole_by_the_first_part(tmp_path: Path) -> None:
    listed = write(
        tmp_path / "list.json", json.dumps([r for r in _PART_RECORDS if isinstance(r, dict)])
    )
    text = write(tmp_path / "article.txt", "Rabat and Madrid\n\nThe ministers met in Madrid.\n")
    archive = tmp_path / "articles.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(text, "en/article.txt")
        bundle.write(listed, "list.json")
    for path in (listed, text, archive):
        whole = read_file(path)
        assert read_file(path, part=(0, 2)).documents == whole.documents
        other = read_file(path, part=(1, 2))
        assert other.documents == [] and other.skipped == []


def test_line_separators_are_found_only_in_their_sequence() -> None:
    from framing.corpus.readers.shares import _has_line_separators

    # A8/A9 end many other characters ("é©" in UTF-8 is C3 A9 C2 A9; "Ô¨" is C3 94 C2 A8;
    # "بة" is D8 A8 D8 A9), and E2 80 starts others (’ is E2 80 99).
    lookalikes = ["é©¨ sécurité", "Ô¨", "\u20a8\u20a9", "x\xe2\x80", "\u2027\u202a", "بة’"]
    for text in lookalikes:
        assert not _has_line_separators(text.encode()), text
    for text in ["\u2028", "a\u2029", "sécurité\u2028Rabat", "é" * 5 + "\u2029", "بة\u2028"]:
        assert _has_line_separators(text.encode()), text
    assert not _has_line_separators(b"") and not _has_line_separators(b"\xa8\xa9")
    assert not _has_line_separators(b"ab\xe2\x80") and not _has_line_separators(b"\xe2")
