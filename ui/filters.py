"""The sidebar filters shared by all pages, kept in the URL so a copied link reopens the same view.

The link carries the filters as codes (`?regio=ANT&jaar=2019&jaar=2021&module=…&leeftijd=…&taal=en`),
read once when a session opens and written back after every run, so they survive page switches and
reloads. Values that do not exist are ignored with a short notice naming them, never a traceback.

The choices are those of the public view space (queries/disclosure.py, DISCLOSURE.md): regions side
by side, whole years, all modules or one module or a fixed group (`module=ambulant`), all ages or
one age band. A link with another combination (say two age bands) opens with that filter at its
default and says so; the protection layer refuses such a view on any other path too.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import streamlit as st

from data.schema import AGE_BANDS, MODULE_GROUPS, MODULES, REGIONS
from present import i18n
from queries.run import DATA_END, DATA_START, Filters

FIRST_YEAR, LAST_YEAR = DATA_START.year, DATA_END.year
# URL parameter names (Dutch: they are what users see in a shared link).
KEY_REGIONS, KEY_YEARS, KEY_MODULES, KEY_AGES, KEY_LANG = "regio", "jaar", "module", "leeftijd", "taal"
# How counts are shown (present/rates.py), under the code a link carries: `maat=per10000`.
KEY_MEASURE = "maat"
MEASURE_CODES: dict[str, str] = {"count": "aantal", "rate": "per10000", "index": "index"}
_STATE = "_filters"
_LOADED = "_filters_loaded_from_url"
_RUNS, _SEEN = "_dashboard_runs", "_page_seen_run"
# The filters as codes, kept apart from the widgets (see `_restore_widgets`).
_CODES = "_filter_codes"
_FILTER_KEYS = (KEY_LANG, KEY_REGIONS, KEY_YEARS, KEY_MODULES, KEY_AGES, KEY_MEASURE)
# The link parameters a page keeps itself (View.extra); the sidebar leaves them in the link.
PAGE_KEYS = ("cijfer", "rijen", "kolommen")
T = TypeVar("T")


@dataclass(frozen=True)
class View:
    """The filters plus the language: everything a page needs to know about the current view."""

    filters: Filters
    lang: str
    measure: str = "count"  # count | rate | index (present/rates.MEASURES)
    # A page's own choices that its link carries too (Eigen tabel: `cijfer`, `rijen`, `kolommen`).
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def year_from(self) -> int:
        """First year of the period."""
        return self.filters.period_from.year

    @property
    def year_to(self) -> int:
        """Last year of the period."""
        return self.filters.period_to.year

    def describe(self, *, period: bool = True) -> str:
        """The view in words, for chart downloads and captions (without its period when asked:
        a download's header block writes the period on a line of its own)."""
        f, lang = self.filters, self.lang
        areas = ", ".join(i18n.name(i18n.REGION_NAMES, r, lang) for r in f.regions) or i18n.text(
            "flanders", lang
        )
        parts = [areas, f"{self.year_from}–{self.year_to}"] if period else [areas]
        if f.modules:
            choice = module_choice(f.modules)
            parts.append(
                i18n.name(i18n.MODULE_GROUP_DETAIL, choice, lang)
                if choice in i18n.MODULE_GROUP_DETAIL
                else i18n.name(i18n.MODULE_CHOICE_NAMES, choice, lang)
                if choice
                else ", ".join(i18n.name(i18n.MODULE_NAMES, m, lang) for m in f.modules)
            )
        if f.age_bands:
            parts.append(", ".join(i18n.name(i18n.AGE_NAMES, a, lang) for a in f.age_bands))
        return " · ".join(parts)


# The module choices: "" (all), a fixed group, or one module; the age choices: "" (all) or one band.
MODULE_CHOICES: tuple[str, ...] = ("", *MODULE_GROUPS, *MODULES)
AGE_CHOICES: tuple[str, ...] = ("", *AGE_BANDS)


def modules_of(choice: str | None) -> tuple[str, ...]:
    """The modules a module choice counts (empty = all)."""
    if not choice:
        return ()
    return MODULE_GROUPS.get(choice, (choice,))


def module_choice(modules: tuple[str, ...]) -> str:
    """The choice that counts exactly `modules` ("" when none does, i.e. all or not allowed)."""
    return next((c for c in MODULE_CHOICES if c and modules_of(c) == tuple(modules)), "")


def _module_choice_from(values: list[str]) -> str | None:
    """The module choice a link's `module=` values make, or None when they make no allowed one.

    One value is a module or a group; several modules are accepted when they make a fixed group
    (links made before the groups existed)."""
    if not values:
        return ""
    if len(values) == 1 and values[0] in MODULE_CHOICES:
        return values[0]
    wanted = tuple(m for m in MODULES if m in set(values))
    if set(values) <= set(MODULES):
        choice = module_choice(wanted)
        return choice or None
    return None


def invalid_url_values(params: dict[str, list[str]]) -> list[str]:
    """The values in a link's filter parameters that do not exist or do not combine (the notice)."""
    allowed: dict[str, tuple[str, ...]] = {
        KEY_REGIONS: tuple(REGIONS),
        KEY_MODULES: MODULE_CHOICES[1:],
        KEY_AGES: AGE_BANDS,
        KEY_LANG: tuple(i18n.LANGUAGES),
        KEY_MEASURE: tuple(MEASURE_CODES.values()),
        KEY_YEARS: tuple(str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)),
    }
    bad: list[str] = []
    for key, codes in allowed.items():
        values = params.get(key, [])
        bad.extend(f"{key}={v[:40]}" for v in values if v not in codes)
        if key in (KEY_LANG, KEY_MEASURE) and len(values) > 1:
            bad.append(f"{key} ×{len(values)}")
        if key == KEY_YEARS and len(values) not in (0, 2):
            bad.append(f"{key} ×{len(values)}")
    modules = list(dict.fromkeys(params.get(KEY_MODULES, [])))
    if len(modules) > 1 and set(modules) <= set(MODULE_CHOICES[1:]) and _module_choice_from(modules) is None:
        bad.append(f"{KEY_MODULES}: {'+'.join(modules[:5])}")
    ages = list(dict.fromkeys(params.get(KEY_AGES, [])))
    if len(ages) > 1 and set(ages) <= set(AGE_BANDS):
        bad.append(f"{KEY_AGES}: {'+'.join(ages[:5])}")
    return bad


