"""The `framing` command starts without loading the heavy libraries its commands use.

The CLI modules import scikit-learn, statsmodels, trafilatura, camel-tools... inside
the commands, so `framing --help` takes a fraction of a second. These tests check
which modules are loaded (not timings) in a fresh interpreter.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

# Each costs from a few tenths of a second to a second to import.
HEAVY = (
    "sklearn",
    "statsmodels",
    "trafilatura",
    "camel_tools",
    "matplotlib",
    "dask",
    "nltk",
    "scipy",
    "pandas",
    "pyarrow",
    "torch",
)

_REPORT = f"import sys; print(sorted(m for m in sys.modules if m.split('.')[0] in {set(HEAVY)!r}))"


def _heavy_modules_after(code: str) -> list[str]:
    """The heavy modules loaded once ``code`` has run in a new interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{_REPORT}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_heavy_dependency() -> None:
    assert _heavy_modules_after("import framing.cli") == []


def test_help_of_every_group_loads_no_heavy_dependency() -> None:
    code = (
        "from framing.cli import app\n"
        "for args in ([], ['lexicon'], ['collect'], ['annotate'], ['corpus'],"
        " ['train'], ['compare'], ['score'], ['ingest'], ['run']):\n"
        "    try:\n"
        "        app([*args, '--help'], standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    assert _heavy_modules_after(code) == []


def test_running_a_command_still_imports_what_it_needs(tmp_path: Path) -> None:
    # The deferred imports happen: `framing compare` loads pandas and statsmodels when it
    # runs (here it stops at the missing scores file, with a FramingError).
    scores, corpus = str(tmp_path / "scores.parquet"), str(tmp_path / "corpus")
    code = (
        "from framing.cli import app\n"
        "from framing.errors import FramingError\n"
        "try:\n"
        f"    app(['compare', {scores!r}, '--corpus', {corpus!r}], standalone_mode=False)\n"
        "except FramingError:\n"
        "    pass\n"
    )
    loaded = _heavy_modules_after(code)
    assert "pandas" in loaded
    assert "statsmodels" in loaded


def test_tie_rules_in_the_help_match_the_library() -> None:
    from framing.classify.consensus import TIE_RULES
    from framing.cli import classify

    assert classify.TIE_RULES == TIE_RULES


def test_format_names_in_the_help_match_the_registry() -> None:
    from framing.cli import lexicon
    from framing.lexicon.formats import FORMATS

    assert tuple(FORMATS) == lexicon.FORMATS


def test_default_user_agent_matches_the_collectors() -> None:
    from framing.cli import collect
    from framing.collect.http import DEFAULT_USER_AGENT

    assert collect.DEFAULT_USER_AGENT == DEFAULT_USER_AGENT
