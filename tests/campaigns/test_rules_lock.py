"""The rules are fixed before the day: locking them is audited and nothing in them changes after."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Stage
from coappoint.campaigns.services import (
    RulesIncomplete,
    RulesLocked,
    add_stage,
    change_stage,
    lock_campaign_rules,
    remove_stage,
    set_consensus_shift,
)
from coappoint.organisations.models import Role
from tests.factories import CampaignFactory, StageFactory, UserFactory, staff_member

pytestmark = pytest.mark.django_db

LOCKED_AT = datetime.datetime(2026, 12, 3, 10, 14, tzinfo=ZoneInfo("Europe/London"))
WHY = (
    "The rules were fixed on 3 December 2026 at 10:14 by Helen Morgan, before the day, so that "
    "the community's voice cannot be overruled after the fact. They cannot be changed."
)


@pytest.fixture
def campaign():
    campaign = CampaignFactory.create(consensus_shift_points=Decimal("1.5"))
    StageFactory.create(campaign=campaign, weight_percent=60, minimum_percent=40)
    StageFactory.create(
        campaign=campaign, kind=Stage.Kind.INTERVIEW, position=2, scale_min=0, scale_max=10
    )
    return campaign


@pytest.fixture
def manager(campaign):
    return staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)


@pytest.fixture
def locked(campaign, manager):
    manager.full_name = "Helen Morgan"
    manager.save()
    lock_campaign_rules(campaign=campaign, actor=manager)
    campaign.refresh_from_db()
    # The clock of the lock is the only thing a test cannot choose; set it for the message.
    campaign.rules_locked_at = LOCKED_AT
    campaign.save()
    return campaign


def _url(name: str, campaign, *args: object) -> str:
    return reverse(f"campaigns:{name}", args=[campaign.organisation.slug, campaign.pk, *args])


def test_locking_the_rules_records_who_when_and_the_rules_in_the_audit_log(
    campaign, manager
) -> None:
    lock_campaign_rules(campaign=campaign, actor=manager)

    campaign.refresh_from_db()
    assert campaign.rules_locked_at is not None
    assert campaign.rules_locked_by == manager
    audit = AuditEvent.objects.get(action="campaign.rules_locked")
    assert (audit.actor_kind, audit.actor_id) == ("staff", manager.pk)
    assert audit.target_id == str(campaign.pk)
    assert campaign.consensus_shift_rule == "at_or_above"
    assert audit.after == {
        "consensus_shift_points": "1.5",
        "consensus_shift_rule": "at_or_above",
        "stages": [
            {
                "kind": "community",
                "weight_percent": 60,
                "scale_min": 1,
                "scale_max": 5,
                "minimum_percent": 40,
                "point_labels": ["No evidence", "A little", "Some", "Good", "Strong"],
            },
            {
                "kind": "interview",
                "weight_percent": 50,
                "scale_min": 0,
                "scale_max": 10,
                "minimum_percent": None,
                "point_labels": [],
            },
        ],
    }


def test_the_rules_cannot_be_locked_without_the_community_and_interview_stages() -> None:
    campaign = CampaignFactory.create()
    StageFactory.create(campaign=campaign, weight_percent=0)

    with pytest.raises(RulesIncomplete) as refusal:
        lock_campaign_rules(campaign=campaign, actor=UserFactory.create())

    assert refusal.value.problems == [
        "Add the formal interview stage",
        "Give at least one stage a weight above 0",
    ]
    campaign.refresh_from_db()
    assert campaign.rules_locked_at is None
    assert not AuditEvent.objects.filter(action="campaign.rules_locked").exists()


def test_after_the_lock_every_service_that_changes_the_rules_refuses(locked, manager) -> None:
    community = Stage.objects.get(campaign=locked, kind="community")
    changes: dict[str, Any] = {
        "weight_percent": 90,
        "scale_min": 1,
        "scale_max": 5,
        "minimum_percent": None,
        "point_labels": [],
    }

    with pytest.raises(RulesLocked):
        change_stage(stage=community, actor=manager, **changes)
    with pytest.raises(RulesLocked):
        remove_stage(stage=community, actor=manager)
    with pytest.raises(RulesLocked):
        add_stage(campaign=locked, actor=manager, kind=Stage.Kind.SHORTLISTING, **changes)
    with pytest.raises(RulesLocked):
        set_consensus_shift(campaign=locked, actor=manager, consensus_shift_points=Decimal(3))
    with pytest.raises(RulesLocked):
        lock_campaign_rules(campaign=locked, actor=manager)

    community.refresh_from_db()
    assert community.weight_percent == 60
    assert Stage.objects.filter(campaign=locked).count() == 2
    locked.refresh_from_db()
    assert locked.consensus_shift_points == Decimal("1.5")
    assert AuditEvent.objects.filter(action="campaign.rules_locked").count() == 1


def test_the_lock_button_locks_the_rules_and_shows_the_confirmation(
    client: Client, campaign, manager
) -> None:
    client.force_login(manager)

    check = client.get(_url("rules", campaign)).content.decode()
    response = client.post(_url("rules", campaign))

    assert "Check the rules before you lock them" in check
    assert "Lock the rules" in check
    assert response["Location"] == _url("rules_locked", campaign)
    confirmation = client.get(response["Location"]).content.decode()
    assert "govuk-panel--confirmation" in confirmation
    assert "Rules locked" in confirmation
    campaign.refresh_from_db()
    assert campaign.rules_locked_at is not None


def test_locking_incomplete_rules_says_what_to_do_first(client: Client, manager) -> None:
    campaign = CampaignFactory.create(
        vacancy__area__programme__organisation=manager.memberships.get().organisation
    )
    StageFactory.create(campaign=campaign)
    client.force_login(manager)

    response = client.post(_url("rules", campaign))

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Add the formal interview stage" in html
    campaign.refresh_from_db()
    assert campaign.rules_locked_at is None


def test_after_the_lock_a_direct_post_to_any_edit_address_is_refused_and_says_why(
    client: Client, locked, manager
) -> None:
    client.force_login(manager)
    community = Stage.objects.get(campaign=locked, kind="community")
    stage_post = {"weight_percent": "90", "scale_min": "1", "scale_max": "5", "point_labels": ""}

    for url, data in (
        (_url("stage_change", locked, community.pk), stage_post),
        (_url("stage_add", locked, "shortlisting"), stage_post),
        (_url("stage_remove", locked, community.pk), {}),
        (_url("consensus_shift", locked), {"consensus_shift_points": "3"}),
        (_url("rules", locked), {}),
    ):
        response = client.post(url, data)
        assert response.status_code == 409, url
        assert WHY in response.content.decode(), url
        assert "<form" not in response.content.decode().split('id="main-content"')[1], url

    community.refresh_from_db()
    assert community.weight_percent == 60
    assert Stage.objects.filter(campaign=locked).count() == 2


def test_after_the_lock_the_edit_pages_show_no_form_but_say_why(
    client: Client, locked, manager
) -> None:
    client.force_login(manager)
    community = Stage.objects.get(campaign=locked, kind="community")

    for url in (
        _url("stage_change", locked, community.pk),
        _url("consensus_shift", locked),
        _url("stage_remove", locked, community.pk),
    ):
        response = client.get(url)
        assert response.status_code == 409, url
        assert WHY in response.content.decode(), url


def test_after_the_lock_the_rules_pages_show_the_rules_without_change_links(
    client: Client, locked, manager
) -> None:
    client.force_login(manager)

    for url in (_url("rules", locked), _url("stages", locked), _url("detail", locked)):
        html = client.get(url).content.decode()
        assert WHY in html, url
        assert ">Change<" not in html, url
        assert "Lock the rules</button>" not in html, url
    assert "60%" in client.get(_url("rules", locked)).content.decode()
