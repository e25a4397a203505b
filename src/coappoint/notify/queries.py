"""Reads of the outbox, always within one organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from coappoint.notify.models import OutboxMessage
from coappoint.organisations.models import Organisation


def list_outbox_messages(organisation: Organisation, limit: int = 200) -> QuerySet[OutboxMessage]:
    """The organisation's newest kept emails first."""
    return OutboxMessage.objects.filter(organisation=organisation)[:limit]
