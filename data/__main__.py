"""Command line for the data file: `python -m data build`, `ingest EXPORT_DIR`, `versions`, `rollback`,
`upgrade FILE`, `population FILE...`."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb

from data import store, versions


def _build(args: argparse.Namespace) -> int:
    from data import synth

    out = Path(args.out) if args.out else store.db_path()
    began = time.perf_counter()
    result = synth.build(out, seed=args.seed, scale=args.scale)
    rows = ", ".join(f"{name}: {count:,}".replace(",", ".") for name, count in result.rows.items())
    print(
        f"Synthetische gegevens geschreven naar {result.path} ({rows}) "
        f"in {time.perf_counter() - began:.1f} s; versie {result.data_version}"
    )
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from data import ingest, plausibility

    out = Path(args.out) if args.out else store.db_path()
    try:
        result = ingest.ingest(
            Path(args.export_dir),
            out,
            keep=args.keep,
            accept_changes=args.accept_changes,
            mappings=[Path(m) for m in args.mapping],
        )
    except ingest.IngestError as err:
        print(f"Inlezen mislukt; {out} is niet gewijzigd.\n{err}", file=sys.stderr)
        return 1
    except plausibility.ChangesRefused as err:
        print(
            f"Inlezen gestopt: de export wijkt sterk af van de vorige versie; {out} is niet gewijzigd.\n"
            f"{err}\n\nControleer de export. Zijn de wijzigingen verklaard, lees dan opnieuw in met"
            " --accept-changes.",
            file=sys.stderr,
        )
        return 1
    print(result)
    for line in result.notices():
        print(line)
    if result.comparison is not None:
        print(result.comparison.report())
    if result.kept is not None:
        print(f"Vorige versie bewaard als {result.kept}")
    for path in result.pruned:
        print(f"Oudere versie verwijderd (--keep {args.keep}): {path.name}")
    return 0


def _when(moment: datetime | None) -> str:
    """A timestamp as the data manager reads it (local time for the replacement stamps)."""
    if moment is None:
        return "–"
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment:%d/%m/%Y %H:%M}"


def _describe_line(label: str, info: versions.FileInfo) -> list[str]:
    """One file of the history as printed by `versions`: label, version, dates, source, rows."""
    if info.problem is not None:
        return [
            label,
            info.path.name,
            "–",
            "–",
            "–",
            _when(info.replaced_at),
            f"niet bruikbaar: {info.problem}",
        ]
    source = {"synthetic": "synthetisch", "ingest": "ingelezen"}.get(info.source or "", info.source or "–")
    rows = ", ".join(f"{name} {n:,}".replace(",", ".") for name, n in info.rows.items())
    return [label, info.data_version or "–", _when(info.built_at), source, f"{info.extract_date:%d/%m/%Y}",
            _when(info.replaced_at), rows]  # fmt: skip


def _versions(args: argparse.Namespace) -> int:
    live = Path(args.db) if args.db else store.db_path()
    current = versions.describe(live)
    previous = versions.kept(live)
    if current.problem == "bestand ontbreekt" and not previous:
        print(
            f"Geen gegevensbestand op {live} en geen vorige versies in {versions.folder(live)}.",
            file=sys.stderr,
        )
        return 1
    table = [["", "versie", "gemaakt", "bron", "gegevens tot", "vervangen", "rijen"]]
    table.append(_describe_line("actueel", current))
    table += [_describe_line(str(i), info) for i, info in enumerate(previous, start=1)]
    widths = [max(len(row[c]) for row in table) for c in range(len(table[0]) - 1)]
    print(f"Versies van {live} (vorige versies in {versions.folder(live)}):")
    for row in table:
        print("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1])
    if not previous:
        print("Er zijn nog geen vorige versies: die ontstaan bij het volgende inlezen.")
    return 0


def _rollback(args: argparse.Namespace) -> int:
    live = Path(args.db) if args.db else store.db_path()
    try:
        restored, kept = versions.rollback(live, args.version)
    except versions.VersionError as err:
        print(f"Terugzetten mislukt; {live} is niet gewijzigd.\n{err}", file=sys.stderr)
        return 1
    print(
        f"Versie {restored.data_version} (gemaakt {_when(restored.built_at)}) staat weer in {live};"
        " het dashboard toont ze bij de volgende klik."
    )
    if kept is not None:
        print(f"De vervangen versie is bewaard als {kept} (terugzetten kan met rollback).")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    from data import upgrade

    path = Path(args.file)
    try:
        result = upgrade.upgrade(path)
    except (upgrade.UpgradeError, duckdb.Error) as err:
        print(f"Bijwerken mislukt; {path} is niet gewijzigd.\n{err}", file=sys.stderr)
        return 1
    print(result)
    if result.kept is not None:
        print(f"De vorige versie is bewaard als {result.kept} (terugzetten kan met rollback).")
    return 0


def _population(args: argparse.Namespace) -> int:
    from data import population, statbel, upgrade

    live = Path(args.db) if args.db else store.db_path()
    try:
        result = statbel.import_files([Path(f) for f in args.files], live)
    except (statbel.StatbelError, upgrade.UpgradeError, population.PopulationError, duckdb.Error) as err:
        print(
            f"Inlezen van de bevolking mislukt; {live} is niet gewijzigd."
            f" (Importing the population failed; {live} is unchanged.)\n{err}",
            file=sys.stderr,
        )
        return 1
    years = ", ".join(map(str, result.years))
    print(
        f"Bevolkingstabel van {live} vervangen voor {years} (Statbel TF_SOC_POP_STRUCT);"
        " de andere jaren blijven zoals ze waren."
    )
    for year, before, after in result.flanders:
        change = f"{before:,} → {after:,}".replace(",", ".")
        print(f"  Vlaanderen (VL) {year}: {change} minderjarigen")
    if result.kept is not None:
        print(f"De vorige versie is bewaard als {result.kept} (terugzetten kan met rollback).")
    return 0


def _keep(text: str) -> int:
    """`--keep`: a whole number of at least 1 (a history of none would make a rollback impossible)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geheel getal van minstens 1")
    return value


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m data", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the synthetic default data file")
    b.add_argument("--seed", type=int, default=712, help="random seed (default 712)")
    b.add_argument("--scale", type=float, default=1.0, help="volume multiplier (default 1)")
    b.add_argument("--out", help=f"output file (default ${store.ENV_VAR} or {store.DEFAULT_DB})")
    b.set_defaults(func=_build)
    i = sub.add_parser("ingest", help="turn a real export into the data file")
    i.add_argument("export_dir", help="folder with crisis_trajectories, referrals, residential_stays")
    i.add_argument("--out", help=f"output file (default ${store.ENV_VAR} or {store.DEFAULT_DB})")
    i.add_argument(
        "--keep",
        type=_keep,
        default=versions.DEFAULT_KEEP,
        help=f"previous versions to keep in <out>.versions/ (default {versions.DEFAULT_KEEP})",
    )
    i.add_argument(
        "--accept-changes",
        action="store_true",
        help="swap in even when the data changed implausibly against the previous version",
    )
    i.add_argument(
        "--mapping",
        action="append",
        default=[],
        metavar="FILE",
        help="mapping (TOML) renaming and recoding a source system's export; repeatable (data/MAPPINGS.md)",
    )
    i.set_defaults(func=_ingest)
    db_help = f"the live data file (default ${store.ENV_VAR} or {store.DEFAULT_DB})"
    v = sub.add_parser("versions", help="list the data file and its kept previous versions")
    v.add_argument("--db", help=db_help)
    v.set_defaults(func=_versions)
    r = sub.add_parser("rollback", help="put a kept previous version back (default: the newest)")
    r.add_argument(
        "version", nargs="?", help="data version or file name from `versions` (default: the newest)"
    )
    r.add_argument("--db", help=db_help)
    r.set_defaults(func=_rollback)
    u = sub.add_parser("upgrade", help="add what this version derives to a file written by an older one")
    u.add_argument("file", help="the data file to bring up to date")
    u.set_defaults(func=_upgrade)
    p = sub.add_parser(
        "population", help="replace the population table with Statbel's TF_SOC_POP_STRUCT_<year> files"
    )
    p.add_argument("files", nargs="+", help="TF_SOC_POP_STRUCT_<year>.txt or .zip, one per year")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_population)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
