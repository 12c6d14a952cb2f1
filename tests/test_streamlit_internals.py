"""The Streamlit internals the dashboard leans on (ui/streamlit_internals.py) are still there.

Each test fails when an upgrade of Streamlit moves or renames what that module touches, so the
upgrade is noticed here and not as lost filters on a fresh server. The table route is compared
with Streamlit's own pandas route in tests/test_layout.py.
"""

from __future__ import annotations

import inspect

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import app_test, local_script_runner

from ui import streamlit_internals


def test_the_legacy_pages_flag_is_a_class_attribute() -> None:
    """`PagesManager.uses_pages_directory` is the process-wide legacy-mode flag we clear."""
    assert "uses_pages_directory" in vars(PagesManager) or hasattr(PagesManager, "uses_pages_directory")
    before = PagesManager.uses_pages_directory
    try:
        streamlit_internals.leave_legacy_pages()
        assert PagesManager.uses_pages_directory is False
    finally:
        PagesManager.uses_pages_directory = before


def test_the_script_runner_still_runs_legacy_pages_through_mpa_v1() -> None:
    """The frame `legacy_pages_run` looks for on the stack is still the script runner's."""
    assert "_mpa_v1" in inspect.getsource(script_runner)


def test_legacy_pages_run_is_false_outside_a_legacy_run() -> None:
    """Called from a test (no `_mpa_v1` on the stack, flag cleared), it says no."""
    before = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = False
        assert streamlit_internals.legacy_pages_run() is False
        PagesManager.uses_pages_directory = True
        assert streamlit_internals.legacy_pages_run() is True
    finally:
        PagesManager.uses_pages_directory = before


def test_apptest_still_builds_its_pages_manager_and_script_cache_where_we_replace_them() -> None:
    """`like_a_server` replaces names in AppTest's modules: they must still be looked up there."""
    assert app_test.PagesManager is PagesManager or issubclass(app_test.PagesManager, PagesManager)
    assert "PagesManager" in inspect.getsource(app_test)
    assert "ScriptCache()" in inspect.getsource(app_test)
    assert "ScriptCache" in inspect.getsource(local_script_runner)
    assert ScriptCache  # the class we share across runs


def test_only_the_internals_module_imports_streamlit_internals() -> None:
    """No page, Streamlit-side module, entry point or benchmark imports `streamlit.runtime` (or
    another private part of Streamlit) except ui/streamlit_internals.py."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    public = ("streamlit", "streamlit.logger", "streamlit.testing.v1")
    files = [root / "dashboard.py", *root.glob("pages/*.py"), *root.glob("ui/*.py"), *root.glob("bench/*.py")]
    offenders = []
    for path in files:
        if path.name == "streamlit_internals.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            offenders += [
                f"{path.relative_to(root)}: {n}"
                for n in names
                if n.startswith("streamlit") and n not in public
            ]
    assert not offenders, offenders


def test_the_page_being_drawn_is_read_where_st_context_reads_it() -> None:
    """`current_page` reads the run's PagesManager (current page hash, page infos with their URL path
    and script) as `st.context.url` does; outside a run it names no page."""
    from streamlit import source_util
    from streamlit.runtime import context_util

    assert streamlit_internals.current_page() == ("", "")
    assert {"script_path", "url_pathname"} <= set(source_util.PageInfo.__annotations__)
    assert isinstance(vars(PagesManager)["current_page_script_hash"], property)
    assert callable(PagesManager.get_pages)
    source = inspect.getsource(context_util)
    assert "current_page_script_hash" in source and '"url_pathname"' in source
