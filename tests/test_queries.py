"""Tests for the named queries in queries/ and their runner, on the hand-written fixture database.

Every expected number below is worked out by hand from the rows in tests/fixture_db.py (the
comments show the arithmetic); none is computed by the code under test.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from unittest.mock import patch

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.schema import REGIONS
from queries import run as run_module
from queries.run import (
    CKEY_SUFFIX,
    COMMON_FILTERS,
    NUMERIC_TYPES,
    DataFileMissingError,
    Filters,
    HeaderError,
    QueryError,
    bind_params,
    list_queries,
    parse_header,
    query_header,
    query_sql,
    run,
)
from tests.fixture_db import build_fixture_db

CHAH = "crisishulp_aan_huis"
AMBULATORY = ["crisishulp_aan_huis", "crisisbegeleiding", "crisisinterventie"]
Y2019 = {"period_from": date(2019, 1, 1), "period_to": date(2019, 12, 31)}
Y2019_2021 = {"period_from": date(2019, 1, 1), "period_to": date(2021, 12, 31)}
QUERY_DIR = Path(run_module.__file__).parent


@pytest.fixture(scope="module")
def fixture_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture database file, built once for this module."""
    return build_fixture_db(tmp_path_factory.mktemp("queries") / "fixture.duckdb")


