"""Setting up a campaign: programmes, areas, vacancies, campaigns, stages, and locking the rules.

Programmes and areas are created here rather than in `organisations` because every write leaves
an audit row, and the audit app sits above `organisations` in the layers (lint-imports).

Once a campaign's rules are locked (its state is past "being set up", campaigns.lifecycle),
every service that would change a weight, scale, minimum,
stage or the consensus-shift threshold raises RulesLocked. Each of them first locks the
campaign's row, so a change and the lock cannot interleave.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.lifecycle import move_campaign
from coappoint.campaigns.models import Campaign, Stage, Vacancy
from coappoint.campaigns.queries import list_rules_problems, stage_to_domain, threshold_shown
from coappoint.organisations.models import Area, Organisation, Programme
from coappoint.rules.consensus import CURRENT_SHIFT_RULE

# Stages are shown in the order they happen.
STAGE_POSITIONS = {
    Stage.Kind.SHORTLISTING: 0,
    Stage.Kind.COMMUNITY: 1,
    Stage.Kind.INTERVIEW: 2,
}


class RulesLocked(Exception):
    """The campaign's rules were fixed before the day and can no longer change."""

    def __init__(self, campaign: Campaign) -> None:
        super().__init__(f"The rules of campaign {campaign.pk} are locked.")
        self.campaign = campaign


class RulesIncomplete(Exception):
    """The rules cannot be locked yet; `problems` says what to do first."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


class StageExists(Exception):
    """The campaign already has a stage of this kind."""


def create_programme(
    *, organisation: Organisation, actor: User, name: str, councils_served: list[str]
) -> Programme:
    with transaction.atomic():
        programme = Programme.objects.create(
            organisation=organisation, name=name, councils_served=councils_served
        )
        audit.record(
            now=timezone.now(),
            organisation=organisation,
            actor=actor,
            action=AuditAction.PROGRAMME_CREATED,
            target=programme,
            after={"name": name, "councils_served": councils_served},
        )
    return programme


def create_area(*, programme: Programme, actor: User, name: str) -> Area:
    with transaction.atomic():
        area = Area.objects.create(
            organisation=programme.organisation, programme=programme, name=name
        )
        audit.record(
            now=timezone.now(),
            organisation=programme.organisation,
            actor=actor,
            action=AuditAction.AREA_CREATED,
            target=area,
            after={"name": name, "programme": programme.name},
        )
    return area


def create_vacancy(*, area: Area, actor: User, title: str) -> Vacancy:
    """A vacancy serving `area`, in the area's own programme."""
    with transaction.atomic():
        vacancy = Vacancy.objects.create(
            organisation=area.organisation, programme=area.programme, area=area, title=title
        )
        audit.record(
            now=timezone.now(),
            organisation=area.organisation,
            actor=actor,
            action=AuditAction.VACANCY_CREATED,
            target=vacancy,
            after={"title": title, "area": area.name, "programme": area.programme.name},
        )
    return vacancy


def create_campaign(*, vacancy: Vacancy, actor: User, name: str) -> Campaign:
    with transaction.atomic():
        campaign = Campaign.objects.create(
            organisation=vacancy.organisation, vacancy=vacancy, name=name
        )
        audit.record(
            now=timezone.now(),
            organisation=vacancy.organisation,
            actor=actor,
            action=AuditAction.CAMPAIGN_CREATED,
            target=campaign,
            after={"name": name, "vacancy": vacancy.title},
        )
    return campaign


def add_stage(
    *,
    campaign: Campaign,
    actor: User,
    kind: Stage.Kind,
    weight_percent: int,
    scale_min: int,
    scale_max: int,
    minimum_percent: int | None,
    point_labels: list[str],
) -> Stage:
    """Add a stage of `kind`; the scale and weight are checked by the rules core first."""
    with transaction.atomic():
        campaign = _campaign_open_for_change(campaign)
        if Stage.objects.filter(campaign=campaign, kind=kind).exists():
            raise StageExists(kind)
        stage = Stage(
            organisation=campaign.organisation,
            campaign=campaign,
            kind=kind,
            position=STAGE_POSITIONS[kind],
            weight_percent=weight_percent,
            scale_min=scale_min,
            scale_max=scale_max,
            minimum_percent=minimum_percent,
            point_labels=point_labels,
        )
        stage_to_domain(stage)
        stage.save()
        audit.record(
            now=timezone.now(),
            organisation=campaign.organisation,
            actor=actor,
            action=AuditAction.STAGE_ADDED,
            target=stage,
            after=stage_rules(stage),
        )
    return stage