def _raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _load_from_url() -> list[str]:
    """On a session's first run, set the filter widgets from the link; returns what was ignored.

    The URL holds codes (`regio=ANT`), never display names, so a link works in either language.
    """
    params = _raw_params()
    bad = invalid_url_values(params)

    def codes(key: str, allowed: tuple[str, ...]) -> list[str]:
        given = set(params.get(key, []))
        return [c for c in allowed if c in given]

    st.session_state[KEY_REGIONS] = codes(KEY_REGIONS, tuple(REGIONS))
    st.session_state[KEY_MODULES] = _module_choice_from(params.get(KEY_MODULES, [])) or ""
    ages = list(dict.fromkeys(params.get(KEY_AGES, [])))  # a repeated band is one band
    st.session_state[KEY_AGES] = ages[0] if len(ages) == 1 and ages[0] in AGE_BANDS else ""
    langs = params.get(KEY_LANG, [])
    st.session_state[KEY_LANG] = langs[0] if len(langs) == 1 and langs[0] in i18n.LANGUAGES else "nl"
    measures = [m for m, code in MEASURE_CODES.items() if [code] == params.get(KEY_MEASURE, [])]
    st.session_state[KEY_MEASURE] = measures[0] if measures else "count"
    years = params.get(KEY_YEARS, [])
    # Exactly the year as written in a link: str.isdigit() also accepts '²⁰¹⁹' (int() then fails)
    # and '٢٠١٩'.
    year_codes = {str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    valid = [int(y) for y in years if y in year_codes]
    st.session_state[KEY_YEARS] = (
        (min(valid), max(valid)) if len(years) == 2 and len(valid) == 2 else (FIRST_YEAR, LAST_YEAR)
    )
    st.session_state[_LOADED] = True
    _remember()
    return bad


def _remember() -> None:
    """Keep the widgets' current values as codes (an `on_change` callback of every filter)."""
    st.session_state[_CODES] = {k: st.session_state[k] for k in _FILTER_KEYS if k in st.session_state}


def _restore_widgets() -> None:
    """Give every filter widget its remembered code before it is drawn.

    Streamlit keeps a select box's choice in the browser as its *displayed* name: after a language
    switch the browser still holds "Ambulante modules", which no English option is called, so the
    next run (the first page switch) fell back to "All modules" and the age and module filters were
    silently cleared. Setting each widget from the codes on every run makes the codes the truth;
    a user's change reaches the codes first, through the widgets' `on_change`.
    """
    for key, value in st.session_state.get(_CODES, {}).items():
        st.session_state[key] = value


def link_params(view: View) -> dict[str, list[str] | str]:
    """The link's parameters of a view (defaults left out, so a plain link stays plain)."""
    f = view.filters
    wanted: dict[str, list[str] | str] = {}
    if view.lang != "nl":
        wanted[KEY_LANG] = view.lang
    if f.regions:
        wanted[KEY_REGIONS] = list(f.regions)
    if (view.year_from, view.year_to) != (FIRST_YEAR, LAST_YEAR):
        wanted[KEY_YEARS] = [str(view.year_from), str(view.year_to)]
    if f.modules:
        wanted[KEY_MODULES] = module_choice(f.modules)
    if f.age_bands:
        wanted[KEY_AGES] = f.age_bands[0]
    if view.measure != "count":
        wanted[KEY_MEASURE] = MEASURE_CODES[view.measure]
    wanted.update(dict(view.extra))
    return wanted


def link(view: View, page: str = "") -> str:
    """The address that reopens `view` on `page` (a URL path such as 'verlengingen'): the server's
    own address as the browser used it, the page, the filters as codes."""
    base = ""
    with contextlib.suppress(Exception):  # no browser session (a test app, a script)
        parts = urllib.parse.urlsplit(st.context.url or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            base = f"{parts.scheme}://{parts.netloc}"
    query = urllib.parse.urlencode(link_params(view), doseq=True)
    return f"{base}/{page.strip('/')}" + (f"?{query}" if query else "")


def _write_to_url(view: View) -> None:
    """Keep the link in step with the filters."""
    wanted = link_params(view)
    current_params = {
        k: (v if len(v) > 1 or k not in (KEY_LANG, KEY_MODULES, KEY_AGES, KEY_MEASURE, *PAGE_KEYS) else v[0])
        for k, v in _raw_params().items()
    }
    # A page's own parameters stay as they are: the page reads and writes them itself.
    wanted.update({k: v for k, v in current_params.items() if k in PAGE_KEYS})
    if current_params != wanted:
        st.query_params.from_dict(wanted)


def sidebar() -> View:
    """Draw the shared filters in the sidebar and remember the view for the pages."""
    bad = [] if st.session_state.get(_LOADED) else _load_from_url()
    _restore_widgets()
    with st.sidebar:
        lang = (
            st.segmented_control(
                f"{i18n.text('language', 'nl')} / {i18n.text('language', 'en')}",
                list(i18n.LANGUAGES),
                format_func=i18n.LANGUAGES.get,
                key=KEY_LANG,
                on_change=_remember,
                required=True,
            )
            or "nl"
        )
        st.header(i18n.text("filters", lang))
        regions = st.multiselect(
            i18n.text("regions", lang),
            list(REGIONS),
            format_func=lambda c: i18n.name(i18n.REGION_NAMES, c, lang),
            help=i18n.text("regions_help", lang),
            placeholder=i18n.text("flanders", lang),
            key=KEY_REGIONS,
            on_change=_remember,
        )
        years = st.slider(
            i18n.text("period", lang),
            min_value=FIRST_YEAR,
            max_value=LAST_YEAR,
            step=1,
            key=KEY_YEARS,
            on_change=_remember,
        )
        module = st.selectbox(
            i18n.text("modules", lang),
            list(MODULE_CHOICES),
            format_func=lambda m: i18n.name(i18n.MODULE_CHOICE_NAMES, m, lang),
            help=i18n.text("modules_help", lang),
            placeholder=i18n.text("choose", lang),
            key=KEY_MODULES,
            on_change=_remember,
        )
        age = st.selectbox(
            i18n.text("age_bands", lang),
            list(AGE_CHOICES),
            format_func=lambda a: i18n.name(i18n.AGE_CHOICE_NAMES, a, lang),
            help=i18n.text("age_help", lang),
            placeholder=i18n.text("choose", lang),
            key=KEY_AGES,
            on_change=_remember,
        )
    year_from, year_to = sorted(years) if isinstance(years, tuple | list) else (years, years)
    # Drawn by the pages it applies to (`measure_control`), kept like a filter on every page.
    measure = st.session_state.get(KEY_MEASURE, "count")
    measure = measure if measure in MEASURE_CODES else "count"
    view = View(
        Filters(
            regions=tuple(regions),
            period_from=date(year_from, 1, 1),
            period_to=date(year_to, 12, 31),
            modules=modules_of(module),
            age_bands=(age,) if age else (),
            include_flanders=True,
        ),
        lang,
        measure,
    )
    st.session_state[_STATE] = view
    st.session_state[_RUNS] = st.session_state.get(_RUNS, 0) + 1
    _write_to_url(view)
    if bad:
        st.warning(i18n.text("bad_url", lang, values=", ".join(bad[:5])), icon=":material/warning:")
    return view


def measure_control(lang: str) -> str:
    """The choice between counts, per 10.000 minors and the index, on the pages whose figures
    follow it (Overzicht, Regio's vergelijken); kept in the link (`maat=`) like the filters."""
    choice = st.radio(
        i18n.text("measure", lang),
        list(MEASURE_CODES),
        format_func=lambda m: i18n.text(f"measure_{m}", lang),
        help=i18n.text("measure_help", lang),
        key=KEY_MEASURE,
        on_change=_remember,
        horizontal=True,
    )
    return choice or "count"


def page_choice(key: str, allowed: list[str] | tuple[str, ...], default: str) -> None:
    """Give a page's own widget `key` its value from the link when the widget has none (a shared
    link reopens the same choice, and so does coming back to the page), else keep the person's."""
    if st.session_state.get(key) in allowed:
        return
    given = st.query_params.get_all(key)
    st.session_state[key] = given[0] if len(given) == 1 and given[0] in allowed else default


def keep_in_link(params: dict[str, str]) -> None:
    """Write a page's own choices into the link (after the sidebar wrote the filters)."""
    for key, value in params.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


def once_per_run(key: str, make: Callable[[], T]) -> T:
    """`make()`, worked out once per run of dashboard.py in this session.

    For what cannot change within one run and is asked for by every chart (the disclosure mode,
    the data file's description). Outside a run of the dashboard (a test app, a bare script, a
    deferred download) `make()` is called each time.
    """
    try:
        runs = st.session_state.get(_RUNS)
    except Exception:  # no session at all
        return make()
    if not isinstance(runs, int):
        return make()
    memo_key = f"_once_per_run_{key}"
    memo = st.session_state.get(memo_key)
    if isinstance(memo, tuple) and len(memo) == 2 and memo[0] == runs:
        return memo[1]
    value = make()
    st.session_state[memo_key] = (runs, value)
    return value


def current() -> View:
    """The view the sidebar set on this run (pages call this)."""
    runs = st.session_state.get(_RUNS, 0)
    if runs == 0 or st.session_state.get(_SEEN) == runs:
        _route_through_dashboard()
    st.session_state[_SEEN] = runs
    view = st.session_state.get(_STATE)
    return view if isinstance(view, View) else View(Filters(include_flanders=True), "nl")


def _route_through_dashboard() -> None:
    """Rerun through dashboard.py when Streamlit ran a page file on its own.

    A project with a `pages/` folder starts in Streamlit's legacy multipage mode until the first
    `st.navigation` call: a deep link opened on a freshly started server then runs the page file
    directly, without the sidebar (dashboard.py counts its runs; a page that sees no new count was
    run on its own). Leaving legacy mode and rerunning routes the same URL through dashboard.py.
    The browser tests open deep links on a fresh server to keep this honest.
    """
    from ui import streamlit_internals

    # The sidebar's widgets were not drawn in this run; keep their values for the rerun.
    for key in _FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    streamlit_internals.leave_legacy_pages()
    st.rerun()
