"""The decision a programme manager records on a campaign, locked once recorded."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.organisations.models import Organisation


class Decision(models.Model):
    """Who is appointed and why; the outcome it was made on is kept exactly as it was shown.

    `outcome` is the rules core's output (`coappoint outcome`) and `record` its input (the
    decision record: stages and agreed scores), so anyone can recompute the decision.

    The record knows people only by their keys ("c12"): their names are in `names` and the
    words said with each consensus in `consensus_words`, as are the decision's own `rationale`
    and `tie_break_justification`, so that forgetting a person
    (`services.forget_people_in_decision`) changes those and never the record nor its digest.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.OneToOneField(Campaign, on_delete=models.PROTECT, related_name="decision")
    appointed = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rationale = models.TextField()
    tie_break_justification = models.TextField(blank=True)
    record = models.JSONField(help_text="The decision record given to the rules core.")
    outcome = models.JSONField(help_text="What the rules core answered.")
    names = models.JSONField(
        default=dict,
        blank=True,
        help_text='Who each key of the record is: {"c12": "Priya Shah"}, or their pseudonym.',
    )
    consensus_words = models.JSONField(
        default=list,
        blank=True,
        help_text="The words said with each of the record's consensus entries, in their order.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Decision for {self.campaign}"
