"""Recording a no-show, late arrival or early leaver on the facilitator's screen: the page says in
plain words how many conversations moved and what could not be planned."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.organisations.models import Role
from coappoint.timetables.models import AttendanceChange, Timetable
from coappoint.timetables.queries import get_current_timetable
from tests.factories import (
    DayWithTimetable,
    conversation_slots,
    make_day_with_timetable,
    staff_member,
)

pytestmark = pytest.mark.django_db


def _run_url(day: DayWithTimetable, name: str = "facilitation:run", *more) -> str:
    return reverse(name, args=[day.event.organisation.slug, day.event.pk, *more])


def test_the_page_says_how_many_conversations_moved_and_why_some_cannot_happen(
    client: Client, started: DayWithTimetable
) -> None:
    day = started
    client.force_login(day.facilitator)
    sam = day.candidates["sam"]
    (sams_recruiter_now,) = [
        recruiter.full_name
        for recruiter in day.recruiters.values()
        for c in conversation_slots(day.timetable)[0]
        if c["candidate"] == sam.pk and c["recruiter"] == recruiter.pk
    ]
    response = client.post(
        _run_url(day, "facilitation:record_attendance", "no-show"),
        {"no-show-person": f"candidate-{sam.pk}"},
    )
    assert response.status_code == 302
    page = unescape(client.get(response["Location"]).content.decode())
    output = get_current_timetable(day.event).output  # type: ignore[union-attr]
    # Sam's three conversations (the one under way too) are cancelled; nobody else's moved.
    changes = f"{output['cancelled']} conversations are cancelled; {output['moved']} moved;"
    assert (output["cancelled"], output["moved"]) == (3, 0)
    assert f"Timetable version 2 is made. {changes}" in page
    assert f"Timetable version 2: {changes}" in page
    assert f"{sams_recruiter_now} now has nobody to talk to in the round under way." in page

    # Recruiters see candidates by first name (and an initial only where first names clash).
    assert "Sam did not come (from round 2)." in page
    unmet = [
        f"Sam and {recruiter.full_name.split()[0]} {recruiter.full_name.split()[1][0]}. do not "
        "meet: they are never there at the same time."
        for recruiter in day.recruiters.values()
        if recruiter.pk
        not in {
            c["recruiter"] for c in conversation_slots(day.timetable)[0] if c["candidate"] == sam.pk
        }
    ]
    assert unmet
    for sentence in unmet:
        assert sentence in page


def test_a_late_arrival_form_without_a_round_is_shown_again_with_the_error(
    client: Client, started: DayWithTimetable
) -> None:
    day = started
    client.force_login(day.facilitator)
    carl = day.recruiters["carl"]
    response = client.post(
        _run_url(day, "facilitation:record_attendance", "late-arrival"),
        {"late-arrival-person": f"recruiter-{carl.pk}", "late-arrival-round_index": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the round" in body
    assert f'value="recruiter-{carl.pk}" selected' in body
    # A round already started is not offered and is refused.
    response = client.post(
        _run_url(day, "facilitation:record_attendance", "late-arrival"),
        {"late-arrival-person": f"recruiter-{carl.pk}", "late-arrival-round_index": "0"},
    )
    assert response.status_code == 400
    assert "Choose a round that has not started yet" in response.content.decode()
    assert Timetable.objects.filter(event=day.event).count() == 1


def test_auditors_cannot_record_and_other_organisations_get_404(
    client: Client, started: DayWithTimetable
) -> None:
    day = started
    client.force_login(staff_member(day.event.organisation, Role.AUDITOR))
    url = _run_url(day, "facilitation:record_attendance", "no-show")
    data = {"no-show-person": f"candidate-{day.candidates['sam'].pk}"}
    assert client.post(url, data).status_code == 403
    other = make_day_with_timetable()
    client.force_login(other.facilitator)
    assert client.post(url, data).status_code == 404
    assert not AttendanceChange.objects.exists()
