"""Making an event's timetable: its people turned into the rules core's input, planned, kept."""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit.services import record_audit_event
from coappoint.candidates.models import AdjustmentRequest
from coappoint.events.models import AgendaBlock, AgendaBlockKind, Event, Meetings
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest
from coappoint.rules.errors import InvalidTimetableInput
from coappoint.rules.timetable import parse_event, parse_plan, plan_timetable, timetable_to_json
from coappoint.timetables.models import AttendanceChange, Rotation, Timetable


class TimetableNotPossible(Exception):
    """The event is not ready for a timetable; the message says what to do first."""


@dataclass(frozen=True)
class TimetableInput:
    """The rules core's input for an event, and the clock that turns its slots into times."""

    document: dict[str, Any]
    starts_at: datetime.time
    conversation_minutes: int


def candidate_id(pk: int) -> str:
    return f"c{pk}"


def recruiter_id(pk: int) -> str:
    return f"r{pk}"


def conversations_block(event: Event) -> AgendaBlock | None:
    """The agenda block the one-to-one conversations happen in."""
    return (
        AgendaBlock.objects.filter(event=event, kind=AgendaBlockKind.CONVERSATIONS)
        .order_by("position")
        .first()
    )


def _available_slots(
    recruiter: CommunityRecruiter, starts_at: datetime.time, slot_minutes: int, slot_count: int
) -> list[int] | None:
    """The slots a recruiter is there for from start to end, or None when they are there all day.

    A slot counts only if the recruiter is there for the whole of it.
    """
    if recruiter.available_from is None and recruiter.available_until is None:
        return None
    day = datetime.date(2000, 1, 1)
    first = datetime.datetime.combine(day, starts_at)
    arrives = datetime.datetime.combine(day, recruiter.available_from or datetime.time.min)
    leaves = datetime.datetime.combine(day, recruiter.available_until or datetime.time.max)
    slots = []
    for slot in range(slot_count):
        slot_start = first + datetime.timedelta(minutes=slot * slot_minutes)
        slot_end = slot_start + datetime.timedelta(minutes=slot_minutes)
        if arrives <= slot_start and slot_end <= leaves:
            slots.append(slot)
    return None if len(slots) == slot_count else slots


def build_timetable_input(event: Event) -> TimetableInput:
    """The `coappoint timetable` input for the event (issue 3's contract), from its records.

    Candidates are "c<pk>" with the interpreter language of their adjustment request; recruiters
    are "r<pk>" with theirs and, if they are not there all day, the slots of the conversations
    block they are there for. Raises TimetableNotPossible saying what to do first.
    """
    block = conversations_block(event)
    if block is None:
        raise TimetableNotPossible(
            gettext("The agenda has no one-to-one conversations block. Add one to the agenda.")
        )
    slot_minutes = event.conversation_minutes
    max_slots = block.duration_minutes // slot_minutes
    candidates = list(event.candidates.order_by("pk"))
    recruiters = list(CommunityRecruiter.objects.filter(event=event).order_by("pk"))
    if not candidates:
        raise TimetableNotPossible(gettext("Add the event's candidates first."))
    if not recruiters:
        raise TimetableNotPossible(gettext("No community recruiters have signed up yet."))
    if event.meetings == Meetings.PER_CANDIDATE:
        per_candidate = event.recruiters_per_candidate or 1
        if per_candidate > len(recruiters):
            raise TimetableNotPossible(
                gettext(
                    "Each candidate is to meet %(wanted)s recruiters, but only %(signed_up)s "
                    "have signed up. Change who meets whom in the event plan."
                )
                % {"wanted": per_candidate, "signed_up": len(recruiters)}
            )
        meetings: Any = {"per_candidate": per_candidate}
    else:
        meetings = "all"
    languages = {
        request.candidate_id: request.interpreter_language.strip().lower()
        for request in AdjustmentRequest.objects.filter(candidate__in=candidates)
        if request.interpreter_language.strip()
    }
    candidate_entries = []
    for candidate in candidates:
        entry: dict[str, Any] = {"id": candidate_id(candidate.pk)}
        if candidate.pk in languages:
            entry["language"] = languages[candidate.pk]
        candidate_entries.append(entry)
    recruiter_entries = []
    for recruiter in recruiters:
        entry = {"id": recruiter_id(recruiter.pk)}
        available = _available_slots(recruiter, block.starts_at, slot_minutes, max_slots)
        if available is not None:
            entry["available"] = available
        if recruiter.interpreter_language.strip():
            entry["language"] = recruiter.interpreter_language.strip().lower()
        recruiter_entries.append(entry)
    conflicts = sorted(
        [recruiter_id(conflict.recruiter_id), candidate_id(conflict.candidate_id)]
        for conflict in ConflictOfInterest.objects.filter(
            recruiter__event=event, candidate__in=candidates
        )
    )
    document = {
        "candidates": candidate_entries,
        "recruiters": recruiter_entries,
        "interpreters": dict(sorted(event.interpreters.items())),
        "conflicts": conflicts,
        "tables": event.tables,
        "meetings": meetings,
        "max_slots": max_slots,
        "max_consecutive": event.most_conversations_in_a_row,
    }
    return TimetableInput(
        document=document, starts_at=block.starts_at, conversation_minutes=slot_minutes
    )


