"""Every page reads in one language: no Dutch words in English mode, no English in Dutch mode.

Each page is opened in a real browser with a region chosen, every table opened (except the
Definities page's folded technical part, which quotes the query headers in English and says so),
and its text read as a reader meets it: headings, tiles, captions, chart text (Vega draws SVG),
buttons, and the column headers of every table. A word that only the other language uses fails
the test, with where it stood.
"""

from __future__ import annotations

import re

import pytest

from tests.browser_server import (
    AppServer,
    app_server,  # noqa: F401  (fixture)
    browser,  # noqa: F401  (fixture)
    wait_for_app,
)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = sync_api.expect
Browser, Page = sync_api.Browser, sync_api.Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXPECT_MS = 60_000
PAGES = [
    "/",
    "/vergelijking",
    "/seizoenen",
    "/verlengingen",
    "/doorverwijzingen",
    "/tijdige_start",
    "/verblijf_na_corona",
    "/tabel",
    "/definities",
]
# Words a reader knows as Dutch and English never uses (and the reverse; "of" is Dutch for "or",
# so it is in neither). Names stay names in both languages (Opgroeien, INSISTO, BINC, the
# provinces), so they are not listed.
DUTCH = {
    "aandeel", "aanmeldingen", "aantal", "binnen", "bij", "buiten", "crisishulp", "dagen",
    "doorverwezen", "een", "gebied", "gegevens", "geen", "gezinnen", "het", "jaar", "kinderen",
    "maand", "minderjarigen", "naar", "niet", "periode", "procentpunt", "tabel", "trajecten",
    "uithuisplaatsing", "van", "voor", "wordt",
}  # fmt: skip
ENGLISH = {
    "and", "area", "bin", "children", "count", "days", "extended", "finished", "median", "none",
    "registered", "share", "source", "started", "step", "target", "the", "trajectories",
    "value", "with", "within", "year",
}  # fmt: skip
# Streamlit's own icon names, written as text and drawn as an icon by its font.
ICONS = {"keyboard", "arrow", "down", "right", "expand", "more", "vert"}

_TEXT = """() => {
  const main = document.querySelector("[data-testid='stMain']").innerText;
  const side = document.querySelector("[data-testid='stSidebar']").innerText;
  const headers = [...document.querySelectorAll("[data-testid='stDataFrame'] [role=columnheader], table th")]
    .map(e => 'kolom ' + e.textContent);
  return [main, side, ...headers].join("\\n");
}"""


def _read(page: Page) -> str:
    for summary in page.locator("[data-testid='stExpander'] summary").all():
        label = summary.inner_text()
        if "Technische details" not in label and "Technical details" not in label:
            summary.click()
    page.wait_for_timeout(1200)
    return page.evaluate(_TEXT)


def _offending(text: str, words: set[str]) -> list[str]:
    found = []
    for line in text.splitlines():
        tokens = {t.lower() for t in re.findall(r"[A-Za-zÀ-ÿ]+", line)} - ICONS
        if tokens & words:
            found.append(f"{sorted(tokens & words)} in {line.strip()[:90]!r}")
    return found


@pytest.mark.parametrize(("lang", "foreign"), [("en", DUTCH), ("nl", ENGLISH)], ids=["english", "dutch"])
def test_every_page_reads_in_one_language(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
    lang: str,
    foreign: set[str],
) -> None:
    """English mode shows no Dutch word and Dutch mode no English word, on every page, in every
    heading, tile, caption, chart, button and table header."""
    page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    problems: list[str] = []
    try:
        for path in PAGES:
            page.goto(
                f"{app_server.url}{path}?regio=LIM&jaar=2019&jaar=2023" + ("&taal=en" if lang == "en" else "")
            )
            wait_for_app(page, EXPECT_MS)
            expect(page.locator("[data-testid='stMain'] h1").first).to_be_visible(timeout=EXPECT_MS)
            page.wait_for_function(
                "() => [...document.querySelectorAll(\"[data-testid='stVegaLiteChart']\")]"
                ".every(c => c.querySelector('svg, canvas'))",
                timeout=EXPECT_MS,
            )
            wait_for_app(page, EXPECT_MS)
            problems += [f"{path}: {p}" for p in _offending(_read(page), foreign)]
    finally:
        page.context.close()
    assert not problems, f"{len(problems)} lines in the other language:\n" + "\n".join(problems[:60])
