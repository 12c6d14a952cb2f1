"""The two catalogues: indicators (present/indicators.toml) and labels (present/i18n.py).

An indicator that points at a query column that does not exist, two indicators under one label,
a label key a page asks for that the catalogue lacks, or a label nothing reads: each is a test
failure here, before a person meets it on a screen.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from present import catalogue, i18n
from queries.run import list_queries, query_header

ROOT = Path(__file__).resolve().parent.parent
# Everything a person reads is drawn by these folders (and dashboard.py).
SURFACES = ("pages", "ui", "present", "report")


def _python_files() -> list[Path]:
    files = [ROOT / "dashboard.py"]
    for folder in SURFACES:
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def _string_literals(path: Path) -> set[str]:
    """Every string constant in a Python file (f-string parts included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _text_calls(path: Path) -> set[str]:
    """The literal keys passed to `i18n.text(...)` in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    keys = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "text"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "i18n"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            keys.add(node.args[0].value)
    return keys


def _fstring_prefixes(path: Path) -> set[str]:
    """The literal starts of f-strings ('mode_short_' of f"mode_short_{mode}"): key families."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        n.values[0].value
        for n in ast.walk(tree)
        if isinstance(n, ast.JoinedStr) and n.values and isinstance(n.values[0], ast.Constant)
    }


def _run_queries(path: Path) -> set[str]:
    """Names of queries a file runs: the first element of a call or tuple that is a query name."""
    names = set(list_queries())
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        first = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("run", "runner", "shown", "run_many"):
                first = node.args[0]
        elif isinstance(node, ast.Tuple) and node.elts:
            first = node.elts[0]
        if isinstance(first, ast.Constant) and first.value in names:
            found.add(first.value)
    return found


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# ---------------------------------------------------------------------------------------------
# Indicators


def test_every_indicator_points_at_a_column_its_query_declares() -> None:
    """Each indicator's query exists and declares the column (and so do its `also` places)."""
    queries = set(list_queries())
    for item in catalogue.indicators().values():
        for query, column in item.places:
            assert query in queries, f"{item.key}: no query {query}"
            declared = [c.name for c in query_header(query).columns]
            assert column in declared, f"{item.key}: {query} has no column {column}"


def test_an_indicator_held_in_two_places_has_one_scope() -> None:
    """Two queries holding the same figure apply the same filters (or it would be two scopes)."""
    for item in catalogue.indicators().values():
        for query, _ in item.also:
            assert set(query_header(query).ignores) == set(query_header(item.query).ignores), item.key


def test_a_label_means_one_indicator_in_each_language() -> None:
    """No two indicators share a label or a title: a label means one scope, in Dutch and in English."""
    for lang in catalogue.LANGS:
        labels = [item.label(lang) for item in catalogue.indicators().values()]
        assert len(labels) == len(set(labels)), sorted(x for x in labels if labels.count(x) > 1)
        titles = [item.title(lang) for item in catalogue.indicators().values() if item.title != item.label]
        assert len(titles) == len(set(titles)), sorted(x for x in titles if titles.count(x) > 1)


def test_the_scope_in_words_says_whether_the_module_choice_applies() -> None:
    """Where the query ignores the module filter, the scope never speaks of 'the chosen' module;
    where it applies it, the scope says how the choice narrows the count (the page that fixes
    the module for its chart, Overzicht's starts trend, excepted)."""
    fixed_by_the_page = {"chah_started_trend"}
    for item in catalogue.indicators().values():
        ignores_modules = "modules" in item.ignored
        words = item.modules("nl")
        if ignores_modules:
            assert "gekozen" not in words, item.key
        elif item.key not in fixed_by_the_page:
            assert "gekozen" in words, item.key


def test_units_agree_with_the_query_header() -> None:
    """A count indicator's column is a protected count; a percentage's column is a percentage
    the protection recomputes (or a share column); days are a statistic or a day count."""
    for item in catalogue.indicators().values():
        roles = query_header(item.query).roles
        role = roles.get(item.column)
        if item.unit == "count" and not item.derived:
            assert role is not None and role.kind in ("count", "distinct"), (item.key, role)
        if item.unit == "percent":
            assert item.column.endswith("_pct"), item.key


def test_every_indicator_is_shown_somewhere() -> None:
    """An indicator that no page, report or command names is dead weight: the test names it."""
    literals: set[str] = set()
    for path in _python_files():
        literals |= _string_literals(path)
    unused = [key for key in catalogue.indicators() if key not in literals]
    assert not unused, f"indicators nothing shows: {unused}"


# The page furniture that draws one catalogue indicator (ui/layout.py), and where its key goes.
_DRAWERS = {"tile": 1, "chart_block": None, "table_block": None}  # name -> positional index or None


