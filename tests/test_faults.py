"""Faults: a missing, empty, damaged, misplaced or locked data file, and an ingest killed midway.

What a user must see when the data file cannot be used is one clear message saying what is wrong and
how to fix it, on every page, never a traceback or DuckDB's own words; once the file is fixed a reload
shows the dashboard again, without a restart. The ingest, killed with SIGKILL at any moment, must
leave the previous data file byte-identical and usable, and the next ingest must succeed.

Server-side runs use AppTest; one test drives the real server in Chromium through the same faults,
with the server log checked for tracebacks. The kill test runs the real command line
(`python -m data ingest EXPORT --out PATH`) in a subprocess.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.logger import get_logger
from streamlit.testing.v1 import AppTest

from tests.browser_server import (
    ROOT,
    browser,  # noqa: F401  (fixture)
    log_tracebacks,
    serve,
    wait_for_app,
)
from tests.export_fixtures import new_export  # noqa: F401  (fixture)

APP = str(ROOT / "dashboard.py")
PAGES = [
    "pages/overzicht.py",
    "pages/seizoenen.py",
    "pages/verlengingen.py",
    "pages/doorverwijzingen.py",
    "pages/tijdige_start.py",
    "pages/verblijf_na_corona.py",
    "pages/definities.py",
]
# DuckDB's and Python's own words: none of them may reach the page.
RAW_ERROR_WORDS = [
    "IO Error", "Catalog Error", "Binder Error", "Conversion Error", "Traceback", "_duckdb",
    "Exception", "not a valid DuckDB", "Could not",
]  # fmt: skip
# How each problem is named on the page (Dutch) and the fix every damaged-file page gives.
SAYS = {
    "missing": "ontbreekt",
    "empty": "is leeg (0 bytes)",
    "corrupt": "beschadigd of onvolledig",
    "not_a_file": "geen bestand maar een map",
    "wrong_content": "geen gegevensbestand van dit dashboard",
    "locked": "is vergrendeld",
}
FIX = "python -m data ingest"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_app(
    db: Path, monkeypatch: pytest.MonkeyPatch, page: str = "pages/overzicht.py", **params
) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at if page == "pages/overzicht.py" else at.switch_page(page).run()


def page_text(at: AppTest) -> str:
    """Everything a user reads in the main area and the sidebar (AppTest's element values)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "metric"):
        for element in getattr(at, kind):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
    return "\n".join(parts)


def assert_clear_page(at: AppTest, path: Path, says: str) -> str:
    """One error naming the file, what is wrong and a fix; no exception, no raw error text."""
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    message = errors[0]
    assert str(path) in message and says in message, message
    shown = page_text(at)
    leaked = [w for w in RAW_ERROR_WORDS if w in shown]
    assert not leaked, f"raw error text on the page: {leaked}\n{shown}"
    assert at.multiselect(key="regio") is not None  # the sidebar is still drawn
    return message


# --- damaged files --------------------------------------------------------------------------------


def _random_bytes(db: Path, good: Path) -> None:
    db.write_bytes(random.Random(712).randbytes(300_000))


def _text_file(db: Path, good: Path) -> None:
    db.write_text("trajectory_id;region\nT001;ANT\n" * 1000, encoding="utf-8")


def _truncated_third(db: Path, good: Path) -> None:
    db.write_bytes(good.read_bytes()[: good.stat().st_size // 3])


def _truncated_header_only(db: Path, good: Path) -> None:
    db.write_bytes(good.read_bytes()[:4096])


def _empty(db: Path, good: Path) -> None:
    db.write_bytes(b"")


def _folder(db: Path, good: Path) -> None:
    db.mkdir()


def _other_database(db: Path, good: Path) -> None:
    con = duckdb.connect(str(db))
    con.execute("create table boekhouding as select range as id from range(10)")
    con.close()


def _missing(db: Path, good: Path) -> None:
    pass


FAULTS: list[tuple[str, Callable[[Path, Path], None], str]] = [
    ("missing", _missing, "missing"),
    ("empty", _empty, "empty"),
    ("random-bytes", _random_bytes, "corrupt"),
    ("text-file", _text_file, "corrupt"),
    ("truncated-to-a-third", _truncated_third, "corrupt"),
    ("truncated-to-its-header", _truncated_header_only, "corrupt"),
    ("a-folder", _folder, "not_a_file"),
    ("another-duckdb-database", _other_database, "wrong_content"),
]


@pytest.mark.parametrize(("make", "kind"), [(m, k) for _, m, k in FAULTS], ids=[i for i, _, _ in FAULTS])
def test_unusable_file_gives_a_clear_page(
    tmp_path: Path, default_db: Path, monkeypatch: pytest.MonkeyPatch, make, kind: str
) -> None:
    """Each kind of unusable file gives one message naming the file, the problem and the fix."""
    db = tmp_path / "crisishulp.duckdb"
    make(db, default_db)
    at = open_app(db, monkeypatch)
    message = assert_clear_page(at, db, SAYS[kind])
    if kind not in ("missing", "not_a_file"):
        assert FIX in message, message


def test_clear_page_in_english(tmp_path: Path, default_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ?taal=en the message is English."""
    db = tmp_path / "crisishulp.duckdb"
    _random_bytes(db, default_db)
    at = open_app(db, monkeypatch, taal="en")
    assert_clear_page(at, db, "damaged or incomplete")


def test_file_cut_in_its_last_block_fails_cleanly_on_every_page(
    tmp_path: Path, default_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy missing only its last bytes opens, and breaks only the queries that reach the end.

    Every page then either renders or shows the clear message (above what it had drawn), never an
    exception; at least one page reaches the missing part.
    """
    db = tmp_path / "crisishulp.duckdb"
    data = default_db.read_bytes()
    db.write_bytes(data[: len(data) - 2000])
    outcomes: dict[str, str] = {}
    for page in PAGES:
        at = open_app(db, monkeypatch, page)
        assert not at.exception, (page, [e.value for e in at.exception])
        errors = [e.value for e in at.error]
        if errors:
            assert len(errors) == 1 and SAYS["corrupt"] in errors[0] and str(db) in errors[0], errors
            outcomes[page] = "message"
        else:
            outcomes[page] = "rendered"
        leaked = [w for w in RAW_ERROR_WORDS if w in page_text(at)]
        assert not leaked, (page, leaked)
    assert "message" in outcomes.values(), outcomes


@pytest.fixture
def writer_lock() -> Iterator[Callable[[Path], int]]:
    """Hold a DuckDB write connection on a file in another process (as a DuckDB CLI session would)."""
    holders: list[subprocess.Popen[str]] = []

    def hold(path: Path) -> int:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('held', flush=True);"
                " sys.stdin.read()",
                str(path),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        holders.append(process)
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        return process.pid

    def release_all() -> None:
        for process in holders:
            if process.poll() is None:
                assert process.stdin is not None
                process.stdin.close()
                process.wait(timeout=30)

    hold.release = release_all  # type: ignore[attr-defined]
    try:
        yield hold
    finally:
        release_all()


def test_locked_file_says_who_holds_it_and_recovers_on_reload(
    tmp_path: Path, default_db: Path, monkeypatch: pytest.MonkeyPatch, writer_lock
) -> None:
    """While another process writes to the file the page names the lock and its holder; after the
    writer closes, the same session's next run shows the dashboard again (no restart)."""
    db = tmp_path / "crisishulp.duckdb"
    shutil.copy(default_db, db)
    pid = writer_lock(db)
    at = open_app(db, monkeypatch)
    message = assert_clear_page(at, db, SAYS["locked"])
    assert f"PID {pid}" in message and "herlaad deze pagina" in message, message

    writer_lock.release()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [t.value for t in at.title] == ["Overzicht"]


def test_fixed_file_is_picked_up_without_restart(
    tmp_path: Path, default_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damaged, then empty, then good again: the same session follows along, rerun by rerun."""
    db = tmp_path / "crisishulp.duckdb"
    _random_bytes(db, default_db)
    at = open_app(db, monkeypatch)
    assert_clear_page(at, db, SAYS["corrupt"])
    _empty(db, default_db)
    at.run()
    assert_clear_page(at, db, SAYS["empty"])
    staged = tmp_path / ".staged.duckdb"
    shutil.copy(default_db, staged)
    os.replace(staged, db)
    at.run()
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["Overzicht"]


# --- the real server --------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_server_survives_every_fault_without_traceback(
    tmp_path: Path,
    default_db: Path,
    browser,  # noqa: F811
    writer_lock,
) -> None:
    """The real server, started on a damaged file (deep link first), then fed every fault in turn.

    Each reload shows the clear message, a good file brings the pages back without a restart, and the
    server log holds no traceback.
    """
    db, log = tmp_path / "crisishulp.duckdb", tmp_path / "server.log"
    _random_bytes(db, default_db)
    seen: list[tuple[str, str]] = []
    with serve(db, log) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
        page = context.new_page()

        def look(path: str, expect: str) -> None:
            page.goto(server.url + path)
            wait_for_app(page)
            main = page.locator("[data-testid='stMain']")
            assert page.locator("[data-testid='stException']").count() == 0, path
            text = main.inner_text()
            assert expect in text, f"{path}: expected {expect!r}, page shows:\n{text[:1500]}"
            for word in RAW_ERROR_WORDS:
                assert word not in text, f"{path}: raw error text {word!r} on the page"
            seen.append((path, expect))

        try:
            # A deep link on a fresh server with a damaged file: the message, not a routing loop.
            look("/seizoenen?regio=ANT", SAYS["corrupt"])
            for make, kind in [(_empty, "empty"), (_truncated_third, "corrupt"), (_missing, "missing")]:
                db.unlink(missing_ok=True)
                make(db, default_db)
                look("/verlengingen", SAYS[kind])
            shutil.copy(default_db, db)
            look("/seizoenen", "Seizoenen")
            # Locked: only a version the server has not opened yet can be locked by a writer.
            staged = tmp_path / ".staged.duckdb"
            shutil.copy(default_db, staged)
            os.replace(staged, db)  # a new version (inode) the server has not opened
            pid = writer_lock(db)
            look("/doorverwijzingen", f"PID {pid}")
            writer_lock.release()
            look("/doorverwijzingen", "Doorverwijzingen")
        finally:
            context.close()
    assert len(seen) == 7
    assert not log_tracebacks(log), f"the server logged a traceback:\n{log.read_text()[-5000:]}"


def test_server_log_names_the_problem(
    tmp_path: Path, default_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The technical detail goes to the server's log (a warning naming path and kind), not the page."""
    db = tmp_path / "crisishulp.duckdb"
    _random_bytes(db, default_db)
    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logger = get_logger("dashboard")
    logger.addHandler(handler)
    try:
        open_app(db, monkeypatch)
    finally:
        logger.removeHandler(handler)
    assert any(str(db) in r and "corrupt" in r and "not a valid DuckDB" in r for r in records), records


# --- the ingest, killed -------------------------------------------------------------------------------

KILL_SEED = 712


def _ingest(export: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "data", "ingest", str(export), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _opens_with(path: Path) -> tuple[str, str, int]:
    """(source, data_version, trajectories) of a data file, opened read-only."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("attach $p as d (read_only)", {"p": str(path)})
        source, version = con.execute("select source, data_version from d.build_info").fetchone()
        (count,) = con.execute("select count(*) from d.crisis_trajectories").fetchone()
    finally:
        con.close()
    return source, version, count


def _kill_when(process: subprocess.Popen[bytes], tmp: Path, moment: tuple[str, float]) -> str:
    """SIGKILL `process` at `moment`: ('after', s) from the start, or ('temp', s) after its temp file
    appears. Returns where the ingest was: before its temp file, writing it, or already finished."""
    how, delay = moment
    start = time.monotonic()
    if how == "temp":
        while not tmp.exists() and process.poll() is None and time.monotonic() - start < 120:
            time.sleep(0.002)
    time.sleep(delay)
    phase = "writing the temp file" if tmp.exists() else "before the temp file"
    if process.poll() is not None:
        return "finished before the kill"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return phase


@pytest.mark.slow
def test_ingest_killed_at_any_moment_leaves_the_previous_file(
    tmp_path: Path,
    default_db: Path,
    new_export: Path,  # noqa: F811
) -> None:
    """SIGKILL during start-up, validation, the temp file's creation and the write: the previous
    file stays byte-identical and opens; leftovers do not stop the next ingest, which swaps in the
    new data.

    (A kill after the rename would leave the complete new file, which is also fine; the moments are
    chosen before it, and the test says so if one lands after.)
    """
    out = tmp_path / "crisishulp.duckdb"
    shutil.copy(default_db, out)
    before = sha256(out)
    previous = _opens_with(out)
    rng = random.Random(KILL_SEED)
    moments = [
        ("after", 0.2),  # importing
        ("after", rng.uniform(0.8, 1.6)),  # reading and validating
        ("temp", 0.0),  # the moment the temp file appears
        *[("temp", rng.uniform(0.005, 0.25)) for _ in range(3)],  # writing the tables
    ]
    landed: list[str] = []
    for moment in moments:
        process = _ingest(new_export, out)
        tmp = out.with_name(f".{out.name}.{process.pid}.tmp")
        phase = _kill_when(process, tmp, moment)
        if phase != "finished before the kill" and not tmp.exists() and sha256(out) != before:
            # The rename is atomic: a changed file after a kill is the complete new one, swapped in
            # just before the kill (the process was still closing down). _opens_with proves it.
            phase = "swapped in before the kill"
        landed.append(f"{moment[0]}+{moment[1]:.3f}s: {phase}")
        if phase in ("finished before the kill", "swapped in before the kill"):
            assert _opens_with(out)[0] == "ingest", landed  # the rename happened: complete new file
            shutil.copy(default_db, out)
            continue
        assert sha256(out) == before, f"the previous file changed after a kill ({landed[-1]})"
        assert _opens_with(out) == previous
    assert sum("writing" in p for p in landed) >= 2, landed  # the write phase was hit

    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != out.name)
    final = _ingest(new_export, out)
    _, stderr = final.communicate(timeout=300)
    assert final.returncode == 0, stderr.decode()
    source, version, count = _opens_with(out)
    assert source == "ingest" and version != previous[1] and count > 0
    assert sha256(out) != before
    print(f"kills: {landed}; leftovers after the kills: {leftovers}")
