"""The daily housekeeping run: remove what is no longer kept, hand lost messages on, record it.

Every step is idempotent (it deletes what is older than a cutoff, or hands on what is lost), so
two servers running it at once, or a run repeated after a failure, do no harm: no lock needed
(docs/decisions/0014-housekeeping-from-a-timer.md). Each step commits by itself, so one large
delete never holds the database for the whole run; the record and its audit row are written
together at the end, and only if every step succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.audit.security_log import purge_security_log
from coappoint.forgetting import services as forgetting
from coappoint.housekeeping.models import HousekeepingRun
from coappoint.jobs.services import remove_finished_jobs
from coappoint.notify.sweep import sweep


@dataclass(frozen=True)
class Removed:
    """How many of each were removed or handed on: counts only, never whose."""

    sessions: int
    sign_in_attempts: int
    security_log: int
    task_results: int
    messages_handed_on: int
    retention: int


def remove_expired_sessions(*, now: datetime) -> int:
    """What `clearsessions` does for the database session engine, counting what it removes."""
    engine = import_module(settings.SESSION_ENGINE)
    session_model = engine.SessionStore.get_model_class()
    deleted: int = session_model.objects.filter(expire_date__lt=now).delete()[0]
    return deleted


def remove_old_sign_in_attempts(*, now: datetime) -> int:
    """Sign-in attempts past the retention period for them (forgetting: django-axes' records,
    attempts at access codes and the security log), by the one mechanism retention uses."""
    return forgetting.remove_old_sign_in_attempts(now=now)


def remove_finished_task_results(*, now: datetime) -> int:
    """Task results, and jobs, that ended more than TASK_RESULTS_KEPT_DAYS ago; queued and
    running ones stay whatever their age."""
    kept = timedelta(days=settings.TASK_RESULTS_KEPT_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=now - kept).delete()
    # And the jobs pages asked for, which the same tasks ran (coappoint.jobs).
    return deleted + remove_finished_jobs(now=now, kept=kept)


def apply_retention_deletions(*, now: datetime) -> int:
    """Recruitment records past their retention period (forgetting.apply_retention); returns
    how many went, all categories together."""
    return sum(forgetting.apply_retention(now=now).values())


def run_housekeeping(*, now: datetime | None = None) -> Removed:
    """Run every housekeeping step once, then record the run and its audit row."""
    started_at = now or timezone.now()
    sessions = remove_expired_sessions(now=started_at)
    sign_in_attempts = remove_old_sign_in_attempts(now=started_at)
    security_log = purge_security_log(now=started_at)
    task_results = remove_finished_task_results(now=started_at)
    messages_handed_on = sweep(now=started_at).handed_on
    retention = apply_retention_deletions(now=started_at)
    removed = Removed(
        sessions=sessions,
        sign_in_attempts=sign_in_attempts,
        security_log=security_log,
        task_results=task_results,
        messages_handed_on=messages_handed_on,
        retention=retention,
    )
    finished_at = timezone.now() if now is None else started_at
    with transaction.atomic():
        run = HousekeepingRun.objects.create(
            started_at=started_at,
            finished_at=finished_at,
            sessions_removed=sessions,
            sign_in_attempts_removed=sign_in_attempts,
            security_log_removed=security_log,
            task_results_removed=task_results,
            messages_handed_on=messages_handed_on,
            retention_removed=retention,
        )
        audit.record(
            action=AuditAction.HOUSEKEEPING_RAN,
            actor=audit.SYSTEM,
            organisation=None,
            now=finished_at,
            target=run,
            after={
                "sessions": sessions,
                "sign_in_attempts": sign_in_attempts,
                "security_log": security_log,
                "task_results": task_results,
                "messages_handed_on": messages_handed_on,
                "retention": retention,
            },
        )
    return removed
