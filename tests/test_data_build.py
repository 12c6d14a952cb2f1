"""The synthetic default: published figures reproduced, contract kept, deterministic, written safely."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from data import schema, store, synth

AMBULATORY = "('crisishulp_aan_huis', 'crisisbegeleiding', 'crisisinterventie')"


def scalar(db: Path, sql: str) -> object:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


# --- the figures of written parliamentary question nr. 712, Flanders 2019-2021 -------------------
# Each query below restates a definition of the key figures independently of the query layer.


def test_families_with_chah_started_2019_2021(default_db: Path) -> None:
    """1417 families started crisishulp aan huis in 2019-2021 (answer 1)."""
    n = scalar(
        default_db,
        "select count(distinct family_id) from crisis_trajectories"
        " where module = 'crisishulp_aan_huis' and year(started_on) between 2019 and 2021",
    )
    assert n == 1417


def test_goal_attainment_rounds_to_published_percentages(default_db: Path) -> None:
    """Goals (largely) reached in 70 %, 68 %, 71 % of closed guidance (answer 2)."""
    got = rows(
        default_db,
        f"""select year(ended_on),
                 100.0 * count(*) filter (goal_attainment in ('bereikt', 'grotendeels_bereikt'))
                 / count(goal_attainment)
            from crisis_trajectories
            where module in {AMBULATORY} and year(ended_on) between 2019 and 2021
            group by 1 order by 1""",
    )
    assert [(y, round(p)) for y, p in got] == [(2019, 70), (2020, 68), (2021, 71)]


def test_placement_advised_per_year(default_db: Path) -> None:
    """Out-of-home placement advised in 84, 90, 108 closed ambulatory trajectories (answer 3)."""
    got = rows(
        default_db,
        f"""select year(ended_on), count(*) from crisis_trajectories
            where module in {AMBULATORY} and placement_advised
              and year(ended_on) between 2019 and 2021 group by 1 order by 1""",
    )
    assert got == [(2019, 84), (2020, 90), (2021, 108)]


@pytest.mark.parametrize(
    ("inside", "expected"),
    [
        (True, [(2019, 463), (2020, 512), (2021, 520)]),
        (False, [(2019, 478), (2020, 543), (2021, 542)]),
    ],
)
def test_referrals_inside_and_outside_opgroeien(
    default_db: Path, inside: bool, expected: list[tuple[int, int]]
) -> None:
    """Referred inside Opgroeien 463, 512, 520 and outside 478, 543, 542 (answer 4)."""
    got = rows(
        default_db,
        f"""select year(t.ended_on), count(*) from crisis_trajectories t
            where t.module in {AMBULATORY} and year(t.ended_on) between 2019 and 2021
              and exists (select 1 from referrals r where r.trajectory_id = t.trajectory_id
                          and r.inside_opgroeien = {str(inside).lower()})
            group by 1 order by 1""",
    )
    assert got == expected


def test_chah_extended_55_about_4_percent(default_db: Path) -> None:
    """55 CHAH guidance started in 2019-2021 were extended, about 4 % (answer 5)."""
    started, extended = rows(
        default_db,
        "select count(*), count(*) filter (extended) from crisis_trajectories"
        " where module = 'crisishulp_aan_huis' and year(started_on) between 2019 and 2021",
    )[0]
    assert extended == 55
    assert round(100 * extended / started) == 4


def test_708_unique_minors_could_not_start(default_db: Path) -> None:
    """708 unique minors had an indicated CHAH that could not start in 2019-2021 (answer 6)."""
    n = scalar(
        default_db,
        "select count(distinct minor_id) from crisis_trajectories"
        " where module = 'crisishulp_aan_huis' and year(registered_on) between 2019 and 2021"
        " and started_on is null",
    )
    assert n == 708


def test_april_july_august_are_the_quiet_months(default_db: Path) -> None:
    """April, July and August have the fewest CHAH registrations over 2019-2021 (answer 6)."""
    quiet = rows(
        default_db,
        """select month(registered_on) m from crisis_trajectories
           where module = 'crisishulp_aan_huis' and year(registered_on) between 2019 and 2021
           group by m order by count(*), m limit 3""",
    )
    assert sorted(m for (m,) in quiet) == [4, 7, 8]


def test_many_refused_minors_start_after_a_later_registration(default_db: Path) -> None:
    """Refused minors are often registered again weeks later and can start then (answer 6)."""
    share = scalar(
        default_db,
        """with refused as (
             select minor_id, min(registered_on) first_refusal from crisis_trajectories
             where module = 'crisishulp_aan_huis' and started_on is null group by 1)
           select avg((exists (select 1 from crisis_trajectories t
                               where t.minor_id = r.minor_id and t.started_on is not null
                                 and t.registered_on > r.first_refusal))::int)
           from refused r""",
    )
    assert 0.25 < share < 0.6


@pytest.mark.parametrize("seed", [1, 2026])
def test_published_figures_hold_for_any_seed(tmp_path: Path, seed: int) -> None:
    """The calibration is by construction, not luck of one seed."""
    db = tmp_path / "other.duckdb"
    synth.build(db, seed=seed)
    assert (
        scalar(
            db,
            "select count(distinct family_id) from crisis_trajectories"
            " where module = 'crisishulp_aan_huis' and year(started_on) between 2019 and 2021",
        )
        == 1417
    )
    assert (
        scalar(
            db,
            "select count(distinct minor_id) from crisis_trajectories where module ="
            " 'crisishulp_aan_huis' and year(registered_on) between 2019 and 2021 and started_on is null",
        )
        == 708
    )
    assert rows(
        db,
        f"""select year(ended_on), count(*) from crisis_trajectories
            where module in {AMBULATORY} and placement_advised
              and year(ended_on) between 2019 and 2021 group by 1 order by 1""",
    ) == [(2019, 84), (2020, 90), (2021, 108)]


def test_scale_multiplies_volumes_and_published_counts(tmp_path: Path, default_db: Path) -> None:
    """--scale 3 triples the volumes, and the published counts with them."""
    db = tmp_path / "x3.duckdb"
    synth.build(db, scale=3)
    base = scalar(default_db, "select count(*) from crisis_trajectories")
    tripled = scalar(db, "select count(*) from crisis_trajectories")
    assert 2.9 * base < tripled < 3.1 * base
    assert (
        scalar(
            db,
            "select count(*) filter (extended) from crisis_trajectories"
            " where module = 'crisishulp_aan_huis' and year(started_on) between 2019 and 2021",
        )
        == 3 * 55
    )


def test_large_scales_build_in_chunks_with_unique_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the chunk size a build is several chunks: ids stay unique, published counts scale."""
    monkeypatch.setattr(synth, "CHUNK_SCALE", 1.0)
    db = tmp_path / "chunked.duckdb"
    synth.build(db, scale=3)
    assert scalar(db, "select count(*) - count(distinct trajectory_id) from crisis_trajectories") == 0
    assert scalar(db, "select count(*) - count(distinct stay_id) from residential_stays") == 0
    assert (
        scalar(
            db,
            "select count(distinct family_id) from crisis_trajectories"
            " where module = 'crisishulp_aan_huis' and year(started_on) between 2019 and 2021",
        )
        == 3 * 1417
    )


