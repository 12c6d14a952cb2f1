"""Ingest of a real export: read, validate, pseudonymise, then replace the data file atomically.

An export is a folder with one file per contract table (`crisis_trajectories`, `referrals`,
`residential_stays`), each as `.csv`, `.parquet` or `.xlsx`. Everything is read as text and parsed
here, so every rejected cell can be named: file, row, column, value and the rule it breaks. All
problems are collected before anything is written; one bad cell refuses the whole export and the
previous data file stays exactly as it was.

Row numbers: `rij N` is the row a spreadsheet shows when the file is opened with its header on
row 1, so the first data row is `rij 2` (for CSV: data record n, counted from 1, is `rij n + 1`).
Parquet files use the same numbering so every message reads alike. For XLSX the first sheet is read
and its header is taken to be the sheet's first non-empty row.

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

import codecs
import csv
import hashlib
import hmac
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq

from data import schema, store

KEY_ENV_VAR = "DASHBOARD_PSEUDONYM_KEY"
# A short key makes the pseudonyms of the (small, enumerable) space of register numbers guessable.
MIN_KEY_LENGTH = 16
PSEUDONYM_HEX_CHARS = 32

# Size limit for one input file on disk, and for what an XLSX or Parquet file unpacks to.
MAX_FILE_BYTES = 2 * 1024**3
# A real XLSX sheet compresses roughly 5-20x; far beyond that the file is built to explode.
MAX_COMPRESSION_RATIO = 200
# The ratio rule only applies to members this large, so tiny highly compressible parts pass.
RATIO_CHECK_MIN_BYTES = 1024**2
MAX_ZIP_MEMBERS = 10_000
# A header far wider than the contract is not an export of it.
MAX_COLUMNS = 1_000
MAX_HEADER_CHARS = 64 * 1024
# Listed problems per file and rule; the rest is summarised as a count.
MAX_PROBLEMS_PER_RULE = 200
# Longest value shown in a message: a hostile cell must not flood the error text.
MAX_VALUE_CHARS = 80

MAX_CRISIS_DAYS = 365
MAX_STAY_YEARS = 25

SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".parquet", ".xlsx")
HIDDEN = "(verborgen)"
ROW = "__row"
# Data record i (0-based) sits on spreadsheet row i + 2: the header is row 1.
FIRST_DATA_ROW = 2

# Identifier columns: with a key they are pseudonymised, without one they must not hold INSZ values.
ID_DOMAINS: dict[str, str] = {
    "trajectory_id": "trajectory",
    "minor_id": "minor",
    "family_id": "family",
    "stay_id": "stay",
}

# Direct identifiers by column name, compared after lower-casing and turning spaces, dots and
# hyphens into underscores, so 'Rijksregister-nummer' and 'Date of birth' are caught too.
NATIONAL_NUMBER_NAMES = frozenset(
    {
        "insz", "insz_nummer", "inszn", "inss", "niss", "rijksregisternummer",
        "rijksregister_nummer", "rijksregister", "rrn", "rr_nummer", "rrnr", "ssin",
        "national_id", "national_number", "national_register_number", "bis_nummer", "bisnummer",
    }
)  # fmt: skip
NAME_NAMES = frozenset(
    {
        "naam", "voornaam", "voornamen", "achternaam", "familienaam", "volledige_naam",
        "first_name", "last_name", "name", "full_name", "surname", "given_name",
    }
)  # fmt: skip
BIRTH_DATE_NAMES = frozenset(
    {"geboortedatum", "geboorte_datum", "birth_date", "birthdate", "date_of_birth", "dob"}
)
IDENTIFIER_KINDS: dict[str, str] = {
    "insz": "rijksregisternummer",
    "name": "naam",
    "birth": "geboortedatum",
}

BOOLEAN_WORDS: dict[str, bool] = {
    "true": True, "false": False, "1": True, "0": False, "ja": True, "nee": False,
    "j": True, "n": False, "waar": True, "onwaar": False,
}  # fmt: skip

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

_POLARS_TYPES: dict[str, pl.DataType] = {
    "VARCHAR": pl.String(),
    "DATE": pl.Date(),
    "BOOLEAN": pl.Boolean(),
    "SMALLINT": pl.Int16(),
    "INTEGER": pl.Int32(),
    "BIGINT": pl.Int64(),
    "DOUBLE": pl.Float64(),
}
_INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "SMALLINT": (-(2**15), 2**15 - 1),
    "INTEGER": (-(2**31), 2**31 - 1),
    "BIGINT": (-(2**63), 2**63 - 1),
}

_DATE_SHAPE = r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}-\d{1,2}-\d{4})$"
# Spreadsheets and databases write dates as midnight timestamps; the time part carries nothing.
_MIDNIGHT = r"[ T]00:00(:00(\.0+)?)?$"
_INSZ_SHAPE = r"^\d{2}[.\- ]?\d{2}[.\- ]?\d{2}[.\- ]?\d{3}[.\- ]?\d{2}$"
_INSZ_SEPARATORS = r"[.\- ]"
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_RULE = "geen geldige datum (dd/mm/jjjj of jjjj-mm-dd)"
_BOOL_RULE = "geen geldige ja/nee-waarde (ja/nee, j/n, true/false, 1/0, waar/onwaar)"


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (file, row, column), which value, and what is wrong.

    `row` is the row number a spreadsheet shows with the header on row 1, so the first data row is
    2 (CSV, XLSX and Parquet alike); None for problems of a whole file or column. `value` is the
    cell as found (trimmed, at most 80 characters), `(verborgen)` when it is or may be identifying.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        place = [self.file]
        if self.row is not None:
            place.append(f"rij {self.row}")
        if self.column is not None:
            place.append(f"kolom {self.column}")
        text = ", ".join(place)
        if self.value is not None:
            text += f": {self.value}" if self.value == HIDDEN else f": '{self.value}'"
        return f"{text} — {self.rule}"


class IngestError(Exception):
    """The export was refused; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class IngestResult:
    """What an ingest wrote: rows per table, the data version, the file and the extract date."""

    out: Path
    rows: Mapping[str, int]
    data_version: str
    extract_date: date
    pseudonymised: bool

    def __str__(self) -> str:
        counts = ", ".join(f"{name} {n}" for name, n in self.rows.items())
        return (
            f"Ingelezen in {self.out}: {counts} rijen; versie {self.data_version}"
            f" (gepseudonimiseerd: {'ja' if self.pseudonymised else 'nee'})"
        )


