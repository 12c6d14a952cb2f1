"""Eigen tabel: a table of one catalogue indicator by two dimensions a person chooses, built only
from views the public path already accepts.

Every cell is one public view: the indicator's named query for one module choice (all modules, a
fixed group or one module) and one age choice (all ages or one band), all regions side by side
(the key figures region by region), whole calendar years — the choices of the sidebar, so a table
tells nothing that the pages, their links and downloads do not. Nothing here combines protected
values into a new total: the row or column "all modules" / "all ages" / "the period" is its own
view, protected on its own, and labelled so. A combination the protection or the figure does not
allow is refused with the reason and what to choose instead (`refusal`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

import polars as pl

from data.schema import AGE_BANDS, MODULE_GROUPS, MODULES, REGIONS
from present import catalogue, compare, i18n, tables
from queries.run import Filters, query_header

# The dimensions a table can be split by, under the codes a link carries (`rijen=jaar`).
DIMENSIONS: tuple[str, ...] = ("jaar", "regio", "module", "leeftijd", "geslacht")
# The filter each dimension splits (a figure that ignores the filter cannot be split by it).
_FILTER = {"module": "modules", "leeftijd": "age_bands"}
MODULE_VALUES: tuple[str, ...] = ("", *MODULE_GROUPS, *MODULES)  # "" = all modules (own view)
AGE_VALUES: tuple[str, ...] = ("", *AGE_BANDS)  # "" = all ages (its own view)
AREA_VALUES: tuple[str, ...] = (*REGIONS, compare.FLANDERS)
TOTAL = ""  # the value of a dimension's own total ("all modules", "all ages", the period)


@dataclass(frozen=True)
class Spec:
    """What a person asked for: an indicator, the rows and the columns (dimension codes)."""

    indicator: str
    rows: str
    columns: str


def refusal(spec: Spec, lang: str) -> str | None:
    """Why this table cannot be made, and what to choose instead; None when it can."""
    item = catalogue.indicator(spec.indicator)
    if spec.rows == spec.columns:
        return i18n.text("table_same_dimension", lang)
    for dim in (spec.rows, spec.columns):
        if dim == "geslacht":
            return i18n.text("table_no_gender", lang)
        if dim in _FILTER and _FILTER[dim] in item.ignored:
            return i18n.text("table_dimension_ignored", lang, dimension=i18n.text(f"table_dim_{dim}", lang))
    return None


def period_note(item: catalogue.Indicator, lang: str) -> str:
    """What the column or row 'Hele periode' is: the protected years added up, or, for a count of
    distinct families or children, the period as a whole (each once)."""
    distinct = query_header(item.query).roles[item.column].distinct
    return i18n.text("table_period_distinct" if distinct else "table_period_sum", lang)


def _choices(dim: str, filters: Filters) -> list[tuple[str, tuple[str, ...]]]:
    """(value code, filter value) for each value of a module or age dimension; for any other
    dimension the view's own choice."""
    if dim == "module":
        return [(v, MODULE_GROUPS.get(v, (v,)) if v else ()) for v in MODULE_VALUES]
    if dim == "leeftijd":
        return [(v, (v,) if v else ()) for v in AGE_VALUES]
    return []


@dataclass(frozen=True)
class Cell:
    """One view of the table: its module and age choice, and the comparison that reads it."""

    module: str
    age: str
    plan: compare.Plan


def plan(spec: Spec, filters: Filters) -> tuple[Cell, ...]:
    """One public view per module × age value the table splits by (the view's own choice for a
    dimension it does not split by), each asking every area and, when years are a dimension,
    every year."""
    item = catalogue.indicator(spec.indicator)
    dims = (spec.rows, spec.columns)
    modules = _choices("module", filters) if "module" in dims else [(_module_code(filters), filters.modules)]
    ages = _choices("leeftijd", filters) if "leeftijd" in dims else [(_age_code(filters), filters.age_bands)]
    cells = []
    for (module, module_filter), (age, age_filter) in itertools.product(modules, ages):
        view = replace(filters, modules=module_filter, age_bands=age_filter)
        cells.append(Cell(module, age, compare.plan(item, view, by_year="jaar" in dims)))
    return tuple(cells)


def _module_code(filters: Filters) -> str:
    return next((c for c in MODULE_VALUES if c and MODULE_GROUPS.get(c, (c,)) == filters.modules), "")


