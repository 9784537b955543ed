"""Resource limits, all in one place: how large, deep or expanded an input may be.

Inputs come from the web, from colleagues and from export tools, so every
reader stops at a limit with a message naming the file, the limit and what to
do (:class:`~framing.errors.ResourceLimitError`), rather than running out of
memory or time. The defaults suit news corpora; pass your own :class:`Limits`
where a function or :class:`~framing.corpus.ingest.IngestOptions` takes
``limits``, or use ``framing ingest --max-file-mb``.

>>> from dataclasses import replace
>>> DEFAULT_LIMITS.max_file_bytes
50000000
>>> replace(DEFAULT_LIMITS, max_file_bytes=5_000_000).max_file_bytes
5000000
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    """The limits every reader and loader checks.

    Attributes
    ----------
    max_file_bytes:
        Largest input file (or archive member, uncompressed) read as articles.
        Larger files are skipped with their size.
    max_passage_chars:
        Longest passage. A longer paragraph (a text file without line breaks,
        say) is cut at sentence ends, else at spaces, into passages of at most
        this many characters; the cut is recorded in the ingest report.
    max_json_depth:
        Deepest nesting of objects and lists in a JSON article file (a real
        WordPress post is fewer than 10 levels deep).
    max_yaml_depth:
        Deepest nesting in a lexicon or experiment YAML file.
    max_yaml_nodes:
        Most values (scalars, lists, mappings) in one YAML file: each costs
        memory once parsed (about 1 KB), whatever the file's size on disk.
    max_lexicon_bytes:
        Largest lexicon file.
    max_lexicon_entries:
        Most entries (with exclusions and proximity anchors) in one lexicon.
    max_config_bytes:
        Largest experiment file.
    max_archive_bytes:
        Largest total uncompressed size of the members of one zip archive.
    max_archive_members:
        Most members in one zip archive.
    max_archive_ratio:
        Largest ratio of uncompressed to compressed size of a zip archive or
        of one of its members (text compresses 3 to 10 times; a
        decompression bomb thousands of times).
    """

    max_file_bytes: int = 50_000_000
    max_passage_chars: int = 20_000
    max_json_depth: int = 64
    max_yaml_depth: int = 20
    max_yaml_nodes: int = 500_000
    max_lexicon_bytes: int = 10 * 1024 * 1024
    max_lexicon_entries: int = 200_000
    max_config_bytes: int = 1_000_000
    max_archive_bytes: int = 1_000_000_000
    max_archive_members: int = 100_000
    max_archive_ratio: int = 100

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{item.name} must be a whole number >= 1, not {value!r}")

    def to_dict(self) -> dict[str, int]:
        """The limits as plain data (recorded in reports)."""
        return {item.name: getattr(self, item.name) for item in fields(self)}


#: The limits used when none are given.
DEFAULT_LIMITS = Limits()
