"""A community recruitment event (the day) and its agenda."""

from __future__ import annotations

from django.db import models

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.organisations.models import Organisation


class Event(models.Model):
    """The recruitment day at a venue, for one campaign."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events")
    name = models.CharField(max_length=200)
    date = models.DateField()
    venue_name = models.CharField(max_length=200)
    venue_address = models.TextField()
    access_information = models.TextField(blank=True)
    tables = models.PositiveSmallIntegerField(default=4)
    candidates = models.ManyToManyField(Candidate, related_name="events", blank=True)

    class Meta:
        ordering = ("-date", "name")

    def __str__(self) -> str:
        return self.name


class AgendaBlock(models.Model):
    """One block of the day's agenda, in order, with its start time and length."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    starts_at = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ("event", "position")
        constraints = (
            models.UniqueConstraint(fields=("event", "position"), name="one_block_per_position"),
        )

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"
