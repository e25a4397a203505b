"""The agreed consensus beside the private scores, and when its shift must be explained."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.consensus import (
    CURRENT_SHIFT_RULE,
    ConsensusRecord,
    ShiftRule,
    ShiftThreshold,
    consensus_shift,
    validate_consensus,
    validate_consensus_records,
)
from coappoint.rules.errors import InvalidDecisionRecord, InvalidScore
from coappoint.rules.scales import Scale, community_scale

COMMUNITY = community_scale()
ONE_POINT = ShiftThreshold(points=Fraction(1), rule=ShiftRule.AT_OR_ABOVE)
MORE_THAN_ONE_POINT = ShiftThreshold(points=Fraction(1), rule=ShiftRule.MORE_THAN)


def record(consensus, private, rationale="", quality="kindness", candidate="c1"):
    return ConsensusRecord(
        candidate=candidate,
        quality=quality,
        consensus_score=consensus,
        private_scores=tuple(private),
        rationale=rationale,
    )


def test_the_private_mean_and_shift_are_exact():
    shift = consensus_shift(record(5, [3, 3, 4, 4]), scale=COMMUNITY, threshold=ONE_POINT)
    assert shift.private_mean == Fraction(7, 2)
    assert shift.shift_points == Fraction(3, 2)
    assert shift.shift_share_of_span == Fraction(3, 8)


def test_a_shift_of_more_than_the_threshold_needs_explaining_under_either_rule():
    for threshold in (ONE_POINT, MORE_THAN_ONE_POINT):
        assert consensus_shift(
            record(5, [3, 3, 4, 4]), scale=COMMUNITY, threshold=threshold
        ).needs_explanation


def test_a_shift_of_exactly_the_threshold_needs_explaining_under_the_current_rule():
    assert consensus_shift(
        record(4, [3, 3]), scale=COMMUNITY, threshold=ONE_POINT
    ).needs_explanation


def test_a_shift_of_exactly_the_threshold_needs_no_explaining_under_the_earlier_rule():
    assert not consensus_shift(
        record(4, [3, 3]), scale=COMMUNITY, threshold=MORE_THAN_ONE_POINT
    ).needs_explanation


def test_campaigns_locked_now_get_the_at_or_above_rule():
    assert CURRENT_SHIFT_RULE is ShiftRule.AT_OR_ABOVE


def test_a_shift_downwards_counts_as_much_as_a_shift_upwards():
    shift = consensus_shift(record(3, [4, 4, 5]), scale=COMMUNITY, threshold=ONE_POINT)
    assert shift.shift_points == Fraction(-4, 3)
    assert shift.needs_explanation
    assert consensus_shift(
        record(2, [3, 3]), scale=COMMUNITY, threshold=ONE_POINT
    ).needs_explanation  # exactly 1 point below


def test_the_threshold_in_points_is_configurable():
    lenient = ShiftThreshold(points=Fraction(2), rule=ShiftRule.AT_OR_ABOVE)
    assert not consensus_shift(
        record(5, [3, 3, 4, 4]), scale=COMMUNITY, threshold=lenient
    ).needs_explanation


def test_a_threshold_in_points_of_a_ten_point_scale_is_compared_exactly():
    ten_point = Scale(minimum=0, maximum=10)
    two_and_a_half = Fraction(5, 2)
    at_or_above = ShiftThreshold(points=two_and_a_half, rule=ShiftRule.AT_OR_ABOVE)
    more_than = ShiftThreshold(points=two_and_a_half, rule=ShiftRule.MORE_THAN)
    exactly = record(7, [5, 4])  # 7 - 4.5 = 2.5
    further = record(7, [5, 4, 4])  # 2.67
    nearer = record(7, [5, 5, 4])  # 2.33
    assert consensus_shift(exactly, scale=ten_point, threshold=at_or_above).needs_explanation
    assert not consensus_shift(exactly, scale=ten_point, threshold=more_than).needs_explanation
    assert consensus_shift(further, scale=ten_point, threshold=more_than).needs_explanation
    assert not consensus_shift(nearer, scale=ten_point, threshold=at_or_above).needs_explanation


def test_a_negative_threshold_is_refused():
    with pytest.raises(InvalidDecisionRecord, match="must not be negative"):
        ShiftThreshold(points=Fraction(-1, 2), rule=ShiftRule.AT_OR_ABOVE)


def test_a_shift_that_needs_explaining_with_no_rationale_is_refused_saying_what_to_do():
    with pytest.raises(
        InvalidDecisionRecord,
        match=r"kindness is 5, 1.5 points above .* \(3.5\)\. Record in the rationale",
    ):
        validate_consensus(record(5, [3, 3, 4, 4]), scale=COMMUNITY, threshold=ONE_POINT)


def test_a_rationale_of_only_spaces_is_no_rationale():
    with pytest.raises(InvalidDecisionRecord, match="below"):
        validate_consensus(
            record(3, [4, 4, 5], rationale="  \n "), scale=COMMUNITY, threshold=ONE_POINT
        )


def test_a_shift_that_needs_explaining_is_accepted_with_a_rationale():
    shift = validate_consensus(
        record(5, [3, 3, 4, 4], rationale="Two recruiters heard her story only in the discussion"),
        scale=COMMUNITY,
        threshold=ONE_POINT,
    )
    assert shift.needs_explanation


def test_a_small_shift_is_accepted_without_a_rationale():
    assert not validate_consensus(
        record(4, [4, 4, 3]), scale=COMMUNITY, threshold=ONE_POINT
    ).needs_explanation


def test_an_overall_consensus_is_named_as_overall():
    overall = record(5, [2, 3], quality=None)
    with pytest.raises(InvalidDecisionRecord, match="candidate c1 overall"):
        validate_consensus(overall, scale=COMMUNITY, threshold=ONE_POINT)


def test_a_consensus_off_the_scale_is_refused():
    with pytest.raises(InvalidScore, match="The consensus for candidate c1 on kindness is 6"):
        consensus_shift(record(6, [4, 5]), scale=COMMUNITY, threshold=ONE_POINT)


def test_a_private_score_off_the_scale_is_refused():
    with pytest.raises(InvalidScore, match="A private score for candidate c1 on kindness is 0"):
        consensus_shift(record(4, [4, 0]), scale=COMMUNITY, threshold=ONE_POINT)


def test_a_consensus_without_private_scores_cannot_be_compared():
    with pytest.raises(InvalidDecisionRecord, match="no private scores for candidate c1"):
        consensus_shift(record(4, []), scale=COMMUNITY, threshold=ONE_POINT)


def test_two_consensus_scores_for_one_candidate_and_quality_are_refused():
    with pytest.raises(InvalidDecisionRecord, match="two consensus scores for candidate c1"):
        validate_consensus_records(
            [record(4, [4]), record(3, [4])], scale=COMMUNITY, threshold=ONE_POINT
        )


def test_consensus_records_for_different_qualities_are_each_validated():
    shifts = validate_consensus_records(
        [record(4, [4]), record(2, [2, 3], quality="empathy"), record(3, [3], quality=None)],
        scale=COMMUNITY,
        threshold=ONE_POINT,
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
    assert not validate_consensus(
        record(consensus, private), scale=COMMUNITY, threshold=ONE_POINT
    ).needs_explanation


# A consensus and the private scores it is compared with, on the community scale.
consensus_and_private = st.tuples(
    st.integers(1, 5), st.lists(st.integers(1, 5), min_size=1, max_size=12)
)
rules = st.sampled_from(list(ShiftRule))


def _size(consensus, private):
    return abs(consensus - Fraction(sum(private), len(private)))


@given(consensus_and_private)
def test_a_shift_exactly_the_threshold_needs_a_rationale_under_the_current_rule_only(scores):
    consensus, private = scores
    exactly = _size(consensus, private)
    needs = {
        rule: consensus_shift(
            record(consensus, private),
            scale=COMMUNITY,
            threshold=ShiftThreshold(points=exactly, rule=rule),
        ).needs_explanation
        for rule in ShiftRule
    }
    assert needs == {ShiftRule.AT_OR_ABOVE: True, ShiftRule.MORE_THAN: False}


@given(consensus_and_private, rules, st.fractions(min_value=0, max_value=4, max_denominator=100))
def test_a_shift_larger_than_the_threshold_always_needs_a_rationale(scores, rule, points):
    consensus, private = scores
    if _size(consensus, private) > points:
        threshold = ShiftThreshold(points=points, rule=rule)
        with pytest.raises(InvalidDecisionRecord, match="Record in the rationale"):
            validate_consensus(record(consensus, private), scale=COMMUNITY, threshold=threshold)


@given(consensus_and_private, rules, st.fractions(min_value=0, max_value=4, max_denominator=100))
def test_a_shift_smaller_than_the_threshold_never_needs_a_rationale(scores, rule, points):
    consensus, private = scores
    if _size(consensus, private) < points:
        threshold = ShiftThreshold(points=points, rule=rule)
        assert not validate_consensus(
            record(consensus, private), scale=COMMUNITY, threshold=threshold
        ).needs_explanation


@given(consensus_and_private, st.fractions(min_value=0, max_value=4, max_denominator=100))
def test_the_two_rules_differ_only_on_a_shift_exactly_the_threshold(scores, points):
    consensus, private = scores
    needs = {
        rule: consensus_shift(
            record(consensus, private),
            scale=COMMUNITY,
            threshold=ShiftThreshold(points=points, rule=rule),
        ).needs_explanation
        for rule in ShiftRule
    }
    differ = needs[ShiftRule.AT_OR_ABOVE] != needs[ShiftRule.MORE_THAN]
    assert differ == (_size(consensus, private) == points)
