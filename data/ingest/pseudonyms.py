"""Pseudonymisation and keys: the pseudonymisation key from the environment, the check that
refuses direct identifiers without one (and with one derives `minor_id` and `age_band` from them),
the final typed frames with the identifier columns replaced by keyed pseudonyms, and the record
keys for the cell-key method.

Privacy: direct identifiers (national register numbers, names, birth dates) are refused unless a
pseudonymisation key is set in the environment variable `DASHBOARD_PSEUDONYM_KEY`. With a key, the
identifier columns `trajectory_id`, `minor_id`, `family_id` and `stay_id` are replaced by

    hmac_sha256(key, f"{domain}:{value}").hexdigest()[:32]

with domain `trajectory`, `minor`, `family` or `stay` (a value that looks like a national register
number is reduced to its 11 digits first, so `15.03.17-123.23` and `15031712323` agree). An INSZ
column only serves as the source of `minor_id` when that column is missing, a birth date only as the
source of `age_band`; names are dropped. The key is never written, logged or put in a message.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Mapping

import duckdb
import polars as pl

from data import schema
from data.ingest.identifiers import _INSZ_SEPARATORS, IDENTIFIER_KINDS, insz_expr, looks_like_insz
from data.ingest.problems import _Problems
from data.ingest.read import _Source
from data.ingest.rules import _DATE_RULE, _POLARS_TYPES, _parsed, age_band_expr, date_expr

KEY_ENV_VAR = "DASHBOARD_PSEUDONYM_KEY"
# A short key makes the pseudonyms of the (small, enumerable) space of register numbers guessable.
MIN_KEY_LENGTH = 16
PSEUDONYM_HEX_CHARS = 32

# Identifier columns: with a key they are pseudonymised, without one they must not hold INSZ values.
ID_DOMAINS: dict[str, str] = {
    "trajectory_id": "trajectory",
    "minor_id": "minor",
    "family_id": "family",
    "stay_id": "stay",
}

# Table-specific sources of derived values: the reference date for an age computed from a birth date.
AGE_REFERENCE: dict[str, str] = {
    "crisis_trajectories": "registered_on",
    "residential_stays": "indicated_on",
}

# Record keys for the cell-key method: the (pseudonymised) row identity hashed with the file's key secret.
RECORD_KEY_SQL: dict[str, str] = {
    "crisis_trajectories": (
        f"cast(md5_number($secret || '|' || trajectory_id) % {schema.RECORD_KEY_RANGE} as smallint)"
    ),
    "referrals": (
        "cast(md5_number($secret || '|' || trajectory_id || '|' || destination || '|'"
        f" || cast(referred_on as varchar)) % {schema.RECORD_KEY_RANGE} as smallint)"
    ),
    "residential_stays": (
        f"cast(md5_number($secret || '|' || stay_id) % {schema.RECORD_KEY_RANGE} as smallint)"
    ),
}


def pseudonym(key: bytes, domain: str, value: str) -> str:
    """The keyed pseudonym of one identifier value (see the module docstring for the scheme)."""
    message = f"{domain}:{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX_CHARS]


def _check_identifiers(source: _Source, key: bytes | None, problems: _Problems) -> None:
    """Refuse direct identifiers without a key; with one, derive minor_id and age_band from them."""
    columns = set(source.frame.columns)
    if key is None:
        for column, kind in source.identifiers.items():
            problems.add(
                source.label,
                f"direct identificerende kolom ({IDENTIFIER_KINDS[kind]}) niet toegelaten;"
                f" verwijder de kolom of pseudonimiseer met een sleutel in {KEY_ENV_VAR}",
                column=column,
            )
        for column in ID_DOMAINS:
            if column in columns and source.usable:
                source.report(
                    problems,
                    insz_expr(pl.col(column)),
                    column,
                    "waarde lijkt een rijksregisternummer; enkel toegelaten met een"
                    f" pseudonimiseringssleutel in {KEY_ENV_VAR}",
                )
        return
    contract = set(source.table.column_names)
    insz_columns = [c for c, k in source.identifiers.items() if k == "insz"]
    if "minor_id" in contract and "minor_id" not in columns and insz_columns:
        origin = insz_columns[0]
        source.derived_from["minor_id"] = origin
        source.hidden.add("minor_id")
        if source.usable:
            source.frame = source.frame.with_columns(pl.col(origin).alias("minor_id"))
    birth_columns = [c for c, k in source.identifiers.items() if k == "birth"]
    reference = AGE_REFERENCE.get(source.table.name)
    if "age_band" in contract and "age_band" not in columns and birth_columns and reference:
        origin = birth_columns[0]
        source.derived_from["age_band"] = origin
        if not source.usable or reference not in columns:
            return
        serials = source.spreadsheet
        birth = date_expr(pl.col(origin), excel_serials=serials)
        ref = date_expr(pl.col(reference), excel_serials=serials)
        source.report(problems, pl.col(origin).is_not_null() & birth.is_null(), origin, _DATE_RULE)
        source.report(
            problems,
            birth.is_not_null() & ref.is_not_null() & (birth > ref),
            origin,
            f"geboortedatum ligt na {reference}",
        )
        source.frame = source.frame.with_columns(age_band_expr(birth, ref).alias("age_band"))


def _key_from_env(problems: _Problems) -> bytes | None:
    """The pseudonymisation key from the environment (trimmed), or None when not set."""
    raw = os.environ.get(KEY_ENV_VAR, "").strip()
    if not raw:
        return None
    if len(raw) < MIN_KEY_LENGTH:
        problems.add(KEY_ENV_VAR, f"pseudonimiseringssleutel is te kort (minstens {MIN_KEY_LENGTH} tekens)")
    return raw.encode("utf-8")


def _pseudonymise(values: pl.Series, key: bytes, domain: str) -> pl.Series:
    """Replace each value by its keyed pseudonym (register numbers reduced to their digits first)."""
    mapping: dict[str, str] = {}
    for value in values.drop_nulls().unique().to_list():
        plain = re.sub(_INSZ_SEPARATORS, "", value) if looks_like_insz(value) else value
        mapping[value] = pseudonym(key, domain, plain)
    return values.replace_strict(mapping, default=None, return_dtype=pl.String)


def _final_frame(source: _Source, key: bytes | None) -> pl.DataFrame:
    """The contract columns (minus derived ones) with their SQL types, pseudonymised with a key."""
    columns: list[pl.Series] = []
    for column in source.table.columns:
        if column.name in schema.DERIVED_COLUMNS:
            continue
        series = source.frame.get_column(_parsed(column.name)).cast(_POLARS_TYPES[column.sql_type])
        if key is not None and column.name in ID_DOMAINS:
            series = _pseudonymise(series, key, ID_DOMAINS[column.name])
        columns.append(series.alias(column.name))
    return pl.DataFrame(columns)


def with_record_keys(frames: Mapping[str, pl.DataFrame], secret: str) -> dict[str, pl.DataFrame]:
    """Add `record_key` to each table with the expressions in RECORD_KEY_SQL (in-memory DuckDB):
    a hash of the record's identity keyed with the data file's secret, so the same record keeps
    its key in the next quarter's file and nobody holding only the identifiers can compute it."""
    result: dict[str, pl.DataFrame] = {}
    with duckdb.connect() as con:
        for name, frame in frames.items():
            con.register("incoming", frame.to_arrow())
            try:
                sql = f"select *, {RECORD_KEY_SQL[name]} as record_key from incoming"  # noqa: S608
                result[name] = con.sql(sql, params={"secret": secret}).pl()
            finally:
                con.unregister("incoming")
    return result
