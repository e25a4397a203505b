"""The catering summary's count of each dietary need."""

from __future__ import annotations

from random import Random

from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.catering import NeedCount, tally_needs

needs = st.lists(st.sampled_from(["Vegetarian", " vegetarian", "Halal", "", "  ", "No nuts"]))


def test_needs_differing_only_in_case_and_spacing_are_counted_together() -> None:
    assert tally_needs(["Vegetarian", " vegetarian ", "Halal", "VEGETARIAN"]) == (
        NeedCount(wording="Vegetarian", people=3),
        NeedCount(wording="Halal", people=1),
    )


def test_a_need_with_more_words_is_a_different_need() -> None:
    assert tally_needs(["Vegetarian", "Vegetarian, no nuts"]) == (
        NeedCount(wording="Vegetarian", people=1),
        NeedCount(wording="Vegetarian, no nuts", people=1),
    )


def test_ties_keep_the_order_the_needs_were_first_written_in() -> None:
    assert [count.wording for count in tally_needs(["Halal", "Vegan", "Kosher"])] == [
        "Halal",
        "Vegan",
        "Kosher",
    ]


def test_blank_needs_are_not_counted() -> None:
    assert tally_needs(["", "   ", "\n"]) == ()


@given(needs)
def test_every_written_need_is_counted_once(written: list[str]) -> None:
    assert sum(count.people for count in tally_needs(written)) == sum(
        1 for need in written if need.strip()
    )


@given(needs)
def test_the_most_common_need_comes_first(written: list[str]) -> None:
    people = [count.people for count in tally_needs(written)]
    assert people == sorted(people, reverse=True)


@given(needs, st.randoms())
def test_the_counts_do_not_depend_on_the_order_people_wrote_them(
    written: list[str], random: Random
) -> None:
    shuffled = list(written)
    random.shuffle(shuffled)
    assert {(c.wording.casefold(), c.people) for c in tally_needs(written)} == {
        (c.wording.casefold(), c.people) for c in tally_needs(shuffled)
    }
