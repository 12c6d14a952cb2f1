"""The reader's table: a protected query result as a person reads it, in Dutch or English.

Headers in the reader's language (the catalogue's label for a column that holds an indicator, the
column-label map `i18n.COLUMN_LABELS` for the others), codes as names (areas, modules, age bands,
destinations, weekdays, months, corona periods), yes/no for flags, dates as dates, and never a
blank where the protection hid a value: a hidden count reads '<10', a hidden percentage, median
or other statistic '–'. No Streamlit: the dashboard's tables and their downloads use it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from present import catalogue, i18n
from queries import disclosure
from queries.run import list_queries, query_header

HIDDEN_COUNT = disclosure.SMALL_COUNT_LABEL  # '<10'
HIDDEN_FIGURE = "–"  # a percentage, median or statistic not shown (or nothing to show)
# Indicators whose label names a group of columns at once ('within 3, 6 and 12 months', 'waiting
# list and occupancy'): on the one column they point at, that label would say too much.
_GROUP_LABELS = frozenset({"covid_return_within", "residential_waiting_occupancy"})
# Columns that only order or repeat another column of the table: left out when that one is there.
_HELPERS = {
    "bin": "label",
    "crisis_stays": "label",
    "period_order": "covid_period",
    "weekday_name": "weekday",
    "month_name": "month",
}
# Flags whose yes/no has words of its own.
_FLAG_WORDS = {"context_support": ("with_support", "without_support")}


@dataclass(frozen=True)
class ReaderTable:
    """A table in the reader's language; `frame` keeps numbers as numbers, null where hidden."""

    frame: pl.DataFrame
    hidden: dict[str, str] = field(default_factory=dict)  # header -> what a hidden value reads

    def shown(self, *, decimal_comma: bool = False) -> pl.DataFrame:
        """Every hidden value as its mark ('<10', '–'). A column that has one becomes text, its
        numbers written plainly (with a decimal comma when asked: the Belgian CSV)."""
        frame = self.frame
        filled = []
        for column in frame.columns:
            if not frame[column].null_count():
                continue
            text = pl.col(column).cast(pl.String)
            if decimal_comma and frame.schema[column].is_float():
                text = text.str.replace(".", ",", literal=True)
            filled.append(text.fill_null(self.hidden.get(column, HIDDEN_FIGURE)).alias(column))
        return frame.with_columns(filled) if filled else frame


@functools.cache
def _count_columns() -> frozenset[str]:
    """Every output column that some named query declares a count (protected, maybe '<10')."""
    return frozenset(
        column
        for name in list_queries()
        for column, role in query_header(name).roles.items()
        if role.kind == "count"
    )


def _is_count(column: str, query: str | None) -> bool:
    """Whether a column is a protected count: its query's header says so, or (a column the page
    derived, such as a total) some query's header does."""
    if query:
        roles = query_header(query).roles
        if column in roles:
            return roles[column].kind == "count"
    return column in _count_columns()


def with_hidden_counts(table: pl.DataFrame) -> pl.DataFrame:
    """Counts hidden by the protection step read '<10', never blank; the query's column names kept
    (the form the position-paper pack takes)."""
    hidden = [
        c
        for c in table.columns
        if c in _count_columns() and table.schema[c].is_integer() and table[c].null_count()
    ]
    if not hidden:
        return table
    return table.with_columns(pl.col(c).cast(pl.String).fill_null(HIDDEN_COUNT) for c in hidden)


def header(
    column: str, lang: str, query: str | None = None, indicator: catalogue.Indicator | None = None
) -> str:
    """The header of a query column: the catalogue's label where the column holds an indicator,
    else the column-label map's (the column's own name when neither knows it)."""
    held = catalogue.by_place(query, column) if query else None
    if held is None and indicator is not None and column == indicator.column and not indicator.derived:
        held = indicator
    if held is not None and held.key not in _GROUP_LABELS:
        return held.label(lang)
    return i18n.column_label(column, lang, query) or column


def count_headers() -> frozenset[str]:
    """Every header a count column can have, in both languages (the disclosure scan's columns)."""
    found = {
        header(column, lang, name)
        for name in list_queries()
        for column in query_header(name).count_columns
        for lang in catalogue.LANGS
    }
    return frozenset(
        found | {i18n.column_label(c, lang) or c for c in _count_columns() for lang in catalogue.LANGS}
    )


def area_name(code: str, lang: str) -> str:
    """An area code as a name; areas joined in one row ('ANT+LIM') as names joined."""
    return " + ".join(i18n.name(i18n.REGION_NAMES, part, lang) for part in code.split("+"))


