"""A new data file swapped in while the dashboard serves: picked up without a restart, nothing fails.

The ingest builds the new file beside the old one and renames it over it (data/store.py). The app
keys its connection and every cached result on the file's identity (inode, size, mtime; ui/data.py):
a query already running keeps reading the old file until it is done, the next query opens the new
one, and a cached result of the old file is never served for the new one.

DuckDB itself would defeat this: `duckdb.connect(path)` returns the database instance already open
for that path in the process, i.e. the old file, as long as any connection to it lives. The app
therefore attaches each version to its own in-memory instance; the first test fails without that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from data import synth
from queries.run import Filters
from tests.browser_server import (
    ROOT,
    SCREENSHOTS,
    browser,  # noqa: F401  (fixture)
    log_tracebacks,
    serve,
    wait_for_app,
)
from tests.export_fixtures import new_export  # noqa: F401  (fixture)
from tests.load import plans
from ui import data

APP = str(ROOT / "dashboard.py")


@pytest.fixture(scope="module")
def other_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second synthetic file with other data (seed 713): 'the new quarter'."""
    path = tmp_path_factory.mktemp("other") / "other.duckdb"
    synth.build(path, seed=713)
    return path


def _facts(path: Path) -> tuple[str, list[str]]:
    """A file's data version and its sorted trajectory ids, read directly."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("attach $p as d (read_only)", {"p": str(path)})
        (version,) = con.execute("select data_version from d.build_info").fetchone()
        ids = [
            r[0] for r in con.execute("select trajectory_id from d.crisis_trajectories order by 1").fetchall()
        ]
    finally:
        con.close()
    return version, ids


def _swap_in(source: Path, target: Path) -> None:
    """What the ingest does: build beside the target, then rename over it."""
    staged = target.with_name(f".{target.name}.staged")
    shutil.copy(source, staged)
    os.replace(staged, target)


def test_a_running_reader_keeps_the_old_file_and_the_next_query_sees_the_new_one(
    tmp_path: Path, default_db: Path, other_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Half-way through reading version A the file is swapped for B: the reader finishes A intact;
    the app's next connection, build info and query results are B's (no restart, no error)."""
    db = tmp_path / "crisishulp.duckdb"
    shutil.copy(default_db, db)
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    version_a, ids_a = _facts(default_db)
    version_b, ids_b = _facts(other_db)
    assert version_a != version_b and ids_a != ids_b

    assert data.build_info().data_version == version_a
    old = data.connection()
    reader = old.cursor()
    reader.execute("select trajectory_id from crisis_trajectories order by 1")
    first = [r[0] for r in reader.fetchmany(1000)]

    _swap_in(other_db, db)

    # The next query: the new file, through a new connection, while the old one is still open.
    assert data.build_info().data_version == version_b
    new = data.connection()
    assert new is not old
    assert [
        r[0] for r in new.execute("select trajectory_id from crisis_trajectories order by 1").fetchall()
    ] == (ids_b)
    # The reader that started before the swap finishes on the old file, complete and unmixed.
    rest = [r[0] for r in reader.fetchall()]
    assert first + rest == ids_a
    reader.close()


