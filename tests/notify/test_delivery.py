"""Messages really leave through GOV.UK Notify and SMTP, once each, whatever the provider does."""

from __future__ import annotations

import pytest

from coappoint.notify.models import Message, Status
from coappoint.notify.services import Purpose, Recipient, send_message
from tests.factories import OrganisationFactory
from tests.fakes.notify import FakeNotify
from tests.fakes.smtp import FakeSmtp

pytestmark = pytest.mark.django_db(transaction=True)

LINK = "http://testserver/sign-in/link/Secret-Token_Only-For-Sam/"


def _send(*, email: str = "", phone: str = "") -> Message:
    return send_message(
        organisation=OrganisationFactory.create(),
        purpose=Purpose.SIGN_UP_CONFIRMATION,
        recipient=Recipient(email=email, phone=phone, person_kind="recruiter", person_id=7),
        language="en",
        subject="You have signed up",
        body=f"Your link:\n{LINK}\nYour code: ABCD 2345",
        sms_body=f"Your code: ABCD 2345 {LINK}",
        withheld=(LINK, "ABCD 2345"),
    )


def test_an_email_reaches_notify_with_its_secrets_but_the_row_keeps_only_markers(
    fake_notify: FakeNotify,
) -> None:
    message = _send(email="sam@example.com")

    (sent,) = fake_notify.sent_to("sam@example.com")
    message.refresh_from_db()
    assert LINK in sent.personalisation["body"]
    assert "ABCD 2345" in sent.personalisation["body"]
    assert sent.reference == str(message.pk)
    assert (message.status, message.provider_id, message.attempts) == (
        Status.SENDING,
        sent.id,
        1,
    )
    assert "Secret-Token" not in message.body
    assert "ABCD 2345" not in message.body
    assert message.secrets == []


def test_a_phone_only_person_gets_a_text_message(fake_notify: FakeNotify) -> None:
    message = _send(phone="07700900123")

    (sent,) = fake_notify.sent_to("07700900123")
    assert sent.type == "sms"
    assert "ABCD 2345" in sent.personalisation["body"]
    assert Message.objects.get(pk=message.pk).channel == "sms"


@pytest.mark.parametrize("fault", ["500", "429", "timeout"])
def test_each_passing_fault_ends_in_exactly_one_message(
    fake_notify: FakeNotify, fault: str
) -> None:
    fake_notify.fail_next(fault)

    message = _send(email="sam@example.com")

    assert len(fake_notify.sent_to("sam@example.com")) == 1
    message.refresh_from_db()
    # After a timeout the lookup finds it, with Notify's latest word on it.
    assert message.status in (Status.SENDING, Status.DELIVERED)
    assert message.attempts == 2


def test_a_timed_out_send_is_looked_up_by_its_reference_not_sent_again(
    fake_notify: FakeNotify,
) -> None:
    fake_notify.fail_next("timeout")

    message = _send(email="sam@example.com")

    (sent,) = fake_notify.sent_to("sam@example.com")
    message.refresh_from_db()
    assert message.provider_id == sent.id
    assert ("GET", f"/v2/notifications?reference={message.pk}") in fake_notify.requests_seen


def test_a_provider_that_keeps_failing_is_given_up_with_its_reason(
    fake_notify: FakeNotify, settings
) -> None:
    fake_notify.fail_next(*["500"] * settings.COAPPOINT_NOTIFY_MAX_ATTEMPTS)

    message = _send(email="sam@example.com")

    message.refresh_from_db()
    assert fake_notify.sent_to("sam@example.com") == []
    assert message.status == Status.NOT_SENT
    assert message.attempts == settings.COAPPOINT_NOTIFY_MAX_ATTEMPTS
    assert "500" in message.failure_reason
    assert message.secrets == []


def test_a_refused_key_is_not_retried(fake_notify: FakeNotify, settings) -> None:
    settings.GOVUK_NOTIFY_API_KEY = "wrong-" + "1" * 36 + "-" + "2" * 36

    message = _send(email="sam@example.com")

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.NOT_SENT, 1)
    assert "403" in message.failure_reason


def test_a_message_written_in_a_transaction_that_rolls_back_is_never_sent(
    fake_notify: FakeNotify,
) -> None:
    from django.db import transaction

    def sign_up_that_fails_after_writing_its_message() -> None:
        with transaction.atomic():
            _send(email="sam@example.com")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        sign_up_that_fails_after_writing_its_message()

    assert fake_notify.sent_to("sam@example.com") == []
    assert not Message.objects.exists()


def test_smtp_delivers_the_email_with_its_calendar_file(fake_smtp: FakeSmtp) -> None:
    from coappoint.notify.services import Attachment

    message = send_message(
        organisation=None,
        purpose=Purpose.CANDIDATE_INVITATION,
        recipient=Recipient(email="grace@example.com"),
        language="en",
        subject="Your invitation",
        body=f"Come along. {LINK}",
        attachments=[Attachment("day.ics", "text/calendar", b"BEGIN:VCALENDAR")],
        withheld=(LINK,),
    )

    (sent,) = fake_smtp.sent_to("grace@example.com")
    assert sent["Subject"] == "Your invitation"
    text = sent.get_body(preferencelist=("plain",))
    assert text is not None
    assert LINK in text.get_content()
    assert [part.get_filename() for part in sent.iter_attachments()] == ["day.ics"]
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_smtp_retries_a_temporary_refusal_and_gives_up_on_a_permanent_one(
    fake_smtp: FakeSmtp,
) -> None:
    fake_smtp.refuse_next(451)
    first = _send(email="sam@example.com")
    fake_smtp.refuse_next(550)
    second = _send(email="kim@example.com")

    first.refresh_from_db()
    second.refresh_from_db()
    assert len(fake_smtp.sent_to("sam@example.com")) == 1
    assert (first.status, first.attempts) == (Status.SENT, 2)
    assert fake_smtp.sent_to("kim@example.com") == []
    assert second.status == Status.NOT_SENT
    assert "550" in second.failure_reason


def test_smtp_cannot_send_a_text_message_and_says_so(fake_smtp: FakeSmtp) -> None:
    message = _send(phone="07700900123")

    message.refresh_from_db()
    assert message.status == Status.NOT_SENT
    assert "GOV.UK Notify" in message.failure_reason
