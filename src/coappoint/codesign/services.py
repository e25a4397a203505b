"""Writes for co-design: every one audited."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit.services import record_audit_event
from coappoint.codesign.models import CriteriaVersion
from coappoint.events.models import Event


class NoCriteria(Exception):
    """Scoring cannot start: the group has not chosen and worded any criteria yet."""


def lock_current_criteria(
    *, event: Event, actor: User, now: datetime | None = None
) -> CriteriaVersion:
    """Lock the newest criteria version when scoring starts; locking twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        version = (
            CriteriaVersion.objects.select_for_update()
            .filter(event=event)
            .order_by("-number")
            .first()
        )
        if version is None or not version.criteria.exists():
            raise NoCriteria
        if version.locked_at is None:
            version.locked_at = now
            version.save(update_fields=["locked_at"])
            record_audit_event(
                organisation=event.organisation,
                actor=actor,
                action="criteria.locked",
                target=version,
                after={
                    "version": version.number,
                    "criteria": [criterion.name for criterion in version.criteria.all()],
                },
            )
    return version
