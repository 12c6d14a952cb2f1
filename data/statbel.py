"""`python -m data population FILE...`: the population table from Statbel's own open-data files.

Statbel publishes the population on 1 January of each year as `TF_SOC_POP_STRUCT_<year>`: a
pipe-separated text file (shipped in a `.zip`), one row per municipality × sex × nationality × civil
status × single year of age, with the columns CD_REFNIS (or CD_MUNTY_REFNIS), CD_DSTR_REFNIS,
CD_PROV_REFNIS, CD_RGN_REFNIS, CD_SEX, CD_AGE, MS_POPULATION and their descriptions. Per file this
module sums MS_POPULATION over the ages 0-17 per province (CD_PROV_REFNIS 10000 Antwerpen, 20001
Vlaams-Brabant, 30000 West-Vlaanderen, 40000 Oost-Vlaanderen, 70000 Limburg) and for the
Brussels-Capital Region (CD_RGN_REFNIS 4000; its municipalities have no province), per age band.
Brussel and VL follow as in the reference (data/population.py). The year comes from the file name;
a year column (CD_YEAR, DT_REFDAT), where a file has one, must agree.

Every file is read and checked before anything is written; one problem refuses them all, and the
live file is then untouched. The rewrite is the upgrade's (data/upgrade.py): a new file beside the
old one, renamed over it, the old one kept as a version.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from data import population, upgrade
from data.schema import REGIONS

PROVINCE_CODES: dict[int, str] = {10000: "ANT", 20001: "VBR", 30000: "WVL", 40000: "OVL", 70000: "LIM"}
BRUSSELS_REGION_CODE = 4000
REQUIRED_COLUMNS: tuple[str, ...] = ("CD_PROV_REFNIS", "CD_RGN_REFNIS", "CD_AGE", "MS_POPULATION")
YEAR_COLUMNS: tuple[str, ...] = ("CD_YEAR", "DT_REFDAT")
FILE_NAME = re.compile(r"TF_SOC_POP_STRUCT_(\d{4})", re.IGNORECASE)
# A real year's file is about 60 MB of text; far more is not one (or a zip bomb).
MAX_TEXT_BYTES = 500_000_000
# Per problem kind and file: enough lines to find the pattern, not a flood.
MAX_LINES_SHOWN = 5
AREAS: tuple[str, ...] = (*population.PROVINCES, population.BRUSSELS_REGION)
AREA_NAMES: dict[str, str] = {p: REGIONS[p] for p in population.PROVINCES} | {
    population.BRUSSELS_REGION: "Brussels Hoofdstedelijk Gewest"
}


class StatbelError(Exception):
    """Statbel files that cannot be imported: every problem, each naming its file (and line)."""


@dataclass(frozen=True)
class YearCounts:
    """The minors of one year's file: per area (AREAS) and age band (population.BANDS)."""

    path: Path
    year: int
    counts: dict[str, dict[str, int]]


@dataclass(frozen=True)
class ImportResult:
    """What the import replaced, and where the old file was kept."""

    path: Path
    years: tuple[int, ...]
    kept: Path | None
    # Per imported year, Flanders' (VL) minors before and after: a large jump is the first sign of a
    # wrong file (another year, a partial extract).
    flanders: tuple[tuple[int, int, int], ...] = ()


def _problem(path: Path, nl: str, en: str, line: int | None = None) -> str:
    """One problem in Dutch and English, naming the file (and line: the header is line 1)."""
    if line is None:
        return f"{path}: {nl} ({en})"
    return f"{path}, regel {line}: {nl} ({path}, line {line}: {en})"


def _year_of(name: str) -> int | None:
    """The year in a Statbel file name, or None."""
    found = FILE_NAME.search(name)
    return int(found.group(1)) if found else None


