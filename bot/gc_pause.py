"""Building long-lived structures without the cyclic garbage collector.

Loading a pack and building an engine allocate hundreds of thousands of objects that live as long as the
process. The cyclic collector, triggered by allocation counts, would traverse them again and again while
they are built; where its full collection lands depends on how many objects came before, so start-up time
jumped by tens of milliseconds from one pack to a slightly larger one. Nothing built there is garbage, so the
collector waits until the build is over.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collection"]


@contextmanager
def paused_collection() -> Iterator[None]:
    """The cyclic collector is off inside (reference counting still frees what is dropped) and back on after,
    unless it was off already (nested builds, or a caller that turned it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
