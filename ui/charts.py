"""One function per chart, all Altair (the Sankey excepted: an ECharts option), sharing one theme.

No Streamlit here: the pages, the chart downloads and the reports all draw with these functions.
Colours are the Okabe-Ito palette, safe for the common forms of colour blindness; numbers and dates
follow the view's language through the chart's own Vega locale.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import polars as pl
import vl_convert as vlc

from data.schema import COVID_END, COVID_START
from ui import i18n

# Okabe-Ito: distinguishable with deuteranopia, protanopia and tritanopia.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
AREA_COLOURS = {
    "VL": "#000000",
    "ANT": "#0072B2",
    "OVL": "#E69F00",
    "WVL": "#009E73",
    "VBR": "#CC79A7",
    "LIM": "#D55E00",
    "BRU": "#56B4E9",
}
INSIDE_COLOUR, OUTSIDE_COLOUR, NEUTRAL_COLOUR = "#0072B2", "#E69F00", "#999999"
CORONA_FILL = "#BBBBBB"
NORM_COLOUR = "#D55E00"
WIDTH, HEIGHT = 640, 280
FONT = "Source Sans Pro, Arial, sans-serif"
EXTRA_MODULES_DATE = date(2020, 3, 1)


def _locale(lang: str) -> dict:
    name = i18n.VEGA_LOCALE[lang]
    return {"number": vlc.get_format_locale(name), "time": vlc.get_time_format_locale(name)}


def themed(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Apply the shared theme and the language's number/date locale to a finished chart."""
    return (
        chart.configure(locale=_locale(lang), font=FONT, background="white")
        .configure_axis(labelFontSize=12, titleFontSize=12, grid=True, gridColor="#EEEEEE")
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom")
        .configure_view(stroke=None)
    )


def area_scale(areas: list[str], lang: str) -> alt.Scale:
    """A colour scale that gives each region (and Flanders) the same colour on every chart."""
    names = [i18n.name(i18n.REGION_NAMES, a, lang) for a in areas]
    return alt.Scale(domain=names, range=[AREA_COLOURS.get(a, NEUTRAL_COLOUR) for a in areas])


