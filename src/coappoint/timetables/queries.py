"""Reads of timetables, and what the pages and print cards show of one, in plain words."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, ngettext

from coappoint.events.models import Event, interpreter_language_name
from coappoint.events.queries import list_candidate_display_names
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.rules.timetable import NO_INTERPRETER, NOT_TOGETHER, SHORT_OF_K, TIME_BUDGET
from coappoint.timetables.models import Timetable
from coappoint.timetables.services import candidate_id, recruiter_id


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


def _unmet_sentence(item: dict[str, Any], names: dict[str, str], languages: dict[str, str]) -> str:
    candidate = names.get(item["candidate"], item["candidate"])
    reason = item["reason_code"]
    if reason == SHORT_OF_K:
        missing = int(item.get("missing", 0))
        return ngettext(
            "%(candidate)s meets %(missing)s recruiter fewer than planned: there is not enough "
            "time, or not enough recruiters they may meet.",
            "%(candidate)s meets %(missing)s recruiters fewer than planned: there is not enough "
            "time, or not enough recruiters they may meet.",
            missing,
        ) % {"candidate": candidate, "missing": missing}
    recruiter_key = item.get("recruiter", "")
    people = {"candidate": candidate, "recruiter": names.get(recruiter_key, recruiter_key)}
    if reason == NOT_TOGETHER:
        return (
            gettext(
                "%(candidate)s and %(recruiter)s do not meet: they are never there at the same "
                "time."
            )
            % people
        )
    if reason == NO_INTERPRETER:
        needed = sorted(
            {
                code
                for code in (languages.get(item["candidate"]), languages.get(recruiter_key))
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


def describe_timetable(timetable: Timetable) -> TimetableDescription:
    """The timetable in people's names and clock times, with its bound and gaps in plain words."""
    event = timetable.event
    names: dict[str, str] = {
        candidate_id(candidate.pk): name for candidate, name in list_candidate_display_names(event)
    }
    recruiters = list(CommunityRecruiter.objects.filter(event=event).order_by("full_name", "pk"))
    recruiter_names = recruiter_short_names(recruiters)
    names.update({recruiter_id(pk): name for pk, name in recruiter_names.items()})
    languages = {
        person["id"]: person["language"]
        for kind in ("candidates", "recruiters")
        for person in timetable.input.get(kind, [])
        if person.get("language")
    }
    tables = tuple(range(1, int(timetable.input.get("tables") or 1) + 1))
    minutes = timetable.conversation_minutes
    output = timetable.output
    rounds: list[Round] = []
    by_recruiter: dict[str, list[Seat]] = {}
    by_table: dict[int, list[Seat]] = {}
    for number, slot in enumerate(output["slots"]):
        starts_at = _clock(timetable.starts_at, number * minutes)
        ends_at = _clock(timetable.starts_at, (number + 1) * minutes)
        cells = dict.fromkeys(tables, "")
        for conversation in slot:
            seat = Seat(
                starts_at=starts_at,
                ends_at=ends_at,
                table=conversation["table"],
                candidate=names.get(conversation["candidate"], conversation["candidate"]),
                recruiter=names.get(conversation["recruiter"], conversation["recruiter"]),
                interpreters=interpreters_in_words(conversation.get("interpreters", [])),
            )
            cell = gettext("%(candidate)s with %(recruiter)s") % {
                "candidate": seat.candidate,
                "recruiter": seat.recruiter,
            }
            cells[seat.table] = f"{cell} ({seat.interpreters})" if seat.interpreters else cell
            by_recruiter.setdefault(conversation["recruiter"], []).append(seat)
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
            seats=tuple(by_recruiter.get(recruiter_id(recruiter.pk), [])),
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
    return TimetableDescription(
        timetable=timetable,
        tables=tables,
        rounds=tuple(rounds),
        optimality=_optimality(len(rounds), output["lower_bound"], output["optimal"]),
        unmet=tuple(_unmet_sentence(item, names, languages) for item in output["unmet"]),
        recruiter_cards=recruiter_cards,
        table_cards=table_cards,
        starts_at=rounds[0].starts_at if rounds else None,
        ends_at=rounds[-1].ends_at if rounds else None,
    )
