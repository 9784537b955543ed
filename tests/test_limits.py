"""Resource limits: one place (``framing.limits``), wired into every reader, clear messages."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from framing.corpus import readers
from framing.corpus.ingest import IngestOptions, ingest
from framing.corpus.manifest import Manifest
from framing.corpus.readers import read_file, read_text
from framing.corpus.readers.jsonl import exceeds_depth
from framing.corpus.segment import sentence_spans, split_long_spans
from framing.errors import ResourceLimitError
from framing.experiment import config
from framing.experiment.config import load_experiment
from framing.lexicon import io as lexicon_io
from framing.lexicon.io import compose_safe_yaml, parse_lexicon
from framing.lexicon.model import Entry, Frame, Lexicon
from framing.lexicon.validate import has_nested_repetition, validate_lexicon
from framing.limits import DEFAULT_LIMITS, Limits

ARTICLE = (
    "Visite du directeur à Riyad\n\n"
    "Le directeur général de la sûreté nationale a été reçu mercredi à Riyad par son "
    "homologue saoudien.\n\n"
    "Les deux responsables ont évoqué la formation des cadres et l'échange d'informations.\n"
)


def test_limits_are_validated_and_recorded() -> None:
    assert Limits().to_dict()["max_passage_chars"] == 20_000
    for bad in (0, -1, True, 2.5):
        with pytest.raises(ValueError, match="max_file_bytes must be a whole number >= 1"):
            Limits(max_file_bytes=bad)


def test_existing_defaults_are_read_from_the_limits() -> None:
    limits = DEFAULT_LIMITS
    assert (
        limits.max_file_bytes,
        limits.max_config_bytes,
    ) == (readers.DEFAULT_MAX_BYTES, config.MAX_CONFIG_BYTES)
    assert (
        limits.max_lexicon_bytes,
        limits.max_yaml_depth,
        limits.max_lexicon_entries,
    ) == (lexicon_io.DEFAULT_MAX_BYTES, lexicon_io.MAX_DEPTH, lexicon_io.MAX_ENTRIES)


# -- files -----------------------------------------------------------------------------------


def test_file_size_limit_names_the_file_and_the_option(tmp_path: Path) -> None:
    path = tmp_path / "visite.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(ResourceLimitError) as raised:
        read_file(path, limits=Limits(max_file_bytes=100))
    assert str(raised.value) == (
        f"{path}: the file is {size:,} bytes, over the limit of 100 (split it into smaller "
        "files, or raise the limit (framing ingest --max-file-mb))"
    )
    assert read_file(path, max_bytes=size).documents  # max_bytes overrides the limits


def test_ingest_options_apply_and_record_the_limits(tmp_path: Path) -> None:
    (tmp_path / "visite.txt").write_text(ARTICLE, encoding="utf-8")
    options = IngestOptions(limits=Limits(max_file_bytes=100))
    corpus = ingest([str(tmp_path)], options=options)
    assert corpus.documents.empty
    assert corpus.report["skipped"][0]["reason"].startswith("the file is")
    assert corpus.report["options"]["limits"]["max_file_bytes"] == 100
    options = IngestOptions(max_bytes=10_000, limits=Limits(max_file_bytes=100))
    assert options.to_dict()["max_bytes"] == 10_000
    assert len(ingest([str(tmp_path)], options=options).documents) == 1


def test_manifest_size_limit(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,outlet\nvisite.txt,Le Matin\n", encoding="utf-8")
    with pytest.raises(ResourceLimitError, match="the manifest is 32 bytes, over the limit of 10"):
        Manifest.read(manifest, max_bytes=10)


# -- JSON depth ------------------------------------------------------------------------------


def test_json_depth_is_measured_without_recursion() -> None:
    deep: object = "x"
    for _ in range(100_000):
        deep = [deep]
    assert exceeds_depth(deep, 64)
    assert not exceeds_depth({"a": [{"b": 1}]}, 3)
    assert exceeds_depth({"a": [{"b": 1}]}, 2)


def test_too_deep_items_of_a_json_list_are_skipped_and_the_rest_read() -> None:
    deep = "[" * 100 + '"x"' + "]" * 100
    text = f'[{{"title": "Visite", "text": "Le directeur est arrivé."}}, {{"text": {deep}}}]'
    result = read_text(text, source="export.json")
    assert [d.source_path for d in result.documents] == ["export.json#index 0"]
    assert [(s.source, s.reason) for s in result.skipped] == [
        ("export.json#index 1", "the JSON is nested more than 64 levels deep")
    ]


def test_json_depth_limit_is_configurable() -> None:
    text = '{"title": "Visite", "text": "Le directeur.", "source": {"name": {"id": 1}}}'
    assert read_text(text, source="a.json").documents
    with pytest.raises(ResourceLimitError, match="nested more than 2 levels deep"):
        read_text(text, source="a.json", limits=Limits(max_json_depth=2))


def test_nested_lists_in_a_field_cost_linear_time() -> None:
    # Each level used to be read twice: 2**22 calls for this 60-byte title.
    title = "[" * 22 + '"Visite"' + "]" * 22
    result = read_text(f'{{"title": {title}, "text": "Le directeur."}}', source="a.json")
    assert result.documents[0].title == "Visite"


# -- long passages ---------------------------------------------------------------------------


def test_long_paragraph_is_cut_at_sentences_then_packed() -> None:
    sentences = [f"Phrase numéro {i} sur la coopération sécuritaire." for i in range(40)]
    text = " ".join(sentences)
    spans = split_long_spans(text, [(0, len(text))], 200, "fr")
    pieces = [text[s:e] for s, e in spans]
    assert all(len(piece) <= 200 for piece in pieces)
    assert all(piece.endswith(".") for piece in pieces)  # cut at sentence ends only
    assert " ".join(pieces) == text
    # Packed: the next sentence never fits in the piece before it.
    for piece, following in itertools.pairwise(pieces):
        first_sentence = following[: following.index(".") + 1]
        assert len(piece) + 1 + len(first_sentence) > 200


def test_long_sentence_is_cut_at_spaces_and_a_run_without_spaces_at_the_limit() -> None:
    text = "التعاون الأمني " * 30 + "x" * 45
    spans = split_long_spans(text, [(0, len(text.rstrip()))], 40, "ar")
    pieces = [text[s:e] for s, e in spans]
    assert all(0 < len(p) <= 40 and p == p.strip() for p in pieces)
    assert pieces[-2:] == ["x" * 40, "x" * 5]
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_hard_cut_never_separates_a_letter_from_its_marks() -> None:
    text = "e\u0301" * 30  # é as e + combining acute, no spaces
    spans = split_long_spans(text, [(0, len(text))], 7)
    assert all(not "\u0300" <= text[s] <= "\u036f" for s, _ in spans)
    assert [e - s for s, e in spans] == [6] * 10


def test_sentence_passages_are_cut_but_never_packed() -> None:
    text = "Short one. " + "word " * 30 + "end."
    spans = sentence_spans(text, "en")
    cut = split_long_spans(text, spans, 50, "en", pack=False)
    assert text[cut[0][0] : cut[0][1]] == "Short one."
    assert all(e - s <= 50 for s, e in cut) and len(cut) > 3
    assert split_long_spans(text, spans, 10_000) == spans
    with pytest.raises(ValueError):
        split_long_spans(text, spans, 0)


def test_ingest_reports_the_documents_whose_passages_were_cut(tmp_path: Path) -> None:
    paragraph = "Le directeur a parlé de formation et de coopération avec ses homologues. " * 30
    (tmp_path / "long.txt").write_text(ARTICLE + "\n" + paragraph, encoding="utf-8")
    limits = replace(DEFAULT_LIMITS, max_passage_chars=500)
    corpus = ingest([str(tmp_path)], options=IngestOptions(limits=limits))
    (note,) = corpus.report["long_passages_split"]
    assert note["source_path"] == str(tmp_path / "long.txt")
    assert note["longest_chars"] == len(paragraph.strip())
    assert note["passages_before"] == 3 and note["passages_after"] == len(corpus.passages) > 6
    assert corpus.passages["text"].str.len().max() <= 500


# -- lexicons and experiment files -----------------------------------------------------------


LEXICON = """\
name: limits
version: '1.0'
languages: [fr]
frames:
  - id: threat
    label: Menace
    entries:
      fr: [terrorisme, menace, "trafic de drogue", criminalité]
    exclusions:
      fr: [menace climatique]
