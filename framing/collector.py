"""Python's cyclic garbage collector, paused around work that builds many objects.

The collector runs after every 700 new container objects, and every so often
it walks every object the process holds: a loaded lexicon, the language
model, pandas and the rest of the imports. Work that builds many objects and
few reference cycles (parsing and compiling a lexicon, reading and cleaning a
batch of articles) spent 10-30% of its time there for nothing (measured on the
bundled lexicon and the benchmark corpus). Inside :func:`collection_paused`
the collector is off; reference counting still frees every object that is
not part of a cycle, and the collector resumes when the work ends. The work
must be bounded (a batch, a file), not a whole corpus.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a ``with`` block (or a decorated function).

    Nested uses are safe: only the outermost turns the collector back on, and
    only if it was on.

    >>> import gc
    >>> with collection_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
