"""Rates per 10.000 minors and the index (present/rates.py), worked out by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from present import rates


def _population(rows: list[tuple[str, int, int, bool]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["area", "year", "minors", "estimated"], orient="row")


POPULATION = _population(
    [
        ("LIM", 2022, 162_531, False),
        ("LIM", 2023, 163_891, False),
        ("LIM", 2024, 164_000, True),
        ("BRU", 2022, 82_094, False),
        ("BRU", 2023, 82_421, False),
        ("BRU", 2024, 81_500, True),
    ]
)


def test_a_rate_is_the_count_per_10000_minors_with_one_decimal() -> None:
    """145 starts among 162.531 minors are 8,9 per 10.000 (145 / 162531 × 10000 = 8,921…)."""
    assert rates.rate(145, 162_531) == 8.9
    assert rates.rate(0, 162_531) == 0.0


def test_a_hidden_count_gives_a_hidden_rate() -> None:
    """A count shown as '<10' (null) stays hidden as a rate; no population gives no rate either."""
    assert rates.rate(None, 162_531) is None
    assert rates.rate(12, None) is None
    assert rates.rate(12, 0) is None


def test_yearly_rates_join_each_years_population_and_flag_estimates() -> None:
    """Limburg 2022: 145 / 162.531 → 8,9; 2023: hidden stays hidden; 2024: 150 / 164.000 → 9,1,
    flagged as resting on an estimated population."""
    counts = pl.DataFrame({"area": ["LIM"] * 3, "year": [2022, 2023, 2024], "value": [145, None, 150]})
    out = rates.per_year(counts, "value", POPULATION)
    assert out["rate"].to_list() == [8.9, None, 9.1]
    assert out["estimated"].to_list() == [False, False, True]
    assert out["minors"].to_list() == [162_531, 163_891, 164_000]


def test_a_period_rate_divides_by_the_mean_minors_of_its_years() -> None:
    """Limburg 2022–2024: 440 over the mean of 162.531, 163.891 and 164.000 (163.474) = 26,9."""
    total = pl.DataFrame({"area": ["LIM"], "value": [440]})
    out = rates.over_period(total, "value", POPULATION.filter(pl.col("area") == "LIM"))
    assert out["minors"].to_list() == [163_474]
    assert out["rate"].to_list() == [26.9]
    assert out["estimated"].to_list() == [True]  # 2024 is estimated


def test_the_index_puts_the_first_year_at_100() -> None:
    """Brussel 40, 50, 30 → 100, 125, 75; Limburg's base hidden → no index for any of its years."""
    frame = pl.DataFrame(
        {
            "area": ["BRU", "BRU", "BRU", "LIM", "LIM"],
            "year": [2022, 2023, 2024, 2022, 2023],
            "value": [40, 50, 30, None, 20],
        }
    )
    out = rates.index(frame, "value", base_year=2022)
    assert out["index"].to_list() == [100.0, 125.0, 75.0, None, None]


def test_monthly_counts_add_up_to_years_and_keep_hidden_years_hidden() -> None:
    """A year with a hidden month has no total (the other months' sum would be too low): 2022 of
    15 and a hidden month, and 2023 of hidden months, stay hidden, flagged partial; 2021's
    months 12 + 20 make 32."""
    months = pl.DataFrame(
        {
            "area": ["ANT"] * 5,
            "month": [
                date(2021, 5, 1),
                date(2021, 6, 1),
                date(2022, 11, 1),
                date(2022, 12, 1),
                date(2023, 1, 1),
            ],
            "n": [12, 20, 15, None, None],
        }
    ).with_columns(pl.col("n").cast(pl.Int64))
    out = rates.yearly(months, "n", date_column="month")
    assert out.rows() == [("ANT", 2021, 32, False), ("ANT", 2022, None, True), ("ANT", 2023, None, True)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_notes_name_the_brussels_convention_and_the_estimated_years(lang: str) -> None:
    """Beside Brussels rates the convention is named; estimated years are listed per area."""
    frame = rates.per_year(
        pl.DataFrame({"area": ["BRU", "BRU", "LIM"], "year": [2023, 2024, 2024], "value": [10, 12, 30]}),
        "value",
        POPULATION,
    )
    text = " ".join(rates.notes(frame, lang))
    assert ("Brusselnorm" in text) and ("30 %" in text or "30%" in text)
    assert ("Brussel (2024)" if lang == "nl" else "Brussels (2024)") in text and "Limburg (2024)" in text
    assert rates.notes(frame.filter(pl.col("area") == "LIM").with_columns(estimated=False), lang) == []
