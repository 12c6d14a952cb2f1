"""The render path's table conversion: what `st.dataframe` gets is what Streamlit itself makes of
the Polars frame (through pandas), only without the pandas copy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from bench.common import pages
from present import charts
from ui import streamlit_internals

ROOT = Path(__file__).resolve().parents[1]
# Every page the dashboard routes to but the definitions (its tables go through pandas).
DRAWING_PAGES = [p for p in pages() if p != "pages/definities.py"]


def _streamlit_route(frame: pl.DataFrame) -> pa.Table:
    # Streamlit's own route for a Polars frame: to pandas, then pyarrow from pandas.
    return pa.Table.from_pandas(frame.to_pandas())


FRAMES = {
    "counts and shares": pl.DataFrame(
        {"area": ["ANT", "VL"], "started": [12, 140], "extended_pct": [8.3, 12.1]},
        schema_overrides={"started": pl.Int64},
    ),
    "hidden counts and a NaN": pl.DataFrame(
        {"area": ["ANT", "OVL", "VL"], "n": [None, 15, 300], "pct": [None, float("nan"), 33.3]},
        schema_overrides={"n": pl.Int64, "pct": pl.Float64},
    ),
    "small ints, floats32, flags, dates": pl.DataFrame(
        {
            "year": pl.Series([2019, 2020], dtype=pl.Int16),
            "mean": pl.Series([1.5, None], dtype=pl.Float32),
            "flag": [True, False],
            "flag_missing": [True, None],
            "day": [date(2020, 3, 1), date(2021, 1, 31)],
        }
    ),
    "empty": pl.DataFrame(schema={"area": pl.String, "n": pl.Int64, "pct": pl.Float64}),
}


@pytest.mark.parametrize("name", FRAMES)
def test_table_is_what_streamlit_makes_of_the_frame(name: str) -> None:
    frame = FRAMES[name]
    got = streamlit_internals.arrow_for_dataframe(frame)
    want = _streamlit_route(frame)
    assert isinstance(got, pa.Table)
    assert got.schema.names == want.schema.names
    assert got.schema.types == want.schema.types
    assert got.to_pylist() == want.to_pylist()
    ours, theirs = json.loads(got.schema.metadata[b"pandas"]), json.loads(want.schema.metadata[b"pandas"])
    assert ours["columns"] == theirs["columns"]
    assert ours["index_columns"] == theirs["index_columns"]
    # pandas reads it back to the same frame
    pd.testing.assert_frame_equal(got.to_pandas(), want.to_pandas())


def test_labels_are_mapped_and_unknown_values_refused() -> None:
    frame = pl.DataFrame({"module": ["crisishulp_aan_huis", None], "n": [1, 2]})
    named = charts.with_names(frame, "module", "module_name", {"crisishulp_aan_huis": "Crisishulp aan huis"})
    assert named["module_name"].to_list() == ["Crisishulp aan huis", None]
    assert named.schema["module_name"] == pl.String
    with pytest.raises(ValueError, match="module"):
        charts.with_names(frame.with_columns(module=pl.lit("onbekend")), "module", "name", {"x": "y"})
    kept = charts.with_names(frame, "module", "name", {}, strict=False)
    assert kept["name"].to_list() == ["crisishulp_aan_huis", None]


def test_area_names_keep_codes_they_do_not_know() -> None:
    frame = pl.DataFrame({"area": ["ANT", "VL", "XYZ"]})
    assert charts.with_area_names(frame, "nl")["area_name"].to_list() == ["Antwerpen", "Vlaanderen", "XYZ"]
    assert charts.with_area_names(frame, "en")["area_name"].to_list()[1] == "Flanders"


def test_drawing_pages_never_import_pandas(default_db: Path) -> None:
    """pandas costs about 0.3 s to import: a server's first view (the overview) and every page that
    draws charts and tables must go without it (only a download, the report or the definitions
    page's tables bring it in)."""
    script = f"""
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(ROOT / "dashboard.py")!r}, default_timeout=120)
at.run()
assert not at.exception, at.exception
for page in {DRAWING_PAGES!r}:
    at.switch_page(page)
    at.run()
    assert not at.exception, (page, at.exception)
    if "pandas" in sys.modules:
        sys.exit("pandas imported by " + page)
"""
    env = {**os.environ, "DASHBOARD_DB": str(default_db)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
