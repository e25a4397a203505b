"""Private score sheets, the scoring round that hides them until the reveal, and corrections.

Score values, the "comfortable" answer and comments are read only through scoring.queries,
which refuses them until the reveal. Nothing here may put a value in a `__str__`: the audit log
copies `str(target)` into every row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Candidate
from coappoint.codesign.models import CriteriaVersion, Criterion
from coappoint.events.models import Event
from coappoint.organisations.models import Organisation
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.reveal.models import PrivateRound, RoundActions


class ScoringRound(PrivateRound):
    """Scoring at one event: opened when the criteria lock, revealed once, perhaps closed.

    The reveal (`revealed_at`, never cleared) and closing with a reason are coappoint.reveal's
    (`PrivateRound`): when nothing is pending and a sheet that counts is in, when the
    facilitator reveals with nothing pending, or when they close scoring with a reason. Until
    then no score value is shown to anyone but the recruiter who gave it.
    """

    actions = RoundActions(revealed=AuditAction.SCORING_REVEALED, closed=AuditAction.SCORING_CLOSED)

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="scoring_round")
    criteria_version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Scoring at {self.event}"


class Comfortable(models.TextChoices):
    """Would you feel comfortable introducing this candidate to a friend or neighbour?"""

    YES = "yes", pgettext_lazy("answer to: would you feel comfortable introducing them?", "Yes")
    NOT_SURE = "not_sure", _("Not sure")
    NO = "no", pgettext_lazy("answer to: would you feel comfortable introducing them?", "No")


class ScoreSheet(models.Model):
    """One recruiter's private scores for one candidate they spoke with; locked once sent."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    recruiter = models.ForeignKey(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="score_sheets"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    criteria_version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="+"
    )
    comfortable = models.CharField(max_length=10, choices=Comfortable.choices)
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField()
    # The key of the submission that made the sheet: a repeat of it is the same submission.
    idempotency_key = models.UUIDField(unique=True)
    entered_on_paper_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The mark (a hash) of the browser session that sent it (signin.participants): until the
    # reveal its values are shown in that session only. Empty for a paper sheet: its values are
    # shown back to nobody.
    sent_from_session = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ("event", "candidate", "recruiter")
        constraints = (
            models.UniqueConstraint(
                fields=("recruiter", "candidate"), name="one_score_sheet_per_pair"
            ),
        )

    def __str__(self) -> str:
        text = f"Score sheet of {self.recruiter} for {self.candidate}"
        if self.entered_on_paper_by_id is not None:
            text += f" (entered on paper by {self.entered_on_paper_by})"
        return text


class Score(models.Model):
    """One criterion's score on a sheet, on the campaign's community scale."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField()

    class Meta:
        ordering = ("sheet", "criterion__position")
        constraints = (
            models.UniqueConstraint(fields=("sheet", "criterion"), name="one_score_per_criterion"),
        )

    def __str__(self) -> str:
        return f"Score on {self.criterion} (sheet {self.sheet_id})"


class ScoreCorrection(models.Model):
    """A change to a sent sheet made by the facilitator, with the reason and what it was.

    Before the reveal the audit row names only this record; its `before` and `after` are shown
    (to auditors) only after the reveal, through scoring.queries.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="corrections")
    corrected_at = models.DateTimeField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField()
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        ordering = ("sheet", "corrected_at", "pk")

    def __str__(self) -> str:
        return f"Correction {self.pk} of sheet {self.sheet_id}"
