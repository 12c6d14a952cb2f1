"""Figures derived on the page from protected results."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from present import derive


def test_seasonal_index_per_calendar_month() -> None:
    """A month with twice the year's mean monthly count has index 2; hidden months are skipped."""
    months = [date(2020, m, 1) for m in range(1, 13)] + [date(2021, m, 1) for m in range(1, 13)]
    # 2020: eleven months of 10 and December 130 -> 240 / 12 = mean 20: January 0.5, December 6.5.
    # 2021: every month 30 except January hidden ('<10' -> null) -> mean 30, index 1.0.
    counts = [10] * 11 + [130] + [None] + [30] * 11
    frame = pl.DataFrame({"area": ["VL"] * 24, "month": months, "registrations": counts})
    out = derive.seasonal_index(frame)
    january = out.filter(pl.col("calendar_month") == 1).row(0, named=True)
    assert january["years"] == 1  # the hidden January of 2021 is left out
    assert january["index_mean"] == pytest.approx(0.5)
    assert january["total"] == 10
    december = out.filter(pl.col("calendar_month") == 12).row(0, named=True)
    assert december["index_min"] == pytest.approx(1.0)
    assert december["index_max"] == pytest.approx(6.5)
    assert december["index_mean"] == pytest.approx(3.75)