def pseudonym(key: bytes, domain: str, value: str) -> str:
    """The keyed pseudonym of one identifier value (see the module docstring for the scheme)."""
    message = f"{domain}:{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX_CHARS]


def looks_like_insz(value: str) -> bool:
    """Whether `value` has the shape and mod-97 check of a Belgian national register number."""
    value = value.strip()
    if not re.fullmatch(_INSZ_SHAPE, value):
        return False
    digits = re.sub(_INSZ_SEPARATORS, "", value)
    base, check = int(digits[:9]), int(digits[9:])
    # Born in or after 2000: the check is computed over '2' followed by the nine digits.
    return check in (97 - base % 97, 97 - (2_000_000_000 + base) % 97)


def insz_expr(column: pl.Expr) -> pl.Expr:
    """Polars twin of `looks_like_insz`: true where the column holds a national register number."""
    trimmed = column.str.strip_chars()
    digits = trimmed.str.replace_all(_INSZ_SEPARATORS, "")
    base = digits.str.slice(0, 9).cast(pl.Int64, strict=False)
    check = digits.str.slice(9, 2).cast(pl.Int64, strict=False)
    valid = (97 - base % 97 == check) | (97 - (base + 2_000_000_000) % 97 == check)
    return (trimmed.str.contains(_INSZ_SHAPE) & valid).fill_null(False)


def date_expr(column: pl.Expr) -> pl.Expr:
    """Parse ISO, dd/mm/yyyy and dd-mm-yyyy text to dates; anything else (or impossible) is null."""
    text = column.str.strip_chars().str.replace(_MIDNIGHT, "")
    shaped = pl.when(text.str.contains(_DATE_SHAPE)).then(text)
    return pl.coalesce(
        shaped.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        shaped.str.strptime(pl.Date, "%d/%m/%Y", strict=False),
        shaped.str.strptime(pl.Date, "%d-%m-%Y", strict=False),
    )


def boolean_expr(column: pl.Expr) -> pl.Expr:
    """Parse ja/nee, j/n, true/false, 1/0, waar/onwaar (any case) to booleans; else null."""
    words = column.str.strip_chars().str.to_lowercase()
    return words.replace_strict(BOOLEAN_WORDS, default=None, return_dtype=pl.Boolean)


def number_expr(column: pl.Expr, sql_type: str) -> pl.Expr:
    """Parse numbers written with a decimal point or a Belgian decimal comma ('1.234,5'); else null."""
    text = column.str.strip_chars().str.replace_all(r"\s", "")
    # With a comma present the comma is the decimal mark and points group thousands.
    text = (
        pl.when(text.str.contains(","))
        .then(text.str.replace_all(r"\.", "").str.replace(",", "."))
        .otherwise(text)
    )
    value = pl.when(text.str.contains(r"^[+-]?(\d+\.?\d*|\.\d+)$")).then(text).cast(pl.Float64, strict=False)
    if sql_type in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[sql_type]
        whole = (value == value.floor()) & (value >= low) & (value <= high)
        return pl.when(whole).then(value).cast(_POLARS_TYPES[sql_type], strict=False)
    return value


