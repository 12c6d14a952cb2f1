"""The regional report as a PDF of A4 pages, drawn with ReportLab.

Why ReportLab: it is the long-standing PDF toolkit for Python (since 2000, BSD licence, released
several times a year), installs from PyPI alone as a pure-Python wheel (its only dependencies,
Pillow and charset-normalizer, are wheels too: no Cairo, Pango or browser on the machine), and its
Platypus layer gives what a report needs: paragraphs that wrap, tables with spans, images at a given
size, page templates with a footer, and `KeepInFrame` to hold each planned page on one sheet. HTML-to-
PDF engines were ruled out: WeasyPrint needs Pango from the system, and a headless browser is not a
package. The text uses the PDF standard font Helvetica (nothing to embed; Dutch accents are in its
WinAnsi encoding), so a PDF text tool reads the figures back exactly as they are printed.

The layout follows `Report.pages`: each planned page is one sheet, shrunk to fit only if it would
overflow (`page_scales` says by how much; the HTML version applies the same factor).

In exact mode (staff only) the header says in red that the figures are exact and not for
publication, every page has the mark 'exacte cijfers – niet publiceren' at its top, and every count
of 1 to 9 in the key-figure table and the text carries '(klein aantal: niet publiceren)'.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from present import i18n
from report.model import Report
from report.render import (
    CONTENT_HEIGHT_MM,
    CONTENT_WIDTH_MM,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    RenderedChart,
    render_all,
)

FONT, BOLD = "Helvetica", "Helvetica-Bold"
ACCENT = colors.HexColor("#0B3D66")
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#BBBBBB")
BAND = colors.HexColor("#E8EEF4")
MARK_COLOUR = "#B3261E"  # the synthetic-data and exact-figures marks
SYNTHETIC = colors.HexColor(MARK_COLOUR)

# Type sizes (pt) shared with the HTML version (report.html), so both fill their pages alike.
SIZES = {
    "title": (17, 21),
    "subtitle": (11, 14),
    "meta": (8, 10.5),
    "h2": (11.5, 14),
    "h3": (9, 11.5),
    "body": (8.5, 11),
    "note": (7.5, 9.5),
    "table": (8, 10),
    "footer": (6.5, 8),
}
SPACE = {"h2_before": 7, "h2_after": 3, "h3_after": 2, "para_after": 2.5, "chart_after": 2}
VALUE_COLUMN_MM = {1: 24.0, 2: 21.0, 3: 18.0, 4: 16.0}


def _style(
    name: str,
    *,
    font: str = FONT,
    color: colors.Color = colors.black,
    alignment: int = TA_LEFT,
    **extra: float,
) -> ParagraphStyle:
    size, leading = SIZES[name]
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, textColor=color,
                          alignment=alignment, **extra)  # fmt: skip


STYLES = {
    "title": _style("title", font=BOLD, color=ACCENT),
    "subtitle": _style("subtitle", font=BOLD),
    "meta": _style("meta", color=GREY),
    "h2": _style("h2", font=BOLD, color=ACCENT, spaceBefore=SPACE["h2_before"], spaceAfter=SPACE["h2_after"]),
    "h3": _style("h3", font=BOLD, spaceAfter=SPACE["h3_after"]),
    "body": _style("body", spaceAfter=SPACE["para_after"]),
    "bullet": _style("body", spaceAfter=SPACE["para_after"], leftIndent=10, bulletIndent=0),
    "note": _style("note", color=GREY, spaceAfter=SPACE["para_after"]),
    "cell": _style("table"),
    "cell_bold": _style("table", font=BOLD),
    "cell_right": _style("table", alignment=TA_RIGHT),
    "exact": _style("body", font=BOLD, color=SYNTHETIC, spaceBefore=3, spaceAfter=2),
}
# The mark after an exact count of 1 to 9 in a table cell: smaller, bold and red, wrapping under it.
SMALL_MARK_SIZE = 6.5


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def split_small_mark(text: str, lang: str) -> tuple[str, str | None]:
    """A table cell's text as (the figure, its small-count mark or None): '7 (klein aantal: niet
    publiceren)' -> ('7', '(klein aantal: niet publiceren)'). Only exact-mode reports have marks."""
    mark = f"({i18n.text('small_count_mark', lang)})"
    if text.endswith(" " + mark):
        return text[: -len(mark) - 1], mark
    return text, None


