"""The disclosure-control rule: no figure shown lets a reader work out one person's answer."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coappoint.rules.disclosure import (
    LEAST_RESPONDENTS,
    Table,
    answers_counted,
    disclose,
    rounded,
    suppressed,
)


def _table(counts: list[int], closed: bool = False) -> Table:
    return disclose(
        [(f"answer {index}", count) for index, count in enumerate(counts)],
        respondents=sum(counts),
        closed=closed,
    )


def test_small_counts_are_hidden_and_one_more_when_only_one_is() -> None:
    assert suppressed([7, 12, 30]) == (False, False, False)
    assert suppressed([3, 7, 12]) == (True, True, False)
    assert suppressed([3, 1, 12]) == (True, True, False)
    assert suppressed([0, 7, 12]) == (True, True, False)  # a zero is hidden too


def test_counts_round_to_the_nearest_five() -> None:
    assert [rounded(count) for count in (5, 6, 7, 8, 9, 10, 12, 13)] == [
        5,
        5,
        5,
        10,
        10,
        10,
        10,
        15,
    ]


def test_nothing_is_shown_under_ten_respondents_until_the_collection_closes() -> None:
    assert not _table([6, 2]).shown
    assert _table([6, 2], closed=True).shown
    assert _table([8, 2]).shown


def test_the_published_attack_no_longer_works() -> None:
    """8 respondents; the hidden cells summed to their number, so each was exactly 1."""
    assert not _table([6, 1, 1]).shown
    # With 10 or more the total is rounded, so the hidden cells' sum cannot be worked out.
    table = _table([8, 1, 1])
    assert table.respondents == 10
    assert [cell.count for cell in table.cells] == [10, None, None]
    possible = _consistent(table, closed=False, most=16)
    assert len({counts[1] for counts in possible}) > 1


@pytest.mark.parametrize("counts", [[7, 7, 4], [12, 12, 4]])
def test_a_total_at_the_edge_of_its_rounding_does_not_give_the_hidden_counts_away(
    counts: list[int],
) -> None:
    """Found by the property below: with the total rounded to 5, the only counts the rule could
    have published this way were the true ones (the hidden 7 is no bigger than the shown one,
    the hidden 4 under 5, and the total at least 18)."""
    table = _table(counts)
    possible = _consistent(table, closed=False, most=20)
    for index, cell in enumerate(table.cells):
        if cell.count is None:
            assert len({candidate[index] for candidate in possible}) >= 2, index


def _consistent(table: Table, closed: bool, most: int) -> list[tuple[int, ...]]:
    """Every table of counts (each up to `most`) that would be published as `table`."""
    size = len(table.cells)
    return [
        counts
        for counts in itertools.product(range(most + 1), repeat=size)
        if _table(list(counts), closed=closed) == table
    ]


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(0, 14), min_size=2, max_size=3),
    closed=st.booleans(),
)
def test_no_hidden_count_can_be_worked_out_from_what_is_shown(
    counts: list[int], closed: bool
) -> None:
    """Brute force, as an attacker who knows the rule would: every hidden count could have been
    at least two different numbers."""
    table = _table(counts, closed=closed)
    if not table.shown:
        return
    possible = _consistent(table, closed, most=16)
    for index, cell in enumerate(table.cells):
        if cell.count is None:
            assert len({candidate[index] for candidate in possible}) >= 2, (counts, index)


@given(counts=st.lists(st.integers(0, 40), min_size=1, max_size=6), closed=st.booleans())
def test_every_figure_shown_is_a_multiple_of_five_and_never_under_five(
    counts: list[int], closed: bool
) -> None:
    table = _table(counts, closed=closed)
    if table.shown:
        assert table.respondents is not None
        assert table.respondents % 5 == 0
        assert all(
            cell.count is None or (cell.count % 5 == 0 and cell.count >= 5) for cell in table.cells
        )
    else:
        assert sum(counts) < LEAST_RESPONDENTS


@given(respondents=st.integers(0, 200))
def test_one_more_answer_changes_what_is_counted_only_when_it_completes_a_batch(
    respondents: int,
) -> None:
    now = answers_counted(respondents, closed=False)
    after = answers_counted(respondents + 1, closed=False)
    assert now % LEAST_RESPONDENTS == 0
    assert now <= respondents
    assert after == now or (after == respondents + 1 and after - now == LEAST_RESPONDENTS)
    assert answers_counted(respondents, closed=True) == respondents
