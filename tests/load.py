"""Many users at once in real browsers: the driver behind tests/test_load.py and tests/soak.py.

Each simulated user is its own browser context (own cookies, own Streamlit session) in one headless
Chromium, driven concurrently with Playwright's async API. A user opens a deep link carrying its own
filters (a region and a period no other user has), then, until the time is up, alternately switches
page through the sidebar navigation and changes a filter (adds or removes its own crisis module).
After every step it waits until the page has finished rendering (the script run is over and every
chart is drawn) and checks that what it sees is its own view: the caption under the title starts with
its own region, period and module, the region multiselect holds its own region and the link holds its
own parameters. A step that fails, times out or shows another view is recorded, never retried.

Times are measured in the driver, from the click that changes the filter (or page) to the moment the
render is complete, so they include the server's run, the transfer and the browser's drawing.

Run on its own against a running dashboard (`make run` in another shell):

    .venv/bin/python -m tests.load --url http://localhost:8501 --sessions 20 --seconds 45
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from data.schema import MODULES, REGIONS
from present import i18n
from tests.browser_server import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

VIEWPORT = {"width": 1280, "height": 900}
# How often a waiting user looks whether its page has finished (the times are this precise).
POLL_MS = 100
FIRST_YEAR, LAST_YEAR = 2017, 2025

# (URL path, title on the page and in the sidebar navigation)
PAGES: tuple[tuple[str, str], ...] = (
    ("/", "Overzicht"),
    ("/seizoenen", "Seizoenen"),
    ("/verlengingen", "Verlengingen en duur"),
    ("/doorverwijzingen", "Doorverwijzingen"),
    ("/tijdige_start", "Tijdige start"),
    ("/verblijf_na_corona", "Verblijf na corona"),
    ("/definities", "Definities en bronnen"),
)
MODULE_NAMES = [i18n.name(i18n.MODULE_NAMES, m) for m in MODULES]
# Every period of two or more years but the default one (a default period leaves the link).
PERIODS = [
    p for p in itertools.combinations(range(FIRST_YEAR, LAST_YEAR + 1), 2) if p != (FIRST_YEAR, LAST_YEAR)
]
MAX_SESSIONS = len(PERIODS)

MAIN = "[data-testid='stMain']"
SIDEBAR = "[data-testid='stSidebar']"
# The module choice that counts every module (what toggling a module off goes back to).
ALL_MODULES = i18n.name(i18n.MODULE_CHOICE_NAMES, "", "nl")
# Counts the script runs the page has seen (window.__stRuns) and logs the state changes.
RUN_COUNTER_JS = """
document.addEventListener('DOMContentLoaded', () => {
  window.__stRuns = 0; window.__stStates = [];
  const timer = setInterval(() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app) return;
    clearInterval(timer);
    new MutationObserver(() => {
      const state = app.getAttribute('data-test-script-state');
      window.__stStates.push([Math.round(performance.now()), state]);
      if (state === 'running') window.__stRuns += 1;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  }, 5);
});
"""
IDLE_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector("[data-testid='stStatusWidgetRunningIcon']")) return false;
  // Widgets and charts whose code is still loading are drawn as skeletons first.
  if (document.querySelector("[data-testid='stSkeleton'], [data-testid='stSkeletonElement']")) return false;
  return [...document.querySelectorAll("[data-testid='stVegaLiteChart']")]
    .every(c => c.querySelector('canvas, svg'));
}"""


