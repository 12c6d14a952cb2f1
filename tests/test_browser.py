"""End-to-end tests in a real browser: Playwright for Python driving Debian's Chromium.

One app server and one browser for the whole module (fixtures in tests/browser_server.py). Each test
opens pages as a user would and checks what a user would see: titles, the synthetic-data banner,
filters carried in the URL, a shared link reopening the same view, downloads. A screenshot of every
page is saved under tests/output/screenshots/.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser_server import (
    SCREENSHOTS,
    AppServer,
    app_server,  # noqa: F401  (fixture)
    browser,  # noqa: F401  (fixture)
    page_slug,
    wait_for_app,
)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = sync_api.expect
Browser, BrowserContext, Page = sync_api.Browser, sync_api.BrowserContext, sync_api.Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORT = {"width": 1400, "height": 1000}
EXPECT_MS = 60_000  # how long an expectation may wait for the app to rerun on a slow machine

# A deep link comes first: on a freshly started server Streamlit begins in its legacy `pages/` mode,
# and the first page a session opens must still be routed through dashboard.py (with the filters).
PAGES = [
    ("/seizoenen", "Seizoenen"),
    ("/", "Overzicht"),  # the default page lives at the root
    ("/vergelijking", "Regio's vergelijken"),
    ("/verlengingen", "Verlengingen en duur"),
    ("/doorverwijzingen", "Doorverwijzingen"),
    ("/tijdige_start", "Tijdige start"),
    ("/verblijf_na_corona", "Verblijf na corona"),
    ("/vraag", "Parlementaire vraag"),
    ("/tabel", "Eigen tabel"),
    ("/definities", "Definities en bronnen"),
]
ENGLISH_TITLES = [
    "Overview",
    "Compare regions",
    "Seasons",
    "Extensions and duration",
    "Referrals",
    "Timely start",
    "Residential stay after corona",
    "Parliamentary question",
    "Your own table",
    "Definitions and sources",
    "Accessibility",
]
BANNER = "Synthetische gegevens"
BAD_URL_NOTICE = "bestaan"  # "De link bevatte waarden die niet bestaan (…)"
UTF8_BOM = b"\xef\xbb\xbf"


# --- fixtures and helpers -------------------------------------------------------------------------


def _new_context(browser: Browser) -> BrowserContext:  # noqa: F811
    return browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="nl-BE")


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    """One tab reused by the tests of this module (each test starts with its own page load)."""
    context = _new_context(browser)
    try:
        yield context.new_page()
    finally:
        context.close()


def _open(page: Page, server: AppServer, path: str) -> None:
    page.goto(server.url + path)
    wait_for_app(page)


def _log_size(server: AppServer) -> int:
    return server.log.stat().st_size


def _assert_no_new_traceback(server: AppServer, since: int, where: str) -> None:
    with server.log.open("rb") as log:
        log.seek(since)
        new = log.read().decode("utf-8", errors="replace")
    assert "Traceback" not in new, f"The server logged a traceback while {where}:\n{new[-4000:]}"


def _main(page: Page):
    return page.locator("[data-testid='stMain']")


def _alerts(page: Page):
    return _main(page).locator("[data-testid='stAlert']")


def _caption(page: Page):
    """The line under the title that describes the view (areas · period · mode · data version)."""
    return _main(page).locator("[data-testid='stCaptionContainer']").first


def _region_select(page: Page):
    """The sidebar's region multiselect (labelled "IROJ-regio's", in English "IROJ regions")."""
    return page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
        has=page.locator("input[role='combobox'][aria-label^='IROJ']")
    )


def _selected(multiselect) -> list[str]:
    return [tag.get_attribute("aria-label") or "" for tag in multiselect.locator("[data-tag]").all()]


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def _view(page: Page) -> dict[str, object]:
    """What a reader sees of the current view: title, caption line, selected regions, period, figures."""
    return {
        "title": _main(page).locator("h1").first.inner_text(),
        "caption": _caption(page).inner_text(),
        "regions": _selected(_region_select(page)),
        "period": [
            e.get_attribute("aria-valuetext")
            for e in page.locator(
                "[data-testid='stSidebar'] [data-testid='stSlider'] input[type='range']"
            ).all()
        ],
        "figures": _main(page).locator("[data-testid='stMetricValue']").all_inner_texts(),
    }


