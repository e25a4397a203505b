"""The one door that changes an organisation's retention periods, audited."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.organisations.models import Organisation
from coappoint.retention.models import RetentionPeriod
from coappoint.retention.queries import period_in_words
from coappoint.rules.retention import RULES, Category, Period


class PeriodRefused(Exception):
    """The period is outside what the category allows; the message says what is allowed."""


def set_retention_period(
    *,
    organisation: Organisation,
    category: Category,
    period: Period,
    actor: User,
    now: datetime | None = None,
) -> RetentionPeriod:
    """Keep `category` for `period` in `organisation`, within the category's bounds."""
    rule = RULES[category]
    if bool(period.months) != bool(rule.default.months) or not rule.allows(period):
        raise PeriodRefused(
            gettext("Choose a period from %(shortest)s to %(longest)s")
            % {
                "shortest": period_in_words(rule.shortest),
                "longest": period_in_words(rule.longest),
            }
        )
    now = now or timezone.now()
    with transaction.atomic():
        row, _created = RetentionPeriod.objects.update_or_create(
            organisation=organisation,
            category=category.value,
            defaults={
                "months": period.months,
                "days": period.days,
                "changed_at": now,
                "changed_by": actor,
            },
        )
        audit.record(
            now=now,
            organisation=organisation,
            actor=actor,
            action=AuditAction.RETENTION_PERIOD_CHANGED,
            target=row,
            after={"category": category.value, "months": period.months, "days": period.days},
        )
    return row
