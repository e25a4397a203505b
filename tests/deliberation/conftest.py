"""A scored day ready for deliberation: Sam splits the group, Priya does not."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html import unescape

import pytest
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.campaigns.models import Candidate
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.scoring.models import Comfortable
from coappoint.scoring.services import SheetAnswers, start_scoring, submit_score_sheet
from tests.scoring.conftest import Day, make_day, sign_in

# (recruiter, candidate, kindness, listening, comfortable): Sam's kindness is 1, 3 and 5 (a
# wide spread with an outlier); Priya's scores agree, so Sam comes first although "Priya S."
# comes first in the alphabet.
SHEETS = (
    ("amina", "sam", 1, 3, Comfortable.YES),
    ("bob", "sam", 3, 3, Comfortable.NOT_SURE),
    ("chen", "sam", 5, 4, Comfortable.NO),
    ("amina", "priya", 4, 4, Comfortable.YES),
    ("bob", "priya", 4, 5, Comfortable.YES),
)


def send(day: Day, recruiter: str, candidate: str, kindness: int, listening: int, comfortable):
    who: CommunityRecruiter = getattr(day, recruiter)
    whom: Candidate = getattr(day, candidate)
    submit_score_sheet(
        recruiter=who,
        candidate=whom,
        answers=SheetAnswers(
            scores={day.kindness.pk: kindness, day.listening.pk: listening},
            comfortable=comfortable,
            comment="",
        ),
        idempotency_key=uuid.uuid4(),
    )


def text(response: HttpResponseBase) -> str:
    """The page's HTML with entities decoded (Django and the GOV.UK macros escape ' differently)."""
    assert isinstance(response, HttpResponse)
    return unescape(response.content.decode())


def make_scored_day() -> Day:
    day = make_day()
    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    for sheet in SHEETS:
        send(day, *sheet)
    return day


@pytest.fixture
def started() -> Day:
    day = make_day()
    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    return day


@pytest.fixture
def scored() -> Day:
    return make_scored_day()


@pytest.fixture
def staff_client() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def recruiter_client() -> Callable[[CommunityRecruiter], Client]:
    return lambda recruiter: sign_in(Client(), recruiter)
