"""The key figures in their formats: JSON with fixed keys, Dutch text shaped like the answer to a
written parliamentary question, and an Excel workbook with a definitions sheet."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from data.schema import REGIONS
from present import catalogue, i18n
from queries import disclosure
from queries.disclosure import EXACT, PUBLIC, Mode
from report.keyfigures.compute import (
    COUNT_COLUMNS,
    DEFINITIONS,
    EXACT_WARNING,
    MODE_HEADERS,
    PCT_DENOMINATORS,
    SMALL_COUNT_MARK,
    SMALL_COUNT_SUFFIX,
    KeyFigures,
    is_small,
    quiet_tie,
)

# Month names as the Dutch text writes them (Babel: januari ... december).
_MONTHS = i18n.month_names("nl")

FORMATS: tuple[str, ...] = ("json", "md", "xlsx")


def to_json(figures: KeyFigures) -> str:
    """The figures as indented JSON with the fixed keys, the mode first."""
    return json.dumps(figures.as_dict(), ensure_ascii=False, indent=2)


def format_count(value: int | None) -> str:
    """A count in Dutch notation: 1417 -> '1.417'; a hidden count (None) -> '<10'."""
    return i18n.fmt_count(value, "nl")


def format_pct(value: float | None) -> str:
    """A percentage in Dutch notation with one decimal: 70.3 -> '70,3 %'."""
    return "n.b." if value is None else i18n.fmt_pct(float(value), "nl")


def count_text(value: int | None, mode: Mode) -> str:
    """A count as the text writes it: '1.417', '<10', and in exact mode '3 (klein aantal: niet
    publiceren)' for a count of 1 to 9."""
    text = format_count(value)
    return text + SMALL_COUNT_SUFFIX if mode == EXACT and is_small(value) else text


def pct_text(value: float | None, denominator: int | None) -> str:
    """A percentage: '70,3 %'; 'n.b.' without data (denominator 0); '–' when public mode hides it."""
    if value is not None:
        return format_pct(value)
    return "n.b." if denominator == 0 else "–"


def _join_nl(items: list[str]) -> str:
    """Join items the Dutch way: 'a', 'a en b', 'a, b en c' (Babel's list patterns)."""
    return i18n.join(items, "nl")


def _period_phrase(figures: KeyFigures) -> str:
    """'In de periode 2019-2021' or 'In 2021'."""
    if figures.year_from == figures.year_to:
        return f"In {figures.year_from}"
    return f"In de periode {figures.year_from}-{figures.year_to}"


def _area_phrase(figures: KeyFigures) -> str:
    """The area the figures cover, in words."""
    if figures.all_flanders:
        return "heel Vlaanderen (alle IROJ-regio's)"
    names = [f"{REGIONS[c]} ({c})" for c in figures.regions]
    return ("IROJ-regio " if len(names) == 1 else "IROJ-regio's ") + _join_nl(names)


def _per_year(figures: KeyFigures, fmt: Callable[[dict[str, Any]], str]) -> str:
    """'84 in 2019, 90 in 2020 en 108 in 2021': `fmt` writes the value of one by_year row."""
    return _join_nl([f"{fmt(row)} in {row['year']}" for row in figures.by_year.iter_rows(named=True)])


def _plural(count: int | None, one: str, many: str, mode: Mode) -> str:
    """'1 gezin', '1.417 gezinnen', '<10 gezinnen'."""
    return f"{count_text(count, mode)} {one if count == 1 else many}"


def _source(key: str) -> str:
    """The source system of a key figure (from the indicator catalogue)."""
    return catalogue.indicator(key).source


def _label(key: str) -> str:
    """The Dutch label of a key figure (from the indicator catalogue)."""
    return catalogue.indicator(key).label("nl")


