"""The page "Parlementaire vraag" (pages/vraag.py): the key figures as the numbered answer to a
written parliamentary question, with the text to copy and the Word and Markdown files.

Run with Streamlit's AppTest on the default synthetic data (`default_db`, seed 712), whose exact
figures for Flanders 2019-2021 are those published in the answer to vraag nr. 712 (the values
below are the published ones, as in tests/test_kerncijfers.py, never the code's own output).
Exact mode is a staff login as in tests/test_mode.py: login configured, the user allowlisted.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import pytest
import streamlit as st
from docx.oxml.ns import qn
from streamlit.runtime.secrets import Secrets
from streamlit.testing.v1 import AppTest

from queries.disclosure import EXACT, PUBLIC
from queries.run import Filters, connect
from report.keyfigures.compute import compute
from report.keyfigures.docx import to_docx
from report.keyfigures.formats import answer, answer_markdown
from tests.test_mode import STAFF, STAFF_SECRETS
from ui.answer import file_stem
from ui.filters import View

APP = Path(__file__).resolve().parent.parent / "dashboard.py"
MARK = "klein aantal: niet publiceren"
# A count followed by the mark (exact mode's mode line names the mark too, without a count).
MARKED_COUNT = re.compile(r"\d \(klein aantal: niet publiceren\)")

# The answer to vraag nr. 712, Flanders 2019-2021 (../shared/KEY_FIGURES.md, 'published').
FAMILIES = 1417
EXTENDED = 55  # about 4 % of the started trajectories
GOAL_PCT = [70, 68, 71]  # 2019, 2020, 2021, rounded to whole percents
PLACEMENTS = [84, 90, 108]
INSIDE = [463, 512, 520]
OUTSIDE = [478, 543, 542]
MINORS = 708
YEARS = [2019, 2020, 2021]
# Public mode moves a count at most 4 (to a multiple of 5); a total over several years is the sum
# of the protected years, so at most 4 a year (DISCLOSURE.md, "years: compose").
MAX_SHIFT = 4
MAX_SHIFT_PERIOD = MAX_SHIFT * len([2019, 2020, 2021])


@pytest.fixture(autouse=True)
def no_secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No secrets file anywhere, and a fresh `st.secrets` (exact mode only where a test fakes it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(st, "secrets", Secrets())


@pytest.fixture
def page(default_db: Path, monkeypatch: pytest.MonkeyPatch):
    """Open the answer page on the default data: `page(staff=True, jaar=[...], ...)`."""
    monkeypatch.setenv("DASHBOARD_DB", str(default_db))

    def open_page(*, staff: bool = False, **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        if staff:
            at.secrets = STAFF_SECRETS
            at.user = STAFF
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page("pages/vraag.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def answer_points(at: AppTest) -> str:
    """The page's numbered points and tables, one block a line (the copied text left out)."""
    return "\n".join(m.value for m in at.markdown)


def nl_number(text: str) -> int:
    """A Dutch count ('1.417') as an int."""
    return int(text.replace(".", ""))


