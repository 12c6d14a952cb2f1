"""The dashboard's pages, run server-side with Streamlit's AppTest on the default data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from present import catalogue, i18n

APP = Path(__file__).resolve().parent.parent / "dashboard.py"

PAGES = [
    ("pages/overzicht.py", "Overzicht"),
    ("pages/seizoenen.py", "Seizoenen"),
    ("pages/verlengingen.py", "Verlengingen en duur"),
    ("pages/doorverwijzingen.py", "Doorverwijzingen"),
    ("pages/tijdige_start.py", "Tijdige start"),
    ("pages/verblijf_na_corona.py", "Verblijf na corona"),
    ("pages/vraag.py", "Parlementaire vraag"),
    ("pages/definities.py", "Definities en bronnen"),
]


@pytest.fixture
def app(default_db: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh app session on the default data; call it with a page and optional URL parameters."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))

    def open_page(page: str = "pages/overzicht.py", **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        return at if page == "pages/overzicht.py" else at.switch_page(page).run()

    return open_page


def _number(text: str) -> float:
    """A Dutch-formatted number ('1.417', '70,4 %') as a float."""
    return float(re.sub(r"[^\d,]", "", text).replace(",", "."))


def _metric(at: AppTest, label: str, index: int = 0) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no tile {label!r}; tiles: {[m.label for m in at.metric]}"
    return values[index]


@pytest.mark.parametrize(("page", "title"), PAGES)
def test_every_page_renders_on_the_default_data(app, page: str, title: str) -> None:
    """Each page runs without an exception, shows its title and the synthetic-data banner."""
    at = app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [title]
    assert any("Synthetische gegevens" in i.value for i in at.info)


def test_period_filter_changes_the_key_figures(app) -> None:
    """Narrowing the period to 2019-2021 shows the published 1417 families (±5 after rounding)."""
    at = app()
    label = "Gezinnen gestart met crisishulp aan huis"
    whole_period = _number(_metric(at, label))
    at.slider(key="jaar").set_value((2019, 2021)).run()
    narrowed = _number(_metric(at, label))
    assert narrowed != whole_period
    assert abs(narrowed - 1417) <= 5


def test_link_with_filters_opens_that_view(app) -> None:
    """A link with regio and jaar opens with Antwerpen selected beside Flanders for 2019-2021."""
    at = app("pages/overzicht.py", regio=["ANT"], jaar=["2019", "2021"])
    assert at.multiselect(key="regio").value == ["ANT"]
    assert at.slider(key="jaar").value == (2019, 2021)
    assert "Antwerpen" in [m.value.strip("*") for m in at.markdown]
    # Tiles for Flanders and for Antwerpen: Antwerpen's families are a part of Flanders'.
    label = "Gezinnen gestart met crisishulp aan huis"
    flanders, antwerp = _number(_metric(at, label, 0)), _number(_metric(at, label, 1))
    assert 0 < antwerp < flanders


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"regio": ["XXX"]}, "regio=XXX"),
        ({"jaar": ["abc", "2021"]}, "jaar=abc"),
        ({"module": ["'; drop table crisis_trajectories; --"]}, "module="),
        ({"taal": ["fr"]}, "taal=fr"),
    ],
)
def test_bad_link_values_open_defaults_with_a_notice(app, params: dict, named: str) -> None:
    """Unknown or malformed URL values give the defaults and a visible notice, never a traceback."""
    at = app("pages/overzicht.py", **params)
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert any("bestaan" in n and named in n for n in notices), notices
    assert at.multiselect(key="regio").value == []
    assert at.slider(key="jaar").value == (2017, 2025)


def test_two_regions_show_side_by_side_never_added(app) -> None:
    """An IROJ meeting picks Antwerpen and Limburg: the tiles show Flanders, Antwerpen and Limburg
    each on their own (three values per tile), never the two regions as one sum."""
    at = app("pages/overzicht.py", regio=["ANT", "LIM"], jaar=["2019", "2021"])
    assert not at.exception
    headings = [m.value.strip("*") for m in at.markdown]
    assert {"Vlaanderen", "Antwerpen", "Limburg"} <= set(headings)
    assert not any("Antwerpen, Limburg" in h or "+" in h for h in headings)
    label = "Gezinnen gestart met crisishulp aan huis"
    values = [_number(m.value) for m in at.metric if m.label == label]
    assert len(values) == 3 and values[1] < values[0] and values[2] < values[0]


def test_module_group_link_opens_the_group(app) -> None:
    """?module=ambulant opens the ambulatory group in the single module choice; an old link with
    the three ambulatory modules opens the same group."""
    at = app("pages/verlengingen.py", module=["ambulant"])
    assert not at.exception and at.selectbox(key="module").value == "ambulant"
    old = app(
        "pages/verlengingen.py", module=["crisishulp_aan_huis", "crisisbegeleiding", "crisisinterventie"]
    )
    assert not old.exception and old.selectbox(key="module").value == "ambulant"
    assert not [w.value for w in old.warning if "bestaan" in w.value]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"leeftijd": ["0-5", "6-11"]}, "leeftijd: 0-5+6-11"),
        ({"module": ["crisishulp_aan_huis", "crisisverblijf"]}, "module: crisishulp_aan_huis+crisisverblijf"),
    ],
)
def test_link_combining_choices_opens_the_default_and_says_so(app, params: dict, named: str) -> None:
    """A crafted link with two age bands (or a free pair of modules) opens with that filter at its
    default (all), and the notice names what was ignored: free combinations could be differenced."""
    at = app("pages/overzicht.py", **params)  # the notice belongs to the run that read the link
    assert not at.exception
    assert at.selectbox(key="leeftijd").value == "" and at.selectbox(key="module").value == ""
    assert any(named in w.value for w in at.warning), [w.value for w in at.warning]


def test_english_link_shows_english_labels(app) -> None:
    """?taal=en switches titles and tiles to English."""
    at = app("pages/overzicht.py", taal="en")
    assert [t.value for t in at.title] == ["Overview"]
    assert any(m.label == "Families that started crisis help at home" for m in at.metric)


def test_referral_page_says_inside_and_outside_cannot_be_added(app) -> None:
    """The Sankey page warns that referrals inside and outside Opgroeien cannot be added."""
    at = app("pages/doorverwijzingen.py")
    assert any("mogen niet worden opgeteld" in w.value for w in at.warning)


def test_a_period_without_the_corona_years_says_the_cohort_lies_outside_it(app) -> None:
    """'Verblijf na corona' for 2022–2024: the cohort that went home during the corona measures
    lies outside the period, and the page says so instead of showing '0 kinderen' and blaming
    the protection; the stays since corona still show, without the bars of periods outside it."""
    at = app("pages/verblijf_na_corona.py", jaar=["2022", "2024"])
    assert not at.exception, [e.value for e in at.exception]
    said = [i.value for i in at.info if "valt buiten de gekozen periode 2022–2024" in i.value]
    assert len(said) == 1, [i.value for i in at.info]
    assert not [m for m in at.metric if m.label.startswith("Kinderen met een indicatie verblijf")]
    assert not [c.value for c in at.caption if "te weinig kinderen" in c.value and "leeftijd" in c.value]
    inside = app("pages/verblijf_na_corona.py", jaar=["2019", "2021"])
    assert not [i.value for i in inside.info if "valt buiten" in i.value]
    assert [m for m in inside.metric if m.label.startswith("Kinderen met een indicatie verblijf")]


def _texts_outside_expanders(node) -> list[str]:
    """The markdown, headings and captions of a page, without what is folded into an expander."""
    if type(node).__name__ == "Expander":
        return []
    own = [node.value] if type(node).__name__ in ("Markdown", "Header", "Subheader", "Caption") else []
    return own + [
        t for child in getattr(node, "children", {}).values() for t in _texts_outside_expanders(child)
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_definitions_page_is_written_for_its_readers(app, lang: str) -> None:
    """The Definities page lists per dashboard page each of its indicators in the reader's
    language, with the caveats every figure shares; the query names, column types and cell keys
    are folded into one expander per page, labelled in the reader's language."""
    at = app("pages/definities.py", **({"taal": "en"} if lang == "en" else {}))
    assert not at.exception, [e.value for e in at.exception]
    subheaders = [s.value for s in at.subheader]
    titles = [i18n.text(key, lang) for key in catalogue.PAGES.values()]
    assert [s for s in subheaders if s in titles] == titles  # every page, in the navigation's order
    expanders = [e.label for e in at.expander]
    assert len(expanders) == len(titles) + 1  # one per page and one for the other indicators
    assert set(expanders) == {i18n.text("defs_technical", lang)}
    readable = "\n".join(_texts_outside_expanders(at.main))
    for item in catalogue.indicators().values():
        assert item.definition(lang) in readable, item.key
        assert item.modules(lang) in readable, item.key
    for key in ("not_additive", "defs_insisto_2017", "defs_protection", "defs_synthetic"):
        assert i18n.text(key, lang) in readable, key
    for page in catalogue.PAGES:  # the links at the top to each page's part
        assert f"](#{page})" in readable, page
    for jargon in ("VARCHAR", "BIGINT", "DOUBLE", "ckey", "cell key", "kerncijfers_by_year"):
        assert jargon not in readable, jargon
    other = "en" if lang == "nl" else "nl"
    for key in ("scope", "unit", "defs_all_filters_apply", "defs_system_binc"):
        assert i18n.text(key, other) not in readable, key
    # The technical part: the query's columns under headers in the reader's language.
    tables = [t.value for t in at.table]
    assert any(
        i18n.text("defs_type", lang) in t.columns and "VARCHAR" in t[i18n.text("defs_type", lang)].to_list()
        for t in tables
    )
    assert [t.value for t in at.title] == [i18n.text("page_definitions", lang)]


