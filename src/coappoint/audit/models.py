"""One row per change: written by services through `audit.services.record`, never edited.

A row names people and records by kind and id only, never by name, email or free text about a
person, so deleting or anonymising a person's records at the end of their retention period
leaves every row true and unchanged: the audit page looks the ids up while the records exist.
The database refuses UPDATE on this table, and DELETE of rows younger than the audit retention
period (migration 0003, on PostgreSQL and SQLite alike).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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


class SecurityEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGNED_OUT = "signed_out", _("Signed out")


class SecurityEvent(models.Model):
    """A staff sign-in, failed sign-in or sign-out, kept SECURITY_LOG_RETENTION_DAYS (30).

    Not the audit log: these rows are many, short-lived and deleted by
    `coappoint manage security_log_purge`. `user_id` has no foreign key (deleting the account
    leaves the row, and the purge removes it within 30 days); a failed sign-in with an email
    that has no account keeps no user and never the email typed.
    """

    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=20, choices=SecurityEventKind.choices)
    user_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    client_address = models.CharField(max_length=45, blank=True)

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.user_id}"
