"""What a candidate asks for and tells us, kept apart from everything used for scoring."""

from __future__ import annotations

from django.db import models

from coappoint.campaigns.models import Candidate
from coappoint.organisations.models import Organisation


class AdjustmentRequest(models.Model):
    """A candidate's reasonable adjustments for the day: an interpreter, access, anything else.

    The facilitator sees what the day needs (the interpreter language); nobody who scores sees the
    rest. The timetable gives the candidate an interpreter of `interpreter_language` in every
    conversation.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="adjustment_request"
    )
    interpreter_language = models.CharField(
        max_length=20, blank=True, help_text='e.g. "bsl" for British Sign Language, "ar" for Arabic.'
    )
    needs = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Adjustments for candidate {self.candidate_id}"
