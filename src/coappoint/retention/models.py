"""An organisation's retention period for one category of personal data, when not the default."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coappoint.organisations.models import Organisation
from coappoint.rules.retention import Category, CountedFrom


class RetentionCategory(models.TextChoices):
    """The categories of rules.retention, in the words the pages and the privacy notice use."""

    UNSUCCESSFUL_CANDIDATES = (
        Category.UNSUCCESSFUL_CANDIDATES.value,
        _("Unsuccessful candidates' records: details, adjustments, feedback and messages"),
    )
    APPOINTED_CANDIDATE = (
        Category.APPOINTED_CANDIDATE.value,
        _("The appointed candidate's recruitment record (their employment record is HR's)"),
    )
    UNDECIDED_CAMPAIGN = (
        Category.UNDECIDED_CAMPAIGN.value,
        _("Candidates of a campaign that never reached a decision"),
    )
    RECRUITERS = (
        Category.RECRUITERS.value,
        _("Community recruiters' names, contact details, access and dietary needs"),
    )
    EQUALITY_MONITORING = (
        Category.EQUALITY_MONITORING.value,
        _("Equality monitoring answers (totals with small numbers hidden are kept)"),
    )
    COMMENTS_AND_NOTES = (
        Category.COMMENTS_AND_NOTES.value,
        _("Score-sheet comments and mingling notes"),
    )
    EVALUATION_FREE_TEXT = (
        Category.EVALUATION_FREE_TEXT.value,
        _("Free-text answers to evaluations of the day"),
    )
    SIGN_IN_ATTEMPTS = (
        Category.SIGN_IN_ATTEMPTS.value,
        _("Sign-in attempts with their IP addresses, and the security log"),
    )
    MESSAGE_BODIES = (
        Category.MESSAGE_BODIES.value,
        _("The words of messages sent"),
    )
    AUDIT_LOG = Category.AUDIT_LOG.value, _("The audit log (ids and counts, never names)")


COUNTED_FROM_WORDS = {
    CountedFrom.DECISION: _("after the decision"),
    CountedFrom.CAMPAIGN_CLOSED: _("after the campaign was closed"),
    CountedFrom.LAST_EVENT: _("after their last event"),
    CountedFrom.ANSWERED: _("after the answer was given"),
    CountedFrom.ATTEMPT: _("after the attempt"),
    CountedFrom.SENT: _("after the message was sent"),
    CountedFrom.ACTION: _("after the action"),
}


class RetentionPeriod(models.Model):
    """The period an organisation set for a category; a category without one keeps the default
    (rules.retention.DEFAULT_PERIODS). Months or days, as the category's default is."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="retention_periods"
    )
    category = models.CharField(max_length=40, choices=RetentionCategory.choices)
    months = models.PositiveSmallIntegerField(default=0)
    days = models.PositiveSmallIntegerField(default=0)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("organisation", "category"), name="one_retention_period_per_category"
            ),
        )

    def __str__(self) -> str:
        return f"{self.organisation}: {self.category}"
