"""One attempt to send one message, and what its outcome does to the row.

Each attempt claims the row by moving it from waiting to "attempting" (and counting the
attempt), so two workers never send the same message at once. Before any attempt after the
first, the provider is asked whether an earlier one got through (Notify's `reference` is the
row's id): a request that timed out, or a worker that died mid-send, may well have got it there.
"""

from __future__ import annotations

import base64
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from coappoint.notify.backends import (
    Accepted,
    Attachment,
    Backend,
    DeliveryError,
    Outgoing,
    get_backend,
)
from coappoint.notify.masking import unmask
from coappoint.notify.models import FAILED, WAITING, Message, Status

logger = logging.getLogger(__name__)


def backoff_seconds(attempts: int) -> float:
    """How long to wait after the `attempts`-th failed try: doubling, to a cap of an hour."""
    base = float(settings.COAPPOINT_NOTIFY_RETRY_SECONDS)
    return float(min(base * 2 ** max(attempts - 1, 0), 3600.0))


def outgoing_of(message: Message) -> Outgoing:
    return Outgoing(
        reference=str(message.pk),
        channel=message.channel,
        to=message.to,
        subject=message.subject,
        body=unmask(message.body, message.secrets),
        attachments=tuple(
            Attachment(
                filename=str(item["filename"]),
                content_type=str(item["content_type"]),
                content=base64.b64decode(item["content_base64"]),
            )
            for item in message.attachments
        ),
        organisation=message.organisation,
        withheld=tuple(message.secrets),
    )


def _accepted(message: Message, accepted: Accepted, now: datetime) -> None:
    message.status = accepted.status
    message.provider_id = accepted.provider_id
    message.failure_reason = ""
    message.next_attempt_at = None
    message.secrets = []  # sent: nobody needs them again, and a resend issues new ones
    message.status_changed_at = now
    message.save(
        update_fields=[
            "status",
            "provider_id",
            "failure_reason",
            "next_attempt_at",
            "secrets",
            "status_changed_at",
        ]
    )


def _failed(message: Message, error: DeliveryError, now: datetime) -> None:
    give_up = not error.retry or message.attempts >= settings.COAPPOINT_NOTIFY_MAX_ATTEMPTS
    message.failure_reason = error.reason[:2000]
    message.status_changed_at = now
    if give_up:
        message.status = Status.NOT_SENT
        message.next_attempt_at = None
        message.secrets = []
    else:
        message.status = Status.RETRYING
        message.next_attempt_at = now + timedelta(seconds=backoff_seconds(message.attempts))
    message.save(
        update_fields=[
            "status",
            "failure_reason",
            "next_attempt_at",
            "secrets",
            "status_changed_at",
        ]
    )


def attempt_delivery(message_id: int, *, backend: Backend | None = None) -> Message | None:
    """Try once to send the message, unless it is no longer waiting; the row as it is after.

    Returns None when another worker claimed this attempt first.
    """
    message = Message.objects.select_related("organisation").filter(pk=message_id).first()
    if message is None or message.status not in WAITING:
        return message
    tried_before = message.attempts > 0
    started = timezone.now()
    claimed = Message.objects.filter(
        pk=message.pk, status=message.status, attempts=message.attempts
    ).update(attempts=F("attempts") + 1, status=Status.ATTEMPTING, attempt_started_at=started)
    if not claimed:
        return None
    message.attempts += 1
    message.status = Status.ATTEMPTING
    message.attempt_started_at = started
    backend = backend or get_backend()
    try:
        # No database transaction is held open across the provider's answer.
        found = backend.find(str(message.pk)) if tried_before else None
        accepted = found or backend.send(outgoing_of(message))
    except DeliveryError as error:
        logger.warning("Message %s attempt %s failed: %s", message.pk, message.attempts, error)
        with transaction.atomic():
            _failed(message, error, timezone.now())
        return message
    with transaction.atomic():
        _accepted(message, accepted, timezone.now())
    return message


def record_delivery_status(*, message: Message, status: str, now: datetime | None = None) -> None:
    """Keep the provider's latest word on a message it took; a final one is never undone."""
    if message.status in (Status.DELIVERED, *FAILED) or message.status == status:
        return
    message.status = status
    message.status_changed_at = now or timezone.now()
    message.save(update_fields=["status", "status_changed_at"])