def _settled_view(page: Page, expected: dict[str, object]) -> dict[str, object]:
    """The view once it stops changing: a fresh session's first page can take a second run (the
    link routed through the dashboard), and its tiles and sidebar arrive over both. Retries like
    Playwright's own expectations until the view equals `expected` or the time is up."""
    deadline = time.monotonic() + EXPECT_MS / 1000
    view = _view(page)
    while view != expected and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        wait_for_app(page)
        view = _view(page)
    return view


def _stable_view(page: Page) -> dict[str, object]:
    """The view once two reads a moment apart agree (nothing still arriving)."""
    deadline = time.monotonic() + EXPECT_MS / 1000
    before, view = None, _view(page)
    while view != before and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        wait_for_app(page)
        before, view = view, _view(page)
    return view


def _wait_for_charts(page: Page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"[data-testid='stVegaLiteChart']\")]"
        ".every(c => c.querySelector('canvas, svg'))",
        timeout=EXPECT_MS,
    )


def _screenshot(page: Page, name: str) -> None:
    """The whole page: the main area scrolls inside the app, so the viewport grows to fit it first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # A page whose charts do not draw still gets its screenshot; the test then says what is wrong.
    with contextlib.suppress(sync_api.TimeoutError):
        _wait_for_charts(page)
    height = page.evaluate(
        "() => Math.max(...[\"[data-testid='stMain']\", \"[data-testid='stSidebarContent']\"]"
        ".map(s => document.querySelector(s)?.scrollHeight ?? 0))"
    )
    page.set_viewport_size(
        {"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], min(height, 12_000))}
    )
    try:
        page.wait_for_timeout(300)  # let charts re-lay out in the taller viewport
        page.screenshot(path=SCREENSHOTS / f"{name}.png")
    finally:
        page.set_viewport_size(VIEWPORT)


# --- tests ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "title"), PAGES, ids=[page_slug(p) for p, _ in PAGES])
def test_every_page_opens_with_title_and_banner(
    page: Page,
    app_server: AppServer,  # noqa: F811
    path: str,
    title: str,
) -> None:
    """Every page opens at its own URL without an error box or dialog, with its title and the banner."""
    since = _log_size(app_server)
    _open(page, app_server, path)
    _screenshot(page, "index" if path == "/" else page_slug(path))  # first, so a failing page has one too

    assert page.locator("[data-testid='stException']").count() == 0, (
        f"{path} shows an exception:\n"
        + "\n".join(page.locator("[data-testid='stException']").all_inner_texts())
    )
    dialogs = page.get_by_role("dialog")
    assert dialogs.count() == 0, f"{path} opens with a dialog: {dialogs.all_inner_texts()}"
    assert urlsplit(page.url).path == path, f"{path} was redirected to {page.url}"
    expect(_main(page).locator("h1").first).to_have_text(title)
    expect(_alerts(page).filter(has_text=BANNER)).to_have_count(1)
    expect(_alerts(page).filter(has_text=BAD_URL_NOTICE)).to_have_count(0)
    expect(_region_select(page)).to_be_visible()  # the page ran inside dashboard.py, with the filters
    _assert_no_new_traceback(app_server, since, f"opening {path}")


def test_filter_is_kept_in_url_and_shared_link_reopens_same_view(
    browser: Browser,  # noqa: F811
    page: Page,
    app_server: AppServer,  # noqa: F811
) -> None:
    """Choosing a region puts regio=ANT in the URL, a page switch keeps it, the link reopens that view."""
    problems: list[str] = []
    _open(page, app_server, "/seizoenen")
    regions = _region_select(page)
    regions.locator("input[role='combobox']").click()
    page.get_by_role("option", name="Antwerpen", exact=True).click()
    page.keyboard.press("Escape")
    expect(_caption(page)).to_contain_text("Antwerpen", timeout=EXPECT_MS)  # the page reran with the filter
    wait_for_app(page)
    if _query(page.url).get("regio") != ["ANT"]:
        problems.append(f"after choosing Antwerpen the URL is {page.url} (expected regio=ANT)")

    page.locator("[data-testid='stSidebarNavLink']", has_text="Overzicht").click()
    expect(_main(page).locator("h1").first).to_have_text("Overzicht", timeout=EXPECT_MS)
    wait_for_app(page)
    expect(_caption(page)).to_contain_text("Antwerpen")
    if _query(page.url).get("regio") != ["ANT"]:
        problems.append(f"after switching to Overzicht the URL is {page.url} (expected regio=ANT)")
    shared_link = page.url
    seen = _stable_view(page)
    assert seen["regions"] == ["Antwerpen"], seen
    assert seen["figures"], "Overzicht shows no figures (stMetric) to compare"

    fresh = _new_context(browser)
    try:
        other = fresh.new_page()
        _open(other, app_server, shared_link.removeprefix(app_server.url))
        reopened = _settled_view(other, seen)
        notices = _alerts(other).filter(has_text=BAD_URL_NOTICE).all_inner_texts()
        exceptions = other.locator("[data-testid='stException']").count()
    finally:
        fresh.close()
    if reopened != seen:
        problems.append(
            f"the link {shared_link} reopens a different view:\n  was    {seen}\n  is now {reopened}"
        )
    if notices:
        problems.append(f"the link {shared_link} reopens with a notice that values do not exist: {notices}")
    if exceptions:
        problems.append(f"the link {shared_link} reopens with an exception box")
    assert not problems, "\n".join(problems)


def test_bad_url_values_open_defaults_with_notice(
    page: Page,
    app_server: AppServer,  # noqa: F811
) -> None:
    """A link with values that do not exist opens the default view with a notice, not an error."""
    _open(page, app_server, "/")
    default = _stable_view(page)

    since = _log_size(app_server)
    _open(page, app_server, "/?regio=XXX&jaar=abc")
    assert page.locator("[data-testid='stException']").count() == 0
    notice = _alerts(page).filter(has_text=BAD_URL_NOTICE)
    expect(notice).to_have_count(1)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("XXX")
    assert _settled_view(page, default) == default
    assert default["regions"] == [] and default["period"] == ["2017", "2025"], default
    _assert_no_new_traceback(app_server, since, "opening a link with bad values")


def test_csv_download_is_belgian_excel_csv(
    page: Page,
    app_server: AppServer,  # noqa: F811
) -> None:
    """A chart's CSV download starts with the UTF-8 BOM, is ;-separated, opens with its header block
    (title, selection, period, source, ...; then a blank line) and has a header row."""
    _open(page, app_server, "/seizoenen")
    button = _main(page).locator("[data-testid='stDownloadButton']", has_text="⬇ CSV").first
    expect(button).to_be_visible()
    with page.expect_download(timeout=EXPECT_MS) as download_info:
        button.locator("button").click()
    download = download_info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    body = download.path().read_bytes()

    assert body.startswith(UTF8_BOM), body[:20]
    rows = list(csv.reader(io.StringIO(body[len(UTF8_BOM) :].decode("utf-8")), delimiter=";"))
    assert [] in rows, "no blank line after the header block"
    block, table = rows[: rows.index([])], rows[rows.index([]) + 1 :]
    assert ["Periode", "2017–2025"] in block, block
    # the link reopens this page on this server (the default view: no parameters)
    assert any(r[:1] == ["Link"] and re.fullmatch(r"https?://[^/]+/seizoenen", r[1]) for r in block), block
    assert download.suggested_filename.startswith("seizoenen_"), download.suggested_filename
    header, data = table[0], table[1:]
    assert len(header) >= 2, f"header is not ;-separated: {header}"
    numeric = [name for name in header if name.strip().lstrip("-").replace(",", "").isdigit()]
    assert all(name.strip() for name in header) and not numeric, f"first row is not a header: {header}"
    assert data, "the CSV has a header but no rows"
    assert all(len(row) == len(header) for row in data), "rows and header differ in their number of fields"
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0


def test_english_switch_shows_english_titles(
    page: Page,
    app_server: AppServer,  # noqa: F811
) -> None:
    """With ?taal=en the page title and the navigation show the English page titles."""
    _open(page, app_server, "/?taal=en")
    expect(_main(page).locator("h1").first).to_have_text("Overview")
    nav = page.locator("[data-testid='stSidebarNavLink']")
    assert [text.split("\n")[-1].strip() for text in nav.all_inner_texts()] == ENGLISH_TITLES
    expect(_alerts(page).filter(has_text="Synthetic data")).to_have_count(1)

    _open(page, app_server, "/seizoenen?taal=en")
    expect(_main(page).locator("h1").first).to_have_text("Seasons")
    assert _query(page.url).get("taal") == ["en"], page.url


def test_language_switch_then_page_switch_keeps_every_filter(
    page: Page,
    app_server: AppServer,  # noqa: F811
) -> None:
    """A policy officer with Limburg, 2022–2024, the ambulatory modules and 12–14 year olds chosen
    switches to English and then opens another page: every filter is still there, in English, and
    the document's language and title are English too."""
    _open(page, app_server, "/verlengingen?regio=LIM&jaar=2022&jaar=2024&module=ambulant&leeftijd=12-14")
    expect(_caption(page)).to_contain_text("Limburg · 2022–2024")
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    expect(_main(page).locator("h1").first).to_have_text("Extensions and duration", timeout=EXPECT_MS)
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNavLink']", has_text="Referrals").click()
    expect(_main(page).locator("h1").first).to_have_text("Referrals", timeout=EXPECT_MS)
    wait_for_app(page)
    query = _query(page.url)
    assert (query.get("regio"), query.get("jaar"), query.get("module"), query.get("leeftijd")) == (
        ["LIM"],
        ["2022", "2024"],
        ["ambulant"],
        ["12-14"],
    ), page.url
    caption = _caption(page).inner_text()
    for words in ("Limburg", "2022–2024", "Ambulatory modules", "12-14 years"):
        assert words in caption, caption
    sidebar = page.locator("[data-testid='stSidebar']")
    boxes = sidebar.locator("[data-testid='stSelectbox'] input[role='combobox']")
    expect(boxes.first).to_have_value("Ambulatory modules")
    expect(boxes.nth(1)).to_have_value("12-14 years")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title().startswith("Referrals") or "Youth-care crisis help" in page.title(), page.title()


