"""Disclosure control: the one protection step between a query result and a person.

Every number the dashboard shows (tiles, charts, tooltips, tables, downloads, reports) passes
through `protect(frame, name, mode)` right after `queries.run.run`. The rules and their sources
are in DISCLOSURE.md; in short, in **public** mode (the default):

* every count is perturbed with the cell-key method: its cell key (the companion column
  `<count>_ckey`, the sum of the record keys of the cell's records modulo 256, computed in the
  query's own SQL) and its value pick a perturbation from the published ONS 10-5 perturbation
  table (`ptable_10_5_rule.csv`); a protected count below 10 becomes null (shown as "<10"),
  every other one is a multiple of 5, a true zero stays 0. The same cell always gives the same
  value: in every page, download and rerun;
* percentages are recomputed from the protected counts and null when the protected
  denominator is below 20;
* medians and means are null when their support count is below 10;
* columns derived from exact counts in a way no rounding repairs are null.

In **exact** mode (an authenticated staff deployment only, see `ui/mode.py`) the frame is returned
unchanged apart from dropping the cell-key helper columns.

Which column is a count, a percentage, a statistic or a label is declared in each query's header
(`protect:`, see QUERIES.md), never guessed: a numeric column without a declared role stops the
public step with a `DisclosureError` instead of passing through unprotected.

This module imports no Streamlit: the app, the tests and any report call it the same way.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import polars as pl

from data.schema import RECORD_KEY_RANGE
from queries.run import CKEY_SUFFIX, Role, query_header

Mode = Literal["public", "exact"]
PUBLIC: Mode = "public"
EXACT: Mode = "exact"
MODES: tuple[Mode, ...] = (PUBLIC, EXACT)

# Counts whose protected value is below this are not shown (null; the UI writes "<10").
THRESHOLD = 10
# Shown counts are multiples of this (the ptable's rounding base).
ROUNDING_BASE = 5
# A percentage is only shown when its protected denominator is at least this.
PCT_MIN_DENOMINATOR = 20
# A median or mean is only shown when it summarises at least this many records.
STAT_MIN_SUPPORT = 10
# How the UI writes a count that is not shown.
SMALL_COUNT_LABEL = "<10"

# The ONS perturbation table for the 10-5 rule, vendored from the `cell-key-perturbation` 3.1.0
# wheel (MIT licence; DISCLOSURE.md). Its rows: pcv 1..750 × ckey 0..255 → pvalue.
PTABLE_PATH = Path(__file__).resolve().with_name("ptable_10_5_rule.csv")
# SHA-256 of the file as shipped in the wheel (its RECORD lists the same digest, base64).
PTABLE_SHA256 = "05d8eccca94b6943f8b36484a36918dc41025ee8151293923a46e5c837843751"
# Counts above PCV_MAX reuse the rows 501..750 cyclically, as the ONS package does:
# pcv = ((n - 1) % 250) + 501.
PCV_MAX = 750
PCV_CYCLE = 250

_PROTECTED = "__protected__"
_KEY = "__key"


class DisclosureError(ValueError):
    """A frame the protection step cannot protect (a column without a role, a missing cell key)."""


# ---------------------------------------------------------------------------------------------
# The perturbation table


@functools.cache
def load_ptable(path: Path | str = PTABLE_PATH) -> pl.DataFrame:
    """The perturbation table (pcv, ckey, pvalue as Int64), checked for completeness; cached."""
    table = pl.read_csv(path, schema={"pcv": pl.Int64, "ckey": pl.Int64, "pvalue": pl.Int64})
    check_ptable(table)
    return table


def check_ptable(table: pl.DataFrame) -> None:
    """Raise DisclosureError unless `table` has one pvalue for each pcv 1..750 and ckey 0..255."""
    if set(table.columns) != {"pcv", "ckey", "pvalue"}:
        raise DisclosureError(f"ptable needs columns pcv, ckey, pvalue; got {table.columns}")
    expected = PCV_MAX * RECORD_KEY_RANGE
    unique = table.select(pl.struct("pcv", "ckey").n_unique()).item()
    in_range = table.filter(
        pl.col("pcv").is_between(1, PCV_MAX) & pl.col("ckey").is_between(0, RECORD_KEY_RANGE - 1)
    ).height
    if table.height != expected or unique != expected or in_range != expected:
        raise DisclosureError(
            f"ptable must hold exactly one row for each pcv 1..{PCV_MAX} and ckey "
            f"0..{RECORD_KEY_RANGE - 1} ({expected} rows); got {table.height} rows"
        )
    if table["pvalue"].null_count():
        raise DisclosureError("ptable has rows without a pvalue")


_PUBLISHED_LOCK = threading.Lock()


@functools.cache
def _published_pvalues_once() -> pl.Series:
    return _pvalues_by_key(_keyed(load_ptable()))


def _published_pvalues() -> pl.Series:
    """The published ptable's pvalues by key: the lookup of every protected page view.

    Read once per process, under a lock: a page's first queries are protected on several threads
    at once, and each would otherwise read and check the 192,000-row file itself.
    """
    with _PUBLISHED_LOCK:
        return _published_pvalues_once()


def preload() -> None:
    """Read and check the published ptable now, ahead of the first protected result (the app
    starts this on a worker thread when it loads, so a server's first page does not wait for it)."""
    _published_pvalues()


def _pvalues_by_key(keyed: pl.DataFrame) -> pl.Series:
    """pvalue at position key (null where the table has no row): a lookup instead of a join, which
    would hash the whole table (192,000 rows) for the few cells of each result."""
    size = int(keyed[_KEY].max()) + 1
    empty = pl.Series("pvalue", [None] * size, dtype=pl.Int64)
    return empty.scatter(keyed[_KEY], keyed["pvalue"].cast(pl.Int64))


def _keyed(table: pl.DataFrame) -> pl.DataFrame:
    """`table` as (key, pvalue) with key = pcv × RECORD_KEY_RANGE + ckey."""
    return table.select((pl.col("pcv") * RECORD_KEY_RANGE + pl.col("ckey")).alias(_KEY), "pvalue")


def ptable_sha256(path: Path | str = PTABLE_PATH) -> str:
    """The SHA-256 of the perturbation table file, to compare with PTABLE_SHA256."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Protection


def protect(
    frame: pl.DataFrame,
    name: str,
    mode: Mode = PUBLIC,
    *,
    ptable: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The frame of named query `name` as it may be shown in `mode` ('public' or 'exact').

    exact: `frame` without its cell-key columns (`*_ckey`), nothing else changed.
    public: counts perturbed with the ptable by their cell keys (null below 10, else multiples of
    5, true zeros 0), percentages recomputed from protected counts (null when the protected
    denominator is below 20), statistics null over fewer than 10 records, exact-only columns
    null, cell-key columns dropped. Column names, order and types are kept (counts stay Int64,
    now nullable). `ptable` replaces the published table (tests use small hand-made ones).
    """
    if mode not in MODES:
        # Fail closed: an unknown mode is an error, never a silent fall-back to exact.
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    if mode == EXACT:
        return frame.drop([c for c in frame.columns if c.endswith(CKEY_SUFFIX)])
    return protect_frame(frame, query_header(name).roles, ptable=ptable, where=f"query {name!r}")


def protect_frame(
    frame: pl.DataFrame,
    roles: Mapping[str, Role],
    *,
    ptable: pl.DataFrame | None = None,
    where: str = "frame",
) -> pl.DataFrame:
    """Apply the public rules to `frame` by the declared `roles` (see `protect`).

    One pass over the frame (a lazy query: the protected counts beside the original columns, then
    every shown column from them), since results are small and each separate Polars step has a
    fixed cost of its own.
    """
    if ptable is not None:
        check_ptable(ptable)
    _check_roles(frame, roles, where)
    counts = [c for c in frame.columns if roles.get(c, Role("label")).kind == "count"]
    changes: list[pl.Expr] = [pl.col(_PROTECTED + c).alias(c) for c in counts]
    for column in frame.columns:
        role = roles.get(column)
        if role is None or role.kind in ("count", "label"):
            continue
        dtype = frame.schema[column]
        if role.kind == "pct":
            num = pl.col(_PROTECTED + str(role.numerator))
            den = pl.col(_PROTECTED + str(role.denominator))
            value = pl.when(den.is_not_null() & (den >= PCT_MIN_DENOMINATOR) & num.is_not_null()).then(
                (100.0 * num / den).round(1, mode="half_away_from_zero")
            )
        elif role.kind == "stat":
            support = str(role.support)
            enough = (pl.col(support) >= STAT_MIN_SUPPORT) & pl.col(_PROTECTED + support).is_not_null()
            value = pl.when(enough).then(pl.col(column))
        else:  # exact_only
            value = pl.lit(None)
        changes.append(value.cast(dtype).alias(column))
    shown = [c for c in frame.columns if not c.endswith(CKEY_SUFFIX)]
    protected = _perturbed(frame, counts, ptable)
    return (
        frame.lazy()
        .with_columns(e.alias(_PROTECTED + c) for c, e in protected.items())
        .with_columns(changes)
        .select(shown)
        .collect()
    )


def perturb_counts(
    frame: pl.DataFrame, counts: list[str], ptable: pl.DataFrame | None = None
) -> dict[str, pl.Series]:
    """The protected values of the count columns `counts` of `frame`, by name (Int64, nullable).

    Each count is looked up in the ptable by (pcv, ckey): pcv is the count, or
    ((n - 1) % 250) + 501 above 750; the protected count is n + pvalue, null when below 10
    (unless the true count is 0, which stays 0). `ptable`: (pcv, ckey, pvalue) rows, default
    the published table.
    """
    expressions = _perturbed(frame, counts, ptable)
    if not expressions:
        return {}
    out = frame.select(e.alias(c) for c, e in expressions.items())
    return {c: out[c] for c in counts}


def _perturbed(frame: pl.DataFrame, counts: list[str], ptable: pl.DataFrame | None) -> dict[str, pl.Expr]:
    """The protected value of each count column as an expression over `frame` (see
    `perturb_counts`), after checking the counts and their cell keys."""
    if not counts:
        return {}
    if ptable is None:
        pvalues = _published_pvalues()
    elif _KEY in ptable.columns:
        pvalues = _pvalues_by_key(ptable)
    else:
        check_ptable(ptable)
        pvalues = _pvalues_by_key(_keyed(ptable))
    checks: list[pl.Expr] = []
    expressions: dict[str, pl.Expr] = {}
    for c in counts:
        n = pl.col(c).cast(pl.Int64)
        ckey = pl.col(c + CKEY_SUFFIX).cast(pl.Int64)
        # A key outside 0..255 (or a null one) would silently pick another cell's perturbation.
        checks.append(
            (n.is_not_null() & (ckey.is_null() | ~ckey.is_between(0, RECORD_KEY_RANGE - 1)) | (n < 0)).any()
        )
        pcv = pl.when(n <= PCV_MAX).then(n).otherwise((n - 1) % PCV_CYCLE + (PCV_MAX - PCV_CYCLE + 1))
        key = pcv * RECORD_KEY_RANGE + ckey
        # Outside the table (or a null count): no pvalue, as a join would find none.
        pvalue = pl.lit(pvalues).gather(pl.when(key < pvalues.len()).then(key))
        perturbed = n + pvalue.fill_null(0)
        expressions[c] = (
            pl.when(n.is_null())
            .then(None)
            .when(n == 0)
            .then(0)
            .when(perturbed < THRESHOLD)
            .then(None)
            .otherwise(perturbed)
            .cast(pl.Int64)
        )
    if any(frame.select(checks).row(0)):
        raise DisclosureError(f"cell keys must lie in 0..{RECORD_KEY_RANGE - 1} and counts be >= 0")
    return expressions


def _check_roles(frame: pl.DataFrame, roles: Mapping[str, Role], where: str) -> None:
    """Refuse a frame the declared roles do not cover: fail closed, never pass a number through."""
    for column, dtype in frame.schema.items():
        if column.endswith(CKEY_SUFFIX):
            continue
        if dtype.is_numeric() and column not in roles:
            raise DisclosureError(f"{where}: numeric column {column!r} has no declared disclosure role")
    for column in frame.columns:
        role = roles.get(column)
        if role is None:
            continue
        if role.kind == "count" and column + CKEY_SUFFIX not in frame.columns:
            raise DisclosureError(
                f"{where}: count {column!r} comes without its cell key {column}{CKEY_SUFFIX}"
            )
        needed = [r for r in (role.numerator, role.denominator, role.support) if r is not None]
        missing = [r for r in needed if r not in frame.columns]
        if missing:
            raise DisclosureError(f"{where}: {column!r} needs column(s) {', '.join(missing)} to be protected")


# ---------------------------------------------------------------------------------------------
# Checks (for tests, and for anything that wants to assert a frame is fit to show)


def check_public(frame: pl.DataFrame, name: str) -> list[str]:
    """What is wrong with `frame` as a public-mode result of query `name` (empty list: nothing).

    Checks what can be checked without the true values: no cell-key columns left; every count
    null, 0 or a multiple of 5 of at least 10; every percentage null where its (protected)
    denominator is null or below 20; every statistic null where its support is null; every
    exact-only column null.
    """
    problems: list[str] = []
    roles = query_header(name).roles
    left = [c for c in frame.columns if c.endswith(CKEY_SUFFIX)]
    if left:
        problems.append(f"cell-key columns left: {left}")
    for column in frame.columns:
        role = roles.get(column)
        if role is None:
            continue
        values = frame[column]
        if role.kind == "count":
            bad = values.filter(
                values.is_not_null() & (values != 0) & ((values < THRESHOLD) | (values % ROUNDING_BASE != 0))
            )
            if bad.len():
                problems.append(f"{column}: counts {sorted(set(bad.to_list()))[:5]} are shown")
        elif role.kind == "pct":
            den = frame[role.denominator]  # type: ignore[index]
            bad = frame.filter(pl.col(column).is_not_null() & (den.is_null() | (den < PCT_MIN_DENOMINATOR)))
            if bad.height:
                problems.append(f"{column}: {bad.height} percentage(s) over a denominator below 20")
        elif role.kind == "stat":
            bad = frame.filter(pl.col(column).is_not_null() & frame[role.support].is_null())  # type: ignore[index]
            if bad.height:
                problems.append(f"{column}: {bad.height} statistic(s) over fewer than 10 records")
        elif role.kind == "exact_only" and values.null_count() != values.len():
            problems.append(f"{column}: exact-only values are shown")
    return problems


__all__ = [
    "EXACT",
    "MODES",
    "PCT_MIN_DENOMINATOR",
    "PTABLE_PATH",
    "PTABLE_SHA256",
    "PUBLIC",
    "ROUNDING_BASE",
    "SMALL_COUNT_LABEL",
    "STAT_MIN_SUPPORT",
    "THRESHOLD",
    "DisclosureError",
    "Mode",
    "check_ptable",
    "check_public",
    "load_ptable",
    "perturb_counts",
    "preload",
    "protect",
    "protect_frame",
    "ptable_sha256",
]
