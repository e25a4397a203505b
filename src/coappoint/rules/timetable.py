"""The rotation timetable: who meets whom, in which slot, at which table, and what could not fit.

The three steps are `parse_event` (a JSON-shaped dict in, a frozen `Event` out, or
`InvalidTimetableInput` naming the field and the person), `plan_timetable` (an `Event` in, a
`Timetable` out) and `timetable_to_json` (the JSON contract of `coappoint timetable`).

What is best, in this order (see docs/decisions/0003-timetable-solver.md):
1. fairness: the largest level t such that every candidate has at least t conversations or as
   many as they could have on their own (their *ceiling*: partners, k, the slots they are there
   given rests), then the most conversations in total;
2. fewest slots;
3. when re-planning, the fewest conversations of the previous plan moved;
4. in per-candidate mode, the smallest largest recruiter load, then the largest smallest load.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coappoint.rules.errors import InvalidTimetableInput
from coappoint.rules.timetable_exact import choose_conversations, colour_edges_equitably
from coappoint.rules.timetable_problem import (
    Measure,
    Problem,
    matching_size,
    measure,
    planned_slot_bound,
    rest_capacity,
)
from coappoint.rules.timetable_search import SearchResult, improve, plan_greedily

NOT_TOGETHER = "not_together"
NO_INTERPRETER = "no_interpreter"
TIME_BUDGET = "time_budget"
SHORT_OF_K = "short_of_k"

# What held a conversation back, person by person (`Unmet.limit`), found in the final plan: the
# first that is true, in this order. For `time_budget` and `short_of_k`:
CANDIDATE_FULL = "candidate_full"  # the candidate has as many as fit in their time, with rests
RECRUITER_FULL = "recruiter_full"  # the recruiter has (in per-candidate mode: every one left)
NEVER_FREE_TOGETHER = "never_free_together"  # in every round both are there, one is busy or resting
TABLES_FULL = "tables_full"  # in every round both are free, every table is in use
INTERPRETERS_BUSY = "interpreters_busy"  # ... every table or every interpreter needed is in use
ROOM_LEFT = "room_left"  # the plan leaves a round (`Unmet.slot`) where it would still fit
FEW_PARTNERS = "few_partners"  # short_of_k: they meet every recruiter they may meet (`may_meet`)
# For `no_interpreter`:
NONE_ON_THE_DAY = "none_on_the_day"  # no interpreter of a language they need is there at all

# The solver's work limit in deterministic seconds (its own counter of work done, close to
# seconds on an idle machine): enough for a 10 x 40 event, small enough to wait for.
DEFAULT_DETERMINISTIC_SECONDS = 2.0


@dataclass(frozen=True)
class Candidate:
    """A candidate on the day: `available` slots (None = every slot), interpreter language."""

    id: str
    available: frozenset[int] | None = None
    language: str | None = None


@dataclass(frozen=True)
class Recruiter:
    """A community recruiter on the day: `available` slots (None = every slot), language."""

    id: str
    available: frozenset[int] | None = None
    language: str | None = None


@dataclass(frozen=True)
class Event:
    """What the timetable must fit: people, interpreters, conflicts, tables and time.

    `per_candidate` is k in per-candidate mode and None when every recruiter meets every
    candidate they have no conflict with. `conflicts` holds (recruiter id, candidate id).
    """

    candidates: tuple[Candidate, ...]
    recruiters: tuple[Recruiter, ...]
    interpreters: tuple[tuple[str, int], ...] = ()
    conflicts: frozenset[tuple[str, str]] = frozenset()
    tables: int | None = None
    per_candidate: int | None = None
    max_slots: int | None = None
    max_consecutive: int | None = None


@dataclass(frozen=True)
class Conversation:
    """One conversation: a candidate and a recruiter at a table in a slot."""

    candidate: str
    recruiter: str
    slot: int
    table: int
    interpreters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unmet:
    """A required meeting that was not planned (all mode) or a candidate short of k."""

    candidate: str
    reason_code: str
    recruiter: str | None = None
    missing: int | None = None
    # What held it back (the constants above), None when the plan cannot tell (no time budget).
    limit: str | None = None
    slot: int | None = None
    may_meet: int | None = None


@dataclass(frozen=True)
class Timetable:
    """A plan: `slots[i]` holds slot i's conversations; the bound is proven, `optimal` honest."""

    slots: tuple[tuple[Conversation, ...], ...]
    lower_bound: int
    optimal: bool
    moved: int
    unmet: tuple[Unmet, ...]
    # When re-planning: this plan is fairer, fuller or shorter (in that order) than the previous
    # plan kept as it was, by the measure the solver optimises. What a better plan to offer is.
    better_than_previous: bool = field(default=False, compare=False)


# ---------------------------------------------------------------------------------------------
# Parsing


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _person_label(kind: str, index: int, person_id: object) -> str:
    if isinstance(person_id, str) and person_id:
        return f'{kind}[{index}] ("{person_id}")'
    return f"{kind}[{index}]"


