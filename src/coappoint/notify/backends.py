"""Where a message goes: the database outbox, GOV.UK Notify (email and SMS), or an SMTP server.

A backend sends one message and says what happened in the provider's words; notify.delivery
decides what to do next (retry, give up). `find` asks the provider whether a message with this
reference already reached it, so a retry after a timeout never sends twice.
"""

from __future__ import annotations

import base64
import io
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from coappoint.notify.models import Channel, OutboxMessage, Status
from coappoint.notify.withholding import find_withheld_spans
from coappoint.organisations.models import Organisation

NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email, such as an .ics calendar invitation."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Outgoing:
    """One message as it leaves: the body with the person's secrets put back in."""

    reference: str
    channel: str
    to: str
    subject: str
    body: str
    attachments: Sequence[Attachment]
    organisation: Organisation | None
    # The secrets inside `body`: the outbox keeps where they are, so staff never see them.
    withheld: Sequence[str] = ()


@dataclass(frozen=True)
class Accepted:
    """The provider took the message: its id there, and our status for what it said."""

    provider_id: str
    status: str


class DeliveryError(Exception):
    """The provider did not take the message. `retry`: it may take it later (429, 5xx, a
    timeout); otherwise trying again cannot help (a refused address, a wrong key)."""

    def __init__(self, reason: str, *, retry: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


class Backend(Protocol):
    name: str

    def send(self, outgoing: Outgoing) -> Accepted: ...

    def find(self, reference: str) -> Accepted | None:
        """The message the provider holds with this reference, or None if it has none."""

    def status_of(self, provider_id: str) -> str | None:
        """The provider's latest status for the message, as ours; None if it cannot say."""


class OutboxBackend:
    """Keeps every message in the database, so nothing leaves the machine."""

    name = "outbox"

    def send(self, outgoing: Outgoing) -> Accepted:
        message = OutboxMessage.objects.create(
            organisation=outgoing.organisation,
            recipient=outgoing.to,
            subject=outgoing.subject,
            body=outgoing.body,
            withheld_spans=[
                list(span) for span in find_withheld_spans(outgoing.body, outgoing.withheld)
            ],
            attachments=[
                {
                    "filename": attachment.filename,
                    "content_type": attachment.content_type,
                    "content_base64": base64.b64encode(attachment.content).decode("ascii"),
                }
                for attachment in outgoing.attachments
            ],
        )
        return Accepted(provider_id=f"outbox:{message.pk}", status=Status.KEPT)

    def find(self, reference: str) -> Accepted | None:
        return None

    def status_of(self, provider_id: str) -> str | None:
        return Status.KEPT


# Notify's statuses (docs: "Get the status of one message") as ours.
NOTIFY_STATUSES = {
    "created": Status.SENDING,
    "sending": Status.SENDING,
    "pending": Status.SENDING,
    "sent": Status.SENDING,  # an international text handed on: no receipt will come
    "delivered": Status.DELIVERED,
    "permanent-failure": Status.PERMANENT_FAILURE,
    "temporary-failure": Status.TEMPORARY_FAILURE,
    "technical-failure": Status.TECHNICAL_FAILURE,
}


def notify_status(status: str) -> str:
    return NOTIFY_STATUSES.get(status, Status.SENDING)


class GovukNotifyBackend:
    """GOV.UK Notify through its official client, with one email and one SMS template.

    The email template (GOVUK_NOTIFY_EMAIL_TEMPLATE_ID) has the subject `((subject))` and the
    body `((body))` then `((attachment))`: Notify sends a file as a link to download it, so the
    first attachment goes there and an email without one leaves it empty. The SMS template
    (GOVUK_NOTIFY_SMS_TEMPLATE_ID) is `((body))` alone. docs/deployment.md says how to make them.
    """

    name = "govuk"

    def __init__(self) -> None:
        api_key = settings.GOVUK_NOTIFY_API_KEY
        self.email_template_id = settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID
        self.sms_template_id = settings.GOVUK_NOTIFY_SMS_TEMPLATE_ID
        if not api_key or not self.email_template_id:
            raise ImproperlyConfigured(
                "COAPPOINT_NOTIFY_BACKEND is 'govuk' but GOVUK_NOTIFY_API_KEY or "
                "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID is not set."
            )
        # Imported here: only a service that really sends needs the client and its network.
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
            api_key,
            base_url=settings.GOVUK_NOTIFY_BASE_URL,
            timeout=settings.GOVUK_NOTIFY_TIMEOUT_SECONDS,
        )

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        from notifications_python_client.errors import APIError

        try:
            return getattr(self.client, method)(*args, **kwargs)
        except APIError as error:
            status = error.response.status_code if error.response is not None else None
            if status is None:  # no answer: a timeout or a refused connection
                raise DeliveryError(
                    f"GOV.UK Notify did not answer: {error.message}", retry=True
                ) from error
            retry = status == 429 or status >= 500
            raise DeliveryError(
                f"GOV.UK Notify answered {status}: {error.message}", retry=retry
            ) from error

    def send(self, outgoing: Outgoing) -> Accepted:
        if outgoing.channel == Channel.SMS:
            if not self.sms_template_id:
                raise DeliveryError(
                    "GOVUK_NOTIFY_SMS_TEMPLATE_ID is not set: text messages cannot be sent.",
                    retry=False,
                )
            response = self._call(
                "send_sms_notification",
                phone_number=outgoing.to,
                template_id=self.sms_template_id,
                personalisation={"body": outgoing.body},
                reference=outgoing.reference,
            )
        else:
            from notifications_python_client.utils import prepare_upload

            personalisation: dict[str, object] = {
                "subject": outgoing.subject,
                "body": outgoing.body,
                "attachment": "",
            }
            if outgoing.attachments:
                first = outgoing.attachments[0]
                personalisation["attachment"] = prepare_upload(  # type: ignore[no-untyped-call]
                    io.BytesIO(first.content), filename=first.filename
                )
            response = self._call(
                "send_email_notification",
                email_address=outgoing.to,
                template_id=self.email_template_id,
                personalisation=personalisation,
                reference=outgoing.reference,
            )
        return Accepted(provider_id=str(response["id"]), status=Status.SENDING)

    def find(self, reference: str) -> Accepted | None:
        found = self._call("get_all_notifications", reference=reference)
        notifications = found.get("notifications", [])
        if not notifications:
            return None
        if len(notifications) > 1:
            # Never expected: each attempt asks first. Kept visible rather than hidden.
            raise DeliveryError(
                f"GOV.UK Notify holds {len(notifications)} messages with reference {reference}.",
                retry=False,
            )
        (notification,) = notifications
        return Accepted(
            provider_id=str(notification["id"]), status=notify_status(notification["status"])
        )

    def status_of(self, provider_id: str) -> str | None:
        notification = self._call("get_notification_by_id", provider_id)
        return notify_status(str(notification.get("status", "")))


