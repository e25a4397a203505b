"""The audit log page and its CSV, for programme managers and auditors of the organisation."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from coappoint.audit.forms import AuditFilterForm
from coappoint.audit.queries import describe, list_audit_events, names_of, people_who_acted
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role
from coappoint.web.tables import Cell, csv_response

PAGE_SIZE = 50


def _values(values: list[tuple[str, str]]) -> str:
    return "; ".join(f"{key}: {value}" for key, value in values)


def audit_list(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, [Role.PROGRAMME_MANAGER, Role.AUDITOR])
    organisation = access.organisation
    auditor = Role.AUDITOR in access.roles
    form = AuditFilterForm(request.GET or None, people=people_who_acted(organisation))
    filters = form.filters() if form.is_bound else None
    rows = list_audit_events(organisation, filters)
    if request.GET.get("format") == "csv":
        table: list[list[Cell]] = [
            [
                _("When (UTC)"),
                _("Who"),
                _("What"),
                pgettext("column: the record an audit row is about", "Record"),
                _("Before"),
                _("After"),
            ]
        ]
        for chunk_start in range(0, rows.count(), 500):
            for row in describe(list(rows[chunk_start : chunk_start + 500]), auditor=auditor):
                table.append(
                    [
                        row.event.at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
                        row.actor,
                        row.action,
                        row.record,
                        _values(row.before),
                        _values(row.after),
                    ]
                )
        return csv_response(f"audit-log-{organisation.slug}.csv", table)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    csv_query = query.copy()
    csv_query["format"] = "csv"
    record_filter = filters.record if filters is not None else None
    record_name = ""
    if record_filter is not None:
        record_name = names_of([record_filter]).get(record_filter, _("Deleted record"))
    without_record = query.copy()
    without_record.pop("record", None)
    return render(
        request,
        "audit/audit_list.html",
        {
            "access": access,
            "form": form,
            "page": page,
            "rows": describe(list(page.object_list), auditor=auditor),
            "query": query.urlencode(),
            "csv_query": csv_query.urlencode(),
            "record_name": record_name,
            "without_record": without_record.urlencode(),
        },
    )
