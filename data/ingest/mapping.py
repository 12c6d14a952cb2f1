"""Export shapes: the mapping files that rename an export's columns and recode its values to the
contract (one TOML file per source system, format in data/MAPPINGS.md), and the step every table's
file goes through right after it is read: renamed, recoded (each translation counted for the
report), its extra columns warned about. The rules then run unchanged on the contract's names and
the original row numbers; their messages name the export's own column beside the contract's.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from data import schema
from data.ingest.identifiers import IDENTIFIER_KINDS, _identifier_kind
from data.ingest.problems import IngestError, Problem, Recoding, _Problems
from data.ingest.read import ROW, _normalise_header, _Source
from data.ingest.rules import BOOLEAN_WORDS, MAX_TEXT_CHARS

# A mapping is a few dozen lines; a file far larger is not one.
MAX_MAPPING_BYTES = 256 * 1024
SECTION_KEYS: tuple[str, ...] = ("columns", "values")
# Rows an untranslated value's message lists before '…'.
LISTED_ROWS = 5
IGNORED_RULE = "onbekende kolom, genegeerd (hoort ze bij het contract, hernoem ze dan met --mapping)"

_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_FOLD_SEPARATORS = re.compile(r"[\s_\-]+")


def fold(text: str) -> str:
    """A value as values are compared: case, accents, underscores, hyphens and spacing ignored."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _FOLD_SEPARATORS.sub(" ", plain.casefold()).strip()


def recodable(column: schema.Column) -> bool:
    """Whether a mapping may translate the values of this column: a code list or a yes/no."""
    return column.codes is not None or column.sql_type == "BOOLEAN"


@dataclass(frozen=True)
class TableMapping:
    """One table's part of a mapping file."""

    table: schema.Table
    file: str
    # The export's header (normalised as headers are) -> the contract column.
    columns: dict[str, str]
    # The contract column -> the export's header as the mapping spells it, for messages.
    spelled: dict[str, str]
    # The contract column -> the export's values (folded) -> the contract's value as text.
    values: dict[str, dict[str, str]]


@dataclass
class ShapeReport:
    """What the shape step found in the export: ignored columns and translated values."""

    warnings: list[Problem] = field(default_factory=list)
    recodings: list[Recoding] = field(default_factory=list)


def _builtin(column: schema.Column) -> dict[str, str]:
    """What every mapping understands for a column (folded): its codes, the region names and the
    yes/no words the ingest accepts."""
    if column.sql_type == "BOOLEAN":
        return {fold(word): "true" if value else "false" for word, value in BOOLEAN_WORDS.items()}
    known = {fold(code): code for code in column.codes or ()}
    if column.name == "region":
        known |= {fold(name): code for code, name in schema.REGIONS.items()}
    return known


def _line_of(text: str, section: str, key: str | None = None) -> int | None:
    """The line of the TOML text that opens `section` (a dotted table name, e.g. 'referrals.columns'),
    or with `key` the first line after it that defines that key; None when not found."""
    lines = text.splitlines()
    opening = re.compile(rf"^\s*\[+\s*{re.escape(section)}\s*[\].]")
    start = next((i for i, line in enumerate(lines) if opening.search(line)), None)
    if start is None or key is None:
        return None if start is None else start + 1
    quoted = rf"(\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})"
    defining = re.compile(rf"^\s*{quoted}\s*=")
    return next((i + 1 for i in range(start + 1, len(lines)) if defining.search(lines[i])), None)


def _toml(value: Any) -> str:
    """A TOML value as the data manager wrote it ("text", true)."""
    return json.dumps(value, ensure_ascii=False)


