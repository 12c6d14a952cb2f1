"""Tests of `data.ingest`: reading real exports, validating them, pseudonymising, writing atomically.

Expected values are worked out by hand from the literal CSV text in tests/ingest_fixtures.py (row
numbers count the header as spreadsheet row 1). 'Today' is fixed at 30/06/2025.
"""

from __future__ import annotations

import hashlib
import hmac
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from data import ingest as ingest_module
from data import schema, store
from data.ingest import (
    HIDDEN,
    KEY_ENV_VAR,
    IngestError,
    Problem,
    boolean_expr,
    date_expr,
    ingest,
    looks_like_insz,
    number_expr,
)
from data.ingest.mapping import IGNORED_RULE
from tests.ingest_fixtures import (
    GOOD_CSV,
    REFERRALS_CSV,
    STAYS_CSV,
    TODAY,
    TRAJECTORIES_CSV,
    add_column,
    drop_column,
    set_cell,
    write_export,
)

KEY = "een-lange-geheime-sleutel-voor-tests"
OTHER_KEY = "een-andere-geheime-sleutel-2025"

TRAJ = "crisis_trajectories"
REF = "referrals"
STAY = "residential_stays"


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts without a pseudonymisation key, whatever the shell has set."""
    monkeypatch.delenv(KEY_ENV_VAR, raising=False)


def sha256(path: Path) -> str:
    """The file's content hash."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def secret_of(path: Path) -> str:
    """The key secret the data file keeps (store.KEY_SECRET_TABLE)."""
    return rows(path, "select secret from key_secret")[0][0]


def keyed(path: Path, identity: str) -> int:
    """A record key as the contract defines it, worked out with hashlib: the first byte of the MD5
    digest of the file's secret, '|' and the record's identity."""
    return hashlib.md5(f"{secret_of(path)}|{identity}".encode()).digest()[0]


