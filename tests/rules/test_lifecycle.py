"""The campaign's and the event's lifecycle: the allowed steps, and every other step refused."""

from __future__ import annotations

from collections import deque
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.errors import IllegalTransition, RulesError, RulesNotLocked
from coappoint.rules.lifecycle import (
    CAMPAIGN_STEPS,
    EVENT_STEPS,
    CampaignState,
    EventState,
    campaign_step_allowed,
    check_campaign_step,
    check_event_step,
    event_step_allowed,
)

# The steps the service takes, written out again here so a change to the table is a change
# to this test too.
CAMPAIGN_ALLOWED = {
    ("setting_up", "rules_locked"),
    ("setting_up", "closed"),
    ("rules_locked", "interview"),
    ("rules_locked", "decided"),
    ("rules_locked", "closed"),
    ("interview", "decided"),
    ("interview", "closed"),
    ("decided", "closed"),
}
EVENT_ALLOWED = {
    ("planned", "running"),
    ("planned", "scoring"),
    ("planned", "done"),
    ("running", "scoring"),
    ("running", "done"),
    ("scoring", "deliberation"),
    ("scoring", "done"),
    ("deliberation", "done"),
}
CAMPAIGN_PAIRS = list(product(CampaignState, CampaignState))
EVENT_PAIRS = list(product(EventState, EventState))


def _reachable(first, steps):
    seen, queue = {first}, deque([first])
    while queue:
        for following in steps[queue.popleft()]:
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return seen


@pytest.mark.parametrize(("current", "wanted"), CAMPAIGN_PAIRS)
def test_a_campaign_takes_exactly_the_allowed_steps(current, wanted) -> None:
    if (current.value, wanted.value) in CAMPAIGN_ALLOWED:
        assert check_campaign_step(current, wanted) is wanted
    else:
        with pytest.raises(IllegalTransition) as refused:
            check_campaign_step(current, wanted)
        assert refused.value.current == current.value
        assert refused.value.wanted == wanted.value
        assert str(refused.value).startswith("The campaign is at “")


@pytest.mark.parametrize(("current", "wanted"), EVENT_PAIRS)
def test_an_event_takes_exactly_the_allowed_steps(current, wanted) -> None:
    if (current.value, wanted.value) in EVENT_ALLOWED:
        assert check_event_step(current, wanted, campaign=CampaignState.RULES_LOCKED) is wanted
    else:
        with pytest.raises(IllegalTransition) as refused:
            check_event_step(current, wanted, campaign=CampaignState.RULES_LOCKED)
        assert not isinstance(refused.value, RulesNotLocked)
        assert str(refused.value).startswith("The event is at “")


@pytest.mark.parametrize("wanted", [EventState.RUNNING, EventState.SCORING])
def test_the_day_does_not_start_before_the_rules_are_locked(wanted) -> None:
    with pytest.raises(RulesNotLocked, match="lock them before the day starts"):
        check_event_step(EventState.PLANNED, wanted, campaign=CampaignState.SETTING_UP)


@pytest.mark.parametrize("campaign", [CampaignState.DECIDED, CampaignState.CLOSED])
def test_the_day_does_not_start_once_the_campaign_is_decided_or_closed(campaign) -> None:
    with pytest.raises(IllegalTransition, match="its events cannot start") as refused:
        check_event_step(EventState.PLANNED, EventState.SCORING, campaign=campaign)
    assert not isinstance(refused.value, RulesNotLocked)


def test_an_event_ends_whatever_the_campaign() -> None:
    for campaign in CampaignState:
        assert check_event_step(EventState.DELIBERATION, EventState.DONE, campaign=campaign)


def test_every_state_is_reached_from_the_first_by_allowed_steps_only() -> None:
    assert _reachable(CampaignState.SETTING_UP, CAMPAIGN_STEPS) == set(CampaignState)
    assert _reachable(EventState.PLANNED, EVENT_STEPS) == set(EventState)


def test_nothing_leaves_closed_or_done_and_nothing_goes_back() -> None:
    assert CAMPAIGN_STEPS[CampaignState.CLOSED] == frozenset()
    assert EVENT_STEPS[EventState.DONE] == frozenset()
    order = {state: index for index, state in enumerate(CampaignState)}
    assert all(order[b] > order[a] for a, following in CAMPAIGN_STEPS.items() for b in following)
    order_e = {state: index for index, state in enumerate(EventState)}
    assert all(order_e[b] > order_e[a] for a, following in EVENT_STEPS.items() for b in following)


def test_an_illegal_step_is_a_rules_error() -> None:
    assert issubclass(IllegalTransition, RulesError)


@given(st.lists(st.sampled_from(list(CampaignState)), max_size=12))
def test_any_walk_of_campaign_steps_stays_on_allowed_steps(wanted_states) -> None:
    """Whatever is asked, in whatever order, the state only ever moves by an allowed step."""
    state = CampaignState.SETTING_UP
    for wanted in wanted_states:
        try:
            moved = check_campaign_step(state, wanted)
        except IllegalTransition:
            assert not campaign_step_allowed(state, wanted)
            continue
        assert (state.value, moved.value) in CAMPAIGN_ALLOWED
        state = moved


@given(
    st.lists(
        st.tuples(st.sampled_from(list(EventState)), st.sampled_from(list(CampaignState))),
        max_size=12,
    )
)
def test_any_walk_of_event_steps_stays_on_allowed_steps(asked) -> None:
    state = EventState.PLANNED
    for wanted, campaign in asked:
        try:
            moved = check_event_step(state, wanted, campaign=campaign)
        except IllegalTransition:
            assert not event_step_allowed(state, wanted, campaign=campaign)
            continue
        assert (state.value, moved.value) in EVENT_ALLOWED
        if moved in (EventState.RUNNING, EventState.SCORING):
            assert campaign in (CampaignState.RULES_LOCKED, CampaignState.INTERVIEW)
        state = moved


@given(st.sampled_from(CAMPAIGN_PAIRS))
def test_a_refused_campaign_step_is_refused_every_time(pair) -> None:
    current, wanted = pair
    allowed = (current.value, wanted.value) in CAMPAIGN_ALLOWED
    assert campaign_step_allowed(current, wanted) == allowed


def test_a_refusal_names_both_states_in_plain_words() -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_campaign_step(CampaignState.DECIDED, CampaignState.RULES_LOCKED)
    assert (
        str(refused.value) == "The campaign is at “Decided”, so it cannot move to “Rules locked”."
    )
    with pytest.raises(IllegalTransition) as refused:
        check_event_step(EventState.DONE, EventState.SCORING, campaign=CampaignState.DECIDED)
    assert str(refused.value) == "The event is at “Done”, so it cannot move to “Private scoring”."
