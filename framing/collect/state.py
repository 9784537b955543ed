"""Resumable collection state: ``RAW_DIR/.collect_state.json``.

It records which items are saved (``items``: a key such as
``wordpress:example.ma:1234`` or ``url:https://...`` -> the file, relative to
RAW_DIR) and how far each WordPress query got (``queries``). It is written
atomically after every saved item or page, so an interrupted collection
resumes where it stopped and never fetches or writes an item twice. The name
starts with a dot so that ``framing ingest RAW_DIR`` does not read it.

>>> import tempfile
>>> root = tempfile.mkdtemp()
>>> state = CollectState.load(root)
>>> state.mark_done("url:https://example.ma/a", "html/example.ma/0a1b.html")
>>> state.save()
>>> CollectState.load(root).items["url:https://example.ma/a"]
'html/example.ma/0a1b.html'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from framing.errors import CollectError
from framing.store import write_json_atomic

STATE_NAME = ".collect_state.json"
STATE_VERSION = 1


class CollectState:
    """The saved items and query progress of the collections into one folder.

    Parameters
    ----------
    root:
        RAW_DIR.
    items:
        Item key -> saved file (relative to ``root``).
    queries:
        Query key -> progress (``next_page``, ``total_pages``, ``failed_pages``, ...).
    """

    def __init__(
        self,
        root: str | Path,
        items: dict[str, str] | None = None,
        queries: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.root = Path(root)
        self.items = dict(items or {})
        self.queries = dict(queries or {})

    @property
    def path(self) -> Path:
        return self.root / STATE_NAME

    @classmethod
    def load(cls, root: str | Path) -> CollectState:
        """The state saved in ``root``, or an empty one."""
        path = Path(root) / STATE_NAME
        if not path.exists():
            return cls(root)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CollectError(
                f"the collection state is unreadable ({error})",
                path=path,
                hint="delete it to start over: saved files are kept and not written twice",
            ) from None
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise CollectError(
                "the collection state has an unknown format",
                path=path,
                hint="delete it to start over: saved files are kept and not written twice",
            )
        return cls(root, data.get("items"), data.get("queries"))

    def done(self, key: str) -> str | None:
        """The file saved for ``key``, if it was saved and is still there."""
        file = self.items.get(key)
        if file and (self.root / file).is_file():
            return file
        return None

    def mark_done(self, key: str, file: str) -> None:
        """Record that ``key`` is saved as ``file``."""
        self.items[key] = file

    def query(self, key: str) -> dict[str, Any]:
        """The progress of a query (empty when new)."""
        return dict(self.queries.get(key, {}))

    def set_query(self, key: str, **values: Any) -> None:
        """Update the progress of a query."""
        self.queries[key] = {**self.queries.get(key, {}), **values}

    def save(self) -> None:
        """Write the state atomically."""
        write_json_atomic(
            self.path, {"version": STATE_VERSION, "items": self.items, "queries": self.queries}
        )
