"""Events: from a metadata column, or found automatically across languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from compare_helpers import Article, build

from framing.compare.data import prepare
from framing.compare.events import NameMatcher, assign_events, event_table
from framing.compare.gazetteer import build_gazetteer

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

RIYADH_EN = [
    "Morocco's security chief Abdellatif Hammouchi held talks in Riyadh with Saudi State "
    "Security officials on Tuesday.",
    "The visit to Saudi Arabia opens a wider security partnership, analysts said.",
]
RIYADH_AR = [
    "أجرى عبد اللطيف الحموشي مباحثات في الرياض مع مسؤولين أمنيين سعوديين.",
    "وتناولت المباحثات تطوير التعاون الأمني بين المغرب والمملكة العربية السعودية.",
]
RIYADH_FR = [
    "Abdellatif Hammouchi s'est entretenu à Riyad avec les responsables de la Sécurité "
    "d'État saoudienne.",
]
MARRAKECH_FR = [
    "L'assemblée générale d'Interpol s'ouvre à Marrakech avec des délégations de 190 pays.",
]
MARRAKECH_EN = [
    "Interpol delegates gathered in Marrakech for the general assembly hosted by Morocco.",
]
FOOTBALL_EN = ["The national team won the friendly match in Casablanca on Saturday."]


def corpus():
    def art(doc_id, outlet, language, date, texts, frames, **kw):
        return Article(doc_id, outlet, language, date, frames, text_override=texts, **kw)

    articles = [
        art(
            "en-riyadh",
            "Atlas Review",
            "en",
            "2026-02-11",
            RIYADH_EN,
            [("cooperation",), ()],
            metadata={"event": "riyadh-visit"},
        ),
        art(
            "ar-riyadh",
            "Al Marsad",
            "ar",
            "2026-02-12",
            RIYADH_AR,
            [(), ("cooperation",)],
            metadata={"event": "riyadh-visit"},
        ),
        art(
            "fr-riyadh",
            "Le Courrier",
            "fr",
            "2026-02-16",
            RIYADH_FR,
            [("soft_power",)],
            metadata={"event": "riyadh-visit"},
        ),
        art(
            "fr-interpol",
            "Le Courrier",
            "fr",
            "2025-11-24",
            MARRAKECH_FR,
            [("soft_power",)],
            metadata={"event": "interpol-ga"},
        ),
        art(
            "en-interpol",
            "Atlas Review",
            "en",
            "2025-11-25",
            MARRAKECH_EN,
            [()],
            metadata={"event": "interpol-ga"},
        ),
        # The same names two months later: outside the 10-day window.
        art("en-riyadh-late", "Atlas Review", "en", "2026-04-20", RIYADH_EN, [(), ()]),
        art("en-football", "Atlas Review", "en", "2026-02-12", FOOTBALL_EN, [()]),
        # Undated (no year): cannot join an automatic event.
        art("ar-undated", "Al Marsad", "ar", "--02-12", RIYADH_AR, [(), ()]),
    ]
    return build(articles)


def test_gazetteer_links_scripts_and_clitics():
    matcher = NameMatcher(build_gazetteer())
    assert {"riyadh", "hammouchi", "saudi_arabia"} <= matcher.names(" ".join(RIYADH_EN))
    assert {"riyadh", "hammouchi", "saudi_arabia"} <= matcher.names(" ".join(RIYADH_AR))
    # Proclitics: "bi-" + "al-Riyadh", "li-" + "al-Riyadh" (written للرياض).
    assert matcher.names("وصل إلى الرباط ثم بالرياض") >= {"rabat", "riyadh"}
    assert "riyadh" in matcher.names("زيارة حموشي للرياض")
    # Multi-word forms need every word.
    assert "saudi_arabia" in matcher.names("à la frontière de l'Arabie saoudite")
    assert "dgsn" in matcher.names("المديرية العامة للأمن الوطني")
    custom = NameMatcher(build_gazetteer({"agadir": ["Agadir", "أكادير"]}))
    assert "agadir" in custom.names("وصل الوفد إلى أكادير")


def test_automatic_events_join_languages_within_the_window():
    c, _ = corpus()
    events = assign_events(c.documents, "auto").set_index("doc_id")["event"]
    riyadh = events["en-riyadh"]
    assert riyadh and riyadh.startswith("2026-02-11")
    assert events["ar-riyadh"] == riyadh and events["fr-riyadh"] == riyadh
    interpol = events["fr-interpol"]
    assert interpol and interpol != riyadh and events["en-interpol"] == interpol
    assert "Interpol" in interpol and "Marrakech" in interpol
    for alone in ("en-riyadh-late", "en-football", "ar-undated"):
        assert events[alone] == ""


def test_window_is_a_setting():
    c, _ = corpus()
    events = assign_events(c.documents, "auto", window_days=2).set_index("doc_id")["event"]
    # The French report came 4 days after the Arabic one.
    assert events["ar-riyadh"] == events["en-riyadh"] != ""
    assert events["fr-riyadh"] == ""


def test_events_from_a_metadata_column_and_the_event_table():
    c, scores = corpus()
    data = prepare(scores, c, ["outlet"])
    assignments = assign_events(c.documents, "event")
    assert assignments.set_index("doc_id").loc["en-football", "event"] == ""
    table = event_table(data, assignments)
    riyadh = table[table["event"] == "riyadh-visit"]
    assert set(zip(riyadh["outlet"], riyadh["language"], strict=True)) == {
        ("Atlas Review", "en"),
        ("Al Marsad", "ar"),
        ("Le Courrier", "fr"),
    }
    cooperation = riyadh[riyadh["frame"] == "cooperation"].set_index("language")
    assert cooperation.loc["ar", "n_articles"] == 1 and cooperation.loc["ar", "article_share"] == 1
    assert cooperation.loc["fr", "article_share"] == 0
    assert cooperation.loc["fr", "article_share_ci_high"] == pytest.approx(0.7935, abs=1e-4)
    assert set(table["event"]) == {"riyadh-visit", "interpol-ga"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seed documents not available")
def test_the_two_seed_reports_of_the_riyadh_visit_fall_together(tmp_path):
    from framing.corpus.ingest import ingest

    wordpress = next(SEEDS.glob("000_*.txt"))
    arabic = next(SEEDS.glob("004_*.txt"))
    manifest = tmp_path / "manifest.csv"
    # The Arabic file carries no date or outlet of its own: the manifest gives them.
    manifest.write_text(
        f"file,outlet,date\n{arabic},Arabic outlet,2026-02-11\n{wordpress},,\n", encoding="utf-8"
    )
    c = ingest([], manifest=manifest)
    assert set(c.documents["language"]) == {"en", "ar"}
    events = assign_events(c.documents, "auto")
    assert events["event"].nunique() == 1 and events["event"].iloc[0] != ""
    assert "Riyadh" in events["event"].iloc[0]
