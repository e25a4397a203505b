"""Messages kept in the database instead of sent: the outbox used in development and tests."""

from __future__ import annotations

from django.db import models

from coappoint.organisations.models import Organisation


class OutboxMessage(models.Model):
    """An email the outbox backend kept instead of sending, with its attachments.

    `attachments` is a list of {"filename", "content_type", "content_base64"}: small files such
    as calendar invitations, kept whole so a test or a developer can open exactly what was sent.
    Staff read it only through notify.queries, which withholds personal sign-in links and codes.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    recipient = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    attachments = models.JSONField(default=list, blank=True)
    # [start, end] of each part of `body` that is someone's personal sign-in link or code, which
    # the outbox page withholds from staff (notify.withholding); the body itself is kept whole.
    withheld_spans = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"To {self.recipient}: {self.subject}"
