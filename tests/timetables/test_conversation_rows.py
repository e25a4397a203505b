"""Conversations are rows: made with the timetable, moved by the rotation, cancelled by a re-plan,
and read back the same from a timetable made before they were rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from coappoint.rules.timetable import parse_event, plan_timetable, timetable_to_json
from coappoint.scoring.services import mark_conversation_missed, unmark_conversation_missed
from coappoint.timetables.models import AttendanceChange, Conversation, Timetable
from coappoint.timetables.services import next_round, record_attendance_change, start_rotation
from tests.factories import conversation_slots, make_day_with_timetable

Status = Conversation.Status


def _statuses(timetable: Timetable) -> dict[int, set[str]]:
    by_round: dict[int, set[str]] = {}
    for row in timetable.conversations.all():
        by_round.setdefault(row.round, set()).add(row.status)
    return by_round


@pytest.mark.django_db
def test_making_the_timetable_writes_one_planned_row_per_conversation() -> None:
    day = make_day_with_timetable()
    planned = plan_timetable(parse_event(day.timetable.input))

    rows = list(day.timetable.conversations.order_by("round", "table"))

    assert len(rows) == sum(len(slot) for slot in planned.slots) == 9
    assert day.timetable.rounds == len(planned.slots)
    assert {row.status for row in rows} == {Status.PLANNED}
    assert {(row.recruiter.event_id, row.candidate.campaign_id) for row in rows} == {
        (day.event.pk, day.event.campaign_id)
    }
    assert "slots" not in day.timetable.output


@pytest.mark.django_db
def test_the_rotation_moves_rows_from_planned_to_happening_to_held() -> None:
    day = make_day_with_timetable()
    start_rotation(event=day.event, actor=day.facilitator)
    assert _statuses(day.timetable) == {
        0: {Status.HAPPENING},
        1: {Status.PLANNED},
        2: {Status.PLANNED},
    }
    next_round(event=day.event, actor=day.facilitator)
    assert _statuses(day.timetable) == {
        0: {Status.HELD},
        1: {Status.HAPPENING},
        2: {Status.PLANNED},
    }
    next_round(event=day.event, actor=day.facilitator)
    next_round(event=day.event, actor=day.facilitator)  # after the last round: finished
    assert _statuses(day.timetable) == {0: {Status.HELD}, 1: {Status.HELD}, 2: {Status.HELD}}


@pytest.mark.django_db
def test_a_re_plan_keeps_rounds_held_and_cancels_the_conversations_it_dropped() -> None:
    day = make_day_with_timetable()
    start_rotation(event=day.event, actor=day.facilitator)
    sam = day.candidates["sam"]

    replanned = record_attendance_change(
        event=day.event,
        person_kind=AttendanceChange.PersonKind.CANDIDATE,
        person_id=sam.pk,
        kind=AttendanceChange.Kind.NO_SHOW,
        actor=day.facilitator,
    ).timetable

    new_rows = replanned.conversations.all()
    # Sam's conversation in the round under way cannot happen: cancelled at once; the rest of
    # round 1 goes on as it was.
    assert {row.status for row in new_rows.filter(round=0).exclude(candidate=sam)} == {
        Status.HAPPENING
    }
    assert not new_rows.filter(candidate=sam).exists()
    old_rows = day.timetable.conversations.all()
    # Sam's conversations on the old version, the one under way too, were cancelled by the
    # re-plan; the rest of round 1, which the new version keeps as it was, is still happening.
    assert {row.status for row in old_rows.filter(candidate=sam)} == {Status.CANCELLED}
    assert {row.status for row in old_rows.filter(round=0).exclude(candidate=sam)} == {
        Status.HAPPENING
    }


@pytest.mark.django_db
def test_a_conversation_that_did_not_happen_stays_so_through_a_re_plan_and_can_be_undone() -> None:
    day = make_day_with_timetable()
    start_rotation(event=day.event, actor=day.facilitator)
    first = day.timetable.conversations.get(round=0, table=1)
    mark_conversation_missed(
        event=day.event,
        recruiter=first.recruiter,
        candidate=first.candidate,
        actor=day.facilitator,
    )
    first.refresh_from_db()
    assert first.status == Status.DID_NOT_HAPPEN

    replanned = record_attendance_change(
        event=day.event,
        person_kind=AttendanceChange.PersonKind.RECRUITER,
        person_id=day.recruiters["carl"].pk,
        kind=AttendanceChange.Kind.EARLY_LEAVER,
        round_index=2,
        actor=day.facilitator,
    ).timetable
    carried = replanned.conversations.get(
        recruiter=first.recruiter, candidate=first.candidate, round=0
    )
    assert carried.status == Status.DID_NOT_HAPPEN

    unmark_conversation_missed(
        event=day.event, recruiter=first.recruiter, candidate=first.candidate, actor=day.facilitator
    )
    carried.refresh_from_db()
    assert carried.status == Status.HAPPENING  # round 1 is still under way


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


BEFORE_ROWS = [("timetables", "0003_attendance_change"), ("scoring", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_a_timetable_made_before_the_migration_reads_back_as_the_same_conversations() -> None:
    day = make_day_with_timetable()
    start_rotation(event=day.event, actor=day.facilitator)
    expected = conversation_slots(day.timetable)
    first = expected[0][0]
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        executor = _migrate(BEFORE_ROWS)
        old = executor.loader.project_state(BEFORE_ROWS).apps
        # What the code before the rows stored: the rules core's whole answer, slots included.
        stored = old.get_model("timetables", "Timetable").objects.get(pk=day.timetable.pk)
        stored.output = timetable_to_json(plan_timetable(parse_event(stored.input)))
        stored.save()
        old.get_model("scoring", "MissedConversation").objects.create(
            organisation_id=day.event.organisation_id,
            event_id=day.event.pk,
            recruiter_id=first["recruiter"],
            candidate_id=first["candidate"],
            recorded_at=timezone.now(),
        )
    finally:
        _migrate(latest)

    timetable = Timetable.objects.get(pk=day.timetable.pk)
    assert conversation_slots(timetable) == expected
    assert "slots" not in timetable.output
    assert timetable.rounds == len(expected)
    statuses = {
        (row.round, row.recruiter_id, row.candidate_id): row.status
        for row in timetable.conversations.all()
    }
    assert statuses.pop((0, first["recruiter"], first["candidate"])) == Status.DID_NOT_HAPPEN
    assert {status for (round_index, *_), status in statuses.items() if round_index == 0} == {
        Status.HAPPENING
    }
    assert {status for (round_index, *_), status in statuses.items() if round_index > 0} == {
        Status.PLANNED
    }
