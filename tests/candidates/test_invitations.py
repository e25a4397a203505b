"""Inviting candidates: an email in the outbox with the day, access, a link and an .ics."""

from __future__ import annotations

import base64
import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from coappoint.audit.models import AuditEvent
from coappoint.notify.models import Message, OutboxMessage
from coappoint.organisations.models import Role
from tests.factories import (
    AgendaBlockFactory,
    CampaignFactory,
    CandidateFactory,
    EventFactory,
    staff_member,
)
from tests.fakes.notify import FakeNotify

pytestmark = pytest.mark.django_db


def _url(name: str, campaign) -> str:
    return reverse(f"candidates:{name}", args=[campaign.organisation.slug, campaign.pk])


@pytest.fixture
def event():
    event = EventFactory.create(
        name="Northfield community recruitment day",
        date=datetime.date(2026, 6, 13),
        venue_name="Northfield Community Centre",
        venue_address="1 High Street\nNorthfield",
        access_information="Step-free entrance on Mill Lane. Hearing loop in the main hall.",
    )
    AgendaBlockFactory.create(event=event, position=0, starts_at=datetime.time(10, 0))
    AgendaBlockFactory.create(
        event=event, position=1, starts_at=datetime.time(14, 30), duration_minutes=45
    )
    return event


@pytest.fixture
def manager(client: Client, event):
    user = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    client.force_login(user)
    return user


def _invite(client: Client, event, *candidates):
    return client.post(
        _url("invite", event.campaign),
        {"event": event.pk, "candidates": [candidate.pk for candidate in candidates]},
    )


def test_an_invitation_lands_in_the_outbox_with_what_the_candidate_needs_to_know(
    client: Client, event, manager
) -> None:
    samira = CandidateFactory.create(
        campaign=event.campaign, first_name="Samira", chosen_name="Sam", email="sam@example.com"
    )

    response = _invite(client, event, samira)

    assert response["Location"] == _url("list", event.campaign)
    message = OutboxMessage.objects.get()
    assert message.recipient == "sam@example.com"
    assert message.organisation == event.organisation
    assert message.subject == "Your invitation to the community recruitment day on 13 June 2026"
    assert "Dear Sam," in message.body
    assert "Saturday 13 June 2026" in message.body
    assert "It starts at 10am and ends at 3:15pm." in message.body
    assert "Northfield Community Centre\n1 High Street\nNorthfield" in message.body
    assert "Step-free entrance on Mill Lane" in message.body
    assert "British Sign Language" in message.body
    assert "/candidate/adjustments/" in message.body
    assert samira in event.candidates.all()


def test_the_calendar_invitation_has_the_day_times_and_place_in_london_time(
    client: Client, event, manager
) -> None:
    _invite(client, event, CandidateFactory.create(campaign=event.campaign))

    (attachment,) = OutboxMessage.objects.get().attachments
    assert attachment["filename"].endswith(".ics")
    assert attachment["content_type"] == "text/calendar"
    calendar = Calendar.from_ical(base64.b64decode(attachment["content_base64"]))
    (entry,) = calendar.walk("VEVENT")
    starts, ends = entry.decoded("dtstart"), entry.decoded("dtend")
    assert entry["dtstart"].params["TZID"] == "Europe/London"
    assert (starts.date(), starts.time(), ends.time()) == (
        datetime.date(2026, 6, 13),
        datetime.time(10, 0),
        datetime.time(15, 15),
    )
    # British Summer Time: 10:00 in London is 09:00 UTC.
    assert starts.astimezone(datetime.UTC).hour == 9
    assert str(entry["location"]) == "Northfield Community Centre, 1 High Street, Northfield"
    assert "Step-free entrance" in str(entry["description"])
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_a_day_without_an_agenda_yet_is_an_all_day_calendar_entry(client: Client, manager) -> None:
    event = EventFactory.create(
        campaign__vacancy__area__programme__organisation=manager.memberships.get().organisation
    )
    _invite(client, event, CandidateFactory.create(campaign=event.campaign))

    attachment = OutboxMessage.objects.get().attachments[0]
    (entry,) = Calendar.from_ical(base64.b64decode(attachment["content_base64"])).walk("VEVENT")
    assert entry.decoded("dtstart") == event.date


def test_the_personal_link_in_the_invitation_signs_the_candidate_in(
    client: Client, event, manager, settings
) -> None:
    settings.SITE_URL = "http://testserver"
    _invite(client, event, CandidateFactory.create(campaign=event.campaign, first_name="Grace"))

    body = OutboxMessage.objects.get().body
    link = re.search(r"http://testserver(/sign-in/link/[^\s]+)", body)
    assert link is not None
    phone = Client()
    assert phone.get(link.group(1)).status_code == 200
    assert phone.post(link.group(1)).status_code == 302
    assert "Hello, Grace" in phone.get(reverse("events:candidate_home")).content.decode()


def test_each_invitation_is_audited(client: Client, event, manager) -> None:
    first, second = CandidateFactory.create_batch(2, campaign=event.campaign)
    _invite(client, event, first, second)

    invited = AuditEvent.objects.filter(action="candidate.invited")
    assert sorted(row.target_id for row in invited) == sorted([str(first.pk), str(second.pk)])
    assert all((row.actor_kind, row.actor_id) == ("staff", manager.pk) for row in invited)
    assert AuditEvent.objects.filter(action="sign_in_link.issued").count() == 2


def test_choosing_nobody_or_no_day_says_what_to_do(client: Client, event, manager) -> None:
    CandidateFactory.create(campaign=event.campaign)
    response = client.post(_url("invite", event.campaign), {})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Select the day you are inviting candidates to" in html
    assert "Select the candidates to invite" in html
    assert not OutboxMessage.objects.exists()


def test_another_campaigns_day_cannot_be_chosen(client: Client, event, manager) -> None:
    other_day = EventFactory.create(campaign=CampaignFactory.create(vacancy=event.campaign.vacancy))
    candidate = CandidateFactory.create(campaign=event.campaign)
    # The form lists only this campaign's days; the other is not a valid choice.
    response = client.post(
        _url("invite", event.campaign), {"event": other_day.pk, "candidates": [candidate.pk]}
    )
    assert response.status_code == 400
    assert not OutboxMessage.objects.exists()


def test_a_candidate_with_only_a_phone_number_is_invited_by_text_with_a_link_that_works(
    client: Client,
    event,
    manager,
    settings,
    fake_notify: FakeNotify,
    django_capture_on_commit_callbacks,
) -> None:
    settings.SITE_URL = "http://testserver"
    tom = CandidateFactory.create(
        campaign=event.campaign, first_name="Tom", email="", phone="07700900456"
    )
    CandidateFactory.create(campaign=event.campaign, first_name="Nobody", email="", phone="")

    form = client.get(_url("invite", event.campaign)).content.decode()
    assert "Tom" in form
    assert "07700900456" in form
    assert "Nobody" not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, event, tom)

    assert response.status_code == 302
    (text,) = fake_notify.sent_to("07700900456")
    assert text.type == "sms"
    body = str(text.personalisation["body"])
    assert "13 June 2026" in body
    assert "Northfield Community Centre" in body
    link = re.search(r"http://testserver(/sign-in/link/[^\s]+)", body)
    assert link is not None
    stored = Message.objects.get(person_kind="candidate", person_id=tom.pk)
    assert (stored.channel, stored.purpose) == ("sms", "candidate_invitation")
    assert "/sign-in/link/" not in stored.body
    phone = Client()
    assert phone.post(link.group(1)).status_code == 302
    assert "Hello, Tom" in phone.get(reverse("events:candidate_home")).content.decode()