def age_band_expr(birth: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """The contract's age band for the age in whole years at `reference` of someone born on `birth`."""
    before_birthday = (reference.dt.month() * 100 + reference.dt.day()) < (
        birth.dt.month() * 100 + birth.dt.day()
    )
    age = reference.dt.year() - birth.dt.year() - before_birthday.cast(pl.Int32)
    bands = pl.when(age < 0).then(None)
    for band in reversed(schema.AGE_BANDS):
        lower = int(band.split("-")[0].rstrip("+"))
        bands = bands.when(age >= lower).then(pl.lit(band))
    return bands.otherwise(None)


def _identifier_kind(column: str) -> str | None:
    """'insz', 'name' or 'birth' when a column name marks a direct identifier, else None."""
    loose = re.sub(r"[\s.\-]+", "_", column.strip().lower()).strip("_")
    if loose in NATIONAL_NUMBER_NAMES:
        return "insz"
    if loose in NAME_NAMES:
        return "name"
    if loose in BIRTH_DATE_NAMES:
        return "birth"
    return None


def _normalise_header(name: str) -> str:
    """Column names are matched case-insensitively after trimming (and without a stray BOM)."""
    return name.replace("\ufeff", "").strip().lower()


def _fmt(day: date) -> str:
    """A date as the users write it."""
    return day.strftime("%d/%m/%Y")


def _shown(value: str | None, hide: bool) -> str | None:
    """A cell value as it may appear in a message: hidden when identifying, and never huge."""
    if value is None:
        return None
    if hide or looks_like_insz(value):
        return HIDDEN
    return value if len(value) <= MAX_VALUE_CHARS else value[:MAX_VALUE_CHARS] + "…"


class _Problems:
    """Collects problems, listing at most `cap` per file and rule and counting the rest."""

    def __init__(self, cap: int = MAX_PROBLEMS_PER_RULE) -> None:
        self.cap = cap
        self._items: list[Problem] = []
        self._listed: dict[tuple[str, str], int] = {}
        self._unlisted: dict[tuple[str, str], tuple[int, str | None, str]] = {}

    def __bool__(self) -> bool:
        return bool(self._items)

    def add(
        self,
        file: str,
        rule: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        hide: bool = False,
        kind: str | None = None,
        summary: str | None = None,
    ) -> None:
        """Record one problem (or only count it once `cap` of its kind are listed)."""
        key = (file, kind or f"{column}:{rule}")
        if self._listed.get(key, 0) < self.cap:
            self._listed[key] = self._listed.get(key, 0) + 1
            self._items.append(Problem(file, row, column, _shown(value, hide), rule))
        else:
            self.count_unlisted(key, 1, column, summary or rule)

    def count_unlisted(self, key: tuple[str, str], extra: int, column: str | None, summary: str) -> None:
        """Count problems of a kind beyond the listed ones."""
        if extra > 0:
            before = self._unlisted.get(key, (0, column, summary))[0]
            self._unlisted[key] = (before + extra, column, summary)

    def listed(self, key: tuple[str, str]) -> int:
        """How many problems of this kind are listed so far."""
        return self._listed.get(key, 0)

    def finish(self) -> list[Problem]:
        """The listed problems followed by one line per kind with a count of the unlisted ones."""
        tail = [
            Problem(file, None, column, None, f"en nog {n} rijen met dezelfde fout: {summary}")
            for (file, _), (n, column, summary) in self._unlisted.items()
        ]
        return self._items + tail


@dataclass
class _Source:
    """One table's file: its text cells (trimmed, empty as null) with spreadsheet row numbers."""

    table: schema.Table
    label: str
    frame: pl.DataFrame
    identifiers: dict[str, str] = field(default_factory=dict)
    # Columns whose values must never be shown (identifiers, and values derived from them).
    hidden: set[str] = field(default_factory=set)
    # Contract column -> the identifier column it was derived from (minor_id <- insz, age_band <- dob).
    derived_from: dict[str, str] = field(default_factory=dict)
    usable: bool = True

    def report(
        self,
        problems: _Problems,
        mask: pl.Expr,
        column: str,
        rule: str,
        *,
        detail: pl.Expr | None = None,
    ) -> None:
        """Add a problem for every row where `mask` holds, showing the row's raw cell of `column`."""
        mask = mask.fill_null(False)
        total = int(self.frame.select(mask.sum()).item())
        if total == 0:
            return
        key = (self.label, f"{column}:{rule}")
        room = max(problems.cap - problems.listed(key), 0)
        select = [pl.col(ROW), pl.col(column).alias("__value")]
        if detail is not None:
            select.append(detail.alias("__detail"))
        rows = self.frame.lazy().filter(mask).select(select).head(room).collect()
        for record in rows.iter_rows(named=True):
            text = rule if detail is None else f"{rule} ({record['__detail']})"
            problems.add(
                self.label,
                text,
                row=record[ROW],
                column=column,
                value=record["__value"],
                hide=column in self.hidden,
                kind=f"{column}:{rule}",
                summary=rule,
            )
        problems.count_unlisted(key, total - rows.height, column, rule)


def _parsed(column: str) -> str:
    """Name of the parsed twin of a text column."""
    return f"__parsed_{column}"


# ---------------------------------------------------------------------------------------------
# Finding and reading the files


def _find_files(export_dir: Path, problems: _Problems) -> dict[str, Path]:
    """The one file per contract table, by case-insensitive name; missing or doubled is a problem."""
    label = export_dir.name or str(export_dir)
    if not export_dir.is_dir():
        problems.add(label, "map met de export bestaat niet of is geen map")
        return {}
    found: dict[str, list[Path]] = {name: [] for name in schema.TABLES_BY_NAME}
    for path in sorted(export_dir.iterdir()):
        stem, suffix = path.stem.lower(), path.suffix.lower()
        if stem not in found or not path.is_file():
            continue
        if suffix in SUPPORTED_SUFFIXES:
            found[stem].append(path)
        else:
            problems.add(path.name, "bestandsformaat niet ondersteund; gebruik .csv, .parquet of .xlsx")
    chosen: dict[str, Path] = {}
    for name, paths in found.items():
        if not paths:
            problems.add(name, f"bestand ontbreekt: verwacht {name}.csv, {name}.parquet of {name}.xlsx")
        elif len(paths) > 1:
            names = ", ".join(p.name for p in paths)
            problems.add(name, f"meer dan één bestand voor deze tabel ({names}); laat er één staan")
        else:
            chosen[name] = paths[0]
    return chosen


def _decodes(path: Path, encoding: str) -> bool:
    """Whether the whole file decodes in `encoding`, read in chunks so memory stays bounded."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1024**2):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _detect_encoding(path: Path, problems: _Problems) -> str | None:
    """'utf-8-sig' or 'cp1252', checked over the whole file; None (and a problem) if neither."""
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            problems.add(path.name, "bestand is UTF-16; bewaar het als CSV UTF-8 of Windows-1252")
            return None
        # Control bytes are the same in UTF-8 and cp1252 (and never part of a UTF-8 sequence), so
        # they mark binary data or BOM-less UTF-16 whichever encoding the text might be in.
        fh.seek(0)
        while chunk := fh.read(1024**2):
            if _CONTROL_BYTES.search(chunk):
                problems.add(path.name, "bestand bevat binaire tekens: geen tekstbestand (CSV) of UTF-16")
                return None
    for encoding in ("utf-8-sig", "cp1252"):
        if _decodes(path, encoding):
            return encoding
    problems.add(path.name, "tekencodering niet herkend: geen UTF-8 en geen Windows-1252")
    return None


def _sniff_separator(header_line: str) -> str:
    """The separator of a CSV file: whichever of ';', ',' and tab the header line uses most."""
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ";"


def _read_csv(path: Path, problems: _Problems) -> tuple[list[str], pl.DataFrame | None] | None:
    """Header and all-text frame of a CSV; records with a wrong field count are problems."""
    encoding = _detect_encoding(path, problems)
    if encoding is None:
        return None
    with open(path, encoding=encoding, newline="") as fh:
        # Only the start of the header is needed to sniff; a hostile one-line file is not read whole.
        first_line = fh.readline(MAX_HEADER_CHARS)
    if not first_line.strip():
        problems.add(path.name, "bestand is leeg of de kopregel ontbreekt")
        return None
    separator = _sniff_separator(first_line)
    # A streaming pass with the csv module counts fields per record: Polars silently pads short
    # records, and a short last record is the mark of a truncated file.
    records = 0
    broken = False
    header: list[str] = []
    with open(path, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=separator, quotechar='"', strict=True)
        try:
            header = next(reader)
            width = len(header)
            if width > MAX_COLUMNS:
                problems.add(path.name, f"kopregel heeft {width} kolommen, meer dan {MAX_COLUMNS}")
                return None
            for fields in reader:
                records += 1
                row = records - 1 + FIRST_DATA_ROW
                if not fields or len(fields) == width:
                    continue
                broken = True
                if len(fields) < width:
                    rule = (
                        f"te weinig velden ({len(fields)} in plaats van {width});"
                        " is de regel of het bestand afgebroken?"
                    )
                else:
                    rule = f"te veel velden ({len(fields)} in plaats van {width}); scheidingsteken?"
                problems.add(
                    path.name, rule, row=row, kind="fields", summary="regel met een verkeerd aantal velden"
                )
        except csv.Error:
            problems.add(
                path.name,
                "ongeldige CSV (aanhalingsteken niet afgesloten of veld te lang); is het bestand afgebroken?",
                row=records + FIRST_DATA_ROW,
                kind="csv",
            )
            broken = True
    names = [_normalise_header(h) for h in header]
    if broken:
        return names, None
    try:
        if encoding == "cp1252":
            # Polars reads only UTF-8; the size limit bounds this in-memory conversion.
            source: Path | bytes = path.read_bytes().decode("cp1252").encode("utf-8")
        else:
            source = path
        frame = pl.read_csv(
            source,
            separator=separator,
            quote_char='"',
            has_header=True,
            infer_schema=False,
            raise_if_empty=False,
        )
    except Exception:
        problems.add(path.name, "CSV kon niet gelezen worden (beschadigd of onvolledig)")
        return names, None
    if frame.width != len(names) or frame.height != records:
        problems.add(path.name, "CSV kon niet eenduidig gelezen worden (regeleinden of aanhalingstekens)")
        return names, None
    return names, frame


def _check_zip(path: Path, problems: _Problems, max_bytes: int) -> bool:
    """Refuse an XLSX that is not a sound zip, unpacks too large, or compresses like a zip bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                problems.add(path.name, f"XLSX bevat meer dan {MAX_ZIP_MEMBERS} onderdelen")
                return False
            declared = sum(m.file_size for m in members)
            if declared > max_bytes:
                problems.add(
                    path.name,
                    f"XLSX pakt uit tot {declared} bytes, meer dan de limiet van {max_bytes}",
                )
                return False
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size >= RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
                    problems.add(
                        path.name,
                        f"XLSX lijkt een zip-bom (onderdeel {member.filename!r} is {ratio:.0f}x"
                        f" gecomprimeerd, de grens is {MAX_COMPRESSION_RATIO}x)",
                    )
                    return False
            # Unpack once in chunks: a truncated file or a lying size header fails here, in bounded
            # memory, rather than inside the spreadsheet reader.
            for member in members:
                unpacked = 0
                with archive.open(member) as fh:
                    while chunk := fh.read(1024**2):
                        unpacked += len(chunk)
                        if unpacked > member.file_size:
                            raise zipfile.BadZipFile("member larger than declared")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError,
            NotImplementedError, ValueError):  # fmt: skip
        problems.add(path.name, "geen geldig XLSX-bestand (beschadigd, onvolledig of versleuteld)")
        return False
    return True


