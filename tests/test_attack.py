"""The joint attacker: every view the public path accepts, linked and solved together.

An outsider with only the public dashboard (pages, links, downloads, the pack, the report and the
commands without --exact all go through `queries.disclosure.shown`) enumerates every view it
accepts for three attacks, and solves them together with sound bound propagation (certainty) and
least squares (a best guess), knowing the published method but not the secrets
(tests/attacker.py):

1. linked module × age views of the extension page (`extension_rate_yearly`), joined with the
   key-figure tiles' starts and extensions (`kerncijfers_by_year`, `kerncijfers_totals`) per
   region and year range;
2. the key-figure tiles per area (Flanders or one region) × every year range;
3. the Sankey of the referrals page (`referral_flows`) over every module and age choice × every
   year range, per region.

The bounds: at most 1 % of the small cells (true value 1..9) recovered with certainty, and the
least-squares guess right no more often than the base rate (always answering the commonest small
value) plus 5 points. The same attacker on the old view space (free module and age subsets) is
the control: it must recover cells there, or the attacker proves nothing.
"""

from __future__ import annotations

import collections
import itertools
import re
from collections.abc import Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from data.schema import AGE_BANDS, AMBULATORY_MODULES, CHAH, MODULES, REGIONS
from queries import disclosure
from queries.disclosure import AGE_CHOICES, EXACT, MODULE_CHOICES, PUBLIC, ViewRefused, shown
from queries.run import Filters, run
from tests.attacker import Outcome, System, attack, combine

YEARS = range(2017, 2026)
ALL_REGIONS = tuple(REGIONS)
AREAS = ("VL", *ALL_REGIONS)
MAX_CERTAIN = 0.01
MAX_OVER_BASE = 0.05


@pytest.fixture(scope="module")
def con(default_db: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(default_db), read_only=True)
    yield connection
    connection.close()


def year(y: int) -> dict[str, date]:
    return {"period_from": date(y, 1, 1), "period_to": date(y, 12, 31)}


def regions_of(area: str) -> tuple[str, ...]:
    return ALL_REGIONS if area == "VL" else (area,)


def modules_of(choice: tuple[str, ...]) -> tuple[str, ...]:
    return choice or MODULES


def ages_of(choice: tuple[str, ...]) -> tuple[str, ...]:
    return choice or AGE_BANDS


def side_by_side(modules: tuple[str, ...] = (), ages: tuple[str, ...] = (), **period: date) -> Filters:
    """Every region beside Flanders: one call shows all seven areas."""
    return Filters(regions=ALL_REGIONS, include_flanders=True, modules=modules, age_bands=ages, **period)


def base_rate(values: Iterable[int]) -> float:
    counts = collections.Counter(values)
    return counts.most_common(1)[0][1] / max(1, sum(counts.values()))


def score(outcome: Outcome, small_values: list[int], what: str) -> None:
    """The two bounds of the issue, with the numbers in the message."""
    base = base_rate(small_values)
    certain = outcome.recovered / outcome.targets
    guessed = outcome.guessed / outcome.targets
    print(
        f"{what}: {outcome.targets} small cells, {certain:.1%} certain, {guessed:.1%} guessed,"
        f" base {base:.1%}"
    )
    assert outcome.wrong_certain == 0, "the bound propagation is sound: it never pins a wrong value"
    assert certain <= MAX_CERTAIN, f"{what}: {outcome.recovered} of {outcome.targets} small cells recovered"
    assert guessed <= base + MAX_OVER_BASE, f"{what}: guess right {guessed:.1%}, base rate {base:.1%}"


# ---------------------------------------------------------------------------------------------
# The view space itself


def test_views_outside_the_public_space_are_refused(con: duckdb.DuckDBPyConnection) -> None:
    """Free module and age subsets, unions of regions on the key figures and broken years are
    refused on the one public path, with a reason in Dutch and English; exact mode is not refused."""
    refused = {
        "extension_rate_yearly": Filters(modules=("crisishulp_aan_huis", "crisisverblijf")),
        "referral_flows": Filters(age_bands=("0-5", "6-11")),
        "kerncijfers_totals": Filters(regions=("ANT", "LIM")),
        "registrations_monthly": Filters(period_from=date(2020, 3, 1), period_to=date(2020, 12, 31)),
    }
    for name, filters in refused.items():
        with pytest.raises(ViewRefused) as err:
            shown(name, con, filters)
        assert err.value.message("nl") != err.value.message("en")
        assert shown(name, con, filters, EXACT).height > 0
    # Every fixed choice is accepted.
    for modules, ages in itertools.product(MODULE_CHOICES, AGE_CHOICES):
        assert shown("extension_rate_yearly", con, Filters(modules=modules, age_bands=ages)).height == 9


