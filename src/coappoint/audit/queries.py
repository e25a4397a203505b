"""Reads of the audit log, always within one organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Organisation


def list_audit_events(organisation: Organisation) -> QuerySet[AuditEvent]:
    """The organisation's audit rows, newest first."""
    return AuditEvent.objects.filter(organisation=organisation).all()
