"""Disclosure control (queries/disclosure.py): the protection step every shown number passes.

Unit tests of `protect` work their expected values out by hand with a hand-made ptable whose
rows follow a rule one can apply in one's head (the 10-5 rule: below 10 removed, else the nearest
multiple of 5), and from the record keys of tests/fixture_db.py. The designed ptable in force is
checked for its published properties (unbiased, no value 1..9, at most 4 off from 10 up, keyed by
a secret). The property tests run on the synthetic default (the `default_db` fixture), comparing
protected values with the exact ones; the joint attacker is in tests/test_attack.py.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.schema import AMBULATORY_MODULES, CHAH, REGIONS
from queries import disclosure
from queries.disclosure import DisclosureError, check_public, design_ptable, load_ptable, protect
from queries.run import CKEY_SUFFIX, Filters, list_queries, query_header, run
from tests.fixture_db import build_fixture_db


def ten_five_table() -> pl.DataFrame:
    """A hand-made ptable for the unit tests: counts 1..9 go to 0 (hidden), others to the nearest
    multiple of 5 (halves up), whatever the cell key: values one can work out in one's head."""
    n = pl.col("pcv")
    rounded = ((n + 2) // 5) * 5
    return (
        pl.DataFrame({"pcv": range(1, 751)})
        .join(pl.DataFrame({"ckey": range(256)}), how="cross")
        .select(
            pl.col("pcv").cast(pl.Int64),
            pl.col("ckey").cast(pl.Int64),
            pl.when(n < 10).then(-n).otherwise(rounded - n).cast(pl.Int64).alias("pvalue"),
        )
    )


TEN_FIVE = ten_five_table()


@pytest.fixture(scope="module")
def con(default_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the synthetic default, shared as the app shares one."""
    connection = duckdb.connect(str(default_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def fixture_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the small hand-written fixture database."""
    path = build_fixture_db(tmp_path_factory.mktemp("disclosure") / "fixture.duckdb")
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


def ckey_frame(name: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A frame with query `name`'s declared columns and types, from hand-made rows."""
    types = {
        "VARCHAR": pl.String, "INTEGER": pl.Int32, "BIGINT": pl.Int64, "DOUBLE": pl.Float64,
        "SMALLINT": pl.Int16, "BOOLEAN": pl.Boolean, "DATE": pl.Date,
    }  # fmt: skip
    schema = {c.name: types[c.sql_type] for c in query_header(name).columns}
    return pl.DataFrame(rows, schema=schema)


# ---------------------------------------------------------------------------------------------
# The perturbation table


def test_designed_ptable_is_unbiased_and_never_shows_1_to_9() -> None:
    """The ptable in force: for every count the perturbation averages to zero over the cell keys
    (to within the 256 keys' granularity), a count 1..9 becomes 0 or 10, a count of 10 or more a
    multiple of 5 at most 4 away; so no shown value is 1..9."""
    table = load_ptable().with_columns(shown=pl.col("pcv") + pl.col("pvalue"))
    assert table.height == 750 * 256
    small = table.filter(pl.col("pcv") < 10)
    assert set(small["shown"].unique().to_list()) == {0, 10}
    large = table.filter(pl.col("pcv") >= 10)
    assert (
        (large["shown"] % 5 == 0).all() and (large["pvalue"].abs() <= 4).all() and large["shown"].min() == 10
    )
    mean = table.group_by("pcv").agg(pl.col("pvalue").mean().alias("mean"))
    # round(256 * p) keys go up: the mean is off by at most 0.5/256 of the step (10 or 5).
    assert mean["mean"].abs().max() <= 10 * 0.5 / 256 + 1e-9


def test_designed_ptable_rows_worked_out_by_hand() -> None:
    """How many of the 256 cell keys go up, per count: 3 -> 10 for round(256 * 3/10) = 77 keys;
    12 -> 15 for round(256 * 2/5) = 102 keys (else 10); 20 never moves; 752 behaves as 502."""
    table = load_ptable()

    def ups(pcv: int) -> int:
        return table.filter((pl.col("pcv") == pcv) & (pl.col("pvalue") > 0)).height

    assert (ups(3), ups(12), ups(20), ups(14), ups(11)) == (77, 102, 0, 205, 51)
    assert table.filter(pl.col("pcv") == 20)["pvalue"].unique().to_list() == [0]


def test_designed_ptable_is_keyed_by_its_secret() -> None:
    """The same secret draws the same table (the same cell keeps its value across restarts); another
    secret draws another: without the secret, which keys go up is unknown."""
    a, b = design_ptable("a" * 32), design_ptable("b" * 32)
    assert a.equals(design_ptable("a" * 32))
    differ = a.join(b, on=["pcv", "ckey"]).filter(pl.col("pvalue") != pl.col("pvalue_right")).height
    assert differ > 50_000


def test_ptable_secret_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """DASHBOARD_PTABLE_SECRET sets the seed; unset or too short, the public default is used and
    said to be the default."""
    monkeypatch.delenv(disclosure.SECRET_ENV, raising=False)
    assert disclosure.ptable_secret() == (disclosure.PUBLIC_DEFAULT_SECRET, True)
    monkeypatch.setenv(disclosure.SECRET_ENV, "short")
    assert disclosure.ptable_secret()[1] is True
    monkeypatch.setenv(disclosure.SECRET_ENV, "9f" * 32)
    assert disclosure.ptable_secret() == ("9f" * 32, False)


def test_incomplete_ptable_is_refused() -> None:
    """A ptable missing a (pcv, ckey) row would leave a count unperturbed: it is refused."""
    with pytest.raises(DisclosureError, match="exactly one row"):
        disclosure.check_ptable(load_ptable().slice(1))


# ---------------------------------------------------------------------------------------------
# protect() on hand-made frames


def extension_rows() -> list[dict[str, Any]]:
    """extension_rate rows whose protected values are worked out in the tests below."""
    base = {"area": "BRU", "year": 2021, "module": "crisispleegzorg", "extended_pct": 0.0}
    return [
        # (with TEN_FIVE) 23 -> 25; extended 4 (1..9) -> null; pct over a null numerator -> null
        base | {"started": 23, "extended": 4, "started_ckey": 17, "extended_ckey": 9},
        # 8 -> null ("<10"); a true 0 stays 0; pct: denominator null -> null
        base | {"started": 8, "extended": 0, "started_ckey": 200, "extended_ckey": 0},
        # nothing started: 0 and 0, pct null (nothing to divide by)
        base | {"started": 0, "extended": 0, "started_ckey": 0, "extended_ckey": 0},
        # 19 -> 20; 12 -> 10; pct 10 / 20 = 50.0
        base | {"started": 19, "extended": 12, "started_ckey": 3, "extended_ckey": 255},
        # 17 -> 15 (pcv 17: -2); 11 -> 10 (pcv 11: -1); denominator 15 < 20 -> pct null
        base | {"started": 17, "extended": 11, "started_ckey": 40, "extended_ckey": 41},
        # 1001 -> pcv ((1001 - 1) % 250) + 501 = 501 -> -1 -> 1000;
        # 752 -> pcv ((752 - 1) % 250) + 501 = 502 -> -2 -> 750; pct 750 / 1000 = 75.0
        base | {"started": 1001, "extended": 752, "started_ckey": 0, "extended_ckey": 1},
    ]


def test_protect_public_counts_and_percentages_by_hand() -> None:
    """Counts: <10 null, true 0 kept, others the ptable's multiple of 5; pct from protected counts."""
    frame = ckey_frame("extension_rate", extension_rows())
    out = protect(frame, "extension_rate", "public", ptable=TEN_FIVE)
    assert out["started"].to_list() == [25, None, 0, 20, 15, 1000]
    assert out["extended"].to_list() == [None, 0, 0, 10, 10, 750]
    assert out["extended_pct"].to_list() == [None, None, None, 50.0, None, 75.0]
    assert out["year"].to_list() == [2021] * 6 and out["module"].to_list()[0] == "crisispleegzorg"


def test_protect_keeps_declared_columns_and_types() -> None:
    """Public output: the declared columns minus the cell keys, same order, same types."""
    frame = ckey_frame("extension_rate", extension_rows())
    out = protect(frame, "extension_rate", "public")
    header = query_header("extension_rate")
    assert out.columns == [c for c in header.column_names if not c.endswith(CKEY_SUFFIX)]
    assert out.schema == frame.drop(header.ckey_columns).schema


def test_protect_exact_only_drops_cell_keys() -> None:
    """Exact mode: the frame minus its *_ckey columns, values untouched."""
    frame = ckey_frame("extension_rate", extension_rows())
    out = protect(frame, "extension_rate", "exact")
    assert out.equals(frame.drop("started_ckey", "extended_ckey"))


def test_statistics_need_a_shown_support_of_20_and_are_rounded() -> None:
    """A median is shown only when its support is shown as 20 or more (so at least 16 records),
    rounded to whole days: a median ending in ,5 would tell the count is even."""
    base = {"area": "VL", "year": 2019, "median_days": 27.5, "within_24h_pct": 100.0}
    rows = [
        base | {"registered": 9, "started": 9, "within_24h": 9},  # support <10: hidden
        base | {"registered": 17, "started": 17, "within_24h": 17},  # 17 -> 15: hidden
        base | {"registered": 19, "started": 19, "within_24h": 19},  # 19 -> 20: shown
    ]
    rows = [r | {"registered_ckey": 5, "started_ckey": 5, "within_24h_ckey": 5} for r in rows]
    out = protect(ckey_frame("time_to_start_yearly", rows), "time_to_start_yearly", "public", ptable=TEN_FIVE)
    assert out["median_days"].to_list() == [None, None, 28.0]  # 27.5 -> 28 (half away from zero)
    # pct 20 / 20 over a shown denominator of 20 -> 100.0; 15 < 20 -> null
    assert out["started"].to_list() == [None, 15, 20]
    assert out["within_24h_pct"].to_list() == [None, None, 100.0]


def test_exact_only_columns_are_null_in_public() -> None:
    """Seasonal indexes (ratios of exact counts) are null in public mode, shown in exact mode."""
    row = {
        "area": "VL", "measure": "registrations", "calendar_month": 4, "total": 402, "years": 9,
        "index_mean": 0.84, "index_min": 0.62, "index_q1": 0.8, "index_median": 0.85,
        "index_q3": 0.88, "index_max": 0.95, "total_ckey": 77,
    }  # fmt: skip
    frame = ckey_frame("seasonal_index", [row])
    public = protect(frame, "seasonal_index", "public", ptable=TEN_FIVE).row(0, named=True)
    assert public["total"] == 400  # 402: nearest multiple of 5
    assert all(public[c] is None for c in row if c.startswith("index_"))
    assert protect(frame, "seasonal_index", "exact").row(0, named=True)["index_mean"] == 0.84


def test_cell_key_chooses_the_ptable_row() -> None:
    """With a ptable that varies by ckey, equal counts with different keys get different values."""
    # Hand-made table: pvalue 0 everywhere except pcv 20 with ckey 7 (+5) and pcv 7 with ckey 20
    # (-7), so a swapped (pcv, ckey) lookup would show.
    grid = load_ptable().with_columns(pvalue=pl.lit(0, pl.Int64))
    special = (
        pl.when((pl.col("pcv") == 20) & (pl.col("ckey") == 7))
        .then(5)
        .when((pl.col("pcv") == 7) & (pl.col("ckey") == 20))
        .then(-7)
        .otherwise(pl.col("pvalue"))
    )
    table = grid.with_columns(pvalue=special)
    frame = pl.DataFrame({"n": [20, 20, 7], "n_ckey": [7, 8, 20]})
    got = disclosure.perturb_counts(frame, ["n"], table)["n"].to_list()
    assert got == [25, 20, None]  # 20 + 5; 20 + 0; 7 - 7 = 0 for a true 7 -> null, not "0"


def test_same_cell_same_value_on_every_call() -> None:
    """The perturbation is a function of (count, cell key): repeated calls agree, no randomness."""
    frame = ckey_frame("extension_rate", extension_rows()).filter(pl.col("started") < 1000)
    first = protect(frame, "extension_rate", "public")
    for _ in range(3):
        assert protect(frame, "extension_rate", "public").equals(first)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.with_columns(pl.lit(3).alias("extra")), "no declared disclosure role"),
        (lambda f: f.drop("started_ckey"), "without its cell key"),
        (lambda f: f.drop("extended"), "needs column"),
        (lambda f: f.with_columns(pl.lit(256, pl.Int16).alias("started_ckey")), "0..255"),
        (lambda f: f.with_columns(pl.lit(None, pl.Int16).alias("started_ckey")), "0..255"),
    ],
)
def test_unprotectable_frames_are_refused(change: Any, message: str) -> None:
    """A numeric column without a role, a missing or broken cell key: an error, never a pass."""
    frame = change(ckey_frame("extension_rate", extension_rows()))
    with pytest.raises(DisclosureError, match=message):
        protect(frame, "extension_rate", "public")