def change_stage(
    *,
    stage: Stage,
    actor: User,
    weight_percent: int,
    scale_min: int,
    scale_max: int,
    minimum_percent: int | None,
    point_labels: list[str],
) -> Stage:
    with transaction.atomic():
        _campaign_open_for_change(stage.campaign)
        stage = Stage.objects.select_for_update().get(pk=stage.pk)
        before = stage_rules(stage)
        stage.weight_percent = weight_percent
        stage.scale_min = scale_min
        stage.scale_max = scale_max
        stage.minimum_percent = minimum_percent
        stage.point_labels = point_labels
        stage_to_domain(stage)
        stage.save()
        audit.record(
            now=timezone.now(),
            organisation=stage.organisation,
            actor=actor,
            action=AuditAction.STAGE_CHANGED,
            target=stage,
            before=before,
            after=stage_rules(stage),
        )
    return stage


def remove_stage(*, stage: Stage, actor: User) -> None:
    with transaction.atomic():
        _campaign_open_for_change(stage.campaign)
        before = stage_rules(stage)
        audit.record(
            now=timezone.now(),
            organisation=stage.organisation,
            actor=actor,
            action=AuditAction.STAGE_REMOVED,
            target=stage,
            before=before,
        )
        stage.delete()


def set_consensus_shift(
    *, campaign: Campaign, actor: User, consensus_shift_points: Decimal
) -> Campaign:
    """Set how far, in points of the community stage's scale, a consensus may move from the
    private scores before it must be explained (0 or more, to two decimal places; the form
    checks it against the scale's span, and the lock checks it again)."""
    if consensus_shift_points < 0 or consensus_shift_points != consensus_shift_points.quantize(
        Decimal("0.01")
    ):
        raise ValueError(
            "The consensus-shift threshold must be 0 points or more, to two decimal places."
        )
    with transaction.atomic():
        campaign = _campaign_open_for_change(campaign)
        before = {"consensus_shift_points": threshold_shown(campaign.consensus_shift_points)}
        campaign.consensus_shift_points = consensus_shift_points
        campaign.save(update_fields=["consensus_shift_points"])
        audit.record(
            now=timezone.now(),
            organisation=campaign.organisation,
            actor=actor,
            action=AuditAction.CONSENSUS_SHIFT_CHANGED,
            target=campaign,
            before=before,
            after={"consensus_shift_points": threshold_shown(consensus_shift_points)},
        )
    return campaign


def lock_campaign_rules(*, campaign: Campaign, actor: User) -> Campaign:
    """Fix the campaign's rules before the day: after this nothing in them can change.

    Refuses (RulesIncomplete) until the campaign has its community and interview stages,
    at least one positive weight and a threshold its community scale can reach. The lock fixes
    the consensus-shift rule too (rules.consensus.CURRENT_SHIFT_RULE, "at or above"): a
    campaign keeps the rule it was locked with whatever the service's current rule becomes.
    The audit row holds the rules exactly as they were locked.
    """
    with transaction.atomic():
        campaign = _campaign_open_for_change(campaign)
        stages = list(Stage.objects.filter(campaign=campaign))
        problems = list_rules_problems(
            stages, shift_threshold_points=campaign.consensus_shift_points
        )
        if problems:
            raise RulesIncomplete(problems)
        move_campaign(campaign, Campaign.State.RULES_LOCKED, refused=RulesLocked(campaign))
        campaign.rules_locked_at = timezone.now()
        campaign.rules_locked_by = actor
        campaign.consensus_shift_rule = Campaign.ShiftRule(CURRENT_SHIFT_RULE.value)
        campaign.save(update_fields=["rules_locked_at", "rules_locked_by", "consensus_shift_rule"])
        audit.record(
            now=timezone.now(),
            organisation=campaign.organisation,
            actor=actor,
            action=AuditAction.RULES_LOCKED,
            target=campaign,
            after={
                "consensus_shift_points": threshold_shown(campaign.consensus_shift_points),
                "consensus_shift_rule": campaign.consensus_shift_rule,
                "stages": [stage_rules(stage) for stage in stages],
            },
        )
    return campaign


def stage_rules(stage: Stage) -> dict[str, Any]:
    """A stage's rules as JSON-ready values, for the audit log."""
    return {
        "kind": stage.kind,
        "weight_percent": stage.weight_percent,
        "scale_min": stage.scale_min,
        "scale_max": stage.scale_max,
        "minimum_percent": stage.minimum_percent,
        "point_labels": list(stage.point_labels),
    }


def _campaign_open_for_change(campaign: Campaign) -> Campaign:
    """The campaign's row, locked for this transaction, or RulesLocked if its rules are fixed."""
    current = Campaign.objects.select_for_update().get(
        pk=campaign.pk, organisation_id=campaign.organisation_id
    )
    if current.state != Campaign.State.SETTING_UP:
        raise RulesLocked(current)
    return current