"""


def test_lexicon_entry_limit() -> None:
    assert parse_lexicon(LEXICON)[0].frames[0].entries["fr"]
    with pytest.raises(ResourceLimitError) as raised:
        parse_lexicon(LEXICON, path="limits.yaml", max_entries=4)
    assert str(raised.value) == (
        "limits.yaml: the lexicon has 5 entries, over the limit of 4 (split it into several "
        "lexicons, or raise max_lexicon_entries in Limits)"
    )


def test_yaml_value_limit_counts_parsed_values_not_bytes() -> None:
    flow = "[" + ", ".join(["a"] * 50) + "]"
    assert len(compose_safe_yaml(flow).value) == 50
    with pytest.raises(ResourceLimitError, match="holds more than 20 YAML values") as raised:
        compose_safe_yaml(flow, path="x.yaml", max_nodes=20)
    assert raised.value.hint.endswith("raise max_yaml_nodes in Limits if it really is this large")


def test_experiment_file_limits(tmp_path: Path) -> None:
    path = tmp_path / "exp.yaml"
    path.write_text(
        "name: limits\ninputs:\n  paths: [articles]\nlexicons: [lexicon.yaml]\n", encoding="utf-8"
    )
    assert load_experiment(path).name == "limits"
    with pytest.raises(ResourceLimitError, match=r"the experiment file is 66 bytes, over the"):
        load_experiment(path, limits=Limits(max_config_bytes=10))
    with pytest.raises(ResourceLimitError, match="more than 3 YAML values"):
        load_experiment(path, limits=Limits(max_yaml_nodes=3))


@pytest.mark.parametrize(
    ("pattern", "nested"),
    [
        (r"(a+)+", True),
        (r"(\w+\s?)*", True),
        (r"(?:counter)?(terror\w*)+", True),
        (r"(?=(a+)+)b", True),
        (r"terror(ist|ism)s?", False),
        (r"(ab){2,3}", False),
        (r"(?>a+)+", False),  # atomic: no backtracking
        (r"[a-z]+ing", False),
    ],
)
def test_nested_repetition_is_detected(pattern: str, nested: bool) -> None:
    assert has_nested_repetition(pattern) is nested


def test_validation_refuses_catastrophic_regexes_only() -> None:
    entries = [Entry(r"(secur\w*)+", "regex"), Entry(r"terror(ist|ism)s?", "regex")]
    lexicon = Lexicon(
        "regex", "1", languages=["en"], frames=[Frame("t", "T", entries={"en": entries})]
    )
    errors = [issue for issue in validate_lexicon(lexicon) if issue.is_error]
    assert [issue.entry for issue in errors] == [r"(secur\w*)+"]
    assert "exponential time" in errors[0].message


def test_report_is_plain_data(tmp_path: Path) -> None:
    (tmp_path / "visite.txt").write_text(ARTICLE, encoding="utf-8")
    report = ingest([str(tmp_path)]).report
    assert json.loads(json.dumps(report))["long_passages_split"] == []
