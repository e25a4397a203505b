"""Staff send a recruiter their own sign-in; staff are never shown another person's link or code.

Whoever sees a personal link or access code can sign in as that person, so they go only to the
recruiter: by email to the address they gave. Without one, the recruiter signs up on their own
phone with the event's sign-up QR code, or scores on paper sheets that staff enter.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from coappoint.notify.queries import as_read, get_failed_message, list_failed_messages
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.queries import get_recruiter_sign_in, name_message_people
from coappoint.signin.services import (
    ReasonNeeded,
    ResendRefused,
    SignInNotSent,
    resend_after_correction,
    send_sign_in_by_email,
)
from coappoint.signin.staff_forms import CorrectAddressForm, SendSignInForm


@require_http_methods(["GET", "POST"])
def recruiter_credentials(
    request: HttpRequest, organisation_slug: str, event_id: int, recruiter_id: int
) -> HttpResponse:
    """GET says how the recruiter can sign in; POST emails them a new link and code of their own
    (with a reason when they have signed in before)."""
    access = require_staff(request, organisation_slug, [Role.PROGRAMME_MANAGER, Role.FACILITATOR])
    recruiter = get_object_or_404(
        CommunityRecruiter.objects.select_related("event", "event__organisation"),
        organisation=access.organisation,
        event_id=event_id,
        pk=recruiter_id,
    )
    if recruiter.event.organisation_id != access.organisation.pk:
        raise Http404
    sign_in = get_recruiter_sign_in(recruiter)
    form = SendSignInForm(
        request.POST if request.method == "POST" else None,
        reason_required=sign_in.has_signed_in,
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = send_sign_in_by_email(
                recruiter=recruiter, actor=access.user, reason=form.given_reason()
            )
        except ReasonNeeded as refused:
            form.add_error("reason" if "reason" in form.fields else None, str(refused))
        except SignInNotSent as refused:
            form.add_error(None, str(refused))
        else:
            if sent.kept_only:
                text = gettext(
                    "A new sign-in link and code for %(name)s were kept in the outbox: messages "
                    "are not being sent from this site."
                )
            else:
                text = gettext("We have emailed %(name)s a new sign-in link and code at %(email)s.")
            messages.success(
                request, text % {"name": recruiter.full_name, "email": sent.email_hint}
            )
            return redirect(
                "signin:recruiter_credentials",
                access.organisation.slug,
                recruiter.event_id,
                recruiter.pk,
            )
    return render(
        request,
        "signin/recruiter_credentials.html",
        {"access": access, "recruiter": recruiter, "sign_in": sign_in, "form": form},
        status=400 if form.errors else 200,
    )


STAFF_WHO_RESEND = [Role.PROGRAMME_MANAGER]


def failed_messages(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Messages that did not arrive, each with why, for a programme manager to correct."""
    # Programme managers only: the list holds people's email addresses and phone numbers.
    access = require_staff(request, organisation_slug, STAFF_WHO_RESEND)
    failed = list_failed_messages(access.organisation)
    names = name_message_people(access.organisation, ((m.person_kind, m.person_id) for m in failed))
    return render(
        request,
        "signin/failed_messages.html",
        {
            "access": access,
            "failed": [
                (message, names.get((message.person_kind, message.person_id), ""))
                for message in failed
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def resend(request: HttpRequest, organisation_slug: str, message_id: int) -> HttpResponse:
    """Correct the address of one message that did not arrive, and send it again there."""
    access = require_staff(request, organisation_slug, STAFF_WHO_RESEND)
    message = get_failed_message(access.organisation, message_id)
    if message is None:
        raise Http404
    form = CorrectAddressForm(
        request.POST if request.method == "POST" else None,
        channel=message.channel,
        initial_address=message.to,
    )
    if request.method == "POST" and form.is_valid():
        try:
            again = resend_after_correction(
                message=message, address=form.cleaned_data["address"], actor=access.user
            )
        except ResendRefused as refused:
            form.add_error(None, str(refused))
        else:
            if again.status == "kept":
                text = gettext(
                    "The message to %(address)s was kept in the outbox: messages are not being "
                    "sent from this site."
                )
            else:
                text = gettext("The message is on its way again, to %(address)s.")
            messages.success(request, text % {"address": again.to})
            return redirect("signin:failed_messages", access.organisation.slug)
    names = name_message_people(access.organisation, [(message.person_kind, message.person_id)])
    return render(
        request,
        "signin/message_resend.html",
        {
            "access": access,
            "message": as_read(message),
            "name": names.get((message.person_kind, message.person_id), ""),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
