"""py3langid's own automaton walk, one text at a time: the reference the batched walk is
tested against (shared by the language and ingestion equivalence tests)."""

from __future__ import annotations

import unicodedata

import numpy as np
from scipy import sparse

from framing.corpus import language_model


def reference_encode(text: str) -> bytes:
    """The bytes py3langid scores, as its ``rank`` makes them."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def reference_counts(texts: list[str]) -> sparse.csr_matrix:
    """Feature counts of each text by py3langid's ``visit_counts``, a canonical matrix."""
    from py3langid.langid import visit_counts

    model = language_model.language_model()
    ident = model._identifier
    rows, columns, values = [], [], []
    for i, text in enumerate(texts):
        data = reference_encode(text)
        counts = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data) or {}
        for feature, count in counts.items():
            rows.append(i)
            columns.append(feature)
            values.append(count)
    shape = (len(texts), model._class_log_prob.shape[0])
    matrix = sparse.csr_matrix((np.asarray(values, np.float32), (rows, columns)), shape=shape)
    matrix.sum_duplicates()
    return matrix
