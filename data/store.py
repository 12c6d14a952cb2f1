"""Where the data file lives and how a new one replaces the old one without a reader seeing half a file.

Both the synthetic build and the ingest write through `replace_atomically`: the new file is built
beside the old one under a temporary name and renamed over it only when it is complete. A failure of
any kind before the rename (bad data, a full disk, the process killed) leaves the old file untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from data.schema import BUILD_INFO_DDL, TABLES_BY_NAME

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DERIVED_DIR = Path(__file__).resolve().parent / "derived"
# Tables derived from the contract's tables when a file is written (data/derived/<name>.sql): the
# answers to questions every page view would otherwise recompute over all records. Pure functions
# of the three tables, built by the synthetic build, the ingest and the test fixtures alike.
DERIVED_TABLES: tuple[str, ...] = (
    "trajectory_referral_kinds",
    "trajectory_referral_links",
    "not_started_followups",
    "residential_stock_changes",
    "residential_covid_stays",
    "registrations_daily",
    "starts_daily",
    "closures_daily",
    "durations_daily",
    "referral_links_daily",
    "not_started_registrations",
    "chah_starts",
    "crisis_stays",
    "residential_age_bands",
    "residential_closures",
    "residential_closures_yearly",
)
# The data file's own secret: record keys (at ingest) and the fixed key of every child and family
# are keyed hashes of their identifiers with it, so nobody holding the identifiers can compute them
# (DISCLOSURE.md). One row; written before the derived tables, which read it.
KEY_SECRET_TABLE = "key_secret"  # noqa: S105 (a table's name, not a secret)
DEFAULT_DB = PROJECT_ROOT / "data" / "crisishulp.duckdb"
ENV_VAR = "DASHBOARD_DB"


def db_path() -> Path:
    """The data file every command and the app use: `$DASHBOARD_DB`, else data/crisishulp.duckdb."""
    configured = os.environ.get(ENV_VAR, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_DB


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def replace_atomically(
    target: Path, *, before_swap: Callable[[], object] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a fresh temporary file; on success rename it over `target`.

    The temporary file sits in the target's directory so the final `os.replace` is an atomic
    rename on the same file system. On any exception the temporary file is removed and `target`
    is left exactly as it was. `before_swap` runs once the new file is complete, just before the
    rename (the ingest keeps the file about to be replaced as a version there).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        yield con
        con.execute("checkpoint")
        con.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if before_swap is not None:
            before_swap()
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(Exception):
            con.close()
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise


def write_tables(
    con: duckdb.DuckDBPyConnection, frames: Mapping[str, pl.DataFrame], *, create: bool = True
) -> None:
    """Create the contract's tables in `con` (unless appending) and fill them from `frames`."""
    for name, table in TABLES_BY_NAME.items():
        frame = frames[name].select(table.column_names)
        if create:
            con.execute(table.ddl())
        con.register("incoming", frame.to_arrow())
        try:
            con.execute(f"insert into {name} select * from incoming")  # noqa: S608 - fixed names
        finally:
            con.unregister("incoming")


def new_key_secret() -> str:
    """A fresh key secret (256 random bits, hex)."""
    return secrets.token_hex(32)


def previous_key_secret(path: Path) -> str | None:
    """The key secret of the data file at `path`, or None when there is none (no file, an older
    file without one, a damaged file): an ingest keeps it, so the same child keeps its key, and
    the same cell its protected value, from one quarter's file to the next."""
    if not Path(path).is_file():
        return None
    try:
        with duckdb.connect(str(path), read_only=True) as old:
            row = old.execute(f"select secret from {KEY_SECRET_TABLE} limit 1").fetchone()  # noqa: S608
    except duckdb.Error:
        return None
    return row[0] if row and isinstance(row[0], str) and row[0] else None


def write_key_secret(con: duckdb.DuckDBPyConnection, secret: str | None = None) -> str:
    """Write the key secret (a new random one unless given); returns it."""
    value = secret or new_key_secret()
    con.execute(f"create or replace table {KEY_SECRET_TABLE} (secret VARCHAR NOT NULL)")
    con.execute(f"insert into {KEY_SECRET_TABLE} values ($secret)", {"secret": value})  # noqa: S608
    return value


def write_derived(con: duckdb.DuckDBPyConnection, key_secret: str | None = None) -> None:
    """Build the derived tables (DERIVED_TABLES) from the contract's tables already in `con`.

    The key secret is written first unless the file has one (`key_secret`: the one to write; a
    new random one when None)."""
    con.execute("set enable_progress_bar = false")  # a build's output is its own summary line
    have = con.execute(
        "select count(*) from duckdb_tables() where table_name = $name and schema_name = 'main'",
        {"name": KEY_SECRET_TABLE},
    ).fetchone()[0]
    if key_secret is not None or not have:
        write_key_secret(con, key_secret)
    for name in DERIVED_TABLES:
        con.execute((DERIVED_DIR / f"{name}.sql").read_text(encoding="utf-8"))


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """A short content hash of the three tables: the same data gives the same version."""
    digest = hashlib.sha256()
    for name in TABLES_BY_NAME:
        rows, total = con.execute(
            f"select count(*), coalesce(sum(hash(t)), 0) from {name} as t"  # noqa: S608
        ).fetchone()
        digest.update(f"{name}:{rows}:{total};".encode())
    return digest.hexdigest()[:12]


def write_build_info(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str,
    synthetic: bool,
    extract_date: date,
    seed: int | None = None,
    scale: float | None = None,
) -> str:
    """Record where the file came from; returns the data version (extract date + fingerprint)."""
    version = f"{extract_date.isoformat()}-{fingerprint(con)}"
    con.execute(BUILD_INFO_DDL)
    con.execute(
        "insert into build_info values ($built_at, $source, $synthetic, $seed, $scale,"
        " $extract_date, $version)",
        {
            "built_at": datetime.now().replace(microsecond=0),
            "source": source,
            "synthetic": synthetic,
            "seed": seed,
            "scale": scale,
            "extract_date": extract_date,
            "version": version,
        },
    )
    return version
