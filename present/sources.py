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
from queries.run import list_queries, query_header

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
    """One named query on the definitions page: its header in words and its columns."""

    name: str
    purpose: str
    grain: str
    period: str
    source: str
    notes: tuple[str, ...]
    columns: pl.DataFrame  # kolom, type, betekenis


def unit_label(unit: str, lang: str) -> str:
    """The unit of an indicator in words."""
    return i18n.text(UNIT_LABEL_KEYS[unit], lang)


def ignored_filters(indicator: catalogue.Indicator, lang: str) -> str:
    """The common filters an indicator's query does not apply, named as the sidebar names them
    ('—' when all apply)."""
    names = [i18n.text(f, lang) for f in indicator.ignored]
    return i18n.join(names, lang) if names else "—"


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
            }
            for item in catalogue.indicators().values()
        ]
    )


def definitions() -> tuple[Definition, ...]:
    """Each named query's definition from its header (the technical part of the page)."""
    return _definitions(tuple(list_queries()))


@functools.cache
def _definitions(names: tuple[str, ...]) -> tuple[Definition, ...]:
    found = []
    for name in names:
        if name == "build_info":
            continue
        header = query_header(name)
        found.append(
            Definition(
                name=name,
                purpose=header.purpose,
                grain=header.grain,
                period=header.period,
                source=catalogue.sources_of(name) or "—",
                notes=tuple(header.notes),
                columns=pl.DataFrame(
                    [
                        {"kolom": c.name, "type": c.sql_type, "betekenis": c.description}
                        for c in header.columns
                    ]
                ),
            )
        )
    return tuple(found)
