"""The ingest's plausibility check against the file it replaces (data/plausibility.py).

The exports come from tests/ingest_fixtures.py: `write_volume_export` writes 25 crisis stays per
region (ANT, OVL, BRU) and year (2022, 2023), registered 1-25 March and ended three days later, so
the extract date is 28/03/2023. Expected counts and messages are worked out by hand from that.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from data.__main__ import main
from data.ingest import KEY_ENV_VAR, ingest
from data.plausibility import ChangesRefused
from tests.ingest_fixtures import TODAY, VOLUMES, volume_trajectories, write_volume_export


@pytest.fixture(autouse=True)
def _setup(monkeypatch: pytest.MonkeyPatch) -> None:
    """No pseudonymisation key; the CLI's 'today' is the tests' (30/06/2025) so dates are not future."""
    monkeypatch.delenv(KEY_ENV_VAR, raising=False)


def sha256(path: Path) -> str:
    """The file's content hash."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path, sql: str) -> list[tuple]:
    """Run a query on a data file opened read-only."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def without(region: str) -> dict[tuple[str, int], int]:
    """The standard volumes without one region."""
    return {key: n for key, n in VOLUMES.items() if key[0] != region}


@pytest.fixture
def first(tmp_path: Path) -> Path:
    """A data file from a first ingest of the standard volumes."""
    out = tmp_path / "crisishulp.duckdb"
    ingest(write_volume_export(tmp_path / "q1"), out, today=TODAY)
    return out


def test_first_ingest_records_a_first_version_with_its_own_counts(first: Path) -> None:
    """No previous file: one 'first_version' row, and the counts (25 per region, year and the one
    module) with no previous count."""
    assert rows(first, "select kind, compared_with, stops from version_changes where kind <> 'count'") == [
        ("first_version", None, False)
    ]
    counts = rows(
        first,
        "select region, year, module, previous_count, current_count from version_changes"
        " where kind = 'count' order by region, year",
    )
    assert counts == [
        ("ANT", 2022, "crisisverblijf", None, 25),
        ("ANT", 2023, "crisisverblijf", None, 25),
        ("BRU", 2022, "crisisverblijf", None, 25),
        ("BRU", 2023, "crisisverblijf", None, 25),
        ("OVL", 2022, "crisisverblijf", None, 25),
        ("OVL", 2023, "crisisverblijf", None, 25),
    ]


def test_a_dropped_region_stops_the_cli_ingest_naming_the_region(
    first: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid export without Brussel: exit 1, the message names BRU and its 2 x 25 = 50 previous
    trajectories, and the previous file is byte-identical with no version kept."""
    before = sha256(first)
    export = write_volume_export(tmp_path / "q2", without("BRU"))
    assert main(["ingest", str(export), "--out", str(first)]) == 1
    err = capsys.readouterr().err
    assert "niet gewijzigd" in err.splitlines()[0]
    assert "regio BRU (Brussel) ontbreekt: vorige versie 50 trajecten, nieuwe versie 0" in err
    assert "--accept-changes" in err
    assert sha256(first) == before
    assert not (tmp_path / "crisishulp.duckdb.versions").exists()


