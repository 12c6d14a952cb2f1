"""Worker: cold start and the real server's peak memory.

    python -m bench.coldstart --db PATH --repeats N [--tour]

Cold start is timed from starting `streamlit run dashboard.py` (a new process) until the first page
is served: with Chromium available (Debian's /usr/bin/chromium through Playwright, launched before
the clock starts), until the browser shows the overview page's title and the script run behind it
has finished; without it, until `/_stcore/health` answers and the page's HTML has been fetched
(`method` says which). The median of `repeats` starts is reported; the OS page cache is warm after
the first (the data file's pages are not evicted between starts, as on a running server host).

With `--tour` the last server is then taken through every page with the benchmark's filter change
in the link, and its peak resident memory (VmHWM) is read from /proc: the real server's peak.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import APP, COMBOS, ROOT, YEARS, median, pages, peak_rss_mb

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SERVER_TIMEOUT_S = 300.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(db: str, port: int, log) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
    ]  # fmt: skip
    env = {**os.environ, "DASHBOARD_DB": db, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(  # noqa: S603 - our own interpreter and app
        command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
    )


def _wait_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before it answered")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.02)
    raise RuntimeError(f"no answer from {url}/_stcore/health within {SERVER_TIMEOUT_S:.0f} s")


def _wait_rendered(page, title: str | None, timeout_ms: float) -> None:
    """The page's title is shown and the script run behind it has finished."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms
    )
    if title:
        page.wait_for_selector(f"h1:has-text('{title}')", timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stStatusWidgetRunningIcon']", state="detached", timeout=timeout_ms)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def measure(db: str, repeats: int, tour: bool, log_path: Path) -> dict:
    browser = playwright = None
    if CHROMIUM.exists():
        try:
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
        except Exception as err:
            print(f"    no browser ({err}); cold start by HTTP only", file=sys.stderr)
            browser = None
    method = "browser" if browser else "http"
    starts, health, out = [], [], {"method": method}
    try:
        for i in range(repeats):
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            with log_path.open("ab") as log:
                began = time.perf_counter()
                process = _start(db, port, log)
            try:
                _wait_healthy(url, process)
                health.append((time.perf_counter() - began) * 1000)
                if browser:
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    page.goto(url, timeout=SERVER_TIMEOUT_S * 1000)
                    _wait_rendered(page, "Overzicht", SERVER_TIMEOUT_S * 1000)
                else:
                    with urllib.request.urlopen(url, timeout=30) as response:
                        response.read()
                starts.append((time.perf_counter() - began) * 1000)
                out["first_page_rss_mb"] = peak_rss_mb(process.pid)
                if tour and i == repeats - 1:
                    out["tour_ms"] = {}
                    for path in pages():
                        slug = Path(path).stem.replace("_", "-")
                        query = "&".join([f"regio={COMBOS[0][0]}", f"jaar={YEARS[0]}", f"jaar={YEARS[1]}"])
                        t = time.perf_counter()
                        if browser:
                            page.goto(f"{url}/{slug}?{query}", timeout=SERVER_TIMEOUT_S * 1000)
                            _wait_rendered(page, None, SERVER_TIMEOUT_S * 1000)
                        out["tour_ms"][path] = (time.perf_counter() - t) * 1000
                    out["server_peak_rss_mb"] = peak_rss_mb(process.pid)
                if browser:
                    context.close()
            finally:
                _stop(process)
    finally:
        if browser:
            browser.close()
        if playwright:
            playwright.stop()
    out.update(
        {
            "cold_start_ms": median(starts),
            "cold_start_all_ms": starts,
            "health_ms": median(health),
        }
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.coldstart")
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tour", action="store_true")
    parser.add_argument("--log", default=str(ROOT / "bench" / "output" / "server.log"))
    args = parser.parse_args(argv)
    log = Path(args.log)
    log.parent.mkdir(parents=True, exist_ok=True)
    print(json.dumps(measure(args.db, args.repeats, args.tour, log)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
