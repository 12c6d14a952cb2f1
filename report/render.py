"""Charts of the report as images: SVG (inline in the HTML) and PNG (placed in the PDF), one size for both.

Rendered with vl-convert (the Vega engine bundled, no browser), in the report's language locale, as
the dashboard's downloads are. The report prints each chart's title and source in its own text, so
the images carry no title block (the position-paper pack's images do: they travel alone).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import altair as alt
import vl_convert as vlc
from PIL import Image

from present import i18n
from report.model import Report, Section

# The printable area of an A4 page with the report's margins (mm).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0
MARGIN_LEFT_MM = MARGIN_RIGHT_MM = 15.0
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 14.0, 16.0
CONTENT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
CONTENT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM
# Charts in the PDF: 200 pixels per inch is sharp on paper and keeps the file small; the pack's
# PNGs are 300 dpi (report.pack).
PDF_CHART_PPI = 200

_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')
_PX_MM = 25.4 / 96  # a CSS pixel in millimetres


@dataclass(frozen=True)
class RenderedChart:
    """One chart as SVG text (for the HTML) or PNG bytes (for the PDF), with its size on the page in mm."""

    svg: str | None
    png: bytes | None
    width_mm: float
    height_mm: float


def _spec(chart: alt.TopLevelMixin) -> dict:
    spec = chart.to_dict()
    spec.setdefault("config", {}).setdefault("background", "white")
    return spec


def chart_svg(chart: alt.TopLevelMixin, lang: str = "nl") -> str:
    """The chart as SVG text, numbers and dates in the language's locale."""
    locale = i18n.VEGA_LOCALE[lang]
    return vlc.vegalite_to_svg(_spec(chart), format_locale=locale, time_format_locale=locale)


def chart_png(chart: alt.TopLevelMixin, lang: str = "nl", ppi: int = PDF_CHART_PPI) -> bytes:
    """The chart as PNG at `ppi` pixels per inch."""
    locale = i18n.VEGA_LOCALE[lang]
    return vlc.vegalite_to_png(_spec(chart), ppi=ppi, format_locale=locale, time_format_locale=locale)


def svg_size(svg: str) -> tuple[float, float]:
    """The SVG's width and height in CSS pixels (from its root element)."""
    match = _SIZE.search(svg)
    if not match:
        raise ValueError("SVG without width and height")
    return float(match.group(1)), float(match.group(2))


def fit(width_px: float, height_px: float, max_width_mm: float, max_height_mm: float) -> tuple[float, float]:
    """The size in mm of a chart drawn as wide as the page allows and no taller than `max_height_mm`."""
    scale = min(max_width_mm / (width_px * _PX_MM), max_height_mm / (height_px * _PX_MM))
    return width_px * _PX_MM * scale, height_px * _PX_MM * scale


def png_size(png: bytes, ppi: int = PDF_CHART_PPI) -> tuple[float, float]:
    """A PNG's size in the chart's own pixels (vl-convert draws 72 ppi at scale 1)."""
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    return width * 72 / ppi, height * 72 / ppi


def render_section(section: Section, lang: str, *, png: bool) -> RenderedChart:
    """One section's chart as PNG (for the PDF) or SVG (for the HTML), sized for the page."""
    if png:
        image = chart_png(section.chart, lang)
        width_mm, height_mm = fit(*png_size(image), CONTENT_WIDTH_MM, section.max_height_mm)
        return RenderedChart(None, image, width_mm, height_mm)
    svg = chart_svg(section.chart, lang)
    width_mm, height_mm = fit(*svg_size(svg), CONTENT_WIDTH_MM, section.max_height_mm)
    return RenderedChart(svg, None, width_mm, height_mm)


def render_all(report: Report, *, png: bool) -> dict[str, RenderedChart]:
    """Every section's chart, by section key."""
    return {s.key: render_section(s, report.request.lang, png=png) for s in report.sections}
