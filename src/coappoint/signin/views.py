"""Signing in by personal link (opened, then Continue) or by access code."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from coappoint.accounts.models import User
from coappoint.signin.forms import AccessCodeForm
from coappoint.signin.participants import in_their_language, start_participant_session
from coappoint.signin.queries import was_issued_by_staff
from coappoint.signin.services import (
    MustWait,
    Refusal,
    SignedIn,
    SignInRefused,
    choose_participant_language,
    find_sign_in_link,
    use_access_code,
    use_sign_in_link,
)
from coappoint.web.client_address import client_address
from coappoint.web.compression import secret_holding
from coappoint.web.languages import service_language


def _finish_sign_in(request: HttpRequest, signed_in: SignedIn) -> HttpResponse:
    person = signed_in.person
    if isinstance(person, User):
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("pages:home")
    assert signed_in.event is not None
    start_participant_session(
        request,
        person,
        signed_in.event,
        staff_issued=was_issued_by_staff(person, signed_in.credential),
    )
    return in_their_language(redirect("pages:home"), person)


@require_http_methods(["GET", "POST"])
@secret_holding  # the token, in the address the page repeats (the language switcher)
def link(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a Continue button (email scanners open links); POST uses the link up."""
    try:
        if request.method == "POST":
            return _finish_sign_in(request, use_sign_in_link(token=token))
        sign_in_link = find_sign_in_link(token=token)
    except SignInRefused as refused:
        status = 403 if refused.reason is Refusal.STAFF_NOT_ALLOWED else 410
        if refused.reason is Refusal.UNKNOWN:
            status = 404
        return render(
            request, "signin/link_refused.html", {"reason": refused.reason.value}, status=status
        )
    return render(request, "signin/link_continue.html", {"sign_in_link": sign_in_link})


@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    form = AccessCodeForm(request.POST or None)
    status = 200
    wait_seconds = None
    if request.method == "POST" and form.is_valid():
        try:
            signed_in = use_access_code(
                typed_code=form.cleaned_data["code"], ip_address=client_address(request)
            )
        except MustWait as waiting:
            form.add_error("code", wait_message(waiting))
            status, wait_seconds = 429, waiting.seconds
        except SignInRefused as refused:
            form.add_error("code", _code_refusal_message(refused.reason))
            status = 400
        else:
            return _finish_sign_in(request, signed_in)
    elif request.method == "POST":
        status = 400
    response = render(request, "signin/code.html", {"form": form}, status=status)
    if wait_seconds is not None:
        response["Retry-After"] = str(wait_seconds)
    return response


def wait_message(waiting: MustWait) -> str:
    """Why the code was not checked, how long to wait, and what works straight away."""
    if waiting.everywhere:
        instead = gettext("A personal sign-in link sent to you by email works straight away.")
    else:
        instead = gettext("Or ask your facilitator to send you a new sign-in by email.")
    return f"{waiting.in_words()} {instead}"


def _code_refusal_message(reason: Refusal) -> str:
    if reason is Refusal.EXPIRED:
        return gettext("This access code has expired. Ask your facilitator for a new one")
    if reason is Refusal.REVOKED:
        return gettext(
            "This access code has been replaced by a newer one. Use the newest code you were "
            "given, or ask your facilitator"
        )
    return gettext("That access code is not right. Check it and try again")


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The language switcher (a form on every page, no JavaScript needed): Django's own view,
    and for a signed-in recruiter or candidate the choice is kept as theirs."""
    response = set_language(request)
    language = service_language(request.POST.get("language", ""))
    participant = getattr(request, "participant", None)
    if language is not None and participant is not None:
        person = participant.recruiter or participant.candidate
        choose_participant_language(person=person, language=language)
    return response
