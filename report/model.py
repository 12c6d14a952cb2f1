"""The regional report's model: the request, the values, rows, blocks and sections, and the report
itself, with the runner that gives every number through the one public path. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from present import i18n
from queries import disclosure
from queries.run import DATA_END, DATA_START, Filters, QueryError, validate_value

if TYPE_CHECKING:
    from present.export import Drawable

Runner = Callable[[str, Filters], pl.DataFrame]

# More regions than this do not fit beside Flanders on an A4 page (two columns per area).
MAX_REGIONS = 3
COVID_PERIODS: tuple[tuple[str, int, int], ...] = (
    ("before", 0, 2019),
    ("during", 2020, 2021),
    ("after", 2022, 9999),
)


def protected_runner(con: duckdb.DuckDBPyConnection, mode: disclosure.Mode) -> Runner:
    """A runner over `con` that returns what the dashboard would show in `mode` (the one public
    path: the view checked, the result protected)."""

    def runner(name: str, filters: Filters) -> pl.DataFrame:
        return disclosure.shown(name, con, filters, mode)

    return runner


@dataclass(frozen=True)
class DataInfo:
    """What the data file says about itself (the build_info query)."""

    data_version: str
    synthetic: bool
    extract_date: date | None = None


def data_info(runner: Runner) -> DataInfo:
    """The data file's version and whether it is the synthetic default."""
    row = runner("build_info", Filters()).row(0, named=True)
    return DataInfo(str(row["data_version"]), bool(row["synthetic"]), row.get("extract_date"))


@dataclass(frozen=True)
class ReportRequest:
    """One report: regions beside Flanders (none = Flanders alone), whole years, optional filters, mode."""

    year_from: int
    year_to: int
    regions: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    mode: disclosure.Mode = disclosure.PUBLIC
    lang: str = "nl"
    made_on: date = field(default_factory=date.today)

    def checked(self) -> ReportRequest:
        """The request with validated codes in code-list order; a bad value is a QueryError."""
        for flag, year in (("--from", self.year_from), ("--to", self.year_to)):
            if isinstance(year, bool) or not isinstance(year, int):
                raise QueryError(f"{flag}: {year!r} is not a calendar year")
            if not DATA_START.year <= year <= DATA_END.year:
                raise QueryError(f"{flag}: {year} lies outside the data ({DATA_START.year}-{DATA_END.year})")
        if self.year_from > self.year_to:
            raise QueryError(f"period is reversed: --from {self.year_from} is after --to {self.year_to}")
        if self.mode not in disclosure.MODES:
            raise QueryError(f"mode must be one of {', '.join(disclosure.MODES)}; got {self.mode!r}")
        if self.lang not in i18n.LANGUAGES:
            raise QueryError(f"language must be one of {', '.join(i18n.LANGUAGES)}; got {self.lang!r}")
        regions = tuple(validate_value("regions", "VARCHAR[]", list(self.regions)))
        if len(regions) > MAX_REGIONS:
            raise QueryError(
                f"a report puts at most {MAX_REGIONS} regions beside Flanders; got {len(regions)}"
                " (make one report per region)"
            )
        return replace(
            self,
            regions=regions,
            modules=tuple(validate_value("modules", "VARCHAR[]", list(self.modules))),
            age_bands=tuple(validate_value("age_bands", "VARCHAR[]", list(self.age_bands))),
        )

    @property
    def filters(self) -> Filters:
        """The view's filters, as the dashboard's sidebar sets them (Flanders always included)."""
        return Filters(
            regions=self.regions,
            period_from=date(self.year_from, 1, 1),
            period_to=date(self.year_to, 12, 31),
            modules=self.modules,
            age_bands=self.age_bands,
            include_flanders=True,
        )

    @property
    def areas(self) -> tuple[str, ...]:
        """The areas in the report's columns: the regions, then Flanders ('VL')."""
        return (*self.regions, "VL")


