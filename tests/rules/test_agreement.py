"""Agreement of private scores: spread, flags, discussion order, alpha, stringency."""

from fractions import Fraction

import krippendorff
import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.agreement import (
    AgreementThresholds,
    DisagreementFlag,
    PrivateScore,
    agreement,
    alpha,
    disagreement_flags,
    interquartile_range,
    parse_private_scores,
    quality_spread,
    rater_stringency,
    render_agreement,
)
from coappoint.rules.errors import InvalidScore
from coappoint.rules.scales import Scale, community_scale

COMMUNITY = community_scale()
DEFAULTS = AgreementThresholds()

# Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", the worked example with
# missing data: 4 observers (A to D) by 12 units, None where an observer gave no value.
PUBLISHED_OBSERVERS = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}
PUBLISHED_ALPHA = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


def published_example_as_private_scores():
    return [
        PrivateScore(recruiter=observer, candidate=f"u{unit:02}", quality="overall", score=value)
        for observer, values in PUBLISHED_OBSERVERS.items()
        for unit, value in enumerate(values, start=1)
        if value is not None
    ]


def flags(values, scale=COMMUNITY, thresholds=DEFAULTS):
    return set(disagreement_flags(values, scale=scale, thresholds=thresholds))


# The published worked example.


@pytest.mark.parametrize(("level", "published"), PUBLISHED_ALPHA.items())
def test_the_worked_example_is_transcribed_as_published(level, published):
    # All four published levels agreeing shows the data above are the paper's, not a typo.
    reliability_data = [
        [numpy.nan if value is None else value for value in values]
        for values in PUBLISHED_OBSERVERS.values()
    ]
    value = krippendorff.alpha(
        reliability_data=reliability_data, level_of_measurement=level, value_domain=[1, 2, 3, 4, 5]
    )
    assert round(value, 3) == published


def test_panel_alpha_reproduces_the_published_ordinal_value_with_missing_scores():
    result = alpha(published_example_as_private_scores(), scale=COMMUNITY, thresholds=DEFAULTS)
    assert result.value is not None
    assert round(result.value, 3) == PUBLISHED_ALPHA["ordinal"]
    assert result.reason is None
    assert result.candidate_count == 12
    # Unit 12 has a single value, which cannot be paired; the other 40 can (the paper's n = 40).
    assert result.pairable_score_count == 40


def test_the_agreement_report_carries_the_published_alpha():
    result = agreement(published_example_as_private_scores(), scale=COMMUNITY)
    assert result.alpha.value is not None
    assert round(result.alpha.value, 3) == PUBLISHED_ALPHA["ordinal"]
    assert dict(result.alpha_by_quality)["overall"] == result.alpha


# Degenerate alpha, and the small-sample caveat.


def test_alpha_is_undefined_with_a_reason_when_no_candidate_was_scored_by_two_recruiters():
    scores = [
        PrivateScore("r1", "c1", "kindness", 3),
        PrivateScore("r2", "c2", "kindness", 5),
    ]
    result = alpha(scores, scale=COMMUNITY, thresholds=DEFAULTS)
    assert result.value is None
    assert "two or more recruiters" in (result.reason or "")


def test_alpha_is_undefined_with_a_reason_when_every_comparable_score_is_the_same():
    scores = [
        PrivateScore(recruiter, candidate, "kindness", 4)
        for recruiter in ("r1", "r2", "r3")
        for candidate in ("c1", "c2")
    ]
    result = alpha(scores, scale=COMMUNITY, thresholds=DEFAULTS)
    assert result.value is None
    assert "same" in (result.reason or "")


def test_alpha_of_no_scores_is_undefined_rather_than_a_crash():
    result = agreement([], scale=COMMUNITY)
    assert result.alpha.value is None
    assert result.candidates == ()


def test_alpha_from_few_candidates_is_marked_unreliable_and_says_so_plainly():
    scores = [
        PrivateScore("r1", "c1", "kindness", 2),
        PrivateScore("r2", "c1", "kindness", 3),
        PrivateScore("r1", "c2", "kindness", 5),
        PrivateScore("r2", "c2", "kindness", 4),
    ]
    result = alpha(scores, scale=COMMUNITY, thresholds=DEFAULTS)
    assert result.value is not None
    assert result.reliable is False
    assert "Only 2 candidates" in (result.caveat or "")
    assert "very uncertain" in (result.caveat or "")


def test_alpha_from_enough_candidates_carries_no_caveat():
    result = alpha(published_example_as_private_scores(), scale=COMMUNITY, thresholds=DEFAULTS)
    assert result.reliable is True
    assert result.caveat is None


def test_the_reliable_alpha_threshold_is_configurable():
    thresholds = AgreementThresholds(minimum_candidates_for_reliable_alpha=13)
    result = alpha(published_example_as_private_scores(), scale=COMMUNITY, thresholds=thresholds)
    assert result.reliable is False


# Spread statistics.


