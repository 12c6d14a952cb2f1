"""Fixtures for the browser tests: the app served on a free port, and Debian's Chromium driven by Playwright.

One server and one browser per test session. The server reads its own synthetic default, built into a
temporary folder, and writes its output to `server.log` beside it (one per run: others may run the
tests in the same tree at the same time); at the end that log must hold no traceback. Playwright never
downloads a browser: it launches `/usr/bin/chromium`, and the tests are skipped with a clear reason
when that is missing (CI installs it in `.ci/run`).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from data import synth

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "output"
SCREENSHOTS = OUTPUT / "screenshots"

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google services, which a closed
# network answers slowly or not at all.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Containers often have a tiny /dev/shm; Chromium then crashes tabs unless it uses /tmp instead.
    "--disable-dev-shm-usage",
]
HEALTH_TIMEOUT_S = 60.0
# One app run (a page with its queries and charts) on a slow 2-core machine stays well under this.
RUN_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class AppServer:
    """A running dashboard: its base URL (no trailing slash), the file its output goes to, its pid."""

    url: str
    log: Path
    pid: int = 0
    db: Path | None = None  # the data file it serves (tests work out expected figures from it)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(log: Path, lines: int = 60) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The app stopped (exit {process.returncode}) before it answered.\n{_log_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    pytest.fail(
        f"The app did not answer {url}/_stcore/health within {HEALTH_TIMEOUT_S:.0f} s.\n{_log_tail(log)}"
    )


def log_tracebacks(log: Path, since: int = 0) -> str:
    """The part of a server log from byte `since` on if it holds a traceback, else ''."""
    with log.open("rb") as fh:
        fh.seek(since)
        text = fh.read().decode("utf-8", errors="replace")
    return text if "Traceback" in text else ""


@contextlib.contextmanager
def serve(
    db: Path, log: Path, *, script: str = "dashboard.py", env: Mapping[str, str] | None = None
) -> Iterator[AppServer]:
    """Run `streamlit run script` (from the project root, so with .streamlit/config.toml) over `db`.

    The server listens on a free loopback port and writes its output to `log`; it is stopped when
    the block ends. Several may run at once (the load, swap and fault tests each start their own).
    """
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    full_env = {**os.environ, "DASHBOARD_DB": str(db), "PYTHONUNBUFFERED": "1", **(env or {})}
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        # Others edit the tree while the tests run: no reruns or reloads because a file changed.
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
    ]  # fmt: skip
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(url, process, log)
        yield AppServer(url=url, log=log, pid=process.pid, db=db)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


class _Shared:
    """One server and one browser per test process, however many modules import the fixtures.

    pytest makes a separate session fixture of each module's import of `app_server` or `browser`;
    Playwright's sync API cannot run twice in one thread, and one server is enough. Each fixture
    instance takes a reference; the last one to finish stops the server or the browser.
    """

    server: AppServer | None = None
    server_users = 0
    playwright: object | None = None
    browser: Browser | None = None
    browser_users = 0


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The dashboard on a free local port over its own synthetic default; its log must hold no traceback."""
    if _Shared.server is not None:
        _Shared.server_users += 1
        try:
            yield _Shared.server
        finally:
            _Shared.server_users -= 1
        return
    folder = tmp_path_factory.mktemp("browser-app")
    db, log = folder / "crisishulp.duckdb", folder / "server.log"
    synth.build(db)
    with serve(db, log) as server:
        _Shared.server, _Shared.server_users = server, 1
        try:
            yield server
        finally:
            _Shared.server_users -= 1
        # Session fixtures end in the reverse order of their start: the owner ends last.
        _Shared.server = None
    output = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in output, f"The app logged a traceback (full log: {log}):\n{output[-6000:]}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once for the session."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`; CI does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if _Shared.browser is None:
        playwright = sync_api.sync_playwright().start()
        try:
            _Shared.browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
        except BaseException:
            playwright.stop()
            raise
        _Shared.playwright = playwright
    _Shared.browser_users += 1
    try:
        yield _Shared.browser
    finally:
        _Shared.browser_users -= 1
        if _Shared.browser_users == 0:
            browser, playwright = _Shared.browser, _Shared.playwright
            _Shared.browser = _Shared.playwright = None
            try:
                browser.close()
            finally:
                playwright.stop()  # type: ignore[attr-defined]


def wait_for_app(page: Page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Wait until the app is connected and its script has finished running (no 'Running' indicator)."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms
    )
    # A rerun can be requested just after a run ended (a widget change, a page switch): require the
    # idle state twice, a moment apart, before the page counts as settled.
    for _ in range(2):
        page.wait_for_selector(
            "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms
        )
        page.wait_for_selector(
            "[data-testid='stStatusWidgetRunningIcon']", state="detached", timeout=timeout_ms
        )
        page.wait_for_timeout(250)


def page_slug(path: str) -> str:
    """A file-name-safe name for a page path ('/tijdige-start' -> 'tijdige-start', '/' -> 'root')."""
    return re.sub(r"[^a-z0-9-]+", "-", path.strip("/").lower()) or "root"
