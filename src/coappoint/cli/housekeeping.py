"""`coappoint housekeeping`: the daily run (housekeeping.services), from cron or a systemd timer.

Removes expired sessions, sign-in records past the security log's period and old finished task
results, hands lost messages on, records the run, and prints how many of each: counts only.
"""

from __future__ import annotations

import argparse
import sys

from coappoint.cli._settings import use_settings


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "housekeeping",
        help="Remove expired sessions and old records, hand lost messages on; run daily.",
    )
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    import django

    if not use_settings("housekeeping"):
        return 2
    django.setup()
    from django.core.exceptions import ImproperlyConfigured

    from coappoint.housekeeping.services import run_housekeeping

    try:
        removed = run_housekeeping()
    except ImproperlyConfigured as error:
        print(f"coappoint housekeeping: {error}", file=sys.stderr)
        return 2
    print(f"Removed {removed.sessions} expired session(s).")
    print(
        f"Removed {removed.sign_in_attempts} sign-in attempt record(s) older than the "
        "security log keeps."
    )
    print(f"Removed {removed.security_log} security-log row(s).")
    print(f"Removed {removed.task_results} finished task result(s).")
    print(f"Handed {removed.messages_handed_on} waiting message(s) to the worker again.")
    print(f"Removed {removed.retention} record(s) past their retention period.")
    return 0