def _age_code(filters: Filters) -> str:
    return filters.age_bands[0] if filters.age_bands else ""


def requests(cells: Sequence[Cell]) -> list[tuple[str, Filters]]:
    """Every request of the table, in order (the page runs them at once)."""
    return [request for cell in cells for request in cell.plan.requests]


def reader(frame: pl.DataFrame, *, rate: bool) -> tables.ReaderTable:
    """The built table as the reader reads it: a hidden count '<10', a hidden rate '–'."""
    mark = tables.HIDDEN_FIGURE if rate else tables.HIDDEN_COUNT
    return tables.ReaderTable(frame, {c: mark for c in frame.columns[1:]})


def table(
    spec: Spec, cells: Sequence[Cell], frames: Sequence[pl.DataFrame], *, area: str, rate: bool, lang: str
) -> pl.DataFrame:
    """The table a person reads: one row per value of `spec.rows`, one column per value of
    `spec.columns`, each cell the count (or, with `rate`, the count per 10.000 minors); `area` is
    the area when regions are not a dimension. A dimension's own total is labelled as protected
    on its own (not the sum of the cells)."""
    long: list[dict] = []
    at = 0
    for cell in cells:
        n = len(cell.plan.requests)
        series = compare.series(cell.plan, frames[at : at + n])
        at += n
        value = "rate" if rate else "value"
        rows = [(r["area"], r["year"], r[value]) for r in series.yearly.iter_rows(named=True)]
        rows += [(r["area"], TOTAL, r[value]) for r in series.period.iter_rows(named=True)]
        for a, year, v in rows:
            long.append({"regio": a, "jaar": str(year), "module": cell.module, "leeftijd": cell.age, "v": v})
    frame = pl.DataFrame(long, schema={"regio": pl.String, "jaar": pl.String, "module": pl.String,
                                       "leeftijd": pl.String, "v": pl.Float64})  # fmt: skip
    dims = (spec.rows, spec.columns)
    if "regio" not in dims:
        frame = frame.filter(pl.col("regio") == area)
    if "jaar" not in dims:
        frame = frame.filter(pl.col("jaar") == TOTAL)
    order = {d: list(_names(d, _order(d, frame), lang).values()) for d in dims}
    frame = frame.with_columns(
        pl.col(d).replace_strict(_names(d, frame[d].unique().to_list(), lang), return_dtype=pl.String)
        for d in dims
    )
    wide = frame.pivot(on=spec.columns, index=spec.rows, values="v", aggregate_function="first")
    columns = [c for c in order[spec.columns] if c in wide.columns]
    wide = wide.select(spec.rows, *columns).sort(
        pl.col(spec.rows).replace_strict({n: i for i, n in enumerate(order[spec.rows])}, default=999)
    )
    if not rate and catalogue.indicator(spec.indicator).unit == "count":
        wide = wide.with_columns(pl.col(columns).cast(pl.Int64))
    return wide.rename({spec.rows: i18n.text(f"table_dim_{spec.rows}", lang).capitalize()})


def _order(dim: str, frame: pl.DataFrame) -> list[str]:
    if dim == "regio":
        return list(AREA_VALUES)
    if dim == "module":
        return list(MODULE_VALUES)
    if dim == "leeftijd":
        return list(AGE_VALUES)
    years = sorted(v for v in frame[dim].unique().to_list() if v)
    return [*years, TOTAL]


def _names(dim: str, values: Sequence[str], lang: str) -> dict[str, str]:
    """What a person reads for each value (names, not codes; the own totals marked as such)."""
    own = i18n.text("table_own_total", lang)
    out = {}
    for v in values:
        if dim == "regio":
            out[v] = (
                i18n.name(i18n.REGION_NAMES, v, lang)
                if v != compare.FLANDERS
                else i18n.text("flanders", lang)
            )
        elif dim == "module":
            out[v] = f"{i18n.name(i18n.MODULE_CHOICE_NAMES, v, lang)}{own if not v else ''}"
        elif dim == "leeftijd":
            out[v] = f"{i18n.name(i18n.AGE_CHOICE_NAMES, v, lang)}{own if not v else ''}"
        else:
            out[v] = v if v else i18n.text("table_period_total", lang)
    return out
