"""Everything a page renders in public mode passes the disclosure rules, whatever the filters.

The scan reads what Streamlit would send to the browser: tiles, tables and the data behind every
chart (Vega-Lite datasets and the Sankey's links), for random filter combinations on every page.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from data.schema import AGE_BANDS, MODULES, REGIONS
from present import catalogue, tables
from ui import layout

APP = Path(__file__).resolve().parent.parent / "dashboard.py"
PAGES = [
    "pages/overzicht.py",
    "pages/seizoenen.py",
    "pages/verlengingen.py",
    "pages/doorverwijzingen.py",
    "pages/tijdige_start.py",
    "pages/verblijf_na_corona.py",
]
COUNTS = layout._count_columns()
# A table on the page shows a count under the reader's header ('Opgestart', 'Started').
COUNT_HEADERS = tables.count_headers()
# Tiles that show a count (the others show a percentage or a number of days).
COUNT_TILES = {item.label("nl") for item in catalogue.indicators().values() if item.unit == "count"}


def _bad_count(value: object) -> bool:
    """A shown count breaks the rules when it is 1..9 or not a multiple of 5."""
    if value is None or value == "<10" or isinstance(value, bool):
        return False  # hidden, or a flag column that shares a count's name in another query
    if isinstance(value, str):
        digits = value.replace(".", "").strip()
        if not digits.isdigit():
            return False  # '–' or text: not a count
        value = int(digits)
    if isinstance(value, float) and value != int(value):
        return True
    number = int(value)
    return 0 < number < 10 or number % 5 != 0


def _walk(node: object, out: list) -> list:
    for child in getattr(node, "children", {}).values():
        out.append(child)
        _walk(child, out)
    return out


def rendered_counts(at: AppTest) -> list[tuple[str, object]]:
    """Every count the page renders: tile values, table cells, chart data and Sankey links."""
    found: list[tuple[str, object]] = []
    for metric in at.metric:
        if metric.label in COUNT_TILES:
            found.append((f"tile {metric.label}", metric.value))
    for frame in at.dataframe:
        df = frame.value
        for column in df.columns:
            if column in COUNTS or column in COUNT_HEADERS:
                found += [(f"table {column}", v) for v in df[column].tolist()]
    for node in _walk(at.main, []):
        if type(node).__name__ != "UnknownElement":
            continue
        if node.type == "vega_lite_chart":
            for dataset in node.proto.datasets:
                table = pa.ipc.open_stream(dataset.data.data).read_all()
                for column in table.column_names:
                    if column in COUNTS:
                        found += [(f"chart {column}", v) for v in table.column(column).to_pylist()]
    return found


filters = st.fixed_dictionaries(
    {
        "regio": st.lists(st.sampled_from(list(REGIONS)), max_size=2, unique=True),
        "jaar": st.tuples(st.integers(2017, 2025), st.integers(2017, 2025)).map(sorted),
        "module": st.lists(st.sampled_from(MODULES), max_size=2, unique=True),
        "leeftijd": st.lists(st.sampled_from(AGE_BANDS), max_size=2, unique=True),
    }
)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=filters)
def test_public_pages_never_show_a_count_from_1_to_9(
    page: str, chosen: dict, default_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No tile, table cell or chart value is a count of 1-9; every shown count is a multiple of 5."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    at = AppTest.from_file(str(APP), default_timeout=90)
    for key, value in chosen.items():
        if value:
            at.query_params[key] = [str(v) for v in value]
    at.run()
    if page != "pages/overzicht.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    counts = rendered_counts(at)
    assert counts, "the scan found nothing to check"
    bad = [(where, v) for where, v in counts if _bad_count(v)]
    assert not bad, bad[:10]


def test_the_scan_sees_small_counts_in_exact_mode(default_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan is not blind: in exact mode Brussel's 0-5-year-olds do show counts of 1-9."""
    from ui import mode

    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    monkeypatch.setattr(mode, "current_mode", lambda: "exact")
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["regio"] = ["BRU"]
    at.query_params["leeftijd"] = ["0-5"]
    at.run()
    at.switch_page("pages/verblijf_na_corona.py").run()
    assert any(_bad_count(v) for _, v in rendered_counts(at))
