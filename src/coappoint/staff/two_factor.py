"""What an authenticator app needs to be set up: a QR code drawn by segno, and the secret as
text for typing in by hand."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code (no script, no image file)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        border=4,
        light="#fff",
        svgclass="app-qr-code",
        title=_("QR code for your authenticator app"),
    )
    # segno escapes what it writes; the title is ours. Mark it as an image for assistive
    # technology, named by its title.
    label = escape(_("QR code for your authenticator app"))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return mark_safe(svg)  # noqa: S308


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, as authenticator apps ask for it."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
