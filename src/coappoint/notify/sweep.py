"""Messages nobody is looking after any more, and delivery statuses nobody reported.

Run every few minutes (`coappoint notify sweep`, from cron or a systemd timer; docs/deployment.md):

- A message still waiting well after it was due lost its task (a worker stopped, or the queue was
  emptied): it is handed to a new task. A duplicate task is harmless: each attempt claims its row.
- A message "being handed over" for much longer than any request may take lost its worker
  mid-send: it goes back to waiting, so the next attempt first asks the provider whether the
  lost one got through (notify.delivery), and is handed to a new task.
- A message the provider took and has said nothing more about is asked after: Notify's callback
  is the quick way, this is the way that needs no callback set up, and catches a lost one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from coappoint.notify.backends import Backend, DeliveryError, get_backend
from coappoint.notify.delivery import record_delivery_status
from coappoint.notify.models import WAITING, Message, Status

logger = logging.getLogger(__name__)

# Far longer than an attempt can take (the provider's timeout is seconds), far shorter than a
# person would wait for a sign-in code before asking at the door.
LOST_AFTER = timedelta(minutes=10)
# Notify usually reports within minutes; asking sooner would only repeat what it is doing.
ASK_AFTER = timedelta(minutes=5)
# Notify keeps a message's status for 7 days; after that it cannot say.
PROVIDER_KEEPS = timedelta(days=7)
# At most this many of each in one sweep: well inside Notify's rate limit of 3,000 a minute.
BATCH = 500


@dataclass(frozen=True)
class Swept:
    handed_on: int  # messages given a new task
    asked: int  # messages whose status was asked of the provider
    changed: int  # of those, how many had moved on
    unanswered: int  # asked, but the provider did not answer


def sweep(*, now: datetime | None = None, backend: Backend | None = None) -> Swept:
    from coappoint.notify.tasks import deliver_message

    now = now or timezone.now()
    lost_before = now - LOST_AFTER
    # A worker that died mid-send: back to waiting, so the next attempt asks before sending.
    # Each row moves only from the attempt it was in, so a worker finishing now keeps its word.
    revived = []
    for message_id, attempts in Message.objects.filter(
        status=Status.ATTEMPTING, attempt_started_at__lt=lost_before
    ).values_list("pk", "attempts")[:BATCH]:
        if Message.objects.filter(
            pk=message_id, status=Status.ATTEMPTING, attempts=attempts
        ).update(status=Status.RETRYING, next_attempt_at=None, status_changed_at=now):
            revived.append(message_id)
    overdue = (
        Message.objects.filter(status__in=WAITING)
        .filter(Q(attempt_started_at__isnull=True) | Q(attempt_started_at__lt=lost_before))
        .filter(
            Q(next_attempt_at__lt=lost_before)
            | Q(next_attempt_at__isnull=True, status_changed_at__lt=lost_before)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    handed_on = [*revived, *overdue]
    for message_id in handed_on:
        deliver_message.enqueue(message_id)

    backend = backend or get_backend()
    quiet = (
        Message.objects.filter(
            status=Status.SENDING,
            status_changed_at__lt=now - ASK_AFTER,
            created_at__gte=now - PROVIDER_KEEPS,
        )
        .exclude(provider_id="")
        .order_by("status_changed_at", "pk")[:BATCH]
    )
    asked = changed = unanswered = 0
    for message in quiet:
        asked += 1
        try:
            status = backend.status_of(message.provider_id)
        except DeliveryError as error:
            logger.warning("Could not ask after message %s: %s", message.pk, error)
            unanswered += 1
            continue
        if status is not None and status != message.status:
            record_delivery_status(message=message, status=status, now=now)
            changed += 1
    return Swept(handed_on=len(handed_on), asked=asked, changed=changed, unanswered=unanswered)
