"""Shared fixtures: the synthetic default data file, built once per test session in a temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from data import synth


@pytest.fixture(scope="session")
def default_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic default (seed 712, scale 1), as `make run` builds it."""
    path = tmp_path_factory.mktemp("default") / "crisishulp.duckdb"
    synth.build(path)
    return path
