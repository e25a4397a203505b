"""Reads for staff pages about sign-in."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from coappoint.events.models import Event
from coappoint.signin.models import AccessCodeSlowdown


@dataclass(frozen=True)
class SlowedCodes:
    """What an event's staff are told while access codes are slowed for everyone."""

    since: datetime
    until: datetime
    wrong_codes: int
    longest_wait_minutes: int


def get_slowed_codes(event: Event, *, now: datetime | None = None) -> SlowedCodes | None:
    """The slowdown of access codes going on now that the event's staff should know of, if any.

    `event` must already be one the reader may see (its organisation checked by the caller).
    """
    now = now or timezone.now()
    slowdown = (
        AccessCodeSlowdown.objects.filter(event=event, ends_at__gt=now)
        .order_by("-started_at")
        .first()
    )
    if slowdown is None:
        return None
    return SlowedCodes(
        since=slowdown.started_at,
        until=slowdown.ends_at,
        wrong_codes=slowdown.wrong_codes,
        longest_wait_minutes=math.ceil(settings.ACCESS_CODE_LONGEST_WAIT_SECONDS / 60),
    )
