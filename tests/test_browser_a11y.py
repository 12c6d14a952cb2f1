"""WCAG 2.1 AA in the browser: axe-core's scan on every page and on the HTML report.

Every page of dashboard.py's navigation is opened in Dutch and in English, in its default view and
in a narrowed one (Limburg, 2022–2024), wide and at a phone's 390 pixels, and scanned with axe-core
(bundled by axe-playwright-python) restricted to the WCAG 2.0/2.1 A and AA rules. The regional
report's HTML is scanned the same way. Any violation fails the test, listed by rule, impact,
element and axe's summary. A part of the page is left out of the scan only below, in EXCLUDED, with
the reason beside it.
"""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.browser_server import (
    ROOT,
    AppServer,
    app_server,  # noqa: F401  (fixture)
    browser,  # noqa: F401  (fixture)
    wait_for_app,
)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
axe_base = pytest.importorskip("axe_playwright_python.base", reason="axe-playwright-python is not installed")
expect = sync_api.expect
Browser, Page = sync_api.Browser, sync_api.Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXPECT_MS = 60_000
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe files these under its best practices, not under a WCAG tag, but they are how WCAG 1.3.1 (info
# and relationships) and 2.4.6 (headings) are met here: headings in order, one h1 on each page.
ALSO = ["heading-order", "page-has-heading-one"]
# Left out of the scan, each with why (CSS selectors; axe skips these elements and what is inside).
# None today: what the scan found in Streamlit's own widgets (the tiles' sparklines, a table's
# scrolling box) is repaired in the page (ui/streamlit_internals.A11Y_SCRIPT) rather than left out.
EXCLUDED: dict[str, str] = {}
NARROWED = "regio=LIM&jaar=2022&jaar=2024"
# (name, query string, viewport width)
VIEWS = [("default", "", 1440), ("narrowed", NARROWED, 1440), ("phone", NARROWED, 390)]


def dashboard_pages() -> list[str]:
    """The URL paths of dashboard.py's navigation (its PAGES), read without running Streamlit; the
    first is the default page, which Streamlit serves at '/' (its own path answers 'Page not found')."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PAGES" for t in node.targets):
            paths = [row.elts[2].value for row in node.value.elts]  # type: ignore[attr-defined]
            return ["", *paths[1:]]
    raise AssertionError("dashboard.py has no PAGES")


def scan(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now, EXCLUDED left out."""
    page.evaluate(axe_base.AXE_SCRIPT)
    context = {"include": [["html"]], "exclude": [[selector] for selector in EXCLUDED]}
    options = {
        "runOnly": {"type": "tag", "values": WCAG_AA},
        "rules": {rule: {"enabled": True} for rule in ALSO},
        "resultTypes": ["violations"],
    }
    return page.evaluate("([context, options]) => axe.run(context, options)", [context, options])[
        "violations"
    ]


def describe(violations: list[dict[str, Any]]) -> str:
    """Each violation as a reader can act on it: rule, impact, each element and axe's summary."""
    lines = []
    for rule in violations:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']} [{len(rule['nodes'])} element(s)]")
        for node in rule["nodes"][:8]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}\n      {summary[:300]}")
    return "\n".join(lines)


def open_page(browser: Browser, url: str, width: int) -> Page:  # noqa: F811
    """A page of the app at `width` pixels wide, its script run and its charts drawn."""
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(url)
    wait_for_app(page, EXPECT_MS)
    expect(page.locator("[data-testid='stMain'] h1").first).to_be_visible(timeout=EXPECT_MS)
    # Drawn, not only run: no element still a loading placeholder (on a busy machine Streamlit's
    # components can take seconds to arrive), every chart with its SVG.
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stSkeleton']\")"
        " && [...document.querySelectorAll(\"[data-testid='stVegaLiteChart']\")]"
        ".every(c => c.querySelector('svg, canvas'))",
        timeout=EXPECT_MS,
    )
    wait_for_app(page, EXPECT_MS)
    # A dialog ('Page not found') would be all that axe scans, the page behind it being inert.
    assert not page.locator("[role='dialog']").count(), f"{url} opened a dialog"
    return page


