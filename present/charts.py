"""One function per chart, all Vega-Lite, sharing one theme (the referral Sankey too: see `sankey`).

No Streamlit here: the pages, the chart downloads and the reports all draw with these functions.
Colours are the Okabe-Ito palette, safe for the common forms of colour blindness; numbers and dates
follow the view's language through the chart's own Vega locale.

Each function returns a `Chart`: the Vega-Lite spec as plain dicts, exactly as Altair writes it for
the same chart, with the frames it draws left in place. Building the specs directly, without
Altair's objects and their schema validation, takes well under a millisecond a chart instead of
tens (docs/PERFORMANCE.md). `Chart.to_dict()` is Altair's `to_dict()`: the data inline, for the
image downloads and the report. Altair itself is imported only for that (and for `themed`, which
the report's own Altair chart uses).
"""

from __future__ import annotations

import copy
import functools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import polars as pl

from data.schema import COVID_END, COVID_START
from present import i18n

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
NORM_TEXT_COLOUR = "#9E3D00"  # the norm's colour, dark enough for text (6:1 on white)
WIDTH, HEIGHT = 640, 280
FONT = "Source Sans Pro, Arial, sans-serif"
# Chart text at 14 px in near-black: at least 4.5:1 against white (WCAG AA), also on a projector.
FONT_SIZE = 14
TEXT_COLOUR = "#333333"
NOTE_COLOUR = "#444444"
# A category label longer than this many characters is written on more lines instead of being cut.
LABEL_WRAP = 16
EXTRA_MODULES_DATE = date(2020, 3, 1)
# The Vega-Lite schema the specs are written for: `altair.SCHEMA_URL` of the pinned Altair.
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
# What Altair's default theme adds to a chart's `config.view` in `to_dict()` (Streamlit draws
# without it, as `st.altair_chart` did).
_THEME_VIEW = {"continuousWidth": 300, "continuousHeight": 300}


# ---------------------------------------------------------------------------------------------
# The chart object


class _Data:
    """A frame at its place in a spec (`"data": _Data(frame)`), named when the spec is written out."""

    __slots__ = ("frame",)

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame


Dataset = Callable[[pl.DataFrame], tuple[str, Any]]


class Chart:
    """A Vega-Lite chart: its spec (keys in Altair's order) with the frames it draws in place."""

    __slots__ = ("spec",)

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def with_data(self, dataset: Dataset) -> tuple[dict[str, Any], dict[str, Any]]:
        """The spec with each frame replaced by `{"name": …}`, and the named datasets.

        `dataset(frame)` gives a frame's name and what the datasets hold for it (Arrow bytes for
        Streamlit, records for vl-convert); a frame drawn twice is one dataset.
        """
        datasets: dict[str, Any] = {}
        names: dict[int, str] = {}

        def fill(node: Any) -> Any:
            if isinstance(node, dict):
                return {k: fill(v) for k, v in node.items()}
            if isinstance(node, list):
                return [fill(v) for v in node]
            if isinstance(node, _Data):
                key = id(node.frame)
                if key not in names:
                    name, payload = dataset(node.frame)
                    names[key] = name
                    datasets.setdefault(name, payload)
                return {"name": names[key]}
            return node

        return fill(self.spec), datasets

    def to_dict(self) -> dict[str, Any]:
        """The spec as Altair's `to_dict()` writes it: default theme, data inline under `datasets`."""
        body, datasets = self.with_data(_inline_dataset)
        config = body.pop("config")
        view = {**_THEME_VIEW, **config.pop("view", {})}
        spec = {"config": {"view": view, **config}, **body, "datasets": datasets}
        # Altair stays the judge of every spec that leaves the app (images, pack, report): its
        # schema check against the pinned Vega-Lite, where a drawn chart would fail only in the
        # browser. The tests that export every page's charts run it on every chart function.
        altair_ready()
        import altair as alt

        alt.Root.from_dict(spec, validate=True)
        return spec


def altair_ready() -> None:
    """Call before Altair (or narwhals, its data layer) runs in a server thread.

    Narwhals looks pandas up in sys.modules without importing it, so a pandas that another session
    is still importing reads as half-initialised and fails. An import statement waits for the other
    thread's import to finish; after it pandas is complete.
    """
    import pandas  # noqa: F401


def _inline_dataset(frame: pl.DataFrame) -> tuple[str, list[dict[str, Any]]]:
    """A frame as Altair's default data transformer writes it (records), under Altair's name."""
    altair_ready()
    from altair.vegalite.data import default_data_transformer
    from altair.vegalite.v6.api import _dataset_name

    values = default_data_transformer(frame)["values"]
    return _dataset_name(values), values


# ---------------------------------------------------------------------------------------------
# Spec pieces (encoding definitions as Altair writes them: keys in alphabetical order)

_TYPES = {"N": "nominal", "O": "ordinal", "Q": "quantitative", "T": "temporal"}


def _enc(shorthand: str, **props: Any) -> dict[str, Any]:
    """An encoding field definition from `field:T` (the type left out for x2/y2 when no type)."""
    field, _, kind = shorthand.partition(":")
    spec = {"field": field, **props}
    if kind:
        spec["type"] = _TYPES[kind]
    return dict(sorted(spec.items()))


def _mark(kind: str, **props: Any) -> dict[str, Any]:
    return {"type": kind, **dict(sorted(props.items()))}


def _encoding(**channels: Any) -> dict[str, Any]:
    return dict(sorted(channels.items()))


def _layer_item(frame: pl.DataFrame, mark: dict, encoding: dict) -> dict[str, Any]:
    return {"data": _Data(frame), "mark": mark, "encoding": encoding}


