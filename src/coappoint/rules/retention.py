"""How long each kind of personal data is kept, and when a period ends.

A council keeps recruitment data no longer than it needs it (UK GDPR Article 5(1)(e)); the ICO
suggests about six months for unsuccessful candidates. Each category below has a default period,
counted from a moment (`CountedFrom`), and the bounds an organisation may set it
within. The periods themselves are kept per organisation (`organisations.RetentionPeriod`); what
is deleted when one ends is the housekeeping's (`housekeeping.retention`).

Months are calendar months: a period of 6 months from 31 August ends on 28 (or 29) February,
the last day that month has, so a period never ends early nor spills into the month after.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """A kind of personal data with its own retention period."""

    UNSUCCESSFUL_CANDIDATES = "unsuccessful_candidates"
    APPOINTED_CANDIDATE = "appointed_candidate"
    UNDECIDED_CAMPAIGN = "undecided_campaign"
    RECRUITERS = "recruiters"
    EQUALITY_MONITORING = "equality_monitoring"
    COMMENTS_AND_NOTES = "comments_and_notes"
    EVALUATION_FREE_TEXT = "evaluation_free_text"
    SIGN_IN_ATTEMPTS = "sign_in_attempts"
    MESSAGE_BODIES = "message_bodies"
    AUDIT_LOG = "audit_log"


@dataclass(frozen=True, order=True)
class Period:
    """A length of time: whole calendar months, or days (one of them, the other 0)."""

    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if self.months < 0 or self.days < 0:
            raise ValueError("A retention period cannot be negative.")
        if self.months and self.days:
            raise ValueError("A retention period is in months or in days, not both.")

    @property
    def approximate_days(self) -> int:
        """For comparing periods with bounds: a month counts as 31 days, the longest."""
        return self.months * 31 + self.days


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """`moment` moved on by whole calendar months, on the same day of the month or the last
    day that month has."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def period_ends(start: datetime.datetime, period: Period) -> datetime.datetime:
    """When data kept for `period` from `start` is due to go."""
    if period.months:
        return add_months(start, period.months)
    return start + datetime.timedelta(days=period.days)


def is_due(start: datetime.datetime, period: Period, *, now: datetime.datetime) -> bool:
    """Whether the period that began at `start` has ended by `now` (exactly at its end: due)."""
    return period_ends(start, period) <= now


class CountedFrom(StrEnum):
    """The moment a category's period is counted from (the pages name it in words)."""

    DECISION = "decision"
    CAMPAIGN_CLOSED = "campaign_closed"
    LAST_EVENT = "last_event"
    ANSWERED = "answered"
    ATTEMPT = "attempt"
    SENT = "sent"
    ACTION = "action"


@dataclass(frozen=True)
class CategoryRule:
    """A category's default period, what it is counted from, and the bounds it may be set in."""

    category: Category
    default: Period
    counted_from: CountedFrom
    shortest: Period
    longest: Period

    def allows(self, period: Period) -> bool:
        return (
            self.shortest.approximate_days
            <= period.approximate_days
            <= self.longest.approximate_days
        )


RULES: dict[Category, CategoryRule] = {
    rule.category: rule
    for rule in (
        CategoryRule(
            Category.UNSUCCESSFUL_CANDIDATES,
            default=Period(months=6),
            counted_from=CountedFrom.DECISION,
            shortest=Period(months=1),
            longest=Period(months=24),
        ),
        CategoryRule(
            Category.APPOINTED_CANDIDATE,
            default=Period(months=6),
            counted_from=CountedFrom.DECISION,
            shortest=Period(months=1),
            longest=Period(months=24),
        ),
        CategoryRule(
            Category.UNDECIDED_CAMPAIGN,
            default=Period(months=6),
            counted_from=CountedFrom.CAMPAIGN_CLOSED,
            shortest=Period(months=1),
            longest=Period(months=24),
        ),
        CategoryRule(
            Category.RECRUITERS,
            default=Period(months=12),
            counted_from=CountedFrom.LAST_EVENT,
            shortest=Period(months=1),
            longest=Period(months=36),
        ),
        CategoryRule(
            Category.EQUALITY_MONITORING,
            default=Period(months=6),
            counted_from=CountedFrom.DECISION,
            shortest=Period(months=1),
            longest=Period(months=24),
        ),
        CategoryRule(
            Category.COMMENTS_AND_NOTES,
            default=Period(months=6),
            counted_from=CountedFrom.DECISION,
            shortest=Period(months=1),
            longest=Period(months=24),
        ),
        CategoryRule(
            Category.EVALUATION_FREE_TEXT,
            default=Period(months=12),
            counted_from=CountedFrom.ANSWERED,
            shortest=Period(months=1),
            longest=Period(months=36),
        ),
        CategoryRule(
            Category.SIGN_IN_ATTEMPTS,
            default=Period(days=30),
            counted_from=CountedFrom.ATTEMPT,
            shortest=Period(days=7),
            longest=Period(days=365),
        ),
        CategoryRule(
            Category.MESSAGE_BODIES,
            default=Period(days=90),
            counted_from=CountedFrom.SENT,
            shortest=Period(days=7),
            longest=Period(days=730),
        ),
        CategoryRule(
            Category.AUDIT_LOG,
            default=Period(months=72),
            counted_from=CountedFrom.ACTION,
            shortest=Period(months=72),
            longest=Period(months=180),
        ),
    )
}

DEFAULT_PERIODS: dict[Category, Period] = {
    category: rule.default for category, rule in RULES.items()
}
