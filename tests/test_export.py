"""Downloads: CSV that Belgian Excel opens, XLSX with its provenance, charts as PNG and SVG."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import altair as alt
import polars as pl

from present import export

PROVENANCE = export.Provenance(
    title="Verlengingsgraad per jaar",
    filters="Antwerpen · 2019–2021",
    source="Bron: INSISTO",
    data_version="Gegevensversie 2025-12-31-abc",
    mode="Publieke modus",
    synthetic_mark="synthetische gegevens",
)
FRAME = pl.DataFrame({"area": ["ANT", '=HYPERLINK("x")'], "year": [2019, 2020], "pct": [4.5, 70.25]})


def test_csv_is_semicolon_separated_with_bom_and_decimal_comma() -> None:
    """The CSV starts with a UTF-8 BOM, uses ';' and writes 70,25 with a decimal comma."""
    data = export.csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].decode("utf-8").splitlines()
    assert lines[0] == "area;year;pct"
    assert lines[1] == "ANT;2019;4,5"


def test_csv_neutralises_spreadsheet_formulas() -> None:
    """A text cell starting with '=' gets an apostrophe so Excel shows it instead of running it."""
    rows = list(csv.reader(io.StringIO(export.csv_bytes(FRAME)[3:].decode("utf-8")), delimiter=";"))
    assert rows[2][0] == '\'=HYPERLINK("x")'
    for prefix in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"]:
        cell = export.neutralise_formulas(pl.DataFrame({"c": [prefix]}))["c"][0]
        assert cell == "'" + prefix


def test_xlsx_holds_data_and_provenance_sheets() -> None:
    """The workbook has the numbers under the header block and a 'bron' sheet with the selection,
    source, version and mark."""
    data = export.xlsx_bytes(FRAME, PROVENANCE)
    assert set(pl.read_excel(io.BytesIO(data), sheet_id=0)) == {"gegevens", "bron"}
    # the header block takes the first 6 rows (title, selection, source, version, mode, mark: this
    # provenance has no period or link of its own), then a blank row
    assert len(PROVENANCE.block()) == 6
    table = pl.read_excel(io.BytesIO(data), sheet_name="gegevens", read_options={"header_row": 7})
    assert table["year"].to_list() == [2019, 2020]
    about = pl.read_excel(io.BytesIO(data), sheet_name="bron")
    fields = dict(zip(about["veld"], about["waarde"], strict=True))
    assert fields["Selectie"] == "Antwerpen · 2019–2021"
    assert fields["Bron"] == "INSISTO"
    assert fields["Opmerking"] == "synthetische gegevens"


# A dashboard download's provenance: the selection apart from its period, and the view's link.
VIEW = replace(
    PROVENANCE,
    title="Verlengingsgraad per module over de periode",
    filters="Limburg · 2022–2024 · Crisishulp aan huis",
    selection="Limburg · Crisishulp aan huis",
    period="2022–2024",
    link="http://localhost:8501/verlengingen?regio=LIM&jaar=2022&jaar=2024&module=crisishulp_aan_huis",
)


def test_csv_starts_with_the_header_block() -> None:
    """Title, selection, period, source, version, mode, link and mark, a blank line, the table."""
    lines = export.csv_bytes(FRAME, VIEW)[3:].decode("utf-8").splitlines()
    assert lines[:10] == [
        "Verlengingsgraad per module over de periode",
        "Selectie;Limburg · Crisishulp aan huis",
        "Periode;2022–2024",
        "Bron;INSISTO",
        "Gegevensversie;2025-12-31-abc",
        "Cijfermodus;Publieke modus",
        "Link;http://localhost:8501/verlengingen?regio=LIM&jaar=2022&jaar=2024&module=crisishulp_aan_huis",
        "SYNTHETISCHE GEGEVENS",
        "",
        "area;year;pct",
    ]
    assert lines[10] == "ANT;2019;4,5"
    # The area is named once in the block: in the selection.
    assert sum("Limburg" in line for line in lines[:9]) == 1


def test_header_block_in_english() -> None:
    """An English reader's block has English labels."""
    english = replace(VIEW, lang="en", source="Source: INSISTO", data_version="Data version 2025-12-31-abc")
    lines = export.csv_bytes(FRAME, english)[3:].decode("utf-8").splitlines()
    assert lines[1:5] == [
        "Selection;Limburg · Crisishulp aan huis",
        "Period;2022–2024",
        "Source;INSISTO",
        "Data version;2025-12-31-abc",
    ]
    about = pl.read_excel(io.BytesIO(export.xlsx_bytes(FRAME, english)), sheet_name="bron")
    assert about.columns == ["field", "value"]
    assert about["field"].to_list() == [
        "Title", "Selection", "Period", "Source", "Data version", "Figures", "Link", "Note",
    ]  # fmt: skip


