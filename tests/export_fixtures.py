"""A second, valid data export for the swap and fault tests: 'the new quarter' arriving as CSV files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from data import schema, synth


def export_as_csv(db: Path, folder: Path) -> Path:
    """Write the three contract tables of `db` to `folder` as the Belgian CSV an export would be."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in schema.TABLES_BY_NAME:
            con.execute(
                f"copy (select * exclude (record_key) from {table}) to '{folder / table}.csv'"
                " (header, delimiter ';', dateformat '%d/%m/%Y')"
            )
    finally:
        con.close()
    return folder


@pytest.fixture(scope="module")
def new_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid export of different data (the synthetic generator with seed 713) as `;`-CSV files."""
    folder = tmp_path_factory.mktemp("new-export")
    source = folder / "source.duckdb"
    synth.build(source, seed=713)
    return export_as_csv(source, folder / "export")
