"""Small export folders for the ingest tests, written as literal CSV text so the bytes are visible.

The good export has three trajectories, three referrals and two residential stays, `;`-separated
with Belgian dd/mm/yyyy dates. Spreadsheet rows: the header is row 1, so T001 is row 2, T002 row 3,
T003 row 4; the referrals are rows 2-4; S001 is row 2 and S002 row 3.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

# The tests' 'today': every date of the good export lies before it.
TODAY = date(2025, 6, 30)

TRAJECTORIES_CSV = (
    "trajectory_id;minor_id;family_id;region;module;age_band;gender;registered_on;started_on;"
    "ended_on;extended;goal_attainment;placement_advised\n"
    "T001;M001;F001;ANT;crisisverblijf;12-14;v;02/03/2021;03/03/2021;09/03/2021;nee;bereikt;nee\n"
    "T002;M002;F002;WVL;crisishulp_aan_huis;6-11;m;10/01/2022;10/01/2022;15/02/2022;ja;"
    "gedeeltelijk_bereikt;ja\n"
    "T003;M003;F002;BRU;crisisinterventie;15-17;x;20/06/2023;;;nee;;nee\n"
)

REFERRALS_CSV = (
    "trajectory_id;destination;inside_opgroeien;referred_on\n"
    "T001;verblijf;ja;09/03/2021\n"
    "T002;ggz;nee;15/02/2022\n"
    "T002;contextbegeleiding;ja;16/02/2022\n"
)

STAYS_CSV = (
    "stay_id;minor_id;region;age_band;indicated_on;started_on;ended_on;end_reason;covid_home_on;"
    "covid_return_on;context_support\n"
    "S001;M001;ANT;12-14;01/02/2020;01/03/2020;30/06/2021;naar_huis;16/03/2020;18/05/2020;ja\n"
    "S002;M004;LIM;18+;05/05/2022;12/05/2022;;;;;nee\n"
)

GOOD_CSV: dict[str, str] = {
    "crisis_trajectories": TRAJECTORIES_CSV,
    "referrals": REFERRALS_CSV,
    "residential_stays": STAYS_CSV,
}


def set_cell(text: str, row: int, column: str, value: str) -> str:
    """Return the `;`-separated CSV `text` with the cell at spreadsheet `row` (header = 1) replaced."""
    lines = text.splitlines()
    header = lines[0].split(";")
    fields = lines[row - 1].split(";")
    fields[header.index(column)] = value
    lines[row - 1] = ";".join(fields)
    return "\n".join(lines) + "\n"


def drop_column(text: str, column: str) -> str:
    """Return the `;`-separated CSV `text` without `column`."""
    lines = [line.split(";") for line in text.splitlines()]
    index = lines[0].index(column)
    return "\n".join(";".join(f for i, f in enumerate(line) if i != index) for line in lines) + "\n"


def add_column(text: str, column: str, values: list[str]) -> str:
    """Return the `;`-separated CSV `text` with `column` appended, one value per data row."""
    lines = text.splitlines()
    out = [lines[0] + ";" + column] + [line + ";" + v for line, v in zip(lines[1:], values, strict=True)]
    return "\n".join(out) + "\n"


def write_export(folder: Path, texts: dict[str, str] | None = None, encoding: str = "utf-8") -> Path:
    """Write the good export (with `texts` replacing some tables' CSV text) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**GOOD_CSV, **(texts or {})}.items():
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


# A larger export for the plausibility and version tests: enough trajectories per region and year
# that a change is more than noise (data/plausibility.py ignores cells under 20).
VOLUME_HEADER = (
    "trajectory_id;minor_id;family_id;region;module;age_band;gender;registered_on;started_on;"
    "ended_on;extended;goal_attainment;placement_advised\n"
)
# The standard volumes: 25 crisis stays per region and year; 150 trajectories in all.
VOLUMES: dict[tuple[str, int], int] = {
    (region, year): 25 for region in ("ANT", "OVL", "BRU") for year in (2022, 2023)
}


def volume_trajectories(volumes: dict[tuple[str, int], int], first_day: int = 1, month: int = 3) -> str:
    """Crisis stays: for each (region, year) n trajectories registered on consecutive days from
    `first_day`/`month`/year (n at most 28), each started that day and ended three days later."""
    lines = [VOLUME_HEADER]
    for (region, year), n in volumes.items():
        for i in range(n):
            day = first_day + i
            ident = f"{region}{year}{month:02d}{day:02d}"
            lines.append(
                f"T{ident};M{ident};F{ident};{region};crisisverblijf;12-14;v;{day:02d}/{month:02d}/{year};"
                f"{day:02d}/{month:02d}/{year};{day + 3:02d}/{month:02d}/{year};nee;;nee\n"
            )
    return "".join(lines)


def write_volume_export(
    folder: Path, volumes: dict[tuple[str, int], int] | None = None, extra: str = ""
) -> Path:
    """An export whose crisis trajectories have `volumes` (default VOLUMES), plus `extra` CSV lines,
    no referrals and the good export's two residential stays."""
    text = volume_trajectories(VOLUMES if volumes is None else volumes) + extra
    return write_export(
        folder, {"crisis_trajectories": text, "referrals": REFERRALS_CSV.splitlines()[0] + "\n"}
    )
