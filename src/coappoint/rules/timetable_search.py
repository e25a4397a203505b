"""Plans under side constraints: a greedy construction, then CP-SAT improving it stage by stage."""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from coappoint.rules.timetable_problem import (
    Measure,
    Problem,
    general_slot_bound,
    measure,
)

# Beyond this many (pair, slot) variables the model takes longer to build and load than a
# facilitator should wait; the greedy plan is returned with its proven bound instead.
MOST_SOLVER_VARIABLES = 120_000


def plan_greedily(problem: Problem, keep: Sequence[tuple[int, int]] = ()) -> dict[int, int]:
    """A valid plan built slot by slot, most urgent pairs first.

    In each slot the pairs are taken in order of urgency: the person with the least slack
    (slots still there minus conversations still needed) first, then candidates with fewer
    conversations so far (fairness), then less-loaded recruiters. `keep` lists (pair, slot)
    placements tried first, so a re-plan starts from the previous plan where it is still valid.
    """
    first, horizon = problem.first_slot, problem.horizon
    candidate_slots, recruiter_slots = problem.person_slots()
    max_consecutive = problem.max_consecutive
    need = problem.candidate_need
    candidate_busy = [set(held) for held in problem.candidate_held_slots]
    recruiter_busy = [set(held) for held in problem.recruiter_held_slots]
    candidate_count = [len(held) for held in problem.candidate_held_slots]
    recruiter_count = [len(held) for held in problem.recruiter_held_slots]
    candidate_planned = [0] * problem.candidate_count
    candidate_open = [0] * problem.candidate_count
    recruiter_open = [0] * problem.recruiter_count
    for candidate, recruiter in problem.pairs:
        candidate_open[candidate] += 1
        recruiter_open[recruiter] += 1
    pairs_by_slot: list[list[int]] = [[] for _ in range(max(horizon - first, 0))]
    for pair, slots in enumerate(problem.pair_slots):
        for slot in slots:
            pairs_by_slot[slot - first].append(pair)
    assignment: dict[int, int] = {}
    in_slot_tables: dict[int, int] = {}
    in_slot_languages: dict[tuple[int, int], int] = {}

    def fits(pair: int, slot: int) -> bool:
        candidate, recruiter = problem.pairs[pair]
        if (
            pair in assignment
            or slot in candidate_busy[candidate]
            or slot in recruiter_busy[recruiter]
        ):
            return False
        if need is not None and candidate_planned[candidate] >= need[candidate]:
            return False
        if problem.tables is not None and in_slot_tables.get(slot, 0) >= problem.tables:
            return False
        for language in problem.pair_languages[pair]:
            if in_slot_languages.get((slot, language), 0) >= problem.language_capacity[language]:
                return False
        if max_consecutive is not None:
            # Placing here must not make a run too long on either side of the slot.
            for busy in (candidate_busy[candidate], recruiter_busy[recruiter]):
                before = 0
                while (slot - before - 1) in busy:
                    before += 1
                after = 0
                while (slot + after + 1) in busy:
                    after += 1
                if before + after + 1 > max_consecutive:
                    return False
        return True

    def place(pair: int, slot: int) -> None:
        candidate, recruiter = problem.pairs[pair]
        assignment[pair] = slot
        candidate_busy[candidate].add(slot)
        recruiter_busy[recruiter].add(slot)
        candidate_count[candidate] += 1
        recruiter_count[recruiter] += 1
        candidate_planned[candidate] += 1
        candidate_open[candidate] -= 1
        recruiter_open[recruiter] -= 1
        in_slot_tables[slot] = in_slot_tables.get(slot, 0) + 1
        for language in problem.pair_languages[pair]:
            in_slot_languages[(slot, language)] = in_slot_languages.get((slot, language), 0) + 1

    for pair, slot in keep:
        if slot in problem.pair_slots[pair] and fits(pair, slot):
            place(pair, slot)

    def slack(slots: list[int], slot: int, still_needed: int) -> int:
        return len(slots) - bisect_left(slots, slot) - still_needed

    for slot in range(first, horizon):
        options = []
        for pair in pairs_by_slot[slot - first]:
            if pair in assignment:
                continue
            candidate, recruiter = problem.pairs[pair]
            if need is None:
                candidate_slack = slack(candidate_slots[candidate], slot, candidate_open[candidate])
                recruiter_slack = slack(recruiter_slots[recruiter], slot, recruiter_open[recruiter])
            else:
                still = need[candidate] - candidate_planned[candidate]
                if still <= 0:
                    continue
                candidate_slack = slack(candidate_slots[candidate], slot, still)
                recruiter_slack = len(recruiter_slots[recruiter])
            options.append(
                (
                    min(candidate_slack, recruiter_slack),
                    candidate_count[candidate],
                    recruiter_count[recruiter],
                    candidate_slack + recruiter_slack,
                    pair,
                )
            )
        options.sort()
        for option in options:
            if problem.tables is not None and in_slot_tables.get(slot, 0) >= problem.tables:
                break
            if fits(option[-1], slot):
                place(option[-1], slot)
    return assignment


