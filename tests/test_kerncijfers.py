"""Tests for the key-figures command (`python -m queries kerncijfers`).

On the fixture database (tests/fixture_db.py) the expected figures are worked out by hand in the
comments. The published figures are checked on the default synthetic data file, which the
`default_db` fixture of tests/conftest.py provides.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from queries.__main__ import main
from queries.kerncijfers import DEFINITIONS, compute, format_count, format_pct
from queries.run import connect
from tests.fixture_db import build_fixture_db

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ALL_REGIONS = ["ANT", "LIM", "OVL", "VBR", "WVL", "BRU"]

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


def half_up(value: float) -> int:
    """Round to a whole number the way published percentages are rounded (0.5 up)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------------------------
# JSON


def test_json_all_flanders(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without a region the command prints the hand-worked figures for all of Flanders."""
    assert run_json(PERIOD_ARGS, capsys) == FIXTURE_FLANDERS


def test_json_keys_and_types(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON has exactly the agreed keys, string years, integer counts and float percentages."""
    got = run_json([*PERIOD_ARGS, "--format", "json"], capsys)
    assert list(got) == [
        "period", "regions", "families_chah_started", "by_year", "chah_started",
        "chah_extended", "chah_extended_pct", "could_not_start_minors", "quiet_months",
    ]  # fmt: skip
    assert list(got["by_year"]) == ["2019", "2020", "2021"]
    assert set(got["by_year"]["2019"]) == {
        "chah_started", "goal_positive_pct", "ambulatory_ended",
        "placement_advised", "referred_inside", "referred_outside",
    }  # fmt: skip
    assert type(got["chah_started"]) is int
    assert type(got["chah_extended_pct"]) is float


def test_json_region_filter(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --region LIM the figures cover Limburg only and list the region used."""
    assert run_json([*PERIOD_ARGS, "--region", "LIM"], capsys) == FIXTURE_LIMBURG


def test_all_six_regions_equal_no_filter(on_fixture: Path) -> None:
    """Selecting all six regions gives the same figures as no region filter."""
    with connect() as con:
        assert compute(2019, 2021, ALL_REGIONS, con).as_dict() == compute(2019, 2021, [], con).as_dict()


def test_regions_are_taken_together(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two regions count a minor once, not once per region."""
    # m06 could not start in ANT (t06) and in LIM (t29); m07 in LIM (t08, t09).
    # ANT alone: m06 -> 1; LIM alone: m06, m07 -> 2; together: m06, m07 -> 2, not 1 + 2.
    # Families with a CHAH start in ANT or LIM: f01, f02, f04, f05, f06, f10, f17 -> 7.
    got = run_json([*PERIOD_ARGS, "--region", "LIM", "--region", "ANT"], capsys)
    assert got["regions"] == ["ANT", "LIM"]
    assert got["families_chah_started"] == 7
    assert got["could_not_start_minors"] == 2
    assert run_json([*PERIOD_ARGS, "--region", "ANT"], capsys)["could_not_start_minors"] == 1


# ---------------------------------------------------------------------------------------------
# Markdown


def test_markdown_answer(on_fixture: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The md format reads as a numbered Dutch answer, with sources, Dutch numbers and caveat."""
    assert main([*PERIOD_ARGS, "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert (
        "1. In de periode 2019-2021 werd crisishulp aan huis opgestart bij 8 gezinnen."
        " (bron: INSISTO)" in text
    )
    assert "Bij 3 daarvan (33,3 %) werd de standaardtermijn van 28 dagen verlengd." in text
    assert "80,0 % in 2019, 40,0 % in 2020 en 100,0 % in 2021" in text
    assert "| 2020 | 5 | 1 | 2 |" in text  # ended, inside, outside
    assert "mogen niet worden opgeteld" in text
    assert "niet worden opgestart voor 2 unieke minderjarigen" in text
    assert "zijn februari, april en juli. (bron: INSISTO)" in text
    assert text.count("(bron: BINC)") >= 3
    assert "Gegevensversie: fixture-1." in text


def test_dutch_number_formats() -> None:
    """Counts use a dot for thousands and percentages a decimal comma: 1.417; 70,3 %."""
    assert format_count(1417) == "1.417"
    assert format_count(1234567) == "1.234.567"
    assert format_count(55) == "55"
    assert format_pct(70.3) == "70,3 %"
    assert format_pct(4.0) == "4,0 %"
    assert format_pct(None) == "n.b."


def test_markdown_to_file(on_fixture: Path, tmp_path: Path) -> None:
    """With --out the md answer is written to the file instead of printed."""
    out = tmp_path / "antwoord.md"
    assert main([*PERIOD_ARGS, "--format", "md", "--out", str(out), "--region", "LIM"]) == 0
    assert "IROJ-regio Limburg (LIM)" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Excel


def test_xlsx_workbook(on_fixture: Path, tmp_path: Path) -> None:
    """The xlsx format writes sheets totals, by_year, quiet_months and definitions."""
    out = tmp_path / "kerncijfers.xlsx"
    assert main([*PERIOD_ARGS, "--format", "xlsx", "--out", str(out)]) == 0
    sheets = pl.read_excel(out, sheet_id=0)
    assert set(sheets) == {"totals", "by_year", "quiet_months", "definitions"}
    totals = sheets["totals"].row(0, named=True)
    assert (totals["families_chah_started"], totals["chah_started"]) == (8, 9)
    assert (totals["chah_extended"], totals["could_not_start_minors"]) == (3, 2)
    assert totals["chah_extended_pct"] == pytest.approx(33.3)
    by_year = sheets["by_year"]
    assert by_year["year"].to_list() == [2019, 2020, 2021]
    assert by_year["referred_inside"].to_list() == [2, 1, 1]
    assert by_year["referred_outside"].to_list() == [2, 2, 0]
    assert by_year["goal_positive_pct"].cast(pl.Float64).to_list() == [80.0, 40.0, 100.0]
    quiet = sheets["quiet_months"]
    assert quiet.height == 12
    assert quiet.filter(pl.col("quiet"))["month"].to_list() == [2, 4, 7]
    assert quiet["registrations"].to_list() == [2, 0, 2, 0, 2, 2, 0, 0, 1, 0, 1, 3]
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
        [sys.executable, "-m", "queries", *PERIOD_ARGS, "--region", "ZZZ"],
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
    """On the default data the command reproduces the published 2019-2021 key figures."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    got = run_json(PERIOD_ARGS, capsys)
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
    """On the default data the md answer states the published family count as 1.417."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    assert main([*PERIOD_ARGS, "--format", "md"]) == 0
    assert "opgestart bij 1.417 gezinnen. (bron: INSISTO)" in capsys.readouterr().out
