"""Definities en bronnen: the indicator catalogue (what each figure is), the named queries behind it,
and the data file itself."""

from __future__ import annotations

import streamlit as st

from present import i18n, sources
from ui import layout
from ui.filters import current

view = current()
lang = view.lang
layout.page_header("page_definitions", view, intro=i18n.text("definitions_intro", lang))

info = layout.build_info()
st.subheader(i18n.text("about_file", lang))
st.markdown(
    "\n".join(
        [
            f"- **{i18n.text('data_version', lang)}**: `{info.data_version}`",
            f"- **{i18n.text('source', lang)}**: "
            + (i18n.text("synthetic_yes", lang) if info.synthetic else i18n.text("synthetic_no", lang)),
            f"- **{i18n.text('built_at', lang)}**: {info.built_at}",
            f"- **{i18n.text('extract_date', lang)}**: {i18n.fmt_date(info.extract_date, lang)}",
            f"- {layout.mode_label(lang)}",
        ]
    )
)
st.markdown(i18n.text("sources_text", lang))

layout.reference_table(
    sources.indicator_table(lang), title=i18n.text("indicators_title", lang), view=view, key="definitions"
)

st.subheader(i18n.text("queries_title", lang))
for entry in sources.definitions():
    with st.expander(f"`{entry.name}` — {entry.purpose[:90]}"):
        st.markdown(
            f"**{i18n.text('grain', lang)}**: {entry.grain}  \n**{i18n.text('period_on', lang)}**: "
            f"{entry.period}  \n**{i18n.text('source', lang)}**: {entry.source}"
        )
        # A Polars frame has no index to show; saying so spares Streamlit a pandas copy to find out.
        st.table(entry.columns, hide_index=True)
        if entry.notes:
            st.markdown("\n".join(f"- {n}" for n in entry.notes))
