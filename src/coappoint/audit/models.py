"""One row per change: written by services through `record_audit_event`, never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coappoint.organisations.models import Organisation


class AuditEvent(models.Model):
    """Who did what, when, on which record, before and after."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The staff member who acted, if a staff member did.",
    )
    actor_label = models.CharField(
        max_length=200,
        help_text='Who acted, in words: a staff name, "Recruiter: Amina K.", or "System".',
    )
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        indexes = (models.Index(fields=("organisation", "-at")),)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.target_label}"
