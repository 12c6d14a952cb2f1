"""`python -m report kerncijfers`: the key figures for a period and regions on the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data.schema import REGIONS
from queries.disclosure import EXACT, PUBLIC
from report.keyfigures.compute import REFUSAL_HINT, SMALL_COUNT_MARK, compute
from report.keyfigures.formats import FORMATS, to_json, to_markdown, write_xlsx


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `kerncijfers` subcommand to the `python -m report` parser."""
    parser = subparsers.add_parser(
        "kerncijfers",
        help="print the published key figures for a period and regions (public figures unless --exact)",
        description="Key figures for crisis help over whole calendar years, for all of Flanders"
        " or one IROJ region (several regions taken together with --exact only); reads the data"
        " file at $DASHBOARD_DB. The figures are the dashboard's public, protected figures unless"
        " --exact is given.",
    )
    parser.add_argument("--from", dest="year_from", type=int, required=True, metavar="YEAR")
    parser.add_argument("--to", dest="year_to", type=int, required=True, metavar="YEAR")
    parser.add_argument(
        "--region",
        dest="regions",
        action="append",
        default=[],
        metavar="CODE",
        help=f"IROJ region code ({', '.join(REGIONS)}); none = all of Flanders; repeatable"
        " (regions taken together) with --exact only",
    )
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument("--out", type=Path, metavar="PATH", help="write here (needed for xlsx)")
    parser.add_argument(
        "--exact",
        action="store_true",
        help="staff only: the exact figures instead of the public ones; every count of 1 to 9 is"
        " marked 'klein aantal: niet publiceren' (not for publication)",
    )
    parser.set_defaults(handler=_handle, parser=parser, refusal_hint=REFUSAL_HINT)


def _handle(args: argparse.Namespace) -> int:
    """Run the kerncijfers subcommand; returns the exit code."""
    if args.format == "xlsx" and args.out is None:
        args.parser.error("--format xlsx needs --out PATH")
    mode = EXACT if args.exact else PUBLIC
    figures = compute(args.year_from, args.year_to, args.regions, mode=mode)
    if args.format == "xlsx":
        write_xlsx(figures, args.out)
    else:
        text = to_json(figures) + "\n" if args.format == "json" else to_markdown(figures)
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(text, encoding="utf-8")
    if figures.exact:
        print(
            "waarschuwing: exacte cijfers, alleen voor intern gebruik, niet publiceren; elk aantal"
            f" van 1 tot 9 is gemarkeerd '{SMALL_COUNT_MARK}'",
            file=sys.stderr,
        )
    if args.out is not None:
        print(f"written: {args.out}", file=sys.stderr)
    return 0
