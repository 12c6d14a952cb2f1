"""The cycle collector's pace while a server process draws its first page.

A server's first run imports Polars, DuckDB, pyarrow and the app: hundreds of thousands of objects,
over which the collector went again and again while they were created. `first_run()`
(dashboard.py, before those imports) lets it run a hundred times less often until `settled()`
(ui.layout, when the first run of a page ends) has frozen what exists then and put the
interpreter's own thresholds back. With dashboard.py's legacy-mode check moved ahead of the
imports, a server's first view came about 0.2 s sooner (median of eight alternating starts each,
docs/PERFORMANCE.md). This module imports nothing heavy.
"""

from __future__ import annotations

import gc

# The interpreter's thresholds, read when this module is first imported (before any change).
_THRESHOLDS = gc.get_threshold()


def first_run() -> None:
    """Pace the collector down, only while nothing has been frozen yet (the first run)."""
    if gc.get_freeze_count() == 0:
        gc.set_threshold(_THRESHOLDS[0] * 100, *_THRESHOLDS[1:])


def settled() -> None:
    """Freeze what exists now (it lives as long as the server) and restore the thresholds."""
    gc.freeze()
    gc.set_threshold(*_THRESHOLDS)
