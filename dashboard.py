"""Entry point: page config, the shared sidebar filters, and the navigation over the seven pages."""

from __future__ import annotations

import streamlit as st

from ui import data, filters, i18n

st.set_page_config(page_title=i18n.text("app_title"), page_icon=":material/monitoring:", layout="wide")

view = filters.sidebar()

try:
    data.build_info()
except data.DataFileError as err:
    key = "data_missing" if err.reason is None else "data_unreadable"
    st.error(i18n.text(key, view.lang, path=err.path, reason=err.reason), icon=":material/error:")
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
navigation.run()
