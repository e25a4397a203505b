"""A community panel's quotas: the area's population figures apportioned into whole places.

The method is the largest remainder (Hamilton's): each category's exact share of the places is
`places × people in the category / people in the area`; every category first gets the whole
part of its share, then the places left over go one each to the categories with the largest
remainders (ties to the category listed first, so the rule is stable). The quotas always add
up to the places, and each lies between the floor and the ceiling of its exact share.

A quota becomes bounds for the draw (`QuotaBounds`): at least `quota - tolerance`, at most
`quota + tolerance`, never below 0 nor above the places. "Prefer not to say" is either
- its own category (`PreferNotToSay.OWN_CATEGORY`): staff give it a figure like any other (for
  example the census's "not answered"), and it is apportioned like the rest; or
- left out of the quota (`PreferNotToSay.LEFT_OUT`): it is not apportioned; the answered
  categories keep their upper bounds but lose their lower ones, and "Prefer not to say" may
  take any number of places. Every place a person who preferred not to say takes is then one
  place fewer for one of the answered categories, never one more for any.

`shortfalls` finds, before any solver runs, each category whose lower bound needs more of the
volunteers than there are in it, so the page can say which quota cannot be met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from coappoint.rules.errors import RulesError

PREFER_NOT_TO_SAY = "prefer_not_to_say"


class PreferNotToSay(Enum):
    """How the draw treats "Prefer not to say" in a question that has quotas."""

    OWN_CATEGORY = "own_category"
    LEFT_OUT = "left_out"


class NoFigures(RulesError):
    """A question's figures add up to nobody, so no share of the places can be worked out."""


@dataclass(frozen=True)
class QuotaBounds:
    """How many of the panel may be in one category of one question."""

    question: str
    answer: str
    quota: int
    least: int
    most: int


def exact_shares(places: int, figures: Sequence[tuple[str, int]]) -> tuple[Fraction, ...]:
    """Each category's exact share of `places`, in proportion to its figure."""
    total = sum(people for _answer, people in figures)
    if total <= 0:
        raise NoFigures("the figures add up to nobody")
    return tuple(Fraction(places * people, total) for _answer, people in figures)


def apportion(places: int, figures: Sequence[tuple[str, int]]) -> tuple[int, ...]:
    """Whole quotas for `figures` (answer, people) adding up to `places`, by largest remainder."""
    if places < 0 or any(people < 0 for _answer, people in figures):
        raise ValueError("places and figures are never negative")
    shares = exact_shares(places, figures)
    quotas = [int(share) for share in shares]  # the floor: shares are never negative
    left_over = places - sum(quotas)
    by_remainder = sorted(range(len(shares)), key=lambda index: (-(shares[index] % 1), index))
    for index in by_remainder[:left_over]:
        quotas[index] += 1
    return tuple(quotas)


def quota_bounds(
    *,
    question: str,
    places: int,
    figures: Sequence[tuple[str, int]],
    answers: Sequence[str],
    prefer_not_to_say: PreferNotToSay,
    tolerance: int = 0,
) -> tuple[QuotaBounds, ...]:
    """The bounds of every answer of `question` (in `answers`' order) for a panel of `places`.

    `figures` are the area's people per answer; an answer without a figure has none there. With
    `LEFT_OUT`, a figure given for "Prefer not to say" is ignored.
    """
    people = dict(figures)
    apportioned = [
        answer
        for answer in answers
        if prefer_not_to_say is PreferNotToSay.OWN_CATEGORY or answer != PREFER_NOT_TO_SAY
    ]
    quotas = dict(
        zip(
            apportioned,
            apportion(places, [(answer, people.get(answer, 0)) for answer in apportioned]),
            strict=True,
        )
    )
    bounds = []
    for answer in answers:
        if answer not in quotas:  # "Prefer not to say", left out: any number
            bounds.append(QuotaBounds(question, answer, quota=0, least=0, most=places))
            continue
        quota = quotas[answer]
        least = max(0, quota - tolerance)
        if prefer_not_to_say is PreferNotToSay.LEFT_OUT and PREFER_NOT_TO_SAY in answers:
            least = 0
        bounds.append(
            QuotaBounds(
                question, answer, quota=quota, least=least, most=min(places, quota + tolerance)
            )
        )
    return tuple(bounds)


def shortfalls(
    bounds: Sequence[QuotaBounds], volunteers: Mapping[tuple[str, str], int]
) -> tuple[QuotaBounds, ...]:
    """The categories whose lower bound needs more volunteers than there are in them.

    `volunteers` counts the volunteers per (question, answer).
    """
    return tuple(
        bound for bound in bounds if volunteers.get((bound.question, bound.answer), 0) < bound.least
    )


def quota_met(bound: QuotaBounds, drawn: int) -> bool:
    """Whether `drawn` people of the panel in the category keep within its bounds."""
    return bound.least <= drawn <= bound.most


Answers = tuple[tuple[str, str], ...]  # one person's (question, answer) pairs


def unmet_quotas(
    bounds: Sequence[QuotaBounds], panel: Sequence[Answers]
) -> tuple[QuotaBounds, ...]:
    """The categories whose bounds `panel` (each member's answers) does not keep within."""
    counts: dict[tuple[str, str], int] = {}
    for member in panel:
        for pair in member:
            counts[pair] = counts.get(pair, 0) + 1
    return tuple(
        bound
        for bound in bounds
        if not quota_met(bound, counts.get((bound.question, bound.answer), 0))
    )


def best_reserves(
    bounds: Sequence[QuotaBounds], panel: Sequence[Answers], reserves: Sequence[tuple[str, Answers]]
) -> tuple[str, ...]:
    """The reserves (key, answers) who may replace a drop-out by the draw's rules: those with
    whom `panel` (the members left) meets every quota, else those with whom it misses the
    fewest. In `reserves`' order; empty when there are none. The caller draws one of them."""
    if not reserves:
        return ()
    missed = {key: len(unmet_quotas(bounds, [*panel, answers])) for key, answers in reserves}
    fewest = min(missed.values())
    return tuple(key for key, _answers in reserves if missed[key] == fewest)
