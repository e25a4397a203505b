"""The conversations list and the named score sheets come in pages of 50 (issue 20): a day of
8 candidates and 8 recruiters has more than 50 conversations (the plan's rests leave out a
few of the 64), so two pages."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.codesign.services import CriterionWording, word_criteria
from coappoint.organisations.models import Role
from coappoint.scoring.models import Comfortable
from coappoint.scoring.queries import is_revealed
from coappoint.scoring.services import SheetAnswers, start_scoring, submit_score_sheet
from tests.factories import DayWithTimetable, StageFactory, make_day_with_timetable, staff_member

pytestmark = pytest.mark.django_db

PEOPLE = 8
ROW = re.compile(
    r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">([^<]*)</td>'
    r'\s*<td class="govuk-table__cell">([^<]*)</td>'
)


@pytest.fixture
def big_day() -> DayWithTimetable:
    # Recruiters "Recruiter 1 Jones" to "Recruiter 8 Jones": the list is sorted by them.
    day = make_day_with_timetable(
        PEOPLE,
        candidates_named=tuple((f"Candidate{n}", "Smith") for n in range(1, PEOPLE + 1)),
        recruiters_named=tuple(f"Recruiter{n} Jones" for n in range(1, PEOPLE + 1)),
    )
    StageFactory.create(campaign=day.event.campaign)
    word_criteria(
        event=day.event,
        criteria=[CriterionWording(name="Kindness", what_good_looks_like="Warm.")],
        actor=day.facilitator,
    )
    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    return day


def _url(day: DayWithTimetable, name: str) -> str:
    return reverse(name, args=[day.event.organisation.slug, day.event.pk])


def _rows(html: str) -> list[tuple[str, str]]:
    """(recruiter, candidate) of each row of the conversations table."""
    return ROW.findall(html)


def _held(day: DayWithTimetable) -> int:
    held = day.timetable.conversations.count()
    assert 50 < held <= 100
    return held


def test_the_conversations_come_fifty_to_a_page_and_page_two_shows_the_rest(
    big_day: DayWithTimetable, staff_client: Callable[[User], Client]
) -> None:
    held = _held(big_day)
    client = staff_client(big_day.facilitator)
    first = client.get(_url(big_day, "scoring:conversations")).content.decode()
    second = client.get(_url(big_day, "scoring:conversations") + "?page=2").content.decode()
    assert f"Showing 1 to 50 of {held} conversations" in first
    assert f"Showing 51 to {held} of {held} conversations" in second
    first_rows, second_rows = _rows(first), _rows(second)
    assert len(first_rows) == 50
    assert len(second_rows) == held - 50
    # Page 2 goes on where page 1 stopped, in the list's order (by recruiter, then candidate).
    assert not set(first_rows) & set(second_rows)
    assert first_rows[-1] < second_rows[0]
    assert second_rows[-1][0] == "Recruiter8 Jones"
    assert 'class="govuk-pagination"' in first
    assert 'href="?page=2"' in first
    assert 'rel="prev"' in second


def test_a_page_of_conversations_past_the_end_shows_the_last_page(
    big_day: DayWithTimetable, staff_client: Callable[[User], Client]
) -> None:
    held = _held(big_day)
    client = staff_client(big_day.facilitator)
    response = client.get(_url(big_day, "scoring:conversations") + "?page=40")
    assert response.status_code == 200
    assert f"Showing 51 to {held} of {held} conversations" in response.content.decode()


def test_marking_a_conversation_missed_returns_to_the_same_page(
    big_day: DayWithTimetable, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(big_day.facilitator)
    page_two = _url(big_day, "scoring:conversations") + "?page=2"
    last = big_day.timetable.conversations.order_by("recruiter__full_name").last()
    assert last is not None
    recruiter, candidate = last.recruiter, last.candidate
    response = client.post(
        page_two, {"recruiter": recruiter.pk, "candidate": candidate.pk, "action": "missed"}
    )
    assert response.status_code == 302
    assert response["Location"] == page_two


def test_the_named_sheets_come_fifty_to_a_page(
    big_day: DayWithTimetable, staff_client: Callable[[User], Client]
) -> None:
    criterion = big_day.event.criteria_versions.get().criteria.get()
    for conversation in big_day.timetable.conversations.select_related("recruiter", "candidate"):
        submit_score_sheet(
            recruiter=conversation.recruiter,
            candidate=conversation.candidate,
            answers=SheetAnswers(scores={criterion.pk: 3}, comfortable=Comfortable.YES, comment=""),
            idempotency_key=uuid.uuid4(),
        )
    assert is_revealed(big_day.event)
    held = _held(big_day)
    auditor = staff_client(staff_member(big_day.event.organisation, Role.AUDITOR))
    first = auditor.get(_url(big_day, "scoring:named_sheets")).content.decode()
    second = auditor.get(_url(big_day, "scoring:named_sheets") + "?page=2").content.decode()
    assert f"Showing 1 to 50 of {held} score sheets" in first
    assert f"Showing 51 to {held} of {held} score sheets" in second
    assert first.count('<dl class="govuk-summary-list">') == 50
    assert second.count('<dl class="govuk-summary-list">') == held - 50
