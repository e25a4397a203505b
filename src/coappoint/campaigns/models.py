"""A vacancy for a Local Area Coordinator, the campaign that fills it, its candidates and panel."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coappoint.organisations.models import Area, Organisation, Programme


class Vacancy(models.Model):
    """A Local Area Coordinator post serving one area."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="vacancies")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ("title",)
        verbose_name_plural = "vacancies"

    def __str__(self) -> str:
        return self.title

    @property
    def title_and_area(self) -> str:
        """The post and the area it serves, the area named once: "Local Area Coordinator, Canal
        Ward", whether the title already names the area (as the form suggests) or not.

        The one place a heading joins them, so no page says "…, Canal Ward, Canal Ward".
        """
        area = self.area.name
        if re.search(rf"(?<!\w){re.escape(area.casefold())}(?!\w)", self.title.casefold()):
            return self.title
        return f"{self.title}, {area}"


class Campaign(models.Model):
    """The recruitment for one vacancy: its stages and the rules that combine them.

    `state` is where it is in its lifecycle (rules.lifecycle, moved only by
    campaigns.lifecycle.move_campaign): it decides what may happen next. The timestamps say
    when the rules were locked (`rules_locked_at`), when it was decided (its Decision's
    `recorded_at`) and when it was closed (`closed_at`).
    """

    class State(models.TextChoices):
        SETTING_UP = "setting_up", pgettext_lazy("state of a campaign", "Being set up")
        RULES_LOCKED = "rules_locked", pgettext_lazy("state of a campaign", "Rules locked")
        INTERVIEW = "interview", pgettext_lazy("state of a campaign", "Formal interview")
        DECIDED = "decided", pgettext_lazy("state of a campaign", "Decided")
        CLOSED = "closed", pgettext_lazy("state of a campaign", "Closed")

    class ShiftRule(models.TextChoices):
        """rules.consensus.ShiftRule, by its values: which shifts the threshold catches."""

        MORE_THAN = "more_than", _("More than the threshold")
        AT_OR_ABOVE = "at_or_above", _("At or above the threshold")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(max_length=200)
    # Exact: a threshold is typed with at most two decimal places, and the old percentages of
    # the span converted to points (percent x span / 100) always fit two places.
    consensus_shift_points = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal(1),
        help_text="A consensus this many points or more (on the community stage's scale) from "
        "the mean of private scores must be explained in the rationale; more than this many "
        "under the rule of campaigns locked before 'at or above' (consensus_shift_rule).",
    )
    consensus_shift_rule = models.CharField(
        max_length=20,
        choices=ShiftRule.choices,
        blank=True,
        help_text="The rule fixed when the rules were locked; empty until then, when the "
        "current rule (rules.consensus.CURRENT_SHIFT_RULE) applies.",
    )
    rules_locked_at = models.DateTimeField(null=True, blank=True)
    rules_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who fixed the rules; the audit log keeps their name if the account goes.",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.SETTING_UP)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Why it closed without a decision (a vacancy withdrawn): kept here, named by the audit row.
    closing_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @property
    def rules_may_change(self) -> bool:
        """True while the campaign is being set up: from the rules lock on, they are fixed."""
        return self.state == self.State.SETTING_UP


class Stage(models.Model):
    """One stage of a campaign, with its weight, rating scale and minimum."""

    class Kind(models.TextChoices):
        SHORTLISTING = "shortlisting", _("Shortlisting")
        COMMUNITY = "community", _("Community recruitment event")
        INTERVIEW = "interview", _("Formal interview")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    weight_percent = models.PositiveSmallIntegerField()
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    minimum_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    point_labels = models.JSONField(
        default=list,
        blank=True,
        help_text="Plain words for each point of the scale, lowest first; empty for numbers only.",
    )

    class Meta:
        ordering = ("campaign", "position")
        constraints = (
            models.UniqueConstraint(fields=("campaign", "kind"), name="one_stage_of_each_kind"),
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max")),
                name="stage_scale_min_below_max",
            ),
        )

    def __str__(self) -> str:
        return f"{self.campaign}: {self.get_kind_display()}"


class Candidate(models.Model):
    """A shortlisted applicant. Recruiters only ever see a display name made from the first name."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="candidates")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    chosen_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="The name they would like to be called, if not their first name.",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    preferred_language = models.CharField(
        max_length=10,
        blank=True,
        help_text=(
            "The service language to write to them in and show their pages in (a code of "
            "settings.LANGUAGES); empty until they or staff choose, when it is English."
        ),
    )

    class Meta:
        ordering = ("first_name", "last_name", "id")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def called(self) -> str:
        """The name the candidate is called by: their chosen name, else their first name."""
        return self.chosen_name or self.first_name

    @property
    def full_name(self) -> str:
        """The name staff see, the interview panel included ("Sam Ali"): the name they are called
        by, then their last name. Recruiters never see it: they see a display name ("Sam A.",
        events.queries.list_candidate_display_names)."""
        return f"{self.called} {self.last_name}"


class PanelMember(models.Model):
    """A member of staff who sits on this campaign's interview panel, and so scores in it.

    The interview app seats people (`interviews.services.set_panel`); the row lives here, below
    every app that must know who scores in the campaign (`events.scorers`, ADR 0008). A seat
    counts whatever roles its holder has since gained or lost: it is a fact about the campaign.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="panel_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("campaign", "user__full_name", "pk")
        constraints = (
            models.UniqueConstraint(fields=("campaign", "user"), name="one_panel_seat_per_user"),
        )

    def __str__(self) -> str:
        return f"{self.user} on the interview panel of {self.campaign}"
