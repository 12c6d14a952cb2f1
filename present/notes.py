"""What a tile says under its value: the count behind a percentage, and why a value is not shown.

A hidden or missing value never stands alone as "–": the reader learns whether it is too small to
show (and which part is), whether the period has no data, or whether the figure exists only in the
exact numbers. The reasons follow the public rules of queries/disclosure.py (a count under 10 reads
"<10"; a percentage needs a shown numerator and a total of at least 20; a median needs at least 20
records behind it), read from the query header's roles, so a tile cannot give a reason the
protection did not apply. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from present import catalogue, i18n
from queries import disclosure
from queries.run import Filters, query_header


def value_notes(
    item: catalogue.Indicator, row: Mapping[str, Any] | None, lang: str, *, exact: bool = False
) -> list[str]:
    """The lines under a tile's value: '141 van 200' beside a percentage, and the reason when the
    value is not shown. `row` is the query's row the value comes from (None: no row at all)."""
    if row is None:
        return [i18n.text("note_no_data", lang)]
    value = row.get(item.column)
    role = query_header(item.query).roles.get(item.column)
    kind = role.kind if role else "label"
    if kind == "pct" and role is not None:
        num, den = row.get(str(role.numerator)), row.get(str(role.denominator))
        parts = [i18n.text("note_of", lang, part=i18n.fmt_count(num, lang), whole=i18n.fmt_count(den, lang))]
        if value is None and not exact:
            small_total = den is None or den < disclosure.PCT_MIN_DENOMINATOR
            reason = "note_pct_small_total" if small_total else "note_pct_small_part"
            parts.append(i18n.text(reason, lang, n=disclosure.PCT_MIN_DENOMINATOR, k=disclosure.THRESHOLD))
        elif value is None:
            parts.append(i18n.text("note_no_records", lang))
        return [" · ".join(parts)]
    if value is not None:
        return []
    if exact:
        return [i18n.text("note_no_records", lang)]
    if kind == "count":
        return [i18n.text("note_small_count", lang, k=disclosure.THRESHOLD)]
    if kind == "stat" and role is not None:
        support = row.get(str(role.support))
        if support == 0:
            return [i18n.text("note_no_records", lang)]
        return [
            i18n.text(
                "note_stat_small",
                lang,
                support=i18n.fmt_count(support, lang),
                n=disclosure.STAT_MIN_SUPPORT,
            )
        ]
    if kind == "exact_only":
        return [i18n.text("note_exact_only", lang)]
    return [i18n.text("note_no_records", lang)]


def chosen_filters(filters: Filters) -> tuple[str, ...]:
    """The common filters a person narrowed (under the names catalogue.COMMON_FILTERS uses)."""
    chosen = {
        "regions": bool(filters.regions),
        "modules": bool(filters.modules),
        "age_bands": bool(filters.age_bands),
    }
    return tuple(f for f in catalogue.COMMON_FILTERS if chosen.get(f))


def ignored_note(item: catalogue.Indicator, filters: Filters, lang: str) -> str | None:
    """'De filters Crisismodules en Leeftijd gelden niet voor dit cijfer. Telt altijd: …' when
    the reader chose a filter this indicator's query does not apply; None when all chosen apply."""
    ignored = [f for f in chosen_filters(filters) if f in item.ignored]
    if not ignored:
        return None
    names = i18n.join([i18n.text(f, lang) for f in ignored], lang)
    key = "note_ignores_one" if len(ignored) == 1 else "note_ignores_many"
    note = i18n.text(key, lang, filters=names)
    if "modules" in ignored:
        note += " " + i18n.text("note_scope", lang, scope=item.modules(lang))
    return note
