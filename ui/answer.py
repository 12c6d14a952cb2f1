"""The answer to a written parliamentary question on the page "Parlementaire vraag": the key figures
of one view as numbered points, the text to copy, and the Word and Markdown downloads.

The figures are those of `python -m report kerncijfers` (`ui.data.key_figures`, the same
`report.keyfigures.compute`), and every form of the answer is written from one
`report.keyfigures.formats.answer`, so the page, the copied text and both files agree.
"""

from __future__ import annotations

import streamlit as st

from present import catalogue, i18n
from queries.disclosure import EXACT
from report.keyfigures import formats
from report.keyfigures.compute import DEFINITION_KEYS
from report.keyfigures.formats import Answer, Table
from report.pack import slug
from ui import data
from ui.filters import View

# The indicators the answer states (the Definities page lists them under this page).
KEY_FIGURES: tuple[catalogue.Indicator, ...] = tuple(catalogue.indicator(k) for k in DEFINITION_KEYS)
# Above the answer: which figures these are, as a notice of its kind.
_MODE_ICON = {EXACT: ":material/lock_open:"}


def _md_table(table: Table) -> str:
    """A table as Markdown for the page (the years left, the figures right-aligned)."""
    lines = [
        "| " + " | ".join(table.headers) + " |",
        "|---|" + "---:|" * (len(table.headers) - 1),
        *("| " + " | ".join(row) + " |" for row in table.rows),
    ]
    return "\n".join(lines)


def file_stem(view: View, regions: tuple[str, ...]) -> str:
    """'antwoord-vraag_limburg_2019-2021': what the file is, its area and its period."""
    lang = view.lang
    area = ", ".join(i18n.name(i18n.REGION_NAMES, r, lang) for r in regions) or i18n.text("flanders", lang)
    span = str(view.year_from) if view.year_from == view.year_to else f"{view.year_from}-{view.year_to}"
    return f"{slug(i18n.text('question_file', lang))}_{slug(area)}_{span}"


def _table(table: Table, key: str) -> None:
    """A table of the answer; its container's key lets the page's style rules wrap long headers
    (ui/layout.py `_CSS`), so four columns fit a phone."""
    with st.container(key=f"answer-table-{key}"):
        st.markdown(_md_table(table))


def _points(ans: Answer, key: str) -> None:
    """The numbered answer as the page shows it."""
    if ans.mode == EXACT:
        st.error(ans.mode_line, icon=_MODE_ICON[EXACT])
    else:
        st.caption(ans.mode_line)
    st.header(ans.title)
    st.markdown(ans.area)
    for item in ans.items:
        # '6. ...' starts an ordered list at 6: each point keeps its number.
        st.markdown(f"{item.number}. {item.text}")
        if item.table is not None:
            _table(item.table, f"{key}-{item.number}")
        if item.caveat:
            st.warning(item.caveat, icon=":material/warning:")
    with st.expander(i18n.text("answer_per_year", ans.lang)):
        _table(ans.per_year, f"{key}-per-year")
    for paragraph in ans.closing:
        st.caption(paragraph)


def show(view: View, regions: tuple[str, ...], key: str) -> None:
    """The answer for the view's period and `regions` (empty: all of Flanders): the downloads
    first, the points, then the text with Streamlit's copy button (`key` keeps the widgets apart)."""
    lang = view.lang
    figures = data.key_figures(view.year_from, view.year_to, regions)
    ans = formats.answer(figures, lang)
    stem = file_stem(view, regions)
    row = st.container(horizontal=True, gap="small")

    def word() -> bytes:
        # python-docx is imported on the first click, not on every run of the page.
        from report.keyfigures.docx import to_docx

        return to_docx(ans, i18n.text("answer_per_year", lang))

    row.download_button(
        i18n.text("question_docx", lang),
        data=word,
        file_name=f"{stem}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key=f"answer-docx-{key}",
        on_click="ignore",
        icon=":material/description:",
    )
    row.download_button(
        i18n.text("question_md", lang),
        data=formats.answer_markdown(ans),
        file_name=f"{stem}.md",
        mime="text/markdown",
        key=f"answer-md-{key}",
        on_click="ignore",
        icon=":material/article:",
    )

    _points(ans, key)

    st.markdown(f"**{i18n.text('question_text', lang)}**", help=i18n.text("question_text_help", lang))
    # st.code has Streamlit's own copy button (top right); wrapped, so the prose reads on a phone.
    # Its full height: a box of fixed height scrolls, and Streamlit's box cannot take the keyboard
    # focus, so a keyboard user could not scroll it (WCAG 2.1.1; tests/test_browser_a11y.py).
    st.code(formats.answer_text(ans), language=None, wrap_lines=True)
