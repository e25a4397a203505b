"""Making an event's timetable, keeping each version's conversations as rows, and the day's
rotation (rounds, pause, re-planning) that moves those rows from planned to held."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import ActorKind, AuditAction
from coappoint.campaigns.models import Candidate
from coappoint.events.lifecycle import move_event
from coappoint.events.models import Event
from coappoint.events.services import bump_live_versions
from coappoint.jobs.models import Job
from coappoint.jobs.services import Requested, request_job, settle_job, withdraw_job
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.services import record_withdrawal
from coappoint.rules.errors import InvalidTimetableInput
from coappoint.rules.rotation import RoundPhase, round_phase
from coappoint.rules.timetable import Timetable as PlannedTimetable
from coappoint.rules.timetable import parse_event, plan_timetable, timetable_from_json
from coappoint.timetables.models import AttendanceChange, Conversation, Rotation, Timetable
from coappoint.timetables.planning import (
    TimetableInput,
    TimetableNotPossible,
    build_timetable_input,
    output_summary,
    person_entry,
    planned_conversations,
    previous_plan,
)
from coappoint.timetables.queries import first_open_round, improvement_still_applies

Status = Conversation.Status
PHASE_STATUS = {
    RoundPhase.PLANNED: Status.PLANNED,
    RoundPhase.HAPPENING: Status.HAPPENING,
    RoundPhase.HELD: Status.HELD,
}
# The statuses the rotation moves; a conversation that did not happen, or one a re-plan
# cancelled, stays as it is.
ON_THE_DAY = (Status.PLANNED, Status.HAPPENING, Status.HELD)


def _current_timetable(event: Event) -> Timetable | None:
    return Timetable.objects.filter(event=event).order_by("-version").first()


def _finished(rotation: Rotation | None, round_count: int) -> bool:
    if rotation is None:
        return False
    if rotation.state == Rotation.State.FINISHED:
        return True
    return rotation.current_round is not None and rotation.current_round >= round_count


def _current_round(rotation: Rotation | None) -> int | None:
    if rotation is None or rotation.state == Rotation.State.NOT_STARTED:
        return None
    return rotation.current_round


def _status_on_the_day(round_index: int, rotation: Rotation | None, round_count: int) -> str:
    """Planned, happening or held, from where the rotation is (rules.rotation.round_phase)."""
    phase = round_phase(
        round_index,
        current_round=_current_round(rotation),
        finished=_finished(rotation, round_count),
    )
    return PHASE_STATUS[phase]


def _pairs_that_did_not_happen(timetable: Timetable | None) -> set[tuple[int, int]]:
    if timetable is None:
        return set()
    return set(
        timetable.conversations.filter(status=Status.DID_NOT_HAPPEN).values_list(
            "recruiter_id", "candidate_id"
        )
    )


def _keep_version(
    *,
    event: Event,
    actor: User | None,
    document: dict[str, Any],
    planned: PlannedTimetable,
    starts_at: datetime.time,
    conversation_minutes: int,
    now: datetime.datetime,
) -> Timetable:
    """Keep the core's plan as the event's next version, one row per conversation.

    A new row's status follows the rotation (`rules.rotation.round_phase`), except that a pair
    recorded as not having met stays so. The previous version's rows the new plan no longer
    has, if still planned or happening, are marked cancelled by the re-plan.
    """
    previous = _current_timetable(event)
    latest = Timetable.objects.filter(event=event).aggregate(latest=Max("version"))["latest"]
    round_count = len(planned.slots)
    timetable = Timetable.objects.create(
        organisation=event.organisation,
        event=event,
        version=(latest or 0) + 1,
        made_by=actor,
        starts_at=starts_at,
        conversation_minutes=conversation_minutes,
        rounds=round_count,
        input=document,
        output=output_summary(planned),
    )
    bump_live_versions(event_id=event.pk, screens=True, progress=True)
    rotation = Rotation.objects.filter(event=event).first()
    missed = _pairs_that_did_not_happen(previous)
    rows = [
        Conversation(
            organisation=event.organisation,
            timetable=timetable,
            round=planned_conversation.round,
            table=planned_conversation.table,
            recruiter_id=planned_conversation.recruiter_id,
            candidate_id=planned_conversation.candidate_id,
            interpreter_languages=planned_conversation.interpreter_languages,
            status=(
                Status.DID_NOT_HAPPEN
                if (planned_conversation.recruiter_id, planned_conversation.candidate_id) in missed
                else _status_on_the_day(planned_conversation.round, rotation, round_count)
            ),
            status_changed_at=now,
        )
        for planned_conversation in planned_conversations(planned)
    ]
    Conversation.objects.bulk_create(rows)
    if previous is not None:
        kept = {(row.round, row.table, row.recruiter_id, row.candidate_id) for row in rows}
        replaced = [
            row.pk
            for row in previous.conversations.filter(status__in=(Status.PLANNED, Status.HAPPENING))
            if (row.round, row.table, row.recruiter_id, row.candidate_id) not in kept
        ]
        Conversation.objects.filter(pk__in=replaced).update(
            status=Status.CANCELLED, status_changed_at=now
        )
    return timetable


def _solve(
    timetable_input: TimetableInput, on_progress: Callable[[int, int], None] | None
) -> PlannedTimetable:
    try:
        return plan_timetable(parse_event(timetable_input.document), on_progress=on_progress)
    except InvalidTimetableInput as error:
        raise TimetableNotPossible(
            gettext("The timetable could not be made: %(reason)s") % {"reason": error}
        ) from error


# A change to the event while its timetable is being worked out means working it out again;
# after this many tries the newest input is kept anyway, which cannot happen without someone
# changing the event every few seconds.
MOST_TRIES = 3


def make_timetable(
    *,
    event: Event,
    actor: User | None,
    now: datetime.datetime | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Timetable:
    """Plan the rotation with the rules core and keep it as the event's newest timetable.

    The plan is worked out with no transaction open, so nothing waits for the solver; then,
    with the event locked (two presses at once get versions n and n + 1), the input is read
    again and, if the event changed meanwhile, worked out again. Called by the task worker
    (timetables.tasks) and by the demo; pages ask for it with `request_timetable`.
    """
    timetable_input = build_timetable_input(event)
    for attempt in range(1, MOST_TRIES + 1):
        planned = _solve(timetable_input, on_progress)
        with transaction.atomic():
            Event.objects.select_for_update().filter(pk=event.pk).first()
            now_input = build_timetable_input(event)
            if now_input != timetable_input and attempt == MOST_TRIES:
                timetable_input = now_input
                planned = _solve(timetable_input, on_progress)  # the lock held, this once
            if now_input == timetable_input:
                return _keep_made(event, actor, timetable_input, planned, now or timezone.now())
        timetable_input = now_input
    raise AssertionError("unreachable: the last try keeps its plan")  # pragma: no cover


def _keep_made(
    event: Event,
    actor: User | None,
    timetable_input: TimetableInput,
    planned: PlannedTimetable,
    now: datetime.datetime,
) -> Timetable:
    timetable = _keep_version(
        event=event,
        actor=actor,
        document=timetable_input.document,
        planned=planned,
        starts_at=timetable_input.starts_at,
        conversation_minutes=timetable_input.conversation_minutes,
        now=now,
    )
    audit.record(
        now=now,
        organisation=event.organisation,
        # The person who asked, unless their account has gone since.
        actor=actor if actor is not None else audit.Actor(ActorKind.UNKNOWN),
        action=AuditAction.TIMETABLE_MADE,
        target=timetable,
        after={
            "version": timetable.version,
            "rounds": timetable.rounds,
            "lower_bound": planned.lower_bound,
            "optimal": planned.optimal,
            "unmet": len(planned.unmet),
        },
    )
    return timetable


def request_timetable(
    *, event: Event, actor: User, now: datetime.datetime | None = None
) -> Requested:
    """Ask the task worker to make the event's timetable; a second press while it is under way
    finds the first job instead of starting another. Checks first what can be checked at once
    (raises TimetableNotPossible saying what to do), so a press that cannot work says so now."""
    build_timetable_input(event)
    from coappoint.timetables.tasks import make_timetable_task

    return request_job(
        event=event,
        kind=Job.Kind.MAKE_TIMETABLE,
        actor=actor,
        enqueue=lambda job_id: make_timetable_task.enqueue(job_id),
        now=now,
    )


# --- A conversation that did not happen ------------------------------------------------------


def _pair_rows(
    event: Event, recruiter: CommunityRecruiter, candidate: Candidate
) -> list[Conversation]:
    timetable = _current_timetable(event)
    if timetable is None:
        return []
    return list(
        timetable.conversations.select_for_update()
        .filter(recruiter=recruiter, candidate=candidate)
        .order_by("round")
    )


def _change_pair(
    *,
    event: Event,
    recruiter: CommunityRecruiter,
    candidate: Candidate,
    actor: User,
    now: datetime.datetime | None,
    happened: bool,
) -> list[Conversation]:
    """Mark the pair's rows on the current timetable as not having happened, or (`happened`)
    back to what the rotation says; audited with the rows' ids. Returns the rows changed."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = [
            row
            for row in _pair_rows(event, recruiter, candidate)
            if (row.status == Status.DID_NOT_HAPPEN if happened else row.status in ON_THE_DAY)
        ]
        if not rows:
            return []
        rotation = Rotation.objects.filter(event=event).first()
        for row in rows:
            row.status = (
                _status_on_the_day(row.round, rotation, row.timetable.rounds)
                if happened
                else Status.DID_NOT_HAPPEN
            )
            row.status_changed_at = now
        Conversation.objects.bulk_update(rows, ["status", "status_changed_at"])
        pair = {
            "recruiter": recruiter.pk,
            "candidate": candidate.pk,
            "conversations": [row.pk for row in rows],
        }
        audit.record(
            now=now,
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.CONVERSATION_UNMARKED_MISSED
            if happened
            else AuditAction.CONVERSATION_MARKED_MISSED,
            target=rows[0],
            before=pair if happened else None,
            after=None if happened else pair,
        )
    return rows


