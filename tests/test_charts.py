"""What a reader sees of a chart: its time axis covers the chosen period, its text is legible.

The page charts are read back from what the app sends the browser (AppTest on the default data),
so every chart of every page is checked, not only the functions a test remembers to call.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from present import charts

APP = Path(__file__).resolve().parent.parent / "dashboard.py"
PAGES = [
    "pages/overzicht.py",
    "pages/seizoenen.py",
    "pages/verlengingen.py",
    "pages/doorverwijzingen.py",
    "pages/tijdige_start.py",
    "pages/verblijf_na_corona.py",
]


def _yearly(first: int, last: int) -> pl.DataFrame:
    return pl.DataFrame(
        {"area": "VL", "date": [date(y, 1, 1) for y in range(first, last + 1)], "n": range(first, last + 1)}
    )


def _layers(spec: dict) -> list[dict]:
    found = []
    for layer in spec.get("layer", []):
        found += [layer, *_layers(layer)]
    return found


def _x_domain(spec: dict) -> list[dict]:
    return next(
        layer["encoding"]["x"]["scale"]["domain"]
        for layer in _layers(spec)
        if "scale" in layer.get("encoding", {}).get("x", {})
    )


def test_a_trend_covers_exactly_the_chosen_years_and_marks_corona_only_inside_them() -> None:
    """2022–2024: the axis runs from 1 January 2022 to 1 January 2024 (the yearly points), with
    neither the corona band nor the 2020 policy line; 2019–2023 shows both, the band from
    14 March 2020 to 31 December 2021."""
    later = charts.trend(
        _yearly(2022, 2024), x="date", y="n", y_title="aantal", lang="nl", years=(2022, 2024)
    )
    assert _x_domain(later.spec) == [
        {"year": 2022, "month": 1, "date": 1},
        {"year": 2024, "month": 1, "date": 1},
    ]
    assert all(layer.get("mark", {}).get("type") == "line" for layer in later.spec["layer"])

    across = charts.trend(
        _yearly(2019, 2023), x="date", y="n", y_title="aantal", lang="nl", years=(2019, 2023)
    )
    marks = [layer.get("mark", {}).get("type") for layer in _layers(across.spec)]
    assert {"rect", "rule", "text", "line"} <= set(marks), marks
    band = next(layer for layer in across.spec["layer"] if layer.get("mark", {}).get("type") == "rect")
    assert band["data"].frame.select("start", "end").row(0) == (date(2020, 3, 14), date(2021, 12, 31))


def test_a_value_axis_ends_on_a_round_number_above_the_highest_value() -> None:
    """The highest line never runs above the axis: 23,4 % gets an axis to 25, 540 to 600."""
    assert charts.nice_top(23.4) == 25
    assert charts.nice_top(540) == 600
    assert charts.nice_top(20) == 20
    assert charts.nice_top(0) == 1


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def _walk(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _specs(default_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict]]:
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    for page in PAGES:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params["regio"] = ["LIM"]
        at.run()
        at = at if page == PAGES[0] else at.switch_page(page).run()
        for node in _walk(at.main):
            if type(node).__name__ == "UnknownElement" and node.type == "vega_lite_chart":
                yield page, json.loads(node.proto.spec)


def _texts(spec: dict) -> Iterator[dict]:
    for layer in [spec, *_layers(spec), spec.get("spec", {})]:
        mark = layer.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "text":
            yield mark


def test_chart_text_is_at_least_14_px_and_dark_enough_on_every_page(
    default_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Axis labels and titles, legends and the text drawn in charts (the policy moment, the norm
    lines, the Sankey's names) are at least 14 px, in a colour of at least 4.5:1 on white."""
    problems: list[str] = []
    seen = 0
    for page, spec in _specs(default_db, monkeypatch):
        seen += 1
        config = spec.get("config", {})
        for part in ("axis", "legend"):
            for size in ("labelFontSize", "titleFontSize"):
                if config.get(part, {}).get(size, 0) < 14:
                    problems.append(f"{page}: {part}.{size} = {config.get(part, {}).get(size)}")
            for colour in ("labelColor", "titleColor"):
                value = config.get(part, {}).get(colour, "#ffffff")
                if _contrast_on_white(value) < 4.5:
                    problems.append(f"{page}: {part}.{colour} {value}")
        for mark in _texts(spec):
            if mark.get("fontSize", 0) < 14 or _contrast_on_white(mark.get("color", "#ffffff")) < 4.5:
                problems.append(f"{page}: text mark {mark}")
    assert seen >= 15, f"only {seen} charts found"
    assert not problems, "\n".join(problems)
