"""Making an event's timetable: its people turned into the rules core's input, planned, kept."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit.services import record_audit_event
from coappoint.candidates.models import AdjustmentRequest
from coappoint.events.models import AgendaBlock, AgendaBlockKind, Event, Meetings
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest
from coappoint.rules.errors import InvalidTimetableInput
from coappoint.rules.timetable import parse_event, plan_timetable, timetable_to_json
from coappoint.timetables.models import Timetable


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
