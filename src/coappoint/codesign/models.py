"""Co-design: proposed qualities and insights, dot-votes, versioned criteria, mingling notes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coappoint.campaigns.models import Candidate
from coappoint.events.models import Event
from coappoint.organisations.models import Organisation
from coappoint.recruiters.models import CommunityRecruiter


class CriteriaVersion(models.Model):
    """One wording of the event's criteria. A new version replaces the last until one is locked.

    Scoring always uses the locked version; once scoring starts the criteria never change, so
    every recruiter scores the same qualities with the same words.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="criteria_versions")
    number = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("event", "-number")
        constraints = (
            models.UniqueConstraint(fields=("event", "number"), name="one_criteria_version_number"),
        )

    def __str__(self) -> str:
        return f"{self.event}: criteria version {self.number}"


class Criterion(models.Model):
    """A quality recruiters score, with a plain description of what good looks like."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(CriteriaVersion, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    what_good_looks_like = models.TextField()

    class Meta:
        ordering = ("version", "position")
        constraints = (
            models.UniqueConstraint(fields=("version", "position"), name="one_criterion_position"),
        )

    def __str__(self) -> str:
        return self.name


class ProposalKind(models.TextChoices):
    """What a proposal is: a quality a coordinator should have, or something about the area."""

    QUALITY = "quality", _("Quality")
    INSIGHT = "insight", _("Local insight")


class Proposal(models.Model):
    """A quality or local insight put forward by a recruiter on their phone, or typed by staff.

    Merging duplicates keeps every proposal: the merged ones point at the one that stays, so
    nobody's words are lost and the audit log can say what became of them.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=20, choices=ProposalKind.choices)
    text = models.TextField()
    proposed_by_recruiter = models.ForeignKey(
        CommunityRecruiter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    typed_by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Made by the browser (offline contract): a repeated key is the same submission.
    idempotency_key = models.UUIDField(unique=True, default=uuid.uuid4)

    class Meta:
        ordering = ("event", "kind", "created_at", "id")

    def __str__(self) -> str:
        return self.text[:100]


class DotVote(models.Model):
    """One round of dot-voting on the qualities: each recruiter has the same number of dots."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="dot_votes")
    dots_per_recruiter = models.PositiveSmallIntegerField()
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("event", "-opened_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("event",),
                condition=models.Q(closed_at__isnull=True),
                name="one_open_dot_vote_per_event",
            ),
        )

    def __str__(self) -> str:
        return f"Dot-voting at {self.event} opened {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Dot(models.Model):
    """The dots one recruiter put on one quality in one vote (several on one quality allowed)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    vote = models.ForeignKey(DotVote, on_delete=models.CASCADE, related_name="dots")
    recruiter = models.ForeignKey(CommunityRecruiter, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="dots")
    dots = models.PositiveSmallIntegerField()
    placed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("vote", "recruiter", "proposal"), name="one_dot_row_per_quality"
            ),
            models.CheckConstraint(condition=models.Q(dots__gt=0), name="dots_positive"),
        )

    def __str__(self) -> str:
        return f"{self.dots} dots on {self.proposal}"


class Observation(models.Model):
    """A recruiter's quick note about a candidate while mingling: what they saw, not a verdict.

    Only the recruiter who wrote it sees it with their name; staff see notes without authors.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="observations")
    recruiter = models.ForeignKey(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="observations"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    curiosity = models.TextField(blank=True)
    manner = models.TextField(blank=True)
    inclusion = models.TextField(blank=True)
    other = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.UUIDField(unique=True, default=uuid.uuid4)

    class Meta:
        ordering = ("event", "candidate", "created_at", "id")

    def __str__(self) -> str:
        # No names: the audit log must not tell staff who wrote about whom.
        return f"Observation note {self.pk}"