def with_area_names(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Add `area_name` (Vlaanderen, Antwerpen, …) beside the `area` code."""
    mapping = {code: i18n.name(i18n.REGION_NAMES, code, lang) for code in i18n.REGION_NAMES}
    return frame.with_columns(area_name=pl.col("area").replace_strict(mapping, default=pl.col("area")))


def _areas(frame: pl.DataFrame) -> list[str]:
    present = set(frame["area"].unique().to_list()) if "area" in frame.columns else set()
    return [a for a in AREA_COLOURS if a in present]


def corona_band(lang: str, start: date = COVID_START, end: date = COVID_END) -> alt.Chart:
    """A grey band over the corona measures, for charts with a time axis."""
    band = pl.DataFrame({"start": [start], "end": [end], "label": [i18n.text("corona", lang)]})
    return (
        alt.Chart(band)
        .mark_rect(color=CORONA_FILL, opacity=0.25)
        .encode(x="start:T", x2="end:T", tooltip=[alt.Tooltip("label:N", title="")])
    )


def policy_rule(lang: str) -> alt.Chart:
    """A dashed line at the extra crisis modules of 1 March 2020."""
    moment = pl.DataFrame({"date": [EXTRA_MODULES_DATE], "label": [i18n.text("extra_modules", lang)]})
    rule = (
        alt.Chart(moment)
        .mark_rule(strokeDash=[4, 3], color="#555555")
        .encode(x="date:T", tooltip=[alt.Tooltip("label:N", title="")])
    )
    label = (
        alt.Chart(moment)
        .mark_text(align="left", dx=4, dy=-6, fontSize=11, color="#555555")
        .encode(x="date:T", y=alt.value(0), text="label:N")
    )
    return rule + label


def trend(
    frame: pl.DataFrame,
    *,
    x: str,
    y: str,
    y_title: str,
    lang: str,
    percent: bool = False,
    x_unit: str = "year",
    mark_corona: bool = True,
) -> alt.TopLevelMixin:
    """A line per area over time (`x` a date column), with the corona period and policy moment."""
    data = with_area_names(frame, lang)
    areas = _areas(frame)
    x_format = "%Y" if x_unit == "year" else "%b %Y"
    y_format = ",.1f" if percent else ",d"
    ticks = {"interval": "year", "step": 1}
    base = alt.Chart(data).encode(
        x=alt.X(f"{x}:T", title=None, axis=alt.Axis(format="%Y", tickCount=ticks)),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format)),
        color=alt.Color("area_name:N", scale=area_scale(areas, lang), title=i18n.text("area", lang)),
        tooltip=[
            alt.Tooltip("area_name:N", title=i18n.text("area", lang)),
            alt.Tooltip(
                f"{x}:T", title=i18n.text("year" if x_unit == "year" else "month", lang), format=x_format
            ),
            alt.Tooltip(f"{y}:Q", title=y_title, format=y_format),
        ],
    )
    lines = base.mark_line(point=True, strokeWidth=2)
    layers = [corona_band(lang), policy_rule(lang), lines] if mark_corona else [lines]
    return themed(alt.layer(*layers).properties(width=WIDTH, height=HEIGHT), lang)


def sparkline(frame: pl.DataFrame, *, x: str, y: str) -> alt.TopLevelMixin:
    """A small trend line for a key-figure tile (Flanders or the first selected area)."""
    return (
        alt.Chart(frame)
        .mark_line(color=PALETTE[0], strokeWidth=2)
        .encode(x=alt.X(f"{x}:T", axis=None), y=alt.Y(f"{y}:Q", axis=None, scale=alt.Scale(zero=False)))
        .properties(width=180, height=40)
        .configure_view(stroke=None)
    )


def month_year_heatmap(frame: pl.DataFrame, *, value: str, title: str, lang: str) -> alt.TopLevelMixin:
    """Counts per month (rows) and year (columns), one panel per area: busy and quiet months at a glance."""
    months = i18n.month_names(lang)
    data = with_area_names(frame, lang).with_columns(
        year=pl.col("month").dt.year().cast(pl.String),
        month_name=pl.col("month").dt.month().map_elements(lambda m: months[m - 1], return_dtype=pl.String),
    )
    areas = _areas(frame)
    base = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X("year:O", title=i18n.text("year", lang)),
            y=alt.Y("month_name:N", sort=months, title=None),
            color=alt.Color(f"{value}:Q", title=title, scale=alt.Scale(scheme="blues")),
            tooltip=[
                alt.Tooltip("area_name:N", title=i18n.text("area", lang)),
                alt.Tooltip("month_name:N", title=i18n.text("month", lang)),
                alt.Tooltip("year:O", title=i18n.text("year", lang)),
                alt.Tooltip(f"{value}:Q", title=title, format=",d"),
            ],
        )
    )
    if len(areas) <= 1:
        return themed(base.properties(width=WIDTH, height=320), lang)
    order = [i18n.name(i18n.REGION_NAMES, a, lang) for a in areas]
    # Each panel has its own colour scale: a region's seasons should not vanish beside Flanders.
    chart = (
        base.properties(width=300, height=300)
        .facet(facet=alt.Facet("area_name:N", sort=order, title=None), columns=2)
        .resolve_scale(color="independent")
    )
    return themed(chart, lang)


def seasonal_index(frame: pl.DataFrame, *, lang: str) -> alt.TopLevelMixin:
    """The seasonal index per calendar month: the mean as a bar, the spread across years as a line."""
    months = i18n.month_names(lang)
    data = with_area_names(frame, lang).with_columns(
        month_name=pl.col("calendar_month").map_elements(lambda m: months[m - 1], return_dtype=pl.String)
    )
    areas = _areas(frame)
    x = alt.X("month_name:N", sort=months, title=None)
    colour = alt.Color("area_name:N", scale=area_scale(areas, lang), title=i18n.text("area", lang))
    offset = alt.XOffset("area_name:N", sort=[i18n.name(i18n.REGION_NAMES, a, lang) for a in areas])
    tooltip = [
        alt.Tooltip("area_name:N", title=i18n.text("area", lang)),
        alt.Tooltip("month_name:N", title=i18n.text("month", lang)),
        alt.Tooltip("index_mean:Q", title="index", format=".2f"),
        alt.Tooltip("index_min:Q", title="min", format=".2f"),
        alt.Tooltip("index_max:Q", title="max", format=".2f"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(opacity=0.8)
        .encode(
            x=x,
            xOffset=offset,
            y=alt.Y("index_mean:Q", title="index (1 = gemiddelde maand)"),
            color=colour,
            tooltip=tooltip,
        )
    )
    spread = (
        alt.Chart(data)
        .mark_rule(color="#333333")
        .encode(x=x, xOffset=offset, y="index_min:Q", y2="index_max:Q", tooltip=tooltip)
    )
    one = alt.Chart(pl.DataFrame({"y": [1.0]})).mark_rule(strokeDash=[4, 3], color="#555555").encode(y="y:Q")
    return themed(alt.layer(bars, spread, one).properties(width=WIDTH, height=HEIGHT), lang)


def grouped_bars(
    frame: pl.DataFrame,
    *,
    category: str,
    value: str,
    value_title: str,
    lang: str,
    sort: list[str] | None = None,
    percent: bool = False,
) -> alt.TopLevelMixin:
    """Bars per category, side by side per area."""
    data = with_area_names(frame, lang)
    areas = _areas(frame)
    fmt = ",.1f" if percent else ",d"
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{category}:N", sort=sort, title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("area_name:N", sort=[i18n.name(i18n.REGION_NAMES, a, lang) for a in areas]),
            y=alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(format=fmt)),
            color=alt.Color("area_name:N", scale=area_scale(areas, lang), title=i18n.text("area", lang)),
            tooltip=[
                alt.Tooltip("area_name:N", title=i18n.text("area", lang)),
                alt.Tooltip(f"{category}:N", title=""),
                alt.Tooltip(f"{value}:Q", title=value_title, format=fmt),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    return themed(chart, lang)


def duration_histogram(
    frame: pl.DataFrame, *, lang: str, norm_label: str, limit_label: str
) -> alt.TopLevelMixin:
    """Share of finished modules per week of duration, with the 28-day norm and 6-week limit drawn in."""
    data = with_area_names(frame, lang)
    areas = _areas(frame)
    labels = data.sort("bin")["label"].unique(maintain_order=True).to_list()
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("label:N", sort=labels, title="dagen", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("area_name:N", sort=[i18n.name(i18n.REGION_NAMES, a, lang) for a in areas]),
            y=alt.Y("share_pct:Q", title="% van de afgesloten modules", axis=alt.Axis(format=",.0f")),
            color=alt.Color("area_name:N", scale=area_scale(areas, lang), title=i18n.text("area", lang)),
            tooltip=[
                alt.Tooltip("area_name:N", title=i18n.text("area", lang)),
                alt.Tooltip("label:N", title="dagen"),
                alt.Tooltip("trajectories:Q", title="aantal", format=",d"),
                alt.Tooltip("share_pct:Q", title="%", format=",.1f"),
            ],
        )
    )
    # The norm lines sit on the boundary after the 4th (28 days) and 6th (42 days) weekly bin.
    norms = pl.DataFrame(
        {"label": [labels[3], labels[5]] if len(labels) > 5 else [], "text": [norm_label, limit_label]}
        if len(labels) > 5
        else {"label": [], "text": []},
        schema={"label": pl.String, "text": pl.String},
    )
    rules = (
        alt.Chart(norms)
        .mark_rule(color=NORM_COLOUR, strokeWidth=2, strokeDash=[6, 3])
        .encode(x=alt.X("label:N", sort=labels, bandPosition=1))
    )
    texts = (
        alt.Chart(norms)
        .mark_text(align="left", dx=4, dy=8, color=NORM_COLOUR, fontSize=11)
        .encode(x=alt.X("label:N", sort=labels, bandPosition=1), y=alt.value(0), text="text:N")
    )
    return themed(alt.layer(bars, rules, texts).properties(width=WIDTH, height=HEIGHT), lang)


def step_curve(frame: pl.DataFrame, *, lang: str, series: str, series_title: str) -> alt.TopLevelMixin:
    """Share back in residential care by months since going home, one step line per series."""
    chart = (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", strokeWidth=2, point=True)
        .encode(
            x=alt.X("months:Q", title="maanden sinds naar huis"),
            y=alt.Y("back_pct:Q", title="% terug in verblijf", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(f"{series}:N", title=series_title, scale=alt.Scale(range=PALETTE)),
            strokeDash=alt.StrokeDash("area_name:N", title=i18n.text("area", lang)),
            tooltip=[
                alt.Tooltip("area_name:N", title=i18n.text("area", lang)),
                alt.Tooltip(f"{series}:N", title=series_title),
                alt.Tooltip("months:Q", title="maanden"),
                alt.Tooltip("back_pct:Q", title="%", format=",.1f"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    return themed(chart, lang)


def stock_over_time(frame: pl.DataFrame, *, x: str, measures: dict[str, str], lang: str) -> alt.TopLevelMixin:
    """Month-end stocks (waiting list, occupancy) per area, the corona period shaded."""
    data = (
        with_area_names(frame, lang)
        .unpivot(
            index=["area", "area_name", x], on=list(measures), variable_name="measure", value_name="value"
        )
        .with_columns(measure_name=pl.col("measure").replace_strict(measures))
    )
    areas = _areas(frame)
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X(
                f"{x}:T", title=None, axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1})
            ),
            y=alt.Y("value:Q", title="kinderen", axis=alt.Axis(format=",d")),
            color=alt.Color("area_name:N", scale=area_scale(areas, lang), title=i18n.text("area", lang)),
            strokeDash=alt.StrokeDash("measure_name:N", title=""),
            tooltip=[
                alt.Tooltip("area_name:N", title=i18n.text("area", lang)),
                alt.Tooltip("measure_name:N", title=""),
                alt.Tooltip(f"{x}:T", title="", format="%d-%m-%Y"),
                alt.Tooltip("value:Q", title="kinderen", format=",d"),
            ],
        )
    )
    return themed(alt.layer(corona_band(lang), lines).properties(width=WIDTH, height=HEIGHT), lang)


def sankey_option(links: pl.DataFrame, *, node_names: dict[str, str], inside: set[str]) -> dict:
    """An ECharts Sankey option: module → outcome → inside/outside Opgroeien → destination."""
    nodes = sorted(set(links["source"].to_list()) | set(links["target"].to_list()))
    colour = {
        n: INSIDE_COLOUR
        if n in inside
        else OUTSIDE_COLOUR
        if n.startswith("outside") or n in OUTSIDE_NODES
        else NEUTRAL_COLOUR
        for n in nodes
    }
    return {
        "tooltip": {"trigger": "item", "triggerOn": "mousemove"},
        "series": [
            {
                "type": "sankey",
                "emphasis": {"focus": "adjacency"},
                "nodeAlign": "left",
                "layoutIterations": 32,
                "data": [{"name": node_names.get(n, n), "itemStyle": {"color": colour[n]}} for n in nodes],
                "links": [
                    {"source": node_names.get(s, s), "target": node_names.get(t, t), "value": v}
                    for s, t, v in links.select("source", "target", "value").iter_rows()
                    # A link hidden by disclosure control ('<10') is left out of the drawing.
                    if v is not None
                ],
                "lineStyle": {"color": "gradient", "curveness": 0.5, "opacity": 0.35},
                "label": {"fontSize": 12},
            }
        ],
    }


OUTSIDE_NODES = {"ggz", "caw", "vaph", "clb", "eerstelijn", "andere", "outside_opgroeien"}


def rates_by_kind(frame: pl.DataFrame, *, kinds: dict[str, str], lang: str) -> alt.TopLevelMixin:
    """Percentages over time, colour by area, dash by kind (e.g. inside and outside Opgroeien)."""
    data = with_area_names(frame, lang).with_columns(kind_name=pl.col("kind").replace_strict(kinds))
    areas = _areas(frame)
    lines = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X(
                "date:T", title=None, axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1})
            ),
            y=alt.Y("pct:Q", title="%", axis=alt.Axis(format=",.0f")),
            color=alt.Color("area_name:N", scale=area_scale(areas, lang), title=i18n.text("area", lang)),
            strokeDash=alt.StrokeDash("kind_name:N", title=""),
            tooltip=[
                alt.Tooltip("area_name:N", title=i18n.text("area", lang)),
                alt.Tooltip("kind_name:N", title=""),
                alt.Tooltip("date:T", title=i18n.text("year", lang), format="%Y"),
                alt.Tooltip("pct:Q", title="%", format=",.1f"),
            ],
        )
    )
    layers = [corona_band(lang), policy_rule(lang), lines]
    return themed(alt.layer(*layers).properties(width=WIDTH, height=HEIGHT), lang)