def test_a_dropped_region_is_swapped_in_with_accept_changes_and_recorded(
    first: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --accept-changes the same export is swapped in (100 trajectories), the previous file is
    kept, and version_changes records the accepted stop against the previous version."""
    (old_version,) = rows(first, "select data_version from build_info")[0]
    export = write_volume_export(tmp_path / "q2", without("BRU"))
    assert main(["ingest", str(export), "--out", str(first), "--accept-changes"]) == 0
    out = capsys.readouterr().out
    assert "aanvaard  regio BRU (Brussel) ontbreekt" in out
    assert rows(first, "select count(*) from crisis_trajectories") == [(100,)]
    assert rows(
        first,
        "select compared_with, region, previous_count, current_count, stops, accepted"
        " from version_changes where kind = 'region_gone'",
    ) == [(old_version, "BRU", 50, 0, True, True)]
    # BRU's cells are kept with their previous counts; ANT's is unchanged.
    assert rows(
        first,
        "select region, previous_count, current_count from version_changes"
        " where kind = 'count' and year = 2023 order by region",
    ) == [("ANT", 25, 25), ("BRU", 25, 0), ("OVL", 25, 25)]
    kept = list((tmp_path / "crisishulp.duckdb.versions").iterdir())
    assert [p.name.split("__")[0] for p in kept] == [old_version]


def test_a_halved_and_a_doubled_region_year_stop(first: Path, tmp_path: Path) -> None:
    """ANT 2023 from 25 to 12 (12 <= 12.5: halved) and OVL 2022 from 25 to 50 (doubled) stop;
    the other cells are unchanged and not mentioned."""
    volumes = dict(VOLUMES)
    volumes[("ANT", 2023)] = 12
    # 50 registrations in March do not fit one day each: 25 more registered on 1-25 March too.
    extra = (
        volume_trajectories({("OVL", 2022): 25}).split("\n", 1)[1].replace("TOVL", "TX").replace("MOVL", "MX")
    )
    with pytest.raises(ChangesRefused) as info:
        ingest(write_volume_export(tmp_path / "q2", volumes, extra), first, today=TODAY)
    stops = [(f.kind, f.region, f.year, f.previous, f.current) for f in info.value.comparison.stops]
    assert stops == [("volume", "ANT", 2023, 25, 12), ("volume", "OVL", 2022, 25, 50)]
    text = str(info.value)
    assert "regio ANT (Antwerpen) in 2023: 25 → 12 trajecten (gehalveerd of minder)" in text
    assert "regio OVL (Oost-Vlaanderen) in 2022: 25 → 50 trajecten (verdubbeld of meer)" in text


def test_a_drop_just_above_half_passes(first: Path, tmp_path: Path) -> None:
    """ANT 2023 from 25 to 13 (13 > 12.5) is not a stop."""
    volumes = dict(VOLUMES)
    volumes[("ANT", 2023)] = 13
    result = ingest(write_volume_export(tmp_path / "q2", volumes), first, today=TODAY)
    assert result.comparison is not None and result.comparison.stops == ()


def test_a_year_cut_off_stops(first: Path, tmp_path: Path) -> None:
    """An export without 2022: the year's 3 x 25 = 75 trajectories are gone."""
    volumes = {key: n for key, n in VOLUMES.items() if key[1] != 2022}
    with pytest.raises(ChangesRefused) as info:
        ingest(write_volume_export(tmp_path / "q2", volumes), first, today=TODAY)
    assert [(f.kind, f.year, f.previous) for f in info.value.comparison.stops] == [("year_gone", 2022, 75)]
    assert "jaar 2022 ontbreekt: vorige versie 75 trajecten" in str(info.value)


def test_tiny_cells_are_ignored(tmp_path: Path) -> None:
    """Ten stays per cell dropping to four, and a region with 10 trajectories gone: under 20 on
    both sides, so information, not a stop."""
    out = tmp_path / "crisishulp.duckdb"
    ingest(write_volume_export(tmp_path / "q1", {("ANT", 2023): 10, ("LIM", 2023): 10}), out, today=TODAY)
    # Registered 7-10 March, so the data still end on 13/03/2023 (an earlier end would stop).
    later = volume_trajectories({("ANT", 2023): 4}, first_day=7).split("\n", 1)[1]
    result = ingest(write_volume_export(tmp_path / "q2", {}, later), out, today=TODAY)
    assert result.comparison is not None
    assert [(f.kind, f.stops) for f in result.comparison.findings] == [("region_gone", False)]


def test_the_rest_of_a_year_is_not_a_doubling(first: Path, tmp_path: Path) -> None:
    """The next quarter adds 25 ANT stays in April 2023: 2023 doubles for ANT, but both sides are
    counted up to the previous extract date (28/03/2023), so ANT 2023 stays 25 → 25."""
    april = volume_trajectories({("ANT", 2023): 25}, month=4).split("\n", 1)[1]
    result = ingest(write_volume_export(tmp_path / "q2", None, april), first, today=TODAY)
    assert result.comparison is not None and result.comparison.findings == ()
    assert result.extract_date.isoformat() == "2023-04-28"


def test_an_earlier_extract_date_stops(first: Path, tmp_path: Path) -> None:
    """Registrations on 1-20 instead of 1-25 March keep every cell at 20 of 25 (not halved), but the
    data now end on 23/03/2023, before the previous 28/03/2023."""
    volumes = dict.fromkeys(VOLUMES, 20)
    with pytest.raises(ChangesRefused) as info:
        ingest(write_volume_export(tmp_path / "q2", volumes), first, today=TODAY)
    assert [f.kind for f in info.value.comparison.stops] == ["extract_date_earlier"]
    assert "de gegevens lopen tot 23/03/2023, de vorige versie tot 28/03/2023" in str(info.value)


def test_a_synthetic_previous_file_is_not_compared(tmp_path: Path, default_db: Path) -> None:
    """Real data replacing the synthetic default is a first ingested version, whatever its volumes."""
    out = tmp_path / "crisishulp.duckdb"
    out.write_bytes(default_db.read_bytes())
    result = ingest(write_volume_export(tmp_path / "q1"), out, today=TODAY)
    assert result.comparison is not None and result.comparison.first
    assert rows(out, "select kind from version_changes where kind <> 'count'") == [("first_version",)]
