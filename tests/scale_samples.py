"""A small trilingual news corpus (our own sentences) for the scale tests.

:func:`write_articles` writes article files (plain text with a manifest and
a JSON Lines export) that ``ingest`` reads; :func:`SECURITY_LEXICON_YAML` is a
lexicon with entries in the three languages. Articles are assembled from the
paragraphs below in a fixed order, so every run writes the same bytes; some
are republished by a second outlet (near-duplicates), and every outlet ends
its articles with the same tagline (boilerplate, as it repeats).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from textwrap import dedent

PARAGRAPHS = {
    "en": [
        "Moroccan police dismantled a terrorist cell in Tangier on Tuesday and arrested four "
        "suspects who were planning attacks on public places.",
        "Rabat and Madrid signed a memorandum on security cooperation that expands joint "
        "patrols and the exchange of intelligence on migration routes.",
        "Human rights groups accused the intelligence services of monitoring journalists "
        "with spyware after they covered the protests in the Rif.",
        "Officials presented the kingdom as an exporter of security expertise, training "
        "police officers from the Sahel in counter-terrorism methods.",
        "The football federation said the new stadium in Casablanca will open next spring "
        "with a friendly match against Senegal.",
        "Wheat prices fell on international markets as the harvest forecasts for the "
        "Atlantic plains improved after the autumn rains.",
        "The minister said national sovereignty over the southern provinces is not open to "
        "negotiation, whatever the pressure from abroad.",
        "A court sentenced a blogger to prison for criticising the security chief, drawing "
        "condemnation from press freedom organisations.",
    ],
    "fr": [
        "Les services de sécurité ont démantelé une cellule terroriste à Casablanca et "
        "arrêté cinq suspects qui préparaient des attentats.",
        "La coopération sécuritaire avec l'Espagne reste un levier d'influence pour Rabat, "
        "selon un diplomate européen en poste au Maroc.",
        "Des organisations de défense des droits humains dénoncent la surveillance des "
        "journalistes et des militants par les services.",
        "Le royaume se présente comme un exportateur de sécurité en formant des policiers "
        "venus du Sahel et de l'Afrique de l'Ouest.",
        "La saison touristique a battu des records à Marrakech, portée par les vols directs "
        "ouverts depuis plusieurs capitales européennes.",
        "Le prix de l'huile d'olive a baissé sur les marchés de Meknès après une récolte "
        "plus abondante que prévu.",
        "Le ministre a rappelé que la souveraineté nationale sur les provinces du Sud n'est "
        "pas négociable.",
        "Un tribunal a condamné un journaliste à la prison ferme pour diffamation, une "
        "décision critiquée par les associations de presse.",
    ],
    "ar": [
        "فككت الشرطة المغربية خلية إرهابية في طنجة واعتقلت أربعة مشتبه بهم كانوا يخططون "
        "لهجمات على أماكن عامة.",
        "وقعت الرباط ومدريد مذكرة للتعاون الأمني توسع الدوريات المشتركة وتبادل المعلومات "
        "حول طرق الهجرة.",
        "اتهمت منظمات حقوقية أجهزة الاستخبارات بمراقبة الصحفيين بعد تغطيتهم للاحتجاجات في الريف.",
        "قدم المسؤولون المملكة باعتبارها مصدرا للخبرة الأمنية بعد تدريب ضباط شرطة من دول الساحل.",
        "أعلنت الجامعة الملكية لكرة القدم أن الملعب الجديد في الدار البيضاء سيفتتح في "
        "الربيع المقبل.",
        "انخفضت أسعار القمح في الأسواق الدولية بعد تحسن توقعات المحصول في السهول الأطلسية.",
        "قال الوزير إن السيادة الوطنية على الأقاليم الجنوبية غير قابلة للتفاوض مهما "
        "كانت الضغوط الخارجية.",
        "أصدرت محكمة حكما بسجن مدون بسبب انتقاده لمسؤول أمني مما أثار تنديد منظمات حرية الصحافة.",
    ],
}
TITLES = {
    "en": "Security and society: report {n}",
    "fr": "Sécurité et société : dossier {n}",
    "ar": "الأمن والمجتمع: تقرير {n}",
}
# An outlet's tagline under every article: short, no full stop; boilerplate only because it
# repeats in every article of the outlet.
FOOTERS = {
    "en": "Atlas News · Rabat desk · independent reporting since 1998",
    "fr": "Le Courrier · édition du soir · rédaction de Casablanca",
    "ar": "الأخبار · مكتب الرباط · تحرير مستقل منذ 1998",
}
OUTLETS = {"en": "atlas-news.example", "fr": "le-courrier.example", "ar": "al-akhbar.example"}
REPUBLISHER = "wire-digest.example"

SECURITY_LEXICON_YAML = dedent(
    """\
    name: scale-test
    version: 1.0.0
    languages: [en, fr, ar]
    options:
      fold_accents: [fr]
    frames:
      - id: threat
        label: Threat
        entries:
          en: [terror*, attacks, suspects]
          fr: [terroris*, attentats, suspects]
          ar: [إرهابية, هجمات]
      - id: cooperation
        label: Cooperation
        entries:
          en: [security cooperation, joint patrols, exchange of intelligence]
          fr: [coopération sécuritaire, levier d'influence]
          ar: [التعاون الأمني, الدوريات المشتركة]
      - id: rights_criticism
        label: Rights criticism
        entries:
          en: [human rights, spyware, press freedom]
          fr: [droits humains, surveillance des journalistes]
          ar: [منظمات حقوقية, حرية الصحافة]
      - id: sovereignty
        label: Sovereignty
        entries:
          en: [national sovereignty]
          fr: [souveraineté nationale]
          ar: [السيادة الوطنية]
    """
)


CITIES = ["Rabat", "Tanger", "Oujda", "Agadir", "Fès", "Laâyoune", "Nador", "Safi", "Tétouan"]
DATELINES = {
    "en": "Our correspondent in {city} filed this report, number {n}, on day {day} of the inquiry.",
    "fr": "Notre correspondant à {city} a envoyé ce dossier, le numéro {n}, au jour {day}.",
    "ar": "أرسل مراسلنا في {city} هذا التقرير رقم {n} في اليوم {day} من التحقيق.",
}
# Three of the eight paragraphs per article: articles share at most one paragraph,
# except the few that share two (and so are near-duplicates).
_TRIPLES = [(a, b, c) for a in range(8) for b in range(a + 1, 8) for c in range(b + 1, 8)]


def article(language: str, n: int) -> tuple[str, list[str]]:
    """Title and paragraphs of article ``n`` in ``language``: a dateline, three paragraphs, a
    footer."""
    pool = PARAGRAPHS[language]
    chosen = [pool[i] for i in _TRIPLES[(n * 11) % len(_TRIPLES)]]
    dateline = DATELINES[language].format(city=CITIES[n % len(CITIES)], n=n, day=n * 7 % 31)
    return TITLES[language].format(n=n), [dateline, *chosen, FOOTERS[language]]


def write_articles(folder: Path, per_language: int = 12) -> dict[str, Path]:
    """Text files with a manifest, and a JSONL export; returns their paths.

    Articles 0..per_language-1 of every language become text files of their
    outlet; every fourth is republished in the JSONL export by another outlet.
    """
    folder.mkdir(parents=True, exist_ok=True)
    manifest_rows = []
    for language in PARAGRAPHS:
        for n in range(per_language):
            title, paragraphs = article(language, n)
            name = f"text/{language}/{n:03d}.txt"
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
            manifest_rows.append(
                {
                    "file": name,
                    "outlet": OUTLETS[language],
                    "language": language,
                    "date": f"2026-0{1 + n % 9}-{10 + n % 18}",
                }
            )
    manifest = folder / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "outlet", "language", "date"])
        writer.writeheader()
        writer.writerows(manifest_rows)
    jsonl = folder / "export.jsonl"
    with jsonl.open("w", encoding="utf-8") as handle:
        for language in PARAGRAPHS:
            for n in range(0, per_language, 4):
                title, paragraphs = article(language, n)
                record = {
                    "title": title,
                    "text": "\n\n".join(paragraphs[:-1]),
                    "outlet": REPUBLISHER,
                    "language": language,
                    "date": f"2026-10-{10 + n % 18}",
                    "url": f"https://{REPUBLISHER}/{language}/{n}",
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {"text": folder / "text", "manifest": manifest, "jsonl": jsonl}
