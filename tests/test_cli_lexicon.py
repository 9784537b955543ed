"""`framing lexicon validate|show|stats|export|import` through the real CLI app."""

from __future__ import annotations

from pathlib import Path

import pytest
from lexicon_samples import LIWC_DIC, SECURITY_YAML, WORDSTAT_CAT
from typer.testing import CliRunner

from framing.cli import app
from framing.cli.lexicon import lexicon_app
from framing.errors import LexiconError
from framing.lexicon.io import load_lexicon, loads_lexicon

runner = CliRunner()
HASH = loads_lexicon(SECURITY_YAML).hash


def invoke(*args: str | Path):
    return runner.invoke(app, ["lexicon", *map(str, args)], env={"COLUMNS": "200"})


@pytest.fixture
def lexicon_file(tmp_path: Path) -> Path:
    path = tmp_path / "security.yaml"
    path.write_text(SECURITY_YAML, encoding="utf-8")
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sub_app_is_importable_for_other_commands() -> None:
    names = {command.name for command in lexicon_app.registered_commands}
    assert {"validate", "show", "stats", "export", "import"} <= names
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("validate", "show", "stats", "export", "import"):
        assert name in result.output


def test_validate_a_clean_lexicon(lexicon_file: Path) -> None:
    result = invoke("validate", lexicon_file)
    assert result.exit_code == 0, result.output
    assert f"{lexicon_file}: 0 errors, 0 warnings; 2 frames, 15 entries" in result.output
    assert f"lexicon hash: {HASH}" in result.output


def test_validate_prints_every_error_with_its_line_and_fails(tmp_path: Path) -> None:
    text = SECURITY_YAML.replace("languages: [en, fr, ar]", "languages: [eng, fr, ar]")
    text = text.replace("- export* security", "- '**'")
    path = write(tmp_path / "bad.yaml", text)
    result = invoke("validate", path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.startswith("error") and f"{path}:8: unknown language code 'eng'" in line
        for line in lines
    )
    assert any(f"{path}:18: frame security_exporter, language en, entry '**'" in ln for ln in lines)
    assert f"{path}: 7 errors" in result.output  # eng, 5 uses of undeclared en, **


def test_validate_warnings_pass_unless_strict(tmp_path: Path) -> None:
    text = SECURITY_YAML.replace("        - مصدر للأمن\n", "        - مصدر للأمن\n        - DGSN\n")
    path = write(tmp_path / "warn.yaml", text)
    result = invoke("validate", path)
    assert result.exit_code == 0, result.output
    assert "warning" in result.output
    assert f"{path}:26: frame security_exporter, language ar, entry 'DGSN'" in result.output
    strict = invoke("validate", path, "--strict")
    assert strict.exit_code == 1


def test_validate_reads_other_formats(tmp_path: Path) -> None:
    path = write(tmp_path / "security.dic", LIWC_DIC)
    result = invoke("validate", path, "--language", "en")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    assert "3 frames, 8 entries" in result.output


def test_structural_yaml_errors_exit_non_zero(tmp_path: Path) -> None:
    path = write(tmp_path / "alias.yaml", "name: &n demo\nversion: *n\n")
    result = invoke("validate", path)
    assert result.exit_code != 0
    assert isinstance(result.exception, LexiconError)
    assert result.exception.line == 1


def test_show_prints_metadata_frames_and_entries(lexicon_file: Path) -> None:
    result = invoke("show", lexicon_file)
    assert result.exit_code == 0, result.output
    for text in (
        "security_diplomacy",
        "CC-BY-4.0",
        "fold_accents: fr",
        "Sovereignty and autonomy",
        "from consumer to producer of security",
        "counter-?terror\\w*",
        "مصدر للأمن",
        "exclusions (en): food security exporter",
        "anchors (fr): maroc, marocain*",
        f"lexicon hash: {HASH}",
    ):
        assert text in result.output, text


def test_show_one_frame_in_one_language(lexicon_file: Path) -> None:
    result = invoke("show", lexicon_file, "--frame", "sovereignty", "--language", "fr")
    assert result.exit_code == 0, result.output
    assert "autonomie stratégique" in result.output
    assert "strategic autonomy" not in result.output
    assert "savoir-faire sécuritaire" not in result.output


