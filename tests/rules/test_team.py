"""The organisation always keeps a programme manager."""

from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.team import leaves_no_programme_manager


def test_the_only_programme_manager_cannot_lose_the_role() -> None:
    assert leaves_no_programme_manager(programme_managers=[1], losing_the_role=1)


def test_one_of_two_programme_managers_can_lose_the_role() -> None:
    assert not leaves_no_programme_manager(programme_managers=[1, 2], losing_the_role=1)


def test_someone_who_is_not_a_programme_manager_changes_nothing() -> None:
    assert not leaves_no_programme_manager(programme_managers=[1], losing_the_role=2)


@given(st.sets(st.integers(0, 5)), st.integers(0, 5))
def test_refused_exactly_when_nobody_would_be_left(holders: set[int], person: int) -> None:
    refused = leaves_no_programme_manager(programme_managers=holders, losing_the_role=person)
    assert refused == (holders - {person} == set() and person in holders)
