"""Late arrivals, no-shows and early leavers: the rounds not started are planned again by the rules
core, the rounds held or in progress stay exactly as they were, and the page says in plain words
how many conversations moved and what could not be planned."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.timetables.models import AttendanceChange, Rotation, Timetable
from coappoint.timetables.queries import get_current_timetable
from coappoint.timetables.services import (
    ReplanningNotPossible,
    next_round,
    record_attendance_change,
    start_rotation,
)
from tests.factories import (
    DayWithTimetable,
    conversation_slots,
    make_day_with_timetable,
    staff_member,
)

pytestmark = pytest.mark.django_db


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


def _run_url(day: DayWithTimetable, name: str = "timetables:run", *more) -> str:
    return reverse(name, args=[day.event.organisation.slug, day.event.pk, *more])


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
    assert conversation_slots(after)[:1] == conversation_slots(before)[:1]
    assert sam_key not in _people_in(after, 1)
    assert replanned.moved == after.output["moved"] > 0
    assert replanned.change.round == 1
    assert after.starts_at == before.starts_at
    # The round in progress is still round 1 of the new version.
    assert Rotation.objects.get(event=day.event).current_round == 0
    assert {item["reason_code"] for item in after.output["unmet"]} == {"not_together"}
    audit = AuditEvent.objects.get(action="timetable.replanned")
    assert audit.after is not None
    assert audit.after["moved"] == replanned.moved
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


def test_the_page_says_how_many_conversations_moved_and_why_some_cannot_happen(
    client: Client, started: DayWithTimetable
) -> None:
    day = started
    client.force_login(day.facilitator)
    sam = day.candidates["sam"]
    response = client.post(
        _run_url(day, "timetables:record_attendance", "no-show"),
        {"no-show-person": f"candidate-{sam.pk}"},
    )
    assert response.status_code == 302
    page = unescape(client.get(response["Location"]).content.decode())
    moved = get_current_timetable(day.event).output["moved"]  # type: ignore[union-attr]
    assert f"Timetable version 2 is made. {moved} conversations moved." in page
    assert f"Timetable version 2: {moved} conversations moved." in page
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
        _run_url(day, "timetables:record_attendance", "late-arrival"),
        {"late-arrival-person": f"recruiter-{carl.pk}", "late-arrival-round_index": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the round" in body
    assert f'value="recruiter-{carl.pk}" selected' in body
    # A round already started is not offered and is refused.
    response = client.post(
        _run_url(day, "timetables:record_attendance", "late-arrival"),
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
    url = _run_url(day, "timetables:record_attendance", "no-show")
    data = {"no-show-person": f"candidate-{day.candidates['sam'].pk}"}
    assert client.post(url, data).status_code == 403
    other = make_day_with_timetable()
    client.force_login(other.facilitator)
    assert client.post(url, data).status_code == 404
    assert not AttendanceChange.objects.exists()
