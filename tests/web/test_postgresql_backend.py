"""The PostgreSQL backend's health check: skipped just after a connection served a request."""

from __future__ import annotations

import time
from typing import cast

import pytest
from django.db import OperationalError, close_old_connections, connection, connections

from coappoint.web.postgresql.base import RECENTLY_SECONDS, DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own backend"),
    pytest.mark.django_db(transaction=True),
]


def _serve_a_request() -> None:
    close_old_connections()  # as Django's handler does when a request starts
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    close_old_connections()  # and when it ends


def _drop_the_connection() -> None:
    """PostgreSQL ends the connection's backend, as a restart or a fail-over would."""
    backend_pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [backend_pid])
    finally:
        other.close()


def _next_query_answers() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        return bool(cursor.fetchone() == (2,))


def test_a_connection_that_was_idle_is_checked_and_replaced_when_postgresql_dropped_it() -> None:
    _serve_a_request()
    cast(DatabaseWrapper, connection).served_at = (
        time.monotonic() - RECENTLY_SECONDS - 1
    )  # idle since
    _drop_the_connection()

    close_old_connections()  # the next request starts
    assert _next_query_answers()


def test_a_connection_that_just_served_a_request_is_not_checked_and_a_drop_fails_one_request() -> (
    None
):
    _serve_a_request()
    _drop_the_connection()

    close_old_connections()  # the next request starts at once: no check, so it finds the drop
    with pytest.raises(OperationalError):
        _next_query_answers()
    close_old_connections()  # that request ends: the broken connection is closed

    close_old_connections()  # and the one after it works
    assert _next_query_answers()


def test_a_connection_is_kept_across_requests_that_follow_each_other() -> None:
    _serve_a_request()
    first = connection.connection.info.backend_pid
    _serve_a_request()
    assert connection.connection.info.backend_pid == first
    assert cast(DatabaseWrapper, connection).served_at is not None
