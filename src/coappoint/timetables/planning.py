"""The one conversion between an event's records and the rules core's timetable, both ways.

Into the core: the event's people, conflicts, interpreters and agenda as `coappoint timetable`
input, and a version's conversation rows as the core's previous plan when re-planning. Out of
it: the core's plan as `Conversation` rows, and what it could not fit, by database ids. The
core's text ids ("c12", "r3", from `events.people_keys`) appear nowhere else in this app.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from coappoint.candidates.models import AdjustmentRequest
from coappoint.events.models import AgendaBlock, AgendaBlockKind, Event, Meetings
from coappoint.events.people_keys import candidate_key, candidate_pk, recruiter_key, recruiter_pk
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest
from coappoint.rules import timetable as core
from coappoint.rules.rotation import now_and_next
from coappoint.timetables.models import Conversation, Timetable


class TimetableNotPossible(Exception):
    """The event is not ready for a timetable; the message says what to do first."""


@dataclass(frozen=True)
class TimetableInput:
    """The rules core's input for an event, and the clock that turns its slots into times."""

    document: dict[str, Any]
    starts_at: datetime.time
    conversation_minutes: int


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

    Candidates come with the interpreter language of their adjustment request; recruiters with
    theirs and, if they are not there all day, the slots of the conversations block they are
    there for. Raises TimetableNotPossible saying what to do first.
    """
    block = conversations_block(event)
    if block is None:
        raise TimetableNotPossible(
            gettext("The agenda has no one-to-one conversations block. Add one to the agenda.")
        )
    slot_minutes = event.conversation_minutes
    max_slots = block.duration_minutes // slot_minutes
    candidates = list(event.candidates.order_by("pk"))
    # A recruiter who withdrew, or a reserve the panel's draw did not take, is not planned in.
    recruiters = list(
        CommunityRecruiter.objects.filter(
            event=event, withdrawn_at__isnull=True, reserve_since__isnull=True
        ).order_by("pk")
    )
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
        entry: dict[str, Any] = {"id": candidate_key(candidate.pk)}
        if candidate.pk in languages:
            entry["language"] = languages[candidate.pk]
        candidate_entries.append(entry)
    recruiter_entries = []
    for recruiter in recruiters:
        entry = {"id": recruiter_key(recruiter.pk)}
        available = _available_slots(recruiter, block.starts_at, slot_minutes, max_slots)
        if available is not None:
            entry["available"] = available
        if recruiter.interpreter_language.strip():
            entry["language"] = recruiter.interpreter_language.strip().lower()
        recruiter_entries.append(entry)
    conflicts = sorted(
        [recruiter_key(conflict.recruiter_id), candidate_key(conflict.candidate_id)]
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


def person_entry(
    document: dict[str, Any], *, candidate: int | None = None, recruiter: int | None = None
) -> dict[str, Any] | None:
    """The entry for one candidate or recruiter in an input document, to change it (re-planning)."""
    if candidate is not None:
        key, people = candidate_key(candidate), document.get("candidates", [])
    elif recruiter is not None:
        key, people = recruiter_key(recruiter), document.get("recruiters", [])
    else:
        return None
    entry: dict[str, Any] | None = next(
        (person for person in people if person.get("id") == key), None
    )
    return entry


def output_summary(planned: core.Timetable) -> dict[str, Any]:
    """What a version keeps of the core's answer besides its conversations (which are rows)."""
    answer = core.timetable_to_json(planned)
    del answer["slots"]
    return answer


@dataclass(frozen=True)
class PlannedConversation:
    """One conversation of the core's plan, by database ids: what a `Conversation` row holds."""

    round: int
    table: int
    recruiter_id: int
    candidate_id: int
    interpreter_languages: str


def planned_conversations(planned: core.Timetable) -> list[PlannedConversation]:
    """The core's plan by database ids, round by round and table by table."""
    conversations = []
    for slot in planned.slots:
        for meeting in sorted(slot, key=lambda meeting: meeting.table):
            recruiter = recruiter_pk(meeting.recruiter)
            candidate = candidate_pk(meeting.candidate)
            if recruiter is None or candidate is None:  # the input named only our own keys
                raise ValueError(f"Not a key of ours: {meeting.recruiter}, {meeting.candidate}")
            conversations.append(
                PlannedConversation(
                    round=meeting.slot,
                    table=meeting.table,
                    recruiter_id=recruiter,
                    candidate_id=candidate,
                    interpreter_languages=",".join(meeting.interpreters),
                )
            )
    return conversations


