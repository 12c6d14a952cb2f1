"""Every region side by side for one indicator: which queries to run, and their results as one
yearly and one period series per area, in counts, per 10.000 minors or as an index.

The comparison reads the indicator's named query through the same protection as every page: the
six regions side by side in one call (the key figures, which take regions as one whole, in one
call per region and one for Flanders); a figure that exists only over a whole period (`years:
compose`) is asked once for the period and once per year for its series. Nothing here imports
Streamlit: the page runs the requests (ui/data.run_many), the tests call `series` on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from data.schema import REGIONS
from present import rates
from present.catalogue import Indicator
from queries.run import Filters, query_header

FLANDERS = "VL"
AREAS: tuple[str, ...] = (*REGIONS, FLANDERS)
POPULATION_QUERY = "population"


@dataclass(frozen=True)
class Plan:
    """The requests of one comparison, in the order `series` reads their results."""

    indicator: Indicator
    filters: Filters  # the view's filters (period, modules, age); its regions are ignored
    requests: tuple[tuple[str, Filters], ...]
    yearly_calls: bool  # the series per year comes from one call per year (`years: compose`)
    period_only: bool = False  # a figure over the period asked without its series by year

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years of the period."""
        return tuple(range(self.filters.period_from.year, self.filters.period_to.year + 1))


def _year(filters: Filters, year: int) -> Filters:
    return replace(filters, period_from=date(year, 1, 1), period_to=date(year, 12, 31))


def _area_calls(query: str, filters: Filters) -> list[tuple[str, Filters]]:
    """The calls that give every area of one period: one call for all regions side by side, or,
    for queries that take regions as one whole, one per region and one for Flanders."""
    if query_header(query).areas == "union":
        return [(query, replace(filters, regions=(r,), include_flanders=False)) for r in REGIONS] + [
            (query, replace(filters, regions=(), include_flanders=False))
        ]
    return [(query, replace(filters, regions=tuple(REGIONS), include_flanders=True))]


def plan(indicator: Indicator, filters: Filters, *, by_year: bool = True) -> Plan:
    """The requests that compare every area for `indicator` in the view's period, modules and age:
    the indicator's query per area (and per year when it sums over the period, unless `by_year`
    is false: the table builder's tables without years), then the population of every area for
    each year."""
    header = query_header(indicator.query)
    compose = header.years == "compose"
    base = replace(filters, regions=(), include_flanders=True)
    requests = _area_calls(indicator.query, base)
    if compose and by_year:
        for year in range(base.period_from.year, base.period_to.year + 1):
            requests += _area_calls(indicator.query, _year(base, year))
    # The population of the age band the count is of: all minors when the figure ignores the age
    # filter (the key figures), else the chosen band's (none for 18+: no rate).
    ages = () if "age_bands" in indicator.ignored else base.age_bands
    population = replace(base, regions=tuple(REGIONS), include_flanders=True, age_bands=ages)
    requests.append((POPULATION_QUERY, population))
    return Plan(indicator, base, tuple(requests), compose and by_year, compose and not by_year)


def _date_column(query: str) -> str | None:
    columns = {c.name: c.sql_type for c in query_header(query).columns}
    if "year" in columns:
        return None
    return next((name for name, kind in columns.items() if kind == "DATE"), None)


@dataclass(frozen=True)
class Series:
    """One indicator for every area: `yearly` (area, year, value, minors, estimated, rate, index)
    and `period` (area, value, minors, estimated, rate) over the whole period."""

    yearly: pl.DataFrame
    period: pl.DataFrame
    population: pl.DataFrame
    base_year: int
    column: str  # the indicator's column: what `value` is called in a table a person reads

    def table(self, frame: pl.DataFrame) -> pl.DataFrame:
        """`frame` (of `yearly` or `period`) as a reader's table: the count under its indicator's
        name, then the minors, whether they are estimated, the rate and (by year) the index."""
        wanted = ["area", "year", "value", "minors", "estimated", "rate", "index"]
        kept = frame.select([c for c in wanted if c in frame.columns])
        return kept.rename({"value": self.column, "minors": "population"})


def _one_value(frames: Sequence[pl.DataFrame], column: str) -> pl.DataFrame:
    """(area, value) of each area from the calls of one period."""
    return pl.concat(
        [f.select("area", pl.col(column).alias("value")) for f in frames], how="vertical_relaxed"
    )


def series(plan_: Plan, frames: Sequence[pl.DataFrame]) -> Series:
    """The results of `plan_.requests` (in order) as one yearly and one period series per area."""
    item = plan_.indicator
    per_call = len(_area_calls(item.query, plan_.filters))
    *results, population = frames
    years = plan_.years
    if plan_.period_only:
        period = _one_value(results[:per_call], item.column)
        yearly = pl.DataFrame(
            schema={"area": pl.String, "value": pl.Int64, "year": pl.Int64, "partial": pl.Boolean}
        )
    elif plan_.yearly_calls:
        period = _one_value(results[:per_call], item.column)
        yearly = pl.concat(
            [
                _one_value(results[per_call * (1 + i) : per_call * (2 + i)], item.column).with_columns(
                    year=pl.lit(year, pl.Int64)
                )
                for i, year in enumerate(years)
            ]
        ).with_columns(partial=pl.lit(False))
    else:
        raw = pl.concat(results[:per_call], how="diagonal_relaxed")
        yearly = rates.yearly(raw, item.column, date_column=_date_column(item.query)).rename(
            {item.column: "value"}
        )
        # A period with a year without total has none either (`rates.yearly`).
        period = yearly.group_by("area", maintain_order=True).agg(
            pl.when(pl.col("value").is_null().any())
            .then(None)
            .otherwise(pl.col("value").sum())
            .alias("value")
        )
    yearly = rates.per_year(yearly.with_columns(pl.col("year").cast(pl.Int64)), "value", population)
    yearly = rates.index(yearly, "value", base_year=years[0])
    period = rates.over_period(period, "value", population)
    order = {a: i for i, a in enumerate(AREAS)}
    key: Callable[[pl.DataFrame], pl.DataFrame] = lambda f: f.sort(  # noqa: E731 (one sort for both)
        pl.col("area").replace_strict(order, default=len(order)), *(["year"] if "year" in f.columns else [])
    )
    return Series(key(yearly), key(period), population, years[0], item.column)
