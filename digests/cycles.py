"""Pause Python's cycle collector while a period's items are loaded, clustered and summarised."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Loading a period, clustering and summarising it make hundreds of thousands of rows, items, sets and tuples and
    no reference cycles: the cycle collector would only rescan them, again and again as they pile up (a third of the
    load and a quarter of clustering at 100,000 items). Reference counting still frees what is dropped, and the
    collector is left as it was found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