def test_iroj_meeting_compares_two_regions_side_by_side(
    page: Page,
    app_server: AppServer,  # noqa: F811
) -> None:
    """An IROJ meeting picks its region and a neighbour on the projector: the overview shows a row
    of key figures for Flanders, one for each region, never the two added together; the module
    choice is one list (all, a group or one module) and choosing the ambulatory group keeps the
    regions side by side."""
    _open(page, app_server, "/?regio=LIM&regio=VBR&jaar=2022&jaar=2024")
    headings = _main(page).locator("[data-testid='stMarkdownContainer'] strong").all_inner_texts()
    assert {"Vlaanderen", "Limburg", "Vlaams-Brabant"} <= set(headings), headings
    assert not [h for h in headings if "Limburg, Vlaams-Brabant" in h or "+" in h], headings
    tiles = _main(page).locator("[data-testid='stMetric']").count()
    modules = page.locator("[data-testid='stSidebar'] input[role='combobox'][aria-label^='Crisismodules']")
    modules.click()
    options = page.get_by_role("option").all_inner_texts()
    assert options[:3] == ["Alle modules", "Ambulante modules", "Residentiële modules"], options
    page.get_by_role("option", name="Ambulante modules", exact=True).click()
    expect(_caption(page)).to_contain_text("Ambulante modules", timeout=EXPECT_MS)
    wait_for_app(page)
    assert _query(page.url).get("module") == ["ambulant"], page.url
    assert _main(page).locator("[data-testid='stMetric']").count() == tiles  # still three areas


