"""The answer to a written parliamentary question as a Word file (.docx), for a policy officer to
paste from or send on.

Written from `formats.answer`, the structure the Markdown is written from, so both hold the same
numbers in the same words: a heading, the numbered points as Word's own numbered list, the
per-year figures as real Word tables with a header row, the sources and the caveats; the
document's title and language set in its properties. python-docx is imported inside `to_docx`,
so a page that never writes a Word file does not load it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from queries.disclosure import EXACT
from report.keyfigures.formats import Answer, Table

if TYPE_CHECKING:
    from docx.document import Document

# The document's language (Word's spelling check and screen readers follow it).
LANGUAGE_TAGS: dict[str, str] = {"nl": "nl-BE", "en": "en-GB"}
# The red of exact mode's warnings (as in the key-figures workbook).
EXACT_RED = (0xB3, 0x26, 0x1E)


def _set_language(document: Document, tag: str) -> None:
    """Set the language of the Normal style (python-docx has no property for it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _table(document: Document, table: Table) -> None:
    """A Word table: the header row bold and repeated on every page, the numbers right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement

    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    header = grid.rows[0]
    # w:tblHeader marks the first row as the table's header row (read out as such, repeated).
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, table.headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row, values in zip(grid.rows[1:], table.rows, strict=True):
        for j, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.text = text
            if j > 0:  # the first column is the year; the others are figures
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def to_docx(ans: Answer, per_year_title: str) -> bytes:
    """The answer as a Word document's bytes; `per_year_title` heads the table of every per-year
    figure ('Per jaar')."""
    from docx import Document as new_document
    from docx.shared import RGBColor

    document = new_document()
    properties = document.core_properties
    properties.title = ans.title
    properties.language = LANGUAGE_TAGS.get(ans.lang, ans.lang)
    properties.subject = ans.area
    _set_language(document, LANGUAGE_TAGS.get(ans.lang, ans.lang))

    # Which figures these are comes first, as in every format of the key figures.
    mode_run = document.add_paragraph().add_run(ans.mode_line)
    mode_run.bold = True
    if ans.mode == EXACT:
        mode_run.font.color.rgb = RGBColor(*EXACT_RED)
    document.add_heading(ans.title, level=1)
    document.add_paragraph(ans.area)
    for item in ans.items:
        # Word's own numbered list: the numbers stay right when a point is moved or deleted.
        document.add_paragraph(item.text, style="List Number")
        if item.table is not None:
            _table(document, item.table)
        if item.caveat:
            document.add_paragraph().add_run(item.caveat).italic = True
    document.add_heading(per_year_title, level=2)
    _table(document, ans.per_year)
    # The per-year table has the referrals inside and outside side by side too: the same caveat.
    for caveat in (item.caveat for item in ans.items if item.caveat):
        document.add_paragraph().add_run(caveat).italic = True
    for i, paragraph in enumerate(ans.closing):
        run = document.add_paragraph().add_run(paragraph)
        # In exact mode the second closing paragraph is the warning (formats.answer): in red.
        if ans.mode == EXACT and i == 1:
            run.bold = True
            run.font.color.rgb = RGBColor(*EXACT_RED)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
