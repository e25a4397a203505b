"""Reads for setting up campaigns, always within one organisation, and the rules as they stand."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, QuerySet
from django.utils.translation import gettext, ngettext, pgettext_lazy

from coappoint.campaigns.models import Campaign, Stage, Vacancy
from coappoint.organisations.models import Area, Organisation, Programme
from coappoint.rules import outcome, scales
from coappoint.rules.consensus import CURRENT_SHIFT_RULE, ShiftRule, ShiftThreshold
from coappoint.rules.errors import InvalidScale

# The community's day and the formal interview are what every campaign combines.
EXPECTED_KINDS = (Stage.Kind.COMMUNITY, Stage.Kind.INTERVIEW)

# The default scale's words are the service's own, so people read them in their language;
# words staff wrote for a scale are shown as they wrote them.
DEFAULT_LABELS_IN_WORDS = {
    "No evidence": pgettext_lazy("score on the scale", "No evidence"),
    "A little": pgettext_lazy("score on the scale", "A little"),
    "Some": pgettext_lazy("score on the scale", "Some"),
    "Good": pgettext_lazy("score on the scale", "Good"),
    "Strong": pgettext_lazy("score on the scale", "Strong"),
}


def point_labels_to_show(stage: Stage) -> tuple[str, ...]:
    """A stage's words for each point as people read them: the default scale's words in the
    reader's language, anyone else's words as written."""
    labels = tuple(stage.point_labels)
    if labels == scales.COMMUNITY_SCALE_LABELS:
        return tuple(str(DEFAULT_LABELS_IN_WORDS[label]) for label in labels)
    return labels


def scale_to_show(stage: Stage) -> scales.Scale:
    """A stage's scale with the words people read beside each point; without words when the
    stored ones do not fit the scale."""
    try:
        return scales.Scale(
            minimum=stage.scale_min, maximum=stage.scale_max, labels=point_labels_to_show(stage)
        )
    except InvalidScale:
        return scales.Scale(minimum=stage.scale_min, maximum=stage.scale_max)


def plural_count(shown: str) -> int:
    """The number to choose a plural form by for a value shown as `shown` ("2", "1.5").

    A whole number is itself: Welsh and Arabic have dual and other forms, so "2 points" must
    not take the form for any other number. A decimal takes 100, which every catalogue's rule
    (English, Welsh, Arabic) puts in its general form, the one decimals use.
    """
    return int(shown) if shown.lstrip("-").isdigit() else 100


def get_community_stage(campaign: Campaign) -> Stage | None:
    """The stage whose scale the consensus and its threshold are on, if the campaign has it."""
    return Stage.objects.filter(
        organisation_id=campaign.organisation_id, campaign=campaign, kind=Stage.Kind.COMMUNITY
    ).first()


def shift_rule(campaign: Campaign) -> ShiftRule:
    """The rule fixed at the campaign's lock; before the lock, the one the lock will fix."""
    if campaign.consensus_shift_rule:
        return ShiftRule(campaign.consensus_shift_rule)
    return CURRENT_SHIFT_RULE


def shift_threshold(campaign: Campaign) -> ShiftThreshold:
    """The campaign's consensus-shift threshold, exactly, with the rule that applies to it."""
    return ShiftThreshold(
        points=Fraction(campaign.consensus_shift_points), rule=shift_rule(campaign)
    )


def threshold_shown(points: Decimal | Fraction) -> str:
    """The threshold as typed, exactly ("1", "1.5", "2.25"): never rounded, because it is the
    rule itself, and rounding 2.25 to 2.3 would state a rule that is not the one applied."""
    exact = Decimal(points) if isinstance(points, Decimal) else _decimal(points)
    if exact == exact.to_integral_value():
        return str(exact.quantize(Decimal(1)))
    return str(exact.normalize())


def _decimal(points: Fraction) -> Decimal:
    return Decimal(points.numerator) / Decimal(points.denominator)


def points_in_words(points: Decimal | Fraction) -> str:
    """'1 point', '1.5 points': the threshold with its unit."""
    shown = threshold_shown(points)
    return ngettext("%(points)s point", "%(points)s points", plural_count(shown)) % {
        "points": shown
    }


def describe_shift_rule(threshold: ShiftThreshold) -> str:
    """The rule in a panel's words: 'A consensus score 1 point or more from the private average
    needs a reason' (at or above), or '… more than 1 point …' (the rule of campaigns locked
    before at-or-above)."""
    shown = threshold_shown(threshold.points)
    count = plural_count(shown)
    if threshold.rule is ShiftRule.MORE_THAN:
        text = ngettext(
            "A consensus score more than %(points)s point from the private average needs a reason",
            "A consensus score more than %(points)s points from the private average needs a reason",
            count,
        )
    else:
        text = ngettext(
            "A consensus score %(points)s point or more from the private average needs a reason",
            "A consensus score %(points)s points or more from the private average needs a reason",
            count,
        )
    return text % {"points": shown}


def list_programmes(organisation: Organisation) -> QuerySet[Programme]:
    return Programme.objects.filter(organisation=organisation).prefetch_related("areas")


def list_areas(organisation: Organisation) -> QuerySet[Area]:
    return (
        Area.objects.filter(organisation=organisation)
        .select_related("programme")
        .order_by("programme__name", "name")
    )


def list_vacancies(organisation: Organisation) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(organisation=organisation).select_related("area", "programme")