# --- realism beyond the published figures ---------------------------------------------------------


def test_registrations_span_2017_to_2025(default_db: Path) -> None:
    """The default covers before, during and after corona."""
    assert rows(
        default_db,
        "select min(year(registered_on)), max(year(registered_on)) from crisis_trajectories",
    ) == [(2017, 2025)]


def test_weekends_are_quieter_than_weekdays(default_db: Path) -> None:
    """The hotlines register far fewer requests on Saturday and Sunday."""
    weekday, weekend = rows(
        default_db,
        """select avg(n) filter (where d <= 5), avg(n) filter (where d > 5) from (
             select isodow(registered_on) d, count(*) n from crisis_trajectories group by 1)""",
    )[0]
    assert weekend < 0.6 * weekday


def test_corona_dip_in_spring_2020(default_db: Path) -> None:
    """Crisis registrations in April 2020 fell well below April 2019."""
    april_2019, april_2020 = rows(
        default_db,
        """select count(*) filter (where year(registered_on) = 2019),
                  count(*) filter (where year(registered_on) = 2020)
           from crisis_trajectories where month(registered_on) = 4""",
    )[0]
    assert april_2020 < 0.8 * april_2019


def test_chah_durations_around_the_28_day_norm(default_db: Path) -> None:
    """Most CHAH close within 28 days; extended ones run past it, few beyond 7 weeks."""
    within, extended_over, median = rows(
        default_db,
        """select avg((ended_on - started_on <= 28)::int) filter (where not extended),
                  avg((ended_on - started_on > 28)::int) filter (where extended),
                  median(ended_on - started_on)
           from crisis_trajectories where module = 'crisishulp_aan_huis' and ended_on is not null""",
    )[0]
    assert within == 1.0
    assert extended_over == 1.0
    assert 20 <= median <= 28


