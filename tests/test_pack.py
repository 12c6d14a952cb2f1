"""The position-paper pack (a zip of every chart as SVG and 300-dpi PNG, the figures as XLSX with a
definitions sheet, CITATION.txt) and the dashboard's pack and report buttons.

The dashboard's buttons make their files when clicked (Streamlit's deferred downloads); the tests
catch the function each button registers and call it, as a click would. Expected figures come from
what the page itself shows (its tiles and tables) or from the one public path `disclosure.shown`.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl
import pypdf
import pytest
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from present import export
from queries import disclosure
from queries.run import Filters, connect, list_queries, query_header, run
from report.cli import main
from report.pack import Citation, PackItem, citation_text
from ui import pack
from ui.filters import View

APP = Path(__file__).resolve().parent.parent / "dashboard.py"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]  # fmt: skip
DATA_PAGES = [
    "pages/overzicht.py",
    "pages/seizoenen.py",
    "pages/verlengingen.py",
    "pages/doorverwijzingen.py",
    "pages/tijdige_start.py",
    "pages/verblijf_na_corona.py",
]


def dutch_date(day: date) -> str:
    """23 november 2025."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def sheets(data: bytes) -> dict[str, pl.DataFrame]:
    """Every sheet of a workbook, by name."""
    return pl.read_excel(io.BytesIO(data), sheet_id=0)


