"""The population denominators (data/population.py, data/POPULATION.md) and their import from
Statbel's open-data files (`python -m data population`, data/statbel.py).

The expected numbers are the source document's, read by hand, or worked out by hand from them in
each test's docstring; none is copied from the code's output.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import duckdb
import polars as pl
import pytest

from data import population, synth, versions
from data.__main__ import main
from data.ingest import KEY_ENV_VAR, ingest
from tests.fixture_db import build_fixture_db
from tests.ingest_fixtures import TODAY, write_export

# The header of a Statbel TF_SOC_POP_STRUCT file (the columns the import reads, among others).
HEADER = (
    "CD_REFNIS|TX_DESCR_NL|TX_DESCR_FR|CD_DSTR_REFNIS|CD_PROV_REFNIS|TX_PROV_DESCR_NL|CD_RGN_REFNIS"
    "|TX_RGN_DESCR_NL|CD_SEX|CD_AGE|MS_POPULATION"
)
# (municipality, province, region, k): k × (age + 1) residents of each sex at every age 0..20.
# Province sums of k: ANT 3, LIM 2, OVL 4, VBR 4, WVL 5; Brussels-Capital Region 11 (its
# municipalities have no province); the Walloon municipality is not counted anywhere.
MUNICIPALITIES: tuple[tuple[int, str, int, int], ...] = (
    (11002, "10000", 2000, 1),
    (11008, "10000", 2000, 2),
    (71004, "70000", 2000, 1),
    (71011, "70000", 2000, 1),
    (44021, "40000", 2000, 2),
    (41002, "40000", 2000, 2),
    (24062, "20001", 2000, 1),
    (23002, "20001", 2000, 3),
    (31005, "30000", 2000, 2),
    (34022, "30000", 2000, 3),
    (21004, "", 4000, 5),
    (21015, "", 4000, 6),
    (62063, "60000", 3000, 7),
)


def statbel_lines(skip_province: str | None = None) -> list[str]:
    """A small Statbel-shaped file as lines (header first): see MUNICIPALITIES."""
    lines = [HEADER]
    for nis, province, region, k in MUNICIPALITIES:
        if province == skip_province:
            continue
        for sex in ("M", "F"):
            for age in range(21):
                names = f"{nis}|Gemeente {nis}|Commune|{nis // 1000 * 1000}"
                lines.append(f"{names}|{province}|P|{region}|R|{sex}|{age}|{k * (age + 1)}")
    return lines


def write_statbel(folder: Path, name: str, lines: list[str]) -> Path:
    """Write `lines` as a Statbel file `name` (a .zip holds it as the .txt of the same stem)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines) + "\n"
    path = folder / name
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(f"{path.stem}.txt", text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def sha256(path: Path) -> str:
    """The file's content hash."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table(path: Path) -> pl.DataFrame:
    """The population table of a data file."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.sql("select * from population order by region, year, age_band").pl()


def value(frame: pl.DataFrame, region: str, year: int, band: str = "0-17") -> tuple[int, bool, str]:
    """(minors, estimated, source) of one row."""
    row = frame.filter(region=region, year=year, age_band=band)
    assert row.height == 1
    return row["minors"][0], row["estimated"][0], row["source"][0]


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A small data file (the query tests' fixture) holding the reference population."""
    return build_fixture_db(tmp_path / "crisishulp.duckdb")


def test_reference_is_complete_with_the_contract_columns() -> None:
    """315 rows, one per region (7) × year 2017-2025 (9) × age band (5), with the contract's types."""
    ref = population.reference()
    assert ref.height == 7 * 9 * 5 == 315
    assert ref.schema == pl.Schema(
        {"region": pl.Utf8, "year": pl.Int32, "age_band": pl.Utf8, "minors": pl.Int64,
         "source": pl.Utf8, "estimated": pl.Boolean}
    )  # fmt: skip
    assert ref.select("region", "year", "age_band").n_unique() == 315
    assert set(ref["region"]) == {"ANT", "LIM", "OVL", "VBR", "WVL", "BRU", "VL"}
    assert set(ref["age_band"]) == {"0-17", "0-5", "6-11", "12-14", "15-17"}
    assert ref.null_count().sum_horizontal().item() == 0 and ref["minors"].min() > 0
    # Rewrites keep a table only when it was imported: the reference must never look imported.
    assert not population.imported(ref)


def test_years_are_the_dashboards_years() -> None:
    """The table covers exactly the years the queries do (queries.run DATA_START..DATA_END)."""
    from queries.run import DATA_END, DATA_START

    assert tuple(range(DATA_START.year, DATA_END.year + 1)) == population.YEARS


def test_bands_add_up_to_all_minors() -> None:
    """For every region and year the four age bands add up exactly to the 0-17 row."""
    wide = population.reference().pivot(on="age_band", index=["region", "year"], values="minors")
    assert (wide["0-5"] + wide["6-11"] + wide["12-14"] + wide["15-17"] == wide["0-17"]).all()


def test_published_figures_as_in_the_document() -> None:
    """Figures read off POPULATION.md tables 1 and 2: Limburg 2020 161.794, Antwerpen 2020 0-5
    122.423, West-Vlaanderen 2023 219.382, Limburg 2025 162.944 (S10), all not estimated; in the
    transcription, the Flemish Region 2019 1.277.456 and the Brussels-Capital Region 2018 274.889."""
    ref = population.reference()
    assert value(ref, "LIM", 2020) == (
        161794,
        False,
        "Statbel via Openbaar Ministerie, minderjarigenpopulatie per parket",
    )
    assert value(ref, "ANT", 2020, "0-5")[:2] == (122423, False)
    assert value(ref, "WVL", 2023)[:2] == (219382, False)
    assert value(ref, "LIM", 2025)[:2] == (162944, False)
    published = pl.read_csv(population.PUBLISHED_CSV)
    rows = {(a, y, b): n for a, y, b, n, _ in published.iter_rows()}
    assert rows["VLG", 2019, "0-17"] == 1277456
    assert rows["BCR", 2018, "0-17"] == 274889
    assert rows["BCR", 2021, "15-17"] == 40571
    assert rows["VBR", 2022, "0-17"] == 240441  # Halle-Vilvoorde 143.254 + Leuven 97.187


def test_an_estimated_province_year_worked_out_by_hand() -> None:
    """Antwerpen 2018 is estimated, 2020 is not. By hand: the Flemish Region's 1.271.607 minors of
    2018 shared by the provinces' 2020 counts (ANT 376.621 of 1.285.337): ANT 372.597,93, LIM
    160.065,71, OVL 292.577,93, VBR 233.779,80, WVL 212.585,64. Rounded down they sum to 1.271.603;
    the 4 left go to the largest remainders (OVL, ANT, VBR, LIM), so ANT = 372.598. The five
    estimated provinces add up to the Flemish Region's published 2019 total, 1.277.456."""
    ref = population.reference()
    minors, estimated, source = value(ref, "ANT", 2018)
    assert (minors, estimated) == (372598, True) and source.startswith("Schatting:")
    assert value(ref, "WVL", 2018)[0] == 212585
    assert value(ref, "ANT", 2020)[1] is False
    in_2019 = ref.filter(pl.col("region").is_in(population.PROVINCES), year=2019, age_band="0-17")
    assert in_2019["minors"].sum() == 1277456 and in_2019["estimated"].all()


def test_2024_is_the_mean_of_2023_and_2025() -> None:
    """Brussels-Capital Region 2024 = (274.738 + 268.740) / 2 = 271.739, so Brussel 2024 =
    30 % of it = 81.521,7 → 81.522, estimated; Brussel 2025 (from 268.740: 80.622) is not."""
    ref = population.reference()
    minors, estimated, source = value(ref, "BRU", 2024)
    assert (minors, estimated) == (81522, True) and "gemiddelde van 2023 en 2025" in source
    assert value(ref, "BRU", 2025)[:2] == (80622, False)


def test_brussels_is_30_percent_of_the_capital_region() -> None:
    """Brussel 2018 = 0,30 × 274.889 = 82.466,7 → 82.467, with the Brusselnorm as its source;
    its 2020 bands are 30 % of BCR's 99.444 / 95.071 / 43.064 / 39.449 (29.833,2 / 28.521,3 /
    12.919,2 / 11.834,7; 83.108 in all, so the one left goes to 15-17)."""
    ref = population.reference()
    minors, estimated, source = value(ref, "BRU", 2018)
    assert (minors, estimated) == (82467, False)
    assert source == "Brusselnorm: 30 % van de minderjarigen van het Brussels Hoofdstedelijk Gewest (Statbel)"
    bands = [value(ref, "BRU", 2020, b)[0] for b in ("0-5", "6-11", "12-14", "15-17")]
    assert bands == [29833, 28521, 12919, 11835]
    assert population.BRUSSELS_SHARE == 0.30
    assert set(population.BRUSSELS_CONVENTION) == {"nl", "en"}
    assert all("30 %" in text for text in population.BRUSSELS_CONVENTION.values())


def test_flanders_is_the_sum_of_the_six_regions() -> None:
    """VL 2020 = 376.621 + 161.794 + 295.737 + 236.304 + 214.881 + 83.108 = 1.368.445; every VL
    row is the sum of the six, estimated when a part is (2018: the provinces are)."""
    ref = population.reference()
    assert value(ref, "VL", 2020)[:2] == (1368445, False)
    parts = ref.filter(pl.col("region") != "VL").group_by("year", "age_band").agg(pl.col("minors").sum())
    joined = ref.filter(region="VL").join(parts, on=["year", "age_band"], suffix="_parts")
    assert (joined["minors"] == joined["minors_parts"]).all()
    assert value(ref, "VL", 2018)[1] is True


def test_an_invalid_table_is_refused_and_nothing_written(tmp_path: Path) -> None:
    """A table whose bands do not add up, or with a row missing, is refused before the write."""
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    broken = population.reference().with_columns(
        pl.when(region="ANT", year=2020, age_band="0-5").then(1).otherwise(pl.col("minors")).alias("minors")
    )
    with pytest.raises(population.PopulationError, match="ANT 2020"):
        population.write_population(con, broken)
    with pytest.raises(population.PopulationError, match="314"):
        population.write_population(con, population.reference().slice(1))
    assert con.execute("select count(*) from duckdb_tables() where table_name = 'population'").fetchall() == [
        (0,)
    ]
    con.close()


def test_the_fixture_and_the_synthetic_build_hold_the_reference(tmp_path: Path, live: Path) -> None:
    """The test fixture and a (small) synthetic build hold the table, equal to the reference."""
    assert table(live).equals(population.reference())
    built = synth.build(tmp_path / "synth.duckdb", scale=0.05).path
    assert table(built).equals(population.reference())


def test_upgrade_adds_the_table_to_an_older_file(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file from before the population table gets it from `upgrade`, which says so."""
    with duckdb.connect(str(live)) as con:
        con.execute("drop table population")
    assert main(["upgrade", str(live)]) == 0
    assert "toegevoegd: population" in capsys.readouterr().out
    assert table(live).equals(population.reference())


def test_statbel_import_replaces_the_imported_years(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Statbel files for 2023 (text) and 2024 (zip): per area the minors are k × (age + 1) of each
    sex, so a band sums 2 × k × Σ(age + 1): 0-5 2 × 21 = 42k, 6-11 2 × 57 = 114k, 12-14 2 × 42 =
    84k, 15-17 2 × 51 = 102k, 0-17 342k (ages 18-20 left out). ANT (k 3): 126, 342, 252, 306, 1.026.
    BCR (k 11): 3.762 → Brussel 0,3 × 3.762 = 1.128,6 → 1.129; bands 138,6 / 376,2 / 277,2 / 336,6,
    rounded down 1.127, the 2 left to 0-5 and 15-17: 139, 376, 277, 337. VL = 342 × 18 + 1.129 =
    7.285. These rows are not estimated; 2022 keeps the reference; the old file is kept."""
    files = [
        write_statbel(tmp_path / "statbel", "TF_SOC_POP_STRUCT_2023.txt", statbel_lines()),
        write_statbel(tmp_path / "statbel", "TF_SOC_POP_STRUCT_2024.zip", statbel_lines()),
    ]
    before = sha256(live)
    assert main(["population", *map(str, files), "--db", str(live)]) == 0
    printed = capsys.readouterr().out
    assert "2023, 2024" in printed
    # The reference's VL 2023 (POPULATION.md: 1.314.555 in the provinces + 82.421 for Brussel).
    assert "Vlaanderen (VL) 2023: 1.396.976 → 7.285 minderjarigen" in printed
    after = table(live)
    for year in (2023, 2024):
        ant = [value(after, "ANT", year, b)[0] for b in ("0-17", "0-5", "6-11", "12-14", "15-17")]
        assert ant == [1026, 126, 342, 252, 306]
        bru = [value(after, "BRU", year, b)[0] for b in ("0-17", "0-5", "6-11", "12-14", "15-17")]
        assert bru == [1129, 139, 376, 277, 337]
        assert value(after, "VL", year)[0] == 7285
        rows = after.filter(year=year)
        assert rows.height == 35 and not rows["estimated"].any()
    assert value(after, "LIM", 2023) == (684, False, "Statbel open data TF_SOC_POP_STRUCT_2023")
    assert after.filter(pl.col("year") != 2023, pl.col("year") != 2024).equals(
        population.reference().filter(pl.col("year") != 2023, pl.col("year") != 2024)
    )
    assert before in {sha256(p) for p in versions.folder(live).iterdir()}
    assert versions.describe(live).problem is None


def test_an_import_survives_upgrade_and_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once imported, Statbel's figures stay through an upgrade and the next quarter's ingest."""
    monkeypatch.delenv(KEY_ENV_VAR, raising=False)
    out = tmp_path / "crisishulp.duckdb"
    ingest(write_export(tmp_path / "export"), out, today=TODAY)
    assert table(out).equals(population.reference())
    path = write_statbel(tmp_path / "statbel", "TF_SOC_POP_STRUCT_2023.txt", statbel_lines())
    assert main(["population", str(path), "--db", str(out)]) == 0
    assert main(["upgrade", str(out)]) == 0
    assert value(table(out), "ANT", 2023)[:2] == (1026, False)
    ingest(write_export(tmp_path / "export2"), out, today=TODAY)
    assert value(table(out), "ANT", 2023)[:2] == (1026, False)
    assert value(table(out), "ANT", 2018)[:2] == (372598, True)


def bad_number(lines: list[str]) -> list[str]:
    """Line 5 (the header is line 1) with the count '12a'."""
    lines[4] = lines[4].rsplit("|", 1)[0] + "|12a"
    return lines


def year_column(lines: list[str]) -> list[str]:
    """A reference-date column saying 2022 in the 2023 file."""
    return [lines[0] + "|DT_REFDAT"] + [line + "|01/01/2022" for line in lines[1:]]


@pytest.mark.parametrize(
    ("name", "lines", "message"),
    [
        pytest.param(
            "TF_SOC_POP_STRUCT_2023.txt",
            [line.rsplit("|", 1)[0] for line in statbel_lines()],
            "regel 1: kolommen ontbreken: MS_POPULATION",
            id="missing-column",
        ),
        pytest.param(
            "TF_SOC_POP_STRUCT_2023.txt", bad_number(statbel_lines()),
            "regel 5: MS_POPULATION '12a' is geen geheel getal", id="bad-number",
        ),
        pytest.param(
            "TF_SOC_POP_STRUCT_2023.txt", year_column(statbel_lines()),
            "regel 2: DT_REFDAT '01/01/2022' is niet het jaar van de bestandsnaam (2023)", id="year-column",
        ),
        pytest.param(
            "TF_SOC_POP_STRUCT_2030.txt", statbel_lines(),
            "jaar 2030 valt buiten 2017-2025", id="year-out-of-range",
        ),
        pytest.param(
            "bevolking.txt", statbel_lines(), "het jaar staat niet in de bestandsnaam", id="no-year-in-name"
        ),
        pytest.param(
            "TF_SOC_POP_STRUCT_2023.txt", statbel_lines(skip_province="70000"),
            "geen rijen voor Limburg", id="province-missing",
        ),
    ],
)  # fmt: skip
def test_bad_statbel_files_are_refused_and_nothing_changes(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str], name: str, lines: list[str], message: str
) -> None:
    """Each broken file: exit 1, a Dutch and English message naming the file, the live file
    byte-identical and no version kept."""
    path = write_statbel(tmp_path / "statbel", name, lines)
    before = sha256(live)
    assert main(["population", str(path), "--db", str(live)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0].startswith(f"Inlezen van de bevolking mislukt; {live} is niet gewijzigd.")
    assert f"{path}" in err and message in err and "(" in err.split(message, 1)[1]
    assert sha256(live) == before and not versions.folder(live).exists()


def test_unreadable_and_duplicate_files_are_refused(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .zip that is no zip, a file that does not exist, a year given twice and a zip holding
    another year's file are all reported at once, each naming its file; nothing changes."""
    folder = tmp_path / "statbel"
    folder.mkdir()
    not_zip = folder / "TF_SOC_POP_STRUCT_2022.zip"
    not_zip.write_bytes(b"geen zip")
    absent = folder / "TF_SOC_POP_STRUCT_2021.txt"
    first = write_statbel(folder, "TF_SOC_POP_STRUCT_2023.txt", statbel_lines())
    again = write_statbel(folder / "kopie", "TF_SOC_POP_STRUCT_2023.zip", statbel_lines())
    other = folder / "TF_SOC_POP_STRUCT_2024.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("TF_SOC_POP_STRUCT_2019.txt", "\n".join(statbel_lines()))
    before = sha256(live)
    given = (not_zip, absent, first, again, other)
    assert main(["population", *map(str, given), "--db", str(live)]) == 1
    err = capsys.readouterr().err
    assert f"{not_zip}: kan niet gelezen worden" in err
    assert f"{absent}: kan niet gelezen worden" in err
    assert f"{again}: jaar 2023 staat ook in {first}" in err
    assert f"{other}: de zip heet 2024 maar bevat TF_SOC_POP_STRUCT_2019.txt" in err
    assert sha256(live) == before and not versions.folder(live).exists()


def test_contract_doc_names_every_column() -> None:
    """data/CONTRACT.md documents the population table and each of its columns."""
    doc = (Path(__file__).parent.parent / "data" / "CONTRACT.md").read_text(encoding="utf-8")
    section = doc.split("### `population`", 1)[1].split("### ", 1)[0]
    for name, kind in population.COLUMNS.items():
        assert f"| {name} | {kind} |" in section
