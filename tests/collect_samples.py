"""Hand-written articles, WordPress posts, pages and feeds for the collect tests (en/fr/ar)."""

from __future__ import annotations

import json
from typing import Any


def _post(
    post_id: int, lang: str, date: str, slug: str, title: str, paragraphs: list[str]
) -> dict[str, Any]:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return {
        "id": post_id,
        "date": date,
        "date_gmt": date,
        "slug": slug,
        "status": "publish",
        "type": "post",
        "link": f"https://www.example-news.ma/{lang}/{slug}/",
        "title": {"rendered": title},
        "content": {"rendered": body, "protected": False},
        "excerpt": {"rendered": f"<p>{paragraphs[0][:80]}</p>"},
        "author": 3,
        "categories": [3, 7],
        "tags": [],
    }


POSTS: list[dict[str, Any]] = [
    _post(
        101,
        "en",
        "2026-02-11T15:35:40",
        "rabat-riyadh-security-roadmap",
        "Rabat and Riyadh agree a security cooperation roadmap",
        [
            "Moroccan and Saudi officials met in Riyadh on Wednesday to agree a roadmap for "
            "cooperation on border security, training and the exchange of information.",
            "The delegations said the plan would be reviewed every six months, and that "
            "joint training courses for young officers would begin before the summer.",
            "Analysts in Rabat described the visit as a sign that both capitals want to "
            "turn long-standing declarations into concrete programmes with clear budgets.",
        ],
    ),
    _post(
        102,
        "fr",
        "2026-02-12T09:10:00",
        "secheresse-dessalement",
        "Sécheresse&nbsp;: le Maroc accélère ses projets de dessalement",
        [
            "Face à une sixième année de sécheresse, le gouvernement a présenté mardi un "
            "calendrier accéléré pour les stations de dessalement de la côte atlantique.",
            "Les agriculteurs de la région de Souss-Massa attendent ces nouvelles capacités avec "
            "impatience, car les barrages de la région sont remplis à moins de vingt pour cent.",
            "Plusieurs économistes rappellent toutefois que le coût de l&#8217;énergie pèsera "
            "sur le prix de l&#8217;eau, et demandent un débat public sur la tarification.",
        ],
    ),
    _post(
        103,
        "ar",
        "2026-02-13T18:00:00",
        "migration-forum-rabat",
        "الرباط تحتضن منتدى حول الهجرة والتنمية",
        [
            "احتضنت العاصمة الرباط يوم الخميس منتدى إقليميا حول الهجرة والتنمية بمشاركة "
            "ممثلين عن حكومات ومنظمات من ضفتي البحر الأبيض المتوسط.",
            "وأكد المشاركون أن مقاربة الهجرة لا ينبغي أن تقتصر على الجانب الأمني، بل يجب أن "
            "تشمل التعليم والتشغيل وحماية حقوق المهاجرين في بلدان العبور والاستقبال.",
            "ودعا عدد من الباحثين إلى توفير معطيات دقيقة ومحينة حول مسارات الشباب المهاجرين "
            "حتى تستند السياسات العمومية إلى أرقام موثوقة.",
        ],
    ),
    _post(
        104,
        "en",
        "2026-02-14T08:00:00",
        "tanger-med-record-traffic",
        "Tanger Med reports record container traffic",
        [
            "The port authority said on Saturday that container traffic at Tanger Med rose "
            "by eleven percent last year, a record for the complex on the Strait of Gibraltar.",
            "Shipping companies have moved more transhipment to the port as routes through "
            "the Red Sea remain disrupted, according to the authority's annual statement.",
            "Local business groups welcomed the figures but asked for faster rail links "
            "between the port and the industrial zones around Tangier and Tetouan.",
        ],
    ),
    _post(
        105,
        "fr",
        "2026-02-15T11:30:00",
        "reforme-code-famille",
        "Le Parlement examine la réforme du Code de la famille",
        [
            "La commission de la justice de la Chambre des représentants a entamé lundi "
            "l&#8217;examen du projet de réforme du Code de la famille.",
            "Les associations de défense des droits des femmes saluent plusieurs avancées "
            "sur la tutelle des enfants, tout en regrettant le maintien de certaines exceptions.",
            "Le ministre a assuré que le texte serait adopté avant la fin de la session, "
            "après une série d&#8217;auditions ouvertes à la société civile.",
        ],
    ),
]


