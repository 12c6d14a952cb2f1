"""Disclosure control (queries/disclosure.py): the protection step every shown number passes.

Unit tests work their expected values out by hand from rows of the published ONS ptable
(queries/ptable_10_5_rule.csv, quoted as `pcv,ckey,pvalue`) and from the record keys of
tests/fixture_db.py. The property tests and the differencing attack run on the synthetic default
(the `default_db` fixture), comparing protected values with the exact ones.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.schema import AGE_BANDS, AMBULATORY_MODULES, CHAH, MODULES, REGIONS
from queries import disclosure
from queries.disclosure import DisclosureError, check_public, load_ptable, protect
from queries.run import CKEY_SUFFIX, Filters, list_queries, query_header, run
from tests.fixture_db import build_fixture_db

# The digest the cell-key-perturbation 3.1.0 wheel's RECORD gives for ptable_10_5_rule.csv.
WHEEL_RECORD_DIGEST = "BdjszKlLaUP4s2SEo2kY3EECXugVEpOSOkblyDeEN1E"


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


def test_vendored_ptable_is_the_published_ons_file() -> None:
    """The vendored ptable is byte for byte the file in the cell-key-perturbation 3.1.0 wheel."""
    digest = hashlib.sha256(disclosure.PTABLE_PATH.read_bytes()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == WHEEL_RECORD_DIGEST
    assert disclosure.ptable_sha256() == disclosure.PTABLE_SHA256


def test_ptable_rows_read_by_hand() -> None:
    """Rows of the table as printed in the file: 1..9 go to 0, others to the nearest 5."""
    table = load_ptable()
    assert table.height == 750 * 256

    def pvalue(pcv: int, ckey: int) -> int:
        return table.filter((pl.col("pcv") == pcv) & (pl.col("ckey") == ckey))["pvalue"].item()

    # line 2: 1,0,-1; line 2250: 9,200,-9; line 3073: 12,255,-2; line 3081: 13,7,2;
    # line 4613: 19,3,1; line 5651: 23,17,2; line 128002: 501,0,-1
    assert [pvalue(1, 0), pvalue(9, 200), pvalue(12, 255), pvalue(13, 7)] == [-1, -9, -2, 2]
    assert [pvalue(19, 3), pvalue(23, 17), pvalue(501, 0)] == [1, 2, -1]


def test_published_ptable_does_not_depend_on_the_cell_key() -> None:
    """The ONS 10-5 table gives every ckey of a pcv the same pvalue (documented in DISCLOSURE.md)."""
    per_pcv = load_ptable().group_by("pcv").agg(pl.col("pvalue").n_unique().alias("values"))
    assert per_pcv["values"].max() == 1


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
        # 23 -> row 23,17,2 -> 25; extended 4 (1..9) -> null; pct over a null numerator -> null
        base | {"started": 23, "extended": 4, "started_ckey": 17, "extended_ckey": 9},
        # 8 -> null ("<10"); a true 0 stays 0; pct: denominator null -> null
        base | {"started": 8, "extended": 0, "started_ckey": 200, "extended_ckey": 0},
        # nothing started: 0 and 0, pct null (nothing to divide by)
        base | {"started": 0, "extended": 0, "started_ckey": 0, "extended_ckey": 0},
        # 19 -> row 19,3,1 -> 20; 12 -> row 12,255,-2 -> 10; pct 10 / 20 = 50.0
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
    out = protect(frame, "extension_rate", "public")
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


def test_statistics_hidden_over_fewer_than_10_records() -> None:
    """A median or mean is null when its support count is below 10; shown from 10 up."""
    base = {"area": "VL", "module": CHAH, "median_days": 27.0, "mean_days": 26.4, "within_28_pct": 1.0}
    rows = [
        base | {"trajectories": 9, "within_28_days": 9, "within_42_days": 9},  # support 9: hidden
        base | {"trajectories": 10, "within_28_days": 10, "within_42_days": 10},  # 10: shown
    ]
    rows = [r | {"within_42_pct": 1.0, "trajectories_ckey": 5, "within_28_days_ckey": 5} for r in rows]
    rows = [r | {"within_42_days_ckey": 5} for r in rows]
    out = protect(ckey_frame("duration_norms", rows), "duration_norms", "public")
    assert out["median_days"].to_list() == [None, 27.0]
    assert out["mean_days"].to_list() == [None, 26.4]
    # 10 -> row 10,5,0 -> 10; pct 10 / 10 has a denominator below 20 -> null
    assert out["trajectories"].to_list() == [None, 10] and out["within_28_pct"].to_list() == [None, None]


def test_exact_only_columns_are_null_in_public() -> None:
    """Seasonal indexes (ratios of exact counts) are null in public mode, shown in exact mode."""
    row = {
        "area": "VL", "measure": "registrations", "calendar_month": 4, "total": 402, "years": 9,
        "index_mean": 0.84, "index_min": 0.62, "index_q1": 0.8, "index_median": 0.85,
        "index_q3": 0.88, "index_max": 0.95, "total_ckey": 77,
    }  # fmt: skip
    frame = ckey_frame("seasonal_index", [row])
    public = protect(frame, "seasonal_index", "public").row(0, named=True)
    assert public["total"] == 400  # 402: pcv 402 ends in 2 -> -2
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
    frame = ckey_frame("extension_rate", extension_rows())
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
    out = protect(df, "extension_rate", "public")
    assert out.select("area", "started", "extended", "extended_pct").rows() == [
        ("ANT", None, None, None),
        ("LIM", 0, 0, None),  # nothing started in LIM in 2019: true zeros
        ("VL", None, None, None),
    ]


# ---------------------------------------------------------------------------------------------
# Every query on the synthetic default, over random filter combinations

DAY0 = date(2017, 1, 1)
DAYS = (date(2025, 12, 31) - DAY0).days


@st.composite
def filter_combinations(draw: st.DrawFn) -> Filters:
    """Any combination of the dashboard's filters: regions, period (any days), modules, ages."""
    regions = draw(st.lists(st.sampled_from(sorted(REGIONS)), max_size=3, unique=True))
    start = draw(st.integers(0, DAYS))
    end = draw(st.integers(start, min(DAYS, start + draw(st.sampled_from([31, 365, 3 * 365, DAYS])))))
    return Filters(
        regions=tuple(regions),
        period_from=DAY0 + timedelta(days=start),
        period_to=DAY0 + timedelta(days=end),
        modules=tuple(draw(st.lists(st.sampled_from(MODULES), max_size=2, unique=True))),
        age_bands=tuple(draw(st.lists(st.sampled_from(AGE_BANDS), max_size=2, unique=True))),
        include_flanders=draw(st.booleans()),
    )