def _parse_people(document: Mapping[str, Any], kind: str) -> list[tuple[str, Any, Any]]:
    if kind not in document:
        raise InvalidTimetableInput(f'"{kind}" is missing: list the {kind}, each with an "id".')
    entries = document[kind]
    if not isinstance(entries, list):
        raise InvalidTimetableInput(f'"{kind}" must be a list of objects, each with an "id".')
    people: list[tuple[str, Any, Any]] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise InvalidTimetableInput(f'{kind}[{index}] must be an object with an "id".')
        person_id = entry.get("id")
        label = _person_label(kind, index, person_id)
        if not isinstance(person_id, str) or not person_id:
            raise InvalidTimetableInput(f'{label}: "id" must be a non-empty string.')
        if person_id in seen:
            raise InvalidTimetableInput(f'{label}: the id "{person_id}" is used twice.')
        seen.add(person_id)
        available = entry.get("available")
        if available is not None:
            if not isinstance(available, list):
                raise InvalidTimetableInput(
                    f'{label}: "available" must be a list of slot numbers (0, 1, 2, ...).'
                )
            for slot in available:
                if not _is_whole(slot):
                    raise InvalidTimetableInput(
                        f'{label}: "available" must hold whole slot numbers, not {slot!r}.'
                    )
                if slot < 0:
                    raise InvalidTimetableInput(
                        f'{label}: "available" holds the slot {slot}; slots are numbered from 0.'
                    )
            available = frozenset(available)
        language = entry.get("language")
        if language is not None and (not isinstance(language, str) or not language):
            raise InvalidTimetableInput(f'{label}: "language" must be a non-empty string.')
        people.append((person_id, available, language))
    return people


def _optional_whole(document: Mapping[str, Any], key: str, least: int, meaning: str) -> int | None:
    value = document.get(key)
    if value is None:
        return None
    if not _is_whole(value) or value < least:
        raise InvalidTimetableInput(f'"{key}" must be a whole number, {least} or more: {meaning}.')
    result: int = value
    return result


def parse_event(document: object) -> Event:
    """Check the JSON-shaped description of an event and turn it into an `Event`.

    Only "candidates" and "recruiters" are required; unknown keys are ignored. Raises
    `InvalidTimetableInput` naming the field and the person at fault.
    """
    if not isinstance(document, dict):
        raise InvalidTimetableInput(
            'The event must be a JSON object with "candidates" and "recruiters".'
        )
    candidates = tuple(
        Candidate(id=person_id, available=available, language=language)
        for person_id, available, language in _parse_people(document, "candidates")
    )
    recruiters = tuple(
        Recruiter(id=person_id, available=available, language=language)
        for person_id, available, language in _parse_people(document, "recruiters")
    )
    candidate_ids = {candidate.id for candidate in candidates}
    recruiter_ids = {recruiter.id for recruiter in recruiters}

    interpreters_document = document.get("interpreters", {})
    if interpreters_document is None:
        interpreters_document = {}
    if not isinstance(interpreters_document, dict):
        raise InvalidTimetableInput(
            '"interpreters" must be an object giving the number of interpreters per language, '
            'for example {"bsl": 1}.'
        )
    interpreters: list[tuple[str, int]] = []
    for language, count in interpreters_document.items():
        if not _is_whole(count) or count < 0:
            raise InvalidTimetableInput(
                f'interpreters["{language}"] must be a whole number of interpreters, 0 or more.'
            )
        interpreters.append((language, count))

    conflicts_document = document.get("conflicts", [])
    if conflicts_document is None:
        conflicts_document = []
    if not isinstance(conflicts_document, list):
        raise InvalidTimetableInput(
            '"conflicts" must be a list of [recruiter id, candidate id] pairs.'
        )
    conflicts: set[tuple[str, str]] = set()
    for index, entry in enumerate(conflicts_document):
        if (
            not isinstance(entry, list)
            or len(entry) != 2
            or not all(isinstance(person_id, str) for person_id in entry)
        ):
            raise InvalidTimetableInput(
                f"conflicts[{index}] must be a pair [recruiter id, candidate id]."
            )
        first, second = entry
        if first in recruiter_ids and second in candidate_ids:
            conflicts.add((first, second))
        elif first in candidate_ids and second in recruiter_ids:
            conflicts.add((second, first))
        elif first in candidate_ids:
            raise InvalidTimetableInput(f'conflicts[{index}]: unknown recruiter "{second}".')
        elif first not in recruiter_ids:
            raise InvalidTimetableInput(f'conflicts[{index}]: unknown recruiter "{first}".')
        else:
            raise InvalidTimetableInput(f'conflicts[{index}]: unknown candidate "{second}".')

    tables = _optional_whole(document, "tables", 1, "the most conversations at once")
    max_slots = _optional_whole(document, "max_slots", 0, "the time available, in slots")
    max_consecutive = _optional_whole(
        document, "max_consecutive", 1, "the most conversations in a row without a rest"
    )
    meetings = document.get("meetings", "all")
    per_candidate: int | None = None
    if meetings is None or meetings == "all":
        per_candidate = None
    elif isinstance(meetings, dict) and "per_candidate" in meetings:
        k = meetings["per_candidate"]
        if not _is_whole(k) or k < 1:
            raise InvalidTimetableInput(
                "meetings.per_candidate must be a whole number of recruiters, 1 or more."
            )
        if k > len(recruiters):
            raise InvalidTimetableInput(
                f"meetings.per_candidate is {k}, more than the {len(recruiters)} recruiters."
            )
        per_candidate = k
    else:
        raise InvalidTimetableInput(
            '"meetings" must be "all" or {"per_candidate": k}, '
            "k the number of recruiters each candidate meets."
        )
    return Event(
        candidates=candidates,
        recruiters=recruiters,
        interpreters=tuple(sorted(interpreters)),
        conflicts=frozenset(conflicts),
        tables=tables,
        per_candidate=per_candidate,
        max_slots=max_slots,
        max_consecutive=max_consecutive,
    )


