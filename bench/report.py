"""The benchmark's records, the budgets and the Markdown table."""

from __future__ import annotations

from typing import Any

# Budgets from the issue (2-core machine).
FLOOR_FACTOR, FLOOR_SLACK_MS = 1.3, 100.0  # scale 100: warm p95 <= 1.3 x floor + 100 ms
PANDAS_FACTOR = 5.0  # scale 100: at least 5 x faster than pandas, per page
COLD_START_MS = 3000.0  # scale 100
P95_LARGE_MS = 1000.0  # scale 1000: warm p95 under 1 s
RSS_LARGE_MB = 2048.0  # scale 1000: peak memory under 2 GB
CACHED_MS = 50.0  # any scale: a cached repeat renders in under 50 ms server time


def budgets(pages: list[dict], scales: list[dict]) -> list[dict[str, Any]]:
    """Every budget that applies to the measured scales: what, measured, limit, holds."""
    out: list[dict[str, Any]] = []

    def add(scale, page, what, measured, limit, holds) -> None:
        out.append(
            {
                "scale": scale,
                "page": page,
                "budget": what,
                "measured": None if measured is None else round(measured, 1),
                "limit": None if limit is None else round(limit, 1),
                "holds": bool(holds) if measured is not None else None,
            }
        )

    for r in pages:
        s, p = r["scale"], r["page"]
        if s == 100:
            if r.get("floor_ms") is not None and r.get("page_ms_p95") is not None:
                limit = FLOOR_FACTOR * r["floor_ms"] + FLOOR_SLACK_MS
                add(
                    s,
                    p,
                    "warm p95 <= 1.3 x floor + 100 ms",
                    r["page_ms_p95"],
                    limit,
                    r["page_ms_p95"] <= limit,
                )
            if r.get("pandas_ms") is not None and r.get("page_ms_p95") is not None:
                ratio = r["pandas_ms"] / r["page_ms_p95"]
                add(s, p, "pandas / warm p95 >= 5", ratio, PANDAS_FACTOR, ratio >= PANDAS_FACTOR)
        if s == 1000 and r.get("page_ms_p95") is not None:
            add(s, p, "warm p95 < 1000 ms", r["page_ms_p95"], P95_LARGE_MS, r["page_ms_p95"] < P95_LARGE_MS)
        if r.get("cached_ms_p95") is not None and s in (100, 1000):
            add(
                s,
                p,
                "cached repeat p95 < 50 ms",
                r["cached_ms_p95"],
                CACHED_MS,
                r["cached_ms_p95"] < CACHED_MS,
            )
    for r in scales:
        s = r["scale"]
        if s == 100 and r.get("cold_start_ms") is not None:
            add(
                s,
                None,
                "cold start < 3 s",
                r["cold_start_ms"],
                COLD_START_MS,
                r["cold_start_ms"] < COLD_START_MS,
            )
        if s == 1000 and r.get("peak_rss_mb") is not None:
            add(
                s,
                None,
                "peak server memory < 2 GB",
                r["peak_rss_mb"],
                RSS_LARGE_MB,
                r["peak_rss_mb"] < RSS_LARGE_MB,
            )
    return out


def _f(value: Any, digits: int = 0) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}".replace(",", " ")
    return str(value)


