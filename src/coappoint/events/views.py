"""The event page for staff, and the candidate's own page about their day."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from coappoint.events.queries import get_event, list_candidate_display_names
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role
from coappoint.signin.participants import Participant, participant_required


def detail(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    access = require_staff(
        request, organisation_slug, [Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.AUDITOR]
    )
    event = get_event(access.organisation, event_id)
    if event is None:
        raise Http404
    recruiters = event.recruiters.prefetch_related("conflicts__candidate")
    return render(
        request,
        "events/event_detail.html",
        {
            "access": access,
            "event": event,
            "candidates": list_candidate_display_names(event),
            "recruiters": recruiters,
            "can_issue_sign_in": access.holds(Role.PROGRAMME_MANAGER, Role.FACILITATOR),
        },
    )


@participant_required("candidate")
def candidate_home(request: HttpRequest) -> HttpResponse:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    return render(
        request,
        "events/candidate_home.html",
        {"participant": participant, "event": participant.event},
    )
