"""Expanding INPUT arguments: files, folders, globs, missing paths, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.corpus.inputs import expand_inputs


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in (
        "b_second.txt",
        "a_first.html",
        "fr/matin.txt",
        "fr/2026/economiste.txt",
        "ar/hespress.json",
        ".git/config",
        "fr/.DS_Store",
        ".hidden.txt",
        "manifest.csv",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Le directeur a été reçu à Riyad.", "utf-8")
    return tmp_path


def names(paths: list[Path], root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in paths]


def test_folder_is_read_recursively_sorted_without_hidden_files(tree: Path) -> None:
    files, skipped = expand_inputs([str(tree)], exclude={tree / "manifest.csv"})
    assert names(files, tree) == [
        "a_first.html",
        "ar/hespress.json",
        "b_second.txt",
        "fr/2026/economiste.txt",
        "fr/matin.txt",
    ]
    assert skipped == []


def test_files_and_globs(tree: Path) -> None:
    files, skipped = expand_inputs([f"{tree}/**/*.txt", str(tree / "a_first.html")])
    assert names(files, tree) == [
        "a_first.html",
        "b_second.txt",
        "fr/2026/economiste.txt",
        "fr/matin.txt",
    ]
    assert skipped == []


def test_missing_paths_and_empty_globs_are_reported(tree: Path) -> None:
    missing = str(tree / "nowhere.txt")
    pattern = f"{tree}/*.pdf"
    files, skipped = expand_inputs([missing, str(tree / "b_second.txt"), pattern])
    assert names(files, tree) == ["b_second.txt"]
    assert [s.source for s in skipped] == [missing, pattern]
    assert all("no such file or folder" in s.reason for s in skipped)


def test_duplicates_are_removed(tree: Path) -> None:
    files, _ = expand_inputs(
        [
            str(tree / "fr"),
            str(tree / "fr" / "matin.txt"),
            str(tree / "fr" / ".." / "fr" / "matin.txt"),
            f"{tree}/fr/*.txt",
        ]
    )
    assert names(files, tree) == ["fr/2026/economiste.txt", "fr/matin.txt"]


def test_order_does_not_depend_on_argument_order(tree: Path) -> None:
    forward, _ = expand_inputs([str(tree / "fr"), str(tree / "ar")])
    backward, _ = expand_inputs([str(tree / "ar"), str(tree / "fr")])
    assert forward == backward


def test_manifest_is_excluded(tree: Path) -> None:
    files, _ = expand_inputs([f"{tree}/*.csv", str(tree)], exclude=[tree / "manifest.csv"])
    assert "manifest.csv" not in names(files, tree)


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    files, skipped = expand_inputs([str(tmp_path / "empty")])
    assert files == []
    assert [s.source for s in skipped] == [str(tmp_path / "empty")]


def test_folder_readme_is_reported_not_read(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("About this folder\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text("A title\nBody text here.\n", encoding="utf-8")
    files, skipped = expand_inputs([str(tmp_path)])
    assert [f.name for f in files] == ["article.txt"]
    assert [Path(s.source).name for s in skipped] == ["README.md"]
    assert "README" in skipped[0].reason
    files, skipped = expand_inputs([str(tmp_path / "README.md")])
    assert [f.name for f in files] == ["README.md"] and not skipped
