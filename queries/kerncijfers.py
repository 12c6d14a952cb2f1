"""The published key figures ('kerncijfers') for crisis help: compute them and write them out.

The figures come from three named queries (kerncijfers_totals, kerncijfers_by_year,
kerncijfers_quiet_months) for a range of whole calendar years and a set of IROJ regions taken
together, under the definitions in QUERIES.md. Every figure comes through the dashboard's one
public path, `queries.disclosure.shown`:

* **public** (the default): the protected figures the dashboard shows for the same view: counts
  0 or a multiple of 5 of at least 10, a hidden count null ("<10"), percentages recomputed from
  the protected counts (null, "–", below a protected denominator of 20). The key-figure queries
  take the selected regions as one whole, which the public view space refuses for more than one
  region (one region or all of Flanders: `ViewRefused`, exit 2). The quiet months are ranked on
  the protected monthly counts (see `rank_quiet_months`).
* **exact** (`--exact`, staff working on the data file itself): the exact query results, every
  count of 1 to 9 marked "klein aantal: niet publiceren" in every format.

Every format says its mode at the top. The figures can be written as JSON (fixed keys), as Dutch
text in the style of an answer to a written parliamentary question, or as an Excel workbook with a
definitions sheet.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import xlsxwriter

from data.schema import REGIONS
from queries import disclosure
from queries.disclosure import EXACT, PUBLIC, Mode
from queries.run import QueryError, connect, validate_value, validated

FORMATS: tuple[str, ...] = ("json", "md", "xlsx")
QUERIES: tuple[str, ...] = ("kerncijfers_totals", "kerncijfers_by_year", "kerncijfers_quiet_months")

# How exact mode marks a count of 1 to 9 (after the count, in every format).
SMALL_COUNT_MARK = "klein aantal: niet publiceren"
SMALL_COUNT_SUFFIX = f" ({SMALL_COUNT_MARK})"
# The top of every output: what kind of figures these are.
EXACT_WARNING = "EXACTE CIJFERS: kleine aantallen (1 tot 9) gemarkeerd – klein aantal: niet publiceren"
MODE_HEADERS: dict[str, str] = {
    PUBLIC: "Beschermde cijfers (publieke modus): dezelfde cijfers als het dashboard; aantallen"
    " afgerond op 5, aantallen onder 10 niet getoond ('<10'), percentages berekend uit de"
    " beschermde aantallen en pas getoond vanaf een noemer van 20 ('–').",
    EXACT: "EXACTE CIJFERS – alleen voor intern gebruik, niet publiceren: de cijfers zijn niet"
    f" beschermd; elk aantal van 1 tot 9 is gemarkeerd met '({SMALL_COUNT_MARK})'.",
}
# Stderr hint when the public view space refuses the regions (queries/__main__.py prints it).
REFUSAL_HINT = (
    "Vraag de kerncijfers op per regio (één --region per keer) of voor heel Vlaanderen (geen"
    " --region). Medewerkers kunnen met --exact de exacte cijfers voor meerdere regio's samen"
    " opvragen (niet publiceren)."
)

# Which registration system each figure comes from (cited with every figure).
INSISTO = "INSISTO"  # the crisis hotlines' registration system
BINC = "BINC"  # the registration of delivered help

# JSON key -> (Dutch definition, source). Order is the order of the definitions sheet.
DEFINITIONS: dict[str, tuple[str, str]] = {
    "families_chah_started": (
        "Aantal unieke gezinnen (family_id) met een traject crisishulp aan huis dat in de periode"
        " werd opgestart (started_on).",
        INSISTO,
    ),
    "chah_started": (
        "Aantal trajecten crisishulp aan huis opgestart (started_on) in de periode, of per jaar in het jaar.",
        INSISTO,
    ),
    "chah_extended": (
        "Van de in de periode opgestarte trajecten crisishulp aan huis: het aantal waarvan de"
        " standaardtermijn (28 dagen) werd verlengd.",
        INSISTO,
    ),
    "chah_extended_pct": (
        "chah_extended / chah_started x 100, in procent met één decimaal.",
        INSISTO,
    ),
    "could_not_start_minors": (
        "Aantal unieke minderjarigen (minor_id) met een traject crisishulp aan huis aangemeld"
        " (registered_on) in de periode dat niet kon worden opgestart (geen started_on).",
        BINC,
    ),
    "ambulatory_ended": (
        "Aantal ambulante crisistrajecten (crisishulp aan huis, crisisbegeleiding,"
        " crisisinterventie) afgesloten (ended_on) in het jaar.",
        BINC,
    ),
    "goal_registered": (
        "Van de in het jaar afgesloten ambulante crisistrajecten: het aantal met een"
        " geregistreerde doelrealisatie.",
        BINC,
    ),
    "goal_positive": (
        "Van die trajecten: het aantal met doelen bereikt of grotendeels bereikt.",
        BINC,
    ),
    "goal_positive_pct": (
        "goal_positive / goal_registered x 100, in procent met één decimaal.",
        BINC,
    ),
    "placement_advised": (
        "Aantal in het jaar afgesloten ambulante crisistrajecten waarbij een plaatsing werd geadviseerd.",
        BINC,
    ),
    "referred_inside": (
        "Aantal in het jaar afgesloten ambulante crisistrajecten met minstens één doorverwijzing"
        " naar hulp binnen Opgroeien. Niet optellen met referred_outside: eenzelfde traject kan"
        " beide hebben.",
        BINC,
    ),
    "referred_outside": (
        "Aantal in het jaar afgesloten ambulante crisistrajecten met minstens één doorverwijzing"
        " naar hulp buiten Opgroeien. Niet optellen met referred_inside.",
        BINC,
    ),
    "quiet_months": (
        "De drie kalendermaanden met de minste aanmeldingen (registered_on) voor crisishulp aan"
        " huis, opgeteld over de jaren van de periode; bij gelijke aantallen telt de vroegste"
        " maand; oplopend naar maandnummer. In de publieke modus gerangschikt op de beschermde"
        " maandaantallen: een getoonde 0 is een echte 0 en telt als het kleinst, een verborgen"
        " aantal ('<10') als kleiner dan elk getoond aantal van 10 of meer.",
        INSISTO,
    ),
}

# The keys of one by_year entry, in output order.
BY_YEAR_KEYS: tuple[str, ...] = (
    "chah_started",
    "goal_positive_pct",
    "ambulatory_ended",
    "placement_advised",
    "referred_inside",
    "referred_outside",
)

MONTH_NAMES: tuple[str, ...] = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


# The counts among the JSON keys (a count of 1 to 9 is marked in exact mode); the rest are
# percentages, labels and the period.
TOTAL_COUNT_KEYS: tuple[str, ...] = (
    "families_chah_started",
    "chah_started",
    "chah_extended",
    "could_not_start_minors",
)
BY_YEAR_COUNT_KEYS: tuple[str, ...] = tuple(k for k in BY_YEAR_KEYS if not k.endswith("_pct"))
COUNT_KEYS: frozenset[str] = frozenset(TOTAL_COUNT_KEYS + BY_YEAR_COUNT_KEYS)
# The count columns of the query results (the xlsx sheets), and each percentage's denominator.
COUNT_COLUMNS: frozenset[str] = COUNT_KEYS | {"goal_registered", "goal_positive", "registrations"}
PCT_DENOMINATORS: dict[str, str] = {
    "chah_extended_pct": "chah_started",
    "goal_positive_pct": "goal_registered",
}
# Where a hidden monthly count ('<10', null) ranks among the shown ones (0, or 10 and more).
HIDDEN_RANK_VALUE = disclosure.THRESHOLD / 2


def is_small(value: Any) -> bool:
    """Whether `value` is a count of 1 to 9 (what exact mode marks)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value < disclosure.THRESHOLD


