"""Parsing and validation rules: text cells to dates, booleans, numbers and age bands, and the
checks on each table (required columns and values, code lists, dates neither in the future nor
before the register, dates in order, unique identifiers, plausible durations, referrals against
their trajectories). Every check adds its problems to the collector; none writes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import polars as pl

from data import schema
from data.ingest.problems import _Problems
from data.ingest.read import ROW, _Source

MAX_CRISIS_DAYS = 365
MAX_STAY_YEARS = 25
# Longest text value a VARCHAR column may hold: codes and pseudonyms are far shorter, so anything
# longer is a broken or hostile export (a whole record in one cell) and must not reach the pages.
MAX_TEXT_CHARS = 64

BOOLEAN_WORDS: dict[str, bool] = {
    "true": True, "false": False, "1": True, "0": False, "ja": True, "nee": False,
    "j": True, "n": False, "waar": True, "onwaar": False,
}  # fmt: skip

_POLARS_TYPES: dict[str, pl.DataType] = {
    "VARCHAR": pl.String(),
    "DATE": pl.Date(),
    "BOOLEAN": pl.Boolean(),
    "SMALLINT": pl.Int16(),
    "INTEGER": pl.Int32(),
    "BIGINT": pl.Int64(),
    "DOUBLE": pl.Float64(),
}
_INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "SMALLINT": (-(2**15), 2**15 - 1),
    "INTEGER": (-(2**31), 2**31 - 1),
    "BIGINT": (-(2**63), 2**63 - 1),
}

_DATE_SHAPE = r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}-\d{1,2}-\d{4})$"
# Spreadsheets and databases write dates as timestamps; only the day counts, whatever the time.
_TIME = r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"
# An Excel date cell that arrives as a number counts days from 30/12/1899 (Excel's day 1 is
# 01/01/1900, and it counts a 29/02/1900 that never was); four or five digits cover 1902-2173.
_EXCEL_SERIAL = r"^\d{4,5}(\.\d+)?$"
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_RULE = "geen geldige datum (dd/mm/jjjj of jjjj-mm-dd)"
_BOOL_RULE = "geen geldige ja/nee-waarde (ja/nee, j/n, true/false, 1/0, waar/onwaar)"


def date_expr(column: pl.Expr, *, excel_serials: bool = False) -> pl.Expr:
    """Parse ISO, dd/mm/yyyy and dd-mm-yyyy text (a time after it is ignored) to dates, and with
    `excel_serials` Excel serial numbers too; anything else (or impossible) is null."""
    text = column.str.strip_chars().str.replace(_TIME, "")
    shaped = pl.when(text.str.contains(_DATE_SHAPE)).then(text)
    parsed = pl.coalesce(
        shaped.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        shaped.str.strptime(pl.Date, "%d/%m/%Y", strict=False),
        shaped.str.strptime(pl.Date, "%d-%m-%Y", strict=False),
    )
    if not excel_serials:
        return parsed
    serial = pl.when(text.str.contains(_EXCEL_SERIAL)).then(text).cast(pl.Float64, strict=False)
    return pl.coalesce(parsed, pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial.floor().cast(pl.Int64)))


def boolean_expr(column: pl.Expr) -> pl.Expr:
    """Parse ja/nee, j/n, true/false, 1/0, waar/onwaar (any case) to booleans; else null."""
    words = column.str.strip_chars().str.to_lowercase()
    return words.replace_strict(BOOLEAN_WORDS, default=None, return_dtype=pl.Boolean)


def number_expr(column: pl.Expr, sql_type: str) -> pl.Expr:
    """Parse numbers written with a decimal point or a Belgian decimal comma ('1.234,5'); else null."""
    text = column.str.strip_chars().str.replace_all(r"\s", "")
    # With a comma present the comma is the decimal mark and points group thousands.
    text = (
        pl.when(text.str.contains(","))
        .then(text.str.replace_all(r"\.", "").str.replace(",", "."))
        .otherwise(text)
    )
    value = pl.when(text.str.contains(r"^[+-]?(\d+\.?\d*|\.\d+)$")).then(text).cast(pl.Float64, strict=False)
    if sql_type in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[sql_type]
        whole = (value == value.floor()) & (value >= low) & (value <= high)
        return pl.when(whole).then(value).cast(_POLARS_TYPES[sql_type], strict=False)
    return value


def age_band_expr(birth: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """The contract's age band for the age in whole years at `reference` of someone born on `birth`."""
    before_birthday = (reference.dt.month() * 100 + reference.dt.day()) < (
        birth.dt.month() * 100 + birth.dt.day()
    )
    age = reference.dt.year() - birth.dt.year() - before_birthday.cast(pl.Int32)
    bands = pl.when(age < 0).then(None)
    for band in reversed(schema.AGE_BANDS):
        lower = int(band.split("-")[0].rstrip("+"))
        bands = bands.when(age >= lower).then(pl.lit(band))
    return bands.otherwise(None)


def _fmt(day: date) -> str:
    """A date as the users write it."""
    return day.strftime("%d/%m/%Y")


