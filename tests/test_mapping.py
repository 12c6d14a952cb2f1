"""Tests of the export shapes: mapping files that rename an export's columns and recode its values
to the contract (data/MAPPINGS.md), the report of every translation, extra columns, and bad mappings.

The exports in the source systems' own shape are literal CSV text below, holding the same records
as the good export of tests/ingest_fixtures.py; counts are worked out by hand from those rows.
The examples in data/mappings/ are the mappings used, so they are checked as documented.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from data.__main__ import main
from data.ingest import KEY_ENV_VAR, IngestError, Problem, Recoding, fold, ingest, load_mappings
from data.ingest.mapping import IGNORED_RULE
from tests.ingest_fixtures import TODAY, add_column, set_cell, write_export
from tests.test_ingest import KEY, REF, STAY, TRAJ, hmac_hex, refused, rows, sha256

MAPPINGS = Path(__file__).parent.parent / "data" / "mappings"
INSISTO = MAPPINGS / "insisto.example.toml"
BINC = MAPPINGS / "binc.example.toml"
T_FILE = "crisis_trajectories.csv"

# INSISTO's shape: Dutch headers, region and module names, J/N and Ja/Nee, timestamps (T002 started
# and ended at a time of day: only the date counts), and the data manager's own 'Gedeeltelijk'.
INSISTO_TRAJECTORIES = (
    "Dossier;Kind;Gezin;Regio;Module;Leeftijd;Geslacht;Aanmelding;Start;Einde;Verlengd;Doelrealisatie;"
    "Uithuisplaatsing\n"
    "T001;M001;F001;Antwerpen;Crisisverblijf;12-14;V;2021-03-02 00:00:00;2021-03-03 00:00:00;"
    "2021-03-09 00:00:00;Nee;Bereikt;N\n"
    "T002;M002;F002;West-Vlaanderen;Crisishulp aan huis;6-11;M;2022-01-10 00:00:00;2022-01-10 09:30:00;"
    "2022-02-15 16:45:10;Ja;Gedeeltelijk;J\n"
    "T003;M003;F002;BRUSSEL;crisisinterventie;15-17;x;2023-06-20 00:00:00;;;Nee;;N\n"
)
# BINC's shape for the referrals and the stays, with codes from the data manager's own lists.
BINC_REFERRALS = (
    "Dossier;Vervolghulp;Binnen Opgroeien;Datum doorverwijzing\n"
    "T001;Verblijf;Ja;09/03/2021\n"
    "T002;Geestelijke gezondheidszorg;Nee;15/02/2022\n"
    "T002;Contextbegeleiding;Ja;16/02/2022\n"
)
BINC_STAYS = (
    "Verblijf;Kind;Regio;Leeftijd;Indicatie;Start;Einde;Reden einde;Naar huis (corona);Terug (corona);"
    "Contextbegeleiding\n"
    "S001;M001;Antwerpen;12-14;01/02/2020;01/03/2020;30/06/2021;Terug naar huis;16/03/2020;18/05/2020;WAAR\n"
    "S002;M004;limburg;18+;05/05/2022;12/05/2022;;;;;ONWAAR\n"
)
SOURCE_SHAPED = {TRAJ: INSISTO_TRAJECTORIES, REF: BINC_REFERRALS, STAY: BINC_STAYS}


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts without a pseudonymisation key, whatever the shell has set."""
    monkeypatch.delenv(KEY_ENV_VAR, raising=False)


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A live data file, ingested from the good export, for the tests that must leave it alone."""
    out = tmp_path / "live.duckdb"
    ingest(write_export(tmp_path / "plain"), out, today=TODAY)
    return out


def write_mapping(folder: Path, text: str, name: str = "insisto.toml") -> Path:
    """Write a mapping file and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def refused_mapping(
    tmp_path: Path, live: Path, mapping: Path, texts: dict[str, str] | None = None
) -> IngestError:
    """Ingest the source-shaped export over `live` with `mapping`: it must fail and leave `live` alone."""
    before = sha256(live)
    export = write_export(tmp_path / "export", texts or {TRAJ: INSISTO_TRAJECTORIES})
    error = refused(export, live, mappings=[mapping])
    assert sha256(live) == before
    assert not list(live.parent.glob("*.tmp*"))
    return error


