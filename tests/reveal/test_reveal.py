"""One reveal for both private scorings: exactly once, even when the last two sheets arrive at
the same moment, and only inside the transaction that made it due."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from coappoint.audit.models import AuditEvent
from coappoint.interviews.models import PanelScoreSheet
from coappoint.interviews.queries import is_panel_revealed
from coappoint.reveal.services import reveal_when_due
from coappoint.scoring.models import Comfortable, ScoreSheet, ScoringRound
from coappoint.scoring.queries import get_sheets_owed, is_revealed
from coappoint.scoring.services import SheetAnswers, start_scoring, submit_score_sheet
from tests.interviews.conftest import make_interview
from tests.scoring.conftest import Day, make_day


def _at_the_same_moment(*sends: Callable[[], object]) -> list[BaseException]:
    """Run each send in its own thread, released together; the errors they raised."""
    barrier = threading.Barrier(len(sends))
    errors: list[BaseException] = []

    def run(send: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            send()
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=run, args=(send,)) for send in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def _sheet(day: Day, recruiter, candidate) -> Callable[[], object]:
    return lambda: submit_score_sheet(
        recruiter=recruiter,
        candidate=candidate,
        answers=SheetAnswers(
            scores={day.kindness.pk: 4, day.listening.pk: 3},
            comfortable=Comfortable.YES,
            comment="",
        ),
        idempotency_key=uuid.uuid4(),
    )


@pytest.mark.django_db(transaction=True)
def test_two_last_score_sheets_sent_at_the_same_moment_reveal_exactly_once() -> None:
    day = make_day()
    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    for recruiter, candidate in ((day.amina, day.priya), (day.bob, day.priya), (day.chen, day.sam)):
        _sheet(day, recruiter, candidate)()
    assert get_sheets_owed(day.event).pending_by_scorer == {
        day.amina.pk: (day.sam.pk,),
        day.bob.pk: (day.sam.pk,),
    }

    errors = _at_the_same_moment(_sheet(day, day.amina, day.sam), _sheet(day, day.bob, day.sam))

    assert errors == []
    assert ScoreSheet.objects.filter(event=day.event).count() == 5
    assert is_revealed(day.event)
    assert AuditEvent.objects.filter(action="scoring.revealed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_last_panel_sheets_sent_at_the_same_moment_reveal_exactly_once() -> None:
    interview = make_interview()
    interview.declare(interview.ann)
    interview.declare(interview.ben)
    interview.send(interview.ann, interview.sam)
    interview.send(interview.ben, interview.sam)

    errors = _at_the_same_moment(
        lambda: interview.send(interview.ann, interview.priya),
        lambda: interview.send(interview.ben, interview.priya),
    )

    assert errors == []
    assert PanelScoreSheet.objects.filter(campaign=interview.campaign).count() == 4
    assert is_panel_revealed(interview.campaign)
    assert AuditEvent.objects.filter(action="interview_scoring.revealed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_reveal_is_refused_outside_the_callers_transaction() -> None:
    day = make_day()
    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    scoring_round = ScoringRound.objects.get(event=day.event)
    with pytest.raises(RuntimeError, match="inside the caller's transaction"):
        reveal_when_due(
            scoring_round,
            owed=get_sheets_owed(day.event),
            actor=day.facilitator,
            now=timezone.now(),
        )