def test_unknown_mode_is_an_error() -> None:
    """A mode other than 'public' or 'exact' raises rather than falling back to exact."""
    frame = ckey_frame("extension_rate", extension_rows())
    with pytest.raises(ValueError, match="public, exact"):
        protect(frame, "extension_rate", "staff")  # type: ignore[arg-type]


def test_fixture_query_protected_by_hand(fixture_con: duckdb.DuckDBPyConnection) -> None:
    """On the fixture every count is small: counts become null or 0, percentages disappear."""
    # CHAH started in 2019 (fixture): ANT 4 (t01, t02, t03, t12), VL 5 -> both "<10".
    df = run("extension_rate", fixture_con, regions=["ANT", "LIM"], include_flanders=True,
             modules=[CHAH], period_from="2019-01-01", period_to="2019-12-31")  # fmt: skip
    out = protect(df, "extension_rate", "public", ptable=TEN_FIVE)
    assert out.select("area", "started", "extended", "extended_pct").rows() == [
        ("ANT", None, None, None),
        ("LIM", 0, 0, None),  # nothing started in LIM in 2019: true zeros
        ("VL", None, None, None),
    ]


# ---------------------------------------------------------------------------------------------
# Every query on the synthetic default, over random filter combinations


@st.composite
def filter_combinations(draw: st.DrawFn) -> Filters:
    """Any view of the public view space: regions side by side, whole years, a module choice, an
    age choice (the only views any path accepts; tests/test_attack.py checks the refusals)."""
    regions = draw(st.lists(st.sampled_from(sorted(REGIONS)), max_size=3, unique=True))
    first = draw(st.integers(2017, 2025))
    last = draw(st.integers(first, 2025))
    return Filters(
        regions=tuple(regions),
        period_from=date(first, 1, 1),
        period_to=date(last, 12, 31),
        modules=draw(st.sampled_from(disclosure.MODULE_CHOICES)),
        age_bands=draw(st.sampled_from(disclosure.AGE_CHOICES)),
        include_flanders=draw(st.booleans()),
    )


