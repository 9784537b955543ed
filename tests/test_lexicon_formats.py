"""LIWC, WordStat and quanteda dictionaries: reading, writing, round trips, the registry."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from lexicon_samples import LIWC_DIC, QUANTEDA_YML, SECURITY_YAML, WORDSTAT_CAT

from framing.errors import LexiconError
from framing.lexicon.formats import (
    FORMATS,
    LexiconFormat,
    LexiconFormatWarning,
    detect_format,
    get_format,
    lexicon_for_language,
    load_any,
    register_format,
    save_any,
    slugify,
)
from framing.lexicon.formats.liwc import format_liwc, parse_liwc
from framing.lexicon.formats.quanteda import format_quanteda, parse_quanteda
from framing.lexicon.formats.wordstat import format_wordstat, parse_wordstat
from framing.lexicon.io import load_lexicon, loads_lexicon
from framing.lexicon.model import Entry, Frame, Lexicon
from framing.lexicon.validate import validate_lexicon

MONOLINGUAL = ("liwc", "wordstat", "quanteda")
EXTENSIONS = {"liwc": ".dic", "wordstat": ".cat", "quanteda": ".yml", "yaml": ".yaml"}


@pytest.fixture
def security() -> Lexicon:
    return loads_lexicon(SECURITY_YAML)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def kept(lexicon: Lexicon, language: str) -> dict[str, list[tuple[str, str]]]:
    """Per frame: (pattern, kind) of the entries one-language formats can hold."""
    return {
        frame.id: [
            (e.pattern, e.kind) for e in frame.entries.get(language, []) if e.kind != "regex"
        ]
        for frame in lexicon.frames
    }


def quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LexiconFormatWarning)
        return function(*args, **kwargs)


# -- LIWC ----------------------------------------------------------------------------------


def test_liwc_import_keeps_phrases_wildcards_and_several_categories() -> None:
    lexicon = parse_liwc(LIWC_DIC, language="en", name="security", path="security.dic")
    assert lexicon.name == "security"
    assert lexicon.languages == ["en"]
    assert lexicon.description == "Imported from security.dic (LIWC format)."
    assert [(f.id, f.label) for f in lexicon.frames] == [
        ("security_exporter", "security_exporter"),
        ("threat", "threat"),
        ("cooperation", "cooperation"),
    ]
    assert kept(lexicon, "en") == {
        "security_exporter": [("security exporter", "phrase"), ("export* security", "glob")],
        "threat": [("terror*", "glob"), ("armed group*", "glob"), ("joint operation*", "glob")],
        "cooperation": [
            ("joint operation*", "glob"),
            ("information exchange", "phrase"),
            ("partner*", "glob"),
        ],
    }
    assert lexicon.frame("threat").entries["en"][0].line == 8
    assert validate_lexicon(lexicon) == []


def test_liwc_2007_layout_with_spaces_odd_numbers_and_conditional_entries() -> None:
    text = (
        "%\n1\tposemo\n125\tsocial partner\n464\tfiller\n%\n"
        "ally   1 125\n"
        "like\t(02 134)125/464\t1\n"
        "kind of (02 134)125/464\n"
        "friend*\t125\t99\n"
    )
    with pytest.warns(LexiconFormatWarning) as caught:
        lexicon = parse_liwc(text, language="fr", path="old.dic")
    messages = [str(w.message) for w in caught]
    assert any("old.dic:7: 'like': conditional categories (02 134)125/464" in m for m in messages)
    assert any("kept categories 1" in m for m in messages)
    assert any("old.dic:8: 'kind of'" in m and "entry skipped" in m for m in messages)
    assert any("old.dic:9: 'friend*': category 99 is not in the header" in m for m in messages)
    assert any("'filler' has no entries" in m for m in messages)
    assert kept(lexicon, "fr") == {
        "posemo": [("ally", "word"), ("like", "word")],
        "social_partner": [("ally", "word"), ("friend*", "glob")],
    }
    assert lexicon.frame("social_partner").label == "social partner"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("security\t1\n", "first line must be '%'"),
        ("%\n1\tthreat\nterror*\t1\n", "category line"),
        ("%\n1\tthreat\n", "no closing '%'"),
        ("%\n1\tthreat\n1\tagain\n%\n", "defined twice"),
    ],
)
def test_liwc_malformed_headers_are_errors(text: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        parse_liwc(text, path="bad.dic")


def test_liwc_export_layout_and_warnings(security: Lexicon) -> None:
    with pytest.warns(LexiconFormatWarning) as caught:
        text = format_liwc(security, language="en")
    assert text.splitlines() == [
        "%",
        "1\tsecurity_exporter",
        "2\tsovereignty",
        "%",
        "security exporter\t1",
        "export* security\t1",
        "from consumer to producer of security\t1",
        "strategic autonomy\t2",
        "national sovereignty\t2",
        "diversif* partner*\t2",
    ]
    messages = " | ".join(str(w.message) for w in caught)
    assert "1 regex entry not written" in messages
    assert "1 weighted entry written with weight 1" in messages
    assert "exclusions of security_exporter" in messages
    assert "exclusions of sovereignty" in messages
    assert "proximity of security_exporter" in messages
    assert "2 entries with other wildcards" in messages  # export* security, diversif* partner*


def test_a_word_in_two_frames_is_one_liwc_line() -> None:
    lexicon = Lexicon(
        "demo",
        languages=["ar"],
        frames=[
            Frame("threat", "Threat", entries={"ar": [Entry("خلية إرهابية", "phrase")]}),
            Frame("cooperation", "Cooperation", entries={"ar": [Entry("خلية إرهابية", "phrase")]}),
        ],
    )
    assert format_liwc(lexicon).splitlines()[-1] == "خلية إرهابية\t1\t2"


def test_liwc_to_yaml_to_liwc_keeps_the_file_content(tmp_path: Path) -> None:
    original = write(tmp_path / "security.dic", LIWC_DIC)
    lexicon = load_any(original, language="en")
    yaml_path = save_any(lexicon, tmp_path / "security.yaml")
    with pytest.warns(LexiconFormatWarning, match="1 entry with other wildcards"):
        back = save_any(load_lexicon(yaml_path), tmp_path / "back.dic", language="en")

    def content(text: str) -> tuple[list[str], set[str]]:
        header, body = text.split("%\n")[1:3]
        return header.splitlines(), set(body.splitlines())

    assert content(back.read_text(encoding="utf-8")) == content(LIWC_DIC)


def test_non_utf8_dictionaries_are_read_as_windows_1252_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "fr.dic", "%\n1\tsecurite\n%\nsécurité\t1\nsûreté\t1\n", "cp1252")
    with pytest.warns(LexiconFormatWarning, match="Windows-1252"):
        lexicon = load_any(path, language="fr")
    assert [e.pattern for e in lexicon.frame("securite").entries["fr"]] == ["sécurité", "sûreté"]


# -- WordStat ------------------------------------------------------------------------------


def test_wordstat_import_flattens_nesting_and_keeps_weights() -> None:
    lexicon = parse_wordstat(WORDSTAT_CAT, language="en", path="security.cat")
    assert [(f.id, f.label) for f in lexicon.frames] == [
        ("security_exporter", "SECURITY_EXPORTER"),
        ("threat_terrorism", "THREAT/TERRORISM"),
        ("threat_crime", "THREAT/CRIME"),
    ]
    exporter = lexicon.frame("security_exporter").entries["en"]
    assert [(e.pattern, e.kind, e.weight) for e in exporter] == [
        ("security exporter", "phrase", 1.0),
        ("export* security", "glob", 2.0),
    ]
    assert kept(lexicon, "en")["threat_crime"] == [
        ("drug trafficking", "phrase"),
        ("organi?ed crime", "glob"),
    ]
    assert lexicon.frame("threat_terrorism").entries["en"][1].line == 7
    assert validate_lexicon(lexicon) == []


def test_wordstat_entries_outside_categories_and_space_indentation() -> None:
    text = "TERROR* (1)\nTHREAT\n    CELL* (1)\n    JIHADIST\nEMPTY\n"
    with pytest.warns(LexiconFormatWarning) as caught:
        lexicon = parse_wordstat(text, language="en", path="odd.cat")
    messages = [str(w.message) for w in caught]
    assert any("odd.cat:1: 'TERROR* (1)' is outside any category" in m for m in messages)
    assert any("'EMPTY' has no entries" in m for m in messages)
    assert kept(lexicon, "en") == {"threat": [("cell*", "glob"), ("jihadist", "word")]}


def test_wordstat_export_layout(security: Lexicon) -> None:
    text = quiet(format_wordstat, security, language="fr")
    assert text.splitlines() == [
        "SECURITY_EXPORTER",
        "\tEXPORTATEUR_DE_SÉCURITÉ (1)",
        "\tSAVOIR-FAIRE_SÉCURITAIRE (1)",
        "SOVEREIGNTY",
        "\tAUTONOMIE_STRATÉGIQUE (1)",
        "\tSOUVERAINETÉ_NATIONALE (1)",
    ]
    weighted = quiet(format_wordstat, security, language="en")
    assert "\tFROM_CONSUMER_TO_PRODUCER_OF_SECURITY (2)" in weighted.splitlines()


# -- quanteda ------------------------------------------------------------------------------


def test_quanteda_import_flattens_nesting() -> None:
    lexicon = parse_quanteda(QUANTEDA_YML, language="en", path="security.yml")
    assert [(f.id, f.label) for f in lexicon.frames] == [
        ("security_exporter", "security_exporter"),
        ("threat_terrorism", "threat.terrorism"),
        ("threat_crime", "threat.crime"),
    ]
    assert kept(lexicon, "en")["threat_terrorism"] == [
        ("terror*", "glob"),
        ("counter terrorism", "phrase"),
    ]
    assert lexicon.frame("threat_crime").entries["en"][1].line == 8


def test_quanteda_refuses_aliases_and_non_mappings() -> None:
    with pytest.raises(LexiconError, match="anchors"):
        parse_quanteda("a: &x [terror*]\nb: *x\n", path="alias.yml")
    with pytest.raises(LexiconError, match="mapping of categories"):
        parse_quanteda("- terror*\n- crime\n", path="list.yml")


def test_quanteda_export_layout(security: Lexicon) -> None:
    text = quiet(format_quanteda, security, language="ar")
    assert text == (
        "security_exporter:\n  - مصدر للأمن\n  - الخبرة الأمنية\n"
        "sovereignty:\n  - السيادة الوطنية\n  - الوحدة الترابية\n"
    )


# -- round trips through every format, every language --------------------------------------


@pytest.mark.parametrize("fmt", MONOLINGUAL)
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_yaml_to_format_to_yaml_keeps_every_entry(
    security: Lexicon, tmp_path: Path, fmt: str, language: str
) -> None:
    path = tmp_path / f"x{EXTENSIONS[fmt]}"
    exported = quiet(save_any, security, path, format=fmt, language=language)
    assert detect_format(exported) == fmt
    back = quiet(load_any, exported, language=language)
    assert back.languages == [language]
    assert kept(back, language) == kept(security, language)


def test_wordstat_round_trip_keeps_weights(security: Lexicon, tmp_path: Path) -> None:
    path = quiet(save_any, security, tmp_path / "x.cat", language="en")
    back = load_any(path, language="en")
    weights = [e.weight for e in back.frame("security_exporter").entries["en"]]
    assert weights == [1.0, 1.0, 2.0]


# -- the registry, detection and load_any ----------------------------------------------------


def test_detection_by_extension_and_content(tmp_path: Path) -> None:
    assert detect_format(write(tmp_path / "a.dic", LIWC_DIC)) == "liwc"
    assert detect_format(write(tmp_path / "a.cat", WORDSTAT_CAT)) == "wordstat"
    assert detect_format(write(tmp_path / "ours.yaml", SECURITY_YAML)) == "yaml"
    assert detect_format(write(tmp_path / "theirs.yaml", QUANTEDA_YML)) == "quanteda"
    assert detect_format(write(tmp_path / "liwc.txt", LIWC_DIC)) == "liwc"
    assert detect_format(write(tmp_path / "ws.txt", WORDSTAT_CAT)) == "wordstat"
    with pytest.raises(LexiconError, match="cannot tell"):
        detect_format(write(tmp_path / "notes.txt", "just some notes\n"))
    with pytest.raises(LexiconError, match="unknown lexicon format 'excel'"):
        get_format("excel")


def test_load_any_reads_every_format_with_a_language_and_name(tmp_path: Path) -> None:
    ours = load_any(write(tmp_path / "ours.yaml", SECURITY_YAML), name="renamed")
    assert ours.name == "renamed"
    assert ours.languages == ["en", "fr", "ar"]
    liwc = load_any(write(tmp_path / "Security Dictionary.dic", LIWC_DIC), language="fr")
    assert (liwc.name, liwc.languages) == ("security_dictionary", ["fr"])
    as_liwc = load_any(write(tmp_path / "dictionary.txt", LIWC_DIC), format="liwc")
    assert as_liwc.frame_ids == ["security_exporter", "threat", "cooperation"]


def test_monolingual_export_needs_one_language(security: Lexicon, tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="holds one language") as info:
        save_any(security, tmp_path / "x.dic")
    assert "en, fr, ar" in str(info.value)
    with pytest.raises(LexiconError, match="no entries in 'es'"):
        save_any(security, tmp_path / "x.dic", language="es")
    assert not (tmp_path / "x.dic").exists()


def test_yaml_export_of_one_language(security: Lexicon, tmp_path: Path) -> None:
    path = save_any(security, tmp_path / "fr.yaml", language="fr")
    french = load_lexicon(path)
    assert french == lexicon_for_language(security, "fr")
    assert french.languages == ["fr"]
    assert french.options == {"fold_accents": ["fr"]}
    assert set(french.frame("security_exporter").entries) == {"fr"}
    assert list(french.frame("security_exporter").proximity.anchors) == ["fr"]


def test_a_new_format_can_be_registered(tmp_path: Path) -> None:
    def read_wordlist(path, *, language="en", name=None, max_bytes=0):
        words = Path(path).read_text(encoding="utf-8").split()
        entries = [Entry(w, Entry.infer_kind(w)) for w in words]
        frame = Frame(Path(path).stem, Path(path).stem, entries={language: entries})
        return Lexicon(name or "words", languages=[language], frames=[frame])

    def write_wordlist(lexicon, path, *, language=None):
        words = [e.pattern for f in lexicon.frames for e in f.entries[language or "en"]]
        Path(path).write_text("\n".join(words), encoding="utf-8")
        return Path(path)

    fmt = LexiconFormat("wordlist", read_wordlist, write_wordlist, (".words",), lambda h: False)
    register_format(fmt)
    try:
        with pytest.raises(ValueError, match="already registered"):
            register_format(fmt)
        path = write(tmp_path / "threat.words", "terrorisme\nterroris*\n")
        lexicon = load_any(path, language="fr")
        assert [e.kind for e in lexicon.frame("threat").entries["fr"]] == ["word", "glob"]
        out = save_any(lexicon, tmp_path / "copy.words", language="fr")
        assert out.read_text(encoding="utf-8") == "terrorisme\nterroris*"
    finally:
        FORMATS.pop("wordlist")


def test_imported_category_names_become_unique_slugs() -> None:
    text = "%\n1\tSécurité nationale\n2\tsecurite-nationale\n3\t2e vague\n%\nsûreté\t1\t2\t3\n"
    lexicon = parse_liwc(text, language="fr")
    assert lexicon.frame_ids == ["securite_nationale", "securite_nationale_2", "f_2e_vague"]
    assert slugify("الأمن الوطني", fallback="category_1") == "category_1"


def test_repeated_entries_in_a_category_are_kept_once_with_a_warning() -> None:
    with pytest.warns(LexiconFormatWarning, match="listed twice"):
        lexicon = parse_quanteda("threat: [terror*, Terror*, cell]\n", language="en")
    assert [e.pattern for e in lexicon.frame("threat").entries["en"]] == ["terror*", "cell"]
