"""Recruiters' own pages (sign-up, agreements, whom they know, check-in on the day), the staff
pages about them, and the service worker that keeps recruiters' pages on their phones.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlencode, urlsplit
from uuid import uuid4

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coappoint.events.access import may_see_recruiters_needs
from coappoint.events.models import Event
from coappoint.events.queries import get_event, list_candidate_display_names
from coappoint.events.scorers import scores_in_campaign
from coappoint.notify.queries import list_messages_to
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.recruiters.forms import (
    KNOWS_NOBODY,
    AgreementForm,
    CheckInForm,
    ConflictsForm,
    DayConfirmationForm,
    JoinCodeForm,
    OwnDetailsForm,
    RecruiterAtTheDoorForm,
    RecruiterDetailsForm,
    StaffDetailsForm,
    ThanksForm,
)
from coappoint.recruiters.models import CommunityRecruiter, SignUpLink, ThanksKind, ThanksStatus
from coappoint.recruiters.queries import (
    get_candidate_list_publication,
    get_known_candidates,
    get_open_or_closed_sign_up_link,
    get_recruiter,
    get_sign_up_link,
    list_access_and_catering,
    list_check_ins,
    list_event_recruiters,
    list_published_candidates,
    list_thanks,
    recruiter_poll_versions,
)
from coappoint.recruiters.sealing import SealBroken, author_label, author_tags, open_sealed
from coappoint.recruiters.services import (
    ConflictsNotDeclared,
    SignUpClosed,
    acknowledge_confidentiality,
    acknowledge_equal_opportunities,
    change_recruiter_details,
    check_in,
    close_sign_up_link,
    confirm_on_the_day,
    declare_conflicts,
    list_unseen_nudges,
    mark_nudge_seen,
    open_sign_up_link,
    publish_candidate_list,
    record_thanks,
)
from coappoint.signin.participants import (
    Participant,
    in_their_language,
    participant_required,
    start_participant_session,
)
from coappoint.signin.services import (
    JoinCodeUnknown,
    MustWait,
    add_at_the_door_with_sign_in,
    find_sign_up_link_by_join_code,
    format_access_code,
    sign_up_with_credentials,
)
from coappoint.web.caching import never_kept
from coappoint.web.client_address import client_address
from coappoint.web.compression import secret_holding
from coappoint.web.javascript_catalogues import catalogue_languages, catalogue_static_name
from coappoint.web.stamps import STAMP_PLACEHOLDER, answer_poll, issue_stamp, live_poll

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


def _join_address(sign_up_link: SignUpLink) -> tuple[str, str]:
    """The short address as it is printed ("coappoint.example/join/ABCD-2345"), and its URL.

    Printed with the service's own host (settings.SITE_URL), never the host a page was asked
    on, and without the scheme: it is for typing into a phone.
    """
    path = reverse("recruiters:join", args=[sign_up_link.join_code_shown])
    return urlsplit(settings.SITE_URL).netloc + path, settings.SITE_URL + path


@require_GET
def join_start(request: HttpRequest) -> HttpResponse:
    """coappoint.example/join: type the code from the poster (as read out over the phone)."""
    form = JoinCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("recruiters:join", form.cleaned_data["code"])
    return render(
        request,
        "recruiters/join_code.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_GET
def join(request: HttpRequest, code: str) -> HttpResponse:
    """The short address on the poster, /join/ABCD-2345, in any case, with or without the hyphen.

    It goes to the same sign-up page as the long link and the QR code; while sign-up is closed it
    says so, as the long link does. An unknown code is a wrong guess, slowed as wrong access codes
    are (signin.services.find_sign_up_link_by_join_code).
    """
    try:
        sign_up_link = find_sign_up_link_by_join_code(
            typed_code=code, ip_address=client_address(request)
        )
    except MustWait as waiting:
        response = render(
            request,
            "recruiters/join_code.html",
            {"form": JoinCodeForm(), "wait_message": _join_wait_message(waiting)},
            status=429,
        )
        response["Retry-After"] = str(waiting.seconds)
        return response
    except JoinCodeUnknown:
        return render(
            request,
            "recruiters/join_code.html",
            {"form": JoinCodeForm(), "unknown": True},
            status=404,
        )
    if not sign_up_link.is_open:
        return render(
            request, "recruiters/sign_up_closed.html", {"event": sign_up_link.event}, status=410
        )
    return redirect("recruiters:sign_up", sign_up_link.slug)


def _join_wait_message(waiting: MustWait) -> str:
    """Why the code was not looked up and how long to wait, told as a wrong access code's wait
    is (`MustWait.in_words`), and that the poster's QR code works straight away."""
    instead = gettext("Or scan the QR code on the poster: it works straight away.")
    return f"{waiting.in_words()} {instead}"


