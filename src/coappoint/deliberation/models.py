"""The group's agreed consensus per candidate, and how the event records it.

Nothing here may put a score in a `__str__`: the audit log copies `str(target)` into every row,
and its before/after hold the values instead (written only after the reveal).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coappoint.campaigns.models import Candidate
from coappoint.codesign.models import Criterion
from coappoint.events.models import Event
from coappoint.organisations.models import Organisation


class DeliberationSettings(models.Model):
    """How an event records its consensus: overall only, or per quality as well.

    Fixed once the first consensus is recorded, so every candidate is treated the same way.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="deliberation_settings"
    )
    consensus_per_quality = models.BooleanField(default=False)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "deliberation settings"

    def __str__(self) -> str:
        return f"Deliberation settings for {self.event}"


class Consensus(models.Model):
    """The score the group agreed for one candidate, overall (no quality) or on one quality.

    Agreed by people in discussion, never computed. `dissent` is what someone who disagrees
    would say (no names needed), `dissent_reason` why; `change_reason` says why a recorded
    consensus was changed, the latest change only (the audit log keeps every one).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    quality = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consensus_score = models.SmallIntegerField()
    rationale = models.TextField(blank=True)
    dissent = models.TextField(blank=True)
    dissent_reason = models.TextField(blank=True)
    change_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "consensus records"
        ordering = ("event", "candidate", "quality__position")
        constraints = (
            # A null quality is the overall consensus; NULLs are distinct in a plain unique
            # constraint, so the overall one has its own.
            models.UniqueConstraint(
                fields=("event", "candidate"),
                condition=models.Q(quality__isnull=True),
                name="one_overall_consensus_per_candidate",
            ),
            models.UniqueConstraint(
                fields=("event", "candidate", "quality"),
                condition=models.Q(quality__isnull=False),
                name="one_consensus_per_candidate_quality",
            ),
        )

    def __str__(self) -> str:
        about = "overall" if self.quality_id is None else f"on quality {self.quality_id}"
        return f"Consensus for candidate {self.candidate_id} {about}"
