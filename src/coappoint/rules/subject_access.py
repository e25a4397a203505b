"""A subject-access request's deadline: one calendar month from the day it arrived.

UK GDPR Article 12(3) gives a month; the ICO counts it from the day the request is received to
the corresponding calendar date in the next month, or that month's last day when it has no such
date (received 31 January: due 28, or 29, February). A request received today is due in a month
whichever day staff enter it, so the deadline is counted from `received_on`, never from when the
request was typed in.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass


class ReceivedInTheFuture(ValueError):
    """A request cannot have arrived after today."""


def due_on(received_on: datetime.date) -> datetime.date:
    """The day a request received on `received_on` must be answered by."""
    month_index = received_on.month  # the month after: 0-based index of received month + 1
    year, month = received_on.year + month_index // 12, month_index % 12 + 1
    day = min(received_on.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def check_received_on(received_on: datetime.date, *, today: datetime.date) -> None:
    """Refuse a received date after `today` (ReceivedInTheFuture)."""
    if received_on > today:
        raise ReceivedInTheFuture(received_on)


@dataclass(frozen=True)
class DaysLeft:
    """How long is left until a request is due: `days` (0 on the day it is due), or, once that
    day has passed, `overdue_days` > 0 and `days` 0."""

    days: int
    overdue_days: int

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def days_left(due: datetime.date, *, today: datetime.date) -> DaysLeft:
    """The days left until `due` as seen on `today`."""
    remaining = (due - today).days
    if remaining < 0:
        return DaysLeft(days=0, overdue_days=-remaining)
    return DaysLeft(days=remaining, overdue_days=0)
