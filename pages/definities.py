"""Definities en bronnen, written for its readers: the data file, what every figure shares, then per
dashboard page each indicator in plain words, with the technical details folded away for analysts.

What a figure is comes from the indicator catalogue (present/indicators.toml, which also says on
which pages it is shown); the technical part from the named queries' own headers.
"""

from __future__ import annotations

import streamlit as st

from data.schema import REGIONS
from present import catalogue, i18n, sources, tables
from queries.run import Filters
from ui import answer, data, layout
from ui.filters import current

view = current()
lang = view.lang
layout.page_header("page_definitions", view, intro=i18n.text("defs_intro", lang))

info = layout.build_info()
st.header(i18n.text("about_file", lang))
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

# What every figure shares: said once here instead of under each indicator.
st.header(i18n.text("defs_general_title", lang))
general = [
    ("defs_head_sources", i18n.text("sources_text", lang)),
    ("defs_head_insisto_2017", i18n.text("defs_insisto_2017", lang)),
    ("defs_head_referrals", i18n.text("not_additive", lang)),
    ("defs_head_protection", i18n.text("defs_protection", lang)),
    ("defs_head_rates", i18n.text("defs_rates", lang)),
    ("defs_head_synthetic", i18n.text("defs_synthetic", lang)),
]
st.markdown("\n".join(f"- **{i18n.text(head, lang)}** {body}" for head, body in general))


def indicator_section(items: tuple[catalogue.Indicator, ...]) -> None:
    """Each indicator in plain words: its title, its definition, then scope, unit, source,
    the filters that do not apply and its caveats."""
    for item in items:
        lines = [f"**{item.title(lang)}**  ", item.definition(lang), ""]
        lines += [f"- *{label}*: {value}" for label, value in sources.facts(item, lang)]
        st.markdown("\n".join(lines))


def technical_details(items: tuple[catalogue.Indicator, ...]) -> None:
    """The named queries behind these indicators, folded away: most readers never need them."""
    with st.expander(i18n.text("defs_technical", lang), icon=":material/database:"):
        st.markdown(i18n.text("defs_technical_intro", lang))
        # A Polars frame has no index to show; saying so spares Streamlit a pandas copy to find out.
        st.table(sources.place_table(items, lang), hide_index=True)
        st.markdown(f"**{i18n.text('queries_title', lang)}**")
        for name in sources.queries_of(items):
            entry = sources.definition(name, lang)
            st.markdown(
                f"**`{entry.name}`**  \n"
                f"*{i18n.text('defs_purpose', lang)}*: {entry.purpose}  \n"
                f"*{i18n.text('grain', lang)}*: {entry.grain}  \n"
                f"*{i18n.text('period_on', lang)}*: {entry.period}  \n"
                f"*{i18n.text('source', lang)}*: {entry.source}"
            )
            st.table(entry.columns, hide_index=True)
            if entry.notes:
                st.markdown(
                    f"*{i18n.text('defs_notes', lang)}*:\n" + "\n".join(f"- {n}" for n in entry.notes)
                )


st.header(i18n.text("defs_pages_title", lang), divider="gray")
others = catalogue.on_page("")
# The page is long (on a phone very long): links to each page's part, by its URL path as anchor.
sections = [(page, sources.page_title(page, lang)) for page in catalogue.PAGES]
if others:
    sections.append(("andere", i18n.text("defs_other_title", lang)))
st.markdown(
    f"{i18n.text('defs_jump', lang)}: " + " · ".join(f"[{title}](#{anchor})" for anchor, title in sections)
)
for page in catalogue.PAGES:
    # The answer page draws no tile or block: it shows the key figures (ui.answer.KEY_FIGURES).
    shown = answer.KEY_FIGURES if page == "vraag" else catalogue.on_page(page)
    st.subheader(sources.page_title(page, lang), divider="gray", anchor=page)
    indicator_section(shown)
    technical_details(shown)

if others:
    st.subheader(i18n.text("defs_other_title", lang), divider="gray", anchor="andere")
    st.markdown(i18n.text("defs_other_intro", lang))
    indicator_section(others)
    technical_details(others)

layout.reference_table(
    sources.indicator_table(lang), title=i18n.text("defs_table_title", lang), view=view, key="definitions"
)
st.caption(i18n.text("defs_table_caption", lang))

# The denominators of every rate, with their sources and which are estimated.
population = data.run("population", Filters(regions=tuple(REGIONS), include_flanders=True))
layout.reference_table(
    tables.reader_table(population, lang, query="population").shown(),
    title=i18n.text("defs_population_title", lang),
    view=view,
    key="population",
)