def test_the_spread_of_four_scores_is_as_worked_by_hand():
    spread = quality_spread(
        [4, 3, 5, 4], candidate="c1", quality="kindness", scale=COMMUNITY, thresholds=DEFAULTS
    )
    assert spread.count == 4
    assert spread.median == 4
    assert spread.mean == 4
    assert (spread.minimum, spread.maximum, spread.range_points) == (3, 5, 2)
    # Sorted 3, 4, 4, 5: first quartile 3.75, third 4.25 (spreadsheet QUARTILE.INC).
    assert spread.interquartile_range == Fraction(1, 2)


def test_the_median_of_an_even_count_is_halfway_between_the_middle_scores():
    spread = quality_spread(
        [1, 2, 4, 5], candidate="c1", quality="kindness", scale=COMMUNITY, thresholds=DEFAULTS
    )
    assert spread.median == 3
    assert spread.mean == 3


def test_a_single_score_has_no_spread():
    spread = quality_spread(
        [4], candidate="c1", quality="kindness", scale=COMMUNITY, thresholds=DEFAULTS
    )
    assert spread.range_points == 0
    assert spread.interquartile_range == 0
    assert spread.flags == ()


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=12))
def test_the_interquartile_range_matches_numpys_linear_percentiles(values):
    third, first = numpy.percentile(values, [75, 25])
    assert float(interquartile_range(values)) == pytest.approx(third - first)


# Disagreement flags.


def test_a_range_of_half_the_span_is_a_wide_spread():
    assert DisagreementFlag.WIDE_SPREAD in flags([2, 3, 4])


def test_a_range_below_half_the_span_is_not_a_wide_spread():
    assert DisagreementFlag.WIDE_SPREAD not in flags([3, 3, 4])


def test_a_wide_spread_means_the_same_share_on_a_ten_point_scale():
    ten_point = Scale(minimum=0, maximum=10)
    assert DisagreementFlag.WIDE_SPREAD in flags([3, 8], scale=ten_point)
    assert DisagreementFlag.WIDE_SPREAD not in flags([3, 7], scale=ten_point)


@pytest.mark.parametrize("values", [[1, 1, 3, 5, 5], [1, 2, 4, 5], [2, 2, 4, 4]])
def test_two_scores_at_each_end_a_point_from_the_median_are_two_camps(values):
    assert DisagreementFlag.TWO_CAMPS in flags(values)


@pytest.mark.parametrize("values", [[2, 3, 3, 4], [1, 3, 3, 5], [1, 1, 3, 3, 3]])
def test_fewer_than_two_scores_at_either_end_is_not_two_camps(values):
    assert DisagreementFlag.TWO_CAMPS not in flags(values)


def test_a_score_half_the_span_from_the_median_is_an_outlier():
    assert DisagreementFlag.OUTLIER in flags([3, 3, 3, 5])
    assert DisagreementFlag.OUTLIER in flags([3, 3, 3, 1])


def test_a_score_closer_than_half_the_span_to_the_median_is_not_an_outlier():
    assert DisagreementFlag.OUTLIER not in flags([3, 3, 3, 4])


def test_flag_thresholds_are_configurable():
    strict = AgreementThresholds(wide_spread_share=Fraction(1, 4), outlier_share=Fraction(1, 4))
    assert flags([3, 3, 3, 4], thresholds=strict) == {
        DisagreementFlag.WIDE_SPREAD,
        DisagreementFlag.OUTLIER,
    }


def test_identical_scores_raise_no_flag():
    assert flags([4, 4, 4, 4]) == set()


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=10))
def test_flags_mean_the_same_when_a_scale_is_stretched(values):
    # 1 to 5 mapped onto 0 to 8: every distance doubles, and so does the span.
    stretched = [2 * (value - 1) for value in values]
    assert flags(values) == flags(stretched, scale=Scale(minimum=0, maximum=8))


# Discussion order.


def scores_for(candidate, values, quality="kindness"):
    return [
        PrivateScore(f"r{index}", candidate, quality, value)
        for index, value in enumerate(values, start=1)
    ]


def test_the_discussion_starts_with_most_flags_then_widest_interquartile_range_then_id():
    scores = [
        *scores_for("e", [3, 3, 3, 3]),  # no flags, IQR 0
        *scores_for("d", [3, 3, 3, 3]),  # no flags, IQR 0: before e by id
        *scores_for("c", [3, 3, 3, 5]),  # wide spread and outlier, IQR 1/2
        *scores_for("b", [1, 1, 5, 5]),  # wide spread, two camps and outliers: first
        *scores_for("a", [3, 3, 4, 4]),  # no flags, IQR 1: before d and e
        *scores_for("f", [1, 3, 3, 3, 5]),  # wide spread and outlier, IQR 0
    ]
    result = agreement(scores, scale=COMMUNITY)
    assert result.discussion_order == ("b", "c", "f", "a", "d", "e")
    assert [candidate.flag_count for candidate in result.candidates] == [3, 2, 2, 0, 0, 0]


