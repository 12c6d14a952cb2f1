"""The benchmark runs end to end at scale 1 (CI's smoke run): budgets are reported, never asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE_KEYS = {"page", "scale", "rows", "page_ms_p50", "page_ms_p95", "floor_ms", "pandas_ms", "rss_mb"}
PAGES = {
    "overzicht",
    "vergelijking",
    "seizoenen",
    "verlengingen",
    "doorverwijzingen",
    "tijdige_start",
    "verblijf_na_corona",
    "vraag",
    "tabel",
    "definities",
    "toegankelijkheid",
}


@pytest.mark.slow
def test_benchmark_runs_end_to_end_at_scale_1(tmp_path: Path) -> None:
    """`python -m bench --scales 1` builds its file, measures every page and writes the records."""
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [
            sys.executable, "-m", "bench", "--scales", "1", "--quick",
            "--json", str(out), "--markdown", str(tmp_path / "bench.md"),
            "--data-dir", str(tmp_path / "data"), "--calls-dir", str(tmp_path),
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(out.read_text())

    records = result["pages"]
    assert {r["page"] for r in records} == PAGES
    for r in records:
        assert r.keys() >= PAGE_KEYS, r.keys()
        assert r["scale"] == 1 and r["rows"] > 20_000
        assert 0 < r["page_ms_p50"] <= r["page_ms_p95"]
        assert r["floor_ms"] > 0 and r["rss_mb"] > 0
        # Every page but the definitions and the accessibility statement has indicators to
        # compute the pandas way.
        assert (r["pandas_ms"] is None) == (r["page"] in ("definities", "toegankelijkheid"))
    [scale] = result["scales"]
    assert scale["scale"] == 1 and scale["cold_start_ms"] > 0
    # The pandas baseline computes the same numbers as the named queries.
    assert scale["pandas_check"] == []
    # Budgets are evaluated for the scales they name (none at scale 1), and printed with the table.
    assert result["budgets"] == []
    assert "| page |" in proc.stdout and "overzicht" in proc.stdout