def check_against_exact(exact: pl.DataFrame, public: pl.DataFrame, name: str) -> None:
    """Compare a query's exact and public frames cell by cell (the public rules, with truth)."""
    roles = query_header(name).roles
    assert check_public(public, name) == []
    for column, role in roles.items():
        if role.kind == "count":
            for true, shown in zip(exact[column].to_list(), public[column].to_list(), strict=True):
                if true == 0:
                    assert shown == 0, (name, column)
                elif true < 10:
                    assert shown is None, (name, column, true)  # never a value 1..9, never a "0"
                else:
                    assert shown is not None and shown % 5 == 0 and abs(shown - true) <= 2, (column, true)
        elif role.kind == "pct":
            num, den = public[role.numerator], public[role.denominator]  # type: ignore[index]
            for pct, n, d in zip(public[column].to_list(), num.to_list(), den.to_list(), strict=True):
                if d is None or d < 20 or n is None:
                    assert pct is None, (name, column)
                else:
                    assert pct == pytest.approx(round(100.0 * n / d + 1e-9, 1)), (name, column)
        elif role.kind == "stat":
            for value, support in zip(public[column].to_list(), exact[role.support].to_list(), strict=True):  # type: ignore[index]
                assert support >= 10 or value is None, (name, column)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=filter_combinations())
def test_public_mode_over_random_filters_every_query(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> None:
    """Any filters, every query: no count 1..9, counts 0/null/multiples of 5, pct only over >= 20."""
    for name in list_queries():
        exact = run(name, con, filters=filters)
        public = protect(exact, name, "public")
        check_against_exact(exact, public, name)
        # Determinism: a second run of the query gives the same protected frame.
        assert protect(run(name, con, filters=filters), name, "public").equals(public), name


def test_all_queries_default_filters_public(con: duckdb.DuckDBPyConnection) -> None:
    """With the default filters (what a page shows first) every query obeys the public rules."""
    for name in list_queries():
        exact = run(name, con, filters=Filters(regions=("BRU", "ANT"), include_flanders=True))
        check_against_exact(exact, protect(exact, name, "public"), name)


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
        norms = q("duration_norms", regions=[region], modules=["crisisverblijf"])
        dist = q("duration_distribution", regions=[region], modules=["crisisverblijf"])
        assert cell(norms, "trajectories", area=region, module="crisisverblijf") == cell(
            dist, "total", area=region, module="crisisverblijf", bin=1
        )
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
                protect(run("seasonality_monthly", fresh, filters=filters), "seasonality_monthly", "public")
            )
    assert frames[0].equals(frames[1])
    buffer = io.BytesIO()
    frames[0].write_csv(buffer)
    downloaded = pl.read_csv(buffer.getvalue(), schema=frames[0].schema)
    assert downloaded.equals(frames[0])


