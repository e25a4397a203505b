"""The community recruiter's own home page for their day."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coappoint.events.queries import list_candidate_display_names
from coappoint.signin.participants import Participant, participant_required


@participant_required("recruiter")
def home(request: HttpRequest) -> HttpResponse:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    event = participant.event
    return render(
        request,
        "recruiters/recruiter_home.html",
        {
            "participant": participant,
            "event": event,
            "candidate_names": [name for _candidate, name in list_candidate_display_names(event)],
        },
    )
