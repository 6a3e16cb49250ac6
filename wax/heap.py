"""The garbage collector's full passes scan what requests allocate, not what start-up built.

A full pass walks every object the collector tracks: with wax's modules loaded (strawberry,
graphql-core, Tortoise, ...) that took 80-90 ms in one event-loop step during a large query,
and every request waited. Objects alive once the app has started are frozen (moved out of
the collector's sight) for the app's lifetime, and given back when it stops.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def startup_heap_frozen() -> Iterator[None]:
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
