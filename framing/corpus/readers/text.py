"""Plain text: every non-empty line or block is a paragraph; the title is left to cleaning.

Text copied from web pages often puts navigation lines before the headline,
so this reader does not guess the title: the cleaning stage decides it. Hard
wrapped text (lines cut at a fixed width inside blank-line separated
paragraphs) has each block's lines joined; otherwise every line is a paragraph.

>>> text_paragraphs("Title line\\nFirst paragraph.\\n\\nSecond paragraph.")
['Title line', 'First paragraph.', 'Second paragraph.']
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from framing.corpus.document import RawDocument
from framing.corpus.readers.reader import ReadResult
from framing.errors import InputError

# A line ending with one of these closes a sentence, so it is not a wrap point.
SENTENCE_END = tuple(".!?:;…؟؛\"”»'’)")
# Hard wraps happen at terminal widths, not beyond.
MAX_WRAP_WIDTH = 120
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SPACES = re.compile(r"[ \t\u00a0\f\v]+")
_OTHER_BLANKS = ("\t", "\u00a0", "\f", "\v")  # the blanks of _SPACES but the space


def text_blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, each a list of its stripped non-empty lines."""
    blocks = []
    for chunk in _BLANK_LINE.split(text):
        lines = [_squash_spaces(line) for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            blocks.append(lines)
    return blocks


def _squash_spaces(line: str) -> str:
    if "  " in line or any(blank in line for blank in _OTHER_BLANKS):
        return _SPACES.sub(" ", line).strip()
    return line.strip()  # each run of blanks is one space already


def is_hard_wrapped(blocks: list[list[str]]) -> bool:
    """Whether lines look cut at a fixed width rather than at paragraph ends.

    Looks at lines followed by another line of the same block: hard-wrapped
    text has many, of similar length (within 60% of the usual width, at most
    120 characters), most not ending a sentence.
    """
    inner = [line for block in blocks for line in block[:-1]]
    if len(inner) < 3:
        return False
    lengths = sorted(len(line) for line in inner)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > MAX_WRAP_WIDTH:
        return False
    near_width = sum(length >= 0.6 * width for length in lengths) / len(lengths)
    open_ended = sum(not line.endswith(SENTENCE_END) for line in inner) / len(inner)
    return near_width >= 0.8 and open_ended >= 0.5


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: joined blocks when hard-wrapped, else one per line.

    >>> wrapped = ("La visite du directeur general a Riyad marque une\\n"
    ...            "etape dans la cooperation entre les deux pays et\\n"
    ...            "ouvre la voie a de nouveaux accords.\\n\\n"
    ...            "Les deux delegations ont evoque la formation des\\n"
    ...            "cadres et l'echange de renseignements sur les\\n"
    ...            "reseaux qui menacent la region.")
    >>> len(text_paragraphs(wrapped))
    2
    """
    blocks = text_blocks(text)
    if is_hard_wrapped(blocks):
        return [" ".join(block) for block in blocks]
    return [line for block in blocks for line in block]


class TextReader:
    """Plain text, one article per file (the reader of last resort)."""

    format = "text"

    def sniff(self, text: str, path: Path | None) -> bool:
        """Any decoded text."""
        return True

    def read(self, text: str, source: str, **options: Any) -> ReadResult:
        """All non-empty lines or blocks as paragraphs; the title is left empty."""
        paragraphs = text_paragraphs(text)
        if not paragraphs:
            raise InputError("empty file: no text to read", path=source)
        document = RawDocument(source_path=source, source_format=self.format, paragraphs=paragraphs)
        return ReadResult(documents=[document])
