"""The position-paper pack: one zip with every chart of a view, its figures and how to cite them.

    CITATION.txt                 publisher, title, selection, period, source, data version, disclosure
                                 mode, date and the view's link; how to cite; one line per figure
    cijfers.xlsx                 one sheet per figure (the protected table behind it), a 'definities'
                                 sheet (every column's meaning, from the named queries) and a 'bron' sheet
    grafieken/NN-<title>.svg     each chart as SVG, with its title, filters, source, data version and mode
    grafieken/NN-<title>.png     the same as PNG at 300 dpi (for print)

The images are the dashboard's own chart downloads (`present.export.chart_svg` / `chart_png`, provenance
drawn in), the tables the protected frames the page shows ('<10' where a count is hidden). No
Streamlit here: the dashboard (ui/pack.py) collects the items of the page being viewed, the command
line (`python -m report rapport --out FILE.zip`) the report's charts.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from present import catalogue, export, i18n
from queries import disclosure
from queries.run import list_queries, query_header
from report.model import Report

PNG_PPI = 300
XLSX_NAME = "cijfers.xlsx"
CITATION_NAME = "CITATION.txt"
CHART_DIR = "grafieken"
# Sheet names Excel refuses, and its 31-character limit.
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")
# Columns a page adds for display; they are named here instead of looked up in a query.
_DISPLAY_COLUMNS = {"area_name", "module_name", "weekday_name", "period_name", "age_name", "support", "date"}


@dataclass(frozen=True)
class PackItem:
    """One figure of the view: its table, provenance and (when it has one) its chart."""

    title: str
    table: pl.DataFrame
    provenance: export.Provenance
    chart: export.Drawable | None = None  # a present.charts.Chart, or the report's own Altair chart
    query: str | None = None  # the named query behind the table, when known
    derived: bool = False  # the table is computed on the page from the query's protected result
    locale: str = "nl-NL"
    indicator: str | None = None  # the catalogue's indicator the figure shows, when it shows one


@dataclass(frozen=True)
class Citation:
    """What CITATION.txt says about the whole pack."""

    selection: str  # the view in words without its period: areas (each named once), modules, ages
    data_version: str
    mode: str  # 'public' or 'exact'
    synthetic: bool
    made_on: date
    where: str = ""  # the title: the page or report the figures come from
    lang: str = "nl"
    period: str = ""  # '2019–2021'
    link: str = ""  # the address that reopens the view (the dashboard's pack; none from the command line)


def slug(title: str) -> str:
    """A file-name form of a title: lower case, ASCII letters and digits joined by '-'."""
    ascii_title = title.lower().translate(str.maketrans("àáâäèéêëìíîïòóôöùúûüç", "aaaaeeeeiiiioooouuuuc"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:60] or "figuur"


def _sheet_name(index: int, title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", f"{index:02d} {title}")[:31].strip()
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:28]}~{n}"
        n += 1
    used.add(name.lower())
    return name


def _definition_rows(item: PackItem, sheet: str, lang: str) -> list[dict[str, str]]:
    """One row per column of the item's table: what it means and where it comes from."""
    header = query_header(item.query) if item.query else None
    described = {c.name: c.description for c in header.columns} if header else {}
    shown = catalogue.indicator(item.indicator) if item.indicator else None
    purpose = (
        shown.definition(lang) if shown else header.purpose if header else i18n.text("pack_derived", lang)
    )
    if header and item.derived:
        purpose = f"{i18n.text('pack_derived', lang)}: {item.query} — {purpose}"
    rows = []
    for column in item.table.columns:
        held = catalogue.by_place(item.query, column) if item.query else None
        if held is not None and not item.derived:
            meaning = f"{held.label(lang)}: {held.definition(lang)}"
        elif column in described and (not item.derived or column == "area"):
            meaning = described[column]
        elif column in _DISPLAY_COLUMNS:
            meaning = "weergave" if lang == "nl" else "display"
        else:
            meaning = i18n.text("pack_derived", lang)
        rows.append(
            {
                "blad": sheet,
                "titel": item.title,
                "query": item.query or "",
                "definitie": purpose,
                "kolom": column,
                "betekenis": meaning,
                "bron": item.provenance.source,
            }
        )
    return rows