def previous_plan(rows: Iterable[Conversation], event: core.Event) -> tuple[core.Conversation, ...]:
    """A version's conversations as the core's previous plan, checked against `event` by the
    core (raises InvalidTimetableInput when someone on it is no longer in the input)."""
    slots: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        slots.setdefault(row.round, []).append(
            {
                "candidate": candidate_key(row.candidate_id),
                "recruiter": recruiter_key(row.recruiter_id),
                "table": row.table,
            }
        )
    document = {"slots": [slots.get(index, []) for index in range(max(slots, default=-1) + 1)]}
    return core.parse_plan(document, event)


def core_slots(
    rows: Iterable[Conversation], round_count: int
) -> tuple[tuple[tuple[core.Conversation, Conversation], ...], ...]:
    """Rows as the core's slots for `rules.rotation`, each core conversation beside its row."""
    slots: list[list[tuple[core.Conversation, Conversation]]] = [[] for _ in range(round_count)]
    for row in rows:
        if row.round < round_count:
            slots[row.round].append(
                (
                    core.Conversation(
                        candidate=candidate_key(row.candidate_id),
                        recruiter=recruiter_key(row.recruiter_id),
                        slot=row.round,
                        table=row.table,
                        interpreters=row.languages,
                    ),
                    row,
                )
            )
    return tuple(tuple(sorted(slot, key=lambda pair: pair[0].table)) for slot in slots)


@dataclass(frozen=True)
class Unmet:
    """A meeting the core could not fit, by database ids, with the core's reason code."""

    candidate_id: int | None
    recruiter_id: int | None
    reason_code: str
    missing: int
    # What held it back for these people (`rules.timetable`'s limits); None in older versions.
    limit: str | None = None
    round: int | None = None
    may_meet: int | None = None

    def as_core(self) -> core.Unmet:
        """The core's value again, for `rules.timetable_advice`."""
        return core.Unmet(
            candidate=candidate_key(self.candidate_id or 0),
            recruiter=None if self.recruiter_id is None else recruiter_key(self.recruiter_id),
            reason_code=self.reason_code,
            missing=self.missing or None,
            limit=self.limit,
            slot=self.round,
            may_meet=self.may_meet,
        )


def _whole_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def list_unmet(timetable: Timetable) -> tuple[Unmet, ...]:
    """What the version's plan could not fit, as the core said."""
    return tuple(
        Unmet(
            candidate_id=candidate_pk(item.get("candidate")),
            recruiter_id=recruiter_pk(item.get("recruiter")),
            reason_code=str(item.get("reason_code", "")),
            missing=int(item.get("missing", 0) or 0),
            limit=str(item["limit"]) if item.get("limit") else None,
            round=_whole_or_none(item.get("slot")),
            may_meet=_whole_or_none(item.get("may_meet")),
        )
        for item in timetable.output.get("unmet", [])
    )


def input_languages(timetable: Timetable) -> tuple[dict[int, str], dict[int, str]]:
    """(candidate id -> language, recruiter id -> language) as the version's input gave them."""
    candidates: dict[int, str] = {}
    recruiters: dict[int, str] = {}
    for person in timetable.input.get("candidates", []):
        pk = candidate_pk(person.get("id"))
        if pk is not None and person.get("language"):
            candidates[pk] = str(person["language"])
    for person in timetable.input.get("recruiters", []):
        pk = recruiter_pk(person.get("id"))
        if pk is not None and person.get("language"):
            recruiters[pk] = str(person["language"])
    return candidates, recruiters


def now_and_next_for(
    rows: Iterable[Conversation], *, round_count: int, recruiter_id: int, current_round: int | None
) -> tuple[Conversation | None, Conversation | None, bool, bool]:
    """The recruiter's row now and their next one, by `rules.rotation.now_and_next`:
    (now, next, over, resting)."""
    slots = core_slots(rows, round_count)
    rows_by_meeting = {meeting: row for slot in slots for meeting, row in slot}
    where = now_and_next(
        tuple(tuple(meeting for meeting, _row in slot) for slot in slots),
        recruiter=recruiter_key(recruiter_id),
        current_round=current_round,
    )
    return (
        rows_by_meeting[where.now] if where.now else None,
        rows_by_meeting[where.next] if where.next else None,
        where.over,
        where.resting,
    )
