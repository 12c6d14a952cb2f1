"""Plausibility of a new export against the file it replaces: a valid export can still be wrong.

Before the ingest swaps in a new file it compares the new crisis trajectories with the previous
file's: the regions, modules and years present, the extract date, and the trajectories per region
× year (× module, kept for the record). Large unexplained changes stop the ingest unless the data
manager accepts them (`--accept-changes`). Thresholds (data/VERSIONS.md explains the choice):

- a region, module or year the previous file had with at least MIN_CELL trajectories is gone;
- the extract date moved back;
- a region × year cell with at least MIN_CELL trajectories on either side halved or doubled.

Both sides are counted up to the previous file's extract date, so a quarter that adds the rest of
a year is not mistaken for a doubling. The whole comparison is written into the new file
(`version_changes`) so a later page can say what changed in this version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from data.schema import MODULES, REGIONS

# Cells (and regions, modules, years) smaller than this on both sides are noise, never a stop.
MIN_CELL = 20
# A region × year volume at or below half, or at or above twice, the previous one stops the ingest.
LOW_RATIO = 0.5
HIGH_RATIO = 2.0
TABLE = "version_changes"
TABLE_DDL = f"""
create or replace table {TABLE} (
  compared_with VARCHAR,          -- the previous file's data version; null for a first version
  kind VARCHAR NOT NULL,          -- first_version, region_gone, region_new, module_gone, module_new,
                                  -- year_gone, year_new, extract_date_earlier, volume, count
  region VARCHAR,
  year INTEGER,
  module VARCHAR,
  previous_count BIGINT,
  current_count BIGINT,
  stops BOOLEAN NOT NULL,         -- a change that stops the ingest unless accepted
  accepted BOOLEAN NOT NULL,      -- the ingest ran with --accept-changes
  note VARCHAR                    -- the line the ingest printed (Dutch)
)
"""


@dataclass(frozen=True)
class Finding:
    """One change worth reporting; `stops` when it stops the ingest unless accepted."""

    kind: str
    stops: bool
    note: str
    region: str | None = None
    year: int | None = None
    module: str | None = None
    previous: int | None = None
    current: int | None = None


@dataclass(frozen=True)
class Comparison:
    """The new data against the previous file: findings and trajectories per region, year, module."""

    previous_version: str | None
    previous_extract: date | None
    findings: tuple[Finding, ...]
    # region, year, module, previous, current (both counted up to the previous extract date).
    counts: pl.DataFrame
    # The data manager accepted the stopping changes (`--accept-changes`).
    accepted: bool = False

    @property
    def first(self) -> bool:
        """No previous file to compare with."""
        return self.previous_version is None

    @property
    def stops(self) -> tuple[Finding, ...]:
        """The findings that stop the ingest."""
        return tuple(f for f in self.findings if f.stops)

    def report(self) -> str:
        """The comparison as the data manager reads it in the terminal (Dutch)."""
        if self.first:
            return "\n".join(f.note for f in self.findings)
        lines = [
            f"Vergelijking met de vorige versie {self.previous_version}"
            f" (tot {self.previous_extract:%d/%m/%Y}):"
        ]
        if not self.findings:
            lines.append("  geen grote wijzigingen")
        for f in self.findings:
            label = ("aanvaard" if self.accepted else "STOP") if f.stops else "info"
            lines.append(f"  {label:<8}  {f.note}")
        lines += ["", *self._table()]
        return "\n".join(lines)

    def _table(self) -> list[str]:
        """Trajectories per region (rows) and year (columns), 'previous→current'."""
        if self.counts.is_empty():
            return []
        cells = self.counts.group_by("region", "year").agg(pl.col("previous").sum(), pl.col("current").sum())
        years = sorted(cells.get_column("year").unique().to_list())
        lookup = {(r, y): (p, c) for r, y, p, c in cells.iter_rows()}
        regions = [r for r in REGIONS if any((r, y) in lookup for y in years)]
        width = max(len(f"{p}→{c}") for p, c in lookup.values())
        width = max(width, 4)
        out = [
            "  Trajecten per regio en jaar (vorige→nieuwe versie):",
            "  regio " + " ".join(f"{y:>{width}}" for y in years),
        ]
        for region in regions:
            row = [
                f"{p}→{c}" if (p, c) != (0, 0) else "–"
                for p, c in (lookup.get((region, y), (0, 0)) for y in years)
            ]
            out.append(f"  {region:<5} " + " ".join(f"{cell:>{width}}" for cell in row))
        return out


class ChangesRefused(Exception):
    """The new export changes the data more than plausible; nothing was swapped."""

    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison
        super().__init__(comparison.report())


def _first(note: str, counts: pl.DataFrame) -> Comparison:
    """A first version: nothing to compare with (the counts are the new file's own)."""
    return Comparison(None, None, (Finding("first_version", False, note),), counts)


def _counts(trajectories: pl.DataFrame, until: date | None) -> pl.DataFrame:
    """Trajectories per region, registration year and module (up to `until` when given)."""
    frame = trajectories if until is None else trajectories.filter(pl.col("registered_on") <= until)
    return (
        frame.group_by("region", pl.col("registered_on").dt.year().cast(pl.Int32).alias("year"), "module")
        .agg(pl.len().cast(pl.Int64).alias("n"))
        .sort("region", "year", "module")
    )


def _previous(path: Path) -> tuple[str, str, date, pl.DataFrame] | str:
    """The previous file's source, data version, extract date and counts; or why it cannot be read."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("attach $path as prev (read_only)", {"path": str(path)})
        source, version, extract = con.execute(
            "select source, data_version, extract_date from prev.build_info order by built_at desc limit 1"
        ).fetchone()
        rows = con.execute(
            "select region, cast(year(registered_on) as integer) as year, module, count(*) as n"
            " from prev.crisis_trajectories group by all order by all"
        ).fetchall()
    except (duckdb.Error, TypeError) as err:  # TypeError: an empty build_info
        return (str(err).splitlines() or [type(err).__name__])[0]
    finally:
        con.close()
    frame = pl.DataFrame(
        rows, schema={"region": pl.Utf8, "year": pl.Int32, "module": pl.Utf8, "n": pl.Int64}, orient="row"
    )
    return source, version, extract, frame


def _gone_and_new(
    kind: str, label: str, before: dict, after: dict, names: dict | None = None
) -> list[Finding]:
    """Codes (regions, modules, years) present on one side only; gone ones stop when not tiny."""
    found: list[Finding] = []
    for code in sorted(set(before) - set(after)):
        shown = f"{code} ({names[code]})" if names and code in names else str(code)
        n = before[code]
        found.append(
            Finding(
                f"{kind}_gone",
                n >= MIN_CELL,
                f"{label} {shown} ontbreekt: vorige versie {n} trajecten, nieuwe versie 0",
                previous=n,
                current=0,
                **{kind: code},
            )
        )
    for code in sorted(set(after) - set(before)):
        shown = f"{code} ({names[code]})" if names and code in names else str(code)
        n = after[code]
        found.append(
            Finding(
                f"{kind}_new",
                False,
                f"{label} {shown} is nieuw: {n} trajecten",
                previous=0,
                current=n,
                **{kind: code},
            )
        )
    return found


def _totals(frame: pl.DataFrame, column: str) -> dict:
    """Trajectories per value of `column`."""
    return dict(frame.group_by(column).agg(pl.col("n").sum()).iter_rows())


def compare(trajectories: pl.DataFrame, extract_date: date, previous: Path) -> Comparison:
    """Compare the new crisis trajectories (contract columns) with the file at `previous`."""
    new_all = _counts(trajectories, None)
    own = new_all.rename({"n": "current"}).with_columns(pl.lit(None, pl.Int64).alias("previous"))
    own = own.select("region", "year", "module", "previous", "current")
    previous = Path(previous)
    if not previous.is_file():
        return _first("Eerste versie: er is geen vorig bestand om mee te vergelijken.", own)
    read = _previous(previous)
    if isinstance(read, str):
        return _first(
            f"Eerste versie: het vorige bestand {previous} is onleesbaar ({read}); niet vergeleken.", own
        )
    source, version, prev_extract, old = read
    if source != "ingest":
        return _first(
            f"Eerste ingelezen versie: het vorige bestand ({version}) bevat synthetische gegevens;"
            " niet vergeleken.",
            own,
        )

    findings: list[Finding] = []
    if extract_date < prev_extract:
        findings.append(
            Finding(
                "extract_date_earlier",
                True,
                f"de gegevens lopen tot {extract_date:%d/%m/%Y},"
                f" de vorige versie tot {prev_extract:%d/%m/%Y}",
            )
        )
    findings += _gone_and_new("region", "regio", _totals(old, "region"), _totals(new_all, "region"), REGIONS)
    modules = {m: m for m in MODULES}
    findings += _gone_and_new("module", "module", _totals(old, "module"), _totals(new_all, "module"), modules)
    findings += _gone_and_new("year", "jaar", _totals(old, "year"), _totals(new_all, "year"))
    gone_regions = {f.region for f in findings if f.kind == "region_gone"}
    gone_years = {f.year for f in findings if f.kind == "year_gone"}

    # Like with like: the new side only up to the previous extract date.
    counts = (
        old.rename({"n": "previous"})
        .join(
            _counts(trajectories, prev_extract).rename({"n": "current"}),
            on=["region", "year", "module"],
            how="full",
            coalesce=True,
        )
        .with_columns(pl.col("previous").fill_null(0), pl.col("current").fill_null(0))
        .select("region", "year", "module", "previous", "current")
        .sort("region", "year", "module")
    )
    cells = counts.group_by("region", "year").agg(pl.col("previous").sum(), pl.col("current").sum())
    for region, year, before, after in cells.sort("region", "year").iter_rows():
        if region in gone_regions or year in gone_years or max(before, after) < MIN_CELL:
            continue
        if after <= before * LOW_RATIO or after >= before * HIGH_RATIO:
            word = "gehalveerd of minder" if after < before else "verdubbeld of meer"
            findings.append(
                Finding(
                    "volume",
                    True,
                    f"regio {region} ({REGIONS.get(region, region)}) in {year}:"
                    f" {before} → {after} trajecten ({word})",
                    region=region,
                    year=year,
                    previous=before,
                    current=after,
                )
            )
    return Comparison(version, prev_extract, tuple(findings), counts)


def write(con: duckdb.DuckDBPyConnection, comparison: Comparison) -> None:
    """Store the comparison in the new data file's `version_changes` table."""
    accepted = comparison.accepted
    rows = [
        (
            comparison.previous_version,
            f.kind,
            f.region,
            f.year,
            f.module,
            f.previous,
            f.current,
            f.stops,
            accepted,
            f.note,
        )
        for f in comparison.findings
    ]
    rows += [
        (comparison.previous_version, "count", region, year, module, before, after, False, accepted, None)
        for region, year, module, before, after in comparison.counts.iter_rows()
    ]
    con.execute(TABLE_DDL)
    if rows:
        con.executemany(f"insert into {TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)  # noqa: S608