@dataclass(frozen=True)
class Plan:
    """One user's own view: a region and a period no other user has, a module to toggle, a first page."""

    index: int
    region: str
    period: tuple[int, int]
    module: str
    first_page: int

    @property
    def region_name(self) -> str:
        return i18n.name(i18n.REGION_NAMES, self.region)

    @property
    def module_name(self) -> str:
        return i18n.name(i18n.MODULE_NAMES, self.module)

    def query(self, with_module: bool) -> dict[str, list[str]]:
        """The link parameters of this view, as the app writes them."""
        params = {"regio": [self.region], "jaar": [str(y) for y in self.period]}
        if with_module:
            params["module"] = [self.module]
        return params

    def caption(self, with_module: bool) -> re.Pattern[str]:
        """The caption under the title for this view: region · period · [module ·] (no other module)."""
        head = f"{self.region_name} · {self.period[0]}–{self.period[1]} · "
        if with_module:
            return re.compile("^" + re.escape(head + self.module_name + " · "))
        others = "|".join(re.escape(n) for n in MODULE_NAMES)
        return re.compile("^" + re.escape(head) + f"(?!({others}) · )")


def plans(sessions: int) -> list[Plan]:
    """`sessions` users whose (region, period) views are pairwise different."""
    if not 1 <= sessions <= MAX_SESSIONS:
        raise ValueError(f"sessions must be 1..{MAX_SESSIONS} (one distinct period each)")
    regions = list(REGIONS)
    return [
        Plan(
            index=i,
            region=regions[i % len(regions)],
            period=PERIODS[(i * 11) % len(PERIODS)],  # 11 and 35 are coprime: all distinct
            module=MODULES[i % len(MODULES)],
            first_page=i % len(PAGES),
        )
        for i in range(sessions)
    ]


@dataclass
class Record:
    """What one user saw."""

    plan: Plan
    open_ms: list[float] = field(default_factory=list)
    switch_ms: list[float] = field(default_factory=list)
    filter_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    foreign_views: list[str] = field(default_factory=list)
    finished: bool = False
    step: str = "starting"

    @property
    def renders(self) -> int:
        return len(self.open_ms) + len(self.switch_ms) + len(self.filter_ms)


class StepFailed(AssertionError):
    """A step rendered something wrong (an error, another user's view)."""


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The `pct` percentile (nearest rank) of `values`, None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(values: Sequence[float]) -> dict[str, float | int | None]:
    """Count, median, p95 and max of durations in ms (rounded)."""

    def r(v: float | None) -> float | None:
        return None if v is None else round(v)

    return {
        "n": len(values),
        "median_ms": r(statistics.median(values)) if values else None,
        "p95_ms": r(percentile(values, 95)),
        "max_ms": r(max(values)) if values else None,
    }


async def _wait_rendered(
    page, title: str, plan: Plan, with_module: bool, timeout_ms: float, settle_ms: int
) -> float:
    """Wait until `page` shows `title` with this plan's caption and has finished rendering; when."""
    from playwright.async_api import expect

    main = page.locator(MAIN)
    await expect(main.locator("h1").first).to_have_text(title, timeout=timeout_ms)
    caption = main.locator("[data-testid='stCaptionContainer']").first
    await expect(caption).to_have_text(plan.caption(with_module), timeout=timeout_ms)
    # Finished = idle, and still idle with no new run a moment later (a run can follow a run: a
    # rerun the app requests, a widget's late update). The time is taken at the first idle moment.
    while True:
        await page.wait_for_function(IDLE_JS, timeout=timeout_ms, polling=POLL_MS)
        finished = time.perf_counter()
        runs = await page.evaluate("window.__stRuns")
        await page.wait_for_timeout(settle_ms)
        if await page.evaluate(f"({IDLE_JS})()") and await page.evaluate("window.__stRuns") == runs:
            return finished


async def _screenshot(page, name: str) -> None:
    """Keep what a failing user saw (tests/output/screenshots/), best effort."""
    with contextlib.suppress(Exception):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=SCREENSHOTS / f"{name}.png", timeout=10_000)