def test_children_went_home_in_the_first_lockdown(default_db: Path) -> None:
    """The corona cohort: stays running in March 2020 with a home-going date in spring 2020."""
    n, first, last, back = rows(
        default_db,
        """select count(*), min(covid_home_on), max(covid_home_on), count(covid_return_on)
           from residential_stays where covid_home_on is not null""",
    )[0]
    assert n > 300
    assert str(first) >= "2020-03-14" and str(last) <= "2020-07-01"
    assert 0.3 * n < back < 0.7 * n


def test_naar_huis_share_higher_during_corona(default_db: Path) -> None:
    """More stays ended with the child going home in 2020-2021 than before."""
    before, during = rows(
        default_db,
        """select avg((end_reason = 'naar_huis')::int) filter (where year(ended_on) between 2017 and 2019),
                  avg((end_reason = 'naar_huis')::int) filter (where year(ended_on) between 2020 and 2021)
           from residential_stays where ended_on is not null""",
    )[0]
    assert during > before + 0.05


def test_repeated_crisis_stays_exist(default_db: Path) -> None:
    """Some children go through three or more crisis stays within a year (the carrousel)."""
    n = scalar(
        default_db,
        """select count(*) from (
             select minor_id from crisis_trajectories where module = 'crisisverblijf'
             group by minor_id having count(*) >= 3 and max(registered_on) - min(registered_on) <= 365)""",
    )
    assert n > 100


def test_regional_shares_follow_population(default_db: Path) -> None:
    """Antwerpen is the largest region and Brussel the smallest."""
    order = [
        r
        for (r,) in rows(
            default_db, "select region from crisis_trajectories group by 1 order by count(*) desc"
        )
    ]
    assert order[0] == "ANT" and order[-1] == "BRU"


# --- contract conformance ---------------------------------------------------------------------------


@pytest.mark.parametrize("table", schema.TABLES, ids=lambda t: t.name)
def test_tables_have_the_contract_columns_and_types(default_db: Path, table: schema.Table) -> None:
    """Every contract column exists with its type and nullability, in contract order."""
    got = rows(
        default_db,
        f"select column_name, data_type, is_nullable from information_schema.columns"
        f" where table_name = '{table.name}' order by ordinal_position",
    )
    expected = [(c.name, c.sql_type, "YES" if c.nullable else "NO") for c in table.columns]
    assert got == expected


@pytest.mark.parametrize(
    ("table", "column"),
    [(t.name, c) for t in schema.TABLES for c in t.columns if c.codes],
    ids=lambda x: x if isinstance(x, str) else x.name,
)
def test_code_lists_are_respected(default_db: Path, table: str, column: schema.Column) -> None:
    """No value outside the contract's code list."""
    values = {v for (v,) in rows(default_db, f"select distinct {column.name} from {table}")}
    allowed = set(column.codes) | ({None} if column.nullable else set())
    assert values <= allowed


def test_ids_unique_and_referrals_point_at_trajectories(default_db: Path) -> None:
    """trajectory_id and stay_id are unique; every referral has its trajectory."""
    assert scalar(default_db, "select count(*) - count(distinct trajectory_id) from crisis_trajectories") == 0
    assert scalar(default_db, "select count(*) - count(distinct stay_id) from residential_stays") == 0
    assert (
        scalar(
            default_db,
            "select count(*) from referrals r anti join crisis_trajectories t using (trajectory_id)",
        )
        == 0
    )