def test_cached_results_are_keyed_on_the_file_version(
    tmp_path: Path, default_db: Path, other_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same query with the same filters gives the new file's figures after a swap: the cache is
    keyed on the file's version as well as on the parameters."""
    db = tmp_path / "crisishulp.duckdb"
    shutil.copy(default_db, db)
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["regio"] = ["ANT"]
    at.run()
    before = [(m.label, m.value) for m in at.metric]
    caption_a = at.caption[0].value
    version_a, _ = _facts(default_db)
    version_b, _ = _facts(other_db)
    assert version_a in caption_a

    _swap_in(other_db, db)
    at.run()  # the same session, the same filters
    assert not at.exception and not at.error
    after = [(m.label, m.value) for m in at.metric]
    assert version_b in at.caption[0].value
    assert [label for label, _ in after] == [label for label, _ in before]
    assert after != before, "the figures of the old file were served for the new one"


def test_query_results_change_with_the_file_for_equal_parameters(
    tmp_path: Path, default_db: Path, other_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the app's query layer (ui/data.run): equal parameters, different file, other result."""
    db = tmp_path / "crisishulp.duckdb"
    shutil.copy(default_db, db)
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    filters = Filters(regions=("LIM",), include_flanders=True)
    first = data.run("registrations_monthly", filters)
    again = data.run("registrations_monthly", filters)
    assert first.equals(again)
    _swap_in(other_db, db)
    assert not data.run("registrations_monthly", filters).equals(first)


# --- the real server, with an ingest swapping the file under it ------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_ingest_swaps_the_file_while_users_keep_working(
    tmp_path: Path,
    default_db: Path,
    new_export: Path,  # noqa: F811
    browser,  # noqa: F811
) -> None:
    """Three users keep changing filters while `python -m data ingest` replaces the file under the
    running server. Not one render fails, the log holds no traceback, and without a restart every
    user's next render shows the new data version (and no longer the synthetic-data banner: the
    ingested file is real data as far as the app knows)."""
    db, log = tmp_path / "crisishulp.duckdb", tmp_path / "server.log"
    shutil.copy(default_db, db)
    version_a, _ = _facts(db)
    users = plans(3)
    renders: list[tuple[int, str]] = []
    failures: list[str] = []
    with serve(db, log) as server:
        contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in users]
        pages = [c.new_page() for c in contexts]
        with_module = [False for _ in users]

        def caption(page) -> str:
            return page.locator(
                "[data-testid='stMain'] [data-testid='stCaptionContainer']"
            ).first.inner_text()

        def check(i: int, where: str) -> str:
            page = pages[i]
            wait_for_app(page)
            problems = []
            if page.locator("[data-testid='stException']").count():
                problems.append("exception box")
            if page.locator("[data-testid='stMain'] [data-testid='stAlertContentError']").count():
                problems.append("error message")
            text = caption(page)
            if not users[i].caption(with_module[i]).search(text):
                problems.append(f"another view: {text[:80]!r}")
            if problems:
                failures.append(f"user {i} {where}: {', '.join(problems)}")
            renders.append((i, text))
            return text

        def toggle(i: int) -> str:
            page, plan = pages[i], users[i]
            # The module choice is one selectbox: the user's module, or "Alle modules" again.
            page.locator(
                "[data-testid='stSidebar'] input[role='combobox'][aria-label^='Crisismodules']"
            ).click()
            wanted = "Alle modules" if with_module[i] else plan.module_name
            page.get_by_role("option", name=wanted, exact=True).click()
            with_module[i] = not with_module[i]
            try:
                page.wait_for_function(
                    "([re]) => new RegExp(re).test(document.querySelector("
                    "\"[data-testid='stMain'] [data-testid='stCaptionContainer']\")?.innerText ?? '')",
                    arg=[users[i].caption(with_module[i]).pattern],
                    timeout=60_000,
                )
            except Exception:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=SCREENSHOTS / f"swap-user-{i}-failed.png", full_page=True)
                raise
            return check(i, f"after toggling {plan.module_name}")

        try:
            for i, (page, plan) in enumerate(zip(pages, users, strict=True)):
                page.goto(f"{server.url}/?{urlencode(plan.query(False), doseq=True)}")
                assert version_a in check(i, "opening")
            ingest = subprocess.Popen(
                [sys.executable, "-m", "data", "ingest", str(new_export), "--out", str(db)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            during = 0
            while ingest.poll() is None:
                for i in range(len(users)):
                    toggle(i)
                    during += 1
            _, stderr = ingest.communicate(timeout=300)
            assert ingest.returncode == 0, stderr.decode()
            version_b, _ = _facts(db)
            assert version_b != version_a
            for i, page in enumerate(pages):
                text = toggle(i)
                assert version_b in text, f"user {i} still sees {text!r} after the swap"
                alerts = page.locator("[data-testid='stMain'] [data-testid='stAlert']")
                banner = alerts.filter(has_text="gegenereerde voorbeeldgegevens")
                assert banner.count() == 0, f"user {i} still sees the synthetic-data banner"
                # Real data under the public default seed: the page says the rounding key is public.
                assert alerts.filter(has_text="DASHBOARD_PTABLE_SECRET").count() == 1, (
                    f"user {i}: no key warning"
                )
        finally:
            for context in contexts:
                context.close()
    assert not failures, failures
    assert during >= 1, "no render happened while the ingest ran"
    assert not log_tracebacks(log), f"the server logged a traceback:\n{log.read_text()[-5000:]}"
    print(f"renders: {len(renders)}, of which during the ingest: {during}; {version_a} -> {version_b}")


def test_many_swaps_in_a_row_each_read_sees_the_file_in_place(
    tmp_path: Path, default_db: Path, other_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twelve swaps back and forth, a read after each: every read sees the file then in place (the
    connection cache holds two versions; older ones are closed once nobody reads them)."""
    db = tmp_path / "crisishulp.duckdb"
    shutil.copy(default_db, db)
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    versions = {default_db: _facts(default_db)[0], other_db: _facts(other_db)[0]}
    current = default_db
    for step in range(12):
        assert data.build_info().data_version == versions[current], step
        current = other_db if current == default_db else default_db
        _swap_in(current, db)
    assert data.build_info().data_version == versions[current]


def test_a_rollback_is_picked_up_like_any_swap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two ingests, then `rollback` and the rollback of the rollback under the running app: each
    next read shows the file then in place (150 trajectories for the first, 151 for the second)."""
    from data.__main__ import main
    from data.ingest import ingest
    from tests.ingest_fixtures import TODAY, volume_trajectories, write_volume_export

    db = tmp_path / "crisishulp.duckdb"
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    first = ingest(write_volume_export(tmp_path / "q1"), db, today=TODAY).data_version
    assert data.build_info().data_version == first
    one_more = volume_trajectories({("ANT", 2023): 1}, first_day=26).split("\n", 1)[1]
    second = ingest(write_volume_export(tmp_path / "q2", None, one_more), db, today=TODAY).data_version

    def shown() -> tuple[str, int]:
        """The version and trajectory count the app reads now."""
        (count,) = data.connection().execute("select count(*) from crisis_trajectories").fetchone()
        return data.build_info().data_version, count

    assert shown() == (second, 151)
    assert main(["rollback"]) == 0
    assert shown() == (first, 150)
    assert main(["rollback"]) == 0
    assert shown() == (second, 151)
