"""Disclosure control: the one protection step between the data file and a person.

Every number the dashboard shows (tiles, charts, tooltips, tables, downloads, the pack, the report,
the commands) comes from `shown(name, con, filters, mode)`: it refuses a view outside the public
view space, runs the named query and protects the result. The design, its parameters and what it
guarantees are in DISCLOSURE.md; in short, in **public** mode (the default):

* **views** are limited by design (`check_view`): all modules, one module or a fixed module group
  (ambulant, residentieel); all ages or one age band; periods of whole calendar years; regions
  side by side, never as one union (the key figures, whose queries take the selected regions as
  one whole, accept one region or Flanders). A refused view raises `ViewRefused`, which says why
  in Dutch and English;
* **counts** are perturbed with the cell-key method: a count and its cell key (the sum of the
  secret record keys of its records or units modulo 256, computed in the query's SQL) pick a
  perturbation from a designed perturbation table (ptable): unbiased random rounding, to 0 or 10
  for the counts 1-9 and to a multiple of 5 above; a protected count below 10 is not shown
  ("<10"), a true zero stays 0. The ptable is drawn from a confidential seed
  (DASHBOARD_PTABLE_SECRET); without one, the public default for the synthetic data is used;
* over a period of several years, a query that sums over the period (`years: compose`) shows for
  each record count the sum of the protected counts of the single years: a year range adds no
  information to the years it is made of;
* percentages are recomputed from the protected counts, hidden when the protected denominator is
  below 20; medians and means are rounded to whole units and shown only when their protected
  support is 20 or more; columns no rounding repairs are exact-only (null).

In **exact** mode (an allowlisted staff login, `ui/mode.py`; `--exact` for the commands) the
query's result is returned as it is, without its cell-key helper columns.

Which column is a count, a distinct count, a percentage, a statistic or a label is declared in
each query's header (`protect:`, QUERIES.md), never guessed: a numeric column without a declared
role stops the public step with a `DisclosureError` instead of passing through unprotected.

This module imports no Streamlit: the app, the report, the commands and the tests call it alike.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

import duckdb
import numpy as np
import polars as pl

from data.schema import AGE_BANDS, MODULE_GROUPS, MODULES, RECORD_KEY_RANGE
from queries.run import CKEY_SUFFIX, QueryError, Role, query_header, run, validated

Mode = Literal["public", "exact"]
PUBLIC: Mode = "public"
EXACT: Mode = "exact"
MODES: tuple[Mode, ...] = (PUBLIC, EXACT)

# Counts whose protected value is below this are not shown (null; the UI writes "<10").
THRESHOLD = 10
# Shown counts of 10 and more are multiples of this.
ROUNDING_BASE = 5
# A percentage is only shown when its protected denominator is at least this.
PCT_MIN_DENOMINATOR = 20
# A median or mean is only shown when its protected support count is at least this: a shown 20
# means at least 16 records (a count moves at most 4, and 1..9 never reaches 20), and the rule
# reads only protected values, so whether a median is shown tells nothing new.
STAT_MIN_SUPPORT = 20
# Shown medians and means are rounded to this many decimals (whole days): a median ending in ,5
# would tell that its number of records is even.
STAT_DECIMALS = 0
# How the UI writes a count that is not shown.
SMALL_COUNT_LABEL = "<10"

# The confidential seed of the perturbation table (DISCLOSURE.md, "Parameters").
SECRET_ENV = "DASHBOARD_PTABLE_SECRET"  # noqa: S105 (the variable's name, not a secret)
MIN_SECRET_LENGTH = 32
# The seed used without one: public, so fit for the synthetic default data only.
PUBLIC_DEFAULT_SECRET = "openbare-standaard-voor-de-synthetische-gegevens"  # noqa: S105 (public by design)
# The ptable has rows for the counts 1..750; larger counts reuse the rows 501..750 cyclically,
# pcv = ((n - 1) % 250) + 501, which keeps n mod 5 (and so the rounding) as it is.
PCV_MAX = 750
PCV_CYCLE = 250

_PROTECTED = "__protected__"
_COMPOSED = "__composed__"
_OWN = "__own__"
_KEY = "__key"


class DisclosureError(ValueError):
    """A frame the protection step cannot protect (a column without a role, a missing cell key)."""


# ---------------------------------------------------------------------------------------------
# The perturbation table


def ptable_secret() -> tuple[str, bool]:
    """The seed of the perturbation table and whether it is the public default.

    A deployment on real data sets DASHBOARD_PTABLE_SECRET (generate one with
    `python -c "import secrets; print(secrets.token_hex(32))"`; keep it with the deployment's
    other secrets, never in the repository). Without it the public default is used: fit for the
    synthetic data only, and said so on every page (DISCLOSURE.md).
    """
    secret = os.environ.get(SECRET_ENV, "").strip()
    if len(secret) >= MIN_SECRET_LENGTH:
        return secret, False
    return PUBLIC_DEFAULT_SECRET, True


def design_ptable(secret: str) -> pl.DataFrame:
    """The perturbation table drawn from `secret`: one row per pcv 1..750 and ckey 0..255.

    Unbiased random rounding by cell key (Statistics New Zealand's and Statistics Canada's random
    rounding, made repeatable with the cell key as in the ABS and ONS cell-key method):
    * a count n of 1..9 becomes 10 with probability n/10, else 0 (then shown "<10"): no value
      1..9 is ever shown, and the expected shown value is n;
    * a count n of 10 or more with remainder r = n mod 5 goes up to the next multiple of 5 with
      probability r/5, else down: shown values are multiples of 5, the largest change is 4.
    Which cell keys go up for a count is a secret permutation of the 256 keys per count, so the
    same cell always gets the same value, and without the secret a cell's value says no more
    than these probabilities. Columns pcv, ckey, pvalue (Int64).
    """
    counts = np.arange(1, PCV_MAX + 1)
    small = counts < THRESHOLD
    remainder = counts % ROUNDING_BASE
    p_up = np.where(small, counts / THRESHOLD, remainder / ROUNDING_BASE)
    up = np.where(small, THRESHOLD - counts, ROUNDING_BASE - remainder)
    down = np.where(small, -counts, -remainder)
    seed = int.from_bytes(hashlib.sha256(secret.encode("utf-8")).digest(), "big")
    rng = np.random.default_rng(seed)
    # rank[i, k]: the place of cell key k in count i's secret order; the first round(256 * p_up)
    # places go up.
    rank = np.argsort(rng.random((PCV_MAX, RECORD_KEY_RANGE)), axis=1).argsort(axis=1)
    n_up = np.rint(RECORD_KEY_RANGE * p_up).astype(np.int64)
    pvalue = np.where(rank < n_up[:, None], up[:, None], down[:, None])
    return pl.DataFrame(
        {
            "pcv": np.repeat(counts, RECORD_KEY_RANGE),
            "ckey": np.tile(np.arange(RECORD_KEY_RANGE), PCV_MAX),
            "pvalue": pvalue.reshape(-1),
        },
        schema={"pcv": pl.Int64, "ckey": pl.Int64, "pvalue": pl.Int64},
    )


def load_ptable() -> pl.DataFrame:
    """The perturbation table in force (drawn from `ptable_secret()`), checked."""
    table = design_ptable(ptable_secret()[0])
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


_PTABLE_LOCK = threading.Lock()


@functools.cache
def _pvalues_for(secret: str) -> pl.Series:
    return _pvalues_by_key(_keyed(design_ptable(secret)))


def _current_pvalues() -> pl.Series:
    """The ptable in force as pvalues by key: the lookup of every protected view.

    Drawn once per process and secret, under a lock: a page's first queries are protected on
    several threads at once.
    """
    with _PTABLE_LOCK:
        return _pvalues_for(ptable_secret()[0])


def preload() -> None:
    """Draw the ptable now, ahead of the first protected result (the app starts this on a worker
    thread when it loads, so a server's first page does not wait for it)."""
    _current_pvalues()


def _pvalues_by_key(keyed: pl.DataFrame) -> pl.Series:
    """pvalue at position key (null where the table has no row): a lookup instead of a join, which
    would hash the whole table (192,000 rows) for the few cells of each result."""
    size = int(keyed[_KEY].max()) + 1
    empty = pl.Series("pvalue", [None] * size, dtype=pl.Int64)
    return empty.scatter(keyed[_KEY], keyed["pvalue"].cast(pl.Int64))


def _keyed(table: pl.DataFrame) -> pl.DataFrame:
    """`table` as (key, pvalue) with key = pcv × RECORD_KEY_RANGE + ckey."""
    return table.select((pl.col("pcv") * RECORD_KEY_RANGE + pl.col("ckey")).alias(_KEY), "pvalue")


# ---------------------------------------------------------------------------------------------
# The public view space

# The module selections a public view accepts: all (none chosen), one module, or a fixed group.
MODULE_CHOICES: tuple[tuple[str, ...], ...] = (
    (),
    *((m,) for m in MODULES),
    *MODULE_GROUPS.values(),
)
# The age selections a public view accepts: all ages, or one band.
AGE_CHOICES: tuple[tuple[str, ...], ...] = ((), *((a,) for a in AGE_BANDS))

# Why a view is refused, in the user's languages (the protection layer has no Streamlit and no
# label catalogue of the app above it; the pages show `ViewRefused.message(lang)`).
REFUSALS: dict[str, dict[str, str]] = {
    "modules": {
        "nl": "Kies alle modules, één module of een vaste groep (ambulante of residentiële"
        " modules): andere combinaties van modules zouden samen kleine aantallen prijsgeven.",
        "en": "Choose all modules, one module or a fixed group (ambulatory or residential"
        " modules): other combinations of modules would together give small counts away.",
    },
    "age_bands": {
        "nl": "Kies alle leeftijden of één leeftijdsgroep: combinaties van leeftijdsgroepen zouden"
        " samen kleine aantallen prijsgeven.",
        "en": "Choose all ages or one age band: combinations of age bands would together give"
        " small counts away.",
    },
    "period": {
        "nl": "De periode bestaat uit hele kalenderjaren (1 januari tot en met 31 december).",
        "en": "The period is made of whole calendar years (1 January to 31 December).",
    },
    "union": {
        "nl": "De kerncijfers tellen unieke gezinnen en minderjarigen per gebied: kies één regio of"
        " heel Vlaanderen. Regio's staan naast elkaar, nooit samengeteld.",
        "en": "The key figures count distinct families and minors per area: choose one region or"
        " all of Flanders. Regions are shown side by side, never added together.",
    },
}


class ViewRefused(QueryError):
    """A view outside the public view space; `message(lang)` says why to the user."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(REFUSALS[reason]["en"])

    def message(self, lang: str = "nl") -> str:
        """Why the view is refused, in `lang` ('nl' or 'en')."""
        texts = REFUSALS[self.reason]
        return texts.get(lang, texts["nl"])


def check_view(name: str, bound: Mapping[str, Any]) -> None:
    """Raise ViewRefused unless query `name` with validated parameters `bound` (and the common
    filters given with them) is a view the public path accepts (see the module docstring)."""
    modules = tuple(bound.get("modules") or ())
    if modules not in MODULE_CHOICES:
        raise ViewRefused("modules")
    if tuple(bound.get("age_bands") or ()) not in AGE_CHOICES:
        raise ViewRefused("age_bands")
    start, end = bound.get("period_from"), bound.get("period_to")
    if isinstance(start, date) and (start.month, start.day) != (1, 1):
        raise ViewRefused("period")
    if isinstance(end, date) and (end.month, end.day) != (12, 31):
        raise ViewRefused("period")
    if query_header(name).areas == "union" and len(bound.get("regions") or ()) > 1:
        raise ViewRefused("union")


# ---------------------------------------------------------------------------------------------
# Protection


def shown(
    name: str,
    con: duckdb.DuckDBPyConnection,
    filters: Any = None,
    mode: Mode = PUBLIC,
    **params: Any,
) -> pl.DataFrame:
    """What query `name` may show for these filters in `mode`: the one public path to a number.

    exact: the query's result without its cell-key columns. public: `ViewRefused` for a view
    outside the public view space; else the protected result, where a query that sums over the
    period (`years: compose`) over several calendar years gets for each record count the sum of
    the protected counts of the single years (distinct counts, statistics and the rows themselves
    come from the whole period). `filters` is a `queries.run.Filters`; keywords override it.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    if mode == EXACT:
        return protect(run(name, con, filters, **params), name, EXACT)
    merged = (filters.as_params() if filters is not None else {}) | params
    # Validated first (a bad value is a QueryError naming it), then checked as a view.
    bound = validated(name, **merged)
    check_view(name, bound)
    header = query_header(name)
    start, end = bound.get("period_from"), bound.get("period_to")
    additive = [c for c, role in header.protect if role.kind == "count" and not role.distinct]
    full = run(name, con, filters, **params)
    if header.years != "compose" or not additive or not isinstance(start, date) or start.year == end.year:
        return protect_frame(full, header.roles, where=f"query {name!r}")
    years = range(start.year, end.year + 1)
    parts = [
        run(name, con, filters, **(params | {"period_from": date(y, 1, 1), "period_to": date(y, 12, 31)}))
        for y in years
    ]
    return protect_frame(
        _composed(full, parts, header.roles, additive), header.roles, where=f"query {name!r}"
    )


def _composed(
    full: pl.DataFrame, parts: list[pl.DataFrame], roles: Mapping[str, Role], additive: list[str]
) -> pl.DataFrame:
    """`full` with, for each additive count, the sum over `parts` (one frame per year) of the
    protected yearly values before hiding, as the column `__composed__<count>`."""
    keys = [
        c
        for c in full.columns
        if not c.endswith(CKEY_SUFFIX)
        and c not in ("period_from", "period_to")
        and (roles.get(c, Role("label")).kind == "label")
        and (c in roles or not full.schema[c].is_numeric())
    ]
    pvalues = _current_pvalues()
    yearly = [
        part.select(*keys, *(_raw(c, pvalues).alias(_COMPOSED + c) for c in additive)) for part in parts
    ]
    sums = pl.concat(yearly).group_by(keys).agg(pl.col(_COMPOSED + c).sum() for c in additive)
    joined = full.join(sums, on=keys, how="left", nulls_equal=True, maintain_order="left")
    return joined.with_columns(pl.col(_COMPOSED + c).fill_null(0) for c in additive)


def protect(
    frame: pl.DataFrame,
    name: str,
    mode: Mode = PUBLIC,
    *,
    ptable: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The frame of named query `name` as it may be shown in `mode` ('public' or 'exact').

    The protection of one result, whatever its view: callers go through `shown`, which also
    checks the view and composes year ranges. exact: `frame` without its cell-key columns
    (`*_ckey`). public: counts perturbed with the ptable by their cell keys (null below 10, else
    multiples of 5, true zeros 0), percentages recomputed from protected counts (null when the
    protected denominator is below 20), statistics rounded and null unless their protected support
    is at least 20, exact-only columns null, cell-key columns dropped. Column names, order and types are
    kept (counts stay Int64, now nullable). `ptable` replaces the one in force (tests use small
    hand-made ones).
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

    A column `__composed__<count>` beside a count holds its protected value composed from the
    single years (`shown`); it replaces the count's own perturbation. One pass over the frame (a
    lazy query: the protected counts beside the original columns, then every shown column from
    them), since results are small and each separate Polars step has a fixed cost of its own.
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
            # The support's own protected value, never a sum over years: a shown 20 of its own
            # means at least 16 records (a sum of years of 1..9 each could reach 20 with fewer).
            # And the support itself is shown beside it: never a median next to a "<10".
            name = str(role.support)
            support = pl.col((_OWN if _COMPOSED + name in frame.columns else _PROTECTED) + name)
            enough = (
                support.is_not_null()
                & (support >= STAT_MIN_SUPPORT)
                & pl.col(_PROTECTED + name).is_not_null()
            )
            value = pl.when(enough).then(
                pl.col(column).cast(pl.Float64).round(STAT_DECIMALS, mode="half_away_from_zero")
            )
        else:  # exact_only
            value = pl.lit(None)
        changes.append(value.cast(dtype).alias(column))
    shown_columns = [c for c in frame.columns if not c.endswith(CKEY_SUFFIX) and not c.startswith(_COMPOSED)]
    protected = _perturbed(frame, counts, ptable)
    # Only a support summed over years needs its own perturbation besides (see the stat rule).
    supports = {str(r.support) for r in roles.values() if r.kind == "stat"}
    own = _perturbed(
        frame, sorted(c for c in supports if _COMPOSED + c in frame.columns), ptable, composed=False
    )
    return (
        frame.lazy()
        .with_columns(
            *(e.alias(_PROTECTED + c) for c, e in protected.items()),
            *(e.alias(_OWN + c) for c, e in own.items()),
        )
        .with_columns(changes)
        .select(shown_columns)
        .collect()
    )


def perturb_counts(
    frame: pl.DataFrame, counts: list[str], ptable: pl.DataFrame | None = None
) -> dict[str, pl.Series]:
    """The protected values of the count columns `counts` of `frame`, by name (Int64, nullable).

    Each count is looked up in the ptable by (pcv, ckey): pcv is the count, or
    ((n - 1) % 250) + 501 above 750; the protected count is n + pvalue, null when below 10
    (unless the true count is 0, which stays 0). `ptable`: (pcv, ckey, pvalue) rows, default
    the one in force.
    """
    expressions = _perturbed(frame, counts, ptable)
    if not expressions:
        return {}
    out = frame.select(e.alias(c) for c, e in expressions.items())
    return {c: out[c] for c in counts}


def _raw(c: str, pvalues: pl.Series) -> pl.Expr:
    """Count `c` plus its perturbation by its cell key (before hiding): 0 stays 0."""
    n = pl.col(c).cast(pl.Int64)
    ckey = pl.col(c + CKEY_SUFFIX).cast(pl.Int64)
    pcv = pl.when(n <= PCV_MAX).then(n).otherwise((n - 1) % PCV_CYCLE + (PCV_MAX - PCV_CYCLE + 1))
    key = pcv * RECORD_KEY_RANGE + ckey
    # Outside the table (or a null count): no pvalue, as a join would find none.
    pvalue = pl.lit(pvalues).gather(pl.when(key < pvalues.len()).then(key))
    return pl.when(n == 0).then(0).otherwise(n + pvalue.fill_null(0))


def _perturbed(
    frame: pl.DataFrame, counts: list[str], ptable: pl.DataFrame | None, *, composed: bool = True
) -> dict[str, pl.Expr]:
    """The protected value of each count column as an expression over `frame` (see
    `perturb_counts`), after checking the counts and their cell keys. With `composed`, a count's
    sum over the years (`__composed__<count>`) replaces its own perturbation where present."""
    if not counts:
        return {}
    if ptable is None:
        pvalues = _current_pvalues()
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
        raw = pl.col(_COMPOSED + c) if composed and _COMPOSED + c in frame.columns else _raw(c, pvalues)
        expressions[c] = (
            pl.when(n.is_null())
            .then(None)
            .when(n == 0)
            .then(0)
            .when(raw < THRESHOLD)
            .then(None)
            .otherwise(raw)
            .cast(pl.Int64)
        )
    if any(frame.select(checks).row(0)):
        raise DisclosureError(f"cell keys must lie in 0..{RECORD_KEY_RANGE - 1} and counts be >= 0")
    return expressions


def _check_roles(frame: pl.DataFrame, roles: Mapping[str, Role], where: str) -> None:
    """Refuse a frame the declared roles do not cover: fail closed, never pass a number through."""
    for column, dtype in frame.schema.items():
        if column.endswith(CKEY_SUFFIX) or column.startswith(_COMPOSED):
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
    "PUBLIC",
    "ROUNDING_BASE",
    "SMALL_COUNT_LABEL",
    "STAT_MIN_SUPPORT",
    "THRESHOLD",
    "DisclosureError",
    "Mode",
    "ViewRefused",
    "check_ptable",
    "check_public",
    "check_view",
    "design_ptable",
    "load_ptable",
    "perturb_counts",
    "preload",
    "protect",
    "protect_frame",
    "ptable_secret",
    "shown",
]
