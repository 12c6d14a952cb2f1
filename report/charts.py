"""The one chart the report draws itself: the referral flows on paper.

On the Doorverwijzingen page the flows are an ECharts Sankey, which needs a browser. A printed
report gets the same protected links (query `referral_flows`) as two Altair bar charts instead:
the Sankey's first step (module -> outcome at the close) as stacked bars per module, and its last
step (inside/outside Opgroeien -> destination) as bars per destination, coloured inside/outside like
the Sankey's nodes. One column per area; each area has its own scale, so a region's pattern can be
read beside Flanders'.
Links hidden by the protection ('<10') are left out, as the Sankey leaves them out. Everything else
(theme, locale, area colours, Okabe-Ito palette) comes from `present.charts`.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from data.schema import DESTINATIONS, MODULES
from present import charts, i18n

OUTCOMES: tuple[str, ...] = ("referred", "placement_advised", "no_follow_up")
OUTCOME_COLOURS: tuple[str, ...] = (charts.PALETTE[2], charts.PALETTE[3], charts.NEUTRAL_COLOUR)


def referral_flow_bars(flows: pl.DataFrame, *, lang: str) -> alt.TopLevelMixin:
    """Outcome per module and destinations inside/outside Opgroeien, one row/column per area."""
    areas = [a for a in charts.AREA_COLOURS if a in set(flows["area"].to_list())]
    order = [i18n.name(i18n.REGION_NAMES, a, lang) for a in areas]
    outcome_names = {o: i18n.text(o, lang) for o in OUTCOMES}
    module_names = {m: i18n.name(i18n.MODULE_NAMES, m, lang) for m in MODULES}
    destination_names = {d: i18n.name(i18n.DESTINATION_NAMES, d, lang) for d in DESTINATIONS}
    inside, outside = i18n.text("inside", lang), i18n.text("outside", lang)
    # One column per area, side by side, after the labels (about 160 px); each on its own scale.
    panel_width = max(110, (charts.WIDTH - 160) // max(len(areas), 1) - 15)
    shown = charts.with_area_names(flows, lang).filter(pl.col("value").is_not_null() & (pl.col("value") > 0))

    step1 = shown.filter(pl.col("step") == 1).with_columns(
        module_name=pl.col("source").replace_strict(module_names, default=pl.col("source")),
        outcome_name=pl.col("target").replace_strict(outcome_names, default=pl.col("target")),
        outcome_order=pl.col("target").replace_strict(
            {o: i for i, o in enumerate(OUTCOMES)}, default=len(OUTCOMES), return_dtype=pl.Int32
        ),
    )
    outcomes = (
        alt.Chart(step1)
        .mark_bar()
        .encode(
            y=alt.Y(
                "module_name:N",
                sort=[module_names[m] for m in MODULES],
                title=None,
                axis=alt.Axis(labelLimit=260),
            ),
            x=alt.X(
                "value:Q", title=i18n.text("flows_closed", lang), axis=alt.Axis(format=",d", tickCount=4)
            ),
            color=alt.Color(
                "outcome_name:N",
                scale=alt.Scale(domain=[outcome_names[o] for o in OUTCOMES], range=list(OUTCOME_COLOURS)),
                title=i18n.text("flows_outcome", lang),
            ),
            order=alt.Order("outcome_order:Q"),
            column=alt.Column(
                "area_name:N", sort=order, title=None, header=alt.Header(labelFontWeight="bold")
            ),
            tooltip=[
                alt.Tooltip("area_name:N", title=i18n.text("area", lang)),
                alt.Tooltip("module_name:N", title=i18n.text("module", lang)),
                alt.Tooltip("outcome_name:N", title=""),
                alt.Tooltip("value:Q", title=i18n.text("flows_closed", lang), format=",d"),
            ],
        )
        .properties(width=panel_width, height=alt.Step(14))
        .resolve_scale(x="independent")
    )

    destination_order = [destination_names[d] for d, is_inside in DESTINATIONS.items() if is_inside] + [
        destination_names[d] for d, is_inside in DESTINATIONS.items() if not is_inside
    ]
    step3 = shown.filter(pl.col("step") == 3).with_columns(
        destination_name=pl.col("target").replace_strict(destination_names, default=pl.col("target")),
        kind=pl.when(pl.col("inside_opgroeien")).then(pl.lit(inside)).otherwise(pl.lit(outside)),
    )
    destinations = (
        alt.Chart(step3)
        .mark_bar()
        .encode(
            y=alt.Y("destination_name:N", sort=destination_order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X(
                "value:Q", title=i18n.text("flows_referred", lang), axis=alt.Axis(format=",d", tickCount=4)
            ),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=[inside, outside], range=[charts.INSIDE_COLOUR, charts.OUTSIDE_COLOUR]
                ),
                title=i18n.text("flows_destination", lang),
            ),
            column=alt.Column(
                "area_name:N", sort=order, title=None, header=alt.Header(labelFontWeight="bold")
            ),
            tooltip=[
                alt.Tooltip("area_name:N", title=i18n.text("area", lang)),
                alt.Tooltip("destination_name:N", title=""),
                alt.Tooltip("kind:N", title=""),
                alt.Tooltip("value:Q", title=i18n.text("flows_referred", lang), format=",d"),
            ],
        )
        .properties(width=panel_width, height=alt.Step(12))
        .resolve_scale(x="independent")
    )
    chart = alt.vconcat(outcomes, destinations, spacing=18).resolve_scale(color="independent")
    return charts.themed(chart, lang)
