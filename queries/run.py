"""Load a named query (`queries/<name>.sql`), validate its parameters and run it into Polars.

Every query file opens with a machine-readable comment header (format in QUERIES.md):

    -- purpose: what the query answers
    -- grain: one row per area × ...
    -- period: which date the period filter applies to
    -- tables: the tables it reads (contract tables, or tables derived from them)
    -- params:
    --   regions VARCHAR[]  IROJ region codes; empty = all of Flanders
    -- ignores: modules
    -- columns:
    --   area VARCHAR  IROJ region code, or 'VL' for Flanders
    --   started BIGINT  trajectories that started
    --   started_ckey SMALLINT  cell key of started
    -- protect:
    --   count: started

The `protect:` field declares the disclosure role of the output columns (see `Role` and
QUERIES.md): `queries.disclosure.protect` reads it, never guesses.

Parameters are always bound (`$name`), never formatted into the SQL text, and checked against the
code lists of `data.schema` first, so a bad value is a `QueryError` naming the value and what is
allowed, never a DuckDB traceback. This module imports no Streamlit: the app wraps it.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from data.schema import AGE_BANDS, MODULES, REGIONS
from data.store import db_path

QUERY_DIR = Path(__file__).resolve().parent

# The years the dashboard covers (the synthetic default spans them); the default period.
DATA_START = date(2017, 1, 1)
DATA_END = date(2025, 12, 31)

# Header fields: single-line text fields and list fields; all but `ignores`, `protect` and `notes`
# required (the tests require `protect` of every query file).
TEXT_FIELDS: tuple[str, ...] = ("purpose", "grain", "period", "years", "areas", "tables", "ignores")
LIST_FIELDS: tuple[str, ...] = ("params", "columns", "protect", "notes")
REQUIRED_FIELDS: tuple[str, ...] = ("purpose", "grain", "period", "years", "tables", "params", "columns")

# How a period of several calendar years reaches the result (the `years:` header field), which the
# public protection needs to know (DISCLOSURE.md, "Periods"):
# * rows: the rows are years, months or month ends; a longer period only adds rows, each row's
#   cells are the same whatever the period;
# * compose: the result sums over the period; in public mode its record counts are the sums of the
#   protected counts of each calendar year (so year ranges cannot be differenced);
# * none: the period filter does not apply.
YEARS_MODES: tuple[str, ...] = ("rows", "compose", "none")
# How selected regions reach the result (the `areas:` header field, default side_by_side): one
# group of rows per region, or (key figures) the selected regions as one whole.
AREAS_MODES: tuple[str, ...] = ("side_by_side", "union")

# The filters every indicator understands; a query either declares each one or lists it under
# `ignores` (then a value given for it is validated and dropped, so the app can pass all filters).
COMMON_FILTERS: tuple[str, ...] = (
    "regions",
    "period_from",
    "period_to",
    "modules",
    "age_bands",
    "include_flanders",
)

_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
_TYPE_RE = re.compile(r"^[A-Z][A-Z0-9_]*(\(\d+(,\d+)?\))?(\[\])?$")
_PARAM_TYPES: frozenset[str] = frozenset({"VARCHAR[]", "VARCHAR", "DATE", "BOOLEAN", "INTEGER"})

# Disclosure roles of output columns (the `protect:` header field). A count's cell key is the
# column `<count>_ckey` (SMALLINT): sum(record_key) % 256 over the records (or units) of its cell.
ROLE_KINDS: tuple[str, ...] = ("count", "label", "pct", "stat", "exact_only")
CKEY_SUFFIX = "_ckey"
CKEY_TYPE = "SMALLINT"
NUMERIC_TYPES: frozenset[str] = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
     "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE"}
)  # fmt: skip
_ROLE_LIST_RE = re.compile(r"^(count|distinct|label|exact_only):\s*(.+)$")
_ROLE_PCT_RE = re.compile(r"^([a-z_][a-z0-9_]*)\s*=\s*([a-z_][a-z0-9_]*)\s*/\s*([a-z_][a-z0-9_]*)$")
_ROLE_STAT_RE = re.compile(r"^([a-z_][a-z0-9_, ]*?)\s*~\s*([a-z_][a-z0-9_]*)$")


class QueryError(ValueError):
    """A query name or parameter value the caller got wrong; the message says what is allowed."""


class HeaderError(ValueError):
    """A query file whose header does not follow the format (a bug in the file, not the caller)."""


class DataFileMissingError(FileNotFoundError):
    """The data file the queries read does not exist."""


@dataclass(frozen=True)
class Item:
    """One declared parameter or output column: name, DuckDB type and meaning."""

    name: str
    sql_type: str
    description: str


@dataclass(frozen=True)
class Role:
    """The disclosure role of one output column, as declared under `protect:` in the header.

    * `count`: a count of records or units; perturbed in public mode with its cell key
      `<name>_ckey`. `distinct` marks a count of distinct units (minors, families, children):
      declared as `distinct: a, b`, it cannot be added over years (see YEARS_MODES).
    * `pct`: `100 × numerator / denominator` (both `count` columns), recomputed from the
      protected counts in public mode.
    * `stat`: a median, mean or other statistic over the records counted by `support` (a
      `count` column); hidden in public mode when that support is small.
    * `label`: a dimension or description (a year, a bin edge, a weekday number): shown as is.
    * `exact_only`: derived from exact counts in a way no rounding repairs (e.g. ratios of
      counts); null in public mode.
    """

    kind: str
    numerator: str | None = None
    denominator: str | None = None
    support: str | None = None
    distinct: bool = False


@dataclass(frozen=True)
class QueryHeader:
    """The parsed comment header of one query file."""

    name: str
    purpose: str
    grain: str
    period: str
    tables: tuple[str, ...]
    params: tuple[Item, ...]
    columns: tuple[Item, ...]
    ignores: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    protect: tuple[tuple[str, Role], ...] = ()
    years: str = "rows"
    areas: str = "side_by_side"

    @property
    def roles(self) -> dict[str, Role]:
        """Column name → declared disclosure role (columns without a role are absent)."""
        return dict(self.protect)

    @property
    def count_columns(self) -> tuple[str, ...]:
        """The columns with role `count`, in header order."""
        return tuple(name for name, role in self.protect if role.kind == "count")

    @property
    def ckey_columns(self) -> tuple[str, ...]:
        """The cell-key helper columns (`*_ckey`) the query returns."""
        return tuple(c.name for c in self.columns if c.name.endswith(CKEY_SUFFIX))

    @property
    def param_names(self) -> tuple[str, ...]:
        """The declared parameter names in header order."""
        return tuple(p.name for p in self.params)

    @property
    def column_names(self) -> tuple[str, ...]:
        """The declared output column names in header order."""
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Filters:
    """The common filters; empty tuples mean 'all', the default period is the whole data range."""

    regions: tuple[str, ...] = ()
    period_from: date = DATA_START
    period_to: date = DATA_END
    modules: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    include_flanders: bool = False

    def as_params(self) -> dict[str, Any]:
        """The filters as a name → value mapping for `run`."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# ---------------------------------------------------------------------------------------------
