"""Hand-written articles (en, fr, ar), their frames, three coders' sheets and a small lexicon,
shared by the classify tests.

Sixteen articles of three passages from four outlets; each passage has the
frames a careful coder would give it (T = threat, C = cooperation,
R = rights_criticism). Coder ``ana`` codes as :data:`ARTICLES` says; ``ben``
departs from it on :data:`BEN_DIFFERS`; ``chloe`` codes the odd-numbered
articles only, departing on :data:`CHLOE_DIFFERS`.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pandas as pd

from framing.corpus.corpus import Corpus
from framing.lexicon.io import loads_lexicon
from framing.lexicon.model import Lexicon
from framing.text.tokens import count_tokens

FRAMES = ("threat", "cooperation", "rights_criticism")
_CODES = {"T": "threat", "C": "cooperation", "R": "rights_criticism"}

# doc_id, outlet, language, [(passage text, frame codes)]
# fmt: off
ARTICLES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("en-01", "atlas-news", "en", [
        ("Moroccan police dismantled a terrorist cell in Tangier on Tuesday, seizing"
         " explosives and arresting four suspects linked to an extremist network.", "T"),
        ("The operation was carried out jointly with the Spanish Guardia Civil, "
         "under an agreement to exchange intelligence between the two services.", "C"),
        ("Officials said the suspects had been planning attacks on public places "
         "during the holidays.", "T"),
    ]),
    ("en-02", "atlas-news", "en", [
        ("Rabat and Madrid signed a new memorandum on security cooperation, "
         "expanding joint patrols and information sharing on migration routes.", "C"),
        ("The agreement builds on a decade of partnership between the two interior "
         "ministries.", "C"),
        ("Tourism numbers in the northern region rose by twelve percent last year, "
         "according to the regional council.", ""),
    ]),
    ("en-03", "maghreb-watch", "en", [
        ("Human rights groups accused the intelligence services of using spyware to "
         "monitor journalists and activists.", "R"),
        ("Amnesty International said at least three reporters had their phones "
         "infected after covering protests in the Rif.", "R"),
        ("The government denied the allegations and said it respects press freedom.", ""),
    ]),
    ("en-04", "maghreb-watch", "en", [
        ("A court sentenced a journalist to prison after he criticised the security "
         "chief, prompting condemnation from press freedom groups.", "R"),
        ("Observers say the case fits a pattern of repression against independent "
         "media.", "R"),
        ("The football federation announced that the new stadium will open next "
         "spring.", ""),
    ]),
    ("en-05", "atlas-news", "en", [
        ("Interpol officials praised the cooperation of Moroccan services in "
         "tracking a cross-border drug trafficking ring.", "TC"),
        ("The network smuggled cannabis resin across the Mediterranean using fast "
         "boats.", "T"),
        ("The weather service forecast heavy rain along the Atlantic coast this "
         "weekend.", ""),
    ]),
    ("en-06", "maghreb-watch", "en", [
        ("Morocco and France agreed to deepen counter-terrorism cooperation, "
         "including joint training of officers.", "TC"),
        ("Critics warned that closer intelligence ties could shield abuses against "
         "dissidents from scrutiny.", "R"),
        ("Wheat prices fell on international markets as harvest forecasts improved.", ""),
    ]),
    ("fr-01", "le-courrier", "fr", [
        ("Les services de sécurité ont démantelé une cellule terroriste affiliée à "
         "l'État islamique à Casablanca.", "T"),
        ("Les suspects préparaient des attentats contre des sites sensibles, selon "
         "un communiqué officiel.", "T"),
        ("Cette opération a été menée en coordination avec les services espagnols "
         "dans le cadre d'un échange d'informations.", "C"),
    ]),
    ("fr-02", "le-courrier", "fr", [
        ("Le Maroc et l'Espagne ont renforcé leur partenariat sécuritaire lors d'une"
         " réunion à Rabat.", "C"),
        ("Les deux pays ont convenu d'organiser des patrouilles conjointes en "
         "Méditerranée.", "C"),
        ("Le salon international de l'agriculture ouvrira ses portes en avril à "
         "Meknès.", ""),
    ]),
    ("fr-03", "maghreb-watch", "fr", [
        ("Des ONG dénoncent la surveillance des journalistes par un logiciel espion "
         "et réclament une enquête indépendante.", "R"),
        ("Selon Reporters sans frontières, plusieurs militants ont été arrêtés après"
         " avoir critiqué la police.", "R"),
        ("Le ministère affirme que la sécurité nationale respecte les droits de "
         "l'homme.", ""),
    ]),
    ("fr-04", "le-courrier", "fr", [
        ("Un réseau de trafic de drogue a été démantelé à Tanger grâce à la "
         "coopération avec Europol.", "TC"),
        ("Plus de deux tonnes de résine de cannabis ont été saisies dans un "
         "entrepôt.", "T"),
        ("La bourse de Casablanca a clôturé la séance en légère hausse.", ""),
    ]),
    ("fr-05", "maghreb-watch", "fr", [
        ("La coopération avec la France en matière de renseignement s'est "
         "intensifiée après les attentats de Paris.", "TC"),
        ("Des avocats dénoncent des aveux obtenus sous la torture dans plusieurs "
         "affaires de terrorisme.", "TR"),
        ("Le championnat de football reprendra après la trêve hivernale.", ""),
    ]),
    ("ar-01", "al-akhbar", "ar", [
        ("فككت المصالح الأمنية خلية إرهابية موالية لتنظيم داعش كانت تخطط لتنفيذ "
         "عمليات تخريبية.", "T"),
        ("وتم توقيف خمسة عناصر متطرفة وحجز أسلحة ومتفجرات.", "T"),
        ("وجاءت العملية بتنسيق مع الأجهزة الأمنية الإسبانية في إطار تبادل المعلومات.", "C"),
    ]),
    ("ar-02", "al-akhbar", "ar", [
        ("وقع المغرب وإسبانيا اتفاقية جديدة للتعاون الأمني وتبادل المعلومات "
         "الاستخباراتية.", "C"),
        ("وتهدف الشراكة إلى تعزيز الدوريات المشتركة ومكافحة الهجرة غير النظامية.", "C"),
        ("وارتفعت أسعار الخضر في الأسواق المحلية بسبب موجة البرد.", ""),
    ]),
    ("ar-03", "maghreb-watch", "ar", [
        ("اتهمت منظمات حقوقية الأجهزة الأمنية باستخدام برامج تجسس لمراقبة الصحفيين "
         "والنشطاء.", "R"),
        ("وطالبت منظمة العفو الدولية بفتح تحقيق مستقل في هذه الانتهاكات.", "R"),
        ("ويستعد المنتخب الوطني لخوض مباراة ودية الأسبوع المقبل.", ""),
    ]),
    ("ar-04", "al-akhbar", "ar", [
        ("أحبطت السلطات محاولة لتهريب أطنان من المخدرات عبر ميناء طنجة المتوسط.", "T"),
        ("وتمت العملية بتعاون وثيق مع الشرطة الفرنسية والأوروبية.", "C"),
        ("وتوقعت مديرية الأرصاد الجوية أمطارا غزيرة في عدد من المناطق.", ""),
    ]),
    ("ar-05", "maghreb-watch", "ar", [
        ("انتقد صحفيون حملة القمع التي تستهدف المدونين والمنتقدين للأجهزة الأمنية.", "R"),
        ("ويرى مراقبون أن التعاون الأمني مع الدول الأوروبية يغطي على هذه التجاوزات.", "RC"),
        ("وأعلنت وزارة الفلاحة عن برنامج جديد لدعم الفلاحين الصغار.", ""),
    ]),
]
# fmt: on

# (passage_id, frame) where a coder's label differs from ARTICLES.
BEN_DIFFERS = {
    ("en-03-p2", "rights_criticism"),  # reads "respects press freedom" as the frame
    ("fr-03-p2", "rights_criticism"),
    ("en-01-p1", "threat"),
    ("ar-05-p1", "cooperation"),
}
CHLOE_DIFFERS = {("en-05-p0", "cooperation"), ("fr-05-p1", "rights_criticism")}

LEXICON_YAML = dedent(
    """\
    name: test_security
    version: 1.0.0
    languages: [en, fr, ar]
    frames:
      - id: threat
        label: Threat and counter-terrorism
        description: The issue as a fight against terrorism, extremism, trafficking.
        entries:
          en: [terror*, extremist*, trafficking, smuggl*, explosives]
          fr: [terroris*, attentat*, trafic, drogue]
          ar: [إرهابية, متطرفة, المخدرات, تهريب]
      - id: cooperation
        label: Cooperation and partnership
        description: Bilateral or multilateral cooperation, information exchange, joint work.
        entries:
          en: [cooperation, partnership, joint, information sharing]
          fr: [coopération, partenariat, conjointes, échange d'informations]
          ar: [التعاون, الشراكة, المشتركة, تبادل المعلومات]
      - id: rights_criticism
        label: Rights and criticism
        description: The security apparatus as a threat to rights (spyware, repression).
        entries:
          en: [human rights, spyware, repression, press freedom]
          fr: [logiciel espion, torture, droits de l'homme]
          ar: [تجسس, حقوقية, القمع]
    """
)


def lexicon() -> Lexicon:
    """The test lexicon."""
    return loads_lexicon(LEXICON_YAML)


def passage_frames() -> dict[str, set[str]]:
    """passage_id -> the frames of ARTICLES."""
    return {
        f"{doc_id}-p{i}": {_CODES[c] for c in codes}
        for doc_id, _, _, passages in ARTICLES
        for i, (_, codes) in enumerate(passages)
    }


def build_corpus(directory: Path) -> Corpus:
    """Write the articles as a corpus folder (documents.parquet, passages.parquet)."""
    documents, passages = [], []
    for doc_id, outlet, language, parts in ARTICLES:
        text, offset = "", 0
        for i, (passage, _) in enumerate(parts):
            if i:
                text += "\n\n"
                offset = len(text)
            text += passage
            passages.append(
                {
                    "passage_id": f"{doc_id}-p{i}",
                    "doc_id": doc_id,
                    "index": i,
                    "start": offset,
                    "end": offset + len(passage),
                    "text": passage,
                    "language": language,
                    "n_tokens": count_tokens(passage),
                }
            )
        documents.append(
            {
                "doc_id": doc_id,
                "source_path": f"{doc_id}.txt",
                "source_format": "text",
                "outlet": outlet,
                "via_outlet": "",
                "language": language,
                "date": "2025-11-03",
                "date_precision": "day",
                "title": f"Article {doc_id}",
                "url": "",
                "text": text,
                "dup_cluster": "",
                "metadata": "{}",
            }
        )
    corpus = Corpus(pd.DataFrame(documents), pd.DataFrame(passages))
    corpus.write(directory)
    return corpus


def coder_rows(coder: str) -> list[dict[str, object]]:
    """The rows of a coder's filled sheet (passage columns, frames, notes, coder)."""
    truth = passage_frames()
    differs = {"ben": BEN_DIFFERS, "chloe": CHLOE_DIFFERS}.get(coder, set())
    rows = []
    for k, (doc_id, outlet, language, parts) in enumerate(ARTICLES):
        if coder == "chloe" and k % 2 == 1:
            continue
        for i, (text, _) in enumerate(parts):
            pid = f"{doc_id}-p{i}"
            row: dict[str, object] = {
                "passage_id": pid,
                "doc_id": doc_id,
                "outlet": outlet,
                "language": language,
                "text": text,
            }
            for frame in FRAMES:
                label = int(frame in truth[pid])
                row[frame] = 1 - label if (pid, frame) in differs else label
            row["notes"] = ""
            row["coder"] = coder
            rows.append(row)
    return rows