def _as_text(frame: pl.DataFrame, label: str, problems: _Problems) -> pl.DataFrame | None:
    """Turn typed Parquet/XLSX columns into the text a CSV would hold, so one parser serves all.

    A contract column of a type no cell of the contract can have (a list, a struct) makes the file
    unusable (None); such an extra column is only dropped to text nulls, as extra columns are ignored.
    """
    contract_names = {c for table in schema.TABLES for c in table.column_names}
    usable = True
    columns: list[pl.Expr] = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype == pl.String:
            columns.append(col)
        elif dtype == pl.Date:
            columns.append(col.dt.strftime("%Y-%m-%d"))
        elif isinstance(dtype, pl.Datetime):
            columns.append(col.dt.strftime("%Y-%m-%d %H:%M:%S"))
        elif dtype.is_float():
            # Spreadsheets store 1 as 1.0; write whole numbers without the fraction.
            whole = col.is_finite() & (col == col.floor())
            columns.append(
                pl.when(whole).then(col.cast(pl.Int64, strict=False).cast(pl.String))
                .otherwise(pl.when(col.is_finite()).then(col.cast(pl.String)))
            )  # fmt: skip
        elif dtype == pl.Boolean or dtype.is_integer() or dtype.is_decimal() or dtype in (
            pl.Null, pl.Categorical
        ) or isinstance(dtype, pl.Enum):  # fmt: skip
            columns.append(col.cast(pl.String))
        else:
            if _normalise_header(name) in contract_names:
                problems.add(label, f"kolom heeft een niet-ondersteund type ({dtype})", column=name)
                usable = False
            columns.append(pl.lit(None, pl.String))
        columns[-1] = columns[-1].alias(name)
    return frame.select(columns) if usable else None


