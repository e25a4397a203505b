"""Reads of messages and the outbox, within one organisation or one person, sign-ins withheld."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext

from coappoint.notify.masking import shown
from coappoint.notify.models import FAILED, Message, OutboxMessage, Status
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


@dataclass(frozen=True)
class SentMessage:
    """A message as its reader may see it: never anyone's sign-in link or code."""

    pk: int
    purpose: str
    channel: str
    to: str
    subject: str
    body: str
    status: str
    status_label: str
    failure_reason: str
    attempts: int
    created_at: datetime
    has_failed: bool
    person_kind: str
    person_id: int | None


def _as_read(message: Message) -> SentMessage:
    return SentMessage(
        pk=message.pk,
        purpose=message.get_purpose_display(),
        channel=message.get_channel_display(),
        to=message.to,
        subject=message.subject,
        body=shown(message.body, marker=gettext("[personal sign-in withheld]")),
        status=message.status,
        status_label=message.get_status_display(),
        failure_reason=message.failure_reason,
        attempts=message.attempts,
        created_at=message.created_at,
        has_failed=message.has_failed,
        person_kind=message.person_kind,
        person_id=message.person_id,
    )


def list_messages_to(*, person_kind: str, person_id: int, limit: int = 50) -> list[SentMessage]:
    """What the service has written to one person, newest first: for their own page, so someone
    with neither email nor phone can read it there too."""
    return [
        _as_read(message)
        for message in Message.objects.filter(person_kind=person_kind, person_id=person_id)[:limit]
    ]


def list_failed_messages(organisation: Organisation, limit: int = 200) -> list[SentMessage]:
    """The organisation's messages that did not arrive and were not resent, newest first."""
    return [
        _as_read(message)
        for message in Message.objects.filter(
            organisation=organisation, status__in=FAILED, resent_as__isnull=True
        )[:limit]
    ]


def get_failed_message(organisation: Organisation, message_id: int) -> Message | None:
    """One of the organisation's failed messages not yet resent, or None."""
    return Message.objects.filter(
        organisation=organisation, pk=message_id, status__in=FAILED, resent_as__isnull=True
    ).first()


def as_read(message: Message) -> SentMessage:
    return _as_read(message)


def were_all_only_kept(references: Sequence[str]) -> bool:
    """Whether there were messages named by `references` ("message:12") and each was kept in
    the outbox, none sent."""
    parts = [reference.partition(":") for reference in references]
    if not parts or any(prefix != "message" or not number.isdigit() for prefix, _, number in parts):
        return False
    numbers = {int(number) for _, _, number in parts}
    return Message.objects.filter(pk__in=numbers, status=Status.KEPT).count() == len(numbers)


def was_only_kept(reference: str) -> bool:
    """Whether the message named by `reference` ("message:12") was kept in the outbox, not sent."""
    return were_all_only_kept([reference])
