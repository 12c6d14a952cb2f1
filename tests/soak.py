"""Soak: the server's memory over a long run of varied filter combinations stays flat.

Starts the real dashboard (its own synthetic data file, scale 1 unless --scale) and lets a few browser
users open one random view after another for --minutes: a random page with random regions, period,
modules, age bands and language, each as a fresh link (a new Streamlit session, the previous one
disconnected). That fills the result cache far past its bound (1024 entries) and churns sessions.
Every few seconds it samples the server's resident memory (VmRSS), and from the server's own metrics
endpoint the result cache's size, its evictions and the number of live sessions.

The verdict compares the second half of the run with its end: after warm-up (caches full, sessions at
their steady number) memory must not keep growing. Limit: less than 15 % and 60 MB growth from the
median of the second quarter to the median of the last quarter.

    .venv/bin/python -m tests.soak --minutes 20 --users 4 --out tests/output/soak.json

Prints a summary and writes the samples as JSON; exits 1 when memory grew or a page failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from data import synth
from data.schema import AGE_BANDS, MODULES, REGIONS
from tests.browser_server import CHROMIUM, CHROMIUM_ARGS, serve
from tests.load import IDLE_JS, PAGES, RUN_COUNTER_JS

GROWTH_LIMIT_PCT = 15.0
GROWTH_LIMIT_MB = 60.0
SAMPLE_EVERY_S = 5.0


def rss_mb(pid: int) -> float:
    """Resident memory of a process (VmRSS) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def server_metrics(url: str) -> dict[str, float]:
    """Result-cache bytes and evictions, and live sessions, from /_stcore/metrics."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as response:
        text = response.read().decode()
    out: dict[str, float] = {}
    for name, pattern in {
        "cache_bytes": r'^cache_memory_bytes\{[^}]*cache="ui\.data\._run_cached"[^}]*\} (\S+)',
        "cache_evictions": r'^cache_evictions_total\{[^}]*cache="ui\.data\._run_cached"[^}]*\} (\S+)',
        "active_sessions": r"^active_sessions(?:\{[^}]*\})? (\S+)",
    }.items():
        values = [float(v) for v in re.findall(pattern, text, flags=re.MULTILINE)]
        out[name] = sum(values) if values else 0.0
    return out


def random_link(rng: random.Random) -> str:
    """A random page with a random combination of every filter."""
    path, _ = rng.choice(PAGES)
    years = sorted(rng.sample(range(2017, 2026), 2))
    params = {
        "regio": rng.sample(list(REGIONS), rng.randint(0, 3)),
        "jaar": [str(y) for y in years],
        "module": rng.sample(list(MODULES), rng.randint(0, 2)),
        "leeftijd": rng.sample(list(AGE_BANDS), rng.randint(0, 2)),
    }
    if rng.random() < 0.2:
        params["taal"] = ["en"]
    return f"{path}?{urlencode({k: v for k, v in params.items() if v}, doseq=True)}"


async def _user(browser, url: str, seed: int, deadline: float, result: dict) -> None:
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.add_init_script(RUN_COUNTER_JS)
    page = await context.new_page()
    try:
        while time.monotonic() < deadline:
            link = random_link(rng)
            try:
                await page.goto(url + link, timeout=120_000)
                await page.wait_for_function(IDLE_JS, timeout=120_000, polling=100)
                await page.wait_for_timeout(300)
                await page.wait_for_function(IDLE_JS, timeout=120_000, polling=100)
                if await page.locator("[data-testid='stException']").count():
                    result["failures"].append(f"{link}: exception box")
                result["pages"] += 1
            except Exception as err:  # a failed page is a finding; go on with the next one
                result["failures"].append(f"{link}: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
    finally:
        await context.close()


async def _drive(url: str, users: int, seconds: float, result: dict) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            deadline = time.monotonic() + seconds
            await asyncio.gather(*(_user(browser, url, 712 + i, deadline, result) for i in range(users)))
        finally:
            await browser.close()


def verdict(samples: list[dict]) -> dict:
    """Growth from the second quarter to the last quarter of the run (medians of RSS)."""
    n = len(samples)
    quarter = max(1, n // 4)
    second = [s["rss_mb"] for s in samples[quarter : 2 * quarter]] or [samples[0]["rss_mb"]]
    last = [s["rss_mb"] for s in samples[-quarter:]]
    base, end = statistics.median(second), statistics.median(last)
    growth_mb = end - base
    growth_pct = 100 * growth_mb / base
    # Least-squares slope of RSS over the second half (after warm-up), in MB per hour.
    half = samples[n // 2 :]
    xs, ys = [s["t_s"] for s in half], [s["rss_mb"] for s in half]
    slope = 0.0
    if len(half) > 2 and max(xs) > min(xs):
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return {
        "slope_second_half_mb_per_hour": round(slope * 3600, 1),
        "rss_start_mb": round(samples[0]["rss_mb"], 1),
        "rss_second_quarter_median_mb": round(base, 1),
        "rss_last_quarter_median_mb": round(end, 1),
        "rss_max_mb": round(max(s["rss_mb"] for s in samples), 1),
        "growth_mb": round(growth_mb, 1),
        "growth_pct": round(growth_pct, 1),
        "flat": growth_pct < GROWTH_LIMIT_PCT and growth_mb < GROWTH_LIMIT_MB,
    }


def soak(minutes: float, users: int, scale: float) -> dict:
    """Run the soak; the report as JSON-ready data."""
    with tempfile.TemporaryDirectory(prefix="soak-") as folder:
        db, log = Path(folder) / "crisishulp.duckdb", Path(folder) / "server.log"
        synth.build(db, scale=scale)
        result: dict = {"pages": 0, "failures": []}
        samples: list[dict] = []
        with serve(db, log) as server:
            stop = threading.Event()
            began = time.monotonic()

            def sample() -> None:
                while not stop.is_set():
                    entry = {
                        "t_s": round(time.monotonic() - began, 1),
                        "rss_mb": round(rss_mb(server.pid), 1),
                    }
                    with contextlib.suppress(OSError):
                        entry |= server_metrics(server.url)
                    entry["pages"] = result["pages"]
                    samples.append(entry)
                    stop.wait(SAMPLE_EVERY_S)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            try:
                with ThreadPoolExecutor(max_workers=1) as pool:
                    pool.submit(asyncio.run, _drive(server.url, users, minutes * 60, result)).result()
            finally:
                stop.set()
                sampler.join(timeout=30)
            tracebacks = log.read_text(encoding="utf-8", errors="replace").count("Traceback")
    report = {
        "minutes": minutes,
        "users": users,
        "scale": scale,
        "pages_rendered": result["pages"],
        "failed_pages": len(result["failures"]),
        "failures": result["failures"][:20],
        "tracebacks_in_log": tracebacks,
        "cache_evictions": samples[-1].get("cache_evictions", 0) if samples else 0,
        "cache_bytes_end": samples[-1].get("cache_bytes", 0) if samples else 0,
        "memory": verdict(samples) if samples else {},
        "samples": samples,
    }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=20)
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", default="tests/output/soak.json")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing", file=sys.stderr)
        return 2
    report = soak(args.minutes, args.users, args.scale)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    memory = report["memory"]
    cache_mb = report["cache_bytes_end"] / 1e6
    print(
        f"{report['pages_rendered']} pages in {args.minutes:g} min with {args.users} users "
        f"({report['failed_pages']} failed, {report['tracebacks_in_log']} tracebacks); "
        f"result cache: {report['cache_evictions']:.0f} evictions, {cache_mb:.1f} MB at the end"
    )
    print(
        f"server RSS: start {memory['rss_start_mb']} MB, "
        f"2nd quarter {memory['rss_second_quarter_median_mb']} MB, "
        f"last quarter {memory['rss_last_quarter_median_mb']} MB, max {memory['rss_max_mb']} MB; "
        f"growth {memory['growth_mb']} MB ({memory['growth_pct']} %), "
        f"trend over the second half {memory['slope_second_half_mb_per_hour']} MB/h: "
        + ("flat" if memory["flat"] else "GROWING")
    )
    print(f"samples: {out}")
    ok = memory.get("flat") and report["failed_pages"] == 0 and report["tracebacks_in_log"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
