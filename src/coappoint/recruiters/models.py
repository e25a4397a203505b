"""A community recruiter at one event, and the candidates they declared they know."""

from __future__ import annotations

from django.db import models

from coappoint.campaigns.models import Candidate
from coappoint.events.models import Event
from coappoint.organisations.models import Organisation


class CommunityRecruiter(models.Model):
    """A local resident taking part in one event. No password: they sign in by link or code."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recruiters")
    full_name = models.CharField(max_length=200)
    neighbourhood = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    preferred_language = models.CharField(max_length=10, default="en")
    interpreter_language = models.CharField(
        max_length=20,
        blank=True,
        help_text='The interpreter they need in conversations ("ar", "bsl"), if any.',
    )
    access_needs = models.TextField(blank=True)
    dietary_needs = models.TextField(blank=True)
    # When they can be there on the day; empty means all day. The timetable turns these into slots.
    available_from = models.TimeField(null=True, blank=True)
    available_until = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ("full_name", "id")

    def __str__(self) -> str:
        return self.full_name


class ConflictOfInterest(models.Model):
    """A recruiter knows a candidate: the pair never meet and the recruiter never scores them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recruiter = models.ForeignKey(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="conflicts"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="conflicts")
    declared_at = models.DateTimeField(auto_now_add=True)
    how_they_know = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("recruiter", "candidate"), name="one_conflict_per_pair"
            ),
        )

    def __str__(self) -> str:
        return f"{self.recruiter} knows {self.candidate}"
