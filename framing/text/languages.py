"""ISO 639-1 language codes, with suggestions for the usual mistakes.

Lexicons and documents name languages by their two-letter ISO 639-1 code
(``en``, ``fr``, ``ar``). People often write a three-letter code (``eng``,
``fra``, ``ara``), a locale (``en-GB``, ``ar_MA``), a dialect code (``ary``
for Moroccan Arabic) or a name (``Arabic``, ``français``):
:func:`suggest_language_code` turns those into the right code so error
messages can say what to write instead.
"""

from __future__ import annotations

import difflib
import unicodedata

#: Every ISO 639-1 code with its English name.
ISO_639_1: dict[str, str] = {
    "aa": "Afar", "ab": "Abkhazian", "ae": "Avestan", "af": "Afrikaans", "ak": "Akan",
    "am": "Amharic", "an": "Aragonese", "ar": "Arabic", "as": "Assamese", "av": "Avaric",
    "ay": "Aymara", "az": "Azerbaijani", "ba": "Bashkir", "be": "Belarusian", "bg": "Bulgarian",
    "bi": "Bislama", "bm": "Bambara", "bn": "Bengali", "bo": "Tibetan", "br": "Breton",
    "bs": "Bosnian", "ca": "Catalan", "ce": "Chechen", "ch": "Chamorro", "co": "Corsican",
    "cr": "Cree", "cs": "Czech", "cu": "Church Slavic", "cv": "Chuvash", "cy": "Welsh",
    "da": "Danish", "de": "German", "dv": "Divehi", "dz": "Dzongkha", "ee": "Ewe",
    "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian",
    "eu": "Basque", "fa": "Persian", "ff": "Fulah", "fi": "Finnish", "fj": "Fijian",
    "fo": "Faroese", "fr": "French", "fy": "Western Frisian", "ga": "Irish",
    "gd": "Scottish Gaelic", "gl": "Galician", "gn": "Guarani", "gu": "Gujarati", "gv": "Manx",
    "ha": "Hausa", "he": "Hebrew", "hi": "Hindi", "ho": "Hiri Motu", "hr": "Croatian",
    "ht": "Haitian", "hu": "Hungarian", "hy": "Armenian", "hz": "Herero", "ia": "Interlingua",
    "id": "Indonesian", "ie": "Interlingue", "ig": "Igbo", "ii": "Sichuan Yi", "ik": "Inupiaq",
    "io": "Ido", "is": "Icelandic", "it": "Italian", "iu": "Inuktitut", "ja": "Japanese",
    "jv": "Javanese", "ka": "Georgian", "kg": "Kongo", "ki": "Kikuyu", "kj": "Kuanyama",
    "kk": "Kazakh", "kl": "Kalaallisut", "km": "Khmer", "kn": "Kannada", "ko": "Korean",
    "kr": "Kanuri", "ks": "Kashmiri", "ku": "Kurdish", "kv": "Komi", "kw": "Cornish",
    "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish", "lg": "Ganda", "li": "Limburgish",
    "ln": "Lingala", "lo": "Lao", "lt": "Lithuanian", "lu": "Luba-Katanga", "lv": "Latvian",
    "mg": "Malagasy", "mh": "Marshallese", "mi": "Maori", "mk": "Macedonian", "ml": "Malayalam",
    "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese",
    "na": "Nauru", "nb": "Norwegian Bokmål", "nd": "North Ndebele", "ne": "Nepali",
    "ng": "Ndonga", "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian",
    "nr": "South Ndebele", "nv": "Navajo", "ny": "Chichewa", "oc": "Occitan", "oj": "Ojibwa",
    "om": "Oromo", "or": "Odia", "os": "Ossetian", "pa": "Punjabi", "pi": "Pali",
    "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "qu": "Quechua", "rm": "Romansh",
    "rn": "Rundi", "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda", "sa": "Sanskrit",
    "sc": "Sardinian", "sd": "Sindhi", "se": "Northern Sami", "sg": "Sango", "si": "Sinhala",
    "sk": "Slovak", "sl": "Slovenian", "sm": "Samoan", "sn": "Shona", "so": "Somali",
    "sq": "Albanian", "sr": "Serbian", "ss": "Swati", "st": "Southern Sotho", "su": "Sundanese",
    "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tg": "Tajik",
    "th": "Thai", "ti": "Tigrinya", "tk": "Turkmen", "tl": "Tagalog", "tn": "Tswana",
    "to": "Tonga", "tr": "Turkish", "ts": "Tsonga", "tt": "Tatar", "tw": "Twi",
    "ty": "Tahitian", "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek",
    "ve": "Venda", "vi": "Vietnamese", "vo": "Volapük", "wa": "Walloon", "wo": "Wolof",
    "xh": "Xhosa", "yi": "Yiddish", "yo": "Yoruba", "za": "Zhuang", "zh": "Chinese",
    "zu": "Zulu",
}  # fmt: skip

