"""The ingest itself: find and read every file, check every rule, and only when no problem was
found build the new data file (pseudonymised tables with their record keys, the derived tables and
the build info) and put it in place atomically; otherwise raise `IngestError` listing every problem,
with the previous data file untouched. `data.ingest` re-exports `ingest`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import polars as pl

from data import plausibility, population, schema, store, versions
from data.ingest.mapping import ShapeReport, apply_shape, load_mappings
from data.ingest.problems import IngestError, IngestResult, _Problems
from data.ingest.pseudonyms import _check_identifiers, _final_frame, _key_from_env, with_record_keys
from data.ingest.read import MAX_FILE_BYTES, _find_files, _load, _Source
from data.ingest.rules import _TABLE_RULES, _check_date_bounds, _check_referrals, _parse_columns


def _max_date(frames: Iterable[pl.DataFrame]) -> date | None:
    """The latest date anywhere in the tables, or None when there is none."""
    latest: date | None = None
    for frame in frames:
        for name, dtype in frame.schema.items():
            if dtype == pl.Date:
                value = frame.get_column(name).max()
                if isinstance(value, date) and (latest is None or value > latest):
                    latest = value
    return latest


def ingest(
    export_dir: Path,
    out: Path,
    *,
    today: date | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    keep: int = versions.DEFAULT_KEEP,
    accept_changes: bool = False,
    mappings: Sequence[Path] = (),
) -> IngestResult:
    """Validate the export in `export_dir` completely, then replace `out` atomically with it.

    Raises IngestError listing every problem (file, spreadsheet row with the header as row 1,
    column, value, rule) when anything is wrong, and plausibility.ChangesRefused when the data
    changed implausibly against the file it replaces (unless `accept_changes`); `out` is then left
    untouched. The replaced file is kept in `<out>.versions/`, the `keep` most recent ones.
    `mappings` are the mapping files that bring the export's shape to the contract (MAPPINGS.md);
    a bad one raises IngestError before the export is read.
    """
    today = today or date.today()
    export_dir, out = Path(export_dir), Path(out)
    shapes = load_mappings(mappings)
    shape_report = ShapeReport()
    problems = _Problems()
    key = _key_from_env(problems)
    sources: dict[str, _Source] = {}
    for name, path in _find_files(export_dir, problems).items():
        loaded = _load(path, schema.TABLES_BY_NAME[name], problems, max_bytes)
        if loaded is not None:
            apply_shape(loaded, shapes.get(name), problems, shape_report)
            sources[name] = loaded
    for name, source in sources.items():
        _check_identifiers(source, key, problems)
        _parse_columns(source, problems)
        _check_date_bounds(source, problems, today)
        rules = _TABLE_RULES.get(name)
        if rules is not None:
            rules(source, problems)
    if "referrals" in sources:
        _check_referrals(sources["referrals"], sources.get("crisis_trajectories"), problems)
    if problems or len(sources) != len(schema.TABLES):
        raise IngestError(problems.finish())

    # The file's key secret: the previous file's (so records and children keep their keys), else new.
    secret = store.previous_key_secret(out) or store.new_key_secret()
    frames = with_record_keys({name: _final_frame(s, key) for name, s in sources.items()}, secret)
    extract_date = _max_date(frames.values()) or today
    # A valid export can still be the wrong one: compare with the file it would replace.
    comparison = plausibility.compare(frames["crisis_trajectories"], extract_date, out)
    if comparison.stops and not accept_changes:
        raise plausibility.ChangesRefused(comparison)
    comparison = dataclasses.replace(comparison, accepted=accept_changes and bool(comparison.stops))
    # Figures imported from Statbel's files stay; otherwise this version's reference.
    denominators = population.carried_over(population.previous(out))
    kept: list[Path] = []

    def keep_previous() -> None:
        """Keep the file about to be replaced as a version (the new one is complete by now)."""
        archived = versions.archive(out)
        if archived is not None:
            kept.append(archived)

    # Only now, with everything checked and prepared, is the temporary file created.
    with store.replace_atomically(out, before_swap=keep_previous) as con:
        store.write_tables(con, frames)
        store.write_derived(con, key_secret=secret)
        population.write_population(con, denominators)
        version = store.write_build_info(con, source="ingest", synthetic=False, extract_date=extract_date)
        plausibility.write(con, comparison)
    pruned = versions.prune(out, keep)
    return IngestResult(
        out=out,
        rows={name: frames[name].height for name in schema.TABLES_BY_NAME},
        data_version=version,
        extract_date=extract_date,
        pseudonymised=key is not None,
        comparison=comparison,
        kept=kept[0] if kept and kept[0] not in pruned else None,
        pruned=tuple(pruned),
        warnings=tuple(shape_report.warnings),
        recodings=tuple(shape_report.recodings),
    )
