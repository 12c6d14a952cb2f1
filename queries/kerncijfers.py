"""The published key figures ('kerncijfers') for crisis help: compute them and write them out.

The figures come from three named queries (kerncijfers_totals, kerncijfers_by_year,
kerncijfers_quiet_months) for a range of whole calendar years and a set of IROJ regions taken
together. They are exact counts (no disclosure control) under the definitions in QUERIES.md, and
can be written as JSON (fixed keys), as Dutch text in the style of an answer to a written
parliamentary question, or as an Excel workbook with a definitions sheet.
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
from queries.run import QueryError, connect, run, validate_value

FORMATS: tuple[str, ...] = ("json", "md", "xlsx")

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
        " maand; oplopend naar maandnummer.",
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


@dataclass(frozen=True)
class KeyFigures:
    """The key figures for one period and region set, with the query results behind them."""

    year_from: int
    year_to: int
    regions: tuple[str, ...]  # the codes used: all six when no filter was given
    totals: pl.DataFrame  # one row, from kerncijfers_totals
    by_year: pl.DataFrame  # one row per year, from kerncijfers_by_year
    quiet_months: pl.DataFrame  # twelve rows, from kerncijfers_quiet_months
    data_version: str | None = None

    @property
    def all_flanders(self) -> bool:
        """Whether the figures cover all regions."""
        return set(self.regions) == set(REGIONS)

    def as_dict(self) -> dict[str, Any]:
        """The figures under the fixed JSON keys (years as strings, counts as int)."""
        total = self.totals.row(0, named=True)
        by_year: dict[str, dict[str, Any]] = {}
        for row in self.by_year.iter_rows(named=True):
            by_year[str(row["year"])] = {
                key: _plain(row[key], pct=key.endswith("_pct")) for key in BY_YEAR_KEYS
            }
        quiet = sorted(int(r["month"]) for r in self.quiet_months.iter_rows(named=True) if r["quiet"])
        return {
            "period": {"from": self.year_from, "to": self.year_to},
            "regions": list(self.regions),
            "families_chah_started": int(total["families_chah_started"]),
            "by_year": by_year,
            "chah_started": int(total["chah_started"]),
            "chah_extended": int(total["chah_extended"]),
            "chah_extended_pct": _plain(total["chah_extended_pct"], pct=True),
            "could_not_start_minors": int(total["could_not_start_minors"]),
            "quiet_months": quiet,
        }


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


def compute(
    year_from: int,
    year_to: int,
    regions: list[str] | tuple[str, ...] = (),
    con: duckdb.DuckDBPyConnection | None = None,
) -> KeyFigures:
    """Compute the key figures for whole years year_from..year_to and a region set (empty = all)."""
    year_from, year_to = _check_years(year_from, year_to)
    codes: list[str] = validate_value("regions", "VARCHAR[]", list(regions))
    # All six selected is all of Flanders: bind none, so the figures are labelled 'VL'.
    bound = [] if set(codes) == set(REGIONS) else codes
    params: dict[str, Any] = {
        "regions": bound,
        "period_from": date(year_from, 1, 1),
        "period_to": date(year_to, 12, 31),
    }
    if con is None:
        with connect() as own:
            return compute(year_from, year_to, regions, own)
    return KeyFigures(
        year_from=year_from,
        year_to=year_to,
        regions=tuple(codes or REGIONS),
        totals=run("kerncijfers_totals", con, **params),
        by_year=run("kerncijfers_by_year", con, **params),
        quiet_months=run("kerncijfers_quiet_months", con, **params),
        data_version=_data_version(con),
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
    """The figures as indented JSON with the fixed keys."""
    return json.dumps(figures.as_dict(), ensure_ascii=False, indent=2)


def format_count(value: int) -> str:
    """A count in Dutch notation: 1417 -> '1.417'."""
    return f"{int(value):,}".replace(",", ".")


def format_pct(value: float | None) -> str:
    """A percentage in Dutch notation with one decimal: 70.3 -> '70,3 %'."""
    if value is None:
        return "n.b."
    return f"{float(value):.1f}".replace(".", ",") + " %"


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


def _per_year(figures: KeyFigures, key: str, fmt: Callable[[Any], str]) -> str:
    """'84 in 2019, 90 in 2020 en 108 in 2021' for one by_year column."""
    return _join_nl([f"{fmt(row[key])} in {row['year']}" for row in figures.by_year.iter_rows(named=True)])


def _plural(count: int, one: str, many: str) -> str:
    """'1 gezin', '1.417 gezinnen'."""
    return f"{format_count(count)} {one if count == 1 else many}"


def to_markdown(figures: KeyFigures) -> str:
    """The figures as Dutch text in the style of an answer to a written parliamentary question."""
    d = figures.as_dict()
    period = _period_phrase(figures)
    span = (
        str(figures.year_from)
        if figures.year_from == figures.year_to
        else f"{figures.year_from}-{figures.year_to}"
    )
    quiet = _join_nl([MONTH_NAMES[m - 1] for m in d["quiet_months"]])
    started = d["chah_started"]
    goal_missing = any(v["goal_positive_pct"] is None for v in d["by_year"].values())
    lines = [
        f"# Kerncijfers crisishulp {span}",
        "",
        f"Gebied: {_area_phrase(figures)}.",
        "",
        f"1. {period} werd crisishulp aan huis opgestart bij"
        f" {_plural(d['families_chah_started'], 'gezin', 'gezinnen')}. (bron: {INSISTO})",
        "",
        f"2. {period} {'werd' if started == 1 else 'werden'}"
        f" {_plural(started, 'traject', 'trajecten')} crisishulp aan huis opgestart."
        f" Bij {format_count(d['chah_extended'])} daarvan ({format_pct(d['chah_extended_pct'])})"
        f" werd de standaardtermijn van 28 dagen verlengd. (bron: {INSISTO})",
        "",
        "3. Het aantal opgestarte trajecten crisishulp aan huis bedraagt"
        f" {_per_year(figures, 'chah_started', format_count)}. (bron: {INSISTO})",
        "",
        "4. Het aandeel afgesloten ambulante crisistrajecten (crisishulp aan huis,"
        " crisisbegeleiding en crisisinterventie) waarvan de doelen bereikt of grotendeels"
        " bereikt werden, op de trajecten met een geregistreerde doelrealisatie, bedraagt"
        f" {_per_year(figures, 'goal_positive_pct', format_pct)}"
        + (" (n.b.: niet beschikbaar, geen doelrealisatie geregistreerd)" if goal_missing else "")
        + f". (bron: {BINC})",
        "",
        "5. Het aantal afgesloten ambulante crisistrajecten waarbij een plaatsing werd"
        f" geadviseerd, bedraagt {_per_year(figures, 'placement_advised', format_count)}."
        f" (bron: {BINC})",
        "",
        f"6. Doorverwijzingen bij de afsluiting van de ambulante crisistrajecten (bron: {BINC}):",
        "",
        "   | Jaar | Afgesloten trajecten | Doorverwezen binnen Opgroeien | Doorverwezen buiten Opgroeien |",
        "   |---:|---:|---:|---:|",
    ]
    for row in figures.by_year.iter_rows(named=True):
        lines.append(
            f"   | {row['year']} | {format_count(row['ambulatory_ended'])}"
            f" | {format_count(row['referred_inside'])} | {format_count(row['referred_outside'])} |"
        )
    lines += [
        "",
        "   Opgelet: de doorverwijzingen binnen en buiten Opgroeien mogen niet worden opgeteld."
        " Eenzelfde traject (gezin) kan zowel binnen als buiten Opgroeien worden doorverwezen.",
        "",
        f"7. {period} kon crisishulp aan huis niet worden opgestart voor"
        f" {_plural(d['could_not_start_minors'], 'unieke minderjarige', 'unieke minderjarigen')}"
        f" die ervoor werden aangemeld. (bron: {BINC})",
        "",
        "8. De rustigste maanden, met de minste aanmeldingen voor crisishulp aan huis over"
        f" {span}, zijn {quiet}. (bron: {INSISTO})",
        "",
        "---",
        "",
        "Bronnen: INSISTO is het registratiesysteem van de crisismeldpunten; BINC is de"
        " registratie van de geboden hulp. Percentages met één decimaal. Ter vergelijking:"
        " crisishulp aan huis start binnen 24 uur en duurt in principe maximaal 28 dagen.",
    ]
    if figures.data_version:
        lines += ["", f"Gegevensversie: {figures.data_version}."]
    return "\n".join(lines) + "\n"


def write_xlsx(figures: KeyFigures, path: Path) -> None:
    """Write a workbook: sheets totals, by_year, quiet_months and definitions."""
    d = figures.as_dict()
    totals = pl.DataFrame(
        {
            "period_from": [figures.year_from],
            "period_to": [figures.year_to],
            "regions": [", ".join(figures.regions)],
            "families_chah_started": [d["families_chah_started"]],
            "chah_started": [d["chah_started"]],
            "chah_extended": [d["chah_extended"]],
            "chah_extended_pct": [d["chah_extended_pct"]],
            "could_not_start_minors": [d["could_not_start_minors"]],
            "data_version": [figures.data_version or ""],
        },
        schema_overrides={"chah_extended_pct": pl.Float64},
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
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with xlsxwriter.Workbook(str(path)) as workbook:
        for sheet, frame in (
            ("totals", totals),
            ("by_year", by_year),
            ("quiet_months", quiet),
            ("definitions", definitions),
        ):
            frame.write_excel(workbook, worksheet=sheet, autofit=True, float_precision=1)


# ---------------------------------------------------------------------------------------------
# Command line (registered by queries/__main__.py)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `kerncijfers` subcommand to the `python -m queries` parser."""
    parser = subparsers.add_parser(
        "kerncijfers",
        help="print the published key figures for a period and regions",
        description="Key figures for crisis help over whole calendar years, for all of Flanders"
        " or a set of IROJ regions taken together; reads the data file at $DASHBOARD_DB.",
    )
    parser.add_argument("--from", dest="year_from", type=int, required=True, metavar="YEAR")
    parser.add_argument("--to", dest="year_to", type=int, required=True, metavar="YEAR")
    parser.add_argument(
        "--region",
        dest="regions",
        action="append",
        default=[],
        metavar="CODE",
        help=f"IROJ region code, repeatable ({', '.join(REGIONS)}); none = all of Flanders",
    )
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument("--out", type=Path, metavar="PATH", help="write here (needed for xlsx)")
    parser.set_defaults(handler=_handle, parser=parser)


def _handle(args: argparse.Namespace) -> int:
    """Run the kerncijfers subcommand; returns the exit code."""
    if args.format == "xlsx" and args.out is None:
        args.parser.error("--format xlsx needs --out PATH")
    figures = compute(args.year_from, args.year_to, args.regions)
    if args.format == "xlsx":
        write_xlsx(figures, args.out)
        print(f"written: {args.out}", file=sys.stderr)
        return 0
    text = to_json(figures) + "\n" if args.format == "json" else to_markdown(figures)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"written: {args.out}", file=sys.stderr)
    return 0
