"""The IROJ regional report: PDF (and printable HTML) for a region beside Flanders, from the command
line (`python -m report rapport`) and the library the dashboard's buttons call.

The reports are built once per module on the synthetic default data (`default_db`) for every IROJ
region and the period 2019–2021 and shared by the tests. Expected figures are not taken from the
report code: each is asked of the named query through `queries.disclosure.shown` (what the
dashboard shows for that view) and written the Dutch way here; for Flanders 2019–2021 the
published figure (1417 families, written parliamentary question 712) is checked as well. The
report is public unless `--exact`; an exact report (built once, for Brussel, whose counts include
some of 1 to 9) is checked for its warning and for the mark 'klein aantal: niet publiceren' after
every count of 1 to 9, the small counts found with a direct exact query (`queries.run.run`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import pypdf
import pypdfium2
import pytest

from present import i18n
from queries import disclosure
from queries.run import Filters, connect, query_header, run
from report.cli import main
from report.content import build
from report.html import render_html
from report.model import ReportRequest, protected_runner
from report.pdf import render_pdf
from tests.browser_server import browser  # noqa: F401  (fixture: Debian's Chromium, shared)

REGIONS = {
    "ANT": "Antwerpen",
    "LIM": "Limburg",
    "OVL": "Oost-Vlaanderen",
    "VBR": "Vlaams-Brabant",
    "WVL": "West-Vlaanderen",
    "BRU": "Brussel",
}
YEAR_FROM, YEAR_TO = 2019, 2021
MADE_ON = date(2025, 11, 23)
MADE_ON_TEXT = "23 november 2025"
PERIOD = "2019–2021"
# What the reader sees in the table's first column (the Overzicht's tiles, as rows).
FAMILIES = "Gezinnen gestart met crisishulp aan huis"
EXTENDED = "Crisishulp aan huis verlengd (%)"
NOT_STARTED = "Minderjarigen bij wie crisishulp aan huis niet kon starten"
STARTED = "Trajecten crisishulp aan huis opgestart"
GOAL = "Doelen (grotendeels) bereikt (% van de ambulante modules)"
PLACEMENT = "Uithuisplaatsing geadviseerd (ambulante modules)"
INSIDE = "Doorverwezen binnen Opgroeien (ambulante modules)"
OUTSIDE = "Doorverwezen buiten Opgroeien (ambulante modules)"
PERIOD_CELL = re.compile(r"^\d{4}(–\d{4})?$")
# Exact mode (staff only): the mark after every count of 1 to 9, the header's warning, the page mark.
MARKED = "(klein aantal: niet publiceren)"
EXACT_WARNING = "EXACTE CIJFERS – NIET PUBLICEREN. Alleen voor intern gebruik"
EXACT_PAGE_MARK = "EXACTE CIJFERS – NIET PUBLICEREN"


@dataclass(frozen=True)
class Built:
    """One region's report as PDF bytes, with the text of each page (plain and laid out)."""

    pdf: bytes
    pages: list[str]
    layout: list[str]

    @property
    def text(self) -> str:
        """All text, whitespace collapsed (lines wrapped by the PDF joined again)."""
        return " ".join(" ".join(self.pages).split())


def _read(pdf: bytes) -> Built:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return Built(
        pdf,
        [page.extract_text() for page in reader.pages],
        [page.extract_text(extraction_mode="layout") for page in reader.pages],
    )


def nl_count(value: int | None) -> str:
    """A protected count as the dashboard writes it: 1.415, or '<10' when hidden."""
    return "<10" if value is None else f"{value:,}".replace(",", ".")


