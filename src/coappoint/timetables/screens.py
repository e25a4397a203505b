"""The screens of the day: the big screen for the projector, and each recruiter's now and next.

Both read the newest timetable's conversation rows and the event's `Rotation` row on every poll
and work out what to show with `coappoint.rules.rotation`, so every screen agrees. The phone
views themselves live at the end of `timetables/views.py`, the one module allowed to require a
signed-in recruiter.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from coappoint.events.models import Event, interpreter_language_name
from coappoint.events.queries import event_poll_versions, get_event, list_candidate_display_names
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.rules.rotation import minutes_and_seconds, seconds_left_in_round
from coappoint.staff.middleware import staff_session_ends_at
from coappoint.timetables.models import Conversation, Rotation, Timetable
from coappoint.timetables.planning import now_and_next_for
from coappoint.timetables.queries import (
    get_current_timetable,
    interpreters_in_words,
    list_conversations,
    recruiter_short_names,
)
from coappoint.web.memo import CounterMemo
from coappoint.web.stamps import (
    STAMP_PLACEHOLDER,
    answer_poll,
    event_in_url,
    issue_stamp,
    live_poll,
)

ROOM_RUNNERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR)

# English puts "an" before these languages' names ("an Arabic interpreter"); others take "a".
AN_BEFORE_LANGUAGE = frozenset({"ar", "ur"})

NO_TIMETABLE = "no_timetable"


def _rotation(event: Event) -> Rotation | None:
    """The event's rotation row, if the facilitator has started the conversations."""
    return Rotation.objects.filter(event=event).first()


@dataclass(frozen=True)
class RoomNames:
    """The short names shown in the room: candidates as recruiters see them, recruiters short."""

    candidates: dict[int, str]
    recruiters: dict[int, str]


def _names(event: Event) -> RoomNames:
    recruiters = list(CommunityRecruiter.objects.filter(event=event).order_by("full_name", "pk"))
    return RoomNames(
        candidates={candidate.pk: name for candidate, name in list_candidate_display_names(event)},
        recruiters=recruiter_short_names(recruiters),
    )


def with_interpreters(codes: Sequence[str]) -> str:
    """ "with an Arabic interpreter", "with Arabic and Polish interpreters", or ""."""
    if not codes:
        return ""
    if len(codes) == 1:
        language = interpreter_language_name(codes[0])
        if codes[0] in AN_BEFORE_LANGUAGE:
            return gettext("with an %(language)s interpreter") % {"language": language}
        return gettext("with a %(language)s interpreter") % {"language": language}
    return gettext("with %(interpreters)s") % {"interpreters": interpreters_in_words(codes)}


def _round_state(rotation: Rotation | None, rounds: int) -> tuple[str, int | None]:
    """The state the screens show, and the 0-based round under way (None before the start).

    A round past the end (the timetable was made shorter, or the facilitator moved on after the
    last one) counts as finished, whatever the row says.
    """
    if rotation is None or rotation.state == Rotation.State.NOT_STARTED:
        return Rotation.State.NOT_STARTED, None
    if rotation.state == Rotation.State.FINISHED:
        return Rotation.State.FINISHED, rounds
    if rotation.current_round is None:
        return Rotation.State.NOT_STARTED, None
    if rotation.current_round >= rounds:
        return Rotation.State.FINISHED, rotation.current_round
    return rotation.state, rotation.current_round


# --- The big screen ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSeat:
    """Who sits at one table in a round, as the room reads it."""

    table: int
    candidate: str
    recruiter: str
    interpreters: str


@dataclass(frozen=True)
class Room:
    """What the big screen shows at one moment.

    `state` is a `Rotation.State` value or "no_timetable". `round_key` names the round (the
    timetable version and round) so the screen's script sounds the end-of-round cue once.
    """

    state: str
    round_number: int | None
    rounds: int
    seconds_left: int
    countdown: str
    time_up: bool
    seats: tuple[TableSeat, ...]
    next_round_number: int | None
    next_seats: tuple[TableSeat, ...]
    round_key: str