async def _check_view(page, plan: Plan, with_module: bool, record: Record) -> None:
    """After a render: no error, and everything the user sees is its own view."""
    problems = []
    if await page.locator("[data-testid='stException']").count():
        problems.append("an exception box")
    if await page.get_by_role("dialog").count():
        problems.append(f"a dialog: {await page.get_by_role('dialog').all_inner_texts()}")
    errors = page.locator(f"{MAIN} [data-testid='stAlertContentError']")
    if await errors.count():
        problems.append(f"an error message: {await errors.all_inner_texts()}")
    if problems:
        raise StepFailed("; ".join(problems))
    caption = await page.locator(MAIN).locator("[data-testid='stCaptionContainer']").first.inner_text()
    tags = (
        page.locator(f"{SIDEBAR} [data-testid='stMultiSelect']")
        .filter(has=page.locator("input[role='combobox'][aria-label^='IROJ']"))
        .locator("[data-tag]")
    )
    regions = [await t.get_attribute("aria-label") for t in await tags.all()]
    query = parse_qs(urlsplit(page.url).query)
    foreign = []
    if not plan.caption(with_module).search(caption):
        foreign.append(f"caption {caption[:80]!r}")
    if regions != [plan.region_name]:
        foreign.append(f"regions {regions}")
    if query != plan.query(with_module):
        foreign.append(f"link {query}")
    if foreign:
        record.foreign_views.append(f"user {plan.index}: " + ", ".join(foreign))
        raise StepFailed(f"shows another view: {', '.join(foreign)}")


async def _user(
    browser,
    url: str,
    plan: Plan,
    deadline: float,
    record: Record,
    *,
    open_timeout_ms: float,
    timeout_ms: float,
    settle_ms: int,
    min_cycles: int,
) -> None:
    """One user: open its deep link, then switch pages and toggle its module until the deadline
    (and at least `min_cycles` times: a page switch and a filter change each)."""
    context = await browser.new_context(viewport=VIEWPORT, locale="nl-BE")
    await context.add_init_script(RUN_COUNTER_JS)
    page = await context.new_page()
    page_index, with_module = plan.first_page, False
    record.step = "opening the link"
    try:
        path, title = PAGES[page_index]
        started = time.perf_counter()
        await page.goto(f"{url}{path}?{urlencode(plan.query(False), doseq=True)}", timeout=open_timeout_ms)
        finished = await _wait_rendered(page, title, plan, with_module, open_timeout_ms, settle_ms)
        record.open_ms.append((finished - started) * 1000)
        await _check_view(page, plan, with_module, record)
        cycles = 0
        while time.monotonic() < deadline or cycles < min_cycles:
            cycles += 1
            page_index = (page_index + 1) % len(PAGES)
            path, title = PAGES[page_index]
            record.step = f"switching to {title}"
            nav = page.locator(f"{SIDEBAR} [data-testid='stSidebarNavLink']", has_text=title)
            started = time.perf_counter()
            await nav.click(timeout=timeout_ms)
            finished = await _wait_rendered(page, title, plan, with_module, timeout_ms, settle_ms)
            record.switch_ms.append((finished - started) * 1000)
            await _check_view(page, plan, with_module, record)
            # The module choice is one selectbox: pick the user's module, or "Alle modules" again.
            modules = page.locator(f"{SIDEBAR} input[role='combobox'][aria-label^='Crisismodules']")
            wanted = ALL_MODULES if with_module else plan.module_name
            record.step = f"{'removing' if with_module else 'adding'} {plan.module_name} on {title}"
            await modules.click(timeout=timeout_ms)
            option = page.get_by_role("option", name=wanted, exact=True)
            started = time.perf_counter()
            await option.click(timeout=timeout_ms)
            with_module = not with_module
            finished = await _wait_rendered(page, title, plan, with_module, timeout_ms, settle_ms)
            record.filter_ms.append((finished - started) * 1000)
            await _check_view(page, plan, with_module, record)
        record.finished = True
    except Exception as err:  # every failure is a finding: record it with the step it happened in
        first = (str(err).strip().splitlines() or [""])[0]
        record.failures.append(f"user {plan.index} while {record.step}: {type(err).__name__}: {first[:300]}")
        record.finished = True
        await _screenshot(page, f"load-user-{plan.index}-failed")
    finally:
        await context.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU time of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