def test_dates_in_order(default_db: Path) -> None:
    """registered <= started <= ended; indicated <= started <= ended; nothing after the extract."""
    assert (
        scalar(
            default_db,
            """select count(*) from crisis_trajectories
           where started_on < registered_on or ended_on < started_on
              or (ended_on is not null and started_on is null) or registered_on > date '2025-12-31'""",
        )
        == 0
    )
    assert (
        scalar(
            default_db,
            """select count(*) from residential_stays
           where started_on < indicated_on or ended_on < started_on
              or covid_home_on < started_on or covid_home_on > ended_on
              or covid_return_on < covid_home_on or covid_return_on > ended_on""",
        )
        == 0
    )


def test_inside_opgroeien_agrees_with_destination(default_db: Path) -> None:
    """GGZ, CAW, VAPH, CLB are outside Opgroeien; contextbegeleiding, verblijf, ... inside."""
    got = dict(rows(default_db, "select distinct destination, inside_opgroeien from referrals"))
    assert got == {d: schema.DESTINATIONS[d] for d in got}
    assert got["ggz"] is False and got["verblijf"] is True


def test_record_keys_cover_the_key_range(default_db: Path) -> None:
    """Every record carries a record key in 0..255, roughly uniform."""
    lo, hi, mean = rows(
        default_db,
        "select min(record_key), max(record_key), avg(record_key) from crisis_trajectories",
    )[0]
    assert (lo, hi) == (0, 255)
    assert 120 < mean < 135


def test_build_info_marks_the_synthetic_default(default_db: Path) -> None:
    """The file says it is synthetic, with seed, scale and a data version."""
    source, synthetic, seed, scale, version = rows(
        default_db, "select source, synthetic, seed, scale, data_version from build_info"
    )[0]
    assert (source, synthetic, seed, scale) == ("synthetic", True, 712, 1.0)
    assert version.startswith("2025-12-31-")


def test_contract_doc_names_every_column() -> None:
    """data/CONTRACT.md documents every column of every table (the doc cannot drift)."""
    doc = (Path(__file__).parent.parent / "data" / "CONTRACT.md").read_text(encoding="utf-8")
    for table in schema.TABLES:
        section = doc.split(f"### `{table.name}`", 1)[1].split("\n### ", 1)[0]
        for column in table.columns:
            assert f"| {column.name} |" in section, f"{table.name}.{column.name} undocumented"


# --- determinism and safe writing -------------------------------------------------------------------


def _content(db: Path) -> list[list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [con.execute(f"select * from {t.name} order by all").fetchall() for t in schema.TABLES]


def test_same_seed_same_data(tmp_path: Path, default_db: Path) -> None:
    """Building twice with the same seed gives the same rows; another seed gives other rows."""
    again = tmp_path / "again.duckdb"
    synth.build(again)
    assert _content(again) == _content(default_db)
    other = tmp_path / "other.duckdb"
    synth.build(other, seed=713)
    assert _content(other) != _content(default_db)


def test_failed_build_leaves_previous_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that fails midway leaves the old file byte-identical and no temp file behind."""
    target = tmp_path / "crisishulp.duckdb"
    synth.build(target)
    before = hashlib.sha256(target.read_bytes()).hexdigest()

    def broken(con: duckdb.DuckDBPyConnection, frames: object, **_: object) -> None:
        con.execute("create table crisis_trajectories (x int)")
        raise OSError("No space left on device")

    monkeypatch.setattr(store, "write_tables", broken)
    with pytest.raises(OSError, match="No space"):
        synth.build(target, seed=99)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crisishulp.duckdb"]


def test_build_command_honours_dashboard_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m data build` writes to $DASHBOARD_DB when no --out is given."""
    from data.__main__ import main

    target = tmp_path / "via-env.duckdb"
    monkeypatch.setenv("DASHBOARD_DB", str(target))
    assert main(["build"]) == 0
    assert scalar(target, "select count(*) from crisis_trajectories") > 10_000