def open_expanders(page: Page) -> None:
    """Open every folded part of the main area (the charts' data tables, the definitions'
    technical details), so that the scan sees them too, and wait until they are drawn."""
    for summary in page.locator("[data-testid='stMain'] [data-testid='stExpander'] summary").all():
        summary.click()
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stSkeleton']\")"
        " && [...document.querySelectorAll(\"[data-testid='stExpander'] details\")].every(d => d.open)",
        timeout=EXPECT_MS,
    )
    page.wait_for_timeout(500)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", dashboard_pages(), ids=lambda p: p or "start")
def test_every_page_passes_the_wcag_aa_scan(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
    path: str,
    lang: str,
) -> None:
    """axe-core finds no WCAG 2.0/2.1 A or AA violation on the page, its folded parts opened, in
    its default view and narrowed to Limburg 2022–2024, on a wide screen and on a phone."""
    found = []
    for name, query, width in VIEWS:
        params = "&".join(p for p in (query, "taal=en" if lang == "en" else "") if p)
        url = f"{app_server.url}/{path}" + (f"?{params}" if params else "")
        page = open_page(browser, url, width)
        try:
            open_expanders(page)
            violations = scan(page)
        finally:
            page.context.close()
        if violations:
            found.append(f"--- {name} view ({width} px): {url}\n{describe(violations)}")
    if found:
        # pytest.fail, not assert: pytest would cut a long assertion message to a few lines.
        pytest.fail("\n".join(found), pytrace=False)


def test_the_html_report_passes_the_wcag_aa_scan(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
) -> None:
    """The regional report's HTML (Limburg, 2022–2024) has no WCAG 2.0/2.1 A or AA violation."""
    from queries.run import connect
    from report.content import build
    from report.html import render_html
    from report.model import ReportRequest, protected_runner

    assert app_server.db is not None
    found = []
    for lang in ("nl", "en"):
        with connect(Path(app_server.db)) as con:
            report = build(
                ReportRequest(2022, 2024, ("LIM",), lang=lang, made_on=date(2026, 12, 1)),
                protected_runner(con, "public"),
            )
        context = browser.new_context(viewport={"width": 1024, "height": 900})
        try:
            page = context.new_page()
            page.set_content(render_html(report), wait_until="load")
            violations = scan(page)
        finally:
            context.close()
        if violations:
            found.append(f"--- report ({lang})\n{describe(violations)}")
    if found:
        # pytest.fail, not assert: pytest would cut a long assertion message to a few lines.
        pytest.fail("\n".join(found), pytrace=False)


# ---------------------------------------------------------------------------------------------
# What the scan cannot see

_BLOCKS = """() => {
  // Each chart: its accessible name and the heading of its block (the h2 above it in the page).
  const heads = [...document.querySelectorAll("[data-testid='stMain'] h2")];
  const headOf = (el) => {
    let found = '';
    for (const h of heads) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = h.innerText.trim();
    }
    return found;
  };
  return {
    charts: [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stVegaLiteChart']")]
      .map(c => ({name: c.getAttribute('aria-label') || '', head: headOf(c)})),
    downloads: [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stDownloadButton'] *")]
      .filter(b => b.tagName === 'BUTTON' && b.checkVisibility())  // a button with help has a hidden twin
      .map(b => ({name: b.textContent.replace(/\\s+/g, ' ').trim(), head: headOf(b)})),
  };
}"""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_chart_has_a_name_a_description_its_table_and_named_downloads(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
    lang: str,
) -> None:
    """On every page (Limburg, 2022–2024): each chart is named by its block's title and described
    by the catalogue's definition (not 'Vega visualization'); its data is one click away as a
    table with column header cells a screen reader meets; each download button's name says the
    format and the chart's title, and no two buttons on a page share a name."""
    from present import catalogue, i18n

    definitions = {item.definition(lang) for item in catalogue.indicators().values()}
    word = i18n.text("chart_word", lang)
    show_table = i18n.text("show_table", lang)
    formats = [i18n.text(k, lang) for k in ("download_csv", "download_xlsx", "download_png", "download_svg")]
    problems: list[str] = []
    checked = 0
    for path in dashboard_pages():
        params = NARROWED + ("&taal=en" if lang == "en" else "")
        page = open_page(browser, f"{app_server.url}/{path}?{params}", 1440)
        try:
            found = page.evaluate(_BLOCKS)
            for chart in found["charts"]:
                checked += 1
                named = f"{word}: {chart['head']}. "
                if not chart["name"].startswith(named) or chart["name"][len(named) :] not in definitions:
                    problems.append(f"/{path}: chart under {chart['head']!r} is named {chart['name'][:90]!r}")
            names = [d["name"] for d in found["downloads"]]
            problems += [
                f"/{path}: two buttons named {n!r}" for n in {n for n in names if names.count(n) > 1}
            ]
            for d in found["downloads"]:
                if d["name"].startswith(tuple(f"⬇ {f} " for f in formats)) and d["head"] not in d["name"]:
                    problems.append(f"/{path}: download {d['name'][:80]!r} does not name {d['head']!r}")
            # One table per chart block, each behind its expander.
            expanders = page.locator("[data-testid='stMain'] [data-testid='stExpander']", has_text=show_table)
            blocks = {c["head"] for c in found["charts"]}
            if expanders.count() != len(blocks):
                problems.append(f"/{path}: {expanders.count()} data tables for {len(blocks)} charts")
            for i in range(expanders.count()):
                expander = expanders.nth(i)
                expander.locator("summary").click()
                # Streamlit's grid draws on a canvas and keeps a table for assistive technology
                # beside it: header cells (columnheader) and rows.
                grid = expander.locator("[data-testid='stDataFrame']")
                expect(grid).to_be_visible(timeout=EXPECT_MS)
                headers = grid.locator("[role='columnheader']")
                expect(headers.first).to_be_attached(timeout=EXPECT_MS)  # drawn a moment after the grid
                if not headers.count() or not grid.locator("[role='row']").count():
                    problems.append(f"/{path}: data table {i + 1} has no column headers or no rows")
        finally:
            page.context.close()
    assert checked >= 12, f"only {checked} charts found"  # 14 on the pages today
    assert not problems, "\n".join(problems)