def to_markdown(figures: KeyFigures) -> str:
    """The figures as Dutch text in the style of an answer to a written parliamentary question,
    after a first line that says which figures these are (protected, or exact and not to publish)."""
    mode = figures.mode
    total = figures.totals.row(0, named=True)
    d = figures.as_dict()
    period = _period_phrase(figures)
    span = (
        str(figures.year_from)
        if figures.year_from == figures.year_to
        else f"{figures.year_from}-{figures.year_to}"
    )
    quiet = _join_nl([_MONTHS[m - 1] for m in d["quiet_months"]])
    started = d["chah_started"]
    years = list(figures.by_year.iter_rows(named=True))
    goal_missing = any(r["goal_positive_pct"] is None and r["goal_registered"] == 0 for r in years)
    goal_hidden = any(r["goal_positive_pct"] is None and r["goal_registered"] != 0 for r in years)
    goal_notes = []
    if goal_missing:
        goal_notes.append("n.b.: niet beschikbaar, geen doelrealisatie geregistreerd")
    if goal_hidden:
        goal_notes.append("–: niet getoond, te weinig trajecten met een geregistreerde doelrealisatie")
    quiet_line = (
        "8. De rustigste maanden, met de minste aanmeldingen voor crisishulp aan huis over"
        f" {span}, zijn {quiet}"
        + (" (gerangschikt op de beschermde maandaantallen)" if mode == PUBLIC else "")
        + "."
    )
    tie = quiet_tie(figures)
    if tie is not None:
        third, fourth = _MONTHS[tie[0] - 1], _MONTHS[tie[1] - 1]
        hidden = figures.quiet_months.filter(pl.col("month") == tie[0])["registrations"][0] is None
        if mode == EXACT:
            same = f"heeft evenveel aanmeldingen als {third}"
        elif hidden:
            same = f"is net als {third} niet getoond ('<10')"
        else:
            same = f"heeft hetzelfde beschermde aantal als {third}"
        quiet_line += (
            f" {fourth.capitalize()} {same}; bij gelijke aantallen telt volgens de definitie de"
            " vroegste maand."
        )
    quiet_line += f" (bron: {_source('quiet_months')})"
    lines = [
        MODE_HEADERS[mode],
        "",
        f"# Kerncijfers crisishulp {span}",
        "",
        f"Gebied: {_area_phrase(figures)}.",
        "",
        f"1. {period} werd crisishulp aan huis opgestart bij"
        f" {_plural(d['families_chah_started'], 'gezin', 'gezinnen', mode)}."
        f" (bron: {_source('families_chah_started')})",
        "",
        f"2. {period} {'werd' if started == 1 else 'werden'}"
        f" {_plural(started, 'traject', 'trajecten', mode)} crisishulp aan huis opgestart."
        f" Bij {count_text(d['chah_extended'], mode)} daarvan"
        f" ({pct_text(d['chah_extended_pct'], total['chah_started'])})"
        f" werd de standaardtermijn van 28 dagen verlengd. (bron: {_source('chah_extended')})",
        "",
        "3. Het aantal opgestarte trajecten crisishulp aan huis bedraagt"
        f" {_per_year(figures, lambda r: count_text(r['chah_started'], mode))}."
        f" (bron: {_source('chah_started')})",
        "",
        "4. Het aandeel afgesloten ambulante crisistrajecten (crisishulp aan huis,"
        " crisisbegeleiding en crisisinterventie) waarvan de doelen bereikt of grotendeels"
        " bereikt werden, op de trajecten met een geregistreerde doelrealisatie, bedraagt"
        f" {_per_year(figures, lambda r: pct_text(r['goal_positive_pct'], r['goal_registered']))}"
        + "".join(f" ({note})" for note in goal_notes)
        + f". (bron: {_source('goal_positive_pct')})",
        "",
        "5. Het aantal afgesloten ambulante crisistrajecten waarbij een plaatsing werd"
        f" geadviseerd, bedraagt {_per_year(figures, lambda r: count_text(r['placement_advised'], mode))}."
        f" (bron: {_source('placement_advised')})",
        "",
        f"6. Doorverwijzingen bij de afsluiting van de ambulante crisistrajecten"
        f" (bron: {_source('referred_inside')}):",
        "",
        "   | Jaar | "
        + " | ".join(_label(k) for k in ("ambulatory_ended", "referred_inside", "referred_outside"))
        + " |",
        "   |---:|---:|---:|---:|",
    ]
    for row in years:
        lines.append(
            f"   | {row['year']} | {count_text(row['ambulatory_ended'], mode)}"
            f" | {count_text(row['referred_inside'], mode)} | {count_text(row['referred_outside'], mode)} |"
        )
    lines += [
        "",
        "   Opgelet: de doorverwijzingen binnen en buiten Opgroeien mogen niet worden opgeteld."
        " Eenzelfde traject (gezin) kan zowel binnen als buiten Opgroeien worden doorverwezen.",
        "",
        f"7. {period} kon crisishulp aan huis niet worden opgestart voor"
        f" {_plural(d['could_not_start_minors'], 'unieke minderjarige', 'unieke minderjarigen', mode)}"
        f" die ervoor werden aangemeld. (bron: {_source('could_not_start_minors')})",
        "",
        quiet_line,
        "",
        "---",
        "",
        "Bronnen: INSISTO is het registratiesysteem van de crisismeldpunten; BINC is de"
        " registratie van de geboden hulp. Percentages met één decimaal. Ter vergelijking:"
        " crisishulp aan huis start binnen 24 uur en duurt in principe maximaal 28 dagen.",
    ]
    if mode == PUBLIC:
        lines += [
            "",
            "Beschermde cijfers, zoals op het dashboard: '<10' is een aantal onder 10 dat niet"
            " getoond wordt; '–' is een percentage dat niet getoond wordt omdat de aantallen te"
            " klein zijn; n.b.: niet beschikbaar. Tel getoonde aantallen niet op tot nieuwe"
            " totalen: neem het getoonde totaal.",
        ]
    else:
        lines += ["", EXACT_WARNING + "."]
    if figures.data_version:
        lines += ["", f"Gegevensversie: {figures.data_version}."]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Formats:
    """The cell formats of the workbook."""

    note: Any
    header: Any
    count: Any
    small: Any
    mark: Any
    pct: Any
    text: Any


