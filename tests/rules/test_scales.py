"""Rating scales, checking scores, and the display rounding rule."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.errors import InvalidScale, InvalidScore
from coappoint.rules.scales import (
    QualityDescriptor,
    Scale,
    community_scale,
    percent_of_scale,
    round_for_display,
    scale_from_mapping,
    validate_score,
)


def test_the_community_scale_runs_from_no_evidence_to_strong():
    scale = community_scale()
    assert (scale.minimum, scale.maximum, scale.span) == (1, 5, 4)
    assert [scale.label_for(point) for point in scale.points] == [
        "No evidence",
        "A little",
        "Some",
        "Good",
        "Strong",
    ]


def test_a_scale_gives_what_good_looks_like_for_a_quality_that_has_a_descriptor():
    scale = community_scale(
        descriptors=(QualityDescriptor("kindness", "Notices people and makes room for them"),)
    )
    assert scale.what_good_looks_like("kindness") == "Notices people and makes room for them"
    assert scale.what_good_looks_like("resilience") is None


def test_a_scale_without_labels_has_no_label_for_a_point():
    assert Scale(minimum=0, maximum=10).label_for(7) is None


@pytest.mark.parametrize(("minimum", "maximum"), [(5, 1), (3, 3), (1.0, 5), (True, 5), ("1", 5)])
def test_a_scale_must_run_upwards_between_whole_numbers(minimum, maximum):
    with pytest.raises(InvalidScale):
        Scale(minimum=minimum, maximum=maximum)


def test_a_scale_needs_one_label_per_point_or_none():
    with pytest.raises(InvalidScale, match="5 points but 2 labels"):
        Scale(minimum=1, maximum=5, labels=("Low", "High"))


def test_a_scale_refuses_a_blank_label():
    with pytest.raises(InvalidScale, match="label"):
        Scale(minimum=1, maximum=2, labels=("Low", "  "))


def test_a_scale_refuses_two_descriptors_for_one_quality():
    with pytest.raises(InvalidScale, match="kindness"):
        Scale(
            minimum=1,
            maximum=5,
            descriptors=(QualityDescriptor("kindness", "a"), QualityDescriptor("kindness", "b")),
        )


def test_a_scale_is_read_from_its_json_shape_ignoring_unknown_keys():
    scale = scale_from_mapping({"min": 0, "max": 10, "colour": "blue"})
    assert scale == Scale(minimum=0, maximum=10)


def test_a_scale_read_from_json_keeps_its_labels_and_descriptors():
    scale = scale_from_mapping(
        {"min": 1, "max": 2, "labels": ["Low", "High"], "descriptors": {"empathy": "Listens"}}
    )
    assert scale.label_for(2) == "High"
    assert scale.what_good_looks_like("empathy") == "Listens"


@pytest.mark.parametrize(
    "document", [[1, 5], {"min": 1}, {"max": 5}, {"min": 1, "max": 5, "labels": "x"}]
)
def test_a_malformed_scale_document_is_refused(document):
    with pytest.raises(InvalidScale):
        scale_from_mapping(document)


@pytest.mark.parametrize("score", [1, 3, 5])
def test_a_whole_number_on_the_scale_is_a_valid_score(score):
    assert validate_score(score, scale=community_scale(), quality="kindness") == score


@pytest.mark.parametrize("score", [0, 6, -1])
def test_a_score_off_the_scale_is_refused_naming_the_quality_and_value(score):
    with pytest.raises(InvalidScore, match=rf"kindness is {score}, which is outside the scale"):
        validate_score(score, scale=community_scale(), quality="kindness")


@pytest.mark.parametrize("score", [3.0, 3.5, True, False, "3", None])
def test_a_score_that_is_not_an_int_is_refused_even_if_it_looks_whole(score):
    with pytest.raises(InvalidScore, match=r"empathy is .*not a whole number"):
        validate_score(score, scale=community_scale(), quality="empathy")


def test_a_refused_score_says_whose_score_it_is():
    with pytest.raises(InvalidScore, match="Recruiter r2's score for candidate c1 on empathy is 9"):
        validate_score(
            9,
            scale=community_scale(),
            quality="empathy",
            whose="Recruiter r2's score for candidate c1",
        )


def test_percent_of_scale_puts_the_minimum_at_0_and_the_maximum_at_100():
    scale = Scale(minimum=1, maximum=5)
    assert percent_of_scale(Fraction(1), scale) == 0
    assert percent_of_scale(Fraction(5), scale) == 100
    assert percent_of_scale(Fraction(4), scale) == 75
    assert percent_of_scale(Fraction(7), Scale(minimum=0, maximum=10)) == 70


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(145, 2), "72.5"),
        (Fraction(75), "75.0"),
        (Fraction(1449, 20), "72.5"),  # 72.45: a half rounds up
        (Fraction(7244, 100), "72.4"),
        (Fraction(23, 3), "7.7"),
        (Fraction(190, 3), "63.3"),
        (Fraction(-1, 20), "-0.1"),  # halves go away from zero, like Decimal's ROUND_HALF_UP
        (Fraction(1, 4) - Fraction(1, 10**40), "0.2"),  # a hair below a half is not a half
        (Fraction(0), "0.0"),
    ],
)
def test_display_values_are_rounded_half_up_to_one_place(value, shown):
    assert round_for_display(value) == Decimal(shown)
    assert str(round_for_display(value)) == shown


@given(
    st.decimals(min_value=-1000, max_value=1000, places=4, allow_nan=False, allow_infinity=False)
)
def test_display_rounding_agrees_with_decimal_round_half_up(value):
    expected = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert round_for_display(Fraction(value)) == expected


@given(st.fractions(min_value=-1000, max_value=1000), st.fractions(min_value=-1000, max_value=1000))
def test_display_rounding_never_reverses_an_order(first, second):
    if first <= second:
        assert round_for_display(first) <= round_for_display(second)
