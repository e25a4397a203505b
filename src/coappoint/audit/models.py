"""One row per change: written by services through `audit.services.record`, never edited.

A row names people and records by kind and id only, never by name, email or free text about a
person, so deleting or anonymising a person's records at the end of their retention period
leaves every row true and unchanged: the audit page looks the ids up while the records exist.
The database refuses UPDATE on this table, and DELETE of rows younger than the audit retention
period (migration 0003, on PostgreSQL and SQLite alike).
"""

from __future__ import annotations

from django.db import models

from coappoint.audit.actions import ActorKind, AuditAction
from coappoint.organisations.models import Organisation


class AuditEvent(models.Model):
    """Who did what, when, on which record, before and after."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    at = models.DateTimeField(db_index=True, help_text="The time the service was given.")
    actor_kind = models.CharField(max_length=20, choices=ActorKind.choices)
    actor_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="The acting person's id among records of their kind; no foreign key, so "
        "deleting the person never changes this row.",
    )
    action = models.CharField(max_length=100, choices=AuditAction.choices, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        indexes = (
            models.Index(fields=("organisation", "-at")),
            models.Index(fields=("target_type", "target_id")),
            models.Index(fields=("actor_kind", "actor_id")),
        )

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type} {self.target_id}"
