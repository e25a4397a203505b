"""The consensus-shift threshold in points of the community stage's scale, and which rule applies:
"at or above" for campaigns locked now, "more than" kept by campaigns locked before it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Campaign, Stage
from coappoint.campaigns.queries import shift_threshold
from coappoint.campaigns.services import RulesIncomplete, lock_campaign_rules
from coappoint.organisations.models import Role
from coappoint.rules.consensus import ShiftRule
from tests.factories import CampaignFactory, StageFactory, staff_member

pytestmark = pytest.mark.django_db

BEFORE_POINTS = [("campaigns", "0009_campaign_closing_reason")]


@pytest.fixture
def campaign():
    return CampaignFactory.create()


@pytest.fixture
def manager(client: Client, campaign):
    manager = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)
    client.force_login(manager)
    return manager


def _url(name: str, campaign) -> str:
    return reverse(f"campaigns:{name}", args=[campaign.organisation.slug, campaign.pk])


def _with_stages(campaign, *, scale_min: int = 1, scale_max: int = 5):
    StageFactory.create(campaign=campaign, scale_min=scale_min, scale_max=scale_max)
    StageFactory.create(campaign=campaign, kind=Stage.Kind.INTERVIEW, position=2)
    return campaign


def test_a_new_campaign_needs_a_reason_for_a_consensus_1_point_or_more_from_the_average(
    campaign,
) -> None:
    threshold = shift_threshold(campaign)

    assert threshold.points == 1
    assert threshold.rule is ShiftRule.AT_OR_ABOVE
    assert campaign.consensus_shift_rule == ""  # fixed only by the lock


def test_the_threshold_is_entered_in_points_and_audited(client: Client, campaign, manager) -> None:
    page = client.get(_url("consensus_shift", campaign)).content.decode()
    saved = client.post(_url("consensus_shift", campaign), {"consensus_shift_points": "1.5"})

    assert "Consensus-shift threshold, in points" in page
    assert "scale, which runs from 1 to 5" in page
    assert 'value="1"' in page
    assert saved.status_code == 302
    campaign.refresh_from_db()
    assert campaign.consensus_shift_points == Decimal("1.5")
    audit = AuditEvent.objects.get(action="campaign.consensus_shift_changed")
    assert (audit.before, audit.after) == (
        {"consensus_shift_points": "1"},
        {"consensus_shift_points": "1.5"},
    )


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter the consensus-shift threshold"),
        ("a point", "Enter the consensus-shift threshold as a number of points, like 1 or 1.5"),
        ("-1", "The consensus-shift threshold must be 0 or more"),
        ("1.125", "The consensus-shift threshold can have at most 2 decimal places, like 1.25"),
        (
            "4.5",
            "The consensus-shift threshold must be 4 points or less, because the community "
            "recruitment event's scale runs from 1 to 5",
        ),
    ],
)
def test_a_bad_threshold_is_refused_with_an_error_on_its_field(
    client: Client, campaign, manager, typed: str, error: str
) -> None:
    StageFactory.create(campaign=campaign)

    response = client.post(_url("consensus_shift", campaign), {"consensus_shift_points": typed})

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "There is a problem" in html
    assert 'id="id_consensus_shift_points-error"' in html
    assert error in html
    campaign.refresh_from_db()
    assert campaign.consensus_shift_points == 1


def test_the_threshold_is_checked_against_the_community_stages_own_scale(
    client: Client, campaign, manager
) -> None:
    StageFactory.create(campaign=campaign, scale_min=0, scale_max=10)

    saved = client.post(_url("consensus_shift", campaign), {"consensus_shift_points": "2.25"})
    refused = client.post(_url("consensus_shift", campaign), {"consensus_shift_points": "10.5"})

    assert saved.status_code == 302
    assert refused.status_code == 400
    assert "must be 10 points or less" in refused.content.decode()
    campaign.refresh_from_db()
    assert campaign.consensus_shift_points == Decimal("2.25")


def test_a_threshold_the_changed_scale_cannot_reach_stops_the_lock(campaign, manager) -> None:
    _with_stages(campaign, scale_min=1, scale_max=3)
    campaign.consensus_shift_points = Decimal(3)
    campaign.save()

    with pytest.raises(RulesIncomplete) as refusal:
        lock_campaign_rules(campaign=campaign, actor=manager)

    assert refusal.value.problems == [
        "The consensus-shift threshold must be 2 points or less, because the community "
        "recruitment event's scale runs from 1 to 3"
    ]


def test_the_lock_fixes_the_at_or_above_rule(campaign, manager) -> None:
    lock_campaign_rules(campaign=_with_stages(campaign), actor=manager)

    campaign.refresh_from_db()
    assert campaign.consensus_shift_rule == Campaign.ShiftRule.AT_OR_ABOVE
    assert shift_threshold(campaign).rule is ShiftRule.AT_OR_ABOVE


def test_the_rules_page_says_which_rule_applies_in_words(client: Client, campaign, manager) -> None:
    _with_stages(campaign)

    before = client.get(_url("rules", campaign)).content.decode()
    detail = client.get(_url("detail", campaign)).content.decode()
    lock_campaign_rules(campaign=campaign, actor=manager)
    after = client.get(_url("rules", campaign)).content.decode()

    for html in (before, after):
        assert (
            '<dd class="govuk-summary-list__value" id="consensus-shift-threshold">1 point</dd>'
            in (html)
        )
        assert "A consensus score 1 point or more from the private average needs a reason." in html
    assert "Locking the rules fixes this rule for the campaign." in before
    assert "A consensus score 1 point or more from the private average needs a reason" in detail
    assert "earlier rule" not in after


def test_a_campaign_locked_under_the_earlier_rule_says_more_than_and_keeps_it(
    client: Client, campaign, manager
) -> None:
    _with_stages(campaign)
    lock_campaign_rules(campaign=campaign, actor=manager)
    # As the data migration leaves a campaign whose rules were locked before this change.
    Campaign.objects.filter(pk=campaign.pk).update(consensus_shift_rule="more_than")
    campaign.refresh_from_db()

    html = client.get(_url("rules", campaign)).content.decode()

    assert shift_threshold(campaign).rule is ShiftRule.MORE_THAN
    assert "A consensus score more than 1 point from the private average needs a reason." in html
    assert "These rules were locked under the earlier rule, which they keep" in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_campaigns_threshold_exactly_in_points() -> None:
    quarter_of_five = _with_stages(CampaignFactory.create())
    quarter_of_ten = _with_stages(CampaignFactory.create(), scale_min=0, scale_max=10)
    locked = _with_stages(CampaignFactory.create())
    no_stage_yet = CampaignFactory.create()
    withdrawn = CampaignFactory.create()
    Campaign.objects.filter(pk=locked.pk).update(
        state="interview",
        rules_locked_at=datetime.datetime(2026, 11, 1, 9, tzinfo=ZoneInfo("Europe/London")),
    )
    Campaign.objects.filter(pk=withdrawn.pk).update(state="closed")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate(BEFORE_POINTS)
        old = MigrationExecutor(connection).loader.project_state(BEFORE_POINTS).apps
        old_campaigns = old.get_model("campaigns", "Campaign").objects
        old_campaigns.filter(pk=quarter_of_ten.pk).update(consensus_shift_percent=33)
        old_campaigns.filter(pk=no_stage_yet.pk).update(consensus_shift_percent=30)
    finally:
        MigrationExecutor(connection).migrate(latest)

    after = {
        campaign.pk: (campaign.consensus_shift_points, campaign.consensus_shift_rule)
        for campaign in Campaign.objects.all()
    }
    assert after == {
        quarter_of_five.pk: (Decimal("1"), ""),
        quarter_of_ten.pk: (Decimal("3.3"), ""),  # 33% of a span of 10
        locked.pk: (Decimal("1"), "more_than"),
        no_stage_yet.pk: (Decimal("1.2"), ""),  # 30% of the default 1 to 5 scale
        withdrawn.pk: (Decimal("1"), ""),
    }