def test_a_federation_reads_what_a_tile_counts_and_takes_the_definitions(
    page: Page,
    app_server: AppServer,  # noqa: F811
) -> None:
    """A federation preparing a position paper: the tile says which modules it counts, its help
    icon gives the definition and the source, and the Definities page's CSV carries every
    indicator's definition (in English with ?taal=en)."""
    _open(page, app_server, "/?regio=LIM")
    label = "Doorverwezen binnen Opgroeien (ambulante modules)"
    tile = _main(page).locator("[class*='st-key-tile-']").filter(has_text=label).first
    expect(tile).to_be_visible()
    tile.locator("[data-testid='stTooltipIcon'], [data-testid='stTooltipHoverTarget']").first.hover()
    tooltip = page.locator("[data-testid='stTooltipContent']").first
    expect(tooltip).to_contain_text("afgesloten trajecten van de ambulante modules", timeout=EXPECT_MS)
    expect(tooltip).to_contain_text("Bron: BINC")

    _open(page, app_server, "/definities?taal=en")
    button = _main(page).locator("[data-testid='stDownloadButton']", has_text="⬇ CSV").first
    with page.expect_download(timeout=EXPECT_MS) as download_info:
        button.locator("button").click()
    body = download_info.value.path().read_bytes()[len(UTF8_BOM) :].decode("utf-8")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    block, rows = rows[: rows.index([])], rows[rows.index([]) + 1 :]  # the header block, then the table
    assert block[0] == ["All indicators"] and ["Source", "INSISTO, BINC"] in block, block
    header = rows[0]
    assert header[:5] == ["Indicator", "Definition", "Counts", "Unit", "Source"], header
    families = next(row for row in rows if row[0] == "Families that started crisis help at home")
    assert families[1].startswith("Number of distinct families") and families[4] == "INSISTO", families
