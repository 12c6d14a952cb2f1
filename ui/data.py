"""The one place Streamlit meets the query layer: a shared read-only connection and bounded caches.

The connection and every cached result are keyed on the data file's identity (inode, size, mtime),
so after an ingest swaps in a new file the next query opens the new file, while a query already
running keeps reading the old one until it is done.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from stat import S_ISREG

import duckdb
import polars as pl
import streamlit as st

from data.schema import TABLES_BY_NAME
from data.store import DERIVED_TABLES, db_path
from queries import disclosure
from queries import run as queries
from report.keyfigures.compute import KeyFigures
from report.keyfigures.compute import compute as compute_key_figures
from ui import mode as disclosure_mode

FileKey = tuple[str, int, int, int]
Params = tuple[tuple[str, object], ...]


# What can be wrong with the data file, each with its own page (i18n key `data_<kind>`).
DATA_FILE_PROBLEMS: tuple[str, ...] = (
    "missing",  # nothing at the path
    "empty",  # 0 bytes: a copy or build that never finished
    "not_a_file",  # a folder (or other non-file) at the path
    "no_permission",  # the server's user may not read it
    "locked",  # another program holds it open for writing
    "corrupt",  # not a DuckDB file, or a truncated or damaged one
    "wrong_content",  # a DuckDB file without the dashboard's tables
    "unreadable",  # anything else DuckDB refuses
)
# First match wins; matched against DuckDB's (or the OS's) message.
_PROBLEM_PATTERNS: tuple[tuple[str, str], ...] = (
    ("locked", r"conflicting lock|could not set lock|resource temporarily unavailable"),
    ("no_permission", r"permission denied|operation not permitted"),
    ("not_a_file", r"is a directory|not a regular file"),
    (
        "corrupt",
        r"not a valid duckdb database|could not read enough bytes|corrupt|checksum|"
        r"truncated|invalid (database|storage)|serializ|unexpected end|failed to read",
    ),
    ("wrong_content", r"catalog error|does not exist|referenced column .* not found"),
    ("empty", r"leeg bestand|empty file"),
)
_HOLDER = re.compile(r"\(PID (\d+)\)")
# The tables a data file must hold: the contract's three, those derived from them when the file was
# written, and the file's own description.
REQUIRED_TABLES: tuple[str, ...] = (*TABLES_BY_NAME, *DERIVED_TABLES, "population", "build_info")
# DuckDB's own default is 80 % of the machine's memory, and its buffer pool keeps what the pages
# read: bounded, the server's memory stays flat at any data size (docs/PERFORMANCE.md).
MEMORY_LIMIT = "1GB"


# A view outside the public view space (the protection layer refuses it; the page says why).
ViewRefused = disclosure.ViewRefused


def classify_problem(reason: str | None) -> str:
    """Which of DATA_FILE_PROBLEMS a technical message describes (None means the file is missing)."""
    if reason is None:
        return "missing"
    lowered = reason.lower()
    for kind, pattern in _PROBLEM_PATTERNS:
        if re.search(pattern, lowered):
            return kind
    return "unreadable"


class DataFileError(RuntimeError):
    """The data file cannot be used; `kind` says why (DATA_FILE_PROBLEMS), the page says how to fix it.

    `reason` is the technical detail (the first line of DuckDB's message): it goes to the server log,
    never to the page, which names only the path, the kind of problem and the fix.
    """

    def __init__(self, path: Path, reason: str | None, kind: str | None = None) -> None:
        super().__init__(reason or "missing")
        self.path = path
        self.reason = reason
        self.kind = kind if kind in DATA_FILE_PROBLEMS else classify_problem(reason)

    @property
    def holder(self) -> str | None:
        """For a locked file: the process id DuckDB names as holding the lock, if it does."""
        found = _HOLDER.search(self.reason or "")
        return found.group(1) if found else None


@dataclass(frozen=True)
class BuildInfo:
    """What the data file says about itself."""

    synthetic: bool
    source: str
    built_at: str
    extract_date: date
    data_version: str


def file_key() -> FileKey:
    """The data file's identity; raises DataFileError when it is missing, empty or not a file."""
    path = db_path()
    try:
        stat = os.stat(path)
    except FileNotFoundError as err:
        raise DataFileError(path, None) from err
    except OSError as err:
        raise DataFileError(path, f"{type(err).__name__}: {err.strerror}") from err
    if not S_ISREG(stat.st_mode):
        raise DataFileError(path, "not a regular file", kind="not_a_file")
    if stat.st_size == 0:
        raise DataFileError(path, "leeg bestand / empty file", kind="empty")
    return (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _first_line(err: BaseException) -> str:
    return (str(err).splitlines() or [type(err).__name__])[0]


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(key: FileKey) -> duckdb.DuckDBPyConnection:
    """One read-only connection per data file version, shared by all sessions.

    The file is attached read-only to a private in-memory DuckDB instance, with a view per table.
    `duckdb.connect(path)` would not do: DuckDB caches database instances per path inside the
    process, so while the previous version's connection is still alive (a reader finishing its
    query, or this cache's second entry) a new `connect` on the same path silently returns the
    *old* file's instance, and a swapped-in file would only be seen after a restart. After the
    attach, file system access is switched off and the configuration locked, so no query (whatever
    its text) can read or write any other file.
    """
    path = Path(key[0])
    con = duckdb.connect(":memory:", config={"memory_limit": MEMORY_LIMIT})
    try:
        con.execute("attach $path as data (read_only)", {"path": key[0]})
        present = {
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where database_name = 'data' and schema_name = 'main'"
            ).fetchall()
        }
        missing = [name for name in REQUIRED_TABLES if name not in present]
        if missing:
            raise DataFileError(path, f"tables missing: {', '.join(missing)}", kind="wrong_content")
        # A truncated copy still opens (its header and catalog come first) and fails only when a
        # query reaches a missing block: compare the size with the blocks the header lists.
        block_size, blocks = con.execute(
            "select block_size, total_blocks from pragma_database_size() where database_name = 'data'"
        ).fetchone()
        if key[2] < block_size * blocks:
            reason = f"truncated: {key[2]} bytes, its header lists {blocks} blocks of {block_size}"
            raise DataFileError(path, reason, kind="corrupt")
        for name in REQUIRED_TABLES:
            con.execute(f'create view main."{name}" as select * from data.main."{name}"')  # noqa: S608
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    except duckdb.Error as err:
        con.close()
        raise DataFileError(path, _first_line(err)) from err
    except BaseException:
        con.close()
        raise
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """The shared connection to the current data file."""
    return _connection(file_key())


@st.cache_data(max_entries=1024, show_spinner=False)
def _run_cached(
    cache_key: str, _key: FileKey, name: str, _params: Params, _mode: disclosure.Mode
) -> pl.DataFrame:
    """The protected result of one query: cached per file version, query, parameters and mode.

    Streamlit hashes only `cache_key` (arguments starting with `_` are not hashed): the same four
    values written out as one string (`_cache_key`), which hashes in microseconds where hashing the
    nested tuples cost most of a cache hit.
    """
    # The one public path (view checked, result protected): nothing leaves this module unprotected.
    try:
        return disclosure.shown(name, _connection(_key), None, _mode, **dict(_params))
    except duckdb.Error as err:
        raise DataFileError(Path(_key[0]), str(err).splitlines()[0]) from err


def _cache_key(key: FileKey, name: str, params: Params, mode: disclosure.Mode) -> str:
    # repr of str, int, bool, date and tuples of them: equal values give equal text, different
    # values different text.
    return repr((key, name, params, mode))


def _freeze(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def _frozen(filters: queries.Filters, params: dict[str, object]) -> tuple[tuple[str, object], ...]:
    merged = filters.as_params() | params
    return tuple(sorted((k, _freeze(v)) for k, v in merged.items()))


def _cached(key: FileKey, name: str, params: Params, mode: disclosure.Mode) -> pl.DataFrame:
    return _run_cached(_cache_key(key, name, params, mode), key, name, params, mode)


def run(name: str, filters: queries.Filters, **params: object) -> pl.DataFrame:
    """Run named query `name` for these filters (cached per data file version and parameters)."""
    return _cached(file_key(), name, _frozen(filters, params), current_mode())


# A page's queries are independent: DuckDB and Polars release the GIL, so while one query runs the
# next one's validation and protection can go on. Small and shared: at most this many at once.
_QUERY_POOL = ThreadPoolExecutor(max_workers=3, thread_name_prefix="query")
# The ptable (192,000 rows) is read while the rest of the first run goes on, not inside it.
_QUERY_POOL.submit(disclosure.preload)


def run_many(requests: Sequence[tuple[str, queries.Filters]]) -> list[pl.DataFrame]:
    """`run` for each (query, filters) pair, at the same time; the results in the order asked.

    The file and the disclosure mode are decided once, here on the script's thread (the mode reads
    the session's user); an error surfaces as from `run`. Every request goes to the query pool,
    cached or not (reading repeats on the script's thread instead measured no faster).
    """
    key, mode = file_key(), current_mode()
    asked = [(name, _frozen(filters, {})) for name, filters in requests]
    futures = [_QUERY_POOL.submit(_cached, key, name, params, mode) for name, params in asked]
    return [future.result() for future in futures]


def current_mode() -> disclosure.Mode:
    """Public unless an authenticated staff user is logged in (see ui/mode.py)."""
    return disclosure_mode.current_mode()


@st.cache_data(max_entries=4, show_spinner=False)
def _build_info(key: FileKey) -> BuildInfo:
    try:
        frame = queries.run("build_info", _connection(key))
    except duckdb.Error as err:
        raise DataFileError(Path(key[0]), _first_line(err)) from err
    if frame.is_empty():
        raise DataFileError(Path(key[0]), "build_info is empty", kind="wrong_content")
    row = frame.row(0, named=True)
    return BuildInfo(
        synthetic=bool(row["synthetic"]),
        source=row["source"],
        built_at=str(row["built_at"]),
        extract_date=row["extract_date"],
        data_version=row["data_version"],
    )


def build_info() -> BuildInfo:
    """What the current data file says about itself."""
    return _build_info(file_key())


@st.cache_data(max_entries=64, show_spinner=False)
def _key_figures(
    cache_key: str, _key: FileKey, _view: tuple[int, int, tuple[str, ...]], _mode: disclosure.Mode
) -> KeyFigures:
    """The key figures of one view (years and regions), cached like `_run_cached`: only
    `cache_key` is hashed."""
    year_from, year_to, regions = _view
    try:
        return compute_key_figures(year_from, year_to, regions, _connection(_key), _mode)
    except duckdb.Error as err:
        raise DataFileError(Path(_key[0]), str(err).splitlines()[0]) from err


def key_figures(year_from: int, year_to: int, regions: tuple[str, ...] = ()) -> KeyFigures:
    """The key figures ('kerncijfers') for whole years and a region set (empty: all of Flanders),
    in the session's mode: the figures `python -m report kerncijfers` prints, from the same code
    (`report.keyfigures.compute`) on the shared connection. Public mode refuses several regions
    taken together (`ViewRefused`)."""
    key, mode = file_key(), current_mode()
    cache_key = repr((key, "kerncijfers", year_from, year_to, tuple(regions), mode))
    return _key_figures(cache_key, key, (year_from, year_to, tuple(regions)), mode)
