"""`python -m bench [--scales 1,100,1000] [--json PATH] [--markdown PATH]`: the performance benchmark.

For every scale: build (or reuse) the synthetic data file, then in separate processes
1. run every page in AppTest with a filter change (results cache cold, warm, and a cached repeat),
   recording the named queries each run sends to DuckDB;
2. replay those queries on a plain DuckDB cursor (the floor);
3. compute the same indicators with pandas on frames loaded into memory (the baseline);
4. start `streamlit run` and time it until the first page is rendered (cold start), then tour all
   pages and read the real server's peak memory.
It prints a table and which budgets hold, and writes the records as JSON (and Markdown). Budgets
are reported, never asserted: machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from datetime import datetime
from pathlib import Path

from bench import datafiles, report
from bench.common import (
    DATA_DIR,
    OUTPUT_DIR,
    machine,
    median,
    page_name,
    pages,
    percentile,
    rnd,
    run_worker,
    tree_state,
)

WORKER_TIMEOUT_S = 4 * 3600


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_scale(scale: float, args: argparse.Namespace) -> tuple[list[dict], dict]:
    """Measure one scale; returns the page records and the scale record."""
    data = datafiles.ensure(scale, Path(args.data_dir), log=_log)
    db = str(data.path)
    rows = data.rows["crisis_trajectories"]
    _log(f"scale {scale:g}: {rows:,} crisis trajectories, {data.size_mb:.0f} MB")

    # Page by page: one fresh AppTest process runs the page, then its recorded queries are replayed
    # on a plain DuckDB cursor right away, so page and floor see the same load on a shared machine.
    # The recorded calls are kept (bench/output/calls-scale-N.json): `python -m bench.floor --calls`
    # replays them again, e.g. with another query text (`--sql-dir`) or data file, to try a change.
    calls_dir = Path(args.calls_dir or (Path(args.json).parent if args.json else OUTPUT_DIR))
    calls_path = calls_dir / f"calls-scale-{scale:g}.json"
    calls_path.parent.mkdir(parents=True, exist_ok=True)
    measured: dict = {"pages": [], "errors": [], "first_run_ms": [], "process_peak_rss_mb": 0.0}
    floor: dict = {"pages": {}, "peak_rss_mb": 0.0}
    all_calls: dict = {}
    for page in pages():
        if args.only and not any(o in page for o in args.only):
            continue
        _log(f"  {page_name(page)}: page runs (AppTest), then the floor (DuckDB)…")
        page_args = ["--db", db, "--repeats", str(args.repeats), "--cached-repeats", str(args.repeats)]
        page_args += ["--default-repeats", "1" if args.quick else "2", "--only", page]
        one = run_worker("bench.pages", page_args, timeout=WORKER_TIMEOUT_S)
        if "error" in one:
            raise SystemExit(f"page measurement failed at scale {scale:g}: {one['error']}")
        measured["pages"] += one["pages"]
        measured["errors"] += one.get("errors", [])
        measured["first_run_ms"].append(one["first_run_ms"])
        measured["process_peak_rss_mb"] = max(
            measured["process_peak_rss_mb"], one["process_peak_rss_mb"] or 0
        )
        all_calls.update({p["page"]: p["runs"] for p in one["pages"]})
        calls_path.write_text(json.dumps(all_calls))
        replayed = run_worker(
            "bench.floor",
            ["--db", db, "--calls", str(calls_path), "--repeats", str(args.floor_repeats), "--only", page],
            timeout=WORKER_TIMEOUT_S,
        )
        if "error" in replayed:
            raise SystemExit(f"floor measurement failed at scale {scale:g}: {replayed['error']}")
        floor["pages"].update(replayed["pages"])
        floor["peak_rss_mb"] = max(floor["peak_rss_mb"], replayed["peak_rss_mb"] or 0)
    measured["first_run_ms"] = median(measured["first_run_ms"])

    pandas: dict = {}
    if not args.no_pandas and scale <= args.pandas_max_scale:
        _log("  pandas baseline…")
        extra = ["--check"] if scale <= 1 else []
        pandas = run_worker(
            "bench.baseline",
            ["--db", db, "--calls", str(calls_path), "--repeats", str(args.pandas_repeats), *extra],
            timeout=WORKER_TIMEOUT_S,
        )
        if "error" in pandas:
            _log(f"  pandas baseline did not complete: {pandas['error'][-500:]}")

    cold: dict = {}
    if not args.no_cold_start:
        _log("  cold start (streamlit run)…")
        cold = run_worker(
            "bench.coldstart",
            ["--db", db, "--repeats", str(args.cold_repeats), "--tour"],
            timeout=WORKER_TIMEOUT_S,
        )
        if "error" in cold:
            _log(f"  cold start failed: {cold['error'][-500:]}")

    records = []
    for p in measured["pages"]:
        name = page_name(p["page"])
        fl = floor["pages"].get(p["page"], {})
        pd_page = pandas.get("pages", {}).get(name, {})
        calls = [c for run in p["runs"] for c in run["calls"]]
        app_query_ms = [sum(c["app_ms"] for c in run["calls"]) for run in p["runs"]]
        records.append(
            {
                "page": name,
                "scale": scale,
                "rows": rows,
                "page_ms_p50": rnd(median(p["page_ms"])),
                "page_ms_p95": rnd(percentile(p["page_ms"], 95)),
                "floor_ms": rnd(fl.get("floor_ms")),
                "floor_ms_p95": rnd(fl.get("floor_ms_p95")),
                "pandas_ms": rnd(pd_page.get("pandas_ms")),
                "pandas_ms_p95": rnd(pd_page.get("pandas_ms_p95")),
                "rss_mb": rnd(p["rss_mb"]),
                "cold_ms": rnd(p["cold_ms"]),
                "default_ms_p50": rnd(median(p["default_ms"])),
                "cached_ms_p50": rnd(median(p["cached_ms"])),
                "cached_ms_p95": rnd(percentile(p["cached_ms"], 95)),
                "cached_query_calls": p["cached_query_calls"],
                "app_query_ms_p50": rnd(median(app_query_ms)),
                "queries_per_run": len(calls) / max(1, len(p["runs"])),
                "floor_by_query_ms": {k: rnd(v) for k, v in fl.get("queries", {}).items()},
                "pandas_by_indicator_ms": {k: rnd(v) for k, v in pd_page.get("indicators", {}).items()},
                "page_ms_all": [rnd(x) for x in p["page_ms"]],
                "cached_ms_all": [rnd(x) for x in p["cached_ms"]],
            }
        )
    peaks = [
        x for x in (measured.get("process_peak_rss_mb"), cold.get("server_peak_rss_mb")) if x is not None
    ]
    scale_record = {
        "scale": scale,
        "rows": rows,
        "rows_by_table": data.rows,
        "file_mb": rnd(data.size_mb),
        "build_s": rnd(data.build_s),
        "cold_start_ms": rnd(cold.get("cold_start_ms")),
        "cold_start_all_ms": [rnd(x) for x in cold.get("cold_start_all_ms", [])],
        "cold_start_method": cold.get("method"),
        "health_ms": rnd(cold.get("health_ms")),
        "peak_rss_mb": rnd(max(peaks)) if peaks else None,
        "apptest_peak_rss_mb": rnd(measured.get("process_peak_rss_mb")),
        "server_peak_rss_mb": rnd(cold.get("server_peak_rss_mb")),
        "server_tour_ms": {page_name(k): rnd(v) for k, v in cold.get("tour_ms", {}).items()},
        "apptest_first_run_ms": rnd(measured.get("first_run_ms")),
        "page_errors": measured.get("errors", []),
        "pandas_load_ms": rnd(pandas.get("load_ms")),
        "pandas_rss_mb": rnd(pandas.get("peak_rss_mb")),
        "pandas_error": pandas.get("error"),
        "pandas_check": pandas.get("check"),
        "pandas_missing": pandas.get("missing"),
        "floor_process_rss_mb": rnd(floor.get("peak_rss_mb")),
    }
    return records, scale_record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,100,1000", help="comma-separated scales (default 1,100,1000)")
    parser.add_argument("--json", help="write the records here")
    parser.add_argument("--markdown", help="write the tables and budgets here as Markdown")
    parser.add_argument(
        "--data-dir", default=str(DATA_DIR), help=f"where data files are built (default {DATA_DIR})"
    )
    parser.add_argument(
        "--calls-dir",
        default=str(OUTPUT_DIR),
        help=f"where the recorded query calls go (default {OUTPUT_DIR})",
    )
    parser.add_argument("--repeats", type=int, default=20, help="timed page runs per page (default 20)")
    parser.add_argument("--floor-repeats", type=int, default=1, help="replays of each timed run (default 1)")
    parser.add_argument("--pandas-repeats", type=int, default=3, help="pandas runs per view (default 3)")
    parser.add_argument("--cold-repeats", type=int, default=5, help="server starts (default 5)")
    parser.add_argument("--pandas-max-scale", type=float, default=float("inf"), help="skip pandas above this")
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--no-cold-start", action="store_true")
    parser.add_argument("--only", action="append", help="only pages whose file name contains this")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 2 page runs, 1 replay, 1 pandas run, 1 server start",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats, args.floor_repeats, args.pandas_repeats, args.cold_repeats = 2, 1, 1, 1
    scales = [float(s) for s in args.scales.split(",") if s.strip()]

    began = time.perf_counter()
    result = {
        "command": "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv),
        "started_at": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "tree": tree_state(),
        "repeats": {"page": args.repeats, "floor": args.floor_repeats, "pandas": args.pandas_repeats},
        "pages": [],
        "scales": [],
    }
    for scale in scales:
        records, scale_record = bench_scale(scale, args)
        result["pages"] += records
        result["scales"].append(scale_record)
        if args.json:  # keep what is measured so far
            Path(args.json).write_text(json.dumps(result, indent=1))
    result["elapsed_s"] = time.perf_counter() - began
    result["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["budgets"] = report.budgets(result["pages"], result["scales"])
    text = report.markdown(result)
    print(text)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=1))
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
