"""Helpers for staff account tests: the link in an email, a TOTP code as the app would show."""

from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from coappoint.notify.models import OutboxMessage


def link_in_email(recipient: str, path_part: str) -> str:
    """The newest link containing `path_part` emailed to `recipient`, as it was delivered.

    Read from what the outbox backend delivered (OutboxMessage), never from the message row,
    whose stored body has the personal link masked.
    """
    message = OutboxMessage.objects.filter(recipient=recipient).order_by("-id").first()
    assert message is not None, f"no email to {recipient}"
    found = re.search(rf"https?://\S*{re.escape(path_part)}\S*", message.body)
    assert found is not None, message.body
    return found.group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def code_from_secret(secret: str, *, steps_ahead: int = 0) -> str:
    """The six digits an authenticator app shows for the typed secret (spaces allowed).

    A code is accepted once per 30-second step; `steps_ahead=1` gives the next step's code,
    which the service still accepts (it allows one step of clock drift), for a second sign-in
    within the same half-minute.
    """
    plain = secret.replace(" ", "")
    counter = TOTP(b32decode(plain + "=" * (-len(plain) % 8)))
    counter.time = time.time() + 30 * steps_ahead
    return f"{counter.token():06d}"


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:
    settings.SITE_URL = "http://testserver"
