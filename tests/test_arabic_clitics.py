"""Arabic clitics: the forms an entry matches, and the words it must not match."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import ConfigError
from framing.lexicon import matcher as matcher_module
from framing.lexicon.matcher import Matcher
from framing.lexicon.model import Entry, Frame, Lexicon
from framing.text import arabic
from framing.text.arabic import (
    camel_data_available,
    phrase_forms,
    resolve_backend,
    visual_order,
    word_forms,
)
from framing.text.normalize import match_form, normalize_for_matching

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def lexicon(*patterns: str, frame: str = "f") -> Lexicon:
    entries = [Entry(p, Entry.infer_kind(p)) for p in patterns]
    return Lexicon(
        "ar-test", languages=["ar"], frames=[Frame(frame, frame, entries={"ar": entries})]
    )


def surfaces(patterns: list[str] | str, text: str) -> list[str]:
    """The surface words an Arabic lexicon matches in ``text``."""
    patterns = [patterns] if isinstance(patterns, str) else patterns
    return [text[m.start : m.end] for m in Matcher(lexicon(*patterns)).match(text, "ar")]


# -- the forms an entry matches -----------------------------------------------------------------


def test_sovereignty_matches_its_clitic_forms_and_nothing_else():
    text = "وبالسيادة للسيادة سيادته سيادتنا سيادتهم والسيادة سيادة سيادتي كالسيادة"
    assert surfaces("السيادة", text) == text.split()


def test_entry_without_article_matches_definite_forms_and_vice_versa():
    text = "أكد الوزير على السيادة الوطنية وعلى سيادة القرار وبالسيادة"
    expected = ["السيادة", "سيادة", "وبالسيادة"]
    assert surfaces("سيادة", text) == expected
    assert surfaces("السيادة", text) == expected


def test_teh_marbuta_becomes_teh_before_an_enclitic_only():
    assert surfaces("سيادة", "سيادته سيادةه سيادتها") == ["سيادته", "سيادتها"]


def test_heh_spelling_of_teh_marbuta_is_tolerated_without_enclitics():
    assert surfaces("السيادة", "حماية السياده والسياده") == ["السياده", "والسياده"]


def test_alef_maksura_becomes_alef_before_an_enclitic():
    text = "رفع مستوى التعاون إلى مستواه الأعلى ومستوانا"
    assert surfaces("مستوى", text) == ["مستوى", "مستواه", "ومستوانا"]


def test_lam_article_contracts_before_a_lam_initial_stem():
    assert surfaces("لقاء", "حضر للقاء الرسمي بعد اللقاء") == ["للقاء", "اللقاء"]


def test_entry_starting_with_al_is_also_a_stem_of_its_own():
    text = "أكد الالتزام بالتزامه وبالتزام المغرب"
    assert surfaces("التزام", text) == ["الالتزام", "بالتزامه", "وبالتزام"]


def test_forms_are_generated_from_the_unfolded_entry():
    forms = word_forms("السِّيادة")
    assert {"وبالسيادة", "للسيادة", "سيادته", "سيادتنا", "فللسيادة"} <= forms
    # Teh marbuta and alef maksura are still visible when the forms are made.
    assert "مستواه" in word_forms("مستوى") and "مستويه" not in word_forms("مستوى")
    assert "أمنه" in word_forms("أمن") and "أمنة" not in word_forms("أمن")


# -- the false matches the policy avoids --------------------------------------------------------


def test_two_letter_stem_takes_no_bare_proclitic():
    # "بحث" (research) is not ب + "حث" (urging).
    text = "نشر الباحث بحثا بعد بحث طويل مع الحث على التعاون وبالحث"
    assert surfaces("حث", text) == ["الحث", "وبالحث"]


def test_security_does_not_match_latent_or_safe():
    # "كامن" (latent) is not ك + "أمن"; "آمنة" (safe) is not "أمن" + ه although both
    # fold to the same letters once teh marbuta and alef are folded.
    text = "خطر كامن في مدينة آمنة بينما الأمن وأمنه وللأمن بالأمن"
    assert surfaces("أمن", text) == ["الأمن", "وأمنه", "وللأمن", "بالأمن"]


def test_clitic_analysis_sees_teh_marbuta_before_folding():
    assert match_form("آمنة").text != match_form("أمنه").text
    assert "أمنه" in word_forms("أمن")
    assert not any(normalize_for_matching(f) == "امنة" for f in word_forms("أمن"))


def test_preposition_needs_a_four_letter_stem_without_the_article():
    # ب ك ل alone attach to long stems (لتعاون) but not to three-letter ones (بأمن).
    assert surfaces("تعاون", "تمهيدا لتعاون أوسع وبتعاون") == ["لتعاون", "وبتعاون"]
    assert surfaces("أمن", "بأمن كامل") == []


def test_work_does_not_match_agents():
    assert surfaces("عمل", "اعتقل عملاء بعد عمل طويل وعمله المشترك والعمل") == [
        "عمل",
        "وعمله",
        "والعمل",
    ]


def test_peace_does_not_match_islam_safety_or_surrender():
    text = "الإسلام وإسلام سلامة المواطنين استسلام المسلحين بسلام والسلام للسلام"
    assert surfaces("سلام", text) == ["بسلام", "والسلام", "للسلام"]


def test_first_person_enclitic_does_not_turn_nisba_adjectives_into_nouns():
    # "أمني" is "security-related", not "my security".
    assert surfaces("أمن", "تعاون أمني وطني") == []
    assert surfaces("سيادة", "سيادتي") == ["سيادتي"]


# -- phrases and globs ---------------------------------------------------------------------------


def test_definite_phrase_matches_indefinite_and_proclitic_forms():
    text = "زيارة تؤسس لتعاون أمني أوسع وتعزز التعاون الأمني وللتعاون الأمني مع الرياض"
    assert surfaces("التعاون الأمني", text) == ["لتعاون أمني", "التعاون الأمني", "وللتعاون الأمني"]


def test_phrase_is_not_matched_when_words_are_apart_or_split_by_punctuation():
    text = "التعاون مع الأمني. التعاون، الأمني"
    assert surfaces("التعاون الأمني", text) == []


def test_mixed_definiteness_phrase_is_kept_as_written_with_proclitics():
    text = "دفاعا عن حقوق الإنسان وبحقوق الإنسان لكن ليس حقوق إنسان"
    assert surfaces("حقوق الإنسان", text) == ["حقوق الإنسان", "وبحقوق الإنسان"]


def test_phrase_forms_put_clitics_on_the_first_word_only():
    forms = phrase_forms(["التعاون", "الأمني"])
    assert ("وللتعاون", "الأمني") in forms
    assert ("تعاون", "أمني") in forms
    assert not any(f[1].startswith("و") for f in forms)


def test_prefix_glob_takes_proclitics_but_keeps_the_false_match_rules():
    text = "الأجهزة الأمنية والأمنيين أمنيا كامن بأمنه"
    assert surfaces("أمن*", text) == ["الأمنية", "والأمنيين", "أمنيا"]


def test_infix_glob_is_matched_as_written():
    assert surfaces("*رهاب*", "مكافحة الإرهاب والإرهابيين") == ["الإرهاب", "والإرهابيين"]


# -- spans in the original text ------------------------------------------------------------------


def test_spans_keep_diacritics_tatweel_and_clitics():
    text = "حماية السِّيَادَةِ الوطنية والســيادة، وبِالسِّيَادَةِ"
    found = surfaces("السيادة", text)
    assert found == ["السِّيَادَةِ", "والســيادة", "وبِالسِّيَادَةِ"]


def test_spans_after_a_bidi_mark_and_an_emoji():
    text = "\u200fخبر 😀 عن السيادة\u200f الوطنية"
    matches = Matcher(lexicon("السيادة")).match(text, "ar")
    assert [text[m.start : m.end] for m in matches] == ["السيادة"]


def _diacritise(word: str, marks: list[int], tatweel: list[bool]) -> str:
    out = []
    for i, ch in enumerate(word):
        out.append(ch)
        if marks[i % len(marks)]:
            out.append(chr(0x064B + marks[i % len(marks)] % 8))
        if tatweel[i % len(tatweel)] and 0 < i < len(word) - 1:
            out.append("\u0640")
    return "".join(out)


ENTRIES = ["السيادة", "أمن", "تعاون", "مستوى"]
FILLERS = ["كامن", "بحث", "آمنة", "عملاء", "الإسلام", "في", "مع", "المغرب", "أمني", "بأمن"]


@settings(max_examples=60, deadline=None)
@given(
    items=st.lists(
        st.one_of(
            st.tuples(st.just("entry"), st.sampled_from(ENTRIES), st.integers(0, 200)),
            st.tuples(st.just("filler"), st.sampled_from(FILLERS), st.just(0)),
        ),
        min_size=1,
        max_size=12,
    ),
    marks=st.lists(st.integers(0, 7), min_size=1, max_size=5),
    tatweel=st.lists(st.booleans(), min_size=1, max_size=5),
    separators=st.lists(st.sampled_from([" ", "، ", " - ", "\n", "  ", " «"]), min_size=1),
)
def test_property_every_generated_form_is_found_with_its_exact_span(
    items, marks, tatweel, separators
):
    matcher = Matcher(lexicon(*ENTRIES))
    parts, expected, pos = [], [], 0
    for i, (role, word, pick) in enumerate(items):
        if role == "entry":
            forms = sorted(word_forms(word))
            word = forms[pick % len(forms)]
        surface = _diacritise(word, marks, tatweel)
        if role == "entry":
            expected.append((pos, pos + len(surface)))
        parts.append(surface)
        pos += len(surface)
        sep = separators[i % len(separators)]
        parts.append(sep)
        pos += len(sep)
    text = "".join(parts)
    matches = matcher.match(text, "ar")
    assert [(m.start, m.end) for m in matches] == expected
    for m in matches:
        forms = {normalize_for_matching(f) for f in word_forms(m.entry)}
        assert normalize_for_matching(text[m.start : m.end]) in forms


# -- backends ------------------------------------------------------------------------------------


def test_rules_backend_runs_without_camel_data(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path))
    assert not camel_data_available()
    assert resolve_backend("auto") == ("rules", None)
    assert Matcher(lexicon("أمن"), clitics="auto").clitic_backend == "rules"
    assert Matcher(lexicon("أمن"), clitics="none").clitic_backend == "none"


def test_camel_data_is_detected_on_disk_only(tmp_path, monkeypatch):
    (tmp_path / "catalogue.json").write_text("{}")
    db = tmp_path / "data" / "morphology_db" / "calima-msa-r13"
    db.mkdir(parents=True)
    (db / "morphology.db").write_text("")
    assert not camel_data_available(tmp_path)
    mle = tmp_path / "data" / "disambig_mle" / "calima-msa-r13"
    mle.mkdir(parents=True)
    (mle / "model.json").write_text("{}")
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path))
    assert camel_data_available()


def test_broken_camel_data_falls_back_to_rules_or_raises_when_asked(monkeypatch):
    def broken():
        raise OSError("corrupt morphology database")

    monkeypatch.setattr(arabic, "camel_data_available", lambda data_dir=None: True)
    monkeypatch.setattr(arabic, "CamelCliticAnalyzer", broken)
    assert resolve_backend("auto") == ("rules", None)
    with pytest.raises(ConfigError, match="camel-tools"):
        resolve_backend("camel")
    with pytest.raises(ConfigError, match="stemmer"):
        resolve_backend("stemmer")


class FakeCamel:
    """Stands in for camel-tools' d3tok analysis: strips the clitics it knows."""

    name = "camel-tools"

    def base(self, word: str) -> str | None:
        analyses = {"وبسيادته": "سيادة", "لسيادتها": "سيادة", "بحث": "بحث"}
        return analyses.get(word)