def _read_parquet(path: Path, problems: _Problems, max_bytes: int) -> pl.DataFrame | None:
    """All-text frame of a Parquet file, refusing one that is damaged or unpacks too large."""
    try:
        meta = pq.read_metadata(path)
        unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        if unpacked > max_bytes:
            problems.add(
                path.name, f"Parquet pakt uit tot {unpacked} bytes, meer dan de limiet van {max_bytes}"
            )
            return None
        frame = pl.read_parquet(path)
    except Exception:
        problems.add(path.name, "geen geldig Parquet-bestand (beschadigd of onvolledig)")
        return None
    return _as_text(frame, path.name, problems)


def _read_xlsx(path: Path, problems: _Problems, max_bytes: int) -> tuple[list[str], pl.DataFrame] | None:
    """Header and all-text frame of the first sheet of an XLSX file, after the zip checks."""
    if not _check_zip(path, problems, max_bytes):
        return None
    try:
        # Without a header the reader neither renames duplicate names ('a', 'a_1') nor skips
        # anything: the first row is the header as typed, the rest is data.
        sheet = pl.read_excel(
            path,
            engine="calamine",
            has_header=False,
            infer_schema_length=0,  # every cell as text: the parser below reports bad ones
            drop_empty_rows=False,  # keep row numbers aligned with the sheet
            drop_empty_cols=False,
            raise_if_empty=False,
        )
    except Exception:
        problems.add(path.name, "XLSX kon niet gelezen worden (beschadigd of onvolledig)")
        return None
    text = _as_text(sheet, path.name, problems)
    if text is None:
        return None
    sheet = text
    if sheet.height == 0:
        problems.add(path.name, "werkblad is leeg of de kopregel ontbreekt")
        return None
    names = [_normalise_header(cell or "") for cell in sheet.row(0)]
    return names, sheet.slice(1)