def nl_pct(value: float | None) -> str:
    """A percentage as the dashboard writes it: 70,4 %, or '–' when hidden."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",") + " %"


def key_table(built: Built) -> dict[str, dict[str, list[str]]]:
    """The key-figure table of page 1, read back from the PDF's laid-out text.

    Returns block -> {'columns': the period cells of the block's title row, row label: cells}; a block
    is named by its title row, the one whose cells are all years or periods.
    """
    lines = [line.strip() for line in built.layout[0].splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Indicator"))
    blocks: dict[str, dict[str, list[str]]] = {}
    current = ""
    for line in lines[start + 1 :]:
        cells = re.split(r"\s{2,}", line)
        if len(cells) < 2:
            break
        if all(PERIOD_CELL.match(c) for c in cells[1:]):
            current = cells[0]
            blocks[current] = {"columns": cells[1:]}
        else:
            blocks[current][cells[0]] = cells[1:]
    return blocks


def cell(
    table: dict[str, dict[str, list[str]]], label: str, period: str, area_index: int, areas: int = 2
) -> str:
    """The value of row `label` for the `area_index`-th of `areas` areas (the regions, then Flanders)
    in the column headed `period`."""
    for block in table.values():
        if label not in block:
            continue
        columns = block["columns"]
        width = len(columns) // areas
        own = columns[width * area_index : width * (area_index + 1)]
        if period in own:
            return block[label][width * area_index + own.index(period)]
    raise AssertionError(f"no cell {label!r} / {period} in {table}")


@pytest.fixture(scope="module")
def reports(default_db: Path) -> dict[str, Built]:
    """The public report for every region, 2019–2021, made on a fixed date (built once)."""
    with connect(default_db) as con:
        runner = protected_runner(con, disclosure.PUBLIC)
        out = {}
        for code in REGIONS:
            report = build(ReportRequest(YEAR_FROM, YEAR_TO, (code,), made_on=MADE_ON), runner)
            out[code] = _read(render_pdf(report))
    return out


@pytest.fixture(scope="module")
def dashboard(default_db: Path):
    """What the dashboard shows for a view: the named query's protected result (public mode)."""
    con = connect(default_db)

    def shown(name: str, region: str | None, year_from: int = YEAR_FROM, year_to: int = YEAR_TO, **params):
        return disclosure.shown(
            name,
            con,
            mode="public",
            regions=[region] if region else [],
            period_from=date(year_from, 1, 1),
            period_to=date(year_to, 12, 31),
            **params,
        )

    yield shown
    con.close()


@pytest.mark.parametrize("code", list(REGIONS))
def test_report_for_every_region_has_two_to_four_a4_pages(reports: dict[str, Built], code: str) -> None:
    """The PDF of each region has 2 to 4 pages, each A4 portrait (595 × 842 points)."""
    reader = pypdf.PdfReader(io.BytesIO(reports[code].pdf))
    assert 2 <= len(reader.pages) <= 4
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


@pytest.mark.parametrize("code", list(REGIONS))
def test_report_names_the_region_beside_flanders_on_every_page(reports: dict[str, Built], code: str) -> None:
    """The region's name and Flanders' are on every page (title, table heads and the page footer)."""
    name = REGIONS[code]
    for number, page in enumerate(reports[code].pages, start=1):
        flat = " ".join(page.split())
        assert name in flat, f"page {number} does not name {name}"
        assert "Vlaanderen" in flat
    assert f"{name} naast Vlaanderen, {PERIOD}" in reports[code].text


@pytest.mark.parametrize("code", list(REGIONS))
def test_report_key_figures_are_the_dashboards(reports: dict[str, Built], dashboard, code: str) -> None:
    """The Overzicht's figures for this view (region and Flanders, period and year tiles) read the same."""
    table = key_table(reports[code])
    for area_index, region in enumerate([code, None]):
        totals = dashboard("kerncijfers_totals", region).row(0, named=True)
        assert cell(table, FAMILIES, PERIOD, area_index) == nl_count(totals["families_chah_started"])
        assert cell(table, STARTED, PERIOD, area_index) == nl_count(totals["chah_started"])
        assert cell(table, EXTENDED, PERIOD, area_index) == nl_pct(totals["chah_extended_pct"])
        assert cell(table, NOT_STARTED, PERIOD, area_index) == nl_count(totals["could_not_start_minors"])
        by_year = dashboard("kerncijfers_by_year", region)
        for year in (YEAR_FROM, YEAR_TO):
            row = by_year.filter(by_year["year"] == year).row(0, named=True)
            label = str(year)
            assert cell(table, GOAL, label, area_index) == nl_pct(row["goal_positive_pct"])
            for text, column in ((PLACEMENT, "placement_advised"), (INSIDE, "referred_inside"),
                                 (OUTSIDE, "referred_outside")):  # fmt: skip
                assert cell(table, text, label, area_index) == nl_count(row[column]), (text, year)


NOT_STARTED_RATE = "Niet kunnen starten, per 10.000 minderjarigen"


@pytest.mark.parametrize("code", ["LIM", "BRU"])
def test_report_shows_the_counts_per_10000_minors(
    reports: dict[str, Built], dashboard, default_db: Path, code: str
) -> None:
    """Under a count of the period, its rate: the shown count over the mean of the period's
    minors (the data file's population table, read here with SQL) × 10.000, one decimal: the
    minors whose help could not start."""
    table = key_table(reports[code])
    con = connect(default_db)
    try:
        for area_index, region in enumerate([code, "VL"]):
            (minors,) = con.execute(
                "select avg(minors) from population where region = ? and age_band = '0-17'"
                " and year between ? and ?",
                [region, YEAR_FROM, YEAR_TO],
            ).fetchone()
            totals = dashboard("kerncijfers_totals", None if region == "VL" else region).row(0, named=True)
            count = totals["could_not_start_minors"]
            expected = (
                "–" if count is None else f"{round(10_000 * count / round(minors), 1):.1f}".replace(".", ",")
            )
            assert cell(table, NOT_STARTED_RATE, PERIOD, area_index) == expected
    finally:
        con.close()


@pytest.mark.parametrize("code", list(REGIONS))
def test_report_shows_no_count_from_1_to_9(reports: dict[str, Built], code: str) -> None:
    """Every count in the key-figure table is '<10', 0 or a multiple of 5 from 10 up (public mode)."""
    for block in key_table(reports[code]).values():
        for label, cells in block.items():
            if label == "columns" or label.endswith("per 10.000 minderjarigen"):  # a rate is no count
                continue
            for text in cells:
                if text in ("<10", "–", "0") or text.endswith("%"):
                    continue
                number = int(text.replace(".", ""))
                assert number >= 10 and number % 5 == 0, (label, text)


def test_flanders_families_2019_2021_is_the_published_figure_protected(reports: dict[str, Built]) -> None:
    """Flanders 2019–2021 shows the published 1417 families as public mode writes it: 1.415 or 1.420."""
    for built in reports.values():
        assert cell(key_table(built), FAMILIES, PERIOD, 1) in {"1.415", "1.420"}


@pytest.mark.parametrize("code", list(REGIONS))
def test_report_states_mode_data_version_and_date(reports: dict[str, Built], dashboard, code: str) -> None:
    """The report says it shows public figures, which data version, when it was made, and the definitions."""
    text = reports[code].text
    version = dashboard("build_info", None)["data_version"][0]
    assert version in text
    assert f"Opgemaakt op {MADE_ON_TEXT}" in text
    assert "publieke cijfers (afgerond op 5, <10 verborgen)" in text
    # The dashboard's own notice of public mode (present.i18n), whatever its current wording.
    assert " ".join(i18n.text("mode_public", "nl").split()) in text
    assert "SYNTHETISCHE GEGEVENS" in text
    assert (
        "Definities" in text
        and "Gezinnen gestart met crisishulp aan huis: Aantal verschillende gezinnen" in text
    )


@pytest.mark.parametrize("code", list(REGIONS))
def test_report_states_the_changes_in_words(reports: dict[str, Built], code: str) -> None:
    """Each change sentence cites two values of the table and says 'steeg' or 'daalde' as they move."""
    built = reports[code]
    table = key_table(built)
    name = re.escape(REGIONS[code])
    value = r"(<10|–|[\d.]+(?:,\d)?(?: %)?)"
    period = r"(\d{4}(?:–\d{4})?)"
    found = re.findall(
        rf"(steeg|daalde) in {name} van {value} in {period} tot {value} in {period}", built.text
    )
    assert found, "no change sentence for the region"
    for verb, before, t1, now, t2 in found:
        number = [float(v.replace(".", "").replace(",", ".").rstrip(" %")) for v in (before, now)]
        assert (verb == "steeg") == (number[1] > number[0]), (verb, before, now)
        rows = [
            label
            for block in table.values()
            for label in block
            if label != "columns" and t1 in block["columns"] and t2 in block["columns"]
        ]
        assert any(
            cell(table, label, t1, 0) == before and cell(table, label, t2, 0) == now for label in rows
        ), f"{before} ({t1}) and {now} ({t2}) are not a row of the table"


@pytest.mark.parametrize("code", list(REGIONS))
def test_report_pages_rendered_are_not_blank(reports: dict[str, Built], code: str) -> None:
    """Every page rendered to an image has ink on it: text, table and charts were drawn."""
    document = pypdfium2.PdfDocument(reports[code].pdf)
    try:
        for number in range(len(document)):
            image = document[number].render(scale=0.5).to_pil().convert("L")
            histogram = image.histogram()
            inked = sum(histogram[:200]) / (image.width * image.height)
            assert inked > 0.02, f"page {number + 1}: only {inked:.1%} of the page is inked"
    finally:
        document.close()


def test_command_line_writes_the_report_with_the_extension_rate_in_words(
    default_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dashboard
) -> None:
    """`rapport --region ANT --from 2022 --to 2024 --out FILE.pdf` writes it; the text says how the
    extension rate moved against the previous period: with the dashboard's two percentages when
    they differ by a percentage point or more, else as no clear change (within the rounding)."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    out = tmp_path / "antwerpen.pdf"
    assert main(["rapport", "--region", "ANT", "--from", "2022", "--to", "2024", "--out", str(out)]) == 0
    built = _read(out.read_bytes())
    assert out.read_bytes().startswith(b"%PDF")
    assert 2 <= len(built.pages) <= 4
    before = dashboard("kerncijfers_totals", "ANT", 2019, 2021)["chah_extended_pct"][0]
    now = dashboard("kerncijfers_totals", "ANT", 2022, 2024)["chah_extended_pct"][0]
    assert before is not None and now is not None
    if abs(now - before) >= 1.0:
        verb = "steeg" if now > before else "daalde"
        assert (
            f"De verlengingsgraad van crisishulp aan huis {verb} in Antwerpen van {nl_pct(before)} in"
            f" 2019–2021 tot {nl_pct(now)} in 2022–2024" in built.text
        )
    else:
        stable = re.search(
            r"Geen duidelijke verandering in Antwerpen \(2019–2021 tegenover 2022–2024[^:]*:([^.]*)\.",
            built.text,
        )
        assert stable is not None and "de verlengingsgraad van crisishulp aan huis" in stable[1]


def test_command_line_html_is_self_contained_a4(
    default_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dashboard
) -> None:
    """`--out FILE.html`: one HTML file, inline CSS (A4 pages) and inline SVG charts, no links out."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    out = tmp_path / "antwerpen.html"
    assert main(["rapport", "--region", "ANT", "--from", "2019", "--to", "2021", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "@page { size: A4" in html
    assert html.count("<section class='page'") in (2, 3, 4)
    assert html.count("<svg") >= 5
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", html), (
        "the file links outside itself"
    )
    assert "<script" not in html
    families = dashboard("kerncijfers_totals", None)["families_chah_started"][0]
    assert f"<td>{nl_count(families)}</td>" in html
    assert "Antwerpen naast Vlaanderen, 2019–2021" in html


def test_exact_report_is_marked_and_shows_the_published_figure(
    default_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --exact (staff only) Flanders 2019–2021 shows 1.417 families, the header says the figures
    are exact and not for publication, and every page says 'exact'."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    out = tmp_path / "exact.pdf"
    assert main(["rapport", "--from", "2019", "--to", "2021", "--exact", "--out", str(out)]) == 0
    built = _read(out.read_bytes())
    assert cell(key_table(built), FAMILIES, PERIOD, 0, areas=1) == "1.417"
    assert "Exacte cijfers voor aangemelde medewerkers" in built.text
    assert EXACT_WARNING in " ".join(built.pages[0].split())
    for page in built.pages:
        flat = " ".join(page.split())
        assert "exacte cijfers (niet verspreiden)" in flat and EXACT_PAGE_MARK in flat


@pytest.mark.parametrize(
    "args",
    [
        ["--region", "XXX", "--from", "2019", "--to", "2021"],
        [
            "--region",
            "ANT",
            "--region",
            "LIM",
            "--region",
            "OVL",
            "--region",
            "BRU",
            "--from",
            "2019",
            "--to",
            "2021",
        ],
        ["--from", "2021", "--to", "2019"],
        ["--from", "2010", "--to", "2011"],
    ],
)
def test_command_line_refuses_bad_requests(
    default_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, args
) -> None:
    """An unknown region, more than three regions, a reversed or out-of-range period: exit 2, one line."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    out = tmp_path / "r.pdf"
    assert main(["rapport", *args, "--out", str(out)]) == 2
    assert not out.exists()
    error = capsys.readouterr().err.strip()
    assert error.startswith("python -m report rapport: error:") and "\n" not in error


def test_command_line_wants_a_known_format(default_db: Path, tmp_path: Path, monkeypatch) -> None:
    """--out with an extension that is not .pdf, .html or .zip (and no --format) is a usage error."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    with pytest.raises(SystemExit) as exit_info:
        main(
            ["rapport", "--region", "ANT", "--from", "2019", "--to", "2021", "--out", str(tmp_path / "r.txt")]
        )
    assert exit_info.value.code == 2


def test_command_line_without_data_file_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a data file the command says so and exits 1."""
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "nothing.duckdb"))
    assert (
        main(
            ["rapport", "--region", "ANT", "--from", "2019", "--to", "2021", "--out", str(tmp_path / "r.pdf")]
        )
        == 1
    )


@pytest.mark.browser
def test_html_prints_to_the_same_pages_as_the_pdf(
    default_db: Path,
    reports: dict[str, Built],
    browser,  # noqa: F811  (the session's Chromium, tests/browser_server.py)
) -> None:
    """Chromium prints the HTML report to as many A4 pages as the PDF has, with the same key figures."""
    with connect(default_db) as con:
        report = build(
            ReportRequest(YEAR_FROM, YEAR_TO, ("ANT",), made_on=MADE_ON), protected_runner(con, "public")
        )
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(render_html(report), wait_until="load")
        printed = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    from_browser = _read(printed)
    assert len(from_browser.pages) == len(reports["ANT"].pages)
    expected = cell(key_table(reports["ANT"]), FAMILIES, PERIOD, 1)
    assert (
        f"{FAMILIES} {cell(key_table(reports['ANT']), FAMILIES, PERIOD, 0)} {expected}" in from_browser.text
    )
    for number, page_text in enumerate(from_browser.pages, start=1):
        assert f"pagina {number} van {len(from_browser.pages)}" in " ".join(page_text.split())


# ---------------------------------------------------------------------------------------------
# Public by default; exact mode marks every count of 1 to 9


@dataclass(frozen=True)
class ExactOutputs:
    """One exact report (Brussel beside Flanders, 2019–2021) as the command writes it."""

    pdf: Built
    html: str
    pack: zipfile.ZipFile


@pytest.fixture(scope="module")
def exact_bru(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ExactOutputs:
    """`rapport --region BRU --from 2019 --to 2021 --exact` as PDF, HTML and zip (built once)."""
    out = tmp_path_factory.mktemp("exact")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_DB", str(default_db))
        for suffix in ("pdf", "html", "zip"):
            args = ["rapport", "--region", "BRU", "--from", "2019", "--to", "2021", "--exact"]
            assert main([*args, "--out", str(out / f"bru.{suffix}")]) == 0
    return ExactOutputs(
        pdf=_read((out / "bru.pdf").read_bytes()),
        html=(out / "bru.html").read_text(encoding="utf-8"),
        pack=zipfile.ZipFile(out / "bru.zip"),
    )


@pytest.fixture(scope="module")
def bru_placements(default_db: Path) -> dict[int, int]:
    """Placement advised in Brussel in 2019 and 2021 by a direct exact query: small counts."""
    with connect(default_db) as con:
        frame = run(
            "kerncijfers_by_year",
            con,
            regions=["BRU"],
            period_from=date(2019, 1, 1),
            period_to=date(2021, 12, 31),
        )
    placements = {row["year"]: row["placement_advised"] for row in frame.iter_rows(named=True)}
    assert placements[2019] in range(1, 10) and placements[2021] in range(1, 10)
    return placements


def key_table_cells(html: str) -> list[list[str]]:
    """The rows of the HTML report's key-figure table, each as its cells' inner HTML."""
    table = re.search(r"<table class='key'>(.*?)</table>", html, re.S)
    assert table is not None
    return [
        re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[1])
    ]


def test_report_is_public_by_default(
    default_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reports: dict[str, Built], dashboard
) -> None:
    """Without --exact the command writes the public report: mode 'public', Brussel's placement
    counts as the dashboard shows them, and no exact-mode warning or mark anywhere."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    out = tmp_path / "brussel.html"
    assert main(["rapport", "--region", "BRU", "--from", "2019", "--to", "2021", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<meta name='disclosure-mode' content='public'>" in html
    by_year = dashboard("kerncijfers_by_year", "BRU")
    shown_placements = [
        nl_count(by_year.filter(by_year["year"] == y)["placement_advised"][0]) for y in (YEAR_FROM, YEAR_TO)
    ]
    row = next(r for r in key_table_cells(html) if r and r[0] == PLACEMENT)
    assert row[1:3] == shown_placements
    for text in (html, *(built.text for built in reports.values())):
        assert MARKED not in text and "EXACTE CIJFERS" not in text
        assert "exact-warning" not in text and "small-count" not in text


def test_exact_report_header_says_exact_not_for_publication(exact_bru: ExactOutputs) -> None:
    """The exact report's header (PDF and HTML) says in words that the figures are exact, for
    internal use, not for publication, with small counts marked; every page carries the mark."""
    first = " ".join(exact_bru.pdf.pages[0].split())
    header = first.split("Belangrijkste veranderingen")[0]
    assert EXACT_WARNING in header and "(klein aantal: niet publiceren)" in header
    for page in exact_bru.pdf.pages:
        assert EXACT_PAGE_MARK in " ".join(page.split())
    assert "<meta name='disclosure-mode' content='exact'>" in exact_bru.html
    warning = re.search(r"<p class='exact-warning'>(.*?)</p>", exact_bru.html)
    assert warning is not None and EXACT_WARNING in warning[1]
    assert exact_bru.html.count("<div class='exact-mark'>") == exact_bru.html.count("<section class='page'")


def test_exact_report_marks_every_small_count(
    exact_bru: ExactOutputs, bru_placements: dict[int, int]
) -> None:
    """In the exact report every count of 1 to 9 is marked 'klein aantal: niet publiceren': the
    placements a direct exact query finds for Brussel (table and change sentences, PDF and HTML),
    and no key-figure cell or sentence shows a count of 1 to 9 without the mark."""
    before, now = bru_placements[YEAR_FROM], bru_placements[YEAR_TO]
    row = next(r for r in key_table_cells(exact_bru.html) if r and r[0] == PLACEMENT)
    marked = " <span class='small-count'>(klein aantal: niet publiceren)</span>"
    assert row[1:3] == [f"{before}{marked}", f"{now}{marked}"]
    for cells in key_table_cells(exact_bru.html):
        for value in cells[1:]:
            assert not re.fullmatch(r"[1-9]", value), f"unmarked small count in {cells}"
    text = exact_bru.pdf.text
    assert f"{before} {MARKED}" in text and f"{now} {MARKED}" in text
    assert f"van {before} {MARKED} in {YEAR_FROM} tot {now} {MARKED} in {YEAR_TO}" in text
    changes = text.split("Belangrijkste veranderingen")[1].split("Kerncijfers:")[0]
    assert not re.search(r"(?<![\d.,])[1-9] in \d{4}", changes), changes


def test_exact_pack_marks_small_counts_in_its_tables(exact_bru: ExactOutputs, default_db: Path) -> None:
    """The exact pack (zip) says it is exact, writes the key figures' small counts with the mark,
    and beside every count column of its tables has a '<count>_let_op' column that reads 'klein
    aantal: niet publiceren' exactly where a direct exact query has a count of 1 to 9."""
    assert "Exacte cijfers" in exact_bru.pack.read("CITATION.txt").decode("utf-8")
    sheets = pl.read_excel(io.BytesIO(exact_bru.pack.read("cijfers.xlsx")), sheet_id=0)
    key = next(frame for name, frame in sheets.items() if name.startswith("01 "))
    shown = key.filter((pl.col("kolom") == "placement_advised") & (pl.col("gebied") == "Brussel"))
    assert shown["getoond"].to_list() == [f"{n} {MARKED}" for n in shown["waarde"].cast(pl.Int64)]

    extension = next(frame for name, frame in sheets.items() if name.startswith("03 "))
    filters = Filters(
        regions=("BRU",), period_from=date(2019, 1, 1), period_to=date(2021, 12, 31), include_flanders=True
    )
    with connect(default_db) as con:
        exact = run("extension_rate_by_module", con, filters)
    small = {(r["area"], r["module"]) for r in exact.iter_rows(named=True) if r["extended"] in range(1, 10)}
    assert small, "the view should have small extension counts"
    got = {
        (r["area"], r["module"]) for r in extension.iter_rows(named=True) if r["extended_let_op"] is not None
    }
    assert got == small
    assert set(extension["extended_let_op"].drop_nulls()) == {"klein aantal: niet publiceren"}

    for name, frame in sheets.items():
        if name.startswith("01 ") or name in ("definities", "bron"):
            continue
        for column in frame.columns:
            if column.endswith("_let_op"):
                count = column.removesuffix("_let_op")
                for value, mark in zip(frame[count].to_list(), frame[column].to_list(), strict=True):
                    assert (mark is not None) == (int(value) in range(1, 10)), (name, count, value)
    flows = next(frame for name, frame in sheets.items() if name.startswith("04 "))
    counts = [c for c, role in query_header("referral_flows").roles.items() if role.kind == "count"]
    assert all(f"{c}_let_op" in flows.columns for c in counts)
