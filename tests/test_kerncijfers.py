"""Tests for the key-figures command (`python -m report kerncijfers`).

The command gives the dashboard's public (protected) figures by default and the exact figures only
with `--exact`, which marks every count of 1 to 9 'klein aantal: niet publiceren'. On the fixture
database (tests/fixture_db.py) the exact figures are worked out by hand in the comments and checked
with `--exact`. The published figures are checked, with `--exact`, on the default synthetic data
file, which the `default_db` fixture of tests/conftest.py provides. Public figures are checked
against what `queries.disclosure.shown` gives for the same view (the dashboard's numbers), small
counts against a direct exact query: never against the command's own output.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from queries import disclosure
from queries.run import connect, run
from report.cli import main
from report.keyfigures.compute import DEFINITIONS, compute
from report.keyfigures.formats import format_count, format_pct
from tests.fixture_db import build_fixture_db

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ALL_REGIONS = ["ANT", "LIM", "OVL", "VBR", "WVL", "BRU"]

# What exact mode writes (the brief's wording), and what heads each format.
MARK = "klein aantal: niet publiceren"
MARKED = f" ({MARK})"
EXACT_WARNING = "EXACTE CIJFERS: kleine aantallen (1 tot 9) gemarkeerd – klein aantal: niet publiceren"
EXACT_MD_START = "EXACTE CIJFERS – alleen voor intern gebruik"
PUBLIC_MD_START = "Beschermde cijfers (publieke modus):"
# The counts among the JSON keys (the rest are percentages, the period and labels).
TOTAL_COUNTS = ["families_chah_started", "chah_started", "chah_extended", "could_not_start_minors"]
YEAR_COUNTS = ["chah_started", "ambulatory_ended", "placement_advised", "referred_inside", "referred_outside"]
YEAR_KEYS = [*YEAR_COUNTS, "goal_positive_pct"]

# All of Flanders, 2019-2021, worked out from the fixture rows:
# CHAH started 2019-2021: t01, t02 (ext), t03, t10, t12 (2019); t04 (ext), t28 (2020);
#   t05, t07 (ext) (2021); t11 starts in 2022 -> 9 started, 3 extended, 3/9 = 33.3 %.
# Families of those: f01, f02 (t02 and t03), f04, f05, f06, f08, f10, f17 -> 8.
# CHAH registered 2019-2021 and never started: t06 and t29 (m06), t08 and t09 (m07) -> 2 minors.
# Ambulatory ended 2019: t01 t02 t03 t10 t13 -> 5; goals 4 positive of 5 registered = 80.0;
#   placement t03; inside t01, t02; outside t02, t13.
# Ended 2020: t12 t04 t14 t27 t28 -> 5; positive t12, t27 of 5 = 40.0; placement t14;
#   inside t14; outside t04, t28. (t15 is crisispleegzorg: not ambulatory.)
# Ended 2021: t05 (no goal), t07 -> 2; positive 1 of 1 = 100.0; inside t07 (twice, counted once).
# CHAH registrations per month 2019-2021: Jan 2, Feb 0, Mar 2, Apr 0, May 2, Jun 2, Jul 0,
#   Aug 0, Sep 1, Oct 0, Nov 1, Dec 3 (t10 was registered 2018-12-31) -> zeros Feb, Apr, Jul,
#   Aug, Oct; ties go to the earlier month -> [2, 4, 7].
FIXTURE_FLANDERS: dict[str, Any] = {
    "period": {"from": 2019, "to": 2021},
    "regions": ALL_REGIONS,
    "families_chah_started": 8,
    "by_year": {
        "2019": {
            "chah_started": 5, "goal_positive_pct": 80.0, "ambulatory_ended": 5,
            "placement_advised": 1, "referred_inside": 2, "referred_outside": 2,
        },
        "2020": {
            "chah_started": 2, "goal_positive_pct": 40.0, "ambulatory_ended": 5,
            "placement_advised": 1, "referred_inside": 1, "referred_outside": 2,
        },
        "2021": {
            "chah_started": 2, "goal_positive_pct": 100.0, "ambulatory_ended": 2,
            "placement_advised": 0, "referred_inside": 1, "referred_outside": 0,
        },
    },
    "chah_started": 9,
    "chah_extended": 3,
    "chah_extended_pct": 33.3,
    "could_not_start_minors": 2,
    "quiet_months": [2, 4, 7],
    # Minors of the six regions on 1 January (data/POPULATION.md): the Flemish Region plus 30 % of
    # the Brussels-Capital Region, 2019 1.277.456 + 82.853 (30 % of 276.176), 2020 1.285.337 +
    # 83.108, 2021 1.289.987 + 82.666; 2019 rests on estimated provinces. Their mean 1.367.136;
    # 8 families / 1.367.136 × 10.000 = 0,06 -> 0,1; 9 -> 0,07 -> 0,1; 2 -> 0,01 -> 0,0.
    "per_10000_minors": {
        "families_chah_started": 0.1, "chah_started": 0.1, "could_not_start_minors": 0.0,
        "by_year": {
            "2019": {"chah_started": 0.0}, "2020": {"chah_started": 0.0}, "2021": {"chah_started": 0.0},
        },
        "minors": {"2019": 1_360_309, "2020": 1_368_445, "2021": 1_372_653},
        "estimated_years": [2019],
    },
}  # fmt: skip

# Limburg only, 2019-2021: CHAH t04 (started 2020, extended), t05 (started 2021), t08 and t09
# (m07, never started), t29 (m06, never started) -> 2 minors. Ambulatory ended 2020: t04
# (gedeeltelijk, caw outside), t14 (niet, placement, ooc inside), t27 (bereikt) -> 1 of 3 = 33.3;
# 2021: t05 without goal -> null.
# CHAH registrations: Mar t08, Jun t04 and t29, Sep t09, Dec t05 -> quiet Jan, Feb, Apr.
FIXTURE_LIMBURG: dict[str, Any] = {
    "period": {"from": 2019, "to": 2021},
    "regions": ["LIM"],
    "families_chah_started": 2,
    "by_year": {
        "2019": {
            "chah_started": 0, "goal_positive_pct": None, "ambulatory_ended": 0,
            "placement_advised": 0, "referred_inside": 0, "referred_outside": 0,
        },
        "2020": {
            "chah_started": 1, "goal_positive_pct": 33.3, "ambulatory_ended": 3,
            "placement_advised": 1, "referred_inside": 1, "referred_outside": 1,
        },
        "2021": {
            "chah_started": 1, "goal_positive_pct": None, "ambulatory_ended": 1,
            "placement_advised": 0, "referred_inside": 0, "referred_outside": 0,
        },
    },
    "chah_started": 2,
    "chah_extended": 1,
    "chah_extended_pct": 50.0,
    "could_not_start_minors": 2,
    "quiet_months": [1, 2, 4],
    # Limburg's minors: 2020 161.794 and 2021 161.730 published; 2019 estimated as the Flemish
    # Region's 1.277.456 × Limburg's 2020 share 161.794 / 1.285.337 = 160.802. Mean 161.442:
    # 2 / 161.442 × 10.000 = 0,12 -> 0,1; a year's 1 / 161.794 = 0,06 -> 0,1.
    "per_10000_minors": {
        "families_chah_started": 0.1, "chah_started": 0.1, "could_not_start_minors": 0.1,
        "by_year": {
            "2019": {"chah_started": 0.0}, "2020": {"chah_started": 0.1}, "2021": {"chah_started": 0.1},
        },
        "minors": {"2019": 160_802, "2020": 161_794, "2021": 161_730},
        "estimated_years": [2019],
    },
}  # fmt: skip

PERIOD_ARGS = ["kerncijfers", "--from", "2019", "--to", "2021"]


@pytest.fixture(scope="module")
def fixture_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture database file, built once for this module."""
    return build_fixture_db(tmp_path_factory.mktemp("kerncijfers") / "fixture.duckdb")


