"""The regional report as one self-contained HTML file that prints to the same A4 pages as the PDF.

Everything is inside the file: the CSS (with `@page { size: A4 }`), the charts as inline SVG (their
element ids prefixed per chart, so the clip paths of one chart never pick up another's), no script,
no link to anything outside. Each planned page of `Report.pages` is one `.page` box of exactly one
A4 sheet with a page break after it; type sizes, margins and the table's columns are those of the
PDF (report.pdf.SIZES), and a page the PDF shrinks to fit is shrunk by the same factor here. On
screen the pages show as sheets; printed (or saved as PDF by a browser) they give the same pages.
In exact mode the marks are the PDF's: the red warning in the header, 'exacte cijfers – niet
publiceren' at the top of every page, '(klein aantal: niet publiceren)' after every count of 1 to 9
(their CSS is only added to an exact report, so a public one is as it was).
"""

from __future__ import annotations

import re
from html import escape

from present import catalogue, i18n
from report.model import Report, Section
from report.pdf import (
    MARK_COLOUR,
    SIZES,
    SMALL_MARK_SIZE,
    SPACE,
    key_table_rows,
    page_scales,
    split_small_mark,
    value_column_mm,
)
from report.render import (
    CONTENT_WIDTH_MM,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    RenderedChart,
    render_all,
)

_ID = re.compile(r'\bid="([^"]+)"')
_ROOT = re.compile(r"<svg\b[^>]*>")


def _pt(name: str) -> str:
    size, leading = SIZES[name]
    return f"font-size: {size}pt; line-height: {leading}pt;"


CSS = f"""
@page {{ size: A4 portrait; margin: 0; }}
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; padding: 0; }}
body {{ background: #d9d9d9; color: #000; font-family: Helvetica, Arial, "Liberation Sans", sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
.page {{ position: relative; width: 210mm; height: 297mm; margin: 8mm auto; background: #fff;
  padding: {MARGIN_TOP_MM}mm {MARGIN_RIGHT_MM}mm {MARGIN_BOTTOM_MM}mm {MARGIN_LEFT_MM}mm; overflow: hidden;
  break-after: page; page-break-after: always; box-shadow: 0 0.5mm 3mm rgba(0, 0, 0, 0.3); }}
.page:last-of-type {{ break-after: auto; page-break-after: auto; }}
.content {{ width: {CONTENT_WIDTH_MM}mm; }}
@media print {{
  body {{ background: none; }}
  .page {{ margin: 0; box-shadow: none; }}
}}
h1 {{ {_pt("title")} margin: 0; color: #0B3D66; }}
.subtitle {{ {_pt("subtitle")} font-weight: bold; margin: 0 0 2pt; }}
.meta {{ {_pt("meta")} color: #555; margin: 0; }}
h2 {{ {_pt("h2")} color: #0B3D66; margin: {SPACE["h2_before"]}pt 0 {SPACE["h2_after"]}pt; }}
.content > h2:first-child {{ margin-top: 0; }}
h3 {{ {_pt("h3")} margin: 0 0 {SPACE["h3_after"]}pt; }}
p {{ {_pt("body")} margin: 0 0 {SPACE["para_after"]}pt; }}
p.note {{ {_pt("note")} color: #555; }}
ul.changes {{ margin: 0; padding: 0 0 0 10pt; }}
ul.changes li {{ {_pt("body")} margin: 0 0 {SPACE["para_after"]}pt; }}
figure {{ margin: 0 0 {SPACE["chart_after"]}pt; }}
figure svg {{ display: block; }}
table.key {{ border-collapse: collapse; table-layout: fixed; width: {CONTENT_WIDTH_MM}mm; {_pt("table")}
  margin-bottom: 3pt; }}
table.key th, table.key td {{ padding: 1.5pt 6pt; vertical-align: top; text-align: right; }}
table.key th:first-child, table.key td:first-child {{ text-align: left; }}
table.key thead th {{ font-weight: bold; border-bottom: 0.8pt solid #0B3D66; }}
table.key tr.block td {{ background: #E8EEF4; font-weight: bold; color: #555; }}
table.key tr.block td:first-child {{ color: #000; }}
table.key tbody tr:last-child td {{ border-bottom: 0.5pt solid #BBBBBB; }}
table.key .area {{ border-left: 0.4pt solid #BBBBBB; }}
.footer {{ position: absolute; left: {MARGIN_LEFT_MM}mm; right: {MARGIN_RIGHT_MM}mm; bottom: 7.2mm;
  border-top: 0.4pt solid #BBBBBB; padding-top: 1.6mm; display: flex; justify-content: space-between;
  gap: 6mm; {_pt("footer")} color: #555; white-space: nowrap; }}
.footer span:first-child {{ overflow: hidden; text-overflow: ellipsis; }}
.mark {{ position: absolute; right: {MARGIN_RIGHT_MM}mm; top: 5.5mm; font-size: 7pt; font-weight: bold;
  color: #B3261E; }}
"""
# Only in an exact report (so a public report's HTML is unchanged).
EXACT_CSS = f"""
.exact-mark {{ position: absolute; left: {MARGIN_LEFT_MM}mm; top: 5.5mm; font-size: 7pt; font-weight: bold;
  color: {MARK_COLOUR}; }}
p.exact-warning {{ font-weight: bold; color: {MARK_COLOUR}; margin-top: 3pt; }}
.small-count {{ font-size: {SMALL_MARK_SIZE}pt; font-weight: bold; color: {MARK_COLOUR}; }}
"""