def record_did_not_happen(
    *,
    event: Event,
    recruiter: CommunityRecruiter,
    candidate: Candidate,
    actor: User,
    now: datetime.datetime | None = None,
) -> list[Conversation]:
    """Record that the pair's conversation on the current timetable did not happen.

    Returns the rows changed (none when already recorded, or when the pair is not on the
    timetable). Scoring calls it, in its own transaction, once it has checked no sheet was sent.
    """
    return _change_pair(
        event=event, recruiter=recruiter, candidate=candidate, actor=actor, now=now, happened=False
    )


def record_happened(
    *,
    event: Event,
    recruiter: CommunityRecruiter,
    candidate: Candidate,
    actor: User,
    now: datetime.datetime | None = None,
) -> list[Conversation]:
    """The pair's conversation did happen after all: back to what the rotation says."""
    return _change_pair(
        event=event, recruiter=recruiter, candidate=candidate, actor=actor, now=now, happened=True
    )


# --- The rotation on the day: start, pause, resume, next round -------------------------------


class RotationNotPossible(Exception):
    """The rotation cannot do that now; the message says why, in the facilitator's words."""


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
    if timetable is None or not timetable.rounds:
        raise RotationNotPossible(
            gettext("There is no timetable of conversations yet. Make the timetable first.")
        )
    return timetable.rounds