@dataclass(frozen=True)
class KeyFigures:
    """The key figures for one period and region set, with the query results behind them."""

    year_from: int
    year_to: int
    regions: tuple[str, ...]  # the codes used: all six when no filter was given
    totals: pl.DataFrame  # one row, from kerncijfers_totals
    by_year: pl.DataFrame  # one row per year, from kerncijfers_by_year
    quiet_months: pl.DataFrame  # twelve rows, from kerncijfers_quiet_months (ranked, see compute)
    data_version: str | None = None
    mode: Mode = PUBLIC  # the figures as `disclosure.shown` gives them in this mode

    @property
    def all_flanders(self) -> bool:
        """Whether the figures cover all regions."""
        return set(self.regions) == set(REGIONS)

    @property
    def exact(self) -> bool:
        """Whether these are the exact figures (staff only, small counts marked)."""
        return self.mode == EXACT

    def as_dict(self) -> dict[str, Any]:
        """The figures under the fixed JSON keys (years as strings, counts as int, hidden null),
        after `mode` and, in exact mode, the `warning` and the paths of the `small_counts`."""
        total = self.totals.row(0, named=True)
        by_year: dict[str, dict[str, Any]] = {}
        for row in self.by_year.iter_rows(named=True):
            by_year[str(row["year"])] = {
                key: _plain(row[key], pct=key.endswith("_pct")) for key in BY_YEAR_KEYS
            }
        quiet = sorted(int(r["month"]) for r in self.quiet_months.iter_rows(named=True) if r["quiet"])
        figures = {
            "period": {"from": self.year_from, "to": self.year_to},
            "regions": list(self.regions),
            "families_chah_started": _plain(total["families_chah_started"], pct=False),
            "by_year": by_year,
            "chah_started": _plain(total["chah_started"], pct=False),
            "chah_extended": _plain(total["chah_extended"], pct=False),
            "chah_extended_pct": _plain(total["chah_extended_pct"], pct=True),
            "could_not_start_minors": _plain(total["could_not_start_minors"], pct=False),
            "quiet_months": quiet,
        }
        head: dict[str, Any] = {"mode": self.mode}
        if self.exact:
            head["warning"] = EXACT_WARNING
            head["small_counts"] = small_count_paths(figures)
        return head | figures