class _Checker:
    """Checks one mapping file, reporting each problem with its line where it can be found."""

    def __init__(self, path: Path, text: str, problems: _Problems) -> None:
        self.file = path.name
        self.text = text
        self.problems = problems

    def add(self, rule: str, section: str | None = None, key: str | None = None) -> None:
        """Report a problem of the mapping, at the line of `section` (or of `key` in it) when found."""
        line = None if section is None else _line_of(self.text, section, key)
        self.problems.add(self.file, rule if line is None else f"regel {line}: {rule}")

    def table(self, name: str, section: Any) -> TableMapping | None:
        """The checked mapping of one table section, or None when it is unusable."""
        table = schema.TABLES_BY_NAME.get(name)
        if table is None:
            self.add(f"onbekende tabel [{name}]; de tabellen zijn {', '.join(schema.TABLES_BY_NAME)}", name)
            return None
        if not isinstance(section, dict):
            self.add(f"{name} moet een sectie zijn ([{name}.columns], [{name}.values.…])")
            return None
        for key in section:
            if key not in SECTION_KEYS:
                self.add(
                    f"onbekende sleutel '{key}' in [{name}]; toegelaten: {', '.join(SECTION_KEYS)}", name, key
                )
        columns, spelled = self.columns(table, section.get("columns", {}))
        values = self.values(table, section.get("values", {}))
        return TableMapping(table, self.file, columns, spelled, values)

    def columns(self, table: schema.Table, given: Any) -> tuple[dict[str, str], dict[str, str]]:
        """The checked renames of [table.columns]: export header -> contract column."""
        columns: dict[str, str] = {}
        spelled: dict[str, str] = {}
        if not isinstance(given, dict):
            self.add(
                f'[{table.name}.columns] moet kolomnamen geven: "Kolom in de export" = "kolom"', table.name
            )
            return columns, spelled
        allowed = [c for c in table.column_names if c not in schema.DERIVED_COLUMNS]
        for export_name, target in given.items():
            where = f'[{table.name}.columns] "{export_name}" = {_toml(target)}'
            if not isinstance(target, str) or target not in allowed:
                self.add(
                    f"{where}: geen kolom van {table.name}; de kolommen zijn {', '.join(allowed)}",
                    f"{table.name}.columns",
                    export_name,
                )
                continue
            kind = _identifier_kind(export_name)
            if kind is not None:
                # Identifiers are recognised by their own names only: a rename must not smuggle one
                # into a pseudonym or code column.
                self.add(
                    f"{where}: de kolom is direct identificerend ({IDENTIFIER_KINDS[kind]}) en wordt"
                    " niet hernoemd",
                    f"{table.name}.columns",
                    export_name,
                )
                continue
            key = _normalise_header(export_name)
            if target in spelled or key in columns:
                other = spelled.get(target) or key
                self.add(
                    f"{where}: twee kolommen van de export voor één kolom ('{other}')",
                    f"{table.name}.columns",
                    export_name,
                )
                continue
            columns[key] = target
            spelled[target] = export_name
        return columns, spelled

    def values(self, table: schema.Table, given: Any) -> dict[str, dict[str, str]]:
        """The checked translations of [table.values.COLUMN]: export value (folded) -> contract value."""
        values: dict[str, dict[str, str]] = {}
        if not isinstance(given, dict):
            self.add(
                f"[{table.name}.values] moet per kolom een sectie geven: [{table.name}.values.kolom]",
                table.name,
            )
            return values
        by_name = {c.name: c for c in table.columns}
        for name, pairs in given.items():
            column = by_name.get(name)
            if column is None or not recodable(column):
                coded = ", ".join(c.name for c in table.columns if recodable(c))
                self.add(
                    f"[{table.name}.values.{name}]: geen kolom met een codelijst of ja/nee in {table.name};"
                    f" vertalen kan in {coded}",
                    f"{table.name}.values.{name}",
                )
                continue
            if not isinstance(pairs, dict):
                self.add(
                    f'[{table.name}.values.{name}] moet waarden geven: "waarde in de export" = …',
                    f"{table.name}.values",
                    name,
                )
                continue
            values[name] = self.pairs(table, column, pairs)
        return values

    def pairs(self, table: schema.Table, column: schema.Column, pairs: dict[str, Any]) -> dict[str, str]:
        """One column's checked translations."""
        where = f"[{table.name}.values.{column.name}]"
        if column.sql_type == "BOOLEAN":
            expected = "true of false (zonder aanhalingstekens)"
        else:
            expected = ", ".join(f'"{c}"' for c in column.codes or ())
        folded: dict[str, str] = {}
        for value, target in pairs.items():
            if column.sql_type == "BOOLEAN":
                contract = ("true" if target else "false") if isinstance(target, bool) else None
            else:
                contract = target if isinstance(target, str) and target in (column.codes or ()) else None
            if contract is None:
                self.add(
                    f'{where} "{value}" = {_toml(target)}: toegelaten zijn {expected}', where[1:-1], value
                )
                continue
            key = fold(value)
            if folded.get(key, contract) != contract:
                self.add(
                    f'{where} "{value}": dezelfde waarde (hoofdletters en accenten tellen niet)'
                    " met twee vertalingen",
                    where[1:-1],
                    value,
                )
                continue
            folded[key] = contract
        return folded


def _read(path: Path, problems: _Problems) -> tuple[str, dict[str, Any]] | None:
    """Text and content of one mapping file, or None (and a problem) when it cannot be used."""
    if not path.is_file():
        problems.add(path.name or str(path), "mapping bestaat niet of is geen bestand")
        return None
    if path.stat().st_size > MAX_MAPPING_BYTES:
        problems.add(path.name, f"mapping is groter dan {MAX_MAPPING_BYTES} bytes: geen mappingbestand")
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        problems.add(path.name, "mapping is geen UTF-8-tekst")
        return None
    except OSError:
        problems.add(path.name, "mapping kan niet gelezen worden")
        return None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # tomllib ends its (English) message with the place; put the place first, as in Dutch.
        message = str(err)
        place = _TOML_PLACE.search(message)
        prefix = ""
        if place is not None:
            prefix = f"regel {place[1]}, teken {place[2]}: "
            message = message[: place.start()]
        problems.add(path.name, f"{prefix}geen geldige TOML ({message})")
        return None


