"""How many people share each need, for the day's catering: "vegetarian (3), halal (1)"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class NeedCount:
    """One need as its first writer worded it, and how many people wrote the same."""

    wording: str
    people: int


def tally_needs(needs: Iterable[str]) -> tuple[NeedCount, ...]:
    """Count the people who wrote each need, most common first.

    Needs are free text, so two are the same when they differ only in case and spacing
    ("Vegetarian", " vegetarian "); anything else is kept apart, because a caterer reads
    "vegetarian" and "vegetarian, no nuts" as different dishes. Blank needs are not counted.
    Ties keep the order in which the needs were first written, so the summary never reorders
    itself between two printings of the same list.
    """
    counts: dict[str, int] = {}
    wordings: dict[str, str] = {}
    for need in needs:
        wording = " ".join(need.split())
        if not wording:
            continue
        key = wording.casefold()
        wordings.setdefault(key, wording)
        counts[key] = counts.get(key, 0) + 1
    order = {key: position for position, key in enumerate(wordings)}
    return tuple(
        NeedCount(wording=wordings[key], people=counts[key])
        for key in sorted(counts, key=lambda key: (-counts[key], order[key]))
    )
