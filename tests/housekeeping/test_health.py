"""/health/ answers a load balancer with ok or fail, and support staff with each check's numbers."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coappoint.housekeeping.models import HousekeepingRun
from coappoint.notify.models import Status
from coappoint.organisations.models import Role
from tests.factories import (
    HousekeepingRunFactory,
    MessageFactory,
    OrganisationFactory,
    TaskResultFactory,
    UserFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _housekeeping_ran_an_hour_ago() -> None:
    HousekeepingRunFactory.create(started_at=timezone.now() - 60 * MINUTE)


def _health(client: Client):
    return client.get(reverse("housekeeping:health"))


def test_health_is_ok_when_the_database_answers_and_nothing_waits_too_long(client: Client) -> None:
    TaskResultFactory.create()  # queued just now
    MessageFactory.create()  # written just now

    response = _health(client)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"


def test_health_fails_when_a_task_has_waited_too_long(client: Client, settings) -> None:
    settings.HEALTH_TASK_WAIT_MINUTES = 15
    TaskResultFactory.create(enqueued_at=timezone.now() - 16 * MINUTE)

    response = _health(client)

    assert response.status_code == 503
    assert response.json() == {"status": "fail"}


def test_a_task_deferred_until_now_has_waited_only_since_it_was_due(client: Client) -> None:
    # A retry enqueued an hour ago to run a minute ago has waited a minute, not an hour.
    TaskResultFactory.create(
        enqueued_at=timezone.now() - 60 * MINUTE, run_after=timezone.now() - MINUTE
    )

    assert _health(client).status_code == 200


def test_health_fails_when_too_many_tasks_are_waiting(client: Client, settings) -> None:
    settings.HEALTH_TASK_BACKLOG_LIMIT = 2
    TaskResultFactory.create_batch(3)

    assert _health(client).status_code == 503


def test_health_fails_when_a_message_has_waited_too_long_to_be_sent(
    client: Client, settings
) -> None:
    settings.HEALTH_MESSAGE_WAIT_MINUTES = 30
    MessageFactory.create(created_at=timezone.now() - 31 * MINUTE, status=Status.RETRYING)
    MessageFactory.create(created_at=timezone.now() - 600 * MINUTE, status=Status.DELIVERED)

    assert _health(client).status_code == 503


def test_health_fails_when_housekeeping_has_not_run_for_too_long(client: Client, settings) -> None:
    settings.HEALTH_HOUSEKEEPING_HOURS = 48
    HousekeepingRun.objects.all().delete()
    HousekeepingRunFactory.create(started_at=timezone.now() - datetime.timedelta(hours=49))

    assert _health(client).status_code == 503


def test_a_check_with_its_limit_at_zero_is_off(client: Client, settings) -> None:
    settings.HEALTH_TASK_WAIT_MINUTES = 0
    settings.HEALTH_HOUSEKEEPING_HOURS = 0
    HousekeepingRun.objects.all().delete()
    TaskResultFactory.create(enqueued_at=timezone.now() - 600 * MINUTE)

    assert _health(client).status_code == 200


def test_anyone_gets_no_details_no_cookie_and_costs_no_session_query(client: Client) -> None:
    TaskResultFactory.create(enqueued_at=timezone.now() - 600 * MINUTE)

    with CaptureQueriesContext(connection) as queries:
        response = _health(client)

    assert response.status_code == 503
    assert response.json() == {"status": "fail"}
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    assert not any("django_session" in query["sql"] for query in queries.captured_queries)
    assert len(queries.captured_queries) == 4  # one per check


def test_support_staff_see_each_check_with_its_value(client: Client) -> None:
    client.force_login(UserFactory.create(is_staff=True))
    TaskResultFactory.create(enqueued_at=timezone.now() - 2 * MINUTE)

    body = _health(client).json()

    assert body["status"] == "ok"
    checks = body["checks"]
    assert set(checks) == {"database", "task_backlog", "oldest_unsent_message", "housekeeping"}
    assert checks["database"] == {"ok": True}
    assert checks["task_backlog"]["ready"] == 1
    assert 110 <= checks["task_backlog"]["oldest_ready_seconds"] <= 300
    assert checks["oldest_unsent_message"]["seconds"] is None
    assert 3500 <= checks["housekeeping"]["seconds_since_last_run"] <= 3800


def test_other_staff_get_no_details(client: Client) -> None:
    organisation = OrganisationFactory.create()
    client.force_login(staff_member(organisation, Role.PROGRAMME_MANAGER))

    assert _health(client).json() == {"status": "ok"}


def test_health_is_not_redirected_to_https_nor_to_sign_in(client: Client, settings) -> None:
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/health/", secure=False)

    assert response.status_code == 200
