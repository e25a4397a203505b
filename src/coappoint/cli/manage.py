"""`coappoint manage ...`: Django's management commands (migrate, runserver, db_worker...)."""

from __future__ import annotations

import argparse

from coappoint.cli._settings import use_settings


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "manage",
        help="Run a Django management command, e.g. `coappoint manage migrate`.",
        add_help=False,
    )
    parser.add_argument("arguments", nargs=argparse.REMAINDER)
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    if not use_settings("manage"):
        return 2
    from django.core.management import execute_from_command_line

    execute_from_command_line(["coappoint manage", *arguments.arguments])
    return 0
