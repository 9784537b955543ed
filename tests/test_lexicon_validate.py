"""Every validation rule, reported on the line where the problem is written."""

from __future__ import annotations

from textwrap import dedent

import pytest
from lexicon_samples import SECURITY_YAML

from framing.lexicon.io import check_lexicon_text, loads_lexicon
from framing.lexicon.model import Entry, Frame, Lexicon, Proximity
from framing.lexicon.validate import (
    LexiconValidationError,
    ValidationIssue,
    entry_key,
    raise_for_errors,
    validate_lexicon,
)
from framing.text.languages import explain_language_code, suggest_language_code

HEADER = "name: demo\nversion: 1.0.0\nlanguages: [en, fr, ar]\n"


def issues_of(body: str, header: str = HEADER) -> list[ValidationIssue]:
    """Issues of a lexicon whose frames are ``body`` (dedented), after ``header``."""
    _, issues = check_lexicon_text(header + dedent(body), path="lex.yaml")
    return issues


def find(issues: list[ValidationIssue], text: str) -> ValidationIssue:
    matching = [issue for issue in issues if text in issue.message]
    assert len(matching) == 1, f"{text!r} in {[str(i) for i in issues]}"
    return matching[0]


def full_frame(entries: str, extra: str = "") -> str:
    """A frame with entries in every declared language, plus the ``en`` lines given."""
    return (
        "frames:\n  - id: threat\n    label: Threat\n    entries:\n      en:\n"
        + entries
        + "      fr: [terrorisme]\n      ar: [الإرهاب]\n"
        + extra
    )


def test_the_sample_lexicon_is_clean() -> None:
    assert issues_of(SECURITY_YAML, header="") == []


def test_issue_text_names_file_line_frame_language_and_entry() -> None:
    issues = issues_of(full_frame("        - terror*\n        - '*'\n"))
    assert [str(issue) for issue in issues] == [
        "lex.yaml:10: frame threat, language en, entry '*': "
        "only wildcards: this glob matches every token"
    ]
    assert issues[0].level == "error"
    assert (issues[0].frame, issues[0].language, issues[0].entry) == ("threat", "en", "*")


# -- languages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "suggestion"),
    [("eng", "en"), ("arabic", "ar"), ("Français", "fr"), ("fr-FR", "fr"), ("ary", "ar")],
)
def test_unknown_language_codes_suggest_the_right_one(code: str, suggestion: str) -> None:
    header = f"name: demo\nversion: '1'\nlanguages: [en, {code}]\n"
    issue = find(issues_of("frames:\n  - {id: a, label: A, entries: {en: [x1]}}\n", header), code)
    assert issue.level == "error"
    assert issue.line == 3
    assert f"use {suggestion!r}" in issue.message
    assert suggest_language_code(code) == suggestion


def test_language_without_a_two_letter_code_is_explained() -> None:
    assert "no ISO 639-1 code" in explain_language_code("zgh")
    assert suggest_language_code("klingon") is None


def test_language_used_in_a_frame_but_not_declared() -> None:
    body = (
        full_frame("        - terrorism\n") + "    exclusions:\n      es: [terrorismo de estado]\n"
    )
    issue = find(issues_of(body), "not declared")
    assert (issue.level, issue.line, issue.language) == ("error", 13, "es")
    assert "exclusions" in issue.message


def test_unknown_code_as_an_entries_key() -> None:
    body = "frames:\n  - id: a\n    label: A\n    entries:\n      eng: [terrorism]\n"
    issue = find(issues_of(body), "unknown language code 'eng'")
    assert issue.line == 8
    assert "use 'en'" in issue.message


def test_declared_language_without_entries_is_a_warning() -> None:
    body = "frames:\n  - id: a\n    label: A\n    entries:\n      en: [terrorism]\n"
    issues = issues_of(body)
    assert {(i.level, i.language, i.line) for i in issues} == {
        ("warning", "fr", 5),
        ("warning", "ar", 5),
    }


# -- globs and regular expressions ----------------------------------------------------------


@pytest.mark.parametrize("pattern", ["'*'", "'**'", "'?*'", "'* ?'"])
def test_globs_made_only_of_wildcards_are_errors(pattern: str) -> None:
    issue = find(issues_of(full_frame(f"        - terrorism\n        - {pattern}\n")), "wildcards")
    assert (issue.level, issue.line) == ("error", 10)


def test_broad_globs_are_warnings() -> None:
    issues = issues_of(full_frame("        - se*\n        - export * security\n"))
    short = find(issues, "great many words")
    assert (short.level, short.line, short.entry) == ("warning", 9, "se*")
    lone = find(issues, "alone matches any token")
    assert (lone.level, lone.line) == ("warning", 10)


