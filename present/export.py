"""Downloads: data as CSV and XLSX, charts as PNG and SVG, each carrying its source and filters.

A table's CSV and XLSX start with a short header block (title, selection, period, source, data
version, disclosure mode, the view's link, the synthetic-data mark), then the table; an image draws
the same under its title. No Streamlit here: the regional report and the position-paper pack reuse
these functions. The image and spreadsheet libraries are imported when a file is made, not when a
page is drawn.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl

from present import i18n, tables

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
    filters: str  # the view in words, period included (the pack's CITATION.txt and 'bron' sheet)
    source: str  # "Bron: INSISTO"
    data_version: str  # "Gegevensversie 2025-…"
    mode: str
    synthetic_mark: str | None = None  # e.g. "synthetische gegevens" on the synthetic default
    # Where set (the dashboard's downloads), the view apart from its period, so that a header block
    # or an image names the areas once and the period on its own line; else `filters` stands.
    selection: str = ""
    period: str = ""  # "2022–2024"
    link: str = ""  # the address that reopens the view
    lang: str = "nl"  # the language of the header block's and the 'bron' sheet's labels

    def lines(self) -> list[str]:
        """The provenance as short lines, for a chart's subtitle or a sheet."""
        where = " · ".join(p for p in (self.selection or self.filters, self.period) if p)
        out = [where, f"{self.source} · {self.data_version} · {self.mode}"]
        if self.link:
            out.append(self.link)
        if self.synthetic_mark:
            out.append(self.synthetic_mark.upper())
        return out

    def block(self) -> list[tuple[str, str]]:
        """The header block above a downloaded table: (label, value) rows in the reader's language;
        the title and the synthetic-data mark stand alone (label '')."""
        lang = self.lang

        def value(text: str, key: str) -> str:
            # "Bron: INSISTO" under the label "Bron" reads "INSISTO"
            label = i18n.text(key, lang)
            return text[len(label) :].lstrip(": ") if text.startswith(label) else text

        rows = [
            ("", self.title),
            (i18n.text("pack_selection", lang), self.selection or self.filters),
            (i18n.text("dl_period", lang), self.period),
            (i18n.text("source", lang), value(self.source, "source")),
            (i18n.text("data_version", lang), value(self.data_version, "data_version")),
            (i18n.text("pack_mode", lang), self.mode),
            (i18n.text("dl_link", lang), self.link),
        ]
        if self.synthetic_mark:
            rows.append(("", self.synthetic_mark.upper()))
        return [(label, text) for label, text in rows if text]


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


def _neutral(text: str) -> str:
    """One text cell with a formula character in front neutralised (as `neutralise_formulas`)."""
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def csv_bytes(frame: pl.DataFrame, provenance: Provenance | None = None) -> bytes:
    """CSV as Belgian Excel opens it: `;`-separated, decimal comma, UTF-8 with BOM; with a
    provenance, its header block first (a `;`-separated line per row), a blank line, the table."""
    body = neutralise_formulas(frame).write_csv(separator=";", decimal_comma=True)
    if provenance is not None:
        head = io.StringIO()
        writer = csv.writer(head, delimiter=";", lineterminator="\n")
        for label, text in provenance.block():
            writer.writerow([_neutral(label), _neutral(text)] if label else [_neutral(text)])
        body = head.getvalue() + "\n" + body
    return UTF8_BOM + body.encode("utf-8")


# What a hidden value reads in a table: text in a column of numbers.
_MARKS = frozenset({tables.HIDDEN_COUNT, tables.HIDDEN_FIGURE})
# A number as a table writes it in text: 1415, 70,4 or 70.4 (no exponent, 'nan' or '1_000').
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def _number(text: str) -> float | int | None:
    """A number written as text ('1415', '70,4', '70.4'), or None when it is none."""
    if not _NUMBER.fullmatch(text):
        return None
    return float(text.replace(",", ".")) if "," in text or "." in text else int(text)


def xlsx_bytes(
    frame: pl.DataFrame,
    provenance: Provenance,
    sheet: str = "gegevens",
    *,
    hidden: Mapping[str, str] | None = None,
) -> bytes:
    """An XLSX workbook: the header block and the table on one sheet, the provenance on 'bron'.

    Numbers stay numbers, cell by cell: a hidden value (null) is written as its mark from `hidden`
    (column -> '<10' or '–'), and in a text column that mixes marks and numbers ('<10', '15') the
    numbers are written as numbers."""
    buffer = io.BytesIO()
    import xlsxwriter

    hidden = dict(hidden or {})
    lang = provenance.lang
    # Never turn a text into a formula, a number or a link: what is text stays text.
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
               "strings_to_urls": False}  # fmt: skip
    with xlsxwriter.Workbook(buffer, options) as book:
        bold = book.add_format({"bold": True})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        data = book.add_worksheet(sheet[:31])
        widths = [0] * max(frame.width, 2)
        row = 0
        for label, text in provenance.block():
            if label:
                data.write_string(row, 0, _neutral(label), bold)
                data.write_string(row, 1, _neutral(text))
            else:
                data.write_string(row, 0, _neutral(text), bold)
            row += 1
        row += 1  # a blank row between the block and the table
        for col, name in enumerate(frame.columns):
            data.write_string(row, col, _neutral(name), bold)
            widths[col] = max(widths[col], len(name))
        mixed = {c for c, t in frame.schema.items() if t == pl.String and frame[c].is_in(list(_MARKS)).any()}
        for values in frame.iter_rows():
            row += 1
            for col, (name, cell) in enumerate(zip(frame.columns, values, strict=True)):
                if cell is None:
                    text = hidden.get(name, "")
                    if text:
                        data.write_string(row, col, text)
                elif isinstance(cell, bool):
                    data.write_boolean(row, col, cell)
                elif isinstance(cell, float) and not math.isfinite(cell):
                    data.write_string(row, col, hidden.get(name, "–"))  # Excel has no NaN
                elif isinstance(cell, int | float):
                    data.write_number(row, col, cell)
                elif isinstance(cell, dt.date):
                    data.write_datetime(row, col, cell, day)
                else:
                    text = str(cell)
                    number = _number(text) if name in mixed and text not in _MARKS else None
                    if number is None:
                        data.write_string(row, col, _neutral(text))
                    else:
                        data.write_number(row, col, number)
                widths[col] = max(widths[col], len(str(cell)) if cell is not None else 3)
        for col, width in enumerate(widths[: frame.width]):
            data.set_column(col, col, min(max(width, 6) + 2, 60))
        about = book.add_worksheet("bron")
        about.write_string(0, 0, i18n.text("dl_field", lang), bold)
        about.write_string(0, 1, i18n.text("dl_value", lang), bold)
        rows = [(label or i18n.text("dl_title", lang), text) for label, text in provenance.block()]
        if provenance.synthetic_mark:  # the mark under its own label, as written on the image
            rows[-1] = (i18n.text("dl_note", lang), provenance.synthetic_mark)
        for index, (label, text) in enumerate(rows, start=1):
            about.write_string(index, 0, _neutral(label))
            about.write_string(index, 1, _neutral(text))
        about.set_column(0, 0, 18)
        about.set_column(1, 1, 80)
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