# ---------------------------------------------------------------------------------------------
# The differencing attack

PERIOD = {"period_from": date(2017, 1, 1), "period_to": date(2025, 12, 31)}
ALL_REGIONS = list(REGIONS)


def _shown_interval(value: int | None) -> tuple[int, int]:
    """What a shown value tells an attacker who knows the rules about the true count."""
    if value is None:
        return 1, 9  # "<10" and not a zero
    if value == 0:
        return 0, 0
    if value == 10:
        return 10, 12  # 8 and 9 would have been "<10"
    return value - 2, value + 2  # rounded to the nearest 5


def test_differencing_attack_fails(con: duckdb.DuckDBPyConnection) -> None:
    """Differencing small region × module × age band × year cells from totals does not recover them.

    Target: every cell of extension_rate's `started` (region × module × start year, one age band)
    with a true value 1..9 in the synthetic default (several hundred cells; all "<10" on screen).
    The attacker has every public table the filters give and three ways to difference each:
      region margin  Flanders − the five other regions        (same age band)
      age margin     all ages − the four other age bands      (same region)
      complement     all ages − a query filtered on the other four age bands (same region)
    treating a "<10" as 0. Besides, a stronger attacker intersects what each path allows (a
    shown 25 means 23..27, "<10" means 1..9, ...) and reports the value when one remains, or
    guesses the middle of what remains.

    Bounds, and why:
    * each subtraction path hits the true value for fewer than 1 in 9 small cells: worse than
      picking a number from 1 to 9 at random, so the subtraction gives an attacker nothing;
    * the interval attacker is certain of the true value for at most 1 % of small cells: with
      rounding to 5 and "<10", certainty needs a rare pattern (e.g. a total shown as 20 whose
      complement is "<10" forces 9); 1 % tolerates such freak cells, never a systematic leak;
    * the interval attacker's best guess is right at most 5 percentage points more often than
      always guessing the commonest small value without any table: rounding does tell whether a
      "<10" lies rather in 1-4 or in 6-9, which is what any rounded table tells; it does not
      single out a child. (The published 10-5 ptable adds no noise that varies with the cell key,
      so this, and not noise, is what protects here; see DISCLOSURE.md.)
    """
    bands = list(AGE_BANDS)

    def table(age_bands: list[str]) -> tuple[dict[Any, int], dict[Any, int | None]]:
        exact = run(
            "extension_rate", con, regions=ALL_REGIONS, include_flanders=True, age_bands=age_bands, **PERIOD
        )
        shown = protect(exact, "extension_rate", "public")
        keys = list(zip(exact["area"], exact["module"], exact["year"], strict=True))
        return dict(zip(keys, exact["started"], strict=True)), dict(zip(keys, shown["started"], strict=True))

    true, shown = {}, {}
    for band in [*bands, "all"]:
        true[band], shown[band] = table([] if band == "all" else [band])
    complement = {band: table([b for b in bands if b != band])[1] for band in bands}

    targets = [
        (region, module, year, band)
        for band in bands
        for (region, module, year), value in true[band].items()
        if region != "VL" and 1 <= value <= 9
    ]
    assert len(targets) >= 200  # enough small cells for the rates to mean something
    values = collections.Counter(true[band][(r, m, y)] for r, m, y, band in targets)
    base_rate = values.most_common(1)[0][1] / len(targets)

    hits = collections.Counter()
    certain = guessed = 0
    for region, module, year, band in targets:
        value = true[band][(region, module, year)]
        total_region = shown[band][("VL", module, year)]
        others_region = [shown[band][(r, module, year)] for r in ALL_REGIONS if r != region]
        total_age = shown["all"][(region, module, year)]
        others_age = [shown[b][(region, module, year)] for b in bands if b != band]
        rest = complement[band][(region, module, year)]
        paths = {
            "region": (total_region, others_region),
            "age": (total_age, others_age),
            "complement": (total_age, [rest]),
        }
        low, high = 1, 9
        for path, (total, others) in paths.items():
            estimate = (total or 0) - sum(o or 0 for o in others)
            hits[path] += estimate == value
            t_low, t_high = _shown_interval(total)
            low = max(low, t_low - sum(_shown_interval(o)[1] for o in others))
            high = min(high, t_high - sum(_shown_interval(o)[0] for o in others))
        assert low <= value <= high  # the attacker's reasoning is sound ...
        certain += low == high  # ... but rarely conclusive
        guessed += (low + high) // 2 == value

    n = len(targets)
    rates = {path: hit / n for path, hit in hits.items()}
    assert all(rate < 1 / 9 for rate in rates.values()), rates
    assert certain / n <= 0.01, certain / n
    assert guessed / n <= base_rate + 0.05, (guessed / n, base_rate)
