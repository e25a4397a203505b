"""A message's body as stored: each personal sign-in link or code replaced by a numbered marker.

The stored body is what staff may read (shared/PRODUCT.md: no page shown to staff holds another
person's usable sign-in). The secrets wait beside it only until the message is sent, and are put
back into the body at that moment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coappoint.notify.withholding import find_withheld_spans

MARKER = "\u27e6secret:{}\u27e7"  # ⟦secret:0⟧: no person types these brackets
_MARKER = re.compile("\u27e6secret:(\\d+)\u27e7")


def mask(body: str, withheld: Sequence[str] = ()) -> tuple[str, list[str]]:
    """`body` with each withheld text, and any sign-in link, replaced by a marker; the secrets.

    The secrets come in the order of `withheld` (then any other sign-in link), whatever their
    order in the body: a resend gives new ones in that same order.
    """
    secrets = [text for text in withheld if text and text in body]
    masked, at = [], 0
    for start, end in find_withheld_spans(body, withheld):
        secret = body[start:end]
        if secret not in secrets:
            secrets.append(secret)
        masked += [body[at:start], MARKER.format(secrets.index(secret))]
        at = end
    masked.append(body[at:])
    return "".join(masked), secrets


def unmask(masked: str, secrets: Sequence[str]) -> str:
    """The body as sent: each marker replaced by its secret."""
    return _MARKER.sub(lambda match: secrets[int(match.group(1))], masked)


def shown(masked: str, *, marker: str) -> str:
    """The body as staff may read it: each marker replaced by `marker`."""
    return _MARKER.sub(marker, masked)


def count_secrets(masked: str) -> int:
    """How many different secrets the body needs (a resend must give as many new ones)."""
    return len({match.group(1) for match in _MARKER.finditer(masked)})