@functools.cache
def _locale_for(name: str) -> dict[str, Any]:
    """Vega's number and time locale (shared: written out as copies, see `Chart.with_data`)."""
    import vl_convert as vlc

    return {"number": vlc.get_format_locale(name), "time": vlc.get_time_format_locale(name)}


def _locale(lang: str) -> dict:
    return _locale_for(i18n.VEGA_LOCALE[lang])


def _config(lang: str) -> dict[str, Any]:
    """The shared theme and the language's number/date locale (Altair's `configure_*` as in `themed`)."""
    return {
        "axis": _AXIS,
        "background": "white",
        "font": FONT,
        "legend": _LEGEND,
        "locale": _locale(lang),
        "title": {"color": TEXT_COLOUR},
        "view": {"stroke": None},
    }


_AXIS = {
    "grid": True,
    "gridColor": "#EEEEEE",
    "labelColor": TEXT_COLOUR,
    "labelFontSize": FONT_SIZE,
    "labelLimit": 0,
    "titleColor": TEXT_COLOUR,
    "titleFontSize": FONT_SIZE,
    "titleLimit": 0,
}
_LEGEND = {
    # Two entries a row: the regions' names beside each other would run off a phone's screen.
    "columns": 2,
    "labelColor": TEXT_COLOUR,
    "labelFontSize": FONT_SIZE,
    "labelLimit": 0,
    "orient": "bottom",
    "titleColor": TEXT_COLOUR,
    "titleFontSize": FONT_SIZE,
}


def _unit(frame: pl.DataFrame, mark: dict, encoding: dict, lang: str, width: int, height: int) -> Chart:
    """A single-view chart, themed (the key order of Altair's `Chart.configure…().to_dict()`)."""
    return Chart(
        {
            "data": _Data(frame),
            "mark": mark,
            "config": _config(lang),
            "encoding": encoding,
            "height": height,
            "width": width,
            "$schema": SCHEMA_URL,
        }
    )


def _layered(layers: list[dict], lang: str, width: int = WIDTH, height: int = HEIGHT) -> Chart:
    """Layers over each other, themed (Altair's `alt.layer(…).properties(…)` then `themed`)."""
    spec: dict[str, Any] = {"layer": layers, "config": _config(lang)}
    if len(layers) == 1 and "data" in layers[0]:
        # Altair moves the data of a layer's only chart up to the layer.
        only = layers[0]
        spec = {"layer": [{k: v for k, v in only.items() if k != "data"}], "config": spec["config"]}
        spec["data"] = only["data"]
    return Chart({**spec, "height": height, "width": width, "$schema": SCHEMA_URL})


def themed(chart: Any, lang: str) -> Any:
    """Apply the shared theme and the language's number/date locale to a finished Altair chart."""
    return (
        chart.configure(locale=copy.deepcopy(_locale(lang)), font=FONT, background="white")
        .configure_axis(**_AXIS)
        .configure_legend(**_LEGEND)
        .configure_view(stroke=None)
    )


def area_scale(areas: list[str], lang: str) -> dict[str, list[str]]:
    """A colour scale that gives each region (and Flanders) the same colour on every chart."""
    names = [i18n.name(i18n.REGION_NAMES, a, lang) for a in areas]
    return {"domain": names, "range": [AREA_COLOURS.get(a, NEUTRAL_COLOUR) for a in areas]}


def with_names(
    frame: pl.DataFrame, column: str, name: str, mapping: Mapping[Any, str], *, strict: bool = True
) -> pl.DataFrame:
    """`frame` with a String column `name` beside `column`: each value's label in `mapping`.

    A value the mapping lacks is an error (`strict`) or keeps its own text; null stays null. The
    labels of a chart's few dozen rows are looked up in Python: Polars' query engine has a fixed
    cost of about 0.3 ms a call, many times this work, and a page draws a dozen of these.
    """
    values = frame[column].to_list()
    missing = {v for v in values if v is not None and v not in mapping}
    if missing and strict:
        raise ValueError(f"no label for {column} value(s) {sorted(map(str, missing))}")
    labels = [None if v is None else mapping.get(v, str(v)) for v in values]
    series = pl.Series(name, labels, dtype=pl.String)
    return frame.with_columns(series) if name in frame.columns else frame.hstack([series])


def with_area_names(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Add `area_name` (Vlaanderen, Antwerpen, …) beside the `area` code."""
    mapping = {code: i18n.name(i18n.REGION_NAMES, code, lang) for code in i18n.REGION_NAMES}
    return with_names(frame, "area", "area_name", mapping, strict=False)


def _areas(frame: pl.DataFrame) -> list[str]:
    present = set(frame["area"].to_list()) if "area" in frame.columns else set()
    return [a for a in AREA_COLOURS if a in present]


def _area_names(areas: list[str], lang: str) -> list[str]:
    return [i18n.name(i18n.REGION_NAMES, a, lang) for a in areas]


def _area_colour(areas: list[str], lang: str) -> dict[str, Any]:
    return _enc("area_name:N", scale=area_scale(areas, lang), title=i18n.text("area", lang))


def _area_tooltip(lang: str) -> dict[str, Any]:
    return _enc("area_name:N", title=i18n.text("area", lang))


def _year_axis() -> dict[str, Any]:
    return {"format": "%Y", "tickCount": {"interval": "year", "step": 1}}


Span = tuple[date, date]


def time_span(years: tuple[int, int] | None, frame: pl.DataFrame, x: str, x_unit: str = "year") -> Span:
    """The stretch of time a chart's x-axis covers: exactly the chosen period (`years`, first and
    last), as the data marks it (1 January of each year, the first of each month, or each month's
    end); without a period, the data's own first and last date."""
    if years is None:
        values = (
            frame[x].drop_nulls() if x in frame.columns and frame.height else pl.Series([], dtype=pl.Date)
        )
        if values.is_empty():
            return date(2017, 1, 1), date(2017, 1, 1)
        return values.min(), values.max()  # type: ignore[return-value]
    first, last = years
    if x_unit == "month":
        return date(first, 1, 1), date(last, 12, 1)
    if x_unit == "month_end":
        return date(first, 1, 1), date(last, 12, 31)  # from 1 January, so the first year is labelled
    return date(first, 1, 1), date(last, 1, 1)