@pytest.fixture(scope="module")
def con(fixture_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A shared read-only connection to the fixture database, as the app would hold one."""
    connection = duckdb.connect(str(fixture_path), read_only=True)
    yield connection
    connection.close()


def rows(df: pl.DataFrame, **where: Any) -> list[dict[str, Any]]:
    """The rows of `df` whose columns equal the given values, as dicts."""
    out = df
    for column, value in where.items():
        out = out.filter(pl.col(column) == value)
    return out.to_dicts()


def unit_key(kind: str, unit_id: str) -> int:
    """A child's or family's fixed key in the fixture, worked out with hashlib: the first byte of
    md5('fixture|<kind>|<id>') (the fixture's key secret is 'fixture')."""
    return hashlib.md5(f"fixture|{kind}|{unit_id}".encode()).digest()[0]


def one(df: pl.DataFrame, **where: Any) -> dict[str, Any]:
    """The single row of `df` matching `where`."""
    found = rows(df, **where)
    assert len(found) == 1, f"expected one row for {where}, got {len(found)}"
    return found[0]


# ---------------------------------------------------------------------------------------------
# Every query file: header, parameters, columns


def test_queries_exist() -> None:
    """list_queries() names every .sql file in queries/ and there is at least one per indicator."""
    names = list_queries()
    assert names == sorted(p.stem for p in QUERY_DIR.glob("*.sql"))
    for required in (
        "registrations_monthly",
        "seasonal_index",
        "registrations_by_weekday",
        "extension_rate",
        "duration_distribution_total",
        "time_to_start_yearly",
        "referral_flows",
        "referral_rates",
        "not_started_monthly",
        "not_started_minors",
        "residential_covid_return",
        "residential_waiting_occupancy",
        "crisis_stay_carrousel",
        "goal_attainment",
        "kerncijfers_totals",
        "kerncijfers_by_year",
        "kerncijfers_quiet_months",
    ):
        assert required in names


@pytest.mark.parametrize("name", list_queries())
def test_header_parses(name: str) -> None:
    """Each query's header parses and has its purpose, grain, period, parameters and columns."""
    header = query_header(name)
    assert header.name == name
    assert header.purpose and header.grain and header.period and header.tables
    if header.tables != ("build_info",):  # metadata about the file has no area
        assert header.columns[0].name == "area"
    assert all(c.description for c in header.columns)
    assert all(p.description for p in header.params)


@pytest.mark.parametrize("name", list_queries())
def test_header_params_are_the_bound_parameters(name: str) -> None:
    """The parameters a header declares are exactly the $names its SQL binds."""
    body = "\n".join(line for line in query_sql(name).splitlines() if not line.startswith("--"))
    assert set(re.findall(r"\$([a-z_][a-z0-9_]*)", body)) == set(query_header(name).param_names)


@pytest.mark.parametrize("name", list_queries())
def test_every_common_filter_declared_or_ignored(name: str) -> None:
    """Each query takes every common filter or says in its header that it ignores it."""
    header = query_header(name)
    for common in COMMON_FILTERS:
        assert (common in header.param_names) != (common in header.ignores), common


@pytest.mark.parametrize("name", list_queries())
def test_runs_with_declared_columns(name: str, con: duckdb.DuckDBPyConnection) -> None:
    """With default parameters each query runs on the fixture and returns its declared columns."""
    header = query_header(name)
    df = run(name, con)
    assert df.columns == list(header.column_names)
    assert df.height > 0
    relation = con.cursor().sql(query_sql(name), params=bind_params(name))
    assert [str(t) for t in relation.types] == [c.sql_type for c in header.columns]


@pytest.mark.parametrize("name", list_queries())
def test_every_numeric_column_has_a_disclosure_role(name: str) -> None:
    """Every numeric output column declares its disclosure role; every count has its cell key."""
    header = query_header(name)
    roles = header.roles
    types = {c.name: c.sql_type for c in header.columns}
    numeric = [c for c, t in types.items() if t in NUMERIC_TYPES and not c.endswith(CKEY_SUFFIX)]
    assert [c for c in numeric if c not in roles] == []
    for count in header.count_columns:
        assert types[count] == "BIGINT", count  # counts stay integer
        assert types[count + CKEY_SUFFIX] == "SMALLINT", count
    assert sorted(header.ckey_columns) == sorted(c + CKEY_SUFFIX for c in header.count_columns)
    for column, role in roles.items():
        if role.kind == "pct":
            assert types[column] == "DOUBLE", column
        assert role.kind != "count" or not column.endswith("_pct"), column


@pytest.mark.parametrize("name", list_queries())
def test_cell_keys_are_in_key_range(name: str, con: duckdb.DuckDBPyConnection) -> None:
    """Cell keys are sums of record keys modulo 256: always within 0..255, never null."""
    df = run(name, con, include_flanders=True, regions=["ANT", "LIM"])
    for column in query_header(name).ckey_columns:
        assert df[column].null_count() == 0, column
        assert df[column].min() >= 0 and df[column].max() <= 255, column


@pytest.mark.parametrize("name", list_queries())
def test_sql_is_lowercase_cte_chain(name: str) -> None:
    """The SQL body is a lowercase chain of CTEs (starts with `with`) ending in one select."""
    body = "\n".join(line for line in query_sql(name).splitlines() if not line.startswith("--"))
    assert body.strip().startswith("with")
    assert not re.search(r"\b(SELECT|FROM|WHERE|GROUP BY|JOIN)\b", body)
    assert "{" not in body  # nothing formatted into the text


def test_queries_md_lists_every_query() -> None:
    """QUERIES.md mentions every query by name."""
    index = (QUERY_DIR / "QUERIES.md").read_text(encoding="utf-8")
    for name in list_queries():
        assert f"`{name}`" in index, name


def test_header_format_errors() -> None:
    """A header with an unknown field, a bad item or a missing field is a HeaderError."""
    good = "-- purpose: p\n-- grain: g\n-- period: d\n-- years: rows\n-- tables: t\n-- params:\n-- columns:\n"
    assert parse_header(good + "--   area VARCHAR  a\nselect 1").column_names == ("area",)
    with pytest.raises(HeaderError, match="unknown header field"):
        parse_header("-- purpos: x\n" + good)
    with pytest.raises(HeaderError, match="name TYPE"):
        parse_header(good + "--   area  a\n")
    with pytest.raises(HeaderError, match="lacks"):
        parse_header("-- purpose: p\nselect 1")
    with pytest.raises(HeaderError, match="lacks years"):
        parse_header(good.replace("-- years: rows\n", "") + "select 1")
    with pytest.raises(HeaderError, match="years must be one of"):
        parse_header(good.replace("years: rows", "years: sometimes") + "select 1")
    with pytest.raises(HeaderError, match="areas must be one of"):
        parse_header(good + "-- areas: merged\nselect 1")


def test_every_query_says_how_periods_and_regions_reach_it() -> None:
    """The protection composes year ranges and refuses region unions by what each header says:
    the queries that sum over the period compose, those whose rows are years or months do not,
    and only the key figures take the selected regions as one whole."""
    headers = {name: query_header(name) for name in list_queries()}
    composing = {n for n, h in headers.items() if h.years == "compose"}
    # Worked out from each query's grain: no year, month or month end among the row keys.
    assert {
        "referral_flows",
        "kerncijfers_totals",
        "extension_rate_by_module",
        "registrations_by_weekday",
    } <= composing
    assert not composing & {"extension_rate_yearly", "kerncijfers_by_year", "registrations_monthly"}
    assert {n for n, h in headers.items() if h.areas == "union"} == {
        "kerncijfers_by_year", "kerncijfers_quiet_months", "kerncijfers_totals",
    }  # fmt: skip
    distinct = {(n, c) for n, h in headers.items() for c, r in h.protect if r.distinct}
    assert ("kerncijfers_totals", "families_chah_started") in distinct
    assert ("kerncijfers_totals", "chah_started") not in distinct


def test_protect_field_parses_roles_and_rejects_bad_ones() -> None:
    """The protect field gives each column one role; references and cell keys are checked."""
    head = "-- purpose: p\n-- grain: g\n-- period: d\n-- years: rows\n-- tables: t\n-- params:\n-- columns:\n"
    cols = (
        "--   year INTEGER  y\n--   n BIGINT  count\n--   k BIGINT  part\n--   pct DOUBLE  k / n\n"
        "--   days DOUBLE  median\n--   n_ckey SMALLINT  key\n--   k_ckey SMALLINT  key\n"
    )
    good = "-- protect:\n--   label: year\n--   count: n,\n--     k\n--   pct = k / n\n--   days ~ n\n"
    roles = parse_header(head + cols + good + "select 1").roles
    assert {c: r.kind for c, r in roles.items()} == {
        "year": "label", "n": "count", "k": "count", "pct": "pct", "days": "stat",
    }  # fmt: skip
    assert (roles["pct"].numerator, roles["pct"].denominator, roles["days"].support) == ("k", "n", "n")
    bad = {
        "--   count: n, k, nope\n": "not a declared column",
        "--   count: n, k\n--   label: n\n": "two roles",
        "--   count: n\n--   label: year, k\n--   pct = k / n\n": "not a count column",
        "--   count: n, k\n--   days ~ year\n": "not a count column",
        "--   count: n, k\n--   pct: k / n\n": "expected",
    }
    for protect, message in bad.items():
        with pytest.raises(HeaderError, match=message):
            parse_header(head + cols + "-- protect:\n" + protect + "select 1")
    # A count without its cell key, and a cell key without its count.
    with pytest.raises(HeaderError, match="needs a column n_ckey"):
        parse_header(head + "--   n BIGINT  count\n-- protect:\n--   count: n\n")
    with pytest.raises(HeaderError, match="cell key of no count"):
        parse_header(head + "--   n BIGINT  count\n--   n_ckey SMALLINT  key\n-- protect:\n--   label: n\n")


def test_query_sql_is_cached() -> None:
    """The SQL text is read once per file: repeated calls return the same string object."""
    assert query_sql("extension_rate") is query_sql("extension_rate")


# ---------------------------------------------------------------------------------------------
# Parameter validation


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"regions": ["XYZ"]}, ["'XYZ'", "ANT, LIM, OVL, VBR, WVL, BRU"]),
        ({"regions": ["ANT", "ant"]}, ["'ant'", "allowed"]),
        ({"regions": 5}, ["regions", "list"]),
        ({"modules": ["crisishulp"]}, ["'crisishulp'", "crisishulp_aan_huis"]),
        ({"modules": [None]}, ["None", "crisisverblijf"]),
        ({"age_bands": ["12-18"]}, ["'12-18'", "12-14"]),
        ({"period_from": "2021-01-01", "period_to": "2019-12-31"}, ["reversed", "2021-01-01"]),
        ({"period_from": "2019-13-01"}, ["'2019-13-01'", "YYYY-MM-DD"]),
        ({"period_to": "gisteren"}, ["'gisteren'", "not a date"]),
        ({"period_from": 20190101}, ["20190101", "not a date"]),
        ({"include_flanders": "yes"}, ["'yes'", "boolean"]),
        ({"region": ["ANT"]}, ["'region'", "regions"]),
    ],
)
def test_bad_parameter_is_clear_query_error(
    params: dict[str, Any], expected: list[str], con: duckdb.DuckDBPyConnection
) -> None:
    """Each kind of bad parameter value raises a QueryError naming the value and what is allowed."""
    with pytest.raises(QueryError) as caught:
        run("extension_rate", con, **params)
    assert isinstance(caught.value, ValueError)
    for fragment in expected:
        assert fragment in str(caught.value)