def _seats(round_rows: Sequence[Conversation], names: RoomNames) -> tuple[TableSeat, ...]:
    return tuple(
        TableSeat(
            table=conversation.table,
            candidate=names.candidates.get(conversation.candidate_id, ""),
            recruiter=names.recruiters.get(conversation.recruiter_id, ""),
            interpreters=interpreters_in_words(conversation.languages),
        )
        for conversation in sorted(round_rows, key=lambda conversation: conversation.table)
    )


def _in_round(rows: Sequence[Conversation], round_index: int) -> list[Conversation]:
    return [row for row in rows if row.round == round_index]


def describe_room(event: Event, now: datetime.datetime) -> Room:
    """The current round, its time left, who is at which table, and the round after it."""
    timetable = get_current_timetable(event)
    if timetable is None:
        return Room(NO_TIMETABLE, None, 0, 0, "", False, (), None, (), "")
    rows = list_conversations(timetable)
    rounds = timetable.rounds
    rotation = _rotation(event)
    state, current = _round_state(rotation, rounds)
    names = _names(event)
    round_seconds = timetable.conversation_minutes * 60
    seconds_left = round_seconds
    if rotation is not None and rotation.round_started_at is not None and current is not None:
        seconds_left = seconds_left_in_round(
            round_started_at=rotation.round_started_at,
            paused_at=rotation.paused_at if state == Rotation.State.PAUSED else None,
            now=now,
            round_minutes=timetable.conversation_minutes,
        )
    following = 0 if current is None else current + 1
    return Room(
        state=state,
        round_number=None if current is None else current + 1,
        rounds=rounds,
        seconds_left=seconds_left,
        countdown=minutes_and_seconds(seconds_left),
        time_up=state == Rotation.State.RUNNING and seconds_left == 0,
        seats=(
            _seats(_in_round(rows, current), names)
            if current is not None and current < rounds
            else ()
        ),
        next_round_number=following + 1 if following < rounds else None,
        next_seats=_seats(_in_round(rows, following), names) if following < rounds else (),
        round_key=f"{timetable.version}-{current}",
    )


def _room_event(request: HttpRequest, organisation_slug: str, event_id: int) -> tuple[str, Event]:
    access = require_staff(request, organisation_slug, ROOM_RUNNERS)
    event = get_event(access.organisation, event_id)
    if event is None:
        raise Http404
    return access.organisation.slug, event


