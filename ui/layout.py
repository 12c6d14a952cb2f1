"""Page furniture: the synthetic-data banner, the mode line, and a chart block with table and downloads.

Every page also gets the position-paper pack button under its title (ui/pack.py): each chart and
table block drawn on the page adds its figure to the pack of the current view.
"""

from __future__ import annotations

import atexit
import functools
import gc
import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl
import pyarrow as pa
import streamlit as st

from present import catalogue, charts, export, i18n, notes, tables
from queries import disclosure
from queries.run import list_queries, query_header
from report.pack import PackItem, slug
from ui import data, filters, mode, pack, streamlit_internals
from ui.filters import View

_SETTLED: set[str] = set()


def settle_after_first_run(page: str) -> None:
    """After the first run of a page in this process, leave what exists now out of Python's cycle
    collector for good (`gc.freeze`).

    The modules, classes and caches a page's first run brings in live as long as the server. Each
    full collection scanned all of them again (~0.1 s, in the middle of someone's page run);
    frozen, a collection only looks at what the runs since have made.
    """
    if page in _SETTLED:
        return
    if not _SETTLED:
        # At exit everything goes back to the collector, so the interpreter frees it as before
        # (frozen DuckDB objects otherwise outlive their module, and nanobind reports leaks).
        atexit.register(gc.unfreeze)
    _SETTLED.add(page)
    gc.freeze()


# What the theme cannot say (no option for it in Streamlit): tiles as a grid that reflows to fewer
# tiles per row on a narrow screen (each at least 10.5rem wide), a value that wraps instead of being
# cut, and no "Download as PNG" in the charts' own menu (an image without title, source or the
# synthetic-data mark; every chart has the project's PNG and SVG downloads instead). The answer's
# tables (ui/answer.py) wrap their long headers anywhere (cells only at a space: never inside a
# number, and exact mode's '3 (klein aantal: niet publiceren)' wraps after the 3), and are set
# smaller on a phone, so four columns fit 390 pixels. A download button's figure title (in
# italics in its label) is there for screen readers and hidden from the eye, the usual
# visually-hidden rule: Streamlit has no aria-label for a button. The navigation's links and a
# chart's toolbar buttons get a focus ring in the text's colour (Streamlit marks their keyboard focus
# with a faint background or not at all, and the theme has no option for focus; WCAG 2.4.7), and so
# does the main area, which Chromium puts in the Tab order because it scrolls. A plain table
# (st.table: the definitions' technical details) wraps and shrinks like the answer's on a phone;
# one still wider than the screen scrolls in its box, which ui/streamlit_internals.A11Y_SCRIPT lets
# the keyboard reach (and which gets the focus ring too).
_CSS = """
div:has(> [class*="st-key-tile-"]) { flex: 1 1 10.5rem; min-width: min(10.5rem, 100%); }
div:has(> [class*="st-key-sankey-"]) { flex: 1 1 28rem; min-width: min(28rem, 100%); }
[data-testid="stMetricValue"] > div { white-space: normal; overflow: visible; text-overflow: clip; }
button[aria-label="Download as PNG"] { display: none; }
[class*="st-key-answer-table-"] th { hyphens: auto; overflow-wrap: anywhere; }
[data-testid="stSidebarNav"] a:focus-visible, [data-testid="stElementToolbar"] button:focus-visible {
  outline: 2px solid currentColor; outline-offset: 2px;
}
:is([data-testid="stMain"], [data-testid="stTable"] [tabindex]):focus-visible {
  outline: 2px solid currentColor; outline-offset: -2px;
}
[class*="st-key-dl-"] button em {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
}
[data-testid="stTable"] th { hyphens: auto; overflow-wrap: anywhere; }
@media (max-width: 640px) {
  :is([class*="st-key-answer-table-"], [data-testid="stTable"]) table { font-size: 0.8rem; }
  :is([class*="st-key-answer-table-"], [data-testid="stTable"]) :is(th, td) { padding: 0.25rem 0.35rem; }
}
"""


def chrome(lang: str) -> None:
    """The page's style rules and its document language (`<html lang>`), once per run."""
    st.html(
        f"<style>{_CSS}</style><script>document.documentElement.lang = {lang!r};"
        f"{streamlit_internals.A11Y_SCRIPT}</script>",
        unsafe_allow_javascript=True,
    )


def build_info() -> data.BuildInfo:
    """What the data file says about itself, asked once per run (dashboard.py checks the file first)."""
    return filters.once_per_run("build_info", data.build_info)


