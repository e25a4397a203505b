"""Reads of timetables, and what the pages and print cards show of one, in plain words."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from coappoint.events.models import AgendaBlock, Event, interpreter_language_name
from coappoint.events.queries import list_candidate_display_names
from coappoint.jobs.models import Job
from coappoint.jobs.queries import latest_job, progress_in_words
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.rules.timetable import NO_INTERPRETER, NOT_TOGETHER, SHORT_OF_K, TIME_BUDGET
from coappoint.timetables.models import AttendanceChange, Conversation, Rotation, Timetable
from coappoint.timetables.planning import Unmet, input_languages, list_unmet


def get_current_timetable(event: Event) -> Timetable | None:
    """The event's newest timetable, if one has been made."""
    return Timetable.objects.filter(event=event).select_related("made_by").first()


@dataclass(frozen=True)
class Seat:
    """One conversation as a card shows it."""

    starts_at: datetime.time
    ends_at: datetime.time
    table: int
    candidate: str
    recruiter: str
    interpreters: str


@dataclass(frozen=True)
class Round:
    """One row of the timetable: a slot's clock times and each table's conversation, if any."""

    number: int
    starts_at: datetime.time
    ends_at: datetime.time
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    """A printed card for one recruiter or one table: its conversations in time order."""

    key: str
    title: str
    seats: tuple[Seat, ...]


@dataclass(frozen=True)
class TimetableDescription:
    """Everything the timetable page and its print views show."""

    timetable: Timetable
    tables: tuple[int, ...]
    rounds: tuple[Round, ...]
    optimality: str
    unmet: tuple[str, ...]
    recruiter_cards: tuple[Card, ...]
    table_cards: tuple[Card, ...]
    starts_at: datetime.time | None
    ends_at: datetime.time | None


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return gettext("%(most)s and %(last)s") % {"most": ", ".join(words[:-1]), "last": words[-1]}


def interpreters_in_words(codes: Sequence[str]) -> str:
    """ "Arabic interpreter", "Arabic and British Sign Language interpreters", or ""."""
    if not codes:
        return ""
    names = _join([interpreter_language_name(code) for code in codes])
    return ngettext("%(languages)s interpreter", "%(languages)s interpreters", len(codes)) % {
        "languages": names
    }


def recruiter_short_names(recruiters: Sequence[CommunityRecruiter]) -> dict[int, str]:
    """First name and the initial of the last ("Amina H."); full names where those would clash."""
    short: dict[int, str] = {}
    for recruiter in recruiters:
        words = recruiter.full_name.split()
        short[recruiter.pk] = (
            f"{words[0]} {words[-1][0]}." if len(words) > 1 else recruiter.full_name.strip()
        )
    clashes = Counter(name.casefold() for name in short.values())
    return {
        recruiter.pk: (
            short[recruiter.pk]
            if clashes[short[recruiter.pk].casefold()] == 1
            else recruiter.full_name
        )
        for recruiter in recruiters
    }


def _clock(starts_at: datetime.time, minutes: int) -> datetime.time:
    moment = datetime.datetime.combine(datetime.date(2000, 1, 1), starts_at)
    return (moment + datetime.timedelta(minutes=minutes)).time()


def _optimality(rounds: int, lower_bound: int, optimal: bool) -> str:
    if rounds == 0:
        return gettext("There are no conversations to plan.")
    if optimal:
        return ngettext(
            "This is the shortest possible timetable: %(rounds)s round.",
            "This is the shortest possible timetable: %(rounds)s rounds.",
            rounds,
        ) % {"rounds": rounds}
    return ngettext(
        "This timetable has %(rounds)s round; no timetable can have fewer than %(bound)s.",
        "This timetable has %(rounds)s rounds; no timetable can have fewer than %(bound)s.",
        rounds,
    ) % {"rounds": rounds, "bound": lower_bound}


