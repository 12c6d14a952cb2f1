"""Tijdige start: children indicated for crisis help whose module could not start, and later starts."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from present import catalogue, charts, i18n
from ui import data, layout
from ui.filters import current

view = current()
lang = view.lang
years = (view.year_from, view.year_to)  # the time axes cover exactly the chosen period
layout.page_header("page_timely", view)

focus = view.filters if view.filters.modules else replace(view.filters, modules=("crisishulp_aan_huis",))
# The page's queries at once (they are independent).
minors, monthly, later = data.run_many(
    [(name, focus) for name in ("not_started_minors", "not_started_monthly", "started_later_days")]
)
modules_shown = ", ".join(i18n.name(i18n.MODULE_NAMES, m, lang) for m in focus.modules)
if not view.filters.modules:
    st.caption(i18n.text("chah_default", lang))

st.header(f"{catalogue.indicator('not_started_minors').title(lang)} — {modules_shown}")
for row in minors.iter_rows(named=True):
    st.markdown(f"**{i18n.name(i18n.REGION_NAMES, row['area'], lang)}**")
    grid = layout.tile_grid(row["area"])
    for field in ("not_started_minors", "started_later_pct", "median_days_to_later_start"):
        layout.tile(grid, field, row, view, key=row["area"])
layout.table_block(minors, indicator="not_started_minors", view=view, key="minors")

layout.chart_block(
    charts.trend(
        monthly,
        x="month",
        y="not_started",
        y_title=i18n.text("count", lang),
        lang=lang,
        years=years,
        x_unit="month",
    ),
    monthly,
    indicator="not_started_monthly",
    title_suffix=f" — {modules_shown}",
    view=view,
    key="not-started-monthly",
)

labels = later.sort("bin")["label"].unique(maintain_order=True).to_list()
layout.chart_block(
    charts.grouped_bars(
        later,
        category="label",
        value="share_pct",
        value_title=i18n.text("share", lang),
        lang=lang,
        sort=labels,
        percent=True,
    ),
    later,
    indicator="started_later_days",
    view=view,
    key="started-later",
)
