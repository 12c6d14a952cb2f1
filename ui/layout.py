"""Page furniture: the synthetic-data banner, the mode line, and a chart block with table and downloads.

Every page also gets the position-paper pack button under its title (ui/pack.py): each chart and
table block drawn on the page adds its figure to the pack of the current view.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import altair as alt
import polars as pl
import streamlit as st

from queries import disclosure
from queries.run import list_queries, query_header
from report.pack import PackItem
from ui import data, export, i18n, mode, pack
from ui.filters import View


def provenance(title: str, source: str, view: View) -> export.Provenance:
    """What a download says about itself: title, filters, source, data version, mode, synthetic mark."""
    info = data.build_info()
    return export.Provenance(
        title=title,
        filters=view.describe(),
        source=f"{i18n.text('source', view.lang)}: {source}",
        data_version=f"{i18n.text('data_version', view.lang)} {info.data_version}",
        mode=mode_label(view.lang),
        synthetic_mark=i18n.text("synthetic_mark", view.lang) if info.synthetic else None,
    )


def mode_label(lang: str) -> str:
    """Which numbers this page shows (exact for signed-in staff, otherwise public)."""
    return mode.mode_notice(data.current_mode(), lang)


@functools.cache
def _count_columns() -> frozenset[str]:
    """Every output column that some named query declares a count (protected, maybe '<10')."""
    return frozenset(
        column
        for name in list_queries()
        for column, role in query_header(name).roles.items()
        if role.kind == "count"
    )


def for_display(table: pl.DataFrame) -> pl.DataFrame:
    """Counts hidden by the protection step read '<10' in tables and downloads, never blank."""
    hidden = [
        c
        for c in table.columns
        if c in _count_columns() and table.schema[c].is_integer() and table[c].null_count()
    ]
    return table.with_columns(
        pl.col(c).cast(pl.String).fill_null(disclosure.SMALL_COUNT_LABEL) for c in hidden
    )


def page_header(title_key: str, view: View, intro: str | None = None) -> None:
    """Title, the synthetic-data banner while the default is loaded, and the mode line."""
    st.title(i18n.text(title_key, view.lang))
    info = data.build_info()
    if info.synthetic:
        st.info(i18n.text("synthetic_banner", view.lang), icon=":material/science:")
    st.caption(
        f"{view.describe()} · {mode_label(view.lang)} · "
        f"{i18n.text('data_version', view.lang)} {info.data_version}"
    )
    pack.begin(view, i18n.text(title_key, view.lang))
    if intro:
        st.markdown(intro)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "grafiek"


def chart_block(
    chart: alt.TopLevelMixin,
    table: pl.DataFrame,
    *,
    title: str,
    source: str,
    view: View,
    caption: str | None = None,
    key: str,
    query: str | None = None,
) -> None:
    """A chart with its title, a data table for readers who cannot see it, and four downloads.

    The chart and its table also go into the page's position-paper pack; `query` names the named
    query behind the table (found from the title when not given, see ui/pack.py).
    """
    st.subheader(title)
    if table.is_empty():
        st.info(i18n.text("no_data", view.lang))
        return
    st.altair_chart(chart, width="stretch")
    if caption:
        st.caption(caption)
    if _has_hidden_values(table):
        st.caption(i18n.text("hidden_note", view.lang))
    _table_and_downloads(table, title=title, source=source, view=view, key=key, chart=chart, query=query)


def _has_hidden_values(table: pl.DataFrame) -> bool:
    """Whether disclosure control hid some number of this table (a gap in the chart)."""
    figures = [
        c
        for c, t in table.schema.items()
        if t.is_numeric()
        and (c in _count_columns() or c.endswith("_pct") or c.startswith(("median", "mean")))
    ]
    return any(table[c].null_count() for c in figures)


def table_block(
    table: pl.DataFrame, *, title: str, source: str, view: View, key: str, query: str | None = None
) -> None:
    """A table (no chart) with CSV and Excel downloads; it also goes into the page's pack."""
    st.subheader(title)
    if table.is_empty():
        st.info(i18n.text("no_data", view.lang))
        return
    table = for_display(table)
    st.dataframe(table, hide_index=True, width="stretch")
    _downloads(table, title=title, source=source, view=view, key=key, chart=None, query=query)


def _table_and_downloads(
    table: pl.DataFrame,
    *,
    title: str,
    source: str,
    view: View,
    key: str,
    chart: alt.TopLevelMixin | None,
    query: str | None = None,
) -> None:
    table = for_display(table)
    with st.expander(i18n.text("show_table", view.lang)):
        st.dataframe(table, hide_index=True, width="stretch")
    _downloads(table, title=title, source=source, view=view, key=key, chart=chart, query=query)


def _downloads(
    table: pl.DataFrame,
    *,
    title: str,
    source: str,
    view: View,
    key: str,
    chart: alt.TopLevelMixin | None,
    query: str | None = None,
) -> None:
    prov = provenance(title, source, view)
    stem = _slug(title)
    locale = i18n.VEGA_LOCALE[view.lang]
    pack.register(PackItem(title, table, prov, chart, locale=locale), query)
    buttons: list[tuple[str, Callable[[], bytes], str, str]] = [
        ("download_csv", lambda: export.csv_bytes(table), f"{stem}.csv", "text/csv"),
        (
            "download_xlsx",
            lambda: export.xlsx_bytes(table, prov),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ]
    if chart is not None:
        buttons += [
            ("download_png", lambda: export.chart_png(chart, prov, locale), f"{stem}.png", "image/png"),
            ("download_svg", lambda: export.chart_svg(chart, prov, locale), f"{stem}.svg", "image/svg+xml"),
        ]
    columns = st.columns(len(buttons) + 2)
    for column, (label, make, file_name, mime) in zip(columns, buttons, strict=False):
        column.download_button(
            f"⬇ {i18n.text(label, view.lang)}",
            data=make,
            file_name=file_name,
            mime=mime,
            key=f"dl-{key}-{label}",
            on_click="ignore",
        )