def test_invalid_regex_reports_the_compiler_message() -> None:
    issue = find(issues_of(full_frame("        - {regex: 'counter(terror'}\n")), "invalid regular")
    assert (issue.level, issue.line) == ("error", 9)
    assert "missing )" in issue.message


@pytest.mark.parametrize("regex", ["'a*'", "'(terror)?'", "'\\w*'"])
def test_regex_matching_the_empty_string_is_an_error(regex: str) -> None:
    issue = find(issues_of(full_frame(f"        - {{regex: {regex}}}\n")), "empty string")
    assert (issue.level, issue.line) == ("error", 9)


def test_regex_warnings_upper_case_spaces_and_everything() -> None:
    body = full_frame(
        "        - {regex: 'Interpol\\w*'}\n"
        "        - {regex: 'armed group\\w*'}\n"
        "        - {regex: '\\w+'}\n"
    )
    issues = issues_of(body)
    assert find(issues, "upper-case").line == 9
    assert find(issues, "never contains spaces").line == 10
    assert find(issues, "almost any token").line == 11
    assert {issue.level for issue in issues} == {"warning"}


def test_escaped_upper_case_classes_are_not_mistaken_for_letters() -> None:
    assert issues_of(full_frame("        - {regex: 'terror\\w*\\b\\S?'}\n")) == []


# -- duplicates and contradictions ----------------------------------------------------------


def test_duplicates_after_normalisation_point_at_the_first_line() -> None:
    body = full_frame("        - security exporter\n        - Security-Exporter\n")
    issue = find(issues_of(body), "duplicate")
    assert (issue.level, issue.line, issue.entry) == ("error", 10, "Security-Exporter")
    assert "line 9" in issue.message


def test_arabic_duplicates_differ_only_by_diacritics_or_hamza() -> None:
    body = (
        "frames:\n  - id: threat\n    label: Threat\n    entries:\n"
        "      en: [terrorism]\n      fr: [terrorisme]\n"
        "      ar:\n        - الإرهاب\n        - الإِرْهاب\n        - الارهاب\n"
    )
    issues = [i for i in issues_of(body) if "duplicate" in i.message]
    assert [(i.line, i.language) for i in issues] == [(12, "ar"), (13, "ar")]


def test_accent_duplicates_depend_on_fold_accents() -> None:
    body = (
        "frames:\n  - id: threat\n    label: Threat\n    entries:\n"
        "      en: [terrorism]\n      fr: [sécurité, securite]\n      ar: [الإرهاب]\n"
    )
    assert issues_of(body) == []
    folding = HEADER + "options:\n  fold_accents: [fr]\n"
    issue = find(issues_of(body, folding), "duplicate")
    assert (issue.line, issue.language, issue.entry) == (11, "fr", "securite")


def test_same_pattern_with_two_weights_is_contradictory() -> None:
    body = full_frame("        - {pattern: soft power, weight: 2}\n        - soft power\n")
    issue = find(issues_of(body), "contradicts")
    assert (issue.level, issue.line) == ("error", 10)
    assert "weight 2 there and 1 here" in issue.message


def test_entry_that_is_also_an_exclusion_is_contradictory() -> None:
    body = full_frame(
        "        - food sovereignty\n", "    exclusions:\n      en: [Food Sovereignty]\n"
    )
    issue = find(issues_of(body), "both an entry")
    assert (issue.level, issue.line, issue.entry) == ("error", 13, "Food Sovereignty")


def test_entry_key_is_what_the_matcher_compares() -> None:
    assert entry_key(Entry("Counter-Terrorism")) == entry_key(Entry("counter terrorism", "phrase"))
    assert entry_key(Entry("Export*", "glob")) == "export*"
    assert entry_key(Entry("Sécurit*", "glob"), fold_accents=True) == "securit*"
    assert entry_key(Entry("a+", "regex")) != entry_key(Entry("a", "word"))


# -- unmatchable entries and scripts --------------------------------------------------------


def test_entries_without_letters_are_unmatchable() -> None:
    issue = find(issues_of(full_frame("        - '!!!'\n        - terrorism\n")), "unmatchable")
    assert (issue.level, issue.line) == ("error", 9)


def test_latin_letters_in_an_arabic_list_are_a_warning() -> None:
    body = (
        "frames:\n  - id: threat\n    label: Threat\n    entries:\n"
        "      en: [terrorism, الإرهاب]\n      fr: [terrorisme]\n"
        "      ar:\n        - الإرهاب\n        - terrorism\n"
    )
    issues = issues_of(body)
    latin = find(issues, "Latin letters")
    assert (latin.level, latin.line, latin.language) == ("warning", 12, "ar")
    arabic = find(issues, "Arabic letters")
    assert (arabic.level, arabic.line, arabic.language) == ("warning", 8, "en")


