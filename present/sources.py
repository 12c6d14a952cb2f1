"""The Definities page's tables, read from the indicator catalogue and the query headers.

INSISTO is the crisis hotlines' registration of requests, indications, starts and extensions; BINC
is the registration of delivered youth care: outcomes at the close, referrals, could-not-start
messages and residential care. Which system a figure comes from is written per indicator in
present/indicators.toml; a query's sources are those of the indicators it holds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import polars as pl

from present import catalogue, i18n
from queries.run import CKEY_SUFFIX, list_queries, query_header

# The label of each unit (the same words as the charts' axis titles).
UNIT_LABEL_KEYS = {
    "count": "count",
    "percent": "percent",
    "days": "days",
    "index": "index_axis",
    "months": "months",
}


@dataclass(frozen=True)
class Definition:
    """One named query in the technical part of the page: its header in words and its columns."""

    name: str
    purpose: str
    grain: str
    period: str
    source: str
    notes: tuple[str, ...]
    columns: pl.DataFrame  # column, type, meaning (headers in the reader's language)


def unit_label(unit: str, lang: str) -> str:
    """The unit of an indicator in words."""
    return i18n.text(UNIT_LABEL_KEYS[unit], lang)


def ignored_filters(indicator: catalogue.Indicator, lang: str, *, none: str = "—") -> str:
    """The common filters an indicator's query does not apply, named as the sidebar names them
    (`none` when all apply)."""
    names = [i18n.text(f, lang) for f in indicator.ignored]
    return i18n.join(names, lang) if names else none


def system_line(source: str, lang: str) -> str:
    """A source system with what it is ('INSISTO — het registratiesysteem van de crisismeldpunten')."""
    return f"{source} — {i18n.text(f'defs_system_{source.lower()}', lang)}"


def page_title(page: str, lang: str) -> str:
    """A page's title as the navigation shows it (a URL path of catalogue.PAGES)."""
    return i18n.text(catalogue.PAGES[page], lang)


def shown_on(indicator: catalogue.Indicator, lang: str) -> str:
    """The pages that show an indicator, by their titles (or where else a person meets it)."""
    if not indicator.pages:
        return i18n.text("defs_no_page", lang)
    return i18n.join([page_title(p, lang) for p in indicator.pages], lang)


def facts(indicator: catalogue.Indicator, lang: str) -> list[tuple[str, str]]:
    """What the Definities page says under an indicator's definition, as (label, text) pairs:
    scope, unit, source system, the filters that do not apply and (when there are) the caveats."""
    rows = [
        (i18n.text("scope", lang), indicator.modules(lang)),
        (i18n.text("unit", lang), unit_label(indicator.unit, lang)),
        (i18n.text("source", lang), system_line(indicator.source, lang)),
        (
            i18n.text("filters_ignored", lang),
            ignored_filters(indicator, lang, none=i18n.text("defs_all_filters_apply", lang)),
        ),
    ]
    if indicator.caveats:
        rows.append((i18n.text("caveats", lang), " ".join(c(lang) for c in indicator.caveats)))
    return rows


@functools.cache
def indicator_table(lang: str) -> pl.DataFrame:
    """One row per indicator of the catalogue: what it is, what it counts, where it comes from."""
    return pl.DataFrame(
        [
            {
                i18n.text("indicator", lang): item.label(lang),
                i18n.text("definition", lang): item.definition(lang),
                i18n.text("scope", lang): item.modules(lang),
                i18n.text("unit", lang): unit_label(item.unit, lang),
                i18n.text("source", lang): item.source,
                i18n.text("filters_ignored", lang): ignored_filters(item, lang),
                i18n.text("query", lang): f"{item.query}.{item.column}",
                i18n.text("caveats", lang): " ".join(c(lang) for c in item.caveats),
                i18n.text("defs_shown_on", lang): shown_on(item, lang),
            }
            for item in catalogue.indicators().values()
        ]
    )


def place_table(indicators: tuple[catalogue.Indicator, ...], lang: str) -> pl.DataFrame:
    """Which named query and column holds each of these indicators (the technical part's index)."""
    return pl.DataFrame(
        [
            {
                i18n.text("indicator", lang): item.title(lang),
                i18n.text("query", lang): ", ".join(f"{q}.{c}" for q, c in item.places),
            }
            for item in indicators
        ],
        schema={i18n.text("indicator", lang): pl.String, i18n.text("query", lang): pl.String},
    )


def queries_of(indicators: tuple[catalogue.Indicator, ...]) -> tuple[str, ...]:
    """The named queries behind these indicators, in the order they first appear."""
    return tuple(dict.fromkeys(query for item in indicators for query, _ in item.places))


def definitions(lang: str = "nl") -> tuple[Definition, ...]:
    """Each named query's definition from its header (every query but the data file's own)."""
    return tuple(definition(name, lang) for name in list_queries() if name != "build_info")


@functools.cache
def definition(name: str, lang: str = "nl") -> Definition:
    """One named query's definition from its header. The header's texts stay English (they are
    the query's own documentation); the table's headers follow the reader's language."""
    header = query_header(name)
    column, kind, meaning = (i18n.text(k, lang) for k in ("defs_column", "defs_type", "defs_meaning"))
    return Definition(
        name=name,
        purpose=header.purpose,
        grain=header.grain,
        period=header.period,
        source=catalogue.sources_of(name) or "—",
        notes=tuple(header.notes),
        columns=pl.DataFrame(
            [
                {column: c.name, kind: c.sql_type, meaning: c.description}
                for c in header.columns
                # The cell-key helpers are the protection's internals: no page or download has them.
                if not c.name.endswith(CKEY_SUFFIX)
            ],
            schema={column: pl.String, kind: pl.String, meaning: pl.String},
        ),
    )