def _unmet_sentence(
    item: Unmet,
    candidate_names: dict[int, str],
    recruiter_names: dict[int, str],
    languages: tuple[dict[int, str], dict[int, str]],
) -> str:
    someone = gettext("Someone")
    candidate = candidate_names.get(item.candidate_id or 0, someone)
    reason = item.reason_code
    if reason == SHORT_OF_K:
        return ngettext(
            "%(candidate)s meets %(missing)s recruiter fewer than planned: there is not enough "
            "time, or not enough recruiters they may meet.",
            "%(candidate)s meets %(missing)s recruiters fewer than planned: there is not enough "
            "time, or not enough recruiters they may meet.",
            item.missing,
        ) % {"candidate": candidate, "missing": item.missing}
    people = {
        "candidate": candidate,
        "recruiter": recruiter_names.get(item.recruiter_id or 0, someone),
    }
    if reason == NOT_TOGETHER:
        return (
            gettext(
                "%(candidate)s and %(recruiter)s do not meet: they are never there at the same "
                "time."
            )
            % people
        )
    if reason == NO_INTERPRETER:
        candidate_languages, recruiter_languages = languages
        needed = sorted(
            {
                code
                for code in (
                    candidate_languages.get(item.candidate_id or 0),
                    recruiter_languages.get(item.recruiter_id or 0),
                )
                if code
            }
        )
        return gettext(
            "%(candidate)s and %(recruiter)s do not meet: no %(languages)s interpreter is free "
            "when they are both there. Add an interpreter in the event plan."
        ) % {**people, "languages": _join([interpreter_language_name(code) for code in needed])}
    if reason == TIME_BUDGET:
        return (
            gettext(
                "%(candidate)s and %(recruiter)s do not meet: there is not enough time. Make the "
                "one-to-one conversations longer in the agenda, or add tables."
            )
            % people
        )
    return gettext("%(candidate)s and %(recruiter)s do not meet.") % people


def list_current_conversations(event: Event) -> QuerySet[Conversation]:
    """The conversations of the event's newest timetable that still stand (not cancelled)."""
    newest = Timetable.objects.filter(event=event).order_by("-version").values("pk")[:1]
    return Conversation.objects.filter(timetable=Subquery(newest)).exclude(
        status=Conversation.Status.CANCELLED
    )


def list_conversations(timetable: Timetable) -> list[Conversation]:
    """A version's conversations, round by round and table by table, with the people."""
    return list(
        timetable.conversations.exclude(status=Conversation.Status.CANCELLED)
        .select_related("recruiter", "candidate")
        .order_by("round", "table")
    )


def describe_timetable(timetable: Timetable) -> TimetableDescription:
    """The timetable in people's names and clock times, with its bound and gaps in plain words."""
    event = timetable.event
    candidate_names = {
        candidate.pk: name for candidate, name in list_candidate_display_names(event)
    }
    recruiters = list(CommunityRecruiter.objects.filter(event=event).order_by("full_name", "pk"))
    recruiter_names = recruiter_short_names(recruiters)
    tables = tuple(range(1, int(timetable.input.get("tables") or 1) + 1))
    minutes = timetable.conversation_minutes
    conversations = list_conversations(timetable)
    by_round: dict[int, list[Conversation]] = {}
    for conversation in conversations:
        by_round.setdefault(conversation.round, []).append(conversation)
    rounds: list[Round] = []
    by_recruiter: dict[int, list[Seat]] = {}
    by_table: dict[int, list[Seat]] = {}
    for number in range(timetable.rounds):
        starts_at = _clock(timetable.starts_at, number * minutes)
        ends_at = _clock(timetable.starts_at, (number + 1) * minutes)
        cells = dict.fromkeys(tables, "")
        for conversation in by_round.get(number, []):
            seat = Seat(
                starts_at=starts_at,
                ends_at=ends_at,
                table=conversation.table,
                candidate=candidate_names.get(conversation.candidate_id, ""),
                recruiter=recruiter_names.get(conversation.recruiter_id, ""),
                interpreters=interpreters_in_words(conversation.languages),
            )
            cell = gettext("%(candidate)s with %(recruiter)s") % {
                "candidate": seat.candidate,
                "recruiter": seat.recruiter,
            }
            cells[seat.table] = f"{cell} ({seat.interpreters})" if seat.interpreters else cell
            by_recruiter.setdefault(conversation.recruiter_id, []).append(seat)
            by_table.setdefault(seat.table, []).append(seat)
        rounds.append(
            Round(
                number=number + 1, starts_at=starts_at, ends_at=ends_at, cells=tuple(cells.values())
            )
        )
    recruiter_cards = tuple(
        Card(
            key=str(recruiter.pk),
            title=recruiter_names[recruiter.pk],
            seats=tuple(by_recruiter.get(recruiter.pk, [])),
        )
        for recruiter in recruiters
    )
    table_cards = tuple(
        Card(
            key=str(table),
            title=gettext("Table %(table)s") % {"table": table},
            seats=tuple(by_table.get(table, [])),
        )
        for table in tables
    )
    languages = input_languages(timetable)
    return TimetableDescription(
        timetable=timetable,
        tables=tables,
        rounds=tuple(rounds),
        optimality=_optimality(
            len(rounds), timetable.output["lower_bound"], timetable.output["optimal"]
        ),
        unmet=tuple(
            _unmet_sentence(item, candidate_names, recruiter_names, languages)
            for item in list_unmet(timetable)
        ),
        recruiter_cards=recruiter_cards,
        table_cards=table_cards,
        starts_at=rounds[0].starts_at if rounds else None,
        ends_at=rounds[-1].ends_at if rounds else None,
    )


