"""The day before: each recruiter and candidate of tomorrow's event is reminded once, in their
language, by email with the calendar file or by text."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from coappoint.notify.models import Message
from coappoint.signin.reminders import send_day_before_reminders
from tests.factories import AgendaBlockFactory, CandidateFactory, EventFactory, RecruiterFactory
from tests.fakes.notify import FakeNotify

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime.datetime(2027, 3, 9, 17, 0, tzinfo=datetime.UTC)


def test_tomorrows_people_are_reminded_once_with_time_place_and_access(
    fake_notify: FakeNotify,
) -> None:
    event = EventFactory.create(
        date=datetime.date(2027, 3, 10),
        name="Northfield day",
        venue_name="Northfield Hall",
        venue_address="1 High Street\nNorthfield",
        access_information="Step-free entrance on Mill Lane.",
    )
    AgendaBlockFactory.create(event=event, starts_at=datetime.time(10, 0), duration_minutes=300)
    RecruiterFactory.create(event=event, full_name="Amina", email="amina@example.com")
    RecruiterFactory.create(
        event=event, full_name="Bryn", phone="07700900111", preferred_language="cy"
    )
    RecruiterFactory.create(event=event, full_name="Nobody")  # neither: their page shows it
    grace = CandidateFactory.create(campaign=event.campaign, first_name="Grace")
    event.candidates.add(grace)
    RecruiterFactory.create(
        event=EventFactory.create(date=datetime.date(2027, 3, 11)), email="later@example.com"
    )

    assert send_day_before_reminders(now=NOW) == 3
    assert send_day_before_reminders(now=NOW + datetime.timedelta(hours=1)) == 0

    (amina,) = fake_notify.sent_to("amina@example.com")
    body = amina.personalisation["body"]
    assert "Northfield day is tomorrow: Wednesday 10 March 2027, from 10:00 to 15:00." in body
    assert "Northfield Hall, 1 High Street, Northfield" in body
    assert "Step-free entrance on Mill Lane." in body
    assert amina.personalisation["attachment"]["filename"] == "community-recruitment-day.ics"
    (bryn,) = fake_notify.sent_to("07700900111")
    assert bryn.type == "sms"
    assert Message.objects.get(to="07700900111").language == "cy"
    assert len(fake_notify.sent_to(grace.email)) == 1
    assert fake_notify.sent_to("later@example.com") == []


def test_the_reminder_command_runs_daily_without_arguments(fake_notify: FakeNotify) -> None:
    call_command("send_reminders")
    assert fake_notify.notifications == []
