"""The population reference: minors per IROJ region, year and age band on 1 January, for rates.

The published figures are in `data/population_published.csv`, transcribed from the sources listed
in data/POPULATION.md; the gaps are filled here by the simple rules described there and marked
`estimated`. Brussel's denominator is a convention (the Brusselnorm, `BRUSSELS_SHARE` of the
Brussels-Capital Region), VL the sum of the six regions. Every data file holds the result as the
table `population` (`write_population`); `python -m data population` replaces it with the sums of
Statbel's own open-data files (data/statbel.py).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import duckdb
import polars as pl

from data.schema import REGIONS as REGION_NAMES

TABLE = "population"
PUBLISHED_CSV = Path(__file__).resolve().parent / "population_published.csv"
# The five provinces coincide with the IROJ regions of the same name.
PROVINCES: tuple[str, ...] = ("ANT", "LIM", "OVL", "VBR", "WVL")
REGIONS: tuple[str, ...] = (*PROVINCES, "BRU", "VL")
ALL_MINORS = "0-17"
BANDS: tuple[str, ...] = ("0-5", "6-11", "12-14", "15-17")
AGE_BANDS: tuple[str, ...] = (ALL_MINORS, *BANDS)
# The single years of age in each band (Statbel counts per year of age).
BAND_AGES: dict[str, range] = {"0-5": range(0, 6), "6-11": range(6, 12), "12-14": range(12, 15),
                               "15-17": range(15, 18)}  # fmt: skip
# queries.run DATA_START..DATA_END (a test holds the two together: data cannot import queries).
YEARS: tuple[int, ...] = tuple(range(2017, 2026))
# The source areas besides the provinces: the Flemish Region and the Brussels-Capital Region.
FLEMISH_REGION = "VLG"
BRUSSELS_REGION = "BCR"

# Brussel (BRU) is youth care recognised by the Flemish Community in the Brussels-Capital Region:
# nobody counts the minors it serves, so its denominator is the Flemish Government's planning norm.
BRUSSELS_SHARE = 0.30
BRUSSELS_CONVENTION: dict[str, str] = {
    "nl": (
        "Brussel: er bestaat geen telling van de Brusselse minderjarigen voor wie de door Vlaanderen"
        " erkende jeugdhulp bedoeld is. Als noemer geldt de Brusselnorm: 30 % van de minderjarigen"
        " van het Brussels Hoofdstedelijk Gewest (Statbel), de norm waarmee de Vlaamse overheid"
        " voor Brussel plant. Een ander uitgangspunt (bv. het Nederlandstalig onderwijs) geeft een"
        " ander cijfer."
    ),
    "en": (
        "Brussels: no count exists of the Brussels minors whom the youth care recognised by Flanders"
        " serves. The denominator is the 'Brussels norm': 30 % of the minors of the Brussels-Capital"
        " Region (Statbel), the norm the Flemish Government plans Brussels by. Another convention"
        " (e.g. Dutch-language schools) gives another figure."
    ),
}
BRUSSELS_NORM = (
    f"Brusselnorm: {round(BRUSSELS_SHARE * 100)} % van de minderjarigen van het Brussels"
    " Hoofdstedelijk Gewest"
)
FLANDERS_SOURCE = "Som van de vijf provincies en Brussel (Brusselnorm)"
# What a row's source starts with when `python -m data population` imported it from Statbel's files
# (Brussel: inside the brackets); the reference never uses these words.
IMPORTED_SOURCE = "Statbel open data TF_SOC_POP_STRUCT_"

# The sources of data/POPULATION.md that data/population_published.csv cites, as a reader sees them.
SOURCES: dict[str, str] = {
    "S1": "Statbel, bevolking per gewest en leeftijdsjaar (opgeteld)",
    "S2": "Statbel via Openbaar Ministerie, minderjarigenpopulatie per parket",
    "S4": "Statbel be.STAT, bevolking per gewest en leeftijdsgroep",
    "S5": "Statbel, bevolking per provincie en leeftijdsjaar (opgeteld)",
    "S7": "Opgroeien, Het kind in Vlaanderen 2019 (Statbel)",
    "S9": "IBSA via de pers (Statbel)",
    "S10": "citypopulation.de (bron: Statbel)",
}

COLUMNS: dict[str, str] = {
    "region": "VARCHAR",
    "year": "INTEGER",
    "age_band": "VARCHAR",
    "minors": "INTEGER",
    "source": "VARCHAR",
    "estimated": "BOOLEAN",
}
DDL = (
    f"create or replace table {TABLE} ("
    + ", ".join(f"{name} {kind} NOT NULL" for name, kind in COLUMNS.items())
    + ", primary key (region, year, age_band))"
)
SCHEMA: dict[str, pl.DataType] = {
    "region": pl.Utf8(),
    "year": pl.Int32(),
    "age_band": pl.Utf8(),
    "minors": pl.Int64(),
    "source": pl.Utf8(),
    "estimated": pl.Boolean(),
}


class PopulationError(Exception):
    """A population table that breaks the contract; the message says what (Dutch, then English)."""


@dataclass(frozen=True)
class Figure:
    """One count of minors, whether it was estimated, and where it comes from (Dutch)."""

    minors: int
    estimated: bool
    source: str


# One area in one year: a Figure for '0-17' and for each of BANDS.
Bands = dict[str, Figure]


def _round_half_up(value: Fraction) -> int:
    """The nearest whole number, halves up (a published rounding rule, unlike Python's round)."""
    return math.floor(value + Fraction(1, 2))


def largest_remainder(target: int, quotas: Sequence[Fraction]) -> list[int]:
    """Whole numbers near `quotas` that add up to `target`: each quota rounded down, the rest
    handed out one by one to the largest remainders (the first on a tie)."""
    floors = [math.floor(q) for q in quotas]
    left = target - sum(floors)
    if not 0 <= left <= len(quotas):
        raise ValueError(f"cannot distribute {target} over quotas summing to {float(sum(quotas))}")
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def _nearest(year: int, candidates: Sequence[int]) -> int:
    """The candidate year nearest to `year` (the earlier one on a tie)."""
    return min(candidates, key=lambda c: (abs(c - year), c))


def _published() -> dict[tuple[str, int, str], Figure]:
    """The published figures of data/population_published.csv, by (area, year, age band)."""
    frame = pl.read_csv(
        PUBLISHED_CSV,
        schema={
            "area": pl.Utf8,
            "year": pl.Int64,
            "age_band": pl.Utf8,
            "minors": pl.Int64,
            "source": pl.Utf8,
        },
    )
    return {
        (area, year, band): Figure(minors, False, SOURCES[code])
        for area, year, band, minors, code in frame.iter_rows()
    }


def _region_totals(published: Mapping[tuple[str, int, str], Figure], area: str) -> dict[int, Figure]:
    """The 0-17 totals of a region (VLG, BCR) every year: published, else linear between the
    nearest published years before and after (2024: the mean of 2023 and 2025)."""
    known = {y: f for (a, y, b), f in published.items() if a == area and b == ALL_MINORS}
    totals: dict[int, Figure] = {}
    for year in YEARS:
        if year in known:
            totals[year] = known[year]
            continue
        before = [y for y in known if y < year]
        after = [y for y in known if y > year]
        if not before or not after:
            nearest = _nearest(year, list(known))
            totals[year] = Figure(known[nearest].minors, True, f"Schatting: cijfer van {nearest}")
            continue
        low, high = max(before), min(after)
        value = known[low].minors + Fraction(year - low, high - low) * (
            known[high].minors - known[low].minors
        )
        how = f"gemiddelde van {low} en {high}" if high - low == 2 else f"lineair tussen {low} en {high}"
        totals[year] = Figure(_round_half_up(value), True, f"Schatting: {how}")
    return totals


def _province_totals(
    published: Mapping[tuple[str, int, str], Figure], flemish: Mapping[int, Figure]
) -> dict[tuple[str, int], Figure]:
    """The provinces' 0-17 totals every year: published, else what the Flemish Region's total leaves
    after the published provinces, shared in proportion to the missing provinces' counts in the
    nearest year with all five published (2020 for 2017-2019, 2023 for 2024-2025)."""
    known = {(a, y): f for (a, y, b), f in published.items() if a in PROVINCES and b == ALL_MINORS}
    complete = [y for y in YEARS if all((p, y) in known for p in PROVINCES)]
    totals: dict[tuple[str, int], Figure] = {}
    for year in YEARS:
        have = [p for p in PROVINCES if (p, year) in known]
        missing = [p for p in PROVINCES if p not in have]
        totals.update({(p, year): known[p, year] for p in have})
        if not missing:
            continue
        ref = _nearest(year, complete)
        rest = flemish[year].minors - sum(known[p, year].minors for p in have)
        weights = [known[p, ref].minors for p in missing]
        shares = largest_remainder(rest, [Fraction(rest * w, sum(weights)) for w in weights])
        whole = "totaal van het Vlaams Gewest"
        if flemish[year].estimated:
            whole += f" ({flemish[year].source.removeprefix('Schatting: ')})"
        if have:
            whole += " min " + " en ".join(REGION_NAMES[p] for p in have)
        source = f"Schatting: {whole} × aandeel van de provincie in {ref}"
        totals.update({(p, year): Figure(n, True, source) for p, n in zip(missing, shares, strict=True)})
    return totals


def _with_bands(
    published: Mapping[tuple[str, int, str], Figure], area: str, totals: Mapping[int, Figure]
) -> dict[int, Bands]:
    """An area's totals with their age bands: published, else the total split by the area's band
    shares in the nearest year with published bands."""
    have = sorted({y for (a, y, b) in published if a == area and b in BANDS})
    out: dict[int, Bands] = {}
    for year, total in totals.items():
        if year in have:
            out[year] = {ALL_MINORS: total} | {b: published[area, year, b] for b in BANDS}
            continue
        ref = _nearest(year, have)
        counts = [published[area, ref, b].minors for b in BANDS]
        split = largest_remainder(total.minors, [Fraction(total.minors * c, sum(counts)) for c in counts])
        source = f"Schatting: totaal van {year} × leeftijdsverdeling van {ref}"
        out[year] = {ALL_MINORS: total} | {
            b: Figure(n, True, source) for b, n in zip(BANDS, split, strict=True)
        }
    return out


def brussels(bcr: Bands) -> Bands:
    """Brussel's denominator by the Brusselnorm: BRUSSELS_SHARE of the Brussels-Capital Region's
    minors, the total rounded to whole minors (halves up) and split over the bands by largest
    remainder; estimated where the region's figure is."""
    share = Fraction(str(BRUSSELS_SHARE))
    total = _round_half_up(share * bcr[ALL_MINORS].minors)
    split = largest_remainder(total, [share * bcr[b].minors for b in BANDS])
    values = dict(zip(BANDS, split, strict=True)) | {ALL_MINORS: total}

    def source(figure: Figure) -> str:
        """The norm, and what the underlying figure is."""
        if figure.source.startswith(IMPORTED_SOURCE):
            detail = figure.source
        elif figure.estimated:
            detail = figure.source.replace("Schatting:", "schatting:", 1)
        else:
            detail = "Statbel"
        return f"{BRUSSELS_NORM} ({detail})"

    return {b: Figure(values[b], bcr[b].estimated, source(bcr[b])) for b in AGE_BANDS}


def flanders(parts: Sequence[Bands]) -> Bands:
    """VL as the dashboard counts it: the sum of the five provinces and Brussel, band by band."""
    out: Bands = {}
    for band in AGE_BANDS:
        estimated = any(p[band].estimated for p in parts)
        source = FLANDERS_SOURCE + ("; deels geschat" if estimated else "")
        out[band] = Figure(sum(p[band].minors for p in parts), estimated, source)
    return out


def year_frame(year: int, provinces: Mapping[str, Bands], bcr: Bands) -> pl.DataFrame:
    """The 35 rows of one year (7 regions × 5 age bands) from the provinces and the Brussels-Capital
    Region: Brussel by the Brusselnorm, VL the sum of the six."""
    regions = {p: provinces[p] for p in PROVINCES}
    regions["BRU"] = brussels(bcr)
    regions["VL"] = flanders(list(regions.values()))
    rows = [
        (region, year, band, f.minors, f.source, f.estimated)
        for region, bands in regions.items()
        for band, f in bands.items()
    ]
    return pl.DataFrame(rows, schema=SCHEMA, orient="row").sort("region", "age_band")


@functools.cache
def _reference() -> pl.DataFrame:
    """Built once per process: the reference never changes while it runs."""
    published = _published()
    flemish = _region_totals(published, FLEMISH_REGION)
    bcr = _with_bands(published, BRUSSELS_REGION, _region_totals(published, BRUSSELS_REGION))
    province_totals = _province_totals(published, flemish)
    provinces = {p: _with_bands(published, p, {y: province_totals[p, y] for y in YEARS}) for p in PROVINCES}
    frames = [year_frame(y, {p: provinces[p][y] for p in PROVINCES}, bcr[y]) for y in YEARS]
    return pl.concat(frames).sort("region", "year", "age_band")


def reference() -> pl.DataFrame:
    """The reference table: 315 rows (7 regions × 9 years × 5 age bands), the contract's columns."""
    return _reference()


def validate(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` in the contract's column order and types; PopulationError when it breaks the
    contract (a column, a code, a row missing or doubled, a negative count, bands that do not add
    up to 0-17, VL not the sum of the six regions)."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise PopulationError(
            f"Bevolkingstabel: kolommen ontbreken: {', '.join(missing)} (population table: missing columns)"
        )
    try:
        frame = frame.select(pl.col(c).cast(t, strict=True) for c, t in SCHEMA.items())
    except pl.exceptions.PolarsError as err:
        raise PopulationError(
            f"Bevolkingstabel: verkeerd type (population table: wrong type): {err}"
        ) from err
    problems: list[str] = []
    if frame.null_count().sum_horizontal().item():
        problems.append("lege waarden (empty values)")
    bad_regions = sorted(set(frame["region"].drop_nulls()) - set(REGIONS))
    bad_bands = sorted(set(frame["age_band"].drop_nulls()) - set(AGE_BANDS))
    bad_years = sorted(set(frame["year"].drop_nulls()) - set(YEARS))
    for what, bad in (("regio's (regions)", bad_regions), ("leeftijdsgroepen (age bands)", bad_bands),
                      ("jaren (years)", bad_years)):  # fmt: skip
        if bad:
            problems.append(f"onbekende {what}: {', '.join(map(str, bad))}")
    keys = frame.select("region", "year", "age_band")
    if keys.is_duplicated().any():
        problems.append("dubbele rijen (duplicate rows)")
    if frame.height != len(REGIONS) * len(YEARS) * len(AGE_BANDS):
        problems.append(
            f"{frame.height} rijen in plaats van {len(REGIONS) * len(YEARS) * len(AGE_BANDS)}"
            f" ({frame.height} rows instead of {len(REGIONS) * len(YEARS) * len(AGE_BANDS)})"
        )
    if (frame["minors"] < 0).any():
        problems.append("negatieve aantallen (negative counts)")
    if not problems:
        wide = frame.pivot(on="age_band", index=["region", "year"], values="minors")
        off = wide.filter(pl.sum_horizontal(BANDS) != pl.col(ALL_MINORS))
        if off.height:
            where = ", ".join(f"{r} {y}" for r, y in off.select("region", "year").iter_rows())
            problems.append(f"leeftijdsgroepen tellen niet op tot 0-17 (bands do not add up): {where}")
        parts = (
            frame.filter(pl.col("region") != "VL").group_by("year", "age_band").agg(pl.col("minors").sum())
        )
        vl = frame.filter(pl.col("region") == "VL").join(parts, on=["year", "age_band"], suffix="_sum")
        if vl.filter(pl.col("minors") != pl.col("minors_sum")).height:
            problems.append("VL is niet de som van de zes regio's (VL is not the sum of the six regions)")
    if problems:
        raise PopulationError("Bevolkingstabel (population table): " + "; ".join(problems))
    return frame.sort("region", "year", "age_band")


def write_population(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame | None = None) -> None:
    """Create or replace the table `population` in `con` with `frame` (default: the reference),
    after checking it against the contract (PopulationError, nothing written, when it breaks it)."""
    checked = validate(reference() if frame is None else frame)
    con.execute(DDL)
    con.register("incoming_population", checked.to_arrow())
    try:
        con.execute(f"insert into {TABLE} select * from incoming_population")  # noqa: S608 - fixed names
    finally:
        con.unregister("incoming_population")


def read(con: duckdb.DuckDBPyConnection, database: str = "main") -> pl.DataFrame | None:
    """The population table of an attached database, or None when it has none."""
    have = con.execute(
        "select count(*) from duckdb_tables() where database_name = $db and schema_name = 'main'"
        " and table_name = $t",
        {"db": database, "t": TABLE},
    ).fetchall()
    if not have[0][0]:
        return None
    return con.sql(f"select * from {database}.{TABLE}").pl()  # noqa: S608 - fixed names


def previous(path: Path) -> pl.DataFrame | None:
    """The population table of the data file at `path`, or None (no file, no table, unreadable)."""
    if not Path(path).is_file():
        return None
    # A private in-memory instance, as data/versions.py does: never an instance holding an older file.
    con = duckdb.connect(":memory:")
    try:
        con.execute("attach $path as f (read_only)", {"path": str(path)})
        return read(con, "f")
    except duckdb.Error:
        return None
    finally:
        con.close()


def imported(frame: pl.DataFrame | None) -> bool:
    """Whether any row of `frame` was imported from Statbel's files (`python -m data population`)."""
    return (
        frame is not None
        and "source" in frame.columns
        and frame["source"].str.contains(IMPORTED_SOURCE, literal=True).any()
    )


def carried_over(old: pl.DataFrame | None) -> pl.DataFrame:
    """What a rewrite of a data file writes as its population: the old table when it holds an import
    from Statbel's files (and still meets the contract), else this version's reference."""
    if imported(old):
        try:
            return validate(old)
        except PopulationError:
            pass
    return reference()
