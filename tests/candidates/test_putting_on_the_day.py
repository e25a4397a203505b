"""A candidate staff told themselves (by phone, in person, by letter) is put on the day without a
message, and the day's lists say how each candidate was told."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.events.models import DayPlace, Event, HowTold
from coappoint.notify.models import Message
from coappoint.organisations.models import Role
from tests.factories import CampaignFactory, CandidateFactory, EventFactory, staff_member

pytestmark = pytest.mark.django_db


def _url(event: Event) -> str:
    campaign = event.campaign
    return reverse("candidates:put_on_the_day", args=[campaign.organisation.slug, campaign.pk])


@pytest.fixture
def event() -> Event:
    return EventFactory.create(name="Canal Ward day")


@pytest.fixture
def manager(client: Client, event: Event):
    user = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    client.force_login(user)
    return user


def _put(client: Client, event: Event, candidate, how: str = "phone_call", note: str = ""):
    return client.post(
        _url(event), {"event": event.pk, "candidate": candidate.pk, "how_told": how, "note": note}
    )


def test_a_candidate_without_email_or_phone_is_put_on_the_day_and_no_message_is_sent(
    client: Client, event: Event, manager
) -> None:
    candidate = CandidateFactory.create(campaign=event.campaign, email="", phone="")

    response = _put(client, event, candidate, note="Told them 10am at the library")

    assert response.status_code == 302
    assert list(event.candidates.all()) == [candidate]
    place = DayPlace.objects.get(event=event, candidate=candidate)
    assert place.how_told == HowTold.PHONE_CALL
    assert place.recorded_by == manager
    assert place.note == "Told them 10am at the library"
    assert not Message.objects.exists()


def test_the_day_and_the_candidates_list_say_how_each_candidate_was_told(
    client: Client, event: Event, manager
) -> None:
    phoned = CandidateFactory.create(campaign=event.campaign, first_name="Priya", email="")
    emailed = CandidateFactory.create(campaign=event.campaign, first_name="Tom")
    _put(client, event, phoned, how="in_person")
    client.post(
        reverse("candidates:invite", args=[event.organisation.slug, event.campaign.pk]),
        {"event": event.pk, "candidates": [emailed.pk]},
    )

    day_page = client.get(reverse("events:detail", args=[event.organisation.slug, event.pk]))
    listing = client.get(
        reverse("candidates:list", args=[event.organisation.slug, event.campaign.pk])
    )

    for page in (day_page, listing):
        text = page.content.decode()
        assert "Told in person" in text or "told in person" in text
        assert "Email invitation" in text or "email invitation" in text
    assert DayPlace.objects.get(candidate=emailed).how_told == HowTold.EMAIL


def test_putting_on_the_day_is_audited_without_the_note(
    client: Client, event: Event, manager
) -> None:
    candidate = CandidateFactory.create(campaign=event.campaign)

    _put(client, event, candidate, how="letter", note="Lives at 4 Mill Lane")

    row = AuditEvent.objects.get(action="candidate.put_on_the_day")
    assert row.actor_id == manager.pk
    assert row.after == {"event": event.pk, "how_told": "letter", "note_given": True}
    assert "Mill Lane" not in str(row.after)


def test_choosing_nothing_says_which_question_to_answer_and_keeps_what_was_typed(
    client: Client, event: Event, manager
) -> None:
    response = client.post(_url(event), {"note": "Rang on Tuesday"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Select the day they are coming to" in text
    assert "Select the candidate you told" in text
    assert "Select how you told them" in text
    assert "Rang on Tuesday" in text
    assert not DayPlace.objects.exists()


def test_an_email_or_text_cannot_be_claimed_as_told_by_staff(
    client: Client, event: Event, manager
) -> None:
    candidate = CandidateFactory.create(campaign=event.campaign)

    response = _put(client, event, candidate, how="email")

    assert response.status_code == 400
    assert not event.candidates.exists()


def test_a_day_that_has_started_refuses_a_new_candidate(
    client: Client, event: Event, manager
) -> None:
    Event.objects.filter(pk=event.pk).update(state=Event.State.RUNNING)
    candidate = CandidateFactory.create(campaign=event.campaign)

    response = _put(client, event, candidate)

    assert response.status_code == 400
    assert "That day has already started" in response.content.decode()
    assert not event.candidates.exists()


def test_another_campaigns_candidate_cannot_be_chosen(
    client: Client, event: Event, manager
) -> None:
    stranger = CandidateFactory.create(
        campaign=CampaignFactory.create(vacancy__area__programme__organisation=event.organisation)
    )

    response = _put(client, event, stranger)

    assert response.status_code == 400
    assert not event.candidates.exists()


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.AUDITOR, Role.INTERVIEW_PANEL])
def test_only_a_programme_manager_may_put_a_candidate_on_the_day(
    client: Client, event: Event, role: Role
) -> None:
    candidate = CandidateFactory.create(campaign=event.campaign)
    client.force_login(staff_member(event.organisation, role))

    response = _put(client, event, candidate)

    assert response.status_code in (403, 404)
    assert not event.candidates.exists()


def test_a_programme_manager_of_another_organisation_is_refused(
    client: Client, event: Event
) -> None:
    candidate = CandidateFactory.create(campaign=event.campaign)
    other = EventFactory.create()
    client.force_login(staff_member(other.organisation, Role.PROGRAMME_MANAGER))

    response = _put(client, event, candidate)

    assert response.status_code == 404
    assert not event.candidates.exists()
