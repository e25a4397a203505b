"""The outbox page: what the service would have emailed, for checking in development."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coappoint.notify.queries import list_outbox_messages
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role


def outbox(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    # Programme managers only: kept emails hold personal details. Sign-in links and codes are
    # withheld by the query, so nobody can sign in as the person from here.
    access = require_staff(request, organisation_slug, [Role.PROGRAMME_MANAGER])
    return render(
        request,
        "notify/outbox.html",
        {"access": access, "messages_kept": list_outbox_messages(access.organisation)},
    )
