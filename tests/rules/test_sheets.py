"""Which score sheets each scorer owes (conversations held, less conflicts and missed ones), and
when the scores reveal: by themselves once nothing is pending and a sheet that counts is in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.sheets import (
    Pair,
    PairFacts,
    automatic_reveal_due,
    manual_reveal_allowed,
    sheet_owed,
    sheet_pending,
    sheets_owed,
)


def _c(recruiter: int, candidate: int) -> Pair:
    return Pair(scorer=recruiter, candidate=candidate)


def test_every_conversation_held_owes_one_sheet() -> None:
    result = sheets_owed([_c(1, 10), _c(1, 11), _c(2, 10)], conflicts=[], missed=[], submitted=[])
    assert result.owed == (_c(1, 10), _c(1, 11), _c(2, 10))
    assert result.pending_by_scorer == {1: (10, 11), 2: (10,)}


def test_meeting_the_same_candidate_twice_still_owes_one_sheet() -> None:
    result = sheets_owed([_c(1, 10), _c(1, 10)], conflicts=[], missed=[], submitted=[])
    assert result.owed == (_c(1, 10),)


def test_a_candidate_the_recruiter_knows_is_never_owed() -> None:
    result = sheets_owed([_c(1, 10), _c(1, 11)], conflicts=[_c(1, 11)], missed=[], submitted=[])
    assert result.owed == (_c(1, 10),)


def test_a_conversation_that_did_not_happen_is_not_owed() -> None:
    result = sheets_owed([_c(1, 10), _c(2, 10)], conflicts=[], missed=[_c(2, 10)], submitted=[])
    assert result.owed == (_c(1, 10),)
    assert result.pending_by_scorer == {1: (10,)}


def test_sent_sheets_are_no_longer_pending_and_nothing_pending_once_all_are_in() -> None:
    held = [_c(1, 10), _c(2, 10)]
    partly = sheets_owed(held, conflicts=[], missed=[], submitted=[_c(1, 10)])
    assert partly.pending == (_c(2, 10),)
    assert not partly.nothing_pending
    done = sheets_owed(held, conflicts=[], missed=[], submitted=held)
    assert done.nothing_pending
    assert done.pending_by_scorer == {}


def test_a_sheet_for_a_conversation_no_longer_on_the_timetable_counts_for_nothing() -> None:
    result = sheets_owed([_c(1, 10)], conflicts=[], missed=[], submitted=[_c(1, 99)])
    assert result.submitted == ()
    assert result.pending == (_c(1, 10),)


def test_the_scores_reveal_by_themselves_once_the_last_pending_sheet_is_in() -> None:
    held = [_c(1, 10), _c(2, 10)]
    partly = sheets_owed(held, conflicts=[], missed=[], submitted=[_c(1, 10)])
    assert not automatic_reveal_due(partly)
    assert not manual_reveal_allowed(partly)
    done = sheets_owed(held, conflicts=[], missed=[], submitted=held)
    assert automatic_reveal_due(done)


def test_the_last_pending_meeting_marked_missed_reveals_what_was_sent() -> None:
    result = sheets_owed(
        [_c(1, 10), _c(2, 10)], conflicts=[], missed=[_c(2, 10)], submitted=[_c(1, 10)]
    )
    assert automatic_reveal_due(result)


def test_with_no_sheet_in_nothing_reveals_by_itself_but_staff_may_reveal() -> None:
    nothing_owed = sheets_owed([], conflicts=[], missed=[], submitted=[])
    assert not automatic_reveal_due(nothing_owed)
    assert manual_reveal_allowed(nothing_owed)
    all_missed = sheets_owed([_c(1, 10)], conflicts=[], missed=[_c(1, 10)], submitted=[])
    assert not automatic_reveal_due(all_missed)
    assert manual_reveal_allowed(all_missed)


def test_a_sheet_that_no_longer_counts_does_not_reveal_anything() -> None:
    # The recruiter sent a sheet, then declared they know the candidate: it counts for nothing.
    result = sheets_owed([_c(1, 10)], conflicts=[_c(1, 10)], missed=[], submitted=[_c(1, 10)])
    assert result.submitted == ()
    assert not automatic_reveal_due(result)
    assert manual_reveal_allowed(result)


pairs = st.lists(st.builds(Pair, st.integers(1, 4), st.integers(10, 14)), max_size=20)


@given(held=pairs, conflicts=pairs, missed=pairs, submitted=pairs)
def test_owed_is_sent_plus_pending_and_never_includes_conflicts_or_missed(
    held: list[Pair],
    conflicts: list[Pair],
    missed: list[Pair],
    submitted: list[Pair],
) -> None:
    result = sheets_owed(held, conflicts=conflicts, missed=missed, submitted=submitted)
    assert set(result.owed) == set(result.submitted) | set(result.pending)
    assert not set(result.submitted) & set(result.pending)
    assert not set(result.owed) & (set(conflicts) | set(missed))
    assert set(result.owed) <= set(held)
    assert sum(len(c) for c in result.pending_by_scorer.values()) == len(result.pending)


@given(held=pairs, conflicts=pairs, missed=pairs, submitted=pairs)
def test_the_automatic_reveal_is_due_exactly_when_every_owed_sheet_is_in_and_one_is_owed(
    held: list[Pair],
    conflicts: list[Pair],
    missed: list[Pair],
    submitted: list[Pair],
) -> None:
    result = sheets_owed(held, conflicts=conflicts, missed=missed, submitted=submitted)
    owed = set(result.owed)
    assert automatic_reveal_due(result) == (bool(owed) and owed <= set(submitted))
    assert manual_reveal_allowed(result) == (owed <= set(submitted))
    if automatic_reveal_due(result):
        assert manual_reveal_allowed(result)


@given(held=pairs, conflicts=pairs, missed=pairs, submitted=pairs, more=pairs)
def test_more_sheets_never_take_a_due_reveal_back(
    held: list[Pair],
    conflicts: list[Pair],
    missed: list[Pair],
    submitted: list[Pair],
    more: list[Pair],
) -> None:
    before = sheets_owed(held, conflicts=conflicts, missed=missed, submitted=submitted)
    after = sheets_owed(held, conflicts=conflicts, missed=missed, submitted=submitted + more)
    if automatic_reveal_due(before):
        assert automatic_reveal_due(after)
    if manual_reveal_allowed(before):
        assert manual_reveal_allowed(after)


def test_a_recruiter_who_withdrew_owes_nothing_more_and_what_they_sent_still_counts() -> None:
    result = sheets_owed(
        [_c(1, 10), _c(1, 11), _c(2, 10)],
        conflicts=[],
        missed=[],
        submitted=[_c(1, 10)],
        withdrawn=[1],
    )
    assert result.submitted == (_c(1, 10),)
    assert result.pending == (_c(2, 10),)
    assert 1 not in result.pending_by_scorer


@given(
    held=pairs,
    conflicts=pairs,
    missed=pairs,
    submitted=pairs,
    withdrawn=st.sets(st.integers(0, 4)),
)
def test_withdrawing_takes_only_the_scorers_unsent_sheets_away(
    held: list[Pair],
    conflicts: list[Pair],
    missed: list[Pair],
    submitted: list[Pair],
    withdrawn: set[int],
) -> None:
    staying = sheets_owed(held, conflicts=conflicts, missed=missed, submitted=submitted)
    gone = sheets_owed(
        held, conflicts=conflicts, missed=missed, submitted=submitted, withdrawn=withdrawn
    )
    assert gone.submitted == staying.submitted
    assert all(pair.scorer not in withdrawn for pair in gone.pending)
    assert set(gone.pending) == {pair for pair in staying.pending if pair.scorer not in withdrawn}


def _facts(
    pair: Pair,
    *,
    held: list[Pair],
    conflicts: list[Pair],
    missed: list[Pair],
    submitted: list[Pair],
    withdrawn: set[int],
) -> PairFacts:
    return PairFacts(
        met=pair in held,
        knows=pair in conflicts,
        missed=pair in missed,
        sent=pair in submitted,
        withdrawn=pair.scorer in withdrawn,
    )


@given(
    held=pairs,
    conflicts=pairs,
    missed=pairs,
    submitted=pairs,
    withdrawn=st.sets(st.integers(0, 4)),
)
def test_one_pairs_answer_is_the_answer_for_every_pair(
    held: list[Pair],
    conflicts: list[Pair],
    missed: list[Pair],
    submitted: list[Pair],
    withdrawn: set[int],
) -> None:
    every = sheets_owed(
        held, conflicts=conflicts, missed=missed, submitted=submitted, withdrawn=withdrawn
    )
    for pair in {*held, *conflicts, *missed, *submitted, Pair(scorer=0, candidate=10)}:
        facts = _facts(
            pair,
            held=held,
            conflicts=conflicts,
            missed=missed,
            submitted=submitted,
            withdrawn=withdrawn,
        )
        assert sheet_owed(facts) == (pair in every.owed)
        assert sheet_pending(facts) == (pair in every.pending)


@given(
    held=pairs,
    conflicts=pairs,
    missed=pairs,
    submitted=pairs,
    withdrawn=st.sets(st.integers(0, 4)),
)
def test_one_pairs_answer_agrees_with_the_rule_written_with_sets(
    held: list[Pair],
    conflicts: list[Pair],
    missed: list[Pair],
    submitted: list[Pair],
    withdrawn: set[int],
) -> None:
    # The rule as sets, written again here: met, less known and missed, less the unsent sheets
    # of those who withdrew.
    oracle = {
        pair
        for pair in set(held) - set(conflicts) - set(missed)
        if pair.scorer not in withdrawn or pair in submitted
    }
    for pair in {*held, *conflicts, *missed, *submitted}:
        facts = _facts(
            pair,
            held=held,
            conflicts=conflicts,
            missed=missed,
            submitted=submitted,
            withdrawn=withdrawn,
        )
        assert sheet_owed(facts) == (pair in oracle)
        assert sheet_pending(facts) == (pair in oracle and pair not in submitted)


@given(
    facts=st.builds(
        PairFacts, st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans()
    )
)
def test_a_sent_sheet_is_never_pending_and_a_pending_one_is_always_owed(facts: PairFacts) -> None:
    assert not (facts.sent and sheet_pending(facts))
    assert not sheet_pending(facts) or sheet_owed(facts)
