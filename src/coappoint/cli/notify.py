"""`coappoint notify check --email ADDRESS --phone NUMBER`: prove this site can send messages;
`coappoint notify sweep`: look after messages whose task or receipt was lost (notify.sweep).

Sends one test email and one test text message through the configured backend, waits until the
provider has accepted each (sending them here if no worker picks them up), and prints their ids.
"""

from __future__ import annotations

import argparse
import sys
import time

from coappoint.cli._settings import use_settings


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser("notify", help="Check that this site's messages are sent.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="Send a test email and text message; print their ids once accepted."
    )
    check.add_argument("--email", required=True, help="An address to send the test email to.")
    check.add_argument("--phone", required=True, help="A mobile number for the test text.")
    check.add_argument(
        "--wait-for-worker",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="How long to let a running worker send them before sending them here (10).",
    )
    check.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="How long to wait for the provider to accept them (120).",
    )
    sweep = actions.add_parser(
        "sweep",
        help="Hand lost messages to the worker again and ask the provider after quiet ones; "
        "run every few minutes.",
    )
    sweep.set_defaults(handler=run_sweep)
    check.set_defaults(handler=run)


def run_sweep(arguments: argparse.Namespace) -> int:
    import django

    if not use_settings("notify"):
        return 2
    django.setup()
    from django.core.exceptions import ImproperlyConfigured

    from coappoint.notify.sweep import sweep

    try:
        swept = sweep()
    except ImproperlyConfigured as error:
        print(f"coappoint notify sweep: {error}", file=sys.stderr)
        return 2
    print(
        f"{swept.handed_on} waiting message(s) handed to the worker again; "
        f"asked after {swept.asked} sent message(s): {swept.changed} had moved on, "
        f"{swept.unanswered} unanswered."
    )
    return 0


def run(arguments: argparse.Namespace) -> int:
    import django

    if not use_settings("notify"):
        return 2
    django.setup()
    from django.core.exceptions import ImproperlyConfigured

    from coappoint.notify.backends import backend_name
    from coappoint.notify.models import UNSETTLED, WAITING, Message
    from coappoint.notify.services import send_check_messages
    from coappoint.notify.tasks import deliver_message

    try:
        sent = send_check_messages(email=arguments.email, phone=arguments.phone)
    except ImproperlyConfigured as error:
        print(f"coappoint notify check: {error}", file=sys.stderr)
        return 2
    started = time.monotonic()
    pending = {message.pk for message in sent}
    while pending and time.monotonic() - started < arguments.timeout:
        waiting = set(
            Message.objects.filter(pk__in=pending, status__in=UNSETTLED).values_list(
                "pk", flat=True
            )
        )
        if time.monotonic() - started >= arguments.wait_for_worker:
            # No worker took them: send here. Each attempt claims its row, so a worker that
            # wakes up now cannot send the same message again.
            for message_id in Message.objects.filter(
                pk__in=waiting, status__in=WAITING, next_attempt_at__isnull=True
            ).values_list("pk", flat=True):
                deliver_message.call(message_id)
        pending = waiting
        if pending:
            time.sleep(0.5)
    exit_code = 0
    for message in Message.objects.filter(pk__in=[m.pk for m in sent]).order_by("pk"):
        line = (
            f"{message.get_channel_display()} to {message.to}: message {message.pk}, "
            f"{backend_name()} id {message.provider_id or '-'}, {message.get_status_display()}"
        )
        if message.has_failed or message.status in UNSETTLED:
            exit_code = 1
            line += f" ({message.failure_reason or 'not accepted in time'})"
        print(line)
    return exit_code
