"""Entry point: page config, the shared sidebar filters, and the navigation over the pages.

When the data file cannot be used (missing, empty, damaged, locked by a writer, ...) every page
shows one clear message saying what is wrong and how to fix it, instead of a traceback; the
technical detail goes to the server log. The check runs on every run, so once the file is fixed a
reload shows the dashboard again without a restart.
"""

from __future__ import annotations

# pandas is not imported here: no page needs it to draw (charts are Vega-Lite specs written
# directly, tables go to Streamlit as Arrow), and importing it took a quarter of a second of every
# server's first view. Altair looks pandas up in sys.modules without importing it, and once failed
# on a pandas half-imported by another session ("partially initialized module 'pandas'", twenty
# sessions opening at once on a fresh server, tests/test_load.py): Altair now runs only to make a
# download or a report, after `present.charts.altair_ready()` has imported pandas in full.
import streamlit as st
from streamlit.logger import get_logger

from present import i18n
from ui import data, filters, layout, streamlit_internals

LOG = get_logger("dashboard")

st.set_page_config(page_title=i18n.text("app_title"), page_icon=":material/monitoring:", layout="wide")


# A project with a `pages/` folder starts in Streamlit's legacy multipage mode until the first
# `st.navigation` call, and a session whose first run drew the sidebar in that mode lost all its
# filters (and its link) on its first click afterwards: the first users of a freshly started server
# opening the plain link. Leave legacy mode before drawing anything; the rerun keeps the URL.
# (A deep link to a page is routed the same way by ui/filters.py.)
if streamlit_internals.legacy_pages_run():
    streamlit_internals.leave_legacy_pages()
    st.rerun()

view = filters.sidebar()
# The browser's title and the document's language follow the chosen language.
st.set_page_config(page_title=i18n.text("app_title", view.lang))
layout.chrome(view.lang)


def show_data_problem(err: data.DataFileError, lang: str) -> None:
    """The page for an unusable data file: what is wrong and the fix; the detail only in the log."""
    LOG.warning("Gegevensbestand %s onbruikbaar (%s): %s", err.path, err.kind, err.reason or "ontbreekt")
    holder = f" (PID {err.holder})" if err.holder else ""
    fix = i18n.text("data_fix", lang, path=err.path)
    message = i18n.text(f"data_{err.kind}", lang, path=err.path, holder=holder, fix=fix)
    st.error(message, icon=":material/error:")
    st.stop()


# Checked before the navigation is set up: a run that stops here leaves no page selected, so the
# next run (after the file is fixed) starts from this script again.
try:
    data.build_info()
except data.DataFileError as err:
    show_data_problem(err, view.lang)

PAGES = [
    ("pages/overzicht.py", "page_overview", "overzicht", ":material/dashboard:"),
    ("pages/vergelijking.py", "page_compare", "vergelijking", ":material/leaderboard:"),
    ("pages/seizoenen.py", "page_seasons", "seizoenen", ":material/calendar_month:"),
    ("pages/verlengingen.py", "page_extensions", "verlengingen", ":material/timer:"),
    ("pages/doorverwijzingen.py", "page_referrals", "doorverwijzingen", ":material/alt_route:"),
    ("pages/tijdige_start.py", "page_timely", "tijdige_start", ":material/traffic:"),
    ("pages/verblijf_na_corona.py", "page_residential", "verblijf_na_corona", ":material/home:"),
    ("pages/vraag.py", "page_question", "vraag", ":material/account_balance:"),
    ("pages/tabel.py", "page_table", "tabel", ":material/table_chart:"),
    ("pages/definities.py", "page_definitions", "definities", ":material/menu_book:"),
    ("pages/toegankelijkheid.py", "page_accessibility", "toegankelijkheid", ":material/accessibility:"),
]
navigation = st.navigation(
    [
        st.Page(path, title=i18n.text(title, view.lang), url_path=url, icon=icon, default=i == 0)
        for i, (path, title, url, icon) in enumerate(PAGES)
    ]
)
# Above the page: where the message goes if the file turns bad while a page is being drawn (a
# truncated copy opens, and fails only when a query reaches its missing part).
problem = st.empty()
try:
    navigation.run()
except data.DataFileError as err:
    with problem.container():
        show_data_problem(err, view.lang)
except data.ViewRefused as err:
    # Only a view the sidebar cannot make gets here (the sidebar offers the public choices only).
    with problem.container():
        st.warning(err.message(view.lang), icon=":material/lock:")
layout.settle_after_first_run(navigation.url_path)
