"""The dashboard's buttons for the position-paper pack (every page) and the regional report (Overzicht).

Pack: `layout.page_header` starts a fresh list of figures for the page being drawn and puts the pack
button under the title; every `layout.chart_block` and `layout.table_block` adds its figure (chart,
protected table, provenance) to that list. The button's file is made when it is clicked (Streamlit's
deferred download), from the list as the page left it: every chart of the current view.

Report: two buttons (PDF, HTML) for the view in the sidebar: its regions beside Flanders, its period,
modules and ages, in the mode the page shows. The file is made when clicked, from the same named
queries and protection step as the page, on the page's shared connection.

The deferred callables run outside the page's script run, so everything they need (the connection,
the mode, the data version) is taken while the page is drawn; they call no Streamlit function.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from present import charts, i18n
from queries.run import QueryError
from report.content import build
from report.model import MAX_REGIONS, DataInfo, ReportRequest, protected_runner
from report.pack import Citation, PackItem, build_pack, file_name, slug
from ui import data, filters, streamlit_internals
from ui.filters import View

_ITEMS = "_pack_items"


def _page_path() -> str:
    """The URL path of the page being drawn ('verlengingen'; '' for the default page)."""
    return streamlit_internals.current_page()[0]


def _period(view: View) -> str:
    return f"{view.year_from}–{view.year_to}"


def selection(view: View) -> str:
    """The view in words without its period, which CITATION.txt gives a line of its own."""
    return view.describe(period=False)


def view_link(view: View, page: str = "") -> str:
    """The address that reopens the view on this page, or '' without a browser's address (a
    relative path would tell a reader of CITATION.txt nothing)."""
    address = filters.link(view, page or _page_path())
    return address if address.startswith(("http://", "https://")) else ""


def begin(view: View, where: str, page: str = "") -> None:
    """Start the page's list of figures and draw the pack button (its zip is made when clicked).
    `page` is the page's URL path for the link in CITATION.txt (default: read from the address)."""
    items: list[PackItem] = []
    st.session_state[_ITEMS] = items
    info = filters.once_per_run("build_info", data.build_info)
    citation = Citation(
        selection=selection(view),
        period=_period(view),
        data_version=info.data_version,
        mode=data.current_mode(),
        synthetic=info.synthetic,
        made_on=date.today(),
        where=where,
        lang=view.lang,
        link=view_link(view, page),
    )

    def make() -> bytes:
        return build_pack(list(items), replace(citation, made_on=date.today()))

    st.download_button(
        i18n.text("pack_button", view.lang),
        data=make,
        file_name=file_name(f"pakket-{slug(where)}", view.describe(), date.today()),
        mime="application/zip",
        key="pack-download",
        on_click="ignore",
        help=i18n.text("pack_help", view.lang),
    )


def register(item: PackItem) -> None:
    """Add a figure drawn on this page to the pack (its query and indicator travel with it)."""
    items = st.session_state.get(_ITEMS)
    if isinstance(items, list):
        items.append(item)


def items() -> list[PackItem]:
    """The figures collected on this run of the page (for tests)."""
    found = st.session_state.get(_ITEMS)
    return list(found) if isinstance(found, list) else []


def report_buttons(view: View) -> None:
    """The regional report of the current view as PDF and HTML, each made when its button is clicked."""
    lang = view.lang
    st.markdown(f"**{i18n.text('report_heading', lang)}**")
    f = view.filters
    if len(f.regions) > MAX_REGIONS:
        st.caption(i18n.text("report_too_many", lang, n=MAX_REGIONS))
        return
    try:
        request = ReportRequest(
            year_from=view.year_from,
            year_to=view.year_to,
            regions=f.regions,
            modules=f.modules,
            age_bands=f.age_bands,
            mode=data.current_mode(),
            lang=lang,
        ).checked()
    except QueryError:
        return
    info = filters.once_per_run("build_info", data.build_info)
    known = DataInfo(info.data_version, info.synthetic, info.extract_date)
    runner = protected_runner(data.connection(), request.mode)
    stem = f"regiorapport-{slug(view.describe())}"

    def make(kind: str):
        def run() -> bytes:
            # ReportLab and the HTML renderer are imported on the first click, not on every page;
            # the report's referral chart is Altair (see present.charts.altair_ready).
            charts.altair_ready()
            from report.html import render_html
            from report.pdf import render_pdf

            report = build(replace(request, made_on=date.today()), runner, known)
            return render_pdf(report) if kind == "pdf" else render_html(report).encode("utf-8")

        return run

    # One row of buttons as wide as their labels (the labels read in full, wrapping on a phone).
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        i18n.text("report_pdf", lang),
        data=make("pdf"),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        key="report-pdf",
        on_click="ignore",
        help=i18n.text("report_help", lang),
    )
    row.download_button(
        i18n.text("report_html", lang),
        data=make("html"),
        file_name=f"{stem}.html",
        mime="text/html",
        key="report-html",
        on_click="ignore",
        help=i18n.text("report_help", lang),
    )
