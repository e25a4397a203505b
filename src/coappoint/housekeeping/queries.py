"""What /health/ checks: the database, the task backlog, messages waiting, housekeeping's age.

Each check answers with numbers only (counts and ages in seconds), never a row's content, and
costs one small query. A limit of 0 turns its check off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from coappoint.housekeeping.models import HousekeepingRun
from coappoint.notify.models import UNSETTLED, Message


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Health:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


def _seconds_since(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def _within(value: int | None, limit: int) -> bool:
    return limit <= 0 or value is None or value <= limit


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check("database", ok=True)


def check_task_backlog(now: datetime) -> Check:
    """Tasks ready to run now, and how long the oldest of them has been ready."""
    never_deferred = Q(run_after=get_date_max())
    backlog = DBTaskResult.objects.ready().aggregate(
        ready=Count("pk"),
        oldest_enqueued=Min("enqueued_at", filter=never_deferred),
        oldest_run_after=Min("run_after", filter=~never_deferred),
    )
    since = [
        moment for moment in (backlog["oldest_enqueued"], backlog["oldest_run_after"]) if moment
    ]
    oldest_seconds = _seconds_since(min(since), now) if since else None
    ready_limit = settings.HEALTH_TASK_BACKLOG_LIMIT
    wait_limit = settings.HEALTH_TASK_WAIT_MINUTES * 60
    return Check(
        "task_backlog",
        ok=_within(backlog["ready"], ready_limit) and _within(oldest_seconds, wait_limit),
        values={
            "ready": backlog["ready"],
            "oldest_ready_seconds": oldest_seconds,
            "limit_ready": ready_limit,
            "limit_seconds": wait_limit,
        },
    )


def check_messages(now: datetime) -> Check:
    """How long the oldest message not yet taken by the provider (nor given up) has waited."""
    oldest = Message.objects.filter(status__in=UNSETTLED).aggregate(oldest=Min("created_at"))
    seconds = _seconds_since(oldest["oldest"], now)
    limit = settings.HEALTH_MESSAGE_WAIT_MINUTES * 60
    return Check(
        "oldest_unsent_message",
        ok=_within(seconds, limit),
        values={"seconds": seconds, "limit_seconds": limit},
    )


def check_housekeeping(now: datetime) -> Check:
    """How long since housekeeping last finished; never having run counts as too long."""
    last = HousekeepingRun.objects.order_by("-finished_at").values_list("finished_at", flat=True)
    seconds = _seconds_since(last.first(), now)
    limit = settings.HEALTH_HOUSEKEEPING_HOURS * 3600
    return Check(
        "housekeeping",
        ok=limit <= 0 or (seconds is not None and seconds <= limit),
        values={"seconds_since_last_run": seconds, "limit_seconds": limit},
    )


def _failed(name: str, error: DatabaseError) -> Check:
    return Check(name, ok=False, values={"error": type(error).__name__})


def get_health(*, now: datetime | None = None) -> Health:
    """Every check. A check whose query fails fails; with the database itself unreachable the
    rest are not asked."""
    now = now or timezone.now()
    try:
        checks = [check_database()]
    except DatabaseError as error:
        return Health((_failed("database", error),))
    for name, check in (
        ("task_backlog", check_task_backlog),
        ("oldest_unsent_message", check_messages),
        ("housekeeping", check_housekeeping),
    ):
        try:
            checks.append(check(now))
        except DatabaseError as error:
            checks.append(_failed(name, error))
    return Health(tuple(checks))
