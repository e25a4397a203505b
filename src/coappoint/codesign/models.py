"""The scoring criteria the community chose, versioned; locked when scoring starts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coappoint.events.models import Event
from coappoint.organisations.models import Organisation


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
