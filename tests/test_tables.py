"""The reader's tables (present/tables.py) and the downloads made of them: what a person reads in
Dutch or English, worked out by hand, and on every page of the dashboard."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from present import derive, export, i18n, tables
from queries.run import list_queries, query_header
from tests.test_export import PROVENANCE, cells

APP = Path(__file__).resolve().parent.parent / "dashboard.py"
PAGES = [
    "pages/overzicht.py",
    "pages/seizoenen.py",
    "pages/verlengingen.py",
    "pages/doorverwijzingen.py",
    "pages/tijdige_start.py",
    "pages/verblijf_na_corona.py",
    "pages/definities.py",
]

# The extension rate per module as the protection step gives it: Limburg's crisis help at home
# started 20 times, its extensions are hidden (1-9), so its percentage is too; Flanders' are shown.
EXTENSIONS = pl.DataFrame(
    {
        "area": ["LIM", "VL"],
        "module": ["crisishulp_aan_huis", "crisishulp_aan_huis"],
        "started": [20, 1585],
        "extended": [None, 65],
        "extended_pct": [None, 4.1],
    },
    schema_overrides={"started": pl.Int64, "extended": pl.Int64, "extended_pct": pl.Float64},
)


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(export.UTF8_BOM)
    return list(csv.reader(io.StringIO(data[len(export.UTF8_BOM) :].decode("utf-8")), delimiter=";"))


def test_extension_table_in_dutch() -> None:
    """Dutch headers (the catalogue's label for the figure), names for codes, '<10' and '–'."""
    reader = tables.reader_table(EXTENSIONS, "nl", indicator="extension_rate_by_module")
    shown = reader.shown()
    assert shown.columns == ["Gebied", "Module", "Opgestart", "Verlengd", "Verlengingsgraad per module (%)"]
    assert shown.row(0) == ("Limburg", "Crisishulp aan huis", 20, "<10", "–")
    assert shown.row(1) == ("Vlaanderen", "Crisishulp aan huis", 1585, "65", "4.1")


def test_extension_csv_in_dutch_and_english() -> None:
    """The CSV download: the header block, a blank line, the reader's table with a decimal comma;
    never 'None'."""
    reader = tables.reader_table(EXTENSIONS, "nl", indicator="extension_rate_by_module")
    rows = _csv_rows(export.csv_bytes(reader.shown(decimal_comma=True), PROVENANCE))
    assert rows[0] == ["Verlengingsgraad per jaar"]
    assert rows[1] == ["Selectie", "Antwerpen · 2019–2021"]
    blank = rows.index([])
    assert rows[blank + 1 :] == [
        ["Gebied", "Module", "Opgestart", "Verlengd", "Verlengingsgraad per module (%)"],
        ["Limburg", "Crisishulp aan huis", "20", "<10", "–"],
        ["Vlaanderen", "Crisishulp aan huis", "1585", "65", "4,1"],
    ]
    english = tables.reader_table(EXTENSIONS, "en", indicator="extension_rate_by_module")
    text = export.csv_bytes(english.shown(decimal_comma=True), PROVENANCE).decode("utf-8")
    assert "None" not in text
    rows = _csv_rows(text.encode("utf-8"))
    blank = rows.index([])
    assert rows[blank + 1 :] == [
        ["Area", "Module", "Started", "Extended", "Extension rate per module (%)"],
        ["Limburg", "Crisis help at home", "20", "<10", "–"],
        ["Flanders", "Crisis help at home", "1585", "65", "4,1"],
    ]


def test_extension_xlsx_keeps_shown_counts_numeric() -> None:
    """The Excel download: 20 and 1585 and 65 are numbers, the hidden count is the text '<10'."""
    reader = tables.reader_table(EXTENSIONS, "nl", indicator="extension_rate_by_module")
    got = cells(export.xlsx_bytes(reader.frame, PROVENANCE, hidden=reader.hidden))
    header = len(PROVENANCE.block()) + 2  # the block, a blank row, then the headers (1-based)
    assert got[f"A{header}"] == "Gebied" and got[f"E{header}"] == "Verlengingsgraad per module (%)"
    first, second = header + 1, header + 2
    assert (got[f"A{first}"], got[f"C{first}"], got[f"D{first}"], got[f"E{first}"]) == (
        "Limburg", 20.0, "<10", "–",
    )  # fmt: skip
    assert (got[f"C{second}"], got[f"D{second}"], got[f"E{second}"]) == (1585.0, 65.0, 4.1)


def test_codes_become_names() -> None:
    """Joined areas, age bands, module groups, destinations and outcomes, weekdays, calendar months,
    corona periods and flags read as words; datetimes as dates; a helper column is left out."""
    frame = pl.DataFrame(
        {
            "area": ["ANT+LIM", "BRU"],
            "age_band": ["12-14", "18+"],
            "module": ["ambulant", "crisisverblijf"],
            "source": ["crisisverblijf", "referred"],
            "target": ["ggz", "inside_opgroeien"],
            "weekday": [1, 7],
            "weekday_name": ["maandag", "zondag"],
            "calendar_month": [3, 12],
            "covid_period": ["during", "after"],
            "period_order": [2, 3],
            "context_support": [True, False],
            "within_28_days": [False, None],
            "month": [datetime(2020, 1, 1), datetime(2021, 6, 1)],
        }
    )
    nl = tables.reader_table(frame, "nl").shown()
    assert nl.columns == [
        "Gebied", "Leeftijd", "Module", "Van", "Naar", "Weekdag", "Kalendermaand", "Coronaperiode",
        "Contextbegeleiding thuis", "Binnen de norm van 28 dagen", "Maand",
    ]  # fmt: skip
    assert nl.row(0) == (
        "Antwerpen + Limburg", "12-14 jaar", "Ambulante modules", "Crisisverblijf",
        "Geestelijke gezondheidszorg (GGZ)", "maandag", "maart", "tijdens corona (2020-2021)",
        "met contextbegeleiding", "nee", date(2020, 1, 1),
    )  # fmt: skip
    assert nl.row(1)[:10] == (
        "Brussel", "18+ jaar", "Crisisverblijf", "doorverwezen", "binnen Opgroeien", "zondag",
        "december", "na corona (2022-)", "zonder contextbegeleiding", "–",
    )  # fmt: skip
    assert nl.schema["Maand"] == pl.Date
    en = tables.reader_table(frame, "en").shown()
    assert en.row(0)[:3] == ("Antwerp + Limburg", "12-14 years", "Ambulatory modules")
    assert en.row(1)[5:7] == ("Sunday", "December")


def test_a_hidden_median_reads_a_dash_and_a_hidden_count_less_than_ten() -> None:
    """not_started_minors with every figure hidden: counts '<10', percentage and median '–'."""
    frame = pl.DataFrame(
        {
            "area": ["BRU"],
            "not_started": [None],
            "minors_not_started": [None],
            "minors_started_later": [None],
            "started_later_pct": [None],
            "median_days_to_later_start": [None],
        },
        schema_overrides={
            "not_started": pl.Int64,
            "minors_not_started": pl.Int64,
            "minors_started_later": pl.Int64,
            "started_later_pct": pl.Float64,
            "median_days_to_later_start": pl.Float64,
        },
    )
    shown = tables.reader_table(frame, "nl", indicator="not_started_minors").shown()
    assert shown.row(0) == ("Brussel", "<10", "<10", "<10", "–", "–")
    assert shown.columns[-1] == "Mediaan dagen tot de latere start"


def _looks_like_a_code(header: str) -> bool:
    """A header that is still a column name or code: snake_case, or a known query column."""
    return "_" in header or bool(re.fullmatch(r"[a-z0-9]+", header))


def test_every_query_column_has_a_header_in_both_languages() -> None:
    """Every column a named query returns (and every column the page derives from one) reads as
    words in Dutch and in English."""
    derived = derive.seasonal_index(
        pl.DataFrame({"area": ["VL"], "month": [date(2020, 1, 1)], "registrations": [10]})
    )
    missing = []
    for name in list_queries():
        if name == "build_info":
            continue
        columns = [c for c in query_header(name).column_names if not c.endswith("_ckey")]
        empty = pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
        for lang in ("nl", "en"):
            headers = tables.reader_table(empty, lang, query=name).frame.columns
            missing += [f"{name}: {h} ({lang})" for h in headers if _looks_like_a_code(h)]
    for lang in ("nl", "en"):
        headers = tables.reader_table(derived, lang, indicator="seasonal_index").frame.columns
        missing += [f"seasonal index: {h} ({lang})" for h in headers if _looks_like_a_code(h)]
    assert not missing, missing


def test_column_labels_reuse_the_label_catalogue() -> None:
    """The column-label map writes no word the label catalogue already has under another key."""
    catalogue_words = {pair for pair in i18n.LABELS.values()}
    capitalised = {(nl[:1].upper() + nl[1:], en[:1].upper() + en[1:]) for nl, en in catalogue_words}
    for column, pair in i18n.COLUMN_LABELS.items():
        # a pair equal to a LABELS word (or its capitalised form) must be that word, taken from it
        assert pair in catalogue_words | capitalised or all(
            pair[0].lower() != nl.lower() for nl, _ in catalogue_words
        ), column


# ---------------------------------------------------------------------------------------------
# Every page's tables and downloads


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


def _open(default_db: Path, monkeypatch: pytest.MonkeyPatch, **params: list[str] | str) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_table_reads_in_the_language(
    default_db: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """On every page, in Dutch and English, no table header is a code and no cell is blank or None."""
    at = _open(default_db, monkeypatch, regio=["BRU"], jaar=["2022", "2024"], taal=lang)
    codes = {c for name in list_queries() for c in query_header(name).column_names}
    bad: list[str] = []
    for page in PAGES:
        if page != PAGES[0]:
            at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.dataframe, page
        for element in at.dataframe:
            frame = element.value
            config = json.loads(element.proto.columns or "{}")
            bad += [f"{page}: header {c!r}" for c in frame.columns if c in codes or _looks_like_a_code(c)]
            # a date travels as a timestamp; the table shows it as a date, not '2020-01-01 00:00:00'
            for column in frame.select_dtypes("datetime").columns:
                if config.get(column, {}).get("type_config", {}).get("type") != "date":
                    bad.append(f"{page}: {column!r} is shown with a time")
            for column in frame.columns:
                values = frame[column].tolist()
                if any(v is None or (isinstance(v, float) and v != v) for v in values):
                    bad.append(f"{page}: {column!r} has a blank")
                if any(str(v) == "None" for v in values):
                    bad.append(f"{page}: {column!r} reads None")
    assert not bad, bad[:20]


def test_extension_csv_of_the_page(default_db: Path, monkeypatch: pytest.MonkeyPatch, clicks) -> None:
    """Verlengingen for Limburg 2022–2024: the per-module CSV has its header block and the reader's
    table; its name carries page, figure, area and period."""
    at = _open(default_db, monkeypatch, regio=["LIM"], jaar=["2022", "2024"])
    at.switch_page("pages/verlengingen.py").run()
    assert not at.exception
    name = "verlengingen_verlengingsgraad-per-module-over-de-periode_limburg_2022-2024.csv"
    assert name in clicks, sorted(clicks)
    data = clicks[name]()
    rows = _csv_rows(data if isinstance(data, bytes) else data.encode("utf-8"))
    assert rows[0] == ["Verlengingsgraad per module over de periode"]
    assert rows[1] == ["Selectie", "Limburg"]
    assert rows[2] == ["Periode", "2022–2024"]
    assert rows[3] == ["Bron", "INSISTO"]
    assert rows[4][0] == "Gegevensversie"
    assert rows[6] == ["Link", "/verlengingen?regio=LIM&jaar=2022&jaar=2024"]
    assert rows[7] == ["SYNTHETISCHE GEGEVENS"]
    assert rows[8] == []
    assert rows[9] == ["Gebied", "Module", "Opgestart", "Verlengd", "Verlengingsgraad per module (%)"]
    body = rows[10:]
    assert {r[0] for r in body} == {"Limburg", "Vlaanderen"}
    assert {r[1] for r in body} <= {i18n.name(i18n.MODULE_NAMES, m) for m in i18n.MODULE_NAMES}
    for row in body:
        assert all(cell and cell != "None" for cell in row), row
        for count in row[2:4]:
            assert count == "<10" or (count.isdigit() and int(count) % 5 == 0), row


def test_two_selections_get_two_file_names(default_db: Path, monkeypatch: pytest.MonkeyPatch, clicks) -> None:
    """Downloads of the same figure for two views never share a name: the second does not overwrite
    the first; a module and age choice are in the name too."""
    at = _open(default_db, monkeypatch, regio=["LIM"], jaar=["2022", "2024"])
    at.switch_page("pages/verlengingen.py").run()
    first = {n for n in clicks if n.startswith("verlengingen_")}
    clicks.clear()
    at = _open(
        default_db,
        monkeypatch,
        regio=["ANT", "LIM"],
        jaar=["2019", "2021"],
        module="ambulant",
        leeftijd="12-14",
    )
    at.switch_page("pages/verlengingen.py").run()
    second = {n for n in clicks if n.startswith("verlengingen_")}
    assert first and second and not first & second
    assert (
        "verlengingen_verlengingsgraad-per-module-over-de-periode_antwerpen-limburg_2019-2021"
        "_ambulante-modules_12-14-jaar.csv"
    ) in second


def test_nan_reads_like_a_hidden_figure() -> None:
    """A percentage of nothing (NaN) reads '–' on screen and in the CSV, and is text in the XLSX."""
    frame = pl.DataFrame({"area": ["VL"], "extended_pct": [float("nan")]})
    reader = tables.reader_table(frame, "nl", indicator="extension_rate_by_module")
    assert reader.shown().row(0) == ("Vlaanderen", "–")
    got = cells(export.xlsx_bytes(pl.DataFrame({"x": [float("nan")]}), PROVENANCE))
    assert "–" in got.values()
