"""`coappoint outcome FILE`: recompute a decision record's outcome so anyone can verify it."""

from __future__ import annotations

import argparse
import json
import sys

from coappoint.cli._input import InputError, read_json_argument
from coappoint.rules.errors import RulesError
from coappoint.rules.outcome import compute_outcome, parse_decision_record, render_outcome


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `outcome` subcommand."""
    parser = subcommands.add_parser(
        "outcome",
        help="Combine a decision record's agreed scores into ranks, ties and community influence.",
        description=(
            "Read a decision record (JSON) and print each candidate's stage percents, combined "
            "percent and each stage's share of it (exact and rounded), appointability, rank, "
            "ties, and the ranking without the community stage. The rules are in "
            "docs/scoring.md."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the decision record, or - for standard input")
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Print the outcome as JSON; on bad input print why on standard error and return 2."""
    try:
        document = read_json_argument(arguments.file)
        outcome = compute_outcome(parse_decision_record(document))
    except (InputError, RulesError) as error:
        print(f"coappoint outcome: {error}", file=sys.stderr)
        return 2
    json.dump(render_outcome(outcome), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
