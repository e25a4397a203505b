"""Fixtures for the facilitator's screen: a day under way, and a recruiter signed in by code."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import SYSTEM, issue_access_code
from coappoint.timetables.services import start_rotation
from tests.factories import DayWithTimetable, make_day_with_timetable


@pytest.fixture
def started() -> DayWithTimetable:
    """Round 1 is under way: re-planning starts at round 2 (slot 1)."""
    day = make_day_with_timetable()
    start_rotation(event=day.event, actor=day.facilitator)
    return day


@pytest.fixture
def sign_in_recruiter() -> Callable[[Client, CommunityRecruiter], None]:
    def sign_in(client: Client, recruiter: CommunityRecruiter) -> None:
        code = issue_access_code(
            person=recruiter,
            organisation=recruiter.organisation,
            event=recruiter.event,
            actor=SYSTEM,
        ).code
        response = client.post(reverse("signin:code"), {"code": code})
        assert response.status_code == 302

    return sign_in