def _drawn_indicators(path: Path) -> set[str]:
    """The indicator keys a page file draws: the `indicator` of each layout.tile / chart_block /
    table_block call, written as a literal key or as a name bound to a list of literal keys
    (`YEARLY = [...]`, then `for field in YEARLY`) or a loop over literal keys. A call whose key cannot
    be read this way fails the test, so a page cannot draw an indicator the check does not see."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lists: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List | ast.Tuple):
            strings = {
                e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
            }
            for target in node.targets:
                if isinstance(target, ast.Name) and strings and len(strings) == len(node.value.elts):
                    lists[target.id] = strings
    # A loop name bound in two loops (Overzicht's `field`) stands for the keys of both.
    bound: dict[str, set[str]] = {name: set(keys) for name, keys in lists.items()}
    # A choice among a list of literal keys (`key = st.selectbox(label, OFFERED, ...)`, the
    # comparison page) stands for every key of that list.
    for node in ast.walk(tree):
        call = node.value if isinstance(node, ast.Assign) else None
        if (
            isinstance(call, ast.Call)
            and getattr(call.func, "attr", "") == "selectbox"
            and len(call.args) > 1
            and isinstance(call.args[1], ast.Name)
            and call.args[1].id in lists
        ):
            for target in node.targets:  # type: ignore[union-attr]
                if isinstance(target, ast.Name):
                    bound.setdefault(target.id, set()).update(lists[call.args[1].id])
    for node in ast.walk(tree):
        if isinstance(node, ast.For):
            targets = node.target.elts if isinstance(node.target, ast.Tuple) else [node.target]
            zipped = isinstance(node.iter, ast.Call) and getattr(node.iter.func, "id", "") == "zip"
            iterables = node.iter.args if zipped else [node.iter]  # type: ignore[union-attr]
            for target, iterable in zip(targets, iterables, strict=False):
                if isinstance(target, ast.Name) and isinstance(iterable, ast.Name) and iterable.id in lists:
                    bound.setdefault(target.id, set()).update(lists[iterable.id])
                elif isinstance(target, ast.Name) and isinstance(iterable, ast.List | ast.Tuple):
                    # `for field in ("a", "b", "c"):` binds the name to those keys.
                    keys = {
                        e.value
                        for e in iterable.elts
                        if isinstance(e, ast.Constant) and isinstance(e.value, str)
                    }
                    if keys and len(keys) == len(iterable.elts):
                        bound.setdefault(target.id, set()).update(keys)
    drawn: set[str] = set()
    for node in ast.walk(tree):
        func = node.func if isinstance(node, ast.Call) else None
        if not (
            isinstance(func, ast.Attribute)
            and func.attr in _DRAWERS
            and isinstance(func.value, ast.Name)
            and func.value.id == "layout"
        ):
            continue
        arg = next((k.value for k in node.keywords if k.arg == "indicator"), None)  # type: ignore[union-attr]
        position = _DRAWERS[func.attr]
        if arg is None and position is not None and len(node.args) > position:  # type: ignore[union-attr]
            arg = node.args[position]  # type: ignore[union-attr]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            drawn.add(arg.value)
        elif isinstance(arg, ast.Name) and arg.id in bound:
            drawn |= bound[arg.id]
        else:
            raise AssertionError(f"{path.name}:{node.lineno}: layout.{func.attr} names no readable indicator")
    return drawn


# The pages of the navigation that draw no indicator: the definitions and the accessibility statement.
NO_INDICATORS = ("definities", "toegankelijkheid")


def _dashboard_pages() -> list[tuple[str, str, str]]:
    """dashboard.py's PAGES as (file, title key, URL path), read without running Streamlit."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PAGES" for t in node.targets):
            return [tuple(e.value for e in row.elts[:3]) for row in node.value.elts]  # type: ignore[attr-defined]
    raise AssertionError("dashboard.py has no PAGES")


def test_the_catalogue_knows_the_dashboards_pages() -> None:
    """catalogue.PAGES is dashboard.py's navigation (URL paths and title keys, in order), less the
    Definities page and the accessibility statement, which show no indicator of their own."""
    pages = [(url, title) for _, title, url in _dashboard_pages() if url not in NO_INDICATORS]
    assert list(catalogue.PAGES.items()) == pages


def test_each_page_shows_the_indicators_the_catalogue_says() -> None:
    """The `pages` of every indicator in indicators.toml match what each page file draws: the
    Definities page lists per page exactly the indicators a reader meets there."""
    for file, _, url in _dashboard_pages():
        drawn = _drawn_indicators(ROOT / file)
        if url in NO_INDICATORS:
            assert not drawn, drawn
            continue
        declared = {item.key for item in catalogue.on_page(url)}
        assert drawn <= set(catalogue.indicators()), (
            f"{file}: unknown indicators {drawn - set(catalogue.indicators())}"
        )
        assert declared == drawn, (
            f"{file}: declared, not drawn {declared - drawn}; drawn, not declared {drawn - declared}"
        )