def provenance(title: str, source: str, view: View) -> export.Provenance:
    """What a download says about itself: title, selection, period, source, data version, mode, the
    link that reopens the view (on the page being drawn), synthetic mark."""
    info = build_info()
    url_path, _ = streamlit_internals.current_page()
    return export.Provenance(
        title=title,
        filters=view.describe(),
        source=f"{i18n.text('source', view.lang)}: {source}",
        data_version=f"{i18n.text('data_version', view.lang)} {info.data_version}",
        mode=mode_label(view.lang),
        synthetic_mark=i18n.text("synthetic_mark", view.lang) if info.synthetic else None,
        selection=view.describe(period=False),
        period=f"{view.year_from}–{view.year_to}",
        link=filters.link(view, url_path),
        lang=view.lang,
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
    """Counts hidden by the protection step read '<10', never blank; the query's column names kept
    (the pack's tables; a reader's table is `present.tables.reader_table`)."""
    return tables.with_hidden_counts(table)


def _dataframe(table: pl.DataFrame) -> None:
    """`st.dataframe` of a (protected, display-ready) table, as Streamlit draws the Polars frame."""
    shown = streamlit_internals.arrow_for_dataframe(table)
    # Streamlit pages a table lazily only from 150 000 rows (these are aggregates, far smaller);
    # saying so up front keeps it from importing pandas just to ask whether this is a pandas frame.
    lazy = False if table.height <= streamlit_internals.EAGER_ROWS and isinstance(shown, pa.Table) else None
    # A date goes to the browser as a timestamp (as pandas would send it): shown as a date, without
    # the '00:00:00' of a time nobody registered.
    dates = {
        c: st.column_config.DateColumn(format="DD/MM/YYYY") for c, t in table.schema.items() if t == pl.Date
    }
    st.dataframe(shown, hide_index=True, width="stretch", lazy=lazy, column_config=dates or None)


def page_header(title_key: str, view: View, intro: str | None = None, *, pack_button: bool = True) -> None:
    """Title, the synthetic-data banner while the default is loaded, and the mode line; the pack
    button unless the page has no figure to put in it (`pack_button=False`)."""
    st.title(i18n.text(title_key, view.lang))
    info = build_info()
    if info.synthetic:
        st.info(i18n.text("synthetic_banner", view.lang), icon=":material/science:")
    elif disclosure.ptable_secret()[1] and data.current_mode() == disclosure.PUBLIC:
        # Real data protected with the public default seed: anyone could redo the rounding.
        st.warning(i18n.text("ptable_default", view.lang), icon=":material/key:")
    st.caption(
        f"{view.describe()} · {mode_label(view.lang)} · "
        f"{i18n.text('data_version', view.lang)} {info.data_version}"
    )
    if pack_button:
        pack.begin(view, i18n.text(title_key, view.lang))
    if intro:
        st.markdown(intro)


def _arrow_dataset(frame: pl.DataFrame) -> tuple[str, bytes]:
    """A chart's frame as Streamlit sends it: Arrow IPC bytes, named by their hash (as st.altair_chart)."""
    table = frame.to_arrow()
    sink = pa.BufferOutputStream()
    with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
        writer.write_table(table)
    data = sink.getvalue().to_pybytes()
    return hashlib.blake2b(data, digest_size=16, usedforsecurity=False).hexdigest(), data


def vega_lite_spec(chart: charts.Chart, description: str | None = None) -> dict[str, Any]:
    """The spec `st.vega_lite_chart` draws: the chart's datasets as Arrow, the page's theme, and
    `description`, the chart's accessible name (Vega-Embed and Vega make it the chart's
    aria-label, where it would say 'Vega visualization')."""
    spec, datasets = chart.with_data(_arrow_dataset)
    spec["datasets"] = datasets
    if description:
        spec["description"] = description
    return spec


def chart_description(item: catalogue.Indicator, title: str, lang: str) -> str:
    """What a chart is called for a screen reader: its title and what it shows (the definition)."""
    return f"{i18n.text('chart_word', lang)}: {title}. {item.definition(lang)}"


def about(indicator: catalogue.Indicator, lang: str) -> str:
    """What a block shows, in words: the indicator's definition, scope, source and caveats."""
    parts = [
        indicator.definition(lang),
        f"{i18n.text('scope', lang)}: {indicator.modules(lang)}.",
        f"{i18n.text('source', lang)}: {indicator.source}.",
        *(c(lang) for c in indicator.caveats),
    ]
    return " ".join(parts)


def tile_grid(key: str) -> Any:
    """A row of tiles that wraps: as many tiles per row as fit (each at least 10.5rem wide)."""
    return st.container(horizontal=True, gap="small", key=f"tiles-{key}")


def tile(
    grid: Any,
    indicator: str,
    row: Mapping[str, Any] | None,
    view: View,
    *,
    key: str,
    delta: str | None = None,
    chart_data: list[float] | None = None,
    extra: str | None = None,
) -> None:
    """A tile of one catalogue indicator in `grid` (from `tile_grid`): its label (wrapping, never
    cut), the value from `row` (the indicator's query row; None when the period has none) as the
    catalogue formats it, `extra` (the figure per 10.000 minors), the count behind a percentage,
    why a value is not shown, and whether a chosen filter does not apply. The definition, scope
    and source are behind the help icon."""
    item = catalogue.indicator(indicator)
    lang = view.lang
    value = row.get(item.column) if row is not None else None
    exact = data.current_mode() != disclosure.PUBLIC
    lines = notes.value_notes(item, row, lang, exact=exact)
    ignored = notes.ignored_note(item, view.filters, lang)
    # The sparkline's values in words, for whoever cannot see it (it is hidden from screen readers).
    trend = (
        " " + i18n.text("tile_trend", lang, values=" → ".join(item.text(v, lang) for v in chart_data))
        if chart_data
        else ""
    )
    with grid.container(border=True, key=f"tile-{key}-{indicator}"):
        st.markdown(f"**{item.label(lang)}**", help=about(item, lang) + trend)
        st.metric(
            item.label(lang),
            item.text(value, lang) if row is not None else "–",
            delta=delta,
            delta_color="off",
            label_visibility="collapsed",
            chart_data=chart_data,
            chart_type="line",
        )
        for line in [*([extra] if extra else []), *lines, *([ignored] if ignored else [])]:
            st.caption(line)


def chart_block(
    chart: charts.Chart,
    table: pl.DataFrame,
    *,
    indicator: str,
    view: View,
    key: str,
    caption: str | None = None,
    title_suffix: str = "",
    on_screen: list[charts.Chart] | None = None,
    title: str | None = None,
) -> None:
    """A chart of one catalogue indicator, with its title, a data table for readers who cannot see
    it, and four downloads; the title (unless given), definition and source come from the catalogue.

    `on_screen` draws the chart on the page as these charts, one under the other, each as wide
    as the page (the panels of a faceted chart, which cannot follow the screen's width), while
    the downloads keep `chart`. The chart and its table also go into the page's position-paper pack.
    """
    item = catalogue.indicator(indicator)
    title = title or item.title(view.lang) + title_suffix
    st.header(title, help=about(item, view.lang))
    if table.is_empty():
        st.info(i18n.text("no_data", view.lang))
        return
    description = chart_description(item, title, view.lang)
    for shown in on_screen or [chart]:
        st.vega_lite_chart(vega_lite_spec(shown, description), width="stretch")
    if caption:
        st.caption(caption)
    if _has_hidden_values(table):
        st.caption(i18n.text("hidden_note", view.lang))
    reader = tables.reader_table(table, view.lang, indicator=item)
    table = for_display(table)
    # The chart's data as Streamlit's grid, whose header cells a screen reader meets (role
    # columnheader). Not st.table, a plain HTML table: it imports pandas on every page
    # (tests/test_layout.py), which the pages avoid (a quarter of a second of a first view).
    with st.expander(i18n.text("show_table", view.lang)):
        _dataframe(reader.shown())
    _downloads(table, title=title, item=item, view=view, key=key, chart=chart, reader=reader)


def _markdown_escape(text: str) -> str:
    """`text` as literal text in a Streamlit label (its markdown characters escaped)."""
    return re.sub(r"([\\`*_\[\]<>~|#])", r"\\\1", text)


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
    table: pl.DataFrame,
    *,
    indicator: str,
    view: View,
    key: str,
    title_suffix: str = "",
    title: str | None = None,
    reader: tables.ReaderTable | None = None,
) -> None:
    """A table (no chart) of one catalogue indicator with CSV and Excel downloads; it also goes
    into the page's pack. `reader` gives the reader's table when it is not a query result's."""
    item = catalogue.indicator(indicator)
    title = title or item.title(view.lang) + title_suffix
    st.header(title, help=about(item, view.lang))
    if table.is_empty():
        st.info(i18n.text("no_data", view.lang))
        return
    reader = reader or tables.reader_table(table, view.lang, indicator=item)
    table = for_display(table)
    _dataframe(reader.shown())
    _downloads(table, title=title, item=item, view=view, key=key, chart=None, reader=reader)


