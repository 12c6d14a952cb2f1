"""Eigen tabel: one indicator by two breakdowns a person chooses (year, area, crisis module, age),
protected like every view, with its definition, downloads and a link that makes it again."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from present import catalogue, i18n, table_builder
from ui import data, layout
from ui.filters import current, keep_in_link, link, measure_control, page_choice

view = current()
lang = view.lang
layout.page_header("page_table", view, i18n.text("table_intro", lang))

# The counts a table can be built of (their `pages` name this page).
OFFERED = [
    "registrations_monthly",
    "trajectories_started",
    "chah_started",
    "families_chah_started",
    "not_started_minors",
    "covid_cohort_children",
]
DIMENSIONS = list(table_builder.DIMENSIONS)
page_choice("cijfer", OFFERED, OFFERED[0])
page_choice("rijen", DIMENSIONS, "regio")
page_choice("kolommen", DIMENSIONS, "jaar")
key = st.selectbox(
    i18n.text("table_indicator", lang),
    OFFERED,
    format_func=lambda k: catalogue.indicator(k).label(lang),
    key="cijfer",
)
left, right = st.columns(2)
rows = left.selectbox(
    i18n.text("table_rows", lang),
    DIMENSIONS,
    format_func=lambda d: i18n.text(f"table_dim_{d}", lang).capitalize(),
    key="rijen",
)
columns = right.selectbox(
    i18n.text("table_columns", lang),
    DIMENSIONS,
    format_func=lambda d: i18n.text(f"table_dim_{d}", lang).capitalize(),
    key="kolommen",
)
measure_control(lang)
chosen = {"cijfer": key, "rijen": rows, "kolommen": columns}
keep_in_link(chosen)
table_view = replace(view, extra=tuple(chosen.items()))

spec = table_builder.Spec(key, rows, columns)
reason = table_builder.refusal(spec, lang)
if reason:
    st.warning(reason, icon=":material/block:")
    st.stop()

item = catalogue.indicator(key)
rate = view.measure == "rate"
if view.measure == "index":
    st.caption(i18n.text("table_index_note", lang))
cells = table_builder.plan(spec, view.filters)
frames = data.run_many(table_builder.requests(cells))
area = view.filters.regions[0] if view.filters.regions else "VL"
built = table_builder.table(spec, cells, frames, area=area, rate=rate, lang=lang)
title = i18n.text(
    "table_title",
    lang,
    label=item.label(lang) + (f" ({i18n.text('rate_unit', lang)})" if rate else ""),
    rows=i18n.text(f"table_dim_{rows}", lang),
    columns=i18n.text(f"table_dim_{columns}", lang),
)
layout.table_block(
    built,
    indicator=key,
    view=table_view,
    key="table",
    title=title,
    reader=table_builder.reader(built, rate=rate),
)
if "regio" not in (rows, columns):
    name = i18n.name(i18n.REGION_NAMES, area, lang) if area != "VL" else i18n.text("flanders", lang)
    st.caption(i18n.text("table_area_note", lang, area=name))
if rate:
    # Beside every Brussels rate, the convention it rests on; and that some years are estimated.
    if "regio" in (rows, columns) or area == "BRU":
        st.caption(i18n.text("rate_brussels", lang))
    st.caption(i18n.text("rate_estimated_period", lang))
st.caption(i18n.text("table_totals_note", lang))
if "jaar" in (rows, columns):
    st.caption(table_builder.period_note(item, lang))
st.caption(f"**{item.title(lang)}**: {item.definition(lang)} ({i18n.text('source', lang)}: {item.source})")
st.markdown(f"[{i18n.text('table_link', lang)}]({link(table_view, 'tabel')})")
