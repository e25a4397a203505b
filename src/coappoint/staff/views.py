"""Staff accounts' pages: invitations, the team, two-factor sign-in, passwords, sessions, and
support staff starting an organisation."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from coappoint.accounts.models import User
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Organisation, Role
from coappoint.staff import queries, services
from coappoint.staff.forms import (
    AcceptInvitationForm,
    CodeForm,
    InviteForm,
    OrganisationForm,
    RolesForm,
    SignInCodeForm,
    StaffPasswordChangeForm,
    StaffPasswordResetForm,
    StaffSetPasswordForm,
)
from coappoint.staff.middleware import LAST_SEEN_AT, SIGNED_IN_AT, session_seconds_left
from coappoint.staff.two_factor import qr_code_svg, secret_for_typing
from coappoint.web.compression import holds_secret, secret_holding

INVITATION_SESSION_KEY = "staff_invitation_token"
BACKEND = "django.contrib.auth.backends.ModelBackend"
MANAGERS = [Role.PROGRAMME_MANAGER]
TEAM_READERS = [Role.PROGRAMME_MANAGER, Role.AUDITOR]


def _signed_in_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise Http404
    return user


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _start_session(request: HttpRequest, user: User) -> None:
    """Sign `user` in, with a fresh session whose idle time and age start now."""
    login(request, user, backend=BACKEND)
    request.session.pop(SIGNED_IN_AT, None)
    request.session.pop(LAST_SEEN_AT, None)


# Invitations


def _refused(request: HttpRequest, reason: services.InvitationRefusal) -> HttpResponse:
    status = 404 if reason is services.InvitationRefusal.UNKNOWN else 410
    return render(request, "staff/invitation_refused.html", {"reason": reason.value}, status=status)


@require_http_methods(["GET", "POST"])
@secret_holding  # the token, in the address the page repeats (the language switcher)
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows the invitation and a Continue button (email scanners open links); the
    POST goes on, and uses the invitation up only for someone who already has an account."""
    try:
        found = services.find_invitation(token=token)
    except services.InvitationRefused as refused:
        return _refused(request, refused.reason)
    existing = User.objects.filter(email=found.email).first()
    signed_in = request.user if request.user.is_authenticated else None
    if signed_in is not None and signed_in != existing:
        return render(
            request, "staff/invitation_other_account.html", {"invitation": found}, status=403
        )
    if request.method == "POST":
        if existing is None:
            request.session[INVITATION_SESSION_KEY] = token
            return redirect("staff:invitation_password")
        try:
            services.accept_invitation_for_existing_user(token=token)
        except services.InvitationRefused as refused:
            return _refused(request, refused.reason)
        messages.success(
            request,
            _("You have joined %(organisation)s") % {"organisation": found.organisation.name},
        )
        if signed_in is not None:
            return redirect("pages:organisation_home", organisation_slug=found.organisation.slug)
        return redirect("accounts:sign_in")
    return render(
        request,
        "staff/invitation_continue.html",
        {"invitation": found, "has_account": existing is not None},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_password(request: HttpRequest) -> HttpResponse:
    """A new account's name and password; the invitation is used up when this is sent."""
    token = request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return _refused(request, services.InvitationRefusal.UNKNOWN)
    try:
        found = services.find_invitation(token=token)
    except services.InvitationRefused as refused:
        return _refused(request, refused.reason)
    form = AcceptInvitationForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation_as_new_user(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationRefused as refused:
            return _refused(request, refused.reason)
        request.session.pop(INVITATION_SESSION_KEY, None)
        _start_session(request, user)
        return redirect(
            reverse("staff:two_factor_set_up")
            + "?next="
            + reverse("pages:organisation_home", args=[found.organisation.slug])
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staff/invitation_password.html",
        {"form": form, "invitation": found},
        status=status,
    )


# The team


@require_GET
def team(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, TEAM_READERS)
    return render(
        request,
        "staff/team.html",
        {
            "access": access,
            "team": queries.list_team(access.organisation),
            "invitations": queries.list_open_invitations(access.organisation),
            "can_change": access.holds(Role.PROGRAMME_MANAGER),
        },
    )


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, MANAGERS)
    form = InviteForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        sent = services.invite_staff(
            organisation=access.organisation,
            email=form.cleaned_data["email"],
            roles=[Role(role) for role in form.cleaned_data["roles"]],
            actor=access.user,
        )
        days = settings.INVITATION_DAYS
        messages.success(
            request,
            ngettext(
                "We have emailed an invitation to %(email)s. It works once, for %(days)s day.",
                "We have emailed an invitation to %(email)s. It works once, for %(days)s days.",
                days,
            )
            % {"email": sent.invitation.email, "days": days},
        )
        return redirect("staff:team", organisation_slug=access.organisation.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staff/invite.html",
        {"access": access, "form": form, "invitation_days": settings.INVITATION_DAYS},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def member(request: HttpRequest, organisation_slug: str, user_id: int) -> HttpResponse:
    """One person in the team: change their roles."""
    access = require_staff(request, organisation_slug, MANAGERS)
    person = queries.get_team_member(access.organisation, user_id)
    form = RolesForm(request.POST or None, initial={"roles": [role.value for role in person.roles]})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.change_roles(
                    organisation=access.organisation,
                    person=person.user,
                    roles=[Role(role) for role in form.cleaned_data["roles"]],
                    actor=access.user,
                )
            except services.TeamChangeRefused as refused:
                form.add_error("roles", str(refused))
            else:
                messages.success(request, _("%(name)s's roles are changed") % {"name": person.user})
                return redirect("staff:team", organisation_slug=access.organisation.slug)
    return render(
        request,
        "staff/member.html",
        {"access": access, "person": person, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def remove_access(request: HttpRequest, organisation_slug: str, user_id: int) -> HttpResponse:
    """Check, then remove every role the person holds here and end their sessions."""
    access = require_staff(request, organisation_slug, MANAGERS)
    person = queries.get_team_member(access.organisation, user_id)
    error = None
    if request.method == "POST":
        try:
            services.remove_access(
                organisation=access.organisation, person=person.user, actor=access.user
            )
        except services.TeamChangeRefused as refused:
            error = str(refused)
        else:
            if person.user.pk == access.user.pk:
                return redirect("pages:home")
            messages.success(
                request,
                _("%(name)s no longer has access to %(organisation)s")
                % {"name": person.user, "organisation": access.organisation.name},
            )
            return redirect("staff:team", organisation_slug=access.organisation.slug)
    return render(
        request,
        "staff/remove_access.html",
        {"access": access, "person": person, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def reset_two_factor(request: HttpRequest, organisation_slug: str, user_id: int) -> HttpResponse:
    access = require_staff(request, organisation_slug, MANAGERS)
    person = queries.get_team_member(access.organisation, user_id)
    error = None
    if request.method == "POST":
        try:
            services.reset_two_factor(
                organisation=access.organisation, person=person.user, actor=access.user
            )
        except services.TeamChangeRefused as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                _("%(name)s will set up two-factor sign-in again when they next sign in")
                % {"name": person.user},
            )
            return redirect("staff:team", organisation_slug=access.organisation.slug)
    return render(
        request,
        "staff/reset_two_factor.html",
        {"access": access, "person": person, "error": error},
        status=400 if error else 200,
    )


@require_POST
def revoke_invitation(
    request: HttpRequest, organisation_slug: str, invitation_id: int
) -> HttpResponse:
    access = require_staff(request, organisation_slug, MANAGERS)
    found = queries.get_open_invitation(access.organisation, invitation_id)
    services.revoke_invitation(invitation=found, actor=access.user)
    messages.success(
        request, _("The invitation to %(email)s no longer works") % {"email": found.email}
    )
    return redirect("staff:team", organisation_slug=access.organisation.slug)


# Two-factor sign-in


@never_cache
@require_http_methods(["GET", "POST"])
@secret_holding  # the authenticator's secret, then the recovery codes
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret) into an authenticator app, then type its code."""
    user = _signed_in_user(request)
    if user_has_device(user) and not user.is_verified():  # type: ignore[attr-defined]
        # Replacing a second factor needs the current one first.
        return redirect(reverse("staff:two_factor_check") + "?" + request.GET.urlencode())
    device = services.start_authenticator_set_up(user=user)
    form = CodeForm(request.POST or None)
    next_url = _safe_next(request, reverse("pages:home"))
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_authenticator(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            otp_login(request, TOTPDevice.objects.get(pk=device.pk))
            return render(
                request,
                "staff/recovery_codes.html",
                {"codes": codes, "next_url": next_url, "first_time": True},
            )
        form.add_error(
            "code",
            _("That code did not work. Type the 6-digit code your app shows now"),
        )
    return render(
        request,
        "staff/two_factor_set_up.html",
        {
            "form": form,
            "qr_code": qr_code_svg(device),
            "secret": secret_for_typing(device),
            "next_url": next_url,
            "required": True,
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_check(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or one of the recovery codes."""
    user = _signed_in_user(request)
    form = SignInCodeForm(request.POST or None)
    next_url = _safe_next(request, reverse("pages:home"))
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data["code"].strip().replace(" ", "").lower()
        device = match_token(user, typed)
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error(
            "code",
            _(
                "That code did not work. Type the 6-digit code your app shows now, or one of "
                "your recovery codes"
            ),
        )
    return render(
        request,
        "staff/two_factor_check.html",
        {"form": form, "next_url": next_url},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@secret_holding
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make ten new recovery codes (a POST); the old ones stop working."""
    user = _signed_in_user(request)
    if request.method == "POST":
        codes = services.regenerate_recovery_codes(user=user)
        return render(
            request,
            "staff/recovery_codes.html",
            {"codes": codes, "next_url": reverse("staff:account"), "first_time": False},
        )
    return render(request, "staff/recovery_codes_regenerate.html")


# Your account, sessions and passwords


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    return render(
        request, "staff/account.html", {"person": user, "has_two_factor": user_has_device(user)}
    )


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    services.sign_out_everywhere(user=user)
    return redirect("staff:signed_out_everywhere")


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": opening this address counts as using the service (the middleware)."""
    _signed_in_user(request)
    response = HttpResponse(status=204)
    response["X-Session-Seconds-Left"] = str(max(session_seconds_left(request), 0))
    return response


@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/signed_out.html",
        {
            "everywhere": False,
            "idle_minutes": settings.STAFF_IDLE_MINUTES,
            "session_hours": settings.STAFF_SESSION_HOURS,
        },
    )


@require_GET
def signed_out_everywhere(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/signed_out.html", {"everywhere": True})


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = StaffPasswordChangeForm
    template_name = "staff/password_change.html"
    success_url = reverse_lazy("staff:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_password_changed(user=form.user)
        messages.success(
            self.request, _("Your password is changed. Your other sessions have ended.")
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "staff/password_reset.html"
    success_url = reverse_lazy("staff:password_reset_sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "staff/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = StaffSetPasswordForm
    template_name = "staff/password_reset_confirm.html"
    success_url = reverse_lazy("staff:password_reset_complete")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # The reset token is in the first address, which the page repeats (language switcher).
        return holds_secret(super().dispatch(request, *args, **kwargs))

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[type-arg]
        response = super().form_valid(form)
        user = form.user
        assert isinstance(user, User)
        services.record_password_reset(user=user)
        # A new password ends the lockout too: the person has proved who they are by email.
        reset_lockout(username=user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "staff/password_reset_complete.html"


# Support staff


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Support staff start an organisation and invite its first programme manager."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated or not user.is_staff:
        raise Http404
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = services.create_organisation(
            name=form.cleaned_data["name"],
            slug=form.cleaned_data["slug"],
            kind=Organisation.Kind(form.cleaned_data["kind"]),
            manager_email=form.cleaned_data["manager_email"],
            actor=user,
        )
        messages.success(
            request,
            _("%(organisation)s is created. We have emailed an invitation to %(email)s.")
            % {"organisation": sent.invitation.organisation.name, "email": sent.invitation.email},
        )
        return redirect("staff:organisation_create")
    return render(
        request,
        "staff/organisation_create.html",
        {"form": form, "invitation_days": settings.INVITATION_DAYS},
        status=400 if request.method == "POST" else 200,
    )