@transaction.atomic
def make_timetable(*, event: Event, actor: User) -> Timetable:
    """Plan the rotation with the rules core and keep it as the event's newest timetable."""
    # Lock the event so two people pressing the button at once get versions n and n + 1.
    Event.objects.select_for_update().filter(pk=event.pk).first()
    timetable_input = build_timetable_input(event)
    try:
        planned = plan_timetable(parse_event(timetable_input.document))
    except InvalidTimetableInput as error:
        raise TimetableNotPossible(
            gettext("The timetable could not be made: %(reason)s") % {"reason": error}
        ) from error
    output = timetable_to_json(planned)
    latest = Timetable.objects.filter(event=event).aggregate(latest=Max("version"))["latest"]
    timetable = Timetable.objects.create(
        organisation=event.organisation,
        event=event,
        version=(latest or 0) + 1,
        made_by=actor,
        starts_at=timetable_input.starts_at,
        conversation_minutes=timetable_input.conversation_minutes,
        input=timetable_input.document,
        output=output,
    )
    record_audit_event(
        organisation=event.organisation,
        actor=actor,
        action="timetable.made",
        target=timetable,
        after={
            "version": timetable.version,
            "rounds": len(output["slots"]),
            "lower_bound": output["lower_bound"],
            "optimal": output["optimal"],
            "unmet": len(output["unmet"]),
        },
    )
    return timetable


# --- The rotation on the day: start, pause, resume, next round -------------------------------


class RotationNotPossible(Exception):
    """The rotation cannot do that now; the message says why, in the facilitator's words."""


def _current_timetable(event: Event) -> Timetable | None:
    return Timetable.objects.filter(event=event).order_by("-version").first()


def _locked_rotation(event: Event) -> Rotation:
    """The event's rotation row, made on first use, locked until the transaction ends."""
    Rotation.objects.get_or_create(event=event, defaults={"organisation": event.organisation})
    return Rotation.objects.select_for_update().get(event=event)


def _rotation_state(rotation: Rotation) -> dict[str, Any]:
    return {
        "state": rotation.state,
        "current_round": rotation.current_round,
        "round_started_at": (
            rotation.round_started_at.isoformat() if rotation.round_started_at else None
        ),
        "paused_at": rotation.paused_at.isoformat() if rotation.paused_at else None,
    }


def _round_count(event: Event) -> int:
    timetable = _current_timetable(event)
    if timetable is None or not timetable.output.get("slots"):
        raise RotationNotPossible(
            gettext("There is no timetable of conversations yet. Make the timetable first.")
        )
    return len(timetable.output["slots"])


def _save_rotation(
    rotation: Rotation, *, actor: User, action: str, before: dict[str, Any]
) -> Rotation:
    rotation.save()
    record_audit_event(
        organisation=rotation.organisation,
        actor=actor,
        action=action,
        target=rotation,
        before=before,
        after=_rotation_state(rotation),
    )
    return rotation


@transaction.atomic
def start_rotation(*, event: Event, actor: User, now: datetime.datetime | None = None) -> Rotation:
    """Start the first round of conversations now."""
    rotation = _locked_rotation(event)
    _round_count(event)
    if rotation.state != Rotation.State.NOT_STARTED:
        raise RotationNotPossible(gettext("The conversations have already started."))
    before = _rotation_state(rotation)
    rotation.state = Rotation.State.RUNNING
    rotation.current_round = 0
    rotation.round_started_at = now or timezone.now()
    rotation.paused_at = None
    return _save_rotation(rotation, actor=actor, action="rotation.started", before=before)


