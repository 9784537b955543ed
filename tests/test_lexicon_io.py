"""Reading and writing the YAML lexicon format: model, lines, safety, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lexicon_samples import (
    LINE_EXPORT_GLOB,
    LINE_REGEX,
    LINE_SECURITY_EXPORTER_FRAME,
    LINE_SOVEREIGNTY_EN,
    LINE_WEIGHTED_PHRASE,
    SECURITY_YAML,
)
from yaml.nodes import Node, ScalarNode, SequenceNode

import framing.lexicon.io as io_module
from framing.errors import LexiconError, ResourceLimitError
from framing.lexicon.io import (
    check_lexicon_file,
    compose_safe_yaml,
    dumps_lexicon,
    load_lexicon,
    loads_lexicon,
    parse_lexicon,
    save_lexicon,
)
from framing.lexicon.model import Entry, Frame, Lexicon, Proximity
from framing.lexicon.validate import LexiconValidationError


@pytest.fixture
def security_file(tmp_path: Path) -> Path:
    path = tmp_path / "security_diplomacy.yaml"
    path.write_text(SECURITY_YAML, encoding="utf-8")
    return path


def test_load_builds_the_model_with_kinds_weights_and_lines(security_file: Path) -> None:
    lexicon = load_lexicon(security_file)
    assert lexicon.name == "security_diplomacy"
    assert lexicon.version == "1.0.0"
    assert lexicon.description.startswith("Frames of Moroccan security diplomacy")
    assert lexicon.authors == ["Jane Doe", "John Roe"]
    assert lexicon.license == "CC-BY-4.0"
    assert lexicon.languages == ["en", "fr", "ar"]
    assert lexicon.options == {"fold_accents": ["fr"]}
    assert lexicon.frame_ids == ["security_exporter", "sovereignty"]
    assert lexicon.source_path == str(security_file)

    exporter = lexicon.frame("security_exporter")
    assert exporter.line == LINE_SECURITY_EXPORTER_FRAME
    en = exporter.entries["en"]
    assert [(e.pattern, e.kind, e.weight) for e in en] == [
        ("security exporter", "phrase", 1.0),
        ("export* security", "glob", 1.0),
        ("from consumer to producer of security", "phrase", 2.0),
        ("counter-?terror\\w*", "regex", 1.5),
    ]
    assert [e.line for e in en[1:]] == [LINE_EXPORT_GLOB, LINE_WEIGHTED_PHRASE, LINE_REGEX]
    assert [e.pattern for e in exporter.entries["ar"]] == ["مصدر للأمن", "الخبرة الأمنية"]
    assert exporter.exclusions == {"en": [Entry("food security exporter", "phrase")]}
    assert exporter.proximity == Proximity(
        window=20,
        anchors={
            "en": [Entry("morocco"), Entry("moroccan*", "glob"), Entry("rabat")],
            "fr": [Entry("maroc"), Entry("marocain*", "glob")],
            "ar": [Entry("المغرب")],
        },
    )
    sovereignty = lexicon.frame("sovereignty")
    assert all(e.line == LINE_SOVEREIGNTY_EN for e in sovereignty.entries["en"])
    assert sovereignty.exclusions["en"][1] == Entry("sovereignty of ukraine", "phrase")
    assert lexicon.source_lines["frames.0.proximity.window"] == 30


def test_scalars_are_read_as_written_not_as_yaml_types() -> None:
    # YAML 1.1 would read `no` as false, 1.10 as 1.1 and 2026 as an integer.
    text = (
        "name: demo\nversion: 1.10\nlanguages: [en, 'no']\nframes:\n"
        "  - id: vote\n    label: Vote\n    entries:\n      en: [yes, no, 2026, on]\n"
        "      no: [ja, nei]\n"
    )
    lexicon = loads_lexicon(text)
    assert lexicon.version == "1.10"
    assert [e.pattern for e in lexicon.frame("vote").entries["en"]] == ["yes", "no", "2026", "on"]
    assert "no" in lexicon.frame("vote").entries


def test_term_is_a_synonym_of_pattern_and_a_scalar_is_a_one_entry_list() -> None:
    text = (
        "name: demo\nversion: '1'\nlanguages: [fr]\nframes:\n"
        "  - id: threat\n    label: Menace\n    entries:\n"
        "      fr: {term: démantèlement de cellule, weight: 3}\n"
    )
    entries = loads_lexicon(text).frame("threat").entries["fr"]
    assert entries == [Entry("démantèlement de cellule", "phrase", 3.0)]


def test_round_trip_of_the_sample_keeps_every_field(security_file: Path, tmp_path: Path) -> None:
    lexicon = load_lexicon(security_file)
    out = save_lexicon(lexicon, tmp_path / "copy.yaml")
    again = load_lexicon(out)
    assert again == lexicon
    assert again.hash == lexicon.hash
    # Stable: saving the re-read lexicon gives the same bytes.
    assert dumps_lexicon(again) == out.read_text(encoding="utf-8")
    # Nothing left behind by the atomic write.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.yaml", "security_diplomacy.yaml"]


def test_round_trip_of_a_lexicon_built_in_python(tmp_path: Path) -> None:
    lexicon = Lexicon(
        name="rights-criticism",
        version="0.3",
        description="Line one.\nLine two: with a colon.",
        authors=["Amal Idrissi"],
        citation="Idrissi, A. (2026): working paper #4",
        languages=["ar", "fr", "en"],
        options={"fold_accents": ["fr"]},
        frames=[
            Frame(
                "rights_criticism",
                "Rights & criticism",
                entries={
                    "ar": [Entry("برنامج تجسس", "phrase"), Entry("القمع", weight=2.5)],
                    "fr": [Entry("logiciel espion", "phrase"), Entry("répress*", "glob")],
                    "en": [
                        Entry("spyware"),
                        Entry("null"),
                        Entry("yes"),
                        Entry(r"torture[sd]?", "regex"),
                        Entry("#hashtag"),
                    ],
                },
                exclusions={"en": [Entry("respect for human rights", "phrase")]},
                proximity=Proximity(3, {"en": [Entry("police")], "fr": [Entry("police")]}),
            )
        ],
    )
    path = save_lexicon(lexicon, tmp_path / "rights.yaml")
    assert load_lexicon(path, strict=False) == lexicon


_PATTERN_CHARS = st.sampled_from([*"abcdeéèçà ’'-:#&!%@[]{},\"*?سلامةأ\\"])


@settings(max_examples=60, deadline=None)
@given(
    patterns=st.lists(
        st.text(_PATTERN_CHARS, min_size=1, max_size=12).filter(lambda s: s.strip()),
        min_size=1,
        max_size=6,
    ),
    weight=st.sampled_from([1, 2, 0.5, 1.25]),
    description=st.text(_PATTERN_CHARS, max_size=30),
)
def test_round_trip_survives_yaml_special_characters(
    patterns: list[str], weight: float, description: str
) -> None:
    entries = [
        Entry(p, Entry.infer_kind(p), weight if i % 2 else 1.0) for i, p in enumerate(patterns)
    ]
    lexicon = Lexicon(
        "demo",
        "1.0.0",
        description=description,
        languages=["fr"],
        frames=[Frame("f", "Label: with colon", entries={"fr": entries})],
    )
    assert loads_lexicon(dumps_lexicon(lexicon), strict=False) == lexicon


def test_saved_file_uses_the_documented_layout(security_file: Path) -> None:
    text = dumps_lexicon(load_lexicon(security_file))
    assert text.startswith("name: security_diplomacy\nversion: 1.0.0\n")
    assert "languages: [en, fr, ar]\n" in text
    assert "        - {pattern: from consumer to producer of security, weight: 2}\n" in text
    assert "        - {regex: 'counter-?terror\\w*', weight: 1.5}\n" in text
    assert "        - مصدر للأمن\n" in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == [
        "name",
        "version",
        "description",
        "authors",
        "license",
        "citation",
        "languages",
        "options",
        "frames",
    ]


# -- safety --------------------------------------------------------------------------------


def test_aliases_are_refused_with_their_line() -> None:
    text = (
        "name: demo\nversion: '1'\nlanguages: [en]\nframes:\n"
        "  - id: a\n    label: A\n    entries:\n      en: &words [police, army]\n"
        "  - id: b\n    label: B\n    entries:\n      en: *words\n"
    )
    with pytest.raises(LexiconError, match="anchors") as info:
        loads_lexicon(text)
    assert info.value.line == 8


def test_a_billion_laughs_document_is_refused_before_expanding() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    with pytest.raises(LexiconError, match="not allowed"):
        loads_lexicon("\n".join(lines))


def test_an_alias_alone_is_refused() -> None:
    with pytest.raises(LexiconError, match=r"aliases \(\*terror\)") as info:
        loads_lexicon("name: demo\nversion: '1'\nfoo:\n  - *terror\n")
    assert info.value.line == 4
    assert "quote" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "name: !!python/object/apply:os.system ['echo hacked']\n",
        "name: demo\nversion: !!float 1\n",
        "name: demo\nfoo: !custom x\n",
    ],
)
def test_tags_are_refused(text: str) -> None:
    with pytest.raises(LexiconError, match="tags"):
        loads_lexicon(text)


def test_deep_nesting_is_a_resource_limit() -> None:
    text = "name: demo\nversion: '1'\nfoo: " + "[" * 200 + "]" * 200 + "\n"
    with pytest.raises(ResourceLimitError, match="nested") as info:
        loads_lexicon(text)
    assert info.value.line == 3


def test_files_over_the_size_limit_are_refused(security_file: Path) -> None:
    with pytest.raises(ResourceLimitError, match="limit"):
        load_lexicon(security_file, max_bytes=100)
    assert load_lexicon(security_file, max_bytes=100_000).name == "security_diplomacy"


def test_unreadable_files_raise_lexicon_errors(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("name: sécurité\n".encode("latin-1"))
    with pytest.raises(LexiconError, match="UTF-8"):
        load_lexicon(latin1)
    with pytest.raises(LexiconError, match="not found"):
        load_lexicon(tmp_path / "missing.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    with pytest.raises(LexiconError, match="empty"):
        load_lexicon(empty)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("name: demo\nversion: '1'\nframes:\n  - id: a\n   label: x\n", "not valid YAML", 5),
        ("- just\n- a list\n", "not a list", 1),
        ("name: demo\n---\nname: other\n", "not valid YAML", 2),
        ("name: demo\nfrmes:\n  - id: threat\n", "did you mean 'frames'", 2),
    ],
)
def test_malformed_documents_name_the_line(text: str, message: str, line: int) -> None:
    with pytest.raises(LexiconError, match=message) as info:
        loads_lexicon(text, path="bad.yaml")
    error = info.value
    if isinstance(error, LexiconValidationError):
        assert any(issue.line == line and message in issue.message for issue in error.issues)
    else:
        assert error.line == line
    assert "bad.yaml" in str(error)


# -- structural problems -------------------------------------------------------------------

_STRUCTURE = """\
name: demo
version: '1'
languages: [en, fr]
frames:
  - id: threat
    label: Threat
    lable: Menace
    entries:
      en:
        - terror*
        - {pattern: armed group, regex: 'armed\\w+'}
        - {pattern: cell, weight: heavy}
        - {patern: jihadist}
        - [nested, list]
        -
      fr: [terroris*, terroris*]
    proximity:
      window: 2.5
      anchors: {en: [morocco]}
    proximity: {window: 3}