# --- The facilitator's screen on the day -----------------------------------------------------


def get_rotation(event: Event) -> Rotation | None:
    return Rotation.objects.filter(event=event).first()


@dataclass(frozen=True)
class AgendaItem:
    """One block of the day's agenda, and whether the clock is in it now."""

    title: str
    starts_at: datetime.time
    ends_at: datetime.time
    is_current: bool


def agenda_now(
    blocks: Sequence[AgendaBlock], event_date: datetime.date, now: datetime.datetime
) -> tuple[AgendaItem, ...]:
    """The agenda with the block the local clock is in marked; none on another day."""
    local = timezone.localtime(now)
    items = []
    for block in blocks:
        ends_at = _clock(block.starts_at, block.duration_minutes)
        starts = datetime.datetime.combine(event_date, block.starts_at)
        ends = starts + datetime.timedelta(minutes=block.duration_minutes)
        here = local.replace(tzinfo=None)
        items.append(
            AgendaItem(
                title=block.title,
                starts_at=block.starts_at,
                ends_at=ends_at,
                is_current=starts <= here < ends,
            )
        )
    return tuple(items)


@dataclass(frozen=True)
class RoundClock:
    """Where the conversations are: the round (from 1), its planned times and the time left."""

    state: str
    state_text: str
    round_index: int | None
    round_number: int | None
    round_count: int
    planned_starts_at: datetime.time | None
    planned_ends_at: datetime.time | None
    seconds_left: int | None
    time_left_text: str