def test_weights_must_be_positive_and_are_ignored_in_exclusions() -> None:
    body = full_frame(
        "        - {pattern: terrorism, weight: 0}\n        - {pattern: cell, weight: -2}\n",
        "    exclusions:\n      en: [{pattern: cell phone, weight: 2}]\n",
    )
    issues = issues_of(body)
    assert [(i.level, i.line) for i in issues if "> 0" in i.message] == [
        ("error", 9),
        ("error", 10),
    ]
    ignored = find(issues, "ignored in exclusions")
    assert (ignored.level, ignored.line) == ("warning", 14)


# -- frames, proximity, metadata ------------------------------------------------------------


def test_frame_without_entries_is_an_error() -> None:
    body = "frames:\n  - id: empty\n    label: Empty\n    entries: {en: [], fr: []}\n"
    issue = find(issues_of(body), "no entries in any language")
    assert (issue.level, issue.line, issue.frame) == ("error", 5, "empty")


def test_duplicate_and_malformed_frame_ids_and_missing_labels() -> None:
    body = (
        "frames:\n"
        "  - {id: threat, label: Threat, entries: {en: [terror*], fr: [terror*], ar: [إرهاب]}}\n"
        "  - {id: threat, label: Again, entries: {en: [cell*], fr: [cellule*], ar: [خلية]}}\n"
        "  - {id: Soft-Power, label: '', entries: {en: [soft power], fr: [soft power], "
        "ar: [القوة الناعمة]}}\n"
    )
    issues = issues_of(body)
    duplicate = find(issues, "duplicate frame id")
    assert (duplicate.line, duplicate.frame) == (6, "threat")
    assert "line 5" in duplicate.message
    assert find(issues, "frame id must start").line == 7
    assert find(issues, "no label").line == 7


def test_proximity_rules() -> None:
    body = full_frame(
        "        - terrorism\n",
        "    proximity:\n      window: 0\n      anchors: {}\n",
    )
    issues = issues_of(body)
    assert (find(issues, "window must be").line, find(issues, "no anchors").line) == (13, 12)
    partial = full_frame(
        "        - terrorism\n",
        "    proximity:\n      window: 10\n      anchors:\n        en: [morocco]\n",
    )
    warnings = issues_of(partial)
    assert {(i.level, i.language) for i in warnings} == {("warning", "fr"), ("warning", "ar")}


def test_name_and_fold_accents_are_checked() -> None:
    header = (
        "name: Security Diplomacy\nversion: '1'\nlanguages: [en, fr, ar]\n"
        "options:\n  fold_accents: [fr, de]\n"
    )
    issues = issues_of(full_frame("        - terrorism\n"), header)
    name = find(issues, "may only use")
    assert (name.line, name.level) == (1, "error")
    assert "'security_diplomacy'" in name.message
    assert find(issues, "fold_accents names 'de'").line == 5


def test_python_built_lexicons_are_validated_too() -> None:
    lexicon = Lexicon(
        "demo",
        "1",
        languages=["en"],
        options={"fold_accents": "fr", "stemming": True},
        frames=[
            Frame(
                "threat",
                "Threat",
                entries={"en": [Entry("terror*", "word"), Entry("soft power", "word")]},
                proximity=Proximity(window=5, anchors={"en": []}),
            )
        ],
    )
    messages = {
        (i.level, i.message.split(" (")[0].split(":")[0]) for i in validate_lexicon(lexicon)
    }
    assert messages == {
        ("error", "unknown option 'stemming'"),
        ("error", "option fold_accents must be a list of language codes"),
        ("error", "contains a wildcard but its kind is 'word'"),
        ("warning", "kind 'word' does not fit this pattern"),
        ("error", "proximity has no anchors"),
    }
    for issue in validate_lexicon(lexicon):
        assert issue.path is None
        assert str(issue).startswith("<lexicon>: ")


def test_raise_for_errors_strict_turns_warnings_into_failures() -> None:
    warning = ValidationIssue("warning", "no entries for declared language 'fr'", "x.yaml", 4)
    raise_for_errors([warning])  # warnings alone never raise
    with pytest.raises(LexiconValidationError, match="0 errors and 1 warning") as info:
        raise_for_errors([warning], path="x.yaml", strict=True)
    assert info.value.issues == [warning]


def test_a_lexicon_with_errors_is_refused_on_load() -> None:
    text = SECURITY_YAML.replace("- export* security", "- '*'")
    with pytest.raises(LexiconValidationError, match=r"lex.yaml:18: frame security_exporter"):
        loads_lexicon(text, path="lex.yaml")