def _parsed(column: str) -> str:
    """Name of the parsed twin of a text column."""
    return f"__parsed_{column}"


def _parse_columns(source: _Source, problems: _Problems) -> None:
    """Check presence, emptiness, type and code list of every contract column; add parsed twins."""
    present = set(source.frame.columns)
    for column in source.table.columns:
        name = column.name
        if name in schema.DERIVED_COLUMNS:
            continue
        if name not in present:
            # A column to be derived from an identifier is missing only when its source failed,
            # and that failure is reported on the source already.
            if name not in source.derived_from:
                problems.add(source.label, "verplichte kolom ontbreekt", column=source.column_label(name))
            continue
        if not source.usable:
            continue
        raw = pl.col(name)
        known = raw.is_not_null()
        if column.sql_type == "VARCHAR":
            length = raw.str.len_chars()
            source.report(
                problems,
                length > MAX_TEXT_CHARS,
                name,
                f"waarde is langer dan {MAX_TEXT_CHARS} tekens",
                detail=length.cast(pl.String) + " tekens",
            )
            # An over-long value is reported once, for its length, not again as an unknown code.
            known = known & (length <= MAX_TEXT_CHARS)
        rule: str | None = None
        if column.sql_type == "DATE":
            parsed, rule = date_expr(raw, excel_serials=source.spreadsheet), _DATE_RULE
        elif column.sql_type == "BOOLEAN":
            parsed, rule = boolean_expr(raw), _BOOL_RULE
        elif column.sql_type in _INTEGER_RANGES or column.sql_type == "DOUBLE":
            parsed, rule = number_expr(raw, column.sql_type), "geen geldig getal"
        elif column.codes is not None:
            upper = all(code == code.upper() for code in column.codes)
            cased = raw.str.to_uppercase() if upper else raw.str.to_lowercase()
            parsed = pl.when(cased.is_in(list(column.codes))).then(cased)
            rule = "onbekende code; toegelaten: " + ", ".join(column.codes)
        else:
            parsed = raw
        source.frame = source.frame.with_columns(parsed.alias(_parsed(name)))
        if rule is not None and name not in source.recoded:
            source.report(problems, known & pl.col(_parsed(name)).is_null(), name, rule)
        if not column.nullable:
            origin = source.derived_from.get(name)
            if origin is None:
                source.report(problems, raw.is_null(), name, "verplichte waarde ontbreekt")
            else:
                # A missing source value is reported on the source column, not on the derived one.
                source.report(problems, pl.col(origin).is_null(), origin, "verplichte waarde ontbreekt")


def _has(source: _Source, *columns: str) -> bool:
    """Whether all these contract columns were parsed (present and readable)."""
    return source.usable and all(_parsed(c) in source.frame.columns for c in columns)


def _check_date_bounds(source: _Source, problems: _Problems, today: date) -> None:
    """No date after `today` and none before the register's earliest plausible date."""
    for column in source.table.columns:
        if column.sql_type != "DATE" or not _has(source, column.name):
            continue
        parsed = pl.col(_parsed(column.name))
        source.report(problems, parsed > today, column.name, f"datum ligt in de toekomst (na {_fmt(today)})")
        source.report(
            problems,
            parsed < schema.EARLIEST_DATE,
            column.name,
            f"datum vóór {_fmt(schema.EARLIEST_DATE)} is onmogelijk in dit register",
        )


def _check_order(source: _Source, problems: _Problems, earlier: str, later: str) -> None:
    """`later` may not lie before `earlier` (both known); the later column is named."""
    if not _has(source, earlier, later):
        return
    first, second = pl.col(_parsed(earlier)), pl.col(_parsed(later))
    source.report(
        problems,
        second < first,
        later,
        f"{later} ligt vóór {earlier}",
        detail=first.dt.strftime("%d/%m/%Y"),
    )


def _check_needs(source: _Source, problems: _Problems, column: str, needed: str, rule: str) -> None:
    """A value in `column` requires a value in `needed` (e.g. no end without a start)."""
    if source.usable and column in source.frame.columns and needed in source.frame.columns:
        source.report(problems, pl.col(column).is_not_null() & pl.col(needed).is_null(), column, rule)


def _check_unique(source: _Source, problems: _Problems, column: str) -> None:
    """Every value of `column` occurs once; each duplicate is reported with all its rows."""
    if not _has(source, column):
        return
    groups = (
        source.frame.filter(pl.col(column).is_not_null())
        .group_by(column, maintain_order=True)
        .agg(pl.col(ROW))
        .filter(pl.col(ROW).list.len() > 1)
    )
    for value, rows in groups.iter_rows():
        listed = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
        problems.add(
            source.label,
            f"dubbele {column}: komt {len(rows)} keer voor (rijen {listed})",
            row=rows[1],
            column=source.column_label(column),
            value=value,
            hide=column in source.hidden,
            kind=f"{column}:unique",
            summary=f"dubbele {column}",
        )


