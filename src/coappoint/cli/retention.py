"""`coappoint retention --as-of YYYY-MM-DD [--apply]`: what goes when retention periods end.

Without --apply it prints, per organisation and category, how many records would go as of the
start of that day and when the next of the rest goes, and changes nothing. With --apply it
removes them (forgetting.apply_retention) and prints how many went: counts only, never whose.
"""

from __future__ import annotations

import argparse
import datetime
import sys

from coappoint.cli._settings import use_settings

DATE_FORMAT = "%Y-%m-%d"


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "retention",
        help="Preview, or with --apply remove, personal data past its retention period.",
    )
    parser.add_argument(
        "--as-of",
        required=True,
        metavar="YYYY-MM-DD",
        help="the day (from its start) the periods are counted to",
    )
    parser.add_argument(
        "--apply", action="store_true", help="remove what is due; without it nothing changes"
    )
    parser.set_defaults(handler=run)


def _as_of(text: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(text, DATE_FORMAT).date()
    except ValueError:
        return None


def run(arguments: argparse.Namespace) -> int:
    day = _as_of(arguments.as_of)
    if day is None:
        print(
            f"coappoint retention: --as-of {arguments.as_of!r} is not a date: give it as "
            "YYYY-MM-DD, for example 2027-06-30.",
            file=sys.stderr,
        )
        return 2
    import django

    if not use_settings("retention"):
        return 2
    django.setup()
    from django.utils import timezone, translation

    from coappoint.forgetting.queries import plan_retention
    from coappoint.forgetting.services import apply_retention
    from coappoint.organisations.models import Organisation
    from coappoint.retention.queries import kept_for_in_words

    now = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    with translation.override("en"):
        if arguments.apply:
            counts = apply_retention(now=now, ran_at=timezone.now())
            print(f"Applied retention as of {day:{DATE_FORMAT}}.")
            for category, count in counts.items():
                print(f"  {category.value}: {count} removed")
            return 0
        print(f"Retention as of {day:{DATE_FORMAT}} (a preview: nothing is changed).")
        owners: list[Organisation | None] = [*Organisation.objects.order_by("slug"), None]
        for organisation in owners:
            print(organisation.slug if organisation is not None else "(no organisation)")
            for planned in plan_retention(organisation=organisation, now=now):
                line = (
                    f"  {planned.category.value} "
                    f"({kept_for_in_words(planned.category, planned.period)}): "
                    f"{planned.due} to go, {planned.kept} kept"
                )
                if planned.next_goes_at is not None:
                    line += f", the next on {timezone.localdate(planned.next_goes_at):%Y-%m-%d}"
                print(line)
    return 0
