"""Who scores in a campaign is a fact about the campaign (events.scorers, ADR 0008): a seat on
its interview panel or facilitating one of its events, and, until those seats are filled,
everyone who could be given one."""

from __future__ import annotations

import datetime

import pytest

from coappoint.events.models import EventFacilitator
from coappoint.events.scorers import (
    facilitates_event,
    facilitates_in_campaign,
    scores_in_campaign,
    sits_on_panel,
)
from coappoint.organisations.models import Membership, Role
from tests.factories import CampaignFactory, EventFactory, PanelMemberFactory, staff_member

pytestmark = pytest.mark.django_db


def _choose(event, *users) -> None:
    for user in users:
        EventFacilitator.objects.create(
            organisation=event.organisation,
            event=event,
            user=user,
            added_at=datetime.datetime.now(tz=datetime.UTC),
        )


def test_a_seat_on_the_panel_is_scoring_in_that_campaign_and_no_other() -> None:
    ours = CampaignFactory.create()
    theirs = CampaignFactory.create(organisation=ours.organisation, vacancy=ours.vacancy)
    ann = staff_member(ours.organisation, Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL)
    PanelMemberFactory.create(campaign=ours, user=ann)
    PanelMemberFactory.create(campaign=theirs)  # their panel is chosen, without Ann

    assert sits_on_panel(ann, ours)
    assert scores_in_campaign(ann, ours)
    assert not sits_on_panel(ann, theirs)
    assert not scores_in_campaign(ann, theirs)


def test_until_a_panel_is_chosen_everyone_holding_the_panel_role_counts_as_scoring() -> None:
    campaign = CampaignFactory.create()
    ben = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL)
    manager = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)
    assert scores_in_campaign(ben, campaign)
    assert not sits_on_panel(ben, campaign)  # counting is not a seat: it gives nothing to read
    assert not scores_in_campaign(manager, campaign)

    PanelMemberFactory.create(campaign=campaign)  # someone else
    assert not scores_in_campaign(ben, campaign)


def test_a_seat_counts_after_its_holder_loses_the_role() -> None:
    campaign = CampaignFactory.create()
    cara = staff_member(campaign.organisation, Role.AUDITOR, Role.INTERVIEW_PANEL)
    PanelMemberFactory.create(campaign=campaign, user=cara)
    event = EventFactory.create(campaign=campaign)
    dev = staff_member(campaign.organisation, Role.AUDITOR, Role.FACILITATOR)
    _choose(event, dev)

    Membership.objects.filter(role__in=[Role.INTERVIEW_PANEL, Role.FACILITATOR]).delete()

    assert scores_in_campaign(cara, campaign)
    assert scores_in_campaign(dev, campaign)


def test_with_no_facilitator_chosen_every_facilitator_facilitates_the_event() -> None:
    event = EventFactory.create()
    facilitator = staff_member(event.organisation, Role.FACILITATOR)
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    assert facilitates_event(facilitator, event)
    assert facilitates_in_campaign(facilitator, event.campaign)
    assert scores_in_campaign(facilitator, event.campaign)
    assert not facilitates_event(manager, event)
    assert not scores_in_campaign(manager, event.campaign)


def test_once_facilitators_are_chosen_only_they_facilitate_that_event() -> None:
    event = EventFactory.create()
    chosen = staff_member(event.organisation, Role.FACILITATOR)
    other = staff_member(event.organisation, Role.PROGRAMME_MANAGER, Role.FACILITATOR)
    PanelMemberFactory.create(campaign=event.campaign)  # the panel is chosen too
    _choose(event, chosen)

    assert facilitates_event(chosen, event)
    assert scores_in_campaign(chosen, event.campaign)
    assert not facilitates_event(other, event)
    assert not scores_in_campaign(other, event.campaign)


def test_one_event_with_no_facilitator_chosen_keeps_every_facilitator_counting() -> None:
    chosen_day = EventFactory.create()
    EventFactory.create(campaign=chosen_day.campaign, organisation=chosen_day.organisation)
    PanelMemberFactory.create(campaign=chosen_day.campaign)
    other = staff_member(chosen_day.organisation, Role.PROGRAMME_MANAGER, Role.FACILITATOR)
    _choose(chosen_day, staff_member(chosen_day.organisation, Role.FACILITATOR))

    assert not facilitates_event(other, chosen_day)
    assert facilitates_in_campaign(other, chosen_day.campaign)  # the second day's default
    assert scores_in_campaign(other, chosen_day.campaign)


def test_before_a_campaign_has_an_event_every_facilitator_may_yet_score_in_it() -> None:
    campaign = CampaignFactory.create()
    PanelMemberFactory.create(campaign=campaign)
    facilitator = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER, Role.FACILITATOR)
    assert not facilitates_in_campaign(facilitator, campaign)  # no day to facilitate yet
    assert scores_in_campaign(facilitator, campaign)


def test_facilitating_another_campaigns_event_is_not_scoring_in_this_one() -> None:
    ours = EventFactory.create()
    theirs = EventFactory.create(
        organisation=ours.organisation,
        campaign=CampaignFactory.create(
            organisation=ours.organisation, vacancy=ours.campaign.vacancy
        ),
    )
    PanelMemberFactory.create(campaign=ours.campaign)
    dev = staff_member(ours.organisation, Role.AUDITOR, Role.FACILITATOR)
    _choose(theirs, dev)
    _choose(ours, staff_member(ours.organisation, Role.FACILITATOR))

    assert scores_in_campaign(dev, theirs.campaign)
    assert not facilitates_in_campaign(dev, ours.campaign)
    assert not scores_in_campaign(dev, ours.campaign)


def test_roles_in_another_organisation_count_for_nothing_here() -> None:
    event = EventFactory.create()
    elsewhere = EventFactory.create()
    user = staff_member(elsewhere.organisation, Role.FACILITATOR, Role.INTERVIEW_PANEL)
    assert scores_in_campaign(user, elsewhere.campaign)
    assert not scores_in_campaign(user, event.campaign)
    assert not facilitates_event(user, event)
