"""A piece of long work asked for on a page and done by the task worker: what, for which
event, by whom, how far it has got, and how it ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coappoint.campaigns.models import Campaign
from coappoint.events.models import Event
from coappoint.organisations.models import Organisation


class Job(models.Model):
    """One request for long work (django-tasks runs it; this row is what the page shows).

    django-tasks' own result row says only whether the task ran; it has no progress, no words
    for a failure and no rule against asking twice, and it depends on the backend. At most one
    job of a kind is queued or running per event (a second press finds the first).
    """

    class Kind(models.TextChoices):
        MAKE_TIMETABLE = "timetable.make", _("Making the timetable")
        IMPROVE_TIMETABLE = "timetable.improve", _("Looking for a better plan")
        IMPORT_CANDIDATES = "candidates.import", _("Importing candidates")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Under way")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        # An improvement the facilitator used, turned down, or that came too late.
        SETTLED = "settled", _("Settled")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # What the work is for: an event (its timetable) or a campaign (its candidates).
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="jobs", null=True, blank=True
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="jobs", null=True, blank=True
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    parameters = models.JSONField(default=dict, blank=True, help_text="What the work is given.")
    result = models.JSONField(default=dict, blank=True, help_text="What the work found.")
    failure = models.TextField(blank=True, help_text="Why it failed, in plain words, to be shown.")
    language = models.CharField(
        max_length=16, blank=True, help_text="The language of the page that asked: the failure's."
    )

    class Meta:
        ordering = ("-requested_at", "-pk")
        constraints = (
            models.UniqueConstraint(
                fields=("event", "kind"),
                condition=models.Q(state__in=("queued", "running"), event__isnull=False),
                name="one_job_under_way_per_event_and_kind",
            ),
            models.UniqueConstraint(
                fields=("campaign", "kind"),
                condition=models.Q(state__in=("queued", "running"), campaign__isnull=False),
                name="one_job_under_way_per_campaign_and_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(event__isnull=True) ^ models.Q(campaign__isnull=True),
                name="a_job_is_for_an_event_or_a_campaign",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.event or self.campaign} ({self.state})"

    @property
    def under_way(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