"""


def test_structural_problems_are_all_reported_with_lines() -> None:
    _, issues = parse_lexicon(_STRUCTURE, path="structure.yaml")
    found = {(issue.line, issue.message.split(" (")[0]) for issue in issues}
    assert found == {
        (7, "unknown key 'lable' in frame #1"),
        (11, "an entry needs exactly one of pattern, term or regex"),
        (12, "weight must be a number, not 'heavy'"),
        (13, "unknown key 'patern' in an entry"),
        (14, "an entry must be text or {pattern: ..., weight: ...}, not a list"),
        (15, "empty entry"),
        (18, "proximity window must be a whole number, not 2.5"),
        (20, "key 'proximity' appears twice in frame #1"),
    }
    assert all(issue.frame == "threat" for issue in issues)
    unknown = next(issue for issue in issues if issue.line == 7)
    assert "did you mean 'label'?" in unknown.message
    assert str(unknown).startswith("structure.yaml:7: frame threat: unknown key 'lable'")


def test_load_lists_all_errors_at_once_and_ignores_warnings(tmp_path: Path) -> None:
    path = tmp_path / "structure.yaml"
    path.write_text(_STRUCTURE, encoding="utf-8")
    with pytest.raises(LexiconValidationError) as info:
        load_lexicon(path)
    error = info.value
    assert isinstance(error, LexiconError)
    message = str(error)
    assert message.startswith(f"{path}: the lexicon has 9 errors:")
    # The duplicate French glob is a content error found by validation, in the same list.
    assert f"{path}:16: frame threat, language fr, entry 'terroris*': duplicate" in message
    for line in (7, 11, 12, 13, 14, 15, 18, 20):
        assert f"{path}:{line}:" in message


def test_warnings_do_not_stop_loading_and_strict_false_skips_content_checks(
    tmp_path: Path,
) -> None:
    # `fr` is declared but the frame has no French entries: a warning only.
    text = SECURITY_YAML.replace("      fr: [autonomie stratégique, souveraineté nationale]\n", "")
    _, issues = check_lexicon_file(_write(tmp_path / "w.yaml", text))
    assert [issue.level for issue in issues] == ["warning"]
    assert loads_lexicon(text).frame_ids == ["security_exporter", "sovereignty"]

    duplicated = SECURITY_YAML.replace("rabat]", "rabat, Rabat]")
    with pytest.raises(LexiconValidationError, match="duplicate"):
        loads_lexicon(duplicated)
    assert loads_lexicon(duplicated, strict=False).frame("security_exporter").proximity
    with pytest.raises(LexiconValidationError, match="unknown key 'lable'"):
        loads_lexicon(_STRUCTURE, strict=False)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- the fast reader ----------------------------------------------------------------------


def _shape(node: Node) -> tuple:
    """A node tree as plain values: tags, scalar values and start lines."""
    if isinstance(node, ScalarNode):
        return (node.tag, node.value, node.start_mark.line, node.start_mark.column)
    if isinstance(node, SequenceNode):
        return (node.tag, node.start_mark.line, [_shape(item) for item in node.value])
    return (node.tag, node.start_mark.line, [(_shape(k), _shape(v)) for k, v in node.value])


def _python_nodes(text: str) -> Node:
    composer = io_module._SafeComposer(text, 100, 10_000_000, "a lexicon")
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


@pytest.mark.skipif(io_module._FastComposer is None, reason="PyYAML without libyaml")
def test_libyaml_reader_composes_the_same_nodes_and_lines_as_pure_python() -> None:
    bundled = Path(__file__).resolve().parents[1] / "lexicons" / "security_diplomacy.yaml"
    for text in (SECURITY_YAML, bundled.read_text(encoding="utf-8")):
        assert _shape(compose_safe_yaml(text)) == _shape(_python_nodes(text))


@pytest.mark.parametrize(
    "text",
    [
        "name: demo\nfoo: [a, b\n",  # an unclosed list
        "name: demo\n\tversion: '1'\n",  # a tab
        "name: 'demo\n",  # an unclosed quote
    ],
)
def test_malformed_yaml_is_worded_by_the_pure_python_reader(text: str) -> None:
    with pytest.raises(Exception) as expected:
        _python_nodes(text)
    with pytest.raises(LexiconError) as got:
        compose_safe_yaml(text)
    assert str(expected.value.problem) in str(got.value)  # PyYAML's words, not libyaml's


def test_a_control_character_is_a_lexicon_error_with_its_line() -> None:
    with pytest.raises(LexiconError, match=r"special characters .*U\+0007") as info:
        loads_lexicon("name: demo\nversion: '1'\nfoo: \x07\n")
    assert info.value.line == 3
