"""Worker: the floor: the named queries a page ran, replayed on a plain DuckDB cursor, summed.

    python -m bench.floor --db PATH --calls PATH --repeats N [--sql-dir DIR] [--only PAGE]

`--calls` is the JSON `bench.pages` wrote: per page, per timed run, the queries that reached
DuckDB with their bound parameters. Here each run's queries execute in order, each on a fresh
cursor of one read-only connection, the result read to the end as Arrow; nothing else (no
validation, no Polars, no Streamlit; `cursor.execute`, the cheapest way DuckDB's Python API runs a
bound statement). One pass warms DuckDB's buffer pool, as the page runs had
a warm connection; then every run is replayed `repeats` times. Per page: the median and p95 of
the per-run sums, and each query's median time (which query is the bottleneck).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb

from bench.common import decode, median, peak_rss_mb, percentile
from queries.run import query_sql


def replay(
    db: str, calls: dict, repeats: int, sql_dir: Path | None = None, config: dict | None = None
) -> dict:
    con = duckdb.connect(db, read_only=True, config=config or {})

    def text(call: dict) -> str:
        if sql_dir is not None and (sql_dir / f"{call['name']}.sql").is_file():
            return (sql_dir / f"{call['name']}.sql").read_text(encoding="utf-8")
        return call.get("sql") or query_sql(call["name"])

    def run_once(call: dict) -> float:
        sql = text(call)
        params = {k: decode(v) for k, v in call["params"].items()}
        began = time.perf_counter()
        cur = con.cursor()
        try:
            # As the app runs a query (queries.run._execute, whose import also quiets DuckDB's
            # warning about the copy of Arrow read from an execute() result).
            cur.execute(sql, params).to_arrow_table()
        finally:
            cur.close()
        return (time.perf_counter() - began) * 1000

    out = {}
    for page, runs in calls.items():
        for run in runs:  # warm-up pass
            for call in run["calls"]:
                run_once(call)
        sums, per_query = [], defaultdict(list)
        for _ in range(repeats):
            for run in runs:
                total = 0.0
                for call in run["calls"]:
                    ms = run_once(call)
                    per_query[call["name"]].append(ms)
                    total += ms
                sums.append(total)
        out[page] = {
            "floor_ms": median(sums),
            "floor_ms_p95": percentile(sums, 95),
            "queries": {name: median(v) for name, v in per_query.items()},
            "query_calls": sum(len(r["calls"]) for r in runs) / max(1, len(runs)),
        }
    con.close()
    return {"pages": out, "peak_rss_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.floor")
    parser.add_argument("--db", required=True)
    parser.add_argument("--calls", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sql-dir", type=Path, help="take query texts from here where present")
    parser.add_argument("--only", action="append", help="only pages whose file name contains this")
    parser.add_argument("--memory-limit", help="DuckDB memory_limit for the connection, e.g. 1GB")
    args = parser.parse_args(argv)
    with open(args.calls, encoding="utf-8") as fh:
        calls = json.load(fh)
    if args.only:
        calls = {page: runs for page, runs in calls.items() if any(o in page for o in args.only)}
    config = {"memory_limit": args.memory_limit} if args.memory_limit else None
    print(json.dumps(replay(args.db, calls, args.repeats, args.sql_dir, config)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