def _minutes_and_seconds(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def round_clock(
    rotation: Rotation | None, timetable: Timetable | None, now: datetime.datetime
) -> RoundClock:
    """The rotation as the facilitator reads it at `now`: a paused round's clock stands still."""
    round_count = timetable.rounds if timetable else 0
    state = rotation.state if rotation else Rotation.State.NOT_STARTED
    index = rotation.current_round if rotation else None
    planned_starts_at = planned_ends_at = None
    seconds_left: int | None = None
    time_left_text = ""
    if timetable is not None and index is not None and state != Rotation.State.FINISHED:
        minutes = timetable.conversation_minutes
        planned_starts_at = _clock(timetable.starts_at, index * minutes)
        planned_ends_at = _clock(timetable.starts_at, (index + 1) * minutes)
        if rotation is not None and rotation.round_started_at is not None:
            until = rotation.paused_at if state == Rotation.State.PAUSED else now
            elapsed = int((until - rotation.round_started_at).total_seconds()) if until else 0
            seconds_left = minutes * 60 - elapsed
            if seconds_left >= 0:
                time_left_text = gettext("%(time)s left") % {
                    "time": _minutes_and_seconds(seconds_left)
                }
            else:
                time_left_text = gettext("Time is up: %(time)s over") % {
                    "time": _minutes_and_seconds(-seconds_left)
                }
    if state == Rotation.State.NOT_STARTED:
        state_text = gettext("The conversations have not started.")
    elif state == Rotation.State.FINISHED:
        state_text = gettext("The conversations have finished.")
    elif state == Rotation.State.PAUSED:
        state_text = gettext("Paused: round %(number)s of %(count)s.") % {
            "number": (index or 0) + 1,
            "count": round_count,
        }
    else:
        state_text = gettext("Round %(number)s of %(count)s.") % {
            "number": (index or 0) + 1,
            "count": round_count,
        }
    return RoundClock(
        state=state,
        state_text=state_text,
        round_index=index,
        round_number=None if index is None else index + 1,
        round_count=round_count,
        planned_starts_at=planned_starts_at,
        planned_ends_at=planned_ends_at,
        seconds_left=seconds_left,
        time_left_text=time_left_text,
    )


@dataclass(frozen=True)
class Person:
    """Someone on the timetable, as the attendance forms offer them."""

    value: str
    label: str


def list_people_on_the_day(event: Event) -> tuple[Person, ...]:
    """Candidates (by the names recruiters see) then recruiters, for the attendance forms."""
    candidates = [
        Person(
            value=f"{AttendanceChange.PersonKind.CANDIDATE}-{candidate.pk}",
            label=gettext("%(name)s (candidate)") % {"name": name},
        )
        for candidate, name in list_candidate_display_names(event)
    ]
    recruiters = [
        Person(
            value=f"{AttendanceChange.PersonKind.RECRUITER}-{recruiter.pk}",
            label=gettext("%(name)s (recruiter)") % {"name": recruiter.full_name},
        )
        for recruiter in CommunityRecruiter.objects.filter(event=event).order_by("full_name", "pk")
    ]
    return (*candidates, *recruiters)


def round_choices(timetable: Timetable, first: int) -> list[tuple[int, str]]:
    """The rounds from `first` to the end of the time there is: "Round 3, 12:25"."""
    last = max(int(timetable.input.get("max_slots") or 0), timetable.rounds)
    minutes = timetable.conversation_minutes
    return [
        (
            index,
            gettext("Round %(number)s, %(time)s")
            % {
                "number": index + 1,
                "time": f"{_clock(timetable.starts_at, index * minutes):%H:%M}",
            },
        )
        for index in range(max(first, 0), last)
    ]


@dataclass(frozen=True)
class ChangeRecorded:
    """A late arrival, no-show or early leaver in plain words, and what re-planning did."""

    sentence: str
    recorded_at: datetime.datetime
    moved_text: str


def replanned_in_words(*, cancelled: int, moved: int, added: int) -> str:
    """ "2 conversations are cancelled; 1 moved; 1 added." (each count said, even 0)."""
    return (
        ngettext(
            "%(count)s conversation is cancelled;",
            "%(count)s conversations are cancelled;",
            cancelled,
        )
        % {"count": cancelled}
        + " "
        + ngettext("%(count)s moved;", "%(count)s moved;", moved) % {"count": moved}
        + " "
        + ngettext("%(count)s added.", "%(count)s added.", added) % {"count": added}
    )


def freed_in_words(event: Event, recruiter_ids: Sequence[int]) -> str:
    """ "Amina Hassan and Bea Jones have nobody to talk to in this round." """
    names = list(
        CommunityRecruiter.objects.filter(event=event, pk__in=recruiter_ids)
        .order_by("full_name", "pk")
        .values_list("full_name", flat=True)
    )
    return ngettext(
        "%(names)s now has nobody to talk to in the round under way.",
        "%(names)s now have nobody to talk to in the round under way.",
        len(names),
    ) % {"names": _join(names)}


def version_changes_in_words(timetable: Timetable) -> str:
    """What a re-planned version changed, from its output (older versions: moved only)."""
    output = timetable.output
    if "cancelled" not in output:
        return moved_in_words(int(output.get("moved", 0)))
    return replanned_in_words(
        cancelled=int(output.get("cancelled", 0)),
        moved=int(output.get("moved", 0)),
        added=int(output.get("added", 0)),
    )


def moved_in_words(moved: int) -> str:
    """ "3 conversations moved." or "No conversations moved." """
    if moved == 0:
        return gettext("No conversations moved.")
    return ngettext("%(count)s conversation moved.", "%(count)s conversations moved.", moved) % {
        "count": moved
    }


def list_attendance_changes(event: Event) -> tuple[ChangeRecorded, ...]:
    """The changes recorded on the day, newest first, in the facilitator's words."""
    names: dict[tuple[str, int], str] = {
        (AttendanceChange.PersonKind.CANDIDATE.value, candidate.pk): name
        for candidate, name in list_candidate_display_names(event)
    }
    names.update(
        {
            (AttendanceChange.PersonKind.RECRUITER.value, recruiter.pk): recruiter.full_name
            for recruiter in CommunityRecruiter.objects.filter(event=event)
        }
    )
    changes = []
    for change in AttendanceChange.objects.filter(event=event).select_related("timetable"):
        name = names.get((change.person_kind, change.person_id), gettext("Someone"))
        values = {"name": name, "number": change.round + 1}
        if change.kind == AttendanceChange.Kind.NO_SHOW:
            sentence = gettext("%(name)s did not come (from round %(number)s).") % values
        elif change.kind == AttendanceChange.Kind.LATE_ARRIVAL:
            sentence = gettext("%(name)s arrives late, for round %(number)s.") % values
        else:
            sentence = gettext("%(name)s leaves early, before round %(number)s.") % values
        moved = int(change.timetable.output.get("moved", 0)) if change.timetable else 0
        changes.append(
            ChangeRecorded(
                sentence=sentence, recorded_at=change.recorded_at, moved_text=moved_in_words(moved)
            )
        )
    return tuple(changes)


def was_replanned(timetable: Timetable) -> bool:
    """Whether this version was made by re-planning for someone not there as planned."""
    return AttendanceChange.objects.filter(timetable=timetable).exists()


def first_open_round(rotation: Rotation | None) -> int:
    """The first round not started yet: re-planning may change it and the rounds after it."""
    if rotation is None or rotation.state == Rotation.State.NOT_STARTED:
        return 0
    if rotation.current_round is None:
        return 0
    return rotation.current_round + 1


def improvement_still_applies(job: Job) -> bool:
    """Whether a better plan the worker found can still be used: the timetable it improves is
    still the current one and none of the rounds it changes has started."""
    if job.state != Job.State.DONE or not job.result.get("better"):
        return False
    if job.event is None:
        return False
    current = get_current_timetable(job.event)
    rotation = Rotation.objects.filter(event=job.event).first()
    return (
        current is not None
        and current.pk == job.parameters.get("timetable")
        and (rotation is None or rotation.state != Rotation.State.FINISHED)
        and first_open_round(rotation) <= int(job.parameters.get("from_slot", 0))
    )


@dataclass(frozen=True)
class BetterPlan:
    """The search for a better plan after a quick re-plan, as the facilitator's screen shows
    it: still looking, ready to use, or failed (and can be tried again)."""

    job: Job
    words: str
    ready: bool = False
    failed: bool = False


def describe_better_plan(event: Event) -> BetterPlan | None:
    """The search for a better plan of the current timetable, or None when there is none to
    show (none asked for, none found, or it no longer applies)."""
    job = latest_job(event, Job.Kind.IMPROVE_TIMETABLE)
    current = get_current_timetable(event)
    if job is None or current is None or job.parameters.get("timetable") != current.pk:
        return None
    if job.under_way:
        return BetterPlan(
            job=job,
            words=gettext("Looking for a better plan for the rounds not started yet. %(progress)s")
            % {"progress": progress_in_words(job)},
        )
    if job.state == Job.State.FAILED:
        return BetterPlan(job=job, words=progress_in_words(job), failed=True)
    if not improvement_still_applies(job):
        return None
    result = job.result
    return BetterPlan(
        job=job,
        ready=True,
        words=gettext(
            "A better plan is ready: %(conversations)s conversations in %(rounds)s rounds, "
            "where the plan now has %(conversations_now)s in %(rounds_now)s. Using it moves "
            "%(moved)s of the conversations planned now. Use it before round %(round)s starts, "
            "or keep the plan you have."
        )
        % {
            "conversations": result.get("conversations"),
            "rounds": result.get("rounds"),
            "conversations_now": result.get("conversations_now"),
            "rounds_now": result.get("rounds_now"),
            "moved": result.get("moved"),
            "round": int(job.parameters.get("from_slot", 0)) + 1,
        },
    )
