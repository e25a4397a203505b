"""Asking for long work, and the worker's side of it: starting, progress, outcome.

The page calls `request_job`; the app that owns the work defines a django-tasks task that
calls `start_job`, `report_progress` and `finish_job` or `fail_job`. Progress is written in its
own short transaction, so the page sees it while the work goes on.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign
from coappoint.events.models import Event
from coappoint.events.services import bump_live_versions
from coappoint.jobs.models import Job

State = Job.State
logger = logging.getLogger(__name__)


def lost_after() -> datetime.timedelta:
    """How long a job may run before it counts as lost (its worker stopped mid-way)."""
    return datetime.timedelta(minutes=settings.COAPPOINT_JOB_LOST_MINUTES)


def is_lost(job: Job, now: datetime.datetime) -> bool:
    """A running job its worker has not finished within `lost_after`: the worker stopped."""
    return (
        job.state == State.RUNNING
        and job.started_at is not None
        and now - job.started_at > lost_after()
    )


@dataclass(frozen=True)
class Requested:
    """The job the press found or made; `started` is False when one was already under way."""

    job: Job
    started: bool


def _shown_on_the_day(job: Job) -> None:
    """An event's job is shown on the facilitator's screen (a better plan): tell it."""
    if job.event_id is not None:
        bump_live_versions(event_id=job.event_id, progress=True)


def _mark_lost(job: Job, now: datetime.datetime) -> None:
    job.state = State.FAILED
    job.finished_at = now
    job.failure = gettext(
        "The work stopped before it finished: the task worker may have been restarted. Try again."
    )
    job.save(update_fields=["state", "finished_at", "failure"])
    _shown_on_the_day(job)


def request_job(
    *,
    event: Event | None = None,
    campaign: Campaign | None = None,
    kind: str,
    actor: User | None,
    enqueue: Callable[[int], object],
    parameters: dict[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> Requested:
    """Queue the work unless a job of this kind is already under way for the event.

    The work is for `event` or for `campaign` (one of them). `enqueue(job_id)` hands it to the
    task worker once the transaction commits, so the worker never looks for a row it cannot see
    yet. A job whose worker stopped mid-way is marked failed first, so it cannot block the next
    press.
    """
    now = now or timezone.now()
    if (event is None) == (campaign is None):
        raise ValueError("A job is for an event or for a campaign.")
    scope: dict[str, Any] = {"event": event} if event is not None else {"campaign": campaign}
    owner = event if event is not None else campaign
    assert owner is not None
    with transaction.atomic():
        type(owner).objects.select_for_update().filter(pk=owner.pk).first()
        under_way = Job.objects.filter(**scope, kind=kind, state__in=(State.QUEUED, State.RUNNING))
        current = under_way.first()
        if current is not None and is_lost(current, now):
            _mark_lost(current, now)
            current = None
        if current is not None:
            return Requested(job=current, started=False)
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    organisation=owner.organisation,
                    **scope,
                    language=translation.get_language() or "",
                    kind=kind,
                    requested_by=actor,
                    requested_at=now,
                    parameters=parameters or {},
                )
        except IntegrityError:  # pressed at the same moment elsewhere (no row lock in SQLite)
            return Requested(job=under_way.get(), started=False)
        _shown_on_the_day(job)
        transaction.on_commit(lambda: enqueue(job.pk))
    return Requested(job=job, started=True)


def start_job(job_id: int, *, now: datetime.datetime | None = None) -> Job | None:
    """The worker takes the job: None when it is not waiting (already taken, or settled)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != State.QUEUED:
            return None
        job.state = State.RUNNING
        job.started_at = now or timezone.now()
        job.save(update_fields=["state", "started_at"])
        _shown_on_the_day(job)
    return job


def report_progress(job: Job, *, done: int, total: int) -> None:
    """How far the work has got, seen by the page at its next poll."""
    job.steps_done, job.steps_total = done, total
    Job.objects.filter(pk=job.pk, state=State.RUNNING).update(steps_done=done, steps_total=total)


def _end(job: Job, **fields: Any) -> bool:
    """End a running job with `fields`, unless it was withdrawn meanwhile."""
    ended = Job.objects.filter(pk=job.pk, state=State.RUNNING).update(**fields)
    if ended:
        for name, value in fields.items():
            setattr(job, name, value)
        _shown_on_the_day(job)
    return bool(ended)


def finish_job(
    job: Job,
    *,
    result: dict[str, Any],
    now: datetime.datetime | None = None,
    forget_parameters: bool = False,
) -> bool:
    """The work is done; `result` is what the page shows or uses. False if it was withdrawn.
    `forget_parameters` empties what the work was given (personal data it no longer needs)."""
    extra: dict[str, Any] = {"parameters": {}} if forget_parameters else {}
    return _end(
        job,
        state=State.DONE,
        result=result,
        finished_at=now or timezone.now(),
        steps_done=job.steps_total,
        **extra,
    )


def fail_job(
    job: Job,
    *,
    failure: str,
    result: dict[str, Any] | None = None,
    now: datetime.datetime | None = None,
    forget_parameters: bool = False,
) -> bool:
    """The work failed; `failure` says why in words the person who asked can act on, and
    `result` holds anything the page needs to say more (problems line by line)."""
    extra: dict[str, Any] = {"parameters": {}} if forget_parameters else {}
    if result is not None:
        extra["result"] = result
    return _end(
        job, state=State.FAILED, failure=failure, finished_at=now or timezone.now(), **extra
    )


def settle_job(job: Job) -> None:
    """A finished job's result has been used, turned down or overtaken: stop offering it."""
    Job.objects.filter(pk=job.pk, state=State.DONE).update(state=State.SETTLED)
    job.state = State.SETTLED
    _shown_on_the_day(job)


def withdraw_job(job: Job, *, now: datetime.datetime | None = None) -> None:
    """A queued or running job is no longer wanted (newer work replaces it): the worker will
    not start it, and one already running keeps nothing of what it finds."""
    Job.objects.filter(pk=job.pk, state__in=(State.QUEUED, State.RUNNING)).update(
        state=State.SETTLED, finished_at=now or timezone.now()
    )
    job.state = State.SETTLED
    _shown_on_the_day(job)


def mark_if_lost(job: Job, *, now: datetime.datetime | None = None) -> bool:
    """Mark a job lost when its worker stopped mid-way (see `is_lost`); True if it was."""
    now = now or timezone.now()
    if not is_lost(job, now):
        return False
    _mark_lost(job, now)
    return True


def remove_finished_jobs(*, now: datetime.datetime, kept: datetime.timedelta) -> int:
    """Jobs that ended longer than `kept` ago (housekeeping); those under way stay."""
    deleted, _ = (
        Job.objects.exclude(state__in=(State.QUEUED, State.RUNNING))
        .filter(finished_at__lt=now - kept)
        .delete()
    )
    return deleted


@contextlib.contextmanager
def in_language_of(job: Job) -> Iterator[None]:
    """The worker speaks the language of the page that asked, so a failure reads as it does."""
    with translation.override(job.language or None):
        yield


def fail_unexpectedly(job: Job) -> None:
    """The work raised something nobody planned for: logged for support, and the page says so."""
    logger.exception("Job %s failed unexpectedly", job.pk)
    with in_language_of(job):
        failure = gettext(
            "Something went wrong on our side. Try again; if it fails again, tell support "
            "(job %(job)s)."
        ) % {"job": job.pk}
    # What the work was given may be personal data (a file of candidates): not kept for nothing.
    fail_job(job, failure=failure, forget_parameters=True)
