"""The moment at or before which data kept for a period has surely gone: for bulk deletions.

Bulk deletions (sign-in attempts, message bodies, the audit log) select rows by a cutoff rather
than asking `is_due` of each one. Every start at or before `latest_due_start(now, period)` is
due by `now`, so nothing goes early. Calendar months make the due starts not quite one stretch:
on 28 February, 6 months after 31 August has ended at the time of day 31 August began, but 6
months after 28 August 23:00 has not. So a start on the 29th to 31st of a month may go up to
three days after its period ended, never before.
"""

from __future__ import annotations

import calendar
import datetime

from coappoint.rules.retention import Period, add_months


def latest_due_start(now: datetime.datetime, period: Period) -> datetime.datetime:
    """The latest moment such that data kept for `period` from then, or any earlier moment, has
    ended by `now`."""
    if not period.months:
        return now - datetime.timedelta(days=period.days)
    start = add_months(now, -period.months)
    if start.day < now.day:
        # `now`'s day does not exist that month (31 March less a month): every start on the
        # month's last day ends on that day of `now`'s month, before `now`.
        last_day = calendar.monthrange(start.year, start.month)[1]
        return start.replace(day=last_day, hour=23, minute=59, second=59, microsecond=999999)
    return start
