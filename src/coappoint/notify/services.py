"""Sending a message to a person: the one door every email and text message goes through.

Call `send_message` inside the transaction of whatever caused the message (a sign-up, an
invitation). It writes the message's row there and then; the sending task runs only once that
transaction commits, so a rolled-back cause sends nothing, and a committed one is sent once:

    from coappoint.notify.services import send_message, Purpose, Recipient

    send_message(
        organisation=organisation,
        purpose=Purpose.ACCOUNT,
        recipient=Recipient(email="sam@example.com", person_kind="staff", person_id=user.pk),
        language="en",
        subject="Set your password",
        body=f"Open this link to set your password:\n{url}",
        withheld=(url,),  # personal links and codes: never stored in the readable body
    )

The returned row says how it went (`status`, `failure_reason`); `is_keeping_only()` says
whether this site sends at all, for a page that would otherwise say "sent".
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coappoint.notify.backends import (
    Attachment,
    get_backend,
    is_keeping_only,
)
from coappoint.notify.delivery import attempt_delivery
from coappoint.notify.masking import count_secrets, mask
from coappoint.notify.models import Channel, Message, Purpose, Status
from coappoint.organisations.models import Organisation

__all__ = [
    "Attachment",
    "Channel",
    "NoWayToReach",
    "Purpose",
    "Recipient",
    "is_keeping_only",
    "resend_message",
    "send_message",
]


class NoWayToReach(Exception):
    """The person gave neither an email address nor a phone number."""


@dataclass(frozen=True)
class Recipient:
    """Who a message is for and how they can be reached: email first, else a text message."""

    email: str = ""
    phone: str = ""
    person_kind: str = ""
    person_id: int | None = None

    @property
    def channel(self) -> str | None:
        if self.email:
            return Channel.EMAIL
        if self.phone:
            return Channel.SMS
        return None


def _attachments_json(attachments: Sequence[Attachment]) -> list[dict[str, str]]:
    return [
        {
            "filename": attachment.filename,
            "content_type": attachment.content_type,
            "content_base64": base64.b64encode(attachment.content).decode("ascii"),
        }
        for attachment in attachments
    ]


def _dispatch(message: Message) -> None:
    """Keep it now (the outbox is this database), or send it once the cause commits."""
    backend = get_backend()  # a site set up wrongly says so here, not later in a worker
    if backend.name == "outbox":
        attempt_delivery(message.pk, backend=backend)
        message.refresh_from_db()
        return
    from coappoint.notify.tasks import deliver_message

    transaction.on_commit(lambda: deliver_message.enqueue(message.pk))


def send_message(
    *,
    organisation: Organisation | None,
    purpose: str,
    recipient: Recipient,
    language: str,
    subject: str,
    body: str,
    sms_body: str = "",
    attachments: Sequence[Attachment] = (),
    withheld: Sequence[str] = (),
    channel: str | None = None,
) -> Message:
    """Write one message to `recipient` and send it after the current transaction commits.

    By email when they gave an address, else by text message (`sms_body`, shorter, if given;
    attachments are not sent by text). `withheld` names the parts of the body that are the
    person's own sign-in link or code: the stored body has markers in their place, and they are
    put back only as the message leaves. The caller writes the audit row saying why it was sent.
    Raises NoWayToReach when the recipient has neither.
    """
    channel = channel or recipient.channel
    if channel is None:
        raise NoWayToReach
    is_sms = channel == Channel.SMS
    masked, secrets = mask(sms_body or body if is_sms else body, withheld)
    with transaction.atomic():
        message = Message.objects.create(
            organisation=organisation,
            purpose=purpose,
            person_kind=recipient.person_kind,
            person_id=recipient.person_id,
            channel=channel,
            to=recipient.phone if is_sms else recipient.email,
            language=language,
            subject=subject,
            body=masked,
            secrets=secrets,
            attachments=[] if is_sms else _attachments_json(attachments),
            status=Status.QUEUED,
            status_changed_at=timezone.now(),
        )
        _dispatch(message)
    return message


def send_email(
    *,
    to: str,
    subject: str,
    body: str,
    organisation: Organisation | None,
    purpose: str = Purpose.ACCOUNT,
    language: str = "en",
    attachments: Sequence[Attachment] = (),
    withheld: Sequence[str] = (),
) -> Message:
    """`send_message` for an email to an address alone (staff accounts, tests)."""
    return send_message(
        organisation=organisation,
        purpose=purpose,
        recipient=Recipient(email=to),
        language=language,
        subject=subject,
        body=body,
        attachments=attachments,
        withheld=withheld,
    )


class WrongSecretCount(Exception):
    """A resend was given a different number of new secrets than the message carries."""


def resend_message(*, message: Message, to: str, secrets: Sequence[str] = ()) -> Message:
    """Send `message` again to `to` (a corrected address or number), as a new row.

    A message that carried a sign-in link or code needs as many new ones in `secrets`, in the
    same order: the caller (signin) issues them and revokes the old, which may have reached the
    wrong person.
    """
    if len(secrets) != count_secrets(message.body):
        raise WrongSecretCount
    with transaction.atomic():
        again = Message.objects.create(
            organisation=message.organisation,
            purpose=message.purpose,
            person_kind=message.person_kind,
            person_id=message.person_id,
            channel=message.channel,
            to=to,
            language=message.language,
            subject=message.subject,
            body=message.body,
            secrets=list(secrets),
            attachments=message.attachments,
            status=Status.QUEUED,
            status_changed_at=timezone.now(),
        )
        message.resent_as = again
        message.save(update_fields=["resent_as"])
        _dispatch(again)
    return again


def send_check_messages(*, email: str, phone: str) -> list[Message]:
    """One test email and one test text message, for `coappoint notify check`."""
    body = (
        "This is a test message from coappoint: the site can send messages. "
        "You do not need to do anything."
    )
    with transaction.atomic():
        return [
            send_message(
                organisation=None,
                purpose=Purpose.CHECK,
                recipient=Recipient(email=email, phone=phone),
                language="en",
                subject="coappoint test message",
                body=body,
                channel=channel,
            )
            for channel in (Channel.EMAIL, Channel.SMS)
        ]
