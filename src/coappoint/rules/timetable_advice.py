"""What would let more of the wanted conversations fit: more rounds, more tables, an interpreter.

Pure Python, from the event alone. A proven bound (a flow, `most_conversations`) says when no
number of tables or interpreters could fit more in the rounds there are. Quick plans
(`plan_timetable(quick=True)`: the exact colouring or the greedy plan, never the solver) of the
event with one thing relaxed show what would help: a plan found is a plan that exists, so what
it shows is true. A relaxation the quick plan does not gain from is not advised, and not called
useless either unless the bound proves it. The cost is a few greedy plans (one per relaxation,
and up to `MOST_ROUND_TRIES` for the fewest rounds), milliseconds for a day of 12 x 4.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from coappoint.rules.timetable import (
    NONE_ON_THE_DAY,
    NOT_TOGETHER,
    Event,
    Timetable,
    Unmet,
    _lacks_interpreter,
    _languages_needed,
    _together,
    conversation_count,
    plan_timetable,
)
from coappoint.rules.timetable_exact import _FlowNetwork
from coappoint.rules.timetable_problem import rest_capacity

# How many budgets below the first plan that fits everything are tried, one greedy plan each.
MOST_ROUND_TRIES = 12


@dataclass(frozen=True)
class MoreRounds:
    """A plan with `rounds` rounds in all exists that fits `more` conversations more; `fits_all`:
    every conversation that was short of time; `fewest`: proven, no fewer rounds fit them all."""

    rounds: int
    more: int
    fits_all: bool
    fewest: bool


@dataclass(frozen=True)
class MoreTables:
    """A plan in the same rounds with `tables` tables in all exists that fits `more` more."""

    tables: int
    more: int


@dataclass(frozen=True)
class MoreInterpreters:
    """A plan in the same rounds with one more interpreter of `language` fits `more` more."""

    language: str
    interpreters: int
    more: int


@dataclass(frozen=True)
class Advice:
    """What the timetable's gaps come to, and what would help.

    `most_in_these_rounds` is a proven upper bound on the conversations any plan of this many
    rounds can have, whatever the tables and the interpreters of the languages there are; when
    the plan reaches it, tables and interpreters are not the limit.
    """

    wanted: int
    planned: int
    short_of_time: int
    most_in_these_rounds: int | None
    rounds: MoreRounds | None
    tables: MoreTables | None
    interpreters: tuple[MoreInterpreters, ...]

    @property
    def tables_not_the_limit(self) -> bool:
        return self.most_in_these_rounds is not None and self.planned >= self.most_in_these_rounds


def _short_of_time(item: Unmet) -> bool:
    return item.reason_code != NOT_TOGETHER and item.limit != NONE_ON_THE_DAY


def _wanted_unmet(event: Event, unmet: Sequence[Unmet]) -> int:
    if event.per_candidate is not None:
        return sum(item.missing or 0 for item in unmet)
    return len(unmet)


def _still_short(event: Event, plan: Timetable) -> int:
    return sum(
        (item.missing or 1) if event.per_candidate is not None else 1
        for item in plan.unmet
        if _short_of_time(item)
    )


def _there(available: frozenset[int] | None, slot: int) -> bool:
    return available is None or slot in available


def most_conversations(event: Event) -> int | None:
    """A proven upper bound on the conversations of any plan in the event's rounds.

    Each person has at most as many conversations as fit, with rests, in the slots they are
    there (`rest_capacity`; k for a candidate in per-candidate mode), and only with partners they
    may meet and are there with: a maximum flow over those limits. Tables and interpreters of
    the languages there are do not enter it. None without a time budget.
    """
    if event.max_slots is None:
        return None
    slots = range(event.max_slots)
    candidates = event.candidates
    recruiters = event.recruiters
    source, sink = 0, 1 + len(candidates) + len(recruiters)
    network = _FlowNetwork(sink + 1)
    for index, candidate in enumerate(candidates):
        there = [
            slot for slot in slots if candidate.available is None or slot in candidate.available
        ]
        most = rest_capacity(there, (), event.max_consecutive)
        if event.per_candidate is not None:
            most = min(most, event.per_candidate)
        network.add_edge(source, 1 + index, most)
    for index, recruiter in enumerate(recruiters):
        there = [
            slot for slot in slots if recruiter.available is None or slot in recruiter.available
        ]
        network.add_edge(
            1 + len(candidates) + index, sink, rest_capacity(there, (), event.max_consecutive)
        )
    for candidate_index, candidate in enumerate(candidates):
        for recruiter_index, recruiter in enumerate(recruiters):
            if (
                (recruiter.id, candidate.id) not in event.conflicts
                and not _lacks_interpreter(event, candidate, recruiter)
                and _together(candidate.available, recruiter.available, 0, event.max_slots)
            ):
                network.add_edge(1 + candidate_index, 1 + len(candidates) + recruiter_index, 1)
    return network.max_flow(source, sink)


def _fewest_rounds(event: Event, planned: int) -> MoreRounds | None:
    assert event.max_slots is not None
    unlimited = plan_timetable(replace(event, max_slots=None), quick=True)
    more = conversation_count(unlimited) - planned
    if more <= 0 or len(unlimited.slots) <= event.max_slots:
        return None
    fits_all = _still_short(event, unlimited) == 0
    best = unlimited
    if fits_all:
        # The first budget from the bound up whose quick plan fits them all.
        first = max(unlimited.lower_bound, event.max_slots + 1)
        for rounds in range(first, min(len(unlimited.slots), first + MOST_ROUND_TRIES)):
            tried = plan_timetable(replace(event, max_slots=rounds), quick=True)
            if _still_short(event, tried) == 0:
                best = tried
                break
    rounds = len(best.slots)
    # In all mode every plan that fits them all has the same conversations, so the bound on
    # this plan's conversations holds for all of them.
    fewest = fits_all and event.per_candidate is None and rounds <= unlimited.lower_bound
    return MoreRounds(
        rounds=rounds, more=conversation_count(best) - planned, fits_all=fits_all, fewest=fewest
    )


def _more_tables(event: Event, planned: int) -> MoreTables | None:
    if event.tables is None:
        return None
    plan = plan_timetable(replace(event, tables=None), quick=True)
    more = conversation_count(plan) - planned
    used = max((len(slot) for slot in plan.slots), default=0)
    if more <= 0 or used <= event.tables:
        return None
    return MoreTables(tables=used, more=more)


def _more_interpreters(
    event: Event, planned: int, unmet: Sequence[Unmet]
) -> tuple[MoreInterpreters, ...]:
    candidates = {candidate.id: candidate for candidate in event.candidates}
    recruiters = {recruiter.id: recruiter for recruiter in event.recruiters}
    languages: set[str] = set()
    for item in unmet:
        if item.reason_code == NOT_TOGETHER:
            continue
        candidate = candidates.get(item.candidate)
        if candidate is None:
            continue
        if item.recruiter is None:
            if candidate.language:
                languages.add(candidate.language)
            continue
        recruiter = recruiters.get(item.recruiter)
        if recruiter is not None:
            languages.update(_languages_needed(candidate, recruiter))
    interpreters = dict(event.interpreters)
    advice = []
    for language in sorted(languages):
        count = interpreters.get(language, 0) + 1
        relaxed = replace(
            event, interpreters=tuple(sorted({**interpreters, language: count}.items()))
        )
        more = conversation_count(plan_timetable(relaxed, quick=True)) - planned
        if more > 0:
            advice.append(MoreInterpreters(language=language, interpreters=count, more=more))
    return tuple(advice)


def advise(event: Event, planned: int, unmet: Sequence[Unmet]) -> Advice:
    """What a plan of `planned` conversations, missing `unmet`, comes to, and what would help.

    Only for an event with a time budget (`max_slots`): without one every conversation that can
    happen fits. Nothing is tried when nothing is short of time.
    """
    wanted = planned + _wanted_unmet(event, unmet)
    short = sum(
        (item.missing or 1) if event.per_candidate is not None else 1
        for item in unmet
        if _short_of_time(item)
    )
    if event.max_slots is None or not unmet:
        return Advice(
            wanted=wanted,
            planned=planned,
            short_of_time=short,
            most_in_these_rounds=None,
            rounds=None,
            tables=None,
            interpreters=(),
        )
    most = most_conversations(event)
    can_gain = most is None or planned < most
    return Advice(
        wanted=wanted,
        planned=planned,
        short_of_time=short,
        most_in_these_rounds=most,
        rounds=_fewest_rounds(event, planned) if short else None,
        tables=_more_tables(event, planned) if short and can_gain else None,
        interpreters=_more_interpreters(event, planned, unmet),
    )


def unusable_slots(event: Event) -> tuple[int, ...]:
    """The slots of the time budget in which no candidate and recruiter who may meet are both
    there: rounds that cannot be used, whatever the plan."""
    if event.max_slots is None:
        return ()
    usable: set[int] = set()
    everyone = frozenset(range(event.max_slots))
    for candidate in event.candidates:
        for recruiter in event.recruiters:
            if (recruiter.id, candidate.id) in event.conflicts or _lacks_interpreter(
                event, candidate, recruiter
            ):
                continue
            candidate_there = everyone if candidate.available is None else candidate.available
            recruiter_there = everyone if recruiter.available is None else recruiter.available
            usable |= candidate_there & recruiter_there & everyone
            if len(usable) == event.max_slots:
                return ()
    return tuple(slot for slot in range(event.max_slots) if slot not in usable)
