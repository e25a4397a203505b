"""What forgetting keeps: who was forgotten (by id), the equality totals, and each run's counts.

None of these rows holds personal data: a forgotten person is named by kind and id, the kept
equality totals are the rounded, suppressed figures the summary page showed, and a run keeps
counts per category.
"""

from __future__ import annotations

from django.db import models

from coappoint.campaigns.models import Campaign
from coappoint.organisations.models import Organisation


class PersonKind(models.TextChoices):
    CANDIDATE = "candidate", "candidate"
    RECRUITER = "recruiter", "recruiter"


class ForgottenPerson(models.Model):
    """A candidate or recruiter whose personal details were removed, and why (a retention
    category, or an erasure request). Retention reads it so a second run forgets nobody twice."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person_kind = models.CharField(max_length=20, choices=PersonKind.choices)
    person_id = models.BigIntegerField()
    reason = models.CharField(max_length=60)
    forgotten_at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("person_kind", "person_id"), name="a_person_is_forgotten_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.person_kind} {self.person_id} ({self.reason})"


class KeptEqualityTotals(models.Model):
    """A campaign's equality totals, kept when its answers are deleted: per question the
    rounded counts with small ones hidden (rules.disclosure), as the summary page showed them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="kept_equality_totals"
    )
    totals = models.JSONField()
    kept_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Equality totals of campaign {self.campaign_id}"


class RetentionRun(models.Model):
    """One `coappoint retention` or housekeeping run: as of when, whether it changed anything,
    and how many went per category (counts only)."""

    ran_at = models.DateTimeField()
    as_of = models.DateTimeField()
    applied = models.BooleanField()
    counts = models.JSONField(help_text="How many went (or would go) per category.")

    class Meta:
        ordering = ("-ran_at", "-id")

    def __str__(self) -> str:
        return f"Retention as of {self.as_of:%Y-%m-%d} ({'applied' if self.applied else 'preview'})"