@transaction.atomic
def pause_rotation(*, event: Event, actor: User, now: datetime.datetime | None = None) -> Rotation:
    """Stop the clock of the current round (a fire drill, a late interpreter)."""
    rotation = _locked_rotation(event)
    if rotation.state != Rotation.State.RUNNING:
        raise RotationNotPossible(gettext("Only a round that is running can be paused."))
    before = _rotation_state(rotation)
    rotation.state = Rotation.State.PAUSED
    rotation.paused_at = now or timezone.now()
    return _save_rotation(rotation, actor=actor, action="rotation.paused", before=before)


@transaction.atomic
def resume_rotation(*, event: Event, actor: User, now: datetime.datetime | None = None) -> Rotation:
    """Restart the clock where it stopped: the round keeps the time it had left."""
    rotation = _locked_rotation(event)
    if rotation.state != Rotation.State.PAUSED or rotation.paused_at is None:
        raise RotationNotPossible(gettext("Only paused conversations can be resumed."))
    now = now or timezone.now()
    before = _rotation_state(rotation)
    if rotation.round_started_at is not None:
        rotation.round_started_at += now - rotation.paused_at
    rotation.state = Rotation.State.RUNNING
    rotation.paused_at = None
    return _save_rotation(rotation, actor=actor, action="rotation.resumed", before=before)


@transaction.atomic
def next_round(
    *,
    event: Event,
    actor: User,
    expected_round: int | None = None,
    now: datetime.datetime | None = None,
) -> Rotation:
    """Start the next round now; after the last round the conversations are finished.

    `expected_round` is the round the facilitator saw when they pressed the button: if the
    rotation has moved on since (someone else pressed it too), nothing changes, so a round is
    never skipped by two presses.
    """
    rotation = _locked_rotation(event)
    rounds = _round_count(event)
    if rotation.state == Rotation.State.NOT_STARTED or rotation.current_round is None:
        raise RotationNotPossible(gettext("The conversations have not started yet."))
    if rotation.state == Rotation.State.FINISHED:
        raise RotationNotPossible(gettext("The conversations have finished."))
    if expected_round is not None and expected_round != rotation.current_round:
        raise RotationNotPossible(
            gettext("Round %(round)s has already started. Check the screen before you press again.")
            % {"round": rotation.current_round + 1}
        )
    before = _rotation_state(rotation)
    rotation.paused_at = None
    if rotation.current_round + 1 >= rounds:
        rotation.state = Rotation.State.FINISHED
        rotation.round_started_at = None
        return _save_rotation(rotation, actor=actor, action="rotation.finished", before=before)
    rotation.state = Rotation.State.RUNNING
    rotation.current_round += 1
    rotation.round_started_at = now or timezone.now()
    return _save_rotation(rotation, actor=actor, action="rotation.round_started", before=before)


# --- Late arrivals, no-shows and early leavers: re-planning the rest of the day --------------


class ReplanningNotPossible(Exception):
    """The change cannot be planned; the message says why and what to do."""


def first_open_round(rotation: Rotation | None) -> int:
    """The first round not started yet: re-planning may change it and the rounds after it."""
    if rotation is None or rotation.state == Rotation.State.NOT_STARTED:
        return 0
    if rotation.current_round is None:
        return 0
    return rotation.current_round + 1


@dataclass(frozen=True)
class Replanned:
    """What recording a change made: the new timetable version and how many conversations moved."""

    change: AttendanceChange
    timetable: Timetable
    moved: int


def _person_key(event: Event, person_kind: str, person_id: int) -> str:
    if person_kind == AttendanceChange.PersonKind.CANDIDATE:
        if not event.candidates.filter(pk=person_id).exists():
            raise ReplanningNotPossible(gettext("Choose a candidate at this event."))
        return candidate_id(person_id)
    if person_kind == AttendanceChange.PersonKind.RECRUITER:
        if not CommunityRecruiter.objects.filter(event=event, pk=person_id).exists():
            raise ReplanningNotPossible(gettext("Choose a recruiter at this event."))
        return recruiter_id(person_id)
    raise ReplanningNotPossible(gettext("Choose a candidate or a recruiter."))


