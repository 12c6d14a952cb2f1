"""History and rollback of the data file: `python -m data versions` and `rollback` (data/versions.py).

Each test ingests small volume exports (tests/ingest_fixtures.py: 25 crisis stays per region and
year, 150 in all) one after another; quarter k adds k stays to ANT 2023 (registered on 26 March and
later, within the threshold), so every ingest gives another data version.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from data import versions
from data.__main__ import main
from data.ingest import KEY_ENV_VAR, ingest
from tests.ingest_fixtures import TODAY, volume_trajectories, write_volume_export


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts without a pseudonymisation key."""
    monkeypatch.delenv(KEY_ENV_VAR, raising=False)


def sha256(path: Path) -> str:
    """The file's content hash."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def quarter(tmp_path: Path, out: Path, k: int) -> tuple[str, str]:
    """Ingest quarter k over `out` (k extra ANT stays from 26 March 2023); its version and hash."""
    extra = volume_trajectories({("ANT", 2023): k}, first_day=26).split("\n", 1)[1] if k else ""
    extra = extra.replace("TANT", "TQ").replace("MANT", "MQ")
    result = ingest(write_volume_export(tmp_path / f"q{k}", None, extra), out, today=TODAY, keep=3)
    return result.data_version, sha256(out)


def folder_state(out: Path) -> dict[str, str]:
    """The versions folder's files and their hashes."""
    where = versions.folder(out)
    return {p.name: sha256(p) for p in sorted(where.iterdir())} if where.is_dir() else {}


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, tuple[str, str], tuple[str, str]]:
    """A data file after two ingests: (file, (version, hash) of the first, of the second)."""
    out = tmp_path / "crisishulp.duckdb"
    return out, quarter(tmp_path, out, 0), quarter(tmp_path, out, 1)


