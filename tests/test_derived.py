"""The derived tables: documented, built with every data file, and faithful to the contract tables.

The queries read these tables instead of the contract's three (data/derived/*.sql). Each test
restates what a derived table must hold directly on the contract tables, so a derived table that
loses, doubles or misplaces a record is caught here as well as in the query tests.
"""

from __future__ import annotations

import hashlib
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


def _busiest_counts(con: duckdb.DuckDBPyConnection, found: str, direct: str) -> tuple[list, list]:
    """(year, busiest window, minors) from crisis_stays and from a direct count, both sorted."""
    one = con.execute(f"select y, b, count(*) from ({found}) group by all order by all").fetchall()
    two = con.execute(f"select y, b, count(*) from ({direct}) group by all order by all").fetchall()
    return one, two


STAYS = "select minor_id, region, registered_on as d from crisis_trajectories where module = 'crisisverblijf'"
# (list column, previous-stay column, what else a window's stays share than the minor)
SCOPES = [("busiest", "previous_on", "true"), ("busiest_region", "previous_region_on", "b.region = a.region")]


@pytest.mark.parametrize(("column", "previous", "same"), SCOPES)
def test_crisis_stays_know_each_minors_busiest_window_in_a_year(
    column: str, previous: str, same: str, con: duckdb.DuckDBPyConnection
) -> None:
    """For a one-year period, a minor's busiest window (stays within 365 days, cut at 31 December)
    as crisis_stays holds it on the minor's first stay of the year equals a direct count, over
    all regions and within each region."""
    found = (
        f"select year(registered_on) as y, {column}[1] as b from crisis_stays"
        f" where {previous} is null or year({previous}) < year(registered_on)"
    )
    direct = f"""
        with s as ({STAYS}),
        windows as (
            select a.minor_id, a.region, year(a.d) as y, a.d, count(*) as w
            from s as a join s as b
                on b.minor_id = a.minor_id and {same}
                and b.d between a.d and a.d + 365 and year(b.d) = year(a.d)
            group by all
        )
        select y, max(w) as b from windows
        group by minor_id, y{", region" if same != "true" else ""}
    """
    one, two = _busiest_counts(con, found, direct)
    assert one == two and len(one) > 3


@pytest.mark.parametrize(("column", "previous", "same"), SCOPES)
def test_crisis_stays_know_each_minors_busiest_window_over_all_years(
    column: str, previous: str, same: str, con: duckdb.DuckDBPyConnection
) -> None:
    """For the whole data period, each minor's busiest window on its first stay equals a direct
    count over all its stays (the data ends on 31 December, so no window is cut)."""
    last = con.execute("select max(year(registered_on)) from crisis_stays").fetchone()[0]
    found = (
        f"select 0 as y, {column}[least({last} - year(registered_on) + 1, len({column}))] as b"
        f" from crisis_stays where {previous} is null"
    )
    direct = f"""
        with s as ({STAYS}),
        windows as (
            select a.minor_id, a.region, a.d, count(*) as w
            from s as a join s as b
                on b.minor_id = a.minor_id and {same} and b.d between a.d and a.d + 365
            group by all
        )
        select 0 as y, max(w) as b from windows
        group by minor_id{", region" if same != "true" else ""}
    """
    one, two = _busiest_counts(con, found, direct)
    assert one == two
    assert (
        con.execute("select count(*) from crisis_stays").fetchone()
        == con.execute("select count(*) from crisis_trajectories where module = 'crisisverblijf'").fetchone()
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


def test_a_window_in_a_region_counts_only_that_regions_stays(tmp_path: Path) -> None:
    """One minor with crisis stays in Limburg (1 March and 1 June 2021, 1 February 2022) and
    Antwerpen (1 April 2021). Worked out by hand, per stay, for the periods 2021 and 2021-2022:
    in Limburg the busiest window holds 2 stays in 2021 (cut at 31 December) and 3 over
    2021-2022; in Antwerpen 1; over all regions 3 and 4. The minor's key is the same in every
    list and region: md5('test|minor|m1')'s first byte, worked out with hashlib."""
    from data.schema import BUILD_INFO_DDL, TABLES

    path = tmp_path / "two-regions.duckdb"
    stays = [("LIM", "2021-03-01"), ("ANT", "2021-04-01"), ("LIM", "2021-06-01"), ("LIM", "2022-02-01")]
    with duckdb.connect(str(path)) as db:
        for table in TABLES:
            db.execute(table.ddl())
        db.execute(BUILD_INFO_DDL)
        for i, (region, day) in enumerate(stays):
            db.execute(
                "insert into crisis_trajectories values ($t, 'm1', 'f1', $r, 'crisisverblijf', '12-14', 'v',"
                " $d, $d, $d::date + 5, false, null, false, $k)",
                {"t": f"t{i}", "r": region, "d": day, "k": 10 + i},
            )
        store.write_derived(db, key_secret="test")
        rows = db.execute(
            "select region, busiest_region, busiest, key_region, key from crisis_stays order by registered_on"
        ).fetchall()
    k = hashlib.md5(b"test|minor|m1").digest()[0]
    assert rows == [
        ("LIM", [2, 3], [3, 4], [k, k], [k, k]),
        ("ANT", [1], [3, 4], [k], [k, k]),
        ("LIM", [2, 3], [3, 4], [k, k], [k, k]),
        ("LIM", [1], [1], [k], [k]),
    ]