def test_header_block_neutralises_formulas() -> None:
    """A title or selection that starts with '=' is text in the CSV's block, not a formula."""
    hostile = replace(VIEW, title='=HYPERLINK("x")', selection="+Limburg")
    rows = list(csv.reader(io.StringIO(export.csv_bytes(FRAME, hostile)[3:].decode("utf-8")), delimiter=";"))
    assert rows[0] == ['\'=HYPERLINK("x")']
    assert rows[1] == ["Selectie", "'+Limburg"]


def cells(data: bytes, sheet: int = 1) -> dict[str, object]:
    """The cells of a workbook's sheet by address ('B12'): a number as a float, a text as a str."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        xml = book.read(f"xl/worksheets/sheet{sheet}.xml").decode("utf-8")
        shared = (
            book.read("xl/sharedStrings.xml").decode("utf-8")
            if "xl/sharedStrings.xml" in book.namelist()
            else ""
        )
    strings = [html.unescape(re.sub(r"<[^>]+>", "", s)) for s in re.findall(r"<si>(.*?)</si>", shared, re.S)]
    out: dict[str, object] = {}
    for ref, kind, value in re.findall(
        r'<c r="([A-Z]+\d+)"(?: s="\d+")?(?: t="(\w+)")?[^>]*><v>([^<]*)</v>', xml
    ):
        out[ref] = strings[int(value)] if kind == "s" else float(value)
    return out


def test_xlsx_writes_shown_counts_as_numbers_and_hidden_ones_as_text() -> None:
    """A count column with a hidden value: the shown counts are numeric cells, the hidden one the
    text '<10'; a hidden percentage reads '–'; a date is a date cell; the block sits above."""
    frame = pl.DataFrame(
        {
            "Gebied": ["Limburg", "Vlaanderen"],
            "Maand": [date(2022, 1, 1), date(2022, 2, 1)],
            "Verlengd": [None, 65],
            "Verlengd (%)": [None, 4.1],
        },
        schema_overrides={"Verlengd": pl.Int64, "Verlengd (%)": pl.Float64},
    )
    data = export.xlsx_bytes(frame, VIEW, hidden={"Verlengd": "<10", "Verlengd (%)": "–"})
    got = cells(data)
    assert got["A1"] == "Verlengingsgraad per module over de periode"
    assert (got["A2"], got["B2"]) == ("Selectie", "Limburg · Crisishulp aan huis")
    assert got["A8"] == "SYNTHETISCHE GEGEVENS"
    # row 9 is blank, row 10 the headers, rows 11 and 12 the table
    assert [got["A10"], got["B10"], got["C10"], got["D10"]] == ["Gebied", "Maand", "Verlengd", "Verlengd (%)"]
    assert (got["C11"], got["D11"]) == ("<10", "–")
    assert (got["C12"], got["D12"]) == (65.0, 4.1)
    assert got["B11"] == 44562.0  # 1 January 2022 as Excel counts days


def test_xlsx_turns_numbers_in_a_text_column_with_marks_into_numbers() -> None:
    """The pack's form of a table (counts as text because one reads '<10') still gives numbers."""
    frame = pl.DataFrame({"Gebied": ["Limburg", "Vlaanderen"], "Opgestart": ["<10", "1415"]})
    got = cells(export.xlsx_bytes(frame, VIEW))
    assert (got["B11"], got["B12"]) == ("<10", 1415.0)


def test_chart_images_carry_title_filters_source_and_mark() -> None:
    """The SVG shows the title, the filters, the source and 'SYNTHETISCHE GEGEVENS'; the PNG is a PNG."""
    chart = alt.Chart(FRAME).mark_bar().encode(x="year:O", y="pct:Q")
    svg = export.chart_svg(chart, PROVENANCE).decode("utf-8")
    for text in [
        "Verlengingsgraad per jaar",
        "Antwerpen · 2019–2021",
        "Bron: INSISTO",
        "SYNTHETISCHE GEGEVENS",
    ]:
        assert text in svg
    png = export.chart_png(chart, PROVENANCE)
    assert png.startswith(b"\x89PNG")


def test_chart_images_carry_period_and_link_and_name_the_area_once() -> None:
    """A dashboard chart's image: the selection and period on one line, the link below, the area
    not repeated."""
    chart = alt.Chart(FRAME).mark_bar().encode(x="year:O", y="pct:Q")
    assert export._with_provenance(chart, VIEW)["title"]["subtitle"] == [
        "Limburg · Crisishulp aan huis · 2022–2024",
        "Bron: INSISTO · Gegevensversie 2025-12-31-abc · Publieke modus",
        "http://localhost:8501/verlengingen?regio=LIM&jaar=2022&jaar=2024&module=crisishulp_aan_huis",
        "SYNTHETISCHE GEGEVENS",
    ]
    svg = export.chart_svg(chart, VIEW).decode("utf-8")
    assert "2022–2024" in svg and "regio=LIM" in svg.replace("&amp;", "&")
