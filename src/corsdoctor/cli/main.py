"""Entry point of the ``corsdoctor`` command.

Each sub-command lives in its own module ``corsdoctor.cli.<name>`` exposing

* ``HELP``: one line for the command list,
* ``add_arguments(parser)``: its options (argparse only, no heavy imports at module level),
* ``run(args) -> int``: the exit code (0 nothing at or above ``--fail-on``, 1 findings,
  2 could not conclude).

Modules are imported only to build the parser; every heavy import (httpx, rich, playwright…)
happens inside ``run`` so that ``corsdoctor --version`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from corsdoctor._version import __version__

COMMANDS: tuple[str, ...] = (
    "check",
    "demo",
    "lab",
    "verify",
    "explain",
    "har",
    "hops",
    "lint",
    "simulate",
    "rules",
)


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"corsdoctor.cli.cmd_{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"corsdoctor.cli.cmd_{name}":
            return None
        raise


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corsdoctor",
        description="Diagnose CORS failures exactly as browsers decide them.",
    )
    parser.add_argument("--version", action="version", version=f"corsdoctor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is not None and name != only:
            # Still list the command in --help without importing it.
            sub.add_parser(name, add_help=False)
            continue
        module = _load(name)
        if module is None:
            continue
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in args_list if not a.startswith("-")), None)
    only = chosen if chosen in COMMANDS else None
    parser = build_parser(only)
    args = parser.parse_args(args_list)
    module = getattr(args, "_module", None)
    if module is None:
        parser.print_help()
        return 2
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        print("corsdoctor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
