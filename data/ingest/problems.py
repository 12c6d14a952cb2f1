"""What an ingest reports: `Problem` (one broken rule, placed by file, row and column; also the
shape of a warning), `Recoding` (one value a mapping translated, and how often), `IngestError` (the
refusal, listing every problem), `IngestResult` (what a successful ingest wrote) and `_Problems`,
the collector every step reports to, which lists at most a fixed number of problems per file and
rule, counts the rest, and hides identifying values in messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from data.ingest.identifiers import looks_like_insz

if TYPE_CHECKING:
    from data.plausibility import Comparison

# Listed problems per file and rule; the rest is summarised as a count.
MAX_PROBLEMS_PER_RULE = 200
# Longest value shown in a message: a hostile cell must not flood the error text.
MAX_VALUE_CHARS = 80
HIDDEN = "(verborgen)"


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


@dataclass(frozen=True)
class Recoding:
    """One value a mapping translated to the contract: where, how often and to what."""

    file: str
    column: str
    value: str
    count: int
    target: str

    def __str__(self) -> str:
        times = "1 rij" if self.count == 1 else f"{self.count} rijen"
        value = _shown(self.value, False)
        return f"{self.file}, kolom {self.column}: '{value}' — vertaald naar {self.target} ({times})"


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
    # The comparison with the replaced file, where that file was kept, and versions pruned.
    comparison: Comparison | None = None
    kept: Path | None = None
    pruned: tuple[Path, ...] = ()
    # Columns ignored (with the reason) and the values a mapping translated.
    warnings: tuple[Problem, ...] = ()
    recodings: tuple[Recoding, ...] = ()

    def notices(self) -> list[str]:
        """The lines the command prints about the export's shape: ignored columns, translated values."""
        lines: list[str] = []
        if self.warnings:
            lines.append("Waarschuwingen (warnings: columns ignored):")
            lines += [f"  {w}" for w in self.warnings]
        if self.recodings:
            lines.append("Vertaald volgens de mapping (values translated by the mapping):")
            lines += [f"  {r}" for r in self.recodings]
        return lines

    def __str__(self) -> str:
        counts = ", ".join(f"{name} {n}" for name, n in self.rows.items())
        return (
            f"Ingelezen in {self.out}: {counts} rijen; versie {self.data_version}"
            f" (gepseudonimiseerd: {'ja' if self.pseudonymised else 'nee'})"
        )


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