def _check_trajectories(source: _Source, problems: _Problems) -> None:
    """Rules of crisis_trajectories: date order, plausible length, unique ids."""
    _check_order(source, problems, "registered_on", "started_on")
    _check_order(source, problems, "started_on", "ended_on")
    _check_needs(source, problems, "ended_on", "started_on", "einddatum zonder startdatum (started_on)")
    if _has(source, "started_on", "ended_on"):
        days = (pl.col(_parsed("ended_on")) - pl.col(_parsed("started_on"))).dt.total_days()
        source.report(
            problems,
            days > MAX_CRISIS_DAYS,
            "ended_on",
            f"crisismodule duurt langer dan {MAX_CRISIS_DAYS} dagen: onaannemelijk",
            detail=days.cast(pl.String) + " dagen",
        )
    _check_unique(source, problems, "trajectory_id")


def _check_stays(source: _Source, problems: _Problems) -> None:
    """Rules of residential_stays: date order, covid dates (going home, coming back) inside the stay,
    plausible length."""
    _check_order(source, problems, "indicated_on", "started_on")
    _check_order(source, problems, "started_on", "ended_on")
    _check_needs(source, problems, "ended_on", "started_on", "einddatum zonder startdatum (started_on)")
    _check_needs(
        source, problems, "covid_home_on", "started_on", "covid_home_on zonder startdatum van het verblijf"
    )
    _check_order(source, problems, "started_on", "covid_home_on")
    if _has(source, "covid_home_on", "ended_on"):
        home, end = pl.col(_parsed("covid_home_on")), pl.col(_parsed("ended_on"))
        source.report(
            problems,
            home > end,
            "covid_home_on",
            "covid_home_on ligt na het einde van het verblijf",
            detail=end.dt.strftime("%d/%m/%Y"),
        )
    _check_needs(source, problems, "covid_return_on", "covid_home_on", "covid_return_on zonder covid_home_on")
    _check_order(source, problems, "covid_home_on", "covid_return_on")
    if _has(source, "covid_return_on", "ended_on"):
        # The return is back into this stay: it cannot come after the stay ended.
        back, end = pl.col(_parsed("covid_return_on")), pl.col(_parsed("ended_on"))
        source.report(
            problems,
            back > end,
            "covid_return_on",
            "covid_return_on ligt na het einde van het verblijf",
            detail=end.dt.strftime("%d/%m/%Y"),
        )
    if _has(source, "started_on", "ended_on"):
        start, end = pl.col(_parsed("started_on")), pl.col(_parsed("ended_on"))
        source.report(
            problems,
            end > start.dt.offset_by(f"{MAX_STAY_YEARS}y"),
            "ended_on",
            f"verblijf duurt langer dan {MAX_STAY_YEARS} jaar: onaannemelijk",
            detail="start " + start.dt.strftime("%d/%m/%Y"),
        )
    _check_unique(source, problems, "stay_id")


def _check_referrals(source: _Source, trajectories: _Source | None, problems: _Problems) -> None:
    """Rules of referrals: destination agrees with inside_opgroeien; the trajectory exists and came first."""
    if _has(source, "destination", "inside_opgroeien"):
        destination = pl.col(_parsed("destination"))
        expected = destination.replace_strict(schema.DESTINATIONS, default=None, return_dtype=pl.Boolean)
        source.report(
            problems,
            pl.col(_parsed("inside_opgroeien")) != expected,
            "inside_opgroeien",
            "klopt niet met de bestemming",
            detail=destination
            + pl.when(expected).then(pl.lit(" is jeugdhulp van Opgroeien: verwacht ja"))
            .otherwise(pl.lit(" is geen jeugdhulp van Opgroeien: verwacht nee")),
        )  # fmt: skip
    if (
        trajectories is None
        or not _has(source, "trajectory_id")
        or not _has(trajectories, "trajectory_id", "registered_on")
    ):
        return
    known = (
        trajectories.frame.select(
            pl.col("trajectory_id").alias("__tid"),
            pl.col(_parsed("registered_on")).alias("__registered"),
            pl.lit(True).alias("__known"),
        )
        .filter(pl.col("__tid").is_not_null())
        .unique(subset="__tid", keep="first", maintain_order=True)
    )
    joined = source.frame.join(
        known, left_on="trajectory_id", right_on="__tid", how="left", maintain_order="left"
    )
    checked = _Source(source.table, source.label, joined, hidden=source.hidden)
    checked.report(
        problems,
        pl.col("trajectory_id").is_not_null() & pl.col("__known").is_null(),
        "trajectory_id",
        f"verwijst naar een trajectory_id die niet voorkomt in {trajectories.label}",
    )
    if _has(source, "referred_on"):
        registered = pl.col("__registered")
        checked.report(
            problems,
            pl.col(_parsed("referred_on")) < registered,
            "referred_on",
            "verwijzing ligt vóór registered_on van het traject",
            detail=registered.dt.strftime("%d/%m/%Y"),
        )


_TABLE_RULES: dict[str, Callable[[_Source, _Problems], None]] = {
    "crisis_trajectories": _check_trajectories,
    "residential_stays": _check_stays,
}
