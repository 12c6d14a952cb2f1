"""Definities en bronnen: every indicator's definition, grain, source and caveats; the data file itself."""

from __future__ import annotations

import polars as pl
import streamlit as st

from queries.run import list_queries, query_header
from ui import data, i18n, layout, sources
from ui.filters import current

view = current()
lang = view.lang
layout.page_header("page_definitions", view, intro=i18n.text("definitions_intro", lang))

info = data.build_info()
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

rows = []
for name in list_queries():
    if name == "build_info":
        continue
    header = query_header(name)
    rows.append(
        {
            i18n.text("query", lang): name,
            i18n.text("definition", lang): header.purpose,
            i18n.text("grain", lang): header.grain,
            i18n.text("period_on", lang): header.period,
            i18n.text("source", lang): sources.source(name),
            i18n.text("caveats", lang): " ".join(header.notes),
        }
    )
table = pl.DataFrame(rows)
layout.table_block(table, title=i18n.text("page_definitions", lang), source="—", view=view, key="definitions")

for name in list_queries():
    if name == "build_info":
        continue
    header = query_header(name)
    with st.expander(f"`{name}` — {header.purpose[:90]}"):
        st.markdown(
            f"**{i18n.text('grain', lang)}**: {header.grain}  \n**{i18n.text('period_on', lang)}**: "
            f"{header.period}  \n**{i18n.text('source', lang)}**: {sources.source(name)}"
        )
        st.table(
            pl.DataFrame(
                [{"kolom": c.name, "type": c.sql_type, "betekenis": c.description} for c in header.columns]
            )
        )
        if header.notes:
            st.markdown("\n".join(f"- {n}" for n in header.notes))
