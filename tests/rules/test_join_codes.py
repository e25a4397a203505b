"""A sign-up link's short code: made from the alphabet, shown as ABCD-2345, and read back however
a person types it; and the space is large enough for the wait after wrong codes."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.guessing import WaitCurve, most_wrong_codes
from coappoint.rules.join_codes import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    JOIN_CODE_SPACE,
    LOOK_ALIKES,
    format_join_code,
    is_join_code,
    new_join_code,
    normalise_join_code,
)

codes = st.text(alphabet=JOIN_CODE_ALPHABET, min_size=JOIN_CODE_LENGTH, max_size=JOIN_CODE_LENGTH)
spacing = st.lists(st.sampled_from(["", " ", "-", "  ", " - ", "–", "."]), min_size=9, max_size=9)


def _spaced(code: str, gaps: list[str]) -> str:
    return "".join(gap + symbol for gap, symbol in zip(gaps, code, strict=False)) + gaps[-1]


@given(codes)
def test_a_formatted_code_reads_back_as_itself(code: str) -> None:
    assert normalise_join_code(format_join_code(code)) == code


@given(codes, spacing, st.booleans())
def test_any_case_and_any_spacing_read_back_as_the_same_code(
    code: str, gaps: list[str], lower: bool
) -> None:
    typed = _spaced(format_join_code(code), gaps)
    assert normalise_join_code(typed.lower() if lower else typed) == code


@given(codes)
def test_a_formatted_code_never_holds_a_look_alike_letter(code: str) -> None:
    formatted = format_join_code(code)
    assert not set(formatted) & set(LOOK_ALIKES)
    assert "U" not in formatted
    assert formatted[4] == "-"
    assert len(formatted) == JOIN_CODE_LENGTH + 1


@given(codes, st.data())
def test_look_alike_letters_are_read_as_the_symbol_they_are_taken_for(
    code: str, data: st.DataObject
) -> None:
    typed = "".join(
        data.draw(st.sampled_from([symbol, *[k for k, v in LOOK_ALIKES.items() if v == symbol]]))
        for symbol in code
    )
    assert normalise_join_code(typed) == code


def test_o_is_zero_and_i_and_l_are_one() -> None:
    assert normalise_join_code("oil0-1lio") == "01101110"


@given(st.text(max_size=20))
def test_whatever_is_typed_is_either_a_canonical_code_or_nothing(typed: str) -> None:
    code = normalise_join_code(typed)
    assert code is None or is_join_code(code)


@pytest.mark.parametrize(
    "typed", ["", "ABCD-234", "ABCD-23456", "ABCD-2U45", "ABCD/2345", "wp-login", "ÀBCD-2345"]
)
def test_too_short_too_long_or_foreign_symbols_are_not_a_code(typed: str) -> None:
    assert normalise_join_code(typed) is None


def test_only_a_canonical_code_can_be_formatted() -> None:
    with pytest.raises(ValueError, match="canonical"):
        format_join_code("abcd2345")


@given(st.randoms(use_true_random=False))
def test_a_new_code_is_canonical_and_drawn_from_the_source_it_is_given(
    source: random.Random,
) -> None:
    code = new_join_code(source.choice)
    assert is_join_code(code)


def test_the_alphabet_has_32_different_symbols_and_the_space_is_32_to_the_8th() -> None:
    assert len(set(JOIN_CODE_ALPHABET)) == 32
    assert JOIN_CODE_SPACE == 32**8 == 2**40


def test_a_guesser_finds_one_of_thirty_open_links_in_a_year_at_odds_near_one_in_ten_thousand() -> (
    None
):
    # The wait for all addresses together, at the settings' defaults (settings/base.py).
    everywhere = WaitCurve(free_wrong_codes=100, first_wait_seconds=5, longest_wait_seconds=120)
    day = 24 * 60 * 60
    guesses = 365 * most_wrong_codes(everywhere, window_seconds=15 * 60, over_seconds=day)
    assert guesses * 30 / JOIN_CODE_SPACE < 1 / 9_000
    assert guesses * 1000 / JOIN_CODE_SPACE < 1 / 300