def load_mappings(paths: Sequence[Path]) -> dict[str, TableMapping]:
    """Read and check the mapping files (a table in at most one of them), by table name.

    Raises IngestError listing every problem (file, line, key) when any file is unusable, before
    the export is read, so a bad mapping never writes anything.
    """
    problems = _Problems()
    mappings: dict[str, TableMapping] = {}
    for path in map(Path, paths):
        read = _read(path, problems)
        if read is None:
            continue
        text, document = read
        checker = _Checker(path, text, problems)
        for name, section in document.items():
            mapping = checker.table(name, section)
            if mapping is None:
                continue
            if name in mappings:
                checker.add(
                    f"[{name}] staat ook in {mappings[name].file}; geef elke tabel in één mapping", name
                )
                continue
            mappings[name] = mapping
    if problems:
        raise IngestError(problems.finish())
    return mappings


def _rename(source: _Source, mapping: TableMapping, problems: _Problems) -> None:
    """Give the export's columns their contract names; messages keep naming the export's."""
    present = set(source.frame.columns)
    renames: dict[str, str] = {}
    for header, target in mapping.columns.items():
        if header == target:
            continue
        if header not in present:
            if target not in present:
                # Named although missing, so the data manager sees both names to look for.
                source.origins[target] = mapping.spelled[target]
            continue
        # A column keeping its name wins over one renamed into it only if it is renamed away itself.
        if target in present and target not in mapping.columns:
            problems.add(
                source.label,
                f"kolom '{mapping.spelled[target]}' wordt {target} volgens {mapping.file}, maar de export"
                f" heeft ook een kolom {target}; laat er één staan",
                column=target,
            )
            source.usable = False
            continue
        renames[header] = target
        source.origins[target] = mapping.spelled[target]
    source.frame = source.frame.rename(renames)


def _recode(source: _Source, mapping: TableMapping, problems: _Problems, report: ShapeReport) -> None:
    """Translate every coded and yes/no column's values to the contract, counting each translation;
    a value without one is a problem, reported once with its count and first rows."""
    for column in source.table.columns:
        name = column.name
        if not recodable(column) or name not in source.frame.columns:
            continue
        explicit, builtin = mapping.values.get(name, {}), _builtin(column)
        raw = pl.col(name)
        # Over-long values are left to the length rule, which names them once.
        counts = (
            source.frame.lazy()
            .filter(raw.is_not_null() & (raw.str.len_chars() <= MAX_TEXT_CHARS))
            .group_by(name)
            .agg(pl.len().alias("__n"), pl.col(ROW).head(LISTED_ROWS).alias("__rows"))
            .sort(pl.col("__rows").list.first())
            .collect()
        )
        label = source.column_label(name)
        translations: dict[str, str] = {}
        for value, count, rows in counts.iter_rows():
            key = fold(value)
            target = explicit.get(key, builtin.get(key))
            if target is None:
                listed = ", ".join(str(r) for r in rows) + (", …" if count > len(rows) else "")
                where = f"{'rij' if count == 1 else 'rijen'} {listed}"
                problems.add(
                    source.label,
                    f"waarde zonder vertaling ({count} keer, {where}); voeg ze toe onder"
                    f" [{source.table.name}.values.{name}] in {mapping.file}, of verbeter de export",
                    row=rows[0],
                    column=label,
                    value=value,
                    kind=f"{name}:untranslated",
                    summary="waarde zonder vertaling",
                )
            elif target != value:
                translations[value] = target
                report.recodings.append(Recoding(source.label, label, value, count, target))
        source.recoded.add(name)
        if translations:
            source.frame = source.frame.with_columns(raw.replace(translations))


def _warn_extra(source: _Source, report: ShapeReport) -> None:
    """Warn about every column that is neither the contract's nor an identifier: it is ignored."""
    contract = set(source.table.column_names)
    for name in source.frame.columns:
        if name == ROW or name.startswith("__unnamed_") or name in contract or name in source.identifiers:
            continue
        report.warnings.append(Problem(source.label, None, name, None, IGNORED_RULE))


def apply_shape(
    source: _Source, mapping: TableMapping | None, problems: _Problems, report: ShapeReport
) -> None:
    """Bring one table's file into the contract's shape: rename and recode with its mapping (if
    any), then warn about the columns left over."""
    if mapping is not None:
        _rename(source, mapping, problems)
        if source.usable:
            _recode(source, mapping, problems, report)
    _warn_extra(source, report)
