"""Recruiters' own pages (sign-up, agreements, whom they know) and the staff pages about them."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from coappoint.events.models import Event
from coappoint.events.queries import get_event, list_candidate_display_names
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.recruiters.forms import (
    KNOWS_NOBODY,
    AgreementForm,
    ConflictsForm,
    RecruiterAtTheDoorForm,
    RecruiterDetailsForm,
    ThanksForm,
)
from coappoint.recruiters.models import CommunityRecruiter, SignUpLink, ThanksKind, ThanksStatus
from coappoint.recruiters.queries import (
    get_candidate_list_publication,
    get_known_candidates,
    get_open_or_closed_sign_up_link,
    get_recruiter,
    get_sign_up_link,
    list_event_recruiters,
    list_published_candidates,
    list_thanks,
)
from coappoint.recruiters.services import (
    SignUpClosed,
    acknowledge_confidentiality,
    acknowledge_equal_opportunities,
    add_recruiter_at_the_door,
    close_sign_up_link,
    declare_conflicts,
    open_sign_up_link,
    publish_candidate_list,
    record_thanks,
    recruiter_label,
    sign_up_recruiter,
)
from coappoint.signin.participants import (
    Participant,
    participant_required,
    start_participant_session,
)
from coappoint.signin.services import format_access_code, issue_access_code, issue_sign_in_link

# The new recruiter's code and link wait here for one page view, then are gone.
NEW_CREDENTIALS_KEY = "coappoint_new_recruiter_credentials"
STAFF_WHO_RUN_EVENTS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR)
STAFF_WHO_SEE_EVENTS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.AUDITOR)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The POSTed data, even when empty (an unticked box still makes a bound, invalid form)."""
    return request.POST if request.method == "POST" else None


# --- The shared sign-up link, opened by a resident -------------------------------------------


def _sign_up_url(request: HttpRequest, sign_up_link: SignUpLink) -> str:
    return request.build_absolute_uri(reverse("recruiters:sign_up", args=[sign_up_link.slug]))


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone with the event's link or QR code joins as a recruiter, without a password."""
    sign_up_link = get_open_or_closed_sign_up_link(slug)
    if sign_up_link is None:
        raise Http404
    event = sign_up_link.event
    if not sign_up_link.is_open:
        return render(request, "recruiters/sign_up_closed.html", {"event": event}, status=410)
    form = RecruiterDetailsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                recruiter = sign_up_recruiter(sign_up_link=sign_up_link, details=form.details())
                code = issue_access_code(
                    person=recruiter,
                    organisation=event.organisation,
                    event=event,
                    actor=recruiter_label(recruiter),
                )
                link = issue_sign_in_link(
                    person=recruiter,
                    organisation=event.organisation,
                    event=event,
                    actor=recruiter_label(recruiter),
                )
        except SignUpClosed:
            return render(request, "recruiters/sign_up_closed.html", {"event": event}, status=410)
        start_participant_session(request, recruiter, event)
        request.session[NEW_CREDENTIALS_KEY] = {
            "code": format_access_code(code.code),
            "link": link.url,
            "expires_at": code.expires_at.isoformat(),
        }
        return redirect("recruiters:your_code")
    participant: Participant | None = getattr(request, "participant", None)
    return render(
        request,
        "recruiters/sign_up.html",
        {
            "event": event,
            "form": form,
            "already_signed_up": participant is not None and participant.event.pk == event.pk,
        },
        status=400 if form.errors else 200,
    )


# --- The recruiter's own pages ---------------------------------------------------------------


def _recruiter(request: HttpRequest) -> CommunityRecruiter:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    assert participant.recruiter is not None
    return participant.recruiter


@participant_required("recruiter")
def home(request: HttpRequest) -> HttpResponse:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    recruiter = _recruiter(request)
    event = participant.event
    candidates = list_published_candidates(event)
    return render(
        request,
        "recruiters/recruiter_home.html",
        {
            "participant": participant,
            "event": event,
            "candidate_names": None if candidates is None else [name for _c, name in candidates],
            "task_list": _task_list(recruiter, published=candidates is not None),
            "thanks": list_thanks(recruiter),
        },
    )