def nice_top(value: float) -> float:
    """The top of a value axis that includes `value`: a round number (1, 2, 2.5 or 5 times a power
    of ten per step, at most five steps), so the highest line never runs above the last tick."""
    if not value or value <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(value / 5))
    for factor in (1, 2, 2.5, 5, 10):
        if value / (step * factor) <= 5:
            step *= factor
            break
    return round(math.ceil(value / step - 1e-9) * step, 10)


def _value_scale(frame: pl.DataFrame, column: str) -> dict[str, Any]:
    """A value scale from zero to a round number above the largest value shown."""
    top = frame[column].max() if column in frame.columns else None
    return {"domain": [0, nice_top(float(top or 0))], "nice": False}


def _datetime(day: date) -> dict[str, int]:
    """A date as a Vega-Lite DateTime object (no time zone to misread, unlike a date string)."""
    return {"year": day.year, "month": day.month, "date": day.day}


def _time_scale(span: Span) -> dict[str, Any]:
    """An x scale over exactly `span`; a single point in time gets half a year on either side."""
    start, end = span
    if start == end:
        start, end = date(start.year - 1, 7, 1), date(start.year, 7, 1)
    return {"domain": [_datetime(start), _datetime(end)], "nice": False}


def corona_band(lang: str, span: Span | None = None) -> dict[str, Any] | None:
    """A grey band over the corona measures where they fall inside `span` (a layer; None when
    the chart's period lies wholly before or after them)."""
    start, end = COVID_START, COVID_END
    if span is not None:
        start, end = max(start, span[0]), min(end, span[1])
        if start >= end:
            return None
    band = pl.DataFrame({"start": [start], "end": [end], "label": [i18n.text("corona", lang)]})
    return _layer_item(
        band,
        _mark("rect", color=CORONA_FILL, opacity=0.25),
        _encoding(x=_enc("start:T"), x2=_enc("end"), tooltip=[_enc("label:N", title="")]),
    )


def policy_rule(lang: str, span: Span | None = None) -> dict[str, Any] | None:
    """A dashed line at the extra crisis modules of 1 March 2020 (a layer of rule and label; None
    when that day lies outside `span`)."""
    if span is not None and not span[0] <= EXTRA_MODULES_DATE <= span[1]:
        return None
    moment = pl.DataFrame({"date": [EXTRA_MODULES_DATE], "label": [i18n.text("extra_modules", lang)]})
    rule = {
        "mark": _mark("rule", strokeDash=[4, 3], color=NOTE_COLOUR),
        "encoding": _encoding(x=_enc("date:T"), tooltip=[_enc("label:N", title="")]),
    }
    label = {
        "mark": _mark("text", align="left", dx=4, dy=-6, fontSize=FONT_SIZE, color=NOTE_COLOUR),
        "encoding": _encoding(x=_enc("date:T"), y={"value": 0}, text=_enc("label:N")),
    }
    return {"layer": [rule, label], "data": _Data(moment)}


def _marked_time(lang: str, span: Span, *, corona: bool = True, policy: bool = True) -> list[dict[str, Any]]:
    """The corona band and the policy moment, those that fall inside the chart's span."""
    layers = [corona_band(lang, span) if corona else None, policy_rule(lang, span) if policy else None]
    return [layer for layer in layers if layer is not None]


def label_expr(labels: Mapping[str, str | list[str]]) -> str:
    """A Vega label expression that writes each label in `labels` as given there (shorter, or
    as a list of lines); any other label as it is."""
    import json

    expr = "datum.label"
    for label, shown in reversed(list(labels.items())):
        expr = f"datum.label === {json.dumps(label)} ? {json.dumps(shown)} : {expr}"
    return expr


def wrapped_labels(labels: list[str], width: int = LABEL_WRAP) -> str | None:
    """A Vega label expression that writes each long category label on more lines (at spaces,
    about `width` characters a line) instead of cutting it; None when every label fits."""
    import textwrap

    long = {label: textwrap.wrap(label, width) for label in labels if label and len(label) > width}
    return label_expr(long) if long else None


# ---------------------------------------------------------------------------------------------
# The charts


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
    years: tuple[int, int] | None = None,
) -> Chart:
    """A line per area over time (`x` a date column) across exactly the chosen `years`, with the
    corona period and the policy moment where they fall inside it."""
    data = with_area_names(frame, lang)
    areas = _areas(frame)
    span = time_span(years, frame, x, x_unit)
    x_format = "%Y" if x_unit == "year" else "%b %Y"
    y_format = ",.1f" if percent else ",d"
    lines = _layer_item(
        data,
        _mark("line", point=True, strokeWidth=2),
        _encoding(
            x=_enc(f"{x}:T", title=None, axis=_year_axis(), scale=_time_scale(span)),
            y=_enc(f"{y}:Q", title=y_title, axis={"format": y_format}, scale=_value_scale(frame, y)),
            color=_area_colour(areas, lang),
            tooltip=[
                _area_tooltip(lang),
                _enc(
                    f"{x}:T", title=i18n.text("year" if x_unit == "year" else "month", lang), format=x_format
                ),
                _enc(f"{y}:Q", title=y_title, format=y_format),
            ],
        ),
    )
    layers = [*_marked_time(lang, span), lines] if mark_corona else [lines]
    return _layered(layers, lang)


