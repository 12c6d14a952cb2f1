"""The report commands: `python -m report <command> ...` (`kerncijfers`, `rapport`).

Each command lives in its own module with a `register(subparsers)` function that adds its
subparser and sets `handler` (a function of the parsed arguments returning an exit code). To add
a command (e.g. `rapport`), write its module and add its `register` to COMMANDS.

Exit codes: 0 success; 1 the data file is missing or unreadable; 2 a bad argument (argparse's own
errors included), or a view the public mode refuses (`queries.disclosure.ViewRefused`: its Dutch
message, then the command's `refusal_hint`), with a one-line message and no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import duckdb

from queries.disclosure import ViewRefused
from queries.run import DataFileMissingError, QueryError
from report import regional_command
from report.keyfigures import command as keyfigures_command

# Said after a refused view when the command sets no `refusal_hint` of its own.
REFUSAL_HINT = "Medewerkers kunnen met --exact de exacte cijfers opvragen (niet publiceren)."

COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (  # type: ignore[type-arg]
    keyfigures_command.register,
    regional_command.register,
)


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="python -m report",
        description="Key figures and regional reports of the crisis-help dashboard.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv`, run the chosen command and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except ViewRefused as exc:
        # A view outside the public view space (a QueryError too): why, in Dutch, and what to do.
        hint = getattr(args, "refusal_hint", None) or REFUSAL_HINT
        print(f"{parser.prog} {args.command}: fout: {exc.message('nl')} {hint}", file=sys.stderr)
        return 2
    except QueryError as exc:
        print(f"{parser.prog} {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except DataFileMissingError as exc:
        print(f"{parser.prog} {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        # A file that is not a dashboard data file (missing tables, another format).
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"{parser.prog} {args.command}: error reading the data file: {first_line}", file=sys.stderr)
        return 1
