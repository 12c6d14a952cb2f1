"""Accessibility without a browser: the statement page, the download buttons' names, the HTML
report's text alternatives, and colour (issue 17; the browser scan is tests/test_browser_a11y.py)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from present import catalogue, i18n
from queries.run import connect
from report.content import build
from report.html import render_html
from report.model import ReportRequest, protected_runner

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")


def _open(default_db: Path, monkeypatch: pytest.MonkeyPatch, page: str, **params: str | list[str]) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_statement_page_says_standard_status_testing_gaps_and_contact(
    default_db: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Toegankelijkheid, in either language: the standard (WCAG 2.1 AA, directive 2016/2102, the
    Flemish decree), 'partially compliant', how it was tested, what does not comply, how to report
    a problem (an address still to be filled in, said plainly) and the statement's date."""
    params = {"taal": "en"} if lang == "en" else {}
    at = _open(default_db, monkeypatch, "pages/toegankelijkheid.py", **params)
    assert [t.value for t in at.title] == [{"nl": "Toegankelijkheid", "en": "Accessibility"}[lang]]
    headings = [h.value for h in at.main.header]
    expected = {
        "nl": ["Norm", "Nalevingsstatus", "Hoe het getest is", "Wat nog niet toegankelijk is",
               "Een probleem melden"],
        "en": ["Standard", "Compliance status", "How it was tested", "What is not yet accessible",
               "Reporting a problem"],
    }[lang]  # fmt: skip
    assert headings == expected
    text = " ".join(m.value for m in at.markdown)
    for words in ("WCAG", "2.1", "AA", "2016/2102", "Bestuursdecreet", "axe-core", "PDF", "Streamlit"):
        assert words in text, words
    assert {"nl": "Gedeeltelijk conform", "en": "Partially compliant"}[lang] in text
    assert {"nl": "in te vullen", "en": "to be filled in"}[lang] in text
    assert "@" not in text  # no made-up address
    assert any({"nl": "3 december 2026", "en": "3 December 2026"}[lang] in c.value for c in at.caption)


def test_every_download_button_is_named_by_format_and_chart(
    default_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verlengingen: each chart's four buttons read 'CSV', 'Excel', 'PNG', 'SVG' followed by the
    chart's title (the part a screen reader reads and the eye does not), and no two buttons share
    a label."""
    at = _open(default_db, monkeypatch, "pages/verlengingen.py", regio=["LIM"], jaar=["2022", "2024"])
    labels = [b.label for b in at.get("download_button") if b.label.startswith("⬇ ")]
    per_chart = [lab for lab in labels if not lab.startswith("⬇ Pakket")]
    assert len(labels) == len(set(labels)), labels
    titles = {h.value for h in at.main.header}
    for label in per_chart:
        found = re.fullmatch(r"⬇ (CSV|Excel|PNG|SVG) \*– (.+)\*", label)
        assert found, label
        assert found[2].replace("\\", "") in titles, (found[2], titles)
    assert {re.match(r"⬇ (\w+)", lab)[1] for lab in per_chart} == {"CSV", "Excel", "PNG", "SVG"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_html_report_names_every_chart_and_has_a_main_landmark(default_db: Path, lang: str) -> None:
    """The regional report's HTML (Limburg, 2022–2024): the document's language, its pages inside
    <main>, and every chart image with a text alternative: its title and the catalogue's definition."""
    with connect(default_db) as con:
        report = build(
            ReportRequest(2022, 2024, ("LIM",), lang=lang, made_on=date(2026, 12, 1)),
            protected_runner(con, "public"),
        )
    html = render_html(report)
    assert f"<html lang='{lang}'>" in html
    assert html.count("<main>") == 1 and html.index("<main>") < html.index("<section class='page'")
    roots = re.findall(r"<figure><svg\b[^>]*>", html)
    assert len(roots) == len(report.sections) == 5
    definitions = {item.definition(lang) for item in catalogue.indicators().values()}
    word = i18n.text("chart_word", lang)
    for root, section in zip(roots, report.sections, strict=True):
        alt = re.search(r'aria-label="([^"]*)"', root)
        assert 'role="img"' in root and alt, root[:200]
        named = f"{word}: {section.title}. "
        text = alt[1].replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
        assert text.startswith(named) and text[len(named) :] in definitions, text


def test_inside_and_outside_referrals_are_told_apart_without_colour() -> None:
    """The referral rates chart draws inside and outside Opgroeien with a different dash and point
    shape (and a legend for both), so a reader who cannot tell the colours apart still can."""
    from present import charts

    frame = pl.DataFrame(
        {
            "area": ["VL", "VL", "VL", "VL"],
            "date": [date(2023, 1, 1), date(2024, 1, 1)] * 2,
            "kind": ["inside", "inside", "outside", "outside"],
            "pct": [60.0, 61.0, 40.0, 42.0],
        }
    )
    spec = charts.rates_by_kind(frame, kinds={"inside": "binnen", "outside": "buiten"}, lang="nl").to_dict()
    lines = spec["layer"][-1]["encoding"]
    assert lines["strokeDash"]["field"] == lines["shape"]["field"] == "kind_name"
    assert lines["color"]["field"] != "kind_name"  # colour is the area, not the kind
