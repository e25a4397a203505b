"""/health/ for a load balancer: 200 or 503 and a one-word status; details for support staff.

Anyone may ask, so the plain answer says nothing but ok or fail. Support staff signed in (the
`is_staff` flag, as for the support pages) also see each check's numbers. Nothing here writes
the session, so a load balancer, which sends no cookie, is given none and costs no session query.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from coappoint.accounts.models import User
from coappoint.housekeeping.queries import get_health


def _is_support_staff(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and user.is_authenticated and user.is_staff


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    result = get_health()
    body: dict[str, Any] = {"status": "ok" if result.ok else "fail"}
    if _is_support_staff(request):
        body["checks"] = {check.name: {"ok": check.ok, **check.values} for check in result.checks}
    response = JsonResponse(body, status=200 if result.ok else 503)
    response["Cache-Control"] = "no-store"
    return response