def reference_table(table: pl.DataFrame, *, title: str, view: View, key: str) -> None:
    """A table that is no indicator (the catalogue itself on the Definities page), with downloads;
    its headers are already the reader's words."""
    st.header(title)
    _dataframe(table)
    _downloads(table, title=title, item=None, view=view, key=key, chart=None)


def _file_stem(title: str, item: catalogue.Indicator | None, view: View) -> str:
    """A download's name without extension: page, figure, areas, period, and the module and age
    choice when there is one (`verlengingen_verlengingsgraad-per-jaar_limburg_2022-2024`), so that
    downloads of two views never overwrite each other."""
    lang = view.lang
    _, page = streamlit_internals.current_page()
    base = item.title(lang) if item else title
    # The figure by the head of its title (before its explanation in brackets or after a comma),
    # then what the page added to it (' — Crisishulp aan huis', ' — Antwerpen').
    head = re.split(r"[(,:]", base, maxsplit=1)[0]
    added = title[len(base) :] if title.startswith(base) else ""
    f = view.filters
    regions = ", ".join(i18n.name(i18n.REGION_NAMES, r, lang) for r in f.regions) or i18n.text(
        "flanders", lang
    )
    years = str(view.year_from) if view.year_from == view.year_to else f"{view.year_from}-{view.year_to}"
    choice = filters.module_choice(f.modules) if f.modules else ""
    module = i18n.name(i18n.MODULE_CHOICE_NAMES, choice, lang) if choice else ""
    age = i18n.name(i18n.AGE_NAMES, f.age_bands[0], lang) if f.age_bands else ""
    figure = "-".join(slug(part) for part in (head, added) if part.strip(" —"))
    parts = [
        slug(page) if page else "",
        figure,
        slug(regions),
        years,
        slug(module) if module else "",
        slug(age) if age else "",
    ]
    return "_".join(p for p in parts if p)