def test_camel_backend_matches_single_words_by_analysis(monkeypatch):
    monkeypatch.setattr(
        matcher_module, "resolve_backend", lambda clitics: ("camel-tools", FakeCamel())
    )
    matcher = Matcher(lexicon("السيادة", "التعاون الأمني", "حث"))
    assert matcher.clitic_backend == "camel-tools"
    text = "وبسيادته ولسيادتها السيادة سيادة بحث ولتعاون أمني"
    found = [text[m.start : m.end] for m in matcher.match(text, "ar")]
    # Single words come from the analysis (not the generated forms: ولسيادتها is
    # not analysed), phrases still from the rules.
    assert found == ["وبسيادته", "السيادة", "سيادة", "ولتعاون أمني"]


def test_matching_never_imports_camel_tools_data():
    code = (
        "import sys\n"
        "from framing.lexicon.matcher import Matcher\n"
        "from framing.lexicon.model import Entry, Frame, Lexicon\n"
        "lex = Lexicon('x', frames=[Frame('f', 'F', entries={'ar': [Entry('أمن')]})])\n"
        "assert Matcher(lex).match('الأمن', 'ar')\n"
        "assert 'camel_tools.data' not in sys.modules, 'camel_tools.data imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# -- display order -------------------------------------------------------------------------------


def test_visual_order_reverses_arabic_and_keeps_numbers_and_latin():
    assert visual_order("Morocco") == "Morocco"
    assert visual_order("أمن 2026") == "2026 نمأ"
    line = "التعاون مع Interpol منذ (2025)"
    shown = visual_order(line)
    assert shown.startswith("(2025)")
    assert "Interpol" in shown
    assert shown.endswith("نواعتلا")


# -- a real Arabic article -----------------------------------------------------------------------


def test_real_arabic_article_spans_are_whole_words():
    path = SEEDS / "004_6877ccde2dac97be.txt"
    if not path.exists():
        pytest.skip("seed documents not available")
    text = path.read_text(encoding="utf-8")
    patterns = ["التعاون الأمني", "الإرهاب", "الاستقرار", "أمن"]
    matches = Matcher(lexicon(*patterns)).match(text, "ar")
    assert len(matches) >= 4
    for m in matches:
        surface = text[m.start : m.end]
        assert not text[m.start - 1].isalpha() and not text[m.end : m.end + 1].isalpha()
        forms = {normalize_for_matching(" ".join(f)) for f in phrase_forms(m.entry.split())}
        assert normalize_for_matching(surface) in forms
    assert {m.entry for m in matches} >= {"التعاون الأمني", "الإرهاب"}


@pytest.mark.parametrize(
    ("entry", "text", "found"),
    [
        ("الوحدة الترابية", "دفاعا عن وحدته الترابية", "وحدته الترابية"),
        ("الأمن الإقليمي", "تهديد أمنها الإقليمي", "أمنها الإقليمي"),
        ("التعاون الأمني", "وتعزيز تعاونهما الأمني", "تعاونهما الأمني"),
        ("التعاون الأمني", "ولتعاونه الأمني", "ولتعاونه الأمني"),
    ],
)
def test_possessed_head_of_a_definite_phrase(entry: str, text: str, found: str) -> None:
    lexicon = Lexicon(
        name="t",
        languages=["ar"],
        frames=[Frame("c", "C", entries={"ar": [Entry(entry, "phrase")]})],
    )
    matches = Matcher(lexicon).match(text, "ar")
    assert [text[m.start : m.end] for m in matches] == [found]


def test_possessed_head_needs_definite_adjectives() -> None:
    # an indefinite adjective after a possessed noun is not the phrase
    lexicon = Lexicon(
        name="t",
        languages=["ar"],
        frames=[Frame("c", "C", entries={"ar": [Entry("التعاون الأمني", "phrase")]})],
    )
    assert Matcher(lexicon).match("تعاونهما أمني", "ar") == []
