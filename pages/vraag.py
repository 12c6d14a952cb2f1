"""Parlementaire vraag: the key figures for the sidebar's period and region, written as the numbered
answer to a written parliamentary question (vraag nr. 712), to copy or download as Word/Markdown."""

from __future__ import annotations

import streamlit as st

from present import catalogue, i18n, notes
from ui import answer, layout
from ui.filters import current

view = current()
lang = view.lang
# No pack button: the page draws no chart or block to put in it; its own files are below.
layout.page_header("page_question", view, intro=i18n.text("question_intro", lang), pack_button=False)

# The key-figure queries count their own modules for all ages: say so when the reader chose either.
ignored = [
    f for f in notes.chosen_filters(view.filters) if f in catalogue.indicator("families_chah_started").ignored
]
if ignored:
    names = i18n.join([i18n.text(f, lang) for f in ignored], lang)
    st.info(i18n.text("question_ignored", lang, filters=names), icon=":material/filter_alt_off:")

regions = view.filters.regions
if len(regions) <= 1:
    answer.show(view, regions, key="all")
else:
    # The dashboard shows regions side by side and the key figures never add them up: one answer each.
    st.caption(i18n.text("question_per_region", lang))
    tabs = st.tabs([i18n.name(i18n.REGION_NAMES, r, lang) for r in regions])
    for tab, region in zip(tabs, regions, strict=True):
        with tab:
            answer.show(view, (region,), key=region)
