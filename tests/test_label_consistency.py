"""A label means one figure: for one view, a label never shows two values, on any surface.

The pages (tiles, run in AppTest), the regional report (its key-figure table) and the key-figures
command all show figures under labels. For a few views, every (label, area, period) each surface
shows is gathered; where two surfaces (or two places on one) show the same label for the same
area and period, they must show the same value. Before the indicator catalogue, "Doorverwezen
binnen Opgroeien" read 570 on Overzicht (the ambulatory modules) and 1.590 on Doorverwijzingen
(all modules): this test fails on that.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from data.schema import MODULE_GROUPS
from present import catalogue, i18n
from report.content import build
from report.keyfigures.compute import BY_YEAR_KEYS, compute
from report.model import ReportRequest, protected_runner

APP = Path(__file__).resolve().parent.parent / "dashboard.py"
PAGES = ["pages/overzicht.py", "pages/tijdige_start.py", "pages/verblijf_na_corona.py"]


@dataclass(frozen=True)
class View:
    """A view as a link gives it, and as the report and the key-figures command take it."""

    name: str
    year_from: int
    year_to: int
    region: str | None = None  # one region beside Flanders, or Flanders alone
    module: str | None = None  # a module or a group of the sidebar

    def params(self) -> dict[str, list[str]]:
        out = {"jaar": [str(self.year_from), str(self.year_to)]}
        if self.region:
            out["regio"] = [self.region]
        if self.module:
            out["module"] = [self.module]
        return out


VIEWS = [
    View("Vlaanderen 2019–2021", 2019, 2021),
    View("Limburg 2022–2024", 2022, 2024, region="LIM"),
    View("Antwerpen 2024, ambulante modules", 2024, 2024, region="ANT", module="ambulant"),
]

Fact = tuple[str, str, str]  # (label, area name, period or year)


def _span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"


def _walk(node: object) -> Iterator[object]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def _page_facts(at: AppTest, view: View) -> Iterator[tuple[Fact, str]]:
    """Every tile of a page with the area heading above it and the period it covers."""
    area, period = "", _span(view.year_from, view.year_to)
    for node in _walk(at.main):
        kind = getattr(node, "type", "")
        # The area's heading is bold text; a tile's label is bold text with its help icon.
        if kind == "markdown" and not node.proto.help:
            found = re.fullmatch(r"\*\*(.+)\*\*", str(node.value))
            if found:
                area = found.group(1)
        elif kind in ("header", "subheader"):
            year = re.match(r"Kerncijfers (\d{4}),", str(node.value))
            period = year.group(1) if year else _span(view.year_from, view.year_to)
        elif kind == "metric":
            yield (str(node.label), area, period), str(node.value)


def _report_facts(con: duckdb.DuckDBPyConnection, view: View) -> Iterator[tuple[Fact, str]]:
    modules = tuple(MODULE_GROUPS.get(view.module, (view.module,))) if view.module else ()
    request = ReportRequest(view.year_from, view.year_to, (view.region,) if view.region else (), modules)
    report = build(request, protected_runner(con, "public"))
    for block in report.blocks:
        for row in block.rows:
            for area, (before, now) in row.values.items():
                name = i18n.name(i18n.REGION_NAMES, area)
                yield (row.label, name, block.now_label), now.text()
                if before is not None and block.before_label:
                    yield (row.label, name, block.before_label), before.text()


def _keyfigure_facts(con: duckdb.DuckDBPyConnection, view: View) -> Iterator[tuple[Fact, str]]:
    """The key-figures command's figures under the catalogue labels it writes them with."""
    figures = compute(view.year_from, view.year_to, [view.region] if view.region else [], con)
    d = figures.as_dict()
    area = i18n.name(i18n.REGION_NAMES, view.region or "VL")
    span = _span(view.year_from, view.year_to)
    for key in ("families_chah_started", "chah_started", "chah_extended_pct", "could_not_start_minors"):
        item = catalogue.indicator(key)
        yield (item.label("nl"), area, span), item.text(d[key])
    for year, row in d["by_year"].items():
        for key in BY_YEAR_KEYS:
            item = catalogue.indicator(key)
            yield (item.label("nl"), area, year), item.text(row[key])


@pytest.fixture(scope="module")
def con(default_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(default_db), read_only=True) as connection:
        yield connection


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_one_label_shows_one_value_for_one_view(
    view: View, con: duckdb.DuckDBPyConnection, default_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tiles, report and key figures never show one label with two values for the same area and period."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    seen: dict[Fact, dict[str, str]] = defaultdict(dict)
    surfaces: dict[Fact, set[str]] = defaultdict(set)
    for page in PAGES:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, value in view.params().items():
            at.query_params[key] = value
        at.run()
        if page != PAGES[0]:
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        for fact, value in _page_facts(at, view):
            seen[fact].setdefault(value, page)
            surfaces[fact].add(page)
    for fact, value in _report_facts(con, view):
        seen[fact].setdefault(value, "regiorapport")
        surfaces[fact].add("regiorapport")
    # The key figures fix their modules: they are compared for the views without a module choice.
    if view.module is None:
        for fact, value in _keyfigure_facts(con, view):
            seen[fact].setdefault(value, "kerncijfers")
            surfaces[fact].add("kerncijfers")
    clashes = {fact: values for fact, values in seen.items() if len(values) > 1}
    assert not clashes, clashes
    # The surfaces meet: tiles, report and key figures share labels, so the check compared something.
    met = [fact for fact, names in surfaces.items() if len(names) >= 2]
    assert len(met) >= 5, dict(surfaces)
