"""The demo: loaded once, realistic, with a working sign-in link for every demo person."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from coappoint.campaigns.models import Candidate
from coappoint.events.models import Event
from coappoint.organisations.models import Membership, Organisation, Role
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest
from tests.factories import conversation_slots

pytestmark = pytest.mark.django_db


def _links() -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("demo", "--links", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_demo_has_everything_the_day_needs() -> None:
    call_command("demo")

    organisation = Organisation.objects.get()
    event = Event.objects.get(organisation=organisation)
    assert event.agenda.count() == 7
    assert Candidate.objects.filter(organisation=organisation).count() == 3
    recruiters = CommunityRecruiter.objects.filter(event=event)
    assert recruiters.count() == 10
    assert recruiters.filter(interpreter_language="ar").count() == 1
    assert ConflictOfInterest.objects.filter(recruiter__event=event).count() == 1
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role)


def test_loading_the_demo_twice_changes_nothing() -> None:
    call_command("demo")
    call_command("demo")
    assert Organisation.objects.count() == 1
    assert CommunityRecruiter.objects.count() == 10


def test_demo_links_are_printed_as_one_json_object_a_line_for_every_person() -> None:
    links = _links()

    assert {link["role"] for link in links} == {
        *(role.value for role in Role),
        "community_recruiter",
        "candidate",
    }
    assert len(links) == 4 + 10 + 3
    assert all(link["url"].startswith("http://127.0.0.1:8000/sign-in/link/") for link in links)


def test_each_demo_link_signs_its_person_in_when_demo_mode_is_on(settings) -> None:
    settings.DEMO_MODE = True
    for link in _links():
        client = Client()
        response = client.post(link["url"].removeprefix("http://127.0.0.1:8000"))
        assert response.status_code == 302, link
        home = client.get("/", follow=True).content.decode()
        first_name = link["name"].split()[0]
        assert first_name in home, link


def test_fresh_links_are_issued_each_time() -> None:
    first = {link["name"]: link["url"] for link in _links()}
    second = {link["name"]: link["url"] for link in _links()}
    assert all(first[name] != second[name] for name in first)


def test_the_demo_morning_has_criteria_and_a_timetable_that_respects_the_conflict() -> None:
    from coappoint.codesign.queries import get_current_criteria
    from coappoint.timetables.models import Timetable

    call_command("demo")

    event = Event.objects.get()
    criteria = get_current_criteria(event)
    assert criteria is not None
    assert [criterion.name for criterion in criteria.criteria.all()] == [
        "Kindness",
        "Listening",
        "Building trust quickly",
    ]
    output = Timetable.objects.get(event=event).output
    assert output["unmet"] == []
    tom = CommunityRecruiter.objects.get(full_name="Tom Price")
    priya = Candidate.objects.get(first_name="Priya")
    slots = conversation_slots(Timetable.objects.get(event=event))
    pairs = {(c["recruiter"], c["candidate"]) for slot in slots for c in slot}
    assert (tom.pk, priya.pk) not in pairs
    amina = CommunityRecruiter.objects.get(full_name="Amina Hassan")
    assert all(
        "ar" in conversation.get("interpreters", [])
        for slot in slots
        for conversation in slot
        if conversation["recruiter"] == amina.pk
    )


def test_the_demo_campaign_has_its_rules_locked_so_its_day_can_start() -> None:
    from coappoint.campaigns.models import Campaign

    call_command("demo")

    campaign = Campaign.objects.get()
    assert campaign.state == Campaign.State.RULES_LOCKED
    assert campaign.rules_locked_at is not None
