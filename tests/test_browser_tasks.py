"""The users' own tasks, acted out in a real browser (Playwright driving Debian's Chromium).

* A policy officer answers a parliamentary question from the screen: families reached by crisis
  help at home in Limburg in 2022–2024, how many were extended, how many could not start.
* An IROJ meeting compares its region on a 1024×768 projector: no tile text is cut.

Expected figures are worked out here from the served data file with SQL of the test's own, and the
shown (protected) value must be what the public rules allow around it: a multiple of 5 within 4 of
the exact distinct count, a period total within the per-year noise of the exact count. Full-page
screenshots of each task go to tests/output/screenshots/.
"""

from __future__ import annotations

import csv
import io
import re

import duckdb
import pytest

from tests.browser_server import (
    SCREENSHOTS,
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
CHAH = "crisishulp_aan_huis"


def _open(browser: Browser, server: AppServer, path: str, width: int, height: int = 900) -> Page:  # noqa: F811
    page = browser.new_context(viewport={"width": width, "height": height}, locale="nl-BE").new_page()
    page.goto(server.url + path)
    wait_for_app(page, EXPECT_MS)
    expect(page.locator("[data-testid='stMain'] h1").first).to_be_visible(timeout=EXPECT_MS)
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"[data-testid='stVegaLiteChart']\")]"
        ".every(c => c.querySelector('svg, canvas'))",
        timeout=EXPECT_MS,
    )
    wait_for_app(page, EXPECT_MS)
    return page


def _full_screenshot(page: Page, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": width, "height": max(768, min(height, 12_000))})
    page.wait_for_timeout(400)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def _tile(page: Page, key: str):
    return page.locator(f"[class*='st-key-tile-{key}']")


def _number(text: str) -> int:
    """A Dutch-written whole number as shown ('4.445' → 4445)."""
    return int(text.replace(".", "").strip())


def _exact(db: str, sql: str) -> int:
    with duckdb.connect(db, read_only=True) as con:
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]


def test_policy_officer_reads_the_three_limburg_figures_from_the_screen(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
) -> None:
    """Limburg, 2022–2024, on Overzicht: the families reached, the extension rate with the count
    and total behind it, and the minors whose crisis help at home could not start are each on a
    tile, in Dutch number format, and agree with the data file within the public rounding."""
    assert app_server.db is not None
    db = str(app_server.db)
    where = f"region = 'LIM' and module = '{CHAH}'"
    started = f"{where} and started_on between date '2022-01-01' and date '2024-12-31'"
    families = _exact(db, f"select count(distinct family_id) from crisis_trajectories where {started}")
    extended = _exact(db, f"select count(*) from crisis_trajectories where {started} and extended")
    starts = _exact(db, f"select count(*) from crisis_trajectories where {started}")
    not_started = _exact(
        db,
        f"select count(distinct minor_id) from crisis_trajectories where {where} and started_on is null"
        " and registered_on between date '2022-01-01' and date '2024-12-31'",
    )
    assert min(families, starts, not_started) >= 20, "the synthetic file is too small for this task"

    page = _open(browser, app_server, "/?regio=LIM&jaar=2022&jaar=2024", 1440)
    try:
        tile = _tile(page, "period-LIM-families_chah_started")
        expect(tile).to_contain_text("Gezinnen gestart met crisishulp aan huis")
        shown_families = _number(tile.locator("[data-testid='stMetricValue']").inner_text())
        assert shown_families % 5 == 0 and abs(shown_families - families) <= 4, (shown_families, families)

        tile = _tile(page, "period-LIM-chah_extended_pct")
        value = tile.locator("[data-testid='stMetricValue']").inner_text()
        note = tile.locator("[data-testid='stCaptionContainer']").first.inner_text()
        found = re.match(r"(<10|[\d.]+) van ([\d.]+)", note.strip())
        assert found, f"the extension tile gives no count and total: {note!r}"
        whole = _number(found.group(2))
        # A period total is the sum of the protected years: a year of 10 or more is at most 4
        # off, a year of 1–9 counts as 0 or 10.
        assert abs(whole - starts) <= 3 * 10, (whole, starts)
        if found.group(1) == "<10":
            # Fewer than 10 extended: the rate is not shown, and the tile says why.
            assert value == "–", value
            assert note.endswith("percentage niet getoond: minder dan 10 in de telling"), note
        else:
            part = _number(found.group(1))
            assert abs(part - extended) <= 3 * 10, (part, extended)
            pct = f"{round(100 * part / whole + 1e-9, 1):.1f}".replace(".", ",")
            assert value.replace("\u00a0", " ") == f"{pct} %", (value, pct)

        tile = _tile(page, "period-LIM-could_not_start_minors")
        expect(tile).to_contain_text("niet kon starten")
        shown = _number(tile.locator("[data-testid='stMetricValue']").inner_text())
        assert shown % 5 == 0 and abs(shown - not_started) <= 4, (shown, not_started)
        _full_screenshot(page, "task-policy-officer-limburg-2022-2024", 1440)
    finally:
        page.context.close()