def value_column_mm(report: Report) -> float:
    """The width of one value column of the key-figure table (two per area)."""
    return VALUE_COLUMN_MM[len(report.request.areas)]


def key_table_rows(report: Report) -> list[tuple[str, list[str]]]:
    """The key-figure table as (kind, cells): the 'header', then per block its 'block' title row and
    its 'row's. Two value columns per area: before and now (before empty when the block has none)."""
    lang = report.request.lang
    areas = report.request.areas
    header = [i18n.text("indicator", lang)]
    for area in areas:
        header += [report.area_names[area], ""]
    rows: list[tuple[str, list[str]]] = [("header", header)]
    for block in report.blocks:
        if not block.rows:
            continue
        rows.append(("block", [block.title] + [block.before_label or "", block.now_label] * len(areas)))
        for row in block.rows:
            cells = [row.label]
            for area in areas:
                before, now = row.values[area]
                cells += [before.text(lang) if before is not None else "", now.text(lang)]
            rows.append(("row", cells))
    return rows


def _key_table(report: Report) -> Table:
    rows = key_table_rows(report)
    n_areas = len(report.request.areas)
    value_w = value_column_mm(report) * mm
    label_w = CONTENT_WIDTH_MM * mm - 2 * n_areas * value_w
    size, leading = SIZES["table"]
    lang = report.request.lang

    def value_cell(text: str) -> str | Paragraph:
        figure, mark = split_small_mark(text, lang)
        if mark is None:
            return text
        return Paragraph(
            f"{escape(figure)} <font name='{BOLD}' size='{SMALL_MARK_SIZE}' color='{MARK_COLOUR}'>"
            f"{escape(mark)}</font>",
            STYLES["cell_right"],
        )

    data = [
        [
            Paragraph(escape(cells[0]), STYLES["cell" if kind == "row" else "cell_bold"]),
            *(value_cell(c) for c in cells[1:]),
        ]
        for kind, cells in rows
    ]
    style: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), FONT, size, leading),
        ("FONT", (1, 0), (-1, 0), BOLD, size, leading),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
    ]
    for a in range(n_areas):
        style.append(("SPAN", (1 + 2 * a, 0), (2 + 2 * a, 0)))
        style.append(("LINEBEFORE", (1 + 2 * a, 0), (1 + 2 * a, -1), 0.4, RULE))
    for i, (kind, _) in enumerate(rows):
        if kind == "block":
            style += [
                ("BACKGROUND", (0, i), (-1, i), BAND),
                ("FONT", (1, i), (-1, i), BOLD, size, leading),
                ("TEXTCOLOR", (1, i), (-1, i), GREY),
            ]
    table = Table(data, colWidths=[label_w] + [value_w] * (2 * n_areas))
    table.setStyle(TableStyle(style))
    table.hAlign = "LEFT"
    return table


def _chart(rendered: RenderedChart, placeholder: bool) -> Flowable:
    width, height = rendered.width_mm * mm, rendered.height_mm * mm
    if placeholder or rendered.png is None:
        return Spacer(width, height)
    image = Image(io.BytesIO(rendered.png), width=width, height=height)
    image.hAlign = "LEFT"
    return image


