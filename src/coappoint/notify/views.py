"""The outbox page (what the service kept instead of sending), and Notify's delivery receipts."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coappoint.notify.backends import is_keeping_only, notify_status
from coappoint.notify.delivery import record_delivery_status
from coappoint.notify.models import Message
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
        {
            "access": access,
            "messages_kept": list_outbox_messages(access.organisation),
            "keeping_only": is_keeping_only(),
        },
    )


@csrf_exempt
@require_POST
def delivery_receipt(request: HttpRequest) -> HttpResponse:
    """GOV.UK Notify's callback: a message's delivery status, with our bearer token.

    Without the token (GOVUK_NOTIFY_CALLBACK_TOKEN) nobody may change a message's status, and
    an unset token refuses every receipt. The receipt names our reference (the row's id) and
    Notify's id: both must match the row.
    """
    token = settings.GOVUK_NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return HttpResponse(status=401)
    try:
        receipt = json.loads(request.body)
        reference, provider_id, status = (
            str(receipt["reference"]),
            str(receipt["id"]),
            str(receipt["status"]),
        )
    except (ValueError, KeyError, TypeError):
        return HttpResponse(status=400)
    message = (
        Message.objects.filter(pk=int(reference), provider_id=provider_id).first()
        if reference.isdigit()
        else None
    )
    if message is None:
        return HttpResponse(status=404)
    record_delivery_status(message=message, status=notify_status(status))
    return HttpResponse(status=204)
