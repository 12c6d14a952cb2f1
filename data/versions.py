"""The data file's history: the files an ingest replaced, kept beside it, and the rollback to one.

The previous versions live in a folder beside the live file, `<file>.versions/`, one DuckDB file
each, named `<data version>__<UTC time it was replaced>.duckdb`. A version enters the folder as a
hard link to the live file's inode (a byte-identical copy where the file system has no hard links),
made under a temporary name and renamed into place; only then is the new file renamed over the live
path. At every moment the live path holds a complete file, and a rollback is one more rename.

Only files that read as data files (a `build_info` row and the contract's tables) become versions:
a damaged or foreign file at the live path is replaced as before, not kept.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from data import store
from data.schema import TABLES_BY_NAME

DEFAULT_KEEP = 3
FOLDER_SUFFIX = ".versions"
# `<data version>__<stamp>.duckdb`; data versions hold only digits, letters and '-'.
SEPARATOR = "__"
STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"


class VersionError(Exception):
    """A versions or rollback command that cannot be carried out; the message says what and where."""


@dataclass(frozen=True)
class FileInfo:
    """What one data file (the live one or a kept version) says about itself."""

    path: Path
    data_version: str | None = None
    built_at: datetime | None = None
    source: str | None = None
    extract_date: date | None = None
    rows: dict[str, int] = field(default_factory=dict)
    # When this file was replaced (from its name); None for the live file.
    replaced_at: datetime | None = None
    # Why the file cannot be used, in the reader's words; None when it reads as a data file.
    problem: str | None = None


def folder(live: Path) -> Path:
    """The folder holding the previous versions of the data file at `live`."""
    live = Path(live)
    return live.with_name(live.name + FOLDER_SUFFIX)


def describe(path: Path, replaced_at: datetime | None = None) -> FileInfo:
    """Read a data file's build info and row counts read-only (never raises for a bad file)."""
    path = Path(path)
    if not path.is_file():
        return FileInfo(path, replaced_at=replaced_at, problem="bestand ontbreekt")
    if path.stat().st_size == 0:
        return FileInfo(path, replaced_at=replaced_at, problem="leeg bestand")
    # A private in-memory instance: `duckdb.connect(path)` could return an instance this process
    # already holds for the path, i.e. an older file (docs/RELIABILITY.md, "Data swap").
    con = duckdb.connect(":memory:")
    try:
        con.execute("attach $path as f (read_only)", {"path": str(path)})
        present = {
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where database_name = 'f' and schema_name = 'main'"
            ).fetchall()
        }
        missing = [name for name in (*TABLES_BY_NAME, "build_info") if name not in present]
        if missing:
            return FileInfo(
                path,
                replaced_at=replaced_at,
                problem=f"geen gegevensbestand (ontbreekt: {', '.join(missing)})",
            )
        # A copy cut short can still open (header and catalog come first): compare the size with
        # the blocks the header lists, as the dashboard does (ui/data.py).
        block_size, blocks = con.execute(
            "select block_size, total_blocks from pragma_database_size() where database_name = 'f'"
        ).fetchone()
        if path.stat().st_size < block_size * blocks:
            return FileInfo(path, replaced_at=replaced_at, problem="onvolledig (afgebroken kopie)")
        info = con.execute(
            "select data_version, built_at, source, extract_date from f.build_info"
            " order by built_at desc limit 1"
        ).fetchone()
        if info is None:
            return FileInfo(path, replaced_at=replaced_at, problem="build_info is leeg")
        rows = {
            name: con.execute(f"select count(*) from f.{name}").fetchone()[0]  # noqa: S608 - fixed names
            for name in TABLES_BY_NAME
        }
    except duckdb.Error as err:
        first = (str(err).splitlines() or [type(err).__name__])[0]
        return FileInfo(path, replaced_at=replaced_at, problem=f"beschadigd of onleesbaar ({first})")
    finally:
        con.close()
    return FileInfo(path, info[0], info[1], info[2], info[3], rows, replaced_at)


def _stamp_of(path: Path) -> datetime | None:
    """The replacement time in a version file's name, or None when the name is not one of ours."""
    if path.suffix != ".duckdb" or SEPARATOR not in path.stem:
        return None
    try:
        return datetime.strptime(path.stem.rsplit(SEPARATOR, 1)[1], STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def kept(live: Path) -> list[FileInfo]:
    """The kept versions of the data file at `live`, most recently replaced first."""
    where = folder(live)
    if not where.is_dir():
        return []
    found = [(stamp, p) for p in where.iterdir() if not p.name.startswith(".") and (stamp := _stamp_of(p))]
    return [describe(p, stamp) for stamp, p in sorted(found, key=lambda item: item[0], reverse=True)]


def _link_or_copy(source: Path, target: Path) -> None:
    """Put a byte-identical `source` at `target`: hard link (or copy) under a temporary name, rename."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        try:
            os.link(source, tmp)
        except OSError:  # no hard links here (another file system, FAT, some network shares)
            shutil.copy2(source, tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    store.fsync_dir(target.parent)


def archive(live: Path, now: datetime | None = None) -> Path | None:
    """Keep the current live file as a version (before something replaces it); returns its path.

    Returns None, keeping nothing, when there is no live file or it is not a readable data file."""
    info = describe(live)
    if info.problem is not None or not info.data_version:
        return None
    stamp = (now or datetime.now(UTC)).strftime(STAMP_FORMAT)
    where = folder(live)
    where.mkdir(exist_ok=True)
    target = where / f"{info.data_version}{SEPARATOR}{stamp}.duckdb"
    _link_or_copy(Path(live), target)
    return target


def prune(live: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` most recently replaced versions; returns the deleted files."""
    removed: list[Path] = []
    for info in kept(live)[max(keep, 0) :]:
        with contextlib.suppress(FileNotFoundError):
            info.path.unlink()
            removed.append(info.path)
    return removed


def choose(live: Path, wanted: str | None) -> FileInfo:
    """The kept version a rollback restores: `wanted` (data version or file name), else the newest."""
    where = folder(live)
    versions = kept(live)
    if not versions:
        raise VersionError(f"Er zijn geen vorige versies van {live} (map {where} ontbreekt of is leeg).")
    if wanted is None:
        chosen = versions[0]
    else:
        matches = [
            v
            for v in versions
            if wanted in (v.path.name, v.path.stem, v.data_version, v.path.stem.split(SEPARATOR)[0])
        ]
        if not matches:
            available = ", ".join(v.path.name for v in versions)
            raise VersionError(f"Versie '{wanted}' staat niet in {where}. Beschikbaar: {available}.")
        chosen = matches[0]  # the same data version kept twice: the most recently replaced
    if chosen.problem is not None:
        raise VersionError(f"Versie {chosen.path.name} in {where} is niet bruikbaar: {chosen.problem}.")
    return chosen


def rollback(live: Path, wanted: str | None = None) -> tuple[FileInfo, Path | None]:
    """Put a kept version back at `live` atomically, keeping the current file as a version first.

    Returns the restored version (as it was described in the folder) and where the replaced live
    file was kept (None when it was not a readable data file). Raises VersionError, changing
    nothing, for no versions, an unknown version or a damaged one."""
    live = Path(live)
    chosen = choose(live, wanted)
    current = archive(live)
    try:
        os.replace(chosen.path, live)  # one rename: the restored file is byte-identical
    except BaseException:
        if current is not None:
            current.unlink(missing_ok=True)
        raise
    store.fsync_dir(live.parent)
    return chosen, current
