"""An invitation to join an organisation's staff: only the hash of its link is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coappoint.organisations.models import Organisation, Role


class Invitation(models.Model):
    """An invitation by email to hold one or more roles in one organisation.

    It is used up once, by a POST (opening the link only shows a page, because email scanners
    open links), and not after `expires_at` or once revoked (access removed, or by hand).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    roles = models.JSONField(help_text="The roles (Role values) the person will hold.")
    secret_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the organisation was created from the command line.",
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=("organisation", "email")),)

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]
