"""Names recruiters see for candidates: the name they go by, made unique within an event."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping


def display_names(people: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Map each id to a display name unique among `people` (id -> (called, last name)).

    A name used once stands alone ("Amina"). Where several share it, each gets the initial of
    their last name ("Sam A.", "Sam B."), then more of the last name until they differ
    ("Sam Ab.", "Sam Ad."); people whose full names are identical get a number ("Sam A. (2)").
    Names are compared without regard to case or surrounding spaces, so "sam" and "Sam" clash.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for person_id, (called, _last) in people.items():
        groups[called.strip().casefold()].append(person_id)
    result: dict[str, str] = {}
    for ids in groups.values():
        if len(ids) == 1:
            result[ids[0]] = people[ids[0]][0].strip()
            continue
        result.update(_disambiguate(ids, people))
    return result


def _disambiguate(ids: list[str], people: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    longest = max(len(people[person_id][1].strip()) for person_id in ids)
    for length in range(1, max(longest, 1) + 1):
        labels = {person_id: _with_surname_prefix(people[person_id], length) for person_id in ids}
        if len({label.casefold() for label in labels.values()}) == len(ids):
            return labels
    # Identical full names: number them in a stable order (by id) so the names never swap.
    labels = {person_id: _with_surname_prefix(people[person_id], 1) for person_id in ids}
    seen: dict[str, int] = defaultdict(int)
    numbered: dict[str, str] = {}
    for person_id in sorted(ids):
        key = labels[person_id].casefold()
        seen[key] += 1
        numbered[person_id] = (
            labels[person_id] if seen[key] == 1 else f"{labels[person_id]} ({seen[key]})"
        )
    return numbered


def _with_surname_prefix(person: tuple[str, str], length: int) -> str:
    called, last = person[0].strip(), person[1].strip()
    if not last:
        return called
    return f"{called} {last[:length].capitalize()}."
