"""`python -m report rapport`: the IROJ regional report as PDF or printable HTML, or its pack as zip.

    python -m report rapport --region ANT --from 2022 --to 2024 --out antwerpen.pdf
    python -m report rapport --region ANT --region LIM --from 2019 --to 2021 --out rapport.html
    python -m report rapport --region ANT --from 2022 --to 2024 --out pakket.zip

The format follows the extension of --out (.pdf, .html, .zip) unless --format says otherwise. The
figures are the dashboard's public figures by default (the same queries and protection step,
`queries.disclosure.shown`): counts rounded to 5, counts below 10 shown as '<10'. `--exact` gives
exact figures instead; it is for staff working on the data file itself (like `kerncijfers
--exact`): the report's header then says in red that the figures are exact and not for
publication, every page is marked 'exacte cijfers – niet publiceren', and every count of 1 to 9
(key-figure table, change sentences, the pack's tables) carries '(klein aantal: niet publiceren)'.
Reads the data file at $DASHBOARD_DB.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from data.schema import AGE_BANDS, MODULES, REGIONS
from queries import disclosure
from queries.run import connect, query_header

if TYPE_CHECKING:
    from report.model import Report, Section

FORMATS: tuple[str, ...] = ("pdf", "html", "zip")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `rapport` subcommand to the `python -m report` parser."""
    from report.model import MAX_REGIONS

    parser = subparsers.add_parser(
        "rapport",
        help="write the regional report (PDF or HTML) or its position-paper pack (zip)",
        description="The IROJ regional report: the chosen regions beside Flanders for whole calendar"
        " years, in two to four A4 pages, as PDF or as self-contained HTML that prints to the same"
        " pages; or the position-paper pack (every chart as SVG and 300-dpi PNG, the figures as XLSX"
        " with definitions, CITATION.txt). Public figures unless --exact. Reads $DASHBOARD_DB.",
    )
    parser.add_argument(
        "--region",
        dest="regions",
        action="append",
        default=[],
        metavar="CODE",
        help=f"IROJ region code, repeatable, at most {MAX_REGIONS} ({', '.join(REGIONS)});"
        " none = Flanders alone",
    )
    parser.add_argument("--from", dest="year_from", type=int, required=True, metavar="YEAR")
    parser.add_argument("--to", dest="year_to", type=int, required=True, metavar="YEAR")
    parser.add_argument(
        "--module", dest="modules", action="append", default=[], metavar="MODULE", choices=MODULES,
        help="crisis module, repeatable; none = all modules",
    )  # fmt: skip
    parser.add_argument(
        "--age", dest="age_bands", action="append", default=[], metavar="BAND", choices=AGE_BANDS,
        help="age band, repeatable; none = all ages",
    )  # fmt: skip
    parser.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="FILE.pdf, FILE.html or FILE.zip"
    )
    parser.add_argument(
        "--format", choices=FORMATS, help="pdf, html or zip (default: from the extension of --out)"
    )
    parser.add_argument(
        "--lang", choices=("nl", "en"), default="nl", help="language of the report (default nl)"
    )
    parser.add_argument(
        "--exact",
        action="store_true",
        help="staff only: exact figures instead of the public ones (not for publication); every"
        " count of 1 to 9 is marked 'klein aantal: niet publiceren'",
    )
    parser.set_defaults(handler=_handle, parser=parser)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.out.suffix.lower().lstrip(".")
    suffix = {"htm": "html"}.get(suffix, suffix)
    if suffix not in FORMATS:
        args.parser.error(
            f"--out {args.out}: cannot tell the format from the extension;"
            " use .pdf, .html or .zip, or give --format"
        )
    return suffix


def _handle(args: argparse.Namespace) -> int:
    """Build the report or pack and write it; returns the exit code."""
    from report.content import build
    from report.html import render_html
    from report.model import ReportRequest, protected_runner
    from report.pack import report_pack
    from report.pdf import render_pdf

    fmt = _format(args)
    mode = disclosure.EXACT if args.exact else disclosure.PUBLIC
    request = ReportRequest(
        year_from=args.year_from,
        year_to=args.year_to,
        regions=tuple(args.regions),
        modules=tuple(args.modules),
        age_bands=tuple(args.age_bands),
        mode=mode,
        lang=args.lang,
    ).checked()
    with connect() as con:
        report = build(request, protected_runner(con, mode))
    if fmt == "pdf":
        body = render_pdf(report)
    elif fmt == "html":
        body = render_html(report).encode("utf-8")
    else:
        body = report_pack(mark_section_tables(report) if mode == disclosure.EXACT else report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(body)
    if mode == disclosure.EXACT:
        print(
            "warning: exact figures: for staff only, do not publish"
            f" ({report.small_counts} count(s) of 1 to 9 in the key figures, marked"
            " 'klein aantal: niet publiceren')",
            file=sys.stderr,
        )
    print(f"written: {args.out} ({report.subtitle}; {report.mode_short})", file=sys.stderr)
    return 0


# Counts of a section's table that its query does not declare (the table is derived on the page).
DERIVED_COUNTS: dict[str, tuple[str, ...]] = {"seasons": ("total",)}
MARK_SUFFIX = "_let_op"


def section_counts(section: Section) -> list[str]:
    """The count columns of a section's table: the counts its query declares, and the derived ones."""
    declared = {c for c, role in query_header(section.query).roles.items() if role.kind == "count"}
    counts = declared | set(DERIVED_COUNTS.get(section.key, ()))
    return [c for c in section.table.columns if c in counts and section.table.schema[c].is_numeric()]


def mark_small_counts(table: pl.DataFrame, counts: list[str], mark: str) -> pl.DataFrame:
    """`table` with, right after each count column, a column '<count>_let_op' that reads `mark`
    beside every count of 1 to 9 (empty elsewhere): the pack's sheets then show the marking next
    to the figure, in plain sight."""
    columns: list[pl.Expr] = []
    for column in table.columns:
        columns.append(pl.col(column))
        if column in counts:
            small = pl.col(column).is_between(1, disclosure.THRESHOLD - 1)
            columns.append(pl.when(small).then(pl.lit(mark)).alias(column + MARK_SUFFIX))
    return table.select(columns)


def mark_section_tables(report: Report) -> Report:
    """An exact report whose section tables (the pack's sheets) mark their counts of 1 to 9; the
    key-figure sheet marks them through the values' own text ('7 (klein aantal: niet publiceren)')."""
    from present import i18n

    mark = i18n.text("small_count_mark", report.request.lang)
    sections = tuple(
        replace(section, table=mark_small_counts(section.table, section_counts(section), mark))
        for section in report.sections
    )
    return replace(report, sections=sections)
