"""Entry point: page config, the shared sidebar filters, and the navigation over the seven pages.

When the data file cannot be used (missing, empty, damaged, locked by a writer, ...) every page
shows one clear message saying what is wrong and how to fix it, instead of a traceback; the
technical detail goes to the server log. The check runs on every run, so once the file is fixed a
reload shows the dashboard again without a restart.
"""

from __future__ import annotations

import streamlit as st
from streamlit.logger import get_logger

from ui import data, filters, i18n

LOG = get_logger("dashboard")

st.set_page_config(page_title=i18n.text("app_title"), page_icon=":material/monitoring:", layout="wide")

view = filters.sidebar()


def show_data_problem(err: data.DataFileError, lang: str) -> None:
    """The page for an unusable data file: what is wrong and the fix; the detail only in the log."""
    LOG.warning("Gegevensbestand %s onbruikbaar (%s): %s", err.path, err.kind, err.reason or "ontbreekt")
    holder = f" (PID {err.holder})" if err.holder else ""
    fix = i18n.text("data_fix", lang, path=err.path)
    message = i18n.text(f"data_{err.kind}", lang, path=err.path, holder=holder, fix=fix)
    st.error(message, icon=":material/error:")
    st.stop()


PAGES = [
    ("pages/overzicht.py", "page_overview", "overzicht", ":material/dashboard:"),
    ("pages/seizoenen.py", "page_seasons", "seizoenen", ":material/calendar_month:"),
    ("pages/verlengingen.py", "page_extensions", "verlengingen", ":material/timer:"),
    ("pages/doorverwijzingen.py", "page_referrals", "doorverwijzingen", ":material/alt_route:"),
    ("pages/tijdige_start.py", "page_timely", "tijdige_start", ":material/traffic:"),
    ("pages/verblijf_na_corona.py", "page_residential", "verblijf_na_corona", ":material/home:"),
    ("pages/definities.py", "page_definitions", "definities", ":material/menu_book:"),
]
navigation = st.navigation(
    [
        st.Page(path, title=i18n.text(title, view.lang), url_path=url, icon=icon, default=i == 0)
        for i, (path, title, url, icon) in enumerate(PAGES)
    ]
)
# Above the page: where the message goes if the file turns bad while a page is being drawn.
problem = st.empty()
try:
    data.build_info()
    navigation.run()
except data.DataFileError as err:
    with problem.container():
        show_data_problem(err, view.lang)
