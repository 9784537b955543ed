"""A small built-in gazetteer: places, institutions and people of security diplomacy news.

Each entry maps a canonical key to the ways English, French and Arabic
coverage writes it (adjectives included where coverage uses them, e.g.
"Saudi", "saoudienne", "السعودي"). It exists so that automatic event detection
can tell that an English report from Riyadh and an Arabic one from الرياض
speak of the same place: Latin and Arabic script share no spelling.

Forms are matched on normalised tokens (case-folded, Latin accents folded,
Arabic folded), a multi-word form as a sequence of tokens, an Arabic form
with or without the article ال and the proclitics و ف ب ل ك. Users extend it
by passing their own ``{key: [forms]}`` mapping (see :func:`build_gazetteer`).

The first form of each entry is its display label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

GAZETTEER: dict[str, tuple[str, ...]] = {
    # Places.
    "riyadh": ("Riyadh", "Riyad", "الرياض"),
    "saudi_arabia": (
        "Saudi Arabia",
        "Saudi",
        "Arabie saoudite",
        "saoudien",
        "saoudienne",
        "saoudiens",
        "السعودية",
        "السعودي",
        "السعوديين",
    ),
    "rabat": ("Rabat", "الرباط"),
    "casablanca": ("Casablanca", "الدار البيضاء"),
    "marrakech": ("Marrakech", "Marrakesh", "مراكش"),
    "tangier": ("Tangier", "Tanger", "طنجة"),
    "madrid": ("Madrid", "مدريد"),
    "spain": (
        "Spain",
        "Espagne",
        "Spanish",
        "espagnol",
        "espagnole",
        "إسبانيا",
        "الإسباني",
        "الإسبانية",
    ),
    "paris": ("Paris", "باريس"),
    "france": ("France", "French", "français", "française", "فرنسا", "الفرنسي", "الفرنسية"),
    "moscow": ("Moscow", "Moscou", "موسكو"),
    "russia": ("Russia", "Russie", "Russian", "russe", "روسيا", "الروسي", "الروسية"),
    "sahel": ("Sahel", "الساحل"),
    "niger": ("Niger", "النيجر"),
    "mauritania": ("Mauritania", "Mauritanie", "موريتانيا"),
    "algeria": ("Algeria", "Algérie", "الجزائر"),
    "abu_dhabi": ("Abu Dhabi", "Abou Dhabi", "أبوظبي", "أبو ظبي"),
    "uae": ("United Arab Emirates", "UAE", "Emirates", "Émirats arabes unis", "الإمارات"),
    "qatar": ("Qatar", "قطر"),
    "doha": ("Doha", "الدوحة"),
    "washington": ("Washington", "واشنطن"),
    "united_states": ("United States", "États-Unis", "Etats-Unis", "الولايات المتحدة"),
    "brussels": ("Brussels", "Bruxelles", "بروكسل"),
    "european_union": ("European Union", "Union européenne", "الاتحاد الأوروبي"),
    "gulf": ("Gulf", "Golfe", "الخليج"),
    "mediterranean": ("Mediterranean", "Méditerranée", "المتوسط"),
    # Organisations and events.
    "interpol": ("Interpol", "الإنتربول", "إنتربول", "الأنتربول"),
    "europol": ("Europol", "اليوروبول", "يوروبول"),
    "afripol": ("Afripol", "أفريبول", "الأفريبول"),
    "dgsn": (
        "DGSN",
        "General Directorate of National Security",
        "Direction générale de la sûreté nationale",
        "المديرية العامة للأمن الوطني",
    ),
    "dgst": (
        "DGST",
        "Territorial Surveillance",
        "surveillance du territoire",
        "مراقبة التراب الوطني",
    ),
    "world_defense_show": ("World Defense Show", "معرض الدفاع العالمي"),
    # People.
    "hammouchi": ("Hammouchi", "Hamouchi", "حموشي", "الحموشي"),
}


def build_gazetteer(
    extra: Mapping[str, Sequence[str]] | None = None, *, builtin: bool = True
) -> dict[str, tuple[str, ...]]:
    """The built-in gazetteer, extended (or replaced, ``builtin=False``) by ``extra``.

    >>> g = build_gazetteer({"riyadh": ["Ar-Riyad"], "agadir": ["Agadir", "أكادير"]})
    >>> g["riyadh"][-1], g["agadir"]
    ('Ar-Riyad', ('Agadir', 'أكادير'))
    """
    out = dict(GAZETTEER) if builtin else {}
    for key, forms in (extra or {}).items():
        out[key] = tuple(dict.fromkeys([*out.get(key, ()), *forms]))
    return out
