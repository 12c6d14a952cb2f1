"""Bring a data file written by an older version of the project up to date, without the export.

`python -m data upgrade FILE` rewrites the file with what this version derives from its records:
the record keys (when the contract tables lack the `record_key` column), the key secret (when the
file has none) and every derived table (data/derived/*.sql, rebuilt from the records). The records,
the build info (so the data version) and a recorded `version_changes` are copied unchanged; the
population table (data/population.py) is copied when it was imported from Statbel's files, else
written afresh from this version's reference (so a file without one gets it). The new
file is written beside the old one and renamed over it (data/store.py); the old one is kept as a
version first (data/versions.py), so `rollback` undoes an upgrade.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from data import population as population_table
from data import schema, store, versions
from data.ingest.pseudonyms import RECORD_KEY_SQL
from data.plausibility import TABLE as CHANGES_TABLE


class UpgradeError(Exception):
    """The file cannot be upgraded; the message says what and where."""


@dataclass(frozen=True)
class UpgradeResult:
    """What an upgrade added, and where the old file was kept."""

    path: Path
    data_version: str
    added: tuple[str, ...]
    kept: Path | None

    def __str__(self) -> str:
        what = ", ".join(self.added) if self.added else "niets nieuws (alle afgeleide tabellen herberekend)"
        return f"Bijgewerkt: {self.path} (versie {self.data_version}); toegevoegd: {what}"


def _tables(con: duckdb.DuckDBPyConnection, database: str) -> set[str]:
    """The tables in the main schema of an attached database."""
    return {
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = $db and schema_name = 'main'",
            {"db": database},
        ).fetchall()
    }


def _columns(con: duckdb.DuckDBPyConnection, database: str, table: str) -> set[str]:
    """The column names of one table of an attached database."""
    return {
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() where database_name = $db and table_name = $t",
            {"db": database, "t": table},
        ).fetchall()
    }


def upgrade(path: Path, *, population: pl.DataFrame | None = None) -> UpgradeResult:
    """Rewrite the data file at `path` with this version's derived tables and keys; see the module.

    `population` replaces the file's population table (`python -m data population`); it is checked
    against the contract before the new file is begun."""
    path = Path(path)
    info = versions.describe(path)
    if info.problem is not None:
        raise UpgradeError(f"{path} is geen bruikbaar gegevensbestand: {info.problem}.")
    if population is not None:
        population = population_table.validate(population)
    secret = store.previous_key_secret(path)
    added: list[str] = [] if secret else [store.KEY_SECRET_TABLE]
    secret = secret or store.new_key_secret()
    kept: list[Path] = []

    def keep_old() -> None:
        """Keep the file about to be replaced as a version."""
        archived = versions.archive(path)
        if archived is not None:
            kept.append(archived)

    with store.replace_atomically(path, before_swap=keep_old) as con:
        con.execute("attach $path as old (read_only)", {"path": str(path)})
        present = _tables(con, "old")
        for name, table in schema.TABLES_BY_NAME.items():
            con.execute(table.ddl())
            have = _columns(con, "old", name)
            if "record_key" in have:
                columns = ", ".join(table.column_names)
                con.execute(f"insert into {name} select {columns} from old.{name}")  # noqa: S608 - fixed names
            else:
                added.append(f"{name}.record_key")
                columns = ", ".join(c for c in table.column_names if c != "record_key")
                con.execute(
                    f"insert into {name} select {columns}, {RECORD_KEY_SQL[name]} from old.{name}",  # noqa: S608
                    {"secret": secret},
                )
        con.execute(schema.BUILD_INFO_DDL)
        con.execute("insert into build_info by name select * from old.build_info")
        if CHANGES_TABLE in present:
            con.execute(f"create table {CHANGES_TABLE} as select * from old.{CHANGES_TABLE}")  # noqa: S608
        old_population = population_table.read(con, "old")
        con.execute("detach old")
        store.write_derived(con, key_secret=secret)
        if population is None:
            population = population_table.carried_over(old_population)
        population_table.write_population(con, population)
        added += [name for name in store.DERIVED_TABLES if name not in present]
        if population_table.TABLE not in present:
            added.append(population_table.TABLE)
    return UpgradeResult(path, info.data_version or "", tuple(added), kept[0] if kept else None)
