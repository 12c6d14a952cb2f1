"""Downloads: data as CSV and XLSX, charts as PNG and SVG, each carrying its source and filters.

No Streamlit here: the regional report and the position-paper pack reuse these functions. The
image and spreadsheet libraries are imported when a file is made, not when a page is drawn.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl

# Spreadsheet formula injection: a cell starting with one of these is run as a formula by Excel.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = b"\xef\xbb\xbf"


class Drawable(Protocol):
    """A chart that writes itself as a Vega-Lite spec: a `present.charts.Chart` or an Altair chart."""

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Provenance:
    """What a downloaded table or image says about itself."""

    title: str
    filters: str
    source: str
    data_version: str
    mode: str
    synthetic_mark: str | None = None  # e.g. "synthetische gegevens" on the synthetic default

    def lines(self) -> list[str]:
        """The provenance as short lines, for a chart's subtitle or a sheet."""
        out = [self.filters, f"{self.source} · {self.data_version} · {self.mode}"]
        if self.synthetic_mark:
            out.append(self.synthetic_mark.upper())
        return out


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""
    text_cols = [c for c, t in frame.schema.items() if t == pl.String]
    if not text_cols:
        return frame
    pattern = "^[" + "".join("\\" + p if p in "-+" else p for p in _FORMULA_PREFIXES) + "]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then("'" + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_cols
    )


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """CSV as Belgian Excel opens it: `;`-separated, decimal comma, UTF-8 with BOM."""
    body = neutralise_formulas(frame).write_csv(separator=";", decimal_comma=True)
    return UTF8_BOM + body.encode("utf-8")


def xlsx_bytes(frame: pl.DataFrame, provenance: Provenance, sheet: str = "gegevens") -> bytes:
    """An XLSX workbook: the data on one sheet, its provenance on a second."""
    buffer = io.BytesIO()
    import xlsxwriter

    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        neutralise_formulas(frame).write_excel(book, worksheet=sheet[:31], autofit=True)
        about = pl.DataFrame(
            {
                "veld": ["titel", "filters", "bron", "gegevensversie", "modus", "opmerking"],
                "waarde": [
                    provenance.title,
                    provenance.filters,
                    provenance.source,
                    provenance.data_version,
                    provenance.mode,
                    provenance.synthetic_mark or "",
                ],
            }
        )
        neutralise_formulas(about).write_excel(book, worksheet="bron", autofit=True)
    return buffer.getvalue()


def _with_provenance(chart: Drawable, provenance: Provenance) -> dict:
    """The chart's Vega-Lite spec with title, filters, source and mark as its title block."""
    spec = chart.to_dict()
    spec["title"] = {
        "text": provenance.title,
        "subtitle": provenance.lines(),
        "anchor": "start",
        "subtitleColor": "#444444",
    }
    spec.setdefault("config", {}).setdefault("background", "white")
    return spec


def chart_svg(chart: Drawable, provenance: Provenance, locale: str = "nl-NL") -> bytes:
    """The chart as SVG, with its provenance drawn in."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(
        _with_provenance(chart, provenance), format_locale=locale, time_format_locale=locale
    )
    return svg.encode("utf-8")


def chart_png(chart: Drawable, provenance: Provenance, locale: str = "nl-NL", ppi: int = 150) -> bytes:
    """The chart as PNG (300 ppi for print when asked), with its provenance drawn in."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(
        _with_provenance(chart, provenance),
        ppi=ppi,
        format_locale=locale,
        time_format_locale=locale,
    )
