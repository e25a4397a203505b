"""The timetable page (make it, see it), its A4 print views as PDF, and now and next on phones."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from coappoint.events.models import Event
from coappoint.jobs.models import Job
from coappoint.jobs.queries import get_job
from coappoint.jobs.services import mark_if_lost
from coappoint.jobs.views import JobProgress, progress_fragment
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.services import AlreadyWithdrawn
from coappoint.timetables.planning import TimetableNotPossible
from coappoint.timetables.queries import (
    Card,
    TimetableDescription,
    describe_timetable,
    get_current_timetable,
)
from coappoint.timetables.services import Withdrawn, request_timetable, withdraw_recruiter
from coappoint.web.caching import never_kept
from coappoint.web.sessions import poll

PLANNERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR)
READERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.AUDITOR)


def _event(access: StaffAccess, event_id: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("campaign"), organisation=access.organisation, pk=event_id
    )


def _job_address(access: StaffAccess, event: Event, job: Job) -> str:
    address = reverse("timetables:timetable", args=(access.organisation.slug, event.pk))
    return f"{address}?job={job.pk}"


@require_http_methods(["GET", "POST"])
def timetable(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """GET shows the current timetable, and with `?job=` how making a new one is getting on;
    POST (not auditors) asks the task worker to make a new version."""
    access = require_staff(request, organisation_slug, READERS, write=PLANNERS)
    event = _event(access, event_id)
    form = forms.Form(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        try:
            requested = request_timetable(event=event, actor=access.user)
        except TimetableNotPossible as error:
            form.is_valid()
            form.add_error(None, str(error))
            status = 400
        else:
            if not requested.started:
                messages.info(
                    request,
                    gettext("The timetable is already being made. This is how it is getting on."),
                )
            return redirect(_job_address(access, event, requested.job))
    job_id = request.GET.get("job", "")
    job = get_job(event, int(job_id), kind=Job.Kind.MAKE_TIMETABLE) if job_id.isdigit() else None
    if job is not None:
        mark_if_lost(job)
    current = get_current_timetable(event)
    return render(
        request,
        "timetables/timetable_detail.html",
        {
            "access": access,
            "event": event,
            "form": form,
            "description": describe_timetable(current) if current else None,
            "can_make": access.holds(*PLANNERS),
            "job": job,
            "progress": _job_progress(access, event, job) if job is not None else None,
        },
        status=status,
    )


def _job_progress(access: StaffAccess, event: Event, job: Job) -> JobProgress:
    return JobProgress(
        job=job,
        heading=gettext("Making the timetable"),
        poll_url=reverse(
            "timetables:timetable_job", args=(access.organisation.slug, event.pk, job.pk)
        ),
        page_address=_job_address(access, event, job),
    )


@poll
@require_GET
def timetable_job(
    request: HttpRequest, organisation_slug: str, event_id: int, job_id: int
) -> HttpResponse:
    """How making the timetable is getting on, polled by the page while it is under way; once it
    has ended, the page reloads to show the outcome. Without htmx: back to the page."""
    access = require_staff(request, organisation_slug, READERS)
    event = _event(access, event_id)
    job = get_job(event, job_id, kind=Job.Kind.MAKE_TIMETABLE)
    if job is None:
        raise Http404
    return progress_fragment(request, _job_progress(access, event, job))


def _described(access: StaffAccess, event_id: int) -> TimetableDescription:
    current = get_current_timetable(_event(access, event_id))
    if current is None:
        raise Http404
    return describe_timetable(current)


def _pdf(request: HttpRequest, context: dict[str, Any], filename: str) -> HttpResponse:
    """Render the A4 print template to PDF; WeasyPrint is imported only when a PDF is asked for."""
    import weasyprint

    html = render_to_string("timetables/print.html", context, request=request)
    pdf = weasyprint.HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def timetable_pdf(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    access = require_staff(request, organisation_slug, READERS)
    description = _described(access, event_id)
    return _pdf(
        request,
        {"description": description, "event": description.timetable.event, "whole": True},
        f"timetable-{event_id}.pdf",
    )


def _cards_pdf(
    request: HttpRequest, description: TimetableDescription, cards: list[Card], kind: str
) -> HttpResponse:
    return _pdf(
        request,
        {
            "description": description,
            "event": description.timetable.event,
            "cards": cards,
            "kind": kind,
        },
        f"{kind}-cards-{description.timetable.event.pk}.pdf",
    )


@require_GET
def recruiter_cards_pdf(
    request: HttpRequest, organisation_slug: str, event_id: int, recruiter_id: int | None = None
) -> HttpResponse:
    """Every recruiter's personal card, one to a page, or one recruiter's."""
    access = require_staff(request, organisation_slug, READERS)
    description = _described(access, event_id)
    cards = [
        card
        for card in description.recruiter_cards
        if recruiter_id is None or card.key == str(recruiter_id)
    ]
    if not cards:
        raise Http404
    return _cards_pdf(request, description, cards, "recruiter")


@require_GET
def table_cards_pdf(
    request: HttpRequest, organisation_slug: str, event_id: int, table: int | None = None
) -> HttpResponse:
    """Every table's card, one to a page, or one table's."""
    access = require_staff(request, organisation_slug, READERS)
    description = _described(access, event_id)
    cards = [card for card in description.table_cards if table is None or card.key == str(table)]
    if not cards:
        raise Http404
    return _cards_pdf(request, description, cards, "table")


# --- Now and next on phones (issue 7): the recruiter's conversation now and their next one. ---
# Here rather than in screens.py: only modules named `views` may require a signed-in recruiter.

from coappoint.recruiters.queries import recruiter_poll_versions  # noqa: E402
from coappoint.signin.participants import Participant, participant_required  # noqa: E402
from coappoint.timetables.screens import (  # noqa: E402
    PhonesRoom,
    describe_recruiter_day,
    get_phones_room,
)
from coappoint.web.stamps import STAMP_PLACEHOLDER, answer_poll, issue_stamp, live_poll  # noqa: E402


def _now_next_context(request: HttpRequest, room: PhonesRoom | None = None) -> dict[str, Any]:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    assert participant.recruiter is not None
    day = describe_recruiter_day(participant.recruiter, room)
    return {"event": participant.event, "day": day, "poll_stamp": ""}


@require_GET
@participant_required("recruiter")
def recruiter_conversations(request: HttpRequest) -> HttpResponse:
    """The recruiter's page for the conversations: now, next, and all of theirs today."""
    return render(request, "timetables/recruiter_conversations.html", _now_next_context(request))


