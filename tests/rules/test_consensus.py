"""The agreed consensus beside the private scores, and when its shift must be explained."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.consensus import (
    ConsensusRecord,
    consensus_shift,
    validate_consensus,
    validate_consensus_records,
)
from coappoint.rules.errors import InvalidDecisionRecord, InvalidScore
from coappoint.rules.scales import Scale, community_scale

COMMUNITY = community_scale()


def record(consensus, private, rationale="", quality="kindness", candidate="c1"):
    return ConsensusRecord(
        candidate=candidate,
        quality=quality,
        consensus_score=consensus,
        private_scores=tuple(private),
        rationale=rationale,
    )


def test_the_private_mean_and_shift_are_exact():
    shift = consensus_shift(record(5, [3, 3, 4, 4]), scale=COMMUNITY)
    assert shift.private_mean == Fraction(7, 2)
    assert shift.shift_points == Fraction(3, 2)
    assert shift.shift_share_of_span == Fraction(3, 8)


def test_a_shift_of_more_than_a_quarter_of_the_span_needs_explaining():
    assert consensus_shift(record(5, [3, 3, 4, 4]), scale=COMMUNITY).needs_explanation


def test_a_shift_of_exactly_one_point_on_the_community_scale_does_not_need_explaining():
    assert not consensus_shift(record(4, [3, 3]), scale=COMMUNITY).needs_explanation


def test_a_shift_downwards_counts_as_much_as_a_shift_upwards():
    shift = consensus_shift(record(3, [4, 4, 5]), scale=COMMUNITY)
    assert shift.shift_points == Fraction(-4, 3)
    assert shift.needs_explanation


def test_the_share_that_needs_explaining_is_configurable():
    lenient = consensus_shift(record(5, [3, 3, 4, 4]), scale=COMMUNITY, shift_share=Fraction(1, 2))
    assert not lenient.needs_explanation


def test_the_share_means_the_same_on_a_ten_point_scale():
    ten_point = Scale(minimum=0, maximum=10)
    assert not consensus_shift(record(7, [5, 4]), scale=ten_point).needs_explanation  # 2.5
    assert consensus_shift(record(7, [5, 4, 4]), scale=ten_point).needs_explanation  # 2.67


def test_a_shift_that_needs_explaining_with_no_rationale_is_refused_saying_what_to_do():
    with pytest.raises(
        InvalidDecisionRecord,
        match=r"kindness is 5, 1.5 points above .* \(3.5\)\. Record in the rationale",
    ):
        validate_consensus(record(5, [3, 3, 4, 4]), scale=COMMUNITY)


def test_a_rationale_of_only_spaces_is_no_rationale():
    with pytest.raises(InvalidDecisionRecord, match="below"):
        validate_consensus(record(3, [4, 4, 5], rationale="  \n "), scale=COMMUNITY)


def test_a_shift_that_needs_explaining_is_accepted_with_a_rationale():
    shift = validate_consensus(
        record(5, [3, 3, 4, 4], rationale="Two recruiters heard her story only in the discussion"),
        scale=COMMUNITY,
    )
    assert shift.needs_explanation


def test_a_small_shift_is_accepted_without_a_rationale():
    assert not validate_consensus(record(4, [4, 4, 3]), scale=COMMUNITY).needs_explanation


def test_an_overall_consensus_is_named_as_overall():
    overall = record(5, [2, 3], quality=None)
    with pytest.raises(InvalidDecisionRecord, match="candidate c1 overall"):
        validate_consensus(overall, scale=COMMUNITY)


def test_a_consensus_off_the_scale_is_refused():
    with pytest.raises(InvalidScore, match="The consensus for candidate c1 on kindness is 6"):
        consensus_shift(record(6, [4, 5]), scale=COMMUNITY)


def test_a_private_score_off_the_scale_is_refused():
    with pytest.raises(InvalidScore, match="A private score for candidate c1 on kindness is 0"):
        consensus_shift(record(4, [4, 0]), scale=COMMUNITY)


def test_a_consensus_without_private_scores_cannot_be_compared():
    with pytest.raises(InvalidDecisionRecord, match="no private scores for candidate c1"):
        consensus_shift(record(4, []), scale=COMMUNITY)


def test_two_consensus_scores_for_one_candidate_and_quality_are_refused():
    with pytest.raises(InvalidDecisionRecord, match="two consensus scores for candidate c1"):
        validate_consensus_records([record(4, [4]), record(3, [4])], scale=COMMUNITY)


def test_consensus_records_for_different_qualities_are_each_validated():
    shifts = validate_consensus_records(
        [record(4, [4]), record(2, [3], quality="empathy"), record(3, [3], quality=None)],
        scale=COMMUNITY,
    )
    assert [shift.quality for shift in shifts] == ["kindness", "empathy", None]


@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=8).filter(
        lambda private: max(private) - min(private) <= 1
    ),
    st.data(),
)
def test_agreeing_on_a_score_someone_gave_never_needs_explaining_when_private_scores_were_close(
    private, data
):
    consensus = data.draw(st.sampled_from(private))
    assert not validate_consensus(record(consensus, private), scale=COMMUNITY).needs_explanation