def _formats(workbook: xlsxwriter.Workbook, mode: Mode) -> _Formats:
    red = "#B3261E"
    return _Formats(
        note=workbook.add_format(
            {"bold": True, "font_color": red if mode == EXACT else "#0B3D66"}
            | ({"bg_color": "#FBE9E7"} if mode == EXACT else {})
        ),
        header=workbook.add_format({"bold": True, "bottom": 1}),
        count=workbook.add_format({"num_format": "0", "align": "right"}),
        small=workbook.add_format(
            {"num_format": "0", "align": "right", "bold": True, "font_color": red, "bg_color": "#FBE9E7"}
        ),
        mark=workbook.add_format({"bold": True, "font_color": red}),
        pct=workbook.add_format({"num_format": "0.0", "align": "right"}),
        text=workbook.add_format({"align": "right"}),
    )


def _write_sheet(
    workbook: xlsxwriter.Workbook,
    name: str,
    frame: pl.DataFrame,
    note: str,
    mode: Mode,
    formats: _Formats,
) -> None:
    """One sheet: the mode note in row 1, the column names in row 2, then the rows.

    Counts are numbers ('<10' where public mode hides one), percentages numbers with one decimal
    ('–' where hidden, 'n.b.' without data). In exact mode each count column is followed by a
    column '<count>_let_op' that reads 'klein aantal: niet publiceren' beside every count of 1 to
    9 (which is also shown in bold red), so the marking is in plain sight, printed and copied with
    the row, unlike a cell comment.
    """
    sheet = workbook.add_worksheet(name)
    columns: list[tuple[str, str | None]] = []  # (header, the column it marks) per sheet column
    for column in frame.columns:
        columns.append((column, None))
        if mode == EXACT and column in COUNT_COLUMNS:
            columns.append((f"{column}_let_op", column))
    widths = [len(header) for header, _ in columns]
    for j, (header, _) in enumerate(columns):
        sheet.write_string(1, j, header, formats.header)
    for i, row in enumerate(frame.iter_rows(named=True), start=2):
        for j, (header, marks) in enumerate(columns):
            if marks is not None:
                text = SMALL_COUNT_MARK if is_small(row[marks]) else ""
                if text:
                    sheet.write_string(i, j, text, formats.mark)
                widths[j] = max(widths[j], len(text))
                continue
            value = row[header]
            if header in COUNT_COLUMNS:
                if value is None:
                    sheet.write_string(i, j, disclosure.SMALL_COUNT_LABEL, formats.text)
                else:
                    small = mode == EXACT and is_small(value)
                    sheet.write_number(i, j, int(value), formats.small if small else formats.count)
                shown = format_count(value)
            elif header in PCT_DENOMINATORS:
                if value is None:
                    shown = pct_text(None, row.get(PCT_DENOMINATORS[header]))
                    sheet.write_string(i, j, shown, formats.text)
                else:
                    sheet.write_number(i, j, float(value), formats.pct)
                    shown = f"{float(value):.1f}"
            elif value is None:
                shown = ""
            elif isinstance(value, bool):
                sheet.write_boolean(i, j, value)
                shown = str(value).upper()
            elif isinstance(value, int | float):
                sheet.write_number(i, j, value)
                shown = str(value)
            else:
                shown = str(value)
                sheet.write_string(i, j, shown)
            widths[j] = max(widths[j], len(shown))
    for j, width in enumerate(widths):
        sheet.set_column(j, j, min(width, 80) + 2)
    # After the widths: the note runs on over the empty cells to its right.
    sheet.write_string(0, 0, note, formats.note)
    sheet.freeze_panes(2, 0)


