"""Ingest of a real export: read, validate, pseudonymise, then replace the data file atomically.

An export is a folder with one file per contract table (`crisis_trajectories`, `referrals`,
`residential_stays`), each as `.csv`, `.parquet` or `.xlsx`, in the contract's shape or brought into
it by a mapping file per source system (data/MAPPINGS.md). Everything is read as text and parsed
here, so every rejected cell can be named: file, row, column, value and the rule it breaks. All
problems are collected before anything is written; one bad cell refuses the whole export and the
previous data file stays exactly as it was.

This package's own namespace is the public API: `ingest(...)` and the names other modules and
tests use. The work is done in one module per job, each importing only the ones listed before it:
`identifiers` (recognising direct identifiers), `problems` (the problem, error and result types and
the problem collector), `read` (finding and reading the files), `rules` (parsing and validation),
`mapping` (the mapping files; renaming, recoding and extra columns right after reading),
`pseudonyms` (pseudonymisation and keys) and `run` (the ingest from start to finish). None of them
imports this namespace, so a test that replaces a helper must do so in the module that calls it.
"""

from __future__ import annotations

from data.ingest.identifiers import (
    BIRTH_DATE_NAMES,
    IDENTIFIER_KINDS,
    NAME_NAMES,
    NATIONAL_NUMBER_NAMES,
    insz_expr,
    looks_like_insz,
)
from data.ingest.mapping import MAX_MAPPING_BYTES, fold, load_mappings
from data.ingest.problems import (
    HIDDEN,
    MAX_PROBLEMS_PER_RULE,
    MAX_VALUE_CHARS,
    IngestError,
    IngestResult,
    Problem,
    Recoding,
)
from data.ingest.pseudonyms import (
    AGE_REFERENCE,
    ID_DOMAINS,
    KEY_ENV_VAR,
    MIN_KEY_LENGTH,
    PSEUDONYM_HEX_CHARS,
    RECORD_KEY_SQL,
    pseudonym,
    with_record_keys,
)
from data.ingest.read import (
    FIRST_DATA_ROW,
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    MAX_HEADER_CHARS,
    MAX_ZIP_MEMBERS,
    RATIO_CHECK_MIN_BYTES,
    ROW,
    SUPPORTED_SUFFIXES,
)
from data.ingest.read import _detect_encoding as _detect_encoding  # tests wrap the real one
from data.ingest.rules import (
    BOOLEAN_WORDS,
    MAX_CRISIS_DAYS,
    MAX_STAY_YEARS,
    MAX_TEXT_CHARS,
    age_band_expr,
    boolean_expr,
    date_expr,
    number_expr,
)
from data.ingest.run import ingest

__all__ = [
    "AGE_REFERENCE",
    "BIRTH_DATE_NAMES",
    "BOOLEAN_WORDS",
    "FIRST_DATA_ROW",
    "HIDDEN",
    "IDENTIFIER_KINDS",
    "ID_DOMAINS",
    "KEY_ENV_VAR",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_CRISIS_DAYS",
    "MAX_FILE_BYTES",
    "MAX_HEADER_CHARS",
    "MAX_MAPPING_BYTES",
    "MAX_PROBLEMS_PER_RULE",
    "MAX_STAY_YEARS",
    "MAX_TEXT_CHARS",
    "MAX_VALUE_CHARS",
    "MAX_ZIP_MEMBERS",
    "MIN_KEY_LENGTH",
    "NAME_NAMES",
    "NATIONAL_NUMBER_NAMES",
    "PSEUDONYM_HEX_CHARS",
    "RATIO_CHECK_MIN_BYTES",
    "RECORD_KEY_SQL",
    "ROW",
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "IngestResult",
    "Problem",
    "Recoding",
    "age_band_expr",
    "boolean_expr",
    "date_expr",
    "fold",
    "ingest",
    "insz_expr",
    "load_mappings",
    "looks_like_insz",
    "number_expr",
    "pseudonym",
    "with_record_keys",
]
