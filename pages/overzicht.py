"""Overzicht: the key figures as tiles, with the change against the previous year and a trend line."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import streamlit as st

from present import catalogue, charts, i18n, rates
from report.pack import PackItem
from ui import data, layout, pack
from ui.filters import current, measure_control

view = current()
lang = view.lang
years = (view.year_from, view.year_to)  # the time axes cover exactly the chosen period
layout.page_header("page_overview", view)
# The regional report of this view (regions beside Flanders, period, modules, ages), one click away.
pack.report_buttons(view)
measure_control(lang)

# The key figures count distinct families and minors per area: Flanders as the reference, then
# each selected region beside it (never the regions added together: the protection refuses that).
selection = view.filters
flanders = replace(selection, regions=())
areas = [("VL", flanders)] + [(r, replace(selection, regions=(r,))) for r in selection.regions]
area_title = {"VL": i18n.text("flanders", lang)} | {
    r: i18n.name(i18n.REGION_NAMES, r, lang) for r in selection.regions
}

# The tiles' indicators (present/indicators.toml): each key is its column in the key-figure queries.
YEARLY = ["chah_started", "goal_positive_pct", "placement_advised", "referred_inside", "referred_outside"]
TOTALS = ["families_chah_started", "chah_extended_pct", "could_not_start_minors"]


def _delta(now: float | None, before: float | None, percent: bool) -> str | None:
    if now is None or before is None:
        return None
    diff = now - before
    sign = "+" if diff > 0 else ""
    if percent:
        return f"{sign}{i18n.fmt_num(diff, lang)} {'procentpunt' if lang == 'nl' else 'pp'}"
    return f"{sign}{i18n.fmt_int(diff, lang)}"


year_to = view.year_to
year_from_trend = view.year_from
chah_only = replace(selection, modules=("crisishulp_aan_huis",))
# The minors of each area: the tiles' figures ignore the age filter (all minors), the trend of
# starts follows it (that band's minors).
all_ages = replace(selection, age_bands=())
# Every query of this page at once (they are independent).
*tile_frames, goal_frame, starts_frame, minors_all, minors_band = data.run_many(
    [(name, f) for _, f in areas for name in ("kerncijfers_by_year", "kerncijfers_totals")]
    + [("goal_attainment", selection), ("extension_rate", chah_only)]
    + [("population", all_ages), ("population", selection)]
)


def _per_minors(field: str, key: str, value: float | None, year: int | None) -> str | None:
    """The tile's figure per 10.000 minors of its area (of the year, or the period's mean), when
    the view asks for rates and the figure has a population base."""
    if view.measure != "rate" or not catalogue.indicator(field).per_minors:
        return None
    pop = minors_all.filter(pl.col("area") == key)
    if year is not None:
        pop = pop.filter(pl.col("year") == year)
    if pop.is_empty():
        return None
    minors = pop["minors"].mean()
    return rates.rate_line(value, minors, bool(pop["estimated"].any()), lang)  # type: ignore[arg-type]


keys = [key for key, _ in areas]
by_year = dict(zip(keys, tile_frames[0::2], strict=True))
totals = dict(zip(keys, tile_frames[1::2], strict=True))

st.header(i18n.text("tiles_year", lang, year=year_to, prev=year_to - 1))
for key, _ in areas:
    frame = by_year[key].sort("year")
    this = frame.filter(pl.col("year") == year_to)
    # Periods are whole years: inside the period the previous year is a row of the frame; before
    # it (a one-year period) it is asked for, so the delta is always there.
    if year_to - 1 >= year_from_trend:
        previous = frame.filter(pl.col("year") == year_to - 1)
    elif year_to - 1 >= 2017:
        prev_filters = replace(
            dict(areas)[key], period_from=dict(areas)[key].period_from.replace(year=year_to - 1)
        )
        previous = data.run("kerncijfers_by_year", prev_filters).filter(pl.col("year") == year_to - 1)
    else:
        previous = frame.clear()
    st.markdown(f"**{area_title[key]}**")
    grid = layout.tile_grid(f"year-{key}")
    row = this.row(0, named=True) if this.height else None
    for field in YEARLY:
        now = row[field] if row else None
        before = previous[field][0] if previous.height else None
        layout.tile(
            grid,
            field,
            row,
            view,
            key=f"year-{key}",
            delta=_delta(now, before, catalogue.indicator(field).percent),
            chart_data=[v for v in frame[field].to_list() if v is not None] or None,
            extra=_per_minors(field, key, now, year_to),
        )
st.caption(i18n.text("not_additive", lang))


def _pack_tiles(title: str, frames: list[pl.DataFrame], query: str) -> None:
    """The numbers on the tiles go into the page's pack too (they have no chart block of their own)."""
    table = layout.for_display(pl.concat(frames, how="diagonal_relaxed"))
    prov = layout.provenance(title, catalogue.sources_of(query), view)
    pack.register(PackItem(title, table, prov, locale=i18n.VEGA_LOCALE[lang], query=query))


_pack_tiles(
    i18n.text("pack_tiles_year", lang),
    [by_year[key].sort("year") for key, _ in areas],
    "kerncijfers_by_year",
)

st.header(i18n.text("tiles_period", lang, period=f"{view.year_from}–{view.year_to}"))
for key, _ in areas:
    frame = totals[key]
    st.markdown(f"**{area_title[key]}**")
    grid = layout.tile_grid(f"period-{key}")
    for field in TOTALS:
        row = frame.row(0, named=True) if frame.height else None
        layout.tile(
            grid,
            field,
            row,
            view,
            key=f"period-{key}",
            extra=_per_minors(field, key, row[field] if row else None, None),
        )
if view.measure == "rate":
    for line in rates.notes(minors_all, lang, areas=keys):
        st.caption(line)

_pack_tiles(
    i18n.text("tiles_period", lang, period=f"{view.year_from}–{view.year_to}"),
    [totals[key] for key, _ in areas],
    "kerncijfers_totals",
)

# Trends: the selected regions (each on its own line) beside Flanders.
goal = goal_frame.with_columns(date=pl.date(pl.col("year"), 1, 1))
starts = starts_frame.group_by("area", "year", maintain_order=True).agg(pl.col("started").sum())
starts = rates.index(rates.per_year(starts, "started", minors_band), "started", base_year=view.year_from)
starts = starts.with_columns(pl.date(pl.col("year"), 1, 1).alias("date"))
# Counts, per 10.000 minors of the chosen age or as an index (the sidebar's choice).
y, y_title = {
    "count": ("started", i18n.text("count", lang)),
    "rate": ("rate", i18n.text("rate_unit", lang)),
    "index": ("index", i18n.text("index_unit", lang, year=view.year_from)),
}[view.measure]
layout.chart_block(
    # The chart carries only what it draws (the minors stay in its table).
    charts.trend(
        starts.select("area", "year", "date", y),
        x="date",
        y=y,
        y_title=y_title,
        lang=lang,
        years=years,
        percent=view.measure != "count",
    ),
    starts.drop("date").rename({"minors": "population"}).drop("partial", strict=False),
    indicator="chah_started_trend",
    view=view,
    key="trend-chah",
)
layout.chart_block(
    charts.trend(goal, x="date", y="goal_positive_pct", y_title="%", lang=lang, years=years, percent=True),
    goal.select("area", "year", "goal_registered", "goal_positive", "goal_positive_pct"),
    indicator="goal_attainment_trend",
    view=view,
    key="trend-goal",
)