def test_year_ranges_are_sums_of_the_protected_years(con: duckdb.DuckDBPyConnection) -> None:
    """A multi-year total of a query that sums over the period is the sum of what the single years
    show (a hidden year counts 0, for that is its protected value): a year range adds nothing to
    its years, so the attackers below need only the single years. Distinct counts are the
    exception (they cannot be added); the attacks do not rely on them."""
    checks = [
        ("kerncijfers_totals", Filters(regions=("BRU",)), ["chah_started", "chah_extended"], ["area"]),
        ("referral_flows", side_by_side(ages=("12-14",)), ["value"], ["area", "step", "source", "target"]),
        (
            "extension_rate_by_module",
            side_by_side(modules=AMBULATORY_MODULES),
            ["started", "extended"],
            ["area", "module"],
        ),
    ]
    for name, filters, counts, keys in checks:
        for first, last in ((2017, 2025), (2019, 2021), (2023, 2024)):
            period = {"period_from": date(first, 1, 1), "period_to": date(last, 12, 31)}
            total = shown(name, con, Filters(**{**filters.as_params(), **period})).select(*keys, *counts)
            years = pl.concat(
                shown(name, con, Filters(**{**filters.as_params(), **year(y)})).select(*keys, *counts)
                for y in range(first, last + 1)
            )
            summed = years.group_by(keys).agg(pl.col(c).fill_null(0).sum() for c in counts)
            joined = total.join(summed, on=keys, how="left", suffix="_years", nulls_equal=True)
            for c in counts:
                composed = joined.select(pl.col(f"{c}_years").fill_null(0)).to_series()
                # Shown totals below 10 are hidden; every other total is exactly the sum.
                visible = joined[c].is_not_null() & (joined[c] != 0)
                assert (joined[c].filter(visible) == composed.filter(visible)).all(), (name, c, first, last)


# ---------------------------------------------------------------------------------------------
# Attack 1 and 2: starts and extensions


def _starts_truth(con: duckdb.DuckDBPyConnection) -> dict[Hashable, int]:
    """Exact started and extended per measure × region × module × age band × year."""
    truth: dict[Hashable, int] = {}
    for module, age in itertools.product(MODULES, AGE_BANDS):
        frame = shown("extension_rate_yearly", con, side_by_side((module,), (age,)), EXACT)
        for row in frame.filter(pl.col("area") != "VL").iter_rows(named=True):
            for measure in ("started", "extended"):
                truth[(measure, row["year"], row["area"], module, age)] = row[measure]
    return truth


def _starts_views(con: duckdb.DuckDBPyConnection, mode: str = PUBLIC, choices: Iterable | None = None):
    """Every accepted view of the extension page and the key-figure tiles, as (measure, year,
    cells, shown value) observations; `choices` overrides the module × age choices (the control)."""
    pairs = choices if choices is not None else itertools.product(MODULE_CHOICES, AGE_CHOICES)
    for modules, ages in pairs:
        frame = shown("extension_rate_yearly", con, side_by_side(modules, ages), mode)
        for row in frame.iter_rows(named=True):
            cells = list(itertools.product(regions_of(row["area"]), modules_of(modules), ages_of(ages)))
            for measure in ("started", "extended"):
                yield measure, row["year"], cells, row[measure]
    if choices is not None:
        return
    for area in AREAS:
        region = () if area == "VL" else (area,)
        chah = list(itertools.product(regions_of(area), (CHAH,), AGE_BANDS))
        by_year = shown("kerncijfers_by_year", con, Filters(regions=region))
        for row in by_year.iter_rows(named=True):
            yield "started", row["year"], chah, row["chah_started"]
        for y in YEARS:
            totals = shown("kerncijfers_totals", con, Filters(regions=region, **year(y))).row(0, named=True)
            yield "started", y, chah, totals["chah_started"]
            yield "extended", y, chah, totals["chah_extended"]