def chart_alt(section: Section, lang: str) -> str:
    """A chart's text alternative: its title and what it shows (the catalogue's definition)."""
    shows = catalogue.indicator(section.indicator).definition(lang) if section.indicator else ""
    return f"{i18n.text('chart_word', lang)}: {section.title}. {shows}".strip()


def _svg(rendered: RenderedChart, prefix: str, alt: str) -> str:
    """The chart's SVG sized in mm, its ids made unique in the document, `alt` as its name."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", rendered.svg or "")
    ids = set(_ID.findall(svg))
    for name in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{name}"
        svg = svg.replace(f'id="{name}"', f'id="{new}"').replace(f"url(#{name})", f"url(#{new})")
        svg = svg.replace(f'href="#{name}"', f'href="#{new}"')
    root = _ROOT.search(svg)
    if root is None:
        return ""
    tag = re.sub(r'\s(width|height)="[^"]*"', "", root.group(0))
    tag = re.sub(r'\s(role|aria-label)="[^"]*"', "", tag)
    size = f'width="{rendered.width_mm:.2f}mm" height="{rendered.height_mm:.2f}mm"'
    tag = tag[:-1] + f' {size} role="img" aria-label="{escape(alt)}">'
    return svg[: root.start()] + tag + svg[root.end() :]


def _value_cell(text: str, lang: str) -> str:
    """A value cell's content: the figure, and an exact count of 1 to 9's mark in red after it."""
    figure, mark = split_small_mark(text, lang)
    if mark is None:
        return escape(text)
    return f"{escape(figure)} <span class='small-count'>{escape(mark)}</span>"


def _key_table(report: Report) -> str:
    lang = report.request.lang
    rows = key_table_rows(report)
    n_areas = len(report.request.areas)
    value_w = value_column_mm(report)
    label_w = CONTENT_WIDTH_MM - 2 * n_areas * value_w
    cols = [f'<col style="width: {label_w:.2f}mm">'] + [f'<col style="width: {value_w:.2f}mm">'] * (
        2 * n_areas
    )
    out = ["<table class='key'>", "<colgroup>" + "".join(cols) + "</colgroup>", "<thead><tr>"]
    header = rows[0][1]
    out.append(f"<th>{escape(header[0])}</th>")
    for a in range(n_areas):
        out.append(f"<th class='area' colspan='2'>{escape(header[1 + 2 * a])}</th>")
    out.append("</tr></thead><tbody>")
    for kind, cells in rows[1:]:
        tds = [f"<td>{escape(cells[0])}</td>"]
        for i, cell in enumerate(cells[1:]):
            css = " class='area'" if i % 2 == 0 else ""
            tds.append(f"<td{css}>{_value_cell(cell, lang)}</td>")
        out.append(f"<tr class='{kind}'>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _page(
    report: Report, plan: list[tuple[str, str | None]], charts: dict[str, RenderedChart], n: int
) -> str:
    lang = report.request.lang
    parts: list[str] = []
    for kind, key in plan:
        if kind == "header":
            parts += [
                f"<h1>{escape(report.title)}</h1>",
                f"<p class='subtitle'>{escape(report.subtitle)}</p>",
                f"<p class='meta'>{escape(report.made_on_label)} · {escape(report.mode_short)} · "
                f"{escape(i18n.text('data_version', lang))} {escape(report.info.data_version)}</p>",
            ]
            if report.exact_warning:
                parts.append(f"<p class='exact-warning'>{escape(report.exact_warning)}</p>")
        elif kind == "changes":
            parts.append(f"<h2>{escape(i18n.text('changes_title', lang))}</h2>")
            parts.append(
                "<ul class='changes'>" + "".join(f"<li>{escape(s)}</li>" for s in report.changes) + "</ul>"
            )
        elif kind == "keyfigures":
            regions = (
                ", ".join(report.area_names[r] for r in report.request.regions) or report.area_names["VL"]
            )
            parts.append(f"<h2>{escape(i18n.text('key_figures_title', lang, areas=regions))}</h2>")
            parts.append(_key_table(report))
            parts.append(f"<p class='note'>{escape(i18n.text('report_hidden_note', lang))}</p>")
        elif kind == "section" and key is not None:
            section = report.section(key)
            parts += [
                f"<h2>{escape(section.heading)}</h2>",
                f"<h3>{escape(section.title)}</h3>",
                f"<figure>{_svg(charts[key], f'c{n}-{key}', chart_alt(section, lang))}</figure>",
            ]
            parts += [f"<p>{escape(note)}</p>" for note in section.notes]
            parts.append(
                f"<p class='note'>{escape(i18n.text('source', lang))}: {escape(section.source)} · "
                f"query {escape(section.query)}</p>"
            )
        elif kind == "definitions":
            parts.append(f"<h2>{escape(i18n.text('definitions_title', lang))}</h2>")
            for label, definition, source in report.definitions:
                head = f"<b>{escape(label)}</b>: " if label else ""
                tail = f" ({escape(i18n.text('source', lang))}: {escape(source)})" if source else ""
                parts.append(f"<p class='note'>{head}{escape(definition)}{tail}</p>")
        elif kind == "about":
            parts.append(f"<h2>{escape(i18n.text('about_title', lang))}</h2>")
            parts += [f"<p class='note'>{escape(text)}</p>" for text in report.about]
            cite = escape(i18n.text("cite_as", lang))
            parts.append(f"<p class='note'><b>{cite}</b>: {escape(report.citation)}</p>")
    return "".join(parts)


def render_html(report: Report, charts: dict[str, RenderedChart] | None = None) -> str:
    """The report as one self-contained HTML document of A4 pages."""
    charts = (
        charts
        if charts is not None and all(c.svg for c in charts.values())
        else render_all(report, png=False)
    )
    lang = report.request.lang
    scales = page_scales(report, charts)
    pages = report.pages
    mark = (
        f"<div class='mark'>{escape(i18n.text('synthetic_mark', lang).upper())}</div>"
        if report.info.synthetic
        else ""
    )
    css = CSS
    if report.exact_warning:
        mark += f"<div class='exact-mark'>{escape(i18n.text('exact_mark', lang).upper())}</div>"
        css += EXACT_CSS
    body = []
    for n, (plan, scale) in enumerate(zip(pages, scales, strict=True), start=1):
        zoom = f" style='zoom: {scale:.4f}'" if scale < 1 else ""
        page_label = i18n.text("page_of", lang, page=n, pages=len(pages))
        body.append(
            f"<section class='page' aria-label='{escape(page_label)}'>{mark}"
            f"<div class='content'{zoom}>{_page(report, plan, charts, n)}</div>"
            f"<div class='footer'><span>{escape(report.footer)}</span><span>{escape(page_label)}</span></div>"
            "</section>"
        )
    title = f"{report.title} — {report.subtitle}"
    return (
        "<!DOCTYPE html>\n"
        f"<html lang='{escape(lang)}'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title>"
        f"<meta name='description' content='{escape(report.citation)}'>"
        f"<meta name='data-version' content='{escape(report.info.data_version)}'>"
        f"<meta name='disclosure-mode' content='{escape(report.request.mode)}'>"
        f"<style>{css}</style></head><body><main>" + "".join(body) + "</main></body></html>\n"
    )