def _downloads(
    table: pl.DataFrame,
    *,
    title: str,
    item: catalogue.Indicator | None,
    view: View,
    key: str,
    chart: charts.Chart | None,
    reader: tables.ReaderTable | None = None,
) -> None:
    """The block's CSV and Excel (the reader's table under its header block) and, for a chart, PNG
    and SVG; the pack gets `table` as the query named its columns."""
    # A table that is no indicator is the catalogue itself (Definities): it describes both systems.
    prov = provenance(title, item.source if item else ", ".join(catalogue.SOURCES), view)
    stem = _file_stem(title, item, view)
    shown = reader or tables.reader_table(table, view.lang, indicator=item)
    locale = i18n.VEGA_LOCALE[view.lang]
    if item is not None:
        pack.register(
            PackItem(
                title,
                table,
                prov,
                chart,
                locale=locale,
                query=item.query,
                derived=item.derived,
                indicator=item.key,
            )
        )
    buttons: list[tuple[str, Callable[[], bytes], str, str]] = [
        (
            "download_csv",
            lambda: export.csv_bytes(shown.shown(decimal_comma=True), prov),
            f"{stem}.csv",
            "text/csv",
        ),
        (
            "download_xlsx",
            lambda: export.xlsx_bytes(shown.frame, prov, hidden=shown.hidden),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ]
    if chart is not None:
        buttons += [
            ("download_png", lambda: export.chart_png(chart, prov, locale), f"{stem}.png", "image/png"),
            ("download_svg", lambda: export.chart_svg(chart, prov, locale), f"{stem}.svg", "image/svg+xml"),
        ]
    # One row of buttons as wide as their labels: a flex row is one element, where columns were
    # seven (the row and a block per column) for every chart on every run.
    row = st.container(horizontal=True, gap="small")
    # Each button's accessible name says which figure, and the visible label stays short: the
    # title follows in italics, which the style rules hide from the eye only (_CSS).
    named = f" *– {_markdown_escape(title)}*"
    for label, make, file_name, mime in buttons:
        row.download_button(
            f"⬇ {i18n.text(label, view.lang)}{named}",
            data=make,
            file_name=file_name,
            mime=mime,
            key=f"dl-{key}-{label}",
            on_click="ignore",
        )