def _node_names(lang: str) -> dict[str, str]:
    """The nodes of the referral flows: modules, outcomes, inside/outside Opgroeien, destinations."""
    return {
        **{code: i18n.name(i18n.MODULE_NAMES, code, lang) for code in i18n.MODULE_NAMES},
        **{code: i18n.name(i18n.DESTINATION_NAMES, code, lang) for code in i18n.DESTINATION_NAMES},
        "placement_advised": i18n.text("placement_advised", lang),
        "referred": i18n.text("referred", lang),
        "no_follow_up": i18n.text("no_follow_up", lang),
        "inside_opgroeien": i18n.text("inside", lang),
        "outside_opgroeien": i18n.text("outside", lang),
    }


def _code_names(column: str, lang: str) -> dict | None:
    """code -> name for a column that holds codes (None for a column that holds none)."""
    if column in ("module", "module_choice"):
        return {c: i18n.name(i18n.MODULE_CHOICE_NAMES, c, lang) for c in i18n.MODULE_CHOICE_NAMES if c}
    if column == "age_band":
        return {c: i18n.name(i18n.AGE_NAMES, c, lang) for c in i18n.AGE_NAMES}
    if column == "destination":
        return {c: i18n.name(i18n.DESTINATION_NAMES, c, lang) for c in i18n.DESTINATION_NAMES}
    if column in ("source", "target"):
        return _node_names(lang)
    if column == "covid_period":
        return {p: i18n.text(p, lang) for p in ("before", "during", "after")}
    return None


def _mapped(series: pl.Series, name: Callable[[Any], Any]) -> pl.Series:
    """`series` with each value replaced by `name(value)` (None stays None), as text."""
    return pl.Series(series.name, [None if v is None else name(v) for v in series.to_list()], dtype=pl.String)


def _named(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Codes as names, flags as words, datetimes as dates, NaN as not shown.

    A table of a page has a few dozen rows: its names are looked up in Python, column by column,
    and the frame is put together once (each Polars query has a fixed cost of its own, many
    times this work, and every chart block of every page makes one of these tables)."""
    columns: list[pl.Series] = []
    changed = False
    for column, dtype in frame.schema.items():
        series = frame.get_column(column)
        new: pl.Series | None = None
        if column == "area" and dtype == pl.String:
            new = _mapped(series, lambda c: area_name(c, lang))
        elif dtype == pl.String and (names := _code_names(column, lang)) is not None:
            new = _mapped(series, lambda c, names=names: names.get(c, c))
        elif column == "weekday" and dtype.is_integer():
            days = dict(enumerate(i18n.weekday_names(lang), start=1))
            new = _mapped(series, days.get)
        elif column in ("month", "calendar_month") and dtype.is_integer():
            months = dict(enumerate(i18n.month_names(lang), start=1))
            new = _mapped(series, months.get)
        elif dtype == pl.Boolean:
            yes, no = _FLAG_WORDS.get(column, ("yes", "no"))
            words = {True: i18n.text(yes, lang), False: i18n.text(no, lang)}
            new = _mapped(series, words.get)
        elif isinstance(dtype, pl.Datetime):
            new = series.dt.date()
        elif dtype.is_float():  # a NaN (0 / 0) is no number to show either
            new = series.fill_nan(None)
        changed |= new is not None
        columns.append(series if new is None else new.alias(column))
    return pl.DataFrame(columns) if changed else frame


def reader_table(
    table: pl.DataFrame,
    lang: str,
    *,
    query: str | None = None,
    indicator: catalogue.Indicator | str | None = None,
) -> ReaderTable:
    """A protected query result (query column names, null where hidden) as the reader's table.

    `query` is the named query the columns come from; without it, the query of `indicator` (the
    catalogue indicator the table shows)."""
    item = catalogue.indicator(indicator) if isinstance(indicator, str) else indicator
    query = query or (item.query if item else None)
    frame = table.drop([c for c, kept in _HELPERS.items() if c in table.columns and kept in table.columns])
    frame = _named(frame, lang)
    headers: dict[str, str] = {}
    for column in frame.columns:
        name = header(column, lang, query, item)
        if name in headers.values():  # two columns under one catalogue label: the map's own words
            name = i18n.column_label(column, lang, query) or column
        while name in headers.values():
            name += "*"
        headers[column] = name
    hidden = {
        headers[c]: HIDDEN_COUNT if _is_count(c, query) and table.schema[c].is_integer() else HIDDEN_FIGURE
        for c in frame.columns
    }
    return ReaderTable(frame.rename(headers), hidden)