def check_against_exact(exact: pl.DataFrame, public: pl.DataFrame, name: str) -> None:
    """Compare a query's exact and public frames cell by cell (the public rules, with truth)."""
    roles = query_header(name).roles
    assert check_public(public, name) == []
    for column, role in roles.items():
        if role.kind == "count":
            for true, shown in zip(exact[column].to_list(), public[column].to_list(), strict=True):
                composed = not role.distinct and query_header(name).years == "compose"
                if true == 0:
                    assert shown == 0, (name, column)
                elif composed:  # a sum of protected years: a multiple of 5, or hidden when below 10
                    assert shown is None or (shown % 5 == 0 and shown >= 10), (column, true)
                elif true < 10:
                    assert shown in (None, 10), (name, column, true)  # never a value 1..9, never a "0"
                else:
                    assert shown is not None and shown % 5 == 0 and abs(shown - true) <= 4, (column, true)
        elif role.kind == "pct":
            num, den = public[role.numerator], public[role.denominator]  # type: ignore[index]
            for pct, n, d in zip(public[column].to_list(), num.to_list(), den.to_list(), strict=True):
                if d is None or d < 20 or n is None:
                    assert pct is None, (name, column)
                else:
                    assert pct == pytest.approx(round(100.0 * n / d + 1e-9, 1)), (name, column)
        elif role.kind == "stat":
            for value, support in zip(public[column].to_list(), exact[role.support].to_list(), strict=True):  # type: ignore[index]
                assert support >= 16 or value is None, (name, column)


