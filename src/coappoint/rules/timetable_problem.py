"""The timetable as numbers: who may meet whom in which slots, and bounds that hold for any plan."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# A plan of the free slots: pair index -> slot.
Assignment = Mapping[int, int]


@dataclass(frozen=True)
class Problem:
    """Everything the searches need, with people as indexes and slots as integers.

    Slots before `first_slot` are held (re-planning) and cannot change; slots in
    [first_slot, horizon) are free. `pairs` are the (candidate, recruiter) pairs still allowed to
    meet, each with the free slots when both are there and the interpreter languages they need.
    """

    candidate_count: int
    recruiter_count: int
    first_slot: int
    horizon: int
    pairs: tuple[tuple[int, int], ...]
    pair_slots: tuple[tuple[int, ...], ...]
    pair_languages: tuple[tuple[int, ...], ...]
    language_capacity: tuple[int, ...]
    tables: int | None
    max_consecutive: int | None
    # Per-candidate mode: how many more conversations each candidate may have; None in all mode.
    candidate_need: tuple[int, ...] | None
    candidate_held_slots: tuple[frozenset[int], ...]
    recruiter_held_slots: tuple[frozenset[int], ...]
    held_slot_count: int
    # The most conversations (held ones included) each candidate could have on their own.
    candidate_ceiling: tuple[int, ...]
    # Conversations of the previous plan in free slots: (pair index, slot), to keep if possible.
    previous: tuple[tuple[int, int], ...]

    def clipped(self, horizon: int) -> Problem:
        """The same problem with fewer free slots (ceilings kept: they stay upper bounds)."""
        return Problem(
            candidate_count=self.candidate_count,
            recruiter_count=self.recruiter_count,
            first_slot=self.first_slot,
            horizon=horizon,
            pairs=self.pairs,
            pair_slots=tuple(
                tuple(slot for slot in slots if slot < horizon) for slots in self.pair_slots
            ),
            pair_languages=self.pair_languages,
            language_capacity=self.language_capacity,
            tables=self.tables,
            max_consecutive=self.max_consecutive,
            candidate_need=self.candidate_need,
            candidate_held_slots=self.candidate_held_slots,
            recruiter_held_slots=self.recruiter_held_slots,
            held_slot_count=self.held_slot_count,
            candidate_ceiling=self.candidate_ceiling,
            previous=tuple((pair, slot) for pair, slot in self.previous if slot < horizon),
        )

    def person_slots(self) -> tuple[list[list[int]], list[list[int]]]:
        """Each candidate's and recruiter's free slots with at least one possible partner."""
        candidate_slots: list[set[int]] = [set() for _ in range(self.candidate_count)]
        recruiter_slots: list[set[int]] = [set() for _ in range(self.recruiter_count)]
        for (candidate, recruiter), slots in zip(self.pairs, self.pair_slots, strict=True):
            candidate_slots[candidate].update(slots)
            recruiter_slots[recruiter].update(slots)
        return (
            [sorted(slots) for slots in candidate_slots],
            [sorted(slots) for slots in recruiter_slots],
        )


@dataclass(frozen=True)
class Measure:
    """How good a plan is, objective by objective (see `plan_timetable`)."""

    level: int
    total: int
    slot_count: int
    kept: int
    largest_load: int
    smallest_load: int


def fairness_level(counts: Sequence[int], ceilings: Sequence[int]) -> int:
    """The largest t such that every candidate has at least min(t, their ceiling) conversations."""
    short = [count for count, ceiling in zip(counts, ceilings, strict=True) if count < ceiling]
    return min(short) if short else max(ceilings, default=0)


def measure(problem: Problem, assignment: Assignment) -> Measure:
    """Score `assignment` (free slots only) together with the held conversations."""
    candidate_counts = [len(held) for held in problem.candidate_held_slots]
    recruiter_counts = [len(held) for held in problem.recruiter_held_slots]
    for pair in assignment:
        candidate, recruiter = problem.pairs[pair]
        candidate_counts[candidate] += 1
        recruiter_counts[recruiter] += 1
    last_free = max(assignment.values(), default=-1)
    previous = dict(problem.previous)
    return Measure(
        level=fairness_level(candidate_counts, problem.candidate_ceiling),
        total=sum(candidate_counts),
        slot_count=max(problem.held_slot_count, last_free + 1),
        kept=sum(1 for pair, slot in assignment.items() if previous.get(pair) == slot),
        largest_load=max(recruiter_counts, default=0),
        smallest_load=min(recruiter_counts, default=0),
    )


def earliest_finish(
    available_slots: Sequence[int],
    count: int,
    held_slots: Iterable[int],
    max_consecutive: int | None,
) -> int:
    """The fewest slots in which one person can have `count` more conversations.

    Taking every available slot, resting only when forced to, reaches the count earliest (any
    other choice can be exchanged for the earlier slot), so this is a lower bound for any plan.
    Returns 0 for no conversations and a huge number when the count cannot be reached.
    """
    if count <= 0:
        return 0
    for taken, slot in enumerate(_greedy_slots(available_slots, held_slots, max_consecutive), 1):
        if taken == count:
            return slot + 1
    return 1 << 30


def rest_capacity(
    available_slots: Sequence[int], held_slots: Iterable[int], max_consecutive: int | None
) -> int:
    """The most conversations one person can have in these slots, given rests."""
    return sum(1 for _ in _greedy_slots(available_slots, held_slots, max_consecutive))


def _greedy_slots(
    available_slots: Sequence[int], held_slots: Iterable[int], max_consecutive: int | None
) -> Iterable[int]:
    held = set(held_slots)
    for slot in available_slots:
        if max_consecutive is not None:
            run = 0
            while run < max_consecutive and (slot - run - 1) in held:
                run += 1
            if run >= max_consecutive:
                continue
        held.add(slot)
        yield slot


def planned_slot_bound(problem: Problem, assignment: Assignment) -> int:
    """A proven lower bound on the slots needed by exactly the conversations in `assignment`.

    The largest of: the held slots; for each person, the earliest they can fit their number of
    conversations into the slots when they are there (with rests); for each pair, their first
    common slot; tables and each interpreter language, by counting.
    """
    bound = problem.held_slot_count
    if not assignment:
        return bound
    candidate_slots, recruiter_slots = problem.person_slots()
    candidate_counts = [0] * problem.candidate_count
    recruiter_counts = [0] * problem.recruiter_count
    language_counts = [0] * len(problem.language_capacity)
    for pair in assignment:
        candidate, recruiter = problem.pairs[pair]
        candidate_counts[candidate] += 1
        recruiter_counts[recruiter] += 1
        for language in problem.pair_languages[pair]:
            language_counts[language] += 1
        bound = max(bound, problem.pair_slots[pair][0] + 1)
    for candidate, count in enumerate(candidate_counts):
        bound = max(
            bound,
            earliest_finish(
                candidate_slots[candidate],
                count,
                problem.candidate_held_slots[candidate],
                problem.max_consecutive,
            ),
        )
    for recruiter, count in enumerate(recruiter_counts):
        bound = max(
            bound,
            earliest_finish(
                recruiter_slots[recruiter],
                count,
                problem.recruiter_held_slots[recruiter],
                problem.max_consecutive,
            ),
        )
    bound = max(bound, _counting_bound(problem, len(assignment), problem.tables))
    for language, count in enumerate(language_counts):
        bound = max(bound, _counting_bound(problem, count, problem.language_capacity[language]))
    return bound


def general_slot_bound(problem: Problem, level: int, total: int) -> int:
    """A proven lower bound on the slots of every plan reaching this fairness level and total."""
    candidate_slots, _ = problem.person_slots()
    bound = problem.held_slot_count
    for candidate in range(problem.candidate_count):
        held = problem.candidate_held_slots[candidate]
        least = min(level, problem.candidate_ceiling[candidate]) - len(held)
        bound = max(
            bound,
            earliest_finish(candidate_slots[candidate], least, held, problem.max_consecutive),
        )
    held_total = sum(len(held) for held in problem.candidate_held_slots)
    return max(bound, _counting_bound(problem, total - held_total, problem.tables))


def _counting_bound(problem: Problem, count: int, per_slot: int | None) -> int:
    if count <= 0 or per_slot is None:
        return 0
    if per_slot == 0:
        return 1 << 30
    return problem.first_slot + -(-count // per_slot)


def matching_size(options: Sequence[Sequence[int]]) -> int:
    """The size of a maximum matching from left items to the right items listed for each.

    Kuhn's augmenting paths after a greedy start; used to bound how many conversations a
    candidate can have when their partners are there at different times.
    """
    owner: dict[int, int] = {}
    matched = 0
    for left, choices in enumerate(options):
        for right in choices:
            if right not in owner:
                owner[right] = left
                matched += 1
                break
        else:
            if _augment(left, options, owner, set()):
                matched += 1
    return matched


def _augment(
    left: int, options: Sequence[Sequence[int]], owner: dict[int, int], seen: set[int]
) -> bool:
    stack: list[tuple[int, int]] = [(left, 0)]
    trail: list[int] = []
    while stack:
        item, position = stack[-1]
        choices = options[item]
        if position >= len(choices):
            stack.pop()
            if trail:
                trail.pop()
            continue
        stack[-1] = (item, position + 1)
        right = choices[position]
        if right in seen:
            continue
        seen.add(right)
        if right not in owner:
            trail.append(right)
            # Flip ownership along the path: each item on the stack takes its chosen right.
            items = [entry[0] for entry in stack]
            for taker, taken in zip(items, trail, strict=True):
                owner[taken] = taker
            return True
        trail.append(right)
        stack.append((owner[right], 0))
    return False
