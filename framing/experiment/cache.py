"""The stage cache: a stage is redone only when the hash of its inputs and settings changed.

Each stage's key is the hash of everything that determines its output (input
file hashes, lexicon hashes, settings, seed, toolkit version). Keys live in
``<output>/.framing_cache.json``; a stage is skipped when its key is unchanged
and all its outputs still exist.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from framing.hashing import hash_file, hash_text
from framing.store import write_json_atomic

CACHE_FILE = ".framing_cache.json"


def stage_key(*parts: Any) -> str:
    """A stable hash of JSON-serialisable parts (paths are hashed by content)."""
    return hash_text(json.dumps([_jsonable(p) for p in parts], sort_keys=True, default=str))


def files_key(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """``(name, content hash)`` of every file under the given files or folders, sorted."""
    out: list[tuple[str, str]] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                (str(p.relative_to(path)), hash_file(p))
                for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.parts)
            )
        elif path.is_file():
            out.append((path.name, hash_file(path)))
        else:
            out.append((str(path), "missing"))
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return value


class StageCache:
    """Remembers the key each stage last ran with, in the output folder."""

    def __init__(self, output_dir: Path) -> None:
        self.path = output_dir / CACHE_FILE
        self.keys: dict[str, str] = (
            json.loads(self.path.read_text("utf-8")) if self.path.exists() else {}
        )

    def is_fresh(self, stage: str, key: str, outputs: Iterable[Path]) -> bool:
        """True when ``stage`` last ran with ``key`` and every output still exists."""
        return self.keys.get(stage) == key and all(Path(p).exists() for p in outputs)

    def record(self, stage: str, key: str) -> None:
        """Remember that ``stage`` completed with ``key`` (written at once, atomically)."""
        self.keys[stage] = key
        write_json_atomic(self.path, self.keys)