def small_count_paths(figures: dict[str, Any], prefix: str = "") -> list[str]:
    """The dotted key paths ('by_year.2019.placement_advised') of the counts of 1 to 9 in the
    figures' JSON, in output order."""
    paths: list[str] = []
    for key, value in figures.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            paths += small_count_paths(value, f"{path}.")
        elif key in COUNT_KEYS and is_small(value):
            paths.append(path)
    return paths


def _plain(value: Any, *, pct: bool) -> int | float | None:
    """A JSON-ready number: percentages as one-decimal floats, counts as ints, null stays None."""
    if value is None:
        return None
    return round(float(value), 1) if pct else int(value)


def _check_years(year_from: Any, year_to: Any) -> tuple[int, int]:
    """Validate the year range; a reversed or non-integer range is a QueryError."""
    for label, year in (("--from", year_from), ("--to", year_to)):
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise QueryError(f"{label}: {year!r} is not a calendar year")
    if year_from > year_to:
        raise QueryError(f"period is reversed: --from {year_from} is after --to {year_to}")
    return year_from, year_to


def rank_quiet_months(frame: pl.DataFrame) -> pl.DataFrame:
    """The quiet months of a public-mode kerncijfers_quiet_months result, ranked on its protected
    monthly counts (the query's own quiet_rank and quiet order the exact counts: null in public).

    The definition's order, on what public mode shows: fewest registrations first, ties to the
    earlier month. A shown 0 is a true zero (the protection keeps zeros) and so the smallest; a
    hidden count ('<10', null) is at least 1 and below every shown count of 10 or more, so it
    ranks between them. Only protected values go in, so the ranking tells nothing they do not;
    it can differ from the exact ranking where months lie within the rounding of each other.
    """
    counts = frame["registrations"].to_list()
    months = frame["month"].to_list()
    keys = [(HIDDEN_RANK_VALUE if n is None else n, m) for n, m in zip(counts, months, strict=True)]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    rank = [0] * len(keys)
    for place, index in enumerate(order, start=1):
        rank[index] = place
    return frame.with_columns(
        pl.Series("quiet_rank", rank, dtype=frame.schema["quiet_rank"]),
        pl.Series("quiet", [r <= 3 for r in rank], dtype=pl.Boolean),
    )


