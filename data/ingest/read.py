"""Finding and reading an export's files: one file per contract table by name, its size, encoding
and separator, CSV, XLSX (after the zip checks) and Parquet, all turned into trimmed text cells
under normalised header names with their spreadsheet row numbers. Each table's result is a
`_Source`, which the rules then check and which reports a problem for every row a rule rejects.

Row numbers: `rij N` is the row a spreadsheet shows when the file is opened with its header on
row 1, so the first data row is `rij 2` (for CSV: data record n, counted from 1, is `rij n + 1`).
Parquet files use the same numbering so every message reads alike. For XLSX the first sheet is read
and its header is taken to be the sheet's first non-empty row.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from data import schema
from data.ingest.identifiers import _identifier_kind
from data.ingest.problems import _Problems

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

SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".parquet", ".xlsx")
ROW = "__row"
# Data record i (0-based) sits on spreadsheet row i + 2: the header is row 1.
FIRST_DATA_ROW = 2

_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _normalise_header(name: str) -> str:
    """Column names are matched case-insensitively after trimming (and without a stray BOM)."""
    return name.replace("\ufeff", "").strip().lower()


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
    # Contract column -> the export's own name for it (a mapping renamed it), named in messages.
    origins: dict[str, str] = field(default_factory=dict)
    # Coded columns whose unknown values the mapping already reported, once per value.
    recoded: set[str] = field(default_factory=set)
    # An XLSX sheet: a number in a date column is an Excel serial date.
    spreadsheet: bool = False

    def column_label(self, column: str) -> str:
        """A column as messages name it: the export's own name beside the contract's, if renamed."""
        origin = self.origins.get(column)
        return column if origin is None else f"{origin} ({column})"

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
                column=self.column_label(column),
                value=record["__value"],
                hide=column in self.hidden,
                kind=f"{column}:{rule}",
                summary=rule,
            )
        problems.count_unlisted(key, total - rows.height, self.column_label(column), rule)


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
    source = _Source(
        table, path.name, pl.DataFrame({ROW: []}, schema={ROW: pl.Int64}), spreadsheet=suffix == ".xlsx"
    )
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