def rows(path: Path, sql: str) -> list[tuple]:
    """Run a query on a data file opened read-only."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def refused(export: Path, out: Path, **kwargs: object) -> IngestError:
    """Run an ingest that must fail and return its error."""
    with pytest.raises(IngestError) as info:
        ingest(export, out, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return info.value


def hmac_hex(key: str, message: str) -> str:
    """The documented pseudonym: first 32 hex characters of HMAC-SHA256(key, 'domain:value')."""
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


# ---------------------------------------------------------------------------------------------
# A good export


def test_good_export_ingests_with_row_counts_types_and_values(tmp_path: Path) -> None:
    """A valid ;-separated dd/mm/yyyy export becomes a file with the right rows, types and values."""
    out = tmp_path / "out.duckdb"
    result = ingest(write_export(tmp_path / "export"), out, today=TODAY)

    assert result.rows == {TRAJ: 3, REF: 3, STAY: 2}
    assert result.out == out
    assert result.extract_date == date(2023, 6, 20)  # T003's registration is the latest date
    assert result.data_version.startswith("2023-06-20-")
    assert result.pseudonymised is False
    assert str(result) == (
        f"Ingelezen in {out}: crisis_trajectories 3, referrals 3, residential_stays 2 rijen;"
        f" versie {result.data_version} (gepseudonimiseerd: nee)"
    )
    for table, expected in ((TRAJ, 3), (REF, 3), (STAY, 2)):
        assert rows(out, f"select count(*) from {table}") == [(expected,)]
    types = dict(
        rows(
            out,
            "select column_name, data_type from information_schema.columns"
            " where table_name = 'crisis_trajectories'",
        )
    )
    assert types["registered_on"] == "DATE"
    assert types["extended"] == "BOOLEAN"
    assert types["record_key"] == "SMALLINT"
    assert types["region"] == "VARCHAR"
    assert rows(
        out,
        "select started_on, ended_on, extended, goal_attainment from crisis_trajectories"
        " where trajectory_id = 'T002'",
    ) == [(date(2022, 1, 10), date(2022, 2, 15), True, "gedeeltelijk_bereikt")]
    assert rows(
        out, "select started_on, goal_attainment from crisis_trajectories where trajectory_id = 'T003'"
    ) == [(None, None)]
    assert rows(out, "select inside_opgroeien from referrals where destination = 'ggz'") == [(False,)]
    assert rows(
        out,
        "select region, ended_on, end_reason, context_support from residential_stays where stay_id = 'S002'",
    ) == [("LIM", None, None, False)]
    assert rows(out, "select source, synthetic, extract_date, data_version from build_info") == [
        ("ingest", False, date(2023, 6, 20), result.data_version)
    ]


def test_record_keys_are_keyed_hashes_nobody_can_compute_from_the_ids(tmp_path: Path) -> None:
    """record_key is the first byte of md5(secret | identity), with a random secret the file keeps:
    not md5 of the identity alone (anyone holding the export could compute that). A second ingest
    over the file keeps the secret, so every record keeps its key (and each cell its value); a new
    file gets a new secret."""
    out = tmp_path / "out.duckdb"
    ingest(write_export(tmp_path / "export"), out, today=TODAY)
    secret = secret_of(out)
    assert len(secret) == 64
    assert rows(out, "select record_key from crisis_trajectories where trajectory_id = 'T001'") == [
        (keyed(out, "T001"),)
    ]
    assert rows(out, "select record_key from residential_stays where stay_id = 'S002'") == [
        (keyed(out, "S002"),)
    ]
    assert rows(out, "select record_key from referrals where destination = 'ggz'") == [
        (keyed(out, "T002|ggz|2022-02-15"),)
    ]
    keys = rows(out, "select trajectory_id, record_key from crisis_trajectories order by 1")
    assert keys != [(t, hashlib.md5(t.encode()).digest()[0]) for t, _ in keys]
    ingest(write_export(tmp_path / "export"), out, today=TODAY)  # the next quarter, same records
    assert secret_of(out) == secret
    assert rows(out, "select trajectory_id, record_key from crisis_trajectories order by 1") == keys
    other = tmp_path / "other.duckdb"
    ingest(write_export(tmp_path / "export"), other, today=TODAY)
    assert secret_of(other) != secret


def test_parquet_table_reads_with_native_dates_and_booleans(tmp_path: Path) -> None:
    """A Parquet file with Date and Boolean columns gives the same table as the CSV."""
    export = write_export(tmp_path / "export")
    (export / f"{TRAJ}.csv").unlink()
    pl.DataFrame(
        {
            "trajectory_id": ["T001", "T002", "T003"],
            "minor_id": ["M001", "M002", "M003"],
            "family_id": ["F001", "F002", "F002"],
            "region": ["ANT", "WVL", "BRU"],
            "module": ["crisisverblijf", "crisishulp_aan_huis", "crisisinterventie"],
            "age_band": ["12-14", "6-11", "15-17"],
            "gender": ["v", "m", "x"],
            "registered_on": [date(2021, 3, 2), date(2022, 1, 10), date(2023, 6, 20)],
            "started_on": [date(2021, 3, 3), date(2022, 1, 10), None],
            "ended_on": [date(2021, 3, 9), date(2022, 2, 15), None],
            "extended": [False, True, False],
            "goal_attainment": ["bereikt", "gedeeltelijk_bereikt", None],
            "placement_advised": [False, True, False],
        }
    ).write_parquet(export / f"{TRAJ}.parquet")
    from_parquet, from_csv = tmp_path / "parquet.duckdb", tmp_path / "csv.duckdb"
    ingest(export, from_parquet, today=TODAY)
    ingest(write_export(tmp_path / "csv"), from_csv, today=TODAY)

    # Two files, two key secrets: everything but the record keys is the same.
    query = "select * exclude (record_key) from crisis_trajectories order by trajectory_id"
    assert rows(from_parquet, query) == rows(from_csv, query)
    assert rows(from_parquet, "select ended_on from crisis_trajectories where trajectory_id = 'T001'") == [
        (date(2021, 3, 9),)
    ]


def test_xlsx_table_reads_with_excel_dates_and_numeric_booleans(tmp_path: Path) -> None:
    """An XLSX sheet with real Excel dates and 1/0 flags gives the same table as the CSV."""
    export = write_export(tmp_path / "export")
    (export / f"{STAY}.csv").unlink()
    pl.DataFrame(
        {
            "Stay_ID": ["S001", "S002"],  # header case differs on purpose
            "minor_id": ["M001", "M004"],
            "region": ["ANT", "LIM"],
            "age_band": ["12-14", "18+"],
            "indicated_on": [date(2020, 2, 1), date(2022, 5, 5)],
            "started_on": [date(2020, 3, 1), date(2022, 5, 12)],
            "ended_on": [date(2021, 6, 30), None],
            "end_reason": ["naar_huis", None],
            "covid_home_on": [date(2020, 3, 16), None],
            "covid_return_on": [date(2020, 5, 18), None],
            "context_support": [1, 0],
        }
    ).write_excel(export / f"{STAY}.xlsx")
    from_xlsx, from_csv = tmp_path / "xlsx.duckdb", tmp_path / "csv.duckdb"
    ingest(export, from_xlsx, today=TODAY)
    ingest(write_export(tmp_path / "csv"), from_csv, today=TODAY)

    query = "select * exclude (record_key) from residential_stays order by stay_id"
    assert rows(from_xlsx, query) == rows(from_csv, query)
    assert rows(
        from_xlsx, "select covid_home_on, context_support from residential_stays where stay_id = 'S001'"
    ) == [(date(2020, 3, 16), True)]


def test_xlsx_serial_numbers_in_a_date_column_are_excel_dates(tmp_path: Path) -> None:
    """A number in a date column of an XLSX sheet is an Excel serial date (days after 30/12/1899,
    the fraction a time of day that does not count); in a CSV it stays an invalid date."""
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").unlink()
    pl.DataFrame(
        {
            "trajectory_id": ["T001", "T002", "T002"],
            "destination": ["verblijf", "ggz", "contextbegeleiding"],
            "inside_opgroeien": [True, False, True],
            # 15/02/2022: 122 years from 1900 of 365 days (44530), 30 leap days 1904-2020, 31 + 14
            # days into 2022, and 2 for 30 and 31/12/1899: 44607. 09/03/2021 is 365 + 31 + 28 + 1
            # = 343 days earlier: 44264.
            "referred_on": [44264.99, 44607.0, 44608.25],
        }
    ).write_excel(export / f"{REF}.xlsx")
    out = tmp_path / "out.duckdb"
    ingest(export, out, today=TODAY)
    assert rows(out, "select destination, referred_on from referrals order by referred_on") == [
        ("verblijf", date(2021, 3, 9)),
        ("ggz", date(2022, 2, 15)),
        ("contextbegeleiding", date(2022, 2, 16)),
    ]
    csv = write_export(tmp_path / "csv", {REF: set_cell(REFERRALS_CSV, 2, "referred_on", "44264")})
    assert refused(csv, tmp_path / "csv.duckdb").problems == [
        Problem(R_FILE, 2, "referred_on", "44264", DATE_RULE)
    ]


def test_xlsx_rows_are_numbered_as_in_the_sheet(tmp_path: Path) -> None:
    """A bad cell in the second data row of an XLSX sheet is reported as rij 3."""
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").unlink()
    pl.DataFrame(
        {
            "trajectory_id": ["T001", "T002"],
            "destination": ["verblijf", "ggz"],
            "inside_opgroeien": ["ja", "nee"],
            "referred_on": ["09/03/2021", "30/02/2022"],
        }
    ).write_excel(export / f"{REF}.xlsx")
    error = refused(export, tmp_path / "out.duckdb")
    assert error.problems == [
        Problem(
            "referrals.xlsx", 3, "referred_on", "30/02/2022", "geen geldige datum (dd/mm/jjjj of jjjj-mm-dd)"
        )
    ]


def test_bom_comma_separator_and_iso_dates_read(tmp_path: Path) -> None:
    """A UTF-8 file with BOM, ',' separators, CRLF line ends and ISO dates is read like the ;-file."""
    text = (
        "\ufefftrajectory_id,destination,inside_opgroeien,referred_on\r\n"
        "T001,verblijf,true,2021-03-09\r\n"
        "T002,ggz,false,2022-02-15\r\n"
        "T002,contextbegeleiding,1,2022-02-16\r\n"
    )
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").write_bytes(text.encode("utf-8"))
    assert (export / f"{REF}.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    out = tmp_path / "out.duckdb"
    ingest(export, out, today=TODAY)
    assert rows(
        out,
        "select trajectory_id, destination, inside_opgroeien, referred_on from referrals"
        " order by referred_on",
    ) == [
        ("T001", "verblijf", True, date(2021, 3, 9)),
        ("T002", "ggz", False, date(2022, 2, 15)),
        ("T002", "contextbegeleiding", True, date(2022, 2, 16)),
    ]


def test_cp1252_file_with_accented_dutch_word_reads(tmp_path: Path) -> None:
    """A Windows-1252 file (an Excel 'CSV (;)' save) with 'geëvalueerd' in it is read."""
    text = add_column(REFERRALS_CSV, "opmerking", ["geëvalueerd", "café-overleg", "één keer"])
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").write_bytes(text.encode("cp1252"))
    assert b"ge\xebvalueerd" in (export / f"{REF}.csv").read_bytes()  # ë is one byte, 0xEB
    out = tmp_path / "out.duckdb"
    result = ingest(export, out, today=TODAY)
    assert result.rows[REF] == 3


def test_cp1252_bad_value_is_reported_decoded(tmp_path: Path) -> None:
    """A bad cell in a Windows-1252 file is quoted in the message as the user typed it."""
    text = set_cell(REFERRALS_CSV, 2, "destination", "thuisbegeleiding-één")
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").write_bytes(text.encode("cp1252"))
    error = refused(export, tmp_path / "out.duckdb")
    assert [(p.row, p.column, p.value) for p in error.problems] == [
        (2, "destination", "thuisbegeleiding-één")
    ]


def test_headers_match_case_insensitively_and_extra_columns_are_ignored(tmp_path: Path) -> None:
    """' Trajectory_ID ', 'REGION' etc. match; an unknown column is ignored with a warning, an exported
    record_key silently (the ingest computes it)."""
    text = TRAJECTORIES_CSV.replace("trajectory_id;", " Trajectory_ID ;", 1).replace(
        ";region;", ";REGION;", 1
    )
    text = add_column(text, "record_key", ["999", "abc", ""])
    text = add_column(text, "opmerking", ["x", "y", "z"])
    out = tmp_path / "out.duckdb"
    result = ingest(write_export(tmp_path / "export", {TRAJ: text}), out, today=TODAY)
    assert result.warnings == (Problem(f"{TRAJ}.csv", None, "opmerking", None, IGNORED_RULE),)
    assert result.recodings == ()  # without a mapping nothing is translated, only matched
    assert rows(
        out, "select trajectory_id, region, record_key from crisis_trajectories where trajectory_id = 'T001'"
    ) == [("T001", "ANT", keyed(out, "T001"))]
    assert "opmerking" not in [c for (c,) in rows(out, "select column_name from information_schema.columns")]


def test_codes_are_matched_case_insensitively_and_stored_in_contract_case(tmp_path: Path) -> None:
    """'ant', ' Crisisverblijf ' and 'V' are stored as ANT, crisisverblijf and v."""
    text = set_cell(TRAJECTORIES_CSV, 2, "region", "ant")
    text = set_cell(text, 2, "module", " Crisisverblijf ")
    text = set_cell(text, 2, "gender", "V")
    out = tmp_path / "out.duckdb"
    ingest(write_export(tmp_path / "export", {TRAJ: text}), out, today=TODAY)
    assert rows(
        out, "select region, module, gender from crisis_trajectories where trajectory_id = 'T001'"
    ) == [("ANT", "crisisverblijf", "v")]


def test_empty_lines_are_skipped_but_keep_their_row_number(tmp_path: Path) -> None:
    """Empty lines and ';;;' lines are skipped; a bad cell after one still gets its spreadsheet row."""
    lines = TRAJECTORIES_CSV.splitlines()
    # Header (1), T001 (2), empty line (3), T002 (4), ';;;...' line (5), T003 (6).
    text = "\n".join([lines[0], lines[1], "", lines[2], ";" * 12, lines[3]]) + "\n"
    text = text.replace("T002;M002;F002;WVL", "T002;M002;F002;XXX")
    error = refused(write_export(tmp_path / "export", {TRAJ: text}), tmp_path / "out.duckdb")
    assert [(p.row, p.column, p.value) for p in error.problems] == [(4, "region", "XXX")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-09", date(2021, 3, 9)),
        ("09/03/2021", date(2021, 3, 9)),
        ("9/3/2021", date(2021, 3, 9)),
        ("09-03-2021", date(2021, 3, 9)),
        ("2021-03-09 00:00:00", date(2021, 3, 9)),
        ("29/02/2024", date(2024, 2, 29)),
        ("29/02/2023", None),
        ("09/03/21", None),
        ("2021-03-09 13:45:00", date(2021, 3, 9)),
        ("09/03/2021 8:05", date(2021, 3, 9)),
        ("2021-03-09T23:59:59.5", date(2021, 3, 9)),
        ("44264", None),
        ("03/09/2021x", None),
        ("maart 2021", None),
    ],
)
def test_date_formats(text: str, expected: date | None) -> None:
    """ISO, dd/mm/yyyy and dd-mm-yyyy parse (a time after the date is ignored, whatever it is); two-digit
    years do not, nor a number outside a spreadsheet."""
    assert pl.select(date_expr(pl.lit(text))).item() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ja", True), ("Nee", False), ("J", True), ("n", False), ("TRUE", True), ("false", False),
        ("1", True), ("0", False), ("Waar", True), ("onwaar", False), (" ja ", True), ("yes", None),
        ("2", None),
    ],
)  # fmt: skip
def test_boolean_words(text: str, expected: bool | None) -> None:
    """ja/nee, j/n, true/false, 1/0 and waar/onwaar in any case are booleans; other words are not."""
    assert pl.select(boolean_expr(pl.lit(text))).item() is expected


@pytest.mark.parametrize(
    ("text", "sql_type", "expected"),
    [
        ("3,25", "DOUBLE", 3.25),
        ("1.234,5", "DOUBLE", 1234.5),
        ("2.5", "DOUBLE", 2.5),
        ("-7", "DOUBLE", -7.0),
        ("abc", "DOUBLE", None),
        ("12", "SMALLINT", 12),
        ("12,0", "SMALLINT", 12),
        ("1,5", "SMALLINT", None),
        ("40000", "SMALLINT", None),
    ],
)
def test_numbers_accept_a_belgian_decimal_comma(text: str, sql_type: str, expected: float | None) -> None:
    """Numeric cells accept a decimal comma with points grouping thousands; integers must be whole."""
    assert pl.select(number_expr(pl.lit(text), sql_type)).item() == expected


# ---------------------------------------------------------------------------------------------
# One rule broken at a time

T_FILE, R_FILE, S_FILE = f"{TRAJ}.csv", f"{REF}.csv", f"{STAY}.csv"
DATE_RULE = "geen geldige datum (dd/mm/jjjj of jjjj-mm-dd)"


def codes_rule(codes: str) -> str:
    """The code-list rule text for the listed codes."""
    return f"onbekende code; toegelaten: {codes}"


RULE_CASES = [
    pytest.param(
        TRAJ,
        [(2, "started_on", "31/02/2021")],
        Problem(T_FILE, 2, "started_on", "31/02/2021", DATE_RULE),
        id="impossible-date",
    ),
    pytest.param(
        TRAJ,
        [(3, "registered_on", "10/01/22")],
        Problem(T_FILE, 3, "registered_on", "10/01/22", DATE_RULE),
        id="two-digit-year",
    ),
    pytest.param(
        TRAJ,
        [(3, "extended", "misschien")],
        Problem(
            T_FILE,
            3,
            "extended",
            "misschien",
            "geen geldige ja/nee-waarde (ja/nee, j/n, true/false, 1/0, waar/onwaar)",
        ),
        id="bad-boolean",
    ),
    pytest.param(
        TRAJ,
        [(2, "region", "")],
        Problem(T_FILE, 2, "region", None, "verplichte waarde ontbreekt"),
        id="empty-required",
    ),
    pytest.param(
        STAY,
        [(3, "indicated_on", "  ")],
        Problem(S_FILE, 3, "indicated_on", None, "verplichte waarde ontbreekt"),
        id="blank-required-date",
    ),
    pytest.param(
        TRAJ,
        [(2, "region", "GENT")],
        Problem(T_FILE, 2, "region", "GENT", codes_rule("ANT, LIM, OVL, VBR, WVL, BRU")),
        id="region",
    ),
    pytest.param(
        TRAJ,
        [(2, "module", "crisisopvang")],
        Problem(
            T_FILE,
            2,
            "module",
            "crisisopvang",
            codes_rule(
                "crisishulp_aan_huis, crisisbegeleiding, crisisinterventie, crisisverblijf, crisispleegzorg"
            ),
        ),
        id="module",
    ),
    pytest.param(
        TRAJ,
        [(2, "age_band", "12-17")],
        Problem(T_FILE, 2, "age_band", "12-17", codes_rule("0-5, 6-11, 12-14, 15-17, 18+")),
        id="age-band",
    ),
    pytest.param(
        TRAJ, [(2, "gender", "f")], Problem(T_FILE, 2, "gender", "f", codes_rule("m, v, x")), id="gender"
    ),
    pytest.param(
        TRAJ,
        [(2, "goal_attainment", "deels")],
        Problem(
            T_FILE,
            2,
            "goal_attainment",
            "deels",
            codes_rule("bereikt, grotendeels_bereikt, gedeeltelijk_bereikt, niet_bereikt"),
        ),
        id="goal-attainment",
    ),
    pytest.param(
        REF,
        [(2, "destination", "jeugdrechtbank")],
        Problem(
            R_FILE,
            2,
            "destination",
            "jeugdrechtbank",
            codes_rule(
                "contextbegeleiding, verblijf, pleegzorg, dagbegeleiding, ooc, ggz, caw, vaph, clb,"
                " eerstelijn, andere"
            ),
        ),
        id="destination",
    ),
    pytest.param(
        STAY,
        [(2, "end_reason", "weggelopen")],
        Problem(
            S_FILE,
            2,
            "end_reason",
            "weggelopen",
            codes_rule("naar_huis, pleegzorg, zelfstandig, andere_voorziening, meerderjarig, andere"),
        ),
        id="end-reason",
    ),
    pytest.param(
        REF,
        [(3, "inside_opgroeien", "ja")],
        Problem(
            R_FILE,
            3,
            "inside_opgroeien",
            "ja",
            "klopt niet met de bestemming (ggz is geen jeugdhulp van Opgroeien: verwacht nee)",
        ),
        id="inside-opgroeien",
    ),
    pytest.param(
        TRAJ,
        [(2, "registered_on", "05/03/2021")],
        Problem(T_FILE, 2, "started_on", "03/03/2021", "started_on ligt vóór registered_on (05/03/2021)"),
        id="started-before-registered",
    ),
    pytest.param(
        TRAJ,
        [(3, "ended_on", "09/01/2022")],
        Problem(T_FILE, 3, "ended_on", "09/01/2022", "ended_on ligt vóór started_on (10/01/2022)"),
        id="ended-before-started",
    ),
    pytest.param(
        TRAJ,
        [(2, "started_on", "")],
        Problem(T_FILE, 2, "ended_on", "09/03/2021", "einddatum zonder startdatum (started_on)"),
        id="ended-without-started",
    ),
    pytest.param(
        STAY,
        [(2, "indicated_on", "05/03/2020")],
        Problem(S_FILE, 2, "started_on", "01/03/2020", "started_on ligt vóór indicated_on (05/03/2020)"),
        id="stay-started-before-indicated",
    ),
    pytest.param(
        STAY,
        [(2, "covid_home_on", "28/02/2020")],
        Problem(S_FILE, 2, "covid_home_on", "28/02/2020", "covid_home_on ligt vóór started_on (01/03/2020)"),
        id="covid-home-before-stay",
    ),
    pytest.param(
        STAY,
        [(2, "covid_home_on", "01/07/2021"), (2, "covid_return_on", "")],
        Problem(
            S_FILE,
            2,
            "covid_home_on",
            "01/07/2021",
            "covid_home_on ligt na het einde van het verblijf (30/06/2021)",
        ),
        id="covid-home-after-stay",
    ),
    pytest.param(
        STAY,
        [(3, "started_on", ""), (3, "covid_home_on", "20/05/2022")],
        Problem(S_FILE, 3, "covid_home_on", "20/05/2022", "covid_home_on zonder startdatum van het verblijf"),
        id="covid-home-without-start",
    ),
    pytest.param(
        STAY,
        [(2, "covid_return_on", "15/03/2020")],
        Problem(
            S_FILE, 2, "covid_return_on", "15/03/2020", "covid_return_on ligt vóór covid_home_on (16/03/2020)"
        ),
        id="covid-return-before-home",
    ),
    pytest.param(
        STAY,
        [(2, "covid_home_on", "")],
        Problem(S_FILE, 2, "covid_return_on", "18/05/2020", "covid_return_on zonder covid_home_on"),
        id="covid-return-without-home",
    ),
    pytest.param(
        STAY,
        [(2, "covid_return_on", "01/07/2021")],
        Problem(
            S_FILE,
            2,
            "covid_return_on",
            "01/07/2021",
            "covid_return_on ligt na het einde van het verblijf (30/06/2021)",
        ),
        id="covid-return-after-stay",
    ),
    pytest.param(
        REF,
        [(2, "referred_on", "01/03/2021")],
        Problem(
            R_FILE,
            2,
            "referred_on",
            "01/03/2021",
            "verwijzing ligt vóór registered_on van het traject (02/03/2021)",
        ),
        id="referral-before-registration",
    ),
    pytest.param(
        TRAJ,
        [(4, "registered_on", "01/07/2025")],
        Problem(T_FILE, 4, "registered_on", "01/07/2025", "datum ligt in de toekomst (na 30/06/2025)"),
        id="future-date",
    ),
    pytest.param(
        STAY,
        [(3, "indicated_on", "31/12/1999")],
        Problem(
            S_FILE, 3, "indicated_on", "31/12/1999", "datum vóór 01/01/2000 is onmogelijk in dit register"
        ),
        id="before-earliest-date",
    ),
    pytest.param(
        TRAJ,
        [(4, "trajectory_id", "T001")],
        Problem(T_FILE, 4, "trajectory_id", "T001", "dubbele trajectory_id: komt 2 keer voor (rijen 2, 4)"),
        id="duplicate-trajectory",
    ),
    pytest.param(
        STAY,
        [(3, "stay_id", "S001")],
        Problem(S_FILE, 3, "stay_id", "S001", "dubbele stay_id: komt 2 keer voor (rijen 2, 3)"),
        id="duplicate-stay",
    ),
    pytest.param(
        REF,
        [(4, "trajectory_id", "T999")],
        Problem(
            R_FILE,
            4,
            "trajectory_id",
            "T999",
            "verwijst naar een trajectory_id die niet voorkomt in crisis_trajectories.csv",
        ),
        id="unknown-trajectory",
    ),
    pytest.param(
        # 10/01/2022 to 10/01/2023 is 365 days; one day more is 366.
        TRAJ,
        [(3, "ended_on", "11/01/2023")],
        Problem(
            T_FILE,
            3,
            "ended_on",
            "11/01/2023",
            "crisismodule duurt langer dan 365 dagen: onaannemelijk (366 dagen)",
        ),
        id="crisis-too-long",
    ),
    pytest.param(
        # 01/01/2000 plus 25 years is 01/01/2025; the stay ends a day later.
        STAY,
        [(3, "indicated_on", "01/01/2000"), (3, "started_on", "01/01/2000"), (3, "ended_on", "02/01/2025")],
        Problem(
            S_FILE,
            3,
            "ended_on",
            "02/01/2025",
            "verblijf duurt langer dan 25 jaar: onaannemelijk (start 01/01/2000)",
        ),
        id="stay-too-long",
    ),
    pytest.param(
        # 09.11.05-456.77: 2091105456 = 97 x 21557788 + 20, and 97 - 20 = 77 (born after 2000).
        TRAJ,
        [(3, "minor_id", "09.11.05-456.77")],
        Problem(
            T_FILE,
            3,
            "minor_id",
            HIDDEN,
            "waarde lijkt een rijksregisternummer; enkel toegelaten met een pseudonimiseringssleutel"
            f" in {KEY_ENV_VAR}",
        ),
        id="insz-in-minor-id",
    ),
    pytest.param(
        TRAJ,
        [(4, "module", "crisisinterventie " + "x" * 47)],
        Problem(
            T_FILE, 4, "module", "crisisinterventie " + "x" * 47, "waarde is langer dan 64 tekens (65 tekens)"
        ),
        id="over-long-code",
    ),
    pytest.param(
        # A hostile cell: reported once, for its length, and shown cut at 80 characters.
        TRAJ,
        [(2, "family_id", "F" * 5000)],
        Problem(T_FILE, 2, "family_id", "F" * 80 + "…", "waarde is langer dan 64 tekens (5000 tekens)"),
        id="over-long-open-value",
    ),
]


@pytest.mark.parametrize(("table", "edits", "expected"), RULE_CASES)
def test_each_rule_reports_file_row_column_value(
    tmp_path: Path, table: str, edits: list[tuple[int, str, str]], expected: Problem
) -> None:
    """Breaking one rule once gives exactly one problem naming file, row, column, value and rule."""
    text = GOOD_CSV[table]
    for row, column, value in edits:
        text = set_cell(text, row, column, value)
    error = refused(write_export(tmp_path / "export", {table: text}), tmp_path / "out.duckdb")
    assert error.problems == [expected]
    assert str(error) == str(expected)


def test_problem_text_names_everything() -> None:
    """A problem reads 'file, rij N, kolom C: 'value' — rule' and omits what it does not know."""
    assert str(Problem("crisis_trajectories.csv", 12, "started_on", "31/02/2021", DATE_RULE)) == (
        "crisis_trajectories.csv, rij 12, kolom started_on: '31/02/2021' — " + DATE_RULE
    )
    assert str(Problem("referrals.csv", None, "referred_on", None, "verplichte kolom ontbreekt")) == (
        "referrals.csv, kolom referred_on — verplichte kolom ontbreekt"
    )
    assert (
        str(Problem("x.csv", 3, "minor_id", HIDDEN, "r")) == "x.csv, rij 3, kolom minor_id: (verborgen) — r"
    )


def test_missing_required_column(tmp_path: Path) -> None:
    """A contract column missing from the header is a problem naming the column."""
    text = drop_column(TRAJECTORIES_CSV, "gender")
    error = refused(write_export(tmp_path / "export", {TRAJ: text}), tmp_path / "out.duckdb")
    assert error.problems == [Problem(T_FILE, None, "gender", None, "verplichte kolom ontbreekt")]


def test_duplicate_header_column(tmp_path: Path) -> None:
    """Two columns with the same name (ignoring case) are refused."""
    text = add_column(REFERRALS_CSV, "Destination", ["ggz", "ggz", "ggz"])
    error = refused(write_export(tmp_path / "export", {REF: text}), tmp_path / "out.duckdb")
    assert error.problems == [
        Problem(R_FILE, None, "destination", None, "kolom komt meer dan eens voor in de kopregel")
    ]


def test_duplicate_header_column_in_xlsx(tmp_path: Path) -> None:
    """An XLSX header naming the same column twice is refused (the reader would rename the second)."""
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").unlink()
    header = ["trajectory_id", "destination", "inside_opgroeien", "referred_on", "destination"]
    frame = pl.DataFrame(
        [header, ["T001", "verblijf", "ja", "09/03/2021", "ggz"]],
        schema=[f"c{i}" for i in range(5)],
        orient="row",
    )
    frame.write_excel(export / f"{REF}.xlsx", include_header=False)
    error = refused(export, tmp_path / "out.duckdb")
    assert error.problems == [
        Problem("referrals.xlsx", None, "destination", None, "kolom komt meer dan eens voor in de kopregel")
    ]


def test_many_problems_are_reported_together(tmp_path: Path) -> None:
    """Problems in several files and rows all come back in one error, one per line."""
    trajectories = set_cell(set_cell(TRAJECTORIES_CSV, 2, "started_on", "31/02/2021"), 3, "region", "XX")
    stays = set_cell(STAYS_CSV, 3, "context_support", "soms")
    referrals = set_cell(REFERRALS_CSV, 4, "trajectory_id", "T404")
    export = write_export(tmp_path / "export", {TRAJ: trajectories, STAY: stays, REF: referrals})
    error = refused(export, tmp_path / "out.duckdb")
    found = {(p.file, p.row, p.column, p.value) for p in error.problems}
    assert found == {
        (T_FILE, 2, "started_on", "31/02/2021"),
        (T_FILE, 3, "region", "XX"),
        (S_FILE, 3, "context_support", "soms"),
        (R_FILE, 4, "trajectory_id", "T404"),
    }
    assert len(str(error).splitlines()) == 4


def test_problem_list_is_capped_per_file_and_rule(tmp_path: Path) -> None:
    """250 rows with the same bad code list 200 problems and one line counting the other 50."""
    header = TRAJECTORIES_CSV.splitlines()[0]
    body = "".join(
        f"T{i:03d};M{i:03d};F{i:03d};XX;crisisverblijf;12-14;v;01/01/2021;;;nee;;nee\n" for i in range(1, 251)
    )
    error = refused(write_export(tmp_path / "export", {TRAJ: header + "\n" + body}), tmp_path / "out.duckdb")
    rule = codes_rule("ANT, LIM, OVL, VBR, WVL, BRU")
    assert len(error.problems) == 201
    assert error.problems[0] == Problem(T_FILE, 2, "region", "XX", rule)
    assert error.problems[199].row == 201
    assert error.problems[200] == Problem(
        T_FILE, None, "region", None, f"en nog 50 rijen met dezelfde fout: {rule}"
    )


# ---------------------------------------------------------------------------------------------
# Files that are missing, doubled, damaged or hostile


def test_missing_table_file(tmp_path: Path) -> None:
    """A table without a file is a problem naming the table and the accepted file names."""
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").unlink()
    error = refused(export, tmp_path / "out.duckdb")
    assert error.problems == [
        Problem(
            REF,
            None,
            None,
            None,
            "bestand ontbreekt: verwacht referrals.csv, referrals.parquet of referrals.xlsx",
        )
    ]


def test_two_files_for_one_table(tmp_path: Path) -> None:
    """Two files for one table (CSV and XLSX) are refused rather than guessing which one counts."""
    export = write_export(tmp_path / "export")
    pl.DataFrame({"trajectory_id": ["T001"]}).write_excel(export / f"{REF}.xlsx")
    error = refused(export, tmp_path / "out.duckdb")
    assert error.problems == [
        Problem(
            REF,
            None,
            None,
            None,
            "meer dan één bestand voor deze tabel (referrals.csv, referrals.xlsx); laat er één staan",
        )
    ]


def test_missing_export_folder(tmp_path: Path) -> None:
    """A folder that does not exist is one clear problem."""
    error = refused(tmp_path / "nergens", tmp_path / "out.duckdb")
    assert error.problems == [
        Problem("nergens", None, None, None, "map met de export bestaat niet of is geen map")
    ]


def test_truncated_csv_last_line(tmp_path: Path) -> None:
    """A CSV cut off in its last line (5 of 13 fields) is reported at that row, not silently padded."""
    text = TRAJECTORIES_CSV[
        : TRAJECTORIES_CSV.index("T003;M003;F002;BRU;crisisinterventie") + len("T003;M003;F002;BRU;crisisin")
    ]
    error = refused(write_export(tmp_path / "export", {TRAJ: text}), tmp_path / "out.duckdb")
    assert error.problems == [
        Problem(
            T_FILE,
            4,
            None,
            None,
            "te weinig velden (5 in plaats van 13); is de regel of het bestand afgebroken?",
        )
    ]


def test_csv_line_with_too_many_fields(tmp_path: Path) -> None:
    """A record with an extra field (a stray separator) is reported at its row."""
    text = REFERRALS_CSV + "T001;ggz;nee;01/04/2021;extra\n"
    error = refused(write_export(tmp_path / "export", {REF: text}), tmp_path / "out.duckdb")
    assert error.problems == [
        Problem(R_FILE, 5, None, None, "te veel velden (5 in plaats van 4); scheidingsteken?")
    ]


def test_parquet_contract_column_of_a_nested_type_is_refused(tmp_path: Path) -> None:
    """A Parquet contract column holding lists is refused; an extra list column is just ignored."""
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").unlink()
    pl.DataFrame(
        {
            "trajectory_id": [["T001"]],
            "destination": ["verblijf"],
            "inside_opgroeien": [True],
            "referred_on": [date(2021, 3, 9)],
            "labels": [["a", "b"]],
        }
    ).write_parquet(export / f"{REF}.parquet")
    error = refused(export, tmp_path / "out.duckdb")
    assert error.problems == [
        Problem(
            "referrals.parquet",
            None,
            "trajectory_id",
            None,
            "kolom heeft een niet-ondersteund type (List(String))",
        )
    ]


def test_csv_cut_inside_quotes(tmp_path: Path) -> None:
    """A CSV that ends inside an open quoted field is refused as damaged."""
    text = REFERRALS_CSV + 'T001;"verblijf;ja;01/04/2021'
    error = refused(write_export(tmp_path / "export", {REF: text}), tmp_path / "out.duckdb")
    assert [(p.file, p.row) for p in error.problems] == [(R_FILE, 5)]
    assert "aanhalingsteken" in error.problems[0].rule


@pytest.mark.parametrize(
    ("payload", "rule"),
    [
        pytest.param(
            REFERRALS_CSV.encode("utf-16"),
            "bestand is UTF-16; bewaar het als CSV UTF-8 of Windows-1252",
            id="utf16",
        ),
        pytest.param(
            bytes(range(256)) * 8,
            "bestand bevat binaire tekens: geen tekstbestand (CSV) of UTF-16",
            id="binary",
        ),
        pytest.param(
            b"trajectory_id;\x81\x8d\x8f\x90\x9d\n",
            "tekencodering niet herkend: geen UTF-8 en geen Windows-1252",
            id="not-cp1252",
        ),
        pytest.param(b"", "bestand is leeg of de kopregel ontbreekt", id="empty"),
    ],
)
def test_unreadable_text_encodings(tmp_path: Path, payload: bytes, rule: str) -> None:
    """UTF-16, binary garbage, bytes that are neither UTF-8 nor cp1252, and an empty file are refused."""
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").write_bytes(payload)
    error = refused(export, tmp_path / "out.duckdb")
    assert error.problems == [Problem(R_FILE, None, None, None, rule)]


def test_unsupported_format(tmp_path: Path) -> None:
    """An old .xls next to nothing else for the table: format refused and table reported missing."""
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").rename(export / f"{REF}.xls")
    error = refused(export, tmp_path / "out.duckdb")
    assert [str(p) for p in error.problems] == [
        "referrals.xls — bestandsformaat niet ondersteund; gebruik .csv, .parquet of .xlsx",
        "referrals — bestand ontbreekt: verwacht referrals.csv, referrals.parquet of referrals.xlsx",
    ]


def test_oversize_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over the size limit is refused without being read."""
    export = write_export(tmp_path / "export")
    size = len(TRAJECTORIES_CSV.encode())
    assert size > 300 and len(STAYS_CSV.encode()) < 300 and len(REFERRALS_CSV.encode()) < 300
    real_detect = ingest_module._detect_encoding

    def guarded(path: Path, problems: object) -> str | None:
        """The real encoding check, failing the test if it is asked to read the oversize file."""
        assert path.name != T_FILE, "the oversize file was read"
        return real_detect(path, problems)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_module.read, "_detect_encoding", guarded)  # where _read_csv looks it up
    error = refused(export, tmp_path / "out.duckdb", max_bytes=300)
    assert error.problems == [
        Problem(T_FILE, None, None, None, f"bestand is {size} bytes, groter dan de limiet van 300")
    ]