def _load(path: Path, table: schema.Table, problems: _Problems, max_bytes: int) -> _Source | None:
    """Read one table's file into a `_Source`, or None when it cannot be read at all."""
    try:
        size = path.stat().st_size
    except OSError:
        problems.add(path.name, "bestand kan niet geopend worden")
        return None
    if size > max_bytes:
        problems.add(path.name, f"bestand is {size} bytes, groter dan de limiet van {max_bytes}")
        return None
    suffix = path.suffix.lower()
    names: list[str]
    frame: pl.DataFrame | None
    if suffix == ".csv":
        read = _read_csv(path, problems)
        if read is None:
            return None
        names, frame = read
    elif suffix == ".xlsx":
        read_sheet = _read_xlsx(path, problems, max_bytes)
        if read_sheet is None:
            return None
        names, frame = read_sheet
    else:
        frame = _read_parquet(path, problems, max_bytes)
        if frame is None:
            return None
        names = [_normalise_header(c) for c in frame.columns]
    source = _Source(table, path.name, pl.DataFrame({ROW: []}, schema={ROW: pl.Int64}))
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            problems.add(path.name, "kolom komt meer dan eens voor in de kopregel", column=name)
            source.usable = False
        seen.add(name)
    source.identifiers = {n: k for n in names if (k := _identifier_kind(n)) is not None}
    source.hidden = set(source.identifiers)
    if frame is None or not source.usable:
        source.usable = False
        # Header-level checks (identifiers, missing columns) still run on the names alone.
        source.frame = pl.DataFrame(schema={ROW: pl.Int64, **{n: pl.String for n in seen if n}})
        return source
    # Unnamed columns (a trailing separator) get placeholder names; they are ignored later.
    frame.columns = [n or f"__unnamed_{i}" for i, n in enumerate(names)]
    trimmed = [
        pl.when(pl.col(c).str.strip_chars() == "").then(None)
        .otherwise(pl.col(c).str.strip_chars()).alias(c)
        for c in frame.columns
    ]  # fmt: skip
    frame = frame.select(trimmed).with_row_index(ROW, offset=FIRST_DATA_ROW)
    frame = frame.with_columns(pl.col(ROW).cast(pl.Int64))
    # Rows without any value (a spreadsheet's trailing ';;;;' lines) carry nothing: skip them.
    value_cols = [c for c in frame.columns if c != ROW]
    if value_cols:
        frame = frame.filter(pl.any_horizontal(pl.col(value_cols).is_not_null()))
    source.frame = frame
    return source


# ---------------------------------------------------------------------------------------------
# Validation


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
        birth, ref = date_expr(pl.col(origin)), date_expr(pl.col(reference))
        source.report(problems, pl.col(origin).is_not_null() & birth.is_null(), origin, _DATE_RULE)
        source.report(
            problems,
            birth.is_not_null() & ref.is_not_null() & (birth > ref),
            origin,
            f"geboortedatum ligt na {reference}",
        )
        source.frame = source.frame.with_columns(age_band_expr(birth, ref).alias("age_band"))