def _level_reached(ceiling: int) -> Callable[[Measure], int]:
    return lambda now: min(now.level, ceiling)


@dataclass(frozen=True)
class SearchResult:
    """The best plan found, and what the solver proved about the number of slots."""

    assignment: dict[int, int]
    # A lower bound on the slots of any plan as fair and as full as this one; None if not run.
    slot_bound: int | None
    # The solver ran out of its time limit before proving some stage optimal.
    stopped_early: bool


def improve(
    problem: Problem, start: dict[int, int], *, deterministic_seconds: float
) -> SearchResult:
    """Improve `start` with CP-SAT: fairness level, total, slots, kept conversations, loads.

    Each stage optimises one objective with the earlier ones fixed at the values reached, and
    starts from the previous stage's plan as a hint; a stage is skipped when the plan already
    meets a proven bound for it. Determinism: one worker, a fixed seed and a deterministic-time
    limit (the solver's own work counter, not the wall clock), shared out over the stages.
    """
    variable_count = sum(len(slots) for slots in problem.pair_slots)
    if variable_count == 0 or variable_count > MOST_SOLVER_VARIABLES:
        return SearchResult(assignment=dict(start), slot_bound=None, stopped_early=False)

    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    first = problem.first_slot
    chosen: dict[tuple[int, int], Any] = {}
    by_pair: list[list[Any]] = [[] for _ in problem.pairs]
    candidate_at: dict[tuple[int, int], list[Any]] = {}
    recruiter_at: dict[tuple[int, int], list[Any]] = {}
    by_slot: dict[int, list[Any]] = {}
    language_at: dict[tuple[int, int], list[Any]] = {}
    candidate_all: list[list[Any]] = [[] for _ in range(problem.candidate_count)]
    recruiter_all: list[list[Any]] = [[] for _ in range(problem.recruiter_count)]
    for pair, slots in enumerate(problem.pair_slots):
        candidate, recruiter = problem.pairs[pair]
        for slot in slots:
            variable = model.new_bool_var(f"p{pair}s{slot}")
            chosen[(pair, slot)] = variable
            by_pair[pair].append(variable)
            candidate_at.setdefault((candidate, slot), []).append(variable)
            recruiter_at.setdefault((recruiter, slot), []).append(variable)
            by_slot.setdefault(slot, []).append(variable)
            candidate_all[candidate].append(variable)
            recruiter_all[recruiter].append(variable)
            for language in problem.pair_languages[pair]:
                language_at.setdefault((language, slot), []).append(variable)
    for variables in by_pair:
        if len(variables) > 1:
            model.add_at_most_one(variables)
    # busy[(person, slot)]: the person has a conversation then; rest windows are written over
    # these rather than over every pair variable, which keeps the model small.
    # A person with one possible conversation in a slot needs no new variable; the others get
    # one (listed in *_busy_sums, to be hinted: each variable may be hinted only once).
    candidate_busy: dict[tuple[int, int], Any] = {}
    recruiter_busy: dict[tuple[int, int], Any] = {}
    candidate_busy_sums: dict[tuple[int, int], Any] = {}
    recruiter_busy_sums: dict[tuple[int, int], Any] = {}
    for at, busy, sums in (
        (candidate_at, candidate_busy, candidate_busy_sums),
        (recruiter_at, recruiter_busy, recruiter_busy_sums),
    ):
        for key, variables in at.items():
            if problem.max_consecutive is None:
                if len(variables) > 1:
                    model.add_at_most_one(variables)
            elif len(variables) == 1:
                busy[key] = variables[0]
            else:
                busy[key] = sums[key] = model.new_bool_var(f"busy{key}")
                model.add(cp_model.LinearExpr.sum(variables) == busy[key])
    for (language, _), variables in language_at.items():
        capacity = problem.language_capacity[language]
        if len(variables) > capacity:
            model.add(cp_model.LinearExpr.sum(variables) <= capacity)
    if problem.max_consecutive is not None:
        window = problem.max_consecutive + 1
        for busy, held_slots in (
            (candidate_busy, problem.candidate_held_slots),
            (recruiter_busy, problem.recruiter_held_slots),
        ):
            people = sorted({person for person, _ in busy})
            for person in people:
                held = held_slots[person]
                for start_slot in range(first - window + 1, problem.horizon - window + 1):
                    variables = [
                        busy[(person, slot)]
                        for slot in range(start_slot, start_slot + window)
                        if (person, slot) in busy
                    ]
                    held_in_window = sum(
                        1 for slot in range(start_slot, start_slot + window) if slot in held
                    )
                    if variables and len(variables) + held_in_window > problem.max_consecutive:
                        model.add(
                            cp_model.LinearExpr.sum(variables)
                            <= problem.max_consecutive - held_in_window
                        )
    if problem.candidate_need is not None:
        for candidate, variables in enumerate(candidate_all):
            if len(variables) > problem.candidate_need[candidate]:
                model.add(cp_model.LinearExpr.sum(variables) <= problem.candidate_need[candidate])

    # used[s]: some conversation happens at slot s or later, so the plan's length is
    # first + sum(used) whenever anything is planned in the free slots. One constraint per slot
    # (with the table limit folded in) rather than one per variable keeps presolve quick.
    used = [model.new_bool_var(f"used{slot}") for slot in range(first, problem.horizon)]
    for earlier, later in itertools.pairwise(used):
        model.add_implication(later, earlier)
    most_at_once = min(problem.candidate_count, problem.recruiter_count)
    if problem.tables is not None:
        most_at_once = min(most_at_once, problem.tables)
    for slot, variables in by_slot.items():
        model.add(
            cp_model.LinearExpr.sum(variables)
            <= min(most_at_once, len(variables)) * used[slot - first]
        )
    candidate_totals = [
        len(problem.candidate_held_slots[candidate])
        + cp_model.LinearExpr.sum(candidate_all[candidate])
        for candidate in range(problem.candidate_count)
    ]
    top_level = max(problem.candidate_ceiling, default=0)
    level = model.new_int_var(0, top_level, "level")
    # Auxiliary variables and how to hint them from a plan's measure: a hint that leaves any
    # variable out may not be completed by the solver, which then starts from nothing.
    derived: list[tuple[Any, Callable[[Measure], int]]] = [(level, lambda now: now.level)]
    for candidate, ceiling in enumerate(problem.candidate_ceiling):
        if ceiling >= top_level:
            model.add(candidate_totals[candidate] >= level)
        else:
            reached = model.new_int_var(0, ceiling, f"least{candidate}")
            model.add_min_equality(reached, [level, ceiling])
            model.add(candidate_totals[candidate] >= reached)
            derived.append((reached, _level_reached(ceiling)))
    held_total = sum(len(held) for held in problem.candidate_held_slots)
    total = cp_model.LinearExpr.sum(list(chosen.values()))
    slot_sum = cp_model.LinearExpr.sum(used)
    previous_kept = cp_model.LinearExpr.sum(
        [chosen[placement] for placement in problem.previous if placement in chosen]
    )
    recruiter_totals = [
        len(problem.recruiter_held_slots[recruiter])
        + cp_model.LinearExpr.sum(recruiter_all[recruiter])
        for recruiter in range(problem.recruiter_count)
    ]

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    # Presolve would otherwise spend most of the budget looking for overlapping constraints
    # and symmetries in a model whose structure is plain; the search needs the time more.
    solver.parameters.find_big_linear_overlap = False
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_deterministic_time = deterministic_seconds
    spent = 0.0
    current = dict(start)
    slot_bound: int | None = None
    stopped_early = False

    def run_stage(
        objective: Any, maximise: bool, stages_left: int, value_of: Callable[[dict[int, int]], int]
    ) -> tuple[int, int | None]:
        """Optimise one objective from the current plan; returns its value and proven bound."""
        nonlocal spent, current, stopped_early
        model.clear_hints()  # type: ignore[no-untyped-call]
        for (pair, slot), variable in chosen.items():
            model.add_hint(variable, current.get(pair) == slot)
        now = measure(problem, current)
        for slot_index, variable in enumerate(used):
            model.add_hint(variable, first + slot_index < now.slot_count)
        for variable, value_from in derived:
            model.add_hint(variable, value_from(now))
        candidate_there = {(problem.pairs[pair][0], slot) for pair, slot in current.items()}
        recruiter_there = {(problem.pairs[pair][1], slot) for pair, slot in current.items()}
        for busy, there in (
            (candidate_busy_sums, candidate_there),
            (recruiter_busy_sums, recruiter_there),
        ):
            for key, variable in busy.items():
                model.add_hint(variable, key in there)
        if maximise:
            model.maximize(objective)
        else:
            model.minimize(objective)
        solver.parameters.max_deterministic_time = max(
            (deterministic_seconds - spent) / stages_left, 0.05
        )
        status = solver.solve(model)
        # An invalid model is a bug here, not a hard event: fail loudly rather than fall back.
        assert status != cp_model.MODEL_INVALID, model.validate()
        spent += solver.deterministic_time
        start_value = value_of(current)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = {
                pair: slot
                for (pair, slot), variable in chosen.items()
                if solver.boolean_value(variable)
            }
            if (value_of(found) > start_value) if maximise else (value_of(found) < start_value):
                current = found
        if status != cp_model.OPTIMAL:
            stopped_early = True
        value = value_of(current)
        bound: int | None = None
        if status == cp_model.OPTIMAL:
            bound = value
        elif status == cp_model.FEASIBLE:
            # The solver's bound is a float; objectives are whole numbers.
            raw_bound = solver.best_objective_bound
            bound = math.ceil(raw_bound - 1e-6) if not maximise else math.floor(raw_bound + 1e-6)
        # Fix this objective at the value reached before optimising the next one.
        model.add(objective >= value if maximise else objective <= value)
        return value, bound

    stages: list[str] = ["level", "total", "slots"]
    if problem.previous:
        stages.append("kept")
    if problem.candidate_need is not None:
        stages += ["largest_load", "smallest_load"]
    for index, stage in enumerate(stages):
        now = measure(problem, current)
        left = len(stages) - index
        if stage == "level":
            if now.level < top_level:
                run_stage(level, True, left, lambda plan: measure(problem, plan).level)
        elif stage == "total":
            if now.total < sum(problem.candidate_ceiling):
                run_stage(total, True, left, lambda plan: measure(problem, plan).total - held_total)
            else:
                model.add(total >= now.total - held_total)
        elif stage == "slots":
            proven = general_slot_bound(problem, now.level, now.total)
            if now.slot_count <= proven:
                slot_bound = now.slot_count
                model.add(slot_sum <= max(now.slot_count - first, 0))
                continue
            _, bound = run_stage(
                slot_sum,
                False,
                left,
                lambda plan: max(measure(problem, plan).slot_count - first, 0),
            )
            if bound is not None:
                slot_bound = first + bound if bound > 0 else problem.held_slot_count
        elif stage == "kept":
            if now.kept < len(problem.previous):
                run_stage(previous_kept, True, left, lambda plan: measure(problem, plan).kept)
        elif stage == "largest_load":
            largest = model.new_int_var(0, problem.horizon + problem.first_slot, "largest")
            for recruiter_total in recruiter_totals:
                model.add(recruiter_total <= largest)
            derived.append((largest, lambda now: now.largest_load))
            floor_load = -(-now.total // max(problem.recruiter_count, 1))
            if now.largest_load > floor_load:
                run_stage(largest, False, left, lambda plan: measure(problem, plan).largest_load)
            else:
                model.add(largest <= now.largest_load)
        elif stage == "smallest_load":
            smallest = model.new_int_var(0, problem.horizon + problem.first_slot, "smallest")
            for recruiter_total in recruiter_totals:
                model.add(recruiter_total >= smallest)
            derived.append((smallest, lambda now: now.smallest_load))
            if now.smallest_load < now.total // max(problem.recruiter_count, 1):
                run_stage(smallest, True, left, lambda plan: measure(problem, plan).smallest_load)
    return SearchResult(assignment=current, slot_bound=slot_bound, stopped_early=stopped_early)
