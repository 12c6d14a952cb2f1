"""Command line for the data file: `python -m data build` and `python -m data ingest EXPORT_DIR`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from data import store


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
    from data import ingest

    out = Path(args.out) if args.out else store.db_path()
    try:
        result = ingest.ingest(Path(args.export_dir), out)
    except ingest.IngestError as err:
        print(f"Inlezen mislukt; {out} is niet gewijzigd.\n{err}", file=sys.stderr)
        return 1
    print(result)
    return 0


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
    i.set_defaults(func=_ingest)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
