"""The address a request came from, seen through as many load balancers as we trust, and no more.

One function for everything that counts by address: django-axes calls it for the staff lockout
(settings.AXES_CLIENT_IP_CALLABLE) and signin for access-code guessing. X-Forwarded-For is a
list each proxy appends to, so only its last `PROXY_COUNT` entries were written by proxies we
run; anything to their left came from the client and could say anything.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# What REMOTE_ADDR is missing or unreadable becomes: every such request counts as one place.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 (a value to count by, not an address to bind)


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or with `PROXY_COUNT` proxies in front, the entry the
    outermost of them added to X-Forwarded-For.

    With no proxy configured the header is ignored, whatever it says. With proxies configured but
    fewer entries than proxies (a request that did not come through all of them), the direct
    peer's address is used: that can only lump people together, never let one choose their own.
    """
    peer = _read_address(str(request.META.get("REMOTE_ADDR", ""))) or UNKNOWN_ADDRESS
    proxies: int = settings.PROXY_COUNT
    if proxies <= 0:
        return peer
    forwarded = [
        entry.strip()
        for entry in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxies:
        return peer
    return _read_address(forwarded[-proxies]) or peer


def _read_address(text: str) -> str | None:
    """An IP address in its canonical form, allowing a port ("1.2.3.4:80", "[::1]:80")."""
    candidates = [text]
    if text.startswith("[") and "]" in text:
        candidates.append(text[1 : text.index("]")])
    elif text.count(":") == 1:
        candidates.append(text.split(":")[0])
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(address)
    return None
