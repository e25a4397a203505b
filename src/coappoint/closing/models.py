"""Closing the loop after a decision: "you said, we did" to recruiters, feedback, thanks paid.

Nothing here is sent until a programme manager approves its text; every send is recorded so a
second press of Send sends nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.organisations.models import Organisation
from coappoint.recruiters.models import CommunityRecruiter, ThanksRecord


class RecruiterMessage(models.Model):
    """The "you said, we did" message in one language, for the campaign's recruiters.

    `language` is "en", "cy", "ar" or the name of another language (lower case) as recruiters
    typed it. Changing the text clears the approval; once sent, the text no longer changes.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="recruiter_messages"
    )
    language = models.CharField(max_length=50)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("campaign", "language")
        constraints = (
            models.UniqueConstraint(
                fields=("campaign", "language"), name="one_recruiter_message_per_language"
            ),
        )

    def __str__(self) -> str:
        return f"Message to recruiters of {self.campaign} ({self.language})"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class RecruiterMessageDelivery(models.Model):
    """One recruiter was emailed a message: the reason the next Send skips them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        RecruiterMessage, on_delete=models.PROTECT, related_name="deliveries"
    )
    recruiter = models.OneToOneField(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="closing_delivery"
    )
    fell_back_to_english = models.BooleanField(default=False)
    email_reference = models.CharField(max_length=100)
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Message {self.message_id} sent to recruiter {self.recruiter_id}"


class CandidateFeedback(models.Model):
    """Feedback to one candidate, drafted from what was said about them, approved, then sent."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="candidate_feedback"
    )
    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="feedback")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email_reference = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        # No text of the feedback: the audit log copies this into every row.
        return f"Feedback to candidate {self.candidate_id}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class ThanksPayment(models.Model):
    """A recruiter's accepted payment, voucher or expenses has been paid or handed over."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    thanks_record = models.OneToOneField(
        ThanksRecord, on_delete=models.CASCADE, related_name="payment"
    )
    paid_at = models.DateTimeField()
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reference = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"Payment of thanks record {self.thanks_record_id}"
