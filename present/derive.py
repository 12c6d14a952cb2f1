"""Figures derived on the page from already protected query results (never from exact counts)."""

from __future__ import annotations

import polars as pl


def seasonal_index(monthly: pl.DataFrame, value: str = "registrations") -> pl.DataFrame:
    """Seasonal index per area and calendar month from monthly counts (`area`, `month`, `value`).

    index(year, month) = count(year, month) / the mean monthly count of that year; the result has
    the mean, lowest and highest index over the years and the month's total. Months whose count
    was hidden ('<10', null) are left out of the index and the total, so nothing exact leaks back.
    """
    per_month = monthly.select(
        "area",
        pl.col("month").dt.year().alias("year"),
        pl.col("month").dt.month().cast(pl.Int32).alias("calendar_month"),
        pl.col(value).alias("n"),
    )
    indexed = per_month.with_columns(
        index=pl.col("n") / pl.col("n").mean().over("area", "year"),
    ).filter(pl.col("index").is_not_null() & pl.col("index").is_finite())
    return (
        indexed.group_by("area", "calendar_month")
        .agg(
            total=pl.col("n").sum(),
            years=pl.len(),
            index_mean=pl.col("index").mean().round(3),
            index_min=pl.col("index").min().round(3),
            index_max=pl.col("index").max().round(3),
        )
        .sort("area", "calendar_month")
    )