async def drive_async(
    url: str,
    sessions: int,
    seconds: float,
    *,
    open_timeout_ms: float = 240_000,
    timeout_ms: float = 120_000,
    limit_s: float = 360,
    settle_ms: int = 300,
    min_cycles: int = 1,
    server_pid: int | None = None,
) -> dict:
    """`sessions` users open their links at once and keep stepping for `seconds` (each at least
    `min_cycles` page switches and filter changes); a report, with where the CPU time went.

    Bounded: a user that has not finished after `limit_s` is stopped and counted as failed (the
    first open may take `open_timeout_ms`, any later step `timeout_ms`).
    """
    from playwright.async_api import async_playwright

    records = [Record(plan) for plan in plans(sessions)]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            server_cpu = cpu_seconds(server_pid) if server_pid else None
            busy, total = machine_cpu()
            load_before = os.getloadavg()[0]
            began = time.monotonic()
            deadline = began + seconds
            users = [
                _user(
                    browser,
                    url,
                    r.plan,
                    deadline,
                    r,
                    open_timeout_ms=open_timeout_ms,
                    timeout_ms=timeout_ms,
                    settle_ms=settle_ms,
                    min_cycles=min_cycles,
                )
                for r in records
            ]
            try:
                await asyncio.wait_for(asyncio.gather(*users), timeout=limit_s)
            except TimeoutError:
                for r in records:
                    if not r.finished:
                        r.failures.append(f"user {r.plan.index} while {r.step}: not done after {limit_s:g} s")
            elapsed = time.monotonic() - began
            busy_after, total_after = machine_cpu()
        finally:
            await browser.close()
    result = report(records, elapsed, seconds)
    result["machine"] = {
        "cpus": os.cpu_count(),
        "busy_pct": round(100 * (busy_after - busy) / max(total_after - total, 1), 1),
        "load_average_before": round(load_before, 1),
        "load_average_after": round(os.getloadavg()[0], 1),
    }
    if server_pid:
        used = cpu_seconds(server_pid) - server_cpu
        result["machine"]["server_cpu_s"] = round(used, 1)
        result["machine"]["server_share_of_one_core_pct"] = round(100 * used / elapsed, 1)
    return result


def report(records: list[Record], elapsed: float, seconds: float) -> dict:
    """The figures of one run, as JSON-ready data."""

    def every(attr: str) -> list:
        return [v for r in records for v in getattr(r, attr)]

    return {
        "sessions": len(records),
        "seconds_planned": seconds,
        "seconds_elapsed": round(elapsed, 1),
        "renders": sum(r.renders for r in records),
        "failed_renders": sum(len(r.failures) for r in records),
        "sessions_without_failure": sum(1 for r in records if not r.failures),
        "foreign_views": every("foreign_views"),
        "failures": every("failures"),
        "first_open": summary(every("open_ms")),
        "page_switch": summary(every("switch_ms")),
        "filter_change": summary(every("filter_ms")),
        "steps_per_user": [len(r.switch_ms) + len(r.filter_ms) for r in records],
    }


def drive(url: str, sessions: int, seconds: float, **kwargs: object) -> dict:
    """Synchronous wrapper around `drive_async`, safe to call where another event loop may exist."""
    from concurrent.futures import ThreadPoolExecutor

    # A fresh thread has no event loop of its own, whatever the caller (e.g. Playwright's sync API
    # in the browser tests' fixtures) has running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, drive_async(url, sessions, seconds, **kwargs)).result()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="base URL of a running dashboard")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--out", help="write the report as JSON here as well")
    args = parser.parse_args(argv)
    result = drive(args.url.rstrip("/"), args.sessions, args.seconds)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0 if result["failed_renders"] == 0 and not result["foreign_views"] else 1


if __name__ == "__main__":
    sys.exit(main())