def half_up(text: str) -> int:
    """A Dutch percentage ('70,4') rounded to a whole percent, half up (as the answer rounded)."""
    return int(Decimal(text.replace(",", ".")).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def per_year(text: str, what: str) -> list[str]:
    """The values of a per-year sentence ('84 in 2019, 90 in 2020 en 108 in 2021') after `what`."""
    sentence = text[text.index(what) :].split("\n")[0]
    return [re.search(rf"(\S+)(?: %)? in {year}", sentence).group(1) for year in YEARS]  # type: ignore[union-attr]


def referral_rows(text: str) -> dict[int, list[str]]:
    """Point 6's table: year -> (ended, inside, outside) as written."""
    rows = {}
    for year in YEARS:
        found = re.search(rf"^\| {year} \| (.+?) \| (.+?) \| (.+?) \|$", text, re.MULTILINE)
        assert found, (year, text)
        rows[year] = list(found.groups())
    return rows


def test_exact_mode_shows_the_published_answer(page) -> None:
    """Staff in exact mode, Flanders 2019-2021: the answer states the figures of vraag nr. 712,
    each with its source system, the per-year breakdowns, and the referral caveat."""
    at = page(staff=True, jaar=["2019", "2021"])
    assert [t.value for t in at.title] == ["Parlementaire vraag"]
    assert any(e.value.startswith("EXACTE CIJFERS") for e in at.error)
    text = answer_points(at)
    assert f"opgestart bij {FAMILIES:,} gezinnen. (bron: INSISTO)".replace(",", ".") in text
    extended = re.search(r"Bij (\S+) daarvan \((\S+) %\)", text)
    assert extended and nl_number(extended.group(1)) == EXTENDED and half_up(extended.group(2)) == 4
    assert [half_up(v) for v in per_year(text, "4. Het aandeel")] == GOAL_PCT
    assert "bereikt werden" in text and text.count("(bron: BINC)") >= 3
    assert [nl_number(v) for v in per_year(text, "5. Het aantal")] == PLACEMENTS
    rows = referral_rows(text)
    assert [nl_number(rows[y][1]) for y in YEARS] == INSIDE
    assert [nl_number(rows[y][2]) for y in YEARS] == OUTSIDE
    assert any("mogen niet worden opgeteld" in w.value for w in at.warning)
    assert f"opgestart voor {MINORS} unieke minderjarigen" in text
    assert "zijn april, juli en augustus. (bron: INSISTO)" in text
    # The copy box holds the same answer as text (Streamlit's copy button is on every st.code).
    copied = at.code[0].value
    assert "opgestart bij 1.417 gezinnen" in copied and "\t463\t478" in copied
    assert not MARKED_COUNT.search(copied)  # Flanders has no count of 1 to 9


def test_public_mode_shows_the_protected_answer(page) -> None:
    """Without a login the same view shows the protected figures: every count a multiple of 5 (or
    '<10'), within 4 of the published one, and the quiet months ranked on protected counts."""
    at = page(jaar=["2019", "2021"])
    assert not any(e.value.startswith("EXACTE CIJFERS") for e in at.error)
    text = answer_points(at)

    def protected(shown: str, published: int, shift: int = MAX_SHIFT) -> None:
        assert shown == "<10" or nl_number(shown) % 5 == 0, shown
        assert abs(nl_number(shown) - published) <= shift, (shown, published)

    for pattern, published in (
        (r"opgestart bij (\S+) gezinnen", FAMILIES),
        (r"Bij (\S+) daarvan", EXTENDED),
        (r"opgestart voor (\S+) unieke", MINORS),
    ):
        protected(re.search(pattern, text).group(1), published, MAX_SHIFT_PERIOD)  # type: ignore[union-attr]
    for shown, published in zip(per_year(text, "5. Het aantal"), PLACEMENTS, strict=True):
        protected(shown, published)
    rows = referral_rows(text)
    for year, inside, outside in zip(YEARS, INSIDE, OUTSIDE, strict=True):
        assert nl_number(rows[year][0]) % 5 == 0
        protected(rows[year][1], inside)
        protected(rows[year][2], outside)
    for started in per_year(text, "3. Het aantal"):
        assert nl_number(started) % 5 == 0
    assert "april, juli en augustus (gerangschikt op de beschermde maandaantallen)" in text
    assert any("'<10' is een aantal onder 10" in c.value for c in at.caption)
    assert MARK not in text


def test_english_mode_shows_the_answer_in_english(page) -> None:
    """With taal=en the page and its answer are English, the numbers in English notation."""
    at = page(staff=True, jaar=["2019", "2021"], taal="en")
    assert [t.value for t in at.title] == ["Parliamentary question"]
    text = answer_points(at)
    assert (
        "1. In the period 2019-2021, crisis help at home was started for 1,417 families. (source: INSISTO)"
        in text
    )
    assert "must not be added up" in " ".join(w.value for w in at.warning)
    assert "are April, July and August. (source: INSISTO)" in text
    assert "gezinnen" not in text and "bron:" not in text
    assert [b.label for b in at.get("download_button")][-2:] == ["Word (.docx)", "Markdown (.md)"]


def test_filters_that_do_not_apply_are_named(page) -> None:
    """A module and an age chosen in the sidebar do not narrow the key figures: the page says so."""
    at = page(module="crisishulp_aan_huis", leeftijd="15-17")
    notice = " ".join(i.value for i in at.info)
    assert "Crisismodules en Leeftijd geldt niet voor de kerncijfers" in notice


def test_several_regions_get_one_answer_each(page) -> None:
    """Two regions chosen: one answer per region (public mode never adds regions up)."""
    at = page(regio=["ANT", "LIM"], jaar=["2020", "2020"])
    assert [t.label for t in at.tabs] == ["Antwerpen", "Limburg"]
    areas = [m.value for m in at.markdown if m.value.startswith("Gebied:")]
    assert areas == ["Gebied: IROJ-regio Antwerpen (ANT).", "Gebied: IROJ-regio Limburg (LIM)."]


def docx_text(data: bytes) -> tuple[docx.document.Document, str]:
    """The Word file opened with python-docx, and all its text (paragraphs, then table cells)."""
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return document, "\n".join([p.text for p in document.paragraphs] + cells)


def numbers(text: str) -> set[str]:
    """Every number written in a text ('1.417', '70,4', '2019', '<10' as '10')."""
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


@pytest.mark.parametrize(("regions", "mode"), [((), EXACT), (("BRU",), PUBLIC), (("BRU",), EXACT)])
def test_word_file_holds_the_markdowns_answer(default_db: Path, regions: tuple[str, ...], mode: str) -> None:
    """The .docx opens with python-docx and holds the numbers of the Markdown: a heading, the
    eight points as Word's numbered list, the per-year figures as tables with a header row, the
    sources and caveats; title and language in its properties; small counts marked in exact mode."""
    with connect(default_db) as con:
        figures = compute(2018, 2018, regions, con, mode) if regions else compute(2019, 2021, (), con, mode)
    ans = answer(figures, "nl")
    md = answer_markdown(ans)
    document, text = docx_text(to_docx(ans, "Per jaar"))
    # The Markdown's point numbers ('1. ') are Word's list numbering in the file.
    assert numbers(text) == numbers(re.sub(r"^\d\. ", "", md, flags=re.MULTILINE))
    assert document.core_properties.title == ans.title
    assert document.core_properties.language == "nl-BE"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [ans.title, "Per jaar"]
    points = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert points == [item.text for item in ans.items] and len(points) == 8
    assert len(document.tables) == 2
    for table in document.tables:
        header = table.rows[0]
        assert header._tr.trPr is not None and header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert header.cells[0].text == "Jaar" and all(
            run.bold for c in header.cells for run in c.paragraphs[0].runs
        )
    assert "mogen niet worden opgeteld" in text and "Bronnen: INSISTO" in text
    if regions and mode == EXACT:
        assert MARKED_COUNT.search(text)  # Brussel 2018 has counts of 1 to 9 (tests/test_kerncijfers.py)
    if mode == PUBLIC:
        assert MARK not in text


def test_files_are_named_by_selection() -> None:
    """The files say what they are, the area and the period."""
    view = View(Filters(regions=("LIM",), period_from=date(2019, 1, 1), period_to=date(2021, 12, 31)), "nl")
    assert file_stem(view, ("LIM",)) == "antwoord-vraag_limburg_2019-2021"
    flanders = View(Filters(period_from=date(2021, 1, 1), period_to=date(2021, 12, 31)), "en")
    assert file_stem(flanders, ()) == "answer-question_flanders_2021"
