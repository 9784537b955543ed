"""The ingestion pipeline: article files in, a clean and traceable corpus out.

read (by content) -> manifest metadata -> boilerplate -> language, date, outlet ->
stable ids -> segmentation -> near-duplicate clusters -> Parquet + report.

Nothing is dropped without a word: every input that cannot be read, every
article left empty by cleaning, every exact duplicate is listed in
``Corpus.report["skipped"]`` with its reason, and every removed boilerplate line
in ``Corpus.report["removed_lines"]``. A paragraph longer than
``Limits.max_passage_chars`` is cut into several passages (at sentence ends,
else at spaces) and listed in ``Corpus.report["long_passages_split"]``.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from framing.corpus.boilerplate import RepeatedLines, clean_document
from framing.corpus.corpus import Corpus
from framing.corpus.dates import find_date, parse_date
from framing.corpus.document import RawDocument
from framing.corpus.inputs import expand_inputs
from framing.corpus.language import detect_languages, detect_passage_languages
from framing.corpus.manifest import Manifest
from framing.corpus.outlet import find_named_source, outlet_from_url, resolve_outlet
from framing.corpus.readers import ReadResult, SkippedInput, read_file
from framing.corpus.readers.columns import ColumnMap
from framing.corpus.segment import segment, split_long_spans
from framing.errors import FramingError
from framing.hashing import hash_text
from framing.limits import DEFAULT_LIMITS, Limits
from framing.parallel import DEFAULT_BATCH_SIZE
from framing.text.tokens import words, words_of_spans

Unit = Literal["paragraph", "sentence"]
PARAGRAPH_SEPARATOR = "\n\n"


@dataclass
class IngestOptions:
    """Settings of one ingestion; recorded in the report so a corpus can be rebuilt.

    Attributes
    ----------
    unit:
        ``paragraph`` (the codebook's coding unit) or ``sentence``.
    train_punkt:
        With ``unit="sentence"``: train NLTK Punkt on the corpus itself (per
        language) rather than use it untrained.
    dedup_threshold:
        Jaccard similarity of word shingles above which two documents are the
        same story (a near-duplicate cluster).
    encoding:
        Force an input encoding instead of detecting it.
    max_bytes:
        Largest input file accepted; overrides ``limits.max_file_bytes``.
    limits:
        The :class:`~framing.limits.Limits` on file size, JSON depth, zip
        archives and passage length.
    """

    unit: Unit = "paragraph"
    train_punkt: bool = False
    dedup_threshold: float = 0.6
    encoding: str | None = None
    column_map: ColumnMap | None = None
    max_bytes: int | None = None
    limits: Limits = DEFAULT_LIMITS

    @property
    def effective_limits(self) -> Limits:
        """``limits`` with ``max_bytes`` applied."""
        if self.max_bytes is None:
            return self.limits
        return replace(self.limits, max_file_bytes=self.max_bytes)

    def to_dict(self) -> dict[str, Any]:
        limits = self.effective_limits
        return {
            "unit": self.unit,
            "train_punkt": self.train_punkt,
            "dedup_threshold": self.dedup_threshold,
            "encoding": self.encoding,
            "column_map": None if self.column_map is None else vars(self.column_map),
            "max_bytes": limits.max_file_bytes,
            "limits": limits.to_dict(),
        }


@dataclass
class _Prepared:
    """A document after cleaning, before segmentation."""

    row: dict[str, Any]
    removed: list[dict[str, str]] = field(default_factory=list)


def ingest(
    inputs: Sequence[str | Path],
    *,
    manifest: str | Path | None = None,
    options: IngestOptions | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Corpus:
    """Read article files into a :class:`Corpus` (not yet written to disk).

    Parameters
    ----------
    inputs:
        Files, folders (read recursively) or glob patterns. With a manifest and
        no inputs, the manifest's files are read.
    manifest:
        A CSV with a ``file`` column and any of outlet, language, date, url,
        title; other columns are kept as metadata. It adds or overrides metadata.
    options:
        :class:`IngestOptions`.
    progress:
        Called as ``progress(stage, done, total)``.
    jobs, engine, scheduler, batch_size:
        Where the work runs (``jobs`` local processes, or Dask) and how many
        documents are segmented per batch; the corpus is the same however it
        runs. :func:`~framing.corpus.streaming.ingest_to` writes the corpus
        folder directly, for corpora larger than memory.

    Examples
    --------
    >>> corpus = ingest(["experiments/sample_corpus"],
    ...                 manifest="experiments/sample_corpus/manifest.csv")  # doctest: +SKIP
    >>> corpus.write("reports/demo/corpus")  # doctest: +SKIP
    """
    from framing.corpus.streaming import ingest_to

    # One pipeline for every size: streamed to a temporary folder, then read back.
    with tempfile.TemporaryDirectory(prefix="framing-ingest-") as folder:
        report = ingest_to(
            inputs,
            folder,
            manifest=manifest,
            options=options,
            progress=progress,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            batch_size=batch_size,
        )
        corpus = Corpus.read(folder)
    return Corpus(documents=corpus.documents, passages=corpus.passages, report=report)


def _input_paths(
    inputs: Sequence[str | Path],
    manifest: Manifest | None,
    manifest_path: str | Path | None,
    skipped: list[SkippedInput],
) -> list[Path]:
    exclude = {Path(manifest_path).resolve()} if manifest_path else set()
    if manifest is not None:
        skipped.extend(manifest.missing_files())
    if not inputs and manifest is not None:
        return list(manifest.files())
    paths, missing = expand_inputs([str(p) for p in inputs], exclude=exclude)
    skipped.extend(missing)
    return paths


def _read_one(
    path: Path,
    options: IngestOptions,
    skipped: list[SkippedInput],
    part: tuple[int, int] | None = None,
) -> ReadResult | None:
    try:
        result = read_file(
            path,
            column_map=options.column_map,
            encoding=options.encoding,
            limits=options.effective_limits,
            part=part,
        )
    except FramingError as error:
        skipped.append(SkippedInput.from_error(str(path), error))
        return None
    skipped.extend(result.skipped)
    return result


# Each document's url is looked at three times (both passes, then its row): parsed once.
_outlet_of_url = lru_cache(maxsize=8192)(outlet_from_url)


def _outlet_hint(doc: RawDocument, extra: dict[str, str]) -> str:
    return extra.get("outlet") or _outlet_of_url(extra.get("url") or doc.url) or doc.outlet


def prepare_documents(
    documents: Sequence[tuple[RawDocument, dict[str, str], str | None]],
    repeated: RepeatedLines,
) -> list[_Prepared]:
    """Clean documents (with their manifest values and encoding) into document rows.

    Languages are identified for the whole batch at once (far faster than one by one).
    """
    cleaned = [_clean(doc, extra, repeated) for doc, extra, _ in documents]
    texts = [PARAGRAPH_SEPARATOR.join(c.paragraphs) for c in cleaned]
    judged = [i for i, text in enumerate(texts) if text]
    guesses: list[Any] = [None] * len(texts)
    for i, guess in zip(judged, detect_languages([texts[i] for i in judged]), strict=True):
        guesses[i] = guess
    return [
        _prepare(doc, extra, encoding, clean, text, guess)
        for (doc, extra, encoding), clean, text, guess in zip(
            documents, cleaned, texts, guesses, strict=True
        )
    ]


def _clean(doc: RawDocument, extra: dict[str, str], repeated: RepeatedLines):
    return clean_document(
        doc.paragraphs,
        title=extra.get("title") or doc.title,
        language=extra.get("language") or doc.language or None,
        repeated=repeated,
        outlet=_outlet_hint(doc, extra),
    )


def _prepare(
    doc: RawDocument,
    extra: dict[str, str],
    encoding: str | None,
    cleaned: Any,
    text: str,
    guess: Any,
) -> _Prepared:
    declared_language = extra.get("language") or doc.language
    language = declared_language or (guess.code if guess else "")
    url = extra.get("url") or doc.url
    parsed = _parse_date(
        extra.get("date") or doc.date, cleaned.header, cleaned.paragraphs, language
    )
    outlet, via_outlet = resolve_outlet(
        extra.get("outlet") or "",
        _outlet_of_url(url),
        find_named_source(cleaned.header, cleaned.paragraphs),
        doc.outlet,
    )
    if extra.get("via_outlet"):
        via_outlet = extra["via_outlet"]
    title = cleaned.title
    metadata = _metadata(doc, extra, encoding, guess, cleaned.header)
    row = {
        "doc_id": "d" + hash_text("\x1f".join([outlet, url, title, text]), 15),
        "source_path": doc.source_path,
        "source_format": doc.source_format,
        "outlet": outlet,
        "via_outlet": via_outlet,
        "language": language,
        "date": parsed.iso if parsed else "",
        "date_precision": parsed.precision if parsed else "unknown",
        "title": title,
        "url": url,
        "text": text,
        "dup_cluster": "",
        "metadata": json.dumps(metadata, ensure_ascii=False, sort_keys=True),
    }
    removed = [{"text": r.text, "reason": r.reason} for r in cleaned.removed]
    return _Prepared(row=row, removed=removed)


def _parse_date(raw: str, header: list[str], paragraphs: list[str], language: str):
    """The source's own date first, then a date in the header lines or the dateline."""
    if raw:
        parsed = parse_date(raw, language)
        if parsed.precision != "unknown":
            return parsed
    return find_date([*header, *paragraphs[:1]], language)


_MANIFEST_FIELDS = {"file", "outlet", "language", "date", "url", "title", "via_outlet"}


def _metadata(
    doc: RawDocument,
    extra: dict[str, str],
    encoding: str | None,
    guess: Any,
    header: list[str],
) -> dict[str, Any]:
    metadata: dict[str, Any] = dict(doc.metadata)
    metadata.update({k: v for k, v in extra.items() if k not in _MANIFEST_FIELDS and v != ""})
    if doc.date:
        metadata["date_raw"] = doc.date
    if encoding:
        metadata["encoding"] = encoding
    if guess is not None:
        metadata["language_detected"] = guess.code
        metadata["language_confidence"] = round(float(guess.confidence), 4)
    if header:
        metadata["header_lines"] = header
    return metadata


def _segment_document(
    doc_id: str,
    source_path: str,
    text: str,
    language: str,
    options: IngestOptions,
    tokenizer: Any = None,
) -> tuple[list[dict[str, Any]], dict[str, Any] | None, list[str] | None]:
    """The passage rows of one document, a note if its long passages were cut, and the
    document's words (made from its passages', :func:`~framing.text.tokens.words_of_spans`;
    None when they cannot be)."""
    max_chars = options.effective_limits.max_passage_chars
    spans = segment(text, unit=options.unit, language=language, tokenizer=tokenizer)
    longest = max((end - start for start, end in spans), default=0)
    note = None
    if longest > max_chars:
        before = len(spans)
        spans = split_long_spans(
            text, spans, max_chars, language, tokenizer, pack=options.unit == "paragraph"
        )
        note = {
            "doc_id": doc_id,
            "source_path": source_path,
            "longest_chars": longest,
            "passages_before": before,
            "passages_after": len(spans),
        }
    rows = []
    passage_words = []
    for index, (start, end) in enumerate(spans):
        passage = text[start:end]
        passage_words.append(words(passage))
        rows.append(
            {
                "passage_id": f"{doc_id}-{index:04d}",
                "doc_id": doc_id,
                "index": index,
                "start": start,
                "end": end,
                "text": passage,
                "language": language,  # the document's; see label_passage_languages
                "n_tokens": len(passage_words[-1]),  # count_tokens(passage)
            }
        )
    return rows, note, words_of_spans(text, spans, passage_words)


def label_passage_languages(rows: list[dict[str, Any]]) -> None:
    """Set each passage row's ``language`` (its document's on entry), all rows at once."""
    codes = detect_passage_languages(
        [row["text"] for row in rows],
        [row["language"] for row in rows],
        [row["n_tokens"] for row in rows],
    )
    for row, code in zip(rows, codes, strict=True):
        row["language"] = code


def corpus_hash(passages: pd.DataFrame) -> str:
    """Hash of passage ids and texts: equal for equal corpora, whatever the file bytes."""
    digest = CorpusDigest()
    digest.update(passages["passage_id"], passages["text"])
    return digest.hexdigest()


def passage_bytes(ids: Iterable[str], texts: Iterable[str]) -> bytes:
    """What :class:`CorpusDigest` hashes for these passages: ``id\\x1ftext``, joined by
    ``\\x1e`` (UTF-8).

    >>> passage_bytes(["d1-0000", "d1-0001"], ["Rabat.", "Lundi."])
    b'd1-0000\\x1fRabat.\\x1ed1-0001\\x1fLundi.'
    """
    return "\x1e".join(f"{pid}\x1f{text}" for pid, text in zip(ids, texts, strict=True)).encode()


class CorpusDigest:
    """:func:`corpus_hash` computed as passages stream past, a batch at a time.

    It is the SHA-256 of every passage's ``id\x1ftext``, joined by ``\x1e``, in
    corpus order (its first 16 hex digits).

    >>> digest = CorpusDigest()
    >>> digest.update(["d1-0000"], ["Rabat, lundi."])
    >>> digest.update(["d1-0001"], ["Le ministre a reçu son homologue."])
    >>> digest.hexdigest() == hash_text("d1-0000\x1fRabat, lundi.\x1ed1-0001\x1f"
    ...                                 "Le ministre a reçu son homologue.")
    True
    """

    def __init__(self) -> None:
        self._sha = hashlib.sha256()
        self._first = True

    def update(self, ids: Iterable[str], texts: Iterable[str]) -> None:
        """Add the next passages, given by their ids and texts."""
        self.add(passage_bytes(ids, texts))

    def add(self, joined: bytes) -> None:
        """Add the next passages as :func:`passage_bytes` joined them (elsewhere, perhaps)."""
        if not joined:  # no passage (one passage is never empty: it has its separator)
            return
        if not self._first:
            self._sha.update(b"\x1e")
        self._sha.update(joined)
        self._first = False

    def hexdigest(self, length: int = 16) -> str:
        return self._sha.hexdigest()[:length]
