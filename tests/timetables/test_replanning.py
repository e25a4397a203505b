"""Late arrivals, no-shows and early leavers: the rounds not started are planned again by the rules
core, and the rounds held or in progress stay exactly as they were. The facilitator's page that
records them is tested in tests/facilitation/."""

from __future__ import annotations

import pytest

from coappoint.audit.models import AuditEvent
from coappoint.scoring.queries import get_sheets_owed
from coappoint.timetables.models import AttendanceChange, Conversation, Rotation, Timetable
from coappoint.timetables.queries import get_current_timetable, version_changes_in_words
from coappoint.timetables.screens import describe_recruiter_day
from coappoint.timetables.services import (
    ReplanningNotPossible,
    next_round,
    record_attendance_change,
    start_rotation,
)
from tests.factories import DayWithTimetable, conversation_slots, make_day_with_timetable

pytestmark = pytest.mark.django_db
Status = Conversation.Status


def _people_in(timetable: Timetable, first_slot: int) -> set[tuple[str, int]]:
    return {
        person
        for slot in conversation_slots(timetable)[first_slot:]
        for conversation in slot
        for person in (
            ("candidate", conversation["candidate"]),
            ("recruiter", conversation["recruiter"]),
        )
    }


@pytest.fixture
def started() -> DayWithTimetable:
    """Round 1 is under way: re-planning starts at round 2 (slot 1)."""
    day = make_day_with_timetable()
    start_rotation(event=day.event, actor=day.facilitator)
    return day


def test_a_no_show_keeps_the_rounds_held_and_plans_the_rest_without_them(
    started: DayWithTimetable,
) -> None:
    day = started
    before = day.timetable
    sam = day.candidates["sam"]
    sam_key = ("candidate", sam.pk)
    assert sam_key in _people_in(before, 1)
    sams_conversations = sum(
        1 for slot in conversation_slots(before) for c in slot if c["candidate"] == sam.pk
    )

    replanned = record_attendance_change(
        event=day.event,
        person_kind=AttendanceChange.PersonKind.CANDIDATE,
        person_id=sam.pk,
        kind=AttendanceChange.Kind.NO_SHOW,
        actor=day.facilitator,
    )

    after = replanned.timetable
    assert after.version == before.version + 1
    assert get_current_timetable(day.event) == after
    # Round 1 goes on without Sam: their conversation in it is cancelled at once.
    assert conversation_slots(after)[0] == [
        c for c in conversation_slots(before)[0] if c["candidate"] != sam.pk
    ]
    assert sam_key not in _people_in(after, 0)
    assert replanned.moved == after.output["moved"]
    assert replanned.cancelled == after.output["cancelled"] == sams_conversations
    assert replanned.change.round == 1
    assert after.starts_at == before.starts_at
    # The round in progress is still round 1 of the new version.
    assert Rotation.objects.get(event=day.event).current_round == 0
    assert {item["reason_code"] for item in after.output["unmet"]} == {"not_together"}
    audit = AuditEvent.objects.get(action="timetable.replanned")
    assert audit.after is not None
    assert audit.after["moved"] == replanned.moved
    assert audit.after["cancelled"] == replanned.cancelled
    assert audit.after["version"] == after.version
    assert AuditEvent.objects.filter(action="attendance.recorded").count() == 1


def test_a_late_recruiter_is_planned_only_from_their_round(started: DayWithTimetable) -> None:
    day = started
    next_round(event=day.event, actor=day.facilitator)  # round 2 under way: slots 0 and 1 held
    before = get_current_timetable(day.event)
    assert before is not None
    carl = day.recruiters["carl"]

    replanned = record_attendance_change(
        event=day.event,
        person_kind=AttendanceChange.PersonKind.RECRUITER,
        person_id=carl.pk,
        kind=AttendanceChange.Kind.LATE_ARRIVAL,
        round_index=4,
        actor=day.facilitator,
    )

    after = replanned.timetable
    assert conversation_slots(after)[:2] == conversation_slots(before)[:2]
    carl_key = carl.pk
    assert not any(
        conversation["recruiter"] == carl_key
        for conversations in conversation_slots(after)[2:4]
        for conversation in conversations
    )
    # Everyone Carl had not met yet meets him from round 5 on: the day has time for it.
    met_by_carl = {
        conversation["candidate"]
        for conversations in conversation_slots(after)
        for conversation in conversations
        if conversation["recruiter"] == carl_key
    }
    assert met_by_carl == {candidate.pk for candidate in day.candidates.values()}


def test_an_early_leaver_is_gone_from_the_round_after_their_last(started: DayWithTimetable) -> None:
    day = started
    bea = day.recruiters["bea"]
    replanned = record_attendance_change(
        event=day.event,
        person_kind=AttendanceChange.PersonKind.RECRUITER,
        person_id=bea.pk,
        kind=AttendanceChange.Kind.EARLY_LEAVER,
        round_index=1,
        actor=day.facilitator,
    )
    assert ("recruiter", bea.pk) not in _people_in(replanned.timetable, 1)