def _text(path: Path, problems: list[str]) -> tuple[str, int | None] | None:
    """The file's text and the year its name (or the name inside the zip) gives, or None."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if m.filename.lower().endswith(".txt")]
                if len(members) != 1:
                    problems.append(
                        _problem(
                            path,
                            f"de zip moet precies één .txt-bestand bevatten, niet {len(members)}",
                            f"the zip must hold exactly one .txt file, not {len(members)}",
                        )
                    )
                    return None
                member = members[0]
                if member.file_size > MAX_TEXT_BYTES:
                    problems.append(
                        _problem(
                            path, "het bestand in de zip is te groot", "the file in the zip is too large"
                        )
                    )
                    return None
                raw = archive.read(member)
                inner, outer = _year_of(Path(member.filename).name), _year_of(path.name)
                if inner is not None and outer is not None and inner != outer:
                    problems.append(
                        _problem(
                            path,
                            f"de zip heet {outer} maar bevat {member.filename}",
                            f"the zip is named {outer} but holds {member.filename}",
                        )
                    )
                    return None
                year = outer if outer is not None else inner
        else:
            if path.stat().st_size > MAX_TEXT_BYTES:
                problems.append(_problem(path, "het bestand is te groot", "the file is too large"))
                return None
            raw = path.read_bytes()
            year = _year_of(path.name)
    except (OSError, zipfile.BadZipFile, RuntimeError) as err:
        # RuntimeError: an encrypted zip member.
        problems.append(_problem(path, f"kan niet gelezen worden ({err})", f"cannot be read ({err})"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # only the names can hold such characters
    return text, year


def _whole_numbers(
    frame: pl.DataFrame, column: str, path: Path, problems: list[str], *, blank_ok: bool = False
) -> pl.Series:
    """The column as whole numbers (null where blank and `blank_ok`); every bad cell is a problem."""
    text = frame[column].str.strip_chars()
    numbers = text.cast(pl.Int64, strict=False)
    bad = numbers.is_null()
    if blank_ok:
        bad = bad & (text.fill_null("") != "")
    bad = bad | (numbers < 0).fill_null(False)  # no code, age or count is negative
    lines = frame.filter(bad)["line"].head(MAX_LINES_SHOWN).to_list()
    values = text.filter(bad).head(MAX_LINES_SHOWN).to_list()
    for line, value in zip(lines, values, strict=True):
        problems.append(
            _problem(
                path,
                f"{column} '{value or ''}' is geen geheel getal van minstens 0",
                f"{column} '{value or ''}' is not a whole number of at least 0",
                line,
            )
        )
    hidden = int(bad.sum()) - len(lines)
    if hidden > 0:
        problems.append(
            _problem(path, f"nog {hidden} zulke waarden in {column}", f"{hidden} more in {column}")
        )
    return numbers


def read_year(path: Path, problems: list[str]) -> YearCounts | None:
    """One Statbel file's minors per area and band; None (its problems added) when it is unusable."""
    path = Path(path)
    loaded = _text(path, problems)
    if loaded is None:
        return None
    text, year = loaded
    if year is None:
        problems.append(
            _problem(
                path,
                "het jaar staat niet in de bestandsnaam (verwacht: TF_SOC_POP_STRUCT_<jaar>)",
                "the file name does not give the year (expected: TF_SOC_POP_STRUCT_<year>)",
            )
        )
        return None
    if year not in population.YEARS:
        problems.append(
            _problem(
                path,
                f"jaar {year} valt buiten {population.YEARS[0]}-{population.YEARS[-1]}",
                f"year {year} is outside {population.YEARS[0]}-{population.YEARS[-1]}",
            )
        )
        return None
    try:
        frame = pl.read_csv(
            io.StringIO(text), separator="|", infer_schema=False, quote_char=None, raise_if_empty=False
        )
    except pl.exceptions.PolarsError as err:
        first = (str(err).splitlines() or [type(err).__name__])[0]
        problems.append(
            _problem(
                path,
                f"is geen leesbaar Statbel-bestand ({first})",
                f"is not a readable Statbel file ({first})",
            )
        )
        return None
    frame = frame.rename({c: c.strip().upper() for c in frame.columns})
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        problems.append(
            _problem(
                path, f"kolommen ontbreken: {', '.join(missing)}", f"missing columns: {', '.join(missing)}", 1
            )
        )
        return None
    if frame.height == 0:
        problems.append(_problem(path, "bevat geen rijen", "holds no rows"))
        return None
    frame = frame.with_row_index("line", offset=2)
    before = len(problems)
    province = _whole_numbers(frame, "CD_PROV_REFNIS", path, problems, blank_ok=True)
    region = _whole_numbers(frame, "CD_RGN_REFNIS", path, problems)
    age = _whole_numbers(frame, "CD_AGE", path, problems)
    count = _whole_numbers(frame, "MS_POPULATION", path, problems)
    for column in (c for c in YEAR_COLUMNS if c in frame.columns):
        stated = frame[column].str.extract(r"((?:19|20)\d\d)").cast(pl.Int64, strict=False)
        wrong = frame.filter(stated.ne_missing(year))
        if wrong.height:
            first = wrong.row(0, named=True)
            problems.append(
                _problem(
                    path,
                    f"{column} '{first[column]}' is niet het jaar van de bestandsnaam ({year})",
                    f"{column} '{first[column]}' is not the year of the file name ({year})",
                    first["line"],
                )
            )
    if len(problems) > before:
        return None
    numbers = pl.DataFrame({"province": province, "region": region, "age": age, "count": count})
    area = pl.when(pl.col("region") == BRUSSELS_REGION_CODE).then(pl.lit(population.BRUSSELS_REGION))
    area = area.otherwise(
        pl.col("province").replace_strict(PROVINCE_CODES, default=None, return_dtype=pl.Utf8)
    )
    minors = numbers.filter(pl.col("age") < 18).with_columns(area.alias("area")).drop_nulls("area")
    counts: dict[str, dict[str, int]] = {}
    for code in AREAS:
        mine = minors.filter(pl.col("area") == code)
        ages = set(mine["age"].to_list())
        absent = [a for a in range(18) if a not in ages]
        if mine.height == 0:
            problems.append(
                _problem(
                    path,
                    f"geen rijen voor {AREA_NAMES[code]} (0-17 jaar)",
                    f"no rows for {AREA_NAMES[code]} (ages 0-17)",
                )
            )
            continue
        if absent:
            shown = ", ".join(map(str, absent))
            problems.append(
                _problem(
                    path,
                    f"{AREA_NAMES[code]}: geen rijen voor leeftijd {shown}",
                    f"{AREA_NAMES[code]}: no rows for age {shown}",
                )
            )
            continue
        counts[code] = {
            band: int(mine.filter(pl.col("age").is_in(list(ages_in)))["count"].sum())
            for band, ages_in in population.BAND_AGES.items()
        }
    if len(counts) != len(AREAS):
        return None
    return YearCounts(path, year, counts)


