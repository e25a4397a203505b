"""The wait after a wrong access code: free at first, then doubling to a cap, with a hall's right
codes earning it more free mistakes; and the most a patient guesser can try under it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.guessing import WaitCurve, most_wrong_codes

CURVE = WaitCurve(free_wrong_codes=20, first_wait_seconds=5, longest_wait_seconds=120)
DAY = 24 * 60 * 60
WINDOW = 15 * 60

curves = st.builds(
    lambda free, first, extra: WaitCurve(
        free_wrong_codes=free, first_wait_seconds=first, longest_wait_seconds=first + extra
    ),
    st.integers(1, 200),
    st.integers(1, 60),
    st.integers(0, 600),
)


def test_the_first_wrong_codes_cost_nothing_then_the_wait_doubles_to_its_cap() -> None:
    waits = [CURVE.wait_after_wrong_code(wrong_codes=n) for n in range(18, 28)]
    assert waits == [0, 0, 5, 10, 20, 40, 80, 120, 120, 120]


def test_each_code_that_signed_in_from_the_same_place_earns_one_more_free_mistake() -> None:
    assert CURVE.wait_after_wrong_code(wrong_codes=20, right_codes=0) == 5
    assert CURVE.wait_after_wrong_code(wrong_codes=20, right_codes=1) == 0
    assert CURVE.wait_after_wrong_code(wrong_codes=80, right_codes=60) == 5


@given(curves, st.integers(0, 10_000), st.integers(0, 500))
def test_the_wait_grows_with_wrong_codes_never_with_right_ones_and_never_past_its_cap(
    curve: WaitCurve, wrong: int, right: int
) -> None:
    wait = curve.wait_after_wrong_code(wrong_codes=wrong, right_codes=right)
    assert 0 <= wait <= curve.longest_wait_seconds
    assert curve.wait_after_wrong_code(wrong_codes=wrong + 1, right_codes=right) >= wait
    assert curve.wait_after_wrong_code(wrong_codes=wrong, right_codes=right + 1) <= wait
    assert (wait == 0) == (wrong < curve.free_wrong_codes + right)


def test_a_curve_with_no_free_try_or_a_cap_below_its_first_wait_is_refused() -> None:
    with pytest.raises(ValueError, match="free"):
        WaitCurve(free_wrong_codes=0, first_wait_seconds=5, longest_wait_seconds=120)
    with pytest.raises(ValueError, match="longest"):
        WaitCurve(free_wrong_codes=20, first_wait_seconds=300, longest_wait_seconds=120)


def test_a_patient_guesser_gets_the_free_codes_and_the_doubling_waits_in_the_first_window() -> None:
    # 20 at once, then at 5, 15, 35, 75 and 155 seconds, then one every 2 minutes.
    assert most_wrong_codes(CURVE, window_seconds=WINDOW, over_seconds=155) == 24
    assert most_wrong_codes(CURVE, window_seconds=WINDOW, over_seconds=156) == 25
    assert most_wrong_codes(CURVE, window_seconds=WINDOW, over_seconds=WINDOW) == 31


@given(curves, st.integers(60, 3600))
def test_no_window_ever_holds_more_guesses_than_the_free_codes_plus_the_waits_allow(
    curve: WaitCurve, window: int
) -> None:
    in_one_window = most_wrong_codes(curve, window_seconds=window, over_seconds=window)
    assert in_one_window <= curve.free_wrong_codes + window // curve.first_wait_seconds + 1
    # More time never gives fewer guesses; a day holds at most a window's worth per window.
    day = most_wrong_codes(curve, window_seconds=window, over_seconds=DAY)
    assert in_one_window <= day <= in_one_window * (DAY // window + 1)
