"""The rotation on the day: start, pause, resume and next round, each audited, refused when the
state does not allow it; the round's clock and the agenda now. The facilitator's screen that shows
them is tested in tests/facilitation/."""

from __future__ import annotations

import datetime

import pytest

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
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
    conversation_slots,
    make_day_with_timetable,
    staff_member,
)

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 12, 12, 12, 5, tzinfo=datetime.UTC)


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
    assert (audit.actor_kind, audit.actor_id) == ("staff", facilitator.pk)
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
