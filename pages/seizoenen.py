"""Seizoenen: which months are busy and which quiet, per year, per calendar month and per weekday."""

from __future__ import annotations

import polars as pl
import streamlit as st

from present import charts, derive, i18n
from ui import data, layout
from ui.filters import current

view = current()
lang = view.lang
layout.page_header("page_seasons", view)

selected = list(view.filters.regions)

# The page's queries at once (they are independent).
monthly, weekday_frame = data.run_many(
    [("registrations_monthly", view.filters), ("registrations_by_weekday", view.filters)]
)
layout.chart_block(
    charts.month_year_heatmap(
        monthly, value="registrations", title=i18n.text("registrations", lang), lang=lang
    ),
    monthly,
    indicator="registrations_monthly",
    view=view,
    key="heatmap",
    on_screen=charts.month_year_heatmap_panels(
        monthly, value="registrations", title=i18n.text("registrations", lang), lang=lang
    ),
)

# The index is derived from the (protected) monthly counts, so public mode gives no exact count away.
index = derive.seasonal_index(monthly)
months = i18n.month_names(lang)
for area in [*selected, "VL"]:
    totals = index.filter(pl.col("area") == area).sort("total", "calendar_month")
    if totals.height == 12 and totals["total"].sum() > 0:
        quiet = sorted(totals.head(3)["calendar_month"].to_list())
        busy = sorted(totals.tail(3)["calendar_month"].to_list())
        st.markdown(
            i18n.text(
                "quiet_sentence",
                lang,
                area=i18n.name(i18n.REGION_NAMES, area, lang),
                quiet=", ".join(months[m - 1] for m in quiet),
                busy=", ".join(months[m - 1] for m in busy),
            )
        )
layout.chart_block(
    charts.seasonal_index(index, lang=lang),
    index,
    indicator="seasonal_index",
    view=view,
    key="index",
)

weekdays = i18n.weekday_names(lang)
by_weekday = charts.with_names(weekday_frame, "weekday", "weekday_name", dict(enumerate(weekdays, start=1)))
layout.chart_block(
    charts.grouped_bars(
        by_weekday,
        category="weekday_name",
        value="share_pct",
        value_title=i18n.text("share", lang),
        lang=lang,
        sort=weekdays,
        percent=True,
        short=dict(zip(weekdays, i18n.weekday_names(lang, "abbreviated"), strict=True)),
    ),
    by_weekday,
    indicator="registrations_by_weekday",
    view=view,
    key="weekday",
)
