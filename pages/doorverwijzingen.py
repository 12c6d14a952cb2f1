"""Doorverwijzingen: from crisis module to outcome and follow-up help, inside and outside Opgroeien."""

from __future__ import annotations

import polars as pl
import streamlit as st

from data.schema import DESTINATIONS
from present import charts, i18n
from ui import data, layout
from ui.filters import current

view = current()
lang = view.lang
years = (view.year_from, view.year_to)  # the time axes cover exactly the chosen period
layout.page_header("page_referrals", view)

# The page's queries at once (they are independent).
flows, rates = data.run_many([("referral_flows", view.filters), ("referral_rates", view.filters)])
areas = [*view.filters.regions, "VL"]
node_names = {
    **{m: i18n.name(i18n.MODULE_NAMES, m, lang) for m in i18n.MODULE_NAMES},
    **{d: i18n.name(i18n.DESTINATION_NAMES, d, lang) for d in DESTINATIONS},
    "placement_advised": i18n.text("placement_advised", lang),
    "referred": i18n.text("referred", lang),
    "no_follow_up": i18n.text("no_follow_up", lang),
    "inside_opgroeien": i18n.text("inside", lang),
    "outside_opgroeien": i18n.text("outside", lang),
}
inside_nodes = {d for d, inside in DESTINATIONS.items() if inside} | {"inside_opgroeien"}

st.warning(i18n.text("not_additive", lang), icon=":material/info:")
# The selected regions beside Flanders, as many side by side as the screen holds (each at least
# 28rem wide, so a diagram stays readable; on a phone they stack).
grid = st.container(horizontal=True, gap="medium", key="sankeys")
for area in areas:
    links = flows.filter(pl.col("area") == area)
    area_name = i18n.name(i18n.REGION_NAMES, area, lang)
    with grid.container(key=f"sankey-{area}"):
        named = links.with_columns(
            source=pl.col("source").replace(node_names), target=pl.col("target").replace(node_names)
        )
        layout.chart_block(
            charts.sankey(links, node_names=node_names, inside=inside_nodes, lang=lang),
            named,
            indicator="referral_flows",
            title_suffix=f" — {area_name}",
            view=view,
            key=f"flows-{area}",
        )

rates = rates.with_columns(date=pl.date(pl.col("year"), 1, 1))
long = rates.unpivot(
    index=["area", "date"],
    on=["referred_inside_pct", "referred_outside_pct"],
    variable_name="kind",
    value_name="pct",
)
layout.chart_block(
    charts.rates_by_kind(
        long,
        kinds={
            "referred_inside_pct": i18n.text("inside", lang),
            "referred_outside_pct": i18n.text("outside", lang),
        },
        lang=lang,
        years=years,
    ),
    rates.drop("date"),
    indicator="referral_rates",
    view=view,
    key="referral-rates",
    caption=i18n.text("not_additive", lang),
)
layout.chart_block(
    charts.trend(rates, x="date", y="no_follow_up_pct", y_title="%", lang=lang, years=years, percent=True),
    rates.select("area", "year", "ended", "no_follow_up", "no_follow_up_pct"),
    indicator="no_follow_up_pct",
    view=view,
    key="no-follow-up",
)
