"""How long a staff session lasts, and the second factor before any staff page.

A staff session ends after `STAFF_IDLE_MINUTES` without a page being opened and
`STAFF_SESSION_HOURS` after signing in. The live screens' polls (views marked with
`web.sessions.poll`) neither extend a session nor write it. A staff member who must use a
second factor and has not yet done so in this session reaches only the pages that let them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from coappoint.accounts.models import User
from coappoint.web.sessions import is_poll

SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN_AT = "staff_last_seen_at"

# Pages a signed-in person may open before giving their second factor.
BEFORE_SECOND_FACTOR = frozenset(
    {
        "staff:two_factor_check",
        "staff:two_factor_set_up",
        "staff:invitation",
        "staff:invitation_password",
        "accounts:sign_out",
        "set_language",
        "pages:accessibility",
        "pages:privacy",
        "pages:organisation_privacy",
    }
)


def second_factor_required(user: User) -> bool:
    """Whether `user` must give a second factor: everyone when the service requires it, except
    demo accounts on a demo site; and anyone who has set one up."""
    if settings.DEMO_MODE and user.is_demo:
        return False
    return bool(settings.REQUIRE_TWO_FACTOR) or user_has_device(user)


def session_seconds_left(request: HttpRequest, now: float | None = None) -> int:
    """Seconds until this staff session ends for being idle (or reaching its maximum age)."""
    now = time.time() if now is None else now
    last_seen = float(request.session.get(LAST_SEEN_AT, now))
    signed_in = float(request.session.get(SIGNED_IN_AT, now))
    return int(
        min(
            last_seen + settings.STAFF_IDLE_MINUTES * 60,
            signed_in + settings.STAFF_SESSION_HOURS * 3600,
        )
        - now
    )


def staff_session_ends_at(request: HttpRequest) -> int:
    """When this staff session ends (epoch seconds) if nobody opens a page before then: a live
    screen's stamp stops answering "unchanged" at that moment (web.stamps)."""
    return int(time.time()) + max(0, session_seconds_left(request))


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        poll = is_poll(view_func)
        now = time.time()
        session = request.session
        if SIGNED_IN_AT not in session:
            session[SIGNED_IN_AT] = now
            session[LAST_SEEN_AT] = now
        elif session_seconds_left(request, now) <= 0:
            logout(request)
            timed_out = reverse("staff:signed_out")
            if poll:
                # htmx follows HX-Redirect: the live screen shows why it stopped.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = timed_out
                return response
            return redirect(timed_out)
        elif not poll:
            session[LAST_SEEN_AT] = now

        match = request.resolver_match
        view_name = match.view_name if match is not None else ""
        if (
            view_name in BEFORE_SECOND_FACTOR
            or user.is_verified()  # type: ignore[attr-defined]
            or not second_factor_required(user)
        ):
            return None
        if poll:
            return HttpResponse(status=403)
        target = "staff:two_factor_check" if user_has_device(user) else "staff:two_factor_set_up"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))