def month_year_heatmap_panels(frame: pl.DataFrame, *, value: str, title: str, lang: str) -> list[Chart]:
    """The month-by-year heatmap as one chart per area, each titled with its area: on screen each
    takes the page's width (a faceted chart has a fixed one, too wide for a phone)."""
    panels = []
    for area in _areas(frame) or [None]:
        part = frame if area is None else frame.filter(pl.col("area") == area)
        chart = month_year_heatmap(part, value=value, title=title, lang=lang)
        if area is not None and len(_areas(frame)) > 1:
            chart.spec["title"] = {"text": i18n.name(i18n.REGION_NAMES, area, lang), "anchor": "start"}
        panels.append(chart)
    return panels


def month_year_heatmap(frame: pl.DataFrame, *, value: str, title: str, lang: str) -> Chart:
    """Counts per month (rows) and year (columns), one panel per area: busy and quiet months at a glance."""
    months = i18n.month_names(lang)
    data = with_area_names(frame, lang).with_columns(
        year=pl.col("month").dt.year().cast(pl.String),
        month_name=pl.col("month").dt.month().replace_strict(range(1, 13), months, return_dtype=pl.String),
    )
    areas = _areas(frame)
    mark = _mark("rect")
    encoding = _encoding(
        x=_enc("year:O", title=i18n.text("year", lang), axis={"labelAngle": 0}),
        y=_enc("month_name:N", sort=months, title=None),
        color=_enc(f"{value}:Q", title=title, scale={"scheme": "blues"}),
        tooltip=[
            _area_tooltip(lang),
            _enc("month_name:N", title=i18n.text("month", lang)),
            _enc("year:O", title=i18n.text("year", lang)),
            _enc(f"{value}:Q", title=title, format=",d"),
        ],
    )
    if len(areas) <= 1:
        return _unit(data, mark, encoding, lang, WIDTH, 320)
    # Each panel has its own colour scale: a region's seasons should not vanish beside Flanders.
    return Chart(
        {
            "data": _Data(data),
            "facet": _enc("area_name:N", sort=_area_names(areas, lang), title=None),
            # One panel under the other: two side by side do not fit a 1024-pixel screen.
            "spec": {"mark": mark, "encoding": encoding, "height": 300, "width": 420},
            "columns": 1,
            "config": _config(lang),
            "resolve": {"scale": {"color": "independent"}},
            "$schema": SCHEMA_URL,
        }
    )


def seasonal_index(frame: pl.DataFrame, *, lang: str) -> Chart:
    """The seasonal index per calendar month: the mean as a bar, the spread across years as a line."""
    months = i18n.month_names(lang)
    data = with_names(
        with_area_names(frame, lang), "calendar_month", "month_name", dict(enumerate(months, 1))
    )
    areas = _areas(frame)
    # Abbreviated month names across the axis (twelve full names would stand on end and take
    # the chart's height); the tooltip keeps the full name.
    short = dict(zip(months, i18n.month_names(lang, "abbreviated"), strict=True))
    x = _enc("month_name:N", sort=months, title=None, axis={"labelAngle": 0, "labelExpr": label_expr(short)})
    offset = _enc("area_name:N", sort=_area_names(areas, lang))
    tooltip = [
        _area_tooltip(lang),
        _enc("month_name:N", title=i18n.text("month", lang)),
        _enc("index_mean:Q", title="index", format=".2f"),
        _enc("index_min:Q", title="min", format=".2f"),
        _enc("index_max:Q", title="max", format=".2f"),
    ]
    bars = _layer_item(
        data,
        _mark("bar", opacity=0.8),
        _encoding(
            x=x,
            xOffset=offset,
            y=_enc("index_mean:Q", title=i18n.text("index_axis", lang)),
            color=_area_colour(areas, lang),
            tooltip=tooltip,
        ),
    )
    spread = _layer_item(
        data,
        _mark("rule", color="#333333"),
        _encoding(x=x, xOffset=offset, y=_enc("index_min:Q"), y2=_enc("index_max"), tooltip=tooltip),
    )
    one = _layer_item(
        pl.DataFrame({"y": [1.0]}),
        _mark("rule", strokeDash=[4, 3], color=NOTE_COLOUR),
        _encoding(y=_enc("y:Q")),
    )
    return _layered([bars, spread, one], lang, WIDTH, 320)


def grouped_bars(
    frame: pl.DataFrame,
    *,
    category: str,
    value: str,
    value_title: str,
    lang: str,
    sort: list[str] | None = None,
    percent: bool = False,
    short: Mapping[str, str] | None = None,
) -> Chart:
    """Bars per category, side by side per area; `short` gives a shorter axis label for some
    categories (weekday abbreviations), the tooltip keeps the full name."""
    data = with_area_names(frame, lang)
    areas = _areas(frame)
    fmt = ",.1f" if percent else ",d"
    axis: dict[str, Any] = {"labelAngle": 0}
    wrap = (
        label_expr(short)
        if short
        else wrapped_labels(sort or [str(v) for v in data[category].unique(maintain_order=True).to_list()])
    )
    if wrap:
        axis["labelExpr"] = wrap
    encoding = _encoding(
        x=_enc(f"{category}:N", sort=sort, title=None, axis=axis),
        xOffset=_enc("area_name:N", sort=_area_names(areas, lang)),
        y=_enc(f"{value}:Q", title=value_title, axis={"format": fmt}),
        color=_area_colour(areas, lang),
        tooltip=[
            _area_tooltip(lang),
            _enc(f"{category}:N", title=""),
            _enc(f"{value}:Q", title=value_title, format=fmt),
        ],
    )
    return _unit(data, _mark("bar"), encoding, lang, WIDTH, HEIGHT)