def markdown(result: dict) -> str:
    """The results as Markdown: machine, command, one table per scale, the budgets."""
    m = result["machine"]
    merged = bool(result.get("runs"))
    lines = [
        "" if merged else f"Command: `{result['command']}`  ",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM; Python {m['python']}, "
        f"Streamlit {m['streamlit']}, DuckDB {m['duckdb']}, Polars {m['polars']}, pandas {m['pandas']}; "
        f"load average at start {m['load_avg_at_start']}  ",
    ]
    if not merged:
        lines.append(
            f"Run: {result['started_at']}, {result['elapsed_s']:.0f} s; repeats: {result['repeats']}; "
            f"load average at end {result.get('load_avg_at_end')}; code: commit {result['tree']['commit']} "
            f"with {result['tree']['changed_files']} files changed in the work tree"
        )
    lines.append("")
    if merged:
        lines.append("Runs (the machine's load average is from the first):")
    for run in result.get("runs", []):
        tree = run.get("tree") or {}
        lines.append(
            f"- `{run['command']}`: started {run['started_at']}, repeats {run.get('repeats')}, load average "
            f"at start {(run.get('machine') or {}).get('load_avg_at_start')}, at end "
            f"{run.get('load_avg_at_end')}; commit {tree.get('commit')} with {tree.get('changed_files')} "
            "files changed in the work tree"
        )
    if result.get("runs"):
        lines.append("")
    for sc in result["scales"]:
        built = f"built in {sc['build_s']:.0f} s" if sc.get("build_s") else "reused"
        lines += [
            f"### Scale {sc['scale']:g}: {sc['rows']:,} crisis trajectories".replace(",", " "),
            "",
            f"Data file {sc['file_mb']:.0f} MB ({built}); "
            f"cold start {_f(sc.get('cold_start_ms'))} ms ({sc.get('cold_start_method', '—')}; "
            f"health endpoint after "
            f"{_f(sc.get('health_ms'))} ms); peak server memory {_f(sc.get('peak_rss_mb'))} MB "
            f"(AppTest process {_f(sc.get('apptest_peak_rss_mb'))} MB, real server after a tour of all pages "
            f"{_f(sc.get('server_peak_rss_mb'))} MB); pandas load {_f(sc.get('pandas_load_ms'))} ms, "
            f"pandas process peak {_f(sc.get('pandas_rss_mb'))} MB.",
            "",
            "| page | p50 ms | p95 ms | floor ms | × floor | pandas ms | pandas ÷ p95 | cold ms "
            "| default view ms | cached p50 / p95 ms | RSS MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in [p for p in result["pages"] if p["scale"] == sc["scale"]]:
            ratio = r["pandas_ms"] / r["page_ms_p95"] if r.get("pandas_ms") and r.get("page_ms_p95") else None
            over = r["page_ms_p95"] / r["floor_ms"] if r.get("floor_ms") and r.get("page_ms_p95") else None
            lines.append(
                f"| {r['page']} | {_f(r['page_ms_p50'])} | {_f(r['page_ms_p95'])} | {_f(r['floor_ms'])} | "
                f"{_f(over, 1)} | {_f(r.get('pandas_ms'))} | {_f(ratio, 1)} | {_f(r['cold_ms'])} | "
                f"{_f(r['default_ms_p50'])} | {_f(r['cached_ms_p50'])} / {_f(r['cached_ms_p95'])} | "
                f"{_f(r['rss_mb'])} |"
            )
        lines.append("")
    if result["budgets"]:
        lines += [
            "### Budgets",
            "",
            "| scale | page | budget | measured | limit | holds |",
            "|---|---|---|---:|---:|---|",
        ]
        for b in result["budgets"]:
            holds = {True: "yes", False: "**no**", None: "—"}[b["holds"]]
            lines.append(
                f"| {b['scale']:g} | {b['page'] or 'server'} | {b['budget']} | {_f(b['measured'], 1)} | "
                f"{_f(b['limit'], 1)} | {holds} |"
            )
        lines.append("")
    return "\n".join(lines)


def merge(paths: list[str]) -> dict:
    """Several runs' JSON as one (e.g. scales measured in separate runs); budgets recomputed."""
    import json

    runs = [json.loads(open(p, encoding="utf-8").read()) for p in paths]  # noqa: SIM115 - small files
    merged = {**runs[0], "pages": [], "scales": [], "command": " + ".join(r["command"] for r in runs)}
    merged["elapsed_s"] = sum(r.get("elapsed_s", 0) for r in runs)
    for r in runs:
        merged["pages"] += r["pages"]
        merged["scales"] += r["scales"]
    merged["runs"] = [
        {k: r.get(k) for k in ("command", "started_at", "machine", "tree", "repeats", "load_avg_at_end")}
        for r in runs
    ]
    merged["budgets"] = budgets(merged["pages"], merged["scales"])
    return merged


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.report RUN.json [RUN.json ...] [--json OUT] [--markdown OUT]`: merge and print."""
    import argparse
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m bench.report")
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    args = parser.parse_args(argv)
    merged = merge(args.runs)
    text = markdown(merged)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(merged, indent=1))
    if args.markdown:
        Path(args.markdown).write_text(text)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