def test_an_indicator_on_no_page_is_carried_elsewhere() -> None:
    """An indicator with `pages = []` is one the report, the key figures or a download carries
    (the Definities page says so under 'Andere indicatoren')."""
    literals: set[str] = set()
    for path in _python_files():
        if path.parent.name in ("report", "keyfigures") or path.parent.name == "pages":
            literals |= _string_literals(path)
    for item in catalogue.on_page(""):
        assert item.key in literals or item.column in literals, item.key


def test_every_query_a_page_runs_is_in_the_catalogue() -> None:
    """Each named query the pages and the report run holds at least one catalogue indicator, so
    every block names what it shows (its source included)."""
    held = {query for item in catalogue.indicators().values() for query, _ in item.places}
    run = set()
    for path in _python_files():
        run |= _run_queries(path)
    run.discard("build_info")  # the data file's description: no figure
    run.discard("population")  # the public denominators of the rates, not a figure of youth care
    assert run <= held, f"queries without an indicator: {sorted(run - held)}"


def test_a_broken_entry_is_refused_with_its_key() -> None:
    """An entry without an English label, or with an unknown unit, names itself in the error."""
    good = {
        "label": {"nl": "x", "en": "x"},
        "definition": {"nl": "d", "en": "d"},
        "modules": {"nl": "m", "en": "m"},
        "unit": "count",
        "source": "BINC",
        "query": "referral_rates",
        "column": "ended",
        "pages": ["doorverwijzingen"],
    }
    catalogue._indicator("ok", good)
    with pytest.raises(catalogue.CatalogueError, match=r"\[no_pages\]: pages"):
        catalogue._indicator("no_pages", {k: v for k, v in good.items() if k != "pages"})
    with pytest.raises(catalogue.CatalogueError, match=r"\[bad_page\]: pages"):
        catalogue._indicator("bad_page", good | {"pages": ["definities"]})
    with pytest.raises(catalogue.CatalogueError, match=r"\[no_en\]: label"):
        catalogue._indicator("no_en", good | {"label": {"nl": "x"}})
    with pytest.raises(catalogue.CatalogueError, match=r"\[bad_unit\]: unit"):
        catalogue._indicator("bad_unit", good | {"unit": "stuks"})
    with pytest.raises(catalogue.CatalogueError, match=r"\[typo\]: unknown field"):
        catalogue._indicator("typo", good | {"lable": {"nl": "x", "en": "x"}})


def test_values_are_written_as_the_unit_says() -> None:
    """Counts '1.415' and '<10', percentages '70,4 %', days whole, in Dutch and English."""
    assert catalogue.indicator("families_chah_started").text(1415, "nl") == "1.415"
    assert catalogue.indicator("families_chah_started").text(1415, "en") == "1,415"
    assert catalogue.indicator("families_chah_started").text(None, "nl") == "<10"
    assert catalogue.indicator("chah_extended_pct").text(70.4, "nl") == "70,4 %"
    assert catalogue.indicator("chah_extended_pct").text(70.4, "en") == "70.4%"
    assert catalogue.indicator("chah_extended_pct").text(None, "nl") == "–"
    assert catalogue.indicator("median_days_to_later_start").text(12.0, "nl") == "12"


# ---------------------------------------------------------------------------------------------
# Labels


def test_every_label_has_both_languages_with_the_same_placeholders() -> None:
    """Each label has a Dutch and an English text, and both fill in the same {placeholders}."""
    for key, (nl, en) in i18n.LABELS.items():
        assert nl.strip() and en.strip(), key
        assert _placeholders(nl) == _placeholders(en), key


def test_every_label_asked_for_exists() -> None:
    """Every literal key passed to i18n.text is in the catalogue."""
    asked: set[str] = set()
    for path in _python_files():
        asked |= _text_calls(path)
    assert not asked - set(i18n.LABELS), sorted(asked - set(i18n.LABELS))


def test_every_label_is_used() -> None:
    """Every key of the label catalogue is named somewhere outside the catalogue itself."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    for path in _python_files():
        if path != ROOT / "present" / "i18n.py":
            literals |= _string_literals(path)
            prefixes |= {p for p in _fstring_prefixes(path) if p.endswith("_")}
    # A key built from a code (f"mode_short_{mode}") counts as used through its family's prefix.
    unused = sorted(
        key for key in i18n.LABELS if key not in literals and not any(key.startswith(p) for p in prefixes)
    )
    assert not unused, f"labels nothing uses: {unused}"


def test_no_surface_writes_a_source_system_itself() -> None:
    """Pages and report take a figure's source from the catalogue: no 'INSISTO'/'BINC' literal."""
    pattern = re.compile(r"""["'](INSISTO|BINC)["']""")
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if path.parent.name in ("pages", "ui", "report", "keyfigures") and pattern.search(path.read_text())
    ]
    assert not offenders, offenders
