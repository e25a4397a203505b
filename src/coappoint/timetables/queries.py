"""Reads of timetables, and what the pages and print cards show of one, in plain words."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from coappoint.events.models import AgendaBlock, Event, interpreter_language_name
from coappoint.events.queries import list_candidate_display_names
from coappoint.jobs.models import Job
from coappoint.jobs.queries import latest_job, progress_in_words
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.rules import timetable as core
from coappoint.rules import timetable_advice
from coappoint.rules.errors import InvalidTimetableInput
from coappoint.rules.timetable import (
    CANDIDATE_FULL,
    FEW_PARTNERS,
    INTERPRETERS_BUSY,
    NEVER_FREE_TOGETHER,
    NO_INTERPRETER,
    NONE_ON_THE_DAY,
    NOT_TOGETHER,
    RECRUITER_FULL,
    ROOM_LEFT,
    SHORT_OF_K,
    TABLES_FULL,
    TIME_BUDGET,
)
from coappoint.timetables.models import AttendanceChange, Conversation, Rotation, Timetable
from coappoint.timetables.planning import (
    Unmet,
    conversations_block,
    input_languages,
    list_unmet,
)


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
    planned: int = 0
    unmet_items: tuple[Unmet, ...] = ()

    @cached_property
    def _event_input(self) -> core.Event | None:
        try:
            return core.parse_event(self.timetable.input)
        except InvalidTimetableInput:
            return None

    @cached_property
    def _under_way(self) -> bool:
        return (
            Rotation.objects.filter(event_id=self.timetable.event_id)
            .exclude(state=Rotation.State.NOT_STARTED)
            .exists()
        )

    @cached_property
    def advice(self) -> tuple[str, ...]:
        """What would help fit the conversations that do not, as the rules core worked it out.

        Worked out (`rules.timetable_advice`, quick plans in pure Python) only when a page shows
        it, so the facilitator's screen and the print views never pay for it. None once the
        conversations have started: the advice plans the whole day afresh, and rounds already
        held cannot be planned again.
        """
        event_input = self._event_input
        if event_input is None or not self.unmet_items or self._under_way:
            return ()
        advice = timetable_advice.advise(
            event_input, self.planned, [item.as_core() for item in self.unmet_items]
        )
        return advice_in_words(
            advice,
            rounds=event_input.max_slots or self.timetable.rounds,
            tables=event_input.tables or 0,
            unmet=_unmet_count(self.unmet_items),
        )

    @cached_property
    def round_notes(self) -> tuple[str, ...]:
        """Rounds that cannot be used, and minutes of the block too few for a round."""
        if self._event_input is None:
            return ()
        return _rounds_notes(self.timetable, self._event_input)


def _unmet_count(items: Sequence[Unmet]) -> int:
    """Wanted conversations that do not fit: a candidate short of k counts what they miss."""
    return sum(item.missing if item.recruiter_id is None else 1 for item in items)


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


def _optimality(rounds: int, lower_bound: int, optimal: bool, planned: int, unmet: int) -> str:
    """What is proven about the plan's length: for the conversations it plans, which are all the
    wanted ones only when `unmet` is 0 (the core's bound holds for those conversations)."""
    if rounds == 0 and unmet == 0:
        return gettext("There are no conversations to plan.")
    if unmet == 0:
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
    gaps = ngettext(
        "%(unmet)s wanted conversation does not fit; why is given below, person by person.",
        "%(unmet)s wanted conversations do not fit; why is given below, person by person.",
        unmet,
    ) % {"unmet": unmet}
    if planned == 0:
        return gettext("No conversation could be planned.") + " " + gaps
    if optimal:
        proven = ngettext(
            "This timetable has the fewest rounds possible for the %(planned)s conversation it "
            "plans: %(rounds)s.",
            "This timetable has the fewest rounds possible for the %(planned)s conversations it "
            "plans: %(rounds)s.",
            planned,
        ) % {"planned": planned, "rounds": rounds}
    else:
        proven = ngettext(
            "This timetable plans %(planned)s conversation in %(rounds)s rounds; no timetable of "
            "those conversations can have fewer than %(bound)s.",
            "This timetable plans %(planned)s conversations in %(rounds)s rounds; no timetable "
            "of those conversations can have fewer than %(bound)s.",
            planned,
        ) % {"planned": planned, "rounds": rounds, "bound": lower_bound}
    return f"{proven} {gaps}"


def _needed_languages(item: Unmet, languages: tuple[dict[int, str], dict[int, str]]) -> str:
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
    return _join([interpreter_language_name(code) for code in needed])


def _short_of_k_sentence(item: Unmet, candidate: str, languages: str) -> str:
    """Why a candidate meets fewer recruiters than planned, as the core found it for them."""
    values = {
        "candidate": candidate,
        "missing": item.missing,
        "may_meet": item.may_meet,
        "round": (item.round or 0) + 1,
        "languages": languages,
    }
    fewer = (
        ngettext(
            "%(candidate)s meets %(missing)s recruiter fewer than planned:",
            "%(candidate)s meets %(missing)s recruiters fewer than planned:",
            item.missing,
        )
        % values
    )
    if item.limit == FEW_PARTNERS:
        why = gettext(
            "they meet every recruiter they may meet (%(may_meet)s); the others know them, need "
            "an interpreter who is not there, or are not there when they are."
        )
    elif item.limit == CANDIDATE_FULL:
        why = gettext(
            "there is not enough time: they already have as many conversations as fit in the "
            "rounds, with rests."
        )
    elif item.limit == RECRUITER_FULL:
        why = gettext(
            "there is not enough time: every recruiter they could still meet already has as many "
            "conversations as fit in the rounds, with rests."
        )
    elif item.limit == NEVER_FREE_TOGETHER:
        why = gettext(
            "there is not enough time: in every round they are free, each recruiter they could "
            "still meet is in another conversation or resting."
        )
    elif item.limit == TABLES_FULL:
        why = gettext(
            "in every round they and a recruiter they could still meet are both free, every "
            "table is in use."
        )
    elif item.limit == INTERPRETERS_BUSY:
        why = gettext(
            "in every round they and a recruiter they could still meet are both free, every "
            "table or every interpreter needed is in use."
        )
    elif item.limit == ROOM_LEFT:
        why = gettext(
            "this timetable leaves round %(round)s free for them and a recruiter they could "
            "still meet."
        )
    else:
        why = gettext("there is no room for more in this timetable's rounds.")
    return f"{fewer} {why % values}"


def _unmet_sentence(
    item: Unmet,
    candidate_names: dict[int, str],
    recruiter_names: dict[int, str],
    languages: tuple[dict[int, str], dict[int, str]],
) -> str:
    """The core's reason for one unmet conversation, for these people, in plain words.

    Each sentence says only what the core found true of this plan (`rules.timetable`'s
    limits); versions made before the core gave limits get the sentence that is always true.
    """
    someone = gettext("Someone")
    candidate = candidate_names.get(item.candidate_id or 0, someone)
    reason = item.reason_code
    if reason == SHORT_OF_K:
        return _short_of_k_sentence(item, candidate, _needed_languages(item, languages))
    people = {
        "candidate": candidate,
        "recruiter": recruiter_names.get(item.recruiter_id or 0, someone),
        "languages": _needed_languages(item, languages),
        "round": (item.round or 0) + 1,
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
        if item.limit == NONE_ON_THE_DAY:
            return (
                gettext(
                    "%(candidate)s and %(recruiter)s do not meet: no %(languages)s interpreter is "
                    "free when they are both there. There is none on the day: add one in the event "
                    "plan."
                )
                % people
            )
        return (
            gettext(
                "%(candidate)s and %(recruiter)s do not meet: no %(languages)s interpreter is free "
                "when they are both there."
            )
            % people
        )
    if reason == TIME_BUDGET:
        sentences = {
            CANDIDATE_FULL: gettext(
                "%(candidate)s and %(recruiter)s do not meet: there is not enough time. "
                "%(candidate)s already has as many conversations as fit in the rounds, with rests."
            ),
            RECRUITER_FULL: gettext(
                "%(candidate)s and %(recruiter)s do not meet: there is not enough time. "
                "%(recruiter)s already has as many conversations as fit in the rounds, with rests."
            ),
            NEVER_FREE_TOGETHER: gettext(
                "%(candidate)s and %(recruiter)s do not meet: there is not enough time. In every "
                "round they are both there, one of them is in another conversation or resting."
            ),
            TABLES_FULL: gettext(
                "%(candidate)s and %(recruiter)s do not meet: in every round they are both free, "
                "every table is in use."
            ),
            INTERPRETERS_BUSY: gettext(
                "%(candidate)s and %(recruiter)s do not meet: in every round they are both free, "
                "every table or every %(languages)s interpreter is in use."
            ),
            ROOM_LEFT: gettext(
                "%(candidate)s and %(recruiter)s do not meet, though this timetable leaves round "
                "%(round)s free for both of them."
            ),
        }
        sentence = sentences.get(item.limit or "") or gettext(
            "%(candidate)s and %(recruiter)s do not meet: there is no room for it in this "
            "timetable's rounds."
        )
        return sentence % people
    return gettext("%(candidate)s and %(recruiter)s do not meet.") % people


def advice_in_words(
    advice: timetable_advice.Advice, rounds: int, tables: int, unmet: int
) -> tuple[str, ...]:
    """What the core found would help fit more of the wanted conversations, and what would not."""
    words: list[str] = []
    more_rounds = advice.rounds
    if more_rounds is not None:
        values = {
            "extra": more_rounds.rounds - rounds,
            "rounds": more_rounds.rounds,
            "more": more_rounds.more,
        }
        if more_rounds.fits_all and advice.short_of_time == unmet:
            sentence = ngettext(
                "%(extra)s more round (%(rounds)s in all) would fit every wanted conversation.",
                "%(extra)s more rounds (%(rounds)s in all) would fit every wanted conversation.",
                values["extra"],
            )
        else:
            sentence = ngettext(
                "%(extra)s more round (%(rounds)s in all) would fit %(more)s more of them.",
                "%(extra)s more rounds (%(rounds)s in all) would fit %(more)s more of them.",
                values["extra"],
            )
        if more_rounds.fewest:
            sentence += " " + gettext("No fewer rounds would fit them.")
        words.append(
            sentence % values + " " + gettext("Set the number of rounds in the event plan.")
        )
    if advice.tables_not_the_limit:
        words.append(
            ngettext(
                "Tables are not the limit: however many tables and interpreters there are, no "
                "timetable of %(rounds)s round fits more than %(most)s conversations.",
                "Tables are not the limit: however many tables and interpreters there are, no "
                "timetable of %(rounds)s rounds fits more than %(most)s conversations.",
                rounds,
            )
            % {"rounds": rounds, "most": advice.most_in_these_rounds}
        )
    elif advice.tables is not None:
        words.append(
            ngettext(
                "With %(tables)s tables (%(extra)s more), %(more)s more conversation would fit "
                "in the same rounds.",
                "With %(tables)s tables (%(extra)s more), %(more)s more conversations would fit "
                "in the same rounds.",
                advice.tables.more,
            )
            % {
                "tables": advice.tables.tables,
                "extra": advice.tables.tables - tables,
                "more": advice.tables.more,
            }
        )
    for interpreters in advice.interpreters:
        words.append(
            ngettext(
                "With one more %(language)s interpreter, %(more)s more conversation would fit.",
                "With one more %(language)s interpreter, %(more)s more conversations would fit.",
                interpreters.more,
            )
            % {
                "language": interpreter_language_name(interpreters.language),
                "more": interpreters.more,
            }
        )
    return tuple(words)


def _rounds_notes(timetable: Timetable, event_input: core.Event) -> tuple[str, ...]:
    """Rounds that cannot be used: a round nobody who may meet is there for, and minutes of the
    conversations block too few for a round."""
    notes = []
    minutes = timetable.conversation_minutes
    for slot in timetable_advice.unusable_slots(event_input):
        notes.append(
            gettext(
                "Round %(number)s (%(starts)s to %(ends)s) cannot be used: no candidate and "
                "recruiter who may meet are both there then."
            )
            % {
                "number": slot + 1,
                "starts": f"{_clock(timetable.starts_at, slot * minutes):%H:%M}",
                "ends": f"{_clock(timetable.starts_at, (slot + 1) * minutes):%H:%M}",
            }
        )
    block = conversations_block(timetable.event)
    if block is not None and minutes and block.duration_minutes % minutes:
        notes.append(
            gettext(
                "The conversations block is %(block)s minutes: room for %(rounds)s rounds of "
                "%(minutes)s minutes, and %(left)s minutes left over that no round can use. Set "
                "the number of rounds in the event plan to make the block fit them."
            )
            % {
                "block": block.duration_minutes,
                "rounds": block.duration_minutes // minutes,
                "minutes": minutes,
                "left": block.duration_minutes % minutes,
            }
        )
    return tuple(notes)


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
    unmet = list_unmet(timetable)
    return TimetableDescription(
        timetable=timetable,
        tables=tables,
        rounds=tuple(rounds),
        optimality=_optimality(
            len(rounds),
            timetable.output["lower_bound"],
            timetable.output["optimal"],
            planned=len(conversations),
            unmet=_unmet_count(unmet),
        ),
        unmet=tuple(
            _unmet_sentence(item, candidate_names, recruiter_names, languages) for item in unmet
        ),
        planned=len(conversations),
        unmet_items=unmet,
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

    # The time-left words with "{time}" for the minutes and seconds: the browser ticks the clock
    # between polls with them (assets/js/polls.js).
    @property
    def left_text_pattern(self) -> str:
        return gettext("%(time)s left") % {"time": "{time}"}

    @property
    def over_text_pattern(self) -> str:
        return gettext("Time is up: %(time)s over") % {"time": "{time}"}


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
        for recruiter in CommunityRecruiter.objects.filter(
            event=event, withdrawn_at__isnull=True, reserve_since__isnull=True
        ).order_by("full_name", "pk")
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
        elif change.kind == AttendanceChange.Kind.WITHDREW:
            sentence = gettext("%(name)s withdrew (from round %(number)s).") % values
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
