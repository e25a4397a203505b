"""The retention page: what will go when, per category, for programme managers and auditors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from coappoint.forgetting.queries import get_last_retention_run, plan_retention
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role
from coappoint.retention.models import RetentionCategory
from coappoint.retention.queries import kept_for_in_words


@require_GET
def retention_preview(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, [Role.PROGRAMME_MANAGER, Role.AUDITOR])
    now = timezone.now()
    rows = [
        {
            "category": RetentionCategory(planned.category.value).label,
            "kept_for": kept_for_in_words(planned.category, planned.period),
            "planned": planned,
        }
        for planned in plan_retention(organisation=access.organisation, now=now)
    ]
    return render(
        request,
        "forgetting/retention_preview.html",
        {"access": access, "rows": rows, "now": now, "last_run": get_last_retention_run()},
    )
