"""The subject-access deadline: one calendar month, never early, never spilling over."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.subject_access import (
    ReceivedInTheFuture,
    check_received_on,
    days_left,
    due_on,
)

days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31))


def test_a_request_received_on_the_fifteenth_is_due_on_the_fifteenth_of_next_month() -> None:
    assert due_on(datetime.date(2026, 3, 15)) == datetime.date(2026, 4, 15)


def test_a_request_received_on_the_last_day_of_january_is_due_on_the_last_day_of_february() -> None:
    assert due_on(datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 28)
    assert due_on(datetime.date(2028, 1, 31)) == datetime.date(2028, 2, 29)


def test_a_request_received_in_december_is_due_in_january_of_the_next_year() -> None:
    assert due_on(datetime.date(2026, 12, 3)) == datetime.date(2027, 1, 3)


@given(days)
def test_the_deadline_is_in_the_next_calendar_month_and_never_early(
    received: datetime.date,
) -> None:
    due = due_on(received)
    assert (due.year * 12 + due.month) - (received.year * 12 + received.month) == 1
    assert due.day <= received.day
    assert 28 <= (due - received).days <= 31


@given(days, days)
def test_days_left_count_down_to_the_deadline_and_then_count_overdue(
    due: datetime.date, today: datetime.date
) -> None:
    left = days_left(due, today=today)
    assert left.days - left.overdue_days == (due - today).days
    assert left.overdue == (today > due)
    assert min(left.days, left.overdue_days) == 0


def test_a_request_cannot_have_arrived_tomorrow() -> None:
    today = datetime.date(2026, 12, 3)
    check_received_on(today, today=today)
    with pytest.raises(ReceivedInTheFuture):
        check_received_on(datetime.date(2026, 12, 4), today=today)
