"""On the day a re-plan does only the quick part in the request; the task worker then looks for
a better plan, which replaces the plan only if the facilitator uses it before its rounds start."""

from __future__ import annotations

import pytest
from django.test import TestCase

from coappoint.audit.models import AuditEvent
from coappoint.jobs.models import Job
from coappoint.timetables.models import AttendanceChange
from coappoint.timetables.queries import describe_better_plan, get_current_timetable
from coappoint.timetables.services import (
    ReplanningNotPossible,
    keep_quick_plan,
    next_round,
    record_attendance_change,
    start_rotation,
    use_improved_plan,
)
from tests.factories import DayWithTimetable, make_day_a_quick_replan_leaves_room_to_improve

pytestmark = pytest.mark.django_db


def _amina_leaves_after_round_1(day: DayWithTimetable, *, worker_runs: bool = True) -> Job:
    start_rotation(event=day.event, actor=day.facilitator)
    with TestCase.captureOnCommitCallbacks(execute=worker_runs):
        record_attendance_change(
            event=day.event,
            person_kind=AttendanceChange.PersonKind.RECRUITER,
            person_id=day.recruiters["amina"].pk,
            kind=AttendanceChange.Kind.EARLY_LEAVER,
            round_index=1,
            actor=day.facilitator,
        )
    return Job.objects.get(event=day.event, kind=Job.Kind.IMPROVE_TIMETABLE)


@pytest.fixture
def day() -> DayWithTimetable:
    return make_day_a_quick_replan_leaves_room_to_improve()


def test_the_quick_re_plan_is_kept_at_once_and_a_better_plan_is_looked_for(
    day: DayWithTimetable,
) -> None:
    job = _amina_leaves_after_round_1(day, worker_runs=False)

    quick = get_current_timetable(day.event)
    assert quick is not None
    assert quick.version == 2
    assert job.state == Job.State.QUEUED
    assert job.parameters == {"timetable": quick.pk, "from_slot": 1}
    shown = describe_better_plan(day.event)
    assert shown is not None
    assert not shown.ready
    assert "Looking for a better plan" in shown.words


def test_the_better_plan_found_is_offered_and_replaces_the_plan_when_used(
    day: DayWithTimetable,
) -> None:
    job = _amina_leaves_after_round_1(day)
    quick = get_current_timetable(day.event)
    assert quick is not None
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.result["better"] is True
    assert job.result["rounds"] < job.result["rounds_now"] == quick.rounds
    shown = describe_better_plan(day.event)
    assert shown is not None
    assert shown.ready
    assert "Use it before round 2 starts" in shown.words

    used = use_improved_plan(event=day.event, job=job, actor=day.facilitator)

    assert used.timetable.version == quick.version + 1
    assert used.timetable.rounds == job.result["rounds"]
    held = set(quick.conversations.filter(round=0).values_list("recruiter", "candidate", "table"))
    assert (
        set(
            used.timetable.conversations.filter(round=0).values_list(
                "recruiter", "candidate", "table"
            )
        )
        == held
    )
    assert not used.timetable.conversations.filter(
        recruiter=day.recruiters["amina"], round__gte=1
    ).exists()
    assert describe_better_plan(day.event) is None
    audit = AuditEvent.objects.get(action="timetable.improved")
    assert audit.after is not None
    assert audit.after["version"] == used.timetable.version


def test_a_better_plan_is_not_used_once_its_rounds_have_started(day: DayWithTimetable) -> None:
    job = _amina_leaves_after_round_1(day)
    next_round(event=day.event, actor=day.facilitator)  # round 2 starts: too late

    assert describe_better_plan(day.event) is None
    with pytest.raises(ReplanningNotPossible, match="rounds have started"):
        use_improved_plan(event=day.event, job=job, actor=day.facilitator)
    current = get_current_timetable(day.event)
    assert current is not None
    assert current.version == 2


def test_keeping_the_quick_plan_stops_the_offer(day: DayWithTimetable) -> None:
    job = _amina_leaves_after_round_1(day)

    keep_quick_plan(event=day.event, job=job, actor=day.facilitator)

    assert describe_better_plan(day.event) is None
    job.refresh_from_db()
    assert job.state == Job.State.SETTLED
    with pytest.raises(ReplanningNotPossible):
        use_improved_plan(event=day.event, job=job, actor=day.facilitator)
    assert AuditEvent.objects.filter(action="timetable.improvement_turned_down").count() == 1


def test_a_newer_change_withdraws_the_search_for_the_older_plan(day: DayWithTimetable) -> None:
    first = _amina_leaves_after_round_1(day, worker_runs=False)

    record_attendance_change(
        event=day.event,
        person_kind=AttendanceChange.PersonKind.CANDIDATE,
        person_id=day.candidates["uma"].pk,
        kind=AttendanceChange.Kind.NO_SHOW,
        actor=day.facilitator,
    )

    first.refresh_from_db()
    assert first.state == Job.State.SETTLED
    under_way = Job.objects.filter(
        event=day.event, kind=Job.Kind.IMPROVE_TIMETABLE, state=Job.State.QUEUED
    )
    current = get_current_timetable(day.event)
    assert current is not None
    # A new search is asked for only when the quick plan is not proven the best.
    expected = [] if current.output["optimal"] else [current.pk]
    assert [job.parameters["timetable"] for job in under_way] == expected