@pytest.mark.parametrize("name", ["nope", "../data/schema", "", "extension_rate.sql", None])
def test_unknown_query_name(name: Any, con: duckdb.DuckDBPyConnection) -> None:
    """An unknown query name is a QueryError listing the known queries."""
    with pytest.raises(QueryError, match=r"known queries: .*extension_rate"):
        run(name, con)


def test_ignored_filter_is_still_validated(con: duckdb.DuckDBPyConnection) -> None:
    """A common filter a query ignores is validated, then dropped without changing the result."""
    with pytest.raises(QueryError, match="'bogus'"):
        run("residential_covid_cohort", con, modules=["bogus"])
    assert run("residential_covid_cohort", con, modules=["crisisverblijf"]).equals(
        run("residential_covid_cohort", con)
    )


def test_filters_dataclass_equals_keywords(con: duckdb.DuckDBPyConnection) -> None:
    """Passing a Filters object gives the same result as the same values as keywords."""
    filters = Filters(regions=("LIM", "ANT"), modules=(CHAH,), include_flanders=True)
    by_filters = run("extension_rate", con, filters=filters)
    by_keywords = run("extension_rate", con, regions=["ANT", "LIM"], modules=[CHAH], include_flanders=True)
    assert by_filters.equals(by_keywords)
    # keywords override the Filters values
    assert set(run("extension_rate", con, filters=filters, regions=[])["area"]) == {"VL"}


@settings(max_examples=75, deadline=None)
@given(codes=st.lists(st.one_of(st.sampled_from(sorted(REGIONS)), st.text(max_size=6)), max_size=3))
def test_arbitrary_region_codes_never_reach_duckdb(con: duckdb.DuckDBPyConnection, codes: list[str]) -> None:
    """Arbitrary strings as region codes give a QueryError before DuckDB runs, or a valid result."""
    with patch.object(run_module, "_execute", wraps=run_module._execute) as execute:
        try:
            df = run("registrations_by_weekday", con, regions=codes)
        except QueryError:
            assert not all(code in REGIONS for code in codes)
            execute.assert_not_called()
        else:
            assert all(code in REGIONS for code in codes)
            assert set(df["area"]) == (set(codes) if codes else {"VL"})


