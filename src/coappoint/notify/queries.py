"""Reads of the outbox, always within one organisation, with sign-in links and codes withheld."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext

from coappoint.notify.models import OutboxMessage
from coappoint.notify.withholding import withhold
from coappoint.organisations.models import Organisation


@dataclass(frozen=True)
class KeptEmail:
    """An email in the outbox as staff may read it: its body without anyone's sign-in."""

    recipient: str
    subject: str
    body: str
    attachment_names: tuple[str, ...]
    created_at: datetime


def _as_shown(message: OutboxMessage) -> KeptEmail:
    attachments: list[dict[str, Any]] = message.attachments or []
    return KeptEmail(
        recipient=message.recipient,
        subject=message.subject,
        body=withhold(
            message.body,
            message.withheld_spans or [],
            marker=gettext("[personal sign-in withheld]"),
        ),
        attachment_names=tuple(str(attachment["filename"]) for attachment in attachments),
        created_at=message.created_at,
    )


def list_outbox_messages(organisation: Organisation, limit: int = 200) -> list[KeptEmail]:
    """The organisation's newest kept emails first, each with personal sign-ins withheld.

    No page shown to staff holds another person's usable link or code (shared/PRODUCT.md):
    whoever read one could sign in as that candidate or recruiter.
    """
    return [
        _as_shown(message)
        for message in OutboxMessage.objects.filter(organisation=organisation)[:limit]
    ]
