"""The key figures in their formats: JSON with fixed keys, text shaped like the answer to a
written parliamentary question (`answer`, Dutch by default or English: the command's Markdown,
the dashboard page's text; report/keyfigures/docx.py writes it as Word), and an Excel workbook with
a definitions sheet."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from present import catalogue, i18n
from queries import disclosure
from queries.disclosure import EXACT, PUBLIC, Mode
from report.keyfigures.compute import (
    COUNT_COLUMNS,
    DEFINITIONS,
    MODE_HEADERS,
    PCT_DENOMINATORS,
    SMALL_COUNT_MARK,
    KeyFigures,
    is_small,
    quiet_tie,
)

FORMATS: tuple[str, ...] = ("json", "md", "xlsx")


def to_json(figures: KeyFigures) -> str:
    """The figures as indented JSON with the fixed keys, the mode first."""
    return json.dumps(figures.as_dict(), ensure_ascii=False, indent=2)


def format_count(value: int | None, lang: str = "nl") -> str:
    """A count in Dutch notation: 1417 -> '1.417'; a hidden count (None) -> '<10'."""
    return i18n.fmt_count(value, lang)


def format_pct(value: float | None, lang: str = "nl") -> str:
    """A percentage with one decimal: 70.3 -> '70,3 %' (English '70.3%'); None -> 'n.b.'."""
    return i18n.text("answer_not_available", lang) if value is None else i18n.fmt_pct(float(value), lang)


def count_text(value: int | None, mode: Mode, lang: str = "nl") -> str:
    """A count as the text writes it: '1.417', '<10', and in exact mode '3 (klein aantal: niet
    publiceren)' for a count of 1 to 9."""
    text = format_count(value, lang)
    # In Dutch the mark reads ' (klein aantal: niet publiceren)', as the command has always written it.
    return f"{text} ({i18n.text('small_count_mark', lang)})" if mode == EXACT and is_small(value) else text


def pct_text(value: float | None, denominator: int | None, lang: str = "nl") -> str:
    """A percentage: '70,3 %'; 'n.b.' without data (denominator 0); '–' when public mode hides it."""
    if value is not None:
        return format_pct(value, lang)
    return i18n.text("answer_not_available", lang) if denominator == 0 else "–"


def _span(figures: KeyFigures) -> str:
    """'2019-2021', or '2021' for one year."""
    if figures.year_from == figures.year_to:
        return str(figures.year_from)
    return f"{figures.year_from}-{figures.year_to}"


def _period_phrase(figures: KeyFigures, lang: str = "nl") -> str:
    """'In de periode 2019-2021' or 'In 2021'."""
    if figures.year_from == figures.year_to:
        return i18n.text("answer_period_one", lang, year=figures.year_from)
    return i18n.text("answer_period_many", lang, span=_span(figures))


def _area_phrase(figures: KeyFigures, lang: str = "nl") -> str:
    """The area the figures cover, in words."""
    if figures.all_flanders:
        return i18n.text("answer_area_flanders", lang)
    names = [f"{i18n.name(i18n.REGION_NAMES, c, lang)} ({c})" for c in figures.regions]
    key = "answer_area_one" if len(names) == 1 else "answer_area_many"
    return i18n.text(key, lang, names=i18n.join(names, lang))


def _per_year(figures: KeyFigures, fmt: Callable[[dict[str, Any]], str], lang: str = "nl") -> str:
    """'84 in 2019, 90 in 2020 en 108 in 2021': `fmt` writes the value of one by_year row."""
    return i18n.join([f"{fmt(row)} in {row['year']}" for row in figures.by_year.iter_rows(named=True)], lang)


# The label keys of a noun in the singular and the plural.
_FAMILY = ("answer_family_one", "answer_family_many")
_TRAJECTORY = ("answer_trajectory_one", "answer_trajectory_many")
_MINOR = ("answer_minor_one", "answer_minor_many")


def _plural(count: int | None, noun: tuple[str, str], mode: Mode, lang: str = "nl") -> str:
    """'1 gezin', '1.417 gezinnen', '<10 gezinnen' (`noun`: its singular and plural label keys)."""
    return f"{count_text(count, mode, lang)} {i18n.text(noun[0] if count == 1 else noun[1], lang)}"


def _source(key: str, lang: str = "nl") -> str:
    """'(bron: INSISTO)': the source system of a key figure (from the indicator catalogue)."""
    return i18n.text("answer_source", lang, source=catalogue.indicator(key).source)


def _label(key: str, lang: str = "nl") -> str:
    """The label of a key figure (from the indicator catalogue)."""
    return catalogue.indicator(key).label(lang)