def _task_list(recruiter: CommunityRecruiter, *, published: bool) -> dict[str, Any]:
    def status(done: bool) -> dict[str, Any]:
        if done:
            return {"text": gettext("Completed")}
        return {"tag": {"text": gettext("Not yet done"), "classes": "govuk-tag--blue"}}

    conflicts: dict[str, Any] = {
        "title": {"text": gettext("Tell us if you know any of the candidates")},
        "status": status(recruiter.conflicts_declared_at is not None),
    }
    if published:
        conflicts["href"] = reverse("recruiters:candidates_you_know")
    else:
        conflicts["hint"] = {
            "text": gettext("You can do this once the facilitator shares the candidates' names.")
        }
        conflicts["status"] = {
            "text": gettext("Cannot start yet"),
            "classes": "govuk-task-list__status--cannot-start-yet",
        }
    return {
        "idPrefix": "before-the-day",
        "items": [
            {
                "title": {"text": gettext("Read and agree to the confidentiality agreement")},
                "href": reverse("recruiters:confidentiality"),
                "status": status(recruiter.confidentiality_acknowledged_at is not None),
            },
            {
                "title": {"text": gettext("Read the equal opportunities briefing")},
                "href": reverse("recruiters:equal_opportunities"),
                "status": status(recruiter.equal_opportunities_acknowledged_at is not None),
            },
            conflicts,
        ],
    }