class SmtpBackend:
    """Email through the council's own mail server (Django's SMTP backend and its EMAIL_*
    settings). A mail server reports no delivery, so a message it takes stays "handed over"."""

    name = "smtp"

    def __init__(self) -> None:
        if not settings.EMAIL_HOST:
            raise ImproperlyConfigured(
                "COAPPOINT_NOTIFY_BACKEND is 'smtp' but EMAIL_HOST is not set."
            )

    def send(self, outgoing: Outgoing) -> Accepted:
        from django.core.mail import EmailMessage, get_connection

        if outgoing.channel != Channel.EMAIL:
            raise DeliveryError(
                "Text messages need GOV.UK Notify: this site sends email by SMTP only.",
                retry=False,
            )
        message_id = f"<coappoint-{outgoing.reference}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"
        email = EmailMessage(
            subject=outgoing.subject,
            body=outgoing.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[outgoing.to],
            headers={"Message-ID": message_id},
            connection=get_connection("django.core.mail.backends.smtp.EmailBackend"),
        )
        for attachment in outgoing.attachments:
            email.attach(attachment.filename, attachment.content, attachment.content_type)
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as error:
            raise DeliveryError(
                f"The mail server refused the address: {error}", retry=False
            ) from error
        except smtplib.SMTPResponseException as error:
            raise DeliveryError(
                f"The mail server answered {error.smtp_code}: {error.smtp_error!r}",
                retry=error.smtp_code < 500,
            ) from error
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"The mail server did not answer: {error}", retry=True) from error
        return Accepted(provider_id=message_id, status=Status.SENT)

    def find(self, reference: str) -> Accepted | None:
        # A mail server cannot be asked what it took; a reply lost after the server took the
        # message is the one case where SMTP may deliver twice (docs/decisions/0012).
        return None

    def status_of(self, provider_id: str) -> str | None:
        return None


BACKENDS: dict[str, type[OutboxBackend] | type[GovukNotifyBackend] | type[SmtpBackend]] = {
    "outbox": OutboxBackend,
    "govuk": GovukNotifyBackend,
    "smtp": SmtpBackend,
}


def backend_name() -> str:
    name: str = getattr(settings, "COAPPOINT_NOTIFY_BACKEND", "outbox")
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"COAPPOINT_NOTIFY_BACKEND must be one of {sorted(BACKENDS)}, not {name!r}."
        )
    return name


def get_backend() -> Backend:
    """The backend named by the COAPPOINT_NOTIFY_BACKEND setting ("outbox" unless set)."""
    return BACKENDS[backend_name()]()


def is_keeping_only() -> bool:
    """True when messages stay in the outbox: a page must then never say they were sent."""
    return backend_name() == "outbox"