def _now_next_versions(recruiter_id: int, session_key: str) -> tuple[int, ...] | None:
    return recruiter_poll_versions(recruiter_id, session_key, with_screens=True)


@live_poll(kind="now-next", versions=_now_next_versions)
@require_GET
@participant_required("recruiter")
def now_next(request: HttpRequest) -> HttpResponse:
    """The now-and-next panel alone, polled by the phone; 204 when it has not changed (most
    often answered before this view runs: web.stamps.LivePollMiddleware)."""
    participant: Participant = request.participant  # type: ignore[attr-defined]
    assert participant.recruiter is not None
    issued = issue_stamp(request, now_next, subject=participant.recruiter.pk)
    # The stamp's counters are (the recruiter's phone_version, the event's screens_version); the
    # room is read once per screens_version for all the event's phones.
    room = (
        get_phones_room(participant.event, screens_version=issued.versions[1])
        if len(issued.versions) == 2
        else None
    )
    context = {**_now_next_context(request, room), "poll_stamp": STAMP_PLACEHOLDER}
    return answer_poll(request, issued, render_to_string("timetables/_now_next.html", context))


# --- Withdrawing from the day: it changes the plan, so it lives with the timetable -----------


def _withdrawn_message(withdrawn: Withdrawn, name: str) -> str:
    if withdrawn.not_replanned_because:
        return gettext(
            "%(name)s has withdrawn. The timetable could not be planned again without them: "
            "%(reason)s Make the timetable again."
        ) % {"name": name, "reason": withdrawn.not_replanned_because}
    if withdrawn.replanned is not None:
        return gettext(
            "%(name)s has withdrawn. The timetable was planned again without them, as version "
            "%(version)s."
        ) % {"name": name, "version": withdrawn.replanned.timetable.version}
    return gettext("%(name)s has withdrawn.") % {"name": name}


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def withdraw(request: HttpRequest) -> HttpResponse:
    """The recruiter withdraws from the day, after a page saying what that means."""
    participant: Participant = request.participant  # type: ignore[attr-defined]
    recruiter = participant.recruiter
    assert recruiter is not None
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not recruiter.has_withdrawn:
        # Sent twice (a double tap), the second finds them withdrawn already: same answer.
        with contextlib.suppress(AlreadyWithdrawn):
            withdraw_recruiter(recruiter=recruiter, actor=recruiter)
        messages.success(request, gettext("You have withdrawn from the day"))
        return redirect("recruiters:home")
    return never_kept(
        render(
            request,
            "timetables/withdraw.html",
            {"recruiter": recruiter, "event": participant.event, "form": form},
        )
    )


@require_http_methods(["GET", "POST"])
def recruiter_withdraw(
    request: HttpRequest, organisation_slug: str, event_id: int, recruiter_id: int
) -> HttpResponse:
    """Staff withdraw a recruiter who told them they cannot take part (by phone, say)."""
    access = require_staff(request, organisation_slug, PLANNERS)
    event = _event(access, event_id)
    recruiter = get_object_or_404(
        CommunityRecruiter.objects.select_related("event"),
        organisation=access.organisation,
        event=event,
        pk=recruiter_id,
    )
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            withdrawn = withdraw_recruiter(recruiter=recruiter, actor=access.user)
        except AlreadyWithdrawn:
            messages.info(
                request, gettext("%(name)s had already withdrawn") % {"name": recruiter.full_name}
            )
        else:
            messages.success(request, _withdrawn_message(withdrawn, recruiter.full_name))
        return redirect("recruiters:event_recruiters", access.organisation.slug, event.pk)
    return render(
        request,
        "timetables/recruiter_withdraw.html",
        {"access": access, "event": event, "recruiter": recruiter, "form": form},
    )