@require_GET
@participant_required("recruiter")
def your_code(request: HttpRequest) -> HttpResponse:
    """The new recruiter's own access code and link, shown once only."""
    credentials = request.session.pop(NEW_CREDENTIALS_KEY, None)
    qr_svg_data_uri = (
        segno.make(credentials["link"], error="m").svg_data_uri(scale=4) if credentials else None
    )
    return render(
        request,
        "recruiters/your_code.html",
        {"credentials": credentials, "qr_svg_data_uri": qr_svg_data_uri},
    )


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def confidentiality(request: HttpRequest) -> HttpResponse:
    recruiter = _recruiter(request)
    form = AgreementForm(
        _posted(request),
        label=gettext("I agree to keep what I hear about the candidates confidential"),
        required_message=gettext(
            "Select the box to say you agree to keep what you hear confidential"
        ),
    )
    if request.method == "POST" and form.is_valid():
        acknowledge_confidentiality(recruiter=recruiter)
        return redirect("recruiters:home")
    return render(
        request,
        "recruiters/confidentiality.html",
        {"form": form, "acknowledged_at": recruiter.confidentiality_acknowledged_at},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def equal_opportunities(request: HttpRequest) -> HttpResponse:
    recruiter = _recruiter(request)
    form = AgreementForm(
        _posted(request),
        label=gettext("I have read and understood the equal opportunities briefing"),
        required_message=gettext("Select the box to say you have read the briefing"),
    )
    if request.method == "POST" and form.is_valid():
        acknowledge_equal_opportunities(recruiter=recruiter)
        return redirect("recruiters:home")
    return render(
        request,
        "recruiters/equal_opportunities.html",
        {"form": form, "acknowledged_at": recruiter.equal_opportunities_acknowledged_at},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def candidates_you_know(request: HttpRequest) -> HttpResponse:
    """Whom the recruiter knows among their own event's candidates, once the list is shared."""
    recruiter = _recruiter(request)
    candidates = list_published_candidates(recruiter.event)
    if candidates is None:
        return render(
            request,
            "recruiters/candidates_not_published.html",
            status=403 if request.method == "POST" else 200,
        )
    known = get_known_candidates(recruiter)
    initial: dict[str, Any] = {f"how_{pk}": how for pk, how in known.items()}
    if known:
        initial["known"] = [str(pk) for pk in known]
    elif recruiter.conflicts_declared_at is not None:
        initial["known"] = [KNOWS_NOBODY]
    form = ConflictsForm(_posted(request), initial=initial, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        declare_conflicts(recruiter=recruiter, known=form.known_candidates())
        messages.success(request, gettext("Thank you. We have saved whom you know."))
        return redirect("recruiters:home")
    return render(
        request,
        "recruiters/candidates_you_know.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# --- Staff pages -----------------------------------------------------------------------------


def _staff_event(
    request: HttpRequest, organisation_slug: str, event_id: int, roles: tuple[Role, ...]
) -> tuple[StaffAccess, Event]:
    """The staff member's access and the event, refusing POSTs from read-only roles."""
    if request.method == "POST":
        roles = tuple(role for role in roles if role in STAFF_WHO_RUN_EVENTS)
    access = require_staff(request, organisation_slug, roles)
    event = get_event(access.organisation, event_id)
    if event is None:
        raise Http404
    return access, event


@require_GET
def event_recruiters(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_SEE_EVENTS)
    return render(
        request,
        "recruiters/event_recruiters.html",
        {
            "access": access,
            "event": event,
            "recruiters": list_event_recruiters(access.organisation, event),
            "sign_up_link": get_sign_up_link(event),
            "publication": get_candidate_list_publication(event),
            "can_change": access.holds(*STAFF_WHO_RUN_EVENTS),
        },
    )


@require_http_methods(["GET", "POST"])
def add_at_the_door(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_RUN_EVENTS)
    form = RecruiterAtTheDoorForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        recruiter = add_recruiter_at_the_door(
            event=event, details=form.details(), actor=access.user
        )
        return redirect(
            "signin:recruiter_credentials",
            organisation_slug=access.organisation.slug,
            event_id=event.pk,
            recruiter_id=recruiter.pk,
        )
    return render(
        request,
        "recruiters/recruiter_add.html",
        {"access": access, "event": event, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def sign_up_link(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """See the event's sign-up link and QR code; open, close or reopen it."""
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_SEE_EVENTS)
    link = get_sign_up_link(event)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "open":
            open_sign_up_link(event=event, actor=access.user)
            messages.success(request, gettext("Sign-up is open."))
        elif action == "close" and link is not None:
            close_sign_up_link(sign_up_link=link, actor=access.user)
            messages.success(request, gettext("Sign-up is closed. The link no longer works."))
        else:
            return HttpResponse(status=400)
        return redirect("recruiters:sign_up_link", access.organisation.slug, event.pk)
    url = _sign_up_url(request, link) if link is not None else None
    return render(
        request,
        "recruiters/sign_up_link.html",
        {
            "access": access,
            "event": event,
            "sign_up_link": link,
            "url": url,
            "qr_svg_data_uri": segno.make(url, error="m").svg_data_uri(scale=4) if url else None,
            "can_change": access.holds(*STAFF_WHO_RUN_EVENTS),
        },
    )


@require_GET
def sign_up_poster(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """An A4 poster for a community centre's wall: plain words, the QR code, the address."""
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_RUN_EVENTS)
    link = get_sign_up_link(event)
    if link is None or not link.is_open:
        raise Http404
    import weasyprint  # slow to import, and only the poster needs it

    url = _sign_up_url(request, link)
    html = render_to_string(
        "recruiters/sign_up_poster.html",
        {
            "event": event,
            "organisation": access.organisation,
            "url": url,
            "qr_svg_data_uri": segno.make(url, error="m").svg_data_uri(scale=10, border=2),
        },
        request=request,
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sign-up-poster-event-{event.pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def publish_candidates(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Check the names recruiters will see, then share them so recruiters can say whom they know."""
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_RUN_EVENTS)
    candidates = list_candidate_display_names(event)
    if request.method == "POST":
        if not candidates:
            raise PermissionDenied
        publish_candidate_list(event=event, actor=access.user)
        messages.success(
            request, gettext("The candidate list is published. Recruiters can say whom they know.")
        )
        return redirect("recruiters:event_recruiters", access.organisation.slug, event.pk)
    return render(
        request,
        "recruiters/candidate_list_publish.html",
        {
            "access": access,
            "event": event,
            "candidate_names": [name for _candidate, name in candidates],
            "publication": get_candidate_list_publication(event),
        },
    )


@require_http_methods(["GET", "POST"])
def recruiter_thanks(
    request: HttpRequest, organisation_slug: str, event_id: int, recruiter_id: int
) -> HttpResponse:
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_RUN_EVENTS)
    recruiter = get_recruiter(access.organisation, event, recruiter_id)
    if recruiter is None:
        raise Http404
    form = ThanksForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        record_thanks(
            recruiter=recruiter,
            kind=ThanksKind(form.cleaned_data["kind"]),
            amount_pence=form.cleaned_data["amount"],
            status=ThanksStatus(form.cleaned_data["status"]),
            note=form.cleaned_data["note"].strip(),
            actor=access.user,
        )
        messages.success(
            request,
            gettext("Thanks recorded for %(name)s.") % {"name": recruiter.full_name},
        )
        return redirect("recruiters:event_recruiters", access.organisation.slug, event.pk)
    return render(
        request,
        "recruiters/recruiter_thanks.html",
        {
            "access": access,
            "event": event,
            "recruiter": recruiter,
            "thanks": list_thanks(recruiter),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
