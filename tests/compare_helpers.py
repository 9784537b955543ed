"""Small hand-written corpora and score tables for the `framing.compare` tests.

Every passage is built from sentences written for these tests, one per frame
it carries, so the text agrees with the `present` flags of the scores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing.corpus.corpus import Corpus
from framing.text.tokens import count_tokens

FRAMES = ("threat", "cooperation", "soft_power", "rights_criticism")

SENTENCES: dict[str, dict[str, str]] = {
    "en": {
        "threat": "Security services dismantled a terrorist cell linked to extremist "
        "networks operating across the border.",
        "cooperation": "The two directors agreed to expand the exchange of information and "
        "to plan joint operations against trafficking.",
        "soft_power": "Hosting the general assembly gives the kingdom a diplomatic lever and "
        "real visibility on the world stage.",
        "rights_criticism": "Rights groups say journalists were targeted with spyware and ask "
        "for an independent inquiry.",
        "": "The delegation arrived on Tuesday and was received at the airport by senior "
        "officials.",
    },
    "fr": {
        "threat": "Les services ont démantelé une cellule terroriste liée à des réseaux "
        "extrémistes actifs au Sahel.",
        "cooperation": "Les deux directions ont convenu de renforcer l’échange d’informations "
        "et les opérations conjointes.",
        "soft_power": "L’accueil de l’assemblée générale offre au royaume un levier "
        "diplomatique et une visibilité mondiale.",
        "rights_criticism": "Des ONG dénoncent la surveillance de journalistes et réclament "
        "une enquête indépendante.",
        "": "La délégation est arrivée mardi et a été reçue à l’aéroport par de hauts "
        "responsables.",
    },
    "ar": {
        "threat": "فككت المصالح الأمنية خلية إرهابية مرتبطة بشبكات متطرفة تنشط عبر الحدود.",
        "cooperation": "اتفق المسؤولان على توسيع تبادل المعلومات وتنفيذ عمليات مشتركة ضد التهريب.",
        "soft_power": "يمنح احتضان الجمعية العامة المملكة ورقة دبلوماسية وإشعاعا دوليا.",
        "rights_criticism": "تقول منظمات حقوقية إن صحافيين استهدفوا ببرامج تجسس "
        "وتطالب بتحقيق مستقل.",
        "": "وصل الوفد يوم الثلاثاء واستقبله كبار المسؤولين في المطار.",
    },
}


@dataclass
class Article:
    """An article to build: its metadata and, per passage, the frames it carries."""

    doc_id: str
    outlet: str
    language: str
    date: str
    passages: list[tuple[str, ...]]
    metadata: dict = field(default_factory=dict)
    dup_cluster: str = ""
    via_outlet: str = ""
    title: str = ""
    text_override: list[str] | None = None


def passage_text(language: str, frames: tuple[str, ...]) -> str:
    """The sentences of ``frames`` (or the neutral sentence) in ``language``."""
    sentences = SENTENCES[language]
    return " ".join(sentences[f] for f in frames) if frames else sentences[""]


def build(
    articles: list[Article], frames: tuple[str, ...] = FRAMES, density: bool = True
) -> tuple[Corpus, pd.DataFrame]:
    """A corpus and its scores table (one row per passage and frame)."""
    documents, passages, scores = [], [], []
    for art in articles:
        texts = art.text_override or [passage_text(art.language, p) for p in art.passages]
        text = "\n\n".join(texts)
        start = 0
        for index, (ptext, pframes) in enumerate(zip(texts, art.passages, strict=True)):
            pid = f"{art.doc_id}-p{index}"
            n_tokens = count_tokens(ptext)
            passages.append(
                {
                    "passage_id": pid,
                    "doc_id": art.doc_id,
                    "index": index,
                    "start": start,
                    "end": start + len(ptext),
                    "text": ptext,
                    "language": art.language,
                    "n_tokens": n_tokens,
                }
            )
            assert text[start : start + len(ptext)] == ptext
            start += len(ptext) + 2
            for frame in frames:
                hit = frame in pframes
                scores.append(
                    {
                        "passage_id": pid,
                        "doc_id": art.doc_id,
                        "frame": frame,
                        "hits": int(hit),
                        "distinct_terms": int(hit),
                        "score": float(hit),
                        "density": 1000.0 * hit / n_tokens if density else np.nan,
                        "probability": np.nan,
                        "present": hit,
                        "matches": "[]",
                    }
                )
        documents.append(
            {
                "doc_id": art.doc_id,
                "source_path": f"{art.doc_id}.txt",
                "source_format": "text",
                "outlet": art.outlet,
                "via_outlet": art.via_outlet,
                "language": art.language,
                "date": art.date,
                "date_precision": _precision(art.date),
                "title": art.title,
                "url": "",
                "text": text,
                "dup_cluster": art.dup_cluster,
                "metadata": json.dumps(art.metadata, ensure_ascii=False),
            }
        )
    corpus = Corpus(documents=pd.DataFrame(documents), passages=pd.DataFrame(passages))
    return corpus, pd.DataFrame(scores)


def _precision(date: str) -> str:
    if date.startswith("--"):
        return "no_year"
    return {10: "day", 7: "month", 4: "year"}.get(len(date), "unknown")


def outlet_articles(
    outlet: str,
    language: str,
    n: int,
    n_with: int,
    frame: str = "threat",
    *,
    passages: int = 3,
    date: str = "2026-02-11",
    metadata: dict | None = None,
) -> list[Article]:
    """``n`` articles of ``outlet``; the first ``n_with`` carry ``frame`` in their first passage."""
    out = []
    for i in range(n):
        frames = [(frame,) if i < n_with and k == 0 else () for k in range(passages)]
        out.append(
            Article(
                doc_id=f"{outlet.replace(' ', '')[:5].lower()}-{language}-{i:03d}",
                outlet=outlet,
                language=language,
                date=date,
                passages=frames,
                metadata=dict(metadata or {}),
            )
        )
    return out