def _parse_columns(source: _Source, problems: _Problems) -> None:
    """Check presence, emptiness, type and code list of every contract column; add parsed twins."""
    present = set(source.frame.columns)
    for column in source.table.columns:
        name = column.name
        if name in schema.DERIVED_COLUMNS:
            continue
        if name not in present:
            # A column to be derived from an identifier is missing only when its source failed,
            # and that failure is reported on the source already.
            if name not in source.derived_from:
                problems.add(source.label, "verplichte kolom ontbreekt", column=name)
            continue
        if not source.usable:
            continue
        raw = pl.col(name)
        rule: str | None = None
        if column.sql_type == "DATE":
            parsed, rule = date_expr(raw), _DATE_RULE
        elif column.sql_type == "BOOLEAN":
            parsed, rule = boolean_expr(raw), _BOOL_RULE
        elif column.sql_type in _INTEGER_RANGES or column.sql_type == "DOUBLE":
            parsed, rule = number_expr(raw, column.sql_type), "geen geldig getal"
        elif column.codes is not None:
            upper = all(code == code.upper() for code in column.codes)
            cased = raw.str.to_uppercase() if upper else raw.str.to_lowercase()
            parsed = pl.when(cased.is_in(list(column.codes))).then(cased)
            rule = "onbekende code; toegelaten: " + ", ".join(column.codes)
        else:
            parsed = raw
        source.frame = source.frame.with_columns(parsed.alias(_parsed(name)))
        if rule is not None:
            source.report(problems, raw.is_not_null() & pl.col(_parsed(name)).is_null(), name, rule)
        if not column.nullable:
            origin = source.derived_from.get(name)
            if origin is None:
                source.report(problems, raw.is_null(), name, "verplichte waarde ontbreekt")
            else:
                # A missing source value is reported on the source column, not on the derived one.
                source.report(problems, pl.col(origin).is_null(), origin, "verplichte waarde ontbreekt")


def _has(source: _Source, *columns: str) -> bool:
    """Whether all these contract columns were parsed (present and readable)."""
    return source.usable and all(_parsed(c) in source.frame.columns for c in columns)


def _check_date_bounds(source: _Source, problems: _Problems, today: date) -> None:
    """No date after `today` and none before the register's earliest plausible date."""
    for column in source.table.columns:
        if column.sql_type != "DATE" or not _has(source, column.name):
            continue
        parsed = pl.col(_parsed(column.name))
        source.report(problems, parsed > today, column.name, f"datum ligt in de toekomst (na {_fmt(today)})")
        source.report(
            problems,
            parsed < schema.EARLIEST_DATE,
            column.name,
            f"datum vóór {_fmt(schema.EARLIEST_DATE)} is onmogelijk in dit register",
        )


def _check_order(source: _Source, problems: _Problems, earlier: str, later: str) -> None:
    """`later` may not lie before `earlier` (both known); the later column is named."""
    if not _has(source, earlier, later):
        return
    first, second = pl.col(_parsed(earlier)), pl.col(_parsed(later))
    source.report(
        problems,
        second < first,
        later,
        f"{later} ligt vóór {earlier}",
        detail=first.dt.strftime("%d/%m/%Y"),
    )


def _check_needs(source: _Source, problems: _Problems, column: str, needed: str, rule: str) -> None:
    """A value in `column` requires a value in `needed` (e.g. no end without a start)."""
    if source.usable and column in source.frame.columns and needed in source.frame.columns:
        source.report(problems, pl.col(column).is_not_null() & pl.col(needed).is_null(), column, rule)


def _check_unique(source: _Source, problems: _Problems, column: str) -> None:
    """Every value of `column` occurs once; each duplicate is reported with all its rows."""
    if not _has(source, column):
        return
    groups = (
        source.frame.filter(pl.col(column).is_not_null())
        .group_by(column, maintain_order=True)
        .agg(pl.col(ROW))
        .filter(pl.col(ROW).list.len() > 1)
    )
    for value, rows in groups.iter_rows():
        listed = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
        problems.add(
            source.label,
            f"dubbele {column}: komt {len(rows)} keer voor (rijen {listed})",
            row=rows[1],
            column=column,
            value=value,
            hide=column in source.hidden,
            kind=f"{column}:unique",
            summary=f"dubbele {column}",
        )


def _check_trajectories(source: _Source, problems: _Problems) -> None:
    """Rules of crisis_trajectories: date order, plausible length, unique ids."""
    _check_order(source, problems, "registered_on", "started_on")
    _check_order(source, problems, "started_on", "ended_on")
    _check_needs(source, problems, "ended_on", "started_on", "einddatum zonder startdatum (started_on)")
    if _has(source, "started_on", "ended_on"):
        days = (pl.col(_parsed("ended_on")) - pl.col(_parsed("started_on"))).dt.total_days()
        source.report(
            problems,
            days > MAX_CRISIS_DAYS,
            "ended_on",
            f"crisismodule duurt langer dan {MAX_CRISIS_DAYS} dagen: onaannemelijk",
            detail=days.cast(pl.String) + " dagen",
        )
    _check_unique(source, problems, "trajectory_id")


