"""Recognising direct identifiers: the shape and mod-97 check of a Belgian national register
number (INSZ), in Python and as a Polars expression, and the column names that mark register
numbers, names and birth dates. It depends on nothing else in the package: the problem collector
(to hide such values in messages), the reader (to mark such columns) and the pseudonymisation all
use it.
"""

from __future__ import annotations

import re

import polars as pl

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

_INSZ_SHAPE = r"^\d{2}[.\- ]?\d{2}[.\- ]?\d{2}[.\- ]?\d{3}[.\- ]?\d{2}$"
_INSZ_SEPARATORS = r"[.\- ]"


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
