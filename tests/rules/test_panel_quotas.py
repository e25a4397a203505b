"""Quotas apportioned from an area's figures into whole places, by largest remainder."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.panel_quotas import (
    PREFER_NOT_TO_SAY,
    NoFigures,
    PreferNotToSay,
    QuotaBounds,
    apportion,
    best_reserves,
    exact_shares,
    quota_bounds,
    quota_met,
    shortfalls,
    unmet_quotas,
)

figures_lists = st.lists(
    st.integers(min_value=0, max_value=100_000), min_size=1, max_size=9
).filter(lambda people: sum(people) > 0)


def _named(people: list[int]) -> list[tuple[str, int]]:
    return [(f"answer {index}", count) for index, count in enumerate(people)]


def test_a_ward_of_six_thousand_women_and_four_thousand_men_gets_seven_and_five_of_twelve() -> None:
    # Shares 7.2 and 4.8: the floors give 7 and 4, the one place left goes to the larger remainder.
    assert apportion(12, [("female", 6000), ("male", 4000)]) == (7, 5)


def test_places_left_over_go_to_the_largest_remainders() -> None:
    # Shares 4.2, 4.4, 3.4: floors 4, 4, 3 leave one place; 0.4 ties go to the first listed.
    assert apportion(12, [("a", 420), ("b", 440), ("c", 340)]) == (4, 5, 3)


def test_figures_that_add_up_to_nobody_cannot_be_apportioned() -> None:
    with pytest.raises(NoFigures):
        apportion(12, [("a", 0), ("b", 0)])


@given(places=st.integers(min_value=0, max_value=60), people=figures_lists)
def test_quotas_always_add_up_to_the_places(places: int, people: list[int]) -> None:
    assert sum(apportion(places, _named(people))) == places


@given(places=st.integers(min_value=0, max_value=60), people=figures_lists)
def test_every_quota_lies_between_the_floor_and_the_ceiling_of_its_exact_share(
    places: int, people: list[int]
) -> None:
    for quota, share in zip(
        apportion(places, _named(people)), exact_shares(places, _named(people)), strict=True
    ):
        assert share - 1 < quota < share + 1
        assert isinstance(share, Fraction)


@given(places=st.integers(min_value=0, max_value=60), people=figures_lists)
def test_a_bigger_category_never_gets_fewer_places_than_a_smaller_one(
    places: int, people: list[int]
) -> None:
    quotas = apportion(places, _named(people))
    for i, a in enumerate(people):
        for j, b in enumerate(people):
            if a > b:
                assert quotas[i] >= quotas[j]


@given(
    places=st.integers(min_value=1, max_value=40),
    people=figures_lists,
    tolerance=st.integers(min_value=0, max_value=3),
)
def test_bounds_hold_the_quota_and_stay_within_the_panel(
    places: int, people: list[int], tolerance: int
) -> None:
    answers = [answer for answer, _count in _named(people)]
    bounds = quota_bounds(
        question="q",
        places=places,
        figures=_named(people),
        answers=answers,
        prefer_not_to_say=PreferNotToSay.OWN_CATEGORY,
        tolerance=tolerance,
    )
    assert sum(bound.least for bound in bounds) <= places <= sum(bound.most for bound in bounds)
    for bound in bounds:
        assert 0 <= bound.least <= bound.quota <= bound.most <= places
        assert quota_met(bound, bound.quota)


def test_prefer_not_to_say_as_its_own_category_is_apportioned_from_its_figure() -> None:
    bounds = quota_bounds(
        question="sex",
        places=10,
        figures=[("female", 450), ("male", 450), (PREFER_NOT_TO_SAY, 100)],
        answers=["female", "male", PREFER_NOT_TO_SAY],
        prefer_not_to_say=PreferNotToSay.OWN_CATEGORY,
    )
    # Shares 4.5, 4.5 and 1: the one place left over goes to the first of the tied remainders.
    assert [(bound.answer, bound.quota) for bound in bounds] == [
        ("female", 5),
        ("male", 4),
        (PREFER_NOT_TO_SAY, 1),
    ]


def test_prefer_not_to_say_left_out_is_not_apportioned_and_lowers_no_upper_bound() -> None:
    bounds = quota_bounds(
        question="sex",
        places=10,
        figures=[("female", 500), ("male", 500), (PREFER_NOT_TO_SAY, 300)],
        answers=["female", "male", PREFER_NOT_TO_SAY],
        prefer_not_to_say=PreferNotToSay.LEFT_OUT,
    )
    assert [(bound.answer, bound.quota, bound.least, bound.most) for bound in bounds] == [
        ("female", 5, 0, 5),
        ("male", 5, 0, 5),
        (PREFER_NOT_TO_SAY, 0, 0, 10),
    ]


def test_a_category_with_too_few_volunteers_is_named_as_a_shortfall() -> None:
    bounds = quota_bounds(
        question="age_band",
        places=12,
        figures=[("16_24", 3000), ("65_plus", 1000)],
        answers=["16_24", "65_plus"],
        prefer_not_to_say=PreferNotToSay.OWN_CATEGORY,
    )
    short = shortfalls(bounds, {("age_band", "16_24"): 20, ("age_band", "65_plus"): 1})
    assert [(bound.answer, bound.least) for bound in short] == [("65_plus", 3)]


def _sex_bounds() -> tuple[QuotaBounds, ...]:
    return quota_bounds(
        question="sex",
        places=2,
        figures=[("female", 50), ("male", 50)],
        answers=["female", "male"],
        prefer_not_to_say=PreferNotToSay.OWN_CATEGORY,
    )


def test_a_reserve_who_keeps_every_quota_is_preferred_to_one_who_does_not() -> None:
    woman, man = (("sex", "female"),), (("sex", "male"),)
    # The man on the panel stays; the woman withdrew: only a woman keeps the quotas met.
    assert best_reserves(_sex_bounds(), [man], [("r1", man), ("r2", woman), ("r3", woman)]) == (
        "r2",
        "r3",
    )
    assert unmet_quotas(_sex_bounds(), [man, woman]) == ()


def test_when_no_reserve_keeps_every_quota_those_missing_fewest_may_replace() -> None:
    man = (("sex", "male"),)
    assert best_reserves(_sex_bounds(), [man], [("r1", man)]) == ("r1",)
    assert best_reserves(_sex_bounds(), [man], []) == ()
