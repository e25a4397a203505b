"""What a staff member's home page lists, by the roles they hold."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from coappoint.campaigns.models import Campaign
from coappoint.events.models import Event
from coappoint.organisations.access import StaffAccess
from coappoint.organisations.models import Programme, Role


@dataclass(frozen=True)
class StaffHome:
    programmes: QuerySet[Programme] | None
    campaigns: QuerySet[Campaign] | None
    events: QuerySet[Event] | None
    shows_audit_log: bool
    can_set_up: bool
    can_plan_events: bool


def get_staff_home(access: StaffAccess) -> StaffHome:
    """Programmes and campaigns for managers and the panel; events for managers and facilitators."""
    organisation = access.organisation
    sees_campaigns = access.holds(Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL, Role.AUDITOR)
    sees_events = access.holds(Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.AUDITOR)
    return StaffHome(
        programmes=(
            Programme.objects.filter(organisation=organisation).prefetch_related("areas")
            if access.holds(Role.PROGRAMME_MANAGER, Role.AUDITOR)
            else None
        ),
        campaigns=(
            Campaign.objects.filter(organisation=organisation).select_related(
                "vacancy", "vacancy__area"
            )
            if sees_campaigns
            else None
        ),
        events=(
            Event.objects.filter(organisation=organisation).select_related("campaign")
            if sees_events
            else None
        ),
        shows_audit_log=access.holds(Role.PROGRAMME_MANAGER, Role.AUDITOR),
        can_set_up=access.holds(Role.PROGRAMME_MANAGER),
        can_plan_events=access.holds(Role.PROGRAMME_MANAGER, Role.FACILITATOR),
    )
