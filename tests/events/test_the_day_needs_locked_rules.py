"""The day starts only once the campaign's rules are locked, and each step of the day's and the
campaign's lifecycle is taken once, in order, through the services that move them on
(rules.lifecycle; every pair of states is refused or allowed in tests/rules/test_lifecycle.py)."""

from __future__ import annotations

import uuid
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.campaigns.lifecycle import RulesNotLockedForTheDay
from coappoint.campaigns.models import Campaign
from coappoint.campaigns.services import RulesLocked, lock_campaign_rules
from coappoint.codesign.models import CriteriaVersion, Criterion
from coappoint.decisions.services import (
    ClosingRefused,
    DecisionLocked,
    close_campaign,
)
from coappoint.deliberation.services import ConsensusRefused, record_consensus
from coappoint.events.models import Event
from coappoint.organisations.models import Role
from coappoint.scoring.models import Comfortable, ScoringRound
from coappoint.scoring.services import (
    ScoringNotPossible,
    SheetAnswers,
    close_scoring,
    start_scoring,
    submit_score_sheet,
)
from coappoint.timetables.models import Rotation
from coappoint.timetables.services import RotationNotPossible, start_rotation
from tests.factories import DayWithTimetable, StageFactory, make_day_with_timetable, staff_member

pytestmark = pytest.mark.django_db


def _unlocked_day() -> DayWithTimetable:
    """A day with its timetable made, in a campaign whose rules are not locked yet."""
    day = make_day_with_timetable()
    Campaign.objects.filter(pk=day.event.campaign_id).update(
        state=Campaign.State.SETTING_UP, rules_locked_at=None
    )
    day.event.campaign.refresh_from_db()
    return day


def _criteria(event: Event) -> Criterion:
    version = CriteriaVersion.objects.create(organisation=event.organisation, event=event, number=1)
    return Criterion.objects.create(
        organisation=event.organisation,
        version=version,
        position=1,
        name="Kindness",
        what_good_looks_like="Warm with everyone.",
    )


def _state(event: Event) -> str:
    return Event.objects.values_list("state", flat=True).get(pk=event.pk)


def test_scoring_does_not_start_while_the_rules_are_unlocked() -> None:
    day = _unlocked_day()
    _criteria(day.event)

    with pytest.raises(RulesNotLockedForTheDay) as refused:
        start_scoring(event=day.event, actor=day.facilitator)

    assert refused.value.campaign_id == day.event.campaign_id
    assert "Lock them before the day starts" in str(refused.value)
    assert not ScoringRound.objects.filter(event=day.event).exists()
    assert _state(day.event) == Event.State.PLANNED


def test_the_conversations_do_not_start_while_the_rules_are_unlocked() -> None:
    day = _unlocked_day()

    with pytest.raises(RulesNotLockedForTheDay):
        start_rotation(event=day.event, actor=day.facilitator)

    rotation = Rotation.objects.filter(event=day.event).first()
    assert rotation is None or rotation.state == Rotation.State.NOT_STARTED
    assert _state(day.event) == Event.State.PLANNED


def test_once_the_rules_are_locked_the_day_starts() -> None:
    day = _unlocked_day()
    campaign = day.event.campaign
    StageFactory.create(campaign=campaign, kind="community", position=1)
    StageFactory.create(campaign=campaign, kind="interview", position=2)
    lock_campaign_rules(campaign=campaign, actor=staff_member(day.event.organisation))

    start_rotation(event=day.event, actor=day.facilitator)

    assert _state(day.event) == Event.State.RUNNING
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.RULES_LOCKED


def _page(client: Client, day: DayWithTimetable, name: str, *more: str) -> str:
    return reverse(name, args=[day.event.organisation.slug, day.event.pk, *more])


def test_the_scoring_page_says_to_lock_the_rules_and_links_to_where_that_is_done() -> None:
    day = _unlocked_day()
    _criteria(day.event)
    client = Client()
    client.force_login(day.facilitator)

    response = client.post(_page(client, day, "scoring:event_scoring"), {"action": "start"})

    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "The campaign's rules are not locked yet." in html
    rules = reverse("campaigns:rules", args=[day.event.organisation.slug, day.event.campaign_id])
    assert f'<a href="{rules}">Check and lock the rules</a>' in html
    assert not ScoringRound.objects.filter(event=day.event).exists()


def test_the_facilitators_screen_says_to_lock_the_rules_and_links_to_where_that_is_done() -> None:
    day = _unlocked_day()
    client = Client()
    client.force_login(day.facilitator)

    response = client.post(_page(client, day, "facilitation:rotation_control", "start"))

    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "<title>Error:" in html
    assert "The campaign's rules are not locked yet." in html
    rules = reverse("campaigns:rules", args=[day.event.organisation.slug, day.event.campaign_id])
    assert f'<a href="{rules}">Check and lock the rules</a>' in html
    # A facilitator may read that page, and see there what is left to do.
    assert client.get(rules).status_code == 200


