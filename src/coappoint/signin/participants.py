"""The signed-in recruiter or candidate, kept in the session and scoped to one event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Literal

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from coappoint.campaigns.models import Candidate
from coappoint.events.models import Event
from coappoint.recruiters.models import CommunityRecruiter

SESSION_KEY = "coappoint_participant"
Kind = Literal["recruiter", "candidate"]


@dataclass(frozen=True)
class Participant:
    """A recruiter or candidate signed in for one event."""

    kind: Kind
    recruiter: CommunityRecruiter | None
    candidate: Candidate | None
    event: Event

    @property
    def name(self) -> str:
        if self.recruiter is not None:
            return self.recruiter.full_name
        assert self.candidate is not None
        return self.candidate.called


def start_participant_session(
    request: HttpRequest, person: CommunityRecruiter | Candidate, event: Event
) -> None:
    """Sign `person` in for `event`, ending any other sign-in in this browser first."""
    logout(request)  # flushes the session: a new session key, nothing of the last person kept
    request.session[SESSION_KEY] = {
        "kind": "recruiter" if isinstance(person, CommunityRecruiter) else "candidate",
        "id": person.pk,
        "event_id": event.pk,
    }


def load_participant(request: HttpRequest) -> Participant | None:
    """The participant in the session, or None (also when their record has gone)."""
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    try:
        event_id, person_id = int(stored["event_id"]), int(stored["id"])
    except (KeyError, TypeError, ValueError):
        return None
    event = Event.objects.select_related("campaign", "organisation").filter(pk=event_id).first()
    if event is None:
        return None
    if stored.get("kind") == "recruiter":
        recruiter = CommunityRecruiter.objects.filter(pk=person_id, event=event).first()
        if recruiter is None:
            return None
        return Participant(kind="recruiter", recruiter=recruiter, candidate=None, event=event)
    if stored.get("kind") == "candidate":
        candidate = event.candidates.filter(pk=person_id).first()
        if candidate is None:
            return None
        return Participant(kind="candidate", recruiter=None, candidate=candidate, event=event)
    return None


def participant_required(
    kind: Kind,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view only a signed-in participant of `kind` may open; others go to the code page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            participant: Participant | None = getattr(request, "participant", None)
            if participant is None or participant.kind != kind:
                return redirect("signin:code")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
