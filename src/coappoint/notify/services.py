"""Sending a message to a person: the one door every email goes through."""

from __future__ import annotations

from collections.abc import Sequence

from coappoint.notify.backends import Attachment, Email, get_backend
from coappoint.organisations.models import Organisation

__all__ = ["Attachment", "send_email"]


def send_email(
    *,
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[Attachment] = (),
    organisation: Organisation | None,
    withheld: Sequence[str] = (),
) -> str:
    """Send one email through the configured backend and return its reference.

    The caller writes the audit row saying why it was sent (an invitation, a reminder): the
    outbox itself holds personal details and sign-in links, so it is not the audit trail.
    `withheld` names the parts of `body` that are the recipient's own sign-in link or code:
    they are sent, but the outbox page never shows them to staff (any sign-in link is withheld
    there anyway; an access code can only be found this way).
    """
    email = Email(
        to=to,
        subject=subject,
        body=body,
        attachments=tuple(attachments),
        organisation=organisation,
        withheld=tuple(withheld),
    )
    return get_backend().send(email)