@dataclass(frozen=True)
class Table:
    """A table of the answer: its header row and its rows, every cell as the text writes it."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Item:
    """One numbered point of the answer: its text (source included), and a table and caveat."""

    number: int
    text: str
    table: Table | None = None
    caveat: str | None = None


@dataclass(frozen=True)
class Answer:
    """The key figures as the answer to a written parliamentary question, in one language.

    Every format (md, the page's text, the Word file) is written from this one structure, so they
    hold the same numbers in the same words.
    """

    lang: str
    mode: Mode
    mode_line: str  # which figures these are (protected, or exact and not to publish)
    title: str
    area: str
    items: tuple[Item, ...]
    per_year: Table  # every per-year figure of the answer (the page and the Word file)
    closing: tuple[str, ...]  # the sources, what the marks mean, the data version


# The by_year keys of `Answer.per_year`, in column order (a key ending in _pct is a percentage).
PER_YEAR_COLUMNS: tuple[str, ...] = (
    "chah_started",
    "goal_positive_pct",
    "placement_advised",
    "ambulatory_ended",
    "referred_inside",
    "referred_outside",
)


def answer(figures: KeyFigures, lang: str = "nl") -> Answer:
    """The figures as a numbered answer in `lang` ('nl' or 'en'): the words of the label catalogue,
    the numbers as `count_text` and `pct_text` write them (small counts marked in exact mode)."""
    mode = figures.mode
    total = figures.totals.row(0, named=True)
    d = figures.as_dict()
    period = _period_phrase(figures, lang)
    span = _span(figures)
    months = i18n.month_names(lang)
    quiet = i18n.join([months[m - 1] for m in d["quiet_months"]], lang)
    started = d["chah_started"]
    years = list(figures.by_year.iter_rows(named=True))
    goal_missing = any(r["goal_positive_pct"] is None and r["goal_registered"] == 0 for r in years)
    goal_hidden = any(r["goal_positive_pct"] is None and r["goal_registered"] != 0 for r in years)
    goal_notes = []
    if goal_missing:
        goal_notes.append(i18n.text("answer_goal_missing", lang))
    if goal_hidden:
        goal_notes.append(i18n.text("answer_goal_hidden", lang))

    def count(value: int | None) -> str:
        return count_text(value, mode, lang)

    ranked = f" ({i18n.text('answer_quiet_ranked', lang)})" if mode == PUBLIC else ""
    quiet_line = i18n.text("answer_quiet", lang, span=span, months=quiet, ranked=ranked)
    tie = quiet_tie(figures)
    if tie is not None:
        third, fourth = months[tie[0] - 1], months[tie[1] - 1]
        hidden = figures.quiet_months.filter(pl.col("month") == tie[0])["registrations"][0] is None
        if mode == EXACT:
            same = i18n.text("answer_tie_exact", lang, third=third)
        else:
            same = i18n.text("answer_tie_hidden" if hidden else "answer_tie_same", lang, third=third)
        quiet_line += " " + i18n.text("answer_tie", lang, fourth=fourth.capitalize(), same=same)
    quiet_line += " " + _source("quiet_months", lang)

    referral_keys = ("ambulatory_ended", "referred_inside", "referred_outside")
    referrals = Table(
        headers=(i18n.text("year", lang), *(_label(k, lang) for k in referral_keys)),
        rows=tuple((str(r["year"]), *(count(r[k]) for k in referral_keys)) for r in years),
    )
    items = (
        Item(
            1,
            i18n.text(
                "answer_families",
                lang,
                period=period,
                families=_plural(d["families_chah_started"], _FAMILY, mode, lang),
                source=_source("families_chah_started", lang),
            ),
        ),
        Item(
            2,
            i18n.text(
                "answer_started",
                lang,
                period=period,
                verb=i18n.text("answer_verb_one" if started == 1 else "answer_verb_many", lang),
                trajectories=_plural(started, _TRAJECTORY, mode, lang),
                extended=count(d["chah_extended"]),
                pct=pct_text(d["chah_extended_pct"], total["chah_started"], lang),
                source=_source("chah_extended", lang),
            ),
        ),
        Item(
            3,
            i18n.text(
                "answer_started_per_year",
                lang,
                values=_per_year(figures, lambda r: count(r["chah_started"]), lang),
                source=_source("chah_started", lang),
            ),
        ),
        Item(
            4,
            i18n.text(
                "answer_goal",
                lang,
                values=_per_year(
                    figures, lambda r: pct_text(r["goal_positive_pct"], r["goal_registered"], lang), lang
                ),
                notes="".join(f" ({note})" for note in goal_notes),
                source=_source("goal_positive_pct", lang),
            ),
        ),
        Item(
            5,
            i18n.text(
                "answer_placement",
                lang,
                values=_per_year(figures, lambda r: count(r["placement_advised"]), lang),
                source=_source("placement_advised", lang),
            ),
        ),
        Item(
            6,
            i18n.text("answer_referrals", lang, source=_source("referred_inside", lang)),
            table=referrals,
            caveat=i18n.text("answer_referrals_caveat", lang),
        ),
        Item(
            7,
            i18n.text(
                "answer_not_started",
                lang,
                period=period,
                minors=_plural(d["could_not_start_minors"], _MINOR, mode, lang),
                source=_source("could_not_start_minors", lang),
            ),
        ),
        Item(8, quiet_line),
    )
    per_year = Table(
        headers=(i18n.text("year", lang), *(_label(k, lang) for k in PER_YEAR_COLUMNS)),
        rows=tuple(
            (
                str(r["year"]),
                *(
                    pct_text(r[k], r["goal_registered"], lang) if k.endswith("_pct") else count(r[k])
                    for k in PER_YEAR_COLUMNS
                ),
            )
            for r in years
        ),
    )
    closing = [*_rates_lines(figures, lang), i18n.text("answer_sources", lang)]
    mark = i18n.text("small_count_mark", lang)
    if mode == PUBLIC:
        closing.append(i18n.text("answer_public_note", lang))
    else:
        closing.append(i18n.text("answer_exact_warning", lang, mark=mark) + ".")
    if figures.data_version:
        closing.append(i18n.text("answer_data_version", lang, version=figures.data_version))
    mode_key = "answer_mode_public" if mode == PUBLIC else "answer_mode_exact"
    return Answer(
        lang=lang,
        mode=mode,
        mode_line=i18n.text(mode_key, lang, mark=mark) if mode == EXACT else i18n.text(mode_key, lang),
        title=i18n.text("answer_title", lang, span=span),
        area=i18n.text("answer_area", lang, area=_area_phrase(figures, lang)),
        items=items,
        per_year=per_year,
        closing=tuple(closing),
    )


def _rates_lines(figures: KeyFigures, lang: str) -> list[str]:
    """The answer's figures per 10.000 minors (hidden counts stay '–'), with the Brussels
    convention and the estimated years beside them; nothing when the file has no population."""
    r = figures.as_dict()["per_10000_minors"]
    mean, _ = figures.minors()
    if mean is None:
        return []

    def num(value: float | None) -> str:
        return i18n.fmt_num(value, lang, 1) if value is not None else "–"

    lines = [
        i18n.text(
            "answer_rates",
            lang,
            area=_area_phrase(figures, lang),
            minors=i18n.fmt_int(mean, lang),
            families=num(r["families_chah_started"]),
            started=num(r["chah_started"]),
            not_started=num(r["could_not_start_minors"]),
            period=_span(figures),
            per_year=_per_year(
                figures, lambda row: num(r["by_year"][str(row["year"])]["chah_started"]), lang
            ),
        )
    ]
    if "BRU" in figures.regions:
        lines.append(i18n.text("rate_brussels", lang))
    if r["estimated_years"]:
        years = i18n.join([str(y) for y in r["estimated_years"]], lang)
        lines.append(i18n.text("answer_rates_estimated", lang, years=years))
    return lines


def _md_table(table: Table, indent: str = "") -> list[str]:
    """A Markdown table, numbers right-aligned."""
    return [
        f"{indent}| " + " | ".join(table.headers) + " |",
        f"{indent}|" + "---:|" * len(table.headers),
        *(f"{indent}| " + " | ".join(row) + " |" for row in table.rows),
    ]


def answer_markdown(ans: Answer) -> str:
    """An answer as Markdown: the mode line, the title, the numbered points, a rule, the closing."""
    lines = [ans.mode_line, "", f"# {ans.title}", "", ans.area, ""]
    for item in ans.items:
        lines += [f"{item.number}. {item.text}", ""]
        if item.table is not None:
            # Indented under its point, so the table belongs to point 6 in every Markdown reader.
            lines += [*_md_table(item.table, "   "), ""]
        if item.caveat:
            lines += [f"   {item.caveat}", ""]
    lines += ["---"]
    for paragraph in ans.closing:
        lines += ["", paragraph]
    return "\n".join(lines) + "\n"


def answer_text(ans: Answer) -> str:
    """An answer as plain text to paste into a letter or a mail: no Markdown marks; a table's
    columns separated by tabs (a word processor or spreadsheet takes them as columns)."""
    lines = [ans.mode_line, "", ans.title, "", ans.area, ""]
    for item in ans.items:
        lines += [f"{item.number}. {item.text}", ""]
        if item.table is not None:
            lines += ["\t".join(item.table.headers), *("\t".join(row) for row in item.table.rows), ""]
        if item.caveat:
            lines += [item.caveat, ""]
    lines += [*(p for paragraph in ans.closing for p in (paragraph, ""))]
    return "\n".join(lines).rstrip("\n") + "\n"


def to_markdown(figures: KeyFigures, lang: str = "nl") -> str:
    """The figures as text in the style of an answer to a written parliamentary question (Dutch by
    default), after a first line that says which figures these are (protected, or exact and not to
    publish)."""
    return answer_markdown(answer(figures, lang))


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
