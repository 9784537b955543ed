"""Language identification: the offline py3langid model checked against the script."""

from __future__ import annotations

import pytest

from framing.corpus.language import (
    LanguageGuess,
    detect_language,
    detect_passage_language,
    dominant_script,
)
from framing.corpus.language_model import language_model


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "The interior ministers of Morocco and Spain met in Madrid on Tuesday to review "
            "their cooperation on migration and border control.",
            "en",
        ),
        (
            "Le ministre de l'Intérieur a reçu lundi à Rabat son homologue espagnol pour faire "
            "le point sur la coopération sécuritaire entre les deux pays.",
            "fr",
        ),
        (
            "استقبل وزير الداخلية يوم الاثنين بالرباط نظيره الإسباني لبحث سبل تعزيز التعاون "
            "الأمني بين البلدين.",
            "ar",
        ),
        (
            "El ministro del Interior recibió el lunes en Rabat a su homólogo español para "
            "repasar la cooperación en materia de seguridad y migración.",
            "es",
        ),
        (
            "Der Innenminister empfing am Montag in Rabat seinen spanischen Amtskollegen, um "
            "über die Zusammenarbeit bei Sicherheit und Migration zu sprechen.",
            "de",
        ),
    ],
)
def test_detects_common_languages(text, code):
    guess = detect_language(text)
    assert guess.code == code
    assert guess.confidence > 0.5


def test_moroccan_arabic_is_reported_as_arabic():
    # Darija: the model splits its belief between "ar" and "ary" (Moroccan); both are "ar".
    guess = detect_language("واش كاين شي جديد فهاد القضية ولا باقي كلشي بحال ديما عند الناس")
    assert guess.code == "ar"
    assert guess.confidence > 0.95


def test_persian_in_arabic_script_stays_persian_when_the_model_is_sure():
    guess = detect_language(
        "وزیر کشور روز دوشنبه با همتای اسپانیایی خود در رباط دیدار کرد و درباره همکاری "
        "امنیتی گفتگو کرد."
    )
    assert guess.code == "fa"


def test_arabic_script_with_an_unsure_model_is_arabic():
    guess = detect_language("الرباط مدريد الهجرة الحدود الأمن التعاون")
    assert guess.code == "ar"


@pytest.mark.parametrize("text", ["", "   ", "Menu", "Rabat 2025", "الرئيسية"])
def test_too_short_text_is_unknown(text):
    assert detect_language(text) == LanguageGuess("", 0.0)


def test_labels_without_iso_639_1_code_are_never_returned():
    # The model's best label is Nigerian Pidgin (pcm), which has no two-letter code:
    # the best ISO 639-1 language is returned, with the low probability the model gave it.
    guess = detect_language("Nigeria people dey talk say di matter don finish for Lagos market")
    assert guess.code == "en"
    assert guess.confidence < 0.5


def test_dominant_script():
    assert dominant_script("Le Maroc et l'Espagne") == "latin"
    assert dominant_script("المغرب وإسبانيا Maroc") == "arabic"
    assert dominant_script("2025 — 42") == ""


def test_short_passage_inherits_the_document_language():
    assert detect_passage_language("Rabat, lundi.", "fr") == "fr"
    assert detect_passage_language("Joint patrols", "en") == "en"
    assert detect_passage_language("التعاون الأمني", "ar") == "ar"


def test_short_passage_in_another_script_is_detected():
    assert detect_passage_language("«السيادة الوطنية» خط أحمر", "fr") == "ar"
    assert detect_passage_language("The visit of the director to Moscow", "ar") == "en"


def test_long_passage_in_another_language_is_detected():
    french = (
        "Le ministre a rappelé que la coopération entre les deux pays reposait sur la "
        "confiance et sur des échanges réguliers entre leurs services."
    )
    assert detect_passage_language(french, "en") == "fr"


def test_long_passage_with_names_keeps_the_document_language():
    english = (
        "Abdellatif Hammouchi met Abdulaziz al-Huwairini in Riyadh, where Khalid bin Salman "
        "opened the World Defense Show with officials from Rabat and Jeddah."
    )
    assert detect_passage_language(english, "en") == "en"


def test_passage_without_document_language_is_detected():
    assert (
        detect_passage_language(
            "Les deux ministres ont signé un accord sur la formation des policiers.", ""
        )
        == "fr"
    )


# --- the batched model ------------------------------------------------------------------------

_MIXED = [
    "The interior ministers of Morocco and Spain met in Madrid on Tuesday.",
    "Le ministre a reçu son homologue espagnol pour parler de coopération sécuritaire.",
    "استقبل وزير الداخلية نظيره الإسباني لبحث التعاون الأمني بين البلدين.",
    "Der Innenminister empfing seinen spanischen Amtskollegen in Rabat.",
    "LA VISITE DU DIRECTEUR GÉNÉRAL À MADRID",
    "",
    "١٢٣ — 42",
    "Menu",
    "El ministro del Interior recibió a su homólogo español en Rabat el lunes.",
    "Rabat " * 300,  # a long text, walked beside short ones
]


def _py3langid_rank(text: str) -> dict[str, float]:
    return dict(language_model()._identifier.rank(text))  # py3langid's own walk and scores


def test_batched_model_gives_py3langids_probabilities() -> None:
    import numpy as np

    from framing.corpus.language_model import MIN_VECTOR_BATCH

    model = language_model()
    texts = _MIXED * 2  # enough texts for the NumPy walk
    assert len(texts) >= MIN_VECTOR_BATCH
    batched = model.probabilities(texts)
    for text, row in zip(texts, batched, strict=True):
        reference = _py3langid_rank(text)
        expected = np.asarray([reference[label] for label in model.classes])
        aliased = row == 0  # a label's second column is folded into its first
        assert np.abs(row[~aliased] - expected[~aliased]).max() < 1e-4, text[:40]
        assert model.classes[int(row.argmax())] == max(reference, key=reference.get)


def test_a_text_gets_the_same_probabilities_alone_or_in_a_batch() -> None:
    model = language_model()
    batched = model.probabilities(_MIXED * 2)
    for i, text in enumerate(_MIXED):
        assert (model.probabilities([text])[0] == batched[i]).all()


def test_batch_functions_agree_with_one_text_at_a_time() -> None:
    from framing.corpus.language import detect_languages, detect_passage_languages

    texts = _MIXED * 2
    assert detect_languages(texts) == [detect_language(t) for t in texts]
    documents = ["fr", "en", "ar", ""] * 5
    assert detect_passage_languages(texts, documents) == [
        detect_passage_language(t, d) for t, d in zip(texts, documents, strict=True)
    ]


def test_the_fallback_model_decides_as_the_batched_one() -> None:
    from framing.corpus.language_model import SequentialLanguageModel

    batched = language_model()
    fallback = SequentialLanguageModel(batched._identifier)
    texts = [t for t in _MIXED if t.strip()]
    rows = zip(batched.probabilities(texts), fallback.probabilities(texts), strict=True)
    for row_b, row_f in rows:
        best_b = batched.classes[int(row_b.argmax())]
        best_f = fallback.classes[int(row_f.argmax())]
        assert best_b == best_f
        assert abs(float(row_b.max()) - float(row_f.max())) < 1e-4
