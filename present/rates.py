"""Fair comparison: counts per 10.000 minors and trends as an index, from protected counts.

Areas of very different size cannot be compared by their counts (Antwerpen has more than twice
Limburg's minors), so every count indicator with a population base can be shown as a rate "per
10.000 minderjarigen" and as an index (first year of the period = 100).

Both are worked out here, after the protection, from the counts a person is shown anyway and the
public population figures (queries/population.sql): a hidden count gives a hidden rate and index,
and nothing here can tell more than the protected counts do. A rate over a period of several years
divides by the mean of those years' minors. Which figures rest on an estimated population, and
Brussel's convention, travel with the result (`estimated`, `notes`) so every surface can say so.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from present import i18n

PER = 10_000
# How a person asks for a figure: as counts, per 10.000 minors, or as an index.
MEASURES: tuple[str, ...] = ("count", "rate", "index")
RATE_DECIMALS = 1
INDEX_DECIMALS = 1
BRUSSELS = "BRU"


def rate(count: float | None, minors: float | None) -> float | None:
    """`count` per 10.000 of `minors`, one decimal; None when either is missing (a hidden count
    stays hidden) or there are no minors."""
    if count is None or minors is None or minors <= 0:
        return None
    return round(PER * count / minors, RATE_DECIMALS)


def _rate_expr(count: str, minors: str = "minors") -> pl.Expr:
    return (
        pl.when(pl.col(minors) > 0)
        .then((PER * pl.col(count) / pl.col(minors)).round(RATE_DECIMALS))
        .otherwise(None)
    )


def per_year(frame: pl.DataFrame, value: str, population: pl.DataFrame, *, out: str = "rate") -> pl.DataFrame:
    """`frame` (area, year, `value`) with the year's minors, whether they are estimated, and the
    rate `out` = value per 10.000 minors (null when the count is hidden or no population is known)."""
    pop = population.select("area", pl.col("year").cast(pl.Int64), "minors", "estimated")
    return (
        frame.with_columns(pl.col("year").cast(pl.Int64))
        .join(pop, on=["area", "year"], how="left")
        .with_columns(_rate_expr(value).alias(out), pl.col("estimated").fill_null(False))
    )


def over_period(
    frame: pl.DataFrame, value: str, population: pl.DataFrame, *, out: str = "rate"
) -> pl.DataFrame:
    """`frame` (area, `value`: one figure per area over the whole period) with the rate `out` per
    10.000 of the mean minors of the period's years (`minors`), and `estimated` when any of those
    years is."""
    pop = population.group_by("area").agg(
        pl.col("minors").mean().round(0).cast(pl.Int64).alias("minors"),
        pl.col("estimated").any().alias("estimated"),
    )
    return frame.join(pop, on="area", how="left").with_columns(
        _rate_expr(value).alias(out), pl.col("estimated").fill_null(False)
    )


def index(frame: pl.DataFrame, value: str, *, base_year: int, out: str = "index") -> pl.DataFrame:
    """`frame` (area, year, `value`) with `out` = value / the area's value in `base_year` × 100.

    The whole series of an area has no index when its base is hidden, missing or zero: an index
    on another year would read as the same figure and is not."""
    base = (
        frame.filter(pl.col("year") == base_year)
        .select("area", pl.col(value).alias("_base"))
        .unique("area", keep="first")
    )
    return (
        frame.join(base, on="area", how="left")
        .with_columns(
            pl.when(pl.col("_base") > 0)
            .then((100.0 * pl.col(value) / pl.col("_base")).round(INDEX_DECIMALS))
            .otherwise(None)
            .alias(out)
        )
        .drop("_base")
    )


def yearly(frame: pl.DataFrame, value: str, *, date_column: str | None = None) -> pl.DataFrame:
    """(area, year, value, partial) from a result by year, by month or by any finer grain: the
    shown (protected) values added up per area and year. A year with a hidden value has no total
    (null, `partial`): the sum of the other months would read as the year's count and be too low.
    """
    if date_column is not None:
        frame = frame.with_columns(pl.col(date_column).dt.year().alias("year"))
    return (
        frame.group_by("area", "year", maintain_order=True)
        .agg(
            pl.when(pl.col(value).is_null().any()).then(None).otherwise(pl.col(value).sum()).alias(value),
            pl.col(value).is_null().any().alias("partial"),
        )
        .sort("area", "year")
    )


def rate_line(count: float | None, minors: float | None, estimated: bool, lang: str) -> str | None:
    """A tile's line under a count: '8,9 per 10.000 minderjarigen' (with 'bevolking geschat' when
    the population is an estimate); None when there is no rate to show."""
    value = rate(count, minors)
    if value is None:
        return None
    line = i18n.text("rate_value", lang, value=i18n.fmt_num(value, lang, RATE_DECIMALS))
    return f"{line} ({i18n.text('rate_estimated_short', lang)})" if estimated else line


def estimated_years(frame: pl.DataFrame) -> dict[str, list[int]]:
    """Area -> the years whose population is estimated (for the notes beside a rate)."""
    if "estimated" not in frame.columns or "year" not in frame.columns:
        return {}
    rows = frame.filter(pl.col("estimated")).select("area", "year").unique().sort("area", "year")
    found: dict[str, list[int]] = {}
    for area, year in rows.iter_rows():
        found.setdefault(area, []).append(int(year))
    return found


def notes(frame: pl.DataFrame, lang: str, *, areas: Sequence[str] | None = None) -> list[str]:
    """What a person must know beside these rates: the Brussels convention when Brussel is among
    them, the areas and years whose population is estimated, and the missing population of 18+."""
    shown = list(areas) if areas is not None else frame["area"].unique(maintain_order=True).to_list()
    out: list[str] = []
    if BRUSSELS in shown:
        out.append(i18n.text("rate_brussels", lang))
    estimated = estimated_years(frame) if "year" in frame.columns else {}
    if estimated:
        parts = [
            f"{i18n.name(i18n.REGION_NAMES, area, lang) if area != 'VL' else i18n.text('flanders', lang)} "
            f"({_year_ranges(years)})"
            for area, years in estimated.items()
            if area in shown
        ]
        if parts:
            out.append(i18n.text("rate_estimated", lang, areas="; ".join(parts)))
    elif "estimated" in frame.columns and frame["estimated"].any():
        out.append(i18n.text("rate_estimated_period", lang))
    return out


def _year_ranges(years: list[int]) -> str:
    """[2017, 2018, 2019, 2024] -> '2017–2019, 2024'."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in spans)