def quiet_tie(figures: KeyFigures) -> tuple[int, int] | None:
    """(third, fourth) quietest month when they have the same (shown) count, so the tie rule (the
    earlier month) chose the third; else None."""
    rows = sorted(figures.quiet_months.iter_rows(named=True), key=lambda r: r["quiet_rank"])
    if len(rows) < 4:
        return None
    third, fourth = rows[2], rows[3]
    if third["registrations"] == fourth["registrations"]:
        return int(third["month"]), int(fourth["month"])
    return None


def compute(
    year_from: int,
    year_to: int,
    regions: list[str] | tuple[str, ...] = (),
    con: duckdb.DuckDBPyConnection | None = None,
    mode: Mode = PUBLIC,
) -> KeyFigures:
    """Compute the key figures for whole years year_from..year_to and a region set (empty = all),
    as `disclosure.shown` gives them in `mode` (public by default).

    Public mode refuses more than one region (short of all six, which is all of Flanders) with
    `disclosure.ViewRefused`, before the data file is opened.
    """
    if mode not in disclosure.MODES:
        raise QueryError(f"mode must be one of {', '.join(disclosure.MODES)}; got {mode!r}")
    year_from, year_to = _check_years(year_from, year_to)
    codes: list[str] = validate_value("regions", "VARCHAR[]", list(regions))
    # All six selected is all of Flanders: bind none, so the figures are labelled 'VL'.
    bound = [] if set(codes) == set(REGIONS) else codes
    params: dict[str, Any] = {
        "regions": bound,
        "period_from": date(year_from, 1, 1),
        "period_to": date(year_to, 12, 31),
    }
    if mode == PUBLIC:
        # The view first (shown() checks it too): a refused view needs no data file.
        for name in QUERIES:
            disclosure.check_view(name, validated(name, **params))
    if con is None:
        with connect() as own:
            return compute(year_from, year_to, regions, own, mode)
    quiet = disclosure.shown("kerncijfers_quiet_months", con, mode=mode, **params)
    return KeyFigures(
        year_from=year_from,
        year_to=year_to,
        regions=tuple(codes or REGIONS),
        totals=disclosure.shown("kerncijfers_totals", con, mode=mode, **params),
        by_year=disclosure.shown("kerncijfers_by_year", con, mode=mode, **params),
        quiet_months=rank_quiet_months(quiet) if mode == PUBLIC else quiet,
        data_version=_data_version(con),
        mode=mode,
    )


