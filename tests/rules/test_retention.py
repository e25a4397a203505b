"""Retention periods: calendar months that never end early, days, defaults within their bounds."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.retention import (
    DEFAULT_PERIODS,
    RULES,
    Category,
    Period,
    add_months,
    is_due,
    period_ends,
)

UTC = datetime.UTC
moments = st.datetimes(
    min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2040, 1, 1)
).map(lambda moment: moment.replace(tzinfo=UTC))


def test_six_months_from_the_end_of_august_is_the_end_of_february() -> None:
    start = datetime.datetime(2027, 8, 31, 12, tzinfo=UTC)
    assert add_months(start, 6) == datetime.datetime(2028, 2, 29, 12, tzinfo=UTC)


def test_a_period_is_due_exactly_when_it_ends_and_not_a_moment_before() -> None:
    start = datetime.datetime(2027, 1, 15, 9, tzinfo=UTC)
    end = period_ends(start, Period(days=30))
    assert end == datetime.datetime(2027, 2, 14, 9, tzinfo=UTC)
    assert is_due(start, Period(days=30), now=end)
    assert not is_due(start, Period(days=30), now=end - datetime.timedelta(microseconds=1))


def test_a_period_is_in_months_or_days_never_both_nor_negative() -> None:
    with pytest.raises(ValueError, match="not both"):
        Period(months=1, days=1)
    with pytest.raises(ValueError, match="negative"):
        Period(days=-1)


def test_every_category_has_a_default_its_own_bounds_allow() -> None:
    assert set(DEFAULT_PERIODS) == set(Category)
    for category, rule in RULES.items():
        assert rule.allows(DEFAULT_PERIODS[category]), category


def test_the_issues_defaults() -> None:
    assert DEFAULT_PERIODS[Category.UNSUCCESSFUL_CANDIDATES] == Period(months=6)
    assert DEFAULT_PERIODS[Category.RECRUITERS] == Period(months=12)
    assert DEFAULT_PERIODS[Category.SIGN_IN_ATTEMPTS] == Period(days=30)
    assert DEFAULT_PERIODS[Category.MESSAGE_BODIES] == Period(days=90)
    assert DEFAULT_PERIODS[Category.AUDIT_LOG] == Period(months=72)


@given(start=moments, months=st.integers(0, 120))
def test_months_never_end_early_nor_spill_into_the_next_month(
    start: datetime.datetime, months: int
) -> None:
    end = add_months(start, months)
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day <= start.day
    assert end.time() == start.time()
    assert end >= start


@given(start=moments, shorter=st.integers(0, 60), longer=st.integers(0, 60))
def test_a_longer_period_never_ends_sooner(
    start: datetime.datetime, shorter: int, longer: int
) -> None:
    shorter, longer = sorted((shorter, longer))
    assert period_ends(start, Period(months=shorter)) <= period_ends(start, Period(months=longer))
    assert period_ends(start, Period(days=shorter)) <= period_ends(start, Period(days=longer))