def _check_stays(source: _Source, problems: _Problems) -> None:
    """Rules of residential_stays: date order, covid dates inside the stay, plausible length."""
    _check_order(source, problems, "indicated_on", "started_on")
    _check_order(source, problems, "started_on", "ended_on")
    _check_needs(source, problems, "ended_on", "started_on", "einddatum zonder startdatum (started_on)")
    _check_needs(
        source, problems, "covid_home_on", "started_on", "covid_home_on zonder startdatum van het verblijf"
    )
    _check_order(source, problems, "started_on", "covid_home_on")
    if _has(source, "covid_home_on", "ended_on"):
        home, end = pl.col(_parsed("covid_home_on")), pl.col(_parsed("ended_on"))
        source.report(
            problems,
            home > end,
            "covid_home_on",
            "covid_home_on ligt na het einde van het verblijf",
            detail=end.dt.strftime("%d/%m/%Y"),
        )
    _check_needs(source, problems, "covid_return_on", "covid_home_on", "covid_return_on zonder covid_home_on")
    _check_order(source, problems, "covid_home_on", "covid_return_on")
    if _has(source, "started_on", "ended_on"):
        start, end = pl.col(_parsed("started_on")), pl.col(_parsed("ended_on"))
        source.report(
            problems,
            end > start.dt.offset_by(f"{MAX_STAY_YEARS}y"),
            "ended_on",
            f"verblijf duurt langer dan {MAX_STAY_YEARS} jaar: onaannemelijk",
            detail="start " + start.dt.strftime("%d/%m/%Y"),
        )
    _check_unique(source, problems, "stay_id")


def _check_referrals(source: _Source, trajectories: _Source | None, problems: _Problems) -> None:
    """Rules of referrals: destination agrees with inside_opgroeien; the trajectory exists and came first."""
    if _has(source, "destination", "inside_opgroeien"):
        destination = pl.col(_parsed("destination"))
        expected = destination.replace_strict(schema.DESTINATIONS, default=None, return_dtype=pl.Boolean)
        source.report(
            problems,
            pl.col(_parsed("inside_opgroeien")) != expected,
            "inside_opgroeien",
            "klopt niet met de bestemming",
            detail=destination
            + pl.when(expected).then(pl.lit(" is jeugdhulp van Opgroeien: verwacht ja"))
            .otherwise(pl.lit(" is geen jeugdhulp van Opgroeien: verwacht nee")),
        )  # fmt: skip
    if (
        trajectories is None
        or not _has(source, "trajectory_id")
        or not _has(trajectories, "trajectory_id", "registered_on")
    ):
        return
    known = (
        trajectories.frame.select(
            pl.col("trajectory_id").alias("__tid"),
            pl.col(_parsed("registered_on")).alias("__registered"),
            pl.lit(True).alias("__known"),
        )
        .filter(pl.col("__tid").is_not_null())
        .unique(subset="__tid", keep="first", maintain_order=True)
    )
    joined = source.frame.join(
        known, left_on="trajectory_id", right_on="__tid", how="left", maintain_order="left"
    )
    checked = _Source(source.table, source.label, joined, hidden=source.hidden)
    checked.report(
        problems,
        pl.col("trajectory_id").is_not_null() & pl.col("__known").is_null(),
        "trajectory_id",
        f"verwijst naar een trajectory_id die niet voorkomt in {trajectories.label}",
    )
    if _has(source, "referred_on"):
        registered = pl.col("__registered")
        checked.report(
            problems,
            pl.col(_parsed("referred_on")) < registered,
            "referred_on",
            "verwijzing ligt vóór registered_on van het traject",
            detail=registered.dt.strftime("%d/%m/%Y"),
        )


_TABLE_RULES: dict[str, Callable[[_Source, _Problems], None]] = {
    "crisis_trajectories": _check_trajectories,
    "residential_stays": _check_stays,
}


# ---------------------------------------------------------------------------------------------
# Output


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
    export_dir: Path, out: Path, *, today: date | None = None, max_bytes: int = MAX_FILE_BYTES
) -> IngestResult:
    """Validate the export in `export_dir` completely, then replace `out` atomically with it.

    Raises IngestError listing every problem (file, spreadsheet row with the header as row 1,
    column, value, rule) when anything is wrong; `out` is then left untouched.
    """
    today = today or date.today()
    export_dir, out = Path(export_dir), Path(out)
    problems = _Problems()
    key = _key_from_env(problems)
    sources: dict[str, _Source] = {}
    for name, path in _find_files(export_dir, problems).items():
        loaded = _load(path, schema.TABLES_BY_NAME[name], problems, max_bytes)
        if loaded is not None:
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
    # Only now, with everything checked and prepared, is the temporary file created.
    with store.replace_atomically(out) as con:
        store.write_tables(con, frames)
        store.write_derived(con, key_secret=secret)
        version = store.write_build_info(con, source="ingest", synthetic=False, extract_date=extract_date)
    return IngestResult(
        out=out,
        rows={name: frames[name].height for name in schema.TABLES_BY_NAME},
        data_version=version,
        extract_date=extract_date,
        pseudonymised=key is not None,
    )
