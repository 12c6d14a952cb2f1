"""Which registration system each named query's figures come from (cited on every chart and download).

INSISTO is the crisis hotlines' registration of requests, indications, starts and extensions; BINC
is the registration of delivered youth care: outcomes at the close, referrals, could-not-start
messages and residential care.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import polars as pl

from present import i18n
from queries.run import list_queries, query_header

INSISTO = "INSISTO"
BINC = "BINC"
BOTH = "INSISTO, BINC"

SOURCES: dict[str, str] = {
    "build_info": "—",
    "crisis_stay_carrousel": INSISTO,
    "duration_distribution": INSISTO,
    "duration_distribution_total": INSISTO,
    "duration_norms": INSISTO,
    "extension_rate": INSISTO,
    "extension_rate_by_module": INSISTO,
    "extension_rate_yearly": INSISTO,
    "goal_attainment": BINC,
    "kerncijfers_by_year": BOTH,
    "kerncijfers_quiet_months": INSISTO,
    "kerncijfers_totals": BOTH,
    "not_started_minors": BINC,
    "not_started_monthly": BINC,
    "referral_flows": BINC,
    "referral_rates": BINC,
    "registrations_by_weekday": INSISTO,
    "registrations_monthly": INSISTO,
    "residential_covid_cohort": BINC,
    "residential_covid_cohort_total": BINC,
    "residential_covid_return": BINC,
    "residential_covid_return_curve": BINC,
    "residential_stay_by_covid_period": BINC,
    "residential_waiting_occupancy": BINC,
    "seasonal_index": INSISTO,
    "seasonality_monthly": INSISTO,
    "started_later_days": BINC,
    "time_to_start": INSISTO,
    "time_to_start_distribution": INSISTO,
    "time_to_start_yearly": INSISTO,
}


def source(query: str) -> str:
    """The source system of a named query (KeyError for a query without a stated source)."""
    return SOURCES[query]


def missing() -> list[str]:
    """Named queries without a stated source (a test keeps this empty)."""
    return [q for q in list_queries() if q not in SOURCES]


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


def definitions(lang: str) -> tuple[pl.DataFrame, tuple[Definition, ...]]:
    """The definitions page's table (one row per indicator) and each query's definition.

    Made once per language and set of query files (the headers themselves are read once per
    process, see `queries.run.query_header`): reading them costs more than the rest of the page.
    """
    return _definitions(lang, tuple(list_queries()))


@functools.cache
def _definitions(lang: str, names: tuple[str, ...]) -> tuple[pl.DataFrame, tuple[Definition, ...]]:
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
                source=source(name),
                notes=tuple(header.notes),
                columns=pl.DataFrame(
                    [
                        {"kolom": c.name, "type": c.sql_type, "betekenis": c.description}
                        for c in header.columns
                    ]
                ),
            )
        )
    table = pl.DataFrame(
        [
            {
                i18n.text("query", lang): d.name,
                i18n.text("definition", lang): d.purpose,
                i18n.text("grain", lang): d.grain,
                i18n.text("period_on", lang): d.period,
                i18n.text("source", lang): d.source,
                i18n.text("caveats", lang): " ".join(d.notes),
            }
            for d in found
        ]
    )
    return table, tuple(found)
