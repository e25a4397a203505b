"""Recruiters' equality answers, an area's population figures, and the draws of a day's panel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coappoint.candidates.models import EqualityAnswers
from coappoint.events.models import Event
from coappoint.organisations.models import Area, Organisation
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.rules.panel_quotas import PreferNotToSay


class RecruiterEqualityMonitoring(EqualityAnswers):
    """A community recruiter's own answers to the candidates' equality questions (the same
    questions and categories, `candidates.models.EqualityAnswers`).

    Optional, and kept apart from everything they score: nobody reads one recruiter's answers,
    and only staff who do not score in the campaign see totals (`panels.access`), through
    rules.disclosure. The draw reads them to meet the panel's quotas.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recruiter = models.OneToOneField(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="equality_monitoring"
    )

    def __str__(self) -> str:
        return f"Equality monitoring for recruiter {self.recruiter_id}"


class AreaFigure(models.Model):
    """How many people of the area gave one answer to one equality question (census figures
    for the ward, say): the draw apportions the panel's places in proportion to these."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="figures")
    question = models.CharField(max_length=40)
    answer = models.CharField(max_length=20)
    people = models.PositiveIntegerField()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("area", "question", "answer")
        constraints = (
            models.UniqueConstraint(
                fields=("area", "question", "answer"), name="one_figure_per_area_answer"
            ),
        )

    def __str__(self) -> str:
        return f"{self.area}: {self.question} {self.answer} {self.people}"


class PreferNotToSayChoice(models.TextChoices):
    OWN_CATEGORY = PreferNotToSay.OWN_CATEGORY.value, _("Its own category, with its own quota")
    LEFT_OUT = PreferNotToSay.LEFT_OUT.value, _("Left out of that question's quotas")


class PanelDraw(models.Model):
    """One stratified random draw of an event's panel from its volunteers.

    Everything needed to repeat it is kept: the places, the quotas it was given
    (`PanelQuota`), the seed, the library and its version, the algorithm and the solver, and a
    digest of the pool as the library was given it (who, with which answers), so a repeat can
    show it started from the same pool.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="panel_draws")
    places = models.PositiveSmallIntegerField()
    prefer_not_to_say = models.CharField(max_length=20, choices=PreferNotToSayChoice.choices)
    tolerance = models.PositiveSmallIntegerField(default=0)
    seed = models.PositiveIntegerField()
    library = models.CharField(max_length=100)
    library_version = models.CharField(max_length=40)
    algorithm = models.CharField(max_length=20)
    solver = models.CharField(max_length=20)
    pool_digest = models.CharField(max_length=64)
    drawn_at = models.DateTimeField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("event", "-drawn_at", "-pk")

    def __str__(self) -> str:
        return f"Draw of {self.places} for {self.event} at {self.drawn_at:%Y-%m-%d %H:%M}"


class PanelQuota(models.Model):
    """The bounds one category had in a draw (rules.panel_quotas.QuotaBounds), and its figure."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    draw = models.ForeignKey(PanelDraw, on_delete=models.CASCADE, related_name="quotas")
    question = models.CharField(max_length=40)
    answer = models.CharField(max_length=20)
    people = models.PositiveIntegerField(help_text="The area's figure it was apportioned from.")
    quota = models.PositiveSmallIntegerField()
    least = models.PositiveSmallIntegerField()
    most = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ("draw", "pk")

    def __str__(self) -> str:
        return f"{self.question} {self.answer}: {self.least} to {self.most}"


class PanelVolunteer(models.Model):
    """One volunteer in a draw's pool: their chance of being drawn, and whether they were.

    `probability_millionths` is the maximin distribution's chance of selection in millionths
    (shown rounded, only to staff who do not score). A volunteer not drawn is a reserve
    (`CommunityRecruiter.reserve_since`) until a replacement calls them.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    draw = models.ForeignKey(PanelDraw, on_delete=models.CASCADE, related_name="volunteers")
    recruiter = models.ForeignKey(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="panel_draws"
    )
    probability_millionths = models.PositiveIntegerField()
    drawn = models.BooleanField()

    class Meta:
        ordering = ("draw", "recruiter__full_name", "pk")
        constraints = (
            models.UniqueConstraint(fields=("draw", "recruiter"), name="one_entry_per_volunteer"),
        )

    def __str__(self) -> str:
        return f"{self.recruiter_id} in draw {self.draw_id}: {'drawn' if self.drawn else 'reserve'}"


class PanelReplacement(models.Model):
    """A reserve took the place of a drawn recruiter who withdrew, chosen by the draw's quotas."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    draw = models.ForeignKey(PanelDraw, on_delete=models.CASCADE, related_name="replacements")
    dropped_out = models.ForeignKey(CommunityRecruiter, on_delete=models.CASCADE, related_name="+")
    reserve = models.ForeignKey(CommunityRecruiter, on_delete=models.CASCADE, related_name="+")
    quotas_met = models.BooleanField()
    replaced_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("draw", "replaced_at", "pk")

    def __str__(self) -> str:
        return f"{self.reserve_id} replaced {self.dropped_out_id} in draw {self.draw_id}"