def duration_histogram(frame: pl.DataFrame, *, lang: str, norm_label: str, limit_label: str) -> Chart:
    """Share of finished modules per week of duration, with the 28-day norm and 6-week limit drawn in."""
    data = with_area_names(frame, lang)
    areas = _areas(frame)
    labels = data.sort("bin")["label"].unique(maintain_order=True).to_list()
    bars = _layer_item(
        data,
        _mark("bar"),
        _encoding(
            x=_enc("label:N", sort=labels, title=i18n.text("days", lang), axis={"labelAngle": 0}),
            xOffset=_enc("area_name:N", sort=_area_names(areas, lang)),
            y=_enc("share_pct:Q", title=i18n.text("share_closed", lang), axis={"format": ",.0f"}),
            color=_area_colour(areas, lang),
            tooltip=[
                _area_tooltip(lang),
                _enc("label:N", title=i18n.text("days", lang)),
                _enc("trajectories:Q", title=i18n.text("count", lang), format=",d"),
                _enc("share_pct:Q", title="%", format=",.1f"),
            ],
        ),
    )
    # The norm lines sit on the boundary after the 4th (28 days) and 6th (42 days) weekly bin.
    norms = pl.DataFrame(
        {"label": [labels[3], labels[5]] if len(labels) > 5 else [], "text": [norm_label, limit_label]}
        if len(labels) > 5
        else {"label": [], "text": []},
        schema={"label": pl.String, "text": pl.String},
    )
    at_boundary = _enc("label:N", sort=labels, bandPosition=1)
    rules = _layer_item(
        norms, _mark("rule", color=NORM_COLOUR, strokeWidth=2, strokeDash=[6, 3]), _encoding(x=at_boundary)
    )
    texts = _layer_item(
        norms,
        _mark("text", align="left", dx=4, dy=8, color=NORM_TEXT_COLOUR, fontSize=FONT_SIZE),
        _encoding(x=at_boundary, y={"value": 0}, text=_enc("text:N")),
    )
    return _layered([bars, rules, texts], lang)


def step_curve(frame: pl.DataFrame, *, lang: str, series: str, series_title: str) -> Chart:
    """Share back in residential care by months since going home, one step line per series."""
    encoding = _encoding(
        x=_enc("months:Q", title=i18n.text("months_since_home", lang)),
        y=_enc("back_pct:Q", title=i18n.text("pct_back", lang), scale={"domain": [0, 100]}),
        color=_enc(f"{series}:N", title=series_title, scale={"range": PALETTE}),
        strokeDash=_enc("area_name:N", title=i18n.text("area", lang)),
        tooltip=[
            _area_tooltip(lang),
            _enc(f"{series}:N", title=series_title),
            _enc("months:Q", title=i18n.text("months", lang)),
            _enc("back_pct:Q", title="%", format=",.1f"),
        ],
    )
    mark = _mark("line", interpolate="step-after", strokeWidth=2, point=True)
    return _unit(frame, mark, encoding, lang, WIDTH, HEIGHT)


def stock_over_time(
    frame: pl.DataFrame,
    *,
    x: str,
    measures: dict[str, str],
    lang: str,
    years: tuple[int, int] | None = None,
) -> Chart:
    """Month-end stocks (waiting list, occupancy) per area across exactly the chosen `years`, the
    corona period shaded where it falls inside them."""
    span = time_span(years, frame, x, "month_end")
    data = with_area_names(frame, lang).unpivot(
        index=["area", "area_name", x], on=list(measures), variable_name="measure", value_name="value"
    )
    data = with_names(data, "measure", "measure_name", measures)
    areas = _areas(frame)
    lines = _layer_item(
        data,
        _mark("line", strokeWidth=2),
        _encoding(
            x=_enc(f"{x}:T", title=None, axis=_year_axis(), scale=_time_scale(span)),
            y=_enc("value:Q", title=i18n.text("children", lang), axis={"format": ",d"}),
            color=_area_colour(areas, lang),
            strokeDash=_enc("measure_name:N", title=""),
            tooltip=[
                _area_tooltip(lang),
                _enc("measure_name:N", title=""),
                _enc(f"{x}:T", title="", format="%d-%m-%Y"),
                _enc("value:Q", title=i18n.text("children", lang), format=",d"),
            ],
        ),
    )
    return _layered([*_marked_time(lang, span, policy=False), lines], lang)


OUTSIDE_NODES = {"ggz", "caw", "vaph", "clb", "eerstelijn", "andere", "outside_opgroeien"}


def rates_by_kind(
    frame: pl.DataFrame, *, kinds: dict[str, str], lang: str, years: tuple[int, int] | None = None
) -> Chart:
    """Percentages over exactly the chosen `years`, colour by area, dash by kind (e.g. inside and
    outside Opgroeien: told apart by the dash and the legend, not by colour alone)."""
    span = time_span(years, frame, "date")
    data = with_names(with_area_names(frame, lang), "kind", "kind_name", kinds)
    areas = _areas(frame)
    lines = _layer_item(
        data,
        _mark("line", point=True, strokeWidth=2),
        _encoding(
            x=_enc("date:T", title=None, axis=_year_axis(), scale=_time_scale(span)),
            y=_enc("pct:Q", title="%", axis={"format": ",.0f"}),
            color=_area_colour(areas, lang),
            strokeDash=_enc("kind_name:N", title="", legend={"symbolType": "stroke", "symbolStrokeWidth": 2}),
            shape=_enc("kind_name:N", title=""),
            tooltip=[
                _area_tooltip(lang),
                _enc("kind_name:N", title=""),
                _enc("date:T", title=i18n.text("year", lang), format="%Y"),
                _enc("pct:Q", title="%", format=",.1f"),
            ],
        ),
    )
    return _layered([*_marked_time(lang, span), lines], lang)


