"""Worker: every page's whole server-side run in Streamlit's AppTest, and the queries it runs.

    python -m bench.pages --db PATH --repeats N --out PATH

One AppTest session opens the dashboard, then for each page (in the dashboard's order):

* `default_ms`: the page at the default filters (all of Flanders, whole period), results cache
  cleared first: a new visitor's first view on a warm server;
* `cold_ms`: the filter change with both Streamlit caches cleared (results and the shared DuckDB
  connection, so DuckDB's buffer pool starts empty too; the OS page cache stays warm);
* `page_ms`: the filter change (period 2019-2021, region ANT or OVL alternately) with the
  results cache cleared before each run and the connection kept: a combination nobody asked for
  yet, on a warm server. This is the headline number, compared with the floor;
* `cached_ms`: a cached repeat: after each warm run, the other combination once, then back to the
  one just run, whose results the cache holds (interleaved with the warm runs, so the repeats
  sample the same stretch of time as they do).

Every call through `queries.run.run` during the `page_ms` runs is recorded (name, the query text,
bound parameters, time inside the app) for `bench.floor` to replay. `rss_mb` is the process's peak
resident memory while it served the page (VmHWM, reset before each page): `python -m bench` runs
one page per process (`--only`), so it is the peak of a fresh server serving that page; the peak
of one server serving every page comes from `bench.coldstart --tour`.

AppTest sets up a few things anew for every run that a server sets up once
(`ui.streamlit_internals.like_a_server`): it
resets Streamlit's process-wide "legacy `pages/` folder" flag, so every run would first take the
switch out of legacy mode that a server takes on its very first run (a whole extra rerun of
dashboard.py), and it gives every run a new script cache, so both scripts would be compiled again.
Here both stay as a running server has them; the rest of AppTest's per-run set-up (a mock runtime,
a new script thread, reading the element tree back) is still inside the measured time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from bench.common import APP, COMBOS, YEARS, encode, pages, peak_rss_mb, reset_peak_rss, rss_mb


def _quiet_streamlit() -> None:
    import logging

    for name in ("streamlit", "streamlit.runtime", "streamlit.runtime.caching"):
        logging.getLogger(name).setLevel(logging.ERROR)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")


def measure(
    db: str,
    repeats: int,
    cached_repeats: int,
    timeout: float,
    only: list[str] | None,
    default_repeats: int = 2,
) -> dict:
    """Run every page and return the measurements (see the module docstring)."""
    os.environ["DASHBOARD_DB"] = db
    # Tracebacks in full (the app's config redacts them for users): a failing page says why.
    os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"
    _quiet_streamlit()
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import queries.run as query_module

    recording: list[dict[str, Any]] | None = None
    original_run = query_module.run

    def recorded_run(name, con=None, filters=None, **params):
        began = time.perf_counter()
        try:
            return original_run(name, con, filters, **params)
        finally:
            if recording is not None:
                bound = query_module.bind_params(name, filters, **params)
                recording.append(
                    {
                        "name": name,
                        # The text the app ran (others may edit queries/ while the benchmark runs).
                        "sql": query_module.query_sql(name),
                        "params": {k: encode(v) for k, v in bound.items()},
                        "app_ms": (time.perf_counter() - began) * 1000,
                    }
                )

    query_module.run = recorded_run

    errors: list[str] = []

    def timed(at: AppTest) -> float:
        """One run of the script; a run that raised is reported and run once more (others may be
        editing the tree while the benchmark runs), a second failure stops the benchmark."""
        for attempt in (1, 2):
            began = time.perf_counter()
            at.run()
            elapsed = (time.perf_counter() - began) * 1000
            if not at.exception:
                return elapsed
            details = [f"{e.value}\n" + "\n".join(e.stack_trace) for e in at.exception]
            errors.append(f"{current} (attempt {attempt}): {details}"[:4000])
            print(f"    {errors[-1]}", file=sys.stderr)
        raise RuntimeError(f"{current} raised twice: {errors[-1]}")

    def set_filters(at: AppTest, regions: tuple[str, ...], years: tuple[int, int]) -> None:
        at.multiselect(key="regio").set_value(list(regions))
        at.slider(key="jaar").set_value(years)

    started = time.perf_counter()
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    first_run_ms = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"dashboard raised: {[e.value for e in at.exception]}")
    from ui.streamlit_internals import like_a_server

    like_a_server()
    out: dict[str, Any] = {"first_run_ms": first_run_ms, "pages": []}
    full = (2017, 2025)
    current = "dashboard.py"
    for page in pages():
        if only and not any(o in page for o in only):  # a page per process: see bench/__main__.py
            continue
        current = page
        reset_peak_rss()
        set_filters(at, (), full)
        at.switch_page(page)
        switch_ms = timed(at)
        default_ms = []
        for _ in range(default_repeats):
            st.cache_data.clear()
            default_ms.append(timed(at))
        # Cold: both caches cleared, the connection (and DuckDB's buffer pool) opened anew.
        st.cache_data.clear()
        st.cache_resource.clear()
        set_filters(at, COMBOS[0], YEARS)
        cold_ms = timed(at)
        page_ms, runs, cached_ms, cached_calls = [], [], [], 0
        for i in range(max(repeats, cached_repeats)):
            combo, other = COMBOS[(i + 1) % len(COMBOS)], COMBOS[i % len(COMBOS)]
            if i < repeats:
                st.cache_data.clear()
                set_filters(at, combo, YEARS)
                recording = []
                page_ms.append(timed(at))
                runs.append({"combo": list(combo), "calls": recording})
                recording = None
            if i < cached_repeats:
                # A cached repeat, between the warm runs (so a slow second of a shared machine
                # does not decide them all): the other combination once (cached or not), then
                # back to this one, which the cache holds.
                set_filters(at, other, YEARS)
                timed(at)
                set_filters(at, combo, YEARS)
                recording = []
                cached_ms.append(timed(at))
                cached_calls += len(recording)
                recording = None
        out["pages"].append(
            {
                "page": page,
                "switch_ms": switch_ms,
                "default_ms": default_ms,
                "cold_ms": cold_ms,
                "page_ms": page_ms,
                "cached_ms": cached_ms,
                "cached_query_calls": cached_calls,
                "runs": runs,
                "rss_mb": peak_rss_mb(),
                "rss_now_mb": rss_mb(),
            }
        )
        print(f"    {page}: page p50 {sorted(page_ms)[len(page_ms) // 2]:.0f} ms", file=sys.stderr)
    out["process_peak_rss_mb"] = peak_rss_mb()
    out["errors"] = errors
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages")
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--cached-repeats", type=int, default=10)
    parser.add_argument("--default-repeats", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--only", action="append", help="page name part (repeatable); default all")
    args = parser.parse_args(argv)
    result = measure(
        args.db, args.repeats, args.cached_repeats, args.timeout, args.only, args.default_repeats
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
