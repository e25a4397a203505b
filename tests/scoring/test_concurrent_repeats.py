"""A sheet sent again while its first copy is being saved (a phone retrying on poor wifi, a
double press) gets the same answer as the first: never "could not be sent" for a saved sheet."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.interviews.models import PanelScoreSheet
from coappoint.scoring.models import ScoreSheet
from coappoint.scoring.services import start_scoring
from tests.interviews.conftest import make_interview
from tests.scoring.conftest import make_day, sign_in

COPIES = 8


def _post_together(client: Client, url: str, data: dict[str, str]) -> list[int]:
    """POST the same data COPIES times at once, from one signed-in browser; the statuses."""
    barrier = threading.Barrier(COPIES)
    statuses: list[int] = []
    cookies = client.cookies

    def post() -> None:
        copy = Client()
        copy.cookies = cookies
        try:
            barrier.wait(timeout=10)
            response = copy.post(url, data)
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_every_copy_of_a_score_sheet_sent_at_once_is_answered_as_sent() -> None:
    day = make_day()
    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    # Every sheet of the day, the last of which reveals the scores.
    sheets = [
        (day.amina, day.sam),
        (day.amina, day.priya),
        (day.bob, day.sam),
        (day.bob, day.priya),
        (day.chen, day.sam),
    ]
    for recruiter, candidate in sheets:
        client = sign_in(Client(), recruiter)
        data = day.answers(idempotency_key=str(uuid.uuid4()))
        url = reverse("scoring:recruiter_sheet", args=[candidate.pk])

        statuses = _post_together(client, url, data)

        assert statuses == [302] * COPIES, (recruiter.full_name, candidate.first_name)
        assert ScoreSheet.objects.filter(recruiter=recruiter, candidate=candidate).count() == 1


@pytest.mark.django_db(transaction=True)
def test_every_copy_of_a_panel_sheet_sent_at_once_is_answered_as_sent() -> None:
    interview = make_interview()
    interview.declare(interview.ann)
    client = Client()
    client.force_login(interview.ann)
    data = interview.form(idempotency_key=str(uuid.uuid4()))

    statuses = _post_together(client, interview.url("interviews:sheet", interview.sam.pk), data)

    assert statuses == [302] * COPIES
    assert PanelScoreSheet.objects.filter(user=interview.ann, candidate=interview.sam).count() == 1