def parse_plan(document: object, event: Event) -> tuple[Conversation, ...]:
    """Check a plan printed earlier by `coappoint timetable` (for re-planning) against `event`."""
    prefix = "previous plan"
    if not isinstance(document, dict) or not isinstance(document.get("slots"), list):
        raise InvalidTimetableInput(f'{prefix}: must be a JSON object with a "slots" list.')
    candidate_ids = {candidate.id for candidate in event.candidates}
    recruiter_ids = {recruiter.id for recruiter in event.recruiters}
    conversations: list[Conversation] = []
    for slot, entries in enumerate(document["slots"]):
        if not isinstance(entries, list):
            raise InvalidTimetableInput(f"{prefix}: slots[{slot}] must be a list of conversations.")
        tables_used: set[int] = set()
        people_here: set[tuple[str, str]] = set()
        for position, entry in enumerate(entries):
            where = f"{prefix}: slots[{slot}][{position}]"
            if not isinstance(entry, dict):
                raise InvalidTimetableInput(f"{where} must be an object.")
            candidate = entry.get("candidate")
            recruiter = entry.get("recruiter")
            table: Any = entry.get("table")
            if not isinstance(candidate, str) or candidate not in candidate_ids:
                raise InvalidTimetableInput(f"{where}: unknown candidate {_quoted(candidate)}.")
            if not isinstance(recruiter, str) or recruiter not in recruiter_ids:
                raise InvalidTimetableInput(f"{where}: unknown recruiter {_quoted(recruiter)}.")
            if not _is_whole(table) or table < 1:
                raise InvalidTimetableInput(f'{where}: "table" must be a whole number, 1 or more.')
            if table in tables_used:
                raise InvalidTimetableInput(f"{where}: table {table} is used twice in the slot.")
            for person in (("candidate", candidate), ("recruiter", recruiter)):
                if person in people_here:
                    raise InvalidTimetableInput(
                        f'{where}: {person[0]} "{person[1]}" has two conversations in the slot.'
                    )
                people_here.add(person)
            tables_used.add(table)
            conversations.append(Conversation(candidate, recruiter, slot, table))
    return tuple(conversations)


