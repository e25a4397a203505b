"""`coappoint organisation create`: start a council or partnership, and invite its first
programme manager (the invitation is emailed, and its link printed for whoever runs this)."""

from __future__ import annotations

import argparse
import sys

from coappoint.cli._settings import use_settings


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "organisation", help="Start an organisation and invite its first programme manager."
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create",
        help="Create an organisation; email (and print) a single-use invitation for its first "
        "programme manager.",
    )
    create.add_argument("--name", required=True, help='e.g. "Harbourside Borough Council"')
    create.add_argument("--slug", required=True, help="its web address, e.g. harbourside")
    create.add_argument("--kind", required=True, choices=("council", "partnership"))
    create.add_argument("--manager-email", required=True, help="the first programme manager")
    create.set_defaults(handler=run_create)


def run_create(arguments: argparse.Namespace) -> int:
    if not use_settings("organisation"):
        return 2
    import django

    django.setup()
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email, validate_slug

    from coappoint.organisations.models import Organisation
    from coappoint.staff.services import COMMAND_LINE, create_organisation

    problems = []
    name = arguments.name.strip()
    slug = arguments.slug.strip().lower()
    email = arguments.manager_email.strip().lower()
    if not name:
        problems.append("--name: give the organisation's name.")
    try:
        validate_slug(slug)
    except ValidationError:
        problems.append("--slug: use only lower case letters, numbers and hyphens.")
    else:
        if Organisation.objects.filter(slug=slug).exists():
            problems.append(f"--slug: another organisation already uses {slug}; choose another.")
    try:
        validate_email(email)
    except ValidationError:
        problems.append("--manager-email: give an email address, like name@example.gov.uk.")
    if problems:
        for problem in problems:
            print(f"coappoint organisation create: {problem}", file=sys.stderr)
        return 2

    sent = create_organisation(
        name=name,
        slug=slug,
        kind=Organisation.Kind(arguments.kind),
        manager_email=email,
        actor=COMMAND_LINE,
    )
    print(f"Created {name} (/o/{slug}/).")
    print(
        f"Invitation for {email}, emailed and printed here; it works once, until "
        f"{sent.invitation.expires_at:%Y-%m-%d %H:%M %Z}:"
    )
    print(sent.url)
    if settings.COAPPOINT_NOTIFY_BACKEND == "outbox":
        print("(Messages are kept in the outbox, not sent: give this link to them yourself.)")
    return 0