def xlsx_bytes(items: Sequence[PackItem], citation: Citation) -> bytes:
    """The figures as one workbook: a sheet per figure, then 'definities' and 'bron'."""
    lang = citation.lang
    used: set[str] = {"definities", "bron"}
    definitions: list[dict[str, str]] = []
    sources: list[dict[str, str]] = []
    import xlsxwriter  # only when a pack is made

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        for index, item in enumerate(items, start=1):
            sheet = _sheet_name(index, item.title, used)
            table = export.neutralise_formulas(item.table)
            if table.width == 0:
                table = pl.DataFrame({"leeg": [""]})
            table.write_excel(book, worksheet=sheet, autofit=True)
            definitions += _definition_rows(item, sheet, lang)
            prov = item.provenance
            sources.append(
                {
                    "blad": sheet,
                    "titel": prov.title,
                    "filters": prov.filters,
                    "bron": prov.source,
                    "gegevensversie": prov.data_version,
                    "modus": prov.mode,
                    "opmerking": prov.synthetic_mark or "",
                }
            )
        columns = ["blad", "titel", "query", "definitie", "kolom", "betekenis", "bron"]
        export.neutralise_formulas(
            pl.DataFrame(definitions, schema=dict.fromkeys(columns, pl.String))
        ).write_excel(book, worksheet="definities", autofit=True)
        source_columns = ["blad", "titel", "filters", "bron", "gegevensversie", "modus", "opmerking"]
        export.neutralise_formulas(
            pl.DataFrame(sources, schema=dict.fromkeys(source_columns, pl.String))
        ).write_excel(book, worksheet="bron", autofit=True)
    return buffer.getvalue()


def citation_text(items: Sequence[PackItem], citation: Citation, files: dict[int, list[str]]) -> str:
    """CITATION.txt: who publishes the figures, what they are (title, selection, period), their
    source, data version, disclosure mode and date, the view's link, and how to cite them."""
    lang = citation.lang
    made_on = i18n.fmt_date(citation.made_on, lang)
    mode_short = i18n.text(f"mode_short_{citation.mode}", lang)
    app = i18n.text("cite_app", lang)
    named = {s.strip() for item in items for s in _systems(item.provenance.source)}
    # In the catalogue's order (INSISTO, BINC), as every other surface names them.
    systems = [s for s in catalogue.SOURCES if s in named] or list(catalogue.SOURCES)
    lines = [
        i18n.text("pack_readme_title", lang),
        "=" * len(i18n.text("pack_readme_title", lang)),
        "",
        f"{i18n.text('pack_publisher', lang)}: {app}",
    ]
    if citation.where:
        lines.append(f"{i18n.text('pack_title', lang)}: {citation.where}")
    lines.append(f"{i18n.text('pack_selection', lang)}: {citation.selection}")
    if citation.period:
        lines.append(f"{i18n.text('period', lang)}: {citation.period}")
    lines += [
        f"{i18n.text('pack_source', lang)}: {', '.join(systems)}",
        f"  {i18n.text('sources_text', lang).replace('**', '')}",
        f"{i18n.text('data_version', lang)}: {citation.data_version}",
        f"{i18n.text('pack_mode', lang)}: {i18n.text(f'mode_{citation.mode}', lang)}",
    ]
    if citation.mode == "public":
        lines.append(f"  {i18n.text('pack_rules', lang)}")
    lines.append(f"{i18n.text('pack_made_on', lang)}: {made_on} ({citation.made_on.isoformat()})")
    if citation.link:
        lines.append(f"{i18n.text('pack_link', lang)}: {citation.link}")
    if citation.synthetic:
        lines += ["", i18n.text("pack_synthetic", lang)]
    # The publisher and the title are joined by a comma, the selection follows a colon: the app's
    # name ends in 'Vlaanderen', and a selection of Flanders once read 'Vlaanderen, Vlaanderen'.
    work = f"{app}, {citation.where}" if citation.where else app
    cite = i18n.text(
        "pack_cite_line",
        lang,
        work=work,
        selection=citation.selection,
        period=citation.period or "—",
        source=", ".join(systems),
        version=citation.data_version,
        date=made_on,
        mode=mode_short,
    )
    lines += [
        "",
        f"{i18n.text('cite_as', lang)}:",
        f"  {cite}" + (f" {citation.link}" if citation.link else ""),
    ]
    lines += ["", f"{i18n.text('pack_figures', lang)}:"]
    for index, item in enumerate(items, start=1):
        lines.append(f"  {index:02d}. {item.title} — {item.provenance.source}")
        lines.append(
            "      "
            + i18n.text(
                "citation_line",
                lang,
                app=app,
                what=f"'{item.title}' ({item.provenance.filters})",
                source=_source_only(item.provenance.source),
                version=citation.data_version,
                date=made_on,
                mode=mode_short,
            )
        )
        if files.get(index):
            lines.append(f"      {i18n.text('pack_files', lang)}: {', '.join(files[index])}")
        lines.append(f"      {XLSX_NAME}, {i18n.text('pack_sheet', lang)} {index:02d}")
    return "\n".join(lines) + "\n"


def _source_only(source: str) -> str:
    """The systems a provenance line names ('Bron: INSISTO, BINC' gives both)."""
    return source.split(":", 1)[1].strip() if ":" in source else source


def _systems(source: str) -> list[str]:
    return [s for s in _source_only(source).split(",") if s.strip() and s.strip() not in ("—", "-")]


