"""`coappoint notify check` proves a site's set-up against a real (fake) Notify."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from coappoint.cli import main
from coappoint.notify.models import Message, Status
from tests.fakes.notify import FakeNotify

pytestmark = pytest.mark.django_db(transaction=True)


def test_notify_check_sends_one_email_and_one_text_and_prints_their_ids(
    fake_notify: FakeNotify, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_notify.fail_next("500")  # a first failure is retried, never sent twice

    exit_code = main(
        ["notify", "check", "--email", "team@council.example", "--phone", "07700900123"]
    )

    printed = capsys.readouterr().out
    (email,) = fake_notify.sent_to("team@council.example")
    (text,) = fake_notify.sent_to("07700900123")
    assert exit_code == 0
    assert email.id in printed
    assert text.id in printed
    assert sorted(Message.objects.values_list("channel", "status")) == [
        ("email", Status.SENDING),
        ("sms", Status.SENDING),
    ]


def test_notify_check_fails_and_says_why_when_notify_refuses(
    fake_notify: FakeNotify, settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.GOVUK_NOTIFY_API_KEY = "wrong-" + "1" * 36 + "-" + "2" * 36

    exit_code = main(["notify", "check", "--email", "team@council.example", "--phone", "0770"])

    assert exit_code == 1
    assert "403" in capsys.readouterr().out
    assert fake_notify.notifications == []


def test_notify_check_sends_them_itself_when_no_worker_is_running(
    fake_notify: FakeNotify, settings, capsys: pytest.CaptureFixture[str]
) -> None:
    # The database queue, as in production, but no `db_worker` running.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    exit_code = main(
        [
            "notify",
            "check",
            "--email",
            "team@council.example",
            "--phone",
            "07700900123",
            "--wait-for-worker",
            "0",
        ]
    )

    assert exit_code == 0, capsys.readouterr().out
    assert DBTaskResult.objects.count() == 2  # queued for a worker that never came
    assert len(fake_notify.sent_to("team@council.example")) == 1
    assert len(fake_notify.sent_to("07700900123")) == 1
