"""The two names a candidate has: the display name recruiters see, and the full name staff see."""

from __future__ import annotations

import pytest

from coappoint.events.queries import get_candidate_with_display_name
from tests.factories import CandidateFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_an_events_candidate_is_found_with_the_name_recruiters_see() -> None:
    event = EventFactory.create()
    sam_ali = CandidateFactory.create(campaign=event.campaign, first_name="Sam", last_name="Ali")
    sam_bell = CandidateFactory.create(campaign=event.campaign, first_name="Sam", last_name="Bell")
    jo = CandidateFactory.create(campaign=event.campaign, first_name="Joanne", chosen_name="Jo")
    event.candidates.add(sam_ali, sam_bell, jo)

    assert get_candidate_with_display_name(event, sam_ali.pk) == (sam_ali, "Sam A.")
    assert get_candidate_with_display_name(event, sam_bell.pk) == (sam_bell, "Sam B.")
    assert get_candidate_with_display_name(event, jo.pk) == (jo, "Jo")


def test_a_candidate_who_is_not_at_the_event_is_not_found() -> None:
    event = EventFactory.create()
    invited = CandidateFactory.create(campaign=event.campaign)
    event.candidates.add(invited)
    same_campaign_not_invited = CandidateFactory.create(campaign=event.campaign)
    elsewhere = CandidateFactory.create()

    assert get_candidate_with_display_name(event, same_campaign_not_invited.pk) is None
    assert get_candidate_with_display_name(event, elsewhere.pk) is None


def test_staff_see_the_name_a_candidate_is_called_by_and_their_last_name() -> None:
    joanne = CandidateFactory.build(first_name="Joanne", chosen_name="Jo", last_name="Bell")
    sam = CandidateFactory.build(first_name="Sam", last_name="Ali")

    assert joanne.full_name == "Jo Bell"
    assert sam.full_name == "Sam Ali"
