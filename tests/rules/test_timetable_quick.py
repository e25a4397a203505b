"""The quick re-plan a web request can afford (issue 17): pure Python, a valid plan that keeps
what was held, a better plan found afterwards said to be better, and a kept plan read back
exactly."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.timetable import (
    conversation_count,
    parse_event,
    parse_plan,
    plan_timetable,
    timetable_from_json,
    timetable_to_json,
)
from tests.rules.test_timetable import assert_valid_plan, event_documents
from tests.rules.test_timetable_replan import moved_between, without_slots_from


@given(
    document=event_documents(most_candidates=4, most_recruiters=5, horizon=6, time_budget=True),
    from_slot=st.integers(0, 6),
    person=st.integers(0, 8),
)
def test_a_quick_re_plan_keeps_what_was_held_and_respects_every_rule(
    document: dict[str, Any], from_slot: int, person: int
) -> None:
    first = plan_timetable(parse_event(document))
    people = [p["id"] for p in document["candidates"] + document["recruiters"]]
    changed = without_slots_from(document, people[person % len(people)], from_slot)
    event = parse_event(changed)
    previous = parse_plan(timetable_to_json(first), event)

    quick = plan_timetable(event, previous=previous, from_slot=from_slot, quick=True)

    held = tuple(c for c in previous if c.slot < from_slot)
    assert_valid_plan(event, quick, held=held, from_slot=from_slot)
    assert quick.moved == moved_between(first, quick, from_slot)


def test_the_quick_re_plan_never_imports_or_tools() -> None:
    script = """
import sys
from coappoint.rules.timetable import parse_event, plan_timetable, parse_plan, timetable_to_json
document = {
    "candidates": [{"id": f"c{i}"} for i in range(10)],
    "recruiters": [{"id": f"r{i}"} for i in range(40)],
    "tables": 10,
}
event = parse_event(document)
first = plan_timetable(event)  # no side constraint binds: flows and colouring, pure Python
document["candidates"][0]["available"] = [0, 1]
changed = parse_event(document)
previous = parse_plan(timetable_to_json(first), changed)
plan_timetable(changed, previous=previous, from_slot=2, quick=True)
print("ortools" in " ".join(sys.modules))
"""
    answer = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert answer.stdout.strip() == "False"


@given(event_documents(side_constraints=True))
def test_a_plan_kept_as_json_reads_back_as_the_same_plan(document: dict[str, Any]) -> None:
    event = parse_event(document)
    planned = plan_timetable(event)

    assert timetable_from_json(timetable_to_json(planned), event) == planned


# Four candidates, three recruiters (r2 knows c1), two tables, a nine-slot day, rests after
# three in a row; r0 leaves after slot 0 (found by a search over small events).
ROOM_TO_IMPROVE: dict[str, Any] = {
    "candidates": [{"id": f"c{i}"} for i in range(4)],
    "recruiters": [{"id": f"r{i}"} for i in range(3)],
    "tables": 2,
    "max_slots": 9,
    "max_consecutive": 3,
    "conflicts": [["r2", "c1"]],
}


def test_the_solver_finds_a_better_plan_than_the_quick_one_and_says_so() -> None:
    first = plan_timetable(parse_event(ROOM_TO_IMPROVE))
    event = parse_event(without_slots_from(ROOM_TO_IMPROVE, "r0", 1))
    previous = parse_plan(timetable_to_json(first), event)
    quick = plan_timetable(event, previous=previous, from_slot=1, quick=True)

    better = plan_timetable(
        event, previous=parse_plan(timetable_to_json(quick), event), from_slot=1
    )
    again = plan_timetable(
        event, previous=parse_plan(timetable_to_json(better), event), from_slot=1
    )

    assert (len(quick.slots), len(better.slots)) == (6, 5)
    assert conversation_count(better) == conversation_count(quick)
    assert better.better_than_previous
    assert not again.better_than_previous  # nothing better than the better plan
    assert_valid_plan(event, better, held=tuple(c for c in previous if c.slot < 1), from_slot=1)