def check_pack(data: bytes, charts: int, version: str, made_on: date) -> tuple[zipfile.ZipFile, dict]:
    """The checks every pack must pass; returns the archive and its workbook's sheets."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert "CITATION.txt" in names and "cijfers.xlsx" in names
    svgs = sorted(n for n in names if n.endswith(".svg"))
    pngs = sorted(n for n in names if n.endswith(".png"))
    assert len(svgs) == len(pngs) == charts, names
    assert [n.removesuffix(".svg") for n in svgs] == [n.removesuffix(".png") for n in pngs]
    for name in pngs:
        with Image.open(io.BytesIO(archive.read(name))) as image:
            dpi = image.info.get("dpi")
            assert dpi and all(abs(d - 300) < 1 for d in dpi), f"{name}: {dpi} dpi"
            assert image.width >= 2000, f"{name} is {image.width} px wide"
    for name in svgs:
        root = ET.fromstring(archive.read(name))
        assert root.tag.endswith("svg")
        assert version in " ".join(root.itertext()), f"{name} does not carry the data version"
    book = sheets(archive.read("cijfers.xlsx"))
    figures = [s for s in book if s not in ("definities", "bron")]
    assert {"definities", "bron"} <= set(book)
    definitions = book["definities"]
    for sheet in figures:
        described = definitions.filter(pl.col("blad") == sheet)
        assert described["kolom"].to_list() == book[sheet].columns, sheet
        assert described["betekenis"].null_count() == 0
    assert book["bron"]["gegevensversie"].str.contains(version).all()
    citation = archive.read("CITATION.txt").decode("utf-8")
    for needed in ("Bron", "INSISTO", "BINC", version, dutch_date(made_on), "Publieke cijfers", "Citeer als"):
        assert needed in citation, f"CITATION.txt lacks {needed!r}"
    for sheet in figures:
        assert f"blad {sheet[:2]}" in citation
    return archive, book


# ---------------------------------------------------------------------------------------------
# CITATION.txt


def _item(title: str, filters: str, source: str) -> PackItem:
    provenance = export.Provenance(
        title=title, filters=filters, source=source, data_version="Gegevensversie v1", mode="publiek"
    )
    return PackItem(title, pl.DataFrame({"area": ["VL"]}), provenance)


def _line(text: str, start: str) -> str:
    """The one line of CITATION.txt that starts with `start`."""
    found = [line for line in text.splitlines() if line.startswith(start)]
    assert len(found) == 1, (start, text)
    return found[0]


def test_citation_of_a_flanders_view_names_flanders_once() -> None:
    """Flanders alone, from the dashboard: publisher, title, selection, period, version, mode,
    date and link each on their line; the selection and the cite line never say 'Vlaanderen,
    Vlaanderen' (the app's name already ends in Vlaanderen)."""
    citation = Citation(
        selection="Vlaanderen",
        period="2017–2025",
        data_version="2025-12-31-abc",
        mode="public",
        synthetic=False,
        made_on=date(2026, 12, 3),
        where="Seizoenen",
        link="http://localhost:8501/seizoenen",
    )
    items = [_item("Aanmeldingen per maand en jaar", "Vlaanderen · 2017–2025", "Bron: INSISTO")]
    text = citation_text(items, citation, {})
    assert "Vlaanderen, Vlaanderen" not in text
    assert _line(text, "Uitgever: ") == "Uitgever: Beleidsdashboard crisishulp jeugdhulp Vlaanderen"
    assert _line(text, "Titel: ") == "Titel: Seizoenen"
    assert _line(text, "Selectie: ") == "Selectie: Vlaanderen"
    assert _line(text, "Periode (jaren): ") == "Periode (jaren): 2017–2025"
    assert _line(text, "Bron: ") == "Bron: INSISTO"
    assert _line(text, "Gegevensversie: ") == "Gegevensversie: 2025-12-31-abc"
    assert _line(text, "Cijfermodus: ").startswith("Cijfermodus: Publieke cijfers")
    assert _line(text, "Opgemaakt op: ") == "Opgemaakt op: 3 december 2026 (2026-12-03)"
    assert (
        _line(text, "Link naar deze weergave: ") == "Link naar deze weergave: http://localhost:8501/seizoenen"
    )
    assert (
        "  Beleidsdashboard crisishulp jeugdhulp Vlaanderen, Seizoenen: Vlaanderen, 2017–2025. Bron: INSISTO."
        " Gegevensversie 2025-12-31-abc, opgemaakt op 3 december 2026; publieke cijfers (afgerond op 5,"
        " <10 verborgen). http://localhost:8501/seizoenen"
    ) in text.splitlines()


def test_citation_of_a_limburg_view_names_limburg_once() -> None:
    """Limburg 2019–2021 on Verlengingen en duur, in English: Limburg once in the selection, the
    period apart, the link that reopens the view in the cite line."""
    link = "http://localhost:8501/verlengingen?taal=en&regio=LIM&jaar=2019&jaar=2021"
    citation = Citation(
        selection="Limburg",
        period="2019–2021",
        data_version="2025-12-31-abc",
        mode="public",
        synthetic=True,
        made_on=date(2026, 12, 3),
        where="Extensions and duration",
        lang="en",
        link=link,
    )
    items = [_item("Extension rate per year", "Limburg · 2019–2021", "Source: INSISTO")]
    text = citation_text(items, citation, {})
    assert _line(text, "Publisher: ") == "Publisher: Policy dashboard on youth-care crisis help in Flanders"
    assert _line(text, "Title: ") == "Title: Extensions and duration"
    assert _line(text, "Selection: ") == "Selection: Limburg"
    assert _line(text, "Period (years): ") == "Period (years): 2019–2021"
    assert _line(text, "Made on: ") == "Made on: 3 December 2026 (2026-12-03)"
    assert _line(text, "Link to this view: ") == f"Link to this view: {link}"
    assert (
        "  Policy dashboard on youth-care crisis help in Flanders, Extensions and duration: Limburg,"
        " 2019–2021. Source: INSISTO. Data version 2025-12-31-abc, made on 3 December 2026; public"
        f" figures (rounded to 5, <10 hidden). {link}"
    ) in text.splitlines()
    assert "SYNTHETIC DATA" in text


def test_citation_without_a_link_has_no_link_line() -> None:
    """The command line's pack has no view to link to: the line is left out, not left empty."""
    citation = Citation(
        selection="Limburg naast Vlaanderen",
        period="2019–2021",
        data_version="v1",
        mode="public",
        synthetic=False,
        made_on=date(2026, 12, 3),
        where="Regiorapport crisishulp jeugdhulp",
    )
    text = citation_text([], citation, {})
    assert "Link" not in text and "http" not in text
    assert _line(text, "Selectie: ") == "Selectie: Limburg naast Vlaanderen"


