"""Long work asked for on a page: one job under way at a time, progress seen while it runs,
a failure in plain words, and a job whose worker stopped does not block the next press."""

from __future__ import annotations

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from coappoint.events.models import Event
from coappoint.jobs.models import Job
from coappoint.jobs.queries import progress_in_words
from coappoint.jobs.services import (
    Requested,
    fail_job,
    finish_job,
    report_progress,
    request_job,
    start_job,
    withdraw_job,
)
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _request(event: Event, queued: list[int]) -> Requested:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return request_job(
            event=event, kind=Job.Kind.MAKE_TIMETABLE, actor=None, enqueue=queued.append
        )


def test_a_second_press_while_one_is_under_way_finds_the_first() -> None:
    event = EventFactory.create()
    queued: list[int] = []

    first = _request(event, queued)
    second = _request(event, queued)

    assert first.started
    assert not second.started
    assert second.job.pk == first.job.pk
    assert queued == [first.job.pk]
    assert Job.objects.filter(event=event).count() == 1


def test_once_a_job_has_ended_the_next_press_starts_another() -> None:
    event = EventFactory.create()
    queued: list[int] = []
    first = _request(event, queued).job
    running = start_job(first.pk)
    assert running is not None
    fail_job(running, failure="The agenda has no one-to-one conversations block.")

    again = _request(event, queued)

    assert again.started
    assert again.job.pk != first.pk
    assert queued == [first.pk, again.job.pk]


def test_the_worker_takes_a_job_once() -> None:
    event = EventFactory.create()
    job = _request(event, []).job

    assert start_job(job.pk) is not None
    assert start_job(job.pk) is None


def test_progress_is_seen_by_the_page_while_the_work_goes_on() -> None:
    event = EventFactory.create()
    job = start_job(_request(event, []).job.pk)
    assert job is not None

    report_progress(job, done=1, total=4)

    seen = Job.objects.get(pk=job.pk)
    assert progress_in_words(seen) == "Under way: step 2 of 4."


def test_a_job_whose_worker_stopped_mid_way_is_failed_at_the_next_press() -> None:
    event = EventFactory.create()
    queued: list[int] = []
    lost = start_job(_request(event, queued).job.pk)
    assert lost is not None
    Job.objects.filter(pk=lost.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=21)
    )

    again = _request(event, queued)

    assert again.started
    lost.refresh_from_db()
    assert lost.state == Job.State.FAILED
    assert "stopped before it finished" in lost.failure
    assert "Try again" in progress_in_words(lost)


def test_a_withdrawn_job_keeps_nothing_of_what_its_worker_finds() -> None:
    event = EventFactory.create()
    job = start_job(_request(event, []).job.pk)
    assert job is not None

    withdraw_job(job)
    kept = finish_job(job, result={"timetable": 1})

    assert not kept
    stored = Job.objects.get(pk=job.pk)
    assert stored.state == Job.State.SETTLED
    assert stored.result == {}
