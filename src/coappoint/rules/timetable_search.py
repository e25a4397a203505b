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
    problem: Problem,
    start: dict[int, int],
    *,
    deterministic_seconds: float,
    on_stage: Callable[[int, int], None] | None = None,
) -> SearchResult:
    """Improve `start` with CP-SAT: fairness level, total, slots, kept conversations, loads.

    Each stage optimises one objective with the earlier ones fixed at the values reached, and
    starts from the previous stage's plan as a hint; a stage is skipped when the plan already
    meets a proven bound for it. Determinism: one worker, a fixed seed and a deterministic-time
    limit (the solver's own work counter, not the wall clock), shared out over the stages.
    `on_stage(done, total)` is told before each stage.
    """
    variable_count = sum(len(slots) for slots in problem.pair_slots)
    if variable_count == 0 or variable_count > MOST_SOLVER_VARIABLES:
        return SearchResult(assignment=dict(start), slot_bound=None, stopped_early=False)
    return _Search(problem, start, deterministic_seconds=deterministic_seconds).run(on_stage)


class _Search:
    """One CP-SAT model of `problem` and the plan it improves, one objective per method.

    The constructor writes every constraint of the problem; `run` calls the objectives in
    order, and each fixes its objective at the value reached before the next one starts. The
    order in which variables and constraints are added is part of the result: CP-SAT's search,
    with one worker and a fixed seed, depends on it.
    """

    def __init__(
        self, problem: Problem, start: dict[int, int], *, deterministic_seconds: float
    ) -> None:
        from ortools.sat.python import cp_model

        self.problem = problem
        self.plan = dict(start)
        self.deterministic_seconds = deterministic_seconds
        self.spent = 0.0
        self.slot_bound: int | None = None
        self.stopped_early = False
        self.first = problem.first_slot
        self.model = cp_model.CpModel()
        # chosen[(pair, slot)]: the pair's conversation is in that slot.
        self.chosen: dict[tuple[int, int], Any] = {}
        self.candidate_all: list[list[Any]] = [[] for _ in range(problem.candidate_count)]
        self.recruiter_all: list[list[Any]] = [[] for _ in range(problem.recruiter_count)]
        # The busy variables that are sums of several pair variables, to be hinted: each
        # variable may be hinted only once.
        self.candidate_busy_sums: dict[tuple[int, int], Any] = {}
        self.recruiter_busy_sums: dict[tuple[int, int], Any] = {}
        # Auxiliary variables and how to hint them from a plan's measure: a hint that leaves any
        # variable out may not be completed by the solver, which then starts from nothing.
        self.derived: list[tuple[Any, Callable[[Measure], int]]] = []

        candidate_at, recruiter_at, by_slot, language_at = self._add_conversations()
        candidate_busy, recruiter_busy = self._add_one_place_at_a_time(candidate_at, recruiter_at)
        self._add_interpreter_limits(language_at)
        self._add_rests(candidate_busy, recruiter_busy)
        self._add_needs()
        self.used = self._add_used_slots(by_slot)
        self.top_level = max(problem.candidate_ceiling, default=0)
        self.level = self._add_fairness_level()
        self.held_total = sum(len(held) for held in problem.candidate_held_slots)
        self.total = cp_model.LinearExpr.sum(list(self.chosen.values()))
        self.slot_sum = cp_model.LinearExpr.sum(self.used)
        self.previous_kept = cp_model.LinearExpr.sum(
            [self.chosen[placement] for placement in problem.previous if placement in self.chosen]
        )
        self.recruiter_totals = [
            len(problem.recruiter_held_slots[recruiter])
            + cp_model.LinearExpr.sum(self.recruiter_all[recruiter])
            for recruiter in range(problem.recruiter_count)
        ]
        self.solver = cp_model.CpSolver()
        self.solver.parameters.num_workers = 1
        self.solver.parameters.random_seed = 0
        # Presolve would otherwise spend most of the budget looking for overlapping constraints
        # and symmetries in a model whose structure is plain; the search needs the time more.
        self.solver.parameters.find_big_linear_overlap = False
        self.solver.parameters.symmetry_level = 0
        self.solver.parameters.cp_model_probing_level = 0
        self.solver.parameters.max_deterministic_time = deterministic_seconds

    # The model: what every plan must respect.

    def _add_conversations(
        self,
    ) -> tuple[
        dict[tuple[int, int], list[Any]],
        dict[tuple[int, int], list[Any]],
        dict[int, list[Any]],
        dict[tuple[int, int], list[Any]],
    ]:
        """A variable per (pair, possible slot), each pair meeting at most once; returns them
        by (candidate, slot), by (recruiter, slot), by slot and by (language, slot)."""
        problem, model = self.problem, self.model
        by_pair: list[list[Any]] = [[] for _ in problem.pairs]
        candidate_at: dict[tuple[int, int], list[Any]] = {}
        recruiter_at: dict[tuple[int, int], list[Any]] = {}
        by_slot: dict[int, list[Any]] = {}
        language_at: dict[tuple[int, int], list[Any]] = {}
        for pair, slots in enumerate(problem.pair_slots):
            candidate, recruiter = problem.pairs[pair]
            for slot in slots:
                variable = model.new_bool_var(f"p{pair}s{slot}")
                self.chosen[(pair, slot)] = variable
                by_pair[pair].append(variable)
                candidate_at.setdefault((candidate, slot), []).append(variable)
                recruiter_at.setdefault((recruiter, slot), []).append(variable)
                by_slot.setdefault(slot, []).append(variable)
                self.candidate_all[candidate].append(variable)
                self.recruiter_all[recruiter].append(variable)
                for language in problem.pair_languages[pair]:
                    language_at.setdefault((language, slot), []).append(variable)
        for variables in by_pair:
            if len(variables) > 1:
                model.add_at_most_one(variables)
        return candidate_at, recruiter_at, by_slot, language_at

    def _add_one_place_at_a_time(
        self,
        candidate_at: dict[tuple[int, int], list[Any]],
        recruiter_at: dict[tuple[int, int], list[Any]],
    ) -> tuple[dict[tuple[int, int], Any], dict[tuple[int, int], Any]]:
        """Nobody is in two conversations at once. With rests to respect, returns
        busy[(person, slot)]: the person has a conversation then."""
        from ortools.sat.python import cp_model

        # Rest windows are written over the busy variables rather than over every pair
        # variable, which keeps the model small. A person with one possible conversation in a
        # slot needs no new variable.
        candidate_busy: dict[tuple[int, int], Any] = {}
        recruiter_busy: dict[tuple[int, int], Any] = {}
        for at, busy, sums in (
            (candidate_at, candidate_busy, self.candidate_busy_sums),
            (recruiter_at, recruiter_busy, self.recruiter_busy_sums),
        ):
            for key, variables in at.items():
                if self.problem.max_consecutive is None:
                    if len(variables) > 1:
                        self.model.add_at_most_one(variables)
                elif len(variables) == 1:
                    busy[key] = variables[0]
                else:
                    busy[key] = sums[key] = self.model.new_bool_var(f"busy{key}")
                    self.model.add(cp_model.LinearExpr.sum(variables) == busy[key])
        return candidate_busy, recruiter_busy

    def _add_interpreter_limits(self, language_at: dict[tuple[int, int], list[Any]]) -> None:
        """No more conversations needing a language in a slot than it has interpreters."""
        from ortools.sat.python import cp_model

        for (language, _), variables in language_at.items():
            capacity = self.problem.language_capacity[language]
            if len(variables) > capacity:
                self.model.add(cp_model.LinearExpr.sum(variables) <= capacity)

    def _add_rests(
        self,
        candidate_busy: dict[tuple[int, int], Any],
        recruiter_busy: dict[tuple[int, int], Any],
    ) -> None:
        """At most `max_consecutive` conversations in a row, counting the held ones."""
        from ortools.sat.python import cp_model

        problem = self.problem
        if problem.max_consecutive is None:
            return
        window = problem.max_consecutive + 1
        for busy, held_slots in (
            (candidate_busy, problem.candidate_held_slots),
            (recruiter_busy, problem.recruiter_held_slots),
        ):
            people = sorted({person for person, _ in busy})
            for person in people:
                held = held_slots[person]
                for start_slot in range(self.first - window + 1, problem.horizon - window + 1):
                    variables = [
                        busy[(person, slot)]
                        for slot in range(start_slot, start_slot + window)
                        if (person, slot) in busy
                    ]
                    held_in_window = sum(
                        1 for slot in range(start_slot, start_slot + window) if slot in held
                    )
                    if variables and len(variables) + held_in_window > problem.max_consecutive:
                        self.model.add(
                            cp_model.LinearExpr.sum(variables)
                            <= problem.max_consecutive - held_in_window
                        )

    def _add_needs(self) -> None:
        """In per-candidate mode, no candidate has more conversations than they need."""
        from ortools.sat.python import cp_model

        need = self.problem.candidate_need
        if need is None:
            return
        for candidate, variables in enumerate(self.candidate_all):
            if len(variables) > need[candidate]:
                self.model.add(cp_model.LinearExpr.sum(variables) <= need[candidate])

    def _add_used_slots(self, by_slot: dict[int, list[Any]]) -> list[Any]:
        """used[s]: some conversation happens at slot s or later, so the plan's length is
        first + sum(used) whenever anything is planned in the free slots."""
        from ortools.sat.python import cp_model

        problem = self.problem
        # One constraint per slot (with the table limit folded in) rather than one per
        # variable keeps presolve quick.
        used = [
            self.model.new_bool_var(f"used{slot}") for slot in range(self.first, problem.horizon)
        ]
        for earlier, later in itertools.pairwise(used):
            self.model.add_implication(later, earlier)
        most_at_once = min(problem.candidate_count, problem.recruiter_count)
        if problem.tables is not None:
            most_at_once = min(most_at_once, problem.tables)
        for slot, variables in by_slot.items():
            self.model.add(
                cp_model.LinearExpr.sum(variables)
                <= min(most_at_once, len(variables)) * used[slot - self.first]
            )
        return used

    def _add_fairness_level(self) -> Any:
        """level: every candidate has at least min(level, their ceiling) conversations."""
        from ortools.sat.python import cp_model

        problem, model = self.problem, self.model
        candidate_totals = [
            len(problem.candidate_held_slots[candidate])
            + cp_model.LinearExpr.sum(self.candidate_all[candidate])
            for candidate in range(problem.candidate_count)
        ]
        level = model.new_int_var(0, self.top_level, "level")
        self.derived.append((level, lambda now: now.level))
        for candidate, ceiling in enumerate(problem.candidate_ceiling):
            if ceiling >= self.top_level:
                model.add(candidate_totals[candidate] >= level)
            else:
                reached = model.new_int_var(0, ceiling, f"least{candidate}")
                model.add_min_equality(reached, [level, ceiling])
                model.add(candidate_totals[candidate] >= reached)
                self.derived.append((reached, _level_reached(ceiling)))
        return level

    # The objectives, in the order `run` optimises them.

    def run(self, on_stage: Callable[[int, int], None] | None = None) -> SearchResult:
        """Optimise every objective in turn; the best plan and what was proved about it."""
        objectives: list[Callable[[int], None]] = [
            self.improve_fairness,
            self.improve_total,
            self.improve_slots,
        ]
        if self.problem.previous:
            objectives.append(self.improve_kept)
        if self.problem.candidate_need is not None:
            objectives += [self.improve_largest_load, self.improve_smallest_load]
        for index, objective in enumerate(objectives):
            if on_stage is not None:
                on_stage(index, len(objectives))
            objective(len(objectives) - index)
        return SearchResult(
            assignment=self.plan, slot_bound=self.slot_bound, stopped_early=self.stopped_early
        )

    def _measure(self, plan: dict[int, int]) -> Measure:
        return measure(self.problem, plan)

    def improve_fairness(self, stages_left: int) -> None:
        """Raise the fairness level: the fewest conversations any candidate has, up to their
        ceiling."""
        if self._measure(self.plan).level < self.top_level:
            self._optimise(self.level, True, stages_left, lambda plan: self._measure(plan).level)

    def improve_total(self, stages_left: int) -> None:
        """Raise the number of conversations."""
        now = self._measure(self.plan)
        if now.total < sum(self.problem.candidate_ceiling):
            self._optimise(
                self.total,
                True,
                stages_left,
                lambda plan: self._measure(plan).total - self.held_total,
            )
        else:
            self.model.add(self.total >= now.total - self.held_total)

    def improve_slots(self, stages_left: int) -> None:
        """Use the fewest slots, unless the plan already meets the proven bound."""
        problem, first = self.problem, self.first
        now = self._measure(self.plan)
        proven = general_slot_bound(problem, now.level, now.total)
        if now.slot_count <= proven:
            self.slot_bound = now.slot_count
            self.model.add(self.slot_sum <= max(now.slot_count - first, 0))
            return
        _, bound = self._optimise(
            self.slot_sum,
            False,
            stages_left,
            lambda plan: max(self._measure(plan).slot_count - first, 0),
        )
        if bound is not None:
            self.slot_bound = first + bound if bound > 0 else problem.held_slot_count

    def improve_kept(self, stages_left: int) -> None:
        """On a re-plan, keep as many of the previous plan's conversations as possible."""
        if self._measure(self.plan).kept < len(self.problem.previous):
            self._optimise(
                self.previous_kept, True, stages_left, lambda plan: self._measure(plan).kept
            )

    def improve_largest_load(self, stages_left: int) -> None:
        """Lower the most conversations any recruiter has."""
        now = self._measure(self.plan)
        largest = self.model.new_int_var(
            0, self.problem.horizon + self.problem.first_slot, "largest"
        )
        for recruiter_total in self.recruiter_totals:
            self.model.add(recruiter_total <= largest)
        self.derived.append((largest, lambda now: now.largest_load))
        floor_load = -(-now.total // max(self.problem.recruiter_count, 1))
        if now.largest_load > floor_load:
            self._optimise(
                largest, False, stages_left, lambda plan: self._measure(plan).largest_load
            )
        else:
            self.model.add(largest <= now.largest_load)

    def improve_smallest_load(self, stages_left: int) -> None:
        """Raise the fewest conversations any recruiter has."""
        now = self._measure(self.plan)
        smallest = self.model.new_int_var(
            0, self.problem.horizon + self.problem.first_slot, "smallest"
        )
        for recruiter_total in self.recruiter_totals:
            self.model.add(recruiter_total >= smallest)
        self.derived.append((smallest, lambda now: now.smallest_load))
        if now.smallest_load < now.total // max(self.problem.recruiter_count, 1):
            self._optimise(
                smallest, True, stages_left, lambda plan: self._measure(plan).smallest_load
            )

    # One stage of the search.

    def _hint_plan(self) -> None:
        """Start the solver from the current plan, hinting every variable of the model."""
        model, plan, problem = self.model, self.plan, self.problem
        model.clear_hints()  # type: ignore[no-untyped-call]
        for (pair, slot), variable in self.chosen.items():
            model.add_hint(variable, plan.get(pair) == slot)
        now = self._measure(plan)
        for slot_index, variable in enumerate(self.used):
            model.add_hint(variable, self.first + slot_index < now.slot_count)
        for variable, value_from in self.derived:
            model.add_hint(variable, value_from(now))
        candidate_there = {(problem.pairs[pair][0], slot) for pair, slot in plan.items()}
        recruiter_there = {(problem.pairs[pair][1], slot) for pair, slot in plan.items()}
        for busy, there in (
            (self.candidate_busy_sums, candidate_there),
            (self.recruiter_busy_sums, recruiter_there),
        ):
            for key, variable in busy.items():
                model.add_hint(variable, key in there)

    def _optimise(
        self,
        objective: Any,
        maximise: bool,
        stages_left: int,
        value_of: Callable[[dict[int, int]], int],
    ) -> tuple[int, int | None]:
        """Optimise one objective from the current plan, keeping the result only if it is
        better, then fix the objective at the value reached; returns it and its proven bound.
        The stage gets an equal share of the deterministic time still left."""
        from ortools.sat.python import cp_model

        model, solver = self.model, self.solver
        self._hint_plan()
        if maximise:
            model.maximize(objective)
        else:
            model.minimize(objective)
        solver.parameters.max_deterministic_time = max(
            (self.deterministic_seconds - self.spent) / stages_left, 0.05
        )
        status = solver.solve(model)
        # An invalid model is a bug here, not a hard event: fail loudly rather than fall back.
        assert status != cp_model.MODEL_INVALID, model.validate()
        self.spent += solver.deterministic_time
        start_value = value_of(self.plan)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = {
                pair: slot
                for (pair, slot), variable in self.chosen.items()
                if solver.boolean_value(variable)
            }
            if (value_of(found) > start_value) if maximise else (value_of(found) < start_value):
                self.plan = found
        if status != cp_model.OPTIMAL:
            self.stopped_early = True
        value = value_of(self.plan)
        bound: int | None = None
        if status == cp_model.OPTIMAL:
            bound = value
        elif status == cp_model.FEASIBLE:
            # The solver's bound is a float; objectives are whole numbers.
            raw_bound = solver.best_objective_bound
            bound = math.ceil(raw_bound - 1e-6) if not maximise else math.floor(raw_bound + 1e-6)
        model.add(objective >= value if maximise else objective <= value)
        return value, bound