def _follow_rotation(rotation: Rotation, now: datetime.datetime) -> None:
    """Move the current timetable's conversations to where the rotation now is: the rounds
    before the current one held, the current one happening, the rest planned."""
    timetable = _current_timetable(rotation.event)
    if timetable is None:
        return
    rows = timetable.conversations.filter(status__in=ON_THE_DAY)
    finished = _finished(rotation, timetable.rounds)
    current = _current_round(rotation)
    if finished:
        held, happening, planned = rows, rows.none(), rows.none()
    elif current is None:
        held, happening, planned = rows.none(), rows.none(), rows
    else:
        held = rows.filter(round__lt=current)
        happening = rows.filter(round=current)
        planned = rows.filter(round__gt=current)
    for subset, status in (
        (held, Status.HELD),
        (happening, Status.HAPPENING),
        (planned, Status.PLANNED),
    ):
        subset.exclude(status=status).update(status=status, status_changed_at=now)


def _save_rotation(
    rotation: Rotation,
    *,
    actor: User,
    action: AuditAction,
    before: dict[str, Any],
    now: datetime.datetime | None = None,
) -> Rotation:
    now = now or timezone.now()
    rotation.save()
    _follow_rotation(rotation, now)
    bump_live_versions(event_id=rotation.event_id, screens=True, progress=True)
    audit.record(
        now=now,
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
    """Start the first round of conversations now: the event is running (rules.lifecycle).

    Refused (campaigns.lifecycle.RulesNotLockedForTheDay) while the campaign's rules are not
    locked, and once scoring has started.
    """
    rotation = _locked_rotation(event)
    _round_count(event)
    if rotation.state != Rotation.State.NOT_STARTED:
        raise RotationNotPossible(gettext("The conversations have already started."))
    move_event(
        event,
        Event.State.RUNNING,
        refused=RotationNotPossible(
            gettext("Scoring has started, so the conversations can no longer start.")
        ),
    )
    before = _rotation_state(rotation)
    rotation.state = Rotation.State.RUNNING
    rotation.current_round = 0
    rotation.round_started_at = now or timezone.now()
    rotation.paused_at = None
    return _save_rotation(
        rotation, actor=actor, action=AuditAction.ROTATION_STARTED, before=before, now=now
    )


@transaction.atomic
def pause_rotation(*, event: Event, actor: User, now: datetime.datetime | None = None) -> Rotation:
    """Stop the clock of the current round (a fire drill, a late interpreter)."""
    rotation = _locked_rotation(event)
    if rotation.state != Rotation.State.RUNNING:
        raise RotationNotPossible(gettext("Only a round that is running can be paused."))
    before = _rotation_state(rotation)
    rotation.state = Rotation.State.PAUSED
    rotation.paused_at = now or timezone.now()
    return _save_rotation(rotation, actor=actor, action=AuditAction.ROTATION_PAUSED, before=before)


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
    return _save_rotation(rotation, actor=actor, action=AuditAction.ROTATION_RESUMED, before=before)


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
        return _save_rotation(
            rotation, actor=actor, action=AuditAction.ROTATION_FINISHED, before=before, now=now
        )
    rotation.state = Rotation.State.RUNNING
    rotation.current_round += 1
    rotation.round_started_at = now or timezone.now()
    return _save_rotation(
        rotation, actor=actor, action=AuditAction.ROTATION_ROUND_STARTED, before=before, now=now
    )


# --- Late arrivals, no-shows and early leavers: re-planning the rest of the day --------------


class ReplanningNotPossible(Exception):
    """The change cannot be planned; the message says why and what to do."""


@dataclass(frozen=True)
class Replanned:
    """What recording a change made: the new version, and what happened to the conversations
    from the round under way on, compared with the version before: `cancelled` no longer
    happen (the person's, above all), `moved` still happen at another round or table, `added`
    are new (a freed recruiter given someone they have not met). `freed` are the recruiters
    the change left without a conversation in the round under way."""

    change: AttendanceChange
    timetable: Timetable
    moved: int
    cancelled: int = 0
    added: int = 0
    freed: tuple[int, ...] = ()


@dataclass(frozen=True)
class Compared:
    """How the conversations of two versions differ from one round on (see `Replanned`)."""

    cancelled: int
    moved: int
    added: int


Places = dict[tuple[int, int], tuple[int, int]]


def places_from(timetable: Timetable, *, from_round: int) -> Places:
    """Where each pair still standing meets from `from_round` on: (recruiter, candidate) to
    (round, table). Read before a re-plan changes the version's rows."""
    standing = (Status.PLANNED, Status.HAPPENING, Status.HELD)
    return {
        (row.recruiter_id, row.candidate_id): (row.round, row.table)
        for row in timetable.conversations.filter(round__gte=from_round, status__in=standing)
    }


def compare_places(was: Places, now: Places) -> Compared:
    """The conversations `now` cancelled, moved or added, against `was` (see `Replanned`); a
    pair is the same conversation wherever it is."""
    return Compared(
        cancelled=sum(1 for pair in was if pair not in now),
        moved=sum(1 for pair, place in was.items() if pair in now and now[pair] != place),
        added=sum(1 for pair in now if pair not in was),
    )


def _check_person(event: Event, person_kind: str, person_id: int) -> None:
    if person_kind == AttendanceChange.PersonKind.CANDIDATE:
        if not event.candidates.filter(pk=person_id).exists():
            raise ReplanningNotPossible(gettext("Choose a candidate at this event."))
        return
    if person_kind == AttendanceChange.PersonKind.RECRUITER:
        if not CommunityRecruiter.objects.filter(event=event, pk=person_id).exists():
            raise ReplanningNotPossible(gettext("Choose a recruiter at this event."))
        return
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
    actor: User | CommunityRecruiter,
    round_index: int | None = None,
    current_not_held: bool = False,
    now: datetime.datetime | None = None,
) -> Replanned:
    """Record a no-show, late arrival or early leaver and re-plan the rounds not started yet.

    `round_index` (slots from 0) is the first round a late arrival is there for, or the first
    round an early leaver is gone for; a no-show is gone from the first round not started, and
    their conversation in the round under way, if any, is cancelled at once (it cannot happen:
    their recruiter's phone stops showing it and no sheet is owed for it). An early leaver's
    conversation under way stays, unless `current_not_held` says it was not held.
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
    _check_person(event, person_kind, person_id)
    if kind in (AttendanceChange.Kind.NO_SHOW, AttendanceChange.Kind.WITHDREW):
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
    now = now or timezone.now()
    document = copy.deepcopy(timetable.input)
    is_candidate = person_kind == AttendanceChange.PersonKind.CANDIDATE
    entry = person_entry(
        document,
        candidate=person_id if is_candidate else None,
        recruiter=None if is_candidate else person_id,
    )
    if entry is None:
        raise ReplanningNotPossible(
            gettext(
                "They are not on the current timetable. Make the timetable again to include them."
            )
        )
    horizon = document.get("max_slots")
    if horizon is None:
        horizon = timetable.rounds + len(document["candidates"]) + len(document["recruiters"])
    entry["available"] = _availability_after(entry, kind, round_index, max(horizon, round_index))
    was = places_from(timetable, from_round=max(first_open - 1, 0))
    # The person's conversation under way goes first, so the plan can make up for it.
    taken_out = _take_out_of_the_round_under_way(
        timetable,
        rotation=rotation,
        person_kind=person_kind,
        person_id=person_id,
        status=(
            Status.CANCELLED
            if kind == AttendanceChange.Kind.NO_SHOW
            else Status.DID_NOT_HAPPEN
            if kind == AttendanceChange.Kind.EARLY_LEAVER and current_not_held
            else None
        ),
        now=now,
    )
    try:
        parsed = parse_event(document)
        # Only the quick part here, in pure Python: the facilitator is waiting. A task looks
        # for a better plan afterwards and offers it (`use_improved_plan`).
        planned = plan_timetable(
            parsed,
            previous=previous_plan(_standing(timetable), parsed),
            from_slot=first_open,
            quick=True,
        )
    except InvalidTimetableInput as error:
        raise ReplanningNotPossible(
            gettext("The timetable could not be planned again: %(reason)s") % {"reason": error}
        ) from error
    # The clock stays: round n starts when it did, so the rounds held keep their times.
    staff = actor if isinstance(actor, User) else None
    replanned = _keep_version(
        event=event,
        actor=staff,
        document=document,
        planned=planned,
        starts_at=timetable.starts_at,
        conversation_minutes=timetable.conversation_minutes,
        now=now,
    )
    # A candidate who did not come leaves their recruiter in this round with nobody to talk to.
    freed = (
        tuple(sorted(row.recruiter_id for row in taken_out if row.status == Status.CANCELLED))
        if person_kind == AttendanceChange.PersonKind.CANDIDATE
        else ()
    )
    from_round = taken_out[0].round if taken_out else first_open
    compared = compare_places(
        {pair: place for pair, place in was.items() if place[0] >= from_round},
        places_from(replanned, from_round=from_round),
    )
    # What the page reports is counted against the version before, pair by pair: the core's
    # own "moved" counts a cancelled conversation as moved.
    replanned.output = {
        **replanned.output,
        "moved": compared.moved,
        "cancelled": compared.cancelled,
        "added": compared.added,
    }
    replanned.save(update_fields=["output"])
    change = AttendanceChange.objects.create(
        organisation=event.organisation,
        event=event,
        person_kind=person_kind,
        person_id=person_id,
        kind=kind,
        round=round_index,
        timetable=replanned,
        recorded_by=staff,
        recorded_at=now,
    )
    audit.record(
        now=now,
        organisation=event.organisation,
        actor=actor,
        action=AuditAction.ATTENDANCE_RECORDED,
        target=change,
        after={
            "kind": kind,
            "person_kind": person_kind,
            "person_id": person_id,
            "round": round_index,
        },
    )
    audit.record(
        now=now,
        organisation=event.organisation,
        actor=actor,
        action=AuditAction.TIMETABLE_REPLANNED,
        target=replanned,
        before={"version": timetable.version, "rounds": timetable.rounds},
        after={
            "version": replanned.version,
            "kept_rounds": first_open,
            "rounds": replanned.rounds,
            "moved": compared.moved,
            "cancelled": compared.cancelled,
            "added": compared.added,
            "unmet": len(planned.unmet),
        },
    )
    if not planned.optimal:
        _request_improvement(event=event, timetable=replanned, from_slot=first_open, actor=staff)
    return Replanned(
        change=change,
        timetable=replanned,
        moved=compared.moved,
        cancelled=compared.cancelled,
        added=compared.added,
        freed=freed,
    )


def _standing(timetable: Timetable) -> QuerySet[Conversation]:
    """A version's conversations the day still holds, one that did not happen kept in its place
    (it stays so, `_keep_version`): what a re-plan starts from."""
    return timetable.conversations.exclude(status=Status.CANCELLED)


def _take_out_of_the_round_under_way(
    timetable: Timetable,
    *,
    rotation: Rotation | None,
    person_kind: str,
    person_id: int,
    status: str | None,
    now: datetime.datetime,
) -> list[Conversation]:
    """Give the person's conversation in the round under way, on the version being re-planned,
    `status` (cancelled for a no-show, did not happen for an early leaver whose conversation
    was not held); the rows changed."""
    current = _current_round(rotation)
    if status is None or current is None or _finished(rotation, timetable.rounds):
        return []
    person = (
        {"candidate_id": person_id}
        if person_kind == AttendanceChange.PersonKind.CANDIDATE
        else {"recruiter_id": person_id}
    )
    rows = list(timetable.conversations.filter(round=current, status__in=ON_THE_DAY, **person))
    for row in rows:
        row.status, row.status_changed_at = status, now
    Conversation.objects.bulk_update(rows, ["status", "status_changed_at"])
    return rows


# --- A better plan, looked for by the task worker after a quick re-plan ----------------------


def _request_improvement(
    *, event: Event, timetable: Timetable, from_slot: int, actor: User | None
) -> None:
    """Ask the worker to look for a better plan than `timetable` for rounds from `from_slot`;
    one looking for a better plan of an older version is withdrawn first."""
    from coappoint.timetables.tasks import improve_timetable_task

    for job in Job.objects.filter(
        event=event,
        kind=Job.Kind.IMPROVE_TIMETABLE,
        state__in=(Job.State.QUEUED, Job.State.RUNNING),
    ):
        withdraw_job(job)
    request_job(
        event=event,
        kind=Job.Kind.IMPROVE_TIMETABLE,
        actor=actor,
        enqueue=lambda job_id: improve_timetable_task.enqueue(job_id),
        parameters={"timetable": timetable.pk, "from_slot": from_slot},
    )


@dataclass(frozen=True)
class Improved:
    """The version the better plan became, and how many conversations it moved."""

    timetable: Timetable
    moved: int


@transaction.atomic
def use_improved_plan(
    *, event: Event, job: Job, actor: User, now: datetime.datetime | None = None
) -> Improved:
    """Replace the current timetable with the better plan the worker found, as a new version,
    if it still applies (raises ReplanningNotPossible saying why not, and stops offering it)."""
    Event.objects.select_for_update().filter(pk=event.pk).first()
    job = Job.objects.select_for_update().get(pk=job.pk, event=event)
    Rotation.objects.select_for_update().filter(event=event).first()
    if not improvement_still_applies(job):
        settle_job(job)
        raise ReplanningNotPossible(
            gettext(
                "The better plan can no longer be used: the timetable has changed or its "
                "rounds have started since it was found."
            )
        )
    now = now or timezone.now()
    current = Timetable.objects.get(pk=job.parameters["timetable"])
    try:
        planned = timetable_from_json(job.result["plan"], parse_event(current.input))
    except InvalidTimetableInput as error:
        settle_job(job)
        raise ReplanningNotPossible(
            gettext("The better plan could not be read: %(reason)s") % {"reason": error}
        ) from error
    improved = _keep_version(
        event=event,
        actor=actor,
        document=current.input,
        planned=planned,
        starts_at=current.starts_at,
        conversation_minutes=current.conversation_minutes,
        now=now,
    )
    settle_job(job)
    audit.record(
        now=now,
        organisation=event.organisation,
        actor=actor,
        action=AuditAction.TIMETABLE_IMPROVED,
        target=improved,
        before={"version": current.version, "rounds": current.rounds},
        after={
            "version": improved.version,
            "kept_rounds": int(job.parameters["from_slot"]),
            "rounds": improved.rounds,
            "moved": planned.moved,
            "unmet": len(planned.unmet),
            "job": job.pk,
        },
    )
    return Improved(timetable=improved, moved=planned.moved)


@transaction.atomic
def look_for_better_plan_again(*, event: Event, actor: User) -> None:
    """After a failed search for a better plan, look again for the current timetable's rounds
    not started yet."""
    Event.objects.select_for_update().filter(pk=event.pk).first()
    current = _current_timetable(event)
    rotation = Rotation.objects.filter(event=event).first()
    if current is None or (rotation is not None and rotation.state == Rotation.State.FINISHED):
        raise ReplanningNotPossible(
            gettext("The conversations have finished: there is nothing left to plan.")
        )
    _request_improvement(
        event=event, timetable=current, from_slot=first_open_round(rotation), actor=actor
    )


@transaction.atomic
def keep_quick_plan(*, event: Event, job: Job, actor: User) -> None:
    """The facilitator keeps the plan they have: the better one is no longer offered."""
    job = Job.objects.select_for_update().get(pk=job.pk, event=event)
    if job.state != Job.State.DONE:
        return
    settle_job(job)
    audit.record(
        now=timezone.now(),
        organisation=event.organisation,
        actor=actor,
        action=AuditAction.TIMETABLE_IMPROVEMENT_TURNED_DOWN,
        target=job,
        after={"timetable": job.parameters.get("timetable"), "job": job.pk},
    )


@dataclass(frozen=True)
class Withdrawn:
    """A recruiter withdrew: the re-planned timetable, if one was made, or why it could not be."""

    replanned: Replanned | None
    not_replanned_because: str = ""


def withdraw_recruiter(
    *,
    recruiter: CommunityRecruiter,
    actor: User | CommunityRecruiter,
    now: datetime.datetime | None = None,
) -> Withdrawn:
    """The recruiter withdraws from the day (from their phone, or staff for them).

    They leave the plan: with a timetable made and conversations still to come, the rounds not
    started are planned again without them, as for a no-show, and kept as a new version. They
    owe no more sheets, and sheets they sent still count (rules.sheets). If the plan cannot be
    made without them (say too few recruiters are left), the withdrawal stands and the reason
    is returned for staff to act on.
    """
    now = now or timezone.now()
    event = recruiter.event
    with transaction.atomic():
        record_withdrawal(recruiter=recruiter, actor=actor, now=now)
        timetable = _current_timetable(event)
        rotation = Rotation.objects.filter(event=event).first()
        # Once scoring has begun the conversations are over: the plan is history, not changed.
        conversations_to_come = event.state in (Event.State.PLANNED, Event.State.RUNNING) and (
            rotation is None or rotation.state != Rotation.State.FINISHED
        )
        if timetable is None or not conversations_to_come:
            return Withdrawn(replanned=None)
        document = timetable.input
        if person_entry(document, candidate=None, recruiter=recruiter.pk) is None:
            return Withdrawn(replanned=None)
        try:
            with transaction.atomic():
                replanned = record_attendance_change(
                    event=event,
                    person_kind=AttendanceChange.PersonKind.RECRUITER,
                    person_id=recruiter.pk,
                    kind=AttendanceChange.Kind.WITHDREW,
                    actor=actor,
                    now=now,
                )
        except ReplanningNotPossible as refusal:
            return Withdrawn(replanned=None, not_replanned_because=str(refusal))
    return Withdrawn(replanned=replanned)
