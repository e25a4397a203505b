"""The audit log page, for programme managers and auditors of the organisation."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coappoint.audit.queries import list_audit_events
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role

PAGE_SIZE = 50


def audit_list(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, [Role.PROGRAMME_MANAGER, Role.AUDITOR])
    page = Paginator(list_audit_events(access.organisation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "audit/audit_list.html", {"access": access, "page": page})
