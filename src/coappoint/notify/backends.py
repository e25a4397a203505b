"""Where an email goes: the database outbox (the default) or GOV.UK Notify."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from coappoint.notify.models import OutboxMessage
from coappoint.notify.withholding import find_withheld_spans
from coappoint.organisations.models import Organisation


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email, such as an .ics calendar invitation."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Email:
    """One email to one person."""

    to: str
    subject: str
    body: str
    attachments: Sequence[Attachment]
    organisation: Organisation | None
    # Parts of `body` that are the recipient's own sign-in link or code: sent, never shown to staff.
    withheld: Sequence[str] = ()


class EmailBackend(Protocol):
    def send(self, email: Email) -> str:
        """Send `email` and return a reference to it (an outbox id, a Notify id)."""


class OutboxBackend:
    """Keeps every email in the database, so nothing leaves the machine."""

    def send(self, email: Email) -> str:
        message = OutboxMessage.objects.create(
            organisation=email.organisation,
            recipient=email.to,
            subject=email.subject,
            body=email.body,
            withheld_spans=[list(span) for span in find_withheld_spans(email.body, email.withheld)],
            attachments=[
                {
                    "filename": attachment.filename,
                    "content_type": attachment.content_type,
                    "content_base64": base64.b64encode(attachment.content).decode("ascii"),
                }
                for attachment in email.attachments
            ],
        )
        return f"outbox:{message.pk}"


class GovukNotifyBackend:
    """Sends through GOV.UK Notify with one template whose placeholders the email fills.

    The template (setting GOVUK_NOTIFY_EMAIL_TEMPLATE_ID) has the subject `((subject))` and the
    body `((body))` followed by `((attachment))`: Notify sends a file as a link to download it, so
    the first attachment goes there and an email without one leaves it empty.
    """

    def __init__(self) -> None:
        api_key = getattr(settings, "GOVUK_NOTIFY_API_KEY", "")
        self.template_id = getattr(settings, "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID", "")
        if not api_key or not self.template_id:
            raise ImproperlyConfigured(
                "COAPPOINT_NOTIFY_BACKEND is 'govuk' but GOVUK_NOTIFY_API_KEY or "
                "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID is not set."
            )
        # Imported here: only a service that really sends needs the client and its network.
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key)  # type: ignore[no-untyped-call]

    def send(self, email: Email) -> str:
        from notifications_python_client.utils import prepare_upload

        personalisation: dict[str, object] = {
            "subject": email.subject,
            "body": email.body,
            "attachment": "",
        }
        if email.attachments:
            first = email.attachments[0]
            personalisation["attachment"] = prepare_upload(  # type: ignore[no-untyped-call]
                io.BytesIO(first.content), filename=first.filename
            )
        response = self.client.send_email_notification(  # type: ignore[no-untyped-call]
            email_address=email.to,
            template_id=self.template_id,
            personalisation=personalisation,
        )
        return f"govuk:{response.get('id', '')}"


BACKENDS: dict[str, type[OutboxBackend] | type[GovukNotifyBackend]] = {
    "outbox": OutboxBackend,
    "govuk": GovukNotifyBackend,
}


def get_backend() -> EmailBackend:
    """The backend named by the COAPPOINT_NOTIFY_BACKEND setting ("outbox" unless set)."""
    name = getattr(settings, "COAPPOINT_NOTIFY_BACKEND", "outbox")
    try:
        return BACKENDS[name]()
    except KeyError:
        raise ImproperlyConfigured(
            f"COAPPOINT_NOTIFY_BACKEND must be one of {sorted(BACKENDS)}, not {name!r}."
        ) from None
