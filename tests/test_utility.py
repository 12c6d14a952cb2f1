"""What the protection costs in accuracy, measured on the synthetic default (DISCLOSURE.md, "Utility").

Every query through the one public path for the views a page opens with (every region beside
Flanders, the whole period and 2019-2021, all modules and ages, and each fixed module group),
each shown count and percentage compared with its exact value. The bounds are the ones
DISCLOSURE.md publishes; the printed distribution is what it quotes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from data.schema import MODULE_GROUPS, REGIONS
from queries.disclosure import EXACT, PUBLIC, shown
from queries.run import Filters, list_queries, query_header

PERIODS = ((2017, 2025), (2019, 2021), (2024, 2024))


@pytest.fixture(scope="module")
def con(default_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(default_db), read_only=True)
    yield connection
    connection.close()


def _views() -> Iterator[tuple[str, Filters]]:
    for name in list_queries():
        header = query_header(name)
        if not header.count_columns:
            continue
        regions = () if header.areas == "union" else tuple(REGIONS)
        for (first, last), modules in itertools.product(PERIODS, ((), *MODULE_GROUPS.values())):
            yield (
                name,
                Filters(
                    regions=regions,
                    include_flanders=True,
                    modules=modules,
                    period_from=date(first, 1, 1),
                    period_to=date(last, 12, 31),
                ),
            )


@pytest.mark.slow  # a thorough search (seconds); `make test` runs it, `make check` does not
def test_shown_counts_and_rates_stay_close_to_the_exact_ones(con: duckdb.DuckDBPyConnection) -> None:
    """Every shown count of 10 or more lies within 4 of the exact value, and a count 1..9 shown as
    10 within 9; sums over years within 9 per year summed. Shown percentages over a shown
    denominator of 100 or more lie within 5 points of the exact ones for 95 % of them."""
    errors: list[int] = []
    small: list[int] = []
    pct_small: list[float] = []
    composed_ok: list[bool] = []
    pct_errors: list[float] = []
    for name, filters in _views():
        header = query_header(name)
        exact = shown(name, con, filters, EXACT)
        public = shown(name, con, filters, PUBLIC)
        years = filters.period_to.year - filters.period_from.year + 1
        composing = header.years == "compose" and years > 1
        for column, role in header.protect:
            if role.kind == "count":
                pairs = [
                    (t, s)
                    for t, s in zip(exact[column].to_list(), public[column].to_list(), strict=True)
                    if s is not None
                ]
                if composing and not role.distinct:
                    composed_ok += [abs(s - t) <= 9 * years for t, s in pairs]
                else:
                    errors += [abs(s - t) for t, s in pairs if t >= 10]
                    small += [abs(s - t) for t, s in pairs if t < 10]
            elif role.kind == "pct":
                dens = public[str(role.denominator)].to_list()
                for t, s, d in zip(exact[column].to_list(), public[column].to_list(), dens, strict=True):
                    if s is not None and t is not None:
                        (pct_errors if d >= 100 else pct_small).append(abs(s - t))
    within = pl.Series(errors)
    print(
        f"counts: {within.len()} cells; within 0: {(within == 0).mean():.1%}, within 2: "
        f"{(within <= 2).mean():.1%}, within 4: {(within <= 4).mean():.1%}, max {within.max()}; "
        f"1..9 shown as 10: {len(small)} (of {len(small) + within.len()} shown); "
        f"year sums: {len(composed_ok)}; percentages over a shown denominator of 100+: "
        f"{len(pct_errors)}, within 1 point {(pl.Series(pct_errors) <= 1).mean():.1%}, within 3 "
        f"{(pl.Series(pct_errors) <= 3).mean():.1%}, within 5 {(pl.Series(pct_errors) <= 5).mean():.1%};"
        f" over 20-95: {len(pct_small)}, within 3 "
        f"{(pl.Series(pct_small) <= 3).mean():.1%}, within 10 {(pl.Series(pct_small) <= 10).mean():.1%}"
    )
    assert within.len() > 5_000
    assert within.max() <= 4 and max(small) <= 9
    assert all(composed_ok)
    assert (pl.Series(pct_errors) <= 5).mean() >= 0.95


def test_flanders_key_figures_within_one_percent(con: duckdb.DuckDBPyConnection) -> None:
    """The key figures of Flanders as the tiles and the command show them, for the published period
    2019-2021 and every single year: counts of 400 and more within 1 % of the exact value, the
    others (extensions, placements) within 4 per year of the period."""
    for first, last in [(2019, 2021), *((y, y) for y in range(2017, 2026))]:
        filters = Filters(period_from=date(first, 1, 1), period_to=date(last, 12, 31))
        for name in ("kerncijfers_totals", "kerncijfers_by_year"):
            exact = shown(name, con, filters, EXACT)
            public = shown(name, con, filters, PUBLIC)
            for column in query_header(name).count_columns:
                for t, s in zip(exact[column].to_list(), public[column].to_list(), strict=True):
                    allowed = 0.01 * t if t >= 400 else 4 * (last - first + 1)
                    assert s is not None and abs(s - t) <= allowed, (name, column, first, t, s)
