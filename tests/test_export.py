"""Downloads: CSV that Belgian Excel opens, XLSX with its provenance, charts as PNG and SVG."""

from __future__ import annotations

import csv
import io

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
    """The workbook has the numbers and a 'bron' sheet with filters, source, version and mark."""
    data = export.xlsx_bytes(FRAME, PROVENANCE)
    sheets = pl.read_excel(io.BytesIO(data), sheet_id=0)
    assert set(sheets) == {"gegevens", "bron"}
    assert sheets["gegevens"]["year"].to_list() == [2019, 2020]
    about = dict(zip(sheets["bron"]["veld"], sheets["bron"]["waarde"], strict=True))
    assert about["filters"] == "Antwerpen · 2019–2021"
    assert about["opmerking"] == "synthetische gegevens"


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