# Three-letter codes (ISO 639-2/T, 639-2/B and 639-3) of the languages people
# most often write that way, Arabic varieties included, and withdrawn codes.
_OTHER_CODES: dict[str, str] = {
    "eng": "en", "fra": "fr", "fre": "fr", "ara": "ar", "spa": "es", "deu": "de", "ger": "de",
    "ita": "it", "por": "pt", "nld": "nl", "dut": "nl", "rus": "ru", "zho": "zh", "chi": "zh",
    "cmn": "zh", "jpn": "ja", "kor": "ko", "tur": "tr", "fas": "fa", "per": "fa", "pes": "fa",
    "urd": "ur", "heb": "he", "hin": "hi", "ben": "bn", "ell": "el", "gre": "el", "pol": "pl",
    "swe": "sv", "nor": "no", "nob": "nb", "nno": "nn", "dan": "da", "fin": "fi", "ces": "cs",
    "cze": "cs", "slk": "sk", "slo": "sk", "hun": "hu", "ron": "ro", "rum": "ro", "bul": "bg",
    "ukr": "uk", "srp": "sr", "hrv": "hr", "bos": "bs", "slv": "sl", "cat": "ca", "eus": "eu",
    "baq": "eu", "glg": "gl", "cym": "cy", "wel": "cy", "gle": "ga", "isl": "is", "ice": "is",
    "est": "et", "lav": "lv", "lit": "lt", "sqi": "sq", "alb": "sq", "mkd": "mk", "mac": "mk",
    "hye": "hy", "arm": "hy", "kat": "ka", "geo": "ka", "aze": "az", "kaz": "kk", "uzb": "uz",
    "tgk": "tg", "pus": "ps", "kur": "ku", "ckb": "ku", "kmr": "ku", "amh": "am", "som": "so",
    "swa": "sw", "swh": "sw", "hau": "ha", "yor": "yo", "ibo": "ig", "zul": "zu", "xho": "xh",
    "afr": "af", "msa": "ms", "may": "ms", "zsm": "ms", "ind": "id", "vie": "vi", "tha": "th",
    "tgl": "tl", "fil": "tl", "tam": "ta", "tel": "te", "mar": "mr", "guj": "gu", "pan": "pa",
    "mal": "ml", "kan": "kn", "sin": "si", "nep": "ne", "mya": "my", "bur": "my", "khm": "km",
    "lao": "lo", "mon": "mn", "tat": "tt", "wol": "wo", "ful": "ff", "bam": "bm", "mlt": "mt",
    "lat": "la", "epo": "eo", "ltz": "lb", "bre": "br", "cos": "co", "oci": "oc", "tir": "ti",
    # Arabic varieties (ISO 639-3 members of the macrolanguage "ara").
    "arb": "ar", "ary": "ar", "arz": "ar", "apc": "ar", "ajp": "ar", "acm": "ar", "aeb": "ar",
    "arq": "ar", "ayl": "ar", "afb": "ar", "ars": "ar", "acq": "ar", "apd": "ar", "shu": "ar",
    # Withdrawn two-letter codes.
    "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "sh": "sr",
}  # fmt: skip

# Names people write, in English, French and the language itself.
_EXTRA_NAMES: dict[str, str] = {
    "arabe": "ar", "العربية": "ar", "عربي": "ar", "عربية": "ar", "darija": "ar",
    "moroccan arabic": "ar", "modern standard arabic": "ar",
    "français": "fr", "francais": "fr", "anglais": "en", "espagnol": "es", "español": "es",
    "allemand": "de", "deutsch": "de", "italien": "it", "italiano": "it", "portugais": "pt",
    "português": "pt", "russe": "ru", "русский": "ru", "chinois": "zh", "中文": "zh",
    "persan": "fa", "farsi": "fa", "فارسی": "fa", "turc": "tr", "türkçe": "tr",
    "hébreu": "he", "עברית": "he", "néerlandais": "nl", "nederlands": "nl",
    "castilian": "es", "flemish": "nl", "panjabi": "pa", "gaelic": "gd",
}  # fmt: skip

