"""What the regional report says: its figures, charts and texts, gathered from the dashboard's own queries.

Every number comes through a `Runner`: a function (query name, filters) -> the *protected* frame. The
command line builds one from `queries.run.run` + `queries.disclosure.protect` with the chosen mode;
the dashboard builds one on its shared connection with the mode the page shows. So the report's
numbers are the dashboard's numbers (same named queries, same protection step, same mode), and its
charts are drawn by the same `present.charts` functions as the pages (the Sankey excepted: see
`report.charts.referral_flow_bars`). This module imports no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import polars as pl

from data.schema import CHAH
from present import catalogue, charts, derive, i18n, rates
from queries import disclosure
from queries.run import DATA_START, Filters
from report.model import (
    COVID_PERIODS,
    DataInfo,
    KeyBlock,
    KeyRow,
    Report,
    ReportRequest,
    Runner,
    Section,
    Value,
    data_info,
)


def _span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"


def _area_filters(request: ReportRequest, area: str, year_from: int, year_to: int) -> Filters:
    """The view's filters for one area alone over whole years (the key-figure queries take regions
    together, so each area is asked on its own, as the dashboard does for one selected region)."""
    return replace(
        request.filters,
        regions=() if area == "VL" else (area,),
        period_from=date(year_from, 1, 1),
        period_to=date(year_to, 12, 31),
    )


def _period_filters(request: ReportRequest, year_from: int, year_to: int, *, focus: bool = False) -> Filters:
    base = replace(request.filters, period_from=date(year_from, 1, 1), period_to=date(year_to, 12, 31))
    return _focus(base) if focus else base


def _focus(filters: Filters) -> Filters:
    """Without a module choice the extension and timely-start pages show crisishulp aan huis."""
    return filters if filters.modules else replace(filters, modules=(CHAH,))


def _value(frame: pl.DataFrame, column: str, kind: str, **where: Any) -> Value:
    rows = frame
    for key, wanted in where.items():
        rows = rows.filter(pl.col(key) == wanted)
    if rows.is_empty():
        return Value(None, kind, present=False)
    return Value(rows[column][0], kind)


def _row(
    key: str,
    request: ReportRequest,
    query: str,
    column: str,
    kind: str,
    values: dict[str, tuple[Value | None, Value]],
    *,
    subject: bool = True,
    suffix: str = "",
) -> KeyRow:
    lang = request.lang
    item = _indicator(query, column)
    return KeyRow(
        key=key,
        label=suffix if kind == "rate" else item.label(lang) + suffix,
        kind=kind,
        query=query,
        column=column,
        source=item.source,
        values=values,
        subject=item.subject(lang) + suffix if subject and item.subject else None,
    )


def _indicator(query: str, column: str) -> catalogue.Indicator:
    """The catalogue's indicator held in a query's column (every figure of the report has one)."""
    item = catalogue.by_place(query, column)
    if item is None:
        raise LookupError(f"present/indicators.toml names no indicator for {query}.{column}")
    return item


def _period_block(request: ReportRequest, runner: Runner) -> KeyBlock:
    """Key figures over the period, beside the previous period of the same length when the data have it."""
    lang = request.lang
    y1, y2 = request.year_from, request.year_to
    length = y2 - y1 + 1
    has_before = y1 - length >= DATA_START.year
    totals: dict[tuple[str, bool], pl.DataFrame] = {}
    for area in request.areas:
        totals[(area, False)] = runner("kerncijfers_totals", _area_filters(request, area, y1, y2))
        if has_before:
            totals[(area, True)] = runner(
                "kerncijfers_totals", _area_filters(request, area, y1 - length, y1 - 1)
            )
    later_now = runner("not_started_minors", _period_filters(request, y1, y2, focus=True))
    later_before = (
        runner("not_started_minors", _period_filters(request, y1 - length, y1 - 1, focus=True))
        if has_before
        else None
    )

    # The minors of each area, for the counts per 10.000 minors (the key figures ignore the age
    # filter: all minors). Over a period: the mean of its years (present/rates.py).
    minors: dict[tuple[str, bool], float | None] = {}
    for area in request.areas:
        for before, (a, b) in ((False, (y1, y2)), (True, (y1 - length, y1 - 1))):
            if before and not has_before:
                continue
            pop = runner("population", replace(_area_filters(request, area, a, b), age_bands=()))
            pop = pop.filter(pl.col("area") == area)
            minors[(area, before)] = pop["minors"].mean() if pop.height else None  # type: ignore[assignment]

    def rate_values(column: str) -> dict[str, tuple[Value | None, Value]]:
        def one(area: str, before: bool) -> Value:
            count = _value(totals[(area, before)], column, "count")
            return Value(rates.rate(count.number, minors[(area, before)]), "rate", present=count.present)

        return {area: (one(area, True) if has_before else None, one(area, False)) for area in request.areas}

    def totals_values(column: str, kind: str) -> dict[str, tuple[Value | None, Value]]:
        return {
            area: (
                _value(totals[(area, True)], column, kind) if has_before else None,
                _value(totals[(area, False)], column, kind),
            )
            for area in request.areas
        }

    later = {
        area: (
            _value(later_before, "started_later_pct", "pct", area=area) if later_before is not None else None,
            _value(later_now, "started_later_pct", "pct", area=area),
        )
        for area in request.areas
    }

    def per_minors(key: str) -> str:
        """A rate's row label: it sits under its count's row (one line in the PDF's table)."""
        return i18n.text(f"rate_row_{key}", lang)

    rows = (
        _row("families", request, "kerncijfers_totals", "families_chah_started", "count",
             totals_values("families_chah_started", "count")),
        _row("families_rate", request, "kerncijfers_totals", "families_chah_started", "rate",
             rate_values("families_chah_started"), subject=False, suffix=per_minors("families")),
        _row("chah_started", request, "kerncijfers_totals", "chah_started", "count",
             totals_values("chah_started", "count")),
        _row("chah_started_rate", request, "kerncijfers_totals", "chah_started", "rate",
             rate_values("chah_started"), subject=False, suffix=per_minors("started")),
        _row("extended_pct", request, "kerncijfers_totals", "chah_extended_pct", "pct",
             totals_values("chah_extended_pct", "pct")),
        _row("not_started", request, "kerncijfers_totals", "could_not_start_minors", "count",
             totals_values("could_not_start_minors", "count")),
        _row("not_started_rate", request, "kerncijfers_totals", "could_not_start_minors", "rate",
             rate_values("could_not_start_minors"), subject=False, suffix=per_minors("not_started")),
        _row("started_later", request, "not_started_minors", "started_later_pct", "pct", later,
             suffix=_module_suffix(request)),
    )  # fmt: skip
    return KeyBlock(
        key="period",
        title=i18n.text("block_period" if has_before else "block_period_alone", lang),
        before_label=_span(y1 - length, y1 - 1) if has_before else None,
        now_label=_span(y1, y2),
        rows=rows,
    )


def _module_suffix(request: ReportRequest) -> str:
    """' — Crisisbegeleiding' when the view chose modules other than crisishulp aan huis alone."""
    if not request.modules or request.modules == (CHAH,):
        return ""
    return " — " + ", ".join(i18n.name(i18n.MODULE_NAMES, m, request.lang) for m in request.modules)


def _year_block(request: ReportRequest, runner: Runner) -> KeyBlock:
    """Key figures of the first and last year of the period (one year: that year and the one before)."""
    lang = request.lang
    y2 = request.year_to
    if request.year_from < y2:
        t1: int | None = request.year_from
    else:
        t1 = y2 - 1 if y2 - 1 >= DATA_START.year else None
    first = t1 if t1 is not None else y2
    by_year = {
        area: runner("kerncijfers_by_year", _area_filters(request, area, first, y2)) for area in request.areas
    }
    timely = runner("time_to_start_yearly", _period_filters(request, first, y2, focus=True))
    rates = runner("referral_rates", _period_filters(request, first, y2))

    def pair(frame_of: Callable[[str], pl.DataFrame], column: str, kind: str, by_area: bool):
        out: dict[str, tuple[Value | None, Value]] = {}
        for area in request.areas:
            frame = frame_of(area)
            where = {"area": area} if by_area else {}
            before = _value(frame, column, kind, year=t1, **where) if t1 is not None else None
            out[area] = (before, _value(frame, column, kind, year=y2, **where))
        return out

    # (row key, query, column, kind), in the order of the Overzicht tiles, then the pages' rates.
    specs = (
        ("chah_started", "kerncijfers_by_year", "chah_started", "count"),
        ("within_24h", "time_to_start_yearly", "within_24h_pct", "pct"),
        ("goal", "kerncijfers_by_year", "goal_positive_pct", "pct"),
        ("placement", "kerncijfers_by_year", "placement_advised", "count"),
        ("inside", "kerncijfers_by_year", "referred_inside", "count"),
        ("outside", "kerncijfers_by_year", "referred_outside", "count"),
        ("no_follow_up", "referral_rates", "no_follow_up_pct", "pct"),
    )
    by_area_frames = {"time_to_start_yearly": timely, "referral_rates": rates}
    rows = []
    for key, query, column, kind in specs:
        if query == "kerncijfers_by_year":
            values = pair(lambda area: by_year[area], column, kind, by_area=False)
        else:
            frame = by_area_frames[query]
            values = pair(lambda _, frame=frame: frame, column, kind, by_area=True)
        suffix = _module_suffix(request) if query == "time_to_start_yearly" else ""
        rows.append(_row(key, request, query, column, kind, values, suffix=suffix))
    return KeyBlock(
        key="year",
        title=i18n.text("block_year", lang),
        before_label=str(t1) if t1 is not None else None,
        now_label=str(y2),
        rows=tuple(rows),
    )


def _residential_block(request: ReportRequest, runner: Runner, by_period: pl.DataFrame) -> KeyBlock:
    """Residential care over the period: stays ended with a return home per corona period, and the
    children sent home during the measures when the period overlaps them."""
    lang = request.lang
    y1, y2 = request.year_from, request.year_to
    rows: list[KeyRow] = []
    for period, first, last in COVID_PERIODS:
        if first > y2 or last < y1:
            continue
        values = {
            area: (None, _value(by_period, "naar_huis_pct", "pct", area=area, covid_period=period))
            for area in request.areas
        }
        row = _row("naar_huis", request, "residential_stay_by_covid_period", "naar_huis_pct", "pct", values,
                   subject=False)  # fmt: skip
        rows.append(replace(row, key=f"naar_huis_{period}", label=f"{row.label}, {i18n.text(period, lang)}"))
    if y1 <= 2021 and y2 >= 2020:
        cohort = runner("residential_covid_cohort_total", request.filters)
        for key, column, kind in (("cohort", "children", "count"), ("cohort_back", "came_back_pct", "pct")):
            values = {area: (None, _value(cohort, column, kind, area=area)) for area in request.areas}
            rows.append(
                _row(key, request, "residential_covid_cohort_total", column, kind, values, subject=False)
            )
    return KeyBlock(
        key="residential",
        title=i18n.text("block_residential", lang),
        before_label=None,
        now_label=_span(y1, y2),
        rows=tuple(rows),
    )


def _area_list(request: ReportRequest, values: dict[str, str]) -> str:
    lang = request.lang
    return ", ".join(
        f"{i18n.name(i18n.REGION_NAMES, a, lang)} {values[a]}" for a in request.areas if a in values
    )


def _sections(request: ReportRequest, runner: Runner, by_period: pl.DataFrame) -> tuple[Section, ...]:
    """The main charts, each drawn with the function (and the data) of its dashboard page."""
    lang = request.lang
    view = request.filters
    focus = _focus(view)
    modules_shown = ", ".join(i18n.name(i18n.MODULE_NAMES, m, lang) for m in focus.modules)
    areas = request.areas
    hidden = i18n.text("report_hidden_note", lang)

    # Seasons (page Seizoenen): the seasonal index from the protected monthly counts.
    monthly = runner("registrations_monthly", view)
    index = derive.seasonal_index(monthly)
    months = i18n.month_names(lang)
    season_notes = []
    for area in areas:
        totals = index.filter(pl.col("area") == area).sort("total", "calendar_month")
        if totals.height == 12 and totals["total"].sum() > 0:
            quiet = sorted(totals.head(3)["calendar_month"].to_list())
            busy = sorted(totals.tail(3)["calendar_month"].to_list())
            sentence = i18n.text(
                "quiet_sentence",
                lang,
                area=i18n.name(i18n.REGION_NAMES, area, lang),
                quiet=", ".join(months[m - 1] for m in quiet),
                busy=", ".join(months[m - 1] for m in busy),
            )
            season_notes.append(sentence.replace("**", ""))
    seasons = Section(
        key="seasons",
        indicator="seasonal_index",
        heading=i18n.text("section_seasons", lang),
        title=catalogue.indicator("seasonal_index").title(lang),
        chart=charts.seasonal_index(index, lang=lang),
        table=index,
        query="registrations_monthly",
        source=catalogue.indicator("seasonal_index").source,
        notes=tuple(season_notes),
        max_height_mm=92,
    )

    # Extensions (page Verlengingen en duur): the extension rate per module over the period.
    per_module = runner("extension_rate_by_module", view)
    per_module_named = per_module.with_columns(
        module_name=pl.col("module").replace_strict(
            {m: i18n.name(i18n.MODULE_NAMES, m, lang) for m in i18n.MODULE_NAMES}, default=pl.col("module")
        )
    )
    extensions = Section(
        key="extensions",
        indicator="extension_rate_by_module",
        heading=i18n.text("section_extensions", lang),
        title=catalogue.indicator("extension_rate_by_module").title(lang),
        chart=charts.grouped_bars(
            per_module_named, category="module_name", value="extended_pct", value_title="%", lang=lang,
            percent=True,
        ),
        table=per_module,
        query="extension_rate_by_module",
        source=catalogue.indicator("extension_rate_by_module").source,
        notes=(hidden,),
        max_height_mm=92,
    )  # fmt: skip

    # Referral flows (page Doorverwijzingen): the Sankey's links as bars (see report.charts, Altair:
    # imported when a report is made, not when the dashboard draws the report buttons).
    from report import charts as report_charts

    flows = runner("referral_flows", view)
    referrals = Section(
        key="referrals",
        indicator="referral_flows",
        heading=i18n.text("section_referrals", lang),
        title=i18n.text("flows_title", lang),
        chart=report_charts.referral_flow_bars(flows, lang=lang),
        table=flows,
        query="referral_flows",
        source=catalogue.indicator("referral_flows").source,
        notes=(i18n.text("flows_note", lang), i18n.text("not_additive", lang)),
        max_height_mm=124,
    )

    # Timely start (page Verlengingen en duur): started within 24 hours per year.
    within = runner("time_to_start_yearly", focus).with_columns(date=pl.date(pl.col("year"), 1, 1))
    timely = Section(
        key="timely",
        indicator="within_24h_pct",
        heading=i18n.text("section_timely", lang),
        title=f"{catalogue.indicator('within_24h_pct').title(lang)} — {modules_shown}",
        chart=charts.trend(
            within,
            x="date",
            y="within_24h_pct",
            y_title="%",
            lang=lang,
            percent=True,
            years=(request.year_from, request.year_to),
        ),
        table=within.drop("date"),
        query="time_to_start_yearly",
        source=catalogue.indicator("within_24h_pct").source,
        notes=(hidden,),
        max_height_mm=85,
    )

    # Residential stay after corona (page Verblijf na corona): stays ended with a return home.
    periods = {p: i18n.text(p, lang) for p in ("before", "during", "after")}
    named = by_period.with_columns(
        period_name=pl.col("covid_period").replace_strict(periods, default=pl.col("covid_period"))
    )
    shown_periods = [
        p for p, first, last in COVID_PERIODS if first <= request.year_to and last >= request.year_from
    ]
    residential_notes = []
    for period in shown_periods:
        values = {
            row["area"]: i18n.fmt_pct(row["naar_huis_pct"], lang)
            for row in by_period.filter(pl.col("covid_period") == period).iter_rows(named=True)
        }
        residential_notes.append(
            i18n.text(
                "naar_huis_sentence",
                lang,
                period_name=periods[period],
                area_values=_area_list(request, values),
            )
        )
    residential = Section(
        key="residential",
        indicator="naar_huis_pct",
        heading=i18n.text("section_residential", lang),
        title=catalogue.indicator("naar_huis_pct").title(lang),
        chart=charts.grouped_bars(
            named.filter(pl.col("covid_period").is_in(shown_periods)),
            category="period_name", value="naar_huis_pct", value_title="%", lang=lang,
            sort=[periods[p] for p in shown_periods], percent=True,
        ),
        table=by_period,
        query="residential_stay_by_covid_period",
        source=catalogue.indicator("naar_huis_pct").source,
        notes=tuple(residential_notes),
        max_height_mm=70,
    )  # fmt: skip
    return (seasons, extensions, referrals, timely, residential)


def _definitions(request: ReportRequest, blocks: tuple[KeyBlock, ...]) -> tuple[tuple[str, str, str], ...]:
    """(indicator, definition, source) for every row of the key-figure table, then the general notes."""
    lang = request.lang
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for block in blocks:
        for row in block.rows:
            item = _indicator(row.query, row.column)
            if item.key in seen:
                continue
            seen.add(item.key)
            label, definition = item.label(lang), item.definition(lang)
            out.append((label, definition, row.source))
    if any(row.kind == "rate" for block in blocks for row in block.rows):
        out.append((i18n.text("measure_rate", lang), i18n.text("defs_rates", lang), "Statbel"))
    out.append((i18n.text("charts_label", lang), i18n.text("def_charts", lang), ""))
    out.append((i18n.text("norms_label", lang), i18n.text("def_norms", lang), ""))
    return tuple(out)


def build(request: ReportRequest, runner: Runner, info: DataInfo | None = None) -> Report:
    """Gather the report for `request` through `runner` (protected frames)."""
    from report import changes  # the sentences need the blocks; kept apart for reading

    request = request.checked()
    lang = request.lang
    info = info or data_info(runner)
    names = {a: i18n.name(i18n.REGION_NAMES, a, lang) for a in request.areas}
    period = _span(request.year_from, request.year_to)
    region_names = ", ".join(names[r] for r in request.regions)
    by_period = runner("residential_stay_by_covid_period", request.filters)
    blocks = (
        _period_block(request, runner),
        _year_block(request, runner),
        _residential_block(request, runner, by_period),
    )
    if request.mode == disclosure.EXACT:
        blocks = tuple(_exact_block(block) for block in blocks)
    sections = _sections(request, runner, by_period)
    mode_short = i18n.text(f"mode_short_{request.mode}", lang)
    made_on = i18n.fmt_date(request.made_on, lang)
    subtitle = (
        i18n.text("report_subtitle", lang, areas=region_names, period=period)
        if request.regions
        else i18n.text("report_subtitle_flanders", lang, period=period)
    )
    filters_extra = [
        ", ".join(i18n.name(i18n.MODULE_NAMES, m, lang) for m in request.modules),
        ", ".join(i18n.name(i18n.AGE_NAMES, a, lang) for a in request.age_bands),
    ]
    subtitle += "".join(f" · {extra}" for extra in filters_extra if extra)
    title = i18n.text("report_title", lang)
    citation = i18n.text(
        "citation_line",
        lang,
        app=i18n.text("cite_app", lang),
        what=f"{i18n.text('report_word', lang)} {subtitle}",
        source="INSISTO, BINC",
        version=info.data_version,
        date=made_on,
        mode=mode_short,
    )
    about = [
        i18n.text(f"mode_{request.mode}", lang),
        i18n.text("same_numbers", lang),
        i18n.text("report_hidden_note", lang),
        i18n.text("sources_text", lang).replace("**", ""),
        f"{i18n.text('data_version', lang)}: {info.data_version}. "
        f"{i18n.text('made_on', lang, date=made_on)}.",
    ]
    if info.synthetic:
        about.insert(0, i18n.text("synthetic_banner", lang))
    # The title is on the first page and the synthetic mark at the top of every page.
    footer_parts = [subtitle, f"{i18n.text('data_version', lang)} {info.data_version}", mode_short]
    return Report(
        request=request,
        info=info,
        title=title,
        subtitle=subtitle,
        area_names=names,
        period_label=period,
        made_on_label=i18n.text("made_on", lang, date=made_on),
        mode_notice=i18n.text(f"mode_{request.mode}", lang),
        mode_short=mode_short,
        changes=tuple(changes.sentences(request, blocks)),
        blocks=blocks,
        sections=sections,
        definitions=_definitions(request, blocks),
        about=tuple(about),
        citation=citation,
        footer=" · ".join(footer_parts),
        exact_warning=i18n.text("exact_warning", lang) if request.mode == disclosure.EXACT else None,
    )


def _exact_block(block: KeyBlock) -> KeyBlock:
    """`block` with every value flagged exact, so its counts of 1 to 9 are marked where written
    (the table, the change sentences, the pack)."""

    def flagged(value: Value | None) -> Value | None:
        return None if value is None else replace(value, exact=True)

    rows = tuple(
        replace(
            row, values={area: (flagged(b), replace(n, exact=True)) for area, (b, n) in row.values.items()}
        )
        for row in block.rows
    )
    return replace(block, rows=rows)