def list_campaigns(organisation: Organisation) -> QuerySet[Campaign]:
    return Campaign.objects.filter(organisation=organisation).select_related(
        "vacancy", "vacancy__area"
    )


def get_campaign(organisation: Organisation, campaign_id: int) -> Campaign | None:
    """The campaign with its vacancy, if it belongs to `organisation`."""
    return (
        Campaign.objects.filter(organisation=organisation, pk=campaign_id)
        .select_related("vacancy", "vacancy__area", "vacancy__programme", "rules_locked_by")
        .annotate(event_count=Count("events", distinct=True))
        .annotate(candidate_count=Count("candidates", distinct=True))
        .first()
    )


def get_stage(campaign: Campaign, stage_id: int) -> Stage | None:
    return Stage.objects.filter(
        organisation_id=campaign.organisation_id, campaign=campaign, pk=stage_id
    ).first()


def stage_to_domain(stage: Stage) -> outcome.Stage:
    """The stage as the rules core sees it; raises InvalidScale when its scale is malformed."""
    return outcome.Stage(
        name=stage.kind,
        weight_percent=Fraction(stage.weight_percent),
        scale=scales.Scale(
            minimum=stage.scale_min, maximum=stage.scale_max, labels=tuple(stage.point_labels)
        ),
        minimum_percent=(
            None if stage.minimum_percent is None else Fraction(stage.minimum_percent)
        ),
        community=stage.kind == Stage.Kind.COMMUNITY,
    )


def list_rules_problems(stages: list[Stage], *, shift_threshold_points: Decimal) -> list[str]:
    """What must be done before these stages' rules can be locked; empty when nothing.

    The same rules as the outcome's: weights of 0 or more with at least one above 0, and every
    scale valid for the rules core. A campaign also needs its community and interview stages,
    and a consensus-shift threshold no larger than the community scale's span (its scale may
    have changed since the threshold was typed).
    """
    problems = []
    kinds = {stage.kind for stage in stages}
    if Stage.Kind.COMMUNITY not in kinds:
        problems.append(gettext("Add the community recruitment event stage"))
    if Stage.Kind.INTERVIEW not in kinds:
        problems.append(gettext("Add the formal interview stage"))
    if stages and sum(stage.weight_percent for stage in stages) <= 0:
        problems.append(gettext("Give at least one stage a weight above 0"))
    for stage in stages:
        try:
            stage_to_domain(stage)
        except InvalidScale:
            problems.append(
                gettext("Change the scale of the %(stage)s stage")
                % {"stage": stage.get_kind_display()}
            )
        if (
            stage.kind == Stage.Kind.COMMUNITY
            and stage.scale_max - stage.scale_min < shift_threshold_points
        ):
            problems.append(too_large_threshold(lowest=stage.scale_min, highest=stage.scale_max))
    return problems


def too_large_threshold(*, lowest: int, highest: int) -> str:
    """The refusal of a threshold larger than the community scale's span: no shift reaches it."""
    span = highest - lowest
    return ngettext(
        "The consensus-shift threshold must be %(span)s point or less, because the community "
        "recruitment event's scale runs from %(lowest)s to %(highest)s",
        "The consensus-shift threshold must be %(span)s points or less, because the community "
        "recruitment event's scale runs from %(lowest)s to %(highest)s",
        span,
    ) % {"span": span, "lowest": lowest, "highest": highest}


@dataclass(frozen=True)
class StageSummary:
    """One stage as the rules pages show it."""

    stage: Stage
    share_of_final_percent: Decimal | None
    labelled_points: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class CampaignRules:
    """A campaign's stages, which stages could still be added, and what stops the lock."""

    stages: tuple[StageSummary, ...]
    kinds_to_add: tuple[Stage.Kind, ...]
    problems: tuple[str, ...]
    # The consensus-shift threshold ("1 point"), the rule that applies in a panel's words, and
    # whether it is the first rule ("more than"), which campaigns locked before keep.
    shift_threshold: str
    shift_rule_words: str
    shift_rule_is_earlier: bool

    @property
    def ready_to_lock(self) -> bool:
        return not self.problems


def get_campaign_rules(campaign: Campaign) -> CampaignRules:
    """The campaign's stages with each one's share of the final score, shown rounded.

    A stage's share is its weight divided by the sum of the weights, because the outcome divides
    by that sum; it is rounded for display only, by scales.round_for_display.
    """
    stages = list(Stage.objects.filter(campaign=campaign, organisation_id=campaign.organisation_id))
    total_weight = sum(stage.weight_percent for stage in stages)
    summaries = tuple(
        StageSummary(
            stage=stage,
            share_of_final_percent=(
                scales.round_for_display(Fraction(stage.weight_percent * 100, total_weight))
                if total_weight > 0
                else None
            ),
            labelled_points=tuple(
                zip(
                    range(stage.scale_min, stage.scale_max + 1),
                    point_labels_to_show(stage),
                    strict=False,
                )
            ),
        )
        for stage in stages
    )
    present = {stage.kind for stage in stages}
    return CampaignRules(
        stages=summaries,
        kinds_to_add=tuple(kind for kind in Stage.Kind if kind not in present),
        problems=tuple(
            list_rules_problems(stages, shift_threshold_points=campaign.consensus_shift_points)
        ),
        shift_threshold=points_in_words(campaign.consensus_shift_points),
        shift_rule_words=describe_shift_rule(shift_threshold(campaign)),
        shift_rule_is_earlier=shift_rule(campaign) is not CURRENT_SHIFT_RULE,
    )
