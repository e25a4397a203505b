"""The `coappoint` command: each module in this package that defines `register` is a subcommand.

To add a subcommand, add a module here with::

    def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        parser = subcommands.add_parser("name", help="...")
        parser.set_defaults(handler=run)

where ``run(arguments: argparse.Namespace) -> int`` returns the exit code. Modules are imported
only to register their parser; heavy imports (Django, OR-Tools) belong inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand found in this package."""
    parser = argparse.ArgumentParser(
        prog="coappoint",
        description="Community recruitment for Local Area Coordination.",
    )
    subcommands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `coappoint` command; returns the process exit code."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    handler = getattr(arguments, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    exit_code: int = handler(arguments)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
