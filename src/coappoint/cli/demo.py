"""`coappoint demo [--links]`: load the realistic demo; print fresh sign-in links as JSON lines."""

from __future__ import annotations

import argparse

from coappoint.cli._settings import use_settings


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "demo", help="Load the demo council (once); --links prints a sign-in link per person."
    )
    parser.add_argument(
        "--links",
        action="store_true",
        help='Issue fresh links and print {"role", "name", "url"} a line each.',
    )
    parser.add_argument("--format", choices=("json", "text"), default="json")
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    import django
    from django.core.management import call_command

    if not use_settings("demo"):
        return 2
    django.setup()
    options = ["--links", "--format", arguments.format] if arguments.links else []
    call_command("demo", *options)
    return 0
