"""Content hashes: the keys of provenance and of the experiment cache."""

from __future__ import annotations

import hashlib
from pathlib import Path


def hash_bytes(data: bytes, length: int = 16) -> str:
    """A short, stable hex digest (SHA-256 prefix) of ``data``."""
    return hashlib.sha256(data).hexdigest()[:length]


def hash_text(text: str, length: int = 16) -> str:
    """:func:`hash_bytes` of the UTF-8 encoding of ``text``."""
    return hash_bytes(text.encode("utf-8"), length)


def hash_file(path: str | Path, length: int = 16) -> str:
    """:func:`hash_bytes` of a file's content, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:length]