def page_flowables(
    report: Report, charts: dict[str, RenderedChart], *, placeholder: bool = False
) -> list[list[Flowable]]:
    """The flowables of each planned page (charts as same-sized placeholders when measuring)."""
    lang = report.request.lang
    pages: list[list[Flowable]] = []
    for plan in report.pages:
        story: list[Flowable] = []
        for kind, key in plan:
            if kind == "header":
                story += [
                    _p(report.title, "title"),
                    _p(report.subtitle, "subtitle"),
                    Spacer(1, 2),
                    _p(f"{report.made_on_label} · {report.mode_short} · "
                       f"{i18n.text('data_version', lang)} {report.info.data_version}", "meta"),
                ]  # fmt: skip
                if report.exact_warning:
                    story.append(_p(report.exact_warning, "exact"))
            elif kind == "changes":
                story.append(_p(i18n.text("changes_title", lang), "h2"))
                story += [Paragraph(escape(s), STYLES["bullet"], bulletText="•") for s in report.changes]
            elif kind == "keyfigures":
                regions = (
                    ", ".join(report.area_names[r] for r in report.request.regions) or report.area_names["VL"]
                )
                story.append(_p(i18n.text("key_figures_title", lang, areas=regions), "h2"))
                story.append(_key_table(report))
                story.append(Spacer(1, 3))
                story.append(_p(i18n.text("report_hidden_note", lang), "note"))
            elif kind == "section" and key is not None:
                section = report.section(key)
                story.append(_p(section.heading, "h2"))
                story.append(_p(section.title, "h3"))
                story.append(_chart(charts[key], placeholder))
                story.append(Spacer(1, SPACE["chart_after"]))
                story += [_p(note, "body") for note in section.notes]
                story.append(
                    _p(f"{i18n.text('source', lang)}: {section.source} · query {section.query}", "note")
                )
            elif kind == "definitions":
                story.append(_p(i18n.text("definitions_title", lang), "h2"))
                for label, definition, source in report.definitions:
                    head = f"<b>{escape(label)}</b>: " if label else ""
                    tail = f" ({escape(i18n.text('source', lang))}: {escape(source)})" if source else ""
                    story.append(Paragraph(head + escape(definition) + tail, STYLES["note"]))
            elif kind == "about":
                story.append(_p(i18n.text("about_title", lang), "h2"))
                story += [_p(text, "note") for text in report.about]
                cite = escape(i18n.text("cite_as", lang))
                story.append(Paragraph(f"<b>{cite}</b>: {escape(report.citation)}", STYLES["note"]))
        pages.append(story)
    return pages


def page_scales(report: Report, charts: dict[str, RenderedChart]) -> list[float]:
    """By how much each planned page must shrink to fit its sheet (1.0: it fits as it is)."""
    width, height = CONTENT_WIDTH_MM * mm, CONTENT_HEIGHT_MM * mm
    scales = []
    for story in page_flowables(report, charts, placeholder=True):
        total = 0.0
        for i, flowable in enumerate(story):
            _, h = flowable.wrap(width, height)
            total += h + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if i else 0)
        scales.append(min(1.0, height / total) if total else 1.0)
    return scales


def _decorate(report: Report, pages: int):
    """The footer (title, view, data version, mode, page n of N) and the synthetic-data mark."""
    lang = report.request.lang

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        size = SIZES["footer"][0]
        left, right = MARGIN_LEFT_MM * mm, (210 - MARGIN_RIGHT_MM) * mm
        page_text = i18n.text("page_of", lang, page=doc.page, pages=pages)
        room = right - left - stringWidth(page_text, FONT, size) - 6 * mm
        footer = report.footer
        while stringWidth(footer, FONT, size) > room and size > 5:
            size -= 0.25
        canvas.setFont(FONT, size)
        canvas.setFillColor(GREY)
        canvas.drawString(left, 9 * mm, footer)
        canvas.setFont(FONT, SIZES["footer"][0])
        canvas.drawRightString(right, 9 * mm, page_text)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(left, 12 * mm, right, 12 * mm)
        if report.info.synthetic:
            canvas.setFont(BOLD, 7)
            canvas.setFillColor(SYNTHETIC)
            canvas.drawRightString(right, (297 - 8) * mm, i18n.text("synthetic_mark", lang).upper())
        if report.exact_warning:
            canvas.setFont(BOLD, 7)
            canvas.setFillColor(SYNTHETIC)
            canvas.drawString(left, (297 - 8) * mm, i18n.text("exact_mark", lang).upper())
        canvas.restoreState()

    return draw


def render_pdf(report: Report, charts: dict[str, RenderedChart] | None = None) -> bytes:
    """The report as PDF bytes: one A4 sheet per planned page."""
    charts = (
        charts if charts is not None and all(c.png for c in charts.values()) else render_all(report, png=True)
    )
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT_MM * mm,
        rightMargin=MARGIN_RIGHT_MM * mm,
        topMargin=MARGIN_TOP_MM * mm,
        bottomMargin=MARGIN_BOTTOM_MM * mm,
        title=f"{report.title} — {report.subtitle}",
        author=i18n.text("cite_app", report.request.lang),
        subject=report.citation,
        creator="crisishulp-dashboard (ReportLab)",
        keywords=f"{report.info.data_version}, {report.request.mode}",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="content",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    pages = page_flowables(report, charts)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate(report, len(pages)))])
    story: list[Flowable] = []
    for i, content in enumerate(pages):
        if i:
            story.append(PageBreak())
        story.append(KeepInFrame(doc.width, doc.height, content=content, mode="shrink"))
    doc.build(story)
    return buffer.getvalue()
