"""`coappoint timetable FILE`: plan (or re-plan) the rotation of one-to-one conversations."""

from __future__ import annotations

import argparse
import json
import sys

from coappoint.cli._input import InputError, read_json_argument


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `timetable` subcommand."""
    parser = subcommands.add_parser(
        "timetable",
        help="plan who meets whom, when and at which table",
        description=(
            "Read an event (JSON) and print the rotation timetable (JSON). Exit 2 on "
            "malformed input, with a message naming the field and the person."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the event as JSON, or - for standard input")
    parser.add_argument(
        "--previous",
        metavar="PLAN",
        help="a plan printed earlier, to re-plan from --from-slot on, moving as little as possible",
    )
    parser.add_argument(
        "--from-slot",
        metavar="N",
        type=int,
        help="with --previous: keep the plan's conversations before slot N exactly as held",
    )
    parser.add_argument(
        "--time-limit",
        metavar="SECONDS",
        type=float,
        default=None,
        help=(
            "the solver's work limit in deterministic seconds (its own work counter, so the "
            "same input gives the same plan on any machine); default 2"
        ),
    )
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Plan the timetable; 0 on success, 2 (message on standard error) on bad input."""
    # The rules core imports OR-Tools only when it needs to search, and this module is imported
    # by every `coappoint` command, so the core is imported here rather than at the top.
    from coappoint.rules.errors import InvalidTimetableInput
    from coappoint.rules.timetable import (
        DEFAULT_DETERMINISTIC_SECONDS,
        parse_event,
        parse_plan,
        plan_timetable,
        timetable_to_json,
    )

    if (arguments.previous is None) != (arguments.from_slot is None):
        return _fail("--previous PLAN and --from-slot N go together: give both or neither.")
    if arguments.from_slot is not None and arguments.from_slot < 0:
        return _fail(f"--from-slot is {arguments.from_slot}; slots are numbered from 0.")
    if arguments.previous == "-" and arguments.file == "-":
        return _fail("Only one of FILE and --previous can be standard input (-).")
    time_limit = arguments.time_limit
    if time_limit is None:
        time_limit = DEFAULT_DETERMINISTIC_SECONDS
    elif not time_limit > 0:
        return _fail(f"--time-limit is {time_limit}; give a positive number of seconds.")
    try:
        event = parse_event(read_json_argument(arguments.file))
        previous = None
        if arguments.previous is not None:
            previous = parse_plan(read_json_argument(arguments.previous), event)
        timetable = plan_timetable(
            event,
            previous=previous,
            from_slot=arguments.from_slot or 0,
            deterministic_seconds=time_limit,
        )
    except (InputError, InvalidTimetableInput) as error:
        return _fail(str(error))
    json.dump(timetable_to_json(timetable), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _fail(message: str) -> int:
    print(f"coappoint timetable: {message}", file=sys.stderr)
    return 2