def test_build_info_query(con: duckdb.DuckDBPyConnection) -> None:
    """build_info returns the file's one metadata row and accepts (and drops) the common filters."""
    row = one(run("build_info", con, filters=Filters(regions=("ANT",))), source="synthetic")
    assert (row["data_version"], row["extract_date"], row["synthetic"]) == (
        "fixture-1",
        date(2025, 12, 31),
        True,
    )


def test_default_connection_reads_dashboard_db(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without a connection, run opens $DASHBOARD_DB read-only; a missing file is a clear error."""
    monkeypatch.setenv("DASHBOARD_DB", str(fixture_path))
    assert one(run("kerncijfers_totals"), area="VL")["chah_started"] > 0
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "missing.duckdb"))
    with pytest.raises(DataFileMissingError, match=r"missing\.duckdb"):
        run("kerncijfers_totals")


# ---------------------------------------------------------------------------------------------
# Regions, period and module/age filters


def test_region_filter_and_flanders_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Selected regions give one group each; 'VL' is added when asked for or when none is chosen."""
    # CHAH started in 2019: t01, t02 (extended), t03, t12 in ANT; t10 in OVL.
    both = run("extension_rate", con, regions=["ANT"], include_flanders=True, modules=[CHAH], **Y2019)
    assert both["area"].to_list() == ["ANT", "VL"]
    assert one(both, area="ANT") == {
        "area": "ANT", "year": 2019, "module": CHAH,
        "started": 4, "extended": 1, "extended_pct": 25.0,  # 1 / 4
        "started_ckey": 18,  # record keys of t01, t02, t03, t12: 1 + 2 + 3 + 12
        "extended_ckey": 2,  # t02
    }  # fmt: skip
    assert one(both, area="VL")["started"] == 5  # 4 + t10
    assert one(both, area="VL")["extended_pct"] == 20.0  # 1 / 5
    only_ant = run("extension_rate", con, regions=["ANT"], modules=[CHAH], **Y2019)
    assert only_ant["area"].to_list() == ["ANT"]
    flanders = run("extension_rate", con, modules=[CHAH], **Y2019)
    assert flanders["area"].to_list() == ["VL"]
    # A selected region with no data still gets its row, with zero and no percentage.
    two = run("extension_rate", con, regions=["LIM", "ANT"], modules=[CHAH], **Y2019)
    assert two["area"].to_list() == ["ANT", "LIM"]
    assert one(two, area="LIM")["started"] == 0
    assert one(two, area="LIM")["extended_pct"] is None


def test_period_edges_are_inclusive(con: duckdb.DuckDBPyConnection) -> None:
    """Events on period_from and on period_to are inside the period; a day further is not."""
    # t10 started 2019-01-01 and t12 started 2019-12-31: both count in 2019 (5 starts in all).
    full = run("extension_rate", con, modules=[CHAH], **Y2019)
    assert one(full, area="VL")["started"] == 5
    # One day in from each edge leaves t01 (01-01), t10 (01-01) and t12 (12-31) out: t02, t03.
    inner = run(
        "extension_rate", con, modules=[CHAH],
        period_from=date(2019, 1, 2), period_to=date(2019, 12, 30),
    )  # fmt: skip
    assert one(inner, area="VL")["started"] == 2


def test_module_and_age_band_filters(con: duckdb.DuckDBPyConnection) -> None:
    """Module and age band filters narrow the counted rows; zero weekdays are still listed."""
    # CHAH aged 12-14 registered 2019-2021: t02 2019-01-10 (Thu), t06 2021-05-01 (Sat),
    # t07 2021-05-20 (Thu), t28 2020-11-01 (Sun), t29 2021-06-15 (Tue): 5 registrations.
    df = run("registrations_by_weekday", con, modules=[CHAH], age_bands=["12-14"], **Y2019_2021)
    assert df["registrations"].to_list() == [0, 1, 0, 2, 0, 1, 1]  # Mon..Sun
    assert df["share_pct"].to_list() == [0.0, 20.0, 0.0, 40.0, 0.0, 20.0, 20.0]  # 1/5, 2/5
    assert df["weekday_name"].to_list()[3] == "donderdag"
    # Adding age band 0-5 adds t03 2019-03-05 (Tue), t08 2021-03-03 (Wed), t09 2021-09-09 (Thu).
    wider = run("registrations_by_weekday", con, modules=[CHAH], age_bands=["12-14", "0-5"], **Y2019_2021)
    assert wider["registrations"].to_list() == [0, 2, 1, 3, 0, 1, 1]


def test_registrations_monthly_counts_and_zero_months(con: duckdb.DuckDBPyConnection) -> None:
    """Registrations and starts per month, with zero for quiet months."""
    df = run("registrations_monthly", con, regions=["ANT"], modules=[CHAH], **Y2019)
    assert df.height == 12  # 12 months x 1 area
    jan = one(df, month=date(2019, 1, 1))
    assert (jan["registrations"], jan["starts"]) == (2, 2)  # t01, t02 registered and started
    assert one(df, month=date(2019, 2, 1))["registrations"] == 0
    dec = one(df, month=date(2019, 12, 1))
    assert (dec["registrations"], dec["starts"]) == (1, 1)  # t12 on 12-31


# ---------------------------------------------------------------------------------------------
# Seasonal index


def test_seasonal_index_tiny_case(con: duckdb.DuckDBPyConnection) -> None:
    """The index is month / that year's monthly mean, summarised over the years."""
    # ANT, CHAH, registrations 2019: Jan 2 (t01, t02), Mar 1 (t03), Dec 1 (t12): 4 in all,
    # monthly mean 4/12, so index Jan 2/(4/12) = 6, Mar 3, Dec 3, other months 0.
    # 2020: Nov 1 (t28): mean 1/12, index Nov 12, other months 0.
    df = run(
        "seasonal_index", con, regions=["ANT"], modules=[CHAH],
        period_from=date(2019, 1, 1), period_to=date(2020, 12, 31),
    )  # fmt: skip
    reg = df.filter(pl.col("measure") == "registrations")
    assert reg.height == 12
    jan = one(reg, calendar_month=1)  # yearly indexes [6, 0]
    assert jan["total"] == 2 and jan["years"] == 2
    assert (jan["index_min"], jan["index_max"]) == (0.0, 6.0)
    assert (jan["index_mean"], jan["index_median"]) == (3.0, 3.0)
    assert (jan["index_q1"], jan["index_q3"]) == (1.5, 4.5)  # interpolated quartiles of [0, 6]
    assert one(reg, calendar_month=3)["index_mean"] == 1.5  # [3, 0]
    assert one(reg, calendar_month=11)["index_mean"] == 6.0  # [0, 12]
    assert one(reg, calendar_month=12)["index_mean"] == 1.5  # [3, 0]
    assert one(reg, calendar_month=2)["index_max"] == 0.0  # [0, 0]
    # Each year's indexes sum to 12, so the means do too: 3 + 1.5 + 6 + 1.5.
    assert reg["index_mean"].sum() == pytest.approx(12.0)


# ---------------------------------------------------------------------------------------------
# Extensions and duration


def test_extension_rate_by_year_and_module(con: duckdb.DuckDBPyConnection) -> None:
    """Extension rate = extended / started, per start year and module."""
    df = run("extension_rate", con, period_from=date(2020, 1, 1), period_to=date(2020, 12, 31))
    # Started in 2020: CHAH t04 (extended), t28; CI t14, t27; CP t15 (extended); CV t16, t17, t20.
    expected = {
        CHAH: (2, 1, 50.0),
        "crisisinterventie": (2, 0, 0.0),
        "crisispleegzorg": (1, 1, 100.0),
        "crisisverblijf": (3, 0, 0.0),
        "crisisbegeleiding": (0, 0, None),  # t13 started 2019, t26 never
    }
    for module, (started, extended, pct) in expected.items():
        row = one(df, area="VL", module=module)
        assert (row["started"], row["extended"], row["extended_pct"]) == (started, extended, pct)


def test_duration_distribution_weekly_bins(con: duckdb.DuckDBPyConnection) -> None:
    """Durations fall in weekly bins (day 28 in bin 4, the norm; day 42 in bin 6, the limit)."""
    # CHAH ended 2019: t10 4 days (bin 1), t01 19 (bin 3), t03 27 (bin 4), t02 39 (bin 6).
    df = run("duration_distribution_total", con, modules=[CHAH], **Y2019)
    assert df["trajectories"].to_list() == [1, 0, 1, 1, 0, 1, 0, 0, 0]
    assert df["label"].to_list() == [
        "0-7", "8-14", "15-21", "22-28", "29-35", "36-42", "43-49", "50-56", "57+",
    ]  # fmt: skip
    assert df["finished"].to_list() == [4] * 9
    assert df["share_pct"].to_list()[:6] == [25.0, 0.0, 25.0, 25.0, 0.0, 25.0]  # each 1/4
    assert (one(df, bin=4)["days_to"], one(df, bin=6)["days_to"]) == (28, 42)
    assert one(df, bin=9)["days_to"] is None


def test_time_to_start_within_24_hours(con: duckdb.DuckDBPyConnection) -> None:
    """Share started within 24 h = starts with started_on - registered_on <= 1 day / starts."""
    # CHAH registered 2019: t01 0 days, t12 0, t03 1, t02 2 (t10 was registered in 2018).
    df = run("time_to_start_yearly", con, modules=[CHAH], **Y2019)
    row = one(df, area="VL", year=2019)
    assert (row["registered"], row["started"]) == (4, 4)
    assert (row["within_24h"], row["within_24h_pct"]) == (3, 75.0)  # 3 / 4
    assert row["median_days"] == 0.5  # middle of 0, 0, 1, 2
    # 2021: t06, t08, t09, t29 never started; t07 1 day; t11 registered 12-31, started 01-01.
    later = run(
        "time_to_start_yearly", con, modules=[CHAH],
        period_from=date(2021, 1, 1), period_to=date(2021, 12, 31),
    )  # fmt: skip
    row = one(later, area="VL", year=2021)
    assert (row["registered"], row["started"], row["within_24h_pct"]) == (6, 2, 100.0)


# ---------------------------------------------------------------------------------------------
# Referrals and outcomes


def test_referral_rates_inside_outside_both(con: duckdb.DuckDBPyConnection) -> None:
    """A trajectory referred both inside and outside counts in both, and once in 'either'."""
    # Ambulatory ended 2019: t01 (inside), t02 (inside + outside), t03 (placement advised),
    # t10 (nothing), t13 (outside): 5 ended.
    df = run("referral_rates", con, modules=AMBULATORY, **Y2019)
    assert one(df, area="VL", year=2019) == {
        "area": "VL", "year": 2019, "ended": 5,
        "referred_inside": 2,  # t01, t02
        "referred_outside": 2,  # t02, t13
        "referred_any": 3,  # t01, t02, t13: not 2 + 2
        "placement_advised": 1,  # t03
        "no_follow_up": 1,  # t10
        "referred_inside_pct": 40.0, "referred_outside_pct": 40.0,  # 2/5
        "referred_any_pct": 60.0,  # 3/5
        "no_follow_up_pct": 20.0,  # 1/5
        # cell keys: sums of the trajectories' record keys (t01=1, t02=2, t03=3, t10=10, t13=13)
        "ended_ckey": 29,  # 1 + 2 + 3 + 10 + 13
        "referred_inside_ckey": 3, "referred_outside_ckey": 15,  # 1 + 2; 2 + 13
        "referred_any_ckey": 16, "placement_advised_ckey": 3, "no_follow_up_ckey": 10,
    }  # fmt: skip
    # 2021: t05 (nothing), t07 (two referrals to contextbegeleiding: counted once).
    y2021 = run(
        "referral_rates", con, modules=AMBULATORY,
        period_from=date(2021, 1, 1), period_to=date(2021, 12, 31),
    )  # fmt: skip
    row = one(y2021, area="VL", year=2021)
    assert (row["ended"], row["referred_inside"], row["no_follow_up_pct"]) == (2, 1, 50.0)


def test_referral_flows_sankey_links(con: duckdb.DuckDBPyConnection) -> None:
    """Module -> outcome -> inside/outside -> destination links with trajectory counts."""
    df = run("referral_flows", con, modules=AMBULATORY, **Y2019)
    links = {(r["step"], r["source"], r["target"]): r["value"] for r in rows(df, area="VL")}
    assert links == {
        (1, CHAH, "placement_advised"): 1,  # t03
        (1, CHAH, "referred"): 2,  # t01, t02
        (1, CHAH, "no_follow_up"): 1,  # t10
        (1, "crisisbegeleiding", "referred"): 1,  # t13
        (2, "referred", "inside_opgroeien"): 2,  # t01, t02
        (2, "referred", "outside_opgroeien"): 2,  # t02, t13
        (3, "inside_opgroeien", "contextbegeleiding"): 1,  # t01
        (3, "inside_opgroeien", "verblijf"): 1,  # t02
        (3, "outside_opgroeien", "ggz"): 1,  # t02
        (3, "outside_opgroeien", "clb"): 1,  # t13
    }
    assert one(df, area="VL", step=3, target="ggz")["inside_opgroeien"] is False
    assert one(df, area="VL", step=1, target="no_follow_up")["inside_opgroeien"] is None


def test_goal_attainment_and_placement_ambulatory_only(con: duckdb.DuckDBPyConnection) -> None:
    """Goal attainment counts ambulatory modules by year closed; other modules never count."""
    # Ended 2020, ambulatory: t12 bereikt, t04 gedeeltelijk, t14 niet (placement advised),
    # t27 bereikt, t28 gedeeltelijk. t15 (crisispleegzorg, ended 2020) is not ambulatory.
    df = run("goal_attainment", con, period_from=date(2020, 1, 1), period_to=date(2021, 12, 31))
    assert one(df, area="VL", year=2020) == {
        "area": "VL", "year": 2020, "ended": 5, "goal_registered": 5,
        "bereikt": 2, "grotendeels_bereikt": 0, "gedeeltelijk_bereikt": 2, "niet_bereikt": 1,
        "goal_positive": 2, "goal_positive_pct": 40.0,  # 2 / 5
        "placement_advised": 1, "placement_advised_pct": 20.0,  # 1 / 5
        # cell keys: t12=12 bereikt, t04=4 gedeeltelijk, t14=14 niet, t27=27 bereikt, t28=28 gedeeltelijk
        "ended_ckey": 85, "goal_registered_ckey": 85,  # 12 + 4 + 14 + 27 + 28
        "bereikt_ckey": 39, "grotendeels_bereikt_ckey": 0, "gedeeltelijk_bereikt_ckey": 32,
        "niet_bereikt_ckey": 14, "goal_positive_ckey": 39, "placement_advised_ckey": 14,
    }  # fmt: skip
    # 2021: t05 (no goal registered), t07 bereikt -> 1 of 1 registered.
    row = one(df, area="VL", year=2021)
    assert (row["ended"], row["goal_registered"], row["goal_positive_pct"]) == (2, 1, 100.0)
    residential = run("goal_attainment", con, modules=["crisispleegzorg"])
    assert residential["ended"].sum() == 0


# ---------------------------------------------------------------------------------------------
# Timely start


def test_could_not_start_unique_minors(con: duckdb.DuckDBPyConnection) -> None:
    """Not-started registrations count minors once; a later same-module or CHAH start counts."""
    # CHAH not started 2019-2021: t06 and t29 (m06), t08 and t09 (m07): 4 registrations,
    # 2 minors. m06's first (t06, 2021-05-01) is followed by t07 (registered 05-20, started
    # 05-21): 05-21 - 05-01 = 20 days.
    chah = run("not_started_minors", con, modules=[CHAH], **Y2019_2021)
    assert one(chah, area="VL") == {
        "area": "VL", "not_started": 4, "minors_not_started": 2,
        "minors_started_later": 1, "started_later_pct": 50.0, "median_days_to_later_start": 20.0,
        "not_started_ckey": 52,  # record keys t06 + t08 + t09 + t29 = 6 + 8 + 9 + 29
        # one fixed key per minor, whatever its records: m06 and m07
        "minors_not_started_ckey": (unit_key("minor", "m06") + unit_key("minor", "m07")) % 256,
        "minors_started_later_ckey": unit_key("minor", "m06"),
    }  # fmt: skip
    # All modules add t26 (m17, CB, 2020-10-01). m17's later CI start (t27) does not count, the
    # CHAH start t28 in ANT on 2020-11-03 does: 33 days. Median of 20 and 33 = 26.5.
    every = run("not_started_minors", con, **Y2019_2021)
    row = one(every, area="VL")
    assert (row["not_started"], row["minors_not_started"], row["minors_started_later"]) == (5, 3, 2)
    assert (row["started_later_pct"], row["median_days_to_later_start"]) == (66.7, 26.5)  # 2/3
    # LIM: t08, t09 (m07), t26 (m17) and t29 (m06). m17's later start lies in ANT and still
    # counts; m06's first LIM registration (t29, 06-15) has nothing registered after it.
    lim = one(run("not_started_minors", con, regions=["LIM"], **Y2019_2021), area="LIM")
    assert (lim["not_started"], lim["minors_not_started"], lim["minors_started_later"]) == (4, 3, 1)
    assert (lim["started_later_pct"], lim["median_days_to_later_start"]) == (33.3, 33.0)


def test_started_later_days_distribution(con: duckdb.DuckDBPyConnection) -> None:
    """Minors who started later fall in day bins: m06 after 20 days, m17 after 33."""
    df = run("started_later_days", con, **Y2019_2021)
    assert df["minors"].to_list() == [0, 0, 1, 1, 0, 0, 0, 0]  # bins 15-30 and 31-60
    assert df["share_pct"].to_list()[2:4] == [50.0, 50.0]


def test_not_started_per_month(con: duckdb.DuckDBPyConnection) -> None:
    """Per registration month: registered, not started, share and distinct minors."""
    # CHAH registered 2021: Mar t08 (not started); May t06 (not), t07; Sep t09 (not); Dec t11.
    df = run(
        "not_started_monthly", con, modules=[CHAH],
        period_from=date(2021, 1, 1), period_to=date(2021, 12, 31),
    )  # fmt: skip
    assert df.height == 12
    may = one(df, month=date(2021, 5, 1))
    assert (may["registered"], may["not_started"], may["not_started_pct"]) == (2, 1, 50.0)
    assert one(df, month=date(2021, 3, 1))["minors_not_started"] == 1
    dec = one(df, month=date(2021, 12, 1))
    assert (dec["registered"], dec["not_started"], dec["not_started_pct"]) == (1, 0, 0.0)
    assert one(df, month=date(2021, 1, 1))["not_started_pct"] is None  # nothing registered


# ---------------------------------------------------------------------------------------------
# Residential stays and the corona cohort


def test_waiting_list_and_occupancy_at_month_end(con: duckdb.DuckDBPyConnection) -> None:
    """Waiting = indicated, not started, not closed; occupied = started, not ended, at day end."""
    df = run("residential_waiting_occupancy", con, regions=["ANT", "LIM"], **Y2019)
    assert df.height == 24  # 12 month ends x 2 regions

    def state(area: str, day: date) -> tuple[int, int]:
        row = one(df, area=area, month_end=day)
        return row["waiting"], row["occupied"]

    # ANT 2019-01-31: s01 and s02 indicated, not started -> 2 waiting; s04, s05 in care -> 2.
    assert state("ANT", date(2019, 1, 31)) == (2, 2)
    # ANT 2019-02-28: s01 started 02-10 (occupied), s02 still waiting, s09 closed 02-20.
    assert state("ANT", date(2019, 2, 28)) == (1, 3)
    # ANT 2019-12-31: s02 ends that day so no longer counts; s04, s05 remain.
    assert state("ANT", date(2019, 12, 31)) == (0, 2)
    # LIM 2019-02-28: s03 indicated on the month end itself -> waiting.
    assert state("LIM", date(2019, 2, 28)) == (1, 0)
    # LIM 2019-12-31: s03 still waiting; s07 (since 07-01) and s06 (since 11-01) in care.
    assert state("LIM", date(2019, 12, 31)) == (1, 2)
    # A period ending before the month end leaves that month end out.
    short = run(
        "residential_waiting_occupancy", con,
        period_from=date(2019, 1, 1), period_to=date(2019, 2, 27),
    )  # fmt: skip
    assert short["month_end"].to_list() == [date(2019, 1, 31)]


def test_corona_cohort_return_within_3_months(con: duckdb.DuckDBPyConnection) -> None:
    """Back within 3 months includes a return exactly 3 months later, not one day after."""
    df = run("residential_covid_return", con)
    # Context support: s04 (back 2020-06-20 = home 03-20 + 3 months), s06 (never back).
    assert one(df, area="VL", context_support=True) == {
        "area": "VL", "context_support": True, "went_home": 2,
        "back_3m": 1, "back_3m_pct": 50.0, "back_6m": 1, "back_6m_pct": 50.0,
        "back_12m": 1, "back_12m_pct": 50.0,
        # cell keys: the children's fixed keys, r04 (s04) and r06 (s06)
        "went_home_ckey": (unit_key("minor", "r04") + unit_key("minor", "r06")) % 256,
        "back_3m_ckey": unit_key("minor", "r04"), "back_6m_ckey": unit_key("minor", "r04"),
        "back_12m_ckey": unit_key("minor", "r04"),
    }  # fmt: skip
    # No support: s05 (back 3 months + 1 day), s07 (home 2020-04-15, back 2021-03-01).
    row = one(df, area="VL", context_support=False)
    assert (row["went_home"], row["back_3m"], row["back_6m"], row["back_12m"]) == (2, 0, 1, 2)
    assert (row["back_3m_pct"], row["back_6m_pct"], row["back_12m_pct"]) == (0.0, 50.0, 100.0)


def test_corona_return_step_curve(con: duckdb.DuckDBPyConnection) -> None:
    """The step curve counts returns by months since going home, 0 to 24."""
    df = run("residential_covid_return_curve", con)
    curve = rows(df, area="VL", context_support=False)
    assert len(curve) == 25
    # s05: back at month 4 (06-21 is past 03-20 + 3 months); s07: 04-15 + 10 months = 2021-02-15
    # is before 03-01, + 11 months = 2021-03-15 is after -> back at month 11.
    assert [r["back"] for r in curve] == [0] * 4 + [1] * 7 + [2] * 14
    assert curve[11]["back_pct"] == 100.0


def test_corona_cohort_by_age_band(con: duckdb.DuckDBPyConnection) -> None:
    """The cohort counts children who went home, by age band, with shares of the cohort."""
    # s04 12-14, s05 6-11, s06 and s07 15-17: 4 children.
    df = run("residential_covid_cohort", con)
    counts = {r["age_band"]: (r["children"], r["share_pct"]) for r in rows(df, area="VL")}
    assert counts == {
        "0-5": (0, 0.0), "6-11": (1, 25.0), "12-14": (1, 25.0), "15-17": (2, 50.0),
    }  # fmt: skip


def test_stay_length_before_during_after_corona(con: duckdb.DuckDBPyConnection) -> None:
    """Median stay and share ending naar_huis by year of ending: <=2019, 2020-2021, 2022-."""
    df = run("residential_stay_by_covid_period", con)
    got = {
        r["covid_period"]: (r["ended"], r["median_days"], r["naar_huis"], r["naar_huis_pct"])
        for r in rows(df, area="VL")
    }
    assert got == {
        "before": (2, 220.5, 1, 50.0),  # s01 140 (naar_huis), s02 301: (140 + 301) / 2
        "during": (3, 822.0, 1, 33.3),  # s06 152 (naar_huis), s07 822, s05 870
        "after": (2, 729.5, 2, 100.0),  # s08 90, s04 1369, both naar_huis: (90 + 1369) / 2
    }


def test_carrousel_counts(con: duckdb.DuckDBPyConnection) -> None:
    """Minors by their largest number of crisis stays registered within 365 days."""
    df = run("crisis_stay_carrousel", con, regions=["ANT", "LIM", "OVL"], include_flanders=True)

    def minors(area: str) -> list[int]:
        return [r["minors"] for r in rows(df, area=area)]  # for 1, 2, 3, 4+ stays

    # m14: 2020-01-10, 03-01, 2021-01-09 (exactly 365 days after the first) -> 3.
    assert minors("ANT") == [0, 0, 1, 0]
    # m15: two stays 366 days apart -> 1; m16 has one LIM stay -> 1.
    assert minors("LIM") == [2, 0, 0, 0]
    # m16: four OVL stays in 2021 -> 4+.
    assert minors("OVL") == [0, 0, 0, 1]
    # Flanders: m14 -> 3, m15 -> 1, m16 five stays -> 4+.
    assert minors("VL") == [1, 0, 1, 1]
    assert [r["share_pct"] for r in rows(df, area="VL")] == [33.3, 0.0, 33.3, 33.3]
    assert [r["label"] for r in rows(df, area="VL")] == ["1", "2", "3", "4+"]
    # Only 2020: m14 has t16, t17 -> 2; m15 has t20 -> 1.
    y2020 = run("crisis_stay_carrousel", con, period_from=date(2020, 1, 1), period_to=date(2020, 12, 31))
    assert [r["minors"] for r in rows(y2020, area="VL")] == [1, 1, 0, 0]
