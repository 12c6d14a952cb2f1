"""The indicator catalogue (present/indicators.toml), loaded and checked once per process.

What a figure *is* — its label in two languages, definition, scope, unit, source system, the named
query and column it comes from, caveats — is written once in indicators.toml; every surface (tiles,
charts, tables, downloads, the report, the pack, the key-figures command, the Definities page)
asks this module. Which common filters apply comes from the query's own header (`ignores:`).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from present import i18n
from queries.run import query_header

CATALOGUE = Path(__file__).with_name("indicators.toml")
UNITS = ("count", "percent", "days", "index", "months")
SOURCES = ("INSISTO", "BINC")
LANGS = ("nl", "en")
# The common filters a person chooses, under their query parameter names.
COMMON_FILTERS = ("regions", "period", "modules", "age_bands")
# The dashboard's pages that show indicators, in the navigation's order: URL path -> the label key
# of the page's title (dashboard.py PAGES; tests/test_catalogue.py keeps the two in step).
PAGES: dict[str, str] = {
    "overzicht": "page_overview",
    # Every region side by side for one indicator (the `per_minors` counts it offers).
    "vergelijking": "page_compare",
    "seizoenen": "page_seasons",
    "verlengingen": "page_extensions",
    "doorverwijzingen": "page_referrals",
    "tijdige_start": "page_timely",
    "verblijf_na_corona": "page_residential",
    # The key figures as a parliamentary answer: every figure there is one of the key figures
    # (`pages = []`), so no indicator names this page.
    "vraag": "page_question",
    # A table of one indicator by two breakdowns a person chooses (present/table_builder.py).
    "tabel": "page_table",
}


class CatalogueError(ValueError):
    """indicators.toml holds an entry that is incomplete or points at nothing."""


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English."""

    nl: str
    en: str

    def __call__(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


@dataclass(frozen=True)
class Indicator:
    """One figure of the dashboard, as indicators.toml defines it."""

    key: str
    label: Text
    title: Text
    definition: Text
    modules: Text
    unit: str
    source: str
    query: str
    column: str
    subject: Text | None = None
    also: tuple[tuple[str, str], ...] = ()
    caveats: tuple[Text, ...] = ()
    derived: bool = False  # computed on the page from the query's protected result
    pages: tuple[str, ...] = ()  # the pages (URL paths) that draw it; () for report-only figures
    per_minors: bool = False  # a count with a population base: shown per 10.000 minors too

    @property
    def places(self) -> tuple[tuple[str, str], ...]:
        """Every (query, column) that holds this figure: its own, then the `also` ones."""
        return ((self.query, self.column), *self.also)

    @property
    def ignored(self) -> tuple[str, ...]:
        """The common filters the query does not apply (from its header's `ignores:`)."""
        ignores = set(query_header(self.query).ignores)
        return tuple(f for f in COMMON_FILTERS if f in ignores)

    @property
    def percent(self) -> bool:
        """Whether the figure is a percentage."""
        return self.unit == "percent"

    def text(self, value: float | None, lang: str = "nl") -> str:
        """A value of this indicator as every surface writes it: a count 1.415 (hidden: '<10'), a
        percentage 70,4 %, days and months whole, an index with two decimals (hidden: '–')."""
        if self.unit == "count":
            return i18n.fmt_count(value, lang)
        if self.unit == "percent":
            return i18n.fmt_pct(value, lang)
        if self.unit == "index":
            return i18n.fmt_num(value, lang, 2)
        return i18n.fmt_num(value, lang, 0)


def _text(value: object, field: str, key: str, *, required: bool = True) -> Text | None:
    """A {nl, en} table of the entry as a Text (None when an optional field is absent)."""
    if value is None and not required:
        return None
    if not isinstance(value, dict) or any(not str(value.get(lang, "")).strip() for lang in LANGS):
        raise CatalogueError(f"{CATALOGUE.name} [{key}]: {field} needs a Dutch and an English text (nl, en)")
    return Text(nl=value["nl"], en=value["en"])


def _indicator(key: str, entry: dict) -> Indicator:
    unknown = set(entry) - {
        "label", "title", "subject", "definition", "modules", "unit", "source", "query", "column",
        "also", "caveats", "derived", "pages", "per_minors",
    }  # fmt: skip
    if unknown:
        raise CatalogueError(f"{CATALOGUE.name} [{key}]: unknown field(s) {', '.join(sorted(unknown))}")
    if entry.get("unit") not in UNITS:
        raise CatalogueError(f"{CATALOGUE.name} [{key}]: unit must be one of {', '.join(UNITS)}")
    if entry.get("per_minors") and entry.get("unit") != "count":
        raise CatalogueError(f"{CATALOGUE.name} [{key}]: per_minors is for counts only")
    if entry.get("source") not in SOURCES:
        raise CatalogueError(f"{CATALOGUE.name} [{key}]: source must be one of {', '.join(SOURCES)}")
    pages = entry.get("pages")
    if not isinstance(pages, list) or any(p not in PAGES for p in pages) or len(set(pages)) < len(pages):
        # Required, even when empty: a new indicator must say where a person meets it.
        raise CatalogueError(f"{CATALOGUE.name} [{key}]: pages must be a list of {', '.join(PAGES)} (or [])")
    label = _text(entry.get("label"), "label", key)
    also = []
    for place in entry.get("also", []):
        query, _, column = str(place).partition(".")
        also.append((query, column))
    return Indicator(
        key=key,
        label=label,  # type: ignore[arg-type]
        title=_text(entry.get("title"), "title", key, required=False) or label,  # type: ignore[arg-type]
        definition=_text(entry.get("definition"), "definition", key),  # type: ignore[arg-type]
        modules=_text(entry.get("modules"), "modules", key),  # type: ignore[arg-type]
        unit=entry["unit"],
        source=entry["source"],
        query=str(entry.get("query", "")),
        column=str(entry.get("column", "")),
        subject=_text(entry.get("subject"), "subject", key, required=False),
        also=tuple(also),
        caveats=tuple(_text(c, "caveats", key) for c in entry.get("caveats", [])),  # type: ignore[misc]
        derived=bool(entry.get("derived", False)),
        pages=tuple(pages),
        per_minors=bool(entry.get("per_minors", False)),
    )


@functools.cache
def indicators() -> dict[str, Indicator]:
    """Every indicator, in the catalogue's order (read once per process)."""
    with CATALOGUE.open("rb") as f:
        raw = tomllib.load(f)
    return {key: _indicator(key, entry) for key, entry in raw.items()}


def indicator(key: str) -> Indicator:
    """The indicator `key` (a KeyError names the catalogue when it has no such entry)."""
    try:
        return indicators()[key]
    except KeyError:
        raise KeyError(f"no indicator {key!r} in {CATALOGUE.name}") from None


def on_page(page: str) -> tuple[Indicator, ...]:
    """The indicators a page (URL path) shows, in the catalogue's order; '' gives those no page
    shows (the report's, the key figures' and the downloads' own)."""
    if page and page not in PAGES:
        raise KeyError(f"no page {page!r} in catalogue.PAGES")
    return tuple(item for item in indicators().values() if (page in item.pages if page else not item.pages))


@functools.cache
def _by_place() -> dict[tuple[str, str], Indicator]:
    """(query, column) -> the first indicator that names it (made once, from `indicators`)."""
    found: dict[tuple[str, str], Indicator] = {}
    for item in indicators().values():
        for place in item.places:
            found.setdefault(place, item)
    return found


def by_place(query: str, column: str) -> Indicator | None:
    """The indicator a query's column holds, or None when the catalogue names none."""
    return _by_place().get((query, column))


@functools.cache
def sources_of(query: str) -> str:
    """The source systems of a query's figures ('INSISTO', 'BINC' or 'INSISTO, BINC')."""
    found = {item.source for (name, _), item in _by_place().items() if name == query}
    return ", ".join(s for s in SOURCES if s in found)
