"""What the forgetting tests share: a decision or closing at a given moment, and a snapshot of
every row in the database."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.decisions.models import Decision
from coappoint.organisations.models import Role
from tests.factories import staff_member

# The service's time zone (settings.TIME_ZONE): retention counts months on its calendar.
LONDON = zoneinfo.ZoneInfo("Europe/London")


def decide(
    campaign: Campaign, *, at: datetime.datetime, appointed: Candidate | None = None
) -> Decision:
    """The campaign decided at `at` (the record's content is the decisions app's to test)."""
    Campaign.objects.filter(pk=campaign.pk).update(state=Campaign.State.DECIDED)
    campaign.refresh_from_db()
    return Decision.objects.create(
        organisation=campaign.organisation,
        campaign=campaign,
        appointed=appointed,
        rationale="Decided.",
        record={},
        outcome={},
        recorded_by=staff_member(campaign.organisation, Role.PROGRAMME_MANAGER),
        recorded_at=at,
    )


def close_undecided(campaign: Campaign, *, at: datetime.datetime) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(
        state=Campaign.State.CLOSED, closed_at=at, closing_reason="The vacancy was withdrawn."
    )
    campaign.refresh_from_db()


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (Django's models and django-axes'), in primary-key order."""
    models = {*apps.get_models(), AccessAttempt, AccessLog, AccessFailureLog}
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in sorted(models, key=lambda model: model._meta.label)
    }
