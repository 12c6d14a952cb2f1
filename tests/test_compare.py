"""Every region side by side (present/compare.py) on the hand-written fixture: which views it asks
for, and the counts, rates per 10.000 minors and index it shows, worked out by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from data.schema import REGIONS
from present import catalogue, compare
from queries import disclosure
from queries.run import Filters
from tests.fixture_db import build_fixture_db

PERIOD = Filters(period_from=date(2019, 1, 1), period_to=date(2021, 12, 31))


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """The fixture database, read-only."""
    path: Path = build_fixture_db(tmp_path_factory.mktemp("compare") / "fixture.duckdb")
    with duckdb.connect(str(path), read_only=True) as connection:
        yield connection


def _series(con: duckdb.DuckDBPyConnection, key: str, filters: Filters, mode: str) -> compare.Series:
    plan = compare.plan(catalogue.indicator(key), filters)
    for name, f in plan.requests:  # every request is a view the public path accepts
        disclosure.check_view(name, {"regions": list(f.regions), "period_from": f.period_from,
                                     "period_to": f.period_to, "modules": list(f.modules),
                                     "age_bands": list(f.age_bands)})  # fmt: skip
    frames = [disclosure.shown(name, con, f, mode) for name, f in plan.requests]
    return compare.series(plan, frames)


def test_the_key_figures_are_asked_region_by_region_and_for_flanders() -> None:
    """The key figures take regions as one whole: one call per region and one for Flanders, never
    two regions together; then the population of all areas."""
    plan = compare.plan(catalogue.indicator("chah_started"), PERIOD)
    regions = [f.regions for name, f in plan.requests if name == "kerncijfers_by_year"]
    assert regions == [(r,) for r in REGIONS] + [()]
    assert plan.requests[-1][0] == "population"


def test_a_figure_over_the_period_is_also_asked_year_by_year() -> None:
    """not_started_minors sums over its period: once for 2019–2021, then once for each year."""
    plan = compare.plan(catalogue.indicator("not_started_minors"), PERIOD)
    periods = [(f.period_from.year, f.period_to.year) for name, f in plan.requests if name != "population"]
    assert periods == [(2019, 2021), (2019, 2019), (2020, 2020), (2021, 2021)]


def test_exact_counts_rates_and_index_of_chah_started(con: duckdb.DuckDBPyConnection) -> None:
    """Crisis help at home started, 2019–2021 (the fixture's rows, as in test_kerncijfers):
    Limburg 0, 1, 1 (t04 in 2020, t05 in 2021) over 160.802, 161.794 and 161.730 minors: 0,0,
    0,1 and 0,1 per 10.000; no index (its 2019 base is 0). Flanders 5, 2, 2: index 100, 40, 40.
    Limburg's period: 2 over the mean 161.442 minors = 0,1 per 10.000, resting on the estimated
    2019."""
    s = _series(con, "chah_started", PERIOD, "exact")
    lim = s.yearly.filter(area="LIM")
    assert lim["value"].to_list() == [0, 1, 1]
    assert lim["minors"].to_list() == [160_802, 161_794, 161_730]
    assert lim["rate"].to_list() == [0.0, 0.1, 0.1]
    assert lim["index"].to_list() == [None, None, None]
    assert lim["estimated"].to_list() == [True, False, False]
    assert s.yearly.filter(area="VL")["index"].to_list() == [100.0, 40.0, 40.0]
    period = s.period.filter(area="LIM").row(0, named=True)
    assert (period["value"], period["minors"], period["rate"], period["estimated"]) == (2, 161_442, 0.1, True)
    assert s.yearly["area"].unique(maintain_order=True).to_list() == [*REGIONS, "VL"]


def test_a_hidden_count_gives_a_hidden_rate_and_index(con: duckdb.DuckDBPyConnection) -> None:
    """Public mode: the fixture's small counts are hidden ('<10'), and so are their rates and
    indexes; a shown 0 keeps its rate 0."""
    s = _series(con, "chah_started", PERIOD, "public")
    hidden = s.yearly.filter(s.yearly["value"].is_null())
    assert hidden.height > 0
    assert hidden["rate"].null_count() == hidden.height
    assert hidden["index"].null_count() == hidden.height
    zeros = s.yearly.filter(s.yearly["value"] == 0)
    assert zeros.height and set(zeros["rate"].to_list()) == {0.0}


def test_an_age_band_divides_by_that_bands_minors(con: duckdb.DuckDBPyConnection) -> None:
    """With the age band 15-17, registrations (which follow the age filter) are divided by the
    15-17-year-olds; the key figures, which ignore it, keep all minors. Limburg 2020 has 26.590
    minors of 15-17 (Statbel 2020, published) and 161.794 in all."""
    band = Filters(period_from=date(2020, 1, 1), period_to=date(2020, 12, 31), age_bands=("15-17",))
    registrations = _series(con, "registrations_monthly", band, "exact")
    assert registrations.yearly.filter(area="LIM")["minors"].to_list() == [26_590]
    key_figures = _series(con, "chah_started", band, "exact")
    assert key_figures.yearly.filter(area="LIM")["minors"].to_list() == [161_794]


def test_adults_have_no_rate(con: duckdb.DuckDBPyConnection) -> None:
    """18+ has no population of minors: the counts stay, every rate is empty."""
    adults = Filters(period_from=date(2019, 1, 1), period_to=date(2019, 12, 31), age_bands=("18+",))
    s = _series(con, "registrations_monthly", adults, "exact")
    assert s.yearly.filter(area="OVL")["value"].to_list() == [0]  # t10 registered in 2018
    assert s.yearly["rate"].null_count() == s.yearly.height
