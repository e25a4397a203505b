"""What a candidate asks for and tells us, kept apart from everything used for scoring."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coappoint.campaigns.models import Candidate
from coappoint.organisations.models import Organisation


class AdjustmentRequest(models.Model):
    """A candidate's reasonable adjustments: an interpreter, what the interview panel should know,
    and anything else, for the day and the interview.

    Who reads which part is `candidates.access.adjustments_shown_to`: the programme manager and
    the auditor everything; a facilitator what the day needs (the interpreter language); the
    interview panel what the interview needs (the interpreter and `interview_needs`, which the
    candidate wrote for the panel to read); nobody who scores ever reads `needs`. The timetable
    gives the candidate an interpreter of `interpreter_language` in every conversation.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="adjustment_request"
    )
    interpreter_language = models.CharField(
        max_length=20,
        blank=True,
        help_text='e.g. "bsl" for British Sign Language, "ar" for Arabic.',
    )
    interview_needs = models.TextField(
        blank=True, help_text="What the candidate asked the interview panel to know."
    )
    needs = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Adjustments for candidate {self.candidate_id}"


PREFER_NOT_TO_SAY = "prefer_not_to_say"


class AgeBand(models.TextChoices):
    UNDER_25 = "16_24", _("16 to 24")
    FROM_25 = "25_34", _("25 to 34")
    FROM_35 = "35_44", _("35 to 44")
    FROM_45 = "45_54", _("45 to 54")
    FROM_55 = "55_64", _("55 to 64")
    FROM_65 = "65_plus", _("65 or over")
    PREFER_NOT = PREFER_NOT_TO_SAY, _("Prefer not to say")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT = PREFER_NOT_TO_SAY, _("Prefer not to say")


class YesNo(models.TextChoices):
    YES = "yes", pgettext_lazy("answer to a yes or no equality question", "Yes")
    NO = "no", pgettext_lazy("answer to a yes or no equality question", "No")
    PREFER_NOT = PREFER_NOT_TO_SAY, _("Prefer not to say")


class EthnicGroup(models.TextChoices):
    ASIAN = "asian", _("Asian or Asian British")
    BLACK = "black", _("Black, Black British, Caribbean or African")
    MIXED = "mixed", _("Mixed or multiple ethnic groups")
    WHITE = "white", _("White")
    OTHER = "other", _("Another ethnic group")
    PREFER_NOT = PREFER_NOT_TO_SAY, _("Prefer not to say")


class Religion(models.TextChoices):
    NONE = "none", _("No religion")
    BUDDHIST = "buddhist", _("Buddhist")
    CHRISTIAN = "christian", _("Christian")
    HINDU = "hindu", _("Hindu")
    JEWISH = "jewish", _("Jewish")
    MUSLIM = "muslim", _("Muslim")
    SIKH = "sikh", _("Sikh")
    OTHER = "other", _("Any other religion")
    PREFER_NOT = PREFER_NOT_TO_SAY, _("Prefer not to say")


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", _("Straight or heterosexual")
    GAY_OR_LESBIAN = "gay_or_lesbian", _("Gay or lesbian")
    BISEXUAL = "bisexual", _("Bisexual")
    OTHER = "other", _("Another sexual orientation")
    PREFER_NOT = PREFER_NOT_TO_SAY, _("Prefer not to say")


class EqualityAnswers(models.Model):
    """The equality-monitoring questions, each answerable "Prefer not to say": one question set
    for everyone asked, candidates (`EqualityMonitoring`) and community recruiters
    (`panels.RecruiterEqualityMonitoring`), so their totals use the same categories."""

    age_band = models.CharField(_("What is your age?"), max_length=20, choices=AgeBand.choices)
    sex = models.CharField(_("What is your sex?"), max_length=20, choices=Sex.choices)
    gender_same_as_sex_at_birth = models.CharField(
        _("Is the gender you identify with the same as your sex registered at birth?"),
        max_length=20,
        choices=YesNo.choices,
    )
    ethnic_group = models.CharField(
        _("What is your ethnic group?"), max_length=20, choices=EthnicGroup.choices
    )
    disability = models.CharField(
        _("Do you consider yourself to have a disability or a long-term health condition?"),
        max_length=20,
        choices=YesNo.choices,
    )
    religion = models.CharField(
        _("What is your religion?"), max_length=20, choices=Religion.choices
    )
    sexual_orientation = models.CharField(
        _("Which of these best describes your sexual orientation?"),
        max_length=20,
        choices=SexualOrientation.choices,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class EqualityMonitoring(EqualityAnswers):
    """A candidate's own answers to the optional equality-monitoring questions.

    Kept apart from everything used for scoring: nobody who scores in the campaign may read it
    (`candidates.access.may_see_equality_data`), and programme managers and auditors see only
    totals in which small numbers are hidden. Every question can be answered "Prefer not to say".
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="equality_monitoring"
    )

    def __str__(self) -> str:
        return f"Equality monitoring for candidate {self.candidate_id}"


# Each question's field and its answers, in the order the form asks them.
EQUALITY_QUESTIONS: dict[str, type[models.TextChoices]] = {
    "age_band": AgeBand,
    "sex": Sex,
    "gender_same_as_sex_at_birth": YesNo,
    "ethnic_group": EthnicGroup,
    "disability": YesNo,
    "religion": Religion,
    "sexual_orientation": SexualOrientation,
}