def _data_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The data version recorded in build_info, or None when the file has no build_info."""
    cur = con.cursor()
    try:
        # DuckDB 2 relations have no fetchone(): fetchall() reads the (one-row) result.
        present = cur.sql(
            "select count(*) from information_schema.tables where table_name = 'build_info'"
        ).fetchall()
        if not present[0][0]:
            return None
        rows = cur.sql("select data_version from build_info limit 1").fetchall()
        return str(rows[0][0]) if rows else None
    finally:
        cur.close()


# ---------------------------------------------------------------------------------------------
# Output formats


def to_json(figures: KeyFigures) -> str:
    """The figures as indented JSON with the fixed keys, the mode first."""
    return json.dumps(figures.as_dict(), ensure_ascii=False, indent=2)


def format_count(value: int | None) -> str:
    """A count in Dutch notation: 1417 -> '1.417'; a hidden count (None) -> '<10'."""
    if value is None:
        return disclosure.SMALL_COUNT_LABEL
    return f"{int(value):,}".replace(",", ".")


def format_pct(value: float | None) -> str:
    """A percentage in Dutch notation with one decimal: 70.3 -> '70,3 %'."""
    if value is None:
        return "n.b."
    return f"{float(value):.1f}".replace(".", ",") + " %"


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
    """Join items the Dutch way: 'a', 'a en b', 'a, b en c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


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
    quiet = _join_nl([MONTH_NAMES[m - 1] for m in d["quiet_months"]])
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
        third, fourth = MONTH_NAMES[tie[0] - 1], MONTH_NAMES[tie[1] - 1]
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
    quiet_line += f" (bron: {INSISTO})"
    lines = [
        MODE_HEADERS[mode],
        "",
        f"# Kerncijfers crisishulp {span}",
        "",
        f"Gebied: {_area_phrase(figures)}.",
        "",
        f"1. {period} werd crisishulp aan huis opgestart bij"
        f" {_plural(d['families_chah_started'], 'gezin', 'gezinnen', mode)}. (bron: {INSISTO})",
        "",
        f"2. {period} {'werd' if started == 1 else 'werden'}"
        f" {_plural(started, 'traject', 'trajecten', mode)} crisishulp aan huis opgestart."
        f" Bij {count_text(d['chah_extended'], mode)} daarvan"
        f" ({pct_text(d['chah_extended_pct'], total['chah_started'])})"
        f" werd de standaardtermijn van 28 dagen verlengd. (bron: {INSISTO})",
        "",
        "3. Het aantal opgestarte trajecten crisishulp aan huis bedraagt"
        f" {_per_year(figures, lambda r: count_text(r['chah_started'], mode))}. (bron: {INSISTO})",
        "",
        "4. Het aandeel afgesloten ambulante crisistrajecten (crisishulp aan huis,"
        " crisisbegeleiding en crisisinterventie) waarvan de doelen bereikt of grotendeels"
        " bereikt werden, op de trajecten met een geregistreerde doelrealisatie, bedraagt"
        f" {_per_year(figures, lambda r: pct_text(r['goal_positive_pct'], r['goal_registered']))}"
        + "".join(f" ({note})" for note in goal_notes)
        + f". (bron: {BINC})",
        "",
        "5. Het aantal afgesloten ambulante crisistrajecten waarbij een plaatsing werd"
        f" geadviseerd, bedraagt {_per_year(figures, lambda r: count_text(r['placement_advised'], mode))}."
        f" (bron: {BINC})",
        "",
        f"6. Doorverwijzingen bij de afsluiting van de ambulante crisistrajecten (bron: {BINC}):",
        "",
        "   | Jaar | Afgesloten trajecten | Doorverwezen binnen Opgroeien | Doorverwezen buiten Opgroeien |",
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
        f" die ervoor werden aangemeld. (bron: {BINC})",
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


# ---------------------------------------------------------------------------------------------
# Command line (registered by queries/__main__.py)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `kerncijfers` subcommand to the `python -m queries` parser."""
    parser = subparsers.add_parser(
        "kerncijfers",
        help="print the published key figures for a period and regions (public figures unless --exact)",
        description="Key figures for crisis help over whole calendar years, for all of Flanders"
        " or one IROJ region (several regions taken together with --exact only); reads the data"
        " file at $DASHBOARD_DB. The figures are the dashboard's public, protected figures unless"
        " --exact is given.",
    )
    parser.add_argument("--from", dest="year_from", type=int, required=True, metavar="YEAR")
    parser.add_argument("--to", dest="year_to", type=int, required=True, metavar="YEAR")
    parser.add_argument(
        "--region",
        dest="regions",
        action="append",
        default=[],
        metavar="CODE",
        help=f"IROJ region code ({', '.join(REGIONS)}); none = all of Flanders; repeatable"
        " (regions taken together) with --exact only",
    )
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument("--out", type=Path, metavar="PATH", help="write here (needed for xlsx)")
    parser.add_argument(
        "--exact",
        action="store_true",
        help="staff only: the exact figures instead of the public ones; every count of 1 to 9 is"
        " marked 'klein aantal: niet publiceren' (not for publication)",
    )
    parser.set_defaults(handler=_handle, parser=parser, refusal_hint=REFUSAL_HINT)


def _handle(args: argparse.Namespace) -> int:
    """Run the kerncijfers subcommand; returns the exit code."""
    if args.format == "xlsx" and args.out is None:
        args.parser.error("--format xlsx needs --out PATH")
    mode = EXACT if args.exact else PUBLIC
    figures = compute(args.year_from, args.year_to, args.regions, mode=mode)
    if args.format == "xlsx":
        write_xlsx(figures, args.out)
    else:
        text = to_json(figures) + "\n" if args.format == "json" else to_markdown(figures)
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(text, encoding="utf-8")
    if figures.exact:
        print(
            "waarschuwing: exacte cijfers, alleen voor intern gebruik, niet publiceren; elk aantal"
            f" van 1 tot 9 is gemarkeerd '{SMALL_COUNT_MARK}'",
            file=sys.stderr,
        )
    if args.out is not None:
        print(f"written: {args.out}", file=sys.stderr)
    return 0
