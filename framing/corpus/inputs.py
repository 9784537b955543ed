"""From the INPUT arguments of ``framing ingest`` to a sorted list of files.

Each input is a file, a folder (read recursively; hidden files and folders
are left out) or a glob pattern (``**`` matches folders recursively). Inputs
that match nothing are returned as :class:`SkippedInput` for the pipeline to
report.

>>> files, skipped = expand_inputs(["articles/", "extra/*.json"])  # doctest: +SKIP
"""

from __future__ import annotations

import glob
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from framing.corpus.readers.reader import SkippedInput

_GLOB_CHARS = frozenset("*?[")
# A folder's own documentation is not an article; named explicitly, it is read.
_FOLDER_DOCS = re.compile(r"^(readme|license|licence|changelog|notice)(\.[a-z0-9]+)?$", re.I)


def expand_inputs(
    inputs: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()
) -> tuple[list[Path], list[SkippedInput]]:
    """Expand files, folders and glob patterns into a sorted list of distinct files.

    Parameters
    ----------
    inputs:
        Paths or patterns as the user gave them.
    exclude:
        Files never to return (the manifest, for instance), compared by
        resolved path.

    Returns
    -------
    The files, sorted by path and without duplicates (the same file reached
    twice is kept once, under its shortest spelling), and one
    :class:`SkippedInput` per input that matches nothing.
    """
    resolver = PathResolver()
    excluded = {str(Path(p).resolve()) for p in exclude}
    found: list[Path] = []
    skipped: list[SkippedInput] = []
    for item in inputs:
        text = str(item)
        matches, explicit = _expand_one(text)
        if matches is None:
            skipped.append(SkippedInput(text, "no such file or folder"))
        elif not matches and not _is_glob(text):
            skipped.append(
                SkippedInput(text, "the folder has no files to read (hidden files are skipped)")
            )
        elif not matches:
            skipped.append(SkippedInput(text, "no such file or folder matches this pattern"))
        for path in matches or []:
            if not explicit and is_folder_document(path.name):
                skipped.append(
                    SkippedInput(
                        str(path),
                        "a folder's README/LICENSE is not read as an article "
                        "(name the file itself to ingest it)",
                    )
                )
            else:
                found.append(path)
    # Strings from here: hashing and joining thousands of Paths cost more than the stats.
    texts = [os.fspath(path) for path in found]
    unique: dict[str, int] = {}
    # The same file reached twice keeps its shortest spelling.
    for i in sorted(range(len(found)), key=lambda i: (len(texts[i]), texts[i])):
        resolved = resolver.resolve_text(texts[i])
        if resolved not in excluded:
            unique.setdefault(resolved, i)
    return [found[i] for i in sorted(unique.values(), key=texts.__getitem__)], skipped


class PathResolver:
    """``Path.resolve()`` for the many files of a few folders: each folder is resolved once.

    Resolving walks every component of a path (a system call each); a file
    that is not itself a symbolic link resolves to its resolved folder plus
    its name. Keep a resolver for one batch of paths only: the folders'
    resolutions are not looked at again.

    >>> PathResolver().resolve(Path("/")) == Path("/").resolve()
    True
    """

    def __init__(self) -> None:
        self._folders: dict[str, Path] = {}
        self._cwd = os.getcwd()

    def resolve(self, path: Path) -> Path:
        """The same path as ``path.resolve()``."""
        return Path(self.resolve_text(os.fspath(path)))

    def resolve_text(self, text: str) -> str:
        """``str(Path(text).resolve())``, by string operations (pathlib's parsing cost more
        than the system calls here).

        >>> PathResolver().resolve_text("/") == str(Path("/").resolve())
        True
        """
        if not os.path.isabs(text):
            text = os.path.join(self._cwd, text)
        folder, name = os.path.split(text)
        if name in ("", ".", "..") or os.path.islink(text):
            return str(Path(text).resolve())
        resolved = self._folders.get(folder)
        if resolved is None:
            resolved = self._folders[folder] = str(Path(folder).resolve())
        return os.path.join(resolved, name)


def is_folder_document(name: str) -> bool:
    """Whether a file name is a folder's own documentation (README, LICENSE, ...).

    >>> is_folder_document("README.md"), is_folder_document("readme_article.txt")
    (True, False)
    """
    return bool(_FOLDER_DOCS.match(name))


def _is_glob(text: str) -> bool:
    return any(ch in _GLOB_CHARS for ch in text)


def _expand_one(text: str) -> tuple[list[Path] | None, bool]:
    """Files an input names (None when it names nothing that exists), and whether it is
    the name of a file itself (not a folder or a pattern)."""
    expanded = os.path.expanduser(text)
    try:  # one system call: most inputs are files (a manifest's thousands of articles)
        mode = os.stat(expanded).st_mode
    except (OSError, ValueError):
        mode = 0
    if stat.S_ISREG(mode):
        return [Path(expanded)], True
    if stat.S_ISDIR(mode):
        return _walk(Path(expanded)), False
    if not _is_glob(text):
        return None, False
    files: list[Path] = []
    for match in sorted(glob.glob(expanded, recursive=True)):
        candidate = Path(match)
        if candidate.is_file():
            files.append(candidate)
        elif candidate.is_dir():
            files.extend(_walk(candidate))
    return files, False


# What `framing collect` keeps beside the articles: its log, its summary and the raw
# API pages (copies of the saved posts). A collection folder is read for its articles.
COLLECTION_MARKERS = ("collection.json", ".collect_state.json")
COLLECTION_RECORDS = frozenset({"collection.json", "collection_log.jsonl", "responses"})


def _walk(folder: Path) -> list[Path]:
    """Files under ``folder``, recursively, without hidden names or symlinked folders."""
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        names = sorted(n for n in names if not n.startswith("."))
        if all((Path(root) / marker).exists() for marker in COLLECTION_MARKERS):
            dirs[:] = [d for d in dirs if d not in COLLECTION_RECORDS]
            names = [n for n in names if n not in COLLECTION_RECORDS]
        files.extend(Path(root) / name for name in names)
    return files
