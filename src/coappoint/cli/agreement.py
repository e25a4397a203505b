"""`coappoint agreement FILE`: spread, flags, alpha and stringency of private scores, as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from coappoint.cli._input import InputError, read_json_argument
from coappoint.rules.agreement import agreement, parse_private_scores, render_agreement
from coappoint.rules.errors import InvalidScore, RulesError
from coappoint.rules.scales import community_scale, scale_from_mapping


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `agreement` subcommand."""
    parser = subcommands.add_parser(
        "agreement",
        help="Show how far recruiters' private scores agree, for the deliberation.",
        description=(
            'Read {"scale": {"min": 1, "max": 5}, "scores": [{"recruiter", "candidate", '
            '"quality", "score"}, ...]} (the scale defaults to the 1 to 5 community scale) and '
            "print each candidate's spread and disagreement flags in discussion order, "
            "Krippendorff's ordinal alpha and each recruiter's stringency. "
            "The rules are in docs/scoring.md."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the private scores, or - for standard input")
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Print the agreement as JSON; on bad input print why on standard error and return 2."""
    try:
        document = read_json_argument(arguments.file)
        if not isinstance(document, dict):
            raise InvalidScore('The input must be a JSON object with "scores".')
        scale = scale_from_mapping(document["scale"]) if "scale" in document else community_scale()
        result = agreement(parse_private_scores(document.get("scores")), scale=scale)
    except (InputError, RulesError) as error:
        print(f"coappoint agreement: {error}", file=sys.stderr)
        return 2
    json.dump(render_agreement(result), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
