"""The sweep looks after messages whose task or worker was lost, and asks after quiet ones.

Each lost message ends in exactly one message at Notify, never two, and a status nobody reported
is asked of Notify so a failure still reaches the programme manager.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coappoint.cli import main
from coappoint.notify.delivery import attempt_delivery
from coappoint.notify.models import Message, Status
from coappoint.notify.services import Purpose, Recipient, send_message
from coappoint.notify.sweep import sweep
from coappoint.organisations.models import Organisation
from tests.factories import OrganisationFactory
from tests.fakes.notify import FakeNotify

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_row(*, to: str, status: str = Status.QUEUED, minutes_ago: float) -> Message:
    """A message written and committed whose task never ran (a worker stopped, a queue lost)."""
    then = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    message = Message.objects.create(
        organisation=OrganisationFactory.create(),
        purpose=Purpose.REMINDER,
        person_kind="recruiter",
        person_id=1,
        channel="email",
        to=to,
        subject="Reminder: the day is tomorrow",
        body="See you at 10am.",
        status=status,
        status_changed_at=then,
    )
    if status == Status.ATTEMPTING:
        Message.objects.filter(pk=message.pk).update(attempts=1, attempt_started_at=then)
    message.refresh_from_db()
    return message


def _sent_reminder(to: str, *, organisation: Organisation | None = None) -> Message:
    """A reminder written and sent as the service sends it: through send_message."""
    return send_message(
        organisation=organisation or OrganisationFactory.create(),
        purpose=Purpose.REMINDER,
        recipient=Recipient(email=to),
        language="en",
        subject="Reminder",
        body="See you tomorrow.",
    )


def test_a_message_whose_task_was_lost_is_sent_once_by_the_sweep(
    fake_notify: FakeNotify,
) -> None:
    lost = _waiting_row(to="amina@example.com", minutes_ago=11)
    just_written = _waiting_row(to="bea@example.com", minutes_ago=1)

    swept = sweep()

    assert swept.handed_on == 1
    assert len(fake_notify.sent_to("amina@example.com")) == 1
    assert fake_notify.sent_to("bea@example.com") == []  # its own task is still to come
    lost.refresh_from_db()
    assert lost.status == Status.SENDING
    assert Message.objects.get(pk=just_written.pk).status == Status.QUEUED
    # A second sweep finds nothing more to do.
    assert sweep().handed_on == 0
    assert len(fake_notify.sent_to("amina@example.com")) == 1


def test_a_worker_that_died_after_notify_took_the_message_does_not_cause_a_second_one(
    fake_notify: FakeNotify,
) -> None:
    message = _sent_reminder("amina@example.com")
    (at_notify,) = fake_notify.sent_to("amina@example.com")
    # As if the worker had died between Notify's answer and saving it.
    eleven_minutes_ago = timezone.now() - datetime.timedelta(minutes=11)
    Message.objects.filter(pk=message.pk).update(
        status=Status.ATTEMPTING, provider_id="", attempt_started_at=eleven_minutes_ago
    )

    sweep()

    message.refresh_from_db()
    assert fake_notify.sent_to("amina@example.com") == [at_notify]
    assert message.provider_id == at_notify.id
    assert message.status in (Status.SENDING, Status.DELIVERED)


def test_an_attempt_under_way_is_left_to_its_worker(fake_notify: FakeNotify) -> None:
    in_flight = _waiting_row(to="amina@example.com", status=Status.ATTEMPTING, minutes_ago=1)

    assert sweep().handed_on == 0
    # A second task for the same message does not send it while the first is under way.
    assert attempt_delivery(in_flight.pk) is not None
    assert fake_notify.sent_to("amina@example.com") == []
    assert Message.objects.get(pk=in_flight.pk).status == Status.ATTEMPTING


def test_a_bounce_nobody_reported_is_asked_of_notify_and_shown_as_a_failure(
    fake_notify: FakeNotify,
) -> None:
    fake_notify.permanent_failures.add("wrong@example.com")
    bounced = _sent_reminder("wrong@example.com")
    recent = _sent_reminder("fine@example.com", organisation=bounced.organisation)
    # No callback came: the bounced one has been quiet for six minutes, the other for none.
    six_minutes_ago = timezone.now() - datetime.timedelta(minutes=6)
    Message.objects.filter(pk=bounced.pk).update(status_changed_at=six_minutes_ago)

    swept = sweep()

    assert (swept.asked, swept.changed) == (1, 1)
    bounced.refresh_from_db()
    assert bounced.status == Status.PERMANENT_FAILURE
    assert bounced.has_failed
    assert Message.objects.get(pk=recent.pk).status == Status.SENDING
    asked = [path for method, path in fake_notify.requests_seen if method == "GET"]
    assert asked == [f"/v2/notifications/{bounced.provider_id}"]


def test_notify_not_answering_leaves_the_status_as_it_was(fake_notify: FakeNotify) -> None:
    message = _sent_reminder("amina@example.com")
    six_minutes_ago = timezone.now() - datetime.timedelta(minutes=6)
    Message.objects.filter(pk=message.pk).update(
        status_changed_at=six_minutes_ago, provider_id="no-such-id"
    )

    swept = sweep()

    assert (swept.asked, swept.changed, swept.unanswered) == (1, 0, 1)
    assert Message.objects.get(pk=message.pk).status == Status.SENDING


def test_coappoint_notify_sweep_says_what_it_did(
    fake_notify: FakeNotify, capsys: pytest.CaptureFixture[str]
) -> None:
    _waiting_row(to="amina@example.com", minutes_ago=30)

    exit_code = main(["notify", "sweep"])

    assert exit_code == 0
    assert "1 waiting message(s) handed to the worker again" in capsys.readouterr().out
    assert len(fake_notify.sent_to("amina@example.com")) == 1
