"""The derived tables: documented, built with every data file, and faithful to the contract tables.

The queries read these tables instead of the contract's three (data/derived/*.sql). Each test
restates what a derived table must hold directly on the contract tables, so a derived table that
loses, doubles or misplaces a record is caught here as well as in the query tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from data import store

DERIVED_DIR = Path(store.DERIVED_DIR)


def _header_columns(name: str) -> list[str]:
    """The column names a derived table's header declares (`--   name TYPE  text`)."""
    text = (DERIVED_DIR / f"{name}.sql").read_text(encoding="utf-8")
    head = text.split("\ncreate table", 1)[0]
    section = head.split("-- columns:", 1)[1].split("-- notes:", 1)[0]
    return re.findall(r"^--   ([a-z_]+) [A-Z]+", section, flags=re.M)


@pytest.fixture(scope="module")
def con(default_db: Path) -> duckdb.DuckDBPyConnection:
    """The synthetic default, read-only."""
    connection = duckdb.connect(str(default_db), read_only=True)
    yield connection
    connection.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    return con.execute(sql).fetchone()[0]


def test_every_file_is_built_and_every_built_table_has_a_file() -> None:
    """data/derived/ holds exactly the tables the store builds, so none is forgotten or orphaned."""
    assert sorted(p.stem for p in DERIVED_DIR.glob("*.sql")) == sorted(store.DERIVED_TABLES)


@pytest.mark.parametrize("name", store.DERIVED_TABLES)
def test_header_states_purpose_grain_and_what_it_reads(name: str) -> None:
    """Each file says why the table exists, one row per what, and which tables it reads."""
    head = (DERIVED_DIR / f"{name}.sql").read_text(encoding="utf-8").split("\ncreate table", 1)[0]
    for field in ("-- purpose:", "-- grain:", "-- reads:", "-- columns:"):
        assert field in head, f"{name}.sql has no '{field}' line"


@pytest.mark.parametrize("name", store.DERIVED_TABLES)
def test_declared_columns_are_the_built_columns(name: str, con: duckdb.DuckDBPyConnection) -> None:
    """The columns a header lists are the table's columns, in order (a copy of a contract table
    lists the columns it adds)."""
    built = [r[0] for r in con.execute(f"select column_name from (describe {name})").fetchall()]
    declared = _header_columns(name)
    if "-- columns: those of residential_stays" in (DERIVED_DIR / f"{name}.sql").read_text():
        base = [r[0] for r in con.execute("select column_name from (describe residential_stays)").fetchall()]
        declared = base + declared
    assert built == declared


@pytest.mark.parametrize(
    ("cube", "where"),
    [
        ("registrations_daily", "true"),
        ("starts_daily", "started_on is not null"),
        ("closures_daily", "ended_on is not null"),
        ("durations_daily", "ended_on is not null and started_on is not null"),
    ],
)
def test_cubes_hold_every_trajectory_once(cube: str, where: str, con: duckdb.DuckDBPyConnection) -> None:
    """A cube's counts and record-key sums add up to the trajectories it covers, per region."""
    expected = con.execute(
        f"select region, count(*), sum(record_key) from crisis_trajectories where {where}"
        " group by region order by region"
    ).fetchall()
    got = con.execute(
        f"select region, sum(n)::bigint, sum(key_sum)::bigint from {cube} group by region order by region"
    ).fetchall()
    assert got == expected


def test_referral_links_count_each_trajectory_once_per_destination(con: duckdb.DuckDBPyConnection) -> None:
    """Two referrals of one trajectory to one destination are one link; every destination is one."""
    expected = scalar(
        con,
        "select count(*) from (select distinct r.trajectory_id, r.destination from referrals r"
        " join crisis_trajectories t using (trajectory_id) where t.ended_on is not null)",
    )
    assert scalar(con, "select sum(n) from referral_links_daily") == expected


def test_closures_carry_the_referral_sides(con: duckdb.DuckDBPyConnection) -> None:
    """Closed trajectories referred outside Opgroeien, counted on the contract tables and the cube."""
    expected = scalar(
        con,
        "select count(*) from crisis_trajectories t where t.ended_on is not null and exists"
        " (select 1 from referrals r where r.trajectory_id = t.trajectory_id and not r.inside_opgroeien)",
    )
    assert scalar(con, "select sum(n) from closures_daily where any_outside") == expected


def test_not_started_registrations_are_those_without_a_start(con: duckdb.DuckDBPyConnection) -> None:
    """Every registration without started_on, once, with as many distinct minors."""
    rows, minors = con.execute(
        "select count(*), count(distinct minor_id) from crisis_trajectories where started_on is null"
    ).fetchone()
    assert con.execute(
        "select count(*), count(distinct minor_key) from not_started_registrations"
    ).fetchone() == (rows, minors)


def test_crisis_stay_windows_match_a_direct_count(con: duckdb.DuckDBPyConnection) -> None:
    """A stay's precounted windows equal a direct count of the minor's stays in that window."""
    mismatches = scalar(
        con,
        """
        with s as (
            select minor_id, region, registered_on,
                row_number() over (order by registered_on, trajectory_id) as i
            from crisis_trajectories where module = 'crisisverblijf'
        ),
        direct as (
            select a.i, a.registered_on,
                count(*) filter (where b.region = a.region) as w_region,
                count(*) as w_all,
                count(*) filter (where b.region = a.region and year(b.registered_on) = year(a.registered_on))
                    as w_region_year,
                count(*) filter (where year(b.registered_on) = year(a.registered_on)) as w_all_year
            from s a join s b
                on b.minor_id = a.minor_id
                and b.registered_on between a.registered_on and a.registered_on + 365
            group by a.i, a.registered_on
        ),
        direct_sorted as (
            select w_region, w_all, w_region_year, w_all_year,
                row_number() over (order by registered_on, w_region, w_all, w_region_year, w_all_year) as j
            from direct
        ),
        derived_sorted as (
            select window_region, window_all, window_region_year, window_all_year,
                row_number() over (
                    order by registered_on, window_region, window_all, window_region_year, window_all_year
                ) as j
            from crisis_stays
        )
        select count(*) from direct_sorted join derived_sorted using (j)
        where (w_region, w_all, w_region_year, w_all_year)
            <> (window_region, window_all, window_region_year, window_all_year)
        """,
    )
    assert mismatches == 0
    assert scalar(con, "select count(*) from crisis_stays") == scalar(
        con, "select count(*) from crisis_trajectories where module = 'crisisverblijf'"
    )


def test_corona_return_month_is_the_first_month_the_child_was_back(con: duckdb.DuckDBPyConnection) -> None:
    """return_month is the fewest whole months after going home by which the child was back."""
    mismatches = scalar(
        con,
        """
        select count(*) from residential_covid_stays
        where coalesce(return_month, -1) <> coalesce((
            select min(m) from range(0, 200) as t(m)
            where covid_return_on >= covid_home_on
              and covid_return_on <= covid_home_on + to_months(m)
        ), -1)
        """,
    )
    assert mismatches == 0


def test_residential_stock_changes_add_up_to_a_direct_count(con: duckdb.DuckDBPyConnection) -> None:
    """The waiting list at the end of June 2021, from the changes, equals a direct count."""
    direct = scalar(
        con,
        "select count(*) from residential_stays where indicated_on <= date '2021-06-30'"
        " and (started_on is null or started_on > date '2021-06-30')"
        " and (ended_on is null or ended_on > date '2021-06-30')",
    )
    assert (
        scalar(
            con, "select sum(waiting_change) from residential_stock_changes where month_end <= '2021-06-30'"
        )
        == direct
    )
