"""Shared bits of the benchmark: paths, the pages, the filter changes, statistics, memory."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard.py"
DATA_DIR = Path(__file__).resolve().parent / "data"
OUTPUT_DIR = Path(__file__).resolve().parent / "output"

# The filter change every page is timed with: the period narrowed to 2019-2021 and one IROJ region
# chosen, alternating between two regions so each run is a real change of the selection (the
# page then shows the region beside Flanders, the heavier of the two layouts).
YEARS = (2019, 2021)
COMBOS: tuple[tuple[str, ...], ...] = (("ANT",), ("OVL",))


def pages() -> list[str]:
    """The page files in the order dashboard.py routes them (read from its PAGES list)."""
    found = re.findall(r'"(pages/[a-z_]+\.py)"', APP.read_text(encoding="utf-8"))
    if not found:
        raise RuntimeError(f"no pages found in {APP}")
    return found


def page_name(path: str) -> str:
    """`pages/overzicht.py` → `overzicht`."""
    return Path(path).stem


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) by the nearest-rank method: an observed value, never interpolated."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values."""
    return statistics.median(values) if values else None


def rnd(value: float | None, digits: int = 1) -> float | None:
    """Round for the report; None stays None."""
    return None if value is None else round(value, digits)


def _status_kb(pid: int | str, field: str) -> float | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return float(match.group(1)) if match else None


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory (VmHWM) of a process in MB, from /proc; None where there is no /proc."""
    kb = _status_kb(pid, "VmHWM")
    return None if kb is None else kb / 1024


def rss_mb(pid: int | str = "self") -> float | None:
    """Current resident memory (VmRSS) of a process in MB."""
    kb = _status_kb(pid, "VmRSS")
    return None if kb is None else kb / 1024


def reset_peak_rss() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux `clear_refs` 5); False where unsupported."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


# --- parameters as JSON (dates survive the round trip, so a replay binds the same types) ----------


def encode(value: Any) -> Any:
    """A bound query parameter as JSON."""
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    return value


def decode(value: Any) -> Any:
    """The inverse of `encode`."""
    if isinstance(value, dict) and set(value) == {"date"}:
        return date.fromisoformat(value["date"])
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def run_worker(module: str, args: list[str], *, timeout: float, env: dict[str, str] | None = None) -> dict:
    """Run `python -m module args` in a fresh process; its last stdout line is a JSON object."""
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        return {"error": f"{module} exited with {proc.returncode}: {tail}"}
    return json.loads(lines[-1])


def tree_state() -> dict[str, Any]:
    """Which code was measured: the commit and how many files differ from it (others edit the tree)."""
    git = shutil.which("git")
    if git is None:
        return {"commit": None, "changed_files": None}
    try:
        head = subprocess.run(  # noqa: S603 - git, fixed arguments
            [git, "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603 - git, fixed arguments
            [git, "status", "--porcelain"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.splitlines()
    except OSError:
        return {"commit": None, "changed_files": None}
    return {"commit": head or None, "changed_files": len(dirty)}


def machine() -> dict[str, Any]:
    """What the benchmark ran on."""
    import platform

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        kb = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        mem_gb = round(int(kb.group(1)) / 1024 / 1024, 1) if kb else None
    except OSError:
        pass
    versions = {}
    for name in ("streamlit", "duckdb", "polars", "pandas", "altair"):
        try:
            versions[name] = __import__(name).__version__
        except Exception:
            versions[name] = None
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "os": platform.platform(),
        "load_avg_at_start": [round(x, 2) for x in load] if load else None,
        **versions,
    }