def build_pack(items: Sequence[PackItem], citation: Citation) -> bytes:
    """The zip: charts as SVG and 300-dpi PNG, the figures as XLSX with definitions, CITATION.txt."""
    buffer = io.BytesIO()
    files: dict[int, list[str]] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, item in enumerate(items, start=1):
            if item.chart is None:
                continue
            stem = f"{CHART_DIR}/{index:02d}-{slug(item.title)}"
            svg = export.chart_svg(item.chart, item.provenance, item.locale)
            png = export.chart_png(item.chart, item.provenance, item.locale, ppi=PNG_PPI)
            archive.writestr(f"{stem}.svg", svg)
            archive.writestr(f"{stem}.png", png)
            files[index] = [f"{stem}.svg", f"{stem}.png"]
        archive.writestr(XLSX_NAME, xlsx_bytes(items, citation))
        archive.writestr(CITATION_NAME, citation_text(items, citation, files).encode("utf-8"))
    return buffer.getvalue()


def for_display(table: pl.DataFrame) -> pl.DataFrame:
    """Counts hidden by the protection step read '<10' in tables and downloads, never blank."""
    counts = _count_columns()
    hidden = [
        c for c in table.columns if c in counts and table.schema[c].is_integer() and table[c].null_count()
    ]
    return table.with_columns(
        pl.col(c).cast(pl.String).fill_null(disclosure.SMALL_COUNT_LABEL) for c in hidden
    )


@functools.cache
def _count_columns() -> frozenset[str]:
    """Every output column that some named query declares a count (protected, maybe '<10')."""
    return frozenset(
        column
        for name in list_queries()
        for column, role in query_header(name).roles.items()
        if role.kind == "count"
    )


def file_name(prefix: str, selection: str, made_on: date) -> str:
    """A download name: 'pakket-antwerpen-2022-2024-20251123.zip'."""
    return f"{prefix}-{slug(selection)}-{made_on:%Y%m%d}.zip"


# ---------------------------------------------------------------------------------------------
# The pack of a regional report (the command line's `--out FILE.zip`)


def key_figures_frame(report: Report) -> pl.DataFrame:
    """The report's key-figure table in long form: one row per indicator, area and period."""
    lang = report.request.lang
    rows = []
    for block in report.blocks:
        for row in block.rows:
            for area in report.request.areas:
                for label, value in zip((block.before_label, block.now_label), row.values[area], strict=True):
                    if label is None or value is None:
                        continue
                    rows.append(
                        {
                            "indicator": row.label,
                            "gebied": report.area_names[area],
                            "periode": label,
                            "waarde": None if value.number is None else float(value.number),
                            "getoond": value.text(lang),
                            "bron": row.source,
                            "query": row.query,
                            "kolom": row.column,
                        }
                    )
    schema = {"indicator": pl.String, "gebied": pl.String, "periode": pl.String, "waarde": pl.Float64,
              "getoond": pl.String, "bron": pl.String, "query": pl.String, "kolom": pl.String}  # fmt: skip
    return pl.DataFrame(rows, schema=schema)


def report_items(report: Report) -> list[PackItem]:
    """The report's key figures and charts as pack items, with the report's provenance."""
    lang = report.request.lang
    locale = i18n.VEGA_LOCALE[lang]

    def provenance(title: str, source: str) -> export.Provenance:
        return export.Provenance(
            title=title,
            filters=report.subtitle,
            source=f"{i18n.text('source', lang)}: {source}",
            data_version=f"{i18n.text('data_version', lang)} {report.info.data_version}",
            mode=report.mode_notice,
            synthetic_mark=i18n.text("synthetic_mark", lang) if report.info.synthetic else None,
        )

    regions = ", ".join(report.area_names[r] for r in report.request.regions) or report.area_names["VL"]
    key_title = i18n.text("key_figures_title", lang, areas=regions)
    items = [
        PackItem(
            key_title,
            key_figures_frame(report),
            provenance(key_title, ", ".join(catalogue.SOURCES)),
            locale=locale,
        )
    ]
    for section in report.sections:
        items.append(
            PackItem(
                title=section.title,
                table=for_display(section.table),
                provenance=provenance(section.title, section.source),
                chart=section.chart,
                query=section.query,
                derived=section.key == "seasons",
                locale=locale,
            )
        )
    return items


def report_selection(report: Report) -> str:
    """The report's view in words without its period: its regions beside Flanders (or Flanders
    alone), then its modules and ages, as the report's subtitle names them."""
    lang = report.request.lang
    regions = ", ".join(report.area_names[r] for r in report.request.regions)
    areas = i18n.text("pack_beside_flanders", lang, areas=regions) if regions else i18n.text("flanders", lang)
    modules = ", ".join(i18n.name(i18n.MODULE_NAMES, m, lang) for m in report.request.modules)
    ages = ", ".join(i18n.name(i18n.AGE_NAMES, a, lang) for a in report.request.age_bands)
    return " · ".join(p for p in (areas, modules, ages) if p)


def report_pack(report: Report) -> bytes:
    """The position-paper pack of a regional report."""
    citation = Citation(
        selection=report_selection(report),
        period=report.period_label,
        data_version=report.info.data_version,
        mode=report.request.mode,
        synthetic=report.info.synthetic,
        made_on=report.request.made_on,
        where=report.title,
        lang=report.request.lang,
    )
    return build_pack(report_items(report), citation)