def test_missing_data_file_gives_a_clear_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a data file the app says so and how to fix it, without a traceback."""
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "nothing.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert any("ontbreekt" in e.value and "make run" in e.value for e in at.error)


def test_every_label_exists_in_both_languages() -> None:
    """The label catalogue has a Dutch and an English text for every key."""
    for key, (nl, en) in i18n.LABELS.items():
        assert nl.strip() and en.strip(), key


def test_rates_per_10000_minors_come_with_their_conventions(app) -> None:
    """Per 10.000 minors (maat=per10000): Overzicht's count tiles carry their rate; Regio's
    vergelijken and Eigen tabel by area name the Brussels convention beside the rates."""
    overview = app(regio="BRU", jaar=["2022", "2024"], maat="per10000")
    captions = " ".join(c.value for c in overview.caption)
    assert "per 10.000 minderjarigen" in captions and "Brusselnorm" in captions
    compare = app("pages/vergelijking.py", jaar=["2022", "2024"], maat="per10000")
    assert not compare.exception
    assert "Brusselnorm" in " ".join(c.value for c in compare.caption)
    table = app("pages/tabel.py", jaar=["2022", "2024"], maat="per10000", rijen="regio", kolommen="jaar")
    assert not table.exception
    assert "Brusselnorm" in " ".join(c.value for c in table.caption)
    assert table.radio[0].value == "rate"  # the link's choice, on the page
