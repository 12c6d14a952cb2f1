"""Eigen tabel (present/table_builder.py) on the hand-written fixture: the views a table asks for
are public ones, the cells are worked out by hand, refusals say why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from data.schema import REGIONS
from present import table_builder
from present.table_builder import Spec
from queries import disclosure
from queries.run import Filters, validated
from tests.fixture_db import build_fixture_db

PERIOD = Filters(period_from=date(2019, 1, 1), period_to=date(2021, 12, 31))
OFFERED = [
    "registrations_monthly", "trajectories_started", "chah_started",
    "families_chah_started", "not_started_minors", "covid_cohort_children",
]  # fmt: skip
DIMENSIONS = ["jaar", "regio", "module", "leeftijd"]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """The fixture database, read-only."""
    path: Path = build_fixture_db(tmp_path_factory.mktemp("table") / "fixture.duckdb")
    with duckdb.connect(str(path), read_only=True) as connection:
        yield connection


def _build(con: duckdb.DuckDBPyConnection, spec: Spec, filters: Filters, mode: str, **kw):
    cells = table_builder.plan(spec, filters)
    frames = [disclosure.shown(name, con, f, mode) for name, f in table_builder.requests(cells)]
    return table_builder.table(spec, cells, frames, lang="nl", **kw)


def test_every_table_asks_only_views_the_public_path_accepts() -> None:
    """For every offered figure and every pair of breakdowns it allows, each request is a view
    `check_view` accepts: one module choice, one age choice, whole years, regions side by side
    (the key figures one region at a time)."""
    made = 0
    for key in OFFERED:
        for rows in DIMENSIONS:
            for columns in DIMENSIONS:
                spec = Spec(key, rows, columns)
                if table_builder.refusal(spec, "nl"):
                    continue
                for name, f in table_builder.requests(table_builder.plan(spec, PERIOD)):
                    disclosure.check_view(name, validated(name, filters=f))
                made += 1
    assert made >= 40


def test_trajectories_started_by_module_and_year_exactly(con: duckdb.DuckDBPyConnection) -> None:
    """Limburg's trajectories started, by module and year, exact (the fixture's rows): crisis help
    at home 0, 1 (t04), 1 (t05); crisisinterventie 0, 2 (t14, t27), 0; crisisverblijf 1 (t19),
    1 (t20), 1 (t25); all modules 1, 4, 2 (t26 never started); the whole period adds them up."""
    table = _build(con, Spec("trajectories_started", "module", "jaar"), replace_regions(("LIM",)), "exact",
                   area="LIM", rate=False)  # fmt: skip
    rows = {r[0]: r[1:] for r in table.rows()}
    assert rows["Crisishulp aan huis"] == (0, 1, 1, 2)
    assert rows["Crisisinterventie"] == (0, 2, 0, 2)
    assert rows["Crisisverblijf"] == (1, 1, 1, 3)
    assert rows["Alle modules (totaal)"] == (1, 4, 2, 7)
    assert table.columns == ["Crisismodule", "2019", "2020", "2021", "Hele periode"]


def replace_regions(regions: tuple[str, ...]) -> Filters:
    return Filters(regions=regions, period_from=PERIOD.period_from, period_to=PERIOD.period_to)


def test_public_cells_are_protected_and_areas_are_the_rows(con: duckdb.DuckDBPyConnection) -> None:
    """By area and year in public mode: every area a row (six regions and Flanders), every count
    hidden (None, read '<10'), 0 or a multiple of 5 from 10 up."""
    table = _build(
        con, Spec("registrations_monthly", "regio", "jaar"), PERIOD, "public", area="VL", rate=False
    )
    assert table["Gebied"].to_list() == [*REGIONS.values(), "Vlaanderen"]
    for row in table.rows():
        for value in row[1:]:
            assert value is None or value == 0 or (value >= 10 and value % 5 == 0), row
    assert table_builder.reader(table, rate=False).shown()["2019"].to_list().count("<10") >= 1


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        (Spec("chah_started", "module", "jaar"), "crisismodule"),  # the key figures ignore modules
        (Spec("registrations_monthly", "jaar", "jaar"), "dezelfde indeling"),
        (Spec("registrations_monthly", "geslacht", "jaar"), "geslacht"),
    ],
)
def test_a_refused_table_says_why_and_what_to_choose(spec: Spec, words: str) -> None:
    """A breakdown the figure ignores, the same breakdown twice, or gender: refused with the reason
    and a way out ('Kies …')."""
    reason = table_builder.refusal(spec, "nl")
    assert reason and words in reason and "kies" in reason.lower()