@dataclass(frozen=True)
class Value:
    """One shown figure: a protected count or percentage (None = hidden), or absent (no row).

    `exact`: the figure is exact (exact mode, staff only); a count of 1 to 9 is then `small` and
    written with the mark '(klein aantal: niet publiceren)' wherever the report writes it.
    """

    number: float | int | None
    kind: str  # "count", "pct" or "rate" (per 10.000 minors, present/rates.py)
    present: bool = True
    exact: bool = False

    @property
    def shown(self) -> bool:
        """Whether a number is shown (not hidden by the protection, not absent)."""
        return self.present and self.number is not None

    @property
    def small(self) -> bool:
        """Whether this is an exact count of 1 to 9 (marked: not to be published)."""
        return (
            self.exact
            and self.kind == "count"
            and self.shown
            and 1 <= float(self.number) < disclosure.THRESHOLD  # type: ignore[arg-type]
        )

    def text(self, lang: str = "nl") -> str:
        """The figure as the dashboard writes it: 1.415, '<10', 4,7 %, '–'; an exact count of 1 to
        9 as '7 (klein aantal: niet publiceren)'."""
        if not self.present:
            return "–"
        if self.kind == "count":
            text = i18n.fmt_count(self.number, lang)
            return f"{text} ({i18n.text('small_count_mark', lang)})" if self.small else text
        if self.kind == "rate":
            return i18n.fmt_num(self.number, lang, 1) if self.number is not None else "–"
        return i18n.fmt_pct(self.number, lang)


ABSENT = Value(None, "count", present=False)


@dataclass(frozen=True)
class KeyRow:
    """One indicator of the key-figure table, per area a (before, now) pair of values."""

    key: str
    label: str
    kind: str
    query: str
    column: str
    source: str
    values: dict[str, tuple[Value | None, Value]]
    subject: str | None = None  # how the change sentences name the indicator


@dataclass(frozen=True)
class KeyBlock:
    """A part of the key-figure table: a period comparison, a year comparison, or residential care."""

    key: str
    title: str
    before_label: str | None  # None: the block has one value per area
    now_label: str
    rows: tuple[KeyRow, ...]


@dataclass(frozen=True)
class Section:
    """One chart of the report, drawn by the same function as on its dashboard page."""

    key: str
    heading: str
    title: str
    chart: Drawable  # a present.charts.Chart, or (referral flows) an Altair chart
    table: pl.DataFrame
    query: str
    source: str
    notes: tuple[str, ...] = ()
    max_height_mm: float = 95.0
    indicator: str = ""  # the catalogue's key of the figure (the chart's text alternative)


@dataclass(frozen=True)
class Report:
    """Everything the report shows, ready for the PDF and HTML renderers and the pack."""

    request: ReportRequest
    info: DataInfo
    title: str
    subtitle: str
    area_names: dict[str, str]
    period_label: str
    made_on_label: str
    mode_notice: str
    mode_short: str
    changes: tuple[str, ...]
    blocks: tuple[KeyBlock, ...]
    sections: tuple[Section, ...]
    definitions: tuple[tuple[str, str, str], ...]
    about: tuple[str, ...]
    citation: str
    footer: str
    # Exact mode: the header's warning that the figures are exact and not for publication (small
    # counts marked); None in public mode.
    exact_warning: str | None = None

    @property
    def small_counts(self) -> int:
        """How many values of the key-figure table are exact counts of 1 to 9 (marked)."""
        return sum(
            value.small
            for block in self.blocks
            for row in block.rows
            for pair in row.values.values()
            for value in pair
            if value is not None
        )

    def section(self, key: str) -> Section:
        """The section with this key."""
        return next(s for s in self.sections if s.key == key)

    @property
    def pages(self) -> list[list[tuple[str, str | None]]]:
        """The page plan both renderers follow, so the PDF and the printed HTML break alike."""
        return [
            [("header", None), ("changes", None), ("keyfigures", None)],
            [("section", "seasons"), ("section", "extensions")],
            [("section", "referrals"), ("section", "timely")],
            [("section", "residential"), ("definitions", None), ("about", None)],
        ]