def test_versions_lists_the_previous_one(two: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    """After two ingests `versions` shows the live file (151 trajectories) and, as number 1, the
    first (150), both ingested."""
    out, (v1, _), (v2, _) = two
    assert v1 != v2
    assert main(["versions", "--db", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Versies van {out} (vorige versies in {out}.versions):"
    live = next(line for line in lines if line.strip().startswith("actueel"))
    previous = next(line for line in lines if line.strip().startswith("1 "))
    assert v2 in live and "crisis_trajectories 151" in live and "ingelezen" in live
    assert v1 in previous and "crisis_trajectories 150, referrals 0, residential_stays 2" in previous
    assert "28/03/2023" in previous  # the first version's data end on 28 March
    assert len(lines) == 4  # title, header, live, one previous


def test_rollback_restores_the_previous_file_and_can_be_undone(
    two: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    """`rollback` puts the first file back byte-identical; a second `rollback` (the newest previous
    is now the second file) restores the second byte-identical."""
    out, (v1, h1), (v2, h2) = two
    assert main(["rollback", "--db", str(out)]) == 0
    assert sha256(out) == h1
    assert f"Versie {v1}" in capsys.readouterr().out
    assert [name.split("__")[0] for name in folder_state(out)] == [v2]
    assert main(["rollback", "--db", str(out)]) == 0
    assert sha256(out) == h2
    assert [name.split("__")[0] for name in folder_state(out)] == [v1]


def test_rollback_to_a_named_version(tmp_path: Path) -> None:
    """With three ingests, `rollback V1` skips the newer previous one and restores the first."""
    out = tmp_path / "crisishulp.duckdb"
    (v1, h1), (v2, _), (v3, h3) = (quarter(tmp_path, out, k) for k in (0, 1, 2))
    assert main(["rollback", v1, "--db", str(out)]) == 0
    assert sha256(out) == h1
    assert sorted(name.split("__")[0] for name in folder_state(out)) == sorted([v2, v3])
    assert h3 in folder_state(out).values()  # the replaced live file is kept byte-identical


def test_rollback_with_an_unknown_version_fails_and_changes_nothing(
    two: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown version name: exit 1, a message naming it, the folder and what is there."""
    out, _, (_, h2) = two
    before = folder_state(out)
    assert main(["rollback", "2020-01-01-000000000000", "--db", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == f"Terugzetten mislukt; {out} is niet gewijzigd."
    assert f"Versie '2020-01-01-000000000000' staat niet in {out}.versions. Beschikbaar: " in err
    assert next(iter(before)) in err
    assert sha256(out) == h2 and folder_state(out) == before


def test_rollback_without_versions_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One ingest, nothing kept yet: exit 1 and the file unchanged."""
    out = tmp_path / "crisishulp.duckdb"
    _, h1 = quarter(tmp_path, out, 0)
    assert main(["rollback", "--db", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"Er zijn geen vorige versies van {out}" in err
    assert sha256(out) == h1 and not versions.folder(out).exists()


def test_rollback_to_a_damaged_version_fails_and_changes_nothing(
    two: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    """A kept version cut to its first 4 KiB: refused by name, live file and folder unchanged."""
    out, _, (_, h2) = two
    (damaged,) = versions.folder(out).iterdir()
    damaged.write_bytes(damaged.read_bytes()[:4096])
    before = folder_state(out)
    assert main(["rollback", "--db", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"Versie {damaged.name} in {out}.versions is niet bruikbaar: " in err
    assert sha256(out) == h2 and folder_state(out) == before


def test_keep_2_prunes_older_versions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Four ingests with `--keep 2`: the folder holds the second and third files, not the first."""
    out = tmp_path / "crisishulp.duckdb"
    made = []
    for k in range(4):
        extra = volume_trajectories({("ANT", 2023): k}, first_day=26).split("\n", 1)[1] if k else ""
        export = write_volume_export(
            tmp_path / f"q{k}", None, extra.replace("TANT", "TQ").replace("MANT", "MQ")
        )
        assert main(["ingest", str(export), "--out", str(out), "--keep", "2"]) == 0
        made.append(sha256(out))
    assert sorted(folder_state(out).values()) == sorted(made[1:3])
    assert "Oudere versie verwijderd (--keep 2)" in capsys.readouterr().out


def test_keep_must_be_at_least_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--keep 0` is refused by the command line (a history of none could not be rolled back)."""
    with pytest.raises(SystemExit) as info:
        main(["ingest", str(tmp_path), "--keep", "0"])
    assert info.value.code == 2
    assert "'0' is geen geheel getal van minstens 1" in capsys.readouterr().err


def test_versions_without_a_file_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No data file and no history: exit 1 naming both places."""
    out = tmp_path / "nergens.duckdb"
    assert main(["versions", "--db", str(out)]) == 1
    assert f"Geen gegevensbestand op {out}" in capsys.readouterr().err


def test_upgrade_adds_derived_tables_and_record_keys_to_an_older_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file 'from an older version' (the good 3-row export ingested, then without the
    registrations_daily table and without the trajectories' record keys) is brought up to date:
    the table is back, T001's key is again the first byte of md5(secret + '|T001') (worked out with
    hashlib), the data version is unchanged and the older file is kept byte-identical."""
    import duckdb

    from tests.ingest_fixtures import write_export

    out = tmp_path / "crisishulp.duckdb"
    version = ingest(write_export(tmp_path / "export"), out, today=TODAY).data_version
    with duckdb.connect(str(out)) as con:
        (secret,) = con.execute("select secret from key_secret").fetchone()
        con.execute("drop table registrations_daily")
        con.execute("alter table crisis_trajectories drop column record_key")
    older = sha256(out)

    assert main(["upgrade", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "toegevoegd: crisis_trajectories.record_key, registrations_daily" in printed
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("select data_version from build_info").fetchone() == (version,)
        key = con.execute(
            "select record_key from crisis_trajectories where trajectory_id = 'T001'"
        ).fetchone()
        # 3 registrations on three days: one row each in the daily counts.
        assert con.execute("select count(*) from registrations_daily").fetchone() == (3,)
    assert key == (hashlib.md5(f"{secret}|T001".encode()).digest()[0],)
    assert older in folder_state(out).values()
    assert versions.describe(out).problem is None


def test_upgrade_of_a_file_that_is_no_data_file_fails_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Plain bytes: exit 1, the file named, its bytes unchanged, nothing kept."""
    out = tmp_path / "crisishulp.duckdb"
    out.write_bytes(b"geen database")
    assert main(["upgrade", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == f"Bijwerken mislukt; {out} is niet gewijzigd."
    assert out.read_bytes() == b"geen database" and not versions.folder(out).exists()