# Every element of a tile, of the report buttons and of the view's caption whose text must be read in full.
_CUT_TEXT = """() => {
  const found = [];
  const boxes = document.querySelectorAll(
    "[class*='st-key-tile-'] p, [class*='st-key-tile-'] [data-testid='stMetricValue'] *,"
    + " [class*='st-key-tile-'] [data-testid='stMetricValue'],"
    + " [data-testid='stDownloadButton'] button, [data-testid='stDownloadButton'] p");
  for (const e of boxes) {
    if (!e.offsetParent || !e.textContent.trim()) continue;
    if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) {
      found.push(`${e.textContent.trim().slice(0, 60)} (${e.scrollWidth}>${e.clientWidth} px)`);
    }
  }
  return found;
}"""


def test_iroj_meeting_on_a_1024_projector_sees_no_cut_text(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
) -> None:
    """Limburg beside Vlaams-Brabant on Overzicht at 1024×768: no tile label, value, note or
    download button is wider than its box (measured in the page, not guessed from a screenshot),
    and fewer tiles share a row than at 1440 px."""
    page = _open(browser, app_server, "/?regio=LIM&regio=VBR&jaar=2022&jaar=2024", 1024, 768)
    try:
        expect(_tile(page, "period-VBR-could_not_start_minors")).to_be_visible(timeout=EXPECT_MS)
        cut = page.evaluate(_CUT_TEXT)
        assert not cut, f"text cut at 1024 px: {cut}"
        tops = page.evaluate(
            "() => [...document.querySelectorAll(\"[class*='st-key-tile-year-LIM-']\")]"
            ".map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert len(tops) == 5 and len(set(tops)) >= 2, f"the five yearly tiles do not reflow: rows at {tops}"
        _full_screenshot(page, "task-iroj-limburg-vlaams-brabant-1024", 1024)
    finally:
        page.context.close()


def test_federation_takes_a_chart_its_numbers_and_a_citation(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
) -> None:
    """A federation preparing a position paper on Oost-Vlaanderen 2019–2023 takes the first chart
    of Verlengingen as PNG, SVG and CSV: the images carry the title, the selection, the period and
    the synthetic-data mark; the CSV opens with a Dutch header block (title, selection, period,
    source, data version, mode, the link back) and Dutch column headers with names, not codes;
    each file's name says page and selection, so the three downloads do not overwrite others."""
    page = _open(browser, app_server, "/verlengingen?regio=OVL&jaar=2019&jaar=2023", 1440)
    try:
        main = page.locator("[data-testid='stMain']")
        title = main.locator("h2").first.inner_text().strip()
        # The chart's own menu offers no image without title, source or mark: only the page's downloads.
        main.locator("[data-testid='stVegaLiteChart']").first.hover()
        expect(page.get_by_role("button", name="Fullscreen").first).to_be_visible()
        expect(page.get_by_role("button", name="Download as PNG")).to_have_count(0)
        files = {}
        for kind in ("PNG", "SVG", "CSV"):
            button = main.locator("[data-testid='stDownloadButton']", has_text=f"⬇ {kind}").first
            with page.expect_download(timeout=EXPECT_MS) as info:
                button.locator("button").click()
            assert info.value.failure() is None, info.value.failure()
            files[kind] = (info.value.suggested_filename, info.value.path().read_bytes())
        for kind, (name, _) in files.items():
            assert name.startswith("verlengingen_") and "oost-vlaanderen" in name and "2019-2023" in name, (
                name
            )
            assert name.endswith(f".{kind.lower()}"), name

        png = files["PNG"][1]
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        width = int.from_bytes(png[16:20], "big")
        assert width >= 600, f"the PNG is {width} px wide"
        svg = files["SVG"][1].decode("utf-8")
        for words in (title.split(" (")[0], "Oost-Vlaanderen", "2019–2023", "SYNTHETISCHE GEGEVENS"):
            assert words in svg, f"{words!r} is not in the SVG"

        text = files["CSV"][1].removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        block, table = rows[: rows.index([])], rows[rows.index([]) + 1 :]
        labels = {row[0]: row[1] for row in block if len(row) > 1}
        assert title in [row[-1] for row in block], (title, block)
        assert labels.get("Periode") == "2019–2023", block
        assert "Oost-Vlaanderen" in labels.get("Selectie", ""), block
        assert labels.get("Bron") == "INSISTO", block
        assert labels.get("Link", "").startswith(app_server.url + "/verlengingen?"), block
        assert "regio=OVL" in labels["Link"] and "jaar=2019" in labels["Link"], block
        header = table[0]
        assert "Gebied" in header and "Jaar" in header, header
        assert not [h for h in header if "_" in h], f"codes as headers: {header}"
        areas = {row[header.index("Gebied")] for row in table[1:]}
        assert areas == {"Oost-Vlaanderen", "Vlaanderen"}, areas
    finally:
        page.context.close()


PAGES = [
    "/",
    "/vergelijking",
    "/seizoenen",
    "/verlengingen",
    "/doorverwijzingen",
    "/tijdige_start",
    "/verblijf_na_corona",
    "/vraag",
    "/tabel",
    "/definities",
]
# Anything in the main area wider than the area itself (a chart, a table, a row of buttons).
_OVERFLOW = """() => {
  const main = document.querySelector("[data-testid='stMainBlockContainer']");
  const right = main.getBoundingClientRect().right + 2;
  return [...main.querySelectorAll("[data-testid='stVegaLiteChart'], [data-testid='stElementContainer']")]
    .filter(e => e.offsetParent && e.getBoundingClientRect().right > right)
    .map(e => `${e.dataset.testid} ${Math.round(e.getBoundingClientRect().right)} > ${Math.round(right)}`);
}"""


@pytest.mark.parametrize("width", [1440, 1024, 390])
def test_every_page_fits_the_screen_at_three_widths(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
    width: int,
) -> None:
    """Every page with two regions chosen, on a wide screen, a projector and a phone: nothing in
    the main area runs past its right edge; the full-page screenshots are kept for a person to look at."""
    problems: list[str] = []
    for path in PAGES:
        page = _open(browser, app_server, f"{path}?regio=LIM&regio=VBR&jaar=2019&jaar=2023", width)
        try:
            page.wait_for_timeout(500)
            problems += [f"{path} at {width}px: {p}" for p in page.evaluate(_OVERFLOW)]
            name = path.strip("/") or "overzicht"
            _full_screenshot(page, f"page-{name}-{width}", width)
        finally:
            page.context.close()
    assert not problems, "\n".join(problems)


def test_iroj_meeting_sees_its_place_among_every_region_per_10000_minors(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
) -> None:
    """The Limburg IROJ asks "are we doing better or worse than the others?": on Regio's
    vergelijken, per 10.000 minors, 2022–2024, the ranked chart's CSV holds all six regions and
    Flanders; Limburg's minors are the mean of its three years in the data file's population
    table, its count is within the public noise of the exact registrations (SQL of the test's
    own: 36 months, each moved at most 4), and its rate is that count per 10.000 of those minors.
    The Brussels convention is named on the page, and the link keeps the choice (maat=per10000)."""
    page = _open(browser, app_server, "/vergelijking?regio=LIM&jaar=2022&jaar=2024&maat=per10000", 1440)
    try:
        main = page.locator("[data-testid='stMain']")
        expect(page.get_by_role("radio", name="Per 10.000 minderjarigen")).to_be_checked()
        expect(main.get_by_text("Brusselnorm", exact=False).first).to_be_visible()
        button = main.locator("[data-testid='stDownloadButton']", has_text="⬇ CSV").first
        with page.expect_download(timeout=EXPECT_MS) as info:
            button.locator("button").click()
        text = info.value.path().read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        block, table = rows[: rows.index([])], rows[rows.index([]) + 1 :]
        labels = {row[0]: row[1] for row in block if len(row) > 1}
        assert "maat=per10000" in labels.get("Link", ""), block
        header = table[0]
        by_area = {row[header.index("Gebied")]: dict(zip(header, row, strict=True)) for row in table[1:]}
        assert set(by_area) == {
            "Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen", "Brussel",
            "Vlaanderen",
        }  # fmt: skip
        lim = by_area["Limburg"]
        db = str(app_server.db)
        minors = _exact(
            db,
            "select round(avg(minors)) from population where region = 'LIM' and age_band = '0-17'"
            " and year between 2022 and 2024",
        )
        exact = _exact(
            db,
            "select count(*) from crisis_trajectories where region = 'LIM'"
            " and registered_on between '2022-01-01' and '2024-12-31'",
        )
        assert _number(lim["Minderjarigen in het gebied (1 januari)"]) == minors
        shown = _number(lim["Aanmeldingen"])
        assert abs(shown - exact) <= 4 * 36, (shown, exact)
        rate = float(lim["Per 10.000 minderjarigen"].replace(",", "."))
        assert rate == round(10_000 * shown / minors, 1), (rate, shown, minors)
        _full_screenshot(page, "task-iroj-compare-limburg-per-10000", 1440)
    finally:
        page.context.close()


def _csv_cells(page: Page) -> tuple[dict[str, str], list[list[str]]]:
    """The first CSV download of the page: its header block (label → value) and its table."""
    button = page.locator("[data-testid='stMain'] [data-testid='stDownloadButton']", has_text="⬇ CSV").first
    with page.expect_download(timeout=EXPECT_MS) as info:
        button.locator("button").click()
    text = info.value.path().read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    wait_for_app(page, EXPECT_MS)  # a download button's click reruns the page
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    block, table = rows[: rows.index([])], rows[rows.index([]) + 1 :]
    return {row[0]: row[1] for row in block if len(row) > 1}, table


def _choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the main area's select box `label` (its list can close again when a
    rerun lands just after the click: open it until the option shows)."""
    box = page.locator(f"[data-testid='stMain'] input[role='combobox'][aria-label^='{label}']")
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(10):
        wait_for_app(page, EXPECT_MS)
        box.click()
        try:
            choice.wait_for(state="visible", timeout=3_000)
            break
        except sync_api.TimeoutError:
            page.keyboard.press("Escape")
    choice.click()


def test_a_federation_builds_its_own_table_and_its_link_makes_it_again(
    browser: Browser,  # noqa: F811
    app_server: AppServer,  # noqa: F811
) -> None:
    """A federation builds the table its position paper argues from — trajectories started in
    Limburg 2020–2024 by crisis module and year —, then changes the rows to age in the page; the
    CSV's link and the page's own link reopen exactly that table (same cells) in a new browser;
    asking for the same breakdown twice is refused with the reason on the screen."""
    start = "/tabel?regio=LIM&jaar=2020&jaar=2024&cijfer=trajectories_started&rijen=module&kolommen=jaar"
    page = _open(browser, app_server, start, 1440)
    try:
        _, by_module = _csv_cells(page)
        assert by_module[0] == ["Crisismodule", "2020", "2021", "2022", "2023", "2024", "Hele periode"]
        assert by_module[1][0] == "Alle modules (totaal)" and len(by_module) == 9, by_module
        _choose(page, "Rijen", "Leeftijd")
        heading = page.locator("[data-testid='stMain'] h2", has_text="naar leeftijd en jaar")
        expect(heading.first).to_be_visible(timeout=EXPECT_MS)
        wait_for_app(page, EXPECT_MS)
        labels, by_age = _csv_cells(page)
        ages = ["Alle leeftijden (totaal)", "0-5 jaar", "6-11 jaar", "12-14 jaar", "15-17 jaar", "18+ jaar"]
        assert [r[0] for r in by_age[1:]] == ages
        shared = page.get_by_role("link", name="Link naar deze tabel").get_attribute("href")
        assert shared and "rijen=leeftijd" in shared and "kolommen=jaar" in shared, shared
        assert labels.get("Link") == shared, (labels, shared)
    finally:
        page.context.close()
    again = _open(browser, app_server, shared.removeprefix(app_server.url), 1440)
    try:
        _, reopened = _csv_cells(again)
        assert reopened == by_age
        _choose(again, "Kolommen", "Leeftijd")
        expect(
            again.locator("[data-testid='stMain'] [data-testid='stAlert']", has_text="dezelfde indeling")
        ).to_be_visible(timeout=EXPECT_MS)
        _full_screenshot(again, "task-federation-own-table-refused", 1440)
    finally:
        again.context.close()