# Query files and headers


def list_queries() -> list[str]:
    """The names of all queries (the .sql file names without extension), sorted."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


@functools.cache
def _known_queries() -> frozenset[str]:
    return frozenset(list_queries())


def _query_file(name: str) -> Path:
    """The file of query `name`, or a QueryError listing the known names."""
    # Only plain names: a name with a path separator or dot could otherwise escape the folder.
    # The names seen at the first call are kept (a page asks several times a query); an unknown
    # name looks at the folder again before it is refused.
    plain = isinstance(name, str) and _NAME_RE.match(name)
    if not plain or (name not in _known_queries() and name not in list_queries()):
        raise QueryError(f"unknown query {name!r}; known queries: {', '.join(list_queries())}")
    return QUERY_DIR / f"{name}.sql"


def query_sql(name: str) -> str:
    """The SQL text of query `name` (read once per process: the files do not change at run time)."""
    _query_file(name)  # checks the name before it reaches the (hashing) cache
    return _read_sql(name)


@functools.cache
def _read_sql(name: str) -> str:
    """The cached text of a query file whose name has been checked."""
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _parse_item(line: str, where: str) -> Item:
    """Parse `name TYPE  description` from a params or columns line."""
    parts = line.split(None, 2)
    if len(parts) < 2 or not _NAME_RE.match(parts[0]) or not _TYPE_RE.match(parts[1]):
        raise HeaderError(f"{where}: expected 'name TYPE  description', got {line!r}")
    return Item(parts[0], parts[1], parts[2].strip() if len(parts) > 2 else "")


def parse_header(sql: str, name: str = "<query>") -> QueryHeader:
    """Parse the comment header at the top of a query's SQL text (format: see module docstring).

    A field line is `-- key: value` (one space after `--`); list items (params, columns, notes)
    are indented by 2–4 spaces after `--`; a line indented by 5 or more continues the previous
    item or text field. The header ends at the first line that is not a `--` comment.
    """
    text: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    current: str | None = None
    for lineno, raw in enumerate(sql.splitlines(), start=1):
        line = raw.rstrip()
        if not line.startswith("--"):
            break
        body = line[2:]
        indent = len(body) - len(body.lstrip(" "))
        content = body.strip()
        where = f"{name}.sql line {lineno}"
        if not content:
            continue
        if indent == 1:
            key, sep, value = content.partition(":")
            key = key.strip()
            if not sep or key not in TEXT_FIELDS + LIST_FIELDS:
                raise HeaderError(f"{where}: unknown header field {key!r}")
            if key in text or key in lists:
                raise HeaderError(f"{where}: field {key!r} given twice")
            current = key
            if key in TEXT_FIELDS:
                text[key] = value.strip()
            else:
                if value.strip():
                    raise HeaderError(f"{where}: list field {key!r} takes items on the next lines")
                lists[key] = []
        elif current is None:
            raise HeaderError(f"{where}: indented line before any field")
        elif current in TEXT_FIELDS:
            text[current] = f"{text[current]} {content}".strip()
        elif indent <= 4:
            lists[current].append(content)
        elif not lists[current]:
            raise HeaderError(f"{where}: continuation line before any item")
        else:
            lists[current][-1] = f"{lists[current][-1]} {content}"
    missing = [f for f in REQUIRED_FIELDS if f not in text and f not in lists]
    if missing:
        raise HeaderError(f"{name}.sql: header lacks {', '.join(missing)}")
    params = tuple(_parse_item(s, f"{name}.sql params") for s in lists["params"])
    columns = tuple(_parse_item(s, f"{name}.sql columns") for s in lists["columns"])
    for p in params:
        if p.sql_type not in _PARAM_TYPES:
            raise HeaderError(f"{name}.sql: parameter {p.name} has unsupported type {p.sql_type}")
    ignores_text = text.get("ignores", "none").strip()
    ignores = (
        () if ignores_text in ("", "none") else tuple(s.strip() for s in ignores_text.split(",") if s.strip())
    )
    for ignored in ignores:
        if ignored not in COMMON_FILTERS or ignored in {p.name for p in params}:
            raise HeaderError(f"{name}.sql: cannot ignore {ignored!r}")
    protect = _parse_protect(lists.get("protect", []), columns, name)
    years = text["years"].strip()
    areas = text.get("areas", "side_by_side").strip()
    if years not in YEARS_MODES:
        raise HeaderError(f"{name}.sql: years must be one of {', '.join(YEARS_MODES)}; got {years!r}")
    if areas not in AREAS_MODES:
        raise HeaderError(f"{name}.sql: areas must be one of {', '.join(AREAS_MODES)}; got {areas!r}")
    return QueryHeader(
        name=name,
        purpose=text["purpose"],
        grain=text["grain"],
        period=text["period"],
        tables=tuple(s.strip() for s in text["tables"].split(",") if s.strip()),
        params=params,
        columns=columns,
        ignores=ignores,
        notes=tuple(lists.get("notes", ())),
        protect=protect,
        years=years,
        areas=areas,
    )


def _parse_protect(items: list[str], columns: tuple[Item, ...], name: str) -> tuple[tuple[str, Role], ...]:
    """Parse the `protect:` items into (column, Role) pairs, checking them against the columns.

    Items: `count: a, b`, `distinct: a, b` (counts of distinct units), `label: a, b`,
    `exact_only: a, b`, `pct = numerator / denominator`,
    `stat_a, stat_b ~ support`. Every named column must be declared, get at most one role; the
    numerator, denominator and support must be counts, and every count needs its SMALLINT
    companion `<count>_ckey`.
    """
    where = f"{name}.sql protect"
    types = {c.name: c.sql_type for c in columns}
    roles: dict[str, Role] = {}

    def add(column: str, role: Role) -> None:
        if column not in types:
            raise HeaderError(f"{where}: {column!r} is not a declared column")
        if column.endswith(CKEY_SUFFIX):
            raise HeaderError(f"{where}: cell-key column {column!r} takes no role")
        if column in roles:
            raise HeaderError(f"{where}: {column!r} has two roles")
        roles[column] = role

    for item in items:
        text = " ".join(item.split())
        if match := _ROLE_LIST_RE.match(text):
            kind = match.group(1)
            for column in (c.strip() for c in match.group(2).split(",")):
                add(column, Role("count", distinct=True) if kind == "distinct" else Role(kind))
        elif match := _ROLE_PCT_RE.match(text):
            add(match.group(1), Role("pct", numerator=match.group(2), denominator=match.group(3)))
        elif match := _ROLE_STAT_RE.match(text):
            for column in (c.strip() for c in match.group(1).split(",")):
                add(column, Role("stat", support=match.group(2)))
        else:
            raise HeaderError(
                f"{where}: expected 'count|distinct|label|exact_only: a, b', 'x = a / b' or 'x ~ n',"
                f" got {item!r}"
            )
    for column, role in roles.items():
        for ref in (role.numerator, role.denominator, role.support):
            if ref is not None and (ref not in roles or roles[ref].kind != "count"):
                raise HeaderError(f"{where}: {column} refers to {ref!r}, which is not a count column")
        if role.kind == "count" and types.get(column + CKEY_SUFFIX) != CKEY_TYPE:
            raise HeaderError(f"{where}: count {column!r} needs a column {column}{CKEY_SUFFIX} {CKEY_TYPE}")
    for column in types:
        if column.endswith(CKEY_SUFFIX):
            base = column.removesuffix(CKEY_SUFFIX)
            if base not in roles or roles[base].kind != "count":
                raise HeaderError(f"{where}: {column!r} is the cell key of no count column")
    # Header order, so the roles read in the order of the columns.
    return tuple((c.name, roles[c.name]) for c in columns if c.name in roles)


def query_header(name: str) -> QueryHeader:
    """The parsed header of query `name`."""
    _query_file(name)
    return _parsed_header(name)


@functools.cache
def _parsed_header(name: str) -> QueryHeader:
    """The cached header of a query file whose name has been checked."""
    return parse_header(_read_sql(name), name)


# ---------------------------------------------------------------------------------------------
# Parameter validation


def _codes(param: str, value: Any, allowed: Iterable[str], what: str) -> list[str]:
    """Validate a list of codes against a code list; a single string counts as one code."""
    allowed = tuple(allowed)
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple, set, frozenset)):
        raise QueryError(f"{param}: expected a list of {what}, got {type(value).__name__}")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or item not in allowed:
            raise QueryError(f"{param}: unknown {what} {item!r}; allowed: {', '.join(allowed)}")
        if item not in out:  # duplicates would double-count a region in the union
            out.append(item)
    # Code-list order, so the same selection always binds the same list.
    return [code for code in allowed if code in out]


def _date(param: str, value: Any) -> date:
    """Validate a date given as a `date` or an ISO `YYYY-MM-DD` string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise QueryError(f"{param}: {value!r} is not a date; expected a date or 'YYYY-MM-DD'")