# ---------------------------------------------------------------------------------------------
# The referral Sankey, drawn as Vega-Lite like every other chart: the same theme, Dutch numbers in
# its tooltips, and the same PNG/SVG downloads with their provenance. The layout (columns of nodes
# stacked by value, each link a band as thick as its value) is worked out here; Vega-Lite draws
# the nodes as bars and the links as areas along a smooth S-curve.

SANKEY_HEIGHT = 420
_NODE_GAP = 10.0  # pixels of the chart's height between two nodes of a column
_NODE_WIDTH = 0.06  # in columns
_CURVE_POINTS = 11  # points along each link's S-curve (drawn smooth between them)
_MIN_SLOT = 19.0  # pixels: the least room a node takes in its column (a line of its name)
# A node's name is written on more lines beyond this many characters (the last column has room).
_LABEL_CHARS = 13
_LAST_LABEL_CHARS = 20
# Where each column stands: more room after the outcomes, whose names are the longest between columns.
_COLUMN_AT = (0.0, 1.0, 2.6, 3.45)
_LINE_BREAK = "\n"


def _wrap(text: str, width: int) -> str:
    """`text` on lines of about `width` characters (the Sankey's labels sit between its columns)."""
    import textwrap

    return _LINE_BREAK.join(textwrap.wrap(text, width, break_long_words=False)) or text


def _node_colour(node: str, inside: set[str]) -> str:
    if node in inside:
        return INSIDE_COLOUR
    if node.startswith("outside") or node in OUTSIDE_NODES:
        return OUTSIDE_COLOUR
    return NEUTRAL_COLOUR