@require_http_methods(["GET", "POST"])
@secret_holding  # its address, the sign-up link, is repeated in the page (the language switcher)
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
            signed_up = sign_up_with_credentials(sign_up_link=sign_up_link, details=form.details())
        except SignUpClosed:
            return render(request, "recruiters/sign_up_closed.html", {"event": event}, status=410)
        recruiter, code, link = signed_up.recruiter, signed_up.code, signed_up.link
        # Signed up on their own phone: the session is theirs, not opened by staff.
        start_participant_session(request, recruiter, event, staff_issued=False)
        request.session[NEW_CREDENTIALS_KEY] = {
            "code": format_access_code(code.code),
            "link": link.url,
            "expires_at": code.expires_at.isoformat(),
            "sent_by": signed_up.confirmation.channel if signed_up.confirmation else "",
            "kept": bool(signed_up.confirmation and signed_up.confirmation.status == "kept"),
        }
        return in_their_language(redirect("recruiters:your_code"), recruiter)
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
            "messages_to_you": list_messages_to(person_kind="recruiter", person_id=recruiter.pk),
        },
    )


def _task_list(recruiter: CommunityRecruiter, *, published: bool) -> dict[str, Any]:
    def status(done: bool) -> dict[str, Any]:
        if done:
            return {"text": pgettext("status of a task", "Completed")}
        return {
            "tag": {
                "text": pgettext("status of a task", "Not yet done"),
                "classes": "govuk-tag--blue",
            }
        }

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
            "text": pgettext("status of a task", "Cannot start yet"),
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


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def your_details(request: HttpRequest) -> HttpResponse:
    """The recruiter sees and corrects what they told us; the way to withdraw is linked."""
    recruiter = _recruiter(request)
    form = OwnDetailsForm(_posted(request), recruiter=recruiter)
    if request.method == "POST" and form.is_valid():
        changed = change_recruiter_details(
            recruiter=recruiter, details=form.details(), actor=recruiter
        )
        messages.success(
            request,
            gettext("Your details have been saved")
            if changed
            else gettext("Nothing has changed: your details are as they were"),
        )
        return in_their_language(redirect("recruiters:home"), recruiter)
    return never_kept(
        render(
            request,
            "recruiters/your_details.html",
            {"recruiter": recruiter, "event": recruiter.event, "form": form},
            status=400 if form.errors else 200,
        )
    )


@require_GET
@participant_required("recruiter")
@secret_holding
def your_code(request: HttpRequest) -> HttpResponse:
    """The new recruiter's own access code and link, shown once only."""
    credentials = request.session.pop(NEW_CREDENTIALS_KEY, None)
    qr_svg_data_uri = (
        segno.make(credentials["link"], error="m").svg_data_uri(scale=4) if credentials else None
    )
    response = render(
        request,
        "recruiters/your_code.html",
        {"credentials": credentials, "qr_svg_data_uri": qr_svg_data_uri},
    )
    # Never kept by the browser or the offline cache: the code is a key to this person's page.
    patch_cache_control(response, no_store=True)
    return response


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
    # Whom they know, and how: their answers, never kept on the phone.
    return never_kept(
        render(
            request,
            "recruiters/candidates_you_know.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    )


# --- Staff pages -----------------------------------------------------------------------------


def _staff_event(
    request: HttpRequest, organisation_slug: str, event_id: int, read: tuple[Role, ...]
) -> tuple[StaffAccess, Event]:
    """The staff member's access and the event, refusing POSTs from read-only roles."""
    access = require_staff(request, organisation_slug, read, write=STAFF_WHO_RUN_EVENTS)
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
            "shows_access_and_catering": may_see_recruiters_needs(access.user, event),
            # The panel's page shows equality data: only to overseers who do not score.
            "shows_panel": bool(access.roles & {Role.PROGRAMME_MANAGER, Role.AUDITOR})
            and not scores_in_campaign(access.user, event.campaign),
        },
    )


def _needs_event(
    request: HttpRequest, organisation_slug: str, event_id: int
) -> tuple[StaffAccess, Event]:
    """The event whose access and catering lists the caller may read, or 404 or 403."""
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_RUN_EVENTS)
    if not may_see_recruiters_needs(access.user, event):
        raise PermissionDenied
    return access, event


