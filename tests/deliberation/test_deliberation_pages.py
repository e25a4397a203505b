"""The screen as pages (issue 20): one table of every candidate, then a page per candidate with
the dots, and database queries that do not grow with the number of recruiters."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.codesign.services import CriterionWording, word_criteria
from coappoint.scoring.models import Comfortable
from coappoint.scoring.queries import is_revealed
from coappoint.scoring.services import SheetAnswers, start_scoring, submit_score_sheet
from tests.deliberation.conftest import text
from tests.factories import DayWithTimetable, StageFactory, make_day_with_timetable

pytestmark = pytest.mark.django_db

RECRUITER_FIRST_NAMES = ("Amina", "Bob", "Chen", "Dilys", "Efe", "Fatima")


def _revealed_day(recruiters: int) -> DayWithTimetable:
    """Sam, Priya and Tom, each met and scored by every one of `recruiters` recruiters."""
    day = make_day_with_timetable(
        recruiters_named=tuple(f"{name} Jones" for name in RECRUITER_FIRST_NAMES[:recruiters])
    )
    StageFactory.create(campaign=day.event.campaign)
    version = word_criteria(
        event=day.event,
        criteria=[
            CriterionWording(name="Kindness", what_good_looks_like="Warm with everyone."),
            CriterionWording(name="Listening", what_good_looks_like="Lets people finish."),
        ],
        actor=day.facilitator,
    )
    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    criteria = list(version.criteria.values_list("pk", flat=True))
    for conversation in day.timetable.conversations.select_related("recruiter", "candidate"):
        submit_score_sheet(
            recruiter=conversation.recruiter,
            candidate=conversation.candidate,
            answers=SheetAnswers(
                scores={pk: 1 + (conversation.recruiter_id + pk) % 5 for pk in criteria},
                comfortable=Comfortable.YES,
                comment="",
            ),
            idempotency_key=uuid.uuid4(),
        )
    assert is_revealed(day.event)
    return day


def _url(day: DayWithTimetable, name: str, *more: int) -> str:
    return reverse(name, args=[day.event.organisation.slug, day.event.pk, *more])


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the first request of a session reads what later ones find cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_screen_links_every_candidate_to_their_own_page_and_draws_no_dots(
    staff_client: Callable[[User], Client],
) -> None:
    day = _revealed_day(3)
    client = staff_client(day.facilitator)
    html = text(client.get(_url(day, "deliberation:screen")))
    for candidate in day.candidates.values():
        assert f'href="{_url(day, "deliberation:candidate", candidate.pk)}"' in html
    assert "<circle" not in html
    assert 'role="region" aria-labelledby="discussion-order-caption" tabindex="0"' in html
    page = text(client.get(_url(day, "deliberation:candidate", day.candidates["sam"].pk)))
    assert page.count("<circle") == 3 * 2  # three recruiters' dots on each of two qualities
    assert "Deliberation: candidate" in page


def test_each_candidates_page_leads_to_the_next_and_the_one_before_in_the_order(
    staff_client: Callable[[User], Client],
) -> None:
    day = _revealed_day(3)
    client = staff_client(day.facilitator)
    screen = client.get(_url(day, "deliberation:screen"))
    order = [summary.candidate for summary in screen.context["deliberation"].candidates]
    first = text(client.get(_url(day, "deliberation:candidate", order[0].pk)))
    assert "Deliberation: candidate 1 of 3" in first
    assert f"Next candidate: {order[1].first_name}" in first
    assert "Previous candidate" not in first
    last = text(client.get(_url(day, "deliberation:candidate", order[2].pk)))
    assert "Deliberation: candidate 3 of 3" in last
    assert f"Previous candidate: {order[1].first_name}" in last
    assert "Next candidate" not in last


def test_the_screens_queries_do_not_grow_with_the_number_of_recruiters(
    staff_client: Callable[[User], Client],
) -> None:
    counts = []
    for recruiters in (2, 6):
        day = _revealed_day(recruiters)
        client = staff_client(day.facilitator)
        sam = day.candidates["sam"].pk
        counts.append(
            (
                _queries(client, _url(day, "deliberation:screen")),
                _queries(client, _url(day, "deliberation:candidate", sam)),
            )
        )
    assert counts[0] == counts[1]
