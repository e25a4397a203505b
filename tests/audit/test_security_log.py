"""Staff sign-ins, failed sign-ins and sign-outs go to a security log kept 30 days."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.audit.models import SecurityEvent, SecurityEventKind
from coappoint.audit.security_log import purge_security_log
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff():
    user = UserFactory.create(email="helen@council.example")
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client: Client, email: str, password: str):
    return client.post(
        reverse("accounts:sign_in"),
        {"username": email, "password": password},
        REMOTE_ADDR="192.0.2.7",
    )


def test_a_sign_in_and_a_sign_out_are_logged(client: Client, staff) -> None:
    _sign_in(client, staff.email, PASSWORD)
    client.post(reverse("accounts:sign_out"), REMOTE_ADDR="192.0.2.7")

    kinds = list(
        SecurityEvent.objects.order_by("pk").values_list("kind", "user_id", "client_address")
    )
    assert kinds == [
        (SecurityEventKind.SIGNED_IN, staff.pk, "192.0.2.7"),
        (SecurityEventKind.SIGNED_OUT, staff.pk, "192.0.2.7"),
    ]


def test_a_failed_sign_in_is_logged_without_the_email_typed(client: Client, staff) -> None:
    _sign_in(client, staff.email, "wrong password")
    _sign_in(client, "nobody@elsewhere.example", "wrong password")

    failed = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN_FAILED).order_by("pk")
    assert list(failed.values_list("user_id", flat=True)) == [staff.pk, None]
    assert "nobody" not in str(list(SecurityEvent.objects.values()))


def test_rows_older_than_30_days_are_purged(staff) -> None:
    now = timezone.now()
    old = SecurityEvent.objects.create(
        at=now - datetime.timedelta(days=31), kind=SecurityEventKind.SIGNED_IN, user_id=staff.pk
    )
    recent = SecurityEvent.objects.create(
        at=now - datetime.timedelta(days=29), kind=SecurityEventKind.SIGNED_IN, user_id=staff.pk
    )

    assert purge_security_log(now=now) == 1
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_the_purge_command_deletes_expired_rows(staff, capsys) -> None:
    SecurityEvent.objects.create(
        at=timezone.now() - datetime.timedelta(days=40), kind=SecurityEventKind.SIGNED_OUT
    )
    call_command("security_log_purge")
    assert not SecurityEvent.objects.exists()
    assert "Deleted 1" in capsys.readouterr().out