def test_a_candidates_flags_are_counted_over_all_their_qualities():
    scores = [
        *scores_for("a", [3, 3, 3, 5], quality="kindness"),  # two flags
        *scores_for("a", [1, 1, 5, 5], quality="empathy"),  # three flags
        *scores_for("b", [1, 1, 3, 5, 5], quality="kindness"),  # three flags: fewer than a's five
    ]
    result = agreement(scores, scale=COMMUNITY)
    assert result.discussion_order == ("a", "b")
    assert [spread.quality for spread in result.candidates[0].qualities] == [
        "empathy",  # three flags before kindness's two
        "kindness",
    ]


# Rater stringency.


def test_stringency_is_a_recruiters_average_offset_from_the_others():
    scores = [
        PrivateScore("r1", "c1", "kindness", 4),
        PrivateScore("r2", "c1", "kindness", 3),
        PrivateScore("r3", "c1", "kindness", 3),
        PrivateScore("r1", "c2", "kindness", 2),
        PrivateScore("r2", "c2", "kindness", 2),
    ]
    by_recruiter = {rater.recruiter: rater for rater in rater_stringency(scores)}
    # r1: c1 4 - 3 = 1, c2 2 - 2 = 0, so 1/2. r2: c1 3 - 7/2 = -1/2, c2 0, so -1/4. r3: -1/2.
    assert by_recruiter["r1"].mean_offset_points == Fraction(1, 2)
    assert by_recruiter["r2"].mean_offset_points == Fraction(-1, 4)
    assert by_recruiter["r3"].mean_offset_points == Fraction(-1, 2)
    assert by_recruiter["r1"].comparison_count == 2
    assert by_recruiter["r3"].comparison_count == 1


def test_a_recruiter_who_shares_no_candidate_with_anyone_has_no_stringency():
    scores = [PrivateScore("r1", "c1", "kindness", 4), PrivateScore("r2", "c2", "kindness", 3)]
    assert [rater.mean_offset_points for rater in rater_stringency(scores)] == [None, None]


@given(
    st.integers(min_value=2, max_value=5).flatmap(
        lambda recruiters: st.lists(
            st.lists(st.integers(1, 5), min_size=recruiters, max_size=recruiters),
            min_size=1,
            max_size=6,
        )
    )
)
def test_stringency_offsets_balance_out_when_everyone_scored_everyone(units):
    scores = [
        PrivateScore(f"r{recruiter}", f"c{unit}", "kindness", value)
        for unit, values in enumerate(units)
        for recruiter, value in enumerate(values)
    ]
    offsets = [rater.mean_offset_points for rater in rater_stringency(scores)]
    assert sum(offset for offset in offsets if offset is not None) == 0


@given(st.lists(st.integers(1, 4), min_size=1, max_size=6))
def test_a_recruiter_who_scores_above_everyone_else_is_the_most_generous(values):
    scores = [*scores_for("c1", values), PrivateScore("generous", "c1", "kindness", 5)]
    by_recruiter = {rater.recruiter: rater for rater in rater_stringency(scores)}
    generous = by_recruiter.pop("generous").mean_offset_points
    assert generous is not None
    assert generous > 0
    assert all(
        rater.mean_offset_points is not None and rater.mean_offset_points < generous
        for rater in by_recruiter.values()
    )


# Checking the input.


def test_a_private_score_off_the_scale_is_refused_naming_recruiter_candidate_and_quality():
    with pytest.raises(
        InvalidScore, match="Recruiter r1's score for candidate c1 on kindness is 7"
    ):
        agreement([PrivateScore("r1", "c1", "kindness", 7)], scale=COMMUNITY)


def test_two_scores_from_one_recruiter_for_the_same_candidate_and_quality_are_refused():
    with pytest.raises(InvalidScore, match="Recruiter r1 has two scores for candidate c1"):
        agreement(
            [PrivateScore("r1", "c1", "kindness", 3), PrivateScore("r1", "c1", "kindness", 4)],
            scale=COMMUNITY,
        )


def test_private_scores_are_read_from_json_ignoring_unknown_keys():
    scores = parse_private_scores(
        [{"recruiter": "r1", "candidate": "c1", "quality": "kindness", "score": 4, "note": "x"}]
    )
    assert scores == [PrivateScore("r1", "c1", "kindness", 4)]


@pytest.mark.parametrize(
    "document",
    [{"scores": []}, [{"candidate": "c1", "quality": "q", "score": 4}], [{"recruiter": "r1"}], [3]],
)
def test_malformed_private_scores_are_refused(document):
    with pytest.raises(InvalidScore):
        parse_private_scores(document)


def test_the_rendered_agreement_shows_rounded_figures_and_alpha_to_three_places():
    rendered = render_agreement(agreement(published_example_as_private_scores(), scale=COMMUNITY))
    assert rendered["alpha"]["ordinal_alpha"] == PUBLISHED_ALPHA["ordinal"]
    assert rendered["alpha"]["reliable"] is True
    assert len(rendered["discussion_order"]) == 12
    assert set(rendered["discussion_order"]) == {f"u{unit:02}" for unit in range(1, 13)}
