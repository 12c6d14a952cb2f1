"""The one place Streamlit meets the query layer: a shared read-only connection and bounded caches.

The connection and every cached result are keyed on the data file's identity (inode, size, mtime),
so after an ingest swaps in a new file the next query opens the new file, while a query already
running keeps reading the old one until it is done.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from data.store import db_path
from queries import run as queries

FileKey = tuple[str, int, int, int]


class DataFileError(RuntimeError):
    """The data file is missing or unreadable; the message says which and how to fix it."""

    def __init__(self, path: Path, reason: str | None) -> None:
        super().__init__(reason or "missing")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class BuildInfo:
    """What the data file says about itself."""

    synthetic: bool
    source: str
    built_at: str
    extract_date: date
    data_version: str


def file_key() -> FileKey:
    """The data file's identity; raises DataFileError when it is missing."""
    path = db_path()
    try:
        stat = os.stat(path)
    except OSError as err:
        raise DataFileError(path, None) from err
    if stat.st_size == 0:
        raise DataFileError(path, "leeg bestand / empty file")
    return (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(key: FileKey) -> duckdb.DuckDBPyConnection:
    """One read-only connection per data file version, shared by all sessions."""
    try:
        return duckdb.connect(key[0], read_only=True)
    except duckdb.Error as err:
        raise DataFileError(Path(key[0]), str(err).splitlines()[0]) from err


def connection() -> duckdb.DuckDBPyConnection:
    """The shared connection to the current data file."""
    return _connection(file_key())


@st.cache_data(max_entries=1024, show_spinner=False)
def _run_cached(key: FileKey, name: str, params: tuple[tuple[str, object], ...]) -> pl.DataFrame:
    try:
        return queries.run(name, _connection(key), **dict(params))
    except duckdb.Error as err:
        raise DataFileError(Path(key[0]), str(err).splitlines()[0]) from err


def _freeze(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def run(name: str, filters: queries.Filters, **params: object) -> pl.DataFrame:
    """Run named query `name` for these filters (cached per data file version and parameters)."""
    merged = filters.as_params() | params
    frozen = tuple(sorted((k, _freeze(v)) for k, v in merged.items()))
    return _run_cached(file_key(), name, frozen)


@st.cache_data(max_entries=4, show_spinner=False)
def _build_info(key: FileKey) -> BuildInfo:
    row = queries.run("build_info", _connection(key)).row(0, named=True)
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
