"""Toegankelijkheid: the dashboard's accessibility statement, in the Flemish government's usual form.

The standard, the status, how the dashboard was tested, what is known not to comply and why, how to
report a problem, and the statement's date. It shows no figures (so no pack button and no entry in
catalogue.PAGES). When a part below is fixed, its line goes; when all are fixed, the status changes.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from present import i18n
from ui import layout
from ui.filters import current

# The day the statement was written or last reviewed (said on the page; review it with each release).
STATEMENT_DATE = date(2026, 12, 3)
# The statement's parts: its heading and its text, in order.
SECTIONS = [
    ("a11y_standard_title", "a11y_standard"),
    ("a11y_status_title", "a11y_status"),
    ("a11y_tested_title", "a11y_tested"),
    ("a11y_gaps_title", "a11y_gaps"),
    ("a11y_contact_title", "a11y_contact"),
]

view = current()
lang = view.lang
layout.page_header("page_accessibility", view, intro=i18n.text("a11y_intro", lang), pack_button=False)
for title, body in SECTIONS:
    st.header(i18n.text(title, lang))
    st.markdown(i18n.text(body, lang))
st.caption(i18n.text("a11y_date", lang, date=i18n.fmt_date(STATEMENT_DATE, lang)))
