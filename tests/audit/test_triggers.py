"""The database itself keeps the audit log as written: no UPDATE, no DELETE of a young row."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.audit.models import AuditEvent
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _row(at: datetime.datetime) -> AuditEvent:
    return audit.record(
        action=AuditAction.DEMO_LOADED,
        actor=audit.SYSTEM,
        organisation=OrganisationFactory.create(),
        now=at,
    )


def test_the_database_keeps_audit_rows_no_longer_than_the_shortest_audit_period_allows() -> None:
    """The triggers' floor is 6 years with the fewest leap days: never longer than 72 calendar
    months from any start, so the audit log's retention period is what the database does."""
    from coappoint.rules.retention import RULES, Category, period_ends

    assert settings.AUDIT_RETENTION_DAYS == 2191
    shortest = RULES[Category.AUDIT_LOG].shortest
    for year in range(2024, 2040):
        for month in (1, 2, 3, 12):
            start = datetime.datetime(year, month, 1, tzinfo=datetime.UTC)
            assert (period_ends(start, shortest) - start).days >= settings.AUDIT_RETENTION_DAYS


def test_an_audit_row_cannot_be_changed(guarded) -> None:
    row = _row(timezone.now())
    with pytest.raises(DatabaseError, match="audit rows cannot be changed"), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(action=AuditAction.SCORING_CLOSED)
    row.after = {"changed": True}
    with pytest.raises(DatabaseError), transaction.atomic():
        row.save()
    row.refresh_from_db()
    assert row.action == AuditAction.DEMO_LOADED
    assert row.after is None


def test_a_row_younger_than_the_retention_period_cannot_be_deleted(guarded) -> None:
    almost = timezone.now() - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS - 1)
    row = _row(almost)
    with pytest.raises(DatabaseError, match="retention"), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).delete()
    assert AuditEvent.objects.filter(pk=row.pk).exists()


def test_a_row_older_than_the_retention_period_can_be_deleted(guarded) -> None:
    row = _row(timezone.now() - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS + 1))
    AuditEvent.objects.filter(pk=row.pk).delete()
    assert not AuditEvent.objects.filter(pk=row.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_the_table_cannot_be_emptied_at_once_on_postgresql(guarded) -> None:
    _row(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred check
    with (
        pytest.raises(DatabaseError, match="retention"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.exists()
