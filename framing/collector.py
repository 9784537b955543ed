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

A whole command, on the other hand, can keep the collector from walking what it
held when it started (:func:`objects_frozen`): imports, the language model, a
compiled lexicon live to its end anyway.
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


@contextmanager
def objects_frozen() -> Iterator[None]:
    """The objects that exist now left out of the collector's walks for a ``with`` block.

    A full collection walks every object the process holds; in a process that
    has loaded the toolkit's models, listing a few thousand input files set one
    off that took 50 ms. Frozen objects (:func:`gc.freeze`) are not walked; those
    made inside the block still are, so their cycles are still freed. Worker
    processes forked inside the block do not copy the frozen objects' pages
    (a collection writes to every object it walks). Nested uses are safe: only
    the outermost unfreezes.

    >>> import gc
    >>> with objects_frozen():
    ...     gc.get_freeze_count() > 0
    True
    """
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()