def _availability_after(
    entry: dict[str, Any], kind: str, round_index: int, horizon: int
) -> list[int]:
    """The slots the person is there for once the change is known."""
    available = entry.get("available")
    slots = set(range(horizon)) if available is None else set(available)
    if kind == AttendanceChange.Kind.LATE_ARRIVAL:
        return sorted(slot for slot in slots if slot >= round_index)
    return sorted(slot for slot in slots if slot < round_index)


@transaction.atomic
def record_attendance_change(
    *,
    event: Event,
    person_kind: str,
    person_id: int,
    kind: str,
    actor: User,
    round_index: int | None = None,
    now: datetime.datetime | None = None,
) -> Replanned:
    """Record a no-show, late arrival or early leaver and re-plan the rounds not started yet.

    `round_index` (slots from 0) is the first round a late arrival is there for, or the first
    round an early leaver is gone for; a no-show is gone from the first round not started.
    Conversations already held or in progress stay exactly as they are; the rest is planned by
    the rules core, moving as few as it can, and kept as a new timetable version.
    """
    Event.objects.select_for_update().filter(pk=event.pk).first()
    timetable = _current_timetable(event)
    if timetable is None:
        raise ReplanningNotPossible(
            gettext("There is no timetable of conversations yet. Make the timetable first.")
        )
    rotation = Rotation.objects.select_for_update().filter(event=event).first()
    if rotation is not None and rotation.state == Rotation.State.FINISHED:
        raise ReplanningNotPossible(
            gettext("The conversations have finished: there is nothing left to plan.")
        )
    first_open = first_open_round(rotation)
    key = _person_key(event, person_kind, person_id)
    if kind == AttendanceChange.Kind.NO_SHOW:
        round_index = first_open
    elif kind in (AttendanceChange.Kind.LATE_ARRIVAL, AttendanceChange.Kind.EARLY_LEAVER):
        if round_index is None or round_index < first_open:
            raise ReplanningNotPossible(
                gettext(
                    "Choose round %(round)s or later: the rounds before it have already started."
                )
                % {"round": first_open + 1}
            )
    else:
        raise ReplanningNotPossible(gettext("Choose what happened."))
    document = copy.deepcopy(timetable.input)
    people = document.get(
        "candidates" if person_kind == AttendanceChange.PersonKind.CANDIDATE else "recruiters", []
    )
    entry = next((person for person in people if person.get("id") == key), None)
    if entry is None:
        raise ReplanningNotPossible(
            gettext(
                "They are not on the current timetable. Make the timetable again to include them."
            )
        )
    slot_count = len(timetable.output.get("slots", []))
    horizon = document.get("max_slots")
    if horizon is None:
        horizon = slot_count + len(document["candidates"]) + len(document["recruiters"])
    entry["available"] = _availability_after(entry, kind, round_index, max(horizon, round_index))
    try:
        parsed = parse_event(document)
        planned = plan_timetable(
            parsed, previous=parse_plan(timetable.output, parsed), from_slot=first_open
        )
    except InvalidTimetableInput as error:
        raise ReplanningNotPossible(
            gettext("The timetable could not be planned again: %(reason)s") % {"reason": error}
        ) from error
    output = timetable_to_json(planned)
    replanned = Timetable.objects.create(
        organisation=event.organisation,
        event=event,
        version=timetable.version + 1,
        made_by=actor,
        # The clock stays: round n starts when it did, so the rounds held keep their times.
        starts_at=timetable.starts_at,
        conversation_minutes=timetable.conversation_minutes,
        input=document,
        output=output,
    )
    change = AttendanceChange.objects.create(
        organisation=event.organisation,
        event=event,
        person_kind=person_kind,
        person_id=person_id,
        kind=kind,
        round=round_index,
        timetable=replanned,
        recorded_by=actor,
        recorded_at=now or timezone.now(),
    )
    record_audit_event(
        organisation=event.organisation,
        actor=actor,
        action="attendance.recorded",
        target=change,
        after={"kind": kind, "person": key, "round": round_index},
    )
    record_audit_event(
        organisation=event.organisation,
        actor=actor,
        action="timetable.replanned",
        target=replanned,
        before={"version": timetable.version, "rounds": slot_count},
        after={
            "version": replanned.version,
            "kept_rounds": first_open,
            "rounds": len(output["slots"]),
            "moved": output["moved"],
            "unmet": len(output["unmet"]),
        },
    )
    return Replanned(change=change, timetable=replanned, moved=output["moved"])