@pytest.mark.parametrize(
    ("regions", "expected"),
    [((), "Vlaanderen · Crisisverblijf"), (("LIM",), "Limburg · Crisisverblijf")],
)
def test_the_dashboards_selection_leaves_the_period_to_its_own_line(regions, expected: str) -> None:
    """ui.pack's selection is the view in words without its period; without a browser there is
    no address to link to."""
    view = View(
        Filters(
            regions=regions,
            period_from=date(2019, 1, 1),
            period_to=date(2021, 12, 31),
            modules=("crisisverblijf",),
        ),
        "nl",
    )
    assert pack.selection(view) == expected
    assert pack.view_link(view, "verlengingen") == ""


# ---------------------------------------------------------------------------------------------
# The pack of the command line


def test_command_line_pack_holds_what_it_promises(
    default_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rapport --out FILE.zip`: five charts as SVG + 300-dpi PNG, the figures with definitions, CITATION."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    out = tmp_path / "pakket.zip"
    assert main(["rapport", "--region", "ANT", "--from", "2019", "--to", "2021", "--out", str(out)]) == 0
    with connect(default_db) as con:
        version = run("build_info", con)["data_version"][0]
        # What the dashboard's one public path shows for the same view (years composed).
        flows = disclosure.shown(
            "referral_flows", con, None, "public", regions=["ANT"], include_flanders=True,
            period_from="2019-01-01", period_to="2021-12-31",
        )  # fmt: skip
    archive, book = check_pack(out.read_bytes(), charts=5, version=version, made_on=date.today())
    citation = archive.read("CITATION.txt").decode("utf-8")
    assert "SYNTHETISCHE GEGEVENS" in citation
    assert "Selectie: Antwerpen naast Vlaanderen\n" in citation and "Periode (jaren): 2019–2021\n" in citation
    assert "Link" not in citation  # no view to link to from the command line
    # The key figures: Flanders' families 2019-2021 is the published 1417, protected to 1.415 or 1.420.
    key = book[next(s for s in book if "Kerncijfers" in s)]
    families = key.filter(
        (pl.col("indicator") == "Gezinnen gestart met crisishulp aan huis")
        & (pl.col("gebied") == "Vlaanderen")
    )
    assert families["getoond"].to_list() in (["1.415"], ["1.420"])
    # The flows sheet holds the protected links the dashboard's Sankey draws ('<10' where hidden).
    sheet = book[next(s for s in book if "Afloop" in s)]
    shown = [None if v == "<10" else int(v) for v in sheet["value"].cast(pl.String).to_list()]
    assert shown == flows["value"].to_list()
    assert "query" in book["definities"].columns
    assert "referral_flows" in book["definities"]["query"].to_list()


# ---------------------------------------------------------------------------------------------
# The dashboard's buttons


@pytest.fixture
def clicks(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """The functions the page's download buttons make their files with, by file name."""
    captured: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            captured[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return captured


@pytest.fixture
def open_page(default_db: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh app session on the default data, opened on `page` with URL parameters."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))

    def opened(page: str, **params: list[str]) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=90)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != "pages/overzicht.py":
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return opened


def run_columns() -> set[str]:
    """Every column a named query returns, and those the page derives (the seasonal index)."""
    derived = {"calendar_month", "total", "years", "index_mean", "index_min", "index_max"}
    return {c for name in list_queries() for c in query_header(name).column_names} | derived


def _click(clicks: dict[str, Callable[[], bytes]], pattern: str) -> bytes:
    names = [n for n in clicks if re.fullmatch(pattern, n)]
    assert len(names) == 1, f"{pattern}: {list(clicks)}"
    data = clicks[names[0]]()
    return data.encode("utf-8") if isinstance(data, str) else data


def _charts(at: AppTest) -> int:
    """How many charts the page offers: one PNG download each (a chart drawn on screen as one
    panel per area, the Seizoenen heatmap, is still one chart)."""
    return sum(1 for b in at.get("download_button") if b.label.startswith("⬇ PNG *"))


def test_pack_button_zips_every_chart_and_table_of_the_page(open_page, clicks, default_db: Path) -> None:
    """On Seizoenen for Antwerpen the pack holds every chart of the page, and each table as shown."""
    at = open_page("pages/seizoenen.py", regio=["ANT"], jaar=["2022", "2024"])
    buttons = [b.label for b in at.get("download_button")]
    assert "⬇ Pakket: alle grafieken en cijfers (zip)" in buttons
    with connect(default_db) as con:
        version = run("build_info", con)["data_version"][0]
    charts = _charts(at)
    assert charts == 3
    archive, book = check_pack(
        _click(clicks, r"pakket-seizoenen-.*\.zip"), charts=charts, version=version, made_on=date.today()
    )
    figures = [s for s in book if s not in ("definities", "bron")]
    tables = [frame.value for frame in at.dataframe]
    assert len(figures) == len(tables) == 3
    for sheet, table in zip(figures, tables, strict=True):
        # The pack keeps the query's column names (its definitions sheet looks them up by them);
        # the page shows the same rows under the reader's headers.
        assert set(book[sheet].columns) <= set(run_columns()), sheet
        assert book[sheet].height == len(table)
    monthly = book[figures[0]]
    on_page = tables[0]
    assert monthly["registrations"].cast(pl.String).to_list() == [str(v) for v in on_page["Aanmeldingen"]]
    citation = archive.read("CITATION.txt").decode("utf-8")
    assert "Selectie: Antwerpen\n" in citation and "Periode (jaren): 2022–2024\n" in citation
    assert "Titel: Seizoenen\n" in citation


@pytest.mark.parametrize("page", DATA_PAGES)
def test_every_figure_of_every_page_names_its_query(open_page, page: str) -> None:
    """Every chart and table a page draws goes into its pack with the named query behind it."""
    at = open_page(page, regio=["LIM"])
    items = at.session_state["_pack_items"]
    assert len(items) >= max(_charts(at), 1)
    known = set(list_queries())
    for item in items:
        assert item.query in known, f"{item.title!r} names no query"


def test_overview_pack_holds_the_tiles_figures(open_page, clicks) -> None:
    """The Overzicht's pack carries the figures of its tiles, as the tiles show them."""
    at = open_page("pages/overzicht.py", regio=["ANT"], jaar=["2019", "2021"])
    tile = [m.value for m in at.metric if m.label == "Gezinnen gestart met crisishulp aan huis"]
    book = sheets(
        zipfile.ZipFile(io.BytesIO(_click(clicks, r"pakket-overzicht-.*\.zip"))).read("cijfers.xlsx")
    )
    period = book[next(s for s in book if "Over de periode" in s)]
    shown = {row["area"]: row["families_chah_started"] for row in period.iter_rows(named=True)}
    assert [f"{shown['VL']:,}".replace(",", "."), f"{shown['ANT']:,}".replace(",", ".")] == tile


def test_report_buttons_make_the_report_of_the_view(open_page, clicks) -> None:
    """Overzicht for Antwerpen 2019–2021: the PDF button gives 2–4 pages with the tiles' figures,
    the HTML button a self-contained printable file of the same view."""
    at = open_page("pages/overzicht.py", regio=["ANT"], jaar=["2019", "2021"])
    labels = [b.label for b in at.get("download_button")]
    assert "⬇ Regiorapport (PDF)" in labels and "⬇ Regiorapport (HTML)" in labels
    pdf = _click(clicks, r"regiorapport-antwerpen-2019-2021\.pdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= 4
    first = reader.pages[0].extract_text(extraction_mode="layout")
    row = next(line for line in first.splitlines() if line.strip().startswith("Gezinnen gestart"))
    flanders, antwerp = (m.value for m in at.metric if m.label == "Gezinnen gestart met crisishulp aan huis")
    assert re.split(r"\s{2,}", row.strip())[1:] == [antwerp, flanders]
    html = _click(clicks, r"regiorapport-antwerpen-2019-2021\.html").decode("utf-8")
    assert "@page { size: A4" in html and "<svg" in html
    assert "Antwerpen naast Vlaanderen, 2019–2021" in html


def test_report_buttons_want_at_most_three_regions(open_page) -> None:
    """With four regions chosen the Overzicht says a report takes at most three, and offers none."""
    at = open_page("pages/overzicht.py", regio=["ANT", "LIM", "OVL", "BRU"])
    labels = [b.label for b in at.get("download_button")]
    assert not any(label.startswith("⬇ Regiorapport") for label in labels)
    assert any("hoogstens 3 regio's" in c.value for c in at.caption)
