"""Which registration system each named query's figures come from (cited on every chart and download).

INSISTO is the crisis hotlines' registration of requests, indications, starts and extensions; BINC
is the registration of delivered youth care: outcomes at the close, referrals, could-not-start
messages and residential care.
"""

from __future__ import annotations

from queries.run import list_queries

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