def _solve(observations, truth: dict[Hashable, int]) -> Outcome:
    """One system per measure and year (no view links two years once ranges are composed)."""
    systems: dict[tuple, System] = collections.defaultdict(System)
    for measure, y, cells, value in observations:
        systems[(measure, y)].observe([(measure, y, *c) for c in cells], value)
    return combine(attack(system, truth) for system in systems.values())


def test_joint_attack_on_starts_and_extensions_fails(con: duckdb.DuckDBPyConnection) -> None:
    """Attacks 1 and 2 together: every module and age choice of the extension page, every area of
    the key-figure tiles and every year: no small start or extension count is recovered."""
    truth = _starts_truth(con)
    small = [v for v in truth.values() if 1 <= v <= 9]
    assert len(small) >= 300  # enough small cells for the rates to mean something
    outcome = _solve(_starts_views(con), truth)
    assert outcome.targets == len(small)
    score(outcome, small, "starts and extensions")


@pytest.mark.slow  # a thorough search (seconds); `make test` runs it, `make check` does not
def test_the_attacker_breaks_the_old_view_space(con: duckdb.DuckDBPyConnection) -> None:
    """Control: the same attacker on free module and age subsets (what the old sidebar offered),
    each protected with this ptable but without the view check, guesses small cells far better
    than the base rate: the attacker works, and the limits on the views are what protects."""
    subsets = [
        (m, a)
        for m in itertools.chain.from_iterable(itertools.combinations(MODULES, k) for k in (1, 2, 5))
        for a in itertools.chain.from_iterable(itertools.combinations(AGE_BANDS, k) for k in (1, 2, 5))
    ]

    def views():
        for modules, ages in subsets:
            frame = disclosure.protect(
                run("extension_rate_yearly", con, side_by_side(modules, ages)),
                "extension_rate_yearly",
                PUBLIC,
            )
            for row in frame.iter_rows(named=True):
                cells = list(itertools.product(regions_of(row["area"]), modules_of(modules), ages_of(ages)))
                yield "started", row["year"], cells, row["started"]

    # Three years are enough to show it (the systems of different years are separate).
    truth = {k: v for k, v in _starts_truth(con).items() if k[0] == "started" and k[1] in (2019, 2020, 2021)}
    small = [v for v in truth.values() if 1 <= v <= 9]
    outcome = _solve((o for o in views() if o[1] in (2019, 2020, 2021)), truth)
    print(f"control: {outcome}, base {base_rate(small):.1%}")
    assert outcome.recovered / outcome.targets > MAX_CERTAIN or (
        outcome.guessed / outcome.targets > base_rate(small) + MAX_OVER_BASE
    )


# ---------------------------------------------------------------------------------------------
# Attack 3: the Sankey


def _link_cells(row: dict, modules: tuple[str, ...], ages: tuple[str, ...]) -> list[tuple]:
    # Step 1 leaves a module: its cells are that module's; later steps count every chosen module.
    mods = (row["source"],) if row["step"] == 1 else modules_of(modules)
    return list(itertools.product(regions_of(row["area"]), mods, ages_of(ages)))


def _link_key(row: dict) -> tuple:
    return (row["step"], row["source"], row["target"])