def _quoted(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


# ---------------------------------------------------------------------------------------------
# Planning


@dataclass(frozen=True)
class _Indexes:
    candidate: dict[str, int]
    recruiter: dict[str, int]
    languages: tuple[str, ...]
    capacity: tuple[int, ...]


def _indexes(event: Event) -> _Indexes:
    languages = sorted(
        {person.language for person in event.candidates if person.language}
        | {person.language for person in event.recruiters if person.language}
    )
    interpreters = dict(event.interpreters)
    return _Indexes(
        candidate={candidate.id: index for index, candidate in enumerate(event.candidates)},
        recruiter={recruiter.id: index for index, recruiter in enumerate(event.recruiters)},
        languages=tuple(languages),
        capacity=tuple(interpreters.get(language, 0) for language in languages),
    )


def _people(event: Event) -> tuple[Candidate | Recruiter, ...]:
    return (*event.candidates, *event.recruiters)


def _languages_needed(candidate: Candidate, recruiter: Recruiter) -> tuple[str, ...]:
    # At most one interpreter per language, even when both people need it.
    return tuple(
        sorted({language for language in (candidate.language, recruiter.language) if language})
    )


def _lacks_interpreter(event: Event, candidate: Candidate, recruiter: Recruiter) -> bool:
    interpreters = dict(event.interpreters)
    return any(
        interpreters.get(language, 0) == 0 for language in _languages_needed(candidate, recruiter)
    )


def plan_timetable(
    event: Event,
    *,
    previous: Sequence[Conversation] | None = None,
    from_slot: int = 0,
    deterministic_seconds: float = DEFAULT_DETERMINISTIC_SECONDS,
    quick: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> Timetable:
    """Plan the rotation; when re-planning, keep `previous` before `from_slot` exactly as held.

    Without availability, interpreter or rest limits the plan comes from flows and an
    equitable edge colouring and is provably optimal (timetable_exact). Otherwise a greedy plan
    is improved by CP-SAT within `deterministic_seconds` (timetable_search); the same input
    always gives the same plan. `quick` stops at the greedy plan, in pure Python (OR-Tools is
    never imported): what a re-plan on the day can afford inside a web request, to be improved
    later. `on_progress(done, total)` is told before each of the solver's stages.
    """
    if from_slot < 0:
        raise InvalidTimetableInput(f"from_slot is {from_slot}; slots are numbered from 0.")
    if previous is None and from_slot == 0:
        exact = _plan_exactly(event)
        if exact is not None:
            return exact
    return _plan_with_search(
        event,
        previous or (),
        from_slot,
        deterministic_seconds=deterministic_seconds,
        quick=quick,
        on_progress=on_progress,
    )


def conversation_count(timetable: Timetable) -> int:
    """How many conversations the plan has, held ones included."""
    return sum(len(slot) for slot in timetable.slots)


def _plan_exactly(event: Event) -> Timetable | None:
    """The provably optimal plan when no side constraint binds, or None to search instead."""
    indexes = _indexes(event)
    for language, capacity in zip(indexes.languages, indexes.capacity, strict=True):
        speakers = sum(1 for person in _people(event) if person.language == language)
        most_at_once = speakers if event.tables is None else min(speakers, event.tables)
        if 0 < capacity < most_at_once:
            return None
    if event.max_slots is not None and not all(
        person.available is None or person.available.issuperset(range(event.max_slots))
        for person in _people(event)
    ):
        return None
    pairs = [
        (candidate_index, recruiter_index)
        for candidate_index, candidate in enumerate(event.candidates)
        for recruiter_index, recruiter in enumerate(event.recruiters)
        if (recruiter.id, candidate.id) not in event.conflicts
        and not _lacks_interpreter(event, candidate, recruiter)
    ]
    selection = choose_conversations(
        pairs,
        len(event.candidates),
        len(event.recruiters),
        per_candidate=event.per_candidate,
        max_slots=event.max_slots,
        tables=event.tables,
    )
    chosen = [pairs[index] for index in selection.pair_indexes]
    degree: dict[tuple[str, int], int] = {}
    for candidate_index, recruiter_index in chosen:
        degree[("c", candidate_index)] = degree.get(("c", candidate_index), 0) + 1
        degree[("r", recruiter_index)] = degree.get(("r", recruiter_index), 0) + 1
    largest_degree = max(degree.values(), default=0)
    slot_count = largest_degree
    if event.tables is not None:
        slot_count = max(slot_count, -(-len(chosen) // event.tables))
    if event.max_consecutive is not None and event.max_consecutive < largest_degree:
        return None
    if event.max_slots is None and not all(
        person.available is None or person.available.issuperset(range(slot_count))
        for person in _people(event)
    ):
        return None
    colours = colour_edges_equitably(chosen, len(event.candidates), slot_count)
    assignment = {
        (candidate_index, recruiter_index): colour
        for (candidate_index, recruiter_index), colour in zip(chosen, colours, strict=True)
    }
    slots = _render_slots(event, assignment, slot_count, {}, ())
    return Timetable(
        slots=slots,
        lower_bound=slot_count,
        optimal=True,
        moved=0,
        unmet=_unmet(event, slots, 0),
    )


def _horizon(
    event: Event,
    from_slot: int,
    held_slot_count: int,
    demands: Sequence[int],
    language_demands: Sequence[tuple[int, int]],
) -> int:
    """The free slots to consider: the time budget, or room for any better plan without one.

    Without `max_slots`, every conversation with someone whose availability is listed happens
    before the last listed slot. The others can follow after one slot of rest: an equitable
    colouring gives max(Δ, ceil(E / T)) slots, splitting each for interpreters adds at most
    ceil(E_L / interpreters_L) per language, and a rest after every `max_consecutive` slots
    stretches that by (c + 1) / c. `demands` are the most conversations any one person needs
    (Δ) and the total (E); `language_demands` pairs each language's conversations with its
    interpreters.
    """
    if event.max_slots is not None:
        return max(event.max_slots, from_slot)
    listed_end = max(
        (max(person.available) + 1 for person in _people(event) if person.available),
        default=0,
    )
    largest, total = demands
    after = max(largest, -(-total // event.tables) if event.tables else 0)
    after += sum(-(-count // capacity) for count, capacity in language_demands if capacity)
    if event.max_consecutive is not None:
        after += -(-after // event.max_consecutive)
    return max(listed_end, from_slot, held_slot_count) + 1 + after


def _build_problem(
    event: Event, held: Sequence[Conversation], later: Sequence[Conversation], from_slot: int
) -> tuple[Problem, list[tuple[int, int]]]:
    indexes = _indexes(event)
    language_index = {language: index for index, language in enumerate(indexes.languages)}
    candidate_held: list[set[int]] = [set() for _ in event.candidates]
    recruiter_held: list[set[int]] = [set() for _ in event.recruiters]
    met: set[tuple[int, int]] = set()
    for conversation in held:
        candidate_index = indexes.candidate[conversation.candidate]
        recruiter_index = indexes.recruiter[conversation.recruiter]
        candidate_held[candidate_index].add(conversation.slot)
        recruiter_held[recruiter_index].add(conversation.slot)
        met.add((candidate_index, recruiter_index))
    held_slot_count = max((conversation.slot + 1 for conversation in held), default=0)

    allowed: list[tuple[int, int]] = []
    for candidate_index, candidate in enumerate(event.candidates):
        for recruiter_index, recruiter in enumerate(event.recruiters):
            if (
                (recruiter.id, candidate.id) in event.conflicts
                or (candidate_index, recruiter_index) in met
                or _lacks_interpreter(event, candidate, recruiter)
            ):
                continue
            allowed.append((candidate_index, recruiter_index))
    need: tuple[int, ...] | None = None
    language_count = [0] * len(indexes.languages)
    if event.per_candidate is not None:
        need = tuple(
            max(event.per_candidate - len(candidate_held[index]), 0)
            for index in range(len(event.candidates))
        )
        # A recruiter might meet every candidate; every conversation might need each language.
        demands = (max(max(need, default=0), len(event.candidates)), sum(need))
        language_count = [sum(need)] * len(indexes.languages)
    else:
        degree: dict[tuple[str, int], int] = {}
        for candidate_index, recruiter_index in allowed:
            degree[("c", candidate_index)] = degree.get(("c", candidate_index), 0) + 1
            degree[("r", recruiter_index)] = degree.get(("r", recruiter_index), 0) + 1
            for language in _languages_needed(
                event.candidates[candidate_index], event.recruiters[recruiter_index]
            ):
                language_count[language_index[language]] += 1
        demands = (max(degree.values(), default=0), len(allowed))
    horizon = _horizon(
        event,
        from_slot,
        held_slot_count,
        demands,
        list(zip(language_count, indexes.capacity, strict=True)),
    )

    def there(available: frozenset[int] | None) -> range | list[int]:
        if available is None:
            return range(from_slot, horizon)
        return sorted(slot for slot in available if from_slot <= slot < horizon)

    candidate_there = [there(candidate.available) for candidate in event.candidates]
    recruiter_there = [there(recruiter.available) for recruiter in event.recruiters]
    pairs: list[tuple[int, int]] = []
    pair_slots: list[tuple[int, ...]] = []
    pair_languages: list[tuple[int, ...]] = []
    for candidate_index, recruiter_index in allowed:
        candidate_slots = candidate_there[candidate_index]
        recruiter_slots = recruiter_there[recruiter_index]
        if isinstance(candidate_slots, range):
            common = tuple(recruiter_slots)
        elif isinstance(recruiter_slots, range):
            common = tuple(candidate_slots)
        else:
            recruiter_set = set(recruiter_slots)
            common = tuple(slot for slot in candidate_slots if slot in recruiter_set)
        if not common:
            continue
        pairs.append((candidate_index, recruiter_index))
        pair_slots.append(common)
        pair_languages.append(
            tuple(
                language_index[language]
                for language in _languages_needed(
                    event.candidates[candidate_index], event.recruiters[recruiter_index]
                )
            )
        )

    partner_slots: list[list[tuple[int, ...]]] = [[] for _ in event.candidates]
    for (candidate_index, _), slots in zip(pairs, pair_slots, strict=True):
        partner_slots[candidate_index].append(slots)
    ceiling = []
    for candidate_index in range(len(event.candidates)):
        own_slots = sorted({slot for slots in partner_slots[candidate_index] for slot in slots})
        most = min(
            matching_size(partner_slots[candidate_index]),
            rest_capacity(own_slots, candidate_held[candidate_index], event.max_consecutive),
        )
        if need is not None:
            most = min(most, need[candidate_index])
        ceiling.append(len(candidate_held[candidate_index]) + most)

    pair_index = {pair: index for index, pair in enumerate(pairs)}
    keep: list[tuple[int, int]] = []
    for conversation in later:
        key = (indexes.candidate[conversation.candidate], indexes.recruiter[conversation.recruiter])
        index = pair_index.get(key)
        fits_table = event.tables is None or conversation.table <= event.tables
        if index is not None and fits_table and conversation.slot in pair_slots[index]:
            keep.append((index, conversation.slot))
    problem = Problem(
        candidate_count=len(event.candidates),
        recruiter_count=len(event.recruiters),
        first_slot=from_slot,
        horizon=horizon,
        pairs=tuple(pairs),
        pair_slots=tuple(pair_slots),
        pair_languages=tuple(pair_languages),
        language_capacity=indexes.capacity,
        tables=event.tables,
        max_consecutive=event.max_consecutive,
        candidate_need=need,
        candidate_held_slots=tuple(frozenset(slots) for slots in candidate_held),
        recruiter_held_slots=tuple(frozenset(slots) for slots in recruiter_held),
        held_slot_count=held_slot_count,
        candidate_ceiling=tuple(ceiling),
        previous=tuple(keep),
    )
    return problem, keep


def _plan_with_search(
    event: Event,
    previous: Sequence[Conversation],
    from_slot: int,
    *,
    deterministic_seconds: float,
    quick: bool,
    on_progress: Callable[[int, int], None] | None,
) -> Timetable:
    held = [conversation for conversation in previous if conversation.slot < from_slot]
    later = [conversation for conversation in previous if conversation.slot >= from_slot]
    problem, keep = _build_problem(event, held, later, from_slot)
    start = plan_greedily(problem, keep)
    if event.max_slots is None:
        # Without a time budget the horizon is generous; once the greedy plan gives everyone
        # their ceiling, no better plan needs more slots than it does.
        counts = [len(slots) for slots in problem.candidate_held_slots]
        for pair in start:
            counts[problem.pairs[pair][0]] += 1
        if counts == list(problem.candidate_ceiling):
            last = max(start.values(), default=from_slot - 1) + 1
            problem = problem.clipped(max(last, from_slot))
    if quick:
        result = SearchResult(assignment=dict(start), slot_bound=None, stopped_early=False)
    else:
        result = improve(
            problem, start, deterministic_seconds=deterministic_seconds, on_stage=on_progress
        )
    assignment = {problem.pairs[pair]: slot for pair, slot in sorted(result.assignment.items())}
    slot_count = max(problem.held_slot_count, max(assignment.values(), default=-1) + 1)
    indexes = _indexes(event)
    held_by_slot: dict[int, list[Conversation]] = {}
    for conversation in held:
        held_by_slot.setdefault(conversation.slot, []).append(conversation)
    previous_tables = {
        (
            indexes.candidate[conversation.candidate],
            indexes.recruiter[conversation.recruiter],
            conversation.slot,
        ): conversation.table
        for conversation in later
        if event.tables is None or conversation.table <= event.tables
    }
    slots = _render_slots(event, assignment, slot_count, previous_tables, held)
    lower_bound = max(planned_slot_bound(problem, result.assignment), result.slot_bound or 0)
    planned = {
        (conversation.candidate, conversation.recruiter, conversation.slot, conversation.table)
        for slot in slots
        for conversation in slot
    }
    moved = sum(
        1
        for conversation in later
        if (conversation.candidate, conversation.recruiter, conversation.slot, conversation.table)
        not in planned
    )
    return Timetable(
        slots=slots,
        lower_bound=lower_bound,
        optimal=len(slots) == lower_bound,
        moved=moved,
        unmet=_unmet(event, slots, from_slot),
        better_than_previous=bool(previous)
        and _ranking(measure(problem, result.assignment)) > _ranking(measure(problem, dict(keep))),
    )


def _ranking(plan: Measure) -> tuple[int, int, int]:
    """Fairness level, then total, then fewer slots: the first objectives of the module's order."""
    return (plan.level, plan.total, -plan.slot_count)


def _render_slots(
    event: Event,
    assignment: Mapping[tuple[int, int], int],
    slot_count: int,
    previous_tables: Mapping[tuple[int, int, int], int],
    held: Sequence[Conversation],
) -> tuple[tuple[Conversation, ...], ...]:
    """Give each conversation a table: its previous one where it stays put, else the lowest free."""
    by_slot: list[list[tuple[int, int]]] = [[] for _ in range(slot_count)]
    for (candidate_index, recruiter_index), slot in sorted(assignment.items()):
        by_slot[slot].append((candidate_index, recruiter_index))
    slots: list[list[Conversation]] = [[] for _ in range(slot_count)]
    candidates = {candidate.id: candidate for candidate in event.candidates}
    recruiters = {recruiter.id: recruiter for recruiter in event.recruiters}
    for conversation in held:
        candidate = candidates[conversation.candidate]
        recruiter = recruiters[conversation.recruiter]
        slots[conversation.slot].append(
            Conversation(
                candidate=conversation.candidate,
                recruiter=conversation.recruiter,
                slot=conversation.slot,
                table=conversation.table,
                interpreters=_languages_needed(candidate, recruiter),
            )
        )
    for slot, pairs in enumerate(by_slot):
        tables: dict[tuple[int, int], int] = {}
        for candidate_index, recruiter_index in pairs:
            table = previous_tables.get((candidate_index, recruiter_index, slot))
            if table is not None:
                tables[(candidate_index, recruiter_index)] = table
        taken = set(tables.values())
        next_table = 1
        for pair in pairs:
            if pair not in tables:
                while next_table in taken:
                    next_table += 1
                tables[pair] = next_table
                taken.add(next_table)
        for candidate_index, recruiter_index in pairs:
            candidate = event.candidates[candidate_index]
            recruiter = event.recruiters[recruiter_index]
            slots[slot].append(
                Conversation(
                    candidate=candidate.id,
                    recruiter=recruiter.id,
                    slot=slot,
                    table=tables[(candidate_index, recruiter_index)],
                    interpreters=_languages_needed(candidate, recruiter),
                )
            )
    return tuple(
        tuple(sorted(conversations, key=lambda conversation: conversation.table))
        for conversations in slots
    )


class _Occupancy:
    """Who is busy when in a finished plan, to say what held each unmet conversation back."""

    def __init__(self, event: Event, slots: Sequence[Sequence[Conversation]]) -> None:
        self.event = event
        self.end = event.max_slots
        self.busy: dict[str, set[int]] = {person.id: set() for person in _people(event)}
        self.tables_used: dict[int, int] = {}
        self.language_use: dict[tuple[int, str], int] = {}
        self.interpreters = dict(event.interpreters)
        for slot_index, slot in enumerate(slots):
            self.tables_used[slot_index] = len(slot)
            for conversation in slot:
                self.busy[conversation.candidate].add(slot_index)
                self.busy[conversation.recruiter].add(slot_index)
                for language in conversation.interpreters:
                    key = (slot_index, language)
                    self.language_use[key] = self.language_use.get(key, 0) + 1

    def _there(self, person: Candidate | Recruiter, slot: int) -> bool:
        return person.available is None or slot in person.available

    def full(self, person: Candidate | Recruiter) -> bool:
        """Whether they have as many conversations as fit in the slots they are there, with
        rests (`rest_capacity` is the most anyone could have there)."""
        assert self.end is not None
        there = [slot for slot in range(self.end) if self._there(person, slot)]
        return len(self.busy[person.id]) >= rest_capacity(there, (), self.event.max_consecutive)

    def free(self, person: Candidate | Recruiter, slot: int) -> bool:
        """Whether one more conversation fits them in `slot`: there, not busy, no rest broken."""
        busy = self.busy[person.id]
        if slot in busy or not self._there(person, slot):
            return False
        most = self.event.max_consecutive
        if most is None:
            return True
        before = 0
        while slot - before - 1 in busy:
            before += 1
        after = 0
        while slot + after + 1 in busy:
            after += 1
        return before + 1 + after <= most

    def limit(
        self, candidate: Candidate, recruiter: Recruiter, from_slot: int
    ) -> tuple[str, int | None]:
        """What held this pair's conversation back in the time budget, and the slot left if any."""
        assert self.end is not None
        if self.full(candidate):
            return CANDIDATE_FULL, None
        if self.full(recruiter):
            return RECRUITER_FULL, None
        both_free = [
            slot
            for slot in range(from_slot, self.end)
            if self.free(candidate, slot) and self.free(recruiter, slot)
        ]
        if not both_free:
            return NEVER_FREE_TOGETHER, None
        tables = self.event.tables

        def tables_full(slot: int) -> bool:
            return tables is not None and self.tables_used.get(slot, 0) >= tables

        def interpreters_busy(slot: int) -> bool:
            return any(
                self.language_use.get((slot, language), 0) >= self.interpreters.get(language, 0)
                for language in _languages_needed(candidate, recruiter)
            )

        if all(tables_full(slot) for slot in both_free):
            return TABLES_FULL, None
        room = [slot for slot in both_free if not tables_full(slot) and not interpreters_busy(slot)]
        if not room:
            return INTERPRETERS_BUSY, None
        return ROOM_LEFT, room[0]


# The per-pair limits from the least room to the most: a candidate short of k is held back by the
# last of their remaining partners' limits, which is then true of every one of them.
_LIMIT_ORDER = (RECRUITER_FULL, NEVER_FREE_TOGETHER, TABLES_FULL, INTERPRETERS_BUSY, ROOM_LEFT)


def _unmet(
    event: Event, slots: Sequence[Sequence[Conversation]], from_slot: int
) -> tuple[Unmet, ...]:
    """The meetings not planned, each with the reason a facilitator can act on and, where the
    plan shows it, what held it back for these people (`Unmet.limit`)."""
    met: dict[str, set[str]] = {candidate.id: set() for candidate in event.candidates}
    for slot in slots:
        for conversation in slot:
            met[conversation.candidate].add(conversation.recruiter)
    occupancy = _Occupancy(event, slots)
    end = event.max_slots
    if event.per_candidate is not None:
        return tuple(
            _short_of_k(event, occupancy, candidate, met[candidate.id], from_slot)
            for candidate in event.candidates
            if len(met[candidate.id]) < event.per_candidate
        )
    interpreters = dict(event.interpreters)
    language_use = occupancy.language_use
    # Without a time budget, slots after the plan are open too.
    looked_at = len(slots) if end is None else end
    unmet: list[Unmet] = []
    for candidate in event.candidates:
        for recruiter in event.recruiters:
            if (recruiter.id, candidate.id) in event.conflicts or recruiter.id in met[candidate.id]:
                continue
            languages = _languages_needed(candidate, recruiter)
            limit: str | None = None
            free_slot: int | None = None
            if not _together(candidate.available, recruiter.available, from_slot, end):
                reason = NOT_TOGETHER
            elif _lacks_interpreter(event, candidate, recruiter):
                reason, limit = NO_INTERPRETER, NONE_ON_THE_DAY
            else:
                common = [
                    slot
                    for slot in range(from_slot, looked_at)
                    if (candidate.available is None or slot in candidate.available)
                    and (recruiter.available is None or slot in recruiter.available)
                ]
                # Explained by interpreters when every slot they share had them all busy.
                busy = bool(languages) and all(
                    any(
                        language_use.get((slot, language), 0) >= interpreters[language]
                        for language in languages
                    )
                    for slot in common
                )
                together_later = end is None and _together(
                    candidate.available, recruiter.available, looked_at, None
                )
                reason = NO_INTERPRETER if busy and common and not together_later else TIME_BUDGET
                if reason == TIME_BUDGET and end is not None:
                    limit, free_slot = occupancy.limit(candidate, recruiter, from_slot)
            unmet.append(
                Unmet(
                    candidate=candidate.id,
                    recruiter=recruiter.id,
                    reason_code=reason,
                    limit=limit,
                    slot=free_slot,
                )
            )
    return tuple(unmet)


def _short_of_k(
    event: Event, occupancy: _Occupancy, candidate: Candidate, met: set[str], from_slot: int
) -> Unmet:
    """A candidate who meets fewer than k recruiters, and what held them back."""
    assert event.per_candidate is not None
    end = event.max_slots
    partners = [
        recruiter
        for recruiter in event.recruiters
        if recruiter.id not in met
        and (recruiter.id, candidate.id) not in event.conflicts
        and not _lacks_interpreter(event, candidate, recruiter)
        and _together(candidate.available, recruiter.available, from_slot, end)
    ]
    missing = event.per_candidate - len(met)
    limit: str | None = None
    free_slot: int | None = None
    if not partners:
        limit = FEW_PARTNERS
    elif end is not None:
        if occupancy.full(candidate):
            limit = CANDIDATE_FULL
        else:
            found = [occupancy.limit(candidate, recruiter, from_slot) for recruiter in partners]
            limit = max((item[0] for item in found), key=_LIMIT_ORDER.index)
            free_slot = next((slot for item, slot in found if item == ROOM_LEFT), None)
    return Unmet(
        candidate=candidate.id,
        reason_code=SHORT_OF_K,
        missing=missing,
        limit=limit,
        slot=free_slot,
        may_meet=len(met) + len(partners),
    )


def _together(
    first: frozenset[int] | None, second: frozenset[int] | None, start: int, end: int | None
) -> bool:
    """Whether two people are both there in some slot from `start` (up to `end`, if any)."""
    if first is None and second is None:
        return end is None or start < end
    if first is None or second is None:
        listed = first if first is not None else second
        assert listed is not None
        return any(slot >= start and (end is None or slot < end) for slot in listed)
    return any(slot >= start and (end is None or slot < end) for slot in first & second)


# ---------------------------------------------------------------------------------------------
# Rendering


def timetable_to_json(timetable: Timetable) -> dict[str, Any]:
    """The JSON contract of `coappoint timetable` (keys in a fixed order)."""
    slots = []
    for slot in timetable.slots:
        conversations = []
        for conversation in slot:
            entry: dict[str, Any] = {
                "candidate": conversation.candidate,
                "recruiter": conversation.recruiter,
                "table": conversation.table,
            }
            if conversation.interpreters:
                entry["interpreters"] = list(conversation.interpreters)
            conversations.append(entry)
        slots.append(conversations)
    unmet: list[dict[str, Any]] = []
    for item in timetable.unmet:
        entry = {"candidate": item.candidate}
        if item.recruiter is not None:
            entry["recruiter"] = item.recruiter
        if item.missing is not None:
            entry["missing"] = item.missing
        entry["reason_code"] = item.reason_code
        if item.limit is not None:
            entry["limit"] = item.limit
        if item.slot is not None:
            entry["slot"] = item.slot
        if item.may_meet is not None:
            entry["may_meet"] = item.may_meet
        unmet.append(entry)
    return {
        "slots": slots,
        "lower_bound": timetable.lower_bound,
        "optimal": timetable.optimal,
        "moved": timetable.moved,
        "unmet": unmet,
    }


def timetable_from_json(document: object, event: Event) -> Timetable:
    """A plan printed by `timetable_to_json`, read back and checked against `event` (a plan kept
    to be used later, such as an improvement waiting for the facilitator)."""
    conversations = parse_plan(document, event)
    assert isinstance(document, dict)  # parse_plan has checked it
    slot_count = len(document["slots"])
    languages: dict[tuple[int, int], tuple[str, ...]] = {}
    for slot, entries in enumerate(document["slots"]):
        for entry in entries:
            interpreters = entry.get("interpreters", [])
            if not isinstance(interpreters, list) or not all(
                isinstance(language, str) for language in interpreters
            ):
                raise InvalidTimetableInput(
                    f'plan: slots[{slot}]: "interpreters" must be a list of languages.'
                )
            languages[(slot, entry["table"])] = tuple(interpreters)
    slots: list[list[Conversation]] = [[] for _ in range(slot_count)]
    for conversation in conversations:
        slots[conversation.slot].append(
            Conversation(
                candidate=conversation.candidate,
                recruiter=conversation.recruiter,
                slot=conversation.slot,
                table=conversation.table,
                interpreters=languages[(conversation.slot, conversation.table)],
            )
        )
    summary: dict[str, int] = {}
    for key in ("lower_bound", "moved"):
        value = document.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidTimetableInput(f'plan: "{key}" must be a whole number, 0 or more.')
        summary[key] = value
    unmet_entries = document.get("unmet", [])
    if not isinstance(unmet_entries, list) or not all(
        isinstance(item, dict) and isinstance(item.get("candidate"), str) for item in unmet_entries
    ):
        raise InvalidTimetableInput('plan: "unmet" must be a list of objects naming a candidate.')
    return Timetable(
        slots=tuple(tuple(slot) for slot in slots),
        lower_bound=summary["lower_bound"],
        optimal=bool(document.get("optimal")),
        moved=summary["moved"],
        unmet=tuple(
            Unmet(
                candidate=item["candidate"],
                reason_code=str(item.get("reason_code", "")),
                recruiter=item.get("recruiter"),
                missing=item.get("missing"),
                limit=item.get("limit"),
                slot=item.get("slot"),
                may_meet=item.get("may_meet"),
            )
            for item in unmet_entries
        ),
    )
