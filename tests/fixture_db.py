# ruff: noqa: E501 - the fixture rows are SQL tuples that read best as one table row per line
"""A small hand-written database for the query tests: a few rows per table, every one commented.

The tests work their expected numbers out by hand from the rows below, so keep each row's comment
in step with its values. Table layout comes from `data.schema` (`Table.ddl()`); the rows are plain
INSERT statements so they read like a table.

Shorthand in comments: CHAH = crisishulp_aan_huis, CB = crisisbegeleiding, CI = crisisinterventie,
CV = crisisverblijf, CP = crisispleegzorg; d = days from started_on to ended_on.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from data.population import write_population
from data.schema import BUILD_INFO_DDL, TABLES
from data.store import write_derived

CRISIS_TRAJECTORIES_SQL = """
insert into crisis_trajectories (
    trajectory_id, minor_id, family_id, region, module, age_band, gender,
    registered_on, started_on, ended_on, extended, goal_attainment, placement_advised, record_key
) values
-- CHAH, 2019, Antwerpen. t02 and t03 share family f02.
('t01', 'm01', 'f01', 'ANT', 'crisishulp_aan_huis', '6-11',  'm', '2019-01-01', '2019-01-01', '2019-01-20', false, 'bereikt',              false, 1),   -- d=19, same-day start
('t02', 'm02', 'f02', 'ANT', 'crisishulp_aan_huis', '12-14', 'v', '2019-01-10', '2019-01-12', '2019-02-20', true,  'grotendeels_bereikt',  false, 2),   -- d=39, start after 2 days, extended
('t03', 'm03', 'f02', 'ANT', 'crisishulp_aan_huis', '0-5',   'm', '2019-03-05', '2019-03-06', '2019-04-02', false, 'niet_bereikt',         true,  3),   -- d=27, start next day, placement advised
-- CHAH, 2020-2021, Limburg.
('t04', 'm04', 'f04', 'LIM', 'crisishulp_aan_huis', '15-17', 'v', '2020-06-01', '2020-06-01', '2020-07-15', true,  'gedeeltelijk_bereikt', false, 4),   -- d=44, extended
('t05', 'm05', 'f05', 'LIM', 'crisishulp_aan_huis', '6-11',  'x', '2020-12-31', '2021-01-01', '2021-01-29', false, null,                   false, 5),   -- d=28, no goal registered
-- CHAH that could not start; minor m06 started after a later registration (t07), m07 never did.
('t06', 'm06', 'f06', 'ANT', 'crisishulp_aan_huis', '12-14', 'm', '2021-05-01', null,         null,         false, null,                   false, 6),
('t07', 'm06', 'f06', 'ANT', 'crisishulp_aan_huis', '12-14', 'm', '2021-05-20', '2021-05-21', '2021-06-30', true,  'bereikt',              false, 7),   -- d=40, 20 days after t06's registration
('t08', 'm07', 'f07', 'LIM', 'crisishulp_aan_huis', '0-5',   'v', '2021-03-03', null,         null,         false, null,                   false, 8),
('t09', 'm07', 'f07', 'LIM', 'crisishulp_aan_huis', '0-5',   'v', '2021-09-09', null,         null,         false, null,                   false, 9),   -- same minor again
-- CHAH on the edges of 2019-2021.
('t10', 'm08', 'f08', 'OVL', 'crisishulp_aan_huis', '18+',   'm', '2018-12-31', '2019-01-01', '2019-01-05', false, 'bereikt',              false, 10),  -- registered 2018, started 2019, d=4
('t11', 'm09', 'f09', 'OVL', 'crisishulp_aan_huis', '15-17', 'v', '2021-12-31', '2022-01-01', '2022-01-20', false, 'bereikt',              false, 11),  -- registered 2021, started and ended 2022
('t12', 'm10', 'f10', 'ANT', 'crisishulp_aan_huis', '6-11',  'm', '2019-12-31', '2019-12-31', '2020-01-01', false, 'bereikt',              false, 12),  -- started 2019, ended 2020, d=1
-- The other ambulatory modules, and crisis foster care (not ambulatory).
('t13', 'm11', 'f11', 'ANT', 'crisisbegeleiding',   '12-14', 'v', '2019-05-05', '2019-05-05', '2019-06-01', false, 'bereikt',              false, 13),
('t14', 'm12', 'f12', 'LIM', 'crisisinterventie',   '15-17', 'm', '2020-02-02', '2020-02-03', '2020-02-08', false, 'niet_bereikt',         true,  14),  -- placement advised
('t15', 'm13', 'f13', 'ANT', 'crisispleegzorg',     '6-11',  'v', '2020-03-10', '2020-03-12', '2020-05-20', true,  null,                   false, 15),
-- Crisis stays (crisisverblijf) for the carrousel.
-- m14 (ANT): 2020-01-10, 2020-03-01 and 2021-01-09 = 2020-01-10 + 365 days -> 3 in one window.
('t16', 'm14', 'f14', 'ANT', 'crisisverblijf',      '12-14', 'm', '2020-01-10', '2020-01-10', '2020-01-17', false, null,                   false, 16),
('t17', 'm14', 'f14', 'ANT', 'crisisverblijf',      '12-14', 'm', '2020-03-01', '2020-03-01', '2020-03-08', false, null,                   false, 17),
('t18', 'm14', 'f14', 'ANT', 'crisisverblijf',      '12-14', 'm', '2021-01-09', '2021-01-09', '2021-01-16', false, null,                   false, 18),
-- m15 (LIM): 2019-02-01 and 2020-02-02 = 366 days apart -> never 2 in one window.
('t19', 'm15', 'f15', 'LIM', 'crisisverblijf',      '15-17', 'v', '2019-02-01', '2019-02-01', '2019-02-08', false, null,                   false, 19),
('t20', 'm15', 'f15', 'LIM', 'crisisverblijf',      '15-17', 'v', '2020-02-02', '2020-02-02', '2020-02-09', false, null,                   false, 20),
-- m16: four stays in OVL and a fifth in LIM, all in 2021 -> 4+ (OVL and VL), 1 (LIM).
('t21', 'm16', 'f16', 'OVL', 'crisisverblijf',      '15-17', 'm', '2021-01-05', '2021-01-05', '2021-01-12', false, null,                   false, 21),
('t22', 'm16', 'f16', 'OVL', 'crisisverblijf',      '15-17', 'm', '2021-02-05', '2021-02-05', '2021-02-12', false, null,                   false, 22),
('t23', 'm16', 'f16', 'OVL', 'crisisverblijf',      '15-17', 'm', '2021-04-05', '2021-04-05', '2021-04-12', false, null,                   false, 23),
('t24', 'm16', 'f16', 'OVL', 'crisisverblijf',      '15-17', 'm', '2021-06-05', '2021-06-05', '2021-06-12', false, null,                   false, 24),
('t25', 'm16', 'f16', 'LIM', 'crisisverblijf',      '15-17', 'm', '2021-07-01', '2021-07-01', '2021-07-08', false, null,                   false, 25),
-- m17: CB could not start (LIM); a later CI start does not count (other module, not CHAH);
-- the later CHAH start in ANT does: 2020-11-03 - 2020-10-01 = 33 days.
('t26', 'm17', 'f17', 'LIM', 'crisisbegeleiding',   '12-14', 'v', '2020-10-01', null,         null,         false, null,                   false, 26),
('t27', 'm17', 'f17', 'LIM', 'crisisinterventie',   '12-14', 'v', '2020-10-15', '2020-10-16', '2020-10-20', false, 'bereikt',              false, 27),
('t28', 'm17', 'f17', 'ANT', 'crisishulp_aan_huis', '12-14', 'v', '2020-11-01', '2020-11-03', '2020-11-30', false, 'gedeeltelijk_bereikt', false, 28),  -- d=27
-- m06 again, now in LIM (Tuesday): could not start in two regions; nothing later started.
('t29', 'm06', 'f06', 'LIM', 'crisishulp_aan_huis', '12-14', 'm', '2021-06-15', null,         null,         false, null,                   false, 29)
"""

REFERRALS_SQL = """
insert into referrals (trajectory_id, destination, inside_opgroeien, referred_on, record_key) values
('t01', 'contextbegeleiding', true,  '2019-01-20', 1),
('t02', 'ggz',                false, '2019-02-20', 2),   -- t02 is referred both outside ...
('t02', 'verblijf',           true,  '2019-02-21', 3),   -- ... and inside Opgroeien
('t04', 'caw',                false, '2020-07-15', 4),
('t07', 'contextbegeleiding', true,  '2021-06-30', 5),   -- two referrals to the same place:
('t07', 'contextbegeleiding', true,  '2021-07-02', 6),   -- t07 still counts once
('t13', 'clb',                false, '2019-06-01', 7),
('t14', 'ooc',                true,  '2020-02-08', 8),
('t15', 'pleegzorg',          true,  '2020-05-20', 9),   -- crisispleegzorg: not ambulatory
('t28', 'ggz',                false, '2020-11-30', 10)
"""

RESIDENTIAL_STAYS_SQL = """
insert into residential_stays (
    stay_id, minor_id, region, age_band, indicated_on, started_on, ended_on, end_reason,
    covid_home_on, covid_return_on, context_support, record_key
) values
('s01', 'r01', 'ANT', '6-11',  '2019-01-15', '2019-02-10', '2019-06-30', 'naar_huis',          null,         null,         false, 1),  -- 140 days
('s02', 'r02', 'ANT', '12-14', '2019-01-20', '2019-03-05', '2019-12-31', 'pleegzorg',          null,         null,         false, 2),  -- 301 days, ends on a month end
('s03', 'r03', 'LIM', '15-17', '2019-02-28', null,         null,         null,                 null,         null,         false, 3),  -- indicated on a month end, never started
('s09', 'r09', 'ANT', '12-14', '2019-02-01', null,         '2019-02-20', null,                 null,         null,         false, 9),  -- indication closed before any start
-- The corona cohort: went home during the measures.
('s04', 'r04', 'ANT', '12-14', '2018-05-01', '2018-06-01', '2022-03-01', 'naar_huis',          '2020-03-20', '2020-06-20', true,  4),  -- back exactly 3 months later; 1369 days
('s05', 'r05', 'ANT', '6-11',  '2018-09-01', '2018-09-15', '2021-02-01', 'andere_voorziening', '2020-03-20', '2020-06-21', false, 5),  -- back 3 months + 1 day later; 870 days
('s06', 'r06', 'LIM', '15-17', '2019-10-01', '2019-11-01', '2020-04-01', 'naar_huis',          '2020-04-01', null,         true,  6),  -- never back; 152 days
('s07', 'r07', 'LIM', '15-17', '2019-06-01', '2019-07-01', '2021-09-30', 'meerderjarig',       '2020-04-15', '2021-03-01', false, 7),  -- back after 10.5 months; 822 days
('s08', 'r08', 'OVL', '0-5',   '2022-01-10', '2022-02-01', '2022-05-02', 'naar_huis',          null,         null,         false, 8)   -- 90 days
"""

BUILD_INFO_SQL = """
insert into build_info values
('2026-01-01 00:00:00', 'synthetic', true, 1, 0.001, '2025-12-31', 'fixture-1')
"""


def build_fixture_db(path: Path) -> Path:
    """Write the fixture database to `path` (a new DuckDB file) and return the path."""
    with duckdb.connect(str(path)) as con:
        for table in TABLES:
            con.execute(table.ddl())
        con.execute(BUILD_INFO_DDL)
        for sql in (CRISIS_TRAJECTORIES_SQL, REFERRALS_SQL, RESIDENTIAL_STAYS_SQL, BUILD_INFO_SQL):
            con.execute(sql)
        # As every data file has them: the queries read these, the expected values stay hand-made.
        write_derived(con, key_secret="fixture")
        # The reference denominators (data/population.py): rates are worked out against its rows.
        write_population(con)
    return path