def _bool(param: str, value: Any) -> bool:
    """Validate a boolean (only True/False: a string like 'false' would be truthy)."""
    if not isinstance(value, bool):
        raise QueryError(f"{param}: {value!r} is not a boolean; expected True or False")
    return value


def _int(param: str, value: Any) -> int:
    """Validate an integer (not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise QueryError(f"{param}: {value!r} is not an integer")
    return value


def _text(param: str, value: Any) -> str:
    """Validate a string."""
    if not isinstance(value, str):
        raise QueryError(f"{param}: {value!r} is not a string")
    return value


def validate_value(name: str, sql_type: str, value: Any) -> Any:
    """Check one parameter value against its code list or type; returns the value to bind."""
    if name == "regions":
        return _codes(name, value, REGIONS, "region code")
    if name == "modules":
        return _codes(name, value, MODULES, "module")
    if name == "age_bands":
        return _codes(name, value, AGE_BANDS, "age band")
    if sql_type == "DATE":
        return _date(name, value)
    if sql_type == "BOOLEAN":
        return _bool(name, value)
    if sql_type == "INTEGER":
        return _int(name, value)
    if sql_type == "VARCHAR[]":
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise QueryError(f"{name}: expected a list of strings, got {value!r}")
        return [_text(name, v) for v in value]
    return _text(name, value)


def bind_params(name: str, filters: Filters | None = None, **params: Any) -> dict[str, Any]:
    """Validate `params` (over `filters`' values) for query `name`; returns exactly what to bind."""
    declared = query_header(name).param_names
    checked = validated(name, filters, **params)
    # DuckDB rejects bound values the SQL does not use, so bind only the declared ones.
    return {p: checked[p] for p in declared}


def validated(name: str, filters: Filters | None = None, **params: Any) -> dict[str, Any]:
    """Every common filter (also those query `name` ignores) and parameter of a call, validated:
    the view a call asks for, as the protection layer checks it."""
    header = query_header(name)
    declared = {p.name: p for p in header.params}
    unknown = [k for k in params if k not in declared and k not in COMMON_FILTERS]
    if unknown:
        raise QueryError(
            f"query {name!r} has no parameter {unknown[0]!r}; "
            f"its parameters are: {', '.join(header.param_names) or '(none)'}"
        )
    values: dict[str, Any] = (filters or Filters()).as_params() | params
    checked: dict[str, Any] = {}
    for key, value in values.items():
        # Common filters the query ignores are still checked: a typo should never pass silently.
        sql_type = declared[key].sql_type if key in declared else _common_type(key)
        if key in declared or key in COMMON_FILTERS:
            checked[key] = validate_value(key, sql_type, value)
    missing = [p for p in declared if p not in checked]
    if missing:
        raise QueryError(f"query {name!r} needs parameter(s): {', '.join(missing)}")
    if "period_from" in checked and "period_to" in checked and checked["period_from"] > checked["period_to"]:
        raise QueryError(
            f"period is reversed: period_from {checked['period_from']} is after "
            f"period_to {checked['period_to']}"
        )
    return checked


def _common_type(key: str) -> str:
    """The DuckDB type of a common filter."""
    return {
        "regions": "VARCHAR[]",
        "modules": "VARCHAR[]",
        "age_bands": "VARCHAR[]",
        "period_from": "DATE",
        "period_to": "DATE",
        "include_flanders": "BOOLEAN",
    }[key]


# ---------------------------------------------------------------------------------------------
# Running


def connect(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the data file (default `db_path()`, i.e. $DASHBOARD_DB) read-only."""
    target = Path(path) if path is not None else db_path()
    if not target.is_file():
        raise DataFileMissingError(
            f"data file not found: {target} (set DASHBOARD_DB or build the default data file)"
        )
    return duckdb.connect(str(target), read_only=True)


def run(
    name: str,
    con: duckdb.DuckDBPyConnection | None = None,
    filters: Filters | None = None,
    **params: Any,
) -> pl.DataFrame:
    """Run query `name` with validated parameters (keywords override `filters`) into Polars.

    `con` is a shared connection (read-only is enough); each call uses its own cursor, so
    concurrent callers do not interfere. Without `con`, the default data file is opened for
    the call and closed again.
    """
    bound = bind_params(name, filters, **params)
    sql = query_sql(name)
    if con is None:
        with connect() as own:
            return _execute(own, sql, bound)
    return _execute(con, sql, bound)


# A query result is a few hundred rows at most, so the extra copy DuckDB warns about when Arrow is
# read from an `execute()` result costs microseconds; the relation API (`cur.sql(...).pl()`) would
# prepare and bind the statement once more before running it, about 4 ms a query (benchmarked).
warnings.filterwarnings(
    "ignore", message="Arrow output on a DB-API result makes an extra copy", category=UserWarning
)


def _execute(con: duckdb.DuckDBPyConnection, sql: str, bound: Mapping[str, Any]) -> pl.DataFrame:
    """Run `sql` on a fresh cursor of `con` and read the whole result."""
    cur = con.cursor()
    try:
        # One prepare-and-run; the result is read to the end, so nothing is left pending.
        return pl.from_arrow(cur.execute(sql, dict(bound)).to_arrow_table())
    finally:
        cur.close()


__all__ = [
    "CKEY_SUFFIX",
    "COMMON_FILTERS",
    "DATA_END",
    "DATA_START",
    "DataFileMissingError",
    "Filters",
    "HeaderError",
    "Item",
    "QueryError",
    "QueryHeader",
    "Role",
    "bind_params",
    "connect",
    "list_queries",
    "parse_header",
    "query_header",
    "query_sql",
    "run",
    "validate_value",
    "validated",
]