def posts_page(posts: list[dict[str, Any]]) -> bytes:
    """A page of posts as a WordPress server would send it (escaped non-ASCII, compact)."""
    return json.dumps(posts, separators=(",", ":")).encode("utf-8")


ARTICLE_EN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Fishermen in Dakhla adapt to warmer waters | Coastal Times</title>
<meta property="og:title" content="Fishermen in Dakhla adapt to warmer waters">
<meta property="article:published_time" content="2026-01-20T07:45:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/economy/">Economy</a> <a href="/society/">Society</a></nav>
<article>
<h1>Fishermen in Dakhla adapt to warmer waters</h1>
<p>Small-scale fishermen in Dakhla say the sardine shoals they have followed for decades now
appear later in the season and further from the coast than they did ten years ago.</p>
<p>Marine biologists at the regional research centre link the change to warmer surface
waters, and they are asking the ministry for longer survey campaigns along the southern coast.</p>
<p>Cooperatives have started to share fuel costs and boats so that crews can reach the new
fishing grounds without losing money on every trip.</p>
</article>
<footer><p>Copyright Coastal Times. All rights reserved.</p></footer>
</body></html>
"""

ARTICLE_FR = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Les universités marocaines ouvrent des filières en intelligence artificielle</title>
</head><body>
<header><a href="/">Accueil</a></header>
<article>
<h1>Les universités marocaines ouvrent des filières en intelligence artificielle</h1>
<p>Trois universités publiques lanceront à la rentrée prochaine des masters consacrés à
l'intelligence artificielle et à la science des données, a annoncé le ministère.</p>
<p>Les enseignants espèrent retenir au Maroc des diplômés très demandés par les entreprises
européennes, qui recrutent chaque année plusieurs centaines d'ingénieurs marocains.</p>
<p>Les étudiants interrogés saluent l'initiative mais s'inquiètent du manque de matériel
informatique dans les laboratoires et de la taille des promotions.</p>
</article>
</body></html>
"""

ARTICLE_AR_TEXT = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="windows-1256">
<title>مهرجان فاس للموسيقى العريقة يعود في دورة جديدة</title>
</head><body>
<nav><a href="/">الرئيسية</a></nav>
<article>
<h1>مهرجان فاس للموسيقى العريقة يعود في دورة جديدة</h1>
<p>أعلنت إدارة مهرجان فاس للموسيقى العريقة عن برنامج دورتها الجديدة التي تستضيف فرقا من
إفريقيا وآسيا وأوروبا في ساحات المدينة القديمة.</p>
<p>وقال المنظمون إن الدورة ستخصص أمسيات للشباب وورشات لتعليم الآلات التقليدية لفائدة تلاميذ
المدارس العمومية في المدينة.</p>
<p>ويأمل التجار في المدينة العتيقة أن يساهم المهرجان في عودة السياح بعد موسم شتوي هادئ.</p>
</article>
</body></html>
"""
#: The Arabic page as an old Arabic site sends it.
ARTICLE_AR = ARTICLE_AR_TEXT.encode("windows-1256")

LOGIN_PAGE = """<!DOCTYPE html><html><body><form action="/wp-login.php" method="post">
<label>Username <input name="log"></label><label>Password <input name="pwd" type="password">
</label><button>Log In</button></form></body></html>"""


def rss(items: list[tuple[str, str, str]], *, language: str = "fr-FR") -> str:
    """An RSS 2.0 feed; items are (title, link, pubDate)."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        "<dc:creator>Rédaction</dc:creator><description>Résumé</description></item>\n"
        for title, link, date in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>\n'
        f"<title>Le Journal de la Côte</title><link>https://example.ma/</link>"
        f"<language>{language}</language>\n{entries}</channel></rss>\n"
    )


def atom(entries: list[tuple[str, str, str]]) -> str:
    """An Atom feed in English; entries are (title, link, updated)."""
    body = "".join(
        f'<entry><title>{title}</title><link href="{link}"/><id>{link}</id>'
        f"<updated>{updated}</updated><author><name>Desk</name></author></entry>\n"
        for title, link, updated in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        "<title>Coastal Times</title><id>urn:coastal</id>"
        f"<updated>2026-01-20T08:00:00Z</updated>\n{body}</feed>\n"
    )


EMPTY_RSS = rss([])

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://example.ma/a</link></item></channel></rss>
"""
