"""Puts the signed-in recruiter or candidate on `request.participant` (lazily)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from coappoint.signin.participants import load_participant


class ParticipantMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        participant = (
            load_participant(request) if request.session.get("coappoint_participant") else None
        )
        request.participant = participant  # type: ignore[attr-defined]
        if participant is not None:
            request.organisation = participant.event.organisation  # type: ignore[attr-defined]
        return self.get_response(request)