@require_GET
def access_and_catering(
    request: HttpRequest, organisation_slug: str, event_id: int
) -> HttpResponse:
    """The day's access list and catering list, for whoever arranges the room and the food."""
    access, event = _needs_event(request, organisation_slug, event_id)
    response = render(
        request,
        "recruiters/access_and_catering.html",
        {"access": access, "event": event, "lists": list_access_and_catering(event)},
    )
    # People's access and dietary needs: kept by no browser, proxy or service worker.
    return never_kept(response)


@require_GET
def access_and_catering_pdf(
    request: HttpRequest, organisation_slug: str, event_id: int
) -> HttpResponse:
    """The same lists on A4, made when asked and never stored."""
    _access, event = _needs_event(request, organisation_slug, event_id)
    import weasyprint  # slow to import, and only the printed lists need it

    html = render_to_string(
        "recruiters/access_and_catering_print.html",
        {"event": event, "lists": list_access_and_catering(event)},
        request=request,
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="access-and-catering-event-{event.pk}.pdf"'
    return never_kept(response)


@require_http_methods(["GET", "POST"])
def recruiter_change(
    request: HttpRequest, organisation_slug: str, event_id: int, recruiter_id: int
) -> HttpResponse:
    """Staff correct a recruiter's details; the audit row says which, and who."""
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_RUN_EVENTS)
    recruiter = get_recruiter(access.organisation, event, recruiter_id)
    if recruiter is None:
        raise Http404
    form = StaffDetailsForm(_posted(request), recruiter=recruiter)
    if request.method == "POST" and form.is_valid():
        changed = change_recruiter_details(
            recruiter=recruiter, details=form.details(), actor=access.user
        )
        messages.success(
            request,
            gettext("%(name)s's details have been saved") % {"name": recruiter.full_name}
            if changed
            else gettext("Nothing has changed for %(name)s") % {"name": recruiter.full_name},
        )
        return redirect("recruiters:event_recruiters", access.organisation.slug, event.pk)
    return never_kept(
        render(
            request,
            "recruiters/recruiter_change.html",
            {"access": access, "event": event, "recruiter": recruiter, "form": form},
            status=400 if form.errors else 200,
        )
    )


@require_http_methods(["GET", "POST"])
def add_at_the_door(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_RUN_EVENTS)
    form = RecruiterAtTheDoorForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        added = add_at_the_door_with_sign_in(event=event, details=form.details(), actor=access.user)
        recruiter = added.recruiter
        if added.sign_in is not None and added.sign_in.kept_only:
            messages.success(
                request,
                gettext(
                    "%(name)s is added. Their sign-in link and code were kept in the outbox: "
                    "messages are not being sent from this site."
                )
                % {"name": recruiter.full_name},
            )
        elif added.sign_in is not None:
            messages.success(
                request,
                gettext(
                    "%(name)s is added. We have emailed their sign-in link and code to %(email)s."
                )
                % {"name": recruiter.full_name, "email": added.sign_in.email_hint},
            )
        else:
            messages.success(request, gettext("%(name)s is added.") % {"name": recruiter.full_name})
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
@secret_holding  # the link itself: anyone who has it can join the event as a recruiter
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
    join_address, join_url = _join_address(link) if link is not None else (None, None)
    return render(
        request,
        "recruiters/sign_up_link.html",
        {
            "access": access,
            "event": event,
            "sign_up_link": link,
            "url": url,
            "join_address": join_address,
            "join_url": join_url,
            "qr_svg_data_uri": segno.make(url, error="m").svg_data_uri(scale=4) if url else None,
            "can_change": access.holds(*STAFF_WHO_RUN_EVENTS),
        },
    )


@require_GET
@secret_holding  # the sign-up link and its QR code, as on the page above
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
            "join_address": _join_address(link)[0],
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


# --- On the day: the recruiter's check-in and confirmation -----------------------------------


def _fresh_key() -> dict[str, Any]:
    return {"idempotency_key": uuid4()}


def _known_candidates(recruiter: CommunityRecruiter) -> list[tuple[str, str]] | None:
    """(display name, how they know them) for each candidate they know; None before the list."""
    candidates = list_published_candidates(recruiter.event)
    if candidates is None:
        return None
    known = get_known_candidates(recruiter)
    return [(name, known[candidate.pk]) for candidate, name in candidates if candidate.pk in known]