_FOCUSED = """() => {
  // The focused element, and whether it (or a box around it) shows that it has the focus.
  const e = document.activeElement;
  const shows = (el) => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
    return outline || s.boxShadow !== 'none' || s.borderTopColor === ACCENT;
  };
  let visible = false;
  for (let el = e, i = 0; el && i < 4; el = el.parentElement, i++) visible = visible || shows(el);
  const name = (e.getAttribute('aria-label') || e.textContent || '').replace(/\\s+/g, ' ').trim();
  const where = e.closest("[data-testid='stSidebarNav']") ? 'nav'
    : e.closest("[data-testid='stSidebar']") ? 'sidebar'
    : e.closest("[data-testid='stMain']") ? 'main' : 'other';
  return {tag: e.tagName, name: name.slice(0, 80), where, visible,
          download: !!e.closest("[data-testid='stDownloadButton']")};
}"""
# The theme's accent colour (.streamlit/config.toml primaryColor): a focused field's border.
ACCENT = "rgb(168, 50, 62)"


def test_keyboard_alone_reaches_filters_pages_and_downloads_with_a_visible_focus(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
) -> None:
    """With Tab alone, from the top of Overzicht (Limburg, 2022–2024): every page link, the
    language, each sidebar filter, the pack and report buttons and the charts' downloads take the
    focus, and each focused element shows a focus ring (outline, ring shadow or accent border)."""
    page = open_page(browser, f"{app_server.url}/?{NARROWED}", 1440)
    try:
        seen = []
        for _ in range(160):
            page.keyboard.press("Tab")
            seen.append(page.evaluate(_FOCUSED.replace("ACCENT", repr(ACCENT))))
            if sum(s["download"] for s in seen) >= 8:
                break
    finally:
        page.context.close()
    invisible = [f"{s['tag']} {s['name']!r} ({s['where']})" for s in seen if not s["visible"]]
    assert not invisible, "focus not shown on:\n" + "\n".join(invisible)
    nav = [s for s in seen if s["where"] == "nav" and s["tag"] == "A"]
    assert len(nav) == len(dashboard_pages()), [s["name"] for s in nav]
    sidebar = " | ".join(s["name"] for s in seen if s["where"] == "sidebar")
    for control in ("Nederlands", "IROJ-regio's", "Periode (jaren) — start", "Crisismodules", "Leeftijd"):
        assert control in sidebar, f"Tab never reached {control!r}: {sidebar}"
    main = [s["name"] for s in seen if s["where"] == "main"]
    assert any(n.startswith("⬇ Pakket") for n in main), main
    assert any(n.startswith("⬇ Regiorapport (PDF)") for n in main), main
    assert sum(s["download"] for s in seen) >= 8, main
