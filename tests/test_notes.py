"""What a tile says under its value: the count behind a percentage and why a value is not shown.

The rows are written by hand as the protection leaves them (a hidden count is None); the expected
sentences follow the public rules (a count under 10 is hidden, a percentage needs a shown part and
a total of at least 20, a median at least 20 records).
"""

from __future__ import annotations

from datetime import date

from present import catalogue, notes
from queries.run import Filters

EXTENDED = catalogue.indicator("chah_extended_pct")  # chah_extended / chah_started
COULD_NOT_START = catalogue.indicator("could_not_start_minors")
MEDIAN = catalogue.indicator("median_days_to_later_start")


def test_a_shown_percentage_gives_its_count_and_total() -> None:
    """70,5 % of the tile reads with '141 van 200' under it, in English '141 of 200'."""
    row = {"chah_extended": 141, "chah_started": 200, "chah_extended_pct": 70.5}
    assert notes.value_notes(EXTENDED, row, "nl") == ["141 van 200"]
    assert notes.value_notes(EXTENDED, row, "en") == ["141 of 200"]


def test_a_percentage_on_a_small_total_says_so() -> None:
    """Extended <10 of 15 started: the percentage is hidden because the total is under 20."""
    row = {"chah_extended": None, "chah_started": 15, "chah_extended_pct": None}
    assert notes.value_notes(EXTENDED, row, "nl") == [
        "<10 van 15 · percentage niet getoond: minder dan 20 in totaal"
    ]


def test_a_percentage_with_a_hidden_part_says_so() -> None:
    """<10 of 205 extended: the total is large, the part is what is too small."""
    row = {"chah_extended": None, "chah_started": 205, "chah_extended_pct": None}
    assert notes.value_notes(EXTENDED, row, "nl") == [
        "<10 van 205 · percentage niet getoond: minder dan 10 in de telling"
    ]
    assert notes.value_notes(EXTENDED, row, "en") == [
        "<10 of 205 · percentage not shown: fewer than 10 counted"
    ]


def test_a_hidden_count_a_hidden_median_and_no_data_each_say_why() -> None:
    """'<10' says it is too small to show; a hidden median names its support; no row says no data."""
    assert notes.value_notes(COULD_NOT_START, {"could_not_start_minors": None}, "nl") == [
        "Minder dan 10: niet getoond, zodat niemand herkenbaar is."
    ]
    assert notes.value_notes(COULD_NOT_START, {"could_not_start_minors": 35}, "nl") == []
    row = {"median_days_to_later_start": None, "minors_started_later": 15}
    assert notes.value_notes(MEDIAN, row, "nl") == ["Niet getoond: berekend op minder dan 20 (15)."]
    # No one started later: there is no median to hide.
    nobody = {**row, "minors_started_later": 0}
    assert notes.value_notes(MEDIAN, nobody, "en") == ["No trajectories to count."]
    assert notes.value_notes(EXTENDED, None, "nl") == ["Geen gegevens in de gekozen periode."]
    assert notes.value_notes(EXTENDED, None, "en") == ["No data in the chosen period."]


def test_a_chosen_filter_the_figure_ignores_is_named() -> None:
    """The key figures fix their module and ignore the age band: choosing either says so; a region
    (which they do apply) says nothing."""
    period = {"period_from": date(2022, 1, 1), "period_to": date(2024, 12, 31)}
    region_only = Filters(regions=("LIM",), **period)
    assert notes.ignored_note(COULD_NOT_START, region_only, "nl") is None
    both = Filters(regions=("LIM",), modules=("crisisbegeleiding",), age_bands=("12-14",), **period)
    assert notes.ignored_note(COULD_NOT_START, both, "nl") == (
        "De filters Crisismodules en Leeftijd gelden niet voor dit cijfer. Telt altijd: crisishulp aan huis."
    )
    ages = Filters(age_bands=("0-5",), **period)
    assert notes.ignored_note(COULD_NOT_START, ages, "en") == "The Age filter does not apply to this figure."
