"""Signing in by personal link (opened, then Continue) or by access code."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from coappoint.accounts.models import User
from coappoint.signin.forms import AccessCodeForm
from coappoint.signin.participants import start_participant_session
from coappoint.signin.services import (
    Refusal,
    SignedIn,
    SignInRefused,
    find_sign_in_link,
    use_access_code,
    use_sign_in_link,
)
from coappoint.web.client_address import client_address


def _finish_sign_in(request: HttpRequest, signed_in: SignedIn) -> HttpResponse:
    person = signed_in.person
    if isinstance(person, User):
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("pages:home")
    assert signed_in.event is not None
    start_participant_session(request, person, signed_in.event)
    return redirect("pages:home")


@require_http_methods(["GET", "POST"])
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
    if request.method == "POST" and form.is_valid():
        try:
            signed_in = use_access_code(
                typed_code=form.cleaned_data["code"], ip_address=client_address(request)
            )
        except SignInRefused as refused:
            form.add_error("code", _code_refusal_message(refused.reason))
            status = 429 if refused.reason is Refusal.TOO_MANY_ATTEMPTS else 400
        else:
            return _finish_sign_in(request, signed_in)
    elif request.method == "POST":
        status = 400
    return render(request, "signin/code.html", {"form": form}, status=status)


def _code_refusal_message(reason: Refusal) -> str:
    if reason is Refusal.TOO_MANY_ATTEMPTS:
        return gettext(
            "Too many wrong codes have been tried from here. Wait 15 minutes, or ask your "
            "facilitator to sign you in"
        )
    if reason is Refusal.EXPIRED:
        return gettext("This access code has expired. Ask your facilitator for a new one")
    if reason is Refusal.REVOKED:
        return gettext(
            "This access code has been replaced by a newer one. Use the newest code you were "
            "given, or ask your facilitator"
        )
    return gettext("That access code is not right. Check it and try again")
