"""Verblijf na corona: children with a residential indication who went home during the corona
measures, what happened to them, and residential care since (waiting list, occupancy, carrousel)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from data.schema import COVID_END, COVID_START
from present import catalogue, charts, i18n
from report.model import COVID_PERIODS
from ui import data, layout
from ui.filters import current

view = current()
lang = view.lang
years = (view.year_from, view.year_to)  # the time axes cover exactly the chosen period
layout.page_header("page_residential", view)

# The cohort went home during the corona measures (14 March 2020 to the end of 2021): a period
# that leaves those years out has no one in it, which is said as such instead of zeros.
cohort_in_period = view.year_from <= COVID_END.year and view.year_to >= COVID_START.year
COHORT = (
    "residential_covid_cohort_total",
    "residential_covid_cohort",
    "residential_covid_return_curve",
    "residential_covid_return",
)
SINCE = ("residential_waiting_occupancy", "residential_stay_by_covid_period", "crisis_stay_carrousel")
# The page's queries at once (they are independent).
frames = data.run_many([(name, view.filters) for name in (COHORT if cohort_in_period else ()) + SINCE])
stock, by_period, carrousel = frames[-3:]
st.header(catalogue.indicator("covid_cohort_children").title(lang))
if not cohort_in_period:
    st.info(
        i18n.text("covid_out_of_period", lang, period=f"{view.year_from}–{view.year_to}"),
        icon=":material/event_busy:",
    )
else:
    totals, cohort, curve, returned = frames[:4]
    for row in totals.iter_rows(named=True):
        st.markdown(f"**{i18n.name(i18n.REGION_NAMES, row['area'], lang)}**")
        grid = layout.tile_grid(row["area"])
        for field in ("covid_cohort_children", "covid_context_support_pct", "covid_came_back_pct"):
            layout.tile(grid, field, row, view, key=row["area"])

    cohort = charts.with_names(
        cohort, "age_band", "age_name", {a: i18n.name(i18n.AGE_NAMES, a, lang) for a in i18n.AGE_NAMES}
    )
    ages = [i18n.name(i18n.AGE_NAMES, a, lang) for a in i18n.AGE_NAMES]
    layout.chart_block(
        charts.grouped_bars(
            cohort,
            category="age_name",
            value="share_pct",
            value_title=i18n.text("share", lang),
            lang=lang,
            sort=ages,
            percent=True,
        ),
        cohort.drop("age_name"),
        indicator="covid_cohort_by_age",
        view=view,
        key="cohort-age",
    )

    support_names = {True: i18n.text("with_support", lang), False: i18n.text("without_support", lang)}
    curve = charts.with_names(
        charts.with_area_names(curve, lang), "context_support", "support", support_names
    )
    layout.chart_block(
        charts.step_curve(
            curve, lang=lang, series="support", series_title=i18n.text("context_support", lang)
        ),
        curve.drop("area_name", "support"),
        indicator="covid_return_curve",
        view=view,
        key="return-curve",
    )
    layout.table_block(
        returned,
        indicator="covid_return_within",
        view=view,
        key="return-table",
    )

layout.chart_block(
    charts.stock_over_time(
        stock,
        x="month_end",
        measures={"waiting": i18n.text("waiting", lang), "occupied": i18n.text("occupied", lang)},
        lang=lang,
        years=years,
    ),
    stock,
    indicator="residential_waiting_occupancy",
    view=view,
    key="waiting",
)

periods = {
    "before": i18n.text("before", lang),
    "during": i18n.text("during", lang),
    "after": i18n.text("after", lang),
}
# Only the corona periods the chosen years reach (a period wholly outside them has no bar).
periods = {
    p: name
    for p, name in periods.items()
    for period, first, last in COVID_PERIODS
    if p == period and first <= view.year_to and last >= view.year_from
}
by_period = charts.with_names(
    by_period.filter(pl.col("covid_period").is_in(list(periods))),
    "covid_period",
    "period_name",
    periods,
    strict=False,
)
layout.chart_block(
    charts.grouped_bars(
        by_period,
        category="period_name",
        value="naar_huis_pct",
        value_title="%",
        lang=lang,
        sort=list(periods.values()),
        percent=True,
    ),
    by_period.drop("period_name"),
    indicator="naar_huis_pct",
    view=view,
    key="naar-huis",
)

layout.chart_block(
    charts.grouped_bars(
        carrousel,
        category="label",
        value="share_pct",
        value_title=i18n.text("share", lang),
        lang=lang,
        sort=["1", "2", "3", "4+"],
        percent=True,
    ),
    carrousel,
    indicator="crisis_stay_carrousel",
    view=view,
    key="carrousel",
)
