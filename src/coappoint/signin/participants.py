"""The signed-in recruiter or candidate, kept in the session and scoped to one event."""

from __future__ import annotations

import hashlib
import secrets
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
from coappoint.web.languages import remember_language, service_language

SESSION_KEY = "coappoint_participant"
Kind = Literal["recruiter", "candidate"]


@dataclass(frozen=True)
class Participant:
    """A recruiter or candidate signed in for one event, in this browser session.

    `session_mark` is the SHA-256 of a random secret kept only in this session: a score sheet
    sent from here carries it, so its values are shown here and in no other session until the
    reveal (not in one opened later from a new link or code, whoever asked for it).
    `staff_issued` says that the link or code that opened the session was issued by staff.
    """

    kind: Kind
    recruiter: CommunityRecruiter | None
    candidate: Candidate | None
    event: Event
    session_mark: str = ""
    staff_issued: bool = False

    @property
    def name(self) -> str:
        if self.recruiter is not None:
            return self.recruiter.full_name
        assert self.candidate is not None
        return self.candidate.called


def start_participant_session(
    request: HttpRequest,
    person: CommunityRecruiter | Candidate,
    event: Event,
    *,
    staff_issued: bool,
) -> None:
    """Sign `person` in for `event`, ending any other sign-in in this browser first.

    `staff_issued`: the link or code used was issued by staff (signin.queries.was_issued_by_staff)
    rather than at the person's own sign-up.
    """
    logout(request)  # flushes the session: a new session key, nothing of the last person kept
    request.session[SESSION_KEY] = {
        "kind": "recruiter" if isinstance(person, CommunityRecruiter) else "candidate",
        "id": person.pk,
        "event_id": event.pk,
        "staff_issued": staff_issued,
        "secret": secrets.token_urlsafe(32),
    }


def _session_mark(request: HttpRequest, stored: dict[str, object]) -> str:
    """The mark of this session's secret; a session begun before secrets gets one now."""
    secret = stored.get("secret")
    if not isinstance(secret, str) or not secret:
        secret = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = {**stored, "secret": secret}
    return hashlib.sha256(secret.encode()).hexdigest()


def load_participant(request: HttpRequest) -> Participant | None:
    """The participant in the session, or None (also when their record has gone)."""
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    try:
        event_id, person_id = int(stored["event_id"]), int(stored["id"])
    except (KeyError, TypeError, ValueError):
        return None
    # A session from before the mark existed counts as opened by staff: nobody can tell now.
    staff_issued = stored.get("staff_issued", True) is not False
    if stored.get("kind") == "recruiter":
        # One query for the recruiter and their event: every poll of a phone's pages loads them.
        recruiter = (
            CommunityRecruiter.objects.select_related("event__campaign", "event__organisation")
            .filter(pk=person_id, event_id=event_id)
            .first()
        )
        if recruiter is None:
            return None
        return Participant(
            kind="recruiter",
            recruiter=recruiter,
            candidate=None,
            event=recruiter.event,  # the same object: the pages read it from either
            session_mark=_session_mark(request, stored),
            staff_issued=staff_issued,
        )
    event = Event.objects.select_related("campaign", "organisation").filter(pk=event_id).first()
    if event is None:
        return None
    if stored.get("kind") == "candidate":
        candidate = event.candidates.filter(pk=person_id).first()
        if candidate is None:
            return None
        return Participant(
            kind="candidate",
            recruiter=None,
            candidate=candidate,
            event=event,
            session_mark=_session_mark(request, stored),
            staff_issued=staff_issued,
        )
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


def in_their_language(
    response: HttpResponse, person: CommunityRecruiter | Candidate
) -> HttpResponse:
    """The response to a sign-in, setting the browser to the person's chosen language (when the
    service speaks it), so every page after it is in that language."""
    language = service_language(person.preferred_language)
    if language is not None:
        remember_language(response, language)
    return response
