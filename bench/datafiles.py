"""The benchmark's data files: the synthetic build at each scale, built once and reused.

A file is reused while the generator that made it is unchanged: beside `scale-100.duckdb` lies
`scale-100.json` with the scale, seed and a hash of the generator's source (data/synth.py,
schema.py, store.py, the derived tables' SQL). When the generator changes (a new sort order, say),
the file is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench.common import ROOT

SEED = 712
GENERATOR = (
    "data/synth.py",
    "data/schema.py",
    "data/store.py",
    *sorted(f"data/derived/{p.name}" for p in (ROOT / "data" / "derived").glob("*.sql")),
)


@dataclass(frozen=True)
class DataFile:
    """A built data file and what it holds."""

    path: Path
    scale: float
    rows: dict[str, int]
    build_s: float | None  # None when reused
    size_mb: float


def generator_hash() -> str:
    """A hash of the generator's source: a file built by another generator is not reused."""
    digest = hashlib.sha256()
    for name in GENERATOR:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:16]


def _label(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


def _rows(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            t: con.execute(f"select count(*) from {t}").fetchone()[0]  # noqa: S608 - fixed names
            for t in ("crisis_trajectories", "referrals", "residential_stays")
        }


def ensure(scale: float, data_dir: Path, *, log=print) -> DataFile:
    """The data file of `scale` in `data_dir`: reused when its sidecar matches, else built."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / f"scale-{_label(scale)}.duckdb"
    sidecar = path.with_suffix(".json")
    wanted = {"scale": scale, "seed": SEED, "generator": generator_hash()}
    if path.is_file() and sidecar.is_file():
        meta = json.loads(sidecar.read_text())
        if {k: meta.get(k) for k in wanted} == wanted:
            return DataFile(path, scale, meta["rows"], None, path.stat().st_size / 2**20)
    log(f"  building scale {scale:g} → {path} (python -m data build --scale {scale:g})")
    began = time.perf_counter()
    # A separate process: the build's peak memory is not the benchmark's.
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "data",
            "build",
            "--scale",
            f"{scale:g}",
            "--seed",
            str(SEED),
            "--out",
            str(path),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    build_s = time.perf_counter() - began
    rows = _rows(path)
    sidecar.write_text(json.dumps({**wanted, "rows": rows, "build_s": round(build_s, 1)}, indent=1))
    return DataFile(path, scale, rows, build_s, path.stat().st_size / 2**20)