def write_xlsx(figures: KeyFigures, path: Path) -> None:
    """Write a workbook: sheets totals, by_year, quiet_months and definitions, each with the mode
    note in its first row (and in exact mode the small counts marked beside them)."""
    mode = figures.mode
    total = figures.totals.row(0, named=True)
    totals = pl.DataFrame(
        {
            "period_from": [figures.year_from],
            "period_to": [figures.year_to],
            "regions": [", ".join(figures.regions)],
            "families_chah_started": [total["families_chah_started"]],
            "chah_started": [total["chah_started"]],
            "chah_extended": [total["chah_extended"]],
            "chah_extended_pct": [total["chah_extended_pct"]],
            "could_not_start_minors": [total["could_not_start_minors"]],
            "data_version": [figures.data_version or ""],
        },
        schema_overrides={
            "families_chah_started": pl.Int64,
            "chah_started": pl.Int64,
            "chah_extended": pl.Int64,
            "chah_extended_pct": pl.Float64,
            "could_not_start_minors": pl.Int64,
        },
    )
    by_year = figures.by_year.select(
        "year",
        "chah_started",
        "ambulatory_ended",
        "goal_registered",
        "goal_positive",
        "goal_positive_pct",
        "placement_advised",
        "referred_inside",
        "referred_outside",
    )
    quiet = figures.quiet_months.select("month", "month_name", "registrations", "quiet_rank", "quiet")
    definitions = pl.DataFrame(
        {
            "key": list(DEFINITIONS),
            "definitie": [text for text, _ in DEFINITIONS.values()],
            "bron": [source for _, source in DEFINITIONS.values()],
        }
    )
    note = MODE_HEADERS[mode]
    quiet_note = note + (
        " quiet_rank en quiet: gerangschikt op de beschermde maandaantallen (zie definitions)."
        if mode == PUBLIC
        else ""
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with xlsxwriter.Workbook(str(path)) as workbook:
        formats = _formats(workbook, mode)
        for sheet, frame, sheet_note in (
            ("totals", totals, note),
            ("by_year", by_year, note),
            ("quiet_months", quiet, quiet_note),
            ("definitions", definitions, note),
        ):
            _write_sheet(workbook, sheet, frame, sheet_note, mode, formats)
