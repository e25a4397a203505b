"""The rotation timetable: every plan is valid, fair, as short as proven, and reproducible."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coappoint.rules.errors import InvalidTimetableInput
from coappoint.rules.timetable import (
    NO_INTERPRETER,
    NOT_TOGETHER,
    SHORT_OF_K,
    TIME_BUDGET,
    Conversation,
    Event,
    Timetable,
    parse_event,
    plan_timetable,
    timetable_to_json,
)

ISSUE_EXAMPLE: dict[str, Any] = {
    "candidates": [{"id": "c1"}, {"id": "c2", "available": [1, 2, 3, 4, 5], "language": "bsl"}],
    "recruiters": [
        {"id": "r1", "language": "ar"},
        {"id": "r2"},
        {"id": "r3", "available": [0, 1, 2]},
    ],
    "interpreters": {"ar": 1, "bsl": 1},
    "conflicts": [["r2", "c1"]],
    "tables": 2,
    "meetings": "all",
    "max_slots": 8,
    "max_consecutive": 3,
}


# ---------------------------------------------------------------------------------------------
# An independent checker of the contract


def languages_needed(event: Event, candidate_id: str, recruiter_id: str) -> tuple[str, ...]:
    candidate = next(c for c in event.candidates if c.id == candidate_id)
    recruiter = next(r for r in event.recruiters if r.id == recruiter_id)
    return tuple(sorted({lang for lang in (candidate.language, recruiter.language) if lang}))


def assert_valid_plan(
    event: Event,
    timetable: Timetable,
    *,
    held: Sequence[Conversation] = (),
    from_slot: int = 0,
) -> None:
    """Check every rule of the contract that does not depend on optimality."""
    candidates = {candidate.id: candidate for candidate in event.candidates}
    recruiters = {recruiter.id: recruiter for recruiter in event.recruiters}
    interpreters = dict(event.interpreters)
    met: set[tuple[str, str]] = set()
    busy: dict[str, set[int]] = {}
    for slot_number, slot in enumerate(timetable.slots):
        tables = [conversation.table for conversation in slot]
        assert len(set(tables)) == len(tables), f"a table used twice in slot {slot_number}"
        people = [("c", c.candidate) for c in slot] + [("r", c.recruiter) for c in slot]
        assert len(set(people)) == len(people), f"someone double-booked in slot {slot_number}"
        language_use: dict[str, int] = {}
        for conversation in slot:
            assert conversation.slot == slot_number
            pair = (conversation.candidate, conversation.recruiter)
            assert pair not in met, f"{pair} meet twice"
            met.add(pair)
            assert conversation.interpreters == languages_needed(event, *pair)
            busy.setdefault("c" + conversation.candidate, set()).add(slot_number)
            busy.setdefault("r" + conversation.recruiter, set()).add(slot_number)
            if slot_number < from_slot:
                continue
            candidate = candidates[conversation.candidate]
            recruiter = recruiters[conversation.recruiter]
            assert (recruiter.id, candidate.id) not in event.conflicts
            assert candidate.available is None or slot_number in candidate.available
            assert recruiter.available is None or slot_number in recruiter.available
            assert event.max_slots is None or slot_number < event.max_slots
            assert event.tables is None or 1 <= conversation.table <= event.tables
            assert conversation.table >= 1
            for language in conversation.interpreters:
                language_use[language] = language_use.get(language, 0) + 1
        for language, count in language_use.items():
            assert count <= interpreters.get(language, 0), f"too few {language} interpreters"
    if event.max_consecutive is not None:
        for person, slots in busy.items():
            for start in range(max(from_slot - event.max_consecutive, 0), len(timetable.slots)):
                window = range(start, start + event.max_consecutive + 1)
                if window[-1] >= from_slot:
                    assert not all(slot in slots for slot in window), f"{person} never rests"
    if timetable.slots:
        assert timetable.slots[-1] or len(timetable.slots) <= from_slot, "trailing empty slot"
    held_keys = {(c.candidate, c.recruiter, c.slot, c.table) for c in held}
    kept = {
        (c.candidate, c.recruiter, c.slot, c.table)
        for slot in timetable.slots[:from_slot]
        for c in slot
    }
    assert kept == held_keys, "conversations before the re-planning slot changed"

    counts = {candidate.id: 0 for candidate in event.candidates}
    for candidate_id, _ in met:
        counts[candidate_id] += 1
    if event.per_candidate is not None:
        assert all(count <= event.per_candidate for count in counts.values())
        expected = {
            candidate_id: event.per_candidate - count
            for candidate_id, count in counts.items()
            if count < event.per_candidate
        }
        assert {u.candidate: u.missing for u in timetable.unmet} == expected
        assert all(u.reason_code == SHORT_OF_K for u in timetable.unmet)
    else:
        required = {
            (candidate.id, recruiter.id)
            for candidate in event.candidates
            for recruiter in event.recruiters
            if (recruiter.id, candidate.id) not in event.conflicts
        }
        assert {(u.candidate, u.recruiter) for u in timetable.unmet} == required - met
        assert all(
            u.reason_code in {NOT_TOGETHER, NO_INTERPRETER, TIME_BUDGET} for u in timetable.unmet
        )
    assert 0 <= timetable.lower_bound <= len(timetable.slots)
    assert timetable.optimal == (len(timetable.slots) == timetable.lower_bound)


def plan(document: dict[str, Any], **options: Any) -> tuple[Event, Timetable]:
    event = parse_event(document)
    return event, plan_timetable(event, **options)


# ---------------------------------------------------------------------------------------------
# Generated events


@st.composite
def event_documents(
    draw: st.DrawFn,
    *,
    most_candidates: int = 4,
    most_recruiters: int = 5,
    horizon: int = 6,
    side_constraints: bool = True,
    time_budget: bool | None = None,
) -> dict[str, Any]:
    candidate_count = draw(st.integers(1, most_candidates))
    recruiter_count = draw(st.integers(1, most_recruiters))

    def person(prefix: str, index: int) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": f"{prefix}{index}"}
        if side_constraints and draw(st.booleans()):
            entry["available"] = sorted(draw(st.sets(st.integers(0, horizon - 1))))
        if side_constraints and draw(st.integers(0, 3)) == 0:
            entry["language"] = draw(st.sampled_from(["ar", "bsl"]))
        return entry

    candidates = [person("c", index) for index in range(candidate_count)]
    recruiters = [person("r", index) for index in range(recruiter_count)]
    document: dict[str, Any] = {"candidates": candidates, "recruiters": recruiters}
    pairs = [[r["id"], c["id"]] for r in recruiters for c in candidates]
    document["conflicts"] = draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 2))
    if side_constraints:
        document["interpreters"] = {
            language: draw(st.integers(0, 2)) for language in ("ar", "bsl") if draw(st.booleans())
        }
        document["max_consecutive"] = draw(st.none() | st.integers(1, 3))
    document["tables"] = draw(st.none() | st.integers(1, 3))
    if draw(st.booleans()):
        document["meetings"] = {"per_candidate": draw(st.integers(1, recruiter_count))}
    with_budget = draw(st.booleans()) if time_budget is None else time_budget
    if with_budget:
        document["max_slots"] = draw(st.integers(0, horizon))
    return document


# ---------------------------------------------------------------------------------------------
# The worked example and simple cases


def test_the_issue_example_is_planned_in_four_slots_and_proven_optimal() -> None:
    event, timetable = plan(ISSUE_EXAMPLE)

    assert_valid_plan(event, timetable)
    assert len(timetable.slots) == 4
    assert timetable.lower_bound == 4
    assert timetable.optimal is True
    assert timetable.moved == 0
    assert timetable.unmet == ()


def test_interpreters_are_listed_only_when_a_conversation_needs_them() -> None:
    _, timetable = plan(ISSUE_EXAMPLE)
    document = timetable_to_json(timetable)

    for slot in document["slots"]:
        for conversation in slot:
            needed = languages_needed(
                parse_event(ISSUE_EXAMPLE), conversation["candidate"], conversation["recruiter"]
            )
            assert conversation.get("interpreters", []) == list(needed)
            assert ("interpreters" in conversation) == bool(needed)


def test_no_recruiter_meets_the_same_candidate_twice() -> None:
    event, timetable = plan({"candidates": [{"id": "c1"}], "recruiters": [{"id": "r1"}]})

    assert [[(c.candidate, c.recruiter) for c in slot] for slot in timetable.slots] == [
        [("c1", "r1")]
    ]
    assert_valid_plan(event, timetable)


def test_a_pair_never_there_together_is_unmet_as_not_together() -> None:
    _, timetable = plan(
        {
            "candidates": [{"id": "c1", "available": [0]}],
            "recruiters": [{"id": "r1", "available": [1]}],
        }
    )

    assert timetable.slots == ()
    assert [(u.candidate, u.recruiter, u.reason_code) for u in timetable.unmet] == [
        ("c1", "r1", NOT_TOGETHER)
    ]


def test_a_language_without_interpreters_is_unmet_as_no_interpreter() -> None:
    _, timetable = plan(
        {"candidates": [{"id": "c1", "language": "bsl"}], "recruiters": [{"id": "r1"}]}
    )

    assert [u.reason_code for u in timetable.unmet] == [NO_INTERPRETER]


def test_meetings_that_do_not_fit_the_time_are_unmet_as_time_budget() -> None:
    _, timetable = plan(
        {
            "candidates": [{"id": "c1"}],
            "recruiters": [{"id": "r1"}, {"id": "r2"}],
            "max_slots": 1,
        }
    )

    assert len(timetable.slots) == 1
    assert [u.reason_code for u in timetable.unmet] == [TIME_BUDGET]


def test_a_candidate_who_cannot_meet_k_recruiters_is_reported_short_of_k() -> None:
    _, timetable = plan(
        {
            "candidates": [{"id": "c1"}],
            "recruiters": [{"id": "r1"}, {"id": "r2"}],
            "conflicts": [["r1", "c1"]],
            "meetings": {"per_candidate": 2},
        }
    )

    assert [(u.candidate, u.missing, u.reason_code) for u in timetable.unmet] == [
        ("c1", 1, SHORT_OF_K)
    ]


def test_when_time_is_short_candidates_are_treated_alike() -> None:
    # Two slots and one table: four conversations fit, so each candidate gets two rather than
    # one candidate getting three.
    event, timetable = plan(
        {
            "candidates": [{"id": "c1"}, {"id": "c2"}],
            "recruiters": [{"id": "r1"}, {"id": "r2"}, {"id": "r3"}],
            "tables": 2,
            "max_slots": 2,
        }
    )

    counts = [
        sum(c.candidate == cid for slot in timetable.slots for c in slot) for cid in ("c1", "c2")
    ]
    assert counts == [2, 2]
    assert_valid_plan(event, timetable)


def test_rests_lengthen_the_plan_as_the_bound_says() -> None:
    # One candidate meets four recruiters, resting after every two: slots 0 1 _ 3 4.
    event, timetable = plan(
        {
            "candidates": [{"id": "c1"}],
            "recruiters": [{"id": f"r{index}"} for index in range(4)],
            "max_consecutive": 2,
        }
    )

    assert_valid_plan(event, timetable)
    assert len(timetable.slots) == 5
    assert timetable.optimal is True


# ---------------------------------------------------------------------------------------------
# Properties


@given(event_documents())
def test_every_plan_respects_every_rule(document: dict[str, Any]) -> None:
    event, timetable = plan(document)

    assert_valid_plan(event, timetable)


@given(event_documents(side_constraints=True))
def test_the_same_input_gives_byte_identical_output(document: dict[str, Any]) -> None:
    first = json.dumps(timetable_to_json(plan_timetable(parse_event(document))))
    second = json.dumps(
        timetable_to_json(plan_timetable(parse_event(json.loads(json.dumps(document)))))
    )

    assert first == second


def required_graph(event: Event) -> list[tuple[str, str]]:
    return [
        (candidate.id, recruiter.id)
        for candidate in event.candidates
        for recruiter in event.recruiters
        if (recruiter.id, candidate.id) not in event.conflicts
    ]


@given(
    event_documents(
        most_candidates=8, most_recruiters=15, side_constraints=False, time_budget=False
    )
)
def test_without_side_constraints_the_plan_reaches_the_theoretical_fewest_slots(
    document: dict[str, Any],
) -> None:
    event, timetable = plan(document)
    assert_valid_plan(event, timetable)
    conversations = [c for slot in timetable.slots for c in slot]
    degrees: dict[str, int] = {}
    for conversation in conversations:
        degrees["c" + conversation.candidate] = degrees.get("c" + conversation.candidate, 0) + 1
        degrees["r" + conversation.recruiter] = degrees.get("r" + conversation.recruiter, 0) + 1
    fewest = max(degrees.values(), default=0)
    if event.tables is not None:
        fewest = max(fewest, -(-len(conversations) // event.tables))

    assert len(timetable.slots) == fewest
    assert timetable.optimal is True
    if event.per_candidate is None:
        assert timetable.unmet == ()
        assert len(conversations) == len(required_graph(event))
    else:
        partners = {c.id: 0 for c in event.candidates}
        for candidate_id, _ in required_graph(event):
            partners[candidate_id] += 1
        for candidate_id, count in partners.items():
            got = sum(c.candidate == candidate_id for c in conversations)
            assert got == min(event.per_candidate, count)


@given(
    candidate_count=st.integers(1, 10),
    recruiter_count=st.integers(1, 30),
    k=st.integers(1, 30),
    tables=st.none() | st.integers(1, 12),
)
def test_per_candidate_loads_are_as_even_as_possible_without_conflicts(
    candidate_count: int, recruiter_count: int, k: int, tables: int | None
) -> None:
    k = min(k, recruiter_count)
    document: dict[str, Any] = {
        "candidates": [{"id": f"c{i}"} for i in range(candidate_count)],
        "recruiters": [{"id": f"r{i}"} for i in range(recruiter_count)],
        "meetings": {"per_candidate": k},
    }
    if tables is not None:
        document["tables"] = tables
    event, timetable = plan(document)
    loads = [
        sum(c.recruiter == f"r{i}" for slot in timetable.slots for c in slot)
        for i in range(recruiter_count)
    ]
    total = candidate_count * k

    assert_valid_plan(event, timetable)
    assert max(loads) == -(-total // recruiter_count)
    assert min(loads) == total // recruiter_count
    fewest = max(k, -(-total // recruiter_count), -(-total // (tables or total)))
    assert len(timetable.slots) == fewest


def test_a_large_event_without_side_constraints_gets_exactly_max_degree_slots() -> None:
    document = {
        "candidates": [{"id": f"c{i}"} for i in range(30)],
        "recruiters": [{"id": f"r{i}"} for i in range(120)],
        "conflicts": [[f"r{i}", f"c{i % 30}"] for i in range(0, 120, 7)],
        "tables": 30,
    }
    event, timetable = plan(document)

    assert_valid_plan(event, timetable)
    assert len(timetable.slots) == 120
    assert timetable.optimal is True


# ---------------------------------------------------------------------------------------------
# Brute force on tiny events: fairness, slots and the bound are checked against every plan


def valid_plans(event: Event, slot_count: int) -> Iterator[dict[tuple[str, str], int]]:
    """Every valid plan within `slot_count` slots, as pair -> slot (depth-first, pruned)."""
    pairs = [
        (candidate, recruiter)
        for candidate in event.candidates
        for recruiter in event.recruiters
        if (recruiter.id, candidate.id) not in event.conflicts
    ]
    interpreters = dict(event.interpreters)
    chosen: dict[tuple[str, str], int] = {}
    busy: set[tuple[str, int]] = set()
    per_slot: dict[int, int] = {}
    language_use: dict[tuple[str, int], int] = {}
    per_candidate: dict[str, int] = {}

    def rested(person: str) -> bool:
        if event.max_consecutive is None:
            return True
        run = 0
        for slot in range(slot_count):
            run = run + 1 if (person, slot) in busy else 0
            if run > event.max_consecutive:
                return False
        return True

    def search(index: int) -> Iterator[dict[tuple[str, str], int]]:
        if index == len(pairs):
            yield dict(chosen)
            return
        yield from search(index + 1)
        candidate, recruiter = pairs[index]
        if (
            event.per_candidate is not None
            and per_candidate.get(candidate.id, 0) >= event.per_candidate
        ):
            return
        languages = languages_needed(event, candidate.id, recruiter.id)
        for slot in range(slot_count):
            if (
                ("c" + candidate.id, slot) in busy
                or ("r" + recruiter.id, slot) in busy
                or (candidate.available is not None and slot not in candidate.available)
                or (recruiter.available is not None and slot not in recruiter.available)
                or (event.tables is not None and per_slot.get(slot, 0) >= event.tables)
                or any(
                    language_use.get((lang, slot), 0) >= interpreters.get(lang, 0)
                    for lang in languages
                )
            ):
                continue
            busy.update({("c" + candidate.id, slot), ("r" + recruiter.id, slot)})
            if rested("c" + candidate.id) and rested("r" + recruiter.id):
                chosen[(candidate.id, recruiter.id)] = slot
                per_slot[slot] = per_slot.get(slot, 0) + 1
                per_candidate[candidate.id] = per_candidate.get(candidate.id, 0) + 1
                for lang in languages:
                    language_use[(lang, slot)] = language_use.get((lang, slot), 0) + 1
                yield from search(index + 1)
                del chosen[(candidate.id, recruiter.id)]
                per_slot[slot] -= 1
                per_candidate[candidate.id] -= 1
                for lang in languages:
                    language_use[(lang, slot)] -= 1
            busy.difference_update({("c" + candidate.id, slot), ("r" + recruiter.id, slot)})

    yield from search(0)


def documented_ceiling(event: Event, candidate_id: str, slot_count: int) -> int:
    """A ceiling as documented: min(k, partners given distinct slots, rest-usable own slots)."""
    candidate = next(c for c in event.candidates if c.id == candidate_id)
    interpreters = dict(event.interpreters)
    partner_slots = []
    for recruiter in event.recruiters:
        if (recruiter.id, candidate.id) in event.conflicts:
            continue
        if any(
            interpreters.get(lang, 0) == 0
            for lang in languages_needed(event, candidate.id, recruiter.id)
        ):
            continue
        slots = [
            slot
            for slot in range(slot_count)
            if (candidate.available is None or slot in candidate.available)
            and (recruiter.available is None or slot in recruiter.available)
        ]
        if slots:
            partner_slots.append(slots)
    matched = 0
    for size in range(len(partner_slots), 0, -1):
        if any(
            any(len(set(choice)) == size for choice in itertools.product(*group))
            for group in itertools.combinations(partner_slots, size)
        ):
            matched = size
            break
    own = sorted({slot for slots in partner_slots for slot in slots})
    rest_usable = 0
    for size in range(len(own), 0, -1):
        for subset in itertools.combinations(own, size):
            if event.max_consecutive is None or not any(
                all(slot + step in subset for step in range(event.max_consecutive + 1))
                for slot in subset
            ):
                rest_usable = size
                break
        if rest_usable:
            break
    ceiling = min(matched, rest_usable)
    if event.per_candidate is not None:
        ceiling = min(ceiling, event.per_candidate)
    return ceiling


def fairness(event: Event, counts: dict[str, int], ceilings: dict[str, int]) -> tuple[int, int]:
    short = [counts[c.id] for c in event.candidates if counts[c.id] < ceilings[c.id]]
    level = min(short) if short else max(ceilings.values(), default=0)
    return level, sum(counts.values())


def fewest_slots_for(event: Event, pairs: set[tuple[str, str]], slot_count: int) -> int:
    best = slot_count + 1
    for candidate_plan in valid_plans(event, slot_count):
        if set(candidate_plan) == pairs:
            best = min(best, max(candidate_plan.values(), default=-1) + 1)
    return best


@settings(max_examples=100)
@given(event_documents(most_candidates=2, most_recruiters=3, horizon=4, time_budget=True))
def test_tiny_events_get_the_fairest_then_shortest_plan_that_exists(
    document: dict[str, Any],
) -> None:
    event, timetable = plan(document)
    assert_valid_plan(event, timetable)
    assert event.max_slots is not None
    ceilings = {c.id: documented_ceiling(event, c.id, event.max_slots) for c in event.candidates}
    best: tuple[int, int, int] | None = None
    for candidate_plan in valid_plans(event, event.max_slots):
        counts = {c.id: 0 for c in event.candidates}
        for candidate_id, _ in candidate_plan:
            counts[candidate_id] += 1
        level, total = fairness(event, counts, ceilings)
        score = (level, total, -(max(candidate_plan.values(), default=-1) + 1))
        best = score if best is None or score > best else best
    assert best is not None

    counts = {c.id: 0 for c in event.candidates}
    for slot in timetable.slots:
        for conversation in slot:
            counts[conversation.candidate] += 1
    level, total = fairness(event, counts, ceilings)
    assert (level, total, -len(timetable.slots)) == best


@settings(max_examples=100)
@given(event_documents(most_candidates=2, most_recruiters=3, horizon=4, time_budget=True))
def test_the_lower_bound_is_never_above_any_plan_of_the_same_conversations(
    document: dict[str, Any],
) -> None:
    event, timetable = plan(document)
    assert event.max_slots is not None
    planned = {(c.candidate, c.recruiter) for slot in timetable.slots for c in slot}
    fewest = fewest_slots_for(event, planned, event.max_slots)

    assert timetable.lower_bound <= fewest <= len(timetable.slots)
    if timetable.optimal:
        assert len(timetable.slots) == fewest


def seeded_tiny_event(seed: int) -> dict[str, Any]:
    """A tiny event drawn from a fixed seed: a sweep that always covers the same 300 cases."""
    rng = random.Random(seed)
    horizon = 4

    def person(prefix: str, index: int) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": f"{prefix}{index}"}
        if rng.random() < 0.5:
            entry["available"] = sorted(rng.sample(range(horizon), rng.randint(0, horizon)))
        if rng.random() < 0.25:
            entry["language"] = rng.choice(["ar", "bsl"])
        return entry

    recruiter_count = rng.randint(1, 3)
    document: dict[str, Any] = {
        "candidates": [person("c", index) for index in range(rng.randint(1, 2))],
        "recruiters": [person("r", index) for index in range(recruiter_count)],
        "interpreters": {"ar": rng.randint(0, 2), "bsl": rng.randint(0, 2)},
        "max_slots": rng.randint(0, horizon),
        "tables": rng.choice([None, 1, 2]),
        "max_consecutive": rng.choice([None, 1, 2]),
    }
    if rng.random() < 0.5:
        document["meetings"] = {"per_candidate": rng.randint(1, recruiter_count)}
    return document


def test_a_sweep_of_tiny_events_matches_brute_force_fairness_and_slots() -> None:
    # Hypothesis shrinks towards easy events; this fixed sweep keeps hard little ones (rests,
    # busy interpreters, late arrivals) in every run. Greedy planning alone fails it.
    mismatches = []
    for seed in range(300):
        document = seeded_tiny_event(seed)
        event, timetable = plan(document)
        assert_valid_plan(event, timetable)
        assert event.max_slots is not None
        ceilings = {
            c.id: documented_ceiling(event, c.id, event.max_slots) for c in event.candidates
        }
        best: tuple[int, int, int] | None = None
        for candidate_plan in valid_plans(event, event.max_slots):
            counts = {c.id: 0 for c in event.candidates}
            for candidate_id, _ in candidate_plan:
                counts[candidate_id] += 1
            score = (
                *fairness(event, counts, ceilings),
                -(max(candidate_plan.values(), default=-1) + 1),
            )
            best = score if best is None or score > best else best
        counts = {c.id: 0 for c in event.candidates}
        for slot in timetable.slots:
            for conversation in slot:
                counts[conversation.candidate] += 1
        if (*fairness(event, counts, ceilings), -len(timetable.slots)) != best:
            mismatches.append(seed)

    assert mismatches == []


def test_optimal_is_false_when_the_plan_is_longer_than_the_bound() -> None:
    # A search cut off at once keeps the greedy plan; whatever it is, `optimal` must agree
    # with the bound.
    document = {
        "candidates": [{"id": f"c{i}", "available": list(range(1, 12))} for i in range(6)],
        "recruiters": [{"id": f"r{i}", "available": list(range(0, 10))} for i in range(8)],
        "tables": 4,
        "max_consecutive": 2,
    }
    event = parse_event(document)
    timetable = plan_timetable(event, deterministic_seconds=0.001)

    assert_valid_plan(event, timetable)
    assert timetable.optimal == (len(timetable.slots) == timetable.lower_bound)


# ---------------------------------------------------------------------------------------------
# Malformed input


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "JSON object"),
        ({"recruiters": []}, '"candidates" is missing'),
        ({"candidates": []}, '"recruiters" is missing'),
        ({"candidates": {}, "recruiters": []}, '"candidates" must be a list'),
        ({"candidates": [{"id": 1}], "recruiters": []}, 'candidates[0]: "id"'),
        ({"candidates": [{"id": "c1"}, {"id": "c1"}], "recruiters": []}, 'candidates[1] ("c1")'),
        (
            {"candidates": [{"id": "c1", "available": [2, -1]}], "recruiters": []},
            'candidates[0] ("c1"): "available" holds the slot -1',
        ),
        (
            {"candidates": [], "recruiters": [{"id": "r1", "available": "all"}]},
            'recruiters[0] ("r1"): "available" must be a list',
        ),
        (
            {"candidates": [], "recruiters": [{"id": "r1", "language": 3}]},
            'recruiters[0] ("r1"): "language"',
        ),
        (
            {
                "candidates": [{"id": "c1"}],
                "recruiters": [{"id": "r1"}],
                "conflicts": [["r9", "c1"]],
            },
            'conflicts[0]: unknown recruiter "r9"',
        ),
        (
            {
                "candidates": [{"id": "c1"}],
                "recruiters": [{"id": "r1"}],
                "conflicts": [["r1", "c9"]],
            },
            'conflicts[0]: unknown candidate "c9"',
        ),
        (
            {"candidates": [], "recruiters": [], "conflicts": [["r1"]]},
            "conflicts[0] must be a pair",
        ),
        ({"candidates": [], "recruiters": [], "tables": 0}, '"tables"'),
        ({"candidates": [], "recruiters": [], "tables": "two"}, '"tables"'),
        ({"candidates": [], "recruiters": [], "max_slots": -1}, '"max_slots"'),
        ({"candidates": [], "recruiters": [], "max_consecutive": True}, '"max_consecutive"'),
        ({"candidates": [], "recruiters": [], "interpreters": {"ar": -1}}, 'interpreters["ar"]'),
        (
            {"candidates": [], "recruiters": [{"id": "r1"}], "meetings": {"per_candidate": 2}},
            "more than the 1 recruiters",
        ),
        ({"candidates": [], "recruiters": [], "meetings": "some"}, '"meetings"'),
    ],
)
def test_malformed_input_is_refused_naming_the_field_and_the_person(
    document: Any, message: str
) -> None:
    with pytest.raises(InvalidTimetableInput) as refused:
        parse_event(document)

    assert message in str(refused.value)


def test_a_conflict_may_name_the_candidate_first() -> None:
    event = parse_event(
        {"candidates": [{"id": "c1"}], "recruiters": [{"id": "r1"}], "conflicts": [["c1", "r1"]]}
    )

    assert event.conflicts == frozenset({("r1", "c1")})


def test_unknown_keys_are_ignored() -> None:
    event = parse_event(
        {"candidates": [{"id": "c1", "name": "Ann"}], "recruiters": [{"id": "r1"}], "venue": "hall"}
    )

    assert [candidate.id for candidate in event.candidates] == ["c1"]
