"""Every place the dashboard leans on a Streamlit internal, in one module, each with why.

Streamlit's public API does not cover three things the dashboard needs; each is done here and
nowhere else, and tests/test_streamlit_internals.py (with the table comparison in
tests/test_layout.py) fails when Streamlit changes under it:

1. **Leaving the legacy `pages/` mode.** A project with a `pages/` folder (the design card fixes
   that folder) starts in Streamlit's legacy multipage mode until the first `st.navigation` call.
   A session whose first run drew the sidebar in that mode lost its filters on its first click,
   and a deep link opened on a fresh server ran the page file on its own, without the sidebar.
   `legacy_pages_run` tells such a run apart (Streamlit's script runner `_mpa_v1` on the stack, or
   the process-wide `PagesManager.uses_pages_directory`), `leave_legacy_pages` clears the flag.
2. **Tables as Arrow, without pandas.** `st.dataframe` of a Polars frame goes through pandas (a
   copy of every table on every run, and a quarter of a second to import pandas on a server's
   first view). `arrow_for_dataframe` writes the Arrow table Streamlit itself would have made,
   with the pandas metadata it reads back (column types, a range index).
3. **A benchmark that behaves like a server.** `AppTest` sets up per run what a server sets up
   once (the pages flag, the script cache); `like_a_server` keeps them across runs (bench/pages.py).
4. **The page being drawn.** A download carries the link that reopens its view, and its file name
   the page; `st.context.url` leaves the page's path out and no public call names the page a
   script runs as. `current_page` reads it from the run's `PagesManager`, as `st.context` does.
5. **Two accessibility repairs in the page** (`A11Y_SCRIPT`, run by ui/layout.chrome; Streamlit
   has no parameter for either, and tests/test_browser_a11y.py fails if they stop working):
   the tiles' sparklines (`st.metric(chart_data=...)`, a Vega chart the page cannot name: a
   screen reader met "Vega visualization" and an unlabelled, empty hover layer) are marked
   `aria-hidden`, the tile saying the same values in words (its help text); and the box around an
   `st.table` that is wider than a phone's screen, which scrolls, takes the keyboard focus and is
   named by its expander ("Tabel bij de grafiek"), so a keyboard user can scroll it (WCAG 2.1.1).
"""

from __future__ import annotations

import functools
import json
import sys

import polars as pl
import pyarrow as pa

# Run in the page by ui/layout.chrome (st.html runs it in the document, once per run; the flag keeps
# one observer per browser tab). Streamlit's own test ids name the sparkline's box and the table.
A11Y_SCRIPT = """
if (!window.__a11yRepairs) {
  window.__a11yRepairs = true;
  const repair = () => {
    document.querySelectorAll('[data-testid="stMetricChart"]:not([aria-hidden])')
      .forEach(e => e.setAttribute('aria-hidden', 'true'));
    document.querySelectorAll('[data-testid="stTable"] div:not([tabindex])').forEach(box => {
      if (!['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) return;
      const label = box.closest('[data-testid="stExpander"]')
        ?.querySelector('summary [data-testid="stMarkdownContainer"]')?.textContent;
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      const fallback = document.documentElement.lang === 'en' ? 'Table' : 'Tabel';
      box.setAttribute('aria-label', (label || fallback).trim());
    });
  };
  new MutationObserver(repair).observe(document.body, {childList: true, subtree: true});
  repair();
}
"""

# Tables go to `st.dataframe` as the Arrow table Streamlit itself made of a Polars frame (Polars
# `to_pandas`, then `pyarrow.Table.from_pandas`: column types, values and pandas metadata), written
# directly: that route cost a pandas copy of every table on every run, and importing pandas took a
# quarter of a second of the server's first view.
_INTS = {pl.Int8: "int8", pl.Int16: "int16", pl.Int32: "int32", pl.Int64: "int64"} | {
    pl.UInt8: "uint8",
    pl.UInt16: "uint16",
    pl.UInt32: "uint32",
    pl.UInt64: "uint64",
}
EAGER_ROWS = 150_000  # streamlit.dataframe.lazy_df_source.AUTO_LAZY_ROW_THRESHOLD
_SMALL = 10_000  # a table this short converts faster value by value than through Polars' engine
_RANGE_INDEX_COLUMNS = {
    "name": None,
    "field_name": None,
    "pandas_type": "unicode",
    "numpy_type": "str",
    "metadata": {"encoding": "UTF-8"},
}


@functools.cache
def _pandas_version() -> str:
    from importlib.metadata import version

    return version("pandas")