def test_the_rules_are_locked_once() -> None:
    day = make_day_with_timetable()
    with pytest.raises(RulesLocked):
        lock_campaign_rules(campaign=day.event.campaign, actor=staff_member(day.event.organisation))


def test_the_day_moves_on_step_by_step_and_never_back() -> None:
    day = make_day_with_timetable()
    event = day.event
    kindness = _criteria(event)

    start_rotation(event=event, actor=day.facilitator)
    assert _state(event) == Event.State.RUNNING
    start_scoring(event=event, actor=day.facilitator)
    assert _state(event) == Event.State.SCORING
    # The conversations cannot start again once scoring has.
    Rotation.objects.filter(event=event).update(state=Rotation.State.NOT_STARTED)
    with pytest.raises(RotationNotPossible, match="Scoring has started"):
        start_rotation(event=event, actor=day.facilitator)
    # No consensus before the reveal.
    candidate = day.candidates["sam"]
    with pytest.raises(ConsensusRefused, match="not revealed yet"):
        record_consensus(
            event=event,
            candidate=candidate,
            quality=None,
            consensus_score=3,
            rationale="",
            dissent="",
            dissent_reason="",
            actor=day.facilitator,
        )
    close_scoring(event=event, reason="Time is up.", actor=day.facilitator)
    assert _state(event) == Event.State.DELIBERATION
    with pytest.raises(ScoringNotPossible):
        submit_score_sheet(
            recruiter=day.recruiters["amina"],
            candidate=candidate,
            answers=SheetAnswers(scores={kindness.pk: 3}, comfortable=Comfortable.YES, comment=""),
            idempotency_key=uuid.uuid4(),
        )


def test_a_campaign_closed_without_a_decision_ends_its_day_and_takes_nothing_more() -> None:
    day = make_day_with_timetable()
    event = day.event
    _criteria(event)
    start_scoring(event=event, actor=day.facilitator)
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)

    with pytest.raises(ClosingRefused, match="Enter why"):
        close_campaign(campaign=event.campaign, reason=" ", actor=manager)
    close_campaign(campaign=event.campaign, reason="The post was withdrawn.", actor=manager)

    event.campaign.refresh_from_db()
    assert event.campaign.state == Campaign.State.CLOSED
    assert event.campaign.closed_at is not None
    assert _state(event) == Event.State.DONE
    with pytest.raises(ClosingRefused, match="already closed"):
        close_campaign(campaign=event.campaign, reason="Again.", actor=manager)
    with pytest.raises(ScoringNotPossible, match="Scoring has closed"):
        submit_score_sheet(
            recruiter=day.recruiters["amina"],
            candidate=day.candidates["sam"],
            answers=SheetAnswers(scores={}, comfortable=Comfortable.YES, comment=""),
            idempotency_key=uuid.uuid4(),
        )


def test_no_day_starts_in_a_campaign_that_is_closed() -> None:
    day = make_day_with_timetable()
    _criteria(day.event)
    manager = staff_member(day.event.organisation, Role.PROGRAMME_MANAGER)
    close_campaign(campaign=day.event.campaign, reason="Withdrawn.", actor=manager)

    with pytest.raises(ScoringNotPossible, match="Scoring has closed"):
        start_scoring(event=day.event, actor=day.facilitator)
    with pytest.raises(RotationNotPossible):
        start_rotation(event=day.event, actor=day.facilitator)


def test_no_decision_is_recorded_for_a_closed_campaign() -> None:
    from coappoint.decisions.services import decision_refusal

    day = make_day_with_timetable()
    manager = staff_member(day.event.organisation, Role.PROGRAMME_MANAGER)
    close_campaign(campaign=day.event.campaign, reason="Withdrawn.", actor=manager)

    refused = decision_refusal(day.event.campaign)
    assert isinstance(refused, DecisionLocked)
    assert str(refused) == "This campaign is closed, so no decision can be recorded."


def test_the_stored_states_are_the_rules_cores_states() -> None:
    from coappoint.rules.lifecycle import CampaignState, EventState

    assert [state.value for state in Campaign.State] == [state.value for state in CampaignState]
    assert [state.value for state in Event.State] == [state.value for state in EventState]
    from coappoint.rules.lifecycle import CAMPAIGN_WORDS, EVENT_WORDS

    assert [str(state.label) for state in Campaign.State] == list(CAMPAIGN_WORDS.values())
    assert [str(state.label) for state in Event.State] == list(EVENT_WORDS.values())