def test_zip_bomb_xlsx_is_refused_before_the_spreadsheet_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An XLSX whose sheet unpacks 8 MiB of zeros from a few KiB is refused as a zip bomb."""
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").unlink()
    with zipfile.ZipFile(export / f"{REF}.xlsx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024**2))
    assert (export / f"{REF}.xlsx").stat().st_size < 100_000
    monkeypatch.setattr(pl, "read_excel", lambda *a, **k: pytest.fail("the zip bomb reached the reader"))
    error = refused(export, tmp_path / "out.duckdb")
    assert [(p.file, p.row, p.column) for p in error.problems] == [("referrals.xlsx", None, None)]
    assert "zip-bom" in error.problems[0].rule


def test_xlsx_unpacking_beyond_the_size_limit_is_refused(tmp_path: Path) -> None:
    """An XLSX whose declared unpacked size exceeds the limit is refused."""
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").unlink()
    pl.DataFrame({"trajectory_id": ["T001"] * 2000}).write_excel(export / f"{REF}.xlsx")
    with zipfile.ZipFile(export / f"{REF}.xlsx") as archive:
        unpacked = sum(m.file_size for m in archive.infolist())
    limit = (export / f"{REF}.xlsx").stat().st_size + 1  # the file itself fits, its content does not
    assert unpacked > limit
    error = refused(export, tmp_path / "out.duckdb", max_bytes=limit)
    assert error.problems[0] == Problem(
        "referrals.xlsx",
        None,
        None,
        None,
        f"XLSX pakt uit tot {unpacked} bytes, meer dan de limiet van {limit}",
    )


@pytest.mark.parametrize("suffix", [".parquet", ".xlsx"])
def test_truncated_binary_files_are_refused(tmp_path: Path, suffix: str) -> None:
    """A Parquet or XLSX file cut in half is refused as damaged, not read partly."""
    export = write_export(tmp_path / "export")
    (export / f"{REF}.csv").unlink()
    frame = pl.DataFrame(
        {
            "trajectory_id": ["T001"],
            "destination": ["verblijf"],
            "inside_opgroeien": [True],
            "referred_on": [date(2021, 3, 9)],
        }
    )
    path = export / f"{REF}{suffix}"
    if suffix == ".parquet":
        frame.write_parquet(path)
    else:
        frame.write_excel(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    error = refused(export, tmp_path / "out.duckdb")
    kind = "Parquet" if suffix == ".parquet" else "XLSX"
    assert [(p.file, p.row) for p in error.problems] == [(f"referrals{suffix}", None)]
    assert error.problems[0].rule.startswith(f"geen geldig {kind}-bestand")


# ---------------------------------------------------------------------------------------------
# Nothing is lost


def test_failed_validation_leaves_the_old_file_byte_identical(tmp_path: Path) -> None:
    """A refused export leaves a previous good data file byte-identical and readable."""
    out = tmp_path / "data.duckdb"
    ingest(write_export(tmp_path / "good"), out, today=TODAY)
    before = sha256(out)
    bad = set_cell(TRAJECTORIES_CSV, 2, "region", "XX")
    refused(write_export(tmp_path / "bad", {TRAJ: bad}), out)
    assert sha256(out) == before
    assert rows(out, "select count(*) from crisis_trajectories") == [(3,)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "data.duckdb", "good"]


def test_failed_validation_leaves_arbitrary_bytes_alone(tmp_path: Path) -> None:
    """Whatever sits at the output path (here plain bytes) is untouched by a refused export."""
    out = tmp_path / "data.duckdb"
    out.write_bytes(b"oude inhoud\x00\x01")
    bad = set_cell(STAYS_CSV, 2, "stay_id", "")
    refused(write_export(tmp_path / "bad", {STAY: bad}), out)
    assert out.read_bytes() == b"oude inhoud\x00\x01"


def test_failure_during_the_write_leaves_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after the first table is written leaves the old file byte-identical and no temp file."""
    out = tmp_path / "data.duckdb"
    ingest(write_export(tmp_path / "good"), out, today=TODAY)
    before = sha256(out)
    real_write_tables = store.write_tables

    class FailsAtReferrals(dict):
        """Frames that run out (like a full disk) when the second table is reached."""

        def __getitem__(self, name: str) -> pl.DataFrame:
            if name == REF:
                raise OSError("schijf vol (gesimuleerd)")
            return super().__getitem__(name)

    written: list[str] = []

    def midway(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
        """The real write_tables, failing at the second table; notes which tables exist by then."""
        try:
            real_write_tables(con, FailsAtReferrals(frames))
        finally:
            written.extend(
                name for (name,) in con.execute("select table_name from information_schema.tables").fetchall()
            )

    monkeypatch.setattr(store, "write_tables", midway)
    changed = set_cell(TRAJECTORIES_CSV, 2, "region", "LIM")
    with pytest.raises(OSError, match="schijf vol"):
        ingest(write_export(tmp_path / "new", {TRAJ: changed}), out, today=TODAY)
    assert written == [TRAJ]  # the failure really came midway
    assert sha256(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.duckdb", "good", "new"]
    assert rows(out, "select region from crisis_trajectories where trajectory_id = 'T001'") == [("ANT",)]


def test_validation_happens_before_any_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused export never opens the atomic writer at all."""
    monkeypatch.setattr(store, "replace_atomically", lambda *a: pytest.fail("writer opened for a bad export"))
    bad = set_cell(REFERRALS_CSV, 2, "referred_on", "gisteren")
    refused(write_export(tmp_path / "bad", {REF: bad}), tmp_path / "out.duckdb")


# ---------------------------------------------------------------------------------------------
# Privacy at the door

# INSZ 15.03.17-123.23: 2150317123 = 97 x 22168217 + 74, and 97 - 74 = 23 (born 17/03/2015).
# INSZ 09.11.05-456.77: 2091105456 = 97 x 21557788 + 20, and 97 - 20 = 77 (born 05/11/2009).
IDENTIFYING_TRAJECTORIES = (
    "trajectory_id;INSZ;family_id;Voornaam;Achternaam;region;module;Geboortedatum;gender;registered_on;"
    "started_on;ended_on;extended;goal_attainment;placement_advised\n"
    "T001;15031712323;F001;Lotte;Vermeulen;ANT;crisisverblijf;17/03/2015;v;02/03/2021;03/03/2021;09/03/2021;"
    "nee;bereikt;nee\n"
    "T002;09.11.05-456.77;F002;Jens;Peeters;WVL;crisishulp_aan_huis;05/11/2009;m;10/01/2022;10/01/2022;"
    "15/02/2022;ja;gedeeltelijk_bereikt;ja\n"
)
IDENTIFYING_REFERRALS = (
    "trajectory_id;destination;inside_opgroeien;referred_on\n"
    "T001;verblijf;ja;09/03/2021\n"
    "T002;ggz;nee;15/02/2022\n"
)
IDENTIFYING_STAYS = (
    "stay_id;Rijksregisternummer;Date of Birth;naam;region;indicated_on;started_on;ended_on;end_reason;"
    "covid_home_on;covid_return_on;context_support\n"
    "S001;15.03.17-123.23;2015-03-17;Lotte Vermeulen;ANT;01/02/2020;01/03/2020;30/06/2021;naar_huis;"
    "16/03/2020;18/05/2020;ja\n"
)
# What identifies a person, and the exporter's own ids (which a key replaces as well).
RAW_PERSONAL = [
    "15031712323", "15.03.17-123.23", "09.11.05-456.77", "09110545677", "Lotte", "Vermeulen", "Jens",
    "Peeters", "17/03/2015", "2015-03-17", "05/11/2009",
]  # fmt: skip
RAW_IDS = ["T001", "T002", "F001", "F002", "S001"]
RAW_IDENTIFIERS = RAW_PERSONAL + RAW_IDS


def identifying_export(folder: Path) -> Path:
    """An export straight from a case system: INSZ, names and birth dates, no minor_id/age_band."""
    return write_export(
        folder, {TRAJ: IDENTIFYING_TRAJECTORIES, REF: IDENTIFYING_REFERRALS, STAY: IDENTIFYING_STAYS}
    )


def test_identifiers_are_refused_without_a_key(tmp_path: Path) -> None:
    """INSZ, name and birth-date columns are refused without a key, and no value is echoed."""
    out = tmp_path / "out.duckdb"
    error = refused(identifying_export(tmp_path / "export"), out)
    refusals = {
        (p.file, p.column) for p in error.problems if p.rule.startswith("direct identificerende kolom")
    }
    assert refusals == {
        (T_FILE, "insz"), (T_FILE, "voornaam"), (T_FILE, "achternaam"), (T_FILE, "geboortedatum"),
        (S_FILE, "rijksregisternummer"), (S_FILE, "date of birth"), (S_FILE, "naam"),
    }  # fmt: skip
    refusal = (
        "direct identificerende kolom (rijksregisternummer) niet toegelaten; verwijder de kolom of"
        f" pseudonimiseer met een sleutel in {KEY_ENV_VAR}"
    )
    assert Problem(T_FILE, None, "insz", None, refusal) in error.problems
    text = str(error)
    assert not [raw for raw in RAW_PERSONAL if raw in text]
    assert not out.exists()


def test_insz_in_a_pseudonym_column_is_refused_without_printing_it(tmp_path: Path) -> None:
    """An 11-digit INSZ in minor_id is refused naming column and row; the value shows as (verborgen)."""
    # 85073003328: 850730033 = 97 x 8770412 + 69, and 97 - 69 = 28 (born 1985, no '2' prefix).
    text = set_cell(STAYS_CSV, 3, "minor_id", "85073003328")
    error = refused(write_export(tmp_path / "export", {STAY: text}), tmp_path / "out.duckdb")
    assert [(p.row, p.column, p.value) for p in error.problems] == [(3, "minor_id", HIDDEN)]
    assert "85073003328" not in str(error) and "(verborgen)" in str(error)


def test_a_bad_check_digit_is_not_an_insz(tmp_path: Path) -> None:
    """Eleven digits failing the mod-97 check are an ordinary pseudonym and pass."""
    assert looks_like_insz("85073003328") and looks_like_insz("85.07.30-033.28")
    assert looks_like_insz("15031712323") and not looks_like_insz("85073003329")
    text = set_cell(STAYS_CSV, 3, "minor_id", "85073003329")
    out = tmp_path / "out.duckdb"
    ingest(write_export(tmp_path / "export", {STAY: text}), out, today=TODAY)
    assert rows(out, "select minor_id from residential_stays where stay_id = 'S002'") == [("85073003329",)]


def test_with_a_key_identifiers_become_pseudonyms_and_derived_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a key: ids become HMAC pseudonyms, INSZ gives minor_id, birth date gives age_band, names go."""
    monkeypatch.setenv(KEY_ENV_VAR, KEY)
    out = tmp_path / "out.duckdb"
    result = ingest(identifying_export(tmp_path / "export"), out, today=TODAY)
    assert result.pseudonymised is True
    t001, t002 = hmac_hex(KEY, "trajectory:T001"), hmac_hex(KEY, "trajectory:T002")
    child1, child2 = hmac_hex(KEY, "minor:15031712323"), hmac_hex(KEY, "minor:09110545677")
    # Ages by hand: 17/03/2015 -> 02/03/2021 is 5 (birthday not yet reached); 05/11/2009 -> 10/01/2022
    # is 12; 17/03/2015 -> 01/02/2020 is 4.
    assert rows(
        out,
        "select trajectory_id, minor_id, family_id, age_band from crisis_trajectories order by registered_on",
    ) == [
        (t001, child1, hmac_hex(KEY, "family:F001"), "0-5"),
        (t002, child2, hmac_hex(KEY, "family:F002"), "12-14"),
    ]
    # The formatted INSZ of the stay and the bare digits of the trajectory give the same child.
    assert rows(out, "select stay_id, minor_id, age_band from residential_stays") == [
        (hmac_hex(KEY, "stay:S001"), child1, "0-5")
    ]
    assert rows(out, "select trajectory_id from referrals order by referred_on") == [(t001,), (t002,)]
    con = duckdb.connect(str(out), read_only=True)
    try:
        key_of_t001 = con.execute(
            "select record_key from crisis_trajectories where trajectory_id = ?", [t001]
        ).fetchone()
    finally:
        con.close()
    assert key_of_t001 == (keyed(out, t001),)
    columns = {c for (c,) in rows(out, "select column_name from information_schema.columns")}
    assert not columns & {
        "insz",
        "voornaam",
        "achternaam",
        "geboortedatum",
        "rijksregisternummer",
        "naam",
        "date of birth",
    }


def test_with_a_key_present_minor_id_and_age_band_win_and_identifiers_are_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With minor_id and age_band in the file, the INSZ and birth-date columns are only dropped."""
    monkeypatch.setenv(KEY_ENV_VAR, KEY)
    text = add_column(TRAJECTORIES_CSV, "INSZ", ["15031712323", "09.11.05-456.77", ""])
    text = add_column(text, "geboortedatum", ["17/03/2015", "", "niet bekend"])
    out = tmp_path / "out.duckdb"
    ingest(write_export(tmp_path / "export", {TRAJ: text}), out, today=TODAY)
    assert rows(out, "select minor_id, age_band from crisis_trajectories order by registered_on") == [
        (hmac_hex(KEY, "minor:M001"), "12-14"),
        (hmac_hex(KEY, "minor:M002"), "6-11"),
        (hmac_hex(KEY, "minor:M003"), "15-17"),
    ]
    # Stays share the child M001 with trajectory T001, so the pseudonyms still join.
    assert rows(
        out,
        "select count(*) from residential_stays s join crisis_trajectories t using (minor_id)",
    ) == [(1,)]


def test_no_raw_identifier_or_key_anywhere_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No INSZ, name, birth date, raw id or the key is in any VARCHAR cell, DATE cell or raw file byte."""
    monkeypatch.setenv(KEY_ENV_VAR, KEY)
    out = tmp_path / "out.duckdb"
    ingest(identifying_export(tmp_path / "export"), out, today=TODAY)
    con = duckdb.connect(str(out), read_only=True)
    try:
        text_cells: list[str] = []
        date_cells: list[date] = []
        for table, column, data_type in con.execute(
            "select table_name, column_name, data_type from information_schema.columns"
        ).fetchall():
            values = [
                v for (v,) in con.execute(f'select "{column}" from {table}').fetchall() if v is not None
            ]
            if data_type == "VARCHAR":
                text_cells += values
            elif data_type == "DATE":
                date_cells += values
    finally:
        con.close()
    for raw in [*RAW_IDENTIFIERS, KEY]:
        assert not [cell for cell in text_cells if raw in cell], raw
    assert date(2015, 3, 17) not in date_cells and date(2009, 11, 5) not in date_cells
    blob = out.read_bytes()
    for raw in [*RAW_IDENTIFIERS, KEY]:
        assert raw.encode() not in blob, raw
        assert raw.encode("utf-16-le") not in blob, raw


def test_same_key_same_pseudonyms_other_key_other_pseudonyms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same export and key give the same pseudonyms; another key gives entirely different ones."""
    export = identifying_export(tmp_path / "export")
    query = "select trajectory_id, minor_id, family_id from crisis_trajectories order by registered_on"
    monkeypatch.setenv(KEY_ENV_VAR, KEY)
    ingest(export, tmp_path / "a.duckdb", today=TODAY)
    ingest(export, tmp_path / "b.duckdb", today=TODAY)
    monkeypatch.setenv(KEY_ENV_VAR, OTHER_KEY)
    ingest(export, tmp_path / "c.duckdb", today=TODAY)
    first, again, other = (rows(tmp_path / n, query) for n in ("a.duckdb", "b.duckdb", "c.duckdb"))
    assert first == again
    assert not {v for r in first for v in r} & {v for r in other for v in r}


def test_the_key_never_appears_in_build_info_or_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build_info holds no trace of the key, and neither does an error raised while a key is set."""
    monkeypatch.setenv(KEY_ENV_VAR, KEY)
    out = tmp_path / "out.duckdb"
    ingest(identifying_export(tmp_path / "export"), out, today=TODAY)
    (info,) = rows(out, "select * from build_info")
    assert not [v for v in info if KEY in str(v)]
    bad = IDENTIFYING_TRAJECTORIES.replace(";17/03/2015;", ";31/02/2015;")
    error = refused(
        write_export(tmp_path / "bad", {TRAJ: bad, REF: IDENTIFYING_REFERRALS, STAY: IDENTIFYING_STAYS}), out
    )
    # The bad birth date is itself identifying, so even its value is hidden.
    assert error.problems == [Problem(T_FILE, 2, "geboortedatum", HIDDEN, DATE_RULE)]
    assert KEY not in str(error) and KEY not in repr(error.problems)


def test_a_short_key_is_refused_without_echoing_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A key under 16 characters is refused (it would make pseudonyms guessable) and not printed."""
    monkeypatch.setenv(KEY_ENV_VAR, "geheim123")
    error = refused(identifying_export(tmp_path / "export"), tmp_path / "out.duckdb")
    assert error.problems == [
        Problem(KEY_ENV_VAR, None, None, None, "pseudonimiseringssleutel is te kort (minstens 16 tekens)")
    ]
    assert "geheim123" not in str(error)


def test_birth_date_after_registration_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a key, a birth date after the registration date is a problem, its value hidden."""
    monkeypatch.setenv(KEY_ENV_VAR, KEY)
    bad = IDENTIFYING_TRAJECTORIES.replace(";05/11/2009;", ";05/11/2022;")
    error = refused(
        write_export(tmp_path / "bad", {TRAJ: bad, REF: IDENTIFYING_REFERRALS, STAY: IDENTIFYING_STAYS}),
        tmp_path / "o",
    )
    assert error.problems == [
        Problem(T_FILE, 3, "geboortedatum", HIDDEN, "geboortedatum ligt na registered_on")
    ]


def test_pseudonym_helper_matches_the_documented_scheme() -> None:
    """`pseudonym` is HMAC-SHA256 over 'domain:value', first 32 hex characters."""
    assert ingest_module.pseudonym(KEY.encode(), "minor", "M001") == hmac_hex(KEY, "minor:M001")
    assert len(ingest_module.pseudonym(b"k" * 16, "stay", "S1")) == 32


def test_every_contract_table_is_written(tmp_path: Path) -> None:
    """The ingest writes exactly the contract tables, the tables derived from them, the key secret,
    build_info, the population denominators and the comparison with the previous version
    (version_changes)."""
    out = tmp_path / "out.duckdb"
    ingest(write_export(tmp_path / "export"), out, today=TODAY)
    tables = {t for (t,) in rows(out, "select table_name from information_schema.tables")}
    expected = {*schema.TABLES_BY_NAME, *store.DERIVED_TABLES, store.KEY_SECRET_TABLE, "build_info"}
    assert tables == expected | {"version_changes", "population"}


def test_the_synthetic_default_exported_as_belgian_csv_round_trips(tmp_path: Path, default_db: Path) -> None:
    """The synthetic default, exported as ;-separated dd/mm/yyyy CSV, ingests back unchanged."""
    export = tmp_path / "export"
    export.mkdir()
    con = duckdb.connect(str(default_db), read_only=True)
    try:
        for table in schema.TABLES_BY_NAME:
            con.execute(
                f"copy (select * exclude (record_key) from {table}) to '{export / table}.csv'"
                " (header, delimiter ';', dateformat '%d/%m/%Y')"
            )
        (extract_date,) = con.execute("select extract_date from build_info").fetchone()
    finally:
        con.close()
    out = tmp_path / "out.duckdb"
    result = ingest(export, out, today=extract_date)
    assert result.extract_date <= extract_date
    con = duckdb.connect(str(out), read_only=True)
    try:
        con.execute(f"attach '{default_db}' as synthetic (read_only)")
        for table in schema.TABLES_BY_NAME:
            differing = con.execute(
                f"select count(*) from ((select * exclude (record_key) from {table})"
                f" except all (select * exclude (record_key) from synthetic.{table}))"
            ).fetchone()
            assert differing == (0,), table
            assert (
                con.execute(f"select count(*) from {table}").fetchone()
                == con.execute(f"select count(*) from synthetic.{table}").fetchone()
            )
    finally:
        con.close()