# ---------------------------------------------------------------------------------------------
# Mapped exports end in the contract's data


def test_source_shaped_export_with_mappings_gives_the_same_data_as_the_contract_shaped(
    tmp_path: Path,
) -> None:
    """INSISTO- and BINC-shaped files ingested with the example mappings give the same three tables
    as the contract-shaped export."""
    mapped, plain = tmp_path / "mapped.duckdb", tmp_path / "plain.duckdb"
    result = ingest(
        write_export(tmp_path / "export", SOURCE_SHAPED), mapped, today=TODAY, mappings=[INSISTO, BINC]
    )
    ingest(write_export(tmp_path / "plain"), plain, today=TODAY)

    assert result.rows == {TRAJ: 3, REF: 3, STAY: 2}
    assert result.warnings == ()
    for table in (TRAJ, REF, STAY):
        # Two files, two key secrets: everything but the record keys is the same.
        query = f"select * exclude (record_key) from {table} order by all"
        assert rows(mapped, query) == rows(plain, query), table
    assert rows(
        mapped, "select started_on, ended_on from crisis_trajectories where trajectory_id = 'T002'"
    ) == [(date(2022, 1, 10), date(2022, 2, 15))]


def test_every_recoding_is_reported_with_its_count(tmp_path: Path) -> None:
    """Each value that was translated is reported once, with how often it occurred and to what, naming
    the export's column beside the contract's; values already in the contract's form are not."""
    result = ingest(
        write_export(tmp_path / "export", SOURCE_SHAPED),
        tmp_path / "o.duckdb",
        today=TODAY,
        mappings=[INSISTO, BINC],
    )

    def recoding(file: str, column: str, value: str, count: int, target: str) -> Recoding:
        """One expected translation in the named table's CSV file."""
        return Recoding(f"{file}.csv", column, value, count, target)

    # Counted from the rows above: 'Nee' twice and 'Ja' once in Verlengd, 'N' twice and 'J' once in
    # Uithuisplaatsing; 'x' (T003's gender) and the age bands are already the contract's codes.
    assert sorted(result.recodings, key=str) == sorted(
        [
            recoding(TRAJ, "Regio (region)", "Antwerpen", 1, "ANT"),
            recoding(TRAJ, "Regio (region)", "West-Vlaanderen", 1, "WVL"),
            recoding(TRAJ, "Regio (region)", "BRUSSEL", 1, "BRU"),
            recoding(TRAJ, "module", "Crisisverblijf", 1, "crisisverblijf"),
            recoding(TRAJ, "module", "Crisishulp aan huis", 1, "crisishulp_aan_huis"),
            recoding(TRAJ, "Geslacht (gender)", "V", 1, "v"),
            recoding(TRAJ, "Geslacht (gender)", "M", 1, "m"),
            recoding(TRAJ, "Verlengd (extended)", "Nee", 2, "false"),
            recoding(TRAJ, "Verlengd (extended)", "Ja", 1, "true"),
            recoding(TRAJ, "Doelrealisatie (goal_attainment)", "Bereikt", 1, "bereikt"),
            recoding(TRAJ, "Doelrealisatie (goal_attainment)", "Gedeeltelijk", 1, "gedeeltelijk_bereikt"),
            recoding(TRAJ, "Uithuisplaatsing (placement_advised)", "N", 2, "false"),
            recoding(TRAJ, "Uithuisplaatsing (placement_advised)", "J", 1, "true"),
            recoding(REF, "Vervolghulp (destination)", "Verblijf", 1, "verblijf"),
            recoding(REF, "Vervolghulp (destination)", "Geestelijke gezondheidszorg", 1, "ggz"),
            recoding(REF, "Vervolghulp (destination)", "Contextbegeleiding", 1, "contextbegeleiding"),
            recoding(REF, "Binnen Opgroeien (inside_opgroeien)", "Ja", 2, "true"),
            recoding(REF, "Binnen Opgroeien (inside_opgroeien)", "Nee", 1, "false"),
            recoding(STAY, "Regio (region)", "Antwerpen", 1, "ANT"),
            recoding(STAY, "Regio (region)", "limburg", 1, "LIM"),
            recoding(STAY, "Reden einde (end_reason)", "Terug naar huis", 1, "naar_huis"),
            recoding(STAY, "Contextbegeleiding (context_support)", "WAAR", 1, "true"),
            recoding(STAY, "Contextbegeleiding (context_support)", "ONWAAR", 1, "false"),
        ],
        key=str,
    )
    assert (
        str(result.recodings[0])
        == "crisis_trajectories.csv, kolom Regio (region): 'Antwerpen' — vertaald naar ANT (1 rij)"
    )


