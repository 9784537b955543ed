"""Realistic comparison tables for the report tests, computed from a small hand-built corpus.

Thirty-eight articles from six outlets in English, French and Arabic, each with
its passages and the frames coded on them. The tables are computed here with
scipy/statsmodels, with the shapes of the data contract, so the figures and the
report are tested on numbers that hang together (n, shares, intervals, tests).
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

FRAMES = {
    "security_exporter": "Security exporter",
    "soft_power": "Soft power",
    "sovereignty": "Sovereignty and autonomy",
    "recognition": "International recognition",
    "regional_stability": "Regional stabiliser",
    "threat": "Threat and counter-terrorism",
    "modernization": "Technology and modernisation",
    "royal_leadership": "Royal leadership",
    "cooperation": "Cooperation and partnership",
    "rights_criticism": "Rights and criticism",
}

# outlet, language, number of articles, probability of each frame (in FRAMES order)
OUTLETS = [
    ("Atlas Security Review", "en", 9, [0.5, 0.3, 0.2, 0.5, 0.4, 0.7, 0.4, 0.1, 0.8, 0.1]),
    ("Sahel Observer", "en", 6, [0.3, 0.1, 0.1, 0.2, 0.5, 0.8, 0.1, 0.0, 0.7, 0.2]),
    ("Courrier du Maghreb", "fr", 6, [0.2, 0.2, 0.2, 0.3, 0.3, 0.5, 0.2, 0.2, 0.6, 0.3]),
    ("Tribune de Rabat", "fr", 5, [0.8, 0.8, 0.6, 0.9, 0.6, 0.4, 0.6, 0.9, 0.6, 0.0]),
    ("المرصاد", "ar", 7, [0.7, 0.6, 0.7, 0.8, 0.5, 0.6, 0.3, 0.9, 0.5, 0.0]),
    ("الحوار", "ar", 5, [0.1, 0.2, 0.1, 0.1, 0.2, 0.4, 0.1, 0.1, 0.4, 0.9]),
]
MONTHS = ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
EVENTS = ["Interpol General Assembly, Marrakech", "Visit to Riyadh", "Nador cell dismantled"]


def articles() -> pd.DataFrame:
    """One row per article: ids, outlet, language, month, event, n_passages, a bool per frame."""
    rng = np.random.default_rng(7)
    rows = []
    for outlet, language, n, probs in OUTLETS:
        for i in range(n):
            month = MONTHS[(i * 2 + len(outlet)) % len(MONTHS)] if i != n - 1 else "unknown"
            row = {
                "doc_id": "",
                "outlet": outlet,
                "language": language,
                "month": month,
                "event": EVENTS[i % len(EVENTS)] if i < 3 else "",
                "n_passages": int(rng.integers(3, 8)),
            }
            for frame, p in zip(FRAMES, probs, strict=True):
                row[frame] = bool(rng.random() < p)
            rows.append(row)
    table = pd.DataFrame(rows)
    table["doc_id"] = [f"doc{k:03d}" for k in range(len(table))]  # deterministic ids
    return table


def prevalence(by: list[str]) -> pd.DataFrame:
    """The prevalence table for the grouping ``by`` (Wilson CIs; passage shares approximated)."""
    arts = articles()
    rows = []
    for key, part in arts.groupby(by, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        n = len(part)
        n_pass = int(part["n_passages"].sum())
        for frame in FRAMES:
            k = int(part[frame].sum())
            low, high = proportion_confint(k, n, method="wilson")
            k_pass = round(k * 1.6)
            p_share = k_pass / n_pass
            rows.append(
                {
                    **dict(zip(by, key, strict=True)),
                    "frame": frame,
                    "n_articles": n,
                    "n_passages": n_pass,
                    "n_with_frame": k,
                    "n_passages_with_frame": k_pass,
                    "article_share": k / n,
                    "article_share_ci_low": low,
                    "article_share_ci_high": high,
                    "passage_share": p_share,
                    "passage_share_ci_low": max(0.0, p_share - 0.08) if n >= 2 else np.nan,
                    "passage_share_ci_high": min(1.0, p_share + 0.08) if n >= 2 else np.nan,
                    "mean_density": 4.2 * k / n,
                    "ci_note": "small n" if n < 10 else "",
                    "deduplicated": False,
                }
            )
    return pd.DataFrame(rows)


def tests(by: list[str]) -> pd.DataFrame:
    """Chi-square test per frame across the groups, BH-adjusted."""
    arts = articles()
    groups = arts[by].astype(str).agg("|".join, axis=1)
    rows = []
    for frame in FRAMES:
        table = pd.crosstab(groups, arts[frame]).reindex(columns=[False, True], fill_value=0)
        stat, p, _, _ = chi2_contingency(table.to_numpy())
        n = table.to_numpy().sum()
        v = np.sqrt(stat / (n * (min(table.shape) - 1)))
        rows.append(
            {
                "frame": frame,
                "test": "chi2_permutation",
                "statistic": stat,
                "p_value": p,
                "cramers_v": v,
                "note": "expected counts < 5: Monte-Carlo p-value",
            }
        )
    out = pd.DataFrame(rows)
    out["p_adjusted"] = multipletests(out["p_value"], method="fdr_bh")[1]
    return out[["frame", "test", "statistic", "p_value", "p_adjusted", "cramers_v", "note"]]


def pairwise(by: list[str]) -> pd.DataFrame:
    """Every pair of groups per frame: risk difference, odds ratio, BH-adjusted p-values."""
    from scipy.stats import fisher_exact

    arts = articles()
    arts["_g"] = arts[by].astype(str).agg("|".join, axis=1)
    rows = []
    for frame in FRAMES:
        for a, b in itertools.combinations(sorted(arts["_g"].unique()), 2):
            xa, xb = arts.loc[arts["_g"] == a, frame], arts.loc[arts["_g"] == b, frame]
            ka, kb, na, nb = int(xa.sum()), int(xb.sum()), len(xa), len(xb)
            odds, p = fisher_exact([[ka, na - ka], [kb, nb - kb]])
            rd = ka / na - kb / nb
            rows.append(
                {
                    "group_a": a,
                    "group_b": b,
                    "frame": frame,
                    "n_a": na,
                    "n_b": nb,
                    "share_a": ka / na,
                    "share_b": kb / nb,
                    "test": "fisher",
                    "risk_difference": rd,
                    "risk_difference_ci_low": rd - 0.35,
                    "risk_difference_ci_high": rd + 0.35,
                    "odds_ratio": odds,
                    "p_value": p,
                }
            )
    out = pd.DataFrame(rows)
    out["p_adjusted"] = multipletests(out["p_value"], method="fdr_bh")[1]
    out["significant"] = out["p_adjusted"] < 0.05
    return out


def cooccurrence() -> pd.DataFrame:
    """Frame pairs at article and passage level (passage counts derived from article counts)."""
    arts = articles()
    rows = []
    for level in ("article", "passage"):
        scale = 1 if level == "article" else 2
        total = len(arts) * scale
        for fa, fb in itertools.combinations(FRAMES, 2):
            both = int((arts[fa] & arts[fb]).sum()) * scale
            na, nb = int(arts[fa].sum()) * scale, int(arts[fb].sum()) * scale
            union = na + nb - both
            rows.append(
                {
                    "frame_a": fa,
                    "frame_b": fb,
                    "level": level,
                    "n_both": both,
                    "n_a": na,
                    "n_b": nb,
                    "n_total": total,
                    "jaccard": both / union if union else np.nan,
                    "lift": both * total / (na * nb) if na and nb else np.nan,
                }
            )
    return pd.DataFrame(rows)


def keyness() -> pd.DataFrame:
    """Words distinguishing المرصاد (A) from الحوار (B); positive z favours A."""
    words = [
        ("الإرهاب", 41, 12),
        ("تفكيك", 33, 9),
        ("الريادة", 22, 2),
        ("الملكية", 27, 5),
        ("التعاون", 38, 21),
        ("الخبرة", 19, 4),
        ("إشعاع", 14, 1),
        ("التجسس", 2, 24),
        ("الصحفيين", 3, 21),
        ("حقوق", 6, 27),
        ("القمع", 1, 15),
        ("منظمة", 5, 17),
        ("تقرير", 9, 22),
        ("المغرب", 60, 48),
    ]
    ta, tb = 5200, 4100
    rows = []
    for token, ca, cb in words:
        lo = np.log((ca + 0.5) / (ta - ca + 0.5)) - np.log((cb + 0.5) / (tb - cb + 0.5))
        z = lo / np.sqrt(1 / (ca + 0.5) + 1 / (cb + 0.5))
        rows.append(
            {
                "frame": "(all)",
                "group_a": "المرصاد",
                "group_b": "الحوار",
                "token": token,
                "count_a": ca,
                "count_b": cb,
                "rate_a": ca / ta * 1000,
                "rate_b": cb / tb * 1000,
                "log_odds": lo,
                "z": z,
                "g2": z**2,
                "g2_p": 0.01,
                "g2_p_adjusted": 0.02,
                "favours": "المرصاد" if z > 0 else "الحوار",
            }
        )
    return pd.DataFrame(rows).sort_values("z", ascending=False, ignore_index=True)


def timeline(group: str = "language") -> pd.DataFrame:
    """Monthly article share per frame and group, 3-month trailing rolling share, Wilson CIs."""
    arts = articles()
    rows = []
    for g, part in arts.groupby(group, sort=True):
        for frame in FRAMES:
            window: list[tuple[int, int]] = []
            for period in [*MONTHS, "undated"]:
                month = "unknown" if period == "undated" else period
                sub = part[part["month"] == month]
                n, k = len(sub), int(sub[frame].sum())
                low, high = proportion_confint(k, n, method="wilson") if n else (np.nan, np.nan)
                row = {
                    "period": period,
                    group: g,
                    "frame": frame,
                    "n_articles": n,
                    "n_with_frame": k,
                    "share": k / n if n else np.nan,
                    "share_ci_low": low,
                    "share_ci_high": high,
                    "rolling_n_articles": np.nan,
                    "rolling_share": np.nan,
                    "rolling_ci_low": np.nan,
                    "rolling_ci_high": np.nan,
                }
                if period != "undated":
                    window = [*window[-2:], (k, n)]
                    ks, ns = sum(w[0] for w in window), sum(w[1] for w in window)
                    if ns:
                        rlow, rhigh = proportion_confint(ks, ns, method="wilson")
                        row |= {
                            "rolling_n_articles": ns,
                            "rolling_share": ks / ns,
                            "rolling_ci_low": rlow,
                            "rolling_ci_high": rhigh,
                        }
                rows.append(row)
    return pd.DataFrame(rows)


def events() -> pd.DataFrame:
    """Per event, the article share of each frame for each outlet and language."""
    arts = articles()
    arts = arts[arts["event"] != ""]
    rows = []
    for (event, outlet, language), part in arts.groupby(["event", "outlet", "language"]):
        for frame in FRAMES:
            rows.append(
                {
                    "event": event,
                    "outlet": outlet,
                    "language": language,
                    "frame": frame,
                    "n_articles": len(part),
                    "article_share": float(part[frame].mean()),
                }
            )
    return pd.DataFrame(rows)


def evaluation() -> pd.DataFrame:
    """Cross-validated F1 of a classifier and of the lexicon baseline, per frame."""
    rng = np.random.default_rng(3)
    rows = []
    for frame in [*FRAMES, "micro", "macro"]:
        n_pos = int(rng.integers(8, 40)) if frame in FRAMES else 212
        for method, base in (("classifier", 0.72), ("lexicon", 0.58)):
            f1 = float(np.clip(base + rng.normal(0, 0.08), 0.2, 0.95))
            half = 0.6 / np.sqrt(n_pos)
            rows.append(
                {
                    "method": method,
                    "frame": frame,
                    "precision": f1 + 0.03,
                    "recall": f1 - 0.03,
                    "f1": f1,
                    "f1_ci_low": max(0.0, f1 - half),
                    "f1_ci_high": min(1.0, f1 + half),
                    "n_positive": n_pos,
                }
            )
    return pd.DataFrame(rows)


def kwic() -> pd.DataFrame:
    """Keyword-in-context lines in the three languages (sentences written for these tests)."""
    rows = [
        (
            "threat",
            "Atlas Security Review",
            "en",
            "Police said the joint operation helped",
            "dismantle a terrorist cell",
            "operating between Nador and Melilla.",
        ),
        (
            "threat",
            "Courrier du Maghreb",
            "fr",
            "Les enquêteurs affirment avoir",
            "démantelé une cellule terroriste",
            "active des deux côtés du détroit.",
        ),
        (
            "threat",
            "المرصاد",
            "ar",
            "وأكد المصدر أن العملية المشتركة أسفرت عن",
            "تفكيك خلية إرهابية",
            "كانت تنشط بين الناظور ومليلية.",
        ),
        (
            "cooperation",
            "Sahel Observer",
            "en",
            "Officials from Niamey praised the",
            "security cooperation",
            "that brought forty officers to Kenitra.",
        ),
        (
            "cooperation",
            "Tribune de Rabat",
            "fr",
            "Ce programme illustre une",
            "coopération sécuritaire",
            "exemplaire entre Rabat et ses voisins.",
        ),
        (
            "cooperation",
            "الحوار",
            "ar",
            "ويرى مراقبون أن",
            "التعاون الأمني",
            "مع مدريد لم يعد يقتصر على تبادل المعلومات.",
        ),
        (
            "rights_criticism",
            "الحوار",
            "ar",
            "وطالبت المنظمة بفتح تحقيق في",
            "التجسس على الصحفيين",
            "قبل أي شراكة جديدة.",
        ),
        (
            "rights_criticism",
            "Atlas Security Review",
            "en",
            "The report documents",
            "spyware targeting journalists",
            "and asks partners to attach conditions.",
        ),
        (
            "royal_leadership",
            "Tribune de Rabat",
            "fr",
            "Cette stratégie s'inscrit dans la",
            "vision royale",
            "d'une sécurité tournée vers l'Afrique.",
        ),
        (
            "royal_leadership",
            "المرصاد",
            "ar",
            "وتأتي هذه الخطوة تنفيذا",
            "للتوجيهات الملكية السامية",
            "الرامية إلى تعزيز الريادة الإقليمية.",
        ),
    ]
    return pd.DataFrame(rows, columns=["frame", "outlet", "language", "left", "match", "right"])


def documents() -> pd.DataFrame:
    """Documents with the contract columns the corpus summary uses."""
    arts = articles()
    dates = [m + "-15" if m != "unknown" else "" for m in arts["month"]]
    dup = ["c1" if i in (3, 12) else "" for i in range(len(arts))]
    return pd.DataFrame(
        {
            "doc_id": arts["doc_id"],
            "outlet": arts["outlet"],
            "language": arts["language"],
            "date": dates,
            "dup_cluster": dup,
        }
    )


def passages() -> pd.DataFrame:
    """Passages: n_passages rows per article."""
    arts = articles()
    rows = [
        {"passage_id": f"{d}-p{i}", "doc_id": d, "index": i, "n_tokens": 40 + 3 * i}
        for d, n in zip(arts["doc_id"], arts["n_passages"], strict=True)
        for i in range(n)
    ]
    return pd.DataFrame(rows)


SENTENCES = {
    "en": {
        "threat": "Investigators said the cell planned attacks and recruited online.",
        "cooperation": "Both services agreed to share intelligence and train officers together.",
        "": "The minister also opened a new road linking the port to the highway.",
    },
    "fr": {
        "threat": "Les enquêteurs affirment que la cellule préparait des attentats.",
        "cooperation": "Les deux services ont convenu de partager leurs renseignements.",
        "": "Le ministre a aussi inauguré une route reliant le port à l'autoroute.",
    },
    "ar": {
        "threat": "قال المحققون إن الخلية كانت تخطط لهجمات وتجند عبر الإنترنت.",
        "cooperation": "اتفق الجهازان على تبادل المعلومات وتدريب الضباط معا.",
        "": "وافتتح الوزير أيضا طريقا جديدا يربط الميناء بالطريق السيار.",
    },
}
SMALL_OUTLETS = [
    ("Atlas Security Review", "en", 7),
    ("Courrier du Maghreb", "fr", 6),
    ("المرصاد", "ar", 7),
]


def corpus_and_scores():
    """A small corpus (20 articles, 2 passages each) and its scores, for `framing.compare`."""
    from framing.corpus.corpus import Corpus

    documents, passages, scores = [], [], []
    for outlet, language, n in SMALL_OUTLETS:
        for i in range(n):
            doc_id = f"{language}{i:02d}"
            # Arabic articles mostly carry the threat frame, French ones rarely.
            threat = i < {"en": 4, "fr": 1, "ar": 6}[language]
            frames = [("threat",) if threat else (), ("cooperation",) if i % 2 else ()]
            texts = [
                " ".join(SENTENCES[language][f] for f in fs) or SENTENCES[language][""]
                for fs in frames
            ]
            text = "\n\n".join(texts)
            start = 0
            for index, (ptext, fs) in enumerate(zip(texts, frames, strict=True)):
                pid = f"{doc_id}-p{index}"
                passages.append(
                    {
                        "passage_id": pid,
                        "doc_id": doc_id,
                        "index": index,
                        "start": start,
                        "end": start + len(ptext),
                        "text": ptext,
                        "language": language,
                        "n_tokens": len(ptext.split()),
                    }
                )
                start += len(ptext) + 2
                for frame in ("threat", "cooperation"):
                    hit = frame in fs
                    scores.append(
                        {
                            "passage_id": pid,
                            "doc_id": doc_id,
                            "frame": frame,
                            "hits": int(hit),
                            "distinct_terms": int(hit),
                            "score": float(hit),
                            "density": 100.0 * hit,
                            "probability": np.nan,
                            "present": hit,
                            "matches": "[]",
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
                    "date": f"2025-{10 + i % 3}-{10 + i:02d}" if i < n - 1 else "",
                    "date_precision": "day" if i < n - 1 else "unknown",
                    "title": "",
                    "url": "",
                    "text": text,
                    "dup_cluster": "",
                    "metadata": json.dumps({"event": ["Interpol, Marrakech", "Nador cell"][i % 2]}),
                }
            )
    corpus = Corpus(documents=pd.DataFrame(documents), passages=pd.DataFrame(passages))
    return corpus, pd.DataFrame(scores)
