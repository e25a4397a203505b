"""What the timeout warning on every staff page needs: when this session ends."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from coappoint.accounts.models import User
from coappoint.staff.middleware import session_seconds_left


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    return {
        "staff_session_seconds_left": max(session_seconds_left(request), 0),
        "staff_timeout_warning_seconds": int(settings.STAFF_TIMEOUT_WARNING_MINUTES * 60),
        "staff_timeout_warning_minutes": max(1, round(settings.STAFF_TIMEOUT_WARNING_MINUTES)),
    }
