"""Re-planning on the day: held conversations stay, no-shows and late arrivals fit, few move."""

from __future__ import annotations

import copy
import random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.timetable import (
    Conversation,
    Event,
    Timetable,
    parse_event,
    parse_plan,
    plan_timetable,
    timetable_to_json,
)
from tests.rules.test_timetable import (
    ISSUE_EXAMPLE,
    assert_valid_plan,
    documented_ceiling,
    event_documents,
    fairness,
    valid_plans,
)


def conversations_of(timetable: Timetable) -> tuple[Conversation, ...]:
    return tuple(conversation for slot in timetable.slots for conversation in slot)


def moved_between(previous: Timetable, new: Timetable, from_slot: int) -> int:
    """The contract's count: previous conversations from `from_slot` on, not at the same place."""
    now = {(c.candidate, c.recruiter, c.slot, c.table) for c in conversations_of(new)}
    return sum(
        1
        for c in conversations_of(previous)
        if c.slot >= from_slot and (c.candidate, c.recruiter, c.slot, c.table) not in now
    )


def replan(
    document: dict[str, Any], previous: Timetable, from_slot: int
) -> tuple[Event, tuple[Conversation, ...], Timetable]:
    event = parse_event(document)
    plan_document = timetable_to_json(previous)
    conversations = parse_plan(plan_document, event)
    timetable = plan_timetable(event, previous=conversations, from_slot=from_slot)
    held = tuple(c for c in conversations if c.slot < from_slot)
    return event, held, timetable


def without_slots_from(document: dict[str, Any], person_id: str, from_slot: int) -> dict[str, Any]:
    """The same event with one person gone from `from_slot` on (a no-show or an early leaver)."""
    changed = copy.deepcopy(document)
    for person in changed["candidates"] + changed["recruiters"]:
        if person["id"] == person_id:
            horizon = changed.get("max_slots") or 40
            before = person.get("available", list(range(horizon)))
            person["available"] = [slot for slot in before if slot < from_slot]
    return changed


def test_replanning_an_unchanged_event_moves_nothing() -> None:
    event = parse_event(ISSUE_EXAMPLE)
    first = plan_timetable(event)
    for from_slot in range(len(first.slots) + 1):
        _, held, again = replan(ISSUE_EXAMPLE, first, from_slot)

        assert again.moved == 0
        assert again.slots == first.slots
        assert_valid_plan(event, again, held=held, from_slot=from_slot)


def test_a_no_show_has_no_conversations_after_the_replanning_slot() -> None:
    document: dict[str, Any] = {
        "candidates": [{"id": f"c{i}"} for i in range(4)],
        "recruiters": [{"id": f"r{i}"} for i in range(6)],
        "tables": 4,
        "max_consecutive": 3,
        "max_slots": 10,
    }
    first = plan_timetable(parse_event(document))
    from_slot = 2
    changed = without_slots_from(document, "c1", from_slot)
    event, held, again = replan(changed, first, from_slot)

    assert_valid_plan(event, again, held=held, from_slot=from_slot)
    later_c1 = [c for c in conversations_of(again) if c.candidate == "c1" and c.slot >= from_slot]
    assert later_c1 == []
    dropped = sum(1 for c in conversations_of(first) if c.candidate == "c1" and c.slot >= from_slot)
    assert again.moved == moved_between(first, again, from_slot)
    assert again.moved >= dropped


def test_a_late_arrival_is_fitted_in_when_they_arrive() -> None:
    document: dict[str, Any] = {
        "candidates": [{"id": f"c{i}"} for i in range(3)],
        "recruiters": [{"id": f"r{i}"} for i in range(5)],
        "meetings": {"per_candidate": 3},
        "tables": 3,
        "max_slots": 8,
    }
    first = plan_timetable(parse_event(document))
    changed = copy.deepcopy(document)
    changed["candidates"][0]["available"] = list(range(3, 8))
    event, held, again = replan(changed, first, 1)

    assert_valid_plan(event, again, held=held, from_slot=1)
    assert again.unmet == ()
    assert again.moved == moved_between(first, again, 1)


@given(
    document=event_documents(most_candidates=4, most_recruiters=5, horizon=6, time_budget=True),
    from_slot=st.integers(0, 6),
    person=st.integers(0, 8),
)
def test_replanning_keeps_held_conversations_and_counts_moves_as_specified(
    document: dict[str, Any], from_slot: int, person: int
) -> None:
    first = plan_timetable(parse_event(document))
    people = [p["id"] for p in document["candidates"] + document["recruiters"]]
    changed = without_slots_from(document, people[person % len(people)], from_slot)
    # Held conversations happened: the changed event keeps everyone there before from_slot.
    event, held, again = replan(changed, first, from_slot)

    assert_valid_plan(event, again, held=held, from_slot=from_slot)
    assert again.moved == moved_between(first, again, from_slot)


def test_a_sweep_of_tiny_replans_moves_as_few_as_the_best_plan_does() -> None:
    # Brute force every plan that keeps the held conversations: the re-plan must be fairest,
    # then shortest, then keep the most of the previous plan (tables: none, so slots decide).
    mismatches = []
    for seed in range(150):
        rng = random.Random(seed)
        horizon = 4
        document: dict[str, Any] = {
            "candidates": [{"id": f"c{i}"} for i in range(rng.randint(1, 2))],
            "recruiters": [{"id": f"r{i}"} for i in range(rng.randint(1, 3))],
            "max_slots": horizon,
            "max_consecutive": rng.choice([None, 1, 2]),
        }
        first = plan_timetable(parse_event(document))
        from_slot = rng.randint(0, horizon - 1)
        people = [p["id"] for p in document["candidates"] + document["recruiters"]]
        changed = without_slots_from(document, rng.choice(people), from_slot)
        event, held, again = replan(changed, first, from_slot)
        assert_valid_plan(event, again, held=held, from_slot=from_slot)

        held_placements = {(c.candidate, c.recruiter): c.slot for c in held}
        previous = {(c.candidate, c.recruiter): c.slot for c in conversations_of(first)}
        ceilings = {c.id: documented_ceiling(event, c.id, horizon) for c in event.candidates}
        best = None
        for candidate_plan in valid_plans_with_held(event, horizon, held_placements, from_slot):
            counts = {c.id: 0 for c in event.candidates}
            for candidate_id, _ in candidate_plan:
                counts[candidate_id] += 1
            kept = sum(
                1
                for pair, slot in candidate_plan.items()
                if slot >= from_slot and previous.get(pair) == slot
            )
            score = (
                *fairness(event, counts, ceilings),
                -(max(candidate_plan.values(), default=-1) + 1),
                kept,
            )
            best = score if best is None or score > best else best
        counts = {c.id: 0 for c in event.candidates}
        for conversation in conversations_of(again):
            counts[conversation.candidate] += 1
        later = sum(1 for c in conversations_of(first) if c.slot >= from_slot)
        got = (*fairness(event, counts, ceilings), -len(again.slots), later - again.moved)
        if got != best:
            mismatches.append(seed)

    assert mismatches == []


def valid_plans_with_held(
    event: Event, slot_count: int, held: dict[tuple[str, str], int], from_slot: int
) -> list[dict[tuple[str, str], int]]:
    """Every valid plan whose conversations before `from_slot` are exactly the held ones.

    The changed event may say someone is no longer there before `from_slot` only if they were
    not held there, which `without_slots_from` guarantees.
    """
    return [
        candidate_plan
        for candidate_plan in valid_plans(event, slot_count)
        if {pair: slot for pair, slot in candidate_plan.items() if slot < from_slot} == held
    ]
