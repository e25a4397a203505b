"""The one door that changes an organisation's retention periods, audited."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.organisations.models import Organisation
from coappoint.retention.models import RetentionPeriod
from coappoint.retention.queries import get_retention_periods, period_in_words
from coappoint.rules.retention import RULES, Category, Period


class PeriodRefused(Exception):
    """The period is outside what the category allows; the message says what is allowed."""


class PeriodsRefused(Exception):
    """Some of the periods asked for at once were refused; none was set."""

    def __init__(self, refusals: Mapping[Category, PeriodRefused]) -> None:
        super().__init__(", ".join(str(refusal) for refusal in refusals.values()))
        self.refusals = dict(refusals)


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


def set_retention_periods(
    *,
    organisation: Organisation,
    periods: Mapping[Category, Period],
    actor: User,
    now: datetime | None = None,
) -> list[RetentionPeriod]:
    """Set every period of `periods` that differs from the organisation's, all or none: when one
    is refused (PeriodsRefused, naming each), nothing is set and nothing audited."""
    now = now or timezone.now()
    refusals: dict[Category, PeriodRefused] = {}
    changed: list[RetentionPeriod] = []
    with transaction.atomic():
        current = get_retention_periods(organisation)
        for category, period in periods.items():
            if period == current[category]:
                continue
            try:
                changed.append(
                    set_retention_period(
                        organisation=organisation,
                        category=category,
                        period=period,
                        actor=actor,
                        now=now,
                    )
                )
            except PeriodRefused as refusal:
                refusals[category] = refusal
        if refusals:
            transaction.set_rollback(True)
    if refusals:
        raise PeriodsRefused(refusals)
    return changed


def set_privacy_contact(
    *,
    organisation: Organisation,
    email: str,
    actor: User,
    now: datetime | None = None,
) -> Organisation:
    """Name where people ask about their data (the privacy notice says it); empty: "contact the
    council". The audit row says whether one is set, never the address."""
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        organisation.privacy_contact_email = email
        organisation.save(update_fields=["privacy_contact_email"])
        audit.record(
            now=now,
            organisation=organisation,
            actor=actor,
            action=AuditAction.PRIVACY_CONTACT_CHANGED,
            target=organisation,
            after={"set": bool(email)},
        )
    return organisation
