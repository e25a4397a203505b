"""Fixtures for the facilitator's screen: a day under way, and a recruiter signed in by code."""

from __future__ import annotations

import pytest

from coappoint.timetables.services import start_rotation
from tests.factories import DayWithTimetable, make_day_with_timetable


@pytest.fixture
def started() -> DayWithTimetable:
    """Round 1 is under way: re-planning starts at round 2 (slot 1)."""
    day = make_day_with_timetable()
    start_rotation(event=day.event, actor=day.facilitator)
    return day
