"""The rotation on the day: start, pause, resume and next round, each audited, refused when the
state does not allow it; the facilitator's screen shows the round and its clock."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_access_code
from coappoint.timetables.models import Rotation, Timetable
from coappoint.timetables.queries import agenda_now, round_clock
from coappoint.timetables.services import (
    RotationNotPossible,
    next_round,
    pause_rotation,
    resume_rotation,
    start_rotation,
)
from tests.factories import (
    AgendaBlockFactory,
    EventFactory,
    OrganisationFactory,
    RecruiterFactory,
    conversation_slots,
    make_day_with_timetable,
    staff_member,
)

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 12, 12, 12, 5, tzinfo=datetime.UTC)


def _run_url(event, name: str = "timetables:run", *more) -> str:
    return reverse(name, args=[event.organisation.slug, event.pk, *more])


def test_the_facilitator_starts_pauses_resumes_and_moves_through_the_rounds() -> None:
    day = make_day_with_timetable()
    event, facilitator = day.event, day.facilitator
    rounds = len(conversation_slots(day.timetable))
    assert rounds == 3

    rotation = start_rotation(event=event, actor=facilitator, now=NOON)
    assert (rotation.state, rotation.current_round, rotation.round_started_at) == (
        Rotation.State.RUNNING,
        0,
        NOON,
    )

    paused = pause_rotation(
        event=event, actor=facilitator, now=NOON + datetime.timedelta(minutes=4)
    )
    assert paused.state == Rotation.State.PAUSED
    resumed = resume_rotation(
        event=event, actor=facilitator, now=NOON + datetime.timedelta(minutes=7)
    )
    # The three paused minutes do not count: the round keeps its six minutes left.
    assert resumed.state == Rotation.State.RUNNING
    assert resumed.round_started_at == NOON + datetime.timedelta(minutes=3)
    assert resumed.paused_at is None

    second = next_round(event=event, actor=facilitator, expected_round=0, now=NOON)
    assert (second.state, second.current_round, second.round_started_at) == ("running", 1, NOON)
    third = next_round(event=event, actor=facilitator)
    assert third.current_round == 2
    finished = next_round(event=event, actor=facilitator)
    assert finished.state == Rotation.State.FINISHED

    actions = list(
        AuditEvent.objects.filter(action__startswith="rotation.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "rotation.started",
        "rotation.paused",
        "rotation.resumed",
        "rotation.round_started",
        "rotation.round_started",
        "rotation.finished",
    ]
    audit = AuditEvent.objects.get(action="rotation.paused")
    assert audit.actor_user == facilitator
    assert audit.before is not None
    assert audit.after is not None
    assert audit.before["state"] == "running"
    assert audit.after["state"] == "paused"


def test_the_rotation_refuses_what_its_state_does_not_allow() -> None:
    day = make_day_with_timetable()
    event, facilitator = day.event, day.facilitator
    with pytest.raises(RotationNotPossible, match="have not started"):
        next_round(event=event, actor=facilitator)
    with pytest.raises(RotationNotPossible, match="Only a round that is running"):
        pause_rotation(event=event, actor=facilitator)
    with pytest.raises(RotationNotPossible, match="Only paused"):
        resume_rotation(event=event, actor=facilitator)
    start_rotation(event=event, actor=facilitator)
    with pytest.raises(RotationNotPossible, match="already started"):
        start_rotation(event=event, actor=facilitator)
    # Two facilitators press "Next round" at once: the second press changes nothing.
    next_round(event=event, actor=facilitator, expected_round=0)
    with pytest.raises(RotationNotPossible, match="Round 2 has already started"):
        next_round(event=event, actor=facilitator, expected_round=0)
    assert Rotation.objects.get(event=event).current_round == 1
    next_round(event=event, actor=facilitator)
    next_round(event=event, actor=facilitator)
    with pytest.raises(RotationNotPossible, match="have finished"):
        next_round(event=event, actor=facilitator)
    assert not AuditEvent.objects.filter(action="rotation.started").count() > 1


def test_there_is_no_rotation_without_a_timetable() -> None:
    event = EventFactory.create()
    facilitator = staff_member(event.organisation, Role.FACILITATOR)
    with pytest.raises(RotationNotPossible, match="Make the timetable first"):
        start_rotation(event=event, actor=facilitator)
    assert not AuditEvent.objects.filter(action__startswith="rotation.").exists()


def test_the_clock_counts_down_stands_still_when_paused_and_says_when_time_is_up() -> None:
    day = make_day_with_timetable()
    timetable: Timetable = day.timetable
    rotation = start_rotation(event=day.event, actor=day.facilitator, now=NOON)

    clock = round_clock(rotation, timetable, NOON + datetime.timedelta(minutes=3, seconds=20))
    assert clock.round_number == 1
    assert clock.time_left_text == "6:40 left"
    assert clock.state_text == "Round 1 of 3."
    assert clock.planned_starts_at == datetime.time(12, 5)

    paused = pause_rotation(
        event=day.event, actor=day.facilitator, now=NOON + datetime.timedelta(minutes=4)
    )
    later = round_clock(paused, timetable, NOON + datetime.timedelta(minutes=30))
    assert later.time_left_text == "6:00 left"
    assert later.state_text == "Paused: round 1 of 3."

    resumed = resume_rotation(
        event=day.event, actor=day.facilitator, now=NOON + datetime.timedelta(minutes=5)
    )
    over = round_clock(resumed, timetable, NOON + datetime.timedelta(minutes=12, seconds=5))
    assert over.time_left_text == "Time is up: 1:05 over"


def test_the_agenda_marks_the_block_the_clock_is_in() -> None:
    event = EventFactory.create(date=datetime.date(2026, 12, 12))
    AgendaBlockFactory.create(event=event, title="Welcome", starts_at=datetime.time(10, 0))
    AgendaBlockFactory.create(
        event=event, title="Qualities", starts_at=datetime.time(10, 30), duration_minutes=45
    )
    blocks = list(event.agenda.order_by("position"))
    # 10:40 in London in December is 10:40 UTC.
    at = datetime.datetime(2026, 12, 12, 10, 40, tzinfo=datetime.UTC)
    assert [item.is_current for item in agenda_now(blocks, event.date, at)] == [False, True]
    day_before = at - datetime.timedelta(days=1)
    assert not any(item.is_current for item in agenda_now(blocks, event.date, day_before))


def test_the_screen_shows_the_round_the_agenda_and_who_has_checked_in(client: Client) -> None:
    day = make_day_with_timetable()
    day.recruiters["amina"].checked_in_at = NOON
    day.recruiters["amina"].save()
    client.force_login(day.facilitator)

    page = client.get(_run_url(day.event))
    assert page.status_code == 200
    assert "The conversations have not started." in page.content.decode()
    assert "1 of 3 recruiters checked in." in page.content.decode()

    response = client.post(_run_url(day.event, "timetables:rotation_control", "start"))
    assert response.status_code == 302
    live = client.get(_run_url(day.event, "timetables:run_live")).content.decode()
    assert "Round 1 of 3." in live
    assert "10:00 left" in live or "9:5" in live
    assert 'hx-trigger="every 1s"' in live
    assert "<html" not in live

    response = client.post(
        _run_url(day.event, "timetables:rotation_control", "next"), {"round": "0"}
    )
    assert response.status_code == 302
    assert "Round 2 has started." in client.get(response["Location"]).content.decode()


def test_a_refused_control_says_why_with_status_400(client: Client) -> None:
    day = make_day_with_timetable()
    client.force_login(day.facilitator)
    response = client.post(_run_url(day.event, "timetables:rotation_control", "pause"))
    assert response.status_code == 400
    assert "Only a round that is running can be paused." in response.content.decode()
    assert "Error:" in response.content.decode()


def test_auditors_see_the_screen_but_cannot_press_anything(client: Client) -> None:
    day = make_day_with_timetable()
    client.force_login(staff_member(day.event.organisation, Role.AUDITOR))
    page = client.get(_run_url(day.event))
    assert page.status_code == 200
    assert "Start the conversations" not in page.content.decode()
    assert "Record a no-show" not in page.content.decode()
    response = client.post(_run_url(day.event, "timetables:rotation_control", "start"))
    assert response.status_code == 403
    assert not Rotation.objects.filter(event=day.event).exists()


def _sign_in_recruiter(client: Client, recruiter) -> None:
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    assert client.post(reverse("signin:code"), {"code": code}).status_code == 302


def test_another_organisation_gets_404_and_a_recruiter_cannot_reach_the_screen(
    client: Client,
) -> None:
    day = make_day_with_timetable()
    stranger = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    client.force_login(stranger)
    assert client.get(_run_url(day.event)).status_code == 404
    assert client.get(_run_url(day.event, "timetables:run_live")).status_code == 404
    response = client.post(_run_url(day.event, "timetables:rotation_control", "start"))
    assert response.status_code == 404
    client.logout()

    recruiter = RecruiterFactory.create(event=day.event)
    _sign_in_recruiter(client, recruiter)
    assert client.get(_run_url(day.event)).status_code == 404
    response = client.post(_run_url(day.event, "timetables:rotation_control", "start"))
    assert response.status_code == 404
    assert not Rotation.objects.filter(event=day.event).exists()
