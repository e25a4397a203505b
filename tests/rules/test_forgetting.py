"""The retention cutoff never lets data go early, and at most three days late."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.forgetting import latest_due_start
from coappoint.rules.retention import Period, is_due

moments = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2100, 1, 1)
)
periods = st.one_of(
    st.builds(Period, months=st.integers(min_value=1, max_value=180)),
    st.builds(Period, days=st.integers(min_value=1, max_value=730)),
)
# Starts near the ends of months, where calendar months are uneven.
month_ends = st.builds(
    datetime.datetime,
    year=st.integers(min_value=2000, max_value=2090),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=26, max_value=28),
    hour=st.integers(min_value=0, max_value=23),
)


@given(start=st.one_of(moments, month_ends), now=st.one_of(moments, month_ends), period=periods)
def test_every_start_at_or_before_the_cutoff_is_due(start, now, period) -> None:
    if start <= latest_due_start(now, period):
        assert is_due(start, period, now=now)


@given(start=st.one_of(moments, month_ends), now=st.one_of(moments, month_ends), period=periods)
def test_a_due_start_is_within_the_cutoff_three_days_later(start, now, period) -> None:
    if is_due(start, period, now=now):
        assert start <= latest_due_start(now + datetime.timedelta(days=3), period)


def test_on_31_march_the_whole_of_28_february_is_due_after_a_month() -> None:
    now = datetime.datetime(2027, 3, 31, 9, 0)
    cutoff = latest_due_start(now, Period(months=1))
    assert cutoff == datetime.datetime(2027, 2, 28, 23, 59, 59, 999999)
    assert is_due(datetime.datetime(2027, 2, 28, 23, 0), Period(months=1), now=now)
    assert not is_due(datetime.datetime(2027, 3, 1), Period(months=1), now=now)


def test_a_period_in_days_is_counted_back_in_days() -> None:
    now = datetime.datetime(2027, 3, 1, 12, 0)
    assert latest_due_start(now, Period(days=30)) == datetime.datetime(2027, 1, 30, 12, 0)
