"""What held each unmet conversation back, person by person, and what would help (issue 18):
every limit the core gives is true of its plan, and every piece of advice is a plan that exists."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings

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
    Candidate,
    Conversation,
    Event,
    Recruiter,
    Timetable,
    Unmet,
    conversation_count,
    parse_event,
    plan_timetable,
)
from coappoint.rules.timetable_advice import advise, most_conversations, unusable_slots
from coappoint.rules.timetable_problem import rest_capacity
from tests.rules.test_timetable import assert_valid_plan, event_documents


def _plan(document: dict[str, Any]) -> tuple[Event, Timetable]:
    event = parse_event(document)
    return event, plan_timetable(event)


def _busy(timetable: Timetable, person: str) -> set[int]:
    return {
        index
        for index, slot in enumerate(timetable.slots)
        for conversation in slot
        if person in (conversation.candidate, conversation.recruiter)
    }


def _fits(event: Event, timetable: Timetable, candidate: str, recruiter: str, slot: int) -> bool:
    """Whether the plan with this one conversation added in `slot` still keeps every rule."""
    slots = [list(conversations) for conversations in timetable.slots]
    while len(slots) <= slot:
        slots.append([])
    taken = {conversation.table for conversation in slots[slot]}
    table = next(number for number in range(1, len(taken) + 2) if number not in taken)
    people: dict[str, Candidate | Recruiter] = {person.id: person for person in event.candidates}
    people.update({person.id: person for person in event.recruiters})
    languages = tuple(
        sorted(
            {
                language
                for language in (people[candidate].language, people[recruiter].language)
                if language
            }
        )
    )
    slots[slot].append(Conversation(candidate, recruiter, slot, table, languages))
    added = replace(timetable, slots=tuple(tuple(conversations) for conversations in slots))
    try:
        assert_valid_plan(event, added)
    except AssertionError:
        return False
    return True


def _short_of_time(item: Unmet) -> bool:
    return item.reason_code != NOT_TOGETHER and item.limit != NONE_ON_THE_DAY


def test_a_candidate_with_no_time_left_is_the_reason_named() -> None:
    _, timetable = _plan(
        {"candidates": [{"id": "c1"}], "recruiters": [{"id": "r1"}, {"id": "r2"}], "max_slots": 1}
    )

    assert [(u.reason_code, u.limit) for u in timetable.unmet] == [(TIME_BUDGET, CANDIDATE_FULL)]


def test_a_recruiter_there_for_one_round_is_the_reason_named() -> None:
    _, timetable = _plan(
        {
            "candidates": [{"id": "c1"}, {"id": "c2"}],
            "recruiters": [{"id": "r1"}, {"id": "r2", "available": [0]}],
            "max_slots": 3,
            "max_consecutive": 1,
        }
    )

    assert [(u.candidate, u.recruiter, u.limit) for u in timetable.unmet] == [
        ("c2", "r2", RECRUITER_FULL)
    ]


def test_full_tables_are_the_reason_only_when_both_were_free() -> None:
    _, timetable = _plan(
        {
            "candidates": [{"id": "c1"}, {"id": "c2"}],
            "recruiters": [{"id": "r1"}, {"id": "r2"}],
            "tables": 1,
            "max_slots": 3,
        }
    )

    assert [(u.reason_code, u.limit) for u in timetable.unmet] == [(TIME_BUDGET, TABLES_FULL)]


def test_a_language_with_no_interpreter_on_the_day_says_so() -> None:
    _, timetable = _plan(
        {"candidates": [{"id": "c1", "language": "bsl"}], "recruiters": [{"id": "r1"}]}
    )

    assert [(u.reason_code, u.limit) for u in timetable.unmet] == [
        (NO_INTERPRETER, NONE_ON_THE_DAY)
    ]


def test_a_candidate_who_meets_everyone_they_may_is_short_for_few_partners() -> None:
    _, timetable = _plan(
        {
            "candidates": [{"id": "c1"}],
            "recruiters": [{"id": "r1"}, {"id": "r2"}],
            "conflicts": [["r1", "c1"]],
            "meetings": {"per_candidate": 2},
        }
    )

    assert [(u.reason_code, u.limit, u.may_meet) for u in timetable.unmet] == [
        (SHORT_OF_K, FEW_PARTNERS, 1)
    ]


def test_a_candidate_short_of_k_for_lack_of_tables_is_told_so() -> None:
    _, timetable = _plan(
        {
            "candidates": [{"id": "c1"}, {"id": "c2"}],
            "recruiters": [{"id": "r1"}, {"id": "r2"}],
            "tables": 1,
            "max_slots": 3,
            "meetings": {"per_candidate": 2},
        }
    )

    assert [(u.reason_code, u.limit, u.missing) for u in timetable.unmet] == [
        (SHORT_OF_K, TABLES_FULL, 1)
    ]


@settings(max_examples=60, deadline=None)
@given(event_documents(most_candidates=3, most_recruiters=4, horizon=5, time_budget=True))
def test_every_limit_given_is_true_of_the_plan(document: dict[str, Any]) -> None:
    event, timetable = _plan(document)
    end = event.max_slots
    assert end is not None
    people: dict[str, Candidate | Recruiter] = {person.id: person for person in event.candidates}
    people.update({person.id: person for person in event.recruiters})
    # The same event with tables and interpreters never short: where both people are free.
    roomy = replace(
        event,
        tables=None,
        interpreters=tuple((language, 1000) for language, _ in event.interpreters),
    )

    def full(person: str) -> bool:
        available = people[person].available
        there = [slot for slot in range(end) if available is None or slot in available]
        return len(_busy(timetable, person)) >= rest_capacity(there, (), event.max_consecutive)

    for item in timetable.unmet:
        if item.reason_code != TIME_BUDGET:
            continue
        assert item.recruiter is not None
        pair = (item.candidate, item.recruiter)
        if item.limit == ROOM_LEFT:
            assert item.slot is not None
            assert _fits(event, timetable, *pair, item.slot)
            continue
        # Every other limit says the conversation fits nowhere in this plan.
        assert not any(_fits(event, timetable, *pair, slot) for slot in range(end))
        both_free = [slot for slot in range(end) if _fits(roomy, timetable, *pair, slot)]
        if item.limit == CANDIDATE_FULL:
            assert full(item.candidate)
        elif item.limit == RECRUITER_FULL:
            assert full(item.recruiter)
        elif item.limit == NEVER_FREE_TOGETHER:
            assert both_free == []
        elif item.limit == TABLES_FULL:
            assert all(len(timetable.slots[slot]) == event.tables for slot in both_free)
        else:
            assert item.limit == INTERPRETERS_BUSY


@settings(max_examples=40, deadline=None)
@given(event_documents(most_candidates=3, most_recruiters=4, horizon=5, time_budget=True))
def test_advice_is_a_plan_that_exists_and_the_bound_holds_for_any_tables(
    document: dict[str, Any],
) -> None:
    event, timetable = _plan(document)
    planned = conversation_count(timetable)
    advice = advise(event, planned, timetable.unmet)

    most = most_conversations(event)
    assert most is not None
    assert planned <= most
    with_any_tables = plan_timetable(replace(event, tables=None))
    assert conversation_count(with_any_tables) <= most
    if advice.rounds is not None:
        assert event.max_slots is not None
        assert advice.rounds.rounds > event.max_slots
        assert advice.rounds.more > 0
        if advice.rounds.fits_all:
            longer = plan_timetable(replace(event, max_slots=advice.rounds.rounds))
            assert not [item for item in longer.unmet if _short_of_time(item)]
        if advice.rounds.fewest:
            # One round fewer meets fewer: what is left may be short of time, or a person who
            # arrives after the last round (never there together, until that round is added).
            advised = plan_timetable(replace(event, max_slots=advice.rounds.rounds))
            shorter = plan_timetable(replace(event, max_slots=advice.rounds.rounds - 1))
            assert conversation_count(shorter) < conversation_count(advised)
    if advice.tables is not None:
        assert not advice.tables_not_the_limit
        assert advice.tables.tables > (event.tables or 0)


def test_two_more_rounds_fit_them_all_and_tables_are_not_the_limit() -> None:
    # One candidate, four recruiters, two rounds: the candidate is the limit, never the tables.
    event, timetable = _plan(
        {
            "candidates": [{"id": "c1"}],
            "recruiters": [{"id": f"r{index}"} for index in range(4)],
            "tables": 2,
            "max_slots": 2,
        }
    )

    advice = advise(event, conversation_count(timetable), timetable.unmet)

    assert advice.wanted == 4
    assert advice.planned == 2
    assert advice.rounds is not None
    assert (advice.rounds.rounds, advice.rounds.fits_all, advice.rounds.fewest) == (4, True, True)
    assert advice.tables_not_the_limit
    assert advice.tables is None


def test_more_tables_are_advised_only_when_they_would_fit_more() -> None:
    event, timetable = _plan(
        {
            "candidates": [{"id": "c1"}, {"id": "c2"}],
            "recruiters": [{"id": "r1"}, {"id": "r2"}],
            "tables": 1,
            "max_slots": 2,
        }
    )

    advice = advise(event, conversation_count(timetable), timetable.unmet)

    assert advice.tables is not None
    assert (advice.tables.tables, advice.tables.more) == (2, 2)
    assert not advice.tables_not_the_limit


def test_an_interpreter_is_advised_for_a_language_with_none_on_the_day() -> None:
    event, timetable = _plan(
        {
            "candidates": [{"id": "c1", "language": "ar"}, {"id": "c2"}],
            "recruiters": [{"id": "r1"}],
            "max_slots": 2,
        }
    )

    advice = advise(event, conversation_count(timetable), timetable.unmet)

    assert [(item.language, item.interpreters, item.more) for item in advice.interpreters] == [
        ("ar", 1, 1)
    ]


def test_a_round_nobody_can_be_in_is_found() -> None:
    event = parse_event(
        {
            "candidates": [{"id": "c1"}],
            "recruiters": [{"id": "r1", "available": [0, 1]}, {"id": "r2", "available": [1]}],
            "max_slots": 3,
        }
    )

    assert unusable_slots(event) == (2,)