def test_the_command_prints_the_recodings_and_takes_the_option_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m data ingest DIR --mapping A --mapping B` ingests and prints each translation in Dutch."""
    export = write_export(tmp_path / "export", SOURCE_SHAPED)
    out = tmp_path / "out.duckdb"
    assert (
        main(["ingest", str(export), "--out", str(out), "--mapping", str(INSISTO), "--mapping", str(BINC)])
        == 0
    )
    printed = capsys.readouterr().out.splitlines()
    assert "Vertaald volgens de mapping (values translated by the mapping):" in printed
    assert (
        "  crisis_trajectories.csv, kolom Verlengd (extended): 'Nee' — vertaald naar false (2 rijen)"
        in printed
    )
    assert (
        "  referrals.csv, kolom Vervolghulp (destination): 'Geestelijke gezondheidszorg' — vertaald naar ggz"
        " (1 rij)" in printed
    )


def test_mapped_identifier_columns_are_pseudonymised_with_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a pseudonymisation key the renamed 'Dossier' and 'Kind' columns become keyed pseudonyms,
    as the contract's own trajectory_id and minor_id would."""
    monkeypatch.setenv(KEY_ENV_VAR, KEY)
    mapped, plain = tmp_path / "mapped.duckdb", tmp_path / "plain.duckdb"
    ingest(write_export(tmp_path / "export", SOURCE_SHAPED), mapped, today=TODAY, mappings=[INSISTO, BINC])
    ingest(write_export(tmp_path / "plain"), plain, today=TODAY)
    query = "select trajectory_id, minor_id, family_id from crisis_trajectories order by registered_on"
    assert rows(mapped, query)[0] == (
        hmac_hex(KEY, "trajectory:T001"),
        hmac_hex(KEY, "minor:M001"),
        hmac_hex(KEY, "family:F001"),
    )
    for table in (TRAJ, REF, STAY):
        query = f"select * exclude (record_key) from {table} order by all"
        assert rows(mapped, query) == rows(plain, query), table


def test_names_match_without_case_accents_or_separators(tmp_path: Path) -> None:
    """Region and module names and the mapping's own values match in any case, with or without accents,
    hyphens or underscores."""
    assert fold("Oost-Vlaanderen") == fold("OOST VLAANDEREN") == fold("oost_vlaandéren") == "oost vlaanderen"
    assert fold("  Crisishulp  aan huis ") == fold("crisishulp_aan_huis")
    text = set_cell(INSISTO_TRAJECTORIES, 2, "Regio", "OOST VLAANDEREN")
    text = set_cell(text, 2, "Module", "crisishulp-aan-huis")
    text = set_cell(text, 3, "Regio", "Oost-Vlaandéren")
    text = set_cell(text, 3, "Module", "chah")  # the mapping's own code 'CHAH'
    text = set_cell(text, 3, "Verlengd", "niet  VERLENGD")  # the mapping's 'Niet verlengd'
    out = tmp_path / "out.duckdb"
    result = ingest(write_export(tmp_path / "export", {TRAJ: text}), out, today=TODAY, mappings=[INSISTO])
    assert rows(
        out, "select trajectory_id, region, module, extended from crisis_trajectories order by 1"
    ) == [
        ("T001", "OVL", "crisishulp_aan_huis", False),
        ("T002", "OVL", "crisishulp_aan_huis", False),
        ("T003", "BRU", "crisisinterventie", False),
    ]
    regions = [(r.value, r.count, r.target) for r in result.recodings if r.column == "Regio (region)"]
    assert regions == [("OOST VLAANDEREN", 1, "OVL"), ("Oost-Vlaandéren", 1, "OVL"), ("BRUSSEL", 1, "BRU")]


def test_xlsx_export_with_date_cells_through_a_mapping(tmp_path: Path) -> None:
    """An INSISTO sheet with real date and date-time cells (a time of day: the date counts), and
    an Excel serial number in a date column, gives the contract-shaped data."""
    export = write_export(tmp_path / "export")
    (export / f"{TRAJ}.csv").unlink()
    sheet = pl.read_csv(io.StringIO(INSISTO_TRAJECTORIES), separator=";", infer_schema=False)
    sheet.with_columns(
        pl.col("Aanmelding").str.to_datetime().dt.date(),  # date cells
        pl.col("Start").str.to_datetime(),  # date-time cells, T002's at 09:30
        # Number cells, Excel serials: 44264 days after 30/12/1899 is 09/03/2021 (test_ingest.py
        # counts it out); 44607.7 is 15/02/2022 at 16:48.
        pl.Series("Einde", [44264.0, 44607.7, None]),
        pl.Series("Uithuisplaatsing", [0, 1, 0]),
    ).write_excel(export / f"{TRAJ}.xlsx")
    from_xlsx, plain = tmp_path / "xlsx.duckdb", tmp_path / "plain.duckdb"
    ingest(export, from_xlsx, today=TODAY, mappings=[INSISTO])
    ingest(write_export(tmp_path / "plain"), plain, today=TODAY)
    query = "select * exclude (record_key) from crisis_trajectories order by all"
    assert rows(from_xlsx, query) == rows(plain, query)


# ---------------------------------------------------------------------------------------------
# Extra columns


def test_an_unknown_extra_column_is_ignored_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A column neither in the contract nor in the mapping is left out of the file, and the command
    says so."""
    text = add_column(INSISTO_TRAJECTORIES, "Opmerking", ["eerste", "", "derde"])
    export = write_export(tmp_path / "export", {TRAJ: text})
    out = tmp_path / "out.duckdb"
    assert main(["ingest", str(export), "--out", str(out), "--mapping", str(INSISTO)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[1:3] == [
        "Waarschuwingen (warnings: columns ignored):",
        f"  {T_FILE}, kolom opmerking — {IGNORED_RULE}",
    ]
    columns = [c for (c,) in rows(out, "select column_name from information_schema.columns")]
    assert "opmerking" not in columns


def test_an_identifier_like_extra_column_is_still_refused(tmp_path: Path, live: Path) -> None:
    """A national register number beside the mapped columns is refused as without a mapping; a mapping
    cannot rename a name column into a pseudonym column either."""
    text = add_column(INSISTO_TRAJECTORIES, "Rijksregisternummer", ["", "", ""])
    error = refused_mapping(tmp_path, live, INSISTO, {TRAJ: text})
    assert [(p.file, p.column) for p in error.problems] == [(T_FILE, "rijksregisternummer")]
    assert "direct identificerende kolom (rijksregisternummer) niet toegelaten" in error.problems[0].rule

    mapping = write_mapping(tmp_path / "m", '[crisis_trajectories.columns]\n"Naam" = "family_id"\n')
    error = refused_mapping(tmp_path, live, mapping)
    assert [str(p) for p in error.problems] == [
        'insisto.toml — regel 2: [crisis_trajectories.columns] "Naam" = "family_id": de kolom is direct'
        " identificerend (naam) en wordt niet hernoemd"
    ]


# ---------------------------------------------------------------------------------------------
# Bad mappings and values: refused, nothing written


def test_a_value_without_translation_is_refused_with_its_count(tmp_path: Path, live: Path) -> None:
    """A module the mapping does not know is named once, with its column, count and rows."""
    text = set_cell(INSISTO_TRAJECTORIES, 2, "Module", "Crisisnoodopvang")
    text = set_cell(text, 3, "Module", "crisisnoodopvang")
    text = set_cell(text, 4, "Module", "Crisisnoodopvang")
    error = refused_mapping(tmp_path, live, INSISTO, {TRAJ: text})
    rule = (
        "waarde zonder vertaling ({n}); voeg ze toe onder [crisis_trajectories.values.module] in"
        " insisto.example.toml, of verbeter de export"
    )
    # Case counts as the same value for the translation, but each spelling is reported as written.
    assert error.problems == [
        Problem(T_FILE, 2, "module", "Crisisnoodopvang", rule.format(n="2 keer, rijen 2, 4")),
        Problem(T_FILE, 3, "module", "crisisnoodopvang", rule.format(n="1 keer, rij 3")),
    ]


def test_a_mapping_to_an_unknown_column_is_refused(tmp_path: Path, live: Path) -> None:
    """A rename to a column the table does not have is refused naming the line and the columns."""
    mapping = write_mapping(
        tmp_path / "m",
        '# INSISTO\n[crisis_trajectories.columns]\n"Dossier" = "trajectory_id"\n"Regio" = "regio_code"\n',
    )
    error = refused_mapping(tmp_path, live, mapping)
    assert [str(p) for p in error.problems] == [
        'insisto.toml — regel 4: [crisis_trajectories.columns] "Regio" = "regio_code": geen kolom van'
        " crisis_trajectories; de kolommen zijn trajectory_id, minor_id, family_id, region, module, age_band,"
        " gender, registered_on, started_on, ended_on, extended, goal_attainment, placement_advised"
    ]


def test_malformed_toml_is_refused_naming_file_and_line(tmp_path: Path, live: Path) -> None:
    """A TOML syntax error is reported with the file and the line it is on."""
    mapping = write_mapping(
        tmp_path / "m", '[crisis_trajectories.columns]\n"Dossier" = "trajectory_id"\n"Regio" region\n'
    )
    error = refused_mapping(tmp_path, live, mapping)
    (problem,) = error.problems
    assert problem.file == "insisto.toml"
    assert problem.rule.startswith("regel 3, teken 9: geen geldige TOML (")


def test_the_command_refuses_a_bad_mapping_and_changes_nothing(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--mapping` with a malformed file exits 1, says the data file is unchanged and names the
    mapping file and line."""
    mapping = write_mapping(tmp_path / "m", "[crisis_trajectories.columns\n")
    export = write_export(tmp_path / "export", {TRAJ: INSISTO_TRAJECTORIES})
    before = sha256(live)
    assert main(["ingest", str(export), "--out", str(live), "--mapping", str(mapping)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"Inlezen mislukt; {live} is niet gewijzigd."
    assert err[1].startswith("insisto.toml — regel 1, teken ")
    assert len(err) == 2
    assert sha256(live) == before


def test_a_mapping_for_an_unknown_table_is_refused(tmp_path: Path, live: Path) -> None:
    """A section for a table the contract does not have is refused, listing the tables."""
    mapping = write_mapping(tmp_path / "m", '[crisis_trajecten.columns]\n"Regio" = "region"\n')
    error = refused_mapping(tmp_path, live, mapping)
    assert [str(p) for p in error.problems] == [
        "insisto.toml — regel 1: onbekende tabel [crisis_trajecten]; de tabellen zijn crisis_trajectories,"
        " referrals, residential_stays"
    ]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            '[crisis_trajectories.values.region]\n"Oost" = "Oost-Vlaanderen"\n',
            'regel 2: [crisis_trajectories.values.region] "Oost" = "Oost-Vlaanderen": toegelaten zijn "ANT",'
            ' "LIM", "OVL", "VBR", "WVL", "BRU"',
        ),
        (
            '[crisis_trajectories.values.extended]\n"Verlengd" = "ja"\n',
            'regel 2: [crisis_trajectories.values.extended] "Verlengd" = "ja": toegelaten zijn true of false'
            " (zonder aanhalingstekens)",
        ),
        (
            '[crisis_trajectories.values.trajectory_id]\n"T1" = "T001"\n',
            "regel 1: [crisis_trajectories.values.trajectory_id]: geen kolom met een codelijst of ja/nee in"
            " crisis_trajectories; vertalen kan in region, module, age_band, gender, extended,"
            " goal_attainment, placement_advised",
        ),
        (
            "[crisis_trajectories]\nkolommen = {}\n",
            "regel 2: onbekende sleutel 'kolommen' in [crisis_trajectories]; toegelaten: columns, values",
        ),
    ],
    ids=["code-not-in-list", "boolean-as-text", "column-without-codes", "unknown-key"],
)
def test_other_bad_mappings_are_refused(tmp_path: Path, live: Path, text: str, rule: str) -> None:
    """Translations to a value outside the contract or of a column without codes, and unknown keys, are
    refused."""
    error = refused_mapping(tmp_path, live, write_mapping(tmp_path / "m", text))
    assert error.problems == [Problem("insisto.toml", None, None, None, rule)]


def test_a_table_in_two_mappings_and_a_missing_mapping_are_refused(tmp_path: Path, live: Path) -> None:
    """Each table is mapped by one file; a mapping file that does not exist is refused."""
    other = write_mapping(tmp_path / "m", '[crisis_trajectories.columns]\n"Regio" = "region"\n', "ander.toml")
    with pytest.raises(IngestError) as info:
        load_mappings([INSISTO, other, tmp_path / "ontbreekt.toml"])
    assert [str(p) for p in info.value.problems] == [
        "ander.toml — regel 1: [crisis_trajectories] staat ook in insisto.example.toml; geef elke tabel in"
        " één mapping",
        "ontbreekt.toml — mapping bestaat niet of is geen bestand",
    ]


def test_a_renamed_column_beside_its_contract_name_is_refused(tmp_path: Path, live: Path) -> None:
    """An export with both 'Regio' (mapped to region) and 'region' is ambiguous and refused."""
    text = add_column(INSISTO_TRAJECTORIES, "region", ["ANT", "WVL", "BRU"])
    error = refused_mapping(tmp_path, live, INSISTO, {TRAJ: text})
    assert [str(p) for p in error.problems] == [
        f"{T_FILE}, kolom region — kolom 'Regio' wordt region volgens insisto.example.toml, maar de export"
        " heeft ook een kolom region; laat er één staan"
    ]


def test_a_missing_mapped_column_names_both_names(tmp_path: Path, live: Path) -> None:
    """A required column missing from a mapped export is named as the export calls it and as the
    contract does."""
    text = INSISTO_TRAJECTORIES.replace(";Geslacht;", ";Sekse;", 1)
    error = refused_mapping(tmp_path, live, INSISTO, {TRAJ: text})
    assert Problem(T_FILE, None, "Geslacht (gender)", None, "verplichte kolom ontbreekt") in error.problems


def test_an_over_long_value_in_a_mapped_column_is_refused_once(tmp_path: Path, live: Path) -> None:
    """A module of 70 characters is refused for its length, not again as untranslated."""
    long = "Crisishulp " + "x" * 59
    error = refused_mapping(
        tmp_path, live, INSISTO, {TRAJ: set_cell(INSISTO_TRAJECTORIES, 3, "Module", long)}
    )
    assert error.problems == [
        Problem(T_FILE, 3, "module", long, "waarde is langer dan 64 tekens (70 tekens)")
    ]
