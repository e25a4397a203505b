"""`coappoint housekeeping` removes what is no longer kept, hands lost messages on, and says so."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from coappoint.audit.actions import AuditAction
from coappoint.audit.models import AuditEvent
from coappoint.cli import main
from coappoint.housekeeping.models import HousekeepingRun
from coappoint.housekeeping.services import run_housekeeping
from coappoint.jobs.models import Job
from coappoint.notify.models import Message, Status
from coappoint.retention.models import RetentionPeriod
from coappoint.rules.retention import Category
from tests.factories import (
    CandidateFactory,
    EventFactory,
    MessageFactory,
    OrganisationFactory,
    TaskResultFactory,
)
from tests.forgetting.conftest import decide

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _session(expires_in: datetime.timedelta) -> str:
    session = SessionStore()
    session["coappoint_participant"] = {"kind": "recruiter", "id": 1}
    session.set_expiry(timezone.now() + expires_in)
    session.create()
    assert session.session_key is not None
    return session.session_key


def _sign_in_attempt(
    model: type[AccessAttempt | AccessFailureLog | AccessLog], *, days_ago: float, username: str
) -> int:
    extra = (
        {"get_data": "", "post_data": "", "failures_since_start": 1}
        if model is AccessAttempt
        else {}
    )
    row = model.objects.create(
        user_agent="Firefox",
        ip_address="192.0.2.7",
        username=username,
        http_accept="text/html",
        path_info="/sign-in/",
        **extra,
    )
    model.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - days_ago * DAY)
    return int(row.pk)


def test_housekeeping_removes_an_expired_session_and_keeps_a_live_one() -> None:
    expired = _session(-datetime.timedelta(minutes=1))
    live = _session(datetime.timedelta(hours=1))

    removed = run_housekeeping()

    assert removed.sessions == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert expired != live


@pytest.mark.parametrize("model", [AccessAttempt, AccessFailureLog, AccessLog])
def test_housekeeping_removes_a_31_day_old_sign_in_attempt_and_keeps_a_new_one(model) -> None:
    _sign_in_attempt(model, days_ago=31, username="old@council.example")
    new = _sign_in_attempt(model, days_ago=1, username="new@council.example")

    removed = run_housekeeping()

    assert removed.sign_in_attempts == 1
    assert list(model.objects.values_list("pk", flat=True)) == [new]


def test_sign_in_attempts_are_kept_as_long_as_the_organisation_s_retention_period_says() -> None:
    organisation = OrganisationFactory.create()
    RetentionPeriod.objects.create(
        organisation=organisation,
        category=Category.SIGN_IN_ATTEMPTS,
        days=60,
        changed_at=timezone.now(),
    )
    kept = _sign_in_attempt(AccessAttempt, days_ago=31, username="old@council.example")

    assert run_housekeeping().sign_in_attempts == 0
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [kept]


def test_housekeeping_applies_retention_and_counts_what_went() -> None:
    candidate = CandidateFactory.create(email="sam@example.com")
    decide(candidate.campaign, at=timezone.now() - datetime.timedelta(days=200))

    assert run_housekeeping().retention == 1

    candidate.refresh_from_db()
    assert candidate.email == ""
    assert HousekeepingRun.objects.get().retention_removed == 1


def test_housekeeping_removes_old_finished_task_results_and_keeps_queued_and_recent_ones() -> None:
    now = timezone.now()
    old_success = TaskResultFactory.create(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now - 8 * DAY
    )
    old_failure = TaskResultFactory.create(
        status=TaskResultStatus.FAILED, finished_at=now - 8 * DAY
    )
    recent = TaskResultFactory.create(status=TaskResultStatus.SUCCESSFUL, finished_at=now - DAY)
    queued_long_ago = TaskResultFactory.create(enqueued_at=now - 30 * DAY)
    running = TaskResultFactory.create(status=TaskResultStatus.RUNNING, enqueued_at=now - 30 * DAY)

    removed = run_housekeeping()

    assert removed.task_results == 2
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, queued_long_ago.pk, running.pk}
    assert not left & {old_success.pk, old_failure.pk}


@pytest.mark.django_db(transaction=True)
def test_housekeeping_hands_a_lost_message_to_the_worker_again() -> None:
    lost = MessageFactory.create(created_at=timezone.now() - datetime.timedelta(minutes=11))
    just_written = MessageFactory.create()

    removed = run_housekeeping()

    assert removed.messages_handed_on == 1
    lost.refresh_from_db()
    assert lost.status == Status.KEPT  # the outbox backend, in tests: it went on its way
    assert Message.objects.get(pk=just_written.pk).status == Status.QUEUED


def test_housekeeping_records_its_run_with_counts_and_an_audit_row_without_personal_data() -> None:
    _session(-datetime.timedelta(minutes=1))
    now = timezone.now()

    run_housekeeping(now=now)

    run = HousekeepingRun.objects.get()
    assert (run.started_at, run.finished_at, run.sessions_removed) == (now, now, 1)
    event = AuditEvent.objects.get(action=AuditAction.HOUSEKEEPING_RAN)
    assert event.at == now
    assert event.target_id == str(run.pk)
    assert event.after == {
        "sessions": 1,
        "sign_in_attempts": 0,
        "security_log": 0,
        "task_results": 0,
        "messages_handed_on": 0,
        "retention": 0,
    }


def test_the_command_prints_how_many_it_removed_and_nobody_s_details(capsys) -> None:
    _session(-datetime.timedelta(minutes=1))
    _sign_in_attempt(AccessAttempt, days_ago=31, username="helen@council.example")

    assert main(["housekeeping"]) == 0

    out = capsys.readouterr().out
    assert "Removed 1 expired session(s)." in out
    assert "Removed 1 sign-in attempt record(s)" in out
    assert "helen" not in out
    assert "192.0.2.7" not in out
    assert HousekeepingRun.objects.count() == 1


def test_housekeeping_removes_jobs_that_ended_long_ago_and_keeps_those_under_way() -> None:
    now = timezone.now()
    event = EventFactory.create()

    def job(state: str, finished_days_ago: int | None) -> Job:
        return Job.objects.create(
            organisation=event.organisation,
            event=event,
            kind=Job.Kind.IMPROVE_TIMETABLE if state == "running" else Job.Kind.MAKE_TIMETABLE,
            state=state,
            requested_at=now - 30 * DAY,
            finished_at=None if finished_days_ago is None else now - finished_days_ago * DAY,
        )

    old_done = job(Job.State.DONE, 8)
    old_failed = job(Job.State.FAILED, 9)
    recent = job(Job.State.DONE, 1)
    under_way = job(Job.State.RUNNING, None)

    removed = run_housekeeping()

    assert removed.task_results == 2
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, under_way.pk}
    assert not Job.objects.filter(pk__in=(old_done.pk, old_failed.pk)).exists()
