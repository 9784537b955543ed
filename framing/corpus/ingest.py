"""The ingestion pipeline: article files in, a clean and traceable corpus out.

read (by content) -> manifest metadata -> boilerplate -> language, date, outlet ->
stable ids -> segmentation -> near-duplicate clusters -> Parquet + report.

Nothing is dropped without a word: every input that cannot be read, every
article left empty by cleaning, every exact duplicate is listed in
``Corpus.report["skipped"]`` with its reason, and every removed boilerplate line
in ``Corpus.report["removed_lines"]``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from framing.corpus.boilerplate import RepeatedLines, clean_document
from framing.corpus.corpus import Corpus
from framing.corpus.dates import find_date, parse_date
from framing.corpus.dedup import near_duplicate_clusters
from framing.corpus.document import RawDocument
from framing.corpus.inputs import expand_inputs
from framing.corpus.language import detect_language, detect_passage_language
from framing.corpus.manifest import Manifest
from framing.corpus.outlet import find_named_source, outlet_from_url, resolve_outlet
from framing.corpus.readers import ReadResult, SkippedInput, read_file
from framing.corpus.readers.columns import ColumnMap
from framing.corpus.segment import segment, train_punkt
from framing.errors import FramingError
from framing.hashing import hash_text
from framing.schema import DOCUMENT_COLUMNS, PASSAGE_COLUMNS
from framing.text.tokens import count_tokens

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
        Largest input file accepted.
    """

    unit: Unit = "paragraph"
    train_punkt: bool = False
    dedup_threshold: float = 0.6
    encoding: str | None = None
    column_map: ColumnMap | None = None
    max_bytes: int = 50_000_000

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "train_punkt": self.train_punkt,
            "dedup_threshold": self.dedup_threshold,
            "encoding": self.encoding,
            "column_map": None if self.column_map is None else vars(self.column_map),
            "max_bytes": self.max_bytes,
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

    Examples
    --------
    >>> corpus = ingest(["experiments/sample_corpus"],
    ...                 manifest="experiments/sample_corpus/manifest.csv")  # doctest: +SKIP
    >>> corpus.write("reports/demo/corpus")  # doctest: +SKIP
    """
    options = options or IngestOptions()
    skipped: list[SkippedInput] = []
    loaded_manifest = Manifest.read(manifest) if manifest else None
    paths = _input_paths(inputs, loaded_manifest, manifest, skipped)

    raw_docs: list[tuple[RawDocument, dict[str, str], str | None]] = []
    for done, path in enumerate(paths, 1):
        result = _read_one(path, options, skipped)
        extra = loaded_manifest.lookup(path) if loaded_manifest else None
        for doc in result.documents if result else []:
            raw_docs.append((doc, extra or {}, result.encoding))
        if progress:
            progress("read", done, len(paths))

    repeated = RepeatedLines().fit(
        (_outlet_hint(doc, extra), doc.paragraphs) for doc, extra, _ in raw_docs
    )
    prepared = _prepare_all(raw_docs, repeated, skipped, progress)
    documents = _documents_frame(prepared, options)
    passages = _segment_all(documents, options)
    report = _report(inputs, manifest, options, documents, passages, prepared, skipped)
    return Corpus(documents=documents, passages=passages, report=report)


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


def _read_one(path: Path, options: IngestOptions, skipped: list[SkippedInput]) -> ReadResult | None:
    try:
        result = read_file(
            path,
            column_map=options.column_map,
            encoding=options.encoding,
            max_bytes=options.max_bytes,
        )
    except FramingError as error:
        skipped.append(SkippedInput(source=str(path), reason=_reason(error)))
        return None
    skipped.extend(result.skipped)
    return result


def _reason(error: FramingError) -> str:
    text = error.message
    return f"{text} ({error.hint})" if error.hint else text


def _outlet_hint(doc: RawDocument, extra: dict[str, str]) -> str:
    return extra.get("outlet") or outlet_from_url(extra.get("url") or doc.url) or doc.outlet


def _prepare_all(
    raw_docs: list[tuple[RawDocument, dict[str, str], str | None]],
    repeated: RepeatedLines,
    skipped: list[SkippedInput],
    progress: Callable[[str, int, int], None] | None,
) -> list[_Prepared]:
    prepared: list[_Prepared] = []
    seen: dict[str, str] = {}
    for done, (doc, extra, encoding) in enumerate(raw_docs, 1):
        item = _prepare(doc, extra, encoding, repeated)
        if progress:
            progress("clean", done, len(raw_docs))
        if not item.row["text"]:
            skipped.append(
                SkippedInput(
                    source=doc.source_path,
                    reason="no article text left after removing boilerplate "
                    f"({len(item.removed)} lines removed; check the file's content)",
                )
            )
            continue
        doc_id = item.row["doc_id"]
        if doc_id in seen:
            skipped.append(
                SkippedInput(
                    source=doc.source_path,
                    reason=f"exact duplicate of {seen[doc_id]} (same outlet, url, title and text)",
                )
            )
            continue
        seen[doc_id] = doc.source_path
        prepared.append(item)
    return prepared


def _prepare(
    doc: RawDocument, extra: dict[str, str], encoding: str | None, repeated: RepeatedLines
) -> _Prepared:
    declared_language = extra.get("language") or doc.language
    cleaned = clean_document(
        doc.paragraphs,
        title=extra.get("title") or doc.title,
        language=declared_language or None,
        repeated=repeated,
        outlet=_outlet_hint(doc, extra),
    )
    text = PARAGRAPH_SEPARATOR.join(cleaned.paragraphs)
    guess = detect_language(text) if text else None
    language = declared_language or (guess.code if guess else "")
    url = extra.get("url") or doc.url
    parsed = _parse_date(
        extra.get("date") or doc.date, cleaned.header, cleaned.paragraphs, language
    )
    outlet, via_outlet = resolve_outlet(
        extra.get("outlet") or "",
        outlet_from_url(url),
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


def _documents_frame(prepared: list[_Prepared], options: IngestOptions) -> pd.DataFrame:
    documents = pd.DataFrame([p.row for p in prepared], columns=list(DOCUMENT_COLUMNS))
    if len(documents):
        documents["dup_cluster"] = near_duplicate_clusters(
            documents["doc_id"].tolist(),
            documents["text"].tolist(),
            threshold=options.dedup_threshold,
        )
    return documents.astype({c: "string" for c in DOCUMENT_COLUMNS}).astype(object)


def _segment_all(documents: pd.DataFrame, options: IngestOptions) -> pd.DataFrame:
    tokenizers = _punkt_tokenizers(documents, options)
    rows: list[dict[str, Any]] = []
    for doc in documents.itertuples(index=False):
        spans = segment(
            doc.text,
            unit=options.unit,
            language=doc.language,
            tokenizer=tokenizers.get(doc.language),
        )
        for index, (start, end) in enumerate(spans):
            text = doc.text[start:end]
            rows.append(
                {
                    "passage_id": f"{doc.doc_id}-{index:04d}",
                    "doc_id": doc.doc_id,
                    "index": index,
                    "start": start,
                    "end": end,
                    "text": text,
                    "language": detect_passage_language(text, doc.language),
                    "n_tokens": count_tokens(text),
                }
            )
    passages = pd.DataFrame(rows, columns=list(PASSAGE_COLUMNS))
    return passages.astype(
        {"index": "int64", "start": "int64", "end": "int64", "n_tokens": "int64"}
    )


def _punkt_tokenizers(documents: pd.DataFrame, options: IngestOptions) -> dict[str, Any]:
    if options.unit != "sentence" or not options.train_punkt or documents.empty:
        return {}
    return {
        language: train_punkt(group["text"].tolist())
        for language, group in documents.groupby("language")
        if language != "ar"  # Punkt's statistics are built for alphabetic abbreviations
    }


def _report(
    inputs: Iterable[str | Path],
    manifest: str | Path | None,
    options: IngestOptions,
    documents: pd.DataFrame,
    passages: pd.DataFrame,
    prepared: list[_Prepared],
    skipped: list[SkippedInput],
) -> dict[str, Any]:
    from framing import __version__

    by_outlet_language = Counter(zip(documents["outlet"], documents["language"], strict=True))
    return {
        "toolkit_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": [str(p) for p in inputs],
        "manifest": str(manifest) if manifest else None,
        "options": options.to_dict(),
        "n_documents": len(documents),
        "n_passages": len(passages),
        "n_skipped": len(skipped),
        "corpus_hash": corpus_hash(passages),
        "documents_by_outlet_language": [
            {"outlet": o, "language": lang, "documents": n}
            for (o, lang), n in sorted(by_outlet_language.items())
        ],
        "near_duplicate_documents": int((documents["dup_cluster"] != "").sum())
        if len(documents)
        else 0,
        "skipped": [{"source": s.source, "reason": s.reason} for s in skipped],
        "removed_lines": {p.row["doc_id"]: p.removed for p in prepared if p.removed},
    }


def corpus_hash(passages: pd.DataFrame) -> str:
    """Hash of passage ids and texts: equal for equal corpora, whatever the file bytes."""
    joined = "\x1e".join(
        f"{pid}\x1f{text}"
        for pid, text in zip(passages["passage_id"], passages["text"], strict=True)
    )
    return hash_text(joined)