def _check_in_page(
    request: HttpRequest,
    *,
    check_in_form: CheckInForm | None = None,
    confirmation_form: DayConfirmationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    recruiter = _recruiter(request)
    known_candidates = _known_candidates(recruiter)
    response = render(
        request,
        "recruiters/check_in.html",
        {
            "recruiter": recruiter,
            "event": recruiter.event,
            "check_in_form": check_in_form
            or CheckInForm(initial=_fresh_key(), auto_id="check_in_%s"),
            "confirmation_form": confirmation_form or DayConfirmationForm(initial=_fresh_key()),
            "known_candidates": known_candidates,
        },
        status=status,
    )
    # Kept for checking in offline, unless it names the candidates they said they know.
    return never_kept(response) if known_candidates else response


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def check_in_page(request: HttpRequest) -> HttpResponse:
    """The recruiter says they have arrived; the page then asks them to confirm again."""
    if request.method == "GET":
        return _check_in_page(request)
    form = CheckInForm(request.POST, auto_id="check_in_%s")
    if not form.is_valid():
        return _check_in_page(request, check_in_form=form, status=400)
    check_in(recruiter=_recruiter(request), idempotency_key=form.cleaned_data["idempotency_key"])
    return redirect("recruiters:check_in")


@require_POST
@participant_required("recruiter")
def confirm_day(request: HttpRequest) -> HttpResponse:
    form = DayConfirmationForm(_posted(request))
    if not form.is_valid():
        return _check_in_page(request, confirmation_form=form, status=400)
    try:
        confirm_on_the_day(
            recruiter=_recruiter(request), idempotency_key=form.cleaned_data["idempotency_key"]
        )
    except ConflictsNotDeclared:
        form.add_error(
            "conflicts_right",
            gettext("Tell us whether you know any of the candidates before you confirm"),
        )
        return _check_in_page(request, confirmation_form=form, status=400)
    return redirect("recruiters:check_in")


# --- The service worker and what it needs ----------------------------------------------------


def _precache_urls() -> list[str]:
    """What every recruiter page needs offline: the stylesheet, scripts, the JavaScript
    catalogues and the offline page.

    `static` gives hashed names in production; the plain GOV.UK Frontend name is listed too,
    because the scripts import it by that name. Every language's catalogue is kept (about 7 KB
    compressed in all), not only the person's: the offline page is fetched without cookies, so
    in the browser's language, and a person may switch language while offline.
    """
    return [
        static("css/coappoint.css"),
        static("js/coappoint.js"),
        static("js/offline.js"),
        static("js/htmx.min.js"),
        static("js/polls.js"),
        settings.STATIC_URL + "govuk/govuk-frontend.min.js",
        *(static(catalogue_static_name(language)) for language in catalogue_languages()),
        reverse("recruiters:offline"),
    ]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The recruiter pages' service worker, served from /recruiter/ so that is its scope."""
    precache_urls = _precache_urls()
    # Browsers update a worker whose bytes change; new static names also name a new cache.
    version = hashlib.sha256(json.dumps(precache_urls).encode()).hexdigest()[:12]
    script = render_to_string(
        "recruiters/service-worker.js",
        {
            "version": version,
            "precache_json": json.dumps(precache_urls),
            "offline_url_json": json.dumps(reverse("recruiters:offline")),
            "static_url_json": json.dumps(settings.STATIC_URL),
        },
    )
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("recruiters:home")
    # Browsers check for a new worker on every visit; it must never come from a cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page this phone has not kept, while it is offline."""
    return render(request, "recruiters/offline.html")


# Every form marked data-offline-queue, by its address's name. An opened item is handed only to
# one of these views, whatever address it names.
QUEUED_FORM_VIEWS = frozenset(
    {
        "recruiters:check_in",
        "recruiters:confirm_day",
        "scoring:recruiter_sheet",
        "codesign:propose_quality",
        "codesign:share_insight",
        "codesign:candidate_notes",
    }
)
AUTHOR_TAG_HEADER = "X-Coappoint-Author-Tag"


@require_POST
def sealed_submission(request: HttpRequest) -> HttpResponse:
    """A form the offline queue sealed on the phone: opened, then handled by the form's own view.

    The view is the one the form posts to without JavaScript, called with the opened fields as
    its POST: the same checks (its own `participant_required` too), the same idempotency key,
    the same answer. An item is sealed with its author inside, and one that is not the
    signed-in participant's is refused, never taken as theirs: it waits on the phone for its
    author, and the answer carries only the author's tag, so the queue can tell whose it is.
    """
    participant: Participant | None = getattr(request, "participant", None)
    if participant is None:
        return redirect("signin:code")  # the queue keeps it until someone signs in
    try:
        submission = open_sealed(request.POST.get("sealed", ""))
    except SealBroken:
        return never_kept(render(request, "recruiters/sealed_broken.html", status=400))
    person = participant.recruiter or participant.candidate
    assert person is not None
    if submission.author != author_label(participant.kind, person.pk):
        response = render(request, "recruiters/sealed_not_yours.html", status=403)
        response[AUTHOR_TAG_HEADER] = author_tags(submission.author)[0]
        return never_kept(response)
    address = urlsplit(submission.path)
    try:
        match = None if address.scheme or address.netloc else resolve(address.path)
    except Resolver404:
        match = None
    if match is None or match.view_name not in QUEUED_FORM_VIEWS:
        return never_kept(render(request, "recruiters/sealed_broken.html", status=400))
    # From here on the request is the form's own POST, as it would have reached its address.
    request.POST = QueryDict(urlencode(submission.fields))
    request.GET = QueryDict(address.query)
    request.path = request.path_info = request.META["PATH_INFO"] = address.path
    request.resolver_match = match
    response = match.func(request, *match.args, **match.kwargs)
    if not response.has_header("Location"):
        # What is shown is the form's page (with what was typed, if refused): say whose address.
        response["Content-Location"] = submission.path
    # An answer to a sealed item may hold what was typed: it is never kept.
    return never_kept(response)


# --- The facilitator's list of who has checked in --------------------------------------------


@require_GET
def event_check_ins(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_SEE_EVENTS)
    recruiters = list(list_check_ins(access.organisation, event))
    return render(
        request,
        "recruiters/event_check_ins.html",
        {
            "access": access,
            "event": event,
            "recruiters": recruiters,
            "checked_in_count": sum(1 for r in recruiters if r.checked_in_at is not None),
            "can_change": access.holds(*STAFF_WHO_RUN_EVENTS),
        },
    )


@require_POST
def check_in_on_behalf(
    request: HttpRequest, organisation_slug: str, event_id: int, recruiter_id: int
) -> HttpResponse:
    """The facilitator checks in a recruiter who has no phone with them (audited as staff)."""
    access, event = _staff_event(request, organisation_slug, event_id, STAFF_WHO_RUN_EVENTS)
    recruiter = get_recruiter(access.organisation, event, recruiter_id)
    if recruiter is None:
        raise Http404
    if check_in(recruiter=recruiter, idempotency_key=None, actor=access.user):
        messages.success(
            request, gettext("%(name)s is checked in.") % {"name": recruiter.full_name}
        )
    return redirect("recruiters:event_check_ins", access.organisation.slug, event.pk)


# --- Nudges from the facilitator on the recruiter's phone ------------------------------------


def _nudges_versions(recruiter_id: int, session_key: str) -> tuple[int, ...] | None:
    return recruiter_poll_versions(recruiter_id, session_key, with_screens=False)


@live_poll(kind="nudges", versions=_nudges_versions)
@require_GET
@participant_required("recruiter")
def nudges(request: HttpRequest) -> HttpResponse:
    """The recruiter's unseen nudges: the partial their pages poll, or a page without JavaScript.

    A poll that sends back the stamp of what it shows gets 204 while nothing changed, so the
    banners are not redrawn (and not announced again) every few seconds (web.stamps).
    """
    recruiter = _recruiter(request)
    if request.htmx:  # type: ignore[attr-defined]
        issued = issue_stamp(request, nudges, subject=recruiter.pk)
        html = render_to_string(
            "recruiters/_nudges.html",
            {
                "nudges": list_unseen_nudges(recruiter),
                "nudge_next": request.htmx.current_url_abs_path,  # type: ignore[attr-defined]
                "poll_stamp": STAMP_PLACEHOLDER,
            },
            request=request,
        )
        return answer_poll(request, issued, html)
    return render(request, "recruiters/nudge_list.html", {"nudges": list_unseen_nudges(recruiter)})


@require_POST
@participant_required("recruiter")
def nudge_seen(request: HttpRequest, nudge_id: int) -> HttpResponse:
    """ "Got it": the nudge goes away; back to the page the recruiter was on."""
    if not mark_nudge_seen(recruiter=_recruiter(request), nudge_id=nudge_id):
        raise Http404
    next_url = request.POST.get("next", "")
    if next_url.startswith("/recruiter/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("recruiters:home")