def sankey_layout(
    links: pl.DataFrame, *, node_names: dict[str, str], inside: set[str], height: float = SANKEY_HEIGHT
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Nodes and link bands of a Sankey of `links` (step, source, target, value): each node in
    the column of its step, as tall as the larger of what enters and what leaves it; a hidden
    link ('<10', value null) is left out of the drawing."""
    shown = [
        (int(st), s, t, int(v))
        for st, s, t, v in links.select("step", "source", "target", "value").iter_rows()
        if v
    ]
    column: dict[str, int] = {}
    for step, source, target, _ in sorted(shown):
        column.setdefault(source, step - 1)
        column[target] = max(column.get(target, step), step)
    into: dict[str, int] = {}
    out: dict[str, int] = {}
    for _, source, target, value in shown:
        out[source] = out.get(source, 0) + value
        into[target] = into.get(target, 0) + value
    size = {n: max(into.get(n, 0), out.get(n, 0)) for n in column}
    columns = sorted(set(column.values()))
    members = {c: sorted((n for n in column if column[n] == c), key=lambda n: (-size[n], n)) for c in columns}
    fullest = max((sum(size[n] for n in members[c]) for c in columns), default=0)
    most = max((len(members[c]) for c in columns), default=1)
    scale = (height - _NODE_GAP * (most - 1)) / fullest if fullest else 0.0
    # The first column's names stand left of it, the others right of their column; the last
    # column has the most room.
    names = {
        n: _wrap(node_names.get(n, n), _LAST_LABEL_CHARS if column[n] == columns[-1] else _LABEL_CHARS)
        for n in column
    }
    top: dict[str, float] = {}
    for c in columns:
        y = 0.0
        for n in members[c]:
            top[n] = y
            # At least a line of text per node, so the names of small nodes do not overlap.
            y += max(size[n] * scale + _NODE_GAP, _MIN_SLOT * (names[n].count(_LINE_BREAK) + 1))
    nodes = pl.DataFrame(
        {
            "node": list(top),
            # The last column's names have the room to the right; the others sit between columns.
            "name": [names[n] for n in top],
            "side": ["left" if column[n] == columns[0] else "right" for n in top],
            "x": [_COLUMN_AT[column[n]] for n in top],
            "x2": [_COLUMN_AT[column[n]] + _NODE_WIDTH for n in top],
            "y": [top[n] for n in top],
            "y2": [top[n] + size[n] * scale for n in top],
            "value": [size[n] for n in top],
            "colour": [_node_colour(n, inside) for n in top],
        },
        schema_overrides={"value": pl.Int64},
    )
    # Each link's band: at its source below the links before it (in the order of their targets),
    # at its target below the links entering before it (in the order of their sources).
    leaving = {n: top[n] for n in top}
    entering = {n: top[n] for n in top}
    band: dict[str, list[Any]] = {
        k: [] for k in ("link", "x", "y", "y2", "source_name", "target_name", "value", "colour")
    }
    curve = [(i / (_CURVE_POINTS - 1)) for i in range(_CURVE_POINTS)]
    for number, (_, source, target, value) in enumerate(
        sorted(shown, key=lambda link: (column[link[1]], top[link[1]], top[link[2]]))
    ):
        thick = value * scale
        sy, ty = leaving[source], entering[target]
        leaving[source] += thick
        entering[target] += thick
        x0, x1 = _COLUMN_AT[column[source]] + _NODE_WIDTH, _COLUMN_AT[column[target]]
        colour = _node_colour(target, inside)
        for t in curve:
            y = sy + (ty - sy) * t * t * (3 - 2 * t)  # smoothstep: leaves and enters level
            band["link"].append(number)
            band["x"].append(x0 + (x1 - x0) * t)
            band["y"].append(y)
            band["y2"].append(y + thick)
            band["source_name"].append(node_names.get(source, source))
            band["target_name"].append(node_names.get(target, target))
            band["value"].append(value)
            band["colour"].append(colour)
    bands = pl.DataFrame(
        band,
        schema={
            "link": pl.Int64, "x": pl.Float64, "y": pl.Float64, "y2": pl.Float64, "source_name": pl.String,
            "target_name": pl.String, "value": pl.Int64, "colour": pl.String,
        },
    )  # fmt: skip
    return nodes, bands


def sankey(
    links: pl.DataFrame,
    *,
    node_names: dict[str, str],
    inside: set[str],
    lang: str,
    height: int = SANKEY_HEIGHT,
) -> Chart:
    """Module → outcome at close → inside or outside Opgroeien → destination, for one area: nodes
    as bars with their names, links as bands as thick as the trajectories on them. Inside and
    outside Opgroeien differ in colour and in their names beside the bars."""
    nodes, bands = sankey_layout(links, node_names=node_names, inside=inside, height=height)
    last = float(nodes["x"].max()) if nodes.height else 3.0
    bottom = max(float(height), float(nodes["y2"].max() or 0) if nodes.height else 0.0)
    x_scale = {"domain": [-1.75, last + 1.75], "nice": False, "zero": False}
    y_scale = {"domain": [0, bottom], "nice": False, "reverse": True, "zero": False}
    no_axis = {"axis": None}
    value_title = i18n.text("trajectories", lang)
    # What a screen reader says for a band and a bar ('binnen Opgroeien → Andere: 10 trajecten'),
    # instead of Vega-Lite's default list of every encoded field (coordinates, colour codes).
    count = f"': ' + format(datum.value, ',d') + ' {value_title.lower()}'"
    link_layer = _layer_item(
        bands,
        _mark("area", interpolate="monotone", opacity=0.4),
        _encoding(
            description={"field": "described", "type": "nominal"},
            x=_enc("x:Q", scale=x_scale, **no_axis),
            y=_enc("y:Q", scale=y_scale, **no_axis),
            y2=_enc("y2"),
            detail=_enc("link:N"),
            color={"field": "colour", "scale": None, "type": "nominal"},
            tooltip=[
                _enc("source_name:N", title=i18n.text("from", lang)),
                _enc("target_name:N", title=i18n.text("to", lang)),
                _enc("value:Q", title=value_title, format=",d"),
            ],
        ),
    )
    link_layer["transform"] = [
        {"calculate": f"datum.source_name + ' → ' + datum.target_name + {count}", "as": "described"}
    ]
    node_layer = _layer_item(
        nodes,
        _mark("rect"),
        _encoding(
            description={"field": "described", "type": "nominal"},
            x=_enc("x:Q", scale=x_scale, **no_axis),
            x2=_enc("x2"),
            y=_enc("y:Q", scale=y_scale, **no_axis),
            y2=_enc("y2"),
            color={"field": "colour", "scale": None, "type": "nominal"},
            tooltip=[
                _enc("name:N", title=""),
                _enc("value:Q", title=value_title, format=",d"),
            ],
        ),
    )
    node_layer["transform"] = [{"calculate": f"datum.name + {count}", "as": "described"}]

    def labels(side: str) -> dict[str, Any]:
        """The names of the nodes on one side of their bar."""
        right = side == "right"
        return {
            "data": _Data(nodes),
            "transform": [
                {"filter": f"datum.side === '{side}'"},
                {"calculate": "(datum.y + datum.y2) / 2", "as": "middle"},
            ],
            "mark": _mark(
                "text",
                align="left" if right else "right",
                baseline="middle",
                dx=4 if right else -4,
                fontSize=FONT_SIZE,
                color=TEXT_COLOUR,
                lineBreak=_LINE_BREAK,
                aria=False,  # the bar beside it says the name and its count
            ),
            "encoding": _encoding(
                x=_enc(f"{'x2' if right else 'x'}:Q", scale=x_scale, **no_axis),
                y=_enc("middle:Q", scale=y_scale, **no_axis),
                text=_enc("name:N"),
            ),
        }

    return _layered([link_layer, node_layer, labels("left"), labels("right")], lang, WIDTH, height)


# ---------------------------------------------------------------------------------------------
# Every region side by side (the page Regio's vergelijken; present/compare.py)

# Regions not chosen: grey, still 3:1 against white (WCAG 2.1 for graphical objects).
OTHER_COLOUR = "#8C8C8C"


def _chosen_colour(areas: list[str], chosen: Sequence[str], lang: str) -> dict[str, Any]:
    """The chosen regions in their own colours, the others grey, Flanders black."""
    names = _area_names(areas, lang)
    colours = [AREA_COLOURS[a] if a in chosen or a == "VL" else OTHER_COLOUR for a in areas]
    return _enc("area_name:N", scale={"domain": names, "range": colours}, legend=None)


def _bold_chosen(chosen: Sequence[str], lang: str) -> dict[str, Any]:
    """Axis labels of the chosen regions in bold: they stand out without relying on colour."""
    names = _area_names([a for a in chosen], lang)
    test = " || ".join(f"datum.value === {json.dumps(n)}" for n in names) or "false"
    return {"condition": {"test": test, "value": "bold"}, "value": "normal"}


def ranked_bars(
    frame: pl.DataFrame,
    *,
    value: str,
    value_title: str,
    lang: str,
    chosen: Sequence[str] = (),
    reference: float | None = None,
    decimals: int = 0,
) -> Chart:
    """One bar per region, largest first, with its value written at the end (`label`: the value as
    every surface writes it, '<10' or '–' when hidden); the chosen regions in colour and bold, the
    others grey; Flanders (`reference`) as a dashed line across."""
    regions = frame.filter(pl.col("area") != "VL")
    data = with_area_names(regions, lang).sort(pl.col(value).fill_null(-1), descending=True)
    order = data["area_name"].to_list()
    areas = data["area"].to_list()
    fmt = ",d" if decimals == 0 else ",.0f"
    top = max([v for v in data[value].to_list() if v is not None] + [reference or 0, 0])
    # Room after the longest bar for its value.
    scale = {"domain": [0, nice_top(top * 1.12)], "nice": False} if top > 0 else {}
    y = _enc("area_name:N", sort=order, title=None, axis={"labelFontWeight": _bold_chosen(chosen, lang)})
    bars = _layer_item(
        data,
        _mark("bar"),
        _encoding(
            x=_enc(f"{value}:Q", title=value_title, axis={"format": fmt}, scale=scale),
            y=y,
            color=_chosen_colour(areas, chosen, lang)
            if chosen
            else _area_colour(areas, lang) | {"legend": None},
            tooltip=[_area_tooltip(lang), _enc("label:N", title=value_title)],
        ),
    )
    # A hidden value has no bar: its mark ('<10', '–') stands at the start of the axis instead.
    labels = _layer_item(
        data.with_columns(label_at=pl.col(value).fill_null(0)),
        _mark("text", align="left", dx=4, fontSize=FONT_SIZE, color=TEXT_COLOUR),
        _encoding(x=_enc("label_at:Q"), y=y, text=_enc("label:N")),
    )
    layers = [bars, labels]
    if reference is not None:
        flanders = i18n.text("flanders", lang)
        ref = pl.DataFrame(
            {"x": [reference], "text": [f"{flanders}: {i18n.fmt_num(reference, lang, decimals)}"]}
        )
        layers.append(
            _layer_item(
                ref,
                _mark("rule", strokeDash=[6, 4], strokeWidth=2, color="#000000"),
                _encoding(x=_enc("x:Q")),
            )
        )
        layers.append(
            _layer_item(
                ref,
                # Left of the line, above the bars: never past the chart's right edge.
                _mark("text", align="right", dx=-4, dy=-8, y=0, fontSize=FONT_SIZE, color=TEXT_COLOUR),
                _encoding(x=_enc("x:Q"), text=_enc("text:N")),
            )
        )
    return _layered(layers, lang, height=40 * max(len(order), 1) + 30)


def compare_lines(
    frame: pl.DataFrame,
    *,
    value: str,
    value_title: str,
    lang: str,
    years: tuple[int, int],
    chosen: Sequence[str] = (),
    decimals: int = 0,
) -> Chart:
    """A line per area over the years: the chosen regions in colour, thick and named at their
    line's end, the others thin grey, Flanders black and dashed (when `frame` holds it); with no
    region chosen, every region in its colour with a legend. The corona period is marked."""
    data = with_area_names(frame.with_columns(date=pl.date(pl.col("year"), 1, 1)), lang)
    areas = _areas(frame)
    span = time_span(years, data, "date")
    axis_format = ",d" if decimals == 0 else ",.0f"
    named = [*chosen, "VL"] if chosen else []
    data = data.with_columns(emphasis=pl.col("area").is_in(named), dashed=pl.col("area") == "VL")
    colour = _chosen_colour(areas, chosen, lang) if chosen else _area_colour(areas, lang)
    lines = _layer_item(
        data,
        _mark("line", point=True),
        _encoding(
            x=_enc("date:T", title=None, axis=_year_axis(), scale=_time_scale(span)),
            y=_enc(
                f"{value}:Q", title=value_title, axis={"format": axis_format}, scale=_value_scale(data, value)
            ),
            color=colour,
            strokeWidth={"condition": {"test": "datum.emphasis", "value": 3}, "value": 1.5},
            strokeDash={"condition": {"test": "datum.dashed", "value": [6, 4]}, "value": [1, 0]},
            tooltip=[
                _area_tooltip(lang),
                _enc("date:T", title=i18n.text("year", lang), format="%Y"),
                _enc("label:N", title=value_title),
            ],
        ),
    )
    layers = [*_marked_time(lang, span), lines]
    if named:
        # The chosen regions' and Flanders' names at their lines' ends: which is which without
        # a colour legend (the grey lines are the other regions; their tooltips name them).
        last = (
            data.filter(pl.col(value).is_not_null() & pl.col("emphasis"))
            .sort("year")
            .group_by("area", maintain_order=True)
            .last()
        )
        # Left of each line's last point, inside the chart at any width; the higher of two close
        # ends named above its point, the lower one below it, so the names do not overlap.
        last = last.sort(value, descending=True).with_row_index("rank")
        for above, dy in ((True, -12), (False, 16)):
            layers.append(
                _layer_item(
                    last.filter((pl.col("rank") % 2 == 0) == above),
                    _mark(
                        "text",
                        align="right",
                        dx=-4,
                        dy=dy,
                        fontSize=FONT_SIZE,
                        fontWeight="bold",
                        color=TEXT_COLOUR,
                    ),
                    _encoding(x=_enc("date:T"), y=_enc(f"{value}:Q"), text=_enc("area_name:N")),
                )
            )
    return _layered(layers, lang)