def read_files(paths: Sequence[Path]) -> list[YearCounts]:
    """Every file's counts; StatbelError listing every problem of every file when any has one."""
    problems: list[str] = []
    found: list[YearCounts] = []
    for path in paths:
        counts = read_year(Path(path), problems)
        if counts is not None:
            found.append(counts)
    seen: dict[int, Path] = {}
    for counts in found:
        if counts.year in seen:
            problems.append(
                _problem(
                    counts.path,
                    f"jaar {counts.year} staat ook in {seen[counts.year]}",
                    f"year {counts.year} is also in {seen[counts.year]}",
                )
            )
        seen.setdefault(counts.year, counts.path)
    if not paths:
        problems.append("Geen bestanden opgegeven (no files given).")
    if problems:
        raise StatbelError("\n".join(problems))
    return found


def _bands(counts: dict[str, int], source: str) -> population.Bands:
    """An area's counts as published figures with their total."""
    bands = {b: population.Figure(counts[b], False, source) for b in population.BANDS}
    return {population.ALL_MINORS: population.Figure(sum(counts.values()), False, source)} | bands


def imported_frame(base: pl.DataFrame, years: Iterable[YearCounts]) -> pl.DataFrame:
    """`base` (the file's population table) with the rows of every imported year replaced."""
    frames = []
    for counts in years:
        source = f"{population.IMPORTED_SOURCE}{counts.year}"
        provinces = {p: _bands(counts.counts[p], source) for p in population.PROVINCES}
        bcr = _bands(counts.counts[population.BRUSSELS_REGION], source)
        frames.append(population.year_frame(counts.year, provinces, bcr))
    replaced = {f["year"][0] for f in frames}
    kept = population.validate(base).filter(~pl.col("year").is_in(list(replaced)))
    return population.validate(pl.concat([kept, *frames]))


def import_files(paths: Sequence[Path], live: Path) -> ImportResult:
    """Replace the population table of the data file at `live` with the sums of Statbel's files.

    Raises StatbelError (every problem of every file) or upgrade.UpgradeError (the live file is no
    data file) with `live` untouched. Years not in the files keep what the file had (the
    reference's estimates, or an earlier import)."""
    years = read_files(paths)
    live = Path(live)
    base = population.previous(live)
    try:
        base = population.validate(base) if base is not None else population.reference()
    except population.PopulationError:
        base = population.reference()
    frame = imported_frame(base, years)
    result = upgrade.upgrade(live, population=frame)
    imported_years = tuple(sorted(c.year for c in years))

    def flanders(table: pl.DataFrame, year: int) -> int:
        """VL's minors (0-17) of one year."""
        return table.filter(region="VL", year=year, age_band=population.ALL_MINORS)["minors"].item()

    changes = tuple((y, flanders(base, y), flanders(frame, y)) for y in imported_years)
    return ImportResult(live, imported_years, result.kept, changes)
