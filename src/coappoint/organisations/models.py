"""Organisations are the tenants: every record belongs to one, and nobody sees another's data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A council, or a partnership of councils running one programme (a "bi-borough")."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        PARTNERSHIP = "partnership", _("Partnership of councils")

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, help_text="Used in web addresses, e.g. /o/harbourside/.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNCIL)
    privacy_contact_email = models.EmailField(
        blank=True,
        help_text="Where people ask about their data (the privacy notice names it); "
        "empty: the notice says to contact the council.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A Local Area Coordination programme, naming the councils it serves."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    councils_served = models.JSONField(
        default=list, help_text="The names of the councils this programme serves."
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """The neighbourhood a Local Area Coordinator will serve."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a member of staff does in an organisation; one person may hold several."""

    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    FACILITATOR = "facilitator", _("Facilitator")
    INTERVIEW_PANEL = "interview_panel", _("Interview panel member")
    AUDITOR = "auditor", _("Auditor")


class Membership(models.Model):
    """One staff role held by one user in one organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("organisation", "user", "role"), name="one_membership_per_role"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