@pytest.mark.slow  # a thorough search (seconds); `make test` runs it, `make check` does not
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=filter_combinations())
def test_public_mode_over_random_filters_every_query(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> None:
    """Any public view, every query, through the public path: no count 1..9, counts 0/null/
    multiples of 5 (the key-figure queries for one region at most), pct only over >= 20."""
    for name in list_queries():
        f = filters
        if query_header(name).areas == "union":
            f = Filters(**{**filters.as_params(), "regions": filters.regions[:1]})
        exact = disclosure.shown(name, con, f, "exact")
        public = disclosure.shown(name, con, f, "public")
        check_against_exact(exact, public, name)
        # Determinism: a second run gives the same protected frame.
        assert disclosure.shown(name, con, f, "public").equals(public), name


def test_all_queries_default_filters_public(con: duckdb.DuckDBPyConnection) -> None:
    """With the default filters (what a page shows first) every query obeys the public rules."""
    for name in list_queries():
        regions = ("BRU",) if query_header(name).areas == "union" else ("BRU", "ANT")
        f = Filters(regions=regions, include_flanders=True)
        check_against_exact(disclosure.shown(name, con, f, "exact"), disclosure.shown(name, con, f), name)


# ---------------------------------------------------------------------------------------------
# The same cell gives the same value across queries, connections and downloads


def cell(df: pl.DataFrame, column: str, **where: Any) -> tuple[Any, Any]:
    """(protected value, cell key) of the one row of `df` matching `where`."""
    row = df.filter(**where)
    assert row.height == 1, where
    return row[column].item(), row[column + CKEY_SUFFIX].item()


def public(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """`frame` protected, but keeping the cell keys beside it for the comparison."""
    return protect(frame, name, "public").with_columns(frame.select(query_header(name).ckey_columns))


def test_same_cell_same_value_across_queries(con: duckdb.DuckDBPyConnection) -> None:
    """A cell reached through two queries has the same cell key and the same protected value."""
    period = {"period_from": date(2019, 1, 1), "period_to": date(2021, 12, 31)}

    def q(name: str, **params: Any) -> pl.DataFrame:
        return public(run(name, con, **(period | params)), name)

    # Flanders' yearly CHAH starts: extension_rate, extension_rate_yearly, kerncijfers_by_year.
    by_module = q("extension_rate", modules=[CHAH])
    yearly = q("extension_rate_yearly", modules=[CHAH])
    key_figures = q("kerncijfers_by_year")
    for year in (2019, 2020, 2021):
        a = cell(by_module, "started", area="VL", year=year, module=CHAH)
        b = cell(yearly, "started", area="VL", year=year)
        c = cell(key_figures, "chah_started", year=year)
        assert a == b == c and a[0] is not None
    # Ambulatory outcomes: goal_attainment and referral_rates against the key figures.
    goals = q("goal_attainment")
    referrals = q("referral_rates", modules=list(AMBULATORY_MODULES))
    for year in (2019, 2020, 2021):
        assert cell(goals, "goal_positive", area="VL", year=year) == cell(
            key_figures, "goal_positive", year=year
        )
        assert cell(goals, "ended", area="VL", year=year) == cell(key_figures, "ambulatory_ended", year=year)
        assert cell(referrals, "referred_inside", area="VL", year=year) == cell(
            key_figures, "referred_inside", year=year
        )
    # Distinct minors: kerncijfers_totals against not_started_minors (CHAH, Flanders).
    totals = q("kerncijfers_totals")
    minors = q("not_started_minors", modules=[CHAH])
    assert cell(totals, "could_not_start_minors", area="VL") == cell(minors, "minors_not_started", area="VL")
    # Totals added for percentages are the same cells as counts elsewhere.
    for region in ("ANT", "BRU"):
        later = q("started_later_days", regions=[region])
        assert cell(q("not_started_minors", regions=[region]), "minors_started_later", area=region) == cell(
            later, "total", area=region, bin=1
        )
        cohort = q("residential_covid_cohort", regions=[region])
        assert cell(q("residential_covid_cohort_total", regions=[region]), "children", area=region) == cell(
            cohort, "total", area=region, age_band="12-14"
        )
    curve = q("residential_covid_return_curve")
    back = q("residential_covid_return")
    for support in (True, False):
        assert cell(back, "went_home", area="VL", context_support=support) == cell(
            curve, "went_home", area="VL", context_support=support, months=0
        )
    # Calendar-month CHAH registrations: seasonal_index against the quiet months.
    index = q("seasonal_index", modules=[CHAH])
    quiet = q("kerncijfers_quiet_months")
    for month in (4, 7, 8):
        assert cell(index, "total", area="VL", measure="registrations", calendar_month=month) == cell(
            quiet, "registrations", month=month
        )


def test_same_value_across_connections_reruns_and_downloads(default_db: Path) -> None:
    """A new connection (an app restart) and a CSV download show the very same protected values."""
    filters = Filters(regions=("BRU",), modules=("crisispleegzorg",), age_bands=("0-5", "6-11"))
    frames = []
    for _ in range(2):
        with duckdb.connect(str(default_db), read_only=True) as fresh:
            frames.append(
                protect(
                    run("registrations_monthly", fresh, filters=filters), "registrations_monthly", "public"
                )
            )
    assert frames[0].equals(frames[1])
    buffer = io.BytesIO()
    frames[0].write_csv(buffer)
    downloaded = pl.read_csv(buffer.getvalue(), schema=frames[0].schema)
    assert downloaded.equals(frames[0])
