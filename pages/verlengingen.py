"""Verlengingen en duur: extension rates over time, durations against the norms, start within 24 hours."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import streamlit as st

from present import charts, i18n
from ui import data, layout
from ui.filters import current

view = current()
lang = view.lang
years = (view.year_from, view.year_to)  # the time axes cover exactly the chosen period
layout.page_header("page_extensions", view)

# Without a module choice this page is about crisishulp aan huis, the module with the 28-day norm.
focus = view.filters if view.filters.modules else replace(view.filters, modules=("crisishulp_aan_huis",))
# The page's queries at once (they are independent).
yearly_frame, module_frame, distribution, within_frame = data.run_many(
    [
        ("extension_rate_yearly", focus),
        ("extension_rate_by_module", view.filters),
        ("duration_distribution_total", focus),
        ("time_to_start_yearly", focus),
    ]
)
modules_shown = ", ".join(i18n.name(i18n.MODULE_NAMES, m, lang) for m in focus.modules)
if not view.filters.modules:
    st.caption(i18n.text("chah_default", lang))


def _dated(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(date=pl.date(pl.col("year"), 1, 1))


per_year = _dated(yearly_frame)
layout.chart_block(
    charts.trend(per_year, x="date", y="extended_pct", y_title="%", lang=lang, years=years, percent=True),
    per_year.drop("date"),
    indicator="extension_rate_yearly",
    title_suffix=f" — {modules_shown}",
    view=view,
    key="extension-trend",
)

per_module = charts.with_names(
    module_frame,
    "module",
    "module_name",
    {m: i18n.name(i18n.MODULE_NAMES, m, lang) for m in i18n.MODULE_NAMES},
)
layout.chart_block(
    charts.grouped_bars(
        per_module, category="module_name", value="extended_pct", value_title="%", lang=lang, percent=True
    ),
    per_module.drop("module_name"),
    indicator="extension_rate_by_module",
    view=view,
    key="extension-module",
)

layout.chart_block(
    charts.duration_histogram(
        distribution,
        lang=lang,
        norm_label=i18n.text("norm_28", lang),
        limit_label=i18n.text("limit_42", lang),
    ),
    distribution,
    indicator="duration_distribution",
    title_suffix=f" — {modules_shown}",
    view=view,
    key="duration",
)

within = _dated(within_frame)
layout.chart_block(
    charts.trend(within, x="date", y="within_24h_pct", y_title="%", lang=lang, years=years, percent=True),
    within.drop("date"),
    indicator="within_24h_pct",
    title_suffix=f" — {modules_shown}",
    view=view,
    key="within-24h",
)