def test_show_unknown_frame_or_language_is_an_error(lexicon_file: Path) -> None:
    unknown = invoke("show", lexicon_file, "--frame", "soverignty")
    assert unknown.exit_code != 0
    assert "security_exporter, sovereignty" in str(unknown.exception)
    language = invoke("show", lexicon_file, "--language", "es")
    assert language.exit_code != 0
    assert "no language 'es'" in str(language.exception)


def test_stats_counts_entries_kinds_and_weights(lexicon_file: Path) -> None:
    result = invoke("stats", lexicon_file)
    assert result.exit_code == 0, result.output
    rows = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    assert "security_exporter 4 2 2 8" in rows
    assert "sovereignty 3 2 2 7" in rows
    assert "total 7 4 4 15" in rows
    assert "en 0 4 2 1" in rows  # word, phrase, glob, regex
    assert "weighted entries (weight != 1): 2 of 15" in result.output
    assert "exclusions: 3; frames with a proximity rule: 1" in result.output
    assert f"lexicon hash: {HASH}" in result.output


@pytest.mark.parametrize(
    ("fmt", "suffix", "first_line"),
    [
        ("liwc", ".dic", "%"),
        ("wordstat", ".cat", "SECURITY_EXPORTER"),
        ("quanteda", ".yml", "security_exporter:"),
    ],
)
def test_export_writes_one_language_and_warns_about_losses(
    lexicon_file: Path, tmp_path: Path, fmt: str, suffix: str, first_line: str
) -> None:
    out = tmp_path / f"security_en{suffix}"
    result = invoke("export", lexicon_file, "--format", fmt, "--language", "en", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == first_line
    assert "regex entry not written" in result.output
    assert f"lexicon hash: {HASH}" in result.output


def test_export_without_a_language_is_an_error(lexicon_file: Path, tmp_path: Path) -> None:
    result = invoke("export", lexicon_file, "--format", "liwc", "-o", tmp_path / "x.dic")
    assert result.exit_code != 0
    assert "--language" in str(result.exception)


def test_export_yaml_subset(lexicon_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "ar.yaml"
    result = invoke("export", lexicon_file, "--language", "ar", "-o", out)
    assert result.exit_code == 0, result.output
    assert load_lexicon(out).languages == ["ar"]


def test_import_a_liwc_dictionary_in_one_command(tmp_path: Path) -> None:
    source = write(tmp_path / "Security Dictionary.dic", LIWC_DIC)
    out = tmp_path / "imported.yaml"
    result = invoke("import", source, "--language", "fr", "--name", "securite", "-o", out)
    assert result.exit_code == 0, result.output
    lexicon = load_lexicon(out)
    assert (lexicon.name, lexicon.languages) == ("securite", ["fr"])
    assert lexicon.frame_ids == ["security_exporter", "threat", "cooperation"]
    assert "3 frames, 8 entries in fr" in result.output
    assert f"lexicon hash: {lexicon.hash}" in result.output


def test_import_reports_what_it_skips(tmp_path: Path) -> None:
    source = write(tmp_path / "old.cat", WORDSTAT_CAT + "\tSTRAY (1)\nEMPTY\n")
    out = tmp_path / "old.yaml"
    result = invoke("import", source, "-o", out)
    assert result.exit_code == 0, result.output
    assert "'EMPTY' has no entries and was skipped" in result.output
    lexicon = load_lexicon(out)
    assert lexicon.frame_ids == ["security_exporter", "threat", "threat_terrorism", "threat_crime"]
    assert [e.pattern for e in lexicon.frame("threat").entries["en"]] == ["stray"]


def test_import_writes_the_file_but_fails_when_it_has_errors(tmp_path: Path) -> None:
    source = write(tmp_path / "broad.dic", "%\n1\tanything\n%\n*\t1\nterror*\t1\n")
    out = tmp_path / "broad.yaml"
    result = invoke("import", source, "-o", out)
    assert result.exit_code == 1
    assert out.exists()
    assert f"{out}:" in result.output
    assert "only wildcards" in result.output
