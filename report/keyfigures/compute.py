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

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import polars as pl

from data.schema import REGIONS
from present import catalogue, i18n, rates
from queries import disclosure
from queries.disclosure import EXACT, PUBLIC, Mode
from queries.run import QueryError, connect, validate_value, validated

QUERIES: tuple[str, ...] = (
    "kerncijfers_totals",
    "kerncijfers_by_year",
    "kerncijfers_quiet_months",
    "population",
)

# How exact mode marks a count of 1 to 9 (after the count, in every format).
SMALL_COUNT_MARK = "klein aantal: niet publiceren"
SMALL_COUNT_SUFFIX = f" ({SMALL_COUNT_MARK})"
# The top of every output: what kind of figures these are (Dutch; the label catalogue holds the
# English too, for the answer page's English mode).
EXACT_WARNING = i18n.text("answer_exact_warning", "nl", mark=SMALL_COUNT_MARK)
MODE_HEADERS: dict[str, str] = {
    PUBLIC: i18n.text("answer_mode_public", "nl"),
    EXACT: i18n.text("answer_mode_exact", "nl", mark=SMALL_COUNT_MARK),
}
# Stderr hint when the public view space refuses the regions (report/cli.py prints it).
REFUSAL_HINT = (
    "Vraag de kerncijfers op per regio (één --region per keer) of voor heel Vlaanderen (geen"
    " --region). Medewerkers kunnen met --exact de exacte cijfers voor meerdere regio's samen"
    " opvragen (niet publiceren)."
)

# JSON key -> (Dutch definition, source), from the indicator catalogue (each key is an indicator
# of present/indicators.toml). Order is the order of the definitions sheet.
DEFINITION_KEYS: tuple[str, ...] = (
    "families_chah_started",
    "chah_started",
    "chah_extended",
    "chah_extended_pct",
    "could_not_start_minors",
    "ambulatory_ended",
    "goal_registered",
    "goal_positive",
    "goal_positive_pct",
    "placement_advised",
    "referred_inside",
    "referred_outside",
    "quiet_months",
)
DEFINITIONS: dict[str, tuple[str, str]] = {
    key: (catalogue.indicator(key).definition("nl"), catalogue.indicator(key).source)
    for key in DEFINITION_KEYS
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
    # The minors of the region set per year (year, minors, estimated; queries/population.sql):
    # the denominators of the figures per 10.000 minors.
    population: pl.DataFrame | None = None

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
        figures["per_10000_minors"] = self.rates()
        head: dict[str, Any] = {"mode": self.mode}
        if self.exact:
            head["warning"] = EXACT_WARNING
            head["small_counts"] = small_count_paths(figures)
        return head | figures

    def minors(self, year: int | None = None) -> tuple[int | None, bool]:
        """The region set's minors in `year` (None: the mean over the period) and whether the
        figure rests on an estimated population."""
        pop = self.population
        if pop is None or pop.is_empty():
            return None, False
        if year is not None:
            pop = pop.filter(pl.col("year") == year)
        if pop.height == 0:
            return None, False
        return round(pop["minors"].mean()), bool(pop["estimated"].any())  # type: ignore[arg-type]

    def rates(self) -> dict[str, Any]:
        """The counts with a population base per 10.000 minors (present/rates.py; hidden counts
        stay null), with the minors they divide by and the years whose population is estimated."""
        total = self.totals.row(0, named=True)
        mean, _ = self.minors()
        by_year = {
            str(row["year"]): {"chah_started": rates.rate(row["chah_started"], self.minors(row["year"])[0])}
            for row in self.by_year.iter_rows(named=True)
        }
        pop = self.population if self.population is not None else pl.DataFrame({"year": [], "estimated": []})
        return {
            "families_chah_started": rates.rate(total["families_chah_started"], mean),
            "chah_started": rates.rate(total["chah_started"], mean),
            "could_not_start_minors": rates.rate(total["could_not_start_minors"], mean),
            "by_year": by_year,
            "minors": {str(r["year"]): int(r["minors"]) for r in pop.iter_rows(named=True)},
            "estimated_years": sorted(int(y) for y in pop.filter(pl.col("estimated"))["year"].to_list()),
        }


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
    # The minors of the region set: each region's (or Flanders') per year, added up when staff ask
    # for several regions together.
    population = (
        disclosure.shown("population", con, mode=mode, **params)
        .group_by("year")
        .agg(pl.col("minors").sum(), pl.col("estimated").any())
        .sort("year")
    )
    return KeyFigures(
        year_from=year_from,
        year_to=year_to,
        regions=tuple(codes or REGIONS),
        totals=disclosure.shown("kerncijfers_totals", con, mode=mode, **params),
        by_year=disclosure.shown("kerncijfers_by_year", con, mode=mode, **params),
        quiet_months=rank_quiet_months(quiet) if mode == PUBLIC else quiet,
        data_version=_data_version(con),
        mode=mode,
        population=population,
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