def _display_column(series: pl.Series) -> tuple[pa.Array, str, str] | None:
    """One column as the pandas route writes it, with its pandas_type and numpy_type (None: unknown)."""
    dtype, nulls = series.dtype, series.null_count() > 0
    if dtype == pl.String:
        array = series.to_arrow()
        # Polars gives large_string already; casting would import pyarrow.compute (~0.1 s).
        return (array if array.type == pa.large_string() else array.cast(pa.large_string())), "object", "str"
    if dtype in _INTS:
        if nulls:  # pandas has no missing integers: float64, the missing ones NaN (null in Arrow)
            return series.cast(pl.Float64).to_arrow(), "float64", "float64"
        return series.to_arrow(), _INTS[dtype], _INTS[dtype]
    if dtype in (pl.Float32, pl.Float64):
        name = "float32" if dtype == pl.Float32 else "float64"
        if series.len() <= _SMALL:
            # NaN becomes missing as pandas would write it, value by value: Polars' fill_nan goes
            # through its query engine (~0.3 ms a column), and pyarrow imports pandas (~0.3 s, in
            # a server's first view) to convert a list itself.
            values = [None if v is None or v != v else v for v in series.to_list()]  # NaN != NaN
            return pl.Series(series.name, values, dtype=dtype).to_arrow(), name, name
        return series.fill_nan(None).to_arrow(), name, name
    if dtype == pl.Boolean:
        return series.to_arrow(), "bool", "object" if nulls else "bool"
    if dtype == pl.Date:
        return series.cast(pl.Datetime("ms")).to_arrow(), "datetime", "datetime64[ms]"
    return None


def arrow_for_dataframe(table: pl.DataFrame) -> pa.Table | pl.DataFrame:
    """The table `st.dataframe` shows, as Arrow: exactly what Streamlit makes of the Polars frame
    through pandas (types, values, pandas metadata), without pandas and its conversions. A column
    type this does not know keeps the Polars frame (Streamlit's own route)."""
    arrays, described = [], []
    table = table.rechunk()  # one Arrow array (one record batch) per column, as pandas gives
    for name in table.columns:
        column = _display_column(table[name])
        if column is None or not isinstance(name, str):
            return table
        array, pandas_type, numpy_type = column
        arrays.append(array)
        described.append(
            {
                "name": name,
                "field_name": name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": None,
            }
        )
    pandas = {
        "index_columns": [{"kind": "range", "name": None, "start": 0, "stop": table.height, "step": 1}],
        "column_indexes": [_RANGE_INDEX_COLUMNS],
        "columns": described,
        "attributes": {},
        "creator": {"library": "pyarrow", "version": pa.__version__},
        "pandas_version": _pandas_version(),
    }
    return pa.Table.from_arrays(arrays, names=table.columns, metadata={"pandas": json.dumps(pandas)})


def legacy_pages_run() -> bool:
    """Whether Streamlit runs this script as a page of its legacy `pages/` navigation.

    Decided per run by Streamlit's script runner (`_mpa_v1` on the stack) from a process-wide flag
    read when the run starts: with many sessions starting at once, a run can still be in legacy mode
    after another session's `st.navigation` has cleared the flag.
    """
    from streamlit.runtime.pages_manager import PagesManager

    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "_mpa_v1":
            return True
        frame = frame.f_back
    return bool(PagesManager.uses_pages_directory)


def leave_legacy_pages() -> None:
    """Leave the legacy `pages/` mode for this process (the next run routes through st.navigation)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def like_a_server() -> None:
    """Keep across `AppTest` runs what a server sets up once (for the benchmark, bench/pages.py).

    AppTest writes `PagesManager.uses_pages_directory = None` before each run; through a subclass
    that write lands on the subclass, and the flag the script runner reads keeps the value the
    dashboard's first run left (False: it left legacy mode), as in a server process. One script
    cache serves every run, as a server's does.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    app_test.PagesManager = type("PagesManager", (PagesManager,), {})
    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared
    local_script_runner.ScriptCache = lambda: shared


def current_page() -> tuple[str, str]:
    """The page this run draws: its URL path ('verlengingen'; '' for the default page) and its
    script's name ('verlengingen'); ('', '') outside a run of the dashboard."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is None:
            return "", ""
        manager = ctx.pages_manager
        info = manager.get_pages().get(manager.current_page_script_hash) or {}
    except Exception:  # a Streamlit that moved these: no link path, a plainer file name
        return "", ""
    script = str(info.get("script_path") or "")
    stem = script.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".py")
    return str(info.get("url_pathname") or ""), stem
