"""The formal interview: questions, the panel's conflicts, private sheets, agreed scores.

Who sits on the panel is `campaigns.PanelMember`, kept low so that every app can ask who scores
in a campaign (`events.scorers`, ADR 0008); this app's services are the only ones to write it.

Panel score values and notes are read only through interviews.queries, which refuses them
before the panel's reveal. Nothing here may put a value in a `__str__`: the audit log copies
`str(target)` into every row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Campaign, Candidate
from coappoint.organisations.models import Organisation
from coappoint.reveal.models import PrivateRound, RoundActions


class InterviewQuestion(models.Model):
    """One structured question the panel asks every candidate, in the campaign's order.

    Questions are not part of the locked rules, but they are frozen once any panel member has
    sent a score sheet, so every sheet answers the same questions.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="interview_questions"
    )
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    guidance = models.TextField(
        blank=True, help_text="What a good answer covers, shown to the panel beside the question."
    )

    class Meta:
        ordering = ("campaign", "position", "pk")

    def __str__(self) -> str:
        return f"Interview question {self.position} of {self.campaign}"


class InterviewAbsence(models.Model):
    """A candidate who did not come to the formal interview: no panel sheet is owed for them,
    and the outcome lists them as not attending, not as waiting for scores."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("campaign", "candidate"), name="one_interview_absence_per_candidate"
            ),
        )

    def __str__(self) -> str:
        return f"Candidate {self.candidate_id} did not attend the interview for {self.campaign}"


class PanelConflictDeclaration(models.Model):
    """A panel member's answer, for every candidate listed, to "do you know them?".

    `candidates` are the candidates the declaration covered; a candidate added later must be
    declared about before that member may score them.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    declared_at = models.DateTimeField()
    candidates = models.ManyToManyField(Candidate, related_name="+")

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("campaign", "user"), name="one_panel_declaration_per_member"
            ),
        )

    def __str__(self) -> str:
        return f"Conflicts of interest declared by {self.user} for {self.campaign}"


class PanelConflict(models.Model):
    """A panel member knows a candidate: they do not score them, and are not pending for them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    how = models.TextField(blank=True)

    class Meta:
        ordering = ("campaign", "user", "candidate")
        constraints = (
            models.UniqueConstraint(
                fields=("campaign", "user", "candidate"), name="one_panel_conflict_per_pair"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} knows {self.candidate}"


class PanelRound(PrivateRound):
    """The panel's scoring for a campaign: revealed once, when nothing is pending or on closing.

    The reveal (`revealed_at`, never cleared) and closing with a reason are coappoint.reveal's
    (`PrivateRound`). Until then no panel score is shown to anyone but the member who gave it;
    from then on the panel, its conflicts and its sheets are frozen.
    """

    actions = RoundActions(
        revealed=AuditAction.INTERVIEW_SCORING_REVEALED, closed=AuditAction.INTERVIEW_SCORING_CLOSED
    )

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="panel_round")

    def __str__(self) -> str:
        return f"Interview panel scoring for {self.campaign}"


class PanelScoreSheet(models.Model):
    """One panel member's private scores for one candidate; locked once sent."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField()
    # The key of the submission that made the sheet: a repeat of it is the same submission.
    idempotency_key = models.UUIDField(unique=True)

    class Meta:
        ordering = ("campaign", "candidate", "user")
        constraints = (
            models.UniqueConstraint(
                fields=("campaign", "user", "candidate"), name="one_panel_sheet_per_pair"
            ),
        )

    def __str__(self) -> str:
        return f"Interview score sheet of {self.user} for {self.candidate}"


class PanelScore(models.Model):
    """One question's score on a panel member's sheet, on the interview stage's scale."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sheet = models.ForeignKey(PanelScoreSheet, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(InterviewQuestion, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("sheet", "question__position")
        constraints = (
            models.UniqueConstraint(
                fields=("sheet", "question"), name="one_panel_score_per_question"
            ),
        )

    def __str__(self) -> str:
        return f"Panel score on question {self.question_id} (sheet {self.sheet_id})"


class AgreedInterviewScore(models.Model):
    """The score the panel agreed for one candidate on one question, after the reveal.

    This, never a private sheet, is what the outcome combines.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(InterviewQuestion, on_delete=models.PROTECT, related_name="+")
    score = models.SmallIntegerField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("campaign", "candidate", "question__position")
        constraints = (
            models.UniqueConstraint(
                fields=("candidate", "question"), name="one_agreed_score_per_question"
            ),
        )

    def __str__(self) -> str:
        return f"Agreed interview score for {self.candidate} on question {self.question_id}"