def test_rounds_already_started_cannot_be_changed(started: DayWithTimetable) -> None:
    day = started
    with pytest.raises(ReplanningNotPossible, match="Choose round 2 or later"):
        record_attendance_change(
            event=day.event,
            person_kind=AttendanceChange.PersonKind.RECRUITER,
            person_id=day.recruiters["bea"].pk,
            kind=AttendanceChange.Kind.LATE_ARRIVAL,
            round_index=0,
            actor=day.facilitator,
        )
    assert Timetable.objects.filter(event=day.event).count() == 1


def test_someone_from_another_event_cannot_be_recorded(started: DayWithTimetable) -> None:
    other = make_day_with_timetable()
    with pytest.raises(ReplanningNotPossible, match="Choose a candidate at this event"):
        record_attendance_change(
            event=started.event,
            person_kind=AttendanceChange.PersonKind.CANDIDATE,
            person_id=other.candidates["sam"].pk,
            kind=AttendanceChange.Kind.NO_SHOW,
            actor=started.facilitator,
        )


# --- A no-show in the round under way (issue 18) ---------------------------------------------


def test_a_no_show_in_the_round_under_way_loses_that_conversation_at_once(
    started: DayWithTimetable,
) -> None:
    day = started
    sam = day.candidates["sam"]
    (now_with_sam,) = day.timetable.conversations.filter(round=0, candidate=sam)
    recruiter = now_with_sam.recruiter
    assert describe_recruiter_day(recruiter).now is not None
    assert any(p.candidate == sam.pk for p in get_sheets_owed(day.event).pending)

    replanned = record_attendance_change(
        event=day.event,
        person_kind=AttendanceChange.PersonKind.CANDIDATE,
        person_id=sam.pk,
        kind=AttendanceChange.Kind.NO_SHOW,
        actor=day.facilitator,
    )

    # The recruiter's phone no longer shows Sam now, and no sheet is owed for Sam at all.
    assert describe_recruiter_day(recruiter).now is None
    assert not any(p.candidate == sam.pk for p in get_sheets_owed(day.event).pending)
    assert replanned.freed == (recruiter.pk,)
    assert replanned.moved == 0
    assert replanned.cancelled == 3


def test_an_early_leavers_conversation_under_way_stays_unless_it_was_not_held(
    started: DayWithTimetable,
) -> None:
    day = started
    bea = day.recruiters["bea"]
    (under_way,) = day.timetable.conversations.filter(round=0, recruiter=bea)

    kept = record_attendance_change(
        event=day.event,
        person_kind=AttendanceChange.PersonKind.RECRUITER,
        person_id=bea.pk,
        kind=AttendanceChange.Kind.EARLY_LEAVER,
        round_index=1,
        actor=day.facilitator,
    ).timetable
    assert kept.conversations.get(round=0, recruiter=bea).status == Status.HAPPENING

    not_held = record_attendance_change(
        event=day.event,
        person_kind=AttendanceChange.PersonKind.RECRUITER,
        person_id=bea.pk,
        kind=AttendanceChange.Kind.EARLY_LEAVER,
        round_index=1,
        current_not_held=True,
        actor=day.facilitator,
    )

    row = not_held.timetable.conversations.get(round=0, recruiter=bea)
    assert (row.candidate_id, row.status) == (under_way.candidate_id, Status.DID_NOT_HAPPEN)
    assert not any(p.scorer == bea.pk for p in get_sheets_owed(day.event).pending)
    assert not_held.freed == ()  # a recruiter leaving frees no recruiter


def test_a_recruiter_who_does_not_come_is_replaced_and_the_added_conversations_are_counted() -> (
    None
):
    day = make_day_with_timetable(
        recruiters_named=("Amina Hassan", "Bea Jones", "Carl Diaz", "Dee Evans", "Eli Ford"),
        per_candidate=2,
    )
    start_rotation(event=day.event, actor=day.facilitator)
    amina = day.recruiters["amina"]
    amina_later = day.timetable.conversations.filter(recruiter=amina, round__gte=1).count()
    assert amina_later > 0

    replanned = record_attendance_change(
        event=day.event,
        person_kind=AttendanceChange.PersonKind.RECRUITER,
        person_id=amina.pk,
        kind=AttendanceChange.Kind.NO_SHOW,
        actor=day.facilitator,
    )

    # Each candidate still meets two recruiters: the others take Amina's place.
    assert replanned.added >= amina_later
    for candidate in day.candidates.values():
        assert (
            replanned.timetable.conversations.filter(candidate=candidate)
            .exclude(status=Status.CANCELLED)
            .count()
            == 2
        )
    assert f"{replanned.added} added." in version_changes_in_words(replanned.timetable)
