"""The data contract in code: tables, columns, types and code lists (documented in CONTRACT.md).

The synthetic build, the ingest of real exports and the query layer all read these definitions,
so a code list or a column is named in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

REGIONS: dict[str, str] = {
    "ANT": "Antwerpen",
    "LIM": "Limburg",
    "OVL": "Oost-Vlaanderen",
    "VBR": "Vlaams-Brabant",
    "WVL": "West-Vlaanderen",
    "BRU": "Brussel",
}

MODULES: tuple[str, ...] = (
    "crisishulp_aan_huis",
    "crisisbegeleiding",
    "crisisinterventie",
    "crisisverblijf",
    "crisispleegzorg",
)
# The three forms offered by the services for crisis help at home (vraag 712, answer 3).
AMBULATORY_MODULES: tuple[str, ...] = MODULES[:3]
# The two residential forms (a crisis stay and crisis foster care).
RESIDENTIAL_MODULES: tuple[str, ...] = MODULES[3:]
# The fixed module groups a public view may select besides all modules or a single one
# (DISCLOSURE.md: arbitrary subsets could be differenced against each other).
MODULE_GROUPS: dict[str, tuple[str, ...]] = {
    "ambulant": AMBULATORY_MODULES,
    "residentieel": RESIDENTIAL_MODULES,
}
CHAH = "crisishulp_aan_huis"

AGE_BANDS: tuple[str, ...] = ("0-5", "6-11", "12-14", "15-17", "18+")
GENDERS: tuple[str, ...] = ("m", "v", "x")
GOAL_ATTAINMENT: tuple[str, ...] = (
    "bereikt",
    "grotendeels_bereikt",
    "gedeeltelijk_bereikt",
    "niet_bereikt",
)
GOAL_POSITIVE: tuple[str, ...] = GOAL_ATTAINMENT[:2]

# Referral destinations and whether each is youth care recognised by Opgroeien.
DESTINATIONS: dict[str, bool] = {
    "contextbegeleiding": True,
    "verblijf": True,
    "pleegzorg": True,
    "dagbegeleiding": True,
    "ooc": True,
    "ggz": False,
    "caw": False,
    "vaph": False,
    "clb": False,
    "eerstelijn": False,
    "andere": False,
}
END_REASONS: tuple[str, ...] = (
    "naar_huis",
    "pleegzorg",
    "zelfstandig",
    "andere_voorziening",
    "meerderjarig",
    "andere",
)

# Standard term in days per module; beyond it a module counts as extended ('verlengd').
STANDARD_TERM_DAYS: dict[str, int] = {
    "crisishulp_aan_huis": 28,
    "crisisbegeleiding": 28,
    "crisisinterventie": 7,
    "crisisverblijf": 7,
    "crisispleegzorg": 28,
}

# Record keys for the cell-key method of disclosure control are uniform on 0..RECORD_KEY_RANGE-1.
RECORD_KEY_RANGE = 256

# The corona measures that sent children in residential care home (first lockdown to the end of
# the measures for youth care); used for the 'verblijf na corona' cohort and period labels.
COVID_START = date(2020, 3, 14)
COVID_END = date(2021, 12, 31)

# Earliest date any export may hold; anything before is implausible for this register.
EARLIEST_DATE = date(2000, 1, 1)


@dataclass(frozen=True)
class Column:
    """One column of the contract: its DuckDB type, whether it may be null, and its code list."""

    name: str
    sql_type: str
    nullable: bool = False
    codes: tuple[str, ...] | None = None
    unique: bool = False


@dataclass(frozen=True)
class Table:
    """One table of the contract."""

    name: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names in contract order."""
        return tuple(c.name for c in self.columns)

    def ddl(self) -> str:
        """A CREATE TABLE statement for this table."""
        cols = ",\n  ".join(f"{c.name} {c.sql_type}{'' if c.nullable else ' NOT NULL'}" for c in self.columns)
        return f"create table {self.name} (\n  {cols}\n)"


CRISIS_TRAJECTORIES = Table(
    "crisis_trajectories",
    (
        Column("trajectory_id", "VARCHAR", unique=True),
        Column("minor_id", "VARCHAR"),
        Column("family_id", "VARCHAR"),
        Column("region", "VARCHAR", codes=tuple(REGIONS)),
        Column("module", "VARCHAR", codes=MODULES),
        Column("age_band", "VARCHAR", codes=AGE_BANDS),
        Column("gender", "VARCHAR", codes=GENDERS),
        Column("registered_on", "DATE"),
        Column("started_on", "DATE", nullable=True),
        Column("ended_on", "DATE", nullable=True),
        Column("extended", "BOOLEAN"),
        Column("goal_attainment", "VARCHAR", nullable=True, codes=GOAL_ATTAINMENT),
        Column("placement_advised", "BOOLEAN"),
        Column("record_key", "SMALLINT"),
    ),
)

REFERRALS = Table(
    "referrals",
    (
        Column("trajectory_id", "VARCHAR"),
        Column("destination", "VARCHAR", codes=tuple(DESTINATIONS)),
        Column("inside_opgroeien", "BOOLEAN"),
        Column("referred_on", "DATE"),
        Column("record_key", "SMALLINT"),
    ),
)

RESIDENTIAL_STAYS = Table(
    "residential_stays",
    (
        Column("stay_id", "VARCHAR", unique=True),
        Column("minor_id", "VARCHAR"),
        Column("region", "VARCHAR", codes=tuple(REGIONS)),
        Column("age_band", "VARCHAR", codes=AGE_BANDS),
        Column("indicated_on", "DATE"),
        Column("started_on", "DATE", nullable=True),
        Column("ended_on", "DATE", nullable=True),
        Column("end_reason", "VARCHAR", nullable=True, codes=END_REASONS),
        Column("covid_home_on", "DATE", nullable=True),
        Column("covid_return_on", "DATE", nullable=True),
        Column("context_support", "BOOLEAN"),
        Column("record_key", "SMALLINT"),
    ),
)

TABLES: tuple[Table, ...] = (CRISIS_TRAJECTORIES, REFERRALS, RESIDENTIAL_STAYS)
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

# Columns the exporters add that the store derives itself (record keys), so an export may omit them.
DERIVED_COLUMNS: frozenset[str] = frozenset({"record_key"})

# Metadata about the file itself: one row, written by the build and by the ingest.
BUILD_INFO_DDL = """
create table build_info (
  built_at TIMESTAMP NOT NULL,
  source VARCHAR NOT NULL,        -- 'synthetic' or 'ingest'
  synthetic BOOLEAN NOT NULL,
  seed INTEGER,                   -- synthetic only
  scale DOUBLE,                   -- synthetic only
  extract_date DATE NOT NULL,     -- the last day the data can describe
  data_version VARCHAR NOT NULL   -- content fingerprint, cited with every figure
)
"""
