"""The task that sends a message after the transaction that wrote it commits."""

from __future__ import annotations

import time

from django.utils import timezone
from django_tasks import default_task_backend, task

from coappoint.notify.delivery import attempt_delivery, backoff_seconds
from coappoint.notify.models import Status


@task()
def deliver_message(message_id: int) -> str:
    """Send one message; on a failure worth retrying, try again after a backoff.

    With a backend that can run a task later (the database worker) the retry is a new task
    run after the wait; with one that cannot (the immediate backend, in tests and development)
    it waits here.
    """
    while True:
        message = attempt_delivery(message_id)
        if message is None or message.status != Status.RETRYING:
            return message.status if message is not None else "claimed elsewhere"
        if default_task_backend.supports_defer:
            run_after = message.next_attempt_at or timezone.now()
            deliver_message.using(run_after=run_after).enqueue(message_id)
            return str(message.status)
        time.sleep(backoff_seconds(message.attempts))