@pytest.mark.slow  # a thorough search (seconds); `make test` runs it, `make check` does not
def test_joint_attack_on_the_sankey_fails(con: duckdb.DuckDBPyConnection) -> None:
    """Attack 3: the Sankey over every module and age choice, every region side by side and every
    year (ranges are sums of years): no small link value is recovered."""
    truth: dict[Hashable, int] = {}
    finest = list(itertools.product(MODULES, AGE_BANDS, YEARS))
    with ThreadPoolExecutor(2) as pool:
        exact = pool.map(
            lambda v: shown("referral_flows", con, side_by_side((v[0],), (v[1],), **year(v[2])), EXACT),
            finest,
        )
    for (module, age, y), frame in zip(finest, exact, strict=True):
        for row in frame.filter(pl.col("area") != "VL").iter_rows(named=True):
            truth[(_link_key(row), y, row["area"], module, age)] = row["value"]
    links = {key[0] for key in truth}
    systems: dict[tuple, System] = collections.defaultdict(System)
    views = list(itertools.product(MODULE_CHOICES, AGE_CHOICES, YEARS))
    with ThreadPoolExecutor(2) as pool:
        frames = pool.map(
            lambda v: shown("referral_flows", con, side_by_side(v[0], v[1], **year(v[2]))), views
        )
    for (modules, ages, y), frame in zip(views, frames, strict=True):
        seen = {(_link_key(r), r["area"]): r for r in frame.iter_rows(named=True)}
        for link, area in itertools.product(links, AREAS):
            if link[0] == 1 and link[1] not in modules_of(modules):
                continue
            row = seen.get((link, area))
            # A link the view does not list has no trajectory on it (only links above zero show).
            value = 0 if row is None else row["value"]
            template = {"step": link[0], "source": link[1], "area": area}
            systems[(link, y)].observe([(link, y, *c) for c in _link_cells(template, modules, ages)], value)
    small = [v for v in truth.values() if 1 <= v <= 9]
    assert len(small) >= 300
    outcome = combine(attack(system, truth) for system in systems.values())
    assert outcome.targets == len(small)
    score(outcome, small, "sankey")


def test_every_public_path_goes_through_shown() -> None:
    """The attacks above enumerate views through `disclosure.shown`; that covers every public path
    only if nothing else turns a query into numbers: no page, Streamlit helper, report, pack or
    command runs a named query or calls the protection step itself (the data file's description,
    `build_info`, holds no count and is the one query read directly)."""
    root = Path(__file__).resolve().parent.parent
    files = [
        root / "dashboard.py",
        root / "queries" / "__main__.py",
        *sorted((root / "pages").glob("*.py")),
        *sorted((root / "ui").glob("*.py")),
        *sorted((root / "present").glob("*.py")),
        *sorted((root / "report").rglob("*.py")),
    ]
    problems = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(root)
        if re.search(r"\bprotect(_frame)?\(", text):
            problems.append(f"{name} calls the protection step itself")
        for match in re.finditer(r"\bqueries\.run\(\s*([^,)]*)", text):
            if match.group(1).strip() != '"build_info"':
                problems.append(f"{name} runs {match.group(1)} without shown()")
        if re.search(r"from queries\.run import [^\n]*\brun\b", text):
            problems.append(f"{name} imports queries.run.run")
    assert not problems, problems


def test_the_table_builders_views_are_among_those_attacked(con: duckdb.DuckDBPyConnection) -> None:
    """Eigen tabel (present/table_builder.py) multiplies what a person can ask, so its views must
    be among those the joint attack on starts and extensions already links: every table of the
    starts it can build (trajectories started and the key figures' starts, by every pair of
    breakdowns, over the whole data period) asks extension_rate_yearly for a module × age choice
    of every region side by side, or kerncijfers_by_year for Flanders or one region — and gets the
    very frame the attack observes for that choice (rows are years: a period only adds rows)."""
    from present import table_builder
    from present.table_builder import DIMENSIONS, Spec

    full = Filters(period_from=date(YEARS[0], 1, 1), period_to=date(YEARS[-1], 12, 31))
    attacked = {(m, a): shown("extension_rate_yearly", con, side_by_side(m, a)) for m, a in
                itertools.product(MODULE_CHOICES, AGE_CHOICES)}  # fmt: skip
    tiles = {area: shown("kerncijfers_by_year", con, Filters(regions=() if area == "VL" else (area,)))
             for area in AREAS}  # fmt: skip
    asked = 0
    for key in ("trajectories_started", "chah_started"):
        for rows, columns in itertools.permutations(DIMENSIONS, 2):
            spec = Spec(key, rows, columns)
            if table_builder.refusal(spec, "nl"):
                continue
            for name, f in table_builder.requests(table_builder.plan(spec, full)):
                if name == "population":
                    continue  # public figures about the population, not about children
                if name == "extension_rate_yearly":
                    assert f.regions == ALL_REGIONS and f.include_flanders
                    assert shown(name, con, f).equals(attacked[(f.modules, f.age_bands)])
                else:
                    assert name == "kerncijfers_by_year" and len(f.regions) <= 1, (name, f)
                    area = f.regions[0] if f.regions else "VL"
                    assert shown(name, con, f).equals(tiles[area])
                asked += 1
    assert asked > 50