# Languages with no ISO 639-1 code that lexicons of North African news meet.
_NO_TWO_LETTER_CODE = {
    "ber": "Berber (Tamazight)", "tzm": "Central Atlas Tamazight",
    "zgh": "Standard Moroccan Tamazight", "kab": "Kabyle", "shi": "Tachelhit",
    "rif": "Tarifit", "tamazight": "Tamazight", "amazigh": "Tamazight", "berber": "Berber",
}  # fmt: skip

_LATIN_SCRIPT_LANGUAGES = (
    "en fr es de it pt nl ca eu gl oc br co la ro pl cs sk sl hr bs hu fi et lv lt sv no nb nn "
    "da is fo ga gd cy mt sq tr az uz tk id ms tl vi sw ha yo ig zu xh af so wo ff bm eo lb"
)

#: Expected script of a language's words, for languages where a mismatch is a
#: likely mistake (Latin letters in an ``ar`` list, Arabic ones in ``fr``).
LANGUAGE_SCRIPTS: dict[str, str] = {
    **{code: "ARABIC" for code in ("ar", "fa", "ur", "ps", "sd", "ug", "ks")},
    **{code: "HEBREW" for code in ("he", "yi")},
    **{code: "CYRILLIC" for code in ("ru", "uk", "bg", "be", "mk", "kk", "ky", "tg", "mn")},
    "el": "GREEK",
    **dict.fromkeys(_LATIN_SCRIPT_LANGUAGES.split(), "LATIN"),
}


def is_language_code(code: str) -> bool:
    """Whether ``code`` is an ISO 639-1 code, written in lower case.

    >>> is_language_code("ar"), is_language_code("ara"), is_language_code("AR")
    (True, False, False)
    """
    return code in ISO_639_1


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code (the code itself if unknown).

    >>> language_name("fr")
    'French'
    """
    return ISO_639_1.get(code, code)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def suggest_language_code(value: str) -> str | None:
    """The ISO 639-1 code ``value`` most likely means, or ``None`` if there is no good guess.

    >>> [suggest_language_code(v) for v in ["eng", "Arabic", "fr-FR", "ary", "AR", "xx"]]
    ['en', 'ar', 'fr', 'ar', 'ar', None]
    """
    text = value.strip().casefold()
    if not text:
        return None
    if text in ISO_639_1:
        return text
    base = text.replace("_", "-").split("-")[0]
    if base != text and (base in ISO_639_1 or base in _OTHER_CODES):
        return base if base in ISO_639_1 else _OTHER_CODES[base]
    if text in _OTHER_CODES:
        return _OTHER_CODES[text]
    names = {_plain(name): code for code, name in ISO_639_1.items()}
    names.update({_plain(name): code for name, code in _EXTRA_NAMES.items()})
    plain = _plain(text)
    if plain in names:
        return names[plain]
    close = difflib.get_close_matches(plain, list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else None


def explain_language_code(value: str) -> str:
    """A hint saying what to write instead of an invalid language code.

    >>> explain_language_code("eng")
    "use 'en' (English): languages are ISO 639-1 two-letter codes"
    """
    suggestion = suggest_language_code(value)
    if suggestion is not None:
        return (
            f"use {suggestion!r} ({language_name(suggestion)}): "
            "languages are ISO 639-1 two-letter codes"
        )
    no_code = _NO_TWO_LETTER_CODE.get(value.strip().casefold())
    if no_code:
        return f"{no_code} has no ISO 639-1 code, so this toolkit cannot label it"
    return "languages are ISO 639-1 two-letter codes such as 'en', 'fr', 'ar'"


def script_of(char: str) -> str | None:
    """The Unicode script name of a letter (``LATIN``, ``ARABIC``, ...), ``None`` for non-letters.

    >>> script_of("é"), script_of("س"), script_of("7")
    ('LATIN', 'ARABIC', None)
    """
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else None


def foreign_scripts(text: str, language: str) -> set[str]:
    """Scripts of the letters in ``text`` that the language's words are not written in.

    Empty when the language has no expected script in :data:`LANGUAGE_SCRIPTS`.

    >>> foreign_scripts("rabat", "ar")
    {'LATIN'}
    >>> foreign_scripts("الرباط", "ar")
    set()
    """
    expected = LANGUAGE_SCRIPTS.get(language)
    if expected is None:
        return set()
    found = {script_of(ch) for ch in text}
    return {s for s in found if s is not None and s != expected}
