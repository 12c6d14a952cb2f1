"""Regio's vergelijken: every region and Flanders side by side for one indicator, in counts, per
10.000 minors or as an index, so an IROJ meeting sees its place among the others."""

from __future__ import annotations

import polars as pl
import streamlit as st

from present import catalogue, charts, compare, i18n, rates
from ui import data, layout
from ui.filters import current, measure_control

view = current()
lang = view.lang
layout.page_header("page_compare", view, i18n.text("compare_intro", lang))

# The counts with a population base that the page offers (their `pages` name this page).
OFFERED = [
    "registrations_monthly",
    "trajectories_started",
    "chah_started",
    "families_chah_started",
    "not_started_minors",
    "covid_cohort_children",
]
key = st.selectbox(
    i18n.text("compare_indicator", lang),
    OFFERED,
    format_func=lambda k: catalogue.indicator(k).label(lang),
    key="compare_indicator",
)
measure_control(lang)
item = catalogue.indicator(key)
plan = compare.plan(item, view.filters)
result = compare.series(plan, data.run_many(list(plan.requests)))
measure = view.measure
chosen = view.filters.regions
period = f"{view.year_from}–{view.year_to}"
one_year = view.year_from == view.year_to
adults = "age_bands" not in item.ignored and view.filters.age_bands == ("18+",)
if measure == "index" and one_year:
    st.info(i18n.text("index_one_year", lang))
    measure = "count"
if measure == "rate" and adults:
    st.info(i18n.text("rate_adults", lang))
    measure = "count"


def _label(value: float | None, decimals: int) -> str:
    if measure == "count":
        return item.text(value, lang)
    return i18n.fmt_num(value, lang, decimals) if value is not None else "–"


column, decimals, title = {
    "count": ("value", 0, i18n.text("count", lang)),
    "rate": ("rate", 1, i18n.text("rate_unit", lang)),
    "index": ("index", 1, i18n.text("index_unit", lang, year=result.base_year)),
}[measure]

# Ranked bars: the period's figure (an index: the last year's against the first).
if measure == "index":
    ranked = result.yearly.filter(pl.col("year") == view.year_to)
    ranked_title = i18n.text(
        "compare_ranked_index", lang, label=item.label(lang), year=view.year_to, base=result.base_year
    )
else:
    ranked = result.period
    ranked_title = i18n.text("compare_ranked", lang, label=item.label(lang), period=period)
ranked = ranked.with_columns(
    label=pl.Series([_label(v, decimals) for v in ranked[column].to_list()], dtype=pl.String)
)
flanders = ranked.filter(pl.col("area") == "VL")[column].to_list()
reference = flanders[0] if flanders and measure != "count" else None
layout.chart_block(
    charts.ranked_bars(
        ranked.select("area", column, "label"),
        value=column,
        value_title=title,
        lang=lang,
        chosen=chosen,
        reference=reference,
        decimals=decimals,
    ),
    result.table(ranked),
    indicator=key,
    view=view,
    key="compare-ranked",
    title=ranked_title,
)

# The years side by side: only for figures that have a series by year and a period of years.
if not one_year:
    yearly = result.yearly
    if measure == "count":
        yearly = yearly.filter(pl.col("area") != "VL")  # Flanders' counts would flatten the regions
    yearly = yearly.with_columns(
        label=pl.Series([_label(v, decimals) for v in yearly[column].to_list()], dtype=pl.String)
    )
    layout.chart_block(
        charts.compare_lines(
            yearly.select("area", "year", column, "label"),
            value=column,
            value_title=title,
            lang=lang,
            years=(view.year_from, view.year_to),
            chosen=chosen,
            decimals=decimals,
        ),
        result.table(yearly),
        indicator=key,
        view=view,
        key="compare-trend",
        title=i18n.text("compare_trend", lang, label=item.label(lang)),
    )
    if measure == "index":
        missing = result.yearly.filter((pl.col("year") == result.base_year) & pl.col("index").is_null())
        if missing.height:
            names = [i18n.name(i18n.REGION_NAMES, a, lang) for a in missing["area"].to_list()]
            st.caption(
                i18n.text("index_base_missing", lang, areas=i18n.join(names, lang), year=result.base_year)
            )

if result.yearly["partial"].any():
    st.caption(i18n.text("compare_partial", lang))
if measure == "rate":
    for line in rates.notes(result.yearly, lang):
        st.caption(line)
    if "age_bands" in item.ignored or not view.filters.age_bands:
        st.caption(i18n.text("rate_all_ages", lang))
if measure != "count":
    st.caption(i18n.text("rate_hidden", lang))