@pytest.fixture
def on_fixture(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point DASHBOARD_DB at the fixture database for one test."""
    monkeypatch.setenv("DASHBOARD_DB", str(fixture_path))
    return fixture_path


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """Run the command with `args` and parse its JSON output."""
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def small_paths(figures: dict[str, Any]) -> list[str]:
    """The JSON key paths of the counts of 1 to 9 in hand-worked (or directly queried) figures, in
    the figures' key order."""
    paths = []
    for key, value in figures.items():
        if key == "by_year":
            for year, row in value.items():
                paths += [
                    f"by_year.{year}.{k}" for k, v in row.items() if k in YEAR_COUNTS and v in range(1, 10)
                ]
        elif key in TOTAL_COUNTS and value in range(1, 10):
            paths.append(key)
    return paths


def exact_json(figures: dict[str, Any]) -> dict[str, Any]:
    """The JSON that --exact prints for exact `figures`: mode, warning and small counts first."""
    return {"mode": "exact", "warning": EXACT_WARNING, "small_counts": small_paths(figures), **figures}


def json_counts(got: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every count of the command's JSON as (key path, value)."""
    counts = [(key, got[key]) for key in TOTAL_COUNTS]
    for year, row in got["by_year"].items():
        counts += [(f"by_year.{year}.{key}", row[key]) for key in YEAR_COUNTS]
    return counts


def is_public_count(value: Any) -> bool:
    """Whether a count is one public mode may show: hidden (None), 0, or a multiple of 5 from 10."""
    return value is None or value == 0 or (value >= 10 and value % 5 == 0)


def nl(value: int | None) -> str:
    """A count the Dutch way, '<10' when hidden: 1415 -> '1.415'."""
    return "<10" if value is None else f"{value:,}".replace(",", ".")


def view(regions: list[str], year_from: int, year_to: int) -> dict[str, Any]:
    """The parameters of the key-figure queries for a region set and whole years."""
    return {"regions": regions, "period_from": date(year_from, 1, 1), "period_to": date(year_to, 12, 31)}


def read_sheets(path: Path) -> dict[str, pl.DataFrame]:
    """The workbook's sheets, their column names in row 2 (row 1 holds the mode note)."""
    return pl.read_excel(path, sheet_id=0, read_options={"header_row": 1})


def first_cells(path: Path) -> dict[str, Any]:
    """Cell A1 (the mode note) of every sheet."""
    sheets = pl.read_excel(path, sheet_id=0, has_header=False)
    return {name: frame.row(0)[0] for name, frame in sheets.items()}


def cli_args(regions: list[str], year_from: int, year_to: int) -> list[str]:
    """The command's arguments for a region set and whole years."""
    return [
        "kerncijfers",
        "--from",
        str(year_from),
        "--to",
        str(year_to),
        *(f"--region={r}" for r in regions),
    ]


def half_up(value: float) -> int:
    """Round to a whole number the way published percentages are rounded (0.5 up)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------------------------
# JSON


def test_json_all_flanders(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --exact and without a region the command prints the hand-worked exact figures for all
    of Flanders, after mode 'exact', the warning and the paths of every count of 1 to 9."""
    got = run_json([*PERIOD_ARGS, "--exact"], capsys)
    assert got == exact_json(FIXTURE_FLANDERS)
    # The fixture is small: nearly every count is marked, a true 0 never is.
    assert "by_year.2019.placement_advised" in got["small_counts"]
    assert "by_year.2021.placement_advised" not in got["small_counts"]


def test_json_keys_and_types(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON has the agreed keys after the added mode keys (mode first; in exact mode the
    warning and small_counts), string years, integer counts and float percentages."""
    figures = [
        "period", "regions", "families_chah_started", "by_year", "chah_started",
        "chah_extended", "chah_extended_pct", "could_not_start_minors", "quiet_months", "per_10000_minors",
    ]  # fmt: skip
    public = run_json([*PERIOD_ARGS, "--format", "json"], capsys)
    assert list(public) == ["mode", *figures]
    got = run_json([*PERIOD_ARGS, "--format", "json", "--exact"], capsys)
    assert list(got) == ["mode", "warning", "small_counts", *figures]
    for shape in (public, got):
        assert list(shape["by_year"]) == ["2019", "2020", "2021"]
        assert set(shape["by_year"]["2019"]) == {
            "chah_started", "goal_positive_pct", "ambulatory_ended",
            "placement_advised", "referred_inside", "referred_outside",
        }  # fmt: skip
    assert type(got["chah_started"]) is int
    assert type(got["chah_extended_pct"]) is float
    assert all(type(path) is str for path in got["small_counts"])


def test_json_region_filter(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --exact --region LIM the exact figures cover Limburg only and list the region used."""
    assert run_json([*PERIOD_ARGS, "--region", "LIM", "--exact"], capsys) == exact_json(FIXTURE_LIMBURG)


def test_all_six_regions_equal_no_filter(on_fixture: Path) -> None:
    """Selecting all six regions gives the same figures as no region filter, in both modes (all six
    are all of Flanders, which public mode accepts)."""
    with connect() as con:
        for mode in ("public", "exact"):
            six = compute(2019, 2021, ALL_REGIONS, con, mode=mode).as_dict()
            assert six == compute(2019, 2021, [], con, mode=mode).as_dict()


def test_regions_are_taken_together(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --exact two regions count a minor once, not once per region."""
    # m06 could not start in ANT (t06) and in LIM (t29); m07 in LIM (t08, t09).
    # ANT alone: m06 -> 1; LIM alone: m06, m07 -> 2; together: m06, m07 -> 2, not 1 + 2.
    # Families with a CHAH start in ANT or LIM: f01, f02, f04, f05, f06, f10, f17 -> 7.
    got = run_json([*PERIOD_ARGS, "--region", "LIM", "--region", "ANT", "--exact"], capsys)
    assert got["regions"] == ["ANT", "LIM"]
    assert got["families_chah_started"] == 7
    assert got["could_not_start_minors"] == 2
    assert run_json([*PERIOD_ARGS, "--region", "ANT", "--exact"], capsys)["could_not_start_minors"] == 1


# ---------------------------------------------------------------------------------------------
# Markdown


def test_markdown_answer(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --exact the md format reads as a numbered Dutch answer, with sources, Dutch numbers and
    caveat, and every count of 1 to 9 followed by ' (klein aantal: niet publiceren)'."""
    assert main([*PERIOD_ARGS, "--format", "md", "--exact"]) == 0
    text = capsys.readouterr().out
    assert (
        f"1. In de periode 2019-2021 werd crisishulp aan huis opgestart bij 8{MARKED} gezinnen."
        " (bron: INSISTO)" in text
    )
    assert f"Bij 3{MARKED} daarvan (33,3 %) werd de standaardtermijn van 28 dagen verlengd." in text
    assert "80,0 % in 2019, 40,0 % in 2020 en 100,0 % in 2021" in text
    assert f"| 2020 | 5{MARKED} | 1{MARKED} | 2{MARKED} |" in text  # ended, inside, outside
    assert f"| 2021 | 2{MARKED} | 1{MARKED} | 0 |" in text  # a true 0 is not marked
    assert "mogen niet worden opgeteld" in text
    assert f"niet worden opgestart voor 2{MARKED} unieke minderjarigen" in text
    # Zeros in Feb, Apr, Jul, Aug and Oct: the tie at the third place goes to July, and is said.
    assert (
        "zijn februari, april en juli. Augustus heeft evenveel aanmeldingen als juli; bij gelijke"
        " aantallen telt volgens de definitie de vroegste maand. (bron: INSISTO)" in text
    )
    assert text.count("(bron: BINC)") >= 3
    assert "Gegevensversie: fixture-1." in text


def test_dutch_number_formats() -> None:
    """Counts use a dot for thousands and percentages a decimal comma: 1.417; 70,3 %; a hidden
    count reads '<10'."""
    assert format_count(1417) == "1.417"
    assert format_count(1234567) == "1.234.567"
    assert format_count(55) == "55"
    assert format_count(None) == "<10"
    assert format_pct(70.3) == "70,3 %"
    assert format_pct(4.0) == "4,0 %"
    assert format_pct(None) == "n.b."


def test_markdown_to_file(on_fixture: Path, tmp_path: Path) -> None:
    """With --out the md answer (public, one region) is written to the file instead of printed."""
    out = tmp_path / "antwoord.md"
    assert main([*PERIOD_ARGS, "--format", "md", "--out", str(out), "--region", "LIM"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith(PUBLIC_MD_START)
    assert "IROJ-regio Limburg (LIM)" in text


# ---------------------------------------------------------------------------------------------
# Excel


def test_xlsx_workbook(on_fixture: Path, tmp_path: Path) -> None:
    """With --exact the xlsx format writes sheets totals, by_year, quiet_months and definitions
    with the exact figures, each count followed by a '<count>_let_op' column that reads 'klein
    aantal: niet publiceren' beside every count of 1 to 9 (and nothing beside a 0 or a larger one)."""
    out = tmp_path / "kerncijfers.xlsx"
    assert main([*PERIOD_ARGS, "--format", "xlsx", "--out", str(out), "--exact"]) == 0
    sheets = read_sheets(out)
    assert set(sheets) == {"totals", "by_year", "quiet_months", "definitions"}
    totals = sheets["totals"].row(0, named=True)
    assert (totals["families_chah_started"], totals["chah_started"]) == (8, 9)
    assert (totals["chah_extended"], totals["could_not_start_minors"]) == (3, 2)
    assert totals["chah_extended_pct"] == pytest.approx(33.3)
    assert totals["families_chah_started_let_op"] == MARK
    by_year = sheets["by_year"]
    assert by_year["year"].to_list() == [2019, 2020, 2021]
    assert by_year["referred_inside"].to_list() == [2, 1, 1]
    assert by_year["referred_inside_let_op"].to_list() == [MARK, MARK, MARK]
    assert by_year["referred_outside"].to_list() == [2, 2, 0]
    assert by_year["referred_outside_let_op"].to_list() == [MARK, MARK, None]
    assert by_year["goal_positive_pct"].cast(pl.Float64).to_list() == [80.0, 40.0, 100.0]
    assert "goal_positive_pct_let_op" not in by_year.columns  # percentages are not marked
    assert list(by_year.columns).index("placement_advised_let_op") == (
        list(by_year.columns).index("placement_advised") + 1
    )
    quiet = sheets["quiet_months"]
    assert quiet.height == 12
    assert quiet.filter(pl.col("quiet"))["month"].to_list() == [2, 4, 7]
    assert quiet["registrations"].to_list() == [2, 0, 2, 0, 2, 2, 0, 0, 1, 0, 1, 3]
    marked = quiet.filter(pl.col("registrations_let_op") == MARK)["registrations"].to_list()
    assert marked == [2, 2, 2, 2, 1, 1, 3]
    definitions = sheets["definitions"]
    assert set(definitions["key"]) == set(DEFINITIONS)
    assert set(definitions["bron"]) == {"INSISTO", "BINC"}


def test_xlsx_needs_out(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format xlsx without --out is a usage error (exit code 2)."""
    with pytest.raises(SystemExit) as caught:
        main([*PERIOD_ARGS, "--format", "xlsx"])
    assert caught.value.code == 2
    assert "--out" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Errors


def test_unknown_region_exit_2(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown region code gives a one-line message naming it and the allowed codes, exit 2."""
    assert main([*PERIOD_ARGS, "--region", "ANT", "--region", "XYZ"]) == 2
    err = capsys.readouterr().err
    assert "'XYZ'" in err and "ANT, LIM, OVL, VBR, WVL, BRU" in err
    assert "Traceback" not in err


def test_unknown_region_process_has_no_traceback(fixture_path: Path) -> None:
    """Run as a process, an unknown region exits with code 2 and prints no traceback."""
    env = {**os.environ, "DASHBOARD_DB": str(fixture_path)}
    done = subprocess.run(
        [sys.executable, "-m", "report", *PERIOD_ARGS, "--region", "ZZZ"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "'ZZZ'" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_reversed_years_exit_2(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--from after --to is a clear error with exit code 2."""
    assert main(["kerncijfers", "--from", "2021", "--to", "2019"]) == 2
    assert "reversed" in capsys.readouterr().err


def test_missing_data_file_exit_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing data file gives a message naming the path and exit code 1."""
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "geen.duckdb"))
    assert main(PERIOD_ARGS) == 1
    assert "geen.duckdb" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Published figures on the default synthetic data (fixture `default_db` from tests/conftest.py)


def test_published_figures_on_default_data(
    default_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the default data `--exact` reproduces the published 2019-2021 key figures, says it is
    exact, and marks exactly its counts of 1 to 9 (all of Flanders has none)."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    got = run_json([*PERIOD_ARGS, "--exact"], capsys)
    assert (got["mode"], got["warning"]) == ("exact", EXACT_WARNING)
    assert got["small_counts"] == [path for path, value in json_counts(got) if value in range(1, 10)]
    years = ["2019", "2020", "2021"]
    assert got["families_chah_started"] == 1417
    assert [half_up(got["by_year"][y]["goal_positive_pct"]) for y in years] == [70, 68, 71]
    assert [got["by_year"][y]["placement_advised"] for y in years] == [84, 90, 108]
    assert [got["by_year"][y]["referred_inside"] for y in years] == [463, 512, 520]
    assert [got["by_year"][y]["referred_outside"] for y in years] == [478, 543, 542]
    assert got["chah_extended"] == 55
    assert half_up(got["chah_extended_pct"]) == 4
    assert got["could_not_start_minors"] == 708
    assert got["quiet_months"] == [4, 7, 8]


def test_published_figures_in_dutch_text(
    default_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the default data the --exact md answer states the published family count as 1.417."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    assert main([*PERIOD_ARGS, "--format", "md", "--exact"]) == 0
    assert "opgestart bij 1.417 gezinnen. (bron: INSISTO)" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# Public by default, exact only with --exact


# Views of the public tests: all of Flanders, one small region over several years, one year.
PUBLIC_VIEWS = [([], 2019, 2021), (["BRU"], 2018, 2021), (["LIM"], 2020, 2020), (["BRU"], 2018, 2018)]


@pytest.mark.parametrize(("regions", "year_from", "year_to"), PUBLIC_VIEWS)
def test_default_output_is_public(
    default_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    regions: list[str],
    year_from: int,
    year_to: int,
) -> None:
    """Without --exact the JSON says mode 'public', has no exact-mode keys, and every count is
    hidden (null), 0 or a multiple of 5 of at least 10: no count of 1 to 9 is ever printed."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    got = run_json(cli_args(regions, year_from, year_to), capsys)
    assert got["mode"] == "public"
    assert "warning" not in got and "small_counts" not in got
    for path, value in json_counts(got):
        assert is_public_count(value), (path, value)
        assert value not in range(1, 10), (path, value)


@pytest.mark.parametrize(("regions", "year_from", "year_to"), PUBLIC_VIEWS)
def test_public_figures_are_the_dashboards(
    default_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    regions: list[str],
    year_from: int,
    year_to: int,
) -> None:
    """Each public figure (JSON, md and xlsx) is the value `disclosure.shown` gives for the same
    view and cell, as the dashboard shows it: the command and the dashboard agree."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    params = view(regions, year_from, year_to)
    with connect(default_db) as con:
        totals = disclosure.shown("kerncijfers_totals", con, **params).row(0, named=True)
        by_year = disclosure.shown("kerncijfers_by_year", con, **params)
    got = run_json(cli_args(regions, year_from, year_to), capsys)
    for key in [*TOTAL_COUNTS, "chah_extended_pct"]:
        assert got[key] == totals[key], key
    assert list(got["by_year"]) == [str(y) for y in by_year["year"]]
    for row in by_year.iter_rows(named=True):
        for key in YEAR_KEYS:
            assert got["by_year"][str(row["year"])][key] == row[key], (row["year"], key)

    assert main([*cli_args(regions, year_from, year_to), "--format", "md"]) == 0
    text = capsys.readouterr().out
    families = totals["families_chah_started"]
    assert f"opgestart bij {nl(families)} {'gezin' if families == 1 else 'gezinnen'}." in text
    placements = [f"{nl(row['placement_advised'])} in {row['year']}" for row in by_year.iter_rows(named=True)]
    assert placements[-1] in text
    assert MARK not in text

    out = tmp_path / "k.xlsx"
    assert main([*cli_args(regions, year_from, year_to), "--format", "xlsx", "--out", str(out)]) == 0
    sheet = read_sheets(out)["totals"].row(0, named=True)
    for key in TOTAL_COUNTS:
        assert str(sheet[key]) == ("<10" if totals[key] is None else str(totals[key])), key
    assert not [c for c in read_sheets(out)["by_year"].columns if c.endswith("_let_op")]


def public_quiet_months(frame: pl.DataFrame) -> list[int]:
    """The definition applied to protected monthly counts: fewest first, where a shown 0 is a true
    zero (fewest), a hidden '<10' is more than 0 and less than any shown count of 10 or more, and
    ties go to the earlier month; the three quietest, in month order."""

    def order(row: dict[str, Any]) -> tuple[int, int, int]:
        n = row["registrations"]
        band = 0 if n == 0 else 1 if n is None else 2
        return band, n or 0, row["month"]

    return sorted(r["month"] for r in sorted(frame.iter_rows(named=True), key=order)[:3])


@pytest.mark.parametrize(("regions", "year_from", "year_to"), PUBLIC_VIEWS)
def test_public_quiet_months_ranked_on_protected_counts(
    default_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    regions: list[str],
    year_from: int,
    year_to: int,
) -> None:
    """In public mode the quiet months are the definition applied to the protected monthly counts
    `disclosure.shown` gives (whose own exact-only quiet ranks are null), '<10' ranking between a
    shown 0 and every shown count of 10 or more, ties to the earlier month."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    with connect(default_db) as con:
        monthly = disclosure.shown("kerncijfers_quiet_months", con, **view(regions, year_from, year_to))
    assert monthly["quiet_rank"].null_count() == 12  # exact-only: the command ranks itself
    got = run_json(cli_args(regions, year_from, year_to), capsys)
    assert got["quiet_months"] == public_quiet_months(monthly)


def test_public_quiet_months_of_flanders_are_the_published(
    default_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """For Flanders 2019-2021 the public quiet months are the published ones (april, juli,
    augustus), and the md says they were ranked on the protected monthly counts."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    assert run_json(PERIOD_ARGS, capsys)["quiet_months"] == [4, 7, 8]
    assert main([*PERIOD_ARGS, "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert "zijn april, juli en augustus (gerangschikt op de beschermde maandaantallen)." in text


@pytest.mark.parametrize("fmt", ["json", "md", "xlsx"])
def test_several_regions_refused_in_public_mode(
    on_fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Public mode with two regions: exit 2, the Dutch reason of the refused view and what to do
    (once per region, or --exact for staff) on one stderr line, no traceback, no file written."""
    out = tmp_path / f"kerncijfers.{fmt}"
    args = [*PERIOD_ARGS, "--region", "ANT", "--region", "LIM", "--format", fmt, "--out", str(out)]
    assert main(args) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.startswith("python -m report kerncijfers: fout: ")
    assert disclosure.ViewRefused("union").message("nl") in err
    assert "kies één regio of heel Vlaanderen" in err
    assert "per regio" in err and "--exact" in err
    assert "\n" not in err and "Traceback" not in err
    assert captured.out == ""
    assert not out.exists()
    # The same view with --exact is the staff option and works.
    assert main([*args, "--exact"]) == 0
    assert out.exists()


def test_several_regions_refused_without_opening_the_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The refusal is about the view, not the data: with no data file it is still exit 2 (not the
    missing-file exit 1)."""
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "geen.duckdb"))
    assert main([*PERIOD_ARGS, "--region", "ANT", "--region", "BRU"]) == 2
    assert "fout: " in capsys.readouterr().err


def test_several_regions_process_has_no_traceback(fixture_path: Path) -> None:
    """Run as a process, two regions in public mode exit with code 2, the Dutch message on stderr,
    nothing on stdout and no traceback."""
    env = {**os.environ, "DASHBOARD_DB": str(fixture_path)}
    done = subprocess.run(
        [sys.executable, "-m", "report", *PERIOD_ARGS, "--region", "ANT", "--region", "LIM"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert disclosure.ViewRefused("union").message("nl") in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_mode_is_stated_at_the_top_of_every_format(
    on_fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON starts with its mode (and in exact mode the warning), md's first line says protected
    or EXACTE CIJFERS, and row 1 of every xlsx sheet says the same."""
    public = run_json(PERIOD_ARGS, capsys)
    assert next(iter(public.items())) == ("mode", "public")
    exact = run_json([*PERIOD_ARGS, "--exact"], capsys)
    assert list(exact.items())[:2] == [("mode", "exact"), ("warning", EXACT_WARNING)]

    assert main([*PERIOD_ARGS, "--format", "md"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith(PUBLIC_MD_START)
    assert main([*PERIOD_ARGS, "--format", "md", "--exact"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(EXACT_MD_START) and "niet publiceren" in first

    for flags, start in (([], PUBLIC_MD_START), (["--exact"], "EXACTE CIJFERS")):
        out = tmp_path / f"k{len(flags)}.xlsx"
        assert main([*PERIOD_ARGS, "--format", "xlsx", "--out", str(out), *flags]) == 0
        cells = first_cells(out)
        assert set(cells) == {"totals", "by_year", "quiet_months", "definitions"}
        assert all(str(cell).startswith(start) for cell in cells.values()), cells


def test_exact_marks_a_real_small_count(
    default_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """On the default data, Brussel 2018 with --exact: the counts of 1 to 9 a direct exact query
    finds (placement advised: 1) are the JSON's small_counts, each is followed by the mark in the
    md (no count of 1 to 9 there goes unmarked), and the xlsx marks it beside the cell."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    with connect(default_db) as con:
        totals = run("kerncijfers_totals", con, **view(["BRU"], 2018, 2018)).row(0, named=True)
        year = run("kerncijfers_by_year", con, **view(["BRU"], 2018, 2018)).row(0, named=True)
    placement = year["placement_advised"]
    assert placement in range(1, 10)
    expected = small_paths(
        {
            "families_chah_started": totals["families_chah_started"],
            "by_year": {"2018": {k: year[k] for k in YEAR_COUNTS}},
            **{k: totals[k] for k in TOTAL_COUNTS[1:]},
        }
    )
    assert "by_year.2018.placement_advised" in expected

    args = cli_args(["BRU"], 2018, 2018)
    got = run_json([*args, "--exact"], capsys)
    assert got["by_year"]["2018"]["placement_advised"] == placement
    assert sorted(got["small_counts"]) == sorted(expected)

    assert main([*args, "--exact", "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert f"bedraagt {placement}{MARKED} in 2018." in text
    body = text.split("\n# ", 1)[1].split("\n---\n", 1)[0]
    body = re.sub(r"^\d+\. ", "", body, flags=re.MULTILINE)  # the answer's item numbers
    lone = re.findall(rf"(?<![\d.,])[1-9](?![\d.,%])(?!{re.escape(MARKED)})", body)
    assert lone == [], f"counts of 1 to 9 without the mark: {lone}"
    assert body.count(MARKED) >= len(expected)

    out = tmp_path / "bru.xlsx"
    assert main([*args, "--exact", "--format", "xlsx", "--out", str(out)]) == 0
    sheets = read_sheets(out)
    row = sheets["by_year"].row(0, named=True)
    assert (row["placement_advised"], row["placement_advised_let_op"]) == (placement, MARK)
    assert row["ambulatory_ended_let_op"] is None  # 17: not small
    assert first_cells(out)["by_year"].startswith("EXACTE CIJFERS")


def test_the_old_command_says_where_the_commands_went() -> None:
    """`python -m queries kerncijfers ...` (the command's old home) stops with exit 2 and names
    `python -m report`, instead of failing obscurely."""
    done = subprocess.run(
        [sys.executable, "-m", "queries", "kerncijfers", "--from", "2019", "--to", "2021"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 2
    assert "python -m report" in done.stderr and done.stdout == ""