@require_GET
def big_screen(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The projector's page: the round, its countdown and the tables, in large type."""
    slug, event = _room_event(request, organisation_slug, event_id)
    return render(
        request,
        "timetables/big_screen.html",
        {"event": event, "organisation_slug": slug, "room": describe_room(event, timezone.now())},
    )


def room_versions(event_id: int, session_key: str) -> Sequence[int] | None:
    """The counters of what the room's screens show (web.stamps), in one query."""
    return event_poll_versions(event_id, session_key, "screens_version")


@live_poll(kind="big-screen", versions=room_versions, subject_from_url=event_in_url)
@require_GET
def big_screen_live(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The big screen's changing part, polled every second; 204 while it shows what is so (its
    countdown ticks in the browser between answers)."""
    slug, event = _room_event(request, organisation_slug, event_id)
    issued = issue_stamp(
        request, big_screen_live, subject=event.pk, valid_until=staff_session_ends_at(request)
    )
    html = render_to_string(
        "timetables/big_screen_live.html",
        {
            "event": event,
            "organisation_slug": slug,
            "room": describe_room(event, timezone.now()),
            "poll_stamp": STAMP_PLACEHOLDER,
        },
        request=request,
    )
    return answer_poll(request, issued, html)


# --- Now and next on a recruiter's phone ------------------------------------------------------


@dataclass(frozen=True)
class Sitting:
    """One of the recruiter's conversations, in words: "Sam A., table 3, with an … interpreter"."""

    round_number: int
    candidate: str
    table: int
    interpreters: str

    @property
    def words(self) -> str:
        place = gettext("%(candidate)s, table %(table)s") % {
            "candidate": self.candidate,
            "table": self.table,
        }
        return f"{place}, {self.interpreters}" if self.interpreters else place


@dataclass(frozen=True)
class RecruiterDay:
    """Where one recruiter is in the rotation, and all their conversations of the day.

    `state` is a `Rotation.State` value or "no_timetable".
    """

    state: str
    round_number: int | None
    rounds: int
    now: Sitting | None
    next: Sitting | None
    resting: bool
    conversations: tuple[Sitting, ...]


def _sitting(conversation: Conversation, names: RoomNames) -> Sitting:
    return Sitting(
        round_number=conversation.round + 1,
        candidate=names.candidates.get(conversation.candidate_id, ""),
        table=conversation.table,
        interpreters=with_interpreters(conversation.languages),
    )


@dataclass(frozen=True)
class PhonesRoom:
    """What every recruiter's phone at an event reads of the room: the newest timetable's rounds
    (None before one is made) and its conversations by recruiter, round by round, where the
    rotation is, and the candidates' names as recruiters see them."""

    rounds: int | None
    rotation: Rotation | None
    candidates: dict[int, str]
    conversations: dict[int, tuple[Conversation, ...]]


def read_phones_room(event: Event, *, recruiter_id: int | None = None) -> PhonesRoom:
    """The room as the phones see it, read now; only `recruiter_id`'s conversations if given."""
    timetable: Timetable | None = get_current_timetable(event)
    if timetable is None:
        return PhonesRoom(None, None, {}, {})
    rows = timetable.conversations.filter(round__lt=timetable.rounds).exclude(
        status=Conversation.Status.CANCELLED
    )
    if recruiter_id is not None:
        rows = rows.filter(recruiter_id=recruiter_id)
    conversations: dict[int, list[Conversation]] = {}
    for row in rows.order_by("round", "table"):
        conversations.setdefault(row.recruiter_id, []).append(row)
    return PhonesRoom(
        rounds=timetable.rounds,
        rotation=_rotation(event),
        candidates={candidate.pk: name for candidate, name in list_candidate_display_names(event)},
        conversations={key: tuple(value) for key, value in conversations.items()},
    )


# Per event and `Event.screens_version` (which the services bump whenever the timetable, the
# rotation or the candidates' names change): at a round's change forty phones redraw at once,
# and each app server reads the room once for all of them.
_phones_rooms: CounterMemo[PhonesRoom] = CounterMemo(size=256)


def get_phones_room(event: Event, *, screens_version: object) -> PhonesRoom:
    """The room as the phones see it at `screens_version` (read by the poll's stamp)."""
    return _phones_rooms.get((event.pk, screens_version), lambda: read_phones_room(event))


def describe_recruiter_day(
    recruiter: CommunityRecruiter, room: PhonesRoom | None = None
) -> RecruiterDay:
    """The recruiter's conversation now and their next one, from the newest timetable (as in
    `room`, else read now)."""
    if room is None:
        room = read_phones_room(recruiter.event, recruiter_id=recruiter.pk)
    if room.rounds is None:
        return RecruiterDay(NO_TIMETABLE, None, 0, None, None, False, ())
    rows = room.conversations.get(recruiter.pk, ())
    state, current = _round_state(room.rotation, room.rounds)
    now, following, over, resting = now_and_next_for(
        rows, round_count=room.rounds, recruiter_id=recruiter.pk, current_round=current
    )
    # Only the candidates' names: the recruiter's own day names no other recruiter.
    names = RoomNames(candidates=room.candidates, recruiters={})
    return RecruiterDay(
        state=state,
        round_number=None if current is None or over else current + 1,
        rounds=room.rounds,
        now=_sitting(now, names) if now else None,
        next=_sitting(following, names) if following else None,
        resting=resting,
        conversations=tuple(_sitting(row, names) for row in rows),
    )
