"""Staff issue a recruiter's personal link and access code, to read out, send or print."""

from __future__ import annotations

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import format_access_code, issue_credentials


@require_http_methods(["GET", "POST"])
def recruiter_credentials(
    request: HttpRequest, organisation_slug: str, event_id: int, recruiter_id: int
) -> HttpResponse:
    """GET explains; POST issues a fresh link and code (the old code stops working)."""
    access = require_staff(request, organisation_slug, [Role.PROGRAMME_MANAGER, Role.FACILITATOR])
    recruiter = get_object_or_404(
        CommunityRecruiter.objects.select_related("event"),
        organisation=access.organisation,
        event_id=event_id,
        pk=recruiter_id,
    )
    if recruiter.event.organisation_id != access.organisation.pk:
        raise Http404
    context: dict[str, object] = {"access": access, "recruiter": recruiter}
    if request.method == "POST":
        credentials = issue_credentials(
            person=recruiter,
            organisation=access.organisation,
            event=recruiter.event,
            actor=access.user,
        )
        link, code = credentials.link, credentials.code
        context.update(
            {
                "link": link,
                "code": format_access_code(code.code),
                "qr_svg_data_uri": segno.make(link.url, error="m").svg_data_uri(scale=4),
            }
        )
    return render(request, "signin/recruiter_credentials.html", context)
